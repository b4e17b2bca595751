#!/usr/bin/env python3
"""The 360° round benchmark: what does creating a round for a whole organisation cost?

    python3 bench/rounds.py [--backend sqlite|postgres|both] [--employees N [N ...]]
                             [--rounds R]

Builds the release binary, and per backend and population: a fresh database, `kinerja migrate`,
bench/load.py, the server on a free port, a period, then `--rounds` times: admin reads every
employee through the API (pages of 200: the reference) and creates a round for the root unit
(every employee assessed). Prints the median wall times, the counts the round reports, their
ratio and assignments per second, then a Markdown table. See "The 360° round benchmark"
in README.md.
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import build  # noqa: E402  the organisation load.py writes, to check the counts
from reach import (BINARY, PASSWORD, ROOT, Database, call, free_port,  # noqa: E402
                   login, wait_for_builds)

SEED = 12  # load.py's default, passed explicitly: the expected counts are computed from it


class Scratch(Database):
    """reach.py's fresh database, named after this benchmark: a temporary SQLite file or a new
    PostgreSQL database kinerja_rounds_<pid>, dropped on exit."""

    def __init__(self, backend, pg_server):
        self.backend = backend
        if backend == "sqlite":
            self.dir = tempfile.mkdtemp(prefix="kinerja-rounds-")
            self.url = os.path.join(self.dir, "rounds.db")
        else:
            self.name = f"kinerja_rounds_{os.getpid()}"
            self.server = pg_server
            self.psql(f"CREATE DATABASE {self.name}")
            parts = urllib.parse.urlsplit(pg_server)
            self.url = urllib.parse.urlunsplit(parts._replace(
                path="/" + self.name, query="sslmode=disable&gssencmode=disable"))


def builds_running():
    return any(subprocess.run(["pgrep", "-x", p], capture_output=True).returncode == 0
               for p in ("cargo", "rustc"))


class Quiet:
    """Times a block, and notes whether a cargo/rustc ran at any moment during it (polled
    every half second): the machine is shared, and a build would take a core from us."""

    def __enter__(self):
        wait_for_builds()
        self.disturbed, self.done = False, threading.Event()

        def watch():
            while not self.done.wait(0.5):
                self.disturbed = self.disturbed or builds_running()
        self.watcher = threading.Thread(target=watch, daemon=True)
        self.watcher.start()
        self.t0 = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.secs = time.monotonic() - self.t0
        self.done.set()
        self.watcher.join()
        self.disturbed = self.disturbed or builds_running()


def setup():
    wait_for_builds()
    if subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT).returncode:
        sys.exit("the release build failed: nothing to measure")


def expected_counts(employees):
    """(assessees, assignments) for a round over the whole organisation load.py writes: per
    person themselves, their superior and the superior's other reports, and their own reports
    (everyone is active)."""
    _, people, _ = build(employees, SEED)
    reports = {}
    for e in people:
        if e["supervisor_id"]:
            reports[e["supervisor_id"]] = reports.get(e["supervisor_id"], 0) + 1
    assignments = 0
    for e in people:
        assignments += 1 + reports.get(e["id"], 0)  # self, subordinates
        if e["supervisor_id"]:
            assignments += reports[e["supervisor_id"]]  # the superior, and the other reports
    return len(people), assignments


def read_everyone(port, token):
    """Every employee admin sees, in pages of 200 over one keep-alive connection, as a client
    would read them; returns how many."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Authorization": f"Bearer {token}"}
    seen, cursor = 0, None
    try:
        while True:
            path = "/api/v1/employees?limit=200" + (f"&cursor={cursor}" if cursor else "")
            conn.request("GET", path, headers=headers)
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                sys.exit(f"GET {path}: {r.status} {body.decode()[:500]}")
            page = json.loads(body)
            seen += len(page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                return seen
    finally:
        conn.close()


def median(values):
    return sorted(values)[len(values) // 2]


def run(backend, employees, args):
    db = Scratch(backend, args.pg_server)
    server = None
    try:
        env = dict(os.environ, KINERJA_DATABASE_URL=db.url, KINERJA_ADMIN_PASSWORD=PASSWORD,
                   KINERJA_ACCESS_TOKEN_TTL_SECS="86400", KINERJA_LOG="warn", KINERJA_RATE_LIMIT_PER_MINUTE="0")
        subprocess.run([BINARY, "migrate"], env=env, check=True)
        t0 = time.monotonic()
        loaded = json.loads(subprocess.run(
            [sys.executable, os.path.join(ROOT, "bench", "load.py"), db.url,
             "--employees", str(employees), "--seed", str(SEED)], check=True,
            stdout=subprocess.PIPE, text=True).stdout)
        load_secs = time.monotonic() - t0
        port = free_port()
        env["KINERJA_BIND"] = f"127.0.0.1:{port}"
        log = os.path.join(tempfile.gettempdir(), f"kinerja-rounds-{backend}.log")
        server = subprocess.Popen([BINARY, "serve"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=open(log, "w"))
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health/ready")
                break
            except OSError:
                time.sleep(0.2)
        return dict(measure(base, port, loaded, args), load_secs=load_secs,
                    units=loaded["units"])
    finally:
        if server:
            server.terminate()
            server.wait()
        db.drop()


def measure(base, port, loaded, args):
    admin = login(base, "admin")
    period = call(base, "POST", "/api/v1/periods", admin, json_body=dict(
        name="SKP 2026", starts_on="2026-01-01", ends_on="2026-12-31", regime="pp30_2021",
        uses_360=True))
    everyone = read_everyone(port, admin)  # warm-up, and the population admin sees
    creation, reference, counts, notes = [], [], [], []
    for i in range(1, args.rounds + 1):  # side by side: both figures from the same minute
        for attempt in range(3):
            with Quiet() as q:
                read_everyone(port, admin)
            if not q.disturbed:
                break
            notes.append(f"reference {i}: a build ran meanwhile, measured again")
        reference.append(q.secs)
        with Quiet() as q:
            # Each run is a new round on the same data; rounds are independent.
            r = call(base, "POST", "/api/v1/assessment-rounds", admin, json_body=dict(
                period_id=period["id"], name=f"360° bench {i}", unit_id=loaded["root_unit_id"]))
        if q.disturbed:  # not measured again: that would add another round's rows
            notes.append(f"round {i}: a build ran meanwhile ({q.secs:.1f} s)")
        creation.append(q.secs)
        counts.append((r["assessees"], r["assignments"]))
        print(f"  run {i}: reference {reference[-1]:.2f} s, round {q.secs:.2f} s "
              f"({r['assessees']} assessees, {r['assignments']} assignments)",
              file=sys.stderr)
    return dict(everyone=everyone, creation=creation, reference=reference, counts=counts,
                notes=notes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--employees", type=int, nargs="+", default=[5_000, 50_000],
                    help="population sizes, each loaded into its own database "
                         "(default 5000 50000)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="measure this many times, report the median (default 3)")
    ap.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432/postgres",
                    help="where to create the temporary PostgreSQL database")
    args = ap.parse_args()
    setup()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    rows, fails = [], 0
    for employees in args.employees:
        want = expected_counts(employees)
        for backend in backends:
            print(f"== {backend}: {employees} employees ==", file=sys.stderr)
            r = run(backend, employees, args)
            create, ref = median(r["creation"]), median(r["reference"])
            assessees, assignments = r["counts"][0]
            print(f"\n== {backend}: {employees} employees, {r['units']} units; "
                  f"load {r['load_secs']:.1f} s ==")
            print(f"round creation: {create:.2f} s (runs: "
                  f"{', '.join(f'{s:.2f}' for s in r['creation'])})")
            print(f"reference, admin reads all {r['everyone']} employees in pages of 200: "
                  f"{ref:.2f} s (runs: {', '.join(f'{s:.2f}' for s in r['reference'])})")
            print(f"assessees {assessees}, assignments {assignments}; creation / reference "
                  f"{create / ref:.1f}; {assignments / create:,.0f} assignments/s")
            for note in r["notes"]:
                print("note:", note)
            if r["everyone"] != employees:
                fails += 1
                print(f"WRONG: admin lists {r['everyone']} employees, expected {employees}")
            if any(c != want for c in r["counts"]):
                fails += 1
                print(f"WRONG: rounds reported {r['counts']}, expected {want} "
                      "(assessees, assignments)")
            rows.append((backend, employees, assessees, assignments, create, ref))
    print("\n| backend | employees | assessees | assignments | round creation s | "
          "reference s | creation / reference | assignments/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for backend, employees, assessees, assignments, create, ref in rows:
        print(f"| {'SQLite' if backend == 'sqlite' else 'PostgreSQL'} | {employees:,} | "
              f"{assessees:,} | {assignments:,} | {create:.2f} | {ref:.2f} | "
              f"{create / ref:.1f} | {assignments / create:,.0f} |")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
