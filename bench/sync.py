#!/usr/bin/env python3
"""The sync benchmark: how fast does a province's nightly job load its employees?

    python3 bench/sync.py [--backend sqlite|postgres|both] [--employees N] [--singles K]

Builds the release binary; per backend, the organisation bench/load.py describes (641 units,
N employees with valid NIPs and superiors) goes, each time into a fresh database:
  - raw:    bench/load.py itself, the database's own bulk insert (SQLite: one transaction of
            prepared inserts; PostgreSQL: COPY), the reference;
  - json:   POST /api/v1/sync/employees, 1,000 rows a request (units first through sync/units);
  - csv:    the same rows as text/csv with semicolons;
  - single: POST /api/v1/employees one at a time, for the first K employees (a rate);
  - again:  the JSON rows sent a second time, all unchanged: the nightly steady state.
Prints employees per second for each, side by side, and each API rate as a ratio of raw.
See "The sync benchmark" in README.md.
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import build  # noqa: E402
from reach import BINARY, PASSWORD, ROOT, free_port, login, wait_for_builds  # noqa: E402
from rounds import Quiet, Scratch  # noqa: E402

SEED = 12
BATCH = 1000


class Server:
    """`kinerja serve` on a fresh, migrated database of one backend."""

    def __init__(self, backend, pg_server):
        self.db = Scratch(backend, pg_server)
        self.env = dict(os.environ, KINERJA_DATABASE_URL=self.db.url,
                        KINERJA_ADMIN_PASSWORD=PASSWORD, KINERJA_ACCESS_TOKEN_TTL_SECS="86400",
                        KINERJA_LOG="warn", KINERJA_RATE_LIMIT_PER_MINUTE="0")
        subprocess.run([BINARY, "migrate"], env=self.env, check=True)
        self.proc = None

    def start(self):
        self.port = free_port()
        self.env["KINERJA_BIND"] = f"127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([BINARY, "serve"], env=self.env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health/ready")
                break
            except OSError:
                time.sleep(0.2)
        self.token = login(base, "admin")
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        return self

    def post(self, path, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.conn.request("POST", path, body=data, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": content_type})
        r = self.conn.getresponse()
        payload = r.read()
        if r.status not in (200, 201):
            sys.exit(f"POST {path}: {r.status} {payload.decode()[:500]}")
        return json.loads(payload)

    def close(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait()
        self.db.drop()


def rows(n):
    units, people, _ = build(n, SEED)
    code = {u["id"]: u["code"] for u in units}
    nip = {e["id"]: e["nip"] for e in people}
    unit_rows = [dict(code=u["code"], name=u["name"], kind=u["kind"],
                      parent_code=code.get(u["parent_id"])) for u in units]
    employee_rows = [dict(nip=e["nip"], name=e["name"], asn_type="pns", rank=e["rank"],
                          position_title=e["position_title"], position_type=e["position_type"],
                          unit_code=code[e["unit_id"]], supervisor_nip=nip.get(e["supervisor_id"]))
                     for e in people]
    return unit_rows, employee_rows


def csv_body(batch):
    fields = ["nip", "name", "asn_type", "rank", "position_title", "position_type", "unit_code",
              "supervisor_nip"]
    lines = [";".join(fields)]
    for r in batch:
        lines.append(";".join((r.get(f) or "").replace(";", ",") for f in fields))
    return ("\r\n".join(lines) + "\r\n").encode()


def sync_all(server, employee_rows, as_csv):
    """Sends every row, 1,000 a request; how many were created."""
    total = 0
    for i in range(0, len(employee_rows), BATCH):
        batch = employee_rows[i:i + BATCH]
        if as_csv:
            r = server.post("/api/v1/sync/employees", csv_body(batch), "text/csv")
        else:
            r = server.post("/api/v1/sync/employees", {"rows": batch})
        if r["failed"]:
            bad = next(x for x in r["rows"] if x["outcome"] == "failed")
            sys.exit(f"a row failed: {bad}")
        total += r["created"]
    return total


def run(backend, args, unit_rows, employee_rows):
    result, notes = {}, []
    # raw: the database's own bulk insert of the same organisation.
    db = Scratch(backend, args.pg_server)
    try:
        env = dict(os.environ, KINERJA_DATABASE_URL=db.url, KINERJA_LOG="warn", KINERJA_RATE_LIMIT_PER_MINUTE="0")
        subprocess.run([BINARY, "migrate"], env=env, check=True)
        with Quiet() as q:
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "load.py"), db.url,
                            "--employees", str(args.employees), "--seed", str(SEED)],
                           check=True, stdout=subprocess.DEVNULL)
        result["raw"] = (len(employee_rows), q.secs)
        notes += ["raw: a build ran meanwhile"] if q.disturbed else []
    finally:
        db.drop()
    for mode in ("json", "csv", "single"):
        server = Server(backend, args.pg_server).start()
        try:
            synced = server.post("/api/v1/sync/units", {"rows": unit_rows})
            server.unit_ids = {r["key"]: r["id"] for r in synced["rows"]}
            server.ids = {}
            if mode == "single":
                chosen = employee_rows[:args.singles]
                with Quiet() as q:
                    for r in chosen:
                        unit = r["unit_code"]
                        body = dict(r, unit_id=server.unit_ids[unit], supervisor_id=server.ids.get(
                            r["supervisor_nip"]))
                        del body["unit_code"], body["supervisor_nip"]
                        created = server.post("/api/v1/employees", body)
                        server.ids[r["nip"]] = created["id"]
                count = len(chosen)
            else:
                with Quiet() as q:
                    count = sync_all(server, employee_rows, mode == "csv")
                if mode == "json":  # the nightly steady state: the same rows again
                    with Quiet() as again:
                        sync_all(server, employee_rows, False)
                    result["again"] = (len(employee_rows), again.secs)
            result[mode] = (count, q.secs)
            notes += [f"{mode}: a build ran meanwhile"] if q.disturbed else []
            print(f"  {backend} {mode}: {count} employees in {q.secs:.1f} s", file=sys.stderr)
        finally:
            server.close()
    return result, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--employees", type=int, default=50_000)
    ap.add_argument("--singles", type=int, default=2_000,
                    help="employees created one POST at a time (default 2000)")
    ap.add_argument("--pg-server", default=os.environ.get(
        "KINERJA_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    args = ap.parse_args()
    wait_for_builds()
    if subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT).returncode:
        sys.exit("the release build failed: nothing to measure")
    unit_rows, employee_rows = rows(args.employees)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    table = ["| backend | bulk insert | sync JSON | sync CSV | single POSTs | sync again (unchanged) |",
             "|---|---|---|---|---|---|"]
    for backend in backends:
        result, notes = run(backend, args, unit_rows, employee_rows)
        rate = {m: n / s for m, (n, s) in result.items()}
        cells = [f"{rate['raw']:,.0f}/s"] + [
            f"{rate[m]:,.0f}/s ({rate[m] / rate['raw']:.3f} ×)"
            for m in ("json", "csv", "single", "again")]
        table.append(f"| {backend} | " + " | ".join(cells) + " |")
        for note in notes:
            print(f"  note ({backend}): {note}", file=sys.stderr)
    print(f"{args.employees:,} employees (641 units); single POSTs: the first {args.singles:,}")
    print("\n".join(table))


if __name__ == "__main__":
    main()
