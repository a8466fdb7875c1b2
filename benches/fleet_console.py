#!/usr/bin/env python3
"""The province's console as its operators' browsers use it, for benches/fleet.sh (standard
library only). Each mode logs in as USER/PASSWORD at BASE (https://127.0.0.1:PORT; the
console's self-signed certificate is not checked: loopback, a bench).

  wait BASE USER PW N LIMIT          until the nodes API counts N online; prints the seconds
  requests BASE USER PW              the nodes API and pages, timed: p50/p99 per kind
  follow BASE USER PW N ROUND FILE   follows /api/v1/fleet/events until N distinct nodes were
                                     told with schedule.hash = ROUND (hex); writes "ready" to
                                     FILE once listening; prints the seconds from FILE's
                                     second line (the publisher's start, epoch seconds)
  send BASE USER PW PREFIX PRESET    POSTs an emergency bulletin; prints "MS-EPOCH ID"
"""
import http.client
import json
import math
import ssl
import sys
import time


class Console:
    def __init__(self, base, user, password):
        host, port = base.removeprefix("https://").split(":")
        self.addr = (host, int(port))
        self.ctx = ssl._create_unverified_context()
        self.cookie = ""
        self.csrf = ""
        r = self.call("POST", "/api/v1/login", json.dumps({"user": user, "password": password}))
        if r[0] != 200:
            sys.exit(f"login: {r[0]} {r[1][:200]}")
        self.csrf = json.loads(r[1])["csrf"]

    def conn(self):
        return http.client.HTTPSConnection(*self.addr, context=self.ctx, timeout=120)

    def call(self, method, path, body=None, conn=None):
        c = conn or self.conn()
        headers = {"Cookie": self.cookie}
        if body is not None:
            headers["Content-Type"] = "application/json"
            headers["X-CSRF-Token"] = self.csrf
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie" and not self.cookie:
                self.cookie = v.split(";")[0]
        if conn is None:
            c.close()
        return r.status, data


def changed(group, want):
    """The nodes under `group` (the API's tree) whose status has schedule.hash `want`."""
    out = {n["node"] for n in group.get("nodes", []) if n.get("status", {}).get("schedule", {}).get("hash") == want}
    for g in group.get("groups", []):
        out |= changed(g, want)
    return out


def q(xs, f):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(len(xs) * f) - 1))]


def main(argv):
    mode, base, user, pw = argv[1:5]
    c = Console(base, user, pw)
    if mode == "wait":
        n, limit = int(argv[5]), float(argv[6])
        t0 = time.time()
        while True:
            status, body = c.call("GET", "/api/v1/fleet/nodes?depth=0")
            if status == 200 and json.loads(body).get("online", 0) >= n:
                print(f"{time.time() - t0:.2f}")
                return
            if time.time() - t0 > limit:
                sys.exit(f"not {n} online in {limit} s: {body[:200]}")
            time.sleep(0.1)
    if mode == "requests":
        kinds = [
            ("nodes API, the province's districts (depth=1)", "/api/v1/fleet/nodes?depth=1", 200),
            ("nodes API, one commune's 50 clusters", "/api/v1/fleet/nodes?prefix=sim/d05/c07", 200),
            ("nodes API, the whole tree (every node's row)", "/api/v1/fleet/nodes", 20),
            ("the nodes page, the province", "/", 100),
            ("the nodes page, one commune", "/?prefix=sim/d05/c07", 100),
        ]
        conn = c.conn()
        for name, path, times in kinds:
            lat, size = [], 0
            for _ in range(times):
                t = time.perf_counter()
                status, body = c.call("GET", path, conn=conn)
                lat.append((time.perf_counter() - t) * 1000)
                if status != 200:
                    sys.exit(f"{path}: {status}")
                size = len(body)
            print(f"{name}: p50 {q(lat, .5):.1f} ms, p99 {q(lat, .99):.1f} ms ({times} requests, {size / 1024:.0f} KiB)")
        return
    if mode == "follow":
        n, want, ready = int(argv[5]), f"{int(argv[6]):016x}", argv[7]
        conn = c.conn()
        conn.request("GET", "/api/v1/fleet/events", headers={"Cookie": c.cookie})
        r = conn.getresponse()
        open(ready, "w").write("ready\n")
        seen, resyncs, event = set(), 0, ""
        while len(seen) < n:
            line = r.fp.readline().decode()
            if not line:
                sys.exit("the events stream ended")
            if line.startswith("event:"):
                event = line[6:].strip()
                if event == "resync":
                    # Events were dropped: the tree read again, as province.js does.
                    resyncs += 1
                    status, body = c.call("GET", "/api/v1/fleet/nodes")
                    seen |= changed(json.loads(body), want)
            elif line.startswith("data:") and event == "node":
                row = json.loads(line[5:])
                if row.get("status", {}).get("schedule", {}).get("hash") == want:
                    seen.add(row["node"])
        end = time.time()
        start = float(open(ready).read().split()[1])
        print(f"{end - start:.2f} {resyncs}")
        return
    if mode == "send":
        prefix, preset = argv[5], argv[6]
        body = json.dumps({"to": prefix, "level": "emergency", "preset": preset, "title": "Cảnh báo bão"})
        at = int(time.time() * 1000)
        status, data = c.call("POST", "/api/v1/fleet/send", body)
        if status != 200:
            sys.exit(f"send: {status} {data[:300]}")
        print(at, json.loads(data)["id"])
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
