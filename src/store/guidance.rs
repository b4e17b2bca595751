//! Guidance sessions, their employees and the two forms.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{
    employees, guidance_competencies, guidance_feedback, guidance_participants, guidance_sessions,
};
use crate::domain::guidance::SessionKind;
use crate::domain::org::subtree_range;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = guidance_sessions)]
#[diesel(treat_none_as_null = true)]
pub struct SessionRow {
    pub id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: SessionKind,
    pub held_on: NaiveDate,
    pub topic: String,
    pub problem_method: Option<String>,
    pub problem_process: Option<String>,
    pub problem_quality: Option<String>,
    pub agreed_actions: Option<String>,
    pub appreciation: Option<String>,
    pub plan_id: Option<String>,
    /// JSON array of the plan's result ids the session was about.
    pub result_ids: String,
    pub giver_id: String,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

super::versioned::versioned_row!(SessionRow, guidance_sessions, "guidance_session");

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = guidance_feedback)]
pub struct FeedbackRow {
    pub session_id: String,
    pub employee_id: String,
    /// JSON object: statement → `{"answer", "comment"}`.
    pub answers: String,
    pub submitted_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = guidance_competencies)]
pub struct CompetencyRow {
    pub session_id: String,
    pub employee_id: String,
    /// JSON array of `{"competency", "score", "reason"}`.
    pub items: String,
    pub evaluated_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &SessionRow, employees: &[String]) -> QueryResult<()> {
    diesel::insert_into(guidance_sessions::table)
        .values(row.clone())
        .execute(conn)?;
    set_participants(conn, &row.id, employees)
}

pub fn set_participants(
    conn: &mut AnyConnection,
    session_id: &str,
    employee_ids: &[String],
) -> QueryResult<()> {
    diesel::delete(
        guidance_participants::table.filter(guidance_participants::session_id.eq(session_id)),
    )
    .execute(conn)?;
    for employee in employee_ids {
        diesel::insert_into(guidance_participants::table)
            .values((
                guidance_participants::session_id.eq(session_id),
                guidance_participants::employee_id.eq(employee),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<SessionRow>> {
    guidance_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}

/// The session's employees, in id order.
pub fn participants_of(conn: &mut AnyConnection, session_id: &str) -> QueryResult<Vec<String>> {
    guidance_participants::table
        .filter(guidance_participants::session_id.eq(session_id))
        .select(guidance_participants::employee_id)
        .order(guidance_participants::employee_id.asc())
        .load(conn)
}

/// Which sessions a caller sees: all, or those they gave or attended, or whose employees are
/// in a unit subtree.
pub struct SessionFilter {
    pub all: bool,
    pub person: Option<String>,
    pub unit_path: Option<String>,
    pub employee_id: Option<String>,
    pub held_from: Option<NaiveDate>,
    pub held_to: Option<NaiveDate>,
}

pub fn list(
    conn: &mut AnyConnection,
    filter: &SessionFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<SessionRow>> {
    let mut query = guidance_sessions::table
        .select(SessionRow::as_select())
        .into_boxed();
    if !filter.all {
        let person = filter.person.clone().unwrap_or_default();
        let (low, high) = filter
            .unit_path
            .as_deref()
            .map(subtree_range)
            .unwrap_or_else(|| ("/".to_owned(), "/".to_owned()));
        query = query.filter(
            guidance_sessions::giver_id
                .eq(person.clone())
                .or(guidance_sessions::id.eq_any(
                    guidance_participants::table
                        .filter(guidance_participants::employee_id.eq(person))
                        .select(guidance_participants::session_id),
                ))
                .or(guidance_sessions::id.eq_any(
                    guidance_participants::table
                        .inner_join(
                            employees::table
                                .on(employees::id.eq(guidance_participants::employee_id)),
                        )
                        .filter(
                            employees::unit_path
                                .ge(low)
                                .and(employees::unit_path.lt(high)),
                        )
                        .select(guidance_participants::session_id),
                )),
        );
    }
    if let Some(employee) = &filter.employee_id {
        query = query.filter(
            guidance_sessions::id.eq_any(
                guidance_participants::table
                    .filter(guidance_participants::employee_id.eq(employee.clone()))
                    .select(guidance_participants::session_id),
            ),
        );
    }
    if let Some(from) = filter.held_from {
        query = query.filter(guidance_sessions::held_on.ge(from));
    }
    if let Some(to) = filter.held_to {
        query = query.filter(guidance_sessions::held_on.le(to));
    }
    if let Some(after) = after {
        query = query.filter(guidance_sessions::id.gt(after.to_owned()));
    }
    query
        .order(guidance_sessions::id.asc())
        .limit(limit)
        .load(conn)
}

/// Sessions held from `from` to `to` (inclusive) per employee of the unit subtree at `path`.
pub fn sessions_per_employee(
    conn: &mut AnyConnection,
    path: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(String, i64)>> {
    let (low, high) = subtree_range(path);
    guidance_participants::table
        .inner_join(
            guidance_sessions::table
                .on(guidance_sessions::id.eq(guidance_participants::session_id)),
        )
        .inner_join(employees::table.on(employees::id.eq(guidance_participants::employee_id)))
        .filter(
            employees::unit_path
                .ge(low)
                .and(employees::unit_path.lt(high)),
        )
        .filter(guidance_sessions::held_on.between(from, to))
        .group_by(guidance_participants::employee_id)
        .select((
            guidance_participants::employee_id,
            diesel::dsl::count_star(),
        ))
        .load(conn)
}

pub fn feedback_of(conn: &mut AnyConnection, session_id: &str) -> QueryResult<Vec<FeedbackRow>> {
    guidance_feedback::table
        .filter(guidance_feedback::session_id.eq(session_id))
        .select(FeedbackRow::as_select())
        .order(guidance_feedback::employee_id.asc())
        .load(conn)
}

pub fn competencies_of(
    conn: &mut AnyConnection,
    session_id: &str,
) -> QueryResult<Vec<CompetencyRow>> {
    guidance_competencies::table
        .filter(guidance_competencies::session_id.eq(session_id))
        .select(CompetencyRow::as_select())
        .order(guidance_competencies::employee_id.asc())
        .load(conn)
}

/// Stores the employee's form, replacing an earlier one.
pub fn put_feedback(conn: &mut AnyConnection, row: &FeedbackRow) -> QueryResult<()> {
    diesel::delete(
        guidance_feedback::table
            .filter(guidance_feedback::session_id.eq(&row.session_id))
            .filter(guidance_feedback::employee_id.eq(&row.employee_id)),
    )
    .execute(conn)?;
    diesel::insert_into(guidance_feedback::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// Stores the giver's form for one employee, replacing an earlier one.
pub fn put_competencies(conn: &mut AnyConnection, row: &CompetencyRow) -> QueryResult<()> {
    diesel::delete(
        guidance_competencies::table
            .filter(guidance_competencies::session_id.eq(&row.session_id))
            .filter(guidance_competencies::employee_id.eq(&row.employee_id)),
    )
    .execute(conn)?;
    diesel::insert_into(guidance_competencies::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}
