#!/usr/bin/env bash
# What each door costs when it is on ([17/17] item 1): the same `loa run` (release build, null
# output, one announcement due hours later) started side by side in five ways, measured at the
# same moments —
#   plain      neither feed nor console (the figure `scripts/bench idle` sets beside mpd);
#   console    with `[web]` (self-signed TLS, no client);
#   feed       with `[fleet]`, connected to a local mosquitto over TLS with the docs' ACL;
#   both       console and feed;
#   relaying   plain, relaying an MP3 stream (128 kbit/s, local icecast2) for the measurement;
# and `plain` again while it plays a file of the same codec (the cost of a relay is set beside
# that of playing). Reported: resident memory (VmRSS) at rest after 5 s, threads, wake-ups a
# second (context switches of every thread) over SECONDS; for the two that play, VmRSS and CPU
# while playing.
# Usage: benches/doors.sh [SECONDS]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need "${BUILD_PACKAGES[@]}" mosquitto mosquitto-clients openssl icecast2 ffmpeg curl python3
cargo build --release --quiet --bin loa
loa=$PWD/target/release/loa
secs=${1:-20}
work=$(mktemp -d /tmp/loa-doors-bench.XXXXXX)
chmod 777 "$work"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
. scripts/broker.sh
. scripts/icecast.sh
broker_setup
echo doors/d00/c00/n00 > "$work/nodes.txt"
start_broker feed "$work/nodes.txt"
broker_port=$port
icecast_start
source_start live.mp3 "${mp3_args[@]}"
stream="http://127.0.0.1:$port/live.mp3"
# A minute of MP3 of the same kind, for the file played beside the relay.
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "aevalsrc=0.5*sin(2*PI*1000*t)|0.5*sin(2*PI*1000*t):s=44100:d=60" \
    -c:a libmp3lame -b:a 128k "$work/a.mp3"

later=$(date -u -d '+6 hours' +%H:%M:%S)
declare -A pids
start() { # NAME EXTRA-TOML → pids[NAME]
    local d=$work/$1
    mkdir -p "$d"
    printf '[station]\ntimezone = "UTC"\naudio_dir = "%s"\noutput = "null"\n\n[[announcement]]\nid = "later"\nfiles = ["a.mp3"]\nat = "%s"\n\n%s\n' \
        "$work" "$later" "$2" > "$d/s.toml"
    LOA_LOG=warn "$loa" run --config "$d/s.toml" --socket "$d/sock" --state-dir "$d/state" 2> "$d/log" &
    pids[$1]=$!
}
web() { printf '[web]\nlisten = "127.0.0.1:%s"\ntls = "self-signed"\n' "$(free_port)"; }
fleet() {
    printf '[fleet]\nbroker = "mqtts://127.0.0.1:%s"\nnode = "doors/d00/c00/n00"\nusername = "doors/d00/c00/n00"\npassword_file = "%s"\nca_file = "%s"\ntrusted_keys = ["%s"]\n' \
        "$broker_port" "$work/node.pw" "$work/ca.pem" "$trusted"
}
start plain ""
start console "$(web)"
start feed "$(fleet)"
start both "$(web)
$(fleet)"
start relaying "[[relay]]
id = \"r\"
streams = [\"$stream\"]
at = \"$(date -u -d '+3 seconds' +%H:%M:%S)\"
duration = \"10m\"
connect_ahead = \"2s\"
chime = \"off\""
for n in plain console feed both relaying; do
    for _ in $(seq 1 200); do "$loa" status --socket "$work/$n/sock" >/dev/null 2>&1 && continue 2; sleep 0.05; done
    echo "$n did not start:"; cat "$work/$n/log"; exit 1
done
for n in feed both; do
    for _ in $(seq 1 100); do "$loa" status --socket "$work/$n/sock" --json | grep -q '"state": *"connected"' && continue 2; sleep 0.1; done
    echo "$n did not connect to the broker:"; cat "$work/$n/log"; exit 1
done
sleep 5
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/"$1"/status; }
threads() { awk '/Threads/ {print $2}' /proc/"$1"/status; }
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s += $2} END {print s + 0}'; }
cpu() { awk '{print $14 + $15}' /proc/"$1"/stat; }
hz=$(getconf CLK_TCK)
declare -A w0 r t c0
for n in plain console feed both relaying; do w0[$n]=$(switches "${pids[$n]}"); c0[$n]=$(cpu "${pids[$n]}"); done
sleep "$secs"
printf '%-10s %10s %8s %14s %16s\n' "" "VmRSS MiB" threads "wake-ups /s" "CPU ms a minute"
for n in plain console feed both relaying; do
    p=${pids[$n]}
    printf '%-10s %10s %8s %14s %16s\n' "$n" "$(rss "$p")" "$(threads "$p")" \
        "$(awk -v a="${w0[$n]}" -v b="$(switches "$p")" -v s="$secs" 'BEGIN {printf "%.2f", (b - a) / s}')" \
        "$(awk -v a="${c0[$n]}" -v b="$(cpu "$p")" -v s="$secs" -v hz="$hz" 'BEGIN {printf "%.0f", (b - a) * 1000 / hz * 60 / s}')"
done
# The plain daemon playing the file, for the relay's figure to stand beside.
"$loa" play "$work/a.mp3" --socket "$work/plain/sock" >/dev/null
sleep 3
a=$(cpu "${pids[plain]}")
sleep "$secs"
printf '%-10s %10s %8s %14s %16s\n' "plain, playing the MP3 file" "$(rss "${pids[plain]}")" "$(threads "${pids[plain]}")" "" \
    "$(awk -v a="$a" -v b="$(cpu "${pids[plain]}")" -v s="$secs" -v hz="$hz" 'BEGIN {printf "%.0f", (b - a) * 1000 / hz * 60 / s}')"
for n in plain console feed both relaying; do kill -TERM "${pids[$n]}"; done
for n in plain console feed both relaying; do wait "${pids[$n]}" || { echo "$n did not stop cleanly"; exit 1; }; done
