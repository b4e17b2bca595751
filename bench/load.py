#!/usr/bin/env python3
"""Loads a province-sized organisation into an EMPTY, already migrated Kinerja database.

    bench/load.py DATABASE_URL [--employees N] [--seed S]

DATABASE_URL is what KINERJA_DATABASE_URL would be: a file path or sqlite://path, or a
postgres:// URL (loaded with COPY through psql). One root unit (Sekretariat Daerah), 40 dinas,
15 seksi per dinas; the Sekda, 40 kepala dinas, 600 kasi and the rest staff spread evenly
over the seksi. Prints a JSON object with the ids the benchmark needs.
"""
import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import uuid

DINAS = [
    "Pendidikan", "Kesehatan", "Sosial", "Bina Marga dan Penataan Ruang", "Sumber Daya Air",
    "Perumahan dan Permukiman", "Perhubungan", "Komunikasi dan Informatika",
    "Tanaman Pangan dan Hortikultura", "Perkebunan", "Ketahanan Pangan dan Peternakan",
    "Kelautan dan Perikanan", "Kehutanan", "Lingkungan Hidup",
    "Energi dan Sumber Daya Mineral", "Tenaga Kerja dan Transmigrasi",
    "Koperasi dan Usaha Kecil", "Industri dan Perdagangan", "Pariwisata dan Kebudayaan",
    "Pemuda dan Olahraga", "Perpustakaan dan Kearsipan",
    "Pemberdayaan Masyarakat dan Desa", "Kependudukan dan Pencatatan Sipil",
    "Pemberdayaan Perempuan dan Perlindungan Anak", "Penanaman Modal dan PTSP",
    "Kearsipan Daerah", "Pengendalian Penduduk dan KB", "Satuan Polisi Pamong Praja",
    "Pemadam Kebakaran dan Penyelamatan", "Statistik Daerah", "Persandian",
    "Pertanahan", "Tata Ruang", "Cipta Karya", "Air Minum dan Sanitasi",
    "Pangan Daerah", "Pengelolaan Pasar", "Pengelolaan Aset Daerah",
    "Pendapatan Daerah", "Kesejahteraan Rakyat",
]
FIRST = ["Agus", "Budi", "Dedi", "Eka", "Fajar", "Hendra", "Iwan", "Joko", "Rina", "Siti",
         "Dewi", "Wulan", "Asep", "Ujang", "Neneng", "Euis", "Yayat", "Tati", "Rudi", "Lina",
         "Ahmad", "Nur", "Ratna", "Dian", "Yusuf", "Indah", "Teguh", "Sri", "Cecep", "Iis"]
LAST = ["Setiawan", "Hidayat", "Saputra", "Lestari", "Kurniawan", "Rahmawati", "Nugraha",
        "Permana", "Suryadi", "Wijaya", "Hermawan", "Sulastri", "Gunawan", "Kusnadi",
        "Maulana", "Puspitasari", "Ramdani", "Sopian", "Firmansyah", "Handayani"]
STAFF_RANKS = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c"]
STAFF_TITLES = ["Pengadministrasi Umum", "Pengelola Data", "Analis Kebijakan",
                "Pengolah Data", "Bendahara", "Pengelola Keuangan"]
STAMP = "2026-01-01 00:00:00"  # created_at / updated_at, UTC as the app stores them
N_DINAS, N_SEKSI = 40, 15


def uuid7_ids(n, rng):
    """n uuid7-like ids in increasing order (1 ms apart, random tail)."""
    base = 1_767_225_600_000  # 2026-01-01 in ms
    return [str(uuid.UUID(int=(base + i) << 80 | 0x7 << 76 | rng.getrandbits(12) << 64
                          | 0b10 << 62 | rng.getrandbits(62))) for i in range(n)]


class Nips:
    """Unique, valid 18-digit PNS NIPs: birth YYYYMMDD (1965-2000), appointment YYYYMM at least
    18 years after birth and not in the future, gender 1 or 2, sequence 001-999."""

    def __init__(self, rng):
        self.rng, self.seen = rng, set()
        today = dt.date.today()
        self.latest = today.year * 12 + today.month - 1  # months since year 0

    def next(self, born=(1965, 2000)):
        first = dt.date(born[0], 1, 1).toordinal()
        days = dt.date(born[1], 12, 31).toordinal() - first + 1
        while True:
            birth = dt.date.fromordinal(first + self.rng.randrange(days))
            earliest = (birth.year + 18) * 12 + birth.month  # the month after the 18th birthday
            m = self.rng.randint(earliest, self.latest)
            nip = "%s%04d%02d%d%03d" % (birth.strftime("%Y%m%d"), m // 12, m % 12 + 1,
                                        self.rng.randint(1, 2), self.rng.randint(1, 999))
            if nip not in self.seen:
                self.seen.add(nip)
                return nip


def build(n_employees, seed):
    """(units, employees, ids): rows as dicts in insertion order (parents first)."""
    rng = random.Random(seed)
    n_units = 1 + N_DINAS + N_DINAS * N_SEKSI
    unit_ids = uuid7_ids(n_units, rng)
    emp_ids = uuid7_ids(n_employees, rng)
    rng.shuffle(emp_ids)  # id order (the listing order) unrelated to the hierarchy
    emp_ids = iter(emp_ids)
    nips = Nips(rng)
    units, employees = [], []

    def unit(code, name, kind, parent):
        uid = unit_ids[len(units)]
        path = (parent["path"] if parent else "/") + uid + "/"
        u = dict(id=uid, code=code, name=name, kind=kind,
                 parent_id=parent and parent["id"], path=path)
        units.append(u)
        return u

    def person(unit_row, boss, rank, title, ptype, born=(1965, 2000)):
        eid = next(emp_ids)
        e = dict(id=eid, nip=nips.next(born), name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                 rank=rank, position_title=title, position_type=ptype, unit_id=unit_row["id"],
                 supervisor_id=boss and boss["id"], unit_path=unit_row["path"],
                 chain=(boss["chain"] if boss else "/") + eid + "/")
        employees.append(e)
        return e

    root = unit("JABAR.SETDA", "Sekretariat Daerah Pemerintah Provinsi Jawa Barat", "instansi",
                None)
    sekda = person(root, None, "IV/e", "Sekretaris Daerah Provinsi Jawa Barat", "jpt_madya", (1965, 1970))
    seksi_units, kasis = [], []
    for d, dname in enumerate(DINAS[:N_DINAS], 1):
        du = unit(f"JABAR.D{d:02d}", f"Dinas {dname} Provinsi Jawa Barat", "dinas", root)
        kadis = person(du, sekda, "IV/c", f"Kepala Dinas {dname}", "jpt_pratama", (1965, 1978))
        for s in range(1, N_SEKSI + 1):
            su = unit(f"JABAR.D{d:02d}.S{s:02d}", f"Seksi {s:02d} Dinas {dname}", "seksi", du)
            seksi_units.append(su)
            kasis.append(person(su, kadis, "III/d", f"Kepala Seksi {s:02d} {dname}",
                                "pengawas", (1965, 1990)))
    staff = n_employees - len(employees)
    if staff < len(seksi_units):
        sys.exit(f"--employees must be at least {len(employees) + len(seksi_units)}")
    chosen = len(kasis) // 2  # a kasi in the middle of the province: the one the bench uses
    chosen_staff = None
    for k, (su, kasi) in enumerate(zip(seksi_units, kasis)):
        for _ in range(staff // len(seksi_units) + (k < staff % len(seksi_units))):
            e = person(su, kasi, rng.choice(STAFF_RANKS), rng.choice(STAFF_TITLES), "pelaksana")
            if k == chosen and chosen_staff is None:
                chosen_staff = e
    kasi = kasis[chosen]
    kadis = next(e for e in employees if e["id"] == kasi["supervisor_id"])
    dinas_path = seksi_units[chosen]["path"].rsplit("/", 2)[0] + "/"
    ids = dict(root_unit_id=root["id"], sekda_id=sekda["id"], kasi_id=kasi["id"],
               staff_id=chosen_staff["id"], kadis_id=kadis["id"],
               dinas_unit_id=kadis["unit_id"], units=len(units), employees=len(employees),
               staff_of_kasi=sum(1 for e in employees if e["supervisor_id"] == kasi["id"]),
               people_of_dinas=sum(1 for e in employees if e["unit_path"].startswith(dinas_path)))
    return units, employees, ids


UNIT_COLS = ["id", "code", "name", "kind", "parent_id", "active", "version", "created_at",
             "updated_at", "path"]
EMP_COLS = ["id", "nip", "name", "email", "asn_type", "rank", "position_title", "position_type",
            "unit_id", "supervisor_id", "status", "version", "created_at", "updated_at",
            "unit_path", "chain"]
CONSTANT = dict(active=True, version=1, created_at=STAMP, updated_at=STAMP, email=None,
                asn_type="pns", status="active")


def tuples(rows, cols):
    return (tuple(r[c] if c in r else CONSTANT[c] for c in cols) for r in rows)


def check_schema(required, cols):
    """Exits unless the columns we fill exist and no other column needs a value."""
    for table, (must_fill, existing) in required.items():
        ours = cols[table]
        if not existing:
            sys.exit(f"table {table} does not exist: migrate the database first")
        missing = [c for c in ours if c not in existing]
        unfilled = [c for c in must_fill if c not in ours]
        if missing or unfilled:
            sys.exit(f"{table}: schema differs from the loader: columns missing {missing}, "
                     f"NOT NULL columns without default not filled {unfilled}")


def load_sqlite(path, units, employees):
    con = sqlite3.connect(path, isolation_level=None)
    required = {}
    for t in ("units", "employees"):
        info = con.execute(f"PRAGMA table_info({t})").fetchall()
        required[t] = ([r[1] for r in info if r[3] and r[4] is None and not r[5]],
                       [r[1] for r in info])
    check_schema(required, dict(units=UNIT_COLS, employees=EMP_COLS))
    if con.execute("SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM employees)"
                   ).fetchone()[0]:
        sys.exit("the database is not empty")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("BEGIN")
    for table, rows, cols in (("units", units, UNIT_COLS), ("employees", employees, EMP_COLS)):
        con.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                        f"({', '.join('?' * len(cols))})", tuples(rows, cols))
    con.execute("COMMIT")
    con.close()


def psql(url, sql=None, stdin=None):
    env = dict(os.environ, PGGSSENCMODE="disable", PGSSLMODE="disable")
    args = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url]
    if sql is not None:
        return subprocess.run(args + ["-c", sql], env=env, check=True, text=True,
                              capture_output=True).stdout
    return subprocess.Popen(args, env=env, stdin=subprocess.PIPE, text=True)


def load_postgres(url, units, employees):
    required = {}
    for t in ("units", "employees"):
        rows = psql(url, "SELECT column_name, is_nullable = 'NO' AND column_default IS NULL "
                         f"FROM information_schema.columns WHERE table_name = '{t}' "
                         "AND table_schema = current_schema()").split()
        pairs = [r.split("|") for r in rows]
        required[t] = ([c for c, must in pairs if must == "t"], [c for c, _ in pairs])
    check_schema(required, dict(units=UNIT_COLS, employees=EMP_COLS))
    if psql(url, "SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM employees)"
            ).strip() != "0":
        sys.exit("the database is not empty")

    def text(v):
        if v is None or isinstance(v, bool):
            return {None: "\\N", True: "t", False: "f"}[v]
        return str(v)

    p = psql(url, stdin=True)
    p.stdin.write("BEGIN;\n")
    for table, rows, cols in (("units", units, UNIT_COLS), ("employees", employees, EMP_COLS)):
        p.stdin.write(f"COPY {table} ({', '.join(cols)}) FROM STDIN;\n")
        for t in tuples(rows, cols):
            p.stdin.write("\t".join(map(text, t)) + "\n")
        p.stdin.write("\\.\n")
    # ANALYZE: autovacuum would do it shortly after such a bulk load anyway.
    p.stdin.write("COMMIT;\nANALYZE units;\nANALYZE employees;\n")
    p.stdin.close()
    if p.wait():
        sys.exit("psql failed")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("database_url")
    ap.add_argument("--employees", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=12)
    a = ap.parse_args()
    t0 = time.monotonic()
    units, employees, ids = build(a.employees, a.seed)
    t1 = time.monotonic()
    url = a.database_url
    if url.startswith(("postgres://", "postgresql://")):
        load_postgres(url, units, employees)
    else:
        load_sqlite(url.removeprefix("sqlite://"), units, employees)
    t2 = time.monotonic()
    ids.update(generate_secs=round(t1 - t0, 1), load_secs=round(t2 - t1, 1))
    print(json.dumps(ids))


if __name__ == "__main__":
    main()
