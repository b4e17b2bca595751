//! A unit's organisation predikat per period and slot, the distribution of its employees'
//! predikat against the curve, and finalising the unit's rated evaluations at once.

use std::collections::BTreeMap;

use crate::auth::UserPrincipal;
use crate::auth::policy::Governs;
use crate::db::AnyConnection;
use crate::domain::account::Role;
use crate::domain::distribution::{BoundCheck, check};
use crate::domain::evaluation::{EvaluationStatus, Slot};
use crate::domain::org::{EmployeeStatus, PositionType, path_has};
use crate::domain::plan::{self, PlanStatus};
use crate::domain::predikat::{OrganizationPredikat, Predikat};
use crate::error::{ApiError, Code, FieldError};
use crate::org::reach::governs_unit;
use crate::plans::workflow::follow_annual_evaluation;
use crate::store::evaluations::{self as rows, EvaluationRow, UnitPerformanceRow};
use crate::store::periods::{self, PeriodRow};
use crate::store::versioned::snapshot;
use crate::store::{IfMatch, Isolation, Versioned, Work, employees, units};

/// The employee heading a unit: an active member whose superior works elsewhere (or who has
/// none), the most senior position first.
pub fn head_of(conn: &mut AnyConnection, unit_id: &str) -> Result<Option<String>, ApiError> {
    let members = employees::in_unit(conn, unit_id)?;
    let mut heads: Vec<_> = members
        .iter()
        .filter(|e| e.status == EmployeeStatus::Active)
        .filter(|e| {
            e.supervisor_id
                .as_deref()
                .is_none_or(|s| !members.iter().any(|m| m.id == s))
        })
        .collect();
    heads.sort_by_key(|e| (seniority(e.position_type), e.id.clone()));
    Ok(heads.first().map(|e| e.id.clone()))
}

fn seniority(p: PositionType) -> usize {
    PositionType::ALL
        .iter()
        .position(|x| *x == p)
        .unwrap_or(usize::MAX)
}

/// The unit's organisation predikat for the slot, if set.
pub fn unit_predikat(
    conn: &mut AnyConnection,
    unit_id: &str,
    period_id: &str,
    slot: &str,
) -> Result<Option<OrganizationPredikat>, ApiError> {
    Ok(rows::unit_performance(conn, unit_id, period_id, slot)?
        .and_then(|r| OrganizationPredikat::from_code(&r.predikat)))
}

fn checked_slot(period: &PeriodRow, slot: &str) -> Result<String, ApiError> {
    let count = plan::sub_periods(period.starts_on, period.ends_on, period.sub_periods).len();
    Slot::parse(slot, count as u32)
        .map(Slot::as_text)
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError::at(
                "/slot",
                "invalid_slot",
                format!("\"annual\" or a sub-period number from 1 to {count}"),
            )])
        })
}

fn find_period(conn: &mut AnyConnection, id: &str) -> Result<PeriodRow, ApiError> {
    periods::find(conn, id)?.ok_or_else(|| ApiError::not_found("period", id))
}

pub struct SetPredikat {
    pub slot: String,
    pub predikat: OrganizationPredikat,
    pub basis: Option<String>,
    pub decision_ref: Option<String>,
}

/// Sets the unit's predikat: the head of the parent unit, or hr of the unit (or admin) citing
/// the decision (`decision_ref`).
pub fn set_predikat(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    unit_id: &str,
    period_id: &str,
    input: SetPredikat,
) -> Result<UnitPerformanceRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let unit =
            units::find(work.conn(), unit_id)?.ok_or_else(|| ApiError::not_found("unit", unit_id))?;
        let period = find_period(work.conn(), period_id)?;
        let parent_head = match &unit.parent_id {
            Some(parent) => head_of(work.conn(), parent)?,
            None => None,
        };
        let is_parent_head = parent_head.is_some() && parent_head == user.employee_id;
        let is_hr = if user.roles.contains(&Role::Admin) {
            true
        } else {
            match (&user.scope_unit_id, user.roles.contains(&Role::Hr)) {
                (Some(root), true) => {
                    governs_unit(work.conn(), &Governs::Subtree(root.clone()), unit_id)?
                }
                _ => false,
            }
        };
        if !is_parent_head && !is_hr {
            return Err(ApiError::forbidden(
                "The head of the parent unit sets a unit's predikat, or hr of the unit citing the decision.",
            ));
        }
        let mut errors = Vec::new();
        for (pointer, text, max) in [
            ("/basis", &input.basis, 4000),
            ("/decision_ref", &input.decision_ref, 200),
        ] {
            if text.as_deref().is_some_and(|t| t.chars().count() > max) {
                errors.push(FieldError::at(pointer, "too_long", format!("at most {max} characters")));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let decision_ref = input
            .decision_ref
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        if !is_parent_head && decision_ref.is_none() {
            return Err(ApiError::validation(vec![FieldError::at(
                "/decision_ref",
                "required",
                "hr records the decision of the head of the parent unit it carries out",
            )]));
        }
        let slot = checked_slot(&period, &input.slot)?;
        let at = work.now();
        let before = rows::unit_performance(work.conn(), unit_id, period_id, &slot)?;
        let basis = input.basis.map(|b| b.trim().to_owned()).filter(|b| !b.is_empty());
        match before {
            Some(before) if before.finalized_at.is_some() => Err(ApiError::conflict(
                Code::UnitFinalized,
                "The unit's evaluations for this slot are final; its predikat no longer changes.",
            )),
            Some(before) => {
                let mut row = before.clone();
                row.predikat = input.predikat.code().to_owned();
                row.basis = basis;
                row.decision_ref = decision_ref;
                row.set_by = work.actor().id.clone().unwrap_or_default();
                work.update(&IfMatch::Absent, &before, row, "set_predikat", None)
            }
            None => {
                let row = UnitPerformanceRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    unit_id: unit_id.to_owned(),
                    period_id: period_id.to_owned(),
                    slot,
                    predikat: input.predikat.code().to_owned(),
                    basis,
                    decision_ref,
                    set_by: work.actor().id.clone().unwrap_or_default(),
                    finalized_at: None,
                    finalize_reason: None,
                    version: 1,
                    created_at: at,
                    updated_at: at,
                };
                rows::insert_unit_performance(work.conn(), &row)
                    .map_err(|e| crate::error::unique(e, ApiError::concurrent_update))?;
                work.record(
                    UnitPerformanceRow::ENTITY,
                    &row.id,
                    "set_predikat",
                    None,
                    snapshot(&row),
                    None,
                )?;
                Ok(row)
            }
        }
    })
}

/// The unit's population for a slot and where it stands against the curve.
pub struct Standing {
    pub period: PeriodRow,
    pub slot: String,
    pub predikat: Option<UnitPerformanceRow>,
    /// The evaluations of the population: the unit's subtree, minus sub-units with their own
    /// predikat for the slot, minus the head (who belongs to the parent's population).
    pub evaluations: Vec<EvaluationRow>,
    pub counts: BTreeMap<Predikat, u64>,
    pub checks: Vec<BoundCheck>,
    /// Fewer evaluated employees than the period's `distribution_min_unit_size`: warnings only.
    pub small: bool,
}

impl Standing {
    pub fn violations(&self) -> Vec<&BoundCheck> {
        self.checks.iter().filter(|c| !c.satisfied).collect()
    }

    pub fn pending(&self) -> Vec<&EvaluationRow> {
        self.evaluations
            .iter()
            .filter(|e| e.status == EvaluationStatus::Open)
            .collect()
    }
}

pub fn standing(
    conn: &mut AnyConnection,
    governs: &Governs,
    unit_id: &str,
    period_id: &str,
    slot: &str,
) -> Result<Standing, ApiError> {
    let unit = units::find(conn, unit_id)?.ok_or_else(|| ApiError::not_found("unit", unit_id))?;
    if !governs_unit(conn, governs, unit_id)? {
        return Err(ApiError::not_found("unit", unit_id));
    }
    let period = find_period(conn, period_id)?;
    let slot = checked_slot(&period, slot)?;
    let own = rows::sub_units_with_predikat(conn, &unit.path, period_id, &slot)?;
    let members: Vec<String> = units::subtree_ids(conn, &unit.path)?
        .into_iter()
        .filter(|(_, path)| !own.iter().any(|(id, _)| path_has(path, id)))
        .map(|(id, _)| id)
        .collect();
    let head = head_of(conn, unit_id)?;
    let evaluations: Vec<EvaluationRow> = rows::in_units(conn, period_id, &slot, &members)?
        .into_iter()
        .filter(|e| Some(&e.employee_id) != head.as_ref())
        .collect();
    let mut counts = BTreeMap::new();
    for e in &evaluations {
        if let Some(p) = e.predikat.as_deref().and_then(Predikat::from_code)
            && e.status != EvaluationStatus::Open
        {
            *counts.entry(p).or_insert(0) += 1;
        }
    }
    let predikat = rows::unit_performance(conn, unit_id, period_id, &slot)?;
    let rated: u64 = counts.values().sum();
    let checks = match predikat
        .as_ref()
        .and_then(|p| OrganizationPredikat::from_code(&p.predikat))
    {
        Some(org) if rated > 0 => check(org, &counts),
        _ => Vec::new(),
    };
    let small = rated < u64::try_from(period.distribution_min_unit_size).unwrap_or(0);
    Ok(Standing {
        period,
        slot,
        predikat,
        evaluations,
        counts,
        checks,
        small,
    })
}

pub struct Finalize {
    pub slot: String,
    pub acknowledge_violations: bool,
    pub reason: Option<String>,
}

/// Turns every rated evaluation of the unit's population final at once.
pub fn finalize(
    work: &mut Work<'_>,
    governs: &Governs,
    unit_id: &str,
    period_id: &str,
    input: Finalize,
) -> Result<(Standing, Vec<EvaluationRow>), ApiError> {
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    work.transaction(Isolation::ReadCommitted, |work| {
        let before = standing(work.conn(), governs, unit_id, period_id, &input.slot)?;
        let regime_curve = before.period.regime == crate::domain::scoring::Regime::Permenpan6_2022;
        if regime_curve && before.predikat.is_none() {
            return Err(ApiError::conflict(
                Code::UnitPredikatMissing,
                "Set the unit's organisation predikat for this slot first: it bounds the distribution.",
            ));
        }
        let pending = before.pending();
        if !pending.is_empty() {
            let ids: Vec<&str> = pending.iter().map(|e| e.id.as_str()).collect();
            return Err(ApiError::conflict(
                Code::EvaluationsPending,
                format!("Not rated yet: {}.", ids.join(", ")),
            ));
        }
        let violations = before.violations();
        if !violations.is_empty() && !before.small {
            if !input.acknowledge_violations {
                let text: Vec<&str> = violations.iter().map(|c| c.explanation.as_str()).collect();
                return Err(ApiError::conflict(
                    Code::DistributionViolated,
                    format!(
                        "The distribution breaks the curve: {}. Send acknowledge_violations with a reason to finalise anyway.",
                        text.join("; ")
                    ),
                ));
            }
            if reason.is_none() {
                return Err(ApiError::validation(vec![FieldError::at(
                    "/reason",
                    "required",
                    "acknowledging violations of the curve needs a reason, which is kept",
                )]));
            }
        }
        let now = work.now();
        let mut finalized = Vec::new();
        for evaluation in before
            .evaluations
            .iter()
            .filter(|e| e.status == EvaluationStatus::Rated)
        {
            let mut row = evaluation.clone();
            row.status = EvaluationStatus::Final;
            row.finalized_at = Some(now);
            finalized.push(work.update(
                &IfMatch::Absent,
                evaluation,
                row,
                "finalize",
                reason.as_deref(),
            )?);
            if evaluation.slot == Slot::Annual.as_text() {
                follow_annual_evaluation(work, &evaluation.plan_id, PlanStatus::Final)?;
            }
        }
        if let Some(unit_row) = &before.predikat {
            let mut row = unit_row.clone();
            row.finalized_at = Some(now);
            row.finalize_reason = reason.clone();
            work.update(&IfMatch::Absent, unit_row, row, "finalize", reason.as_deref())?;
        }
        let after = standing(work.conn(), governs, unit_id, period_id, &input.slot)?;
        Ok((after, finalized))
    })
}

/// One unit's line in the predikat report.
pub struct ReportLine {
    pub unit_id: String,
    pub code: String,
    pub name: String,
    pub standing: Standing,
}

/// Every unit of the subtree of `unit_id` with its population's predikat and the curve's
/// verdict, in tree order.
pub fn report(
    conn: &mut AnyConnection,
    governs: &Governs,
    unit_id: &str,
    period_id: &str,
    slot: &str,
) -> Result<Vec<ReportLine>, ApiError> {
    let root = units::find(conn, unit_id)?.ok_or_else(|| ApiError::not_found("unit", unit_id))?;
    if !governs_unit(conn, governs, unit_id)? {
        return Err(ApiError::not_found("unit", unit_id));
    }
    let mut subtree = units::subtree_ids(conn, &root.path)?;
    subtree.sort_by(|a, b| a.1.cmp(&b.1));
    let mut lines = Vec::new();
    for (id, _) in subtree {
        let Some(unit) = units::find(conn, &id)? else {
            continue;
        };
        let standing = standing(conn, &Governs::All, &id, period_id, slot)?;
        lines.push(ReportLine {
            unit_id: id,
            code: unit.code,
            name: unit.name,
            standing,
        });
    }
    Ok(lines)
}

/// An approved plan's slot that is past due and not rated.
pub struct Overdue {
    pub plan_id: String,
    pub employee_id: String,
    pub unit_id: String,
    pub slot: String,
    pub due_on: chrono::NaiveDate,
    /// The open evaluation, when one was opened.
    pub evaluation_id: Option<String>,
}

/// The approved plans of the subtree of `unit_id` whose slots are past due on `today`
/// without a rated evaluation.
pub fn overdue(
    conn: &mut AnyConnection,
    governs: &Governs,
    unit_id: &str,
    period_id: &str,
    today: chrono::NaiveDate,
) -> Result<Vec<Overdue>, ApiError> {
    use crate::domain::evaluation::slot_ends_on;
    let root = units::find(conn, unit_id)?.ok_or_else(|| ApiError::not_found("unit", unit_id))?;
    if !governs_unit(conn, governs, unit_id)? {
        return Err(ApiError::not_found("unit", unit_id));
    }
    let period = find_period(conn, period_id)?;
    let ranges = plan::sub_periods(period.starts_on, period.ends_on, period.sub_periods);
    let slots: Vec<Slot> = ranges
        .iter()
        .map(|s| Slot::Sub(s.index))
        .chain([Slot::Annual])
        .collect();
    let days = chrono::TimeDelta::days(i64::from(period.evaluation_due_days));
    let unit_ids: Vec<String> = units::subtree_ids(conn, &root.path)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let plans = crate::store::plans::approved_in_units(conn, period_id, &unit_ids)?;
    let mut lines = Vec::new();
    for plan in plans {
        let evaluations = rows::of_plan(conn, &plan.id)?;
        for slot in &slots {
            let Some(due_on) = slot_ends_on(*slot, &ranges, period.ends_on).map(|d| d + days)
            else {
                continue;
            };
            let found = evaluations.iter().find(|e| e.slot == slot.as_text());
            let rated = found.is_some_and(|e| e.status != EvaluationStatus::Open);
            if due_on < today && !rated {
                lines.push(Overdue {
                    plan_id: plan.id.clone(),
                    employee_id: plan.employee_id.clone(),
                    unit_id: plan.unit_id.clone(),
                    slot: slot.as_text(),
                    due_on,
                    evaluation_id: found.map(|e| e.id.clone()),
                });
            }
        }
    }
    Ok(lines)
}
