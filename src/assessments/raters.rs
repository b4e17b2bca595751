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
use crate::store::employees::EmployeeRow;
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
        let Some(rater) = rater else {
            return Err(ApiError::validation(vec![FieldError::at(
                "/rater_id",
                "unknown_employee",
                "no active employee you can see has this id",
            )]));
        };
        let assessee = employees::find(work.conn(), &input.assessee_id)?
            .ok_or_else(|| ApiError::not_found("employee", &input.assessee_id))?;
        check_group(work, &assessee, &rater, input.group)?;
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

/// The group must be what the rater is to the assessee in the org structure: the superior is
/// the `supervisor`, a direct report a `subordinate`; and nobody who reads the assessee's result
/// (their superior and the superior's superior) may hide among the anonymous groups, where
/// their own answer would let them work out the others'.
fn check_group(
    work: &mut Work<'_>,
    assessee: &EmployeeRow,
    rater: &EmployeeRow,
    group: RaterGroup,
) -> Result<(), ApiError> {
    let superior = assessee.supervisor_id.as_deref();
    let superiors_superior = match superior {
        Some(s) => employees::find(work.conn(), s)?.and_then(|e| e.supervisor_id),
        None => None,
    };
    let reads_result = Some(rater.id.as_str()) == superior
        || Some(rater.id.as_str()) == superiors_superior.as_deref();
    let reports_to_assessee = rater.supervisor_id.as_deref() == Some(assessee.id.as_str());
    let refuse = |code: &str, message: &str| {
        Err(ApiError::validation(vec![FieldError::at(
            "/group", code, message,
        )]))
    };
    match group {
        RaterGroup::Supervisor if Some(rater.id.as_str()) != superior => refuse(
            "not_superior",
            "the supervisor group is the assessee's direct superior",
        ),
        RaterGroup::Subordinate if !reports_to_assessee => refuse(
            "not_subordinate",
            "the subordinate group is the assessee's direct reports",
        ),
        RaterGroup::Peer | RaterGroup::Subordinate if reads_result => refuse(
            "reads_results",
            "this rater reads the assessee's result, so their answer cannot be anonymous",
        ),
        RaterGroup::Peer if reports_to_assessee => refuse(
            "not_peer",
            "a direct report of the assessee rates as a subordinate",
        ),
        _ => Ok(()),
    }
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
