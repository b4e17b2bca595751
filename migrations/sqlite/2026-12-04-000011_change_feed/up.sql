-- The change feed: one row per create, update or deactivation of a unit, employee, plan,
-- evaluation or 360° round. `seq` is assigned just before the writing transaction commits,
-- under a lock held until the commit, so seq order is commit order and a reader that resumes
-- after the last seq it saw misses nothing (rows still being written have no seq yet).
CREATE TABLE changes (
    id TEXT NOT NULL PRIMARY KEY,
    seq BIGINT,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'deactivate')),
    version BIGINT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX changes_by_seq ON changes (seq);
CREATE INDEX changes_by_at ON changes (at);
