#!/usr/bin/env bash
# Builds loa's Debian packages into target/package/: scripts/package.sh [amd64|arm64|all]
# (default all). arm64 is cross-built (gcc-aarch64-linux-gnu, Debian multiarch's
# libasound2-dev:arm64, and a Rust standard library for aarch64: rustup's if it has the target,
# else Debian's libstd-rust-web-dev:arm64 with Debian's rustc) and then run under
# qemu-user-static: --version, `check` of the example, and `play` of a file to a WAV, compared
# with the amd64 build's WAV of the same file.
# Every step says what it does; cargo shows its progress. From cold, the release build takes a
# few minutes (on 2 cores); again, with nothing changed, the whole script takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/deps.sh
. scripts/deps.sh
which=${1:-all}
case "$which" in
amd64 | arm64 | qemu | all) ;;
*)
    echo "usage: scripts/package.sh [amd64|arm64|all]" >&2
    exit 2
    ;;
esac
out=target/package
step() { echo "== package.sh: $*" >&2; }
need pkg-config libasound2-dev dpkg-dev cmake
need_cargo_tool cargo-deb

# What the package holds besides the build: the example schedule as installed (its audio next
# to it, in /etc/loa/audio), the man pages and the shell completions, made from the CLI itself
# by src/bin/gen-docs.rs. It is built in the same release build as loa, which cargo deb then
# finds done (and qemu_run compares with), so that only gen-docs itself is compiled on top.
step "the example schedule as installed, into $out/etc"
rm -rf "${out:?}/etc" "${out:?}/docs"
mkdir -p "$out/etc"
sed 's|^audio_dir = "../audio" *#.*|audio_dir = "audio"              # /etc/loa/audio|' \
    config/schedule.toml >"$out/etc/schedule.toml"
grep -q '^audio_dir = "audio"' "$out/etc/schedule.toml"
step "building loa and gen-docs for this machine (cargo build --release; from cold, minutes)"
cargo build --release --bin loa --bin gen-docs
step "the man pages and shell completions, into $out/docs"
cargo run --quiet --release --bin gen-docs -- "$out/docs"

amd64() {
    step "the amd64 package (cargo deb; the build is already done)"
    cargo deb --output "$out/"
    ls "$out"/loa_*_amd64.deb
}

arm64() {
    local target=aarch64-unknown-linux-gnu
    step "the arm64 package: cross-building for $target (cargo deb, in target/cross; from cold, minutes)"
    [ "$(dpkg --print-foreign-architectures | grep -c arm64)" -gt 0 ] || dpkg --add-architecture arm64
    need gcc-aarch64-linux-gnu libc6-dev-arm64-cross libasound2-dev:arm64 qemu-user-static python3
    local rustc=rustc
    if ! rustup target list --installed 2>/dev/null | grep -q "$target"; then
        # No rustup target (it needs static.rust-lang.org): Debian's compiler and its aarch64
        # standard library.
        need rustc-web libstd-rust-web-dev:arm64
        rustc=/usr/bin/rustc
    fi
    RUSTC=$rustc \
        CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
        CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc \
        PKG_CONFIG_ALLOW_CROSS=1 \
        PKG_CONFIG_PATH=/usr/lib/aarch64-linux-gnu/pkgconfig \
        PKG_CONFIG_SYSROOT_DIR=/ \
        CARGO_TARGET_DIR=target/cross \
        cargo deb --target "$target" --output "$out/"
    ls "$out"/loa_*_arm64.deb
}

# Runs the arm64 package's binary under qemu beside the amd64 one.
qemu_run() {
    local deb arm amd tmp
    step "the arm64 binary under qemu beside the amd64 one"
    # shellcheck disable=SC2012 # names made by cargo deb: loa_VERSION_arm64.deb
    deb=$(ls -t "$out"/loa_*_arm64.deb | head -1)
    tmp=$(mktemp -d)
    dpkg-deb -x "$deb" "$tmp/arm64"
    arm="qemu-aarch64-static $tmp/arm64/usr/bin/loa"
    amd=target/release/loa
    [ -x "$amd" ] || cargo build --release --bin loa
    echo "== $(file -b "$tmp/arm64/usr/bin/loa" | cut -d, -f1-2)"
    echo "== loa --version (arm64 under qemu)"
    $arm --version
    echo "== loa check of the example (arm64 under qemu)"
    $arm check --config "$tmp/arm64/etc/loa/schedule.toml"
    echo "== loa play audio/ban-tin-sang.mp3 --output wav: (arm64 under qemu, then amd64)"
    $arm --config "$tmp/arm64/etc/loa/schedule.toml" --state-dir "$tmp/s1" --socket "$tmp/s1.sock" \
        --output "wav:$tmp/arm64.wav" play audio/ban-tin-sang.mp3
    $amd --config "$tmp/arm64/etc/loa/schedule.toml" --state-dir "$tmp/s2" --socket "$tmp/s2.sock" \
        --output "wav:$tmp/amd64.wav" play audio/ban-tin-sang.mp3
    # The WAV sink runs in real time, so the silence before and after differs by a few
    # milliseconds; the sound itself must be the same, sample for sample (to one step of
    # rounding).
    python3 - "$tmp/arm64.wav" "$tmp/amd64.wav" <<'PY'
import array, sys, wave
def sound(path):
    with wave.open(path) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, 48000), path
        a = array.array("h", w.readframes(w.getnframes()))
    loud = [i for i, x in enumerate(a) if abs(x) > 16]
    return a[loud[0] - loud[0] % 2 : loud[-1] + 2 - loud[-1] % 2]
arm, amd = sound(sys.argv[1]), sound(sys.argv[2])
n = min(len(arm), len(amd))
diff = max(abs(x - y) for x, y in zip(arm[:n], amd[:n]))
print(f"== the sound: arm64 {len(arm) // 2} frames, amd64 {len(amd) // 2} frames, "
      f"largest difference {diff} (of 32767)")
sys.exit(0 if len(arm) == len(amd) and diff <= 1 else 1)
PY
    rm -rf "$tmp"
}

case "$which" in
amd64) amd64 ;;
arm64) arm64 && qemu_run ;;
qemu) qemu_run ;;
all) amd64 && arm64 && qemu_run ;;
esac
step "done: $(cd "$out" && echo loa_*.deb)"
