//! Performance plans with their work results, indicators and realisations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{employees, plan_indicators, plan_results, plans, realizations, units};
use crate::domain::plan::{Aspect, Combine, PlanStatus};
use crate::domain::scoring::ResultKind;
use crate::domain::scoring::pp30_2021::Direction;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = plans)]
#[diesel(treat_none_as_null = true)]
pub struct PlanRow {
    pub id: String,
    pub employee_id: String,
    pub period_id: String,
    pub position_title: String,
    pub unit_id: String,
    pub appraiser_id: Option<String>,
    /// Set by hr; otherwise the appraiser follows the employee's superior until submission.
    pub appraiser_pinned: bool,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: PlanStatus,
    pub revision: i32,
    pub revision_of: Option<String>,
    pub superseded_by: Option<String>,
    pub return_reason: Option<String>,
    pub created_by: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub approved_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

super::versioned::versioned_row!(PlanRow, plans, "plan");

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = plan_results)]
#[diesel(treat_none_as_null = true)]
pub struct ResultRow {
    pub id: String,
    pub plan_id: String,
    pub position: i32,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: ResultKind,
    pub title: String,
    pub parent_result_id: Option<String>,
    pub weight_hundredths: Option<i64>,
    pub expectation: Option<String>,
    pub revised_from: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = plan_indicators)]
#[diesel(treat_none_as_null = true)]
pub struct IndicatorRow {
    pub id: String,
    pub result_id: String,
    pub plan_id: String,
    pub position: i32,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub aspect: Aspect,
    pub description: String,
    pub target_value: Option<String>,
    pub target_min: Option<String>,
    pub target_max: Option<String>,
    pub unit: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub direction: Direction,
    pub target_is_max: bool,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub combine: Combine,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = realizations)]
pub struct RealizationRow {
    pub id: String,
    pub plan_id: String,
    pub indicator_id: String,
    pub sub_period: i32,
    pub value: String,
    pub evidence_text: Option<String>,
    /// A JSON array of URLs.
    pub evidence_links: String,
    /// The account (user id) that entered it.
    pub entered_by: String,
    pub entered_at: NaiveDateTime,
}

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<PlanRow>> {
    plans::table
        .find(id)
        .select(PlanRow::as_select())
        .first(conn)
        .optional()
}

/// The plans in force (approved, evaluated or final) of a period in these units.
pub fn approved_in_units(
    conn: &mut AnyConnection,
    period_id: &str,
    unit_ids: &[String],
) -> QueryResult<Vec<PlanRow>> {
    plans::table
        .filter(plans::period_id.eq(period_id))
        .filter(plans::status.eq_any(["approved", "evaluated", "final"]))
        .filter(plans::unit_id.eq_any(unit_ids))
        .select(PlanRow::as_select())
        .order(plans::id.asc())
        .load(conn)
}

pub fn insert(conn: &mut AnyConnection, row: &PlanRow) -> QueryResult<()> {
    diesel::insert_into(plans::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The plans a caller may read: all, or those of some units, of some employees, or appraised
/// by some employees.
#[derive(Debug, Clone)]
pub enum Visible {
    All,
    Only {
        /// Plans of the unit subtree at this path.
        unit_path: Option<String>,
        /// The caller's own plans, those they appraise and those their direct reports appraise.
        employee_id: Option<String>,
    },
}

#[derive(Debug)]
pub struct Filter {
    pub visible: Visible,
    pub period_id: Option<String>,
    pub employee_id: Option<String>,
    pub unit_id: Option<String>,
    /// Only plans of the unit subtree at this path.
    pub unit_within: Option<String>,
    pub appraiser_id: Option<String>,
    pub status: Option<String>,
    pub updated_since: Option<NaiveDateTime>,
}

/// Up to `limit` plans after the id `after`, in id order.
pub fn list(
    conn: &mut AnyConnection,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<PlanRow>> {
    let mut query = plans::table.select(PlanRow::as_select()).into_boxed();
    if let Visible::Only {
        unit_path,
        employee_id,
    } = &filter.visible
    {
        // Without a unit scope the range is empty: an empty path covers nobody.
        let in_units = units_within(unit_path.as_deref().unwrap_or(""));
        let me = employee_id.clone().unwrap_or_default();
        let me_or_reports = employees::table
            .filter(
                employees::id
                    .eq(me.clone())
                    .or(employees::supervisor_id.eq(me.clone())),
            )
            .select(employees::id.nullable());
        query = query.filter(
            plans::unit_id
                .eq_any(in_units)
                .or(plans::employee_id.eq(me))
                .or(plans::appraiser_id.eq_any(me_or_reports)),
        );
    }
    if let Some(period) = &filter.period_id {
        query = query.filter(plans::period_id.eq(period.clone()));
    }
    if let Some(employee) = &filter.employee_id {
        query = query.filter(plans::employee_id.eq(employee.clone()));
    }
    if let Some(unit) = &filter.unit_id {
        query = query.filter(plans::unit_id.eq(unit.clone()));
    }
    if let Some(path) = &filter.unit_within {
        query = query.filter(plans::unit_id.eq_any(units_within(path)));
    }
    if let Some(appraiser) = &filter.appraiser_id {
        query = query.filter(plans::appraiser_id.eq(appraiser.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(plans::status.eq(status.clone()));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(plans::updated_at.ge(since));
    }
    if let Some(after) = after {
        query = query.filter(plans::id.gt(after.to_owned()));
    }
    query.order(plans::id.asc()).limit(limit).load(conn)
}

/// The plan's results in their order.
pub fn results_of(conn: &mut AnyConnection, plan_id: &str) -> QueryResult<Vec<ResultRow>> {
    plan_results::table
        .filter(plan_results::plan_id.eq(plan_id))
        .order((plan_results::position.asc(), plan_results::id.asc()))
        .select(ResultRow::as_select())
        .load(conn)
}

pub fn find_result(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<ResultRow>> {
    plan_results::table
        .find(id)
        .select(ResultRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_result(conn: &mut AnyConnection, row: &ResultRow) -> QueryResult<()> {
    diesel::insert_into(plan_results::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

pub fn update_result(conn: &mut AnyConnection, row: &ResultRow) -> QueryResult<()> {
    diesel::update(plan_results::table.find(&row.id))
        .set(row.clone())
        .execute(conn)
        .map(drop)
}

/// Deletes a draft's result with its indicators and the realisations a revision copied onto
/// them (a draft has no others: realisations are entered on approved plans only).
pub fn delete_draft_result(conn: &mut AnyConnection, id: &str) -> QueryResult<()> {
    let indicators: Vec<String> = plan_indicators::table
        .filter(plan_indicators::result_id.eq(id))
        .select(plan_indicators::id)
        .load(conn)?;
    delete_draft_indicators(conn, &indicators)?;
    diesel::delete(plan_results::table.find(id))
        .execute(conn)
        .map(drop)
}

/// Points a result at the result it supports (or at none).
pub fn set_parent(
    conn: &mut AnyConnection,
    result_id: &str,
    parent: Option<&str>,
) -> QueryResult<()> {
    diesel::update(plan_results::table.find(result_id))
        .set(plan_results::parent_result_id.eq(parent))
        .execute(conn)
        .map(drop)
}

/// Results of other plans that support any of `parents`, with their plan.
pub fn children_of(
    conn: &mut AnyConnection,
    parents: &[String],
) -> QueryResult<Vec<(ResultRow, PlanRow)>> {
    plan_results::table
        .inner_join(plans::table.on(plans::id.eq(plan_results::plan_id)))
        .filter(plan_results::parent_result_id.eq_any(parents))
        .filter(plans::status.ne("superseded"))
        .order((plans::id.asc(), plan_results::position.asc()))
        .select((ResultRow::as_select(), PlanRow::as_select()))
        .load(conn)
}

/// Results of superseded plans that still point at `parent` (history, never edited).
pub fn superseded_children_of(
    conn: &mut AnyConnection,
    parent: &str,
) -> QueryResult<Vec<(ResultRow, PlanRow)>> {
    plan_results::table
        .inner_join(plans::table.on(plans::id.eq(plan_results::plan_id)))
        .filter(plan_results::parent_result_id.eq(parent))
        .filter(plans::status.eq("superseded"))
        .order((plans::id.asc(), plan_results::position.asc()))
        .select((ResultRow::as_select(), PlanRow::as_select()))
        .load(conn)
}

pub fn next_position(conn: &mut AnyConnection, plan_id: &str) -> QueryResult<i32> {
    let max: Option<i32> = plan_results::table
        .filter(plan_results::plan_id.eq(plan_id))
        .select(diesel::dsl::max(plan_results::position))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

/// The plan's indicators, in result and indicator order.
pub fn indicators_of(conn: &mut AnyConnection, plan_id: &str) -> QueryResult<Vec<IndicatorRow>> {
    plan_indicators::table
        .filter(plan_indicators::plan_id.eq(plan_id))
        .order((
            plan_indicators::result_id.asc(),
            plan_indicators::position.asc(),
        ))
        .select(IndicatorRow::as_select())
        .load(conn)
}

pub fn insert_indicators(conn: &mut AnyConnection, rows: &[IndicatorRow]) -> QueryResult<()> {
    // One statement per row: multi-row inserts are not available through MultiConnection.
    for row in rows {
        diesel::insert_into(plan_indicators::table)
            .values(row.clone())
            .execute(conn)?;
    }
    Ok(())
}

/// Deletes indicators of a draft with the realisations a revision copied onto them.
pub fn delete_draft_indicators(conn: &mut AnyConnection, ids: &[String]) -> QueryResult<()> {
    diesel::delete(realizations::table.filter(realizations::indicator_id.eq_any(ids)))
        .execute(conn)?;
    diesel::delete(plan_indicators::table.filter(plan_indicators::id.eq_any(ids)))
        .execute(conn)
        .map(drop)
}

pub fn update_indicator(conn: &mut AnyConnection, row: &IndicatorRow) -> QueryResult<()> {
    diesel::update(plan_indicators::table.find(&row.id))
        .set(row.clone())
        .execute(conn)
        .map(drop)
}

/// The realisations entered (or copied) for any of `indicators`, oldest first.
pub fn realizations_of_indicators(
    conn: &mut AnyConnection,
    indicators: &[String],
) -> QueryResult<Vec<RealizationRow>> {
    realizations::table
        .filter(realizations::indicator_id.eq_any(indicators))
        .order((realizations::entered_at.asc(), realizations::id.asc()))
        .select(RealizationRow::as_select())
        .load(conn)
}

/// Every realisation of the plan, oldest first.
pub fn realizations_of(
    conn: &mut AnyConnection,
    plan_id: &str,
) -> QueryResult<Vec<RealizationRow>> {
    realizations::table
        .filter(realizations::plan_id.eq(plan_id))
        .order((realizations::entered_at.asc(), realizations::id.asc()))
        .select(RealizationRow::as_select())
        .load(conn)
}

pub fn insert_realization(conn: &mut AnyConnection, row: &RealizationRow) -> QueryResult<()> {
    diesel::insert_into(realizations::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// The ids of the units in the subtree at `path`, as a subquery.
type UnitsWithin = diesel::dsl::Select<
    diesel::dsl::Filter<
        units::table,
        diesel::dsl::And<
            diesel::dsl::GtEq<units::path, String>,
            diesel::dsl::Lt<units::path, String>,
        >,
    >,
    units::id,
>;

fn units_within(path: &str) -> UnitsWithin {
    let (from, to) = crate::domain::org::subtree_range(path);
    units::table
        .filter(units::path.ge(from).and(units::path.lt(to)))
        .select(units::id)
}
