//! Creating and changing performance periods: no two of the same kind overlap, the status
//! only moves forward, and the rules a period is scored by are fixed once it runs.

use chrono::NaiveDate;

use crate::db::AnyConnection;
use crate::domain::plan::{PeriodKind, PeriodStatus, SubPeriods, overlaps};
use crate::domain::scoring::Regime;
use crate::error::{ApiError, Code, FieldError};
use crate::org::required_text;
use crate::store::periods::{self, PeriodRow};
use crate::store::versioned::snapshot;
use crate::store::{IfMatch, Invariant, Isolation, Work};

pub const NAME_MAX: usize = 200;

pub struct NewPeriod {
    pub name: String,
    pub kind: PeriodKind,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub regime: Regime,
    pub uses_360: bool,
    pub sub_periods: SubPeriods,
}

#[derive(Debug, Default)]
pub struct PeriodChanges {
    pub name: Option<String>,
    pub uses_360: Option<bool>,
    pub status: Option<PeriodStatus>,
    pub settings: EvaluationSettings,
    pub deadlines: DeadlineChange,
    /// Changes at any time.
    pub guidance_min_per_semester: Option<i32>,
}

/// The evaluation step's settings; each changes only while the period is planning.
#[derive(Debug, Default, Clone, Copy)]
pub struct EvaluationSettings {
    pub count_additional_in_rating: Option<bool>,
    pub head_rating_from_unit: Option<bool>,
    pub objection_window_days: Option<i32>,
    pub distribution_min_unit_size: Option<i32>,
}

/// A deadline of the period: changes at any time, with a reason (kept in the audit trail).
#[derive(Debug, Default, Clone)]
pub struct DeadlineChange {
    pub evaluation_due_days: Option<i32>,
    pub reason: Option<String>,
}

pub const OBJECTION_WINDOW_MAX: i32 = 365;

fn check_no_overlap(
    conn: &mut AnyConnection,
    kind: PeriodKind,
    range: (NaiveDate, NaiveDate),
) -> Result<(), ApiError> {
    let clash = periods::overlapping(conn, kind.as_str(), range.0, range.1)?
        .into_iter()
        .find(|p| overlaps(range, (p.starts_on, p.ends_on)));
    match clash {
        Some(p) => Err(ApiError::conflict(
            Code::PeriodOverlap,
            format!(
                "The {} period {:?} ({} to {}) overlaps these dates.",
                kind.as_str(),
                p.name,
                p.starts_on,
                p.ends_on
            ),
        )),
        None => Ok(()),
    }
}

pub fn create(work: &mut Work<'_>, input: NewPeriod) -> Result<PeriodRow, ApiError> {
    let mut errors = Vec::new();
    let name = required_text("/name", &input.name, NAME_MAX, &mut errors);
    if input.ends_on < input.starts_on {
        errors.push(FieldError::at(
            "/ends_on",
            "before_start",
            format!("{} is before starts_on {}", input.ends_on, input.starts_on),
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    work.transaction(Isolation::ReadCommitted, |work| {
        // Two overlapping periods created at once must not both pass the check.
        work.lock(Invariant::Periods)?;
        check_no_overlap(work.conn(), input.kind, (input.starts_on, input.ends_on))?;
        let at = work.now();
        let row = PeriodRow {
            id: uuid::Uuid::now_v7().to_string(),
            name,
            kind: input.kind,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            regime: input.regime,
            uses_360: input.uses_360,
            sub_periods: input.sub_periods,
            status: PeriodStatus::Planning,
            version: 1,
            created_at: at,
            updated_at: at,
            count_additional_in_rating: false,
            head_rating_from_unit: true,
            objection_window_days: 14,
            distribution_min_unit_size: 5,
            evaluation_due_days: 30,
            guidance_min_per_semester: 1,
        };
        periods::insert(work.conn(), &row)?;
        work.record("period", &row.id, "create", None, snapshot(&row), None)?;
        Ok(row)
    })
}

pub fn update(
    work: &mut Work<'_>,
    id: &str,
    changes: PeriodChanges,
    if_match: &IfMatch,
) -> Result<PeriodRow, ApiError> {
    let mut errors = Vec::new();
    let name = changes
        .name
        .as_deref()
        .map(|n| required_text("/name", n, NAME_MAX, &mut errors));
    let settings = changes.settings;
    if settings
        .objection_window_days
        .is_some_and(|d| !(0..=OBJECTION_WINDOW_MAX).contains(&d))
    {
        errors.push(FieldError::at(
            "/objection_window_days",
            "out_of_range",
            format!("0 to {OBJECTION_WINDOW_MAX} days"),
        ));
    }
    if settings
        .distribution_min_unit_size
        .is_some_and(|n| !(1..=10_000).contains(&n))
    {
        errors.push(FieldError::at(
            "/distribution_min_unit_size",
            "out_of_range",
            "1 to 10000 employees",
        ));
    }
    if changes
        .guidance_min_per_semester
        .is_some_and(|n| !(0..=12).contains(&n))
    {
        errors.push(FieldError::at(
            "/guidance_min_per_semester",
            "out_of_range",
            "0 to 12 sessions",
        ));
    }
    let deadlines = changes.deadlines.clone();
    if deadlines
        .evaluation_due_days
        .is_some_and(|d| !(0..=365).contains(&d))
    {
        errors.push(FieldError::at(
            "/evaluation_due_days",
            "out_of_range",
            "0 to 365 days",
        ));
    }
    let reason = deadlines
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    work.transaction(Isolation::ReadCommitted, |work| {
        let before =
            periods::find(work.conn(), id)?.ok_or_else(|| ApiError::not_found("period", id))?;
        if_match.check(before.version)?;
        let current: PeriodStatus = before.status;
        let mut row = before.clone();
        if let Some(status) = changes.status {
            if !current.can_become(status) {
                return Err(ApiError::conflict(
                    Code::PeriodStatusBackwards,
                    format!(
                        "The period is {}; it cannot go back to {}.",
                        current.as_str(),
                        status.as_str()
                    ),
                ));
            }
            row.status = status;
        }
        if let Some(uses_360) = changes.uses_360
            && uses_360 != row.uses_360
        {
            if current != PeriodStatus::Planning {
                return Err(ApiError::conflict(
                    Code::PeriodStarted,
                    "Whether 360° is used can only change while the period is planning.",
                ));
            }
            row.uses_360 = uses_360;
        }
        let mut changed = row.clone();
        if let Some(v) = settings.count_additional_in_rating {
            changed.count_additional_in_rating = v;
        }
        if let Some(v) = settings.head_rating_from_unit {
            changed.head_rating_from_unit = v;
        }
        if let Some(v) = settings.objection_window_days {
            changed.objection_window_days = v;
        }
        if let Some(v) = settings.distribution_min_unit_size {
            changed.distribution_min_unit_size = v;
        }
        if changed != row && current != PeriodStatus::Planning {
            return Err(ApiError::conflict(
                Code::PeriodStarted,
                "The evaluation settings can only change while the period is planning.",
            ));
        }
        let mut row = changed;
        if let Some(days) = deadlines.evaluation_due_days
            && days != row.evaluation_due_days
        {
            if reason.is_none() {
                return Err(ApiError::validation(vec![FieldError::at(
                    "/deadline_reason",
                    "required",
                    "a deadline changes with a reason, kept in the audit trail",
                )]));
            }
            row.evaluation_due_days = days;
        }
        if let Some(name) = name {
            row.name = name;
        }
        if let Some(n) = changes.guidance_min_per_semester {
            row.guidance_min_per_semester = n;
        }
        work.update(if_match, &before, row, "update", reason.as_deref())
    })
}
