#!/usr/bin/env bash
# Whole-system benchmarks of the provincial feed ([9/10]) on Debian's mosquitto over TLS (a CA
# made here with openssl), with a password file and the ACL docs/fleet.md gives, each beside a
# peer measured in the same run:
#   1. real: an emergency preset bulletin published to N (default 50) real `loa run` nodes
#      (output null), ROUNDS times: publish → the first sample, from each node's history
#      (`started`), goal p99 ≤ 300 ms; beside N bare `mosquitto_sub` on the same broker, each
#      round, sent the same bulletin on a topic of their own (the broker's own delivery to as
#      many subscribers: received, not played);
#   2. sim: the same bulletin to N (default 10,000) simulated nodes — loa's feed client and
#      bulletin check without audio, in one process (benches/fleet_nodes.rs) — publish → every
#      node decided, goal p99 ≤ 2 s; beside the same nodes only noting its arrival (no check, no
#      ack: the broker and the client alone);
#   3. idle: one `loa run` node idle for DUR seconds (default 600) with the defaults
#      (`status_every` 5 min, keepalive 60 s): bytes on the wire each way, IP and TCP headers
#      included (nftables counters), scaled to a day (goal ≤ 1 MB); wake-ups beside the same
#      station without `[fleet]` (goal: ≤ 1 per `status_every` beside the keepalives); peak RSS
#      (goal ≤ 16 MiB); beside `mosquitto_sub -k 60` on a broker of its own (the least an MQTT
#      client on TLS costs).
#   4. console: `loa fleet serve` ([16/17]) with N (default 10,000) simulated nodes' retained
#      statuses (benches/fleet_nodes.rs `statuses`, the shape a node publishes): catching up
#      with them from its start beside `mosquitto_sub` collecting the same retained topics; the
#      nodes API and pages timed, p50/p99 (goal p99 ≤ 1 s); every status changed at once → its
#      followers (SSE, as province.js) told of all, beside `mosquitto_sub` receiving them; RSS.
#   5. form: `real`'s bulletin sent from the province's console (POST /api/v1/fleet/send, as its
#      form does) instead of from the command line: publish → first sample on N (default 50)
#      real nodes, goal p99 ≤ 300 ms.
# Usage: benches/fleet.sh [real [N [ROUNDS]] | sim [N [ROUNDS]] | idle [DUR] | console [N] | form [N [ROUNDS]]]
#        (default: all). LOA_BENCH_METRICS=FILE: console appends its two times and their peers'
#        as `NAME VALUE` lines (scripts/bench's table).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need mosquitto mosquitto-clients openssl nftables ffmpeg python3
cargo build --release --quiet --bin loa
cargo bench --quiet --bench fleet_nodes --no-run 2>/dev/null
loa=$PWD/target/release/loa
nodes_bin() { cargo bench --quiet --bench fleet_nodes -- "$@"; }
work=$(mktemp -d /tmp/loa-fleet-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
    [ -n "${LOA_BENCH_KEEP:-}" ] && cp -r "$work" /tmp/loa-bench-kept
    kill $(jobs -p) 2>/dev/null || true
    nft delete table inet loabench 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
what=${1:-all}
# Each side holds one socket per node: the soft limit up to the hard one (20,000 here).
ulimit -n "$(ulimit -Hn)"
[ -f target/bench/tone.wav ] || { mkdir -p target/bench; ffmpeg -hide_banner -loglevel error -y -f lavfi -i "aevalsrc=0.5*sin(2*PI*1000*t):s=48000:d=0.5:c=stereo" target/bench/tone.wav; }

# The broker, its CA and its accounts (shared with scripts/soak.sh).
. scripts/broker.sh
broker_setup

node_pids=()
start_node() { # DIR PLACE PORT [no-fleet] → starts `loa run` in DIR, appends its pid
    local d=$1
    mkdir -p "$d"
    printf '[station]\ntimezone = "UTC"\naudio_dir = "%s"\noutput = "null"\n\n[[emergency]]\nid = "bao"\ntitle = "Cảnh báo bão"\nfiles = ["tone.wav"]\n' \
        "$PWD/target/bench" > "$d/s.toml"
    if [ "${4:-}" != no-fleet ]; then
        printf '\n[fleet]\nbroker = "mqtts://127.0.0.1:%s"\nnode = "%s"\nusername = "%s"\npassword_file = "%s"\nca_file = "%s"\ntrusted_keys = ["%s"]\n' \
            "$3" "$2" "$2" "$work/node.pw" "$work/ca.pem" "$trusted" >> "$d/s.toml"
    fi
    LOA_LOG=warn "$loa" run --config "$d/s.toml" --socket "$d/sock" --state-dir "$d/state" 2> "$d/log" &
    node_pids+=($!)
}
wait_sockets() { # DIR…
    for d in "$@"; do
        for _ in $(seq 1 200); do "$loa" status --socket "$d/sock" >/dev/null 2>&1 && continue 2; sleep 0.1; done
        echo "a node did not start:"; cat "$d/log"; exit 1
    done
}
stop_all() {
    kill "${node_pids[@]}" $broker_pid 2>/dev/null || true
    wait "${node_pids[@]}" $broker_pid 2>/dev/null || true
    node_pids=()
}

# `loa fleet serve` on the broker at $port, an operator `bench` → $serve_pid, $console (its URL).
start_console() {
    local st=$work/serve-$1 cport
    mkdir -p "$st"
    printf 'bench-password-1' | "$loa" --state-dir "$st" web user add bench --role operator --password-stdin >/dev/null
    cport=$(free_port)
    LOA_LOG=warn "$loa" --state-dir "$st" fleet serve --listen "127.0.0.1:$cport" --key "$work/tinh.key" \
        --db "$st/fleet.db" --broker "mqtts://127.0.0.1:$port" --username tinh --password-file "$work/tinh.pw" \
        --ca-file "$work/ca.pem" > "$st/out" 2> "$st/log" &
    serve_pid=$!
    console=https://127.0.0.1:$cport
    for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$cport") 2>/dev/null && return 0; sleep 0.1; done
    echo "loa fleet serve did not start:"; cat "$st/log"; exit 1
}
console_py() { python3 benches/fleet_console.py "$1" "$console" bench bench-password-1 "${@:2}"; }

for mode in real form; do
if [ "$what" = all ] || [ "$what" = "$mode" ]; then
    n=${2:-50}; rounds=${3:-5}
    [ "$what" = all ] && { n=50; rounds=5; }
    case $mode in
        real) echo "== real: emergency preset bulletin → first sample on $n \`loa run\` nodes, $rounds rounds" ;;
        form) echo "== form: the same bulletin sent from the province's console (POST /api/v1/fleet/send), $rounds rounds" ;;
    esac
    nodes_bin names real "$n" > "$work/real.txt"
    start_broker real "$work/real.txt"
    dirs=()
    i=0
    while read -r place; do
        start_node "$work/node$i" "$place" "$port"
        dirs+=("$work/node$i"); i=$((i + 1))
    done < "$work/real.txt"
    wait_sockets "${dirs[@]}"
    : > "$work/real.lat"; : > "$work/peer.lat"
    for r in $(seq 1 "$rounds"); do
        if [ "$mode" = form ]; then
            [ -n "${serve_pid:-}" ] || { start_console form; console_py wait "$n" 60 >/dev/null; }
            read -r t0 id < <(console_py send real bao)
        else
            read -r t0 id < <(nodes_bin publish "mqtts://127.0.0.1:$port" "$work/ca.pem" "$work/tinh.pw" "$work/tinh.key" real "$n" bao)
        fi
        python3 - "$t0" "$id" "$work/real.lat" "$loa" "${dirs[@]}" <<'EOF'
import json, subprocess, sys, time
from datetime import datetime
t0, bid, out, loa, dirs = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
lat = []
deadline = time.time() + 60
for d in dirs:
    while True:
        rows = json.loads(subprocess.run([loa, "history", "--state-dir", d + "/state", "--format", "json"],
                                         capture_output=True, text=True, check=True).stdout)
        row = next((r for r in rows if r.get("bulletin") == bid and r.get("ended")), None)
        if row:
            if not row.get("started"):
                sys.exit(f"{d}: the bulletin did not play: {row}")
            lat.append(datetime.fromisoformat(row["started"]).timestamp() * 1000 - t0)
            break
        if time.time() > deadline:
            sys.exit(f"{d}: no history row for {bid} in 60 s")
        time.sleep(0.2)
with open(out, "a") as f:
    f.writelines(f"{x:.1f}\n" for x in lat)
EOF
        # The peer: as many bare subscribers, the same broker, a topic of their own.
        peers=()
        for k in $(seq 1 "$n"); do
            stdbuf -oL mosquitto_sub -h 127.0.0.1 -p "$port" --cafile "$work/ca.pem" -u peer -P peer-secret \
                -t loa/v1/bulletin/peer -q 1 -C 1 -W 60 -F '%U' -d > "$work/peer.$r.$k" &
            peers+=($!)
        done
        # Every peer subscribed (the broker's SUBACK), as every node has when it says it is online.
        for k in $(seq 1 "$n"); do
            for _ in $(seq 1 300); do grep -q SUBACK "$work/peer.$r.$k" && continue 2; sleep 0.1; done
            echo "a mosquitto_sub did not subscribe"; exit 1
        done
        read -r t1 _ < <(nodes_bin publish "mqtts://127.0.0.1:$port" "$work/ca.pem" "$work/tinh.pw" "$work/tinh.key" peer 0 bao)
        wait "${peers[@]}"
        python3 - "$t1" "$work/peer.$r" "$work/peer.lat" <<'EOF'
import glob, re, sys
t1, peer_in, peer_out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(peer_out, "a") as g:
    for p in glob.glob(peer_in + ".*"):
        for l in open(p):
            if re.fullmatch(r"\d+\.\d+", l.strip()):
                g.write(f"{float(l) * 1000 - t1:.1f}\n")
EOF
    done
    python3 - "$work/real.lat" "$work/peer.lat" <<'EOF'
import math, sys
def stats(p):
    xs = sorted(float(l) for l in open(p) if l.strip())
    q = lambda f: xs[min(len(xs) - 1, max(0, math.ceil(len(xs) * f) - 1))]
    return len(xs), q(0.5), q(0.99), xs[-1]
n, a50, a99, amax = stats(sys.argv[1])
m, b50, b99, bmax = stats(sys.argv[2])
print(f"loa, publish → first sample ({n} broadcasts): p50 {a50:.0f} ms, p99 {a99:.0f} ms, max {amax:.0f} ms")
print(f"mosquitto_sub, publish → received ({m}):     p50 {b50:.0f} ms, p99 {b99:.0f} ms, max {bmax:.0f} ms")
print(f"ratio loa / bare subscriber: p50 {a50 / max(b50, 0.1):.1f}×, p99 {a99 / max(b99, 0.1):.1f}×")
EOF
    rss=$(for p in "${node_pids[@]}"; do awk '/VmHWM/ {print $2}' /proc/"$p"/status; done | sort -n | tail -1)
    awk -v k="$rss" 'BEGIN {printf "largest peak RSS of a node after playing: %.1f MiB\n", k / 1024}'
    [ -n "${serve_pid:-}" ] && { kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""; }
    stop_all
fi
done

if [ "$what" = all ] || [ "$what" = console ]; then
    n=${2:-10000}
    [ "$what" = all ] && n=10000
    echo "== console: \`loa fleet serve\` with $n simulated nodes' statuses"
    : > "$work/none.txt"
    start_broker console "$work/none.txt"
    sim() { nodes_bin statuses "mqtts://127.0.0.1:$port" "$work/ca.pem" "$work/sim.pw" sim "$n" "$1"; }
    sub() { mosquitto_sub -h 127.0.0.1 -p "$port" --cafile "$work/ca.pem" -u tinh -P tinh-secret -t 'loa/v1/status/sim/#' -q 1 "$@"; }
    now() { date +%s.%N; }
    since() { python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$1"; }
    sim 1
    t=$(now); sub --retained-only -C "$n" > /dev/null; peer=$(since "$t")
    t=$(now); start_console console
    console_py wait "$n" 300 > /dev/null; caught=$(since "$t")
    echo "catching up with $n retained statuses: loa fleet serve $caught s from its start; mosquitto_sub $peer s"
    catchup_peer=$peer
    console_py requests
    # Every node's status changes at once (a broker restarted, a new version everywhere).
    rm -f "$work/ready"
    console_py follow "$n" 2 "$work/ready" > "$work/follow.out" &
    follow=$!
    sub -R -C "$n" -d > "$work/sub2.out" &
    peer_sub=$!
    for _ in $(seq 1 300); do [ -s "$work/ready" ] && grep -q SUBACK "$work/sub2.out" && break; sleep 0.1; done
    t=$(now); echo "ready $t" > "$work/ready"
    sim 2
    wait "$peer_sub"; peer=$(since "$t")
    wait "$follow"; read -r told resyncs < "$work/follow.out"
    echo "every status changed at once: the console's followers told of all $n in $told s ($resyncs resyncs); mosquitto_sub received them in $peer s"
    [ -z "${LOA_BENCH_METRICS:-}" ] ||
        printf 'nodes.catchup.loa %s\nnodes.catchup.peer %s\nnodes.follow.loa %s\nnodes.follow.peer %s\n' \
            "$caught" "$catchup_peer" "$told" "$peer" >> "$LOA_BENCH_METRICS"
    awk '/VmHWM|VmRSS/ {printf "loa fleet serve %s %.0f MiB\n", $1, $2 / 1024}' /proc/"$serve_pid"/status
    kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
    # The same before anyone logs in (a password's check takes argon2's 19 MiB, two at once).
    start_console again
    sleep 5 # (its statuses in: it caught up in the seconds measured above)
    awk '/VmRSS/ {printf "loa fleet serve, its statuses in, before any login: %s %.0f MiB\n", $1, $2 / 1024}' /proc/"$serve_pid"/status
    kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
    stop_all
fi

if [ "$what" = all ] || [ "$what" = sim ]; then
    n=${2:-10000}; rounds=${3:-5}
    [ "$what" = all ] && { n=10000; rounds=5; }
    echo "== sim: emergency preset bulletin → decided on $n simulated nodes, $rounds rounds"
    nodes_bin names sim "$n" > "$work/sim.txt"
    start_broker sim "$work/sim.txt"
    nodes_bin fanout "mqtts://127.0.0.1:$port" "$work/ca.pem" "$work/node.pw" "$work/tinh.pw" "$work/tinh.key" sim "$n" "$rounds"
    echo "mosquitto peak RSS with $n TLS sessions: $(($(awk '/VmHWM/ {print $2}' /proc/$broker_pid/status) / 1024)) MiB"
    echo "-- the floor: the same nodes noting the bulletin's arrival only (no signature check, no ack)"
    nodes_bin fanout "mqtts://127.0.0.1:$port" "$work/ca.pem" "$work/node.pw" "$work/tinh.pw" "$work/tinh.key" sim "$n" "$rounds" bare
    stop_all
fi

if [ "$what" = all ] || [ "$what" = idle ]; then
    dur=${2:-600}
    [ "$what" = all ] && dur=600
    echo "== idle: one node for $dur s (status_every 5 min, keepalive 60 s)"
    echo idle/d00/c00/n00 > "$work/idle.txt"
    start_broker idle "$work/idle.txt"; idle_port=$port; idle_broker=$broker_pid
    : > "$work/none.txt"
    start_broker peer "$work/none.txt"; peer_port=$port
    nft -f - <<EOF
table inet loabench {
    chain out {
        type filter hook output priority 0;
        tcp dport $idle_port counter comment "to-broker"
        tcp sport $idle_port counter comment "from-broker"
        tcp dport $peer_port counter comment "peer-to-broker"
        tcp sport $peer_port counter comment "peer-from-broker"
    }
}
EOF
    counters() { nft list table inet loabench | awk '/counter/ {for (i = 1; i <= NF; i++) if ($i == "bytes") printf "%s ", $(i + 1)} END {print ""}'; }
    start_node "$work/idle" idle/d00/c00/n00 "$idle_port"; feed_pid=${node_pids[-1]}
    # The same node with the keepalive out of the way (an hour, longer than the run): what the
    # feed wakes for besides the keepalives.
    echo idle/d00/c00/n01 > "$work/quiet.txt"
    start_broker quiet "$work/quiet.txt"
    LOA_FAULT_KEEPALIVE_SECS=3600 start_node "$work/quiet" idle/d00/c00/n01 "$port"; quiet_pid=${node_pids[-1]}
    start_node "$work/plain" - - no-fleet; plain_pid=${node_pids[-1]}
    mosquitto_sub -h 127.0.0.1 -p "$peer_port" --cafile "$work/ca.pem" -u peer -P peer-secret \
        -t loa/v1/bulletin/idle -q 1 -k 60 >/dev/null &
    sub_pid=$!
    wait_sockets "$work/idle" "$work/plain" "$work/quiet"
    for d in idle quiet; do
        for _ in $(seq 1 100); do "$loa" status --socket "$work/$d/sock" --json | grep -q '"state": *"connected"' && continue 2; sleep 0.1; done
        echo "the $d node did not connect:"; cat "$work/$d/log"; exit 1
    done
    echo "connecting (TCP, TLS, CONNECT, 4 subscriptions, first status): loa $(counters | awk '{print $1 + $2}') bytes, mosquitto_sub $(counters | awk '{print $3 + $4}') bytes"
    switches() { cat /proc/"$1"/task/*/status | awk '/ctxt_switches/ {s += $2} END {print s}'; }
    c0=$(counters); f0=$(switches "$feed_pid"); p0=$(switches "$plain_pid"); s0=$(switches "$sub_pid"); q0=$(switches "$quiet_pid")
    sleep "$dur"
    c1=$(counters); f1=$(switches "$feed_pid"); p1=$(switches "$plain_pid"); s1=$(switches "$sub_pid"); q1=$(switches "$quiet_pid")
    python3 - "$dur" "$c0" "$c1" "$((f1 - f0))" "$((p1 - p0))" "$((s1 - s0))" "$((q1 - q0))" <<'EOF'
import sys
dur = float(sys.argv[1])
c0, c1 = [list(map(int, a.split())) for a in sys.argv[2:4]]
d = [b - a for a, b in zip(c0, c1)]
day = 86400 / dur
feed, plain, sub, quiet = map(int, sys.argv[4:8])
keepalives, statuses = dur / 60, dur / 300
print(f"loa node: {d[0]} bytes out, {d[1]} in over {dur:.0f} s → {(d[0] + d[1]) * day / 1e6:.2f} MB a day")
print(f"mosquitto_sub -k 60: {d[2]} out, {d[3]} in → {(d[2] + d[3]) * day / 1e6:.2f} MB a day; ratio {(d[0] + d[1]) / max(1, d[2] + d[3]):.2f}×")
print(f"wake-ups over {dur:.0f} s: loa with the feed {feed}, the same station without it {plain}, mosquitto_sub {sub}")
print(f"the feed's own: {feed - plain} over {keepalives:.0f} keepalives and {statuses:.0f} statuses")
print(f"without keepalives: {quiet - plain} = {(quiet - plain) / statuses:.1f} per status_every")
print(f"so each keepalive: {(feed - quiet) / keepalives:.1f}")
EOF
    for p in "$feed_pid" "$plain_pid"; do awk -v p="$p" '/VmHWM/ {printf "peak RSS (%s): %.1f MiB\n", p, $2 / 1024}' /proc/"$p"/status; done
    echo "(first: with the feed; second: without)"
    kill "$sub_pid" 2>/dev/null || true
    stop_all
fi
