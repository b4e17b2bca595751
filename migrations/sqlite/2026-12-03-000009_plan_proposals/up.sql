-- A revision is a proposal: the approved plan stays in force until the revision is approved,
-- so a position has one plan in force (or a first draft) plus at most one pending revision.
-- Plans also record their evaluation: 'evaluated' (annual evaluation rated) and 'final'.
-- SQLite cannot alter a CHECK, so the table is rebuilt as in migration 000005 (foreign keys
-- off, outside diesel's transaction), with the columns it has at this migration.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE plans_new (
    id TEXT NOT NULL PRIMARY KEY,
    employee_id TEXT NOT NULL REFERENCES employees (id),
    period_id TEXT NOT NULL REFERENCES periods (id),
    position_title TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units (id),
    appraiser_id TEXT REFERENCES employees (id),
    appraiser_pinned BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'superseded', 'evaluated', 'final')),
    revision INTEGER NOT NULL,
    revision_of TEXT REFERENCES plans (id),
    superseded_by TEXT REFERENCES plans (id),
    return_reason TEXT,
    created_by TEXT NOT NULL,
    submitted_by TEXT,
    submitted_at TIMESTAMP,
    approved_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO plans_new (id, employee_id, period_id, position_title, unit_id, appraiser_id,
    appraiser_pinned, status, revision, revision_of, superseded_by, return_reason, created_by,
    submitted_by, submitted_at, approved_at, version, created_at, updated_at)
SELECT id, employee_id, period_id, position_title, unit_id, appraiser_id, appraiser_pinned,
    status, revision, revision_of, superseded_by, return_reason, created_by, submitted_by,
    submitted_at, approved_at, version, created_at, updated_at
FROM plans;
DROP TABLE plans;
ALTER TABLE plans_new RENAME TO plans;

CREATE UNIQUE INDEX plans_current ON plans (employee_id, period_id, position_title)
    WHERE status IN ('approved', 'evaluated', 'final')
        OR (revision_of IS NULL AND status <> 'superseded');
CREATE UNIQUE INDEX plans_one_proposal ON plans (revision_of)
    WHERE revision_of IS NOT NULL AND status IN ('draft', 'submitted');
CREATE INDEX plans_by_period ON plans (period_id);
CREATE INDEX plans_by_unit ON plans (unit_id);
CREATE INDEX plans_by_appraiser ON plans (appraiser_id);
CREATE INDEX plans_by_updated_at ON plans (updated_at);

COMMIT;
PRAGMA foreign_keys = ON;
