//! Counseling cases, their addenda, follow-ups and the record of who read them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{
    counseling_addenda, counseling_cases, counseling_follow_ups, counseling_reads, units,
};
use crate::domain::counseling::{
    CaseSource, CaseStatus, CounselorKind, FollowUpKind, FollowUpStatus, RecipientKind,
};
use crate::domain::org::subtree_range;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = counseling_cases)]
#[diesel(treat_none_as_null = true)]
pub struct CaseRow {
    pub id: String,
    pub employee_id: String,
    pub unit_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub source: CaseSource,
    pub source_ref: Option<String>,
    pub description: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: CaseStatus,
    /// The user who identified the case.
    pub identified_by: String,
    pub counselor_kind: Option<String>,
    /// A user id for an independent counselor, an employee id otherwise.
    pub counselor_id: Option<String>,
    pub recipient_kind: Option<String>,
    /// The employee who receives the report (`superior`); none for `pyb`.
    pub recipient_id: Option<String>,
    pub scheduled_at: Option<NaiveDateTime>,
    pub place: Option<String>,
    /// JSON object of the signed record.
    pub record: Option<String>,
    pub signed_at: Option<NaiveDateTime>,
    pub reported_at: Option<NaiveDateTime>,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

super::versioned::versioned_row!(CaseRow, counseling_cases, "counseling_case");

impl CaseRow {
    pub fn counselor_kind(&self) -> Option<CounselorKind> {
        self.counselor_kind.as_deref().and_then(|k| k.parse().ok())
    }

    pub fn recipient_kind(&self) -> Option<RecipientKind> {
        self.recipient_kind.as_deref().and_then(|k| k.parse().ok())
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = counseling_addenda)]
pub struct AddendumRow {
    pub id: String,
    pub case_id: String,
    pub author_id: String,
    pub text: String,
    pub created_at: NaiveDateTime,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = counseling_follow_ups)]
#[diesel(treat_none_as_null = true)]
pub struct FollowUpRow {
    pub id: String,
    pub case_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: FollowUpKind,
    pub owner_id: String,
    pub due_on: NaiveDate,
    pub note: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: FollowUpStatus,
    pub outcome: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

super::versioned::versioned_row!(FollowUpRow, counseling_follow_ups, "counseling_follow_up");

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = counseling_reads)]
pub struct ReadRow {
    pub id: String,
    pub case_id: String,
    pub reader_id: String,
    pub reader_name: String,
    pub what: String,
    pub read_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, row: &CaseRow) -> QueryResult<()> {
    diesel::insert_into(counseling_cases::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<CaseRow>> {
    counseling_cases::table
        .find(id)
        .select(CaseRow::as_select())
        .first(conn)
        .optional()
}

/// The cases a person takes part in: as the employee, the identifier, the counselor, the
/// recipient, or (a pyb) as the recipient of independent counselors' reports in a subtree.
pub struct CaseFilter {
    pub all: bool,
    pub user_id: String,
    pub employee_id: Option<String>,
    pub pyb_path: Option<String>,
    pub status: Option<CaseStatus>,
}

pub fn list(
    conn: &mut AnyConnection,
    filter: &CaseFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<CaseRow>> {
    let mut query = counseling_cases::table
        .select(CaseRow::as_select())
        .into_boxed();
    if !filter.all {
        let me = filter.employee_id.clone().unwrap_or_default();
        let (low, high) = filter
            .pyb_path
            .as_deref()
            .map(subtree_range)
            .unwrap_or_else(|| ("/".to_owned(), "/".to_owned()));
        let independent = CounselorKind::Independent.as_str();
        query = query.filter(
            counseling_cases::employee_id
                .eq(me.clone())
                .or(counseling_cases::identified_by.eq(filter.user_id.clone()))
                .or(counseling_cases::counselor_kind
                    .eq(independent)
                    .and(counseling_cases::counselor_id.eq(filter.user_id.clone())))
                .or(counseling_cases::counselor_kind
                    .ne(independent)
                    .and(counseling_cases::counselor_id.eq(me.clone())))
                .or(counseling_cases::recipient_id.eq(me))
                .or(counseling_cases::recipient_kind
                    .eq(RecipientKind::Pyb.as_str())
                    .and(
                        counseling_cases::unit_id.eq_any(
                            units::table
                                .filter(units::path.ge(low).and(units::path.lt(high)))
                                .select(units::id),
                        ),
                    )),
        );
    }
    if let Some(status) = filter.status {
        query = query.filter(counseling_cases::status.eq(status.as_str()));
    }
    if let Some(after) = after {
        query = query.filter(counseling_cases::id.gt(after.to_owned()));
    }
    query
        .order(counseling_cases::id.asc())
        .limit(limit)
        .load(conn)
}

pub fn insert_addendum(conn: &mut AnyConnection, row: &AddendumRow) -> QueryResult<()> {
    diesel::insert_into(counseling_addenda::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

pub fn addenda_of(conn: &mut AnyConnection, case_id: &str) -> QueryResult<Vec<AddendumRow>> {
    counseling_addenda::table
        .filter(counseling_addenda::case_id.eq(case_id))
        .select(AddendumRow::as_select())
        .order(counseling_addenda::id.asc())
        .load(conn)
}

pub fn insert_follow_up(conn: &mut AnyConnection, row: &FollowUpRow) -> QueryResult<()> {
    diesel::insert_into(counseling_follow_ups::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

pub fn follow_ups_of(conn: &mut AnyConnection, case_id: &str) -> QueryResult<Vec<FollowUpRow>> {
    counseling_follow_ups::table
        .filter(counseling_follow_ups::case_id.eq(case_id))
        .select(FollowUpRow::as_select())
        .order(counseling_follow_ups::id.asc())
        .load(conn)
}

pub fn find_follow_up(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<FollowUpRow>> {
    counseling_follow_ups::table
        .find(id)
        .select(FollowUpRow::as_select())
        .first(conn)
        .optional()
}

/// Open follow-ups due before `due_before` that `employee_id` owns or that `user_id` decided.
pub fn overdue_follow_ups(
    conn: &mut AnyConnection,
    employee_id: Option<&str>,
    user_id: &str,
    due_before: NaiveDate,
) -> QueryResult<Vec<(FollowUpRow, CaseRow)>> {
    counseling_follow_ups::table
        .inner_join(
            counseling_cases::table.on(counseling_cases::id.eq(counseling_follow_ups::case_id)),
        )
        .filter(counseling_follow_ups::status.eq(FollowUpStatus::Open.as_str()))
        .filter(counseling_follow_ups::due_on.lt(due_before))
        .filter(
            counseling_follow_ups::owner_id
                .eq(employee_id.unwrap_or_default())
                .or(counseling_cases::decided_by.eq(user_id)),
        )
        .order((
            counseling_follow_ups::due_on.asc(),
            counseling_follow_ups::id.asc(),
        ))
        .select((FollowUpRow::as_select(), CaseRow::as_select()))
        .load(conn)
}

pub fn insert_reads(conn: &mut AnyConnection, rows: &[ReadRow]) -> QueryResult<()> {
    for row in rows {
        diesel::insert_into(counseling_reads::table)
            .values(row.clone())
            .execute(conn)?;
    }
    Ok(())
}

pub fn reads_of(
    conn: &mut AnyConnection,
    case_id: &str,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<ReadRow>> {
    let mut query = counseling_reads::table
        .filter(counseling_reads::case_id.eq(case_id))
        .select(ReadRow::as_select())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(counseling_reads::id.gt(after.to_owned()));
    }
    query
        .order(counseling_reads::id.asc())
        .limit(limit)
        .load(conn)
}
