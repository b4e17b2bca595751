//! Evaluations of plans, the appraiser's feedback in them, units' organisation predikat, and
//! objections.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{
    evaluation_behaviours, evaluation_results, evaluations, objection_explanations, objections,
    unit_performance, units,
};
use crate::domain::evaluation::{EvaluationStatus, ObjectionStatus};
use crate::domain::org::subtree_range;
use crate::domain::scoring::Regime;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = evaluations)]
#[diesel(treat_none_as_null = true)]
pub struct EvaluationRow {
    pub id: String,
    pub plan_id: String,
    pub period_id: String,
    pub employee_id: String,
    pub unit_id: String,
    pub appraiser_id: Option<String>,
    pub slot: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub regime: Regime,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: EvaluationStatus,
    pub suggested_work_rating: Option<String>,
    pub work_rating: Option<String>,
    pub work_rating_reason: Option<String>,
    pub suggested_behaviour_rating: Option<String>,
    pub behaviour_rating: Option<String>,
    pub behaviour_rating_reason: Option<String>,
    /// JSON object of the five aspect scores entered by the appraiser (`pp30_2021` without 360°).
    pub behaviour_aspects: Option<String>,
    pub innovation: Option<String>,
    pub notes: Option<String>,
    pub skp_score: Option<i64>,
    pub behaviour_score: Option<i64>,
    pub final_score: Option<i64>,
    pub predikat: Option<String>,
    pub explanation: Option<String>,
    pub rated_by: Option<String>,
    pub rated_at: Option<NaiveDateTime>,
    pub finalized_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

super::versioned::versioned_row!(EvaluationRow, evaluations, "evaluation");

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = evaluation_results)]
pub struct ResultFeedbackRow {
    pub evaluation_id: String,
    pub result_id: String,
    pub feedback: String,
    pub rating: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = evaluation_behaviours)]
pub struct BehaviourFeedbackRow {
    pub evaluation_id: String,
    pub core_value: String,
    pub feedback: String,
    pub rating: Option<String>,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = unit_performance)]
#[diesel(treat_none_as_null = true)]
pub struct UnitPerformanceRow {
    pub id: String,
    pub unit_id: String,
    pub period_id: String,
    pub slot: String,
    pub predikat: String,
    pub basis: Option<String>,
    pub decision_ref: Option<String>,
    pub set_by: String,
    pub finalized_at: Option<NaiveDateTime>,
    pub finalize_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

super::versioned::versioned_row!(UnitPerformanceRow, unit_performance, "unit_performance");

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = objections)]
#[diesel(treat_none_as_null = true)]
pub struct ObjectionRow {
    pub id: String,
    pub evaluation_id: String,
    pub employee_id: String,
    pub decider_id: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: ObjectionStatus,
    pub reasons: String,
    pub evidence: Option<String>,
    pub decision_reason: Option<String>,
    pub predikat_before: Option<String>,
    pub predikat_after: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

super::versioned::versioned_row!(ObjectionRow, objections, "objection");

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = objection_explanations)]
pub struct ExplanationRow {
    pub id: String,
    pub objection_id: String,
    pub author_id: String,
    pub author_role: String,
    pub text: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &EvaluationRow) -> QueryResult<()> {
    diesel::insert_into(evaluations::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<EvaluationRow>> {
    evaluations::table
        .find(id)
        .select(EvaluationRow::as_select())
        .first(conn)
        .optional()
}

pub fn of_plan(conn: &mut AnyConnection, plan_id: &str) -> QueryResult<Vec<EvaluationRow>> {
    evaluations::table
        .filter(evaluations::plan_id.eq(plan_id))
        .select(EvaluationRow::as_select())
        .order(evaluations::id.asc())
        .load(conn)
}

/// The evaluations of a slot in the units at `unit_ids`.
pub fn in_units(
    conn: &mut AnyConnection,
    period_id: &str,
    slot: &str,
    unit_ids: &[String],
) -> QueryResult<Vec<EvaluationRow>> {
    evaluations::table
        .filter(evaluations::period_id.eq(period_id))
        .filter(evaluations::slot.eq(slot))
        .filter(evaluations::unit_id.eq_any(unit_ids))
        .select(EvaluationRow::as_select())
        .order(evaluations::id.asc())
        .load(conn)
}

pub fn result_feedback(
    conn: &mut AnyConnection,
    evaluation_id: &str,
) -> QueryResult<Vec<ResultFeedbackRow>> {
    evaluation_results::table
        .filter(evaluation_results::evaluation_id.eq(evaluation_id))
        .select(ResultFeedbackRow::as_select())
        .load(conn)
}

pub fn behaviour_feedback(
    conn: &mut AnyConnection,
    evaluation_id: &str,
) -> QueryResult<Vec<BehaviourFeedbackRow>> {
    evaluation_behaviours::table
        .filter(evaluation_behaviours::evaluation_id.eq(evaluation_id))
        .select(BehaviourFeedbackRow::as_select())
        .load(conn)
}

/// Writes the feedback on one result (replacing what was there).
pub fn put_result_feedback(conn: &mut AnyConnection, row: &ResultFeedbackRow) -> QueryResult<()> {
    diesel::delete(
        evaluation_results::table
            .filter(evaluation_results::evaluation_id.eq(&row.evaluation_id))
            .filter(evaluation_results::result_id.eq(&row.result_id)),
    )
    .execute(conn)?;
    diesel::insert_into(evaluation_results::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// Writes the feedback on one value (replacing what was there).
pub fn put_behaviour_feedback(
    conn: &mut AnyConnection,
    row: &BehaviourFeedbackRow,
) -> QueryResult<()> {
    diesel::delete(
        evaluation_behaviours::table
            .filter(evaluation_behaviours::evaluation_id.eq(&row.evaluation_id))
            .filter(evaluation_behaviours::core_value.eq(&row.core_value)),
    )
    .execute(conn)?;
    diesel::insert_into(evaluation_behaviours::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

pub fn unit_performance(
    conn: &mut AnyConnection,
    unit_id: &str,
    period_id: &str,
    slot: &str,
) -> QueryResult<Option<UnitPerformanceRow>> {
    unit_performance::table
        .filter(unit_performance::unit_id.eq(unit_id))
        .filter(unit_performance::period_id.eq(period_id))
        .filter(unit_performance::slot.eq(slot))
        .select(UnitPerformanceRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_unit_performance(
    conn: &mut AnyConnection,
    row: &UnitPerformanceRow,
) -> QueryResult<()> {
    diesel::insert_into(unit_performance::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The units strictly below the unit at `path` that have their own predikat for the slot,
/// as (id, path).
pub fn sub_units_with_predikat(
    conn: &mut AnyConnection,
    path: &str,
    period_id: &str,
    slot: &str,
) -> QueryResult<Vec<(String, String)>> {
    let (from, to) = subtree_range(path);
    units::table
        .filter(units::path.gt(path.to_owned()).and(units::path.lt(to)))
        .filter(units::path.ge(from))
        .filter(
            units::id.eq_any(
                unit_performance::table
                    .filter(unit_performance::period_id.eq(period_id))
                    .filter(unit_performance::slot.eq(slot))
                    .select(unit_performance::unit_id),
            ),
        )
        .select((units::id, units::path))
        .load(conn)
}

pub fn insert_objection(conn: &mut AnyConnection, row: &ObjectionRow) -> QueryResult<()> {
    diesel::insert_into(objections::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

pub fn find_objection(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<ObjectionRow>> {
    objections::table
        .find(id)
        .select(ObjectionRow::as_select())
        .first(conn)
        .optional()
}

pub fn objections_of(
    conn: &mut AnyConnection,
    evaluation_id: &str,
) -> QueryResult<Vec<ObjectionRow>> {
    objections::table
        .filter(objections::evaluation_id.eq(evaluation_id))
        .select(ObjectionRow::as_select())
        .order(objections::id.asc())
        .load(conn)
}

#[derive(Debug, Default)]
pub struct ObjectionFilter {
    pub status: Option<String>,
    /// Only objections of these evaluations' units' subtree (hr, pyb).
    pub unit_path: Option<String>,
    /// Or those the caller filed or decides.
    pub person: Option<String>,
    pub all: bool,
}

pub fn list_objections(
    conn: &mut AnyConnection,
    filter: &ObjectionFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<ObjectionRow>> {
    let mut query = objections::table
        .select(ObjectionRow::as_select())
        .into_boxed();
    if !filter.all {
        let range = filter
            .unit_path
            .as_deref()
            .map(subtree_range)
            .unwrap_or_else(|| ("/".to_owned(), "/".to_owned()));
        let person = filter.person.clone().unwrap_or_default();
        query = query.filter(
            objections::employee_id
                .eq(person.clone())
                .or(objections::decider_id.eq(person.clone()))
                .or(objections::evaluation_id.eq_any(
                    evaluations::table
                        .filter(evaluations::appraiser_id.eq(person))
                        .select(evaluations::id),
                ))
                .or(objections::evaluation_id.eq_any(
                    evaluations::table
                        .filter(
                            evaluations::unit_id.eq_any(
                                units::table
                                    .filter(units::path.ge(range.0).and(units::path.lt(range.1)))
                                    .select(units::id),
                            ),
                        )
                        .select(evaluations::id),
                )),
        );
    }
    if let Some(status) = &filter.status {
        query = query.filter(objections::status.eq(status.clone()));
    }
    if let Some(after) = after {
        query = query.filter(objections::id.gt(after.to_owned()));
    }
    query.order(objections::id.asc()).limit(limit).load(conn)
}

pub fn insert_explanation(conn: &mut AnyConnection, row: &ExplanationRow) -> QueryResult<()> {
    diesel::insert_into(objection_explanations::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

pub fn explanations_of(
    conn: &mut AnyConnection,
    objection_id: &str,
) -> QueryResult<Vec<ExplanationRow>> {
    objection_explanations::table
        .filter(objection_explanations::objection_id.eq(objection_id))
        .select(ExplanationRow::as_select())
        .order(objection_explanations::id.asc())
        .load(conn)
}
