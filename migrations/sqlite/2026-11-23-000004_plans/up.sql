-- Performance periods: the regime their plans are scored by, and sub-periods for monitoring.
CREATE TABLE periods (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('annual', 'interim')),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    regime TEXT NOT NULL CHECK (regime IN ('pp30_2021', 'permenpan6_2022')),
    uses_360 BOOLEAN NOT NULL,
    sub_periods TEXT NOT NULL CHECK (sub_periods IN ('quarters', 'semesters', 'months', 'none')),
    status TEXT NOT NULL CHECK (status IN ('planning', 'running', 'evaluation', 'closed')),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (starts_on <= ends_on)
);

CREATE INDEX periods_by_start ON periods (starts_on);

-- Performance plans (SKP). A revision is a new row; the one it replaces becomes 'superseded'.
CREATE TABLE plans (
    id TEXT NOT NULL PRIMARY KEY,
    employee_id TEXT NOT NULL REFERENCES employees (id),
    period_id TEXT NOT NULL REFERENCES periods (id),
    position_title TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units (id),
    appraiser_id TEXT REFERENCES employees (id),
    appraiser_pinned BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'superseded')),
    revision INTEGER NOT NULL,
    revision_of TEXT REFERENCES plans (id),
    superseded_by TEXT REFERENCES plans (id),
    return_reason TEXT,
    created_by TEXT NOT NULL,
    submitted_by TEXT,
    submitted_at TIMESTAMP,
    approved_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- One current plan per employee, period and position.
CREATE UNIQUE INDEX plans_current ON plans (employee_id, period_id, position_title)
    WHERE status <> 'superseded';
CREATE INDEX plans_by_period ON plans (period_id);
CREATE INDEX plans_by_unit ON plans (unit_id);
CREATE INDEX plans_by_appraiser ON plans (appraiser_id);
CREATE INDEX plans_by_updated_at ON plans (updated_at);

-- Work results (RHK), optionally supporting a result of the superior's plan.
CREATE TABLE plan_results (
    id TEXT NOT NULL PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('main', 'additional')),
    title TEXT NOT NULL,
    parent_result_id TEXT REFERENCES plan_results (id),
    weight_hundredths BIGINT,
    expectation TEXT,
    revised_from TEXT REFERENCES plan_results (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX plan_results_by_plan ON plan_results (plan_id);
CREATE INDEX plan_results_by_parent ON plan_results (parent_result_id);

-- Indicators (IKI). Numbers are exact decimal text.
CREATE TABLE plan_indicators (
    id TEXT NOT NULL PRIMARY KEY,
    result_id TEXT NOT NULL REFERENCES plan_results (id),
    plan_id TEXT NOT NULL REFERENCES plans (id),
    position INTEGER NOT NULL,
    aspect TEXT NOT NULL CHECK (aspect IN ('kuantitas', 'kualitas', 'waktu', 'biaya')),
    description TEXT NOT NULL,
    target_value TEXT,
    target_min TEXT,
    target_max TEXT,
    unit TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    target_is_max BOOLEAN NOT NULL,
    CHECK ((target_value IS NULL) <> (target_min IS NULL AND target_max IS NULL))
);

CREATE INDEX plan_indicators_by_plan ON plan_indicators (plan_id);

-- Realisations per indicator and sub-period; a correction is a new row, the old one stays.
CREATE TABLE realizations (
    id TEXT NOT NULL PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    indicator_id TEXT NOT NULL REFERENCES plan_indicators (id),
    sub_period INTEGER NOT NULL,
    value TEXT NOT NULL,
    evidence_text TEXT,
    evidence_links TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TIMESTAMP NOT NULL
);

CREATE INDEX realizations_by_plan ON realizations (plan_id);
