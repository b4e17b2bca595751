//! Creating and changing performance periods: no two of the same kind overlap, the status
//! only moves forward, and the rules a period is scored by are fixed once it runs.

use chrono::NaiveDate;

use crate::api::concurrency::IfMatch;
use crate::db::AnyConnection;
use crate::domain::plan::{PeriodKind, PeriodStatus, SubPeriods, overlaps};
use crate::domain::scoring::Regime;
use crate::error::{ApiError, FieldError};
use crate::org::required_text;
use crate::store::audit::{Actor, now};
use crate::store::periods::{self, PeriodRow};
use crate::store::write_transaction;

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

fn snapshot(row: &PeriodRow) -> Option<serde_json::Value> {
    serde_json::to_value(row).ok()
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
            "period_overlap",
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

pub fn create(
    conn: &mut AnyConnection,
    input: NewPeriod,
    actor: &Actor,
) -> Result<PeriodRow, ApiError> {
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
    // SERIALIZABLE on PostgreSQL: two overlapping periods created at once must not both pass.
    write_transaction(conn, true, |conn| {
        check_no_overlap(conn, input.kind, (input.starts_on, input.ends_on))?;
        let at = now();
        let row = PeriodRow {
            id: uuid::Uuid::now_v7().to_string(),
            name,
            kind: input.kind.as_str().to_owned(),
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            regime: input.regime.as_str().to_owned(),
            uses_360: input.uses_360,
            sub_periods: input.sub_periods.as_str().to_owned(),
            status: PeriodStatus::Planning.as_str().to_owned(),
            version: 1,
            created_at: at,
            updated_at: at,
        };
        periods::insert(conn, &row)?;
        actor.record(conn, "period", &row.id, "create", None, snapshot(&row))?;
        Ok(row)
    })
}

pub fn update(
    conn: &mut AnyConnection,
    id: &str,
    changes: PeriodChanges,
    if_match: &IfMatch,
    actor: &Actor,
) -> Result<PeriodRow, ApiError> {
    let mut errors = Vec::new();
    let name = changes
        .name
        .as_deref()
        .map(|n| required_text("/name", n, NAME_MAX, &mut errors));
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    write_transaction(conn, false, |conn| {
        let before = periods::find(conn, id)?.ok_or_else(|| ApiError::not_found("period", id))?;
        if_match.check(before.version)?;
        let current: PeriodStatus = before.status.parse().unwrap_or(PeriodStatus::Closed);
        let mut row = before.clone();
        if let Some(status) = changes.status {
            if !current.can_become(status) {
                return Err(ApiError::conflict(
                    "period_status_backwards",
                    format!(
                        "The period is {}; it cannot go back to {}.",
                        current.as_str(),
                        status.as_str()
                    ),
                ));
            }
            row.status = status.as_str().to_owned();
        }
        if let Some(uses_360) = changes.uses_360
            && uses_360 != row.uses_360
        {
            if current != PeriodStatus::Planning {
                return Err(ApiError::conflict(
                    "period_started",
                    "Whether 360° is used can only change while the period is planning.",
                ));
            }
            row.uses_360 = uses_360;
        }
        if let Some(name) = name {
            row.name = name;
        }
        row.version += 1;
        row.updated_at = now();
        periods::update(conn, &row)?;
        actor.record(
            conn,
            "period",
            id,
            "update",
            snapshot(&before),
            snapshot(&row),
        )?;
        Ok(row)
    })
}
