//! 360° assessment rounds, their assessees and their rater assignments.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::BATCH;
use crate::db::AnyConnection;
use crate::db::schema::{assessment_assessees, assessment_assignments, assessment_rounds};
use crate::db::schema::{employees, units};
use crate::domain::behaviour::{RaterGroup, RoundStatus, Weights};
use crate::domain::org::{PositionType, subtree_range};
use crate::domain::scoring::Regime;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = assessment_rounds)]
#[diesel(treat_none_as_null = true)]
pub struct RoundRow {
    pub id: String,
    pub period_id: String,
    pub name: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub regime: Regime,
    pub unit_id: Option<String>,
    pub scope_unit_id: String,
    pub weight_supervisor: i32,
    pub weight_peer: i32,
    pub weight_subordinate: i32,
    pub weight_self: i32,
    pub min_raters: i32,
    pub closes_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: RoundStatus,
    pub created_by: String,
    pub opened_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

super::versioned::versioned_row!(RoundRow, assessment_rounds, "assessment_round");

impl RoundRow {
    pub fn weights(&self) -> Weights {
        let w = |n: i32| u32::try_from(n).unwrap_or(0);
        Weights {
            supervisor: w(self.weight_supervisor),
            peer: w(self.weight_peer),
            subordinate: w(self.weight_subordinate),
            own: w(self.weight_self),
        }
    }

    pub fn set_weights(&mut self, weights: Weights) {
        let w = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        self.weight_supervisor = w(weights.supervisor);
        self.weight_peer = w(weights.peer);
        self.weight_subordinate = w(weights.subordinate);
        self.weight_self = w(weights.own);
    }

    /// The status as callers see it at `now`: an open round whose `closes_at` has passed is
    /// closed, whether or not anyone has said so.
    pub fn status_at(&self, now: NaiveDateTime) -> RoundStatus {
        match (self.status, self.closes_at) {
            (RoundStatus::Open, Some(closes_at)) if closes_at <= now => RoundStatus::Closed,
            (status, _) => status,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = assessment_assignments)]
#[diesel(treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct AssignmentRow {
    pub id: String,
    pub round_id: String,
    pub assessee_id: String,
    pub rater_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub rater_group: RaterGroup,
    /// The rater's answer as JSON; read by the rater and by the result computation only.
    pub answer: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What the audit trail keeps of an assignment: who rates whom and whether they answered,
/// never what they answered.
fn assignment_snapshot(row: &AssignmentRow) -> Option<serde_json::Value> {
    Some(serde_json::json!({
        "round_id": row.round_id,
        "assessee_id": row.assessee_id,
        "rater_id": row.rater_id,
        "group": row.rater_group.as_str(),
        "answered": row.answer.is_some(),
    }))
}

super::versioned::versioned_row!(
    AssignmentRow,
    assessment_assignments,
    "assessment_assignment",
    snapshot = assignment_snapshot
);

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = assessment_assessees)]
pub struct AssesseeRow {
    pub round_id: String,
    pub employee_id: String,
    pub managerial: bool,
}

pub fn insert_round(conn: &mut AnyConnection, row: &RoundRow) -> QueryResult<()> {
    diesel::insert_into(assessment_rounds::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

pub fn insert_assessees(conn: &mut AnyConnection, rows: &[AssesseeRow]) -> QueryResult<()> {
    super::insert_batches!(conn, assessment_assessees::table, rows)
}

pub fn insert_assignments(conn: &mut AnyConnection, rows: &[AssignmentRow]) -> QueryResult<()> {
    super::insert_batches!(conn, assessment_assignments::table, rows)
}

pub fn find_round(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<RoundRow>> {
    assessment_rounds::table
        .find(id)
        .select(RoundRow::as_select())
        .first(conn)
        .optional()
}

/// Round `id`, read under a lock that lets other readers of the round in but waits for a
/// writer of it (PostgreSQL `FOR SHARE`): an answer is stored against the status that holds
/// when it commits, never one a concurrent close has just ended.
pub fn find_round_shared(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<RoundRow>> {
    if let AnyConnection::Postgresql(_) = conn {
        diesel::sql_query("SELECT id FROM assessment_rounds WHERE id = $1 FOR SHARE")
            .bind::<Text, _>(id)
            .execute(conn)?;
    }
    find_round(conn, id)
}

/// The rounds of a period that assess employee `employee_id`.
pub fn rounds_assessing(
    conn: &mut AnyConnection,
    period_id: &str,
    employee_id: &str,
) -> QueryResult<Vec<RoundRow>> {
    assessment_rounds::table
        .filter(assessment_rounds::period_id.eq(period_id))
        .filter(
            assessment_rounds::id.eq_any(
                assessment_assessees::table
                    .filter(assessment_assessees::employee_id.eq(employee_id))
                    .select(assessment_assessees::round_id),
            ),
        )
        .select(RoundRow::as_select())
        .load(conn)
}

#[derive(Debug, Default)]
pub struct RoundFilter {
    pub period_id: Option<String>,
    pub status: Option<String>,
    /// Only rounds whose population lies in the unit subtree at this path.
    pub within: Option<String>,
}

pub fn list_rounds(
    conn: &mut AnyConnection,
    filter: &RoundFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<RoundRow>> {
    let mut query = assessment_rounds::table
        .select(RoundRow::as_select())
        .into_boxed();
    if let Some(period) = &filter.period_id {
        query = query.filter(assessment_rounds::period_id.eq(period.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(assessment_rounds::status.eq(status.clone()));
    }
    if let Some(path) = &filter.within {
        let (from, to) = subtree_range(path);
        query = query.filter(
            assessment_rounds::scope_unit_id.eq_any(
                units::table
                    .filter(units::path.ge(from).and(units::path.lt(to)))
                    .select(units::id),
            ),
        );
    }
    if let Some(after) = after {
        query = query.filter(assessment_rounds::id.gt(after.to_owned()));
    }
    query
        .order(assessment_rounds::id.asc())
        .limit(limit)
        .load(conn)
}

pub fn find_assessee(
    conn: &mut AnyConnection,
    round_id: &str,
    employee_id: &str,
) -> QueryResult<Option<AssesseeRow>> {
    assessment_assessees::table
        .find((round_id, employee_id))
        .select(AssesseeRow::as_select())
        .first(conn)
        .optional()
}

/// Up to `limit` assessees of a round after the employee id `after`.
pub fn assessees(
    conn: &mut AnyConnection,
    round_id: &str,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<AssesseeRow>> {
    let mut query = assessment_assessees::table
        .filter(assessment_assessees::round_id.eq(round_id))
        .select(AssesseeRow::as_select())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(assessment_assessees::employee_id.gt(after.to_owned()));
    }
    query
        .order(assessment_assessees::employee_id.asc())
        .limit(limit)
        .load(conn)
}

pub fn count_assessees(conn: &mut AnyConnection, round_id: &str) -> QueryResult<i64> {
    assessment_assessees::table
        .filter(assessment_assessees::round_id.eq(round_id))
        .count()
        .get_result(conn)
}

pub fn count_assignments(conn: &mut AnyConnection, round_id: &str) -> QueryResult<(i64, i64)> {
    let all: i64 = assessment_assignments::table
        .filter(assessment_assignments::round_id.eq(round_id))
        .count()
        .get_result(conn)?;
    let answered: i64 = assessment_assignments::table
        .filter(assessment_assignments::round_id.eq(round_id))
        .filter(assessment_assignments::answer.is_not_null())
        .count()
        .get_result(conn)?;
    Ok((all, answered))
}

pub fn find_assignment(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<AssignmentRow>> {
    assessment_assignments::table
        .find(id)
        .select(AssignmentRow::as_select())
        .first(conn)
        .optional()
}

pub fn delete_assignment(conn: &mut AnyConnection, id: &str) -> QueryResult<()> {
    diesel::delete(assessment_assignments::table.find(id))
        .execute(conn)
        .map(drop)
}

#[derive(Debug, Default)]
pub struct AssignmentFilter {
    pub assessee_id: Option<String>,
    pub rater_id: Option<String>,
    pub group: Option<String>,
    pub answered: Option<bool>,
}

pub fn list_assignments(
    conn: &mut AnyConnection,
    round_id: &str,
    filter: &AssignmentFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<AssignmentRow>> {
    let mut query = assessment_assignments::table
        .filter(assessment_assignments::round_id.eq(round_id))
        .select(AssignmentRow::as_select())
        .into_boxed();
    if let Some(assessee) = &filter.assessee_id {
        query = query.filter(assessment_assignments::assessee_id.eq(assessee.clone()));
    }
    if let Some(rater) = &filter.rater_id {
        query = query.filter(assessment_assignments::rater_id.eq(rater.clone()));
    }
    if let Some(group) = &filter.group {
        query = query.filter(assessment_assignments::rater_group.eq(group.clone()));
    }
    match filter.answered {
        Some(true) => query = query.filter(assessment_assignments::answer.is_not_null()),
        Some(false) => query = query.filter(assessment_assignments::answer.is_null()),
        None => {}
    }
    if let Some(after) = after {
        query = query.filter(assessment_assignments::id.gt(after.to_owned()));
    }
    query
        .order(assessment_assignments::id.asc())
        .limit(limit)
        .load(conn)
}

/// The given answers about some assessees of a round, by assessee, with the rater's group and
/// nothing that names the rater.
pub fn answers_about(
    conn: &mut AnyConnection,
    round_id: &str,
    assessee_ids: &[String],
) -> QueryResult<Vec<(String, RaterGroup, String)>> {
    let mut answers = Vec::new();
    for chunk in assessee_ids.chunks(BATCH) {
        let rows: Vec<(String, String, Option<String>)> = assessment_assignments::table
            .filter(assessment_assignments::round_id.eq(round_id))
            .filter(assessment_assignments::assessee_id.eq_any(chunk))
            .filter(assessment_assignments::answer.is_not_null())
            .select((
                assessment_assignments::assessee_id,
                assessment_assignments::rater_group,
                assessment_assignments::answer,
            ))
            .load(conn)?;
        for (assessee, group, answer) in rows {
            let group = group.parse::<RaterGroup>().map_err(|()| {
                diesel::result::Error::DeserializationError(
                    format!("unknown rater group {group:?}").into(),
                )
            })?;
            answers.extend(answer.map(|a| (assessee, group, a)));
        }
    }
    Ok(answers)
}

/// A rater's assignment with what the task shows of the round and the assessee.
#[derive(Debug, Clone, Queryable)]
pub struct TaskRow {
    pub assignment: AssignmentRow,
    pub round_name: String,
    pub round_closes_at: Option<NaiveDateTime>,
    pub regime: String,
    pub assessee_name: String,
    pub assessee_position: String,
    pub managerial: bool,
}

/// The assignments of rater `rater_id`: one (`task_id`), or those of rounds open at
/// `open_at`, after the id `after`.
pub fn tasks_of(
    conn: &mut AnyConnection,
    rater_id: &str,
    task_id: Option<&str>,
    open_at: Option<NaiveDateTime>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<TaskRow>> {
    let mut query = assessment_assignments::table
        .inner_join(assessment_rounds::table)
        .inner_join(employees::table.on(employees::id.eq(assessment_assignments::assessee_id)))
        .inner_join(
            assessment_assessees::table.on(assessment_assessees::round_id
                .eq(assessment_assignments::round_id)
                .and(assessment_assessees::employee_id.eq(assessment_assignments::assessee_id))),
        )
        .filter(assessment_assignments::rater_id.eq(rater_id))
        .select((
            AssignmentRow::as_select(),
            assessment_rounds::name,
            assessment_rounds::closes_at,
            assessment_rounds::regime,
            employees::name,
            employees::position_title,
            assessment_assessees::managerial,
        ))
        .into_boxed();
    if let Some(id) = task_id {
        query = query.filter(assessment_assignments::id.eq(id.to_owned()));
    }
    if let Some(now) = open_at {
        query = query.filter(assessment_rounds::status.eq("open")).filter(
            assessment_rounds::closes_at
                .is_null()
                .or(assessment_rounds::closes_at.gt(now)),
        );
    }
    if let Some(after) = after {
        query = query.filter(assessment_assignments::id.gt(after.to_owned()));
    }
    query
        .order(assessment_assignments::id.asc())
        .limit(limit)
        .load(conn)
}

/// The org facts generation reads about one person.
#[derive(Debug, Clone, Queryable)]
pub struct Person {
    pub id: String,
    pub supervisor_id: Option<String>,
    pub position_type: String,
    pub unit_path: String,
}

fn person_columns() -> (
    employees::id,
    employees::supervisor_id,
    employees::position_type,
    employees::unit_path,
) {
    (
        employees::id,
        employees::supervisor_id,
        employees::position_type,
        employees::unit_path,
    )
}

/// Active employees of the unit subtree at `path`.
pub fn active_in_subtree(conn: &mut AnyConnection, path: &str) -> QueryResult<Vec<Person>> {
    let (from, to) = subtree_range(path);
    employees::table
        .filter(
            employees::unit_path
                .ge(from)
                .and(employees::unit_path.lt(to)),
        )
        .filter(employees::status.eq("active"))
        .select(person_columns())
        .order(employees::id.asc())
        .load(conn)
}

/// The active employees among `ids`.
pub fn active_among(conn: &mut AnyConnection, ids: &[String]) -> QueryResult<Vec<Person>> {
    let mut people = Vec::new();
    for chunk in ids.chunks(BATCH) {
        people.extend(
            employees::table
                .filter(employees::id.eq_any(chunk))
                .filter(employees::status.eq("active"))
                .select(person_columns())
                .load::<Person>(conn)?,
        );
    }
    Ok(people)
}

/// Active employees whose direct superior is one of `ids`, as (id, superior).
pub fn active_reports_of(
    conn: &mut AnyConnection,
    ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    let mut reports = Vec::new();
    for chunk in ids.chunks(BATCH) {
        let rows: Vec<(String, Option<String>)> = employees::table
            .filter(employees::supervisor_id.eq_any(chunk))
            .filter(employees::status.eq("active"))
            .select((employees::id, employees::supervisor_id))
            .load(conn)?;
        reports.extend(rows.into_iter().filter_map(|(id, s)| Some((id, s?))));
    }
    Ok(reports)
}

impl Person {
    pub fn position(&self) -> Option<PositionType> {
        self.position_type.parse().ok()
    }
}
