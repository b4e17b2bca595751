//! Evaluating approved plans (periodic and annual), the organisation's predikat with the
//! distribution curve, and objections. Access follows the plan's: the owner, the appraiser,
//! the appraiser's superior and hr/pyb in their subtree read; the appraiser rates.

pub mod objections;
pub mod rating;
pub mod unit;

use crate::auth::Principal;
use crate::auth::policy::{self, PlanAccess};
use crate::db::AnyConnection;
use crate::domain::behaviour::CoreValue;
use crate::domain::evaluation::{EvaluationStatus, Slot};
use crate::domain::plan;
use crate::domain::scoring::Regime;
use crate::domain::scoring::permenpan6_2022::Rating;
use crate::error::{ApiError, Code, FieldError};
use crate::org::required_text;
use crate::plans::content::state_conflict;
use crate::plans::{Loaded, load, load_for_change, period_of};
use crate::store::evaluations::ResultFeedbackRow;
use crate::store::evaluations::{self as rows, BehaviourFeedbackRow, EvaluationRow};
use crate::store::plans as plan_rows;
use crate::store::versioned::{Event, snapshot};
use crate::store::{IfMatch, Isolation, Versioned, Work};

pub const FEEDBACK_MAX: usize = 4000;

/// An evaluation the caller may read, with their access to its plan.
pub struct LoadedEvaluation {
    pub evaluation: EvaluationRow,
    pub access: PlanAccess,
}

/// The evaluation, or 404 when it does not exist or the caller may not read its plan.
pub fn load_evaluation(
    conn: &mut AnyConnection,
    principal: &Principal,
    id: &str,
) -> Result<LoadedEvaluation, ApiError> {
    let evaluation = rows::find(conn, id)?.ok_or_else(|| ApiError::not_found("evaluation", id))?;
    let Loaded { access, .. } = load(conn, principal, &evaluation.plan_id)
        .map_err(|_| ApiError::not_found("evaluation", id))?;
    Ok(LoadedEvaluation { evaluation, access })
}

/// Opens the evaluation of an approved plan for a slot: `annual` or a sub-period number.
pub fn create(
    work: &mut Work<'_>,
    principal: &Principal,
    plan_id: &str,
    slot: &str,
) -> Result<EvaluationRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let Loaded { plan, access } = load_for_change(work, principal, plan_id)?;
        policy::open_evaluation(&access, plan_id)?;
        if !plan.status.in_force() {
            return Err(state_conflict(&plan));
        }
        let period = period_of(work.conn(), &plan)?;
        let count = plan::sub_periods(period.starts_on, period.ends_on, period.sub_periods).len();
        let slot = Slot::parse(slot, count as u32).ok_or_else(|| {
            ApiError::validation(vec![FieldError::at(
                "/slot",
                "invalid_slot",
                format!("\"annual\" or a sub-period number from 1 to {count}"),
            )])
        })?;
        let at = work.now();
        let row = EvaluationRow {
            id: uuid::Uuid::now_v7().to_string(),
            plan_id: plan.id.clone(),
            period_id: plan.period_id.clone(),
            employee_id: plan.employee_id.clone(),
            unit_id: plan.unit_id.clone(),
            appraiser_id: plan.appraiser_id.clone(),
            slot: slot.as_text(),
            regime: period.regime,
            status: EvaluationStatus::Open,
            suggested_work_rating: None,
            work_rating: None,
            work_rating_reason: None,
            suggested_behaviour_rating: None,
            behaviour_rating: None,
            behaviour_rating_reason: None,
            behaviour_aspects: None,
            innovation: None,
            notes: None,
            skp_score: None,
            behaviour_score: None,
            final_score: None,
            predikat: None,
            explanation: None,
            rated_by: None,
            rated_at: None,
            finalized_at: None,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        rows::insert(work.conn(), &row).map_err(|e| {
            crate::error::unique(e, || {
                ApiError::conflict(
                    Code::EvaluationExists,
                    format!("The plan has a {} evaluation already.", row.slot),
                )
            })
        })?;
        work.record(
            EvaluationRow::ENTITY,
            &row.id,
            "create",
            None,
            snapshot(&row),
            None,
        )?;
        Ok(row)
    })
}

/// The evaluation, locked, for its appraiser, and 409 unless it is open.
fn open_for_appraiser(
    work: &mut Work<'_>,
    principal: &Principal,
    id: &str,
) -> Result<EvaluationRow, ApiError> {
    work.lock_row::<EvaluationRow>(id)?;
    let LoadedEvaluation { evaluation, access } = load_evaluation(work, principal, id)?;
    policy::appraise_plan(&access, &evaluation.plan_id)?;
    if evaluation.status != EvaluationStatus::Open {
        return Err(ApiError::conflict(
            Code::EvaluationNotOpen,
            format!(
                "The evaluation is {}; feedback changes while it is open.",
                evaluation.status.as_str()
            ),
        ));
    }
    Ok(evaluation)
}

pub struct Feedback {
    pub feedback: String,
    pub rating: Option<Rating>,
}

fn checked_feedback(input: &Feedback) -> Result<String, ApiError> {
    let mut errors = Vec::new();
    let text = required_text("/feedback", &input.feedback, FEEDBACK_MAX, &mut errors);
    if errors.is_empty() {
        Ok(text)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Writes one piece of feedback as a new version of the evaluation with its audit event; the
/// same feedback again is no change.
fn store_feedback<R: serde::Serialize + PartialEq>(
    work: &mut Work<'_>,
    if_match: &IfMatch,
    evaluation: EvaluationRow,
    before: Option<R>,
    row: R,
    put: fn(&mut AnyConnection, &R) -> diesel::QueryResult<()>,
    action: &str,
) -> Result<EvaluationRow, ApiError> {
    if before.as_ref() == Some(&row) {
        if_match.check(evaluation.version)?;
        return Ok(evaluation);
    }
    put(work.conn(), &row)?;
    work.touch(
        if_match,
        &evaluation,
        evaluation.clone(),
        Event {
            action,
            before: before.as_ref().and_then(snapshot),
            after: snapshot(&row),
            reason: None,
        },
    )
}

/// The appraiser's feedback (and rating) on one work result of the plan.
pub fn give_result_feedback(
    work: &mut Work<'_>,
    principal: &Principal,
    id: &str,
    result_id: &str,
    input: Feedback,
    if_match: &IfMatch,
) -> Result<EvaluationRow, ApiError> {
    let text = checked_feedback(&input)?;
    work.transaction(Isolation::ReadCommitted, |work| {
        let evaluation = open_for_appraiser(work, principal, id)?;
        if evaluation.regime == Regime::Pp30_2021 && input.rating.is_some() {
            return Err(ApiError::validation(vec![FieldError::at(
                "/rating",
                "wrong_regime",
                "under pp30_2021 results are scored from their realisations, not rated",
            )]));
        }
        let belongs = plan_rows::results_of(work.conn(), &evaluation.plan_id)?
            .iter()
            .any(|r| r.id == result_id);
        if !belongs {
            return Err(ApiError::not_found("work result", result_id));
        }
        let row = ResultFeedbackRow {
            evaluation_id: evaluation.id.clone(),
            result_id: result_id.to_owned(),
            feedback: text,
            rating: input.rating.map(|r| r.as_str().to_owned()),
        };
        let before = rows::result_feedback(work.conn(), &evaluation.id)?
            .into_iter()
            .find(|f| f.result_id == result_id);
        let put = rows::put_result_feedback;
        store_feedback(
            work,
            if_match,
            evaluation,
            before,
            row,
            put,
            "result_feedback",
        )
    })
}

/// The appraiser's feedback (and rating) on one BerAKHLAK value (`permenpan6_2022`).
pub fn give_behaviour_feedback(
    work: &mut Work<'_>,
    principal: &Principal,
    id: &str,
    value: &str,
    input: Feedback,
    if_match: &IfMatch,
) -> Result<EvaluationRow, ApiError> {
    let value: CoreValue = value
        .parse()
        .map_err(|()| ApiError::not_found("BerAKHLAK value", value))?;
    let text = checked_feedback(&input)?;
    work.transaction(Isolation::ReadCommitted, |work| {
        let evaluation = open_for_appraiser(work, principal, id)?;
        if evaluation.regime != Regime::Permenpan6_2022 {
            return Err(ApiError::validation(vec![FieldError::at(
                "",
                "wrong_regime",
                "per-value feedback belongs to permenpan6_2022; under pp30_2021 the rating \
                 gives behaviour_aspects",
            )]));
        }
        let row = BehaviourFeedbackRow {
            evaluation_id: evaluation.id.clone(),
            core_value: value.as_str().to_owned(),
            feedback: text,
            rating: input.rating.map(|r| r.as_str().to_owned()),
        };
        let before = rows::behaviour_feedback(work.conn(), &evaluation.id)?
            .into_iter()
            .find(|f| f.core_value == row.core_value);
        let put = rows::put_behaviour_feedback;
        store_feedback(
            work,
            if_match,
            evaluation,
            before,
            row,
            put,
            "behaviour_feedback",
        )
    })
}
