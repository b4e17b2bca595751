//! The plan workflow: submit (owner, or hr for them), approve and return (the plan's appraiser
//! only), revise (a proposal: a new draft revision of an approved plan, which stays in force
//! until the revision is approved and only then is superseded). Every step is an audit event.

use super::content::{
    group_by_plan, link_changes, regime_of, require_open_period, state_conflict, status_code,
};
use super::score::weight_errors;
use super::{Loaded, load_for_change};
use crate::auth::Principal;
use crate::auth::policy::{self, PlanAccess};
use crate::db::AnyConnection;
use crate::domain::fixed::Hundredths;
use crate::domain::org::EmployeeStatus;
use crate::domain::plan::{self, PlanStatus, Transition};
use crate::domain::scoring::{Regime, ResultKind};
use crate::error::{ApiError, Code, FieldError};
use crate::store::plans::{self, PlanRow, RealizationRow, ResultRow};
use crate::store::versioned::{Event, snapshot};
use crate::store::{IfMatch, Invariant, Isolation, Work, employees};

/// The access rule of a workflow step.
pub fn step_rule(step: Transition) -> fn(&PlanAccess, &str) -> Result<(), ApiError> {
    match step {
        Transition::Submit | Transition::Revise => policy::edit_plan,
        Transition::Approve | Transition::Return => policy::appraise_plan,
    }
}

/// Runs one step on the plan; `reason` is required for `Return`. For `Revise` the new
/// revision is returned.
pub fn transition(
    work: &mut Work<'_>,
    principal: &Principal,
    plan_id: &str,
    step: Transition,
    reason: Option<&str>,
) -> Result<PlanRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let Loaded { plan, access } = load_for_change(work, principal, plan_id)?;
        step_rule(step)(&access, plan_id)?;
        let next = plan::apply(plan.status, step).map_err(|_| state_conflict(&plan))?;
        if matches!(step, Transition::Submit | Transition::Approve) {
            require_open_period(work, &plan)?;
        }
        let mut row = plan.clone();
        row.status = next;
        let at = work.now();
        let on_behalf = (step == Transition::Submit && !access.owner)
            .then_some("submitted by hr on the employee's behalf");
        match step {
            Transition::Submit => {
                check_complete(work, &plan)?;
                row.appraiser_id = Some(appraiser_at_submission(work, &plan)?);
                row.submitted_by = work.actor().id.clone();
                row.submitted_at = Some(at);
                row.return_reason = None;
            }
            Transition::Approve => {
                row.approved_at = Some(at);
                if let Some(replaced) = &plan.revision_of {
                    // The plan in force gives way first (one plan in force per position).
                    supersede(work, replaced, &plan)?;
                }
            }
            Transition::Return => row.return_reason = reason.map(str::to_owned),
            Transition::Revise => {
                require_open_period(work, &plan)?;
                let next = next_revision(&plan, work.actor().id.clone(), at);
                insert_revision(work, &next, &plan, reason)?;
                return Ok(next);
            }
        }
        let approved = work.update(
            &IfMatch::Absent,
            &plan,
            row,
            step.as_str(),
            reason.or(on_behalf),
        )?;
        if let (Transition::Approve, Some(replaced)) = (step, &plan.revision_of) {
            relink(work, replaced, &approved)?;
        }
        Ok(approved)
    })
}

/// The approved revision `next` replaces the plan `replaced_id`, which must still be approved
/// (a plan whose annual evaluation is rated or final can no longer be replaced).
fn supersede(work: &mut Work<'_>, replaced_id: &str, next: &PlanRow) -> Result<(), ApiError> {
    work.lock_row::<PlanRow>(replaced_id)?;
    let replaced = plans::find(work, replaced_id)?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("revision of a missing plan")))?;
    match replaced.status {
        PlanStatus::Approved => {
            let mut row = replaced.clone();
            row.status = PlanStatus::Superseded;
            row.superseded_by = Some(next.id.clone());
            let reason = format!("revision {} was approved", next.revision);
            work.update(&IfMatch::Absent, &replaced, row, "supersede", Some(&reason))?;
            Ok(())
        }
        // Revisions proposed before proposals existed superseded their plan at once.
        PlanStatus::Superseded => Ok(()),
        _ => Err(ApiError::conflict(
            status_code(replaced.status),
            format!(
                "The revision cannot be approved: the plan it replaces is {}.",
                replaced.status.as_str()
            ),
        )),
    }
}

/// Who appraises the plan from submission on: the appraiser hr pinned, else the employee's
/// current direct superior; never someone inactive (409 `appraiser_inactive`).
fn appraiser_at_submission(work: &mut Work<'_>, plan: &PlanRow) -> Result<String, ApiError> {
    // A superior who leaves meanwhile waits for this submission, or this one sees them gone.
    work.lock_shared(Invariant::SuperiorChain)?;
    let (appraiser_id, whose) = if plan.appraiser_pinned {
        (plan.appraiser_id.clone(), "The plan's appraiser")
    } else {
        let superior = employees::find(work, &plan.employee_id)?.and_then(|e| e.supervisor_id);
        (superior, "The employee's superior")
    };
    let Some(appraiser_id) = appraiser_id else {
        return Err(ApiError::conflict(
            Code::NoAppraiser,
            "The employee has no superior; hr must set the plan's appraiser first.",
        ));
    };
    match employees::find(work, &appraiser_id)? {
        Some(a) if a.status == EmployeeStatus::Active => Ok(appraiser_id),
        found => Err(ApiError::conflict(
            Code::AppraiserInactive,
            format!(
                "{whose}{} is inactive; hr must set an active appraiser (or the employee's \
                 superior) first.",
                found.map(|a| format!(", {},", a.name)).unwrap_or_default()
            ),
        )),
    }
}

/// A plan is submitted with at least one main result; under `pp30_2021` every result has an
/// indicator and the main results' weights are all given (summing to 100) or none.
fn check_complete(conn: &mut AnyConnection, plan: &PlanRow) -> Result<(), ApiError> {
    let regime = regime_of(conn, plan)?;
    let results = plans::results_of(conn, &plan.id)?;
    let indicators = plans::indicators_of(conn, &plan.id)?;
    let mut errors = Vec::new();
    let is_main = |r: &ResultRow| r.kind == ResultKind::Main;
    if !results.iter().any(is_main) {
        errors.push(FieldError::at(
            "/results",
            "no_main_result",
            "a plan needs at least one main result",
        ));
    }
    if regime == Regime::Pp30_2021 {
        for (i, r) in results.iter().enumerate() {
            if !indicators.iter().any(|ind| ind.result_id == r.id) {
                errors.push(FieldError::at(
                    format!("/results/{i}/indicators"),
                    "empty",
                    "a result needs at least one indicator",
                ));
            }
        }
        let main: Vec<(usize, Option<Hundredths>)> = results
            .iter()
            .enumerate()
            .filter(|(_, r)| is_main(r))
            .map(|(i, r)| (i, r.weight_hundredths.map(Hundredths)))
            .collect();
        errors.extend(weight_errors(&main, "main"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// The next revision of an approved plan: a draft with the same appraiser.
fn next_revision(plan: &PlanRow, created_by: Option<String>, at: chrono::NaiveDateTime) -> PlanRow {
    PlanRow {
        id: uuid::Uuid::now_v7().to_string(),
        status: PlanStatus::Draft,
        revision: plan.revision + 1,
        revision_of: Some(plan.id.clone()),
        superseded_by: None,
        return_reason: None,
        created_by: created_by.unwrap_or_default(),
        submitted_by: None,
        submitted_at: None,
        approved_at: None,
        version: 1,
        created_at: at,
        updated_at: at,
        ..plan.clone()
    }
}

/// Stores the proposed revision with copies of the old one's results, indicators and
/// realisations (the copies are the draft's own: editing the draft changes or removes them,
/// the old revision keeps the originals). 409 `revision_pending` when one is proposed already.
fn insert_revision(
    work: &mut Work<'_>,
    next: &PlanRow,
    old: &PlanRow,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    plans::insert(work, next).map_err(|e| {
        crate::error::unique(e, || {
            ApiError::conflict(
                Code::RevisionPending,
                "A revision of this plan is awaiting approval already; edit or submit that one.",
            )
        })
    })?;
    let mut indicator_ids = std::collections::HashMap::new();
    let indicators = plans::indicators_of(work, &old.id)?;
    for result in plans::results_of(work, &old.id)? {
        let copy = ResultRow {
            id: uuid::Uuid::now_v7().to_string(),
            plan_id: next.id.clone(),
            revised_from: Some(result.id.clone()),
            ..result.clone()
        };
        plans::insert_result(work, &copy)?;
        let copies: Vec<_> = indicators
            .iter()
            .filter(|i| i.result_id == result.id)
            .map(|i| {
                let id = uuid::Uuid::now_v7().to_string();
                indicator_ids.insert(i.id.clone(), id.clone());
                plans::IndicatorRow {
                    id,
                    result_id: copy.id.clone(),
                    plan_id: next.id.clone(),
                    ..i.clone()
                }
            })
            .collect();
        plans::insert_indicators(work, &copies)?;
    }
    for r in plans::realizations_of(work, &old.id)? {
        if let Some(indicator) = indicator_ids.get(&r.indicator_id) {
            plans::insert_realization(
                work,
                &RealizationRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    plan_id: next.id.clone(),
                    indicator_id: indicator.clone(),
                    ..r
                },
            )?;
        }
    }
    work.record(
        "plan",
        &next.id,
        "create_revision",
        None,
        snapshot(next),
        reason,
    )
}

/// Once revision `next` is approved, the subordinates' results that supported the results of
/// the plan it replaced support their copies in `next` (a result the revision removed supports
/// nothing any more): one new version and one audit event per subordinate plan. Superseded
/// plans keep their links (history points at history).
fn relink(work: &mut Work<'_>, replaced_id: &str, next: &PlanRow) -> Result<(), ApiError> {
    let copies: std::collections::HashMap<String, String> = plans::results_of(work, &next.id)?
        .into_iter()
        .filter_map(|r| r.revised_from.map(|from| (from, r.id)))
        .collect();
    let old_ids: Vec<String> = plans::results_of(work, replaced_id)?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let supporters = plans::children_of(work, &old_ids)?;
    let reason = format!("plan {replaced_id} was revised as {}", next.id);
    let copy_of = |r: &ResultRow| {
        r.parent_result_id
            .as_ref()
            .and_then(|p| copies.get(p))
            .cloned()
    };
    for (results, plan) in group_by_plan(supporters) {
        for r in &results {
            plans::set_parent(work, &r.id, copy_of(r).as_deref())?;
        }
        let (before, after) = link_changes(&results, copy_of);
        let event = Event {
            action: "relink_results",
            before,
            after,
            reason: Some(&reason),
        };
        work.touch(&IfMatch::Absent, &plan, plan.clone(), event)?;
    }
    Ok(())
}

/// The plan follows its annual evaluation: `evaluated` once rated, `final` once final. A plan
/// already there is left as it is (a re-rating is no change of the plan).
pub fn follow_annual_evaluation(
    work: &mut Work<'_>,
    plan_id: &str,
    status: PlanStatus,
) -> Result<(), ApiError> {
    work.lock_row::<PlanRow>(plan_id)?;
    let plan = plans::find(work, plan_id)?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("evaluation of a missing plan")))?;
    if plan.status == status || !plan.status.in_force() {
        return Ok(());
    }
    let mut row = plan.clone();
    row.status = status;
    let action = match status {
        PlanStatus::Final => "finalize",
        _ => "evaluate",
    };
    work.update(&IfMatch::Absent, &plan, row, action, None)?;
    Ok(())
}
