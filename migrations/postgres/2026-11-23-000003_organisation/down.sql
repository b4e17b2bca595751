DROP INDEX users_by_employee;
DROP TABLE employees;
DROP TABLE units;
