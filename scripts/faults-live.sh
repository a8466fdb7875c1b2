#!/usr/bin/env bash
# Faults of live speech and of text to speech, against a real `loa run` (release build), scripted
# and repeatable; run by `scripts/faults.sh live` and `scripts/faults.sh tts`.
#   live  a sender (Python's standard library: login, the WebSocket `/api/v1/live` over the
#         station's own TLS with the session's cookie and the console's Origin, 20 ms frames of
#         pcm_s16le paced as a microphone gives them: a 300 Hz bed with a 20 ms 1 kHz burst each
#         second) in a network namespace whose veth loses 10 % of its packets each way (nftables)
#         and reaches the console through a relay that holds each chunk 0–200 ms (keeping order:
#         this kernel has no netem). 30 s of speech: the broadcast stays on air, the longest the
#         daemon waited for sound, what came out of its output (`wav:`: silence inserted, bursts
#         heard, delay), its history row and its Opus record. Then a second broadcast is cut mid-word
#         (every packet dropped): it ends `interrupted` after 5 s of silence (measured), what was
#         said up to the cut is kept and decodes (ffprobe), the amplifier and the schedule go on,
#         and a third broadcast starts afterwards. `loa status` is polled every 0.25 s throughout.
#   tts   engines of `[tts] command` that hang (sleep for ever; ignore SIGTERM with a child that
#         hangs), crash (SIGSEGV; exit 1 with words on stderr) or write garbage (random bytes, an
#         empty file, a WAV header with no data, a huge file), each through `loa check`, a reload
#         by file rewrite and by SIGHUP of a schedule with a `text` announcement, `loa play --text`
#         and the console's `POST /api/v1/play` with a text. Then: refused in words naming the
#         engine and what it did, the time to give up (= `timeout` for a hang), no process left in
#         the engine's process group, nothing kept in STATE/tts/, and the last good schedule's
#         broadcast every 4 s played on time throughout.
# The seed (LOA_FAULT_SEED=S repeats a run) drives the relay's delays and the garbage; nftables'
# `numgen random` has no seed of its own.
# Usage: scripts/faults-live.sh live | tts
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-}
case "$what" in live | tts) ;; *) echo "usage: $0 live | tts" >&2; exit 2 ;; esac
. scripts/deps.sh
need "${BUILD_PACKAGES[@]}" ffmpeg python3 iproute2 nftables procps
cargo build --release --quiet --bin loa
loa=$PWD/target/release/loa
work=$(mktemp -d /tmp/loa-faults-live.XXXXXX)
chmod 755 "$work"
seed=${LOA_FAULT_SEED:-$RANDOM}
RANDOM=$seed
echo "seed $seed (LOA_FAULT_SEED=$seed repeats this run)"
export LOA_LANG=en
ns="" hif="" table=""
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    [ -n "$table" ] && nft delete table inet "$table" 2>/dev/null || true
    [ -n "$hif" ] && ip link del "$hif" 2>/dev/null || true
    [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null || true
    [ -n "${LOA_FAULT_KEEP:-}" ] && echo "kept: $work" || rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; [ -f "${d:-}/log" ] && tail -15 "$d/log" >&2; exit 1; }
now() { date +%s.%N; }
freeport() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# until DESCRIPTION SECONDS COMMAND...: polls COMMAND every 50 ms until it succeeds.
until_() {
    local what=$1 end
    end=$(( $(date +%s%N) + ${2%.*} * 1000000000 ))
    shift 2
    until "$@"; do
        [ "$(date +%s%N)" -lt "$end" ] || fail "timed out waiting for $what"
        sleep 0.05
    done
}
ms_since() { python3 -c "import sys, time; print(round((time.time() - float(sys.argv[1])) * 1000))" "$1"; }
start() { # DIR: `loa run` on DIR/s.toml (its log at info), waits until it answers
    LOA_LOG=info "$loa" run --config "$1/s.toml" --socket "$1/sock" --state-dir "$1/state" 2>> "$1/log" &
    pid=$!
    pids+=("$pid")
    until_ "loa to answer" 15 answers "$1"
}
answers() { "$loa" status --socket "${1:-$d}/sock" >/dev/null 2>&1; }
history() { "$loa" history --state-dir "$d/state" --format json; }
# poll_status FILE: `loa status` every 0.25 s, each answer's rc and milliseconds, until killed.
poll_status() {
    while :; do
        local t0 rc=0
        t0=$(date +%s%N)
        timeout 5 "$loa" status --socket "$d/sock" >/dev/null 2>&1 || rc=$?
        echo "$rc $(( ($(date +%s%N) - t0) / 1000000 ))" >> "$1"
        sleep 0.25
    done
}
status_held() { # FILE: prints the figures; fails when status once did not answer
    awk '{n++; if ($1 != 0) bad++; if ($2 > max) max = $2; s += $2} END {printf "loa status: %d polls, %d unanswered, mean %.0f ms, slowest %d ms\n", n, bad, s / n, max; exit bad > 0}' "$1" \
        || fail "loa status did not answer every time"
}
user_add() { printf '%s\n' "mật khẩu đài loa 1" | "$loa" --state-dir "$d/state" web user add lan --role operator --password-stdin >/dev/null; printf 'mật khẩu đài loa 1' > "$d/pw"; }

# The console as a program sees it (Python's standard library): scripts/console.py.
console=$PWD/scripts/console.py

# ---------------------------------------------------------------------------------------------
if [ "$what" = live ]; then
    echo "== live: 30 s of speech through 10 % loss and 0–200 ms of jitter, then a cut mid-word"
    d=$work/live
    mkdir -p "$d/audio"
    ffmpeg -hide_banner -loglevel error -f lavfi -i "aevalsrc=0.5*sin(2*PI*440*t):s=48000:d=1:c=stereo" "$d/audio/tone.wav"
    webport=$(freeport)
    cat > "$d/s.toml" <<EOF
[station]
timezone = "UTC"
audio_dir = "audio"
output = "wav:$d/out.wav"

[station.amplifier]
on = ["/bin/sh", "-c", "echo on \$(date +%s.%N) >> $d/amp.log"]
on_lead = "1s"
off = ["/bin/sh", "-c", "echo off \$(date +%s.%N) >> $d/amp.log"]
off_delay = "2s"

[[announcement]]
id = "tick"
files = ["tone.wav"]
chime = false
cron = "*/20 * * * * *"

[web]
listen = "127.0.0.1:$webport"
EOF
    user_add
    start "$d"
    until_ "the console's certificate" 15 test -s "$d/state/web.crt"
    poll_status "$d/status" & pids+=($!)

    # The sender's namespace and its lossy veth; the relay on the host's end.
    ns=loa-fl-$$ hif=lfh$$ nif=lfn$$ table=loa_fl_$$ net=10.233.$(( $$ % 250 ))
    ip netns add "$ns"
    ip link add "$hif" type veth peer name "$nif"
    ip link set "$nif" netns "$ns"
    ip addr add "$net.1/24" dev "$hif"; ip link set "$hif" up
    ip -n "$ns" addr add "$net.2/24" dev "$nif"; ip -n "$ns" link set "$nif" up; ip -n "$ns" link set lo up
    nft add table inet "$table"
    nft add chain inet "$table" in '{ type filter hook input priority 0; }'
    nft add chain inet "$table" out '{ type filter hook output priority 0; }'
    nft add rule inet "$table" in iifname "$hif" numgen random mod 100 '<' 10 drop
    nft add rule inet "$table" out oifname "$hif" numgen random mod 100 '<' 10 drop
    cat > "$d/relay.py" <<'EOF'
import collections, random, socket, sys, threading, time
lhost, lport, thost, tport, seed, max_ms, logpath = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
log, lock = open(logpath, "a", buffering=1), threading.Lock()
def pipe(src, dst, rng, conn, up):
    """Each chunk held a random 0–max_ms, never overtaking the one before."""
    q, cv = collections.deque(), threading.Condition()
    def writer():
        while True:
            with cv:
                cv.wait_for(lambda: q)
                at, data = q.popleft()
            time.sleep(max(0.0, at - time.monotonic()))
            try: dst.sendall(data) if data else dst.shutdown(socket.SHUT_WR)
            except OSError: return
            if not data: return
            if up:
                with lock: log.write(f"{conn} {time.time():.4f} {len(data)}\n")
    threading.Thread(target=writer, daemon=True).start()
    last = 0.0
    while True:
        try: data = src.recv(65536)
        except OSError: data = b""
        last = max(last, time.monotonic() + rng.uniform(0, max_ms / 1000))
        with cv:
            q.append((last, data))
            cv.notify()
        if not data: return
srv = socket.create_server((lhost, lport))
print("ready", flush=True)
n = 0
while True:
    c, _ = srv.accept()
    n += 1
    u = socket.create_connection((thost, tport))
    [s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1) for s in (c, u)]
    threading.Thread(target=pipe, args=(c, u, random.Random(seed * 1000 + 2 * n), n, True), daemon=True).start()
    threading.Thread(target=pipe, args=(u, c, random.Random(seed * 1000 + 2 * n + 1), n, False), daemon=True).start()
EOF
    rport=$(freeport)
    python3 "$d/relay.py" "$net.1" "$rport" 127.0.0.1 "$webport" "$seed" 200 "$d/relay.log" > "$d/relay.out" &
    pids+=($!)
    until_ "the relay" 10 grep -q ready "$d/relay.out"
    send() { # SECONDS EVENTS: the sender, in the namespace, through the relay
        ip netns exec "$ns" python3 "$console" live "$net.1:$rport" "localhost:$webport" \
            "$d/state/web.crt" lan "$d/pw" "$1" "$2"
    }
    rows_at_least() { [ "$(live_rows)" -ge "$1" ]; }
    live_rows() { history | python3 -c 'import json, sys; print(sum(1 for r in json.load(sys.stdin) if r["source"] == "live" and r.get("ended")))'; }

    # 1. Thirty seconds through the bad network.
    t1=$(now)
    send 30 "$d/ev1" > "$d/sender1.json" || { cat "$d/sender1.json"; fail "the sender over 10 % loss and jitter did not finish on air"; }
    until_ "the first live row to close" 20 rows_at_least 1
    t1end=$(now)

    # 2. Another, cut mid-word: every packet dropped from one instant.
    (exec ip netns exec "$ns" python3 "$console" live "$net.1:$rport" "localhost:$webport" \
        "$d/state/web.crt" lan "$d/pw" 0 "$d/ev2" > "$d/sender2.json" 2>&1) &
    sender=$!; pids+=("$sender")
    until_ "3 s of the second broadcast sent" 30 grep -qs '"sent": 150' "$d/ev2"
    sleep "0.$(( RANDOM % 1000 ))"  # anywhere within a second: mid-word
    cut=$(now)
    nft insert rule inet "$table" in iifname "$hif" drop
    nft insert rule inet "$table" out oifname "$hif" drop
    while [ "$(live_rows)" -lt 2 ]; do
        answers || fail "loa status did not answer during the cut"
        python3 -c "import sys, time; sys.exit(time.time() - float(sys.argv[1]) > 30)" "$cut" || fail "the cut broadcast did not end within 30 s"
        sleep 0.05
    done
    seen=$(now)
    kill "$sender" 2>/dev/null || true; wait "$sender" 2>/dev/null || true
    nft delete table inet "$table"; table=""
    # The schedule goes on: the first tick due after the cut broadcast ended plays on time.
    tick_due() { history | python3 -c '
import json, sys
from datetime import datetime
seen = float(sys.argv[1])
sys.exit(0 if any(r["id"] == "tick" and r.get("ended") and datetime.fromisoformat(r["scheduled"]).timestamp() > seen for r in json.load(sys.stdin)) else 1)' "$seen"; }
    until_ "a tick after the cut" 30 tick_due
    # 3. A new live broadcast afterwards (the network back, clean).
    t3=$(now)
    send 3 "$d/ev3" > "$d/sender3.json" || { cat "$d/sender3.json"; fail "no live broadcast could start after the cut"; }
    until_ "the third live row to close" 20 rows_at_least 3
    until_ "the amplifier off after the last broadcast" 20 sh -c "tail -1 '$d/amp.log' | grep -q ^off"
    kill -TERM "$pid"; wait "$pid" || fail "the clean stop did not exit 0"
    history > "$d/history.json"
    status_held "$d/status"
    python3 - "$d" "$t1" "$cut" "$t1end" "$t3" <<'EOF' || fail "live: see above"
import array, bisect, collections, json, re, statistics, subprocess, sys, wave
from datetime import datetime
d, t1, cut, t1end, t3 = sys.argv[1], *map(float, sys.argv[2:6])
ts = lambda s: datetime.fromisoformat(s).timestamp()
rows = json.load(open(f"{d}/history.json"))
lives = sorted((r for r in rows if r["source"] == "live"), key=lambda r: r["started"])
problems = []
def must(ok, what):
    if not ok:
        problems.append(what)
must(len(lives) == 3, f"{len(lives)} live rows, not 3")
r1, r2, r3 = (lives + [{}] * 3)[:3]
# The relay's log: each chunk forwarded to the daemon (connection, time, bytes).
chunks = collections.defaultdict(list)
for l in open(f"{d}/relay.log"):
    c, t, n = l.split()
    chunks[int(c)].append((float(t), int(n)))
def speaker(a, b):  # the live connection of [a, b]: the one that carried the most
    c = max((c for c in chunks if a <= chunks[c][0][0] <= b), key=lambda c: sum(n for _, n in chunks[c]))
    return [t for t, _ in chunks[c]]
ev = lambda f: [json.loads(l) for l in open(f"{d}/{f}")]

# 1. Thirty seconds through loss and jitter.
arr = speaker(t1, ts(r1["started"]) + 1)
spoke = next(e["t"] for e in ev("ev1") if "burst" in e)
on = [t for t in arr if spoke <= t <= ts(r1["ended"])]
gap = max(b - a for a, b in zip(on, on[1:]))
print(f"1. 30 s over 10 % loss + 0–200 ms jitter: outcome {r1.get('outcome')}, played_seconds {r1.get('played_seconds')}; "
      f"the longest the daemon waited for sound {gap * 1000:.0f} ms (TCP resending)")
must(r1.get("outcome") == "played", f"the bad network's broadcast ended {r1.get('outcome')} ({r1.get('reason')}) with sound every {gap:.1f} s at most")
must(gap < 5, f"sound stopped arriving for {gap:.1f} s")
must(abs(float(r1.get("played_seconds") or 0) - 30) < 2, f"played_seconds {r1.get('played_seconds')} of 30 s said")
# What came out: the daemon's WAV output (48 kHz stereo, frame 0 at origin_unix_us).
origin = int(re.search(r"origin_unix_us=(\d+)", open(f"{d}/log").read()).group(1)) / 1e6
w = wave.open(f"{d}/out.wav")
def samples(a, b):
    w.setpos(max(0, int((a - origin) * 48000)))
    x = array.array("h", w.readframes(int((b - a) * 48000)))
    return [v / 32768 for v in x[::2]]
x = samples(ts(r1["started"]), ts(r1["ended"]))
win = [max(map(abs, x[i:i + 480])) for i in range(0, len(x) - 480, 480)]  # 10 ms windows
bed = statistics.median(win)
loud = [i for i, p in enumerate(win) if p > bed / 4]
inner = win[loud[0]:loud[-1] + 1] if loud else []
runs, run = [], 0
for p in inner + [1]:
    if p <= bed / 4:
        run += 1
    elif run:
        runs.append(run * 10)
        run = 0
bursts = {e["burst"]: e["t"] for e in ev("ev1") if "burst" in e}
hi = [i for i, v in enumerate(x) if abs(v) > bed * 2.5]
delays = []
for k, t in sorted(bursts.items()):
    f = int((t - ts(r1["started"])) * 48000)
    j = bisect.bisect_left(hi, max(f, 0))
    if j < len(hi) and hi[j] - f < 48000 * 0.9:
        delays.append((hi[j] - f) / 48)
delays.sort()
print(f"   heard: {len(inner) * 10 / 1000:.1f} s from first to last sound, {sum(runs)} ms of silence inserted in {len(runs)} gaps "
      f"(longest {max(runs, default=0)} ms); {len(delays)} of {len(bursts)} one-second marks heard, "
      f"sent → out p50 {statistics.median(delays):.0f} ms, p95 {delays[int(len(delays) * 0.95)]:.0f} ms, max {delays[-1]:.0f} ms")
must(len(delays) >= 0.8 * len(bursts), f"only {len(delays)} of {len(bursts)} marks came out")
def record(r):
    f = f"{d}/state/{(r.get('files') or ['?'])[0]}"
    p = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name", "-of", "json", f], capture_output=True, text=True)
    e = subprocess.run(["ffmpeg", "-v", "error", "-i", f, "-f", "null", "-"], capture_output=True, text=True)
    if p.returncode or e.returncode or e.stderr.strip():
        problems.append(f"{f}: not decodable: {p.stderr.strip()} {e.stderr.strip()[:300]}")
        return 0.0, "?"
    j = json.loads(p.stdout)
    return float(j["format"]["duration"]), j["streams"][0]["codec_name"]
dur, codec = record(r1)
print(f"   kept: {r1.get('files')} {codec}, {dur:.2f} s (decodes to the end)")
must(codec == "opus" and abs(dur - 30) < 1, f"the record is {codec}, {dur:.2f} s of 30 s said")

# 2. The cut.
e2 = ev("ev2")
first = next(e["t"] for e in e2 if "burst" in e)
arr2 = speaker(t1end, cut)
last = max(t for t in arr2 if t <= ts(r2["ended"]))
end = ts(r2["ended"])
print(f"2. cut {cut - first:.2f} s into speaking: outcome {r2.get('outcome')} ({r2.get('reason')}); ended {end - cut:.2f} s after the cut, "
      f"{end - last:.2f} s after the last sound reached the daemon; played_seconds {r2.get('played_seconds')}")
must(r2.get("outcome") == "interrupted", f"the cut broadcast ended {r2.get('outcome')}")
must(4.9 <= end - last <= 6.5 and end - cut <= 7, f"ended {end - cut:.2f} s after the cut, {end - last:.2f} s after the last sound")
dur2, codec2 = record(r2)
print(f"   kept: {r2.get('files')} {codec2}, {dur2:.2f} s of the {cut - first:.2f} s said before the cut (decodes to the end)")
must(codec2 == "opus" and cut - first - 1 <= dur2 <= cut - first + 0.1, f"the cut record is {dur2:.2f} s of {cut - first:.2f} s said")
ticks = [r for r in rows if r["id"] == "tick" and end < ts(r["scheduled"]) < t3]
late = [(ts(r["started"]) - ts(r["scheduled"])) * 1000 for r in ticks if r.get("started")]
print(f"   the schedule after it: {len(ticks)} ticks due, {[r['outcome'] for r in ticks]}, at most {max(late, default=0):.0f} ms late")
must(ticks and all(r["outcome"] == "played" for r in ticks) and max(late) < 300, "the schedule did not go on on time after the cut")
amp = [l.split() for l in open(f"{d}/amp.log")]
after = [(k, float(t) - end) for k, t in amp if float(t) > end - 0.5]
print(f"   amplifier: switched on {sum(k == 'on' for k, _ in amp)}, off {sum(k == 'off' for k, _ in amp)} times; after the cut: "
      + ", ".join(f"{k} +{t:.1f} s" for k, t in after))
must(after and after[0][0] == "off", "the amplifier was not switched off after the cut broadcast")
# 3. Afterwards.
print(f"3. a new live broadcast after the cut: outcome {r3.get('outcome')}, played_seconds {r3.get('played_seconds')}")
must(r3.get("outcome") == "played", f"the broadcast after the cut: {r3.get('outcome')} ({r3.get('reason')})")
if problems:
    print("\n".join("FAILED: " + p for p in problems))
    sys.exit(1)
print("held: on air through the bad network, the cut ended after 5 s of silence with its words kept, the schedule and a new broadcast went on")
EOF
fi

# ---------------------------------------------------------------------------------------------
if [ "$what" = tts ]; then
    echo "== tts: engines that hang, crash or write garbage (timeout 5 s)"
    d=$work/tts
    mkdir -p "$d/audio" "$d/engines" "$d/pids"
    ffmpeg -hide_banner -loglevel error -f lavfi -i "aevalsrc=0.5*sin(2*PI*440*t):s=48000:d=1:c=stereo" "$d/audio/tone.wav"
    ffmpeg -hide_banner -loglevel error -f lavfi -i "aevalsrc=0.3*sin(2*PI*220*t):s=22050:d=2" "$d/voice.wav"
    python3 - "$d" "$seed" <<'EOF'
import random, struct, sys
d, seed = sys.argv[1], int(sys.argv[2])
open(f"{d}/random.bin", "wb").write(random.Random(seed).randbytes(256 * 1024))
def header(data):  # mono 22,050 Hz 16-bit, its data chunk `data` bytes long
    return b"RIFF" + struct.pack("<I", 36 + data) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 22050, 44100, 2, 16) + b"data" + struct.pack("<I", data)
open(f"{d}/header-only.wav", "wb").write(header(2 * 44100))   # says 2 s, has none
open(f"{d}/header-huge.wav", "wb").write(header(0xFFFFFFFF - 36))  # says 27 hours
EOF
    engine() { # NAME BODY: an engine script; each records its pid (its process group) first
        printf '#!/bin/sh\necho $$ >> %s/pids/%s\nulimit -c 0\n%s\n' "$d" "$1" "$2" > "$d/engines/$1"
        chmod 755 "$d/engines/$1"
    }
    engine good "cat > /dev/null; cp $d/voice.wav \"\$1\""
    engine hang "cat > /dev/null; sleep 86400"
    engine stubborn "trap '' TERM INT HUP; (trap '' TERM; sleep 86401) & cat > /dev/null; while :; do sleep 1; done"
    engine segv "cat > /dev/null; echo 'loading voice vi' >&2; kill -SEGV \$\$"
    engine fails "cat > /dev/null; echo 'loading voice vi' >&2; echo 'error: model not found: /opt/piper/vi.onnx' >&2; exit 1"
    engine random "cat > /dev/null; cp $d/random.bin \"\$1\""
    engine empty "cat > /dev/null; : > \"\$1\""
    engine header "cat > /dev/null; cp $d/header-only.wav \"\$1\""
    engine huge-zeros "cat > /dev/null; truncate -s 2G \"\$1\""
    engine huge-wav "cat > /dev/null; cp $d/header-huge.wav \"\$1\"; truncate -s 4G \"\$1\""
    # What each must be refused with (English; the engine named before it).
    declare -A said=(
        [hang]="did not finish within 5 seconds" [stubborn]="did not finish within 5 seconds"
        [segv]="was stopped by signal 11: loading voice vi"
        [fails]="failed (exit code 1): loading voice vi · error: model not found: /opt/piper/vi.onnx"
        [random]="wrote no sound that can be played" [empty]="wrote no sound that can be played"
        [header]="wrote no sound that can be played" [huge-zeros]="wrote no sound that can be played"
        [huge-wav]="wrote no sound that can be played"
    )
    webport=$(freeport)
    text="UBND xã thông báo: ngày 7/12 từ 7h30, trạm y tế tiêm phòng cho trẻ em."
    schedule() { # ENGINE [notext]: the station's schedule with [tts] ENGINE, and a text announcement unless notext
        printf '[station]\ntimezone = "UTC"\naudio_dir = "audio"\noutput = "null"\n\n[web]\nlisten = "127.0.0.1:%s"\n\n' "$webport"
        printf '[tts]\ncommand = ["%s", "{out}"]\ntimeout = "5s"\n\n' "$d/engines/$1"
        printf '[[announcement]]\nid = "tick"\nfiles = ["tone.wav"]\nchime = false\ncron = "*/4 * * * * *"\n'
        [ "${2:-}" = notext ] || printf '\n[[announcement]]\nid = "doc"\ntext = "%s"\nat = "03:00"\n' "$text"
    }
    put() { schedule "$@" > "$d/next.toml"; mv "$d/next.toml" "$d/s.toml"; }  # as an editor saves
    count() { grep -c "$1" "$d/log" || true; }
    more() { [ "$(count "$1")" -gt "$2" ]; }
    # reloaded TRIGGER WORDS: runs TRIGGER, waits for one more log line with WORDS; ms: how long
    reloaded() {
        local n t0
        n=$(count "$2"); t0=$(now)
        $1
        until_ "$2" 40 more "$2" "$n"
        ms=$(ms_since "$t0")
    }
    schedule good > "$d/s.toml"
    user_add
    start "$d"
    until_ "the good engine's sound" 15 grep -q "the schedule's texts have their sound" "$d/log"
    until_ "the console's certificate" 15 test -s "$d/state/web.crt"
    kept0=$(ls "$d/state/tts")
    t=$(now); "$loa" check --config "$d/s.toml" --state-dir "$d/state" > /dev/null 2>&1 || fail "loa check of the good schedule"
    base=$(ms_since "$t")
    echo "loa check of the good schedule (its sound kept): $base ms; the check column below is less this"
    t0=$(date +%s)
    poll_status "$d/status" & pids+=($!)
    printf '%-11s %-40s %s\n' engine "time to give up (ms): check · file · SIGHUP · play --text · console" "left running · kept"
    bad=""
    for e in hang stubborn segv fails random empty header huge-zeros huge-wav; do
        : > "$d/pids/$e"
        schedule "$e" > "$d/check.toml"
        t=$(now)
        rc=0; "$loa" check --config "$d/check.toml" --state-dir "$d/state" > /dev/null 2> "$d/check.err" || rc=$?
        check_ms=$(( $(ms_since "$t") - base ))
        if [ "$rc" != 1 ]; then  # taken: not handed to the daemon (its sound would be on air for hours)
            bad+="$e: loa check exit $rc after $check_ms ms, $(du -h --apparent-size "$d/state/tts"/*.wav | sort -h | tail -1 | cut -f1) kept: $(grep -m1 -o 'lasts [0-9]*:[0-9]*:[0-9]*' "$d/check.err" || true); "
            find "$d/state/tts" -newer "$d/check.toml" -type f -delete
            printf '%-11s %6s   (accepted by loa check: the rest not tried)\n' "$e" "$check_ms"
            continue
        fi
        grep -qF "$d/engines/$e ${said[$e]}" "$d/check.err" || bad+="$e: loa check said: $(grep -m1 error: "$d/check.err" || true); "
        reloaded "put $e" "refused (the schedule file changed)"; file_ms=$ms
        last=$("$loa" status --json --socket "$d/sock" | python3 -c 'import json, sys; print(json.load(sys.stdin).get("last_error") or "")')
        [[ "$last" == *"$d/engines/$e ${said[$e]}"* ]] || bad+="$e: status said: $last; "
        reloaded "kill -HUP $pid" "refused (SIGHUP)"; hup_ms=$ms
        reloaded "put $e notext" "schedule reloaded (the schedule file changed)"
        t=$(now)
        rc=0; "$loa" play --text "$text" --socket "$d/sock" > /dev/null 2> "$d/play.err" || rc=$?
        play_ms=$(ms_since "$t")
        [ "$rc" != 0 ] && grep -qF "$d/engines/$e ${said[$e]}" "$d/play.err" || bad+="$e: loa play --text exit $rc: $(cat "$d/play.err"); "
        python3 "$console" play "127.0.0.1:$webport" "localhost:$webport" "$d/state/web.crt" lan "$d/pw" "$text" > "$d/web.json"
        web_ms=$(python3 -c 'import json, sys; print(round(json.load(open(sys.argv[1]))["seconds"] * 1000))' "$d/web.json")
        python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); sys.exit(j["status"] < 400 or sys.argv[2] not in j["body"])' "$d/web.json" "$d/engines/$e ${said[$e]}" \
            || bad+="$e: the console answered $(cat "$d/web.json"); "
        reloaded "put good" "schedule reloaded (the schedule file changed)"
        # Nothing of the engine left: no process in any of its process groups, nothing kept.
        left=0 runs=$(sort -u "$d/pids/$e" | wc -l)
        for g in $(sort -u "$d/pids/$e"); do  # as pgrep -g, zombies (dead, not yet reaped) aside
            left=$(( left + $(ps -e -o pgid=,stat= | awk -v g="$g" '$1 == g && $2 !~ /^Z/' | wc -l) ))
        done
        [ "$left" = 0 ] || bad+="$e: $left processes left in its process groups: $(for g in $(sort -u "$d/pids/$e"); do pgrep -a -g "$g"; done | tr '\n' ';'); "
        [ "$runs" = 5 ] || bad+="$e: the engine ran $runs times, not 5; "
        kept=$(ls "$d/state/tts")
        [ "$kept" = "$kept0" ] || bad+="$e: STATE/tts/ now holds: $(echo "$kept" | tr '\n' ' '); "
        printf '%-11s %6s · %6s · %6s · %6s · %6s %28s · %s\n' "$e" "$check_ms" "$file_ms" "$hup_ms" "$play_ms" "$web_ms" \
            "$left of $runs runs" "$(( $(echo "$kept" | wc -l) - $(echo "$kept0" | wc -l) )) new"
        case $e in hang | stubborn)
            for ms in "$check_ms" "$file_ms" "$hup_ms" "$play_ms" "$web_ms"; do
                [ "$ms" -ge 4500 ] && [ "$ms" -le 6500 ] || bad+="$e: gave up after $ms ms, not the 5 s timeout; "
            done ;;
        *)  for ms in "$check_ms" "$file_ms" "$hup_ms" "$play_ms" "$web_ms"; do
                [ "$ms" -le 5000 ] || bad+="$e: took $ms ms to give up (more than the timeout); "
            done ;;
        esac
    done
    echo "the log, for example: $(grep -m1 -o "error: this text.*engines/segv.*" "$d/log" | sed "s|$d/||g" || true)"
    t1=$(date +%s)
    kill -TERM "$pid"; wait "$pid" || fail "the clean stop did not exit 0"
    status_held "$d/status"
    history > "$d/history.json"
    python3 - "$d/history.json" "$t0" "$t1" <<'EOF' || bad+="the last good schedule's broadcasts did not all play on time; "
import json, sys
from datetime import datetime
rows, a, b = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3])
ts = lambda s: datetime.fromisoformat(s).timestamp()
due = [r for r in rows if r["id"] == "tick" and a + 1 <= ts(r["scheduled"]) <= b - 2]
late = [(ts(r["started"]) - ts(r["scheduled"])) * 1000 for r in due if r.get("started")]
played = sum(r["outcome"] == "played" for r in due)
print(f"the last good schedule meanwhile: {len(due)} broadcasts due every 4 s, {played} played, the latest {max(late, default=0):.0f} ms after its time")
sys.exit(not due or played != len(due) or max(late) > 300)
EOF
    [ -z "$bad" ] || fail "$(echo "$bad" | sed 's/; /\n  /g')"
    echo "held: each engine refused in words naming it and what it did, a hang given up at its timeout, no process left, nothing kept, the schedule on time"
fi
