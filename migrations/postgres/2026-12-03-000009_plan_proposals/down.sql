-- Back to revisions that supersede at once; refused while a plan is evaluated or final, or
-- while a proposal and the plan it would replace are both current.
DROP INDEX plans_one_proposal;
DROP INDEX plans_current;
CREATE UNIQUE INDEX plans_current ON plans (employee_id, period_id, position_title)
    WHERE status <> 'superseded';
ALTER TABLE plans DROP CONSTRAINT plans_status_check;
ALTER TABLE plans ADD CONSTRAINT plans_status_check CHECK (status IN ('draft', 'submitted',
    'approved', 'superseded'));
