//! Integration clients.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::clients;
use crate::domain::account::{self, Scope};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = clients)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub secret_hash: String,
    pub scopes: String,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

super::versioned::versioned_row!(
    ClientRow,
    clients,
    "client",
    snapshot = snapshot,
    account = true
);

/// What the audit trail keeps of a client: everything but the secret's digest.
pub fn snapshot(c: &ClientRow) -> Option<serde_json::Value> {
    Some(
        serde_json::json!({"name": c.name, "scopes": c.scopes, "active": c.active, "version": c.version}),
    )
}

impl ClientRow {
    /// Scopes as stored; a name this version does not know is ignored, never granted.
    pub fn scope_set(&self) -> BTreeSet<Scope> {
        self.scopes
            .split_whitespace()
            .filter_map(|s| s.parse().ok())
            .collect()
    }

    pub fn set_scopes(&mut self, scopes: &BTreeSet<Scope>) {
        self.scopes = account::join(scopes, Scope::as_str);
    }
}

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<ClientRow>> {
    clients::table
        .find(id)
        .select(ClientRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut AnyConnection, row: &ClientRow) -> QueryResult<()> {
    diesel::insert_into(clients::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Up to `limit` clients after the id `after`, in id (creation) order.
pub fn list(
    conn: &mut AnyConnection,
    active: Option<bool>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<ClientRow>> {
    let mut query = clients::table.select(ClientRow::as_select()).into_boxed();
    if let Some(active) = active {
        query = query.filter(clients::active.eq(active));
    }
    if let Some(after) = after {
        query = query.filter(clients::id.gt(after.to_owned()));
    }
    query.order(clients::id.asc()).limit(limit).load(conn)
}
