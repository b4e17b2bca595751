-- Period settings of the evaluation step (domain.md, product decisions).
ALTER TABLE periods ADD COLUMN count_additional_in_rating BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE periods ADD COLUMN head_rating_from_unit BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE periods ADD COLUMN objection_window_days INTEGER NOT NULL DEFAULT 14;
ALTER TABLE periods ADD COLUMN distribution_min_unit_size INTEGER NOT NULL DEFAULT 5;
ALTER TABLE periods ADD COLUMN evaluation_due_days INTEGER NOT NULL DEFAULT 30;

-- How an indicator's sub-period realisations combine into the value scored.
ALTER TABLE plan_indicators ADD COLUMN combine TEXT NOT NULL DEFAULT 'cumulative'
    CHECK (combine IN ('cumulative', 'sum', 'average', 'last'));

-- One evaluation per plan and slot ('annual', or a sub-period number). Scores in hundredths.
CREATE TABLE evaluations (
    id TEXT NOT NULL PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    period_id TEXT NOT NULL REFERENCES periods (id),
    employee_id TEXT NOT NULL REFERENCES employees (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    appraiser_id TEXT REFERENCES employees (id),
    slot TEXT NOT NULL,
    regime TEXT NOT NULL CHECK (regime IN ('pp30_2021', 'permenpan6_2022')),
    status TEXT NOT NULL CHECK (status IN ('open', 'rated', 'final', 'under_objection')),
    suggested_work_rating TEXT,
    work_rating TEXT,
    work_rating_reason TEXT,
    suggested_behaviour_rating TEXT,
    behaviour_rating TEXT,
    behaviour_rating_reason TEXT,
    behaviour_aspects TEXT,
    innovation TEXT,
    notes TEXT,
    skp_score BIGINT,
    behaviour_score BIGINT,
    final_score BIGINT,
    predikat TEXT,
    explanation TEXT,
    rated_by TEXT,
    rated_at TIMESTAMP,
    finalized_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE UNIQUE INDEX evaluations_once ON evaluations (plan_id, slot);
CREATE INDEX evaluations_by_unit ON evaluations (unit_id, period_id, slot);
CREATE INDEX evaluations_by_employee ON evaluations (employee_id);

-- The appraiser's feedback and rating per work result and per BerAKHLAK value.
CREATE TABLE evaluation_results (
    evaluation_id TEXT NOT NULL REFERENCES evaluations (id),
    result_id TEXT NOT NULL REFERENCES plan_results (id),
    feedback TEXT NOT NULL,
    rating TEXT CHECK (rating IN ('below', 'meets', 'above')),
    PRIMARY KEY (evaluation_id, result_id)
);

CREATE TABLE evaluation_behaviours (
    evaluation_id TEXT NOT NULL REFERENCES evaluations (id),
    core_value TEXT NOT NULL,
    feedback TEXT NOT NULL,
    rating TEXT CHECK (rating IN ('below', 'meets', 'above')),
    PRIMARY KEY (evaluation_id, core_value)
);

-- A unit's organisation predikat per period and slot, and its finalisation.
CREATE TABLE unit_performance (
    id TEXT NOT NULL PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units (id),
    period_id TEXT NOT NULL REFERENCES periods (id),
    slot TEXT NOT NULL,
    predikat TEXT NOT NULL CHECK (predikat IN ('istimewa', 'baik', 'butuh_perbaikan', 'kurang', 'sangat_kurang')),
    basis TEXT,
    decision_ref TEXT,
    set_by TEXT NOT NULL,
    finalized_at TIMESTAMP,
    finalize_reason TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE UNIQUE INDEX unit_performance_once ON unit_performance (unit_id, period_id, slot);

-- Objections (keberatan) against a final evaluation; at most one open per evaluation.
CREATE TABLE objections (
    id TEXT NOT NULL PRIMARY KEY,
    evaluation_id TEXT NOT NULL REFERENCES evaluations (id),
    employee_id TEXT NOT NULL REFERENCES employees (id),
    decider_id TEXT REFERENCES employees (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'rejected')),
    reasons TEXT NOT NULL,
    evidence TEXT,
    decision_reason TEXT,
    predikat_before TEXT,
    predikat_after TEXT,
    decided_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE UNIQUE INDEX objections_one_open ON objections (evaluation_id) WHERE status = 'open';
CREATE INDEX objections_by_decider ON objections (decider_id);

CREATE TABLE objection_explanations (
    id TEXT NOT NULL PRIMARY KEY,
    objection_id TEXT NOT NULL REFERENCES objections (id),
    author_id TEXT NOT NULL,
    author_role TEXT NOT NULL CHECK (author_role IN ('appraiser', 'employee')),
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX objection_explanations_by_objection ON objection_explanations (objection_id);
