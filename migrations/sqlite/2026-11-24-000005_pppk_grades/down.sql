-- Back to the PNS golongan ruang only; refused while any employee holds a PPPK grade.
-- SQLite cannot alter a CHECK, so the table is rebuilt the way SQLite documents
-- (https://www.sqlite.org/lang_altertable.html#otheralter), with the columns it has at this
-- migration. Foreign keys must be off while the old table is dropped (plans and employees refer
-- to it), and PRAGMA foreign_keys does nothing inside a transaction, so this migration runs
-- outside diesel's transaction (metadata.toml) and opens its own.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE employees_new (
    id TEXT NOT NULL PRIMARY KEY,
    nip TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    asn_type TEXT NOT NULL CHECK (asn_type IN ('pns', 'pppk')),
    rank TEXT NOT NULL CHECK (rank IN ('I/a', 'I/b', 'I/c', 'I/d', 'II/a', 'II/b', 'II/c', 'II/d',
        'III/a', 'III/b', 'III/c', 'III/d', 'IV/a', 'IV/b', 'IV/c', 'IV/d', 'IV/e')),
    position_title TEXT NOT NULL,
    position_type TEXT NOT NULL CHECK (position_type IN ('jpt_utama', 'jpt_madya',
        'jpt_pratama', 'administrator', 'pengawas', 'pelaksana', 'fungsional')),
    unit_id TEXT NOT NULL REFERENCES units (id),
    supervisor_id TEXT REFERENCES employees (id),
    status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO employees_new (id, nip, name, email, asn_type, rank, position_title, position_type,
    unit_id, supervisor_id, status, version, created_at, updated_at)
SELECT id, nip, name, email, asn_type, rank, position_title, position_type, unit_id,
    supervisor_id, status, version, created_at, updated_at
FROM employees;
DROP TABLE employees;
ALTER TABLE employees_new RENAME TO employees;

CREATE UNIQUE INDEX employees_by_nip ON employees (nip);
CREATE INDEX employees_by_unit ON employees (unit_id);
CREATE INDEX employees_by_supervisor ON employees (supervisor_id);
CREATE INDEX employees_by_updated_at ON employees (updated_at);

COMMIT;
PRAGMA foreign_keys = ON;
