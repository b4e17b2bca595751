-- Guidance (bimbingan kinerja) and counseling (konseling kinerja), domain.md.

-- The product rule "at least one guidance session per semester", as a period setting.
ALTER TABLE periods ADD COLUMN guidance_min_per_semester INTEGER NOT NULL DEFAULT 1;

-- A guidance session given by the appraiser or a person hr assigned, to one or more employees.
CREATE TABLE guidance_sessions (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('individual', 'group')),
    held_on DATE NOT NULL,
    topic TEXT NOT NULL,
    problem_method TEXT,
    problem_process TEXT,
    problem_quality TEXT,
    agreed_actions TEXT,
    appreciation TEXT,
    plan_id TEXT REFERENCES plans (id),
    result_ids TEXT NOT NULL,
    giver_id TEXT NOT NULL REFERENCES employees (id),
    created_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX guidance_sessions_by_giver ON guidance_sessions (giver_id);
CREATE INDEX guidance_sessions_by_held_on ON guidance_sessions (held_on);

CREATE TABLE guidance_participants (
    session_id TEXT NOT NULL REFERENCES guidance_sessions (id),
    employee_id TEXT NOT NULL REFERENCES employees (id),
    PRIMARY KEY (session_id, employee_id)
);
CREATE INDEX guidance_participants_by_employee ON guidance_participants (employee_id);

-- Form B.1.8, by each employee of the session: nine statements, agree or disagree (JSON).
CREATE TABLE guidance_feedback (
    session_id TEXT NOT NULL REFERENCES guidance_sessions (id),
    employee_id TEXT NOT NULL REFERENCES employees (id),
    answers TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, employee_id)
);

-- Form B.1.9, by the giver for each employee: competencies scored 1-5 with reasons (JSON).
CREATE TABLE guidance_competencies (
    session_id TEXT NOT NULL REFERENCES guidance_sessions (id),
    employee_id TEXT NOT NULL REFERENCES employees (id),
    items TEXT NOT NULL,
    evaluated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, employee_id)
);

-- A counseling case, confidential: readable by the employee, the person who identified it,
-- the counselor, the report recipient (who decides the follow-up) and admin.
CREATE TABLE counseling_cases (
    id TEXT NOT NULL PRIMARY KEY,
    employee_id TEXT NOT NULL REFERENCES employees (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    source TEXT NOT NULL CHECK (source IN ('monitoring', 'assessment_360', 'guidance', 'other')),
    source_ref TEXT,
    description TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('identified', 'designated', 'assigned', 'scheduled',
        'conducted', 'reported', 'follow_up_decided', 'closed')),
    identified_by TEXT NOT NULL REFERENCES users (id),
    counselor_kind TEXT CHECK (counselor_kind IN ('independent', 'appraiser', 'official')),
    counselor_id TEXT,
    recipient_kind TEXT CHECK (recipient_kind IN ('superior', 'pyb')),
    recipient_id TEXT REFERENCES employees (id),
    scheduled_at TIMESTAMP,
    place TEXT,
    record TEXT,
    signed_at TIMESTAMP,
    reported_at TIMESTAMP,
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMP,
    closed_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX counseling_cases_by_employee ON counseling_cases (employee_id);
CREATE INDEX counseling_cases_by_counselor ON counseling_cases (counselor_id);
CREATE INDEX counseling_cases_by_recipient ON counseling_cases (recipient_id);

-- Corrections of a signed record: added, never changed.
CREATE TABLE counseling_addenda (
    id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES counseling_cases (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX counseling_addenda_by_case ON counseling_addenda (case_id);

CREATE TABLE counseling_follow_ups (
    id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES counseling_cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('guidance', 'training', 'special_assignment',
        'transfer_proposal', 'disciplinary_recommendation')),
    owner_id TEXT NOT NULL REFERENCES employees (id),
    due_on DATE NOT NULL,
    note TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    outcome TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX counseling_follow_ups_by_case ON counseling_follow_ups (case_id);
CREATE INDEX counseling_follow_ups_by_owner ON counseling_follow_ups (owner_id, due_on);

-- Every read of a case, shown to the employee.
CREATE TABLE counseling_reads (
    id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES counseling_cases (id),
    reader_id TEXT NOT NULL REFERENCES users (id),
    reader_name TEXT NOT NULL,
    what TEXT NOT NULL,
    read_at TIMESTAMP NOT NULL
);
CREATE INDEX counseling_reads_by_case ON counseling_reads (case_id);
