#!/usr/bin/env python3
"""The reach benchmark: does what a caller may see cost more than what admin sees?

    python3 bench/reach.py [--backend sqlite|postgres|both] [--employees N]
                            [--seconds S] [--rounds R]

Builds the release binary, and per backend: a fresh database, `kinerja migrate`, bench/load.py,
the server on a free port, accounts for hr of the root unit, the Sekda, a kasi, his kepala
dinas and hr of that dinas, then `wrk` against three requests per caller. Prints mean latency, requests/s and ratios. See
bench/README.md.
"""
import argparse
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")),
                      "release", "kinerja")
PASSWORD = "reach-bench-password"
PAGE, DEEP = 50, 1000  # page size, and the deep page the issue asks about


def wait_for_builds():
    """The machine is shared: never build or measure while another cargo/rustc runs."""
    said = False
    while any(subprocess.run(["pgrep", "-x", p], capture_output=True).returncode == 0
              for p in ("cargo", "rustc")):
        if not said:
            print("waiting while another cargo/rustc runs ...", file=sys.stderr)
            said = True
        time.sleep(20)


def setup():
    if not shutil.which("wrk"):
        apt = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=apt)
    wait_for_builds()
    if subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT).returncode:
        sys.exit("the release build failed: nothing to measure")


def call(base, method, path, token=None, json_body=None, form=None):
    headers, data = {}, None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if json_body is not None:
        headers["Content-Type"], data = "application/json", json.dumps(json_body).encode()
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urllib.parse.urlencode(form).encode()
    req = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        sys.exit(f"{method} {path}: {e.code} {e.read().decode()[:500]}")


def login(base, username):
    return call(base, "POST", "/api/v1/auth/token", form=dict(
        grant_type="password", username=username, password=PASSWORD))["access_token"]


def visible_ids(base, token, limit):
    """The ids a caller sees, in listing order, up to `limit` of them (pages of 200)."""
    ids, cursor = [], None
    while len(ids) < limit:
        q = "?limit=200" + (f"&cursor={cursor}" if cursor else "")
        page = call(base, "GET", "/api/v1/employees" + q, token)
        ids += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    return ids


def cursor_after(id_):
    return base64.urlsafe_b64encode(id_.encode()).decode().rstrip("=")


def wrk(url, token, seconds):
    """(mean ms, requests/s) under a bounded load: 4 connections from one wrk thread on
    loopback, after a one-second warm-up."""
    args = ["wrk", "-t1", "-c4", "-H", f"Authorization: Bearer {token}", url]
    subprocess.run(args + ["-d1s"], check=True, capture_output=True)
    out = subprocess.run(args + [f"-d{seconds}s"], check=True, capture_output=True,
                         text=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"{url}: not every answer was a 2xx:\n{out}")
    value, unit = re.search(r"Latency\s+([\d.]+)(us|ms|s)\b", out).groups()
    mean = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return mean, float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def median(runs):
    """The (mean ms, req/s) run of median latency."""
    return sorted(runs)[len(runs) // 2]


class Database:
    """A fresh database of one backend, dropped on exit."""

    def __init__(self, backend, pg_server):
        self.backend = backend
        if backend == "sqlite":
            self.dir = tempfile.mkdtemp(prefix="kinerja-reach-")
            self.url = os.path.join(self.dir, "reach.db")
        else:
            self.name = f"kinerja_reach_{os.getpid()}"
            self.server = pg_server
            self.psql(f"CREATE DATABASE {self.name}")
            parts = urllib.parse.urlsplit(pg_server)
            self.url = urllib.parse.urlunsplit(parts._replace(
                path="/" + self.name, query="sslmode=disable&gssencmode=disable"))

    def psql(self, sql):
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.server, "-c", sql],
                       check=True, env=dict(os.environ, PGGSSENCMODE="disable"))

    def drop(self):
        if self.backend == "sqlite":
            shutil.rmtree(self.dir, ignore_errors=True)
        else:
            self.psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_backend(backend, args):
    db = Database(backend, args.pg_server)
    server = None
    try:
        env = dict(os.environ, KINERJA_DATABASE_URL=db.url, KINERJA_ADMIN_PASSWORD=PASSWORD,
                   KINERJA_ACCESS_TOKEN_TTL_SECS="86400", KINERJA_LOG="warn", KINERJA_RATE_LIMIT_PER_MINUTE="0")
        subprocess.run([BINARY, "migrate"], env=env, check=True)
        t0 = time.monotonic()
        loaded = json.loads(subprocess.run(
            [sys.executable, os.path.join(ROOT, "bench", "load.py"), db.url,
             "--employees", str(args.employees)], check=True, stdout=subprocess.PIPE,
            text=True).stdout)
        load_secs = time.monotonic() - t0
        port = free_port()
        env["KINERJA_BIND"] = f"127.0.0.1:{port}"
        server = subprocess.Popen([BINARY, "serve"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=open(os.path.join(tempfile.gettempdir(),
                                                           f"kinerja-reach-{backend}.log"), "w"))
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health/ready")
                break
            except OSError:
                time.sleep(0.2)
        return measure(base, loaded, load_secs, args)
    finally:
        if server:
            server.terminate()
            server.wait()
        db.drop()


def measure(base, loaded, load_secs, args):
    admin = login(base, "admin")
    accounts = [("hr (root)", dict(username="bench.hr", roles=["hr"],
                                   scope_unit_id=loaded["root_unit_id"])),
                ("sekda", dict(employee_id=loaded["sekda_id"])),
                ("kasi", dict(employee_id=loaded["kasi_id"])),
                # mid-sized reaches (2,500 people at 100,000): too many to sort cheaply, too
                # few for a walk in id order to find 50 soon
                ("kadis", dict(employee_id=loaded["kadis_id"])),
                ("hr (dinas)", dict(username="bench.hr.dinas", roles=["hr"],
                                    scope_unit_id=loaded["dinas_unit_id"]))]
    tokens = {"admin": admin}
    for name, body in accounts:
        user = call(base, "POST", "/api/v1/users", admin, json_body=dict(body, password=PASSWORD))
        tokens[name] = login(base, user["username"])
    wanted = PAGE * (DEEP - 1)
    requests, seen, labels = {}, {}, {}
    for name, token in tokens.items():
        ids = visible_ids(base, token, wanted + 1)
        if name == "admin":
            admin_ids = ids
        # "all": the first 50,000 are admin's, in admin's order (we stop walking there)
        seen[name] = "all" if ids[:wanted + 1] == admin_ids[:wanted + 1] else len(ids)
        deep = DEEP if len(ids) > wanted else (len(ids) - 1) // PAGE + 1
        labels[name] = f"page {deep}" + ("" if deep == DEEP else " (last)")
        requests[name] = {
            "first page": f"/api/v1/employees?limit={PAGE}",
            "deep page": f"/api/v1/employees?limit={PAGE}&cursor="
                         + cursor_after(ids[PAGE * (deep - 1) - 1]) if deep > 1 else None,
            "one employee": f"/api/v1/employees/{loaded['staff_id']}",
        }
    runs = {}
    for _ in range(args.rounds):  # rounds, and callers side by side: ratios from the same minute
        for request in ("first page", "deep page", "one employee"):
            for name, token in tokens.items():
                path = requests[name][request]
                if path:
                    wait_for_builds()
                    runs.setdefault((name, request), []).append(
                        wrk(base + path, token, args.seconds))
    results = {(name, request): runs.get((name, request)) and median(runs[name, request])
               for request in ("first page", "deep page", "one employee") for name in tokens}
    return dict(loaded=loaded, load_secs=load_secs, seen=seen, labels=labels,
                requests=requests, results=results)


def report(backend, r, employees):
    print(f"\n== {backend}: {employees} employees, {r['loaded']['units']} units; "
          f"load {r['load_secs']:.1f} s ==")
    print(f"{'caller':<10} {'sees':>7}  {'request':<18} {'mean ms':>8} {'req/s':>8} "
          f"{'x admin':>8} {'x page 1':>8}  target")
    fails = 0
    for (name, request), res in r["results"].items():
        if res is None:
            print(f"{name:<10} {str(r['seen'][name]):>7}  {'deep page':<18} "
                  "(one page only: nothing to measure)")
            continue
        mean, rps = res
        x_admin = mean / r["results"]["admin", request][0]
        label = r["labels"][name] if request == "deep page" else request
        line = (f"{name:<10} {str(r['seen'][name]):>7}  {label:<18} {mean:8.2f} {rps:8.0f} "
                f"{x_admin:8.2f}")
        if request == "deep page":
            ratio = mean / r["results"][name, "first page"][0]
            ok = ratio <= 1.2
            line += f" {ratio:8.2f}  {'PASS' if ok else 'FAIL'} (<= 1.2 x page 1)"
        else:
            ok = x_admin <= 3
            line += f" {'':>8}  {'PASS' if ok else 'FAIL'} (<= 3 x admin)"
        fails += not ok
        print(line)
    people = r["loaded"]["people_of_dinas"]
    for name, expected, who in (
            ("kasi", r["loaded"]["staff_of_kasi"] + 3, "himself, 2 superiors, his staff"),
            ("kadis", people + 1, "the Sekda and his dinas"),
            ("hr (dinas)", people, "the dinas")):
        if r["seen"][name] != expected:
            fails += 1
            print(f"WRONG: {name} sees {r['seen'][name]}, expected {expected} ({who})")
    print("requests:")
    for name, reqs in r["requests"].items():
        for request, path in reqs.items():
            if path:
                print(f"  {name:<10} {request:<13} GET {path}")
    return fails


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--employees", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=3, help="per measurement (default 3)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="measure everything this many times, report the median (default 3)")
    ap.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432/postgres",
                    help="where to create the temporary PostgreSQL database")
    args = ap.parse_args()
    setup()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    fails = sum(report(b, run_backend(b, args), args.employees) for b in backends)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
