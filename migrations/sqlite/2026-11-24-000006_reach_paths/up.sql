-- Materialised paths, so that "who is below whom" is a range on an indexed column instead of a
-- walk through the tree: `path` is "/" followed by each unit id from the root down to the unit,
-- each ending in "/"; an employee keeps a copy of their unit's path (`unit_path`) and the
-- superior chain from the top down to themselves (`chain`). The application keeps them current
-- on create, move and rewiring.
ALTER TABLE units ADD COLUMN path TEXT NOT NULL DEFAULT '';
ALTER TABLE employees ADD COLUMN unit_path TEXT NOT NULL DEFAULT '';
ALTER TABLE employees ADD COLUMN chain TEXT NOT NULL DEFAULT '';

-- A unit or employee in a cycle (which an earlier version could let through) has no path: the
-- update then fails on NOT NULL, and the cycle must be broken before this version runs.
UPDATE units SET path = (
    WITH RECURSIVE tree (id, path) AS (
        SELECT id, '/' || id || '/' FROM units WHERE parent_id IS NULL
        UNION ALL
        SELECT u.id, tree.path || u.id || '/' FROM units u JOIN tree ON u.parent_id = tree.id
    )
    SELECT path FROM tree WHERE tree.id = units.id
);
UPDATE employees SET unit_path = (SELECT path FROM units WHERE units.id = employees.unit_id);
UPDATE employees SET chain = (
    WITH RECURSIVE up (id, chain) AS (
        SELECT id, '/' || id || '/' FROM employees WHERE supervisor_id IS NULL
        UNION ALL
        SELECT e.id, up.chain || e.id || '/' FROM employees e JOIN up ON e.supervisor_id = up.id
    )
    SELECT chain FROM up WHERE up.id = employees.id
);

CREATE INDEX units_by_path ON units (path);
CREATE INDEX employees_by_unit_path ON employees (unit_path, id);
CREATE INDEX employees_by_chain ON employees (chain, id);
