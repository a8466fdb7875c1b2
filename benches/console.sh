#!/usr/bin/env bash
# Whole-process benchmarks of the station's web console (spec §11), beside nginx in the same run:
#   1. `/api/v1/status` and the now page under 200 concurrent keep-alive clients over TLS (wrk,
#      15 s each): p50/p99, beside nginx serving a static file of the same size over TLS with the
#      same certificate (goal: loa's p99 ≤ 3× nginx's);
#   2. resident memory: the daemon without [web], with it at rest, after 20 logins, with 20
#      sessions each holding /api/v1/events open, and after the load of 1. (goal: ≤ +6 MiB over the daemon without it);
#   3. an SSE update after a status change: a pause or resume sent on the control socket → the
#      `status` event read by a follower, 40 times (p50/p99; goal ≤ 50 ms).
#      Beside it, the control socket's own answer to the same request (the one who asked hears
#      at once; the goal is that whoever watches hears about as soon).
# Usage: benches/console.sh     (installs wrk, nginx, curl and python3 when missing)
# LOA_BENCH_SECS=N runs wrk N s instead of 15 (scripts/bench --quick: 3); LOA_BENCH_METRICS=FILE
# appends the figures as `NAME VALUE` lines for scripts/bench's table.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need "${BUILD_PACKAGES[@]}" wrk nginx curl python3
cargo build --release --quiet --bin loa
loa=$PWD/target/release/loa
work=$(mktemp -d /tmp/loa-console-bench.XXXXXX)
chmod 755 "$work"   # nginx's workers (www-data) read the files it serves
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_daemon() { # NAME WEB-TABLE → $pid, $dir
    dir=$work/$1
    mkdir -p "$dir"
    printf '[station]\ntimezone = "UTC"\naudio_dir = "%s"\noutput = "null"\n\n[[announcement]]\nid = "sang"\ntitle = "Bản tin sáng"\nfiles = ["ban-tin-sang.mp3"]\nat = "05:30"\n\n[[emergency]]\nid = "bao"\ntitle = "Cảnh báo bão"\nfiles = ["canh-bao-bao.mp3"]\n\n%s\n' \
        "$PWD/audio" "$2" > "$dir/s.toml"
    if [ -n "$2" ]; then
        echo "mật khẩu đo hiệu năng" | "$loa" web user add lan --role operator --password-stdin --state-dir "$dir/state" >/dev/null
    fi
    LOA_LOG=warn "$loa" run --config "$dir/s.toml" --socket "$dir/sock" --state-dir "$dir/state" 2> "$dir/log" &
    pid=$!
    for _ in $(seq 1 100); do "$loa" status --socket "$dir/sock" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "daemon did not start:"; cat "$dir/log"; exit 1
}
rss() { awk '/VmRSS/ {print $2}' /proc/"$1"/status; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

echo "== memory: the daemon without [web]"
start_daemon plain ""
sleep 3
rss_plain=$(rss "$pid")
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true

port=$(free_port)
start_daemon web "[web]
listen = \"127.0.0.1:$port\""
web_pid=$pid
web_dir=$dir
base=https://127.0.0.1:$port
sleep 3
rss_web=$(rss "$web_pid")
login() { curl -s --cacert "$web_dir/state/web.crt" -c "$1" "$base/api/v1/login" -d '{"user":"lan","password":"mật khẩu đo hiệu năng"}'; }
login "$work/jar" > "$work/login.json"
cookie=$(awk '$6 == "loa_session" {print "loa_session=" $7}' "$work/jar")
# Each login's argon2 check takes 19 MiB for a moment: it must go back (it once stayed, 117 MiB).
for i in $(seq 1 19); do login "$work/jar-again" >/dev/null; done
rss_logins=$(rss "$web_pid")

echo "== memory with 20 sessions following /api/v1/events"
followers=()
for i in $(seq 1 20); do
    login "$work/jar$i" >/dev/null
    curl -sN --cacert "$web_dir/state/web.crt" -b "$work/jar$i" "$base/api/v1/events" > /dev/null &
    followers+=($!)
done
sleep 5
rss_sessions=$(rss "$web_pid")
kill "${followers[@]}" 2>/dev/null || true
wait "${followers[@]}" 2>/dev/null || true

echo "== 200 concurrent clients over TLS (wrk -t2 -c200 -d${LOA_BENCH_SECS:-15}s), beside nginx with the same certificate"
mkdir -p "$work/www"
chmod 755 "$work/www"
curl -s --cacert "$web_dir/state/web.crt" -H "Cookie: $cookie" "$base/api/v1/status" > "$work/www/status.json"
curl -s --cacert "$web_dir/state/web.crt" -H "Cookie: $cookie" "$base/" > "$work/www/now.html"
nport=$(free_port)
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$nport ssl;
        ssl_certificate $web_dir/state/web.crt;
        ssl_certificate_key $web_dir/state/web.key;
        root $work/www;
        keepalive_requests 100000;
    }
}
EOF
nginx -c "$work/nginx.conf"
for _ in $(seq 1 50); do curl -sk "https://127.0.0.1:$nport/status.json" >/dev/null && break; sleep 0.1; done
bench() { # NAME URL [HEADER] → "p50 p99" in ms
    local out
    out=$(wrk -t2 -c200 -d"${LOA_BENCH_SECS:-15}"s --latency ${3:+-H "$3"} "$2" 2>&1)
    echo "$out" > "$work/wrk-$1.txt"
    if grep -q 'Non-2xx\|Socket errors' <<< "$out"; then echo "$1: failed requests:" >&2; echo "$out" >&2; exit 1; fi
    echo "$out" | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)} /Requests\/sec/ {rps = $2}
        END {printf "%.2f %.2f %s\n", p50, p99, rps}'
}
read -r s50 s99 srps < <(bench status "$base/api/v1/status" "Cookie: $cookie")
read -r n50 n99 nrps < <(bench nginx-status "https://127.0.0.1:$nport/status.json")
read -r p50 p99 prps < <(bench page "$base/" "Cookie: $cookie")
read -r m50 m99 mrps < <(bench nginx-page "https://127.0.0.1:$nport/now.html")
printf '%-34s %9s %9s %10s %12s\n' "" "p50 ms" "p99 ms" "req/s" "p99 / nginx"
printf '%-34s %9s %9s %10s %12s\n' "loa /api/v1/status ($(wc -c < "$work/www/status.json") B)" "$s50" "$s99" "$srps" "$(awk -v a="$s99" -v b="$n99" 'BEGIN {printf "%.2f×", a / b}')"
printf '%-34s %9s %9s %10s\n' "nginx, a file of that size" "$n50" "$n99" "$nrps"
printf '%-34s %9s %9s %10s %12s\n' "loa the now page ($(wc -c < "$work/www/now.html") B)" "$p50" "$p99" "$prps" "$(awk -v a="$p99" -v b="$m99" 'BEGIN {printf "%.2f×", a / b}')"
printf '%-34s %9s %9s %10s\n' "nginx, a file of that size" "$m50" "$m99" "$mrps"
[ -z "${LOA_BENCH_METRICS:-}" ] ||
    printf 'console.status.loa %s\nconsole.status.nginx %s\nconsole.page.loa %s\nconsole.page.nginx %s\n' \
        "$s99" "$n99" "$p99" "$m99" >> "$LOA_BENCH_METRICS"

sleep 3
rss_after=$(rss "$web_pid")
printf 'without [web] %s MiB · with [web], no client %s MiB (+%s) · after 20 logins %s MiB · 20 sessions on events %s MiB (+%s) · after the load above, its connections closed, %s MiB\n' \
    "$(mib "$rss_plain")" "$(mib "$rss_web")" "$(mib $((rss_web - rss_plain)))" "$(mib "$rss_logins")" \
    "$(mib "$rss_sessions")" "$(mib $((rss_sessions - rss_plain)))" "$(mib "$rss_after")"

echo "== an SSE update after a status change (pause/resume on the socket → the event; 40 times)"
python3 - "$base" "$cookie" "$web_dir/state/web.crt" "$web_dir/sock" <<'EOF'
import json, os, socket, ssl, sys, time, http.client, urllib.parse
base, cookie, ca, sock = sys.argv[1:5]
u = urllib.parse.urlparse(base)
ctx = ssl.create_default_context(cafile=ca)
conn = http.client.HTTPSConnection(u.hostname, u.port, context=ctx)
conn.request("GET", "/api/v1/events", headers={"Cookie": cookie})
r = conn.getresponse()
def next_status():
    data = None
    while True:
        line = r.fp.readline().decode()
        if line.startswith("data:"):
            data = json.loads(line[5:])
        elif line.strip() == "" and data is not None:
            return data
next_status()
ctl = socket.socket(socket.AF_UNIX)
ctl.connect(sock)
f = ctl.makefile("rw")
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round((len(xs) - 1) * p))]
# The peer: the socket's own answer to each request (nobody watching is told sooner).
ans = []
for i in range(40):
    req = {"version": 1, "request": "pause" if i % 2 == 0 else "resume"}
    t0 = time.perf_counter()
    f.write(json.dumps(req) + "\n"); f.flush()
    f.readline()
    ans.append((time.perf_counter() - t0) * 1000)
    want = i % 2 == 0
    while next_status().get("paused") != want:
        pass
lat = []
for i in range(40):
    req = {"version": 1, "request": "pause" if i % 2 == 0 else "resume"}
    t0 = time.perf_counter()
    f.write(json.dumps(req) + "\n"); f.flush()
    want = i % 2 == 0
    while next_status().get("paused") != want:
        pass
    lat.append((time.perf_counter() - t0) * 1000)
    f.readline()
print("SSE update after a change: p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d); the socket's answer: p50 %.2f ms, p99 %.2f ms"
      % (pct(lat, 0.5), pct(lat, 0.99), max(lat), len(lat), pct(ans, 0.5), pct(ans, 0.99)))
metrics = os.environ.get("LOA_BENCH_METRICS")
if metrics:
    with open(metrics, "a") as m:
        m.write("".join(f"sse.loa {x:.3f}\nsse.socket {y:.3f}\n" for x, y in zip(lat, ans)))
EOF
