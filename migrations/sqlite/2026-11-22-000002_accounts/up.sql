-- People who log in. Usernames are stored lower-case (compared case-insensitively); roles are
-- space-separated role names; the password is an argon2id PHC string, never the password.
CREATE TABLE users (
    id TEXT NOT NULL PRIMARY KEY,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    scope_unit_id TEXT,
    employee_id TEXT,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE UNIQUE INDEX users_by_username ON users (username);

-- Machines (integration jobs, vendor backends). The secret is stored as its SHA-256 digest:
-- it is 256 random bits, so a slow hash would add nothing.
CREATE TABLE clients (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Opaque refresh tokens, stored as SHA-256 digests. Each use rotates the token inside its
-- family; presenting a used one revokes the whole family.
CREATE TABLE refresh_tokens (
    id TEXT NOT NULL PRIMARY KEY,
    token_hash TEXT NOT NULL,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    issued_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE UNIQUE INDEX refresh_tokens_by_hash ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);

-- Failed password logins per username, for the lockout; rows older than the window are pruned.
CREATE TABLE login_failures (
    id TEXT NOT NULL PRIMARY KEY,
    username TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);

CREATE INDEX login_failures_by_username ON login_failures (username, failed_at);

-- Installation settings the service generates once, such as the token signing key.
CREATE TABLE settings (
    name TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
