#!/usr/bin/env bash
# The arm64 build (Raspberry Pi OS 64-bit), from scripts/package.sh's package, beside amd64:
#   1. the size of /usr/bin/loa in each package (stripped by cargo-deb), and of each .deb;
#   2. the CPU (user + system) of playing one minute of MP3 (44.1 kHz stereo, 128 kb/s, resampled
#      to 48 kHz) to the null output — real time, so a minute of wall time each — by the amd64
#      binary natively and by the arm64 binary under qemu-user-static on this machine. qemu's
#      figure is an emulation's, not a Pi's: it bounds the work, and the ratio says what the
#      emulation costs; a Pi 4 runs native arm64 code.
# Usage: benches/arm64.sh   (builds the packages first when they are missing)
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/package
ls "$out"/loa_*_arm64.deb >/dev/null 2>&1 || scripts/package.sh all
ls "$out"/loa_*_amd64.deb >/dev/null 2>&1 || scripts/package.sh amd64
work=$(mktemp -d /tmp/loa-arm64.XXXXXX)
trap 'rm -rf "$work"' EXIT
for arch in amd64 arm64; do
    dpkg-deb -x "$(ls -t "$out"/loa_*_"$arch".deb | head -1)" "$work/$arch"
done
mkdir -p target/bench
mp3=target/bench/minute.mp3
[ -f "$mp3" ] || ffmpeg -hide_banner -loglevel error -y -f lavfi \
    -i "aevalsrc=0.4*sin(2*PI*440*t)|0.4*sin(2*PI*660*t):s=44100:d=60:c=stereo" \
    -c:a libmp3lame -b:a 128k "$mp3"
printf '[station]\naudio_dir = "/"\n' >"$work/s.toml"

echo "== sizes (bytes)"
for arch in amd64 arm64; do
    printf '%-6s /usr/bin/loa %10d   .deb %10d\n' "$arch" \
        "$(stat -c %s "$work/$arch/usr/bin/loa")" \
        "$(stat -c %s "$(ls -t "$out"/loa_*_"$arch".deb | head -1)")"
done

cpu() { # LABEL COMMAND... → prints user+sys seconds
    local t label=$1
    shift
    /usr/bin/time -o "$work/time" -f "%U %S %M %e" "$@" --config "$work/s.toml" \
        --state-dir "$work/st" --socket "$work/none.sock" --output null play "$PWD/$mp3" \
        >/dev/null 2>&1
    t=$(tail -1 "$work/time")
    awk -v l="$label" '{ printf "%-22s CPU %6.2f s for 60 s of audio (%.2f%% of a core), max RSS %d KiB, wall %.1f s\n", l, $1 + $2, ($1 + $2) / $4 * 100, $3, $4 }' <<<"$t"
}
echo "== one minute of MP3 to the null output"
cpu "amd64 (native)" "$work/amd64/usr/bin/loa"
cpu "arm64 (qemu-user)" qemu-aarch64-static "$work/arm64/usr/bin/loa"
