-- The org unit tree. Units are never deleted (deactivated instead); the application keeps the
-- tree free of cycles.
CREATE TABLE units (
    id TEXT NOT NULL PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('instansi', 'dinas', 'badan', 'kecamatan', 'kelurahan',
        'bidang', 'seksi', 'other')),
    parent_id TEXT REFERENCES units (id),
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE UNIQUE INDEX units_by_code ON units (code);
CREATE INDEX units_by_parent ON units (parent_id);

-- Employees (PNS and PPPK). Never deleted: one who leaves becomes inactive.
CREATE TABLE employees (
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

CREATE UNIQUE INDEX employees_by_nip ON employees (nip);
CREATE INDEX employees_by_unit ON employees (unit_id);
CREATE INDEX employees_by_supervisor ON employees (supervisor_id);
CREATE INDEX employees_by_updated_at ON employees (updated_at);

-- One account per employee at most.
CREATE UNIQUE INDEX users_by_employee ON users (employee_id);
