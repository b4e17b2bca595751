DROP INDEX employees_by_chain;
DROP INDEX employees_by_unit_path;
DROP INDEX units_by_path;
ALTER TABLE employees DROP COLUMN chain;
ALTER TABLE employees DROP COLUMN unit_path;
ALTER TABLE units DROP COLUMN path;
