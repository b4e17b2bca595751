//! User accounts.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::escape_like;
use crate::db::AnyConnection;
use crate::db::schema::users;
use crate::domain::account::{self, Role};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = users)]
#[diesel(treat_none_as_null = true)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    pub roles: String,
    pub scope_unit_id: Option<String>,
    pub employee_id: Option<String>,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Access tokens carry the generation they were issued in; only
    /// [`end_access_tokens`] moves it on.
    #[diesel(skip_update)]
    pub token_generation: i64,
}

super::versioned::versioned_row!(UserRow, users, "user", snapshot = snapshot, account = true);

/// What the audit trail keeps of a user: everything but the password hash.
pub fn snapshot(u: &UserRow) -> Option<serde_json::Value> {
    Some(serde_json::json!({
        "username": u.username, "roles": u.roles, "scope_unit_id": u.scope_unit_id,
        "employee_id": u.employee_id, "active": u.active, "version": u.version,
    }))
}

/// Ends every access token issued to user `id` so far.
pub fn end_access_tokens(conn: &mut AnyConnection, id: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::token_generation.eq(users::token_generation + 1))
        .execute(conn)?;
    // After the write: outside a transaction the notice goes out at once.
    super::note_account_written(conn)
}

impl UserRow {
    /// Roles as stored; a name this version does not know is ignored, never granted.
    pub fn role_set(&self) -> BTreeSet<Role> {
        self.roles
            .split_whitespace()
            .filter_map(|r| r.parse().ok())
            .collect()
    }

    pub fn set_roles(&mut self, roles: &BTreeSet<Role>) {
        self.roles = account::join(roles, Role::as_str);
    }
}

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_username(conn: &mut AnyConnection, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_employee(
    conn: &mut AnyConnection,
    employee_id: &str,
) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::employee_id.eq(employee_id))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut AnyConnection, row: &UserRow) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn is_empty(conn: &mut AnyConnection) -> QueryResult<bool> {
    users::table.count().get_result::<i64>(conn).map(|n| n == 0)
}

/// Active accounts holding the admin role.
pub fn active_admin_count(conn: &mut AnyConnection) -> QueryResult<usize> {
    let rows: Vec<String> = users::table
        .filter(users::active.eq(true))
        .filter(users::roles.like("%admin%"))
        .select(users::roles)
        .load(conn)?;
    Ok(rows
        .iter()
        .filter(|r| r.split_whitespace().any(|x| x == Role::Admin.as_str()))
        .count())
}

#[derive(Debug, Default)]
pub struct Filter {
    pub role: Option<Role>,
    pub active: Option<bool>,
    /// Part of the username.
    pub q: Option<String>,
}

/// Up to `limit` users after the id `after`, in id (creation) order.
pub fn list(
    conn: &mut AnyConnection,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<UserRow>> {
    let mut query = users::table.select(UserRow::as_select()).into_boxed();
    if let Some(role) = filter.role {
        // No role name contains another (tested in domain::account), so LIKE is exact here.
        query = query.filter(users::roles.like(format!("%{}%", role.as_str())));
    }
    if let Some(active) = filter.active {
        query = query.filter(users::active.eq(active));
    }
    if let Some(q) = &filter.q {
        query = query.filter(
            users::username
                .like(format!("%{}%", escape_like(&q.to_lowercase())))
                .escape('\\'),
        );
    }
    if let Some(after) = after {
        query = query.filter(users::id.gt(after.to_owned()));
    }
    query.order(users::id.asc()).limit(limit).load(conn)
}
