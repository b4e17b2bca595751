-- Idempotent retries: the first response to a POST with an Idempotency-Key, per caller, kept
-- 24 hours. A row without a status is a request still running.
CREATE TABLE idempotency_keys (
    caller TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    headers TEXT,
    body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_by_created_at ON idempotency_keys (created_at);
