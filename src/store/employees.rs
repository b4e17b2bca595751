//! Employees.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{escape_like, lower};
use crate::db::AnyConnection;
use crate::db::schema::employees;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize)]
#[diesel(table_name = employees)]
#[diesel(treat_none_as_null = true)]
pub struct EmployeeRow {
    pub id: String,
    pub nip: String,
    pub name: String,
    pub email: Option<String>,
    pub asn_type: String,
    pub rank: String,
    pub position_title: String,
    pub position_type: String,
    pub unit_id: String,
    pub supervisor_id: Option<String>,
    pub status: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<EmployeeRow>> {
    employees::table
        .find(id)
        .select(EmployeeRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_nip(conn: &mut AnyConnection, nip: &str) -> QueryResult<Option<EmployeeRow>> {
    employees::table
        .filter(employees::nip.eq(nip))
        .select(EmployeeRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut AnyConnection, row: &EmployeeRow) -> QueryResult<()> {
    diesel::insert_into(employees::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Writes `row` (whose version the caller has already bumped).
pub fn update(conn: &mut AnyConnection, row: &EmployeeRow) -> QueryResult<()> {
    diesel::update(employees::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

fn supervisor_of(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<String>> {
    employees::table
        .find(id)
        .select(employees::supervisor_id)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

/// The superiors above `id`, the direct superior first.
pub fn superiors(conn: &mut AnyConnection, id: &str) -> QueryResult<Vec<String>> {
    crate::domain::org::chain_above(id, |e| supervisor_of(conn, e))
}

/// The employees whose direct superior is `id`.
pub fn direct_reports(conn: &mut AnyConnection, id: &str) -> QueryResult<Vec<String>> {
    employees::table
        .filter(employees::supervisor_id.eq(id))
        .select(employees::id)
        .load(conn)
}

/// Everyone below `id` in the superior relation (not `id` itself), one query per level.
pub fn subordinates(conn: &mut AnyConnection, id: &str) -> QueryResult<Vec<String>> {
    let mut all: Vec<String> = Vec::new();
    let mut level = vec![id.to_owned()];
    for _ in 0..crate::domain::org::MAX_DEPTH {
        let below: Vec<String> = employees::table
            .filter(employees::supervisor_id.eq_any(&level))
            .select(employees::id)
            .load(conn)?;
        let below: Vec<String> = below
            .into_iter()
            .filter(|e| e != id && !all.contains(e))
            .collect();
        if below.is_empty() {
            break;
        }
        all.extend(below.iter().cloned());
        level = below;
    }
    Ok(all)
}

/// Which employees a caller may see: everyone, or those in some units plus some people.
#[derive(Debug, Clone)]
pub enum Visible {
    All,
    Only {
        units: Vec<String>,
        people: Vec<String>,
    },
}

impl Visible {
    pub fn covers(&self, row: &EmployeeRow) -> bool {
        match self {
            Visible::All => true,
            Visible::Only { units, people } => {
                units.contains(&row.unit_id) || people.contains(&row.id)
            }
        }
    }
}

#[derive(Debug)]
pub struct Filter {
    pub visible: Visible,
    /// Only employees of these units.
    pub units: Option<Vec<String>>,
    pub supervisor_id: Option<String>,
    pub status: Option<String>,
    pub position_type: Option<String>,
    /// Part of the name (case-insensitive), or the start of the NIP.
    pub q: Option<String>,
    pub updated_since: Option<NaiveDateTime>,
}

/// Up to `limit` employees after the id `after`, in id order. Ids are UUIDv7 and never change,
/// so a page boundary stays put while rows are inserted or updated between pages.
pub fn list(
    conn: &mut AnyConnection,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<EmployeeRow>> {
    let mut query = employees::table
        .select(EmployeeRow::as_select())
        .into_boxed();
    if let Visible::Only { units, people } = &filter.visible {
        query = query.filter(
            employees::unit_id
                .eq_any(units.clone())
                .or(employees::id.eq_any(people.clone())),
        );
    }
    if let Some(units) = &filter.units {
        query = query.filter(employees::unit_id.eq_any(units.clone()));
    }
    if let Some(supervisor) = &filter.supervisor_id {
        query = query.filter(employees::supervisor_id.eq(supervisor.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(employees::status.eq(status.clone()));
    }
    if let Some(position_type) = &filter.position_type {
        query = query.filter(employees::position_type.eq(position_type.clone()));
    }
    if let Some(q) = &filter.q {
        let q = escape_like(&q.to_lowercase());
        query = query.filter(
            lower(employees::name)
                .like(format!("%{q}%"))
                .escape('\\')
                .or(employees::nip.like(format!("{q}%")).escape('\\')),
        );
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(employees::updated_at.ge(since));
    }
    if let Some(after) = after {
        query = query.filter(employees::id.gt(after.to_owned()));
    }
    query.order(employees::id.asc()).limit(limit).load(conn)
}
