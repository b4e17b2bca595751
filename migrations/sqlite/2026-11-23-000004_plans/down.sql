DROP TABLE realizations;
DROP TABLE plan_indicators;
DROP TABLE plan_results;
DROP TABLE plans;
DROP TABLE periods;
