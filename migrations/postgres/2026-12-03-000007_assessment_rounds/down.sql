DROP TABLE assessment_assignments;
DROP TABLE assessment_assessees;
DROP TABLE assessment_rounds;
