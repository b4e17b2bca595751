//! Creating a plan and editing its work results while it is a draft: titles and weights,
//! indicators, and the link to the superior's result that a result supports (cascading).

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Serialize;
use serde_json::json;

use super::{Loaded, load_for_change, period_of};
use crate::auth::Principal;
use crate::auth::policy::{self, PlanAccess};
use crate::db::AnyConnection;
use crate::domain::fixed::Hundredths;
use crate::domain::org::EmployeeStatus;
use crate::domain::plan::{Aspect, Combine, PeriodStatus, PlanStatus, is_proposal};
use crate::domain::scoring::pp30_2021::{Direction, Target};
use crate::domain::scoring::{Regime, ResultKind};
use crate::error::{ApiError, Code, FieldError};
use crate::org::reach::governs_unit;
use crate::org::required_text;
use crate::store::plans::{self, IndicatorRow, PlanRow, RealizationRow, ResultRow};
use crate::store::versioned::{Event, snapshot};
use crate::store::{IfMatch, Isolation, Work, employees, periods};

pub const TITLE_MAX: usize = 500;
pub const TEXT_MAX: usize = 2000;
pub const UNIT_MAX: usize = 50;
/// Indicators of one work result.
pub const INDICATORS_MAX: usize = 20;

pub struct NewPlan {
    pub employee_id: String,
    pub period_id: String,
    pub appraiser_id: Option<String>,
}

/// A work result as entered; numbers already checked.
pub struct ResultInput {
    pub kind: ResultKind,
    pub title: String,
    pub parent_result_id: Option<String>,
    pub weight: Option<Hundredths>,
    pub expectation: Option<String>,
    pub indicators: Vec<IndicatorInput>,
}

pub struct IndicatorInput {
    /// In a change of a result's indicators: the stored indicator this one is (kept, changed
    /// in place, with its realisations); `None` for a new one.
    pub id: Option<String>,
    pub aspect: Aspect,
    pub description: String,
    pub target: Target,
    pub unit: String,
    pub direction: Direction,
    pub target_is_max: bool,
    pub combine: Combine,
}

/// A change to a result; `None` leaves a field, `Some(None)` clears it, `indicators` replaces
/// them all (those named by id are kept and changed in place).
#[derive(Default)]
pub struct ResultChanges {
    pub kind: Option<ResultKind>,
    pub title: Option<String>,
    pub parent_result_id: Option<Option<String>>,
    pub weight: Option<Option<Hundredths>>,
    pub expectation: Option<Option<String>>,
    pub indicators: Option<Vec<IndicatorInput>>,
}

/// Whether the caller may start a plan for an employee of `unit_id`: the employee themselves,
/// hr of the unit, admin.
fn may_create(
    conn: &mut AnyConnection,
    principal: &Principal,
    employee_id: &str,
    unit_id: &str,
) -> Result<(bool, bool), ApiError> {
    let Principal::User(user) = principal else {
        return Ok((false, false));
    };
    let own = user.employee_id.as_deref() == Some(employee_id);
    let hr = match crate::auth::policy::write_employees(principal) {
        Ok(governs) => governs_unit(conn, &governs, unit_id)?,
        Err(_) => false,
    };
    Ok((own, hr))
}

pub fn create(
    work: &mut Work<'_>,
    principal: &Principal,
    input: NewPlan,
) -> Result<PlanRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let mut errors = Vec::new();
        let employee = employees::find(work, &input.employee_id)?
            .filter(|e| e.status == EmployeeStatus::Active);
        let (own, hr) = match &employee {
            Some(e) => may_create(work, principal, &e.id, &e.unit_id)?,
            None => (false, false),
        };
        // Someone whose plan the caller may not start is answered as nobody: the answer must
        // not tell which ids exist.
        let employee = employee.filter(|_| own || hr);
        if employee.is_none() {
            errors.push(FieldError::at(
                "/employee_id",
                "unknown_employee",
                "no active employee whose plan you may start has this id",
            ));
        }
        let period = periods::find(work, &input.period_id)?;
        if period.is_none() {
            errors.push(FieldError::at(
                "/period_id",
                "unknown_period",
                "no period has this id",
            ));
        }
        if let Some(appraiser) = &input.appraiser_id {
            check_appraiser(work, appraiser, &input.employee_id, &mut errors)?;
        }
        let (Some(employee), Some(period)) = (employee, period) else {
            return Err(ApiError::validation(errors));
        };
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        if input.appraiser_id.is_some() && !hr {
            return Err(ApiError::forbidden("Only hr may choose another appraiser."));
        }
        if period.status == PeriodStatus::Closed {
            return Err(ApiError::conflict(
                Code::PeriodClosed,
                "The period is closed.",
            ));
        }
        let at = work.now();
        let row = PlanRow {
            id: uuid::Uuid::now_v7().to_string(),
            employee_id: employee.id.clone(),
            period_id: period.id.clone(),
            position_title: employee.position_title.clone(),
            unit_id: employee.unit_id.clone(),
            appraiser_pinned: input.appraiser_id.is_some(),
            appraiser_id: input.appraiser_id.or(employee.supervisor_id.clone()),
            status: PlanStatus::Draft,
            revision: 1,
            revision_of: None,
            superseded_by: None,
            return_reason: None,
            created_by: work.actor().id.clone().unwrap_or_default(),
            submitted_by: None,
            submitted_at: None,
            approved_at: None,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        plans::insert(work, &row).map_err(|e| match e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::conflict(
                    Code::DuplicatePlan,
                    format!(
                        "{} has a plan for this period and position ({:?}) already.",
                        employee.name, employee.position_title
                    ),
                )
            }
            other => other.into(),
        })?;
        work.record("plan", &row.id, "create", None, snapshot(&row), None)?;
        Ok(row)
    })
}

/// An appraiser must be an active employee other than the plan's owner.
pub(super) fn check_appraiser(
    conn: &mut AnyConnection,
    appraiser_id: &str,
    owner_id: &str,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    let found = employees::find(conn, appraiser_id)?.filter(|e| e.status == EmployeeStatus::Active);
    if found.is_none() {
        errors.push(FieldError::at(
            "/appraiser_id",
            "unknown_employee",
            "no active employee has this id",
        ));
    } else if appraiser_id == owner_id {
        errors.push(FieldError::at(
            "/appraiser_id",
            "own_appraiser",
            "an employee cannot appraise their own plan",
        ));
    }
    Ok(())
}

/// hr sets the plan's appraiser (any status but superseded); it then no longer follows the
/// employee's superior.
pub fn set_appraiser(
    work: &mut Work<'_>,
    principal: &Principal,
    plan_id: &str,
    appraiser_id: &str,
    if_match: &IfMatch,
) -> Result<PlanRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let Loaded { plan, access } = load_for_change(work, principal, plan_id)?;
        policy::manage_plan(&access, plan_id)?;
        if_match.check(plan.version)?;
        if plan.status == PlanStatus::Superseded {
            return Err(state_conflict(&plan));
        }
        let mut errors = Vec::new();
        check_appraiser(work, appraiser_id, &plan.employee_id, &mut errors)?;
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let mut row = plan.clone();
        row.appraiser_id = Some(appraiser_id.to_owned());
        row.appraiser_pinned = true;
        work.update(if_match, &plan, row, "set_appraiser", None)
    })
}

/// 409 naming the plan's current status.
pub fn state_conflict(plan: &PlanRow) -> ApiError {
    ApiError::conflict(
        status_code(plan.status),
        format!("The plan is {}.", plan.status.as_str()),
    )
}

/// The 409 code naming a plan status.
pub(super) fn status_code(status: PlanStatus) -> Code {
    match status {
        PlanStatus::Draft => Code::PlanDraft,
        PlanStatus::Submitted => Code::PlanSubmitted,
        PlanStatus::Approved => Code::PlanApproved,
        PlanStatus::Superseded => Code::PlanSuperseded,
        PlanStatus::Evaluated => Code::PlanEvaluated,
        PlanStatus::Final => Code::PlanFinal,
    }
}

/// Loads a draft the caller may edit (owner or hr).
fn editable_draft(
    work: &mut Work<'_>,
    principal: &Principal,
    plan_id: &str,
) -> Result<(PlanRow, PlanAccess), ApiError> {
    let Loaded { plan, access } = load_for_change(work, principal, plan_id)?;
    policy::edit_plan(&access, plan_id)?;
    if plan.status != PlanStatus::Draft {
        return Err(state_conflict(&plan));
    }
    require_open_period(work, &plan)?;
    Ok((plan, access))
}

/// 409 `period_not_open` unless the plan's period is planning or running.
pub(super) fn require_open_period(
    conn: &mut AnyConnection,
    plan: &PlanRow,
) -> Result<(), ApiError> {
    let status = period_of(conn, plan)?.status;
    if matches!(status, PeriodStatus::Planning | PeriodStatus::Running) {
        Ok(())
    } else {
        Err(ApiError::conflict(
            Code::PeriodNotOpen,
            format!(
                "The period is {}; plans change while it is planning or running.",
                status.as_str()
            ),
        ))
    }
}

/// The regime of the plan's period.
pub(super) fn regime_of(conn: &mut AnyConnection, plan: &PlanRow) -> Result<Regime, ApiError> {
    Ok(period_of(conn, plan)?.regime)
}

/// A supported result must be in the current plan of the employee's superior for the same
/// period.
fn check_parent(
    conn: &mut AnyConnection,
    plan: &PlanRow,
    parent_id: &str,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    let superior = employees::find(conn, &plan.employee_id)?.and_then(|e| e.supervisor_id);
    let parent_plan = match plans::find_result(conn, parent_id)? {
        Some(result) => plans::find(conn, &result.plan_id)?,
        None => None,
    };
    let fits = parent_plan.is_some_and(|p| {
        superior.as_deref() == Some(p.employee_id.as_str())
            && p.period_id == plan.period_id
            && p.status != PlanStatus::Superseded
            && !is_proposal(p.status, p.revision_of.as_deref())
    });
    if !fits {
        errors.push(FieldError::at(
            "/parent_result_id",
            "not_superior_result",
            "must be a work result in the current plan of the employee's direct superior for the same period",
        ));
    }
    Ok(())
}

/// Checks the texts of a result; `kept` indicators are stored ones a patch leaves in place.
fn check_texts(input: &mut ResultInput, regime: Regime, kept: usize, errors: &mut Vec<FieldError>) {
    input.title = required_text("/title", &input.title, TITLE_MAX, errors);
    if let Some(expectation) = &input.expectation {
        let text = required_text("/expectation", expectation, TEXT_MAX, errors);
        if regime == Regime::Pp30_2021 {
            errors.push(FieldError::at(
                "/expectation",
                "wrong_regime",
                "a qualitative expectation belongs to regime permenpan6_2022",
            ));
        }
        input.expectation = Some(text);
    }
    if input.indicators.is_empty() && kept == 0 && input.expectation.is_none() {
        errors.push(FieldError::at(
            "/indicators",
            "empty",
            match regime {
                Regime::Pp30_2021 => "a result needs at least one indicator",
                Regime::Permenpan6_2022 => "a result needs indicators or an expectation",
            },
        ));
    }
    if input.indicators.len() + kept > INDICATORS_MAX {
        errors.push(FieldError::at(
            "/indicators",
            "too_many",
            format!("a result has at most {INDICATORS_MAX} indicators"),
        ));
    }
    for (i, indicator) in input.indicators.iter_mut().enumerate() {
        indicator.description = required_text(
            &format!("/indicators/{i}/description"),
            &indicator.description,
            TEXT_MAX,
            errors,
        );
        indicator.unit = required_text(
            &format!("/indicators/{i}/unit"),
            &indicator.unit,
            UNIT_MAX,
            errors,
        );
    }
}

/// The stored row of `input` as the `position`-th indicator of a result, under `id`.
fn indicator_row(
    id: String,
    plan_id: &str,
    result_id: &str,
    position: usize,
    input: &IndicatorInput,
) -> IndicatorRow {
    let (value, min, max) = match input.target {
        Target::Value(v) => (Some(v.to_string()), None, None),
        Target::Range { min, max } => (None, Some(min.to_string()), Some(max.to_string())),
    };
    IndicatorRow {
        id,
        result_id: result_id.to_owned(),
        plan_id: plan_id.to_owned(),
        position: position as i32 + 1,
        aspect: input.aspect,
        description: input.description.clone(),
        target_value: value,
        target_min: min,
        target_max: max,
        unit: input.unit.clone(),
        direction: input.direction,
        target_is_max: input.target_is_max,
        combine: input.combine,
    }
}

/// A result's indicators after a change: `ids` the ones they keep (by id, changed in place
/// and with their realisations) or new ones; `old` ones not named are removed.
fn replaced_indicators(
    plan_id: &str,
    result_id: &str,
    inputs: &[IndicatorInput],
    old: &[IndicatorRow],
    errors: &mut Vec<FieldError>,
) -> Vec<IndicatorRow> {
    let mut named: Vec<&str> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let Some(id) = input.id.as_deref() else {
            continue;
        };
        if !old.iter().any(|o| o.id == id) {
            errors.push(FieldError::at(
                format!("/indicators/{i}/id"),
                "unknown_indicator",
                "not an indicator of this result; leave `id` out for a new one",
            ));
        } else if named.contains(&id) {
            errors.push(FieldError::at(
                format!("/indicators/{i}/id"),
                "duplicate",
                "this indicator is listed twice",
            ));
        }
        named.push(id);
    }
    inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let id = input
                .id
                .clone()
                .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
            indicator_row(id, plan_id, result_id, i, input)
        })
        .collect()
}

/// A result with its indicators, for audit snapshots and responses.
pub type ResultWithIndicators = (ResultRow, Vec<IndicatorRow>);

/// What the audit trail keeps of a result: the row, its indicators, and the realisations that
/// went with indicators a change removed (copies a revision brought along; the superseded
/// revision keeps the originals).
#[derive(Serialize)]
struct ResultSnapshot<'a> {
    result: &'a ResultRow,
    indicators: &'a [IndicatorRow],
    #[serde(skip_serializing_if = "<[RealizationRow]>::is_empty")]
    removed_realizations: &'a [RealizationRow],
}

fn result_snapshot(
    (result, indicators): &ResultWithIndicators,
    removed_realizations: &[RealizationRow],
) -> Option<serde_json::Value> {
    serde_json::to_value(ResultSnapshot {
        result,
        indicators,
        removed_realizations,
    })
    .ok()
}

/// Adds a result to a draft; a new version of the plan.
pub fn add_result(
    work: &mut Work<'_>,
    principal: &Principal,
    plan_id: &str,
    mut input: ResultInput,
    if_match: &IfMatch,
) -> Result<(PlanRow, ResultWithIndicators), ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let (plan, _) = editable_draft(work, principal, plan_id)?;
        if_match.check(plan.version)?;
        let regime = regime_of(work, &plan)?;
        let mut errors = Vec::new();
        check_texts(&mut input, regime, 0, &mut errors);
        if let Some(parent) = &input.parent_result_id {
            check_parent(work, &plan, parent, &mut errors)?;
        }
        for (i, indicator) in input.indicators.iter().enumerate() {
            if indicator.id.is_some() {
                errors.push(FieldError::at(
                    format!("/indicators/{i}/id"),
                    "unknown_indicator",
                    "a new result has no indicators to keep; leave `id` out",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let at = work.now();
        let result = ResultRow {
            id: uuid::Uuid::now_v7().to_string(),
            plan_id: plan.id.clone(),
            position: plans::next_position(work, &plan.id)?,
            kind: input.kind,
            title: input.title,
            parent_result_id: input.parent_result_id,
            weight_hundredths: input.weight.map(|w| w.0),
            expectation: input.expectation,
            revised_from: None,
            created_at: at,
            updated_at: at,
        };
        plans::insert_result(work, &result)?;
        let indicators: Vec<IndicatorRow> = input
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| {
                indicator_row(
                    uuid::Uuid::now_v7().to_string(),
                    &plan.id,
                    &result.id,
                    i,
                    ind,
                )
            })
            .collect();
        plans::insert_indicators(work, &indicators)?;
        let added = (result, indicators);
        let event = Event {
            action: "add_result",
            before: None,
            after: result_snapshot(&added, &[]),
            reason: None,
        };
        let row = work.touch(if_match, &plan, plan.clone(), event)?;
        Ok((row, added))
    })
}

fn find_result_of(
    conn: &mut AnyConnection,
    plan: &PlanRow,
    result_id: &str,
) -> Result<ResultWithIndicators, ApiError> {
    let result = plans::find_result(conn, result_id)?
        .filter(|r| r.plan_id == plan.id)
        .ok_or_else(|| ApiError::not_found("work result", result_id))?;
    let indicators = plans::indicators_of(conn, &plan.id)?
        .into_iter()
        .filter(|i| i.result_id == result.id)
        .collect();
    Ok((result, indicators))
}

/// Changes a result of a draft; a new version of the plan unless nothing changes.
pub fn update_result(
    work: &mut Work<'_>,
    principal: &Principal,
    plan_id: &str,
    result_id: &str,
    changes: ResultChanges,
    if_match: &IfMatch,
) -> Result<(PlanRow, ResultWithIndicators), ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let (plan, _) = editable_draft(work, principal, plan_id)?;
        if_match.check(plan.version)?;
        let before = find_result_of(work, &plan, result_id)?;
        let regime = regime_of(work, &plan)?;
        let (old, old_indicators) = before.clone();
        let mut input = ResultInput {
            kind: changes.kind.unwrap_or(old.kind),
            title: changes.title.unwrap_or(old.title.clone()),
            parent_result_id: changes
                .parent_result_id
                .unwrap_or(old.parent_result_id.clone()),
            weight: changes
                .weight
                .unwrap_or(old.weight_hundredths.map(Hundredths)),
            expectation: changes.expectation.unwrap_or(old.expectation.clone()),
            indicators: Vec::new(),
        };
        let replace = changes.indicators.is_some();
        input.indicators = changes.indicators.unwrap_or_default();
        let mut errors = Vec::new();
        let kept = if replace { 0 } else { old_indicators.len() };
        check_texts(&mut input, regime, kept, &mut errors);
        if let Some(parent) = &input.parent_result_id
            && input.parent_result_id != old.parent_result_id
        {
            check_parent(work, &plan, parent, &mut errors)?;
        }
        let indicators = if replace {
            replaced_indicators(
                &plan.id,
                &old.id,
                &input.indicators,
                &old_indicators,
                &mut errors,
            )
        } else {
            old_indicators.clone()
        };
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let mut result = ResultRow {
            kind: input.kind,
            title: input.title,
            parent_result_id: input.parent_result_id,
            weight_hundredths: input.weight.map(|w| w.0),
            expectation: input.expectation,
            ..old.clone()
        };
        if result == old && indicators == old_indicators {
            // A change that changes nothing is not a change.
            return Ok((plan, before));
        }
        result.updated_at = work.now();
        plans::update_result(work, &result)?;
        let removed: Vec<String> = old_indicators
            .iter()
            .filter(|o| !indicators.iter().any(|i| i.id == o.id))
            .map(|o| o.id.clone())
            .collect();
        let removed_realizations = plans::realizations_of_indicators(work, &removed)?;
        plans::delete_draft_indicators(work, &removed)?;
        for indicator in &indicators {
            match old_indicators.iter().find(|o| o.id == indicator.id) {
                Some(stored) if stored == indicator => {}
                Some(_) => plans::update_indicator(work, indicator)?,
                None => plans::insert_indicators(work, std::slice::from_ref(indicator))?,
            }
        }
        let after = (result, indicators);
        let event = Event {
            action: "update_result",
            before: result_snapshot(&before, &removed_realizations),
            after: result_snapshot(&after, &[]),
            reason: None,
        };
        let row = work.touch(if_match, &plan, plan.clone(), event)?;
        Ok((row, after))
    })
}

/// Removes a result from a draft, with the realisations a revision copied onto it; a new
/// version of the plan.
pub fn delete_result(
    work: &mut Work<'_>,
    principal: &Principal,
    plan_id: &str,
    result_id: &str,
    if_match: &IfMatch,
) -> Result<PlanRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let (plan, _) = editable_draft(work, principal, plan_id)?;
        if_match.check(plan.version)?;
        let before = find_result_of(work, &plan, result_id)?;
        let supporters = plans::children_of(work, &[result_id.to_owned()])?.len();
        if supporters > 0 {
            return Err(ApiError::conflict(
                Code::ResultSupported,
                format!(
                    "{supporters} work result(s) of subordinates' plans support this result; unlink them first."
                ),
            ));
        }
        // Superseded revisions of subordinates' plans may still point here (they were revised
        // while this plan was a draft); their link goes with the result, recorded on them.
        let history = plans::superseded_children_of(work, result_id)?;
        let reason = format!("the supported result {result_id} was removed from plan {plan_id}");
        for (supporter, supporter_plan) in group_by_plan(history) {
            let links = link_changes(&supporter, |_| None);
            for r in &supporter {
                plans::set_parent(work, &r.id, None)?;
            }
            let event = Event {
                action: "unlink_results",
                before: links.0,
                after: links.1,
                reason: Some(&reason),
            };
            work.touch(&IfMatch::Absent, &supporter_plan, supporter_plan.clone(), event)?;
        }
        let ids: Vec<String> = before.1.iter().map(|i| i.id.clone()).collect();
        let removed_realizations = plans::realizations_of_indicators(work, &ids)?;
        plans::delete_draft_result(work, result_id)?;
        let event = Event {
            action: "delete_result",
            before: result_snapshot(&before, &removed_realizations),
            // The result is gone: `null`, not the plan's snapshot `touch` would put there.
            after: Some(serde_json::Value::Null),
            reason: None,
        };
        work.touch(if_match, &plan, plan.clone(), event)
    })
}

/// Supporting results with their plans, one entry per plan (in the order first seen).
pub(super) fn group_by_plan(rows: Vec<(ResultRow, PlanRow)>) -> Vec<(Vec<ResultRow>, PlanRow)> {
    let mut groups: Vec<(Vec<ResultRow>, PlanRow)> = Vec::new();
    for (result, plan) in rows {
        match groups.iter_mut().find(|(_, p)| p.id == plan.id) {
            Some((results, _)) => results.push(result),
            None => groups.push((vec![result], plan)),
        }
    }
    groups
}

/// The audit payloads (before, after) of pointing `results` at `to`.
pub(super) fn link_changes(
    results: &[ResultRow],
    to: impl Fn(&ResultRow) -> Option<String>,
) -> (Option<serde_json::Value>, Option<serde_json::Value>) {
    let before = results
        .iter()
        .map(|r| json!({"result_id": r.id, "parent_result_id": r.parent_result_id}))
        .collect();
    let after = results
        .iter()
        .map(|r| json!({"result_id": r.id, "parent_result_id": to(r)}))
        .collect();
    (
        Some(serde_json::Value::Array(before)),
        Some(serde_json::Value::Array(after)),
    )
}
