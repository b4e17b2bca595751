//! Employees.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use diesel::sql_types::{Bool, Text};

use super::{escape_like, lower};
use crate::db::AnyConnection;
use crate::db::schema::employees;
use crate::domain::org::{AsnType, EmployeeStatus, PositionType, Rank};
use crate::domain::org::{path_has, path_ids, subtree_range};

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = employees)]
#[diesel(treat_none_as_null = true)]
pub struct EmployeeRow {
    pub id: String,
    pub nip: String,
    pub name: String,
    pub email: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub asn_type: AsnType,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub rank: Rank,
    pub position_title: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub position_type: PositionType,
    pub unit_id: String,
    pub supervisor_id: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: EmployeeStatus,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The path of the employee's unit. Like `chain`, written on insert and by the rebase
    /// functions only, never by saving a row read earlier: a move may have rewritten it.
    #[serde(skip)]
    #[diesel(skip_update)]
    pub unit_path: String,
    /// The superior chain down to the employee (see [`crate::domain::org::child_path`]).
    #[serde(skip)]
    #[diesel(skip_update)]
    pub chain: String,
}

super::versioned::versioned_row!(EmployeeRow, employees, "employee");

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
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// Inserts new employees in multi-row statements.
pub fn insert_many(conn: &mut AnyConnection, rows: &[EmployeeRow]) -> QueryResult<()> {
    super::insert_batches!(conn, employees::table, rows)
}

/// The employees with these NIPs.
pub fn by_nips(conn: &mut AnyConnection, nips: &[&str]) -> QueryResult<Vec<EmployeeRow>> {
    employees::table
        .filter(employees::nip.eq_any(nips))
        .select(EmployeeRow::as_select())
        .load(conn)
}

/// The superior chain of employee `id`.
pub fn chain_of(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<String>> {
    let chain: Option<String> = employees::table
        .find(id)
        .select(employees::chain)
        .first(conn)
        .optional()?;
    Ok(chain.filter(|c| !c.is_empty()))
}

/// Places employee `id` in the unit whose path is `unit_path`.
pub fn set_unit_path(conn: &mut AnyConnection, id: &str, unit_path: &str) -> QueryResult<()> {
    diesel::update(employees::table.find(id))
        .set(employees::unit_path.eq(unit_path))
        .execute(conn)
        .map(drop)
}

/// Re-hangs everyone below the chain `old` under `new`, in one statement.
pub fn rebase_chains(conn: &mut AnyConnection, old: &str, new: &str) -> QueryResult<()> {
    super::units::rebase_paths(conn, "employees", "chain", old, new)
}

/// The employees whose direct superior is `id`.
pub fn direct_reports(conn: &mut AnyConnection, id: &str) -> QueryResult<Vec<String>> {
    employees::table
        .filter(employees::supervisor_id.eq(id))
        .select(employees::id)
        .load(conn)
}

/// The employees of unit `unit_id`.
pub fn in_unit(conn: &mut AnyConnection, unit_id: &str) -> QueryResult<Vec<EmployeeRow>> {
    employees::table
        .filter(employees::unit_id.eq(unit_id))
        .select(EmployeeRow::as_select())
        .order(employees::id.asc())
        .load(conn)
}

/// Active employees whose direct superior is `id`.
/// The active employees of the unit subtree at `path`, in NIP order.
pub fn active_in_subtree(conn: &mut AnyConnection, path: &str) -> QueryResult<Vec<EmployeeRow>> {
    let (low, high) = subtree_range(path);
    employees::table
        .filter(
            employees::unit_path
                .ge(low)
                .and(employees::unit_path.lt(high)),
        )
        .filter(employees::status.eq("active"))
        .select(EmployeeRow::as_select())
        .order(employees::nip.asc())
        .load(conn)
}

pub fn active_reports(conn: &mut AnyConnection, id: &str) -> QueryResult<Vec<EmployeeRow>> {
    employees::table
        .filter(employees::supervisor_id.eq(id))
        .filter(employees::status.eq("active"))
        .select(EmployeeRow::as_select())
        .order(employees::id.asc())
        .load(conn)
}

/// Which employees a caller may see, as conditions on the employee row itself, so that the
/// database answers in one query whatever the size of the caller's part of the organisation.
#[derive(Debug, Clone)]
pub enum Visible {
    All,
    Only {
        /// Everyone in the unit subtree at this path (hr, pyb).
        unit_path: Option<String>,
        /// The caller's own chain: themselves and everyone below them.
        chain: Option<String>,
    },
}

impl Visible {
    pub fn covers(&self, row: &EmployeeRow) -> bool {
        match self {
            Visible::All => true,
            Visible::Only { unit_path, chain } => {
                // An empty path is no path: it must never cover everyone.
                let below = |path: &str, top: &str| !top.is_empty() && path.starts_with(top);
                unit_path
                    .as_deref()
                    .is_some_and(|p| below(&row.unit_path, p))
                    || chain
                        .as_deref()
                        .is_some_and(|c| below(&row.chain, c) || path_has(c, &row.id))
            }
        }
    }
}

type Backend = <AnyConnection as diesel::Connection>::Backend;
type Condition = Box<dyn BoxableExpression<employees::table, Backend, SqlType = Bool>>;

/// `visible` as a condition on `employees`: ranges on the indexed paths, and the few superiors
/// by id. `by_index` phrases it as `id IN (…)` over a union of index-only range scans, which
/// SQLite walks in id order and stops after a page; as plain ranges it walks employees in id
/// order, which finds a page fast only when the reach is a large part of everyone (see
/// [`small_reach`]).
fn visible_condition(visible: &Visible, by_index: bool, after: Option<&str>) -> Option<Condition> {
    let Visible::Only { unit_path, chain } = visible else {
        return None;
    };
    let superiors: Vec<String> = chain
        .as_deref()
        .map(|c| path_ids(c).map(str::to_owned).collect())
        .unwrap_or_default();
    let ranges = [("unit_path", unit_path), ("chain", chain)]
        .into_iter()
        .filter_map(|(column, path)| path.as_deref().map(|p| (column, subtree_range(p))));
    if by_index {
        // One shape on SQLite (the only backend that asks for it): absent ranges are empty,
        // the superiors a JSON array.
        let range = |path: &Option<String>| subtree_range(path.as_deref().unwrap_or(""));
        let ((unit_from, unit_to), (chain_from, chain_to)) = (range(unit_path), range(chain));
        let superiors = serde_json::to_string(&superiors).unwrap_or_else(|_| "[]".into());
        // The page's lower bound inside the subquery keeps a late page from walking the
        // whole reach again.
        let after = after.unwrap_or("").to_owned();
        return Some(Box::new(
            diesel::dsl::sql::<Bool>(
                "employees.id IN (SELECT id FROM employees WHERE unit_path >= ",
            )
            .bind::<Text, _>(unit_from)
            .sql(" AND unit_path < ")
            .bind::<Text, _>(unit_to)
            .sql(" AND id > ")
            .bind::<Text, _>(after.clone())
            .sql(" UNION ALL SELECT id FROM employees WHERE chain >= ")
            .bind::<Text, _>(chain_from)
            .sql(" AND chain < ")
            .bind::<Text, _>(chain_to)
            .sql(" AND id > ")
            .bind::<Text, _>(after)
            .sql(" UNION ALL SELECT value FROM json_each(")
            .bind::<Text, _>(superiors)
            .sql("))"),
        ));
    }
    let mut condition: Condition = Box::new(false.into_sql::<Bool>());
    for (column, (from, to)) in ranges {
        condition = match column {
            "unit_path" => Box::new(
                condition.or(employees::unit_path
                    .ge(from)
                    .and(employees::unit_path.lt(to))),
            ),
            _ => Box::new(condition.or(employees::chain.ge(from).and(employees::chain.lt(to)))),
        };
    }
    Some(Box::new(condition.or(employees::id.eq_any(superiors))))
}

/// At or below this many people a reach is read from the path indexes; above it, walking
/// employees in id order. Low, because the probe that tells them apart reads up to this many
/// index entries on every list request (measured in `bench/`: 5,000 made a province-wide reach
/// cost 3.5 × admin through the probe alone).
const SMALL_REACH: i64 = 1_000;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Whether a SQLite caller's reach is small (the planner there cannot tell from a range how
/// many rows it holds; PostgreSQL's statistics can). Bounded: counts at most [`SMALL_REACH`]
/// index entries per path.
fn small_reach(conn: &mut AnyConnection, visible: &Visible) -> QueryResult<bool> {
    let (AnyConnection::Sqlite(_), Visible::Only { unit_path, chain }) = (&*conn, visible) else {
        return Ok(false);
    };
    let mut total = 0;
    for (column, path) in [("unit_path", unit_path), ("chain", chain)] {
        let Some(path) = path else { continue };
        let (from, to) = subtree_range(path);
        total += diesel::sql_query(format!(
            "SELECT count(*) AS n FROM (SELECT 1 FROM employees \
             WHERE {column} >= $1 AND {column} < $2 LIMIT {})",
            SMALL_REACH + 1
        ))
        .bind::<diesel::sql_types::Text, _>(from)
        .bind::<diesel::sql_types::Text, _>(to)
        .get_result::<Count>(conn)?
        .n;
    }
    Ok(total <= SMALL_REACH)
}

#[derive(Debug)]
pub struct Filter {
    pub visible: Visible,
    /// Only employees of this unit.
    pub unit_id: Option<String>,
    /// Only employees of the unit subtree at this path.
    pub unit_within: Option<String>,
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
    let by_index = small_reach(conn, &filter.visible)?;
    if let Some(condition) = visible_condition(&filter.visible, by_index, after) {
        query = query.filter(condition);
    }
    if let Some(unit) = &filter.unit_id {
        query = query.filter(employees::unit_id.eq(unit.clone()));
    }
    if let Some(path) = &filter.unit_within {
        let (from, to) = subtree_range(path);
        query = query.filter(
            employees::unit_path
                .ge(from)
                .and(employees::unit_path.lt(to)),
        );
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
