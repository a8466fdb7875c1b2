#!/usr/bin/env bash
# Whole-process benchmarks of the daemon (`loa run`):
#   1. idle: wake-ups per second and CPU per minute over 60 s, and resident memory, with the next
#      broadcast hours away (goals: 0 wake-ups, < 1 ms CPU a minute, ≤ 12 MiB);
#   2. start error over 100 broadcasts (every 3 s, a 0.5 s tone): |started − scheduled| from the
#      history, and the true onset in the WAV output (median, p99, max; goal p99 ≤ 5 ms);
#      on PulseAudio too when a test server is running (scripts/pulse-server.sh);
#   3. 1,000 `status` requests over the socket (p50, p99, max; goal p99 < 5 ms).
#   4. command → first emergency sample, 20 times, while a broadcast plays (goal ≤ 100 ms).
# Usage: benches/daemon.sh [idle|start|status|emergency]   (default: all; "start" takes ~5 min)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin loa
loa=$PWD/target/release/loa
work=$(mktemp -d /tmp/loa-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
what=${1:-all}

[ -f target/bench/tone.wav ] || { mkdir -p target/bench; ffmpeg -hide_banner -loglevel error -y -f lavfi -i "aevalsrc=0.5*sin(2*PI*1000*t):s=48000:d=0.5:c=stereo" target/bench/tone.wav; }

start_daemon() { # NAME SCHEDULE-BODY OUTPUT → runs the daemon, sets $pid, $dir
    dir=$work/$1
    mkdir -p "$dir"
    printf '[station]\ntimezone = "UTC"\naudio_dir = "%s"\noutput = "%s"\nmax_delay = "10m"\n\n%s\n' \
        "$PWD/target/bench" "$3" "$2" > "$dir/s.toml"
    LOA_LOG=${LOA_LOG:-warn} "$loa" run --config "$dir/s.toml" --socket "$dir/sock" --state-dir "$dir/state" 2> "$dir/log" &
    pid=$!
    for _ in $(seq 1 100); do "$loa" status --socket "$dir/sock" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "daemon did not start:"; cat "$dir/log"; exit 1
}

switches() { # total context switches of all threads of $pid
    cat /proc/"$pid"/task/*/status | awk '/ctxt_switches/ {s += $2} END {print s}'
}
cputicks() { awk '{print $14 + $15}' /proc/"$pid"/stat; }

if [ "$what" = all ] || [ "$what" = idle ]; then
    echo "== idle (next broadcast hours away; 60 s)"
    later=$(date -u -d '+6 hours' +%H:%M:%S)
    start_daemon idle "[[announcement]]
id = \"later\"
files = [\"tone.wav\"]
at = \"$later\"" null
    sleep 5
    s0=$(switches); c0=$(cputicks)
    sleep 60
    s1=$(switches); c1=$(cputicks)
    hz=$(getconf CLK_TCK)
    awk -v s="$((s1 - s0))" -v c="$((c1 - c0))" -v hz="$hz" 'BEGIN {printf "wake-ups: %.2f per second (%d in 60 s); CPU: %.1f ms per minute\n", s / 60, s, c * 1000 / hz}'
    awk '/VmRSS/ {printf "resident memory: %.1f MiB\n", $2 / 1024}' /proc/"$pid"/status
    kill "$pid"; wait "$pid" || true
fi

if [ "$what" = all ] || [ "$what" = status ]; then
    echo "== 1,000 status requests"
    start_daemon status "[[announcement]]
id = \"a\"
files = [\"tone.wav\"]
cron = \"0 */5 * * * *\"" null
    python3 - "$dir/sock" <<'PY'
import socket, sys, time, json
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rwb')
lat = []
for _ in range(1000):
    t = time.perf_counter(); f.write(b'{"version":1,"request":"status"}\n'); f.flush()
    line = f.readline(); lat.append((time.perf_counter() - t) * 1000)
    assert json.loads(line)["response"] == "status"
lat.sort()
print(f"one connection: p50 {lat[500]:.2f} ms, p99 {lat[990]:.2f} ms, max {lat[-1]:.2f} ms")
lat = []
for _ in range(1000):
    t = time.perf_counter(); c = socket.socket(socket.AF_UNIX); c.connect(sys.argv[1])
    c.sendall(b'{"version":1,"request":"status"}\n'); c.makefile('rb').readline(); c.close()
    lat.append((time.perf_counter() - t) * 1000)
lat.sort()
print(f"a connection each: p50 {lat[500]:.2f} ms, p99 {lat[990]:.2f} ms, max {lat[-1]:.2f} ms")
PY
    kill "$pid"; wait "$pid" || true
fi

measure_starts() { # OUTPUT LABEL
    local out=$1 label=$2
    local rec="" recpid=""
    if [ "$label" = pulseaudio ]; then
        # Record the sink's monitor the whole time, and note which recorded frame is which instant.
        mkdir -p "$work/start-$label"
        rec=$work/start-$label/monitor.raw
        parec -d loa_test.monitor --raw --format=s16le --rate=48000 --channels=2 --latency-msec=10 > "$rec" &
        recpid=$!
        sleep 1
        python3 -c 'import os, sys, time; print(time.time(), os.path.getsize(sys.argv[1]) // 4)' "$rec" > "$work/start-$label/mark"
    fi
    start_daemon "start-$label" "[[announcement]]
id = \"tick\"
files = [\"tone.wav\"]
chime = false
cron = \"*/3 * * * * *\"" "$out"
    local n=0
    while [ "$n" -lt 100 ]; do
        sleep 5
        n=$("$loa" history --state-dir "$dir/state" --format json 2>/dev/null | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin) if r["outcome"] == "played"))')
    done
    kill "$pid"; wait "$pid" || true
    "$loa" history --state-dir "$dir/state" --format json | python3 -c '
import json, sys
from datetime import datetime
rows = [r for r in json.load(sys.stdin) if r["outcome"] == "played"][:100]
d = sorted(abs((datetime.fromisoformat(r["started"]) - datetime.fromisoformat(r["scheduled"])).total_seconds() * 1000) for r in rows)
print(f"'"$label"': {len(d)} broadcasts, |started - scheduled| per history: median {d[len(d)//2]:.2f} ms, p99 {d[int(len(d)*0.99)-1]:.2f} ms, max {d[-1]:.2f} ms")
'
    if [ -n "$rec" ]; then
        "$loa" history --state-dir "$dir/state" --format json > "$dir/h.json"
        python3 - "$rec" "$dir/mark" "$dir/h.json" <<'PY'
import json, sys, array
from datetime import datetime
a = array.array('h'); a.frombytes(open(sys.argv[1], 'rb').read())
t_mark, f_mark = map(float, open(sys.argv[2]).read().split())
rows = [r for r in json.load(open(sys.argv[3])) if r["outcome"] == "played"][:100]
errs = []
for r in rows:
    due = datetime.fromisoformat(r["scheduled"]).timestamp()
    f = int(f_mark + (due - t_mark - 0.1) * 48000)
    while f * 2 < len(a) and abs(a[f * 2]) < 300: f += 1
    errs.append(((f - f_mark) / 48000 + t_mark - due) * 1000)
errs.sort()
print(f"  onset in a recording of the sink's monitor (parec, 10 ms latency, one time mark): "
      f"median {errs[len(errs)//2]:+.1f} ms, min {errs[0]:+.1f}, max {errs[-1]:+.1f} ms "
      f"(spread {errs[-1] - errs[0]:.1f} ms)")
PY
        kill "$recpid" 2>/dev/null || true
    fi
    if [ -f "$dir/out.wav" ]; then
        "$loa" history --state-dir "$dir/state" --format json > "$dir/h.json"
        python3 - "$dir/out.wav" "$dir/log" "$dir/h.json" <<'PY'
import json, sys, wave, array
from datetime import datetime, timezone
w = wave.open(sys.argv[1]); a = array.array('h'); a.frombytes(w.readframes(w.getnframes()))
origin = int(open(sys.argv[2]).read().split("origin_unix_us=")[1].split()[0]) / 1e6
rows = [r for r in json.load(open(sys.argv[3])) if r["outcome"] == "played"][:100]
errs = []
for r in rows:
    due = datetime.fromisoformat(r["scheduled"]).timestamp()
    f = int((due - origin - 0.05) * 48000)
    while f * 2 < len(a) and abs(a[f * 2]) < 300: f += 1
    errs.append(abs((origin + f / 48000 - due) * 1000))
errs.sort()
print(f"  onset in the WAV: median {errs[len(errs)//2]:.2f} ms, p99 {errs[int(len(errs)*0.99)-1]:.2f} ms, max {errs[-1]:.2f} ms")
PY
    fi
}

if [ "$what" = all ] || [ "$what" = start ]; then
    echo "== start error over 100 broadcasts"
    LOA_LOG=info measure_starts "wav:$work/start-wav/out.wav" wav
    if [ -n "${PULSE_SERVER:-}" ]; then measure_starts default pulseaudio; fi
fi

if [ "$what" = all ] || [ "$what" = emergency ]; then
    echo "== command → first emergency sample (20 times, each over a broadcast that plays)"
    start_daemon emergency "[[announcement]]
id = \"long\"
files = [\"tone.wav\", \"tone.wav\", \"tone.wav\", \"tone.wav\", \"tone.wav\", \"tone.wav\", \"tone.wav\", \"tone.wav\"]
cron = \"0/10 * * * * *\"

[[emergency]]
id = \"e\"
files = [\"tone.wav\"]" "wav:$work/emergency/out.wav"
    for i in $(seq 1 20); do
        # Wait until the scheduled broadcast plays, then cut in.
        until "$loa" status --socket "$dir/sock" --json | python3 -c 'import json, sys; sys.exit((json.load(sys.stdin)["playing"] or {}).get("id") != "long")'; do sleep 0.2; done
        sleep 0.5
        s=$(date +%s%6N)
        "$loa" play e --emergency --socket "$dir/sock" > /dev/null
        echo "$s" >> "$dir/asked"
        sleep 2
    done
    kill "$pid"; wait "$pid" || true
    "$loa" history --state-dir "$dir/state" --format json | python3 -c '
import json, sys
from datetime import datetime
asked = [int(x) / 1e6 for x in open("'"$dir/asked"'").read().split()]
rows = [r for r in json.load(sys.stdin) if r["id"] == "e" and r["started"]]
d = sorted((datetime.fromisoformat(r["started"]).timestamp() - a) * 1000 for r, a in zip(rows, asked))
print(f"{len(d)} emergencies: command → first sample median {d[len(d)//2]:.1f} ms, max {d[-1]:.1f} ms")
'
fi
