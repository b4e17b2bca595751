//! The plan workflow: submit (owner, or hr for them), approve and return (the plan's appraiser
//! only), revise (a new draft revision of an approved plan; the old one stays readable). Every
//! step is an audit event.

use super::content::{regime_of, state_conflict};
use super::{Loaded, load, snapshot, touch};
use crate::api::v1::scorecard::weight_errors;
use crate::auth::Principal;
use crate::db::AnyConnection;
use crate::domain::fixed::Hundredths;
use crate::domain::plan::{self, PlanStatus, Transition};
use crate::domain::scoring::{Regime, ResultKind};
use crate::error::{ApiError, FieldError};
use crate::store::audit::{Actor, now};
use crate::store::plans::{self, PlanRow, RealizationRow, ResultRow};
use crate::store::{employees, write_transaction};

/// Runs one step on the plan; `reason` is required for `Return`. For `Revise` the new
/// revision is returned.
pub fn transition(
    conn: &mut AnyConnection,
    principal: &Principal,
    plan_id: &str,
    step: Transition,
    reason: Option<&str>,
    actor: &Actor,
) -> Result<PlanRow, ApiError> {
    write_transaction(conn, false, |conn| {
        let Loaded { plan, access } = load(conn, principal, plan_id)?;
        let (allowed, who) = match step {
            Transition::Submit | Transition::Revise => (
                access.edits(),
                "Only the plan's owner, or hr for them, may do this.",
            ),
            Transition::Approve | Transition::Return => (
                access.appraiser,
                "Only the plan's appraiser may approve or return it.",
            ),
        };
        access.require(allowed, plan_id, who)?;
        let current: PlanStatus = plan.status.parse().unwrap_or(PlanStatus::Superseded);
        let next = plan::apply(current, step).map_err(|_| state_conflict(&plan))?;
        let mut row = plan.clone();
        row.status = next.as_str().to_owned();
        touch(&mut row);
        let on_behalf = (step == Transition::Submit && !access.owner)
            .then_some("submitted by hr on the employee's behalf");
        match step {
            Transition::Submit => {
                check_complete(conn, &plan)?;
                if !plan.appraiser_pinned {
                    row.appraiser_id =
                        employees::find(conn, &plan.employee_id)?.and_then(|e| e.supervisor_id);
                }
                if row.appraiser_id.is_none() {
                    return Err(ApiError::conflict(
                        "no_appraiser",
                        "The employee has no superior; hr must set the plan's appraiser first.",
                    ));
                }
                row.submitted_by = actor.id.clone();
                row.submitted_at = Some(row.updated_at);
                row.return_reason = None;
            }
            Transition::Approve => row.approved_at = Some(row.updated_at),
            Transition::Return => row.return_reason = reason.map(str::to_owned),
            Transition::Revise => {
                // Superseded first (one current plan per position), then linked to the new
                // revision once it exists.
                let next = next_revision(&plan, actor);
                plans::update(conn, &row)?;
                insert_revision(conn, &next, &plan, actor)?;
                row.superseded_by = Some(next.id.clone());
                plans::update(conn, &row)?;
                actor.record(
                    conn,
                    "plan",
                    plan_id,
                    "revise",
                    snapshot(&plan),
                    snapshot(&row),
                )?;
                return Ok(next);
            }
        }
        plans::update(conn, &row)?;
        actor.record_because(
            conn,
            "plan",
            plan_id,
            step.as_str(),
            snapshot(&plan),
            snapshot(&row),
            reason.or(on_behalf),
        )?;
        Ok(row)
    })
}

/// A plan is submitted with at least one main result; under `pp30_2021` every result has an
/// indicator and the main results' weights are all given (summing to 100) or none.
fn check_complete(conn: &mut AnyConnection, plan: &PlanRow) -> Result<(), ApiError> {
    let regime = regime_of(conn, plan)?;
    let results = plans::results_of(conn, &plan.id)?;
    let indicators = plans::indicators_of(conn, &plan.id)?;
    let mut errors = Vec::new();
    let is_main = |r: &ResultRow| r.kind == ResultKind::Main.as_str();
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
fn next_revision(plan: &PlanRow, actor: &Actor) -> PlanRow {
    let at = now();
    PlanRow {
        id: uuid::Uuid::now_v7().to_string(),
        status: PlanStatus::Draft.as_str().to_owned(),
        revision: plan.revision + 1,
        revision_of: Some(plan.id.clone()),
        superseded_by: None,
        return_reason: None,
        created_by: actor.id.clone().unwrap_or_default(),
        submitted_by: None,
        submitted_at: None,
        approved_at: None,
        version: 1,
        created_at: at,
        updated_at: at,
        ..plan.clone()
    }
}

/// Stores the new revision with copies of the old one's results, indicators and realisations;
/// results of subordinates that supported the old results now support the copies.
fn insert_revision(
    conn: &mut AnyConnection,
    next: &PlanRow,
    old: &PlanRow,
    actor: &Actor,
) -> Result<(), ApiError> {
    plans::insert(conn, next)?;
    let mut indicator_ids = std::collections::HashMap::new();
    let indicators = plans::indicators_of(conn, &old.id)?;
    for result in plans::results_of(conn, &old.id)? {
        let copy = ResultRow {
            id: uuid::Uuid::now_v7().to_string(),
            plan_id: next.id.clone(),
            revised_from: Some(result.id.clone()),
            ..result.clone()
        };
        plans::insert_result(conn, &copy)?;
        plans::relink_children(conn, &result.id, &copy.id)?;
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
        plans::insert_indicators(conn, &copies)?;
    }
    for r in plans::realizations_of(conn, &old.id)? {
        if let Some(indicator) = indicator_ids.get(&r.indicator_id) {
            plans::insert_realization(
                conn,
                &RealizationRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    plan_id: next.id.clone(),
                    indicator_id: indicator.clone(),
                    ..r
                },
            )?;
        }
    }
    actor.record(
        conn,
        "plan",
        &next.id,
        "create_revision",
        None,
        snapshot(next),
    )?;
    Ok(())
}
