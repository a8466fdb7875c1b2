#!/usr/bin/env python3
"""The station's console as a program sees it, in Python's standard library: login, JSON
requests, the live WebSocket `/api/v1/live` and the server-sent events `/api/v1/events`, all
over the station's own TLS. Used by scripts/faults-live.sh and scripts/soak.sh.
  console.py live ADDR AUTH CA USER PWFILE SECONDS EVENTS   a live sender (SECONDS 0: until killed)
  console.py play ADDR AUTH CA USER PWFILE TEXT             POST /api/v1/play {"text"}; prints
                                                            status, seconds, body
ADDR is where to connect (host:port), AUTH the console's own host:port (Host and Origin), CA
the station's certificate (STATE/web.crt), PWFILE a file holding the password."""
import array, base64, hashlib, json, math, os, socket, ssl, struct, sys, time

class Failed(Exception):
    """What went wrong, in words; `said`: what the sender had heard by then."""
    def __init__(self, words, said=None):
        super().__init__(words)
        self.said = said

def connect(addr, ca):
    host, port = addr.rsplit(":", 1)
    raw = socket.create_connection((host, int(port)), timeout=60)
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    ctx = ssl.create_default_context(cafile=ca)  # the station's own certificate, trusted
    ctx.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    return ctx.wrap_socket(raw, server_hostname="localhost")

def head(s, buf=b""):
    while b"\r\n\r\n" not in buf:
        d = s.recv(65536)
        if not d:
            raise Failed(f"closed before an answer: {buf[:200]!r}")
        buf += d
    h, rest = buf.split(b"\r\n\r\n", 1)
    lines = h.decode("latin-1").split("\r\n")
    headers = {}
    for l in lines[1:]:
        k, _, v = l.partition(":")
        headers.setdefault(k.strip().lower(), v.strip())
    return int(lines[0].split()[1]), headers, rest

def send(a, method, path, data=b"", ctype=None, cookie=None, csrf=None):
    """One request on its own connection: (status, headers, body bytes)."""
    s = connect(a.addr, a.ca)
    try:
        h = (f"{method} {path} HTTP/1.1\r\nHost: {a.auth}\r\nAccept-Language: en\r\n"
             f"Connection: close\r\nContent-Length: {len(data)}\r\n")
        h += f"Content-Type: {ctype}\r\n" if ctype else ""
        h += f"Cookie: {cookie}\r\n" if cookie else ""
        h += f"X-CSRF-Token: {csrf}\r\n" if csrf else ""
        s.sendall(h.encode() + b"\r\n" + data)
        status, headers, rest = head(s)
        while len(rest) < int(headers.get("content-length", 1 << 30)):  # else until closed
            d = s.recv(65536)
            if not d:
                break
            rest += d
        return status, headers, rest
    finally:
        s.close()

def request(a, method, path, body, cookie=None, csrf=None):
    """A JSON request: (status, headers, body text)."""
    st, h, b = send(a, method, path, json.dumps(body).encode(), "application/json", cookie, csrf)
    return st, h, b.decode("utf-8", "replace")

def upload(a, cookie, csrf, name, data):
    """POST /api/v1/audio, a recording as a browser's form sends it: (status, body text)."""
    b = "loaconsolepy"
    body = (f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f'Content-Type: audio/wav\r\n\r\n').encode() + data + f"\r\n--{b}--\r\n".encode()
    st, _, text = send(a, "POST", "/api/v1/audio", body, f"multipart/form-data; boundary={b}", cookie, csrf)
    return st, text.decode("utf-8", "replace")

class Events:
    """GET /api/v1/events held open as a page's EventSource holds it: each `status` event's
    object goes to `on_status`; returns when the stream ends, `stop()` is true, or nothing (not
    even the 30 s keep-alive) came for `quiet` seconds."""
    def __init__(self, a, cookie):
        self.a, self.cookie = a, cookie

    def follow(self, on_status, stop, quiet=75):
        s = connect(self.a.addr, self.a.ca)
        try:
            s.sendall((f"GET /api/v1/events HTTP/1.1\r\nHost: {self.a.auth}\r\nAccept: text/event-stream\r\n"
                       f"Accept-Language: en\r\nCookie: {self.cookie}\r\n\r\n").encode())
            st, h, raw = head(s)
            if st != 200:
                raise Failed(f"the events did not open: {st}")
            chunked = h.get("transfer-encoding") == "chunked"
            s.settimeout(1)
            text, last = b"", time.monotonic()
            while not stop():
                if chunked:  # the chunks' payload, in order, as far as it has arrived
                    while (i := raw.find(b"\r\n")) >= 0:
                        n = int(raw[:i].split(b";")[0], 16)
                        if n == 0:
                            return "ended"
                        if len(raw) < i + 2 + n + 2:
                            break
                        text += raw[i + 2:i + 2 + n]
                        raw = raw[i + 2 + n + 2:]
                else:
                    text, raw = text + raw, b""
                while (i := text.find(b"\n\n")) >= 0:
                    block, text = text[:i].decode("utf-8", "replace"), text[i + 2:]
                    fields = {k: v[1:] if v.startswith(" ") else v
                              for k, _, v in (l.partition(":") for l in block.split("\n")) if k}
                    if fields.get("event") == "status":
                        on_status(json.loads(fields.get("data", "null")))
                try:
                    d = s.recv(65536)
                except (TimeoutError, socket.timeout):
                    if time.monotonic() - last > quiet:
                        return f"nothing for {quiet} s"
                    continue
                if not d:
                    return "closed"
                raw, last = raw + d, time.monotonic()
            return "stopped"
        finally:
            s.close()

def login(a):
    st, h, body = request(a, "POST", "/api/v1/login", {"user": a.user, "password": open(a.pw).read()})
    if st != 200:
        raise Failed(f"login: {st} {body}")
    return h["set-cookie"].split(";")[0], json.loads(body)["csrf"]

class Ws:
    def __init__(self, a, cookie):
        self.s = connect(a.addr, a.ca)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((f"GET /api/v1/live HTTP/1.1\r\nHost: {a.auth}\r\nUpgrade: websocket\r\n"
                        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                        f"Origin: https://{a.auth}\r\nCookie: {cookie}\r\n\r\n").encode())
        st, h, self.buf = head(self.s)
        want = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        if st != 101 or h.get("sec-websocket-accept") != want:
            raise Failed(f"the live socket did not open: {st}")
        self.closed = False

    def send(self, op, payload):
        n, mask = len(payload), os.urandom(4)
        hdr = struct.pack("!BB", 0x80 | op, 0x80 | n) if n < 126 else struct.pack("!BBH", 0x80 | op, 0xFE, n)
        m = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
        self.s.sendall(hdr + mask + ((int.from_bytes(payload, "big") ^ m).to_bytes(n, "big") if n else b""))

    def poll(self):
        """The text messages that have arrived, without waiting."""
        self.s.settimeout(0.0)
        try:
            while True:
                d = self.s.recv(65536)
                if not d:
                    self.closed = True
                    break
                self.buf += d
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
            pass
        except OSError:
            self.closed = True
        finally:
            self.s.settimeout(None)
        out = []
        while len(self.buf) >= 2:
            n, off = self.buf[1] & 0x7F, 2  # the server's messages are short: never 64 KiB
            if n == 126 and len(self.buf) >= 4:
                n, off = struct.unpack("!H", self.buf[2:4])[0], 4
            if n == 126 or len(self.buf) < off + n:
                break
            op, payload, self.buf = self.buf[0] & 0x0F, self.buf[off:off + n], self.buf[off + n:]
            if op == 1:
                out.append(json.loads(payload))
            elif op == 9:
                self.send(10, payload)
            elif op == 8:
                self.closed = True
        return out

def live(a, seconds, events):
    ev = open(events, "a", buffering=1)
    log = lambda **k: ev.write(json.dumps(dict(k, t=time.time())) + "\n")
    cookie, _ = login(a)
    ws = Ws(a, cookie)
    ws.send(1, b'{"format":"pcm_s16le","rate":48000,"channels":1}')
    states = []
    def take():
        for m in ws.poll():
            states.append(m)
            log(state=m)
        return next((m for m in states if m.get("state") in ("ended", "refused")), None)
    deadline = time.time() + 30
    while not any(m.get("state") == "on-air" for m in states):
        if take() or ws.closed or time.time() > deadline:
            raise Failed(f"never on air: {states}")
        time.sleep(0.01)
    one = array.array("h", (int(32767 * (0.8 * math.sin(2 * math.pi * 1000 * i / 48000) if i < 960
                                         else 0.2 * math.sin(2 * math.pi * 300 * i / 48000))) for i in range(48000)))
    if sys.byteorder != "little":
        one.byteswap()
    frames = [one.tobytes()[k * 1920:(k + 1) * 1920] for k in range(50)]
    start, i = time.monotonic(), 0
    while seconds == 0 or i < seconds * 50:
        due = start + 0.02 * i
        while True:
            if take():
                raise Failed("ended while speaking", {"frames": i, "states": states})
            if time.monotonic() >= due:
                break
            time.sleep(min(0.005, max(0.0, due - time.monotonic())))
        if i % 50 == 0:
            log(burst=i // 50)
        ws.send(2, frames[i % 50])
        i += 1
        if i % 25 == 0:
            log(sent=i)
    ws.send(1, b'{"stop":true}')
    deadline = time.time() + 20
    while not take() and time.time() < deadline and not ws.closed:
        time.sleep(0.02)
    ws.send(8, b"")
    return {"frames": i, "states": states}

def station(addr, auth, ca, user, pwfile):
    """Where and as whom to reach the console."""
    a = type("Station", (), {})()
    a.addr, a.auth, a.ca, a.user, a.pw = addr, auth, ca, user, pwfile
    return a

if __name__ == "__main__":
    mode, a = sys.argv[1], station(*sys.argv[2:7])
    try:
        if mode == "live":
            print(json.dumps(live(a, int(sys.argv[7]), sys.argv[8])))
        else:
            cookie, csrf = login(a)
            t = time.monotonic()
            st, _, body = request(a, "POST", "/api/v1/play", {"text": sys.argv[7]}, cookie, csrf)
            print(json.dumps({"status": st, "seconds": round(time.monotonic() - t, 2), "body": body}))
    except Failed as e:
        if e.said is not None:
            print(json.dumps(e.said))
        sys.exit(str(e))
