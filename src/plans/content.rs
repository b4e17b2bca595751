//! Creating a plan and editing its work results while it is a draft: titles and weights,
//! indicators, and the link to the superior's result that a result supports (cascading).

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::access::PlanAccess;
use super::{Loaded, load, period_of, snapshot, touch};
use crate::auth::Principal;
use crate::db::AnyConnection;
use crate::domain::fixed::Hundredths;
use crate::domain::plan::{Aspect, PeriodStatus, PlanStatus};
use crate::domain::scoring::pp30_2021::{Direction, Target};
use crate::domain::scoring::{Regime, ResultKind};
use crate::error::{ApiError, FieldError};
use crate::org::reach::governs_unit;
use crate::org::required_text;
use crate::store::audit::{Actor, now};
use crate::store::plans::{self, IndicatorRow, PlanRow, ResultRow};
use crate::store::{employees, periods, write_transaction};

pub const TITLE_MAX: usize = 500;
pub const TEXT_MAX: usize = 2000;
pub const UNIT_MAX: usize = 50;

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
    pub aspect: Aspect,
    pub description: String,
    pub target: Target,
    pub unit: String,
    pub direction: Direction,
    pub target_is_max: bool,
}

/// A change to a result; `None` leaves a field, `Some(None)` clears it, `indicators` replaces
/// them all.
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
    conn: &mut AnyConnection,
    principal: &Principal,
    input: NewPlan,
    actor: &Actor,
) -> Result<PlanRow, ApiError> {
    write_transaction(conn, false, |conn| {
        let mut errors = Vec::new();
        let employee = employees::find(conn, &input.employee_id)?.filter(|e| e.status == "active");
        if employee.is_none() {
            errors.push(FieldError::at(
                "/employee_id",
                "unknown_employee",
                "no active employee has this id",
            ));
        }
        let period = periods::find(conn, &input.period_id)?;
        if period.is_none() {
            errors.push(FieldError::at(
                "/period_id",
                "unknown_period",
                "no period has this id",
            ));
        }
        if let Some(appraiser) = &input.appraiser_id {
            check_appraiser(conn, appraiser, &input.employee_id, &mut errors)?;
        }
        let (Some(employee), Some(period)) = (employee, period) else {
            return Err(ApiError::validation(errors));
        };
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let (own, hr) = may_create(conn, principal, &employee.id, &employee.unit_id)?;
        if !(own || hr) {
            return Err(ApiError::forbidden(
                "Only the employee, or hr of their unit, may start their plan.",
            ));
        }
        if input.appraiser_id.is_some() && !hr {
            return Err(ApiError::forbidden("Only hr may choose another appraiser."));
        }
        if period.status == PeriodStatus::Closed.as_str() {
            return Err(ApiError::conflict("period_closed", "The period is closed."));
        }
        let at = now();
        let row = PlanRow {
            id: uuid::Uuid::now_v7().to_string(),
            employee_id: employee.id.clone(),
            period_id: period.id.clone(),
            position_title: employee.position_title.clone(),
            unit_id: employee.unit_id.clone(),
            appraiser_pinned: input.appraiser_id.is_some(),
            appraiser_id: input.appraiser_id.or(employee.supervisor_id.clone()),
            status: PlanStatus::Draft.as_str().to_owned(),
            revision: 1,
            revision_of: None,
            superseded_by: None,
            return_reason: None,
            created_by: actor.id.clone().unwrap_or_default(),
            submitted_by: None,
            submitted_at: None,
            approved_at: None,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        plans::insert(conn, &row).map_err(|e| match e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::conflict(
                    "duplicate_plan",
                    format!(
                        "{} has a plan for this period and position ({:?}) already.",
                        employee.name, employee.position_title
                    ),
                )
            }
            other => other.into(),
        })?;
        actor.record(conn, "plan", &row.id, "create", None, snapshot(&row))?;
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
    let found = employees::find(conn, appraiser_id)?.filter(|e| e.status == "active");
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
    conn: &mut AnyConnection,
    principal: &Principal,
    plan_id: &str,
    appraiser_id: &str,
    if_match: &crate::api::concurrency::IfMatch,
    actor: &Actor,
) -> Result<PlanRow, ApiError> {
    write_transaction(conn, false, |conn| {
        let Loaded { plan, access } = load(conn, principal, plan_id)?;
        access.require(access.hr, plan_id, "Only hr may set a plan's appraiser.")?;
        if_match.check(plan.version)?;
        if plan.status == PlanStatus::Superseded.as_str() {
            return Err(state_conflict(&plan));
        }
        let mut errors = Vec::new();
        check_appraiser(conn, appraiser_id, &plan.employee_id, &mut errors)?;
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let mut row = plan.clone();
        row.appraiser_id = Some(appraiser_id.to_owned());
        row.appraiser_pinned = true;
        touch(&mut row);
        plans::update(conn, &row)?;
        actor.record(
            conn,
            "plan",
            plan_id,
            "set_appraiser",
            snapshot(&plan),
            snapshot(&row),
        )?;
        Ok(row)
    })
}

/// 409 naming the plan's current status.
pub fn state_conflict(plan: &PlanRow) -> ApiError {
    let code = match plan.status.as_str() {
        "draft" => "plan_draft",
        "submitted" => "plan_submitted",
        "approved" => "plan_approved",
        _ => "plan_superseded",
    };
    ApiError::conflict(code, format!("The plan is {}.", plan.status))
}

/// Loads a draft the caller may edit (owner or hr).
fn editable_draft(
    conn: &mut AnyConnection,
    principal: &Principal,
    plan_id: &str,
) -> Result<(PlanRow, PlanAccess), ApiError> {
    let Loaded { plan, access } = load(conn, principal, plan_id)?;
    access.require(
        access.edits(),
        plan_id,
        "Only the plan's owner, or hr for them, may change its results.",
    )?;
    if plan.status != PlanStatus::Draft.as_str() {
        return Err(state_conflict(&plan));
    }
    Ok((plan, access))
}

/// The regime of the plan's period.
pub(super) fn regime_of(conn: &mut AnyConnection, plan: &PlanRow) -> Result<Regime, ApiError> {
    Ok(period_of(conn, plan)?
        .regime
        .parse()
        .unwrap_or(Regime::Pp30_2021))
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
            && p.status != PlanStatus::Superseded.as_str()
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

fn indicator_rows(plan_id: &str, result_id: &str, inputs: &[IndicatorInput]) -> Vec<IndicatorRow> {
    inputs
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let (value, min, max) = match ind.target {
                Target::Value(v) => (Some(v.to_string()), None, None),
                Target::Range { min, max } => (None, Some(min.to_string()), Some(max.to_string())),
            };
            IndicatorRow {
                id: uuid::Uuid::now_v7().to_string(),
                result_id: result_id.to_owned(),
                plan_id: plan_id.to_owned(),
                position: i as i32 + 1,
                aspect: ind.aspect.as_str().to_owned(),
                description: ind.description.clone(),
                target_value: value,
                target_min: min,
                target_max: max,
                unit: ind.unit.clone(),
                direction: ind.direction.as_str().to_owned(),
                target_is_max: ind.target_is_max,
            }
        })
        .collect()
}

/// A result with its indicators, for audit snapshots and responses.
pub type ResultWithIndicators = (ResultRow, Vec<IndicatorRow>);

fn result_snapshot(result: &ResultWithIndicators) -> Option<serde_json::Value> {
    serde_json::to_value(result).ok()
}

pub fn add_result(
    conn: &mut AnyConnection,
    principal: &Principal,
    plan_id: &str,
    mut input: ResultInput,
    actor: &Actor,
) -> Result<(PlanRow, ResultWithIndicators), ApiError> {
    write_transaction(conn, false, |conn| {
        let (plan, _) = editable_draft(conn, principal, plan_id)?;
        let regime = regime_of(conn, &plan)?;
        let mut errors = Vec::new();
        check_texts(&mut input, regime, 0, &mut errors);
        if let Some(parent) = &input.parent_result_id {
            check_parent(conn, &plan, parent, &mut errors)?;
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let at = now();
        let result = ResultRow {
            id: uuid::Uuid::now_v7().to_string(),
            plan_id: plan.id.clone(),
            position: plans::next_position(conn, &plan.id)?,
            kind: input.kind.as_str().to_owned(),
            title: input.title,
            parent_result_id: input.parent_result_id,
            weight_hundredths: input.weight.map(|w| w.0),
            expectation: input.expectation,
            revised_from: None,
            created_at: at,
            updated_at: at,
        };
        plans::insert_result(conn, &result)?;
        let indicators = indicator_rows(&plan.id, &result.id, &input.indicators);
        plans::insert_indicators(conn, &indicators)?;
        let mut row = plan.clone();
        touch(&mut row);
        plans::update(conn, &row)?;
        let added = (result, indicators);
        actor.record(
            conn,
            "plan",
            plan_id,
            "add_result",
            None,
            result_snapshot(&added),
        )?;
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

pub fn update_result(
    conn: &mut AnyConnection,
    principal: &Principal,
    plan_id: &str,
    result_id: &str,
    changes: ResultChanges,
    actor: &Actor,
) -> Result<(PlanRow, ResultWithIndicators), ApiError> {
    write_transaction(conn, false, |conn| {
        let (plan, _) = editable_draft(conn, principal, plan_id)?;
        let before = find_result_of(conn, &plan, result_id)?;
        let regime = regime_of(conn, &plan)?;
        let (old, old_indicators) = before.clone();
        let mut input = ResultInput {
            kind: changes
                .kind
                .unwrap_or(old.kind.parse().unwrap_or(ResultKind::Main)),
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
            check_parent(conn, &plan, parent, &mut errors)?;
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let result = ResultRow {
            kind: input.kind.as_str().to_owned(),
            title: input.title,
            parent_result_id: input.parent_result_id,
            weight_hundredths: input.weight.map(|w| w.0),
            expectation: input.expectation,
            updated_at: now(),
            ..old
        };
        plans::update_result(conn, &result)?;
        let indicators = if replace {
            plans::delete_indicators_of(conn, &result.id)?;
            let rows = indicator_rows(&plan.id, &result.id, &input.indicators);
            plans::insert_indicators(conn, &rows)?;
            rows
        } else {
            old_indicators
        };
        let mut row = plan.clone();
        touch(&mut row);
        plans::update(conn, &row)?;
        let after = (result, indicators);
        actor.record(
            conn,
            "plan",
            plan_id,
            "update_result",
            result_snapshot(&before),
            result_snapshot(&after),
        )?;
        Ok((row, after))
    })
}

pub fn delete_result(
    conn: &mut AnyConnection,
    principal: &Principal,
    plan_id: &str,
    result_id: &str,
    actor: &Actor,
) -> Result<PlanRow, ApiError> {
    write_transaction(conn, false, |conn| {
        let (plan, _) = editable_draft(conn, principal, plan_id)?;
        let before = find_result_of(conn, &plan, result_id)?;
        let supporters = plans::children_of(conn, &[result_id.to_owned()])?.len();
        if supporters > 0 {
            return Err(ApiError::conflict(
                "result_supported",
                format!(
                    "{supporters} work result(s) of subordinates' plans support this result; unlink them first."
                ),
            ));
        }
        plans::delete_result(conn, result_id)?;
        let mut row = plan.clone();
        touch(&mut row);
        plans::update(conn, &row)?;
        actor.record(
            conn,
            "plan",
            plan_id,
            "delete_result",
            result_snapshot(&before),
            None,
        )?;
        Ok(row)
    })
}
