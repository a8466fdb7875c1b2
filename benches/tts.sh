#!/usr/bin/env bash
# Text to speech through loa beside espeak-ng run directly (spec §13, issue 24): the same
# ~2,000-word notice (benches/tts_read.rs's paragraph, repeated) rendered to a WAV by
# `espeak-ng -v vi -w OUT -f NOTICE` and by `loa tts "$(cat NOTICE)" --out OUT` (loa: normalise
# the Vietnamese, run espeak-ng, decode the WAV to its end before keeping it), interleaved in the
# same run; then the cached re-render, `loa check` of a schedule that reads the notice, once it
# has rendered it (the cache is hit, nothing is rendered) beside the same schedule without text.
# Usage: benches/tts.sh [RUNS]   (default 5; the median and min–max are printed)
# LOA_BENCH_METRICS=FILE appends each run's seconds as `tts.loa S` and `tts.espeak S` lines (for
# scripts/bench's table).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
command -v espeak-ng >/dev/null || { echo "needs espeak-ng (apt-get install espeak-ng)" >&2; exit 1; }
cargo build --release --quiet --bin loa
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release"
work=target/bench/tts
rm -rf "$work"; mkdir -p "$work/state"
# The benchmark's paragraph, repeated to 2,000 words.
python3 - "$work/notice.txt" <<'PY'
import re, sys
src = open("benches/tts_read.rs", encoding="utf-8").read()
m = re.search(r'const PARAGRAPH: &str = "(.*?)";', src, re.S)
para = m.group(1).replace("\\\n", "").replace("\\n", "\n")
text = ""
while len(text.split()) < 2000:
    text += para
open(sys.argv[1], "w", encoding="utf-8").write(text)
PY
words=$(wc -w < "$work/notice.txt")
seconds() { /usr/bin/time -f "%e" -o "$work/time.txt" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; cat "$work/time.txt"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], a[NR]}'; }
: > "$work/espeak.txt"; : > "$work/loa.txt"
for _ in $(seq "$runs"); do
    seconds espeak-ng -v vi -w "$work/espeak.wav" -f "$work/notice.txt" >> "$work/espeak.txt"
    seconds "$bin/loa" tts "$(cat "$work/notice.txt")" --out "$work/loa.wav" >> "$work/loa.txt"
done
[ -z "${LOA_BENCH_METRICS:-}" ] ||
    { sed 's/^/tts.espeak /' "$work/espeak.txt"; sed 's/^/tts.loa /' "$work/loa.txt"; } >> "$LOA_BENCH_METRICS"
read -r em emin emax < <(median < "$work/espeak.txt")
read -r lm lmin lmax < <(median < "$work/loa.txt")
# The cache: a schedule reading the notice, checked once (rendered), then again (found).
audio="$PWD/audio"
with="$work/with-text.toml"; without="$work/without-text.toml"
printf '[station]\ntimezone = "UTC"\naudio_dir = "%s"\noutput = "null"\n\n[[announcement]]\nid = "a"\ntext_file = "notice.txt"\nat = "03:00"\n' "$audio" > "$with"
printf '[station]\ntimezone = "UTC"\naudio_dir = "%s"\noutput = "null"\n\n[[announcement]]\nid = "a"\nfiles = ["ban-tin-sang.mp3"]\nat = "03:00"\n' "$audio" > "$without"
export LOA_NO_LOUDNESS=1
first=$(seconds "$bin/loa" --state-dir "$work/state" check --config "$with")
: > "$work/cached.txt"; : > "$work/plain.txt"
for _ in $(seq "$runs"); do
    seconds "$bin/loa" --state-dir "$work/state" check --config "$with" >> "$work/cached.txt"
    seconds "$bin/loa" --state-dir "$work/state" check --config "$without" >> "$work/plain.txt"
done
read -r cm cmin cmax < <(median < "$work/cached.txt")
read -r pm pmin pmax < <(median < "$work/plain.txt")
speech=$(python3 -c "import wave,sys; w=wave.open(sys.argv[1]); print(round(w.getnframes()/w.getframerate()))" "$work/loa.wav")
echo "notice: $words words, $speech s of speech"
printf '%-44s %-22s %s\n' "" "s, median (min–max)" "ratio"
printf '%-44s %-22s\n' "espeak-ng -v vi -w (direct)" "$em ($emin–$emax)"
printf '%-44s %-22s %s\n' "loa tts --out (normalise, render, decode)" "$lm ($lmin–$lmax)" "$(awk -v a="$lm" -v b="$em" 'BEGIN { printf "%.2f×", a / b }')"
printf '%-44s %-22s\n' "loa check, first (renders)" "$first"
printf '%-44s %-22s\n' "loa check, again (cache hit)" "$cm ($cmin–$cmax)"
printf '%-44s %-22s %s\n' "loa check, same schedule without text" "$pm ($pmin–$pmax)" "cached − plain: $(awk -v a="$cm" -v b="$pm" 'BEGIN { printf "%.2f s", a - b }')"
