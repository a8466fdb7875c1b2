#!/usr/bin/env python3
"""The console's share of scripts/soak.sh: for SECONDS, against a running `loa run` with [web],
  - 20 sessions (20 logins) each hold `/api/v1/events` open as the Now page's EventSource does,
    and note every status object and every live broadcast they see go on air;
  - a page of the console is loaded every second (the Now page, programme, history, recordings,
    schedule, bulletins, live, in turn, each session in turn): each must be 200;
  - a recording is uploaded every UPLOAD_EVERY seconds from UPLOAD_FIRST (5 s of tone, a new
    name each time): each must be kept;
  - a live broadcast of LIVE_SECONDS from the console's WebSocket (scripts/console.py's sender,
    20 ms frames paced as a microphone gives them) every LIVE_EVERY seconds from LIVE_FIRST: each
    must go on air and end as asked.
At the end it writes what happened to OUT (JSON) for soak.sh to check; it exits 0 either way.
Usage: soak_console.py ADDR AUTH CA USER PWFILE SECONDS OUT
         LIVE_FIRST LIVE_EVERY LIVE_SECONDS UPLOAD_FIRST UPLOAD_EVERY"""
import io, json, math, os, statistics, struct, sys, threading, time, wave
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console

SESSIONS = 20
PAGES = ["/", "/programme", "/history", "/recordings", "/schedule", "/bulletins", "/live"]

def tone(seconds=5, rate=48000, hz=523.0):
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * hz * i / rate)))
                               for i in range(seconds * rate)))
    return out.getvalue()

def main():
    a = console.station(*sys.argv[1:6])
    seconds, out = float(sys.argv[6]), sys.argv[7]
    live_first, live_every, live_len, up_first, up_every = map(float, sys.argv[8:13])
    t0 = time.monotonic()
    end = t0 + seconds
    stop = threading.Event()
    sessions = [console.login(a) for _ in range(SESSIONS)]  # one after another: no lockout race

    streams = []
    def follow(cookie, rec):
        def on_status(s):
            rec["events"] += 1
            live = ((s or {}).get("playing") or {}).get("source") == "live"
            if live and not rec["on_live"]:
                rec["lives_seen"].append(round(time.monotonic() - t0, 1))
            rec["on_live"] = live
            rec["last"] = time.monotonic()
        while not stop.is_set():
            rec["opened"] += 1
            try:
                why = console.Events(a, cookie).follow(on_status, stop.is_set)
            except (OSError, console.Failed, ValueError) as e:
                why = f"{type(e).__name__}: {e}"
            if not stop.is_set():
                rec["ends"].append(f"{round(time.monotonic() - t0)} s: {why}")
                time.sleep(1)
    for cookie, _ in sessions:
        rec = dict(events=0, opened=0, ends=[], lives_seen=[], on_live=False, last=None)
        streams.append(rec)
        threading.Thread(target=follow, args=(cookie, rec), daemon=True).start()

    pages = []  # (path, status, ms)
    def load_pages():
        k = 0
        while time.monotonic() < end - 1:
            due = t0 + 1 + k
            time.sleep(max(0.0, due - time.monotonic()))
            path, (cookie, _) = PAGES[k % len(PAGES)], sessions[k % SESSIONS]
            t = time.monotonic()
            try:
                st, _, body = console.send(a, "GET", path, cookie=cookie)
                ok = st == 200 and b"</html>" in body
            except (OSError, console.Failed) as e:
                st, ok = f"{type(e).__name__}: {e}", False
            pages.append((path, st if ok else f"{st} (not a whole page)" if st == 200 else st,
                          (time.monotonic() - t) * 1000))
            k += 1
    threading.Thread(target=load_pages, daemon=True).start()

    uploads, lives = [], []
    sound = tone()
    def upload(n):
        cookie, csrf = sessions[n % SESSIONS]
        name = f"soak-{n:02}.wav"
        t = time.monotonic()
        try:
            st, words = console.upload(a, cookie, csrf, name, sound)
        except (OSError, console.Failed) as e:
            st, words = None, f"{type(e).__name__}: {e}"
        uploads.append(dict(name=name, at=round(t - t0), status=st, words=words[:200],
                            ms=round((time.monotonic() - t) * 1000)))
    def speak(n):
        at = time.monotonic()
        try:
            said = console.live(a, int(live_len), os.path.join(os.path.dirname(out), f"live{n}.events"))
            ok, words = any(s.get("state") == "ended" for s in said["states"]), ""
        except (OSError, console.Failed) as e:
            said, ok, words = getattr(e, "said", None) or {}, False, f"{type(e).__name__}: {e}"
        lives.append(dict(at=round(at - t0), seconds=round(time.monotonic() - at, 1), ok=ok, words=words,
                          frames=said.get("frames"), states=[s.get("state") for s in said.get("states", [])]))

    plan = sorted([(up_first + up_every * n, upload, n) for n in range(int(seconds // up_every) + 1)
                   if up_first + up_every * n < seconds - 10]
                  + [(live_first + live_every * n, speak, n) for n in range(int(seconds // live_every) + 1)
                     if live_first + live_every * n + live_len + 15 < seconds], key=lambda p: p[0])
    workers = []
    for at, what, n in plan:
        time.sleep(max(0.0, t0 + at - time.monotonic()))
        w = threading.Thread(target=what, args=(n,), daemon=True)
        w.start()
        workers.append(w)
    for w in workers:
        w.join(max(0.0, end + 60 - time.monotonic()))
    time.sleep(max(0.0, end - time.monotonic()))
    stop.set()
    time.sleep(1.5)  # each stream sees the stop within its 1 s read

    ms = sorted(p[2] for p in pages)
    q = lambda f: round(ms[min(len(ms) - 1, int(f * len(ms)))], 1) if ms else None
    now = time.monotonic()
    report = dict(
        sessions=SESSIONS,
        streams=[dict(events=s["events"], opened=s["opened"], ends=s["ends"], lives_seen=s["lives_seen"],
                      quiet_at_end=round(now - s["last"], 1) if s["last"] else None) for s in streams],
        pages=dict(loaded=len(pages), failed=[p for p in pages if p[1] != 200][:20],
                   failures=sum(1 for p in pages if p[1] != 200), p50_ms=q(0.5), p99_ms=q(0.99),
                   max_ms=round(ms[-1], 1) if ms else None,
                   slowest=[(p[0], round(p[2], 1)) for p in sorted(pages, key=lambda p: -p[2])[:3]]),
        uploads=uploads, lives=lives)
    json.dump(report, open(out, "w"), indent=1)

if __name__ == "__main__":
    main()
