-- Failed logins are counted per username and per client address, so that nobody can lock
-- another person out from elsewhere. Each attempt is written before its password is checked
-- (and removed when it succeeds), so concurrent guesses count each other.
ALTER TABLE login_failures ADD COLUMN address TEXT NOT NULL DEFAULT '';
-- A check still running: counted per username (so concurrent guesses count each other) but
-- not against its address until it has failed (a whole office may log in at 8 o'clock).
ALTER TABLE login_failures ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX login_failures_by_address ON login_failures (address, failed_at);
-- Access tokens carry the generation they were issued in; logging out, a password change,
-- disabling the account or changing its roles moves it on, ending them at once.
ALTER TABLE users ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;
