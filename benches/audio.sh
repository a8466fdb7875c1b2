#!/usr/bin/env bash
# Whole-process audio benchmarks of `loa play`, beside ffmpeg in the same run:
#   1. process start → first sample handed to the output, on `null` (goal ≤ 50 ms), 20 runs;
#   2. CPU to play a 10-minute MP3, Ogg and FLAC (44.1 kHz stereo), vs
#      `ffmpeg -i F -af aresample=48000:resampler=soxr -f null -` (goal ≤ 1.0×). ffmpeg runs flat
#      out; so does `examples/pipeline.rs`, loa's decoding and conversion without an output.
#      `loa play` on the `null` output runs in real time, as on a card, so beside it, at the
#      same time, runs the same ffmpeg command in real time (`-re`): work done in small bursts
#      costs more CPU than the same work done flat out, and the two compare like with like;
#   3. peak RSS of `loa play` on a 60-minute MP3 (goal ≤ 16 MiB), vs the same ffmpeg.
# (2) takes 30 minutes (one format after another), (3) an hour.
# Usage: benches/audio.sh [quick|cpu|rss]   quick: (1); cpu: (1) and (2); rss: (3); default: all.
# Needs ffmpeg and GNU time (apt-get install ffmpeg time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin loa
dir=target/bench
mkdir -p "$dir"
loa=$PWD/target/release/loa
printf '[station]\naudio_dir = "/"\noutput = "null"\n' > "$dir/null.toml"

make() { # NAME SECONDS CODEC...
    local out="$dir/$1" secs=$2; shift 2
    [ -f "$out" ] || ffmpeg -hide_banner -loglevel error -y -f lavfi \
        -i "anoisesrc=color=pink:amplitude=0.2:sample_rate=44100:duration=$secs,aformat=channel_layouts=stereo" \
        -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=$secs" \
        -filter_complex "[0][1]amix=inputs=2:normalize=0" "$@" "$out"
}
make ten.mp3 600 -c:a libmp3lame -b:a 128k
make ten.ogg 600 -c:a libvorbis -q:a 4
make ten.flac 600 -c:a flac
make hour.mp3 3600 -c:a libmp3lame -b:a 128k

measure() { # LABEL COMMAND... → "LABEL cpu (user+sys) seconds, max RSS"
    local label=$1; shift
    local t
    t=$(mktemp)
    /usr/bin/time -o "$t" -f '%U %S %M %e' "$@" >/dev/null 2>&1 || true
    awk -v l="$label" '{printf "%-40s cpu %7.2f s   max rss %7.1f MiB   wall %7.1f s\n", l, $1 + $2, $3 / 1024, $4}' "$t"
    rm -f "$t"
}

if [ "${1:-all}" != rss ]; then
    echo "== start → first sample (null output, 20 runs, ms)"
    for i in $(seq 1 20); do
        s=$(date +%s%6N)
        LOA_LOG=loa=debug "$loa" play audio/chime.ogg --config "$dir/null.toml" 2>&1 \
            | grep -o 'first_sample_unix_us=[0-9]*' | cut -d= -f2 | awk -v s="$s" '{print ($1 - s) / 1000}'
    done | sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms, max %.1f ms\n", a[int((NR+1)/2)], a[NR]}'
fi

if [ "${1:-all}" = cpu ] || [ "${1:-all}" = all ]; then
    echo "== CPU, 10 minutes of audio"
    cargo build --release --quiet --example pipeline
    soxr=(-af aresample=48000:resampler=soxr -f null -)
    for f in ten.mp3 ten.ogg ten.flac; do
        measure "ffmpeg $f, flat out" ffmpeg -hide_banner -nostdin -i "$dir/$f" "${soxr[@]}"
        measure "loa decode+convert $f, flat out" target/release/examples/pipeline "$dir/$f"
    done
    for f in ten.mp3 ten.ogg ten.flac; do
        measure "ffmpeg -re $f, real time" ffmpeg -hide_banner -nostdin -re -i "$dir/$f" "${soxr[@]}" &
        measure "loa play $f (null), real time" "$loa" play "$dir/$f" --config "$dir/null.toml"
        wait
    done
fi

if [ "${1:-all}" = rss ] || [ "${1:-all}" = all ]; then
    echo "== peak RSS, 60 minutes of MP3"
    measure "ffmpeg hour.mp3" ffmpeg -hide_banner -nostdin -i "$dir/hour.mp3" -af aresample=48000:resampler=soxr -f null -
    measure "loa play hour.mp3 (null)" "$loa" play "$dir/hour.mp3" --config "$dir/null.toml"
fi
