-- A revision is a proposal: the approved plan stays in force until the revision is approved,
-- so a position has one plan in force (or a first draft) plus at most one pending revision.
-- Plans also record their evaluation: 'evaluated' (annual evaluation rated) and 'final'.
ALTER TABLE plans DROP CONSTRAINT plans_status_check;
ALTER TABLE plans ADD CONSTRAINT plans_status_check CHECK (status IN ('draft', 'submitted',
    'approved', 'superseded', 'evaluated', 'final'));

DROP INDEX plans_current;
CREATE UNIQUE INDEX plans_current ON plans (employee_id, period_id, position_title)
    WHERE status IN ('approved', 'evaluated', 'final')
        OR (revision_of IS NULL AND status <> 'superseded');
CREATE UNIQUE INDEX plans_one_proposal ON plans (revision_of)
    WHERE revision_of IS NOT NULL AND status IN ('draft', 'submitted');
