-- Materialised paths, so that "who is below whom" is a range on an indexed column instead of a
-- walk through the tree: `path` is "/" followed by each unit id from the root down to the unit,
-- each ending in "/"; an employee keeps a copy of their unit's path (`unit_path`) and the
-- superior chain from the top down to themselves (`chain`). The application keeps them current
-- on create, move and rewiring. "C" collation: byte order, so a prefix is a range.
ALTER TABLE units ADD COLUMN path TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE employees ADD COLUMN unit_path TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE employees ADD COLUMN chain TEXT COLLATE "C" NOT NULL DEFAULT '';

-- One pass each (a join with the recursive result, not a subquery per row).
WITH RECURSIVE tree (id, path) AS (
    SELECT id, '/' || id || '/' FROM units WHERE parent_id IS NULL
    UNION ALL
    SELECT u.id, tree.path || u.id || '/' FROM units u JOIN tree ON u.parent_id = tree.id
)
UPDATE units SET path = tree.path FROM tree WHERE tree.id = units.id;

UPDATE employees SET unit_path = units.path FROM units WHERE units.id = employees.unit_id;

WITH RECURSIVE up (id, chain) AS (
    SELECT id, '/' || id || '/' FROM employees WHERE supervisor_id IS NULL
    UNION ALL
    SELECT e.id, up.chain || e.id || '/' FROM employees e JOIN up ON e.supervisor_id = up.id
)
UPDATE employees SET chain = up.chain FROM up WHERE up.id = employees.id;

-- Rows left without a path hang in a cycle that an earlier version let through; they must be
-- repaired (a parent or superior changed) before this version can run.
DO $$
DECLARE
    looping TEXT;
BEGIN
    SELECT string_agg(id, ', ') INTO looping FROM (
        SELECT id FROM units WHERE path = ''
        UNION ALL SELECT id FROM employees WHERE chain = ''
    ) AS stuck;
    IF looping IS NOT NULL THEN
        RAISE EXCEPTION 'units or employees in a cycle (parent_id / supervisor_id): %; break the cycle, then start again', looping;
    END IF;
END $$;

ALTER TABLE units ALTER COLUMN path DROP DEFAULT;
ALTER TABLE employees ALTER COLUMN unit_path DROP DEFAULT;
ALTER TABLE employees ALTER COLUMN chain DROP DEFAULT;
ALTER TABLE units ADD CONSTRAINT units_path_shape CHECK (path LIKE '/%/');
ALTER TABLE employees ADD CONSTRAINT employees_paths_shape
    CHECK (unit_path LIKE '/%/' AND chain LIKE '/%/');

CREATE INDEX units_by_path ON units (path);
CREATE INDEX employees_by_unit_path ON employees (unit_path, id);
CREATE INDEX employees_by_chain ON employees (chain, id);
