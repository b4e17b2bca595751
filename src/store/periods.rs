//! Performance periods.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::periods;
use crate::domain::plan::{PeriodKind, PeriodStatus, SubPeriods};
use crate::domain::scoring::Regime;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = periods)]
pub struct PeriodRow {
    pub id: String,
    pub name: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: PeriodKind,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub regime: Regime,
    pub uses_360: bool,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub sub_periods: SubPeriods,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: PeriodStatus,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// `permenpan6_2022`: additional results count in the plain majority of the suggested
    /// work-result rating (default: main results decide).
    pub count_additional_in_rating: bool,
    /// A unit head's suggested work-result rating follows their unit's predikat.
    pub head_rating_from_unit: bool,
    /// Days after an evaluation becomes final in which the employee may object (0: none).
    pub objection_window_days: i32,
    /// Units with fewer evaluated employees get distribution warnings, never a block.
    pub distribution_min_unit_size: i32,
    /// Days after a slot ends by which its evaluations are due.
    pub evaluation_due_days: i32,
    /// Guidance sessions each employee should have per semester (coverage report).
    pub guidance_min_per_semester: i32,
}

super::versioned::versioned_row!(PeriodRow, periods, "period");

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<PeriodRow>> {
    periods::table
        .find(id)
        .select(PeriodRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut AnyConnection, row: &PeriodRow) -> QueryResult<()> {
    diesel::insert_into(periods::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// Periods of `kind` sharing a day with `starts_on..=ends_on`.
pub fn overlapping(
    conn: &mut AnyConnection,
    kind: &str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> QueryResult<Vec<PeriodRow>> {
    periods::table
        .filter(periods::kind.eq(kind))
        .filter(periods::starts_on.le(ends_on))
        .filter(periods::ends_on.ge(starts_on))
        .select(PeriodRow::as_select())
        .load(conn)
}

#[derive(Debug, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub regime: Option<String>,
    /// Only periods that include this day.
    pub on: Option<NaiveDate>,
}

/// Up to `limit` periods after the id `after`, in id order.
pub fn list(
    conn: &mut AnyConnection,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<PeriodRow>> {
    let mut query = periods::table.select(PeriodRow::as_select()).into_boxed();
    if let Some(status) = &filter.status {
        query = query.filter(periods::status.eq(status.clone()));
    }
    if let Some(regime) = &filter.regime {
        query = query.filter(periods::regime.eq(regime.clone()));
    }
    if let Some(day) = filter.on {
        query = query.filter(periods::starts_on.le(day).and(periods::ends_on.ge(day)));
    }
    if let Some(after) = after {
        query = query.filter(periods::id.gt(after.to_owned()));
    }
    query.order(periods::id.asc()).limit(limit).load(conn)
}
