ALTER TABLE users DROP COLUMN token_generation;
DROP INDEX login_failures_by_address;
ALTER TABLE login_failures DROP COLUMN pending;
ALTER TABLE login_failures DROP COLUMN address;
