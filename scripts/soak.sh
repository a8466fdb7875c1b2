#!/usr/bin/env bash
# Soak ([10/10] step 4): the real `loa run` (release build, null output) for MINUTES of real time
# (default 30) on a schedule with a broadcast every EVERY seconds (default 5; a 1 s tone), while
#   - `loa status` is asked every second (each must answer),
#   - the feed is connected to Debian's mosquitto over TLS with the docs' ACL (scripts/broker.sh),
#     its status sent every 30 s, and the province collects every history row
#     (`loa fleet collect`),
#   - every 5 minutes the province sends an emergency preset bulletin (`loa fleet send`),
#   - the console is on (`[web]`, TLS) and used as its officers use it (scripts/soak_console.py):
#     20 sessions hold the Now page's server-sent events open, a page is loaded every second, a
#     recording is uploaded every 5 minutes and a 2-minute live broadcast is spoken from the
#     console every 10 minutes (from 2.5 min; the bulletins fall between them).
# Every 10 s the daemon's resident memory, open file descriptors and threads are sampled. At the
# end, after a clean stop:
#   - accounting: every occurrence of the schedule between the start and the stop has exactly one
#     history row — played, or interrupted by a bulletin — and no other (ticks due during a live
#     broadcast wait for it and play after); every bulletin sent has its row, played; every live
#     broadcast one row, played for its two minutes; the province's collected file holds the same
#     rows as the node's history;
#   - the console: no events stream dropped, each saw every live broadcast go on air, every page
#     loaded whole, every upload kept in the audio directory;
#   - flat: after a warm-up (the first 5 minutes, or the first sixth of a shorter run: caches,
#     the allocator's arenas and the runtime's threads settle), the peaks of the second half are
#     those of the first: file descriptors and threads within 2, resident memory within 1 MiB (a
#     leak grows all along); and once the console's load has ended, the daemon holds the file
#     descriptors it held before it began, within 2.
# SOAK_LIVE="75 600 30" SOAK_UPLOAD="20 300" scripts/soak.sh 3 is a short trial of the whole.
# The samples go to OUT/soak.csv and a plot to OUT/soak.svg (OUT: $SOAK_OUT, default
# target/soak); docs/soak.svg is the plot of the run docs/reliability.md reports.
# Usage: scripts/soak.sh [MINUTES [EVERY]]
# SOAK_LIVE="FIRST EVERY SECONDS" and SOAK_UPLOAD="FIRST EVERY" change the console's plan.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
need "${BUILD_PACKAGES[@]}" ffmpeg python3 mosquitto mosquitto-clients openssl
cargo build --release --quiet --bin loa
loa=$PWD/target/release/loa
minutes=${1:-30}
every=${2:-5}
out=${SOAK_OUT:-target/soak}
mkdir -p "$out"
work=$(mktemp -d /tmp/loa-soak.XXXXXX)
chmod 755 "$work"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
. scripts/broker.sh
broker_setup
node=soak/d00/c00/n00
echo "$node" > "$work/nodes.txt"
start_broker broker "$work/nodes.txt"

d=$work/node
mkdir -p "$d/audio"
webport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ffmpeg -hide_banner -loglevel error -f lavfi -i "aevalsrc=0.5*sin(2*PI*440*t):s=48000:d=1:c=stereo" "$d/audio/tone.wav"
ffmpeg -hide_banner -loglevel error -f lavfi -i "aevalsrc=0.5*sin(2*PI*880*t):s=48000:d=1:c=stereo" "$d/audio/bao.wav"
cat > "$d/s.toml" <<EOF
[station]
timezone = "UTC"
audio_dir = "audio"
output = "null"
max_delay = "10m"

[[announcement]]
id = "tick"
files = ["tone.wav"]
chime = false
cron = "*/$every * * * * *"

[[emergency]]
id = "bao"
title = "Cảnh báo bão"
files = ["bao.wav"]

[fleet]
broker = "mqtts://127.0.0.1:$port"
node = "$node"
username = "$node"
password_file = "$work/node.pw"
ca_file = "$work/ca.pem"
trusted_keys = ["$trusted"]
status_every = "30s"

[web]
listen = "127.0.0.1:$webport"
EOF
printf 'mật khẩu đài loa 1' > "$work/lan.pw"
"$loa" web user add lan --role operator --password-stdin --state-dir "$d/state" < "$work/lan.pw" >/dev/null
province=(--broker "mqtts://127.0.0.1:$port" --username tinh --password-file "$work/tinh.pw" --ca-file "$work/ca.pem")
# The collector's session exists before the node sends (rows wait for it at the broker).
"$loa" fleet collect --db "$work/province.db" "${province[@]}" 2> "$work/collect.log" &
collector=$!

first=$(date +%s.%N)
LOA_LOG=warn "$loa" run --config "$d/s.toml" --socket "$d/sock" --state-dir "$d/state" 2> "$d/log" &
pid=$!
for _ in $(seq 1 200); do "$loa" status --socket "$d/sock" >/dev/null 2>&1 && break; sleep 0.05; done
for _ in $(seq 1 200); do [ -s "$d/state/web.crt" ] && break; sleep 0.05; done
fds_before=$(find /proc/"$pid"/fd -mindepth 1 -maxdepth 1 | wc -l)
# shellcheck disable=SC2086 # the plans are lists of numbers
python3 scripts/soak_console.py "127.0.0.1:$webport" "localhost:$webport" "$d/state/web.crt" lan "$work/lan.pw" \
    $((minutes * 60 - 15)) "$work/console.json" ${SOAK_LIVE:-150 600 120} ${SOAK_UPLOAD:-30 300} > "$work/console.out" 2>&1 &
driver=$!
echo "== soak: $minutes min, a broadcast every $every s, status every second, the feed connected, the console used (pid $pid)"

echo "seconds,rss_kib,fds,threads,feed" > "$out/soak.csv"
: > "$work/sent"
end=$(($(date +%s) + minutes * 60))
t0=$(date +%s)
failed=0
next_sample=$t0
next_send=$((t0 + 60))
while [ "$(date +%s)" -lt "$end" ]; do
    now=$(date +%s)
    if ! status=$("$loa" status --json --socket "$d/sock" 2>&1); then
        failed=$((failed + 1)); echo "status did not answer: $status"
    fi
    if [ "$now" -ge "$next_sample" ]; then
        feed=$(printf '%s' "$status" | python3 -c 'import json,sys; print((json.load(sys.stdin).get("feed") or {}).get("state"))' 2>/dev/null || echo none)
        rss=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status)
        threads=$(awk '/Threads/ {print $2}' /proc/"$pid"/status)
        fds=$(find /proc/"$pid"/fd -mindepth 1 -maxdepth 1 | wc -l)
        echo "$((now - t0)),$rss,$fds,$threads,$feed" >> "$out/soak.csv"
        next_sample=$((next_sample + 10))
        [ $(((now - t0) % 300)) -lt 10 ] && echo "$((now - t0)) s: rss ${rss} KiB, $fds fds, $threads threads, feed $feed"
    fi
    # A bulletin every 5 minutes, between two ticks (each broadcast lasts 1 s).
    if [ "$now" -ge "$next_send" ] && [ $((now % every)) -eq $((every / 2)) ]; then
        if "$loa" fleet send --to soak --level emergency --preset bao --title "soak $now" --key "$work/tinh.key" "${province[@]}" > "$work/send.out" 2>&1; then
            grep -oE '[a-z]+-[0-9TZ]+-[0-9a-f]{6}' "$work/send.out" | head -1 >> "$work/sent"
        else
            echo "loa fleet send failed:"; cat "$work/send.out"; failed=$((failed + 1))
        fi
        next_send=$((now + 300))
    fi
    sleep 1
done
wait "$driver" || { echo "the console's driver failed:"; cat "$work/console.out"; exit 1; }
sleep 2 # the console's last connections close
fds_after=$(find /proc/"$pid"/fd -mindepth 1 -maxdepth 1 | wc -l)
last=$(date +%s.%N)
kill -TERM "$pid"; wait "$pid" || { echo "the daemon did not stop cleanly"; tail -20 "$d/log"; exit 1; }
"$loa" history --state-dir "$d/state" --format json > "$work/history.json"
# The collector has every row once none came for a few seconds.
kill "$collector" 2>/dev/null; wait "$collector" 2>/dev/null || true
"$loa" fleet collect --db "$work/province.db" --idle 5s "${province[@]}" 2>> "$work/collect.log"
"$loa" history --db "$work/province.db" --format json > "$work/province.json"

python3 - "$work/history.json" "$work/province.json" "$work/sent" "$first" "$last" "$every" "$out/soak.csv" "$out/soak.svg" "$failed" "$d/state" "$work/console.json" "$d/audio" "${SOAK_LIVE:-150 600 120}" "$fds_before" "$fds_after" <<'EOF'
import collections, csv, glob, json, os, sqlite3, statistics, sys
from datetime import datetime, timezone
hist, prov, sent, first, last, every, csvp, svgp, failed, state, conp, audio, liveplan, fds_before, fds_after = sys.argv[1:]
first, last, every, failed = float(first), float(last), int(every), int(failed)
rows = json.load(open(hist))
problems = []
ticks = collections.defaultdict(list)
for r in rows:
    if r["id"] == "tick":
        ticks[datetime.fromisoformat(r["scheduled"]).timestamp()].append(r)
t = (int(first) // every + 2) * every
missing, due = [], 0
while t < last - every:
    due += 1
    rs = ticks.get(t, [])
    if len(rs) != 1:
        missing.append((datetime.fromtimestamp(t, timezone.utc).strftime("%H:%M:%S"), [r["outcome"] for r in rs]))
    t += every
for rs in ticks.values():
    for r in rs:
        if r["outcome"] not in ("played", "interrupted"):
            problems.append(f"tick at {r['scheduled']}: {r['outcome']}")
outcomes = collections.Counter(r["outcome"] for rs in ticks.values() for r in rs)
if missing:
    problems.append(f"{len(missing)} occurrences without exactly one row: {missing[:10]}")
bulletins = [l.strip() for l in open(sent) if l.strip()]
played = {r.get("bulletin") for r in rows if r.get("bulletin") and r["outcome"] == "played"}
for b in bulletins:
    if b not in played:
        problems.append(f"bulletin {b}: no played row")
# What the province does not have yet waits in the node's outbox (a row closed as the daemon
# stopped leaves with the next start).
waiting = sum(sqlite3.connect(db).execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
              for db in glob.glob(state + "/*.sqlite") + glob.glob(state + "/*.db"))
key = lambda r: (r["id"], r.get("scheduled"), r.get("started"), r["outcome"])
theirs = json.load(open(prov))
if not set(map(key, theirs)) <= set(map(key, rows)) or len(theirs) + waiting != len(rows):
    problems.append(f"the province collected {len(theirs)} rows, {waiting} wait in the outbox, the node has {len(rows)}")
print(f"{due} occurrences due: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
      + f"; {len(bulletins)} bulletins, {len(played)} played; the province holds {len(theirs)} of the node's {len(rows)} rows, {waiting} in its outbox")
if failed:
    problems.append(f"{failed} status requests or sends failed")

# The console.
con = json.load(open(conp))
live_len = float(liveplan.split()[2])
spoken = [l for l in con["lives"] if l["ok"]]
problems += [f"live at {l['at']} s: {l['words']} {l['states']}" for l in con["lives"] if not l["ok"]]
live_rows = [r for r in rows if r.get("source") == "live"]
if len(live_rows) != len(con["lives"]):
    problems.append(f"{len(con['lives'])} live broadcasts spoken, {len(live_rows)} live rows")
problems += [f"live row {r['started']}: {r['outcome']}, {r.get('played_seconds')} s"
             for r in live_rows if r["outcome"] != "played" or (r.get("played_seconds") or 0) < live_len - 1]
st = con["streams"]
ev = [s["events"] for s in st]
aired = ", ".join(f"{r.get('played_seconds')} s" for r in live_rows)
print(f"console: {len(st)} sessions followed the events for the whole run: {min(ev)}–{max(ev)} status events each, "
      f"{sum(len(s['ends']) for s in st)} streams ended early; {len(spoken)} of {len(con['lives'])} live broadcasts "
      f"played ({aired}), seen on air by {sum(1 for s in st if len(s['lives_seen']) == len(spoken))} of {len(st)} sessions")
problems += [f"session {i}: its events ended: {s['ends'][:3]}" for i, s in enumerate(st) if s["ends"]]
problems += [f"session {i} saw {len(s['lives_seen'])} live broadcasts go on air (at {s['lives_seen']} s), not {len(spoken)}"
             for i, s in enumerate(st) if len(s["lives_seen"]) != len(spoken)]
pg = con["pages"]
print(f"pages: {pg['loaded']} loaded, {pg['failures']} failed, p50 {pg['p50_ms']} ms, p99 {pg['p99_ms']} ms, slowest {pg['slowest']}")
if pg["failures"]:
    problems.append(f"{pg['failures']} pages did not load whole: {pg['failed'][:5]}")
kept = [u for u in con["uploads"] if u["status"] in (200, 201) and os.path.exists(os.path.join(audio, u["name"]))]
print(f"uploads: {len(kept)} of {len(con['uploads'])} kept ({', '.join(str(u['ms']) + ' ms' for u in con['uploads'])})")
problems += [f"upload {u['name']} at {u['at']} s: {u['status']} {u['words']}" for u in con["uploads"] if u not in kept]
if not con["uploads"] or not con["lives"]:
    problems.append("the run was too short for an upload and a live broadcast")

s = [dict(t=int(r["seconds"]), rss=int(r["rss_kib"]) / 1024, fds=int(r["fds"]), threads=int(r["threads"]), feed=r["feed"])
     for r in csv.DictReader(open(csvp))]
warm = [x for x in s if x["t"] >= min(300, s[-1]["t"] // 6)]
if warm:
    half = len(warm) // 2
    peaks = lambda k: (max(x[k] for x in warm[:half] or warm), max(x[k] for x in warm[half:]))
    span = lambda k: (min(x[k] for x in warm), max(x[k] for x in warm))
    first_peak, last_peak = peaks("rss")
    print(f"after warm-up ({warm[0]['t']} s): rss {span('rss')[0]:.1f}–{span('rss')[1]:.1f} MiB (peak {first_peak:.1f} in the first half, "
          f"{last_peak:.1f} in the second), fds {span('fds')[0]}–{span('fds')[1]} (peak {peaks('fds')[0]} then {peaks('fds')[1]}), "
          f"threads {span('threads')[0]}–{span('threads')[1]} (peak {peaks('threads')[0]} then {peaks('threads')[1]}); "
          f"fds {fds_before} before the console was used, {fds_after} after")
    # The console's connections come and go (20 streams, a page a second, a live socket): what
    # must not happen is more at the end than at the start, under the same load or none.
    if peaks("fds")[1] - peaks("fds")[0] > 2 or abs(int(fds_after) - int(fds_before)) > 2: problems.append("file descriptors not flat")
    if peaks("threads")[1] - peaks("threads")[0] > 2: problems.append("threads not flat")
    if last_peak - first_peak > 1.0: problems.append(f"resident memory grew {last_peak - first_peak:+.1f} MiB from the first half to the second")
off = [x["t"] for x in s if x["feed"] != "connected"]
print(f"feed connected in {len(s) - len(off)} of {len(s)} samples")
if len(off) > 1: problems.append(f"feed not connected at {off[:10]} s")

# The plot: three panels sharing the time axis.
W, H, L, P = 720, 150, 60, 20
T = max(x["t"] for x in s) or 1
panels = [("rss", "resident memory, MiB", "#1f77b4"), ("fds", "open file descriptors", "#2ca02c"), ("threads", "threads", "#d62728")]
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{len(panels) * (H + P) + 40}" font-family="sans-serif" font-size="11">',
       f'<text x="{L}" y="14">loa run, {round(T / 60)} min soak: a broadcast every {every} s, status every second, feed connected, console used</text>']
for i, (k, label, colour) in enumerate(panels):
    top = 30 + i * (H + P)
    hi = max(x[k] for x in s); hi = hi * 1.25 if hi else 1
    pts = " ".join(f"{L + x['t'] / T * (W - L - 10):.1f},{top + H - x[k] / hi * H:.1f}" for x in s)
    svg += [f'<rect x="{L}" y="{top}" width="{W - L - 10}" height="{H}" fill="none" stroke="#999"/>',
            f'<text x="{L + 4}" y="{top + 12}">{label}</text>',
            f'<text x="{L - 4}" y="{top + 4}" text-anchor="end">{hi:.0f}</text>',
            f'<text x="{L - 4}" y="{top + H}" text-anchor="end">0</text>',
            f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{pts}"/>']
bottom = 30 + len(panels) * (H + P) - P + 12
for m in range(0, T // 60 + 1, max(1, T // 60 // 6)):
    svg.append(f'<text x="{L + m * 60 / T * (W - L - 10):.1f}" y="{bottom}" text-anchor="middle">{m} min</text>')
svg.append("</svg>")
open(svgp, "w").write("\n".join(svg) + "\n")
print(f"plot: {svgp}")
if problems:
    print("\n".join(problems)); sys.exit(1)
print("held: every occurrence accounted for, the province has every row, descriptors, threads and memory flat")
EOF
