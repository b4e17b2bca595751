-- 360° behaviour assessment rounds. The population's unit (`scope_unit_id`: the unit whose
-- subtree holds every assessee) decides which hr officers manage the round.
CREATE TABLE assessment_rounds (
    id TEXT NOT NULL PRIMARY KEY,
    period_id TEXT NOT NULL REFERENCES periods (id),
    name TEXT NOT NULL,
    regime TEXT NOT NULL CHECK (regime IN ('pp30_2021', 'permenpan6_2022')),
    unit_id TEXT REFERENCES units (id),
    scope_unit_id TEXT NOT NULL REFERENCES units (id),
    weight_supervisor INTEGER NOT NULL CHECK (weight_supervisor BETWEEN 0 AND 100),
    weight_peer INTEGER NOT NULL CHECK (weight_peer BETWEEN 0 AND 100),
    weight_subordinate INTEGER NOT NULL CHECK (weight_subordinate BETWEEN 0 AND 100),
    weight_self INTEGER NOT NULL CHECK (weight_self BETWEEN 0 AND 100),
    min_raters INTEGER NOT NULL CHECK (min_raters >= 2),
    closes_at TIMESTAMP,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    created_by TEXT NOT NULL,
    opened_at TIMESTAMP,
    closed_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (weight_supervisor + weight_peer + weight_subordinate + weight_self = 100)
);

CREATE INDEX assessment_rounds_by_period ON assessment_rounds (period_id);
CREATE INDEX assessment_rounds_by_scope ON assessment_rounds (scope_unit_id);

-- Who is assessed in a round; `managerial` is fixed when the round is made (it decides
-- whether leadership is asked).
CREATE TABLE assessment_assessees (
    round_id TEXT NOT NULL REFERENCES assessment_rounds (id),
    employee_id TEXT NOT NULL REFERENCES employees (id),
    managerial BOOLEAN NOT NULL,
    PRIMARY KEY (round_id, employee_id)
);

CREATE INDEX assessment_assessees_by_employee ON assessment_assessees (employee_id);

-- Who rates whom. `answer` is the rater's answer (JSON), null until given; the API never
-- returns it to anyone but the rater.
CREATE TABLE assessment_assignments (
    id TEXT NOT NULL PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES assessment_rounds (id),
    assessee_id TEXT NOT NULL REFERENCES employees (id),
    rater_id TEXT NOT NULL REFERENCES employees (id),
    rater_group TEXT NOT NULL CHECK (rater_group IN ('supervisor', 'peer', 'subordinate', 'self')),
    answer TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE UNIQUE INDEX assessment_assignments_once
    ON assessment_assignments (round_id, assessee_id, rater_id);
CREATE INDEX assessment_assignments_by_rater ON assessment_assignments (rater_id);
