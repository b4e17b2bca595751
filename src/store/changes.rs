//! The change feed: which unit, employee, plan, evaluation or 360° round changed, in commit
//! order. A row is written with the change and numbered ([`assign_seqs`]) just before its
//! transaction commits, under [`Invariant::ChangeFeed`], so numbers are given in commit order.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::changes;

/// The entity types the feed carries (audit entity names).
pub const TYPES: &[&str] = &["unit", "employee", "plan", "evaluation", "assessment_round"];

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = changes)]
pub struct ChangeRow {
    pub id: String,
    pub seq: Option<i64>,
    pub entity_type: String,
    pub entity_id: String,
    pub action: String,
    pub version: i64,
    pub at: NaiveDateTime,
}

impl ChangeRow {
    /// A change still to be numbered.
    pub fn new(
        entity_type: &str,
        entity_id: &str,
        action: &str,
        version: i64,
        at: NaiveDateTime,
    ) -> Self {
        ChangeRow {
            id: uuid::Uuid::now_v7().to_string(),
            seq: None,
            entity_type: entity_type.to_owned(),
            entity_id: entity_id.to_owned(),
            action: action.to_owned(),
            version,
            at,
        }
    }
}

pub fn insert(conn: &mut AnyConnection, row: &ChangeRow) -> QueryResult<()> {
    diesel::insert_into(changes::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

pub fn insert_many(conn: &mut AnyConnection, rows: &[ChangeRow]) -> QueryResult<()> {
    super::insert_batches!(conn, changes::table, rows)
}

/// Numbers this transaction's unnumbered rows after the highest number given so far, in the
/// order they were written. Other transactions' unnumbered rows are invisible to it, and the
/// caller holds the feed's lock until it commits, so no later commit gets a lower number.
pub fn assign_seqs(conn: &mut AnyConnection) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE changes SET seq = numbered.base + numbered.n \
         FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n, \
                 (SELECT COALESCE(MAX(seq), 0) FROM changes) AS base \
               FROM changes WHERE seq IS NULL) AS numbered \
         WHERE changes.id = numbered.id",
    )
    .execute(conn)
}

/// Up to `limit` changes after `after` of the given types, in commit order.
pub fn after(
    conn: &mut AnyConnection,
    after: i64,
    types: &[String],
    limit: i64,
) -> QueryResult<Vec<ChangeRow>> {
    changes::table
        .filter(changes::seq.gt(after))
        .filter(changes::entity_type.eq_any(types))
        .order(changes::seq.asc())
        .limit(limit)
        .select(ChangeRow::as_select())
        .load(conn)
}

/// The highest number given so far (0 before any).
pub fn last_seq(conn: &mut AnyConnection) -> QueryResult<i64> {
    let max: Option<i64> = changes::table
        .select(diesel::dsl::max(changes::seq))
        .first(conn)?;
    Ok(max.unwrap_or(0))
}

/// The oldest change's time, if any.
pub fn oldest(conn: &mut AnyConnection) -> QueryResult<Option<NaiveDateTime>> {
    changes::table
        .select(diesel::dsl::min(changes::at))
        .first(conn)
}

/// Deletes the changes made before `before`; the highest number deleted.
pub fn prune(conn: &mut AnyConnection, before: NaiveDateTime) -> QueryResult<Option<i64>> {
    let gone = changes::table
        .filter(changes::at.lt(before))
        .filter(changes::seq.is_not_null())
        .select(diesel::dsl::max(changes::seq))
        .first::<Option<i64>>(conn)?;
    if let Some(through) = gone {
        diesel::delete(changes::table.filter(changes::seq.le(through))).execute(conn)?;
    }
    Ok(gone)
}
