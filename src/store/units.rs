//! Org units.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{escape_like, lower};
use crate::db::AnyConnection;
use crate::db::schema::{employees, units};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize)]
#[diesel(table_name = units)]
#[diesel(treat_none_as_null = true)]
pub struct UnitRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<String>,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

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

pub fn insert(conn: &mut AnyConnection, row: &UnitRow) -> QueryResult<()> {
    diesel::insert_into(units::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Writes `row` (whose version the caller has already bumped).
pub fn update(conn: &mut AnyConnection, row: &UnitRow) -> QueryResult<()> {
    diesel::update(units::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

/// The unit's parent, for walking up the tree.
pub fn parent_of(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<String>> {
    units::table
        .find(id)
        .select(units::parent_id)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

/// The units above `id`, its parent first.
pub fn ancestors(conn: &mut AnyConnection, id: &str) -> QueryResult<Vec<String>> {
    crate::domain::org::chain_above(id, |unit| parent_of(conn, unit))
}

/// `root` and every unit below it, one query per level.
pub fn subtree(conn: &mut AnyConnection, root: &str) -> QueryResult<Vec<String>> {
    let mut all = vec![root.to_owned()];
    let mut level = all.clone();
    for _ in 0..crate::domain::org::MAX_DEPTH {
        let below: Vec<String> = units::table
            .filter(units::parent_id.eq_any(&level))
            .select(units::id)
            .load(conn)?;
        let below: Vec<String> = below.into_iter().filter(|u| !all.contains(u)).collect();
        if below.is_empty() {
            break;
        }
        all.extend(below.iter().cloned());
        level = below;
    }
    Ok(all)
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
    /// Only these units (a subtree).
    pub among: Option<Vec<String>>,
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
    if let Some(among) = &filter.among {
        query = query.filter(units::id.eq_any(among.clone()));
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
