//! Performance plans with their work results, indicators and realisations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{plan_indicators, plan_results, plans, realizations};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize)]
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
    pub status: String,
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

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize)]
#[diesel(table_name = plan_results)]
#[diesel(treat_none_as_null = true)]
pub struct ResultRow {
    pub id: String,
    pub plan_id: String,
    pub position: i32,
    pub kind: String,
    pub title: String,
    pub parent_result_id: Option<String>,
    pub weight_hundredths: Option<i64>,
    pub expectation: Option<String>,
    pub revised_from: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = plan_indicators)]
pub struct IndicatorRow {
    pub id: String,
    pub result_id: String,
    pub plan_id: String,
    pub position: i32,
    pub aspect: String,
    pub description: String,
    pub target_value: Option<String>,
    pub target_min: Option<String>,
    pub target_max: Option<String>,
    pub unit: String,
    pub direction: String,
    pub target_is_max: bool,
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

pub fn insert(conn: &mut AnyConnection, row: &PlanRow) -> QueryResult<()> {
    diesel::insert_into(plans::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Writes `row` (whose version the caller has already bumped).
pub fn update(conn: &mut AnyConnection, row: &PlanRow) -> QueryResult<()> {
    diesel::update(plans::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

/// The employee's plans for the period that are not superseded.
pub fn current_of(
    conn: &mut AnyConnection,
    employee_id: &str,
    period_id: &str,
) -> QueryResult<Vec<PlanRow>> {
    plans::table
        .filter(plans::employee_id.eq(employee_id))
        .filter(plans::period_id.eq(period_id))
        .filter(plans::status.ne("superseded"))
        .select(PlanRow::as_select())
        .load(conn)
}

/// The plans a caller may read: all, or those of some units, of some employees, or appraised
/// by some employees.
#[derive(Debug, Clone)]
pub enum Visible {
    All,
    Only {
        units: Vec<String>,
        owners: Vec<String>,
        appraisers: Vec<String>,
    },
}

impl Visible {
    pub fn covers(&self, row: &PlanRow) -> bool {
        match self {
            Visible::All => true,
            Visible::Only {
                units,
                owners,
                appraisers,
            } => {
                units.contains(&row.unit_id)
                    || owners.contains(&row.employee_id)
                    || row
                        .appraiser_id
                        .as_ref()
                        .is_some_and(|a| appraisers.contains(a))
            }
        }
    }
}

#[derive(Debug)]
pub struct Filter {
    pub visible: Visible,
    pub period_id: Option<String>,
    pub employee_id: Option<String>,
    pub units: Option<Vec<String>>,
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
        units,
        owners,
        appraisers,
    } = &filter.visible
    {
        query = query.filter(
            plans::unit_id
                .eq_any(units.clone())
                .or(plans::employee_id.eq_any(owners.clone()))
                .or(plans::appraiser_id.eq_any(appraisers.clone())),
        );
    }
    if let Some(period) = &filter.period_id {
        query = query.filter(plans::period_id.eq(period.clone()));
    }
    if let Some(employee) = &filter.employee_id {
        query = query.filter(plans::employee_id.eq(employee.clone()));
    }
    if let Some(units) = &filter.units {
        query = query.filter(plans::unit_id.eq_any(units.clone()));
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
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn update_result(conn: &mut AnyConnection, row: &ResultRow) -> QueryResult<()> {
    diesel::update(plan_results::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

/// Deletes a draft's result with its indicators.
pub fn delete_result(conn: &mut AnyConnection, id: &str) -> QueryResult<()> {
    diesel::delete(plan_indicators::table.filter(plan_indicators::result_id.eq(id)))
        .execute(conn)?;
    diesel::delete(plan_results::table.find(id))
        .execute(conn)
        .map(drop)
}

/// Points the results that supported `from` at `to` (after a revision copied it).
pub fn relink_children(conn: &mut AnyConnection, from: &str, to: &str) -> QueryResult<usize> {
    diesel::update(plan_results::table.filter(plan_results::parent_result_id.eq(from)))
        .set(plan_results::parent_result_id.eq(to))
        .execute(conn)
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
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

pub fn delete_indicators_of(conn: &mut AnyConnection, result_id: &str) -> QueryResult<()> {
    diesel::delete(plan_indicators::table.filter(plan_indicators::result_id.eq(result_id)))
        .execute(conn)
        .map(drop)
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
