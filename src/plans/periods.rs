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
}

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
        if let Some(name) = name {
            row.name = name;
        }
        work.update(if_match, &before, row, "update", None)
    })
}
