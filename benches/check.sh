#!/usr/bin/env bash
# Whole-process time and peak memory of `loa check` on schedules of 1,000, 10,000 and 100,000
# announcements (benches/big_schedule.rs; every file decoded in full, a year of warnings looked
# for), beside the time Python's own TOML reader (tomllib) takes merely to parse the same file,
# in the same run. The ratio from one size to the next says whether `check` grows linearly.
# Usage: benches/check.sh [RUNS]   (default 3; the median and min–max are printed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
command -v python3 >/dev/null || { echo "needs python3 (3.11 or later, for tomllib)" >&2; exit 1; }
cargo build --release --quiet --bin loa --example big_schedule
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release"
mkdir -p target/bench
# Seconds and peak KB of one run of a command, from GNU time's format.
measure() {
    /usr/bin/time -f "%e %M" -o target/bench/time.txt "$@" >/dev/null 2>&1 || true
    cat target/bench/time.txt
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], a[NR]}'; }
printf '%-14s %-26s %-12s %-26s %s\n' "announcements" "loa check s (min–max)" "peak MiB" "tomllib parse s (min–max)" "ratio"
for n in 1000 10000 100000; do
    f="target/bench/check-$n.toml"
    [ -f "$f" ] || "$bin/examples/big_schedule" "$n" "$PWD/audio" > "$f"
    : > target/bench/loa.txt
    : > target/bench/py.txt
    mem=0
    for _ in $(seq "$runs"); do
        read -r s kb < <(measure "$bin/loa" check --config "$f")
        echo "$s" >> target/bench/loa.txt
        mem=$(( kb > mem ? kb : mem ))
        read -r s _ < <(measure python3 -c "import tomllib,sys; tomllib.load(open(sys.argv[1],'rb'))" "$f")
        echo "$s" >> target/bench/py.txt
    done
    read -r lm lmin lmax < <(median < target/bench/loa.txt)
    read -r pm pmin pmax < <(median < target/bench/py.txt)
    ratio=$(awk -v a="$lm" -v b="$pm" 'BEGIN { printf "%.2f×", (b > 0 ? a / b : 0) }')
    printf '%-14s %-26s %-12s %-26s %s\n' "$n" "$lm ($lmin–$lmax)" "$((mem / 1024))" "$pm ($pmin–$pmax)" "$ratio"
done
