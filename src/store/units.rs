//! Org units.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{escape_like, lower};
use crate::db::AnyConnection;
use crate::db::schema::{employees, units};
use crate::domain::org::UnitKind;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = units)]
#[diesel(treat_none_as_null = true)]
pub struct UnitRow {
    pub id: String,
    pub code: String,
    pub name: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: UnitKind,
    pub parent_id: Option<String>,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Where the unit hangs (see [`crate::domain::org::child_path`]). Written on insert and
    /// by [`rebase`] only, never by saving a row read earlier: a move may have rewritten it.
    #[serde(skip)]
    #[diesel(skip_update)]
    pub path: String,
}

super::versioned::versioned_row!(UnitRow, units, "unit");

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<UnitRow>> {
    units::table
        .find(id)
        .select(UnitRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_code(conn: &mut AnyConnection, code: &str) -> QueryResult<Option<UnitRow>> {
    units::table
        .filter(units::code.eq(code))
        .select(UnitRow::as_select())
        .first(conn)
        .optional()
}

/// The units with these codes.
pub fn by_codes(conn: &mut AnyConnection, codes: &[&str]) -> QueryResult<Vec<UnitRow>> {
    units::table
        .filter(units::code.eq_any(codes))
        .select(UnitRow::as_select())
        .load(conn)
}

pub fn insert(conn: &mut AnyConnection, row: &UnitRow) -> QueryResult<()> {
    diesel::insert_into(units::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The units of the subtree at `path` (the unit itself included), as (id, path).
pub fn subtree_ids(conn: &mut AnyConnection, path: &str) -> QueryResult<Vec<(String, String)>> {
    let (from, to) = crate::domain::org::subtree_range(path);
    units::table
        .filter(units::path.ge(from).and(units::path.lt(to)))
        .select((units::id, units::path))
        .load(conn)
}

/// The path of unit `id`.
pub fn path_of(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<String>> {
    let path: Option<String> = units::table
        .find(id)
        .select(units::path)
        .first(conn)
        .optional()?;
    Ok(path.filter(|p| !p.is_empty()))
}

/// The path of unit `id` for filtering by its subtree; an unknown unit has an empty subtree.
pub fn subtree_path(conn: &mut AnyConnection, id: &str) -> QueryResult<String> {
    Ok(path_of(conn, id)?.unwrap_or_else(|| format!("/{id}/")))
}

/// Moves the subtree at `old` to `new`: every unit path and employee unit path below it is
/// rewritten in two statements, however large the subtree.
pub fn rebase(conn: &mut AnyConnection, old: &str, new: &str) -> QueryResult<()> {
    rebase_paths(conn, "units", "path", old, new)?;
    rebase_paths(conn, "employees", "unit_path", old, new)
}

/// `UPDATE table SET column = new || rest WHERE column starts with old`, on both backends.
pub(super) fn rebase_paths(
    conn: &mut AnyConnection,
    table: &'static str,
    column: &'static str,
    old: &str,
    new: &str,
) -> QueryResult<()> {
    use diesel::sql_types::{Integer, Text};
    let (from, to) = crate::domain::org::subtree_range(old);
    let rest_starts = i32::try_from(old.len() + 1).unwrap_or(i32::MAX);
    diesel::sql_query(format!(
        "UPDATE {table} SET {column} = $1 || substr({column}, $2) WHERE {column} >= $3 AND {column} < $4"
    ))
    .bind::<Text, _>(new)
    .bind::<Integer, _>(rest_starts)
    .bind::<Text, _>(from)
    .bind::<Text, _>(to)
    .execute(conn)
    .map(drop)
}

/// What keeps a unit from being deactivated: (active child units, active employees).
pub fn active_dependents(conn: &mut AnyConnection, id: &str) -> QueryResult<(i64, i64)> {
    let children = units::table
        .filter(units::parent_id.eq(id))
        .filter(units::active.eq(true))
        .count()
        .get_result(conn)?;
    let staff = employees::table
        .filter(employees::unit_id.eq(id))
        .filter(employees::status.eq("active"))
        .count()
        .get_result(conn)?;
    Ok((children, staff))
}

#[derive(Debug, Default)]
pub struct Filter {
    pub parent_id: Option<String>,
    /// Only the subtree at this path.
    pub within: Option<String>,
    /// Part of the name or code, case-insensitive.
    pub q: Option<String>,
    pub active: Option<bool>,
}

/// Up to `limit` units after the id `after`, in id (creation) order.
pub fn list(
    conn: &mut AnyConnection,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<UnitRow>> {
    let mut query = units::table.select(UnitRow::as_select()).into_boxed();
    if let Some(parent) = &filter.parent_id {
        query = query.filter(units::parent_id.eq(parent.clone()));
    }
    if let Some(path) = &filter.within {
        let (from, to) = crate::domain::org::subtree_range(path);
        query = query.filter(units::path.ge(from).and(units::path.lt(to)));
    }
    if let Some(q) = &filter.q {
        let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
        query = query.filter(
            lower(units::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(units::code).like(pattern).escape('\\')),
        );
    }
    if let Some(active) = filter.active {
        query = query.filter(units::active.eq(active));
    }
    if let Some(after) = after {
        query = query.filter(units::id.gt(after.to_owned()));
    }
    query.order(units::id.asc()).limit(limit).load(conn)
}
