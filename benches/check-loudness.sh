#!/usr/bin/env bash
# What the loudness measurement costs `loa check`: the example schedule (9 recordings, 1:21 of
# audio) checked with it and without it (LOA_NO_LOUDNESS=1: decoding every file to the end, as
# before), beside ffmpeg measuring the same files' loudness (`-af ebur128=peak=true`, one process
# per file, as a script would), in the same run. CPU seconds (user+sys) and wall seconds, medians
# with min–max of RUNS runs, each run timing REPS invocations in a row (GNU time counts in
# hundredths of a second; one `loa check` of the example takes a few of them).
# Usage: benches/check-loudness.sh [RUNS] [REPS]   (default 10 and 10)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
reps="${2:-10}"
command -v ffmpeg >/dev/null || { echo "needs ffmpeg" >&2; exit 1; }
cargo build --release --quiet --bin loa
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/loa"
mkdir -p target/bench
files=$(ls audio/*.mp3 audio/*.ogg)
# "wall cpu" of one invocation: REPS of them timed together, divided.
measure() {
    /usr/bin/time -f "%e %U %S" -o target/bench/time.txt \
        bash -c 'for _ in $(seq "$0"); do "$@" >/dev/null 2>&1 || true; done' "$reps" "$@" || true
    awk -v n="$reps" '{ printf "%.3f %.3f\n", $1 / n, ($2 + $3) / n }' target/bench/time.txt
}
ffmpeg_all() { for f in $files; do ffmpeg -hide_banner -nostats -i "$f" -af ebur128=peak=true -f null - 2>/dev/null; done; }
export -f ffmpeg_all
export files
median() { sort -n | awk '{a[NR]=$1} END {printf "%s (%s–%s)", a[int((NR+1)/2)], a[1], a[NR]}'; }
for what in with without ffmpeg; do : > "target/bench/$what.wall"; : > "target/bench/$what.cpu"; done
for _ in $(seq "$runs"); do
    read -r w c < <(measure "$bin" check --config config/schedule.toml)
    echo "$w" >> target/bench/with.wall; echo "$c" >> target/bench/with.cpu
    read -r w c < <(measure env LOA_NO_LOUDNESS=1 "$bin" check --config config/schedule.toml)
    echo "$w" >> target/bench/without.wall; echo "$c" >> target/bench/without.cpu
    read -r w c < <(measure bash -c ffmpeg_all)
    echo "$w" >> target/bench/ffmpeg.wall; echo "$c" >> target/bench/ffmpeg.cpu
done
printf '%-44s %-22s %s\n' "" "wall s (min–max)" "CPU s (min–max)"
printf '%-44s %-22s %s\n' "loa check, with loudness" "$(median < target/bench/with.wall)" "$(median < target/bench/with.cpu)"
printf '%-44s %-22s %s\n' "loa check, without (LOA_NO_LOUDNESS=1)" "$(median < target/bench/without.wall)" "$(median < target/bench/without.cpu)"
printf '%-44s %-22s %s\n' "ffmpeg -af ebur128, the same 9 files" "$(median < target/bench/ffmpeg.wall)" "$(median < target/bench/ffmpeg.cpu)"
m() { sort -n "target/bench/$1.cpu" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
awk -v a="$(m with)" -v b="$(m without)" -v f="$(m ffmpeg)" 'BEGIN {
    printf "CPU: with/without %.2f×; loa check with loudness / ffmpeg loudness alone %.2f×\n", a / b, a / f }'
