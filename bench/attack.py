#!/usr/bin/env python3
"""The load-and-attack benchmark: does the server hold up under a login flood, and how does
its tail latency compare with what the database itself serves?

    python3 bench/attack.py [--backend sqlite|postgres|both] [--flood-secs S] [--seconds S]

Builds the release binary (installing wrk from Debian if missing); per backend, on a fresh
database loaded by bench/load.py (--employees, default 5,000):

  flood:   128 threads each sending wrong-password logins for --flood-secs (the failure limits
           raised out of the way, so every attempt is hashed: the worst case), while one more
           thread reads GET /api/v1/me as admin. Reports the server's RSS (idle, peak, 5 s
           after) and the bystander's p50/p99 before and during the flood. Targets: peak RSS
           under 256 MB; RSS after within 64 MB of idle.
  limits:  a server with KINERJA_RATE_LIMIT_PER_MINUTE=600: wrk (64 connections, --seconds) as
           one caller on GET /api/v1/employees/{id}, while a second caller (another account)
           reads GET /api/v1/me in a loop. Reports how many of the flood's requests were served
           (target: at most the limit's burst plus its refill over the run), how fast the rest
           were refused (429 per second), and the second caller's p50/p99 and answers (target:
           no 429).
  latency: wrk, 2 threads, 64 connections, --seconds, on authenticated GET
           /api/v1/employees/{id}; the reference measured in the same run is `pgbench -S -M
           prepared` (64 clients) on PostgreSQL and wrk on /health/live on SQLite. Targets:
           ≥ 0.4 × pgbench (PostgreSQL), ≥ 0.25 × /health/live (SQLite), p99 ≤ 10 × p50, no
           errors.
Exit code 1 when a target fails. See "Load and attack" in README.md.
"""
import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reach import BINARY, PASSWORD, ROOT, call, free_port, login  # noqa: E402
from reach import setup as build  # noqa: E402
from rounds import Scratch  # noqa: E402

FLOODERS = 128
RATE_LIMIT = 600  # requests per caller and minute in the limits phase


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        kb = int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1))
    return kb / 1024


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


class Server:
    def __init__(self, backend, pg_server, employees, rate_limit=0):
        self.db = Scratch(backend, pg_server)
        self.env = dict(os.environ, KINERJA_DATABASE_URL=self.db.url,
                        KINERJA_ADMIN_PASSWORD=PASSWORD, KINERJA_ACCESS_TOKEN_TTL_SECS="86400",
                        KINERJA_LOG="warn", KINERJA_RATE_LIMIT_PER_MINUTE=str(rate_limit),
                        KINERJA_LOGIN_FAILURES_PER_ADDRESS="1000000",
                        KINERJA_LOGIN_FAILURES_PER_USERNAME="1000")
        subprocess.run([BINARY, "migrate"], env=self.env, check=True)
        loaded = subprocess.run(
            [sys.executable, os.path.join(ROOT, "bench", "load.py"), self.db.url,
             "--employees", str(employees)], check=True, stdout=subprocess.PIPE, text=True)
        self.loaded = json.loads(loaded.stdout)
        self.port = free_port()
        self.env["KINERJA_BIND"] = f"127.0.0.1:{self.port}"
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([BINARY, "serve"], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/health/ready")
                break
            except OSError:
                time.sleep(0.2)
        self.token = login(self.base, "admin")

    def close(self):
        self.proc.terminate()
        self.proc.wait()
        self.db.drop()


def bystander(port, token, stop, latencies, every=0.0):
    """Reads GET /api/v1/me until `stop`, one request per `every` seconds at most; an answer
    other than 200 adds an infinite latency."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    next_at = time.monotonic()
    while not stop.is_set():
        if stop.wait(max(0.0, next_at - time.monotonic())):
            break
        next_at += every
        t0 = time.monotonic()
        conn.request("GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        r = conn.getresponse()
        r.read()
        latencies.append((time.monotonic() - t0) * 1000)
        if r.status != 200:
            latencies.append(float("inf"))


def flooder(port, stop, statuses, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    seen = {}
    while not stop.is_set():
        body = f"grant_type=password&username=user{random.randrange(10**6)}&password=wrong-pass"
        try:
            conn.request("POST", "/api/v1/auth/token", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded"})
            r = conn.getresponse()
            r.read()
            seen[r.status] = seen.get(r.status, 0) + 1
        except OSError:
            seen["error"] = seen.get("error", 0) + 1
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    with lock:
        for k, v in seen.items():
            statuses[k] = statuses.get(k, 0) + v


def flood(server, secs):
    pid = server.proc.pid
    idle = rss_mb(pid)
    before, during = [], []
    stop = threading.Event()
    watcher = threading.Thread(target=bystander, args=(server.port, server.token, stop, before))
    watcher.start()
    time.sleep(3)
    stop.set()
    watcher.join()
    stop = threading.Event()
    statuses, lock = {}, threading.Lock()
    threads = [threading.Thread(target=flooder, args=(server.port, stop, statuses, lock))
               for _ in range(FLOODERS)]
    threads.append(threading.Thread(target=bystander,
                                    args=(server.port, server.token, stop, during)))
    for t in threads:
        t.start()
    peak, t_end = idle, time.monotonic() + secs
    while time.monotonic() < t_end:
        peak = max(peak, rss_mb(pid))
        time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join()
    time.sleep(5)
    after = rss_mb(pid)
    return dict(idle=idle, peak=peak, after=after, statuses=statuses,
                before=(percentile(before, 0.5), percentile(before, 0.99)),
                during=(percentile(during, 0.5), percentile(during, 0.99)),
                logins_per_s=statuses.get(400, 0) / secs)


def wrk(url, token, seconds, warm=True):
    args = ["wrk", "-t2", "-c64", "--latency"]
    if token:
        args += ["-H", f"Authorization: Bearer {token}"]
    if warm:
        subprocess.run(args + ["-d1s", url], check=True, capture_output=True)
    out = subprocess.run(args + [f"-d{seconds}s", url], check=True, capture_output=True,
                         text=True).stdout

    def ms(label):
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = "Non-2xx" in out or "Socket errors" in out
    refused = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return dict(rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
                p50=ms("50%"), p99=ms("99%"), errors=errors,
                requests=int(re.search(r"(\d+) requests in", out).group(1)),
                refused=int(refused.group(1)) if refused else 0)


def pgbench(pg_server, seconds):
    db = f"kinerja_pgbench_{os.getpid()}"
    env = dict(os.environ, PGGSSENCMODE="disable")
    subprocess.run(["psql", "-X", "-q", pg_server, "-c", f"CREATE DATABASE {db}"], check=True,
                   env=env)
    url = pg_server.rsplit("/", 1)[0] + "/" + db
    try:
        subprocess.run(["pgbench", "-q", "-i", "-s", "1", url], check=True, env=env,
                       capture_output=True)
        out = subprocess.run(["pgbench", "-S", "-M", "prepared", "-c", "64", "-j", "2",
                              "-T", str(seconds), url], check=True, env=env,
                             capture_output=True, text=True).stdout
        return float(re.search(r"tps = ([\d.]+)", out).group(1))
    finally:
        subprocess.run(["psql", "-X", "-q", pg_server, "-c",
                        f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"], env=env)


def limits(backend, args):
    server = Server(backend, args.pg_server, args.employees, rate_limit=RATE_LIMIT)
    try:
        other = call(server.base, "POST", "/api/v1/users", server.token,
                     json_body=dict(username="bench.other", password=PASSWORD, roles=[]))
        other_token = login(server.base, other["username"])
        employee = sample_employee(server)
        stop, latencies = threading.Event(), []
        # 5 a second: half the limit's rate.
        watcher = threading.Thread(target=bystander,
                                   args=(server.port, other_token, stop, latencies, 0.2))
        watcher.start()
        flood = wrk(f"{server.base}/api/v1/employees/{employee}", server.token, args.seconds,
                    warm=False)
        stop.set()
        watcher.join()
    finally:
        server.close()
    served = flood["requests"] - flood["refused"]
    # The bucket starts full (the limit) and refills at limit/60 per second; wrk's run may
    # overshoot its nominal seconds a little.
    allowed = RATE_LIMIT + RATE_LIMIT * (args.seconds + 1) / 60
    refused_other = sum(1 for v in latencies if v == float("inf"))
    answered = [v for v in latencies if v != float("inf")]  # every request's latency
    return dict(served=served, allowed=allowed, refused=flood["refused"],
                refused_per_s=flood["refused"] / args.seconds, other_requests=len(answered),
                other_refused=refused_other,
                other=(percentile(answered, 0.5), percentile(answered, 0.99)))


def sample_employee(server):
    employee = server.loaded.get("sample_employee_id")
    if not employee:
        page = json.loads(urllib.request.urlopen(urllib.request.Request(
            server.base + "/api/v1/employees?limit=1",
            headers={"Authorization": f"Bearer {server.token}"})).read())
        employee = page["items"][0]["id"]
    return employee


def latency(server, backend, args):
    employee = sample_employee(server)
    api = wrk(f"{server.base}/api/v1/employees/{employee}", server.token, args.seconds)
    if backend == "postgres":
        reference, name = pgbench(args.pg_server, args.seconds), "pgbench -S -M prepared"
    else:
        reference, name = wrk(f"{server.base}/health/live", None, args.seconds)["rps"], \
            "/health/live"
    return dict(api=api, reference=reference, reference_name=name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--employees", type=int, default=5000)
    ap.add_argument("--flood-secs", type=int, default=15)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--pg-server", default=os.environ.get(
        "KINERJA_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    args = ap.parse_args()
    build()
    failed = False
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print("| backend | RSS idle → peak → after | checked logins/s | other answers | "
          "bystander p50/p99 before → during |")
    print("|---|---|---|---|---|")
    latencies, limited = {}, {}
    for backend in backends:
        limited[backend] = limits(backend, args)
        server = Server(backend, args.pg_server, args.employees)
        try:
            f = flood(server, args.flood_secs)
            latencies[backend] = latency(server, backend, args)
        finally:
            server.close()
        others = ", ".join(f"{k}: {v}" for k, v in sorted(f["statuses"].items(), key=str)
                           if k != 400)
        print(f"| {backend} | {f['idle']:.0f} → {f['peak']:.0f} → {f['after']:.0f} MB | "
              f"{f['logins_per_s']:.0f} | {others or 'none'} | "
              f"{f['before'][0]:.1f}/{f['before'][1]:.1f} → "
              f"{f['during'][0]:.1f}/{f['during'][1]:.1f} ms |")
        failed |= f["peak"] > 256 or f["after"] - f["idle"] > 64
    print()
    print("| backend | flood served (allowed) | refused | other caller: requests, 429, p50/p99 |")
    print("|---|---|---|---|")
    for backend, r in limited.items():
        print(f"| {backend} | {r['served']:,} (≤ {r['allowed']:,.0f}) | "
              f"{r['refused']:,} ({r['refused_per_s']:,.0f}/s) | {r['other_requests']:,}, "
              f"{r['other_refused']}, {r['other'][0]:.1f}/{r['other'][1]:.1f} ms |")
        failed |= r["served"] > r["allowed"] or r["other_refused"] > 0
    print()
    print("| backend | GET /employees/{id} | p50 | p99 | p99/p50 | reference | ratio |")
    print("|---|---|---|---|---|---|---|")
    for backend, r in latencies.items():
        api, target = r["api"], 0.4 if backend == "postgres" else 0.25
        ratio = api["rps"] / r["reference"]
        tail = api["p99"] / api["p50"]
        print(f"| {backend} | {api['rps']:,.0f}/s{' (errors)' if api['errors'] else ''} | "
              f"{api['p50']:.2f} ms | {api['p99']:.2f} ms | {tail:.1f} | "
              f"{r['reference_name']} {r['reference']:,.0f}/s | {ratio:.2f} × "
              f"(target ≥ {target}) |")
        failed |= api["errors"] or ratio < target or tail > 10
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
