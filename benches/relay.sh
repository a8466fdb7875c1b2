#!/usr/bin/env bash
# Whole-process benchmarks of relays ([8/10]), each beside a peer measured in the same run, on
# a local icecast2 fed by `ffmpeg -re` (a 1 kHz tone; the tests' setup):
#   1. start: window start → first live sample, in the WAV output, over 10 relays (goal ≤ 5 ms),
#      beside 10 file broadcasts of the same daemon (the gate they share) and beside what
#      `crontab + mpg123` gets: mpg123 started on the instant → its first decoded sample;
#   2. restart: the source killed for 3 s and started again, 5 times → sound back in the WAV,
#      counted from the moment the source is started again (goal ≤ 1 s after the server is up
#      again: this includes the source's own connection to icecast2); mpg123 on the same stream,
#      for comparison, ends when it drops;
#   3. cpu: CPU and peak resident memory while relaying DUR seconds (default 120) of MP3 128 kbit/s
#      and of AAC 96 kbit/s (44.1 kHz stereo → 48 kHz), beside `ffmpeg -i URL -f null -` and
#      `mpg123 -o dummy URL` on the same stream at the same time (goals: ≤ 0.5× their CPU,
#      ≤ 16 MiB).
# Usage: benches/relay.sh [start|restart|cpu] [DUR]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need icecast2 ffmpeg mpg123 python3 curl
cargo build --release --quiet --bin loa
loa=$PWD/target/release/loa
work=$(mktemp -d /tmp/loa-relay-bench.XXXXXX)
chmod 777 "$work"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
what=${1:-all}
dur=${2:-120}
hz=$(getconf CLK_TCK)

# A local icecast2 and an `ffmpeg -re` source for it (shared with scripts/faults.sh).
. scripts/icecast.sh
icecast_start

start_daemon() { # NAME BODY OUTPUT → $pid, $dir
    dir=$work/$1
    mkdir -p "$dir"
    printf '[station]\ntimezone = "UTC"\naudio_dir = "%s"\noutput = "%s"\nmax_delay = "10m"\nvolume = 100\n\n%s\n' \
        "$PWD/target/bench" "$3" "$2" > "$dir/s.toml"
    LOA_LOG=info "$loa" run --config "$dir/s.toml" --socket "$dir/sock" --state-dir "$dir/state" 2> "$dir/log" &
    pid=$!
    for _ in $(seq 1 100); do "$loa" status --socket "$dir/sock" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "daemon did not start:"; cat "$dir/log"; exit 1
}
[ -f target/bench/tone.wav ] || { mkdir -p target/bench; ffmpeg -hide_banner -loglevel error -y -f lavfi -i "aevalsrc=0.5*sin(2*PI*1000*t):s=48000:d=0.5:c=stereo" target/bench/tone.wav; }

# Onsets in the WAV: for each "KIND TIME" line of $dir/due, the first sample over 1 % of full
# scale from half a second before; prints the error statistics per kind.
onsets() {
    python3 - "$dir/out.wav" "$(grep -o 'origin_unix_us=[0-9]*' "$dir/log" | head -1 | cut -d= -f2)" "$dir/due" <<'PY'
import sys, wave, struct, statistics
path, origin, due = sys.argv[1], int(sys.argv[2]), sys.argv[3]
w = wave.open(path); n = w.getnframes(); raw = w.readframes(n)
left = struct.unpack('<%dh' % (2 * n), raw)[0::2]
res = {}
for line in open(due):
    kind, t = line.split(); t = int(t)
    f0 = max(0, (t - origin) * 48 // 1000 - 24000)
    for i in range(f0, min(n, f0 + 96000)):
        if abs(left[i]) > 328:
            res.setdefault(kind, []).append(abs(i / 48.0 - (t - origin) / 1000.0))
            break
for kind, errs in res.items():
    errs.sort()
    print("%s: %d windows; |first sample − instant|: median %.2f ms, max %.2f ms" % (kind, len(errs), statistics.median(errs), errs[-1]))
PY
}

if [ "$what" = all ] || [ "$what" = start ]; then
    echo "== start: window start → first live sample (10 relays, 10 files, WAV output)"
    source_start vov1.mp3 "${mp3_args[@]}"
    base=$(( $(date +%s) + 8 ))
    body=""
    : > "$work/due-list"
    for i in $(seq 0 9); do
        r=$((base + i * 8)); f=$((r + 4))
        body+="[[relay]]
id = \"r$i\"
streams = [\"http://127.0.0.1:$port/vov1.mp3\"]
at = \"$(date -u -d @$r +%H:%M:%S)\"
duration = \"3s\"
connect_ahead = \"4s\"
chime = \"off\"

[[announcement]]
id = \"f$i\"
files = [\"tone.wav\"]
at = \"$(date -u -d @$f +%H:%M:%S)\"

"
        echo "relay ${r}000000" >> "$work/due-list"
        echo "file ${f}000000" >> "$work/due-list"
    done
    start_daemon start "$body" "wav:$work/start/out.wav"
    cp "$work/due-list" "$dir/due"
    sleep $((base + 84 - $(date +%s)))
    kill "$pid"; wait "$pid" || true
    onsets
    # crontab + mpg123: started on the instant, its first decoded sample (no device latency).
    python3 - "http://127.0.0.1:$port/vov1.mp3" <<'PY'
import subprocess, sys, time, statistics
errs = []
for _ in range(10):
    t0 = time.monotonic()
    p = subprocess.Popen(["mpg123", "-q", "-s", sys.argv[1]], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.read(4)
    errs.append((time.monotonic() - t0) * 1000)
    p.kill(); p.wait()
errs.sort()
print("mpg123 started on the instant: first decoded sample after median %.1f ms, max %.1f ms" % (statistics.median(errs), errs[-1]))
PY
    kill "$src_pid" 2>/dev/null || true; wait "$src_pid" 2>/dev/null || true
fi

if [ "$what" = all ] || [ "$what" = restart ]; then
    echo "== restart: source killed for 3 s, started again → sound back (5 times)"
    source_start vov1.mp3 "${mp3_args[@]}"
    at=$(date -u -d '+6 seconds' +%H:%M:%S)
    start_daemon restart "[[relay]]
id = \"r\"
streams = [\"http://127.0.0.1:$port/vov1.mp3\"]
at = \"$at\"
duration = \"70s\"
connect_ahead = \"4s\"
chime = \"off\"" "wav:$work/restart/out.wav"
    mpg123 -q -o dummy "http://127.0.0.1:$port/vov1.mp3" 2>/dev/null & mpg=$!
    sleep 10
    : > "$dir/back"
    for i in 1 2 3 4 5; do
        kill "$src_pid"; wait "$src_pid" 2>/dev/null || true
        sleep 3
        echo "$(date +%s%6N)" >> "$dir/back"
        source_start vov1.mp3 "${mp3_args[@]}"
        sleep 8
    done
    mpg_state=$(kill -0 "$mpg" 2>/dev/null && echo "still running" || echo "had ended when the source first dropped")
    sleep 2
    kill "$pid"; wait "$pid" || true
    python3 - "$dir/out.wav" "$(grep -o 'origin_unix_us=[0-9]*' "$dir/log" | head -1 | cut -d= -f2)" "$dir/back" <<'PY'
import sys, wave, struct, statistics
path, origin, back = sys.argv[1], int(sys.argv[2]), sys.argv[3]
w = wave.open(path); n = w.getnframes(); raw = w.readframes(n)
left = struct.unpack('<%dh' % (2 * n), raw)[0::2]
res = []
for line in open(back):
    t = int(line)
    f0 = (t - origin) * 48 // 1000
    # the first 10 ms block loud again after the restart
    for i in range(f0, n - 480, 480):
        blk = left[i:i + 480]
        if (sum(x * x for x in blk) / 480) ** 0.5 > 3000:
            res.append((i - f0) / 48.0)
            break
res.sort()
print("sound back after the source is started again (ffmpeg connecting to icecast2 included): median %.0f ms, max %.0f ms (%d times)" % (statistics.median(res), res[-1], len(res)))
PY
    echo "mpg123 on the same stream: $mpg_state (it does not reconnect)"
    kill "$mpg" 2>/dev/null || true
    kill "$src_pid" 2>/dev/null || true; wait "$src_pid" 2>/dev/null || true
fi

measure() { # PID… → for each: CPU ms per minute over the run, peak RSS
    for p in "$@"; do
        awk '{print $14 + $15}' /proc/"$p"/stat
    done
}

if [ "$what" = all ] || [ "$what" = cpu ]; then
    for codec in mp3 aac; do
        echo "== cpu: relaying $dur s of $codec, beside ffmpeg and mpg123 on the same stream"
        if [ $codec = mp3 ]; then source_start live.$codec "${mp3_args[@]}"; else source_start live.$codec "${aac_args[@]}"; fi
        url="http://127.0.0.1:$port/live.$codec"
        "$loa" --output null play "$url" --for "$((dur + 5))s" 2> "$work/play-$codec.log" & lp=$!
        ffmpeg -hide_banner -loglevel error -i "$url" -f null - </dev/null & fp=$!
        peers=("$fp")
        if [ $codec = mp3 ]; then mpg123 -q -o dummy "$url" 2>/dev/null & mp=$!; peers+=("$mp"); fi
        sleep 3
        read -r -a c0 <<< "$(measure "$lp" "${peers[@]}" | tr '\n' ' ')"
        sleep "$dur"
        read -r -a c1 <<< "$(measure "$lp" "${peers[@]}" | tr '\n' ' ')"
        names=(loa ffmpeg mpg123)
        all=("$lp" "${peers[@]}")
        for i in "${!all[@]}"; do
            rss=$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' /proc/"${all[$i]}"/status)
            awk -v n="${names[$i]}" -v c="$(( ${c1[$i]} - ${c0[$i]} ))" -v hz="$hz" -v d="$dur" -v r="$rss" \
                'BEGIN {printf "  %-7s CPU %.0f ms per minute (%.2f %%), peak RSS %s MiB\n", n, c * 1000 / hz * 60 / d, c * 100 / hz / d, r}'
        done
        kill "$lp" "${peers[@]}" 2>/dev/null || true
        wait "$lp" 2>/dev/null || true
        kill "$src_pid" 2>/dev/null || true; wait "$src_pid" 2>/dev/null || true
    done
fi
