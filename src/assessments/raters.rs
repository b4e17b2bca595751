//! Adding and removing raters while a round is a draft.

use super::governed_round;
use super::rounds::not_draft;
use crate::auth::Principal;
use crate::auth::policy::Governs;
use crate::domain::behaviour::{RaterGroup, RoundStatus};
use crate::domain::org::EmployeeStatus;
use crate::error::{ApiError, Code, FieldError, unique};
use crate::org::reach::visible_employees;
use crate::store::assessments::{self as rows, AssignmentRow, RoundRow};
use crate::store::versioned::Versioned;
use crate::store::{Isolation, Work, employees};

pub struct NewRater {
    pub assessee_id: String,
    pub rater_id: String,
    pub group: RaterGroup,
}

/// The round, locked against a concurrent open, and 409 unless it is a draft.
fn draft_round(
    work: &mut Work<'_>,
    governs: &Governs,
    round_id: &str,
) -> Result<RoundRow, ApiError> {
    work.lock_row::<RoundRow>(round_id)?;
    let round = governed_round(work.conn(), governs, round_id)?;
    match round.status_at(work.now()) {
        RoundStatus::Draft => Ok(round),
        status => Err(not_draft(status)),
    }
}

pub fn add(
    work: &mut Work<'_>,
    principal: &Principal,
    governs: &Governs,
    round_id: &str,
    input: NewRater,
) -> Result<AssignmentRow, ApiError> {
    let own = input.group == RaterGroup::Own;
    if own != (input.assessee_id == input.rater_id) {
        return Err(ApiError::validation(vec![FieldError::at(
            "/group",
            "group_mismatch",
            "`self` is the group of an assessee rating themselves, and of no one else",
        )]));
    }
    work.transaction(Isolation::ReadCommitted, |work| {
        let round = draft_round(work, governs, round_id)?;
        if rows::find_assessee(work.conn(), round_id, &input.assessee_id)?.is_none() {
            return Err(ApiError::validation(vec![FieldError::at(
                "/assessee_id",
                "not_assessed",
                "this employee is not assessed in this round",
            )]));
        }
        let visible = visible_employees(work.conn(), principal)?;
        let rater = employees::find(work.conn(), &input.rater_id)?
            .filter(|e| e.status == EmployeeStatus::Active && visible.covers(e));
        if rater.is_none() {
            return Err(ApiError::validation(vec![FieldError::at(
                "/rater_id",
                "unknown_employee",
                "no active employee you can see has this id",
            )]));
        }
        let now = work.now();
        let row = AssignmentRow {
            id: uuid::Uuid::now_v7().to_string(),
            round_id: round.id,
            assessee_id: input.assessee_id,
            rater_id: input.rater_id,
            rater_group: input.group,
            answer: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        rows::insert_assignments(work.conn(), std::slice::from_ref(&row)).map_err(|e| {
            unique(e, || {
                ApiError::conflict(
                    Code::DuplicateRater,
                    "This employee already rates this assessee in this round.",
                )
            })
        })?;
        work.record(
            AssignmentRow::ENTITY,
            &row.id,
            "create",
            None,
            row.snapshot(),
            None,
        )?;
        Ok(row)
    })
}

pub fn remove(
    work: &mut Work<'_>,
    governs: &Governs,
    round_id: &str,
    assignment_id: &str,
) -> Result<(), ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        draft_round(work, governs, round_id)?;
        let row = rows::find_assignment(work.conn(), assignment_id)?
            .filter(|a| a.round_id == round_id)
            .ok_or_else(|| ApiError::not_found("assignment", assignment_id))?;
        rows::delete_assignment(work.conn(), &row.id)?;
        work.record(
            AssignmentRow::ENTITY,
            &row.id,
            "delete",
            row.snapshot(),
            None,
            None,
        )
    })
}
