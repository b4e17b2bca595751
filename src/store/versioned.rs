//! Versioned writes, done once: every row with a `version` changes through
//! [`Work::update`] or [`Work::touch`], a conditional
//! `UPDATE … SET version = version + 1 WHERE id = ? AND version = ?` followed by the row itself
//! and its audit event, all in the caller's transaction. Two writers that read the same version
//! cannot both win, on either backend.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde::Serialize;

use super::work::Work;
use crate::db::AnyConnection;
use crate::error::{ApiError, FieldError};

/// The `If-Match` precondition of a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// No header: the write applies to whatever version is current when it is made.
    Absent,
    /// `*`.
    Any,
    /// The versions the client accepts (the ETags it sent).
    Versions(Vec<i64>),
    /// A header that names no ETag this API issues; refused as 400 `invalid_header` when the
    /// write checks it, so after the operation's access rule.
    Unreadable(String),
}

impl IfMatch {
    /// Passes when the header is absent, `*`, or lists `current`; else 412 `stale_version`.
    pub fn check(&self, current: i64) -> Result<(), ApiError> {
        match self {
            IfMatch::Absent | IfMatch::Any => Ok(()),
            IfMatch::Versions(v) if v.contains(&current) => Ok(()),
            IfMatch::Versions(_) => Err(ApiError::stale_version(current)),
            IfMatch::Unreadable(value) => Err(ApiError::invalid_parameter(
                "header",
                FieldError::parameter(
                    "If-Match",
                    "invalid_value",
                    format!("{value:?} is not an ETag this API issued (such as \"3\")"),
                ),
            )),
        }
    }
}

/// A row that carries a version and changes only through [`Work::update`] / [`Work::touch`].
pub trait Versioned: Clone + PartialEq {
    /// Its table: a constant, never input.
    const TABLE: &'static str;
    /// Its entity type in the audit trail.
    const ENTITY: &'static str;
    /// Whether it is an account (a user or client), whose changes end confirmations of its
    /// tokens (see `store::take_account_written`).
    const ACCOUNT: bool = false;
    fn id(&self) -> &str;
    fn version(&self) -> i64;
    fn updated_at(&self) -> NaiveDateTime;
    fn stamp(&mut self, version: i64, at: NaiveDateTime);
    /// Writes every column of the row by id.
    fn save(&self, conn: &mut AnyConnection) -> QueryResult<()>;
    /// What the audit trail keeps of the row (never a secret).
    fn snapshot(&self) -> Option<serde_json::Value>;
}

/// What the audit trail says about a change.
pub struct Event<'a> {
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<&'a str>,
}

pub fn snapshot(row: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(row).ok()
}

#[derive(QueryableByName)]
struct CurrentVersion {
    #[diesel(sql_type = BigInt)]
    version: i64,
}

impl Work<'_> {
    /// Writes `after` over `before` (as read in this transaction) and records `action` with
    /// both snapshots. A change that changes nothing is not a change: `before` comes back
    /// with no write, no new version and no audit event.
    pub fn update<R: Versioned>(
        &mut self,
        if_match: &IfMatch,
        before: &R,
        after: R,
        action: &str,
        reason: Option<&str>,
    ) -> Result<R, ApiError> {
        if_match.check(before.version())?;
        let mut unchanged = after.clone();
        unchanged.stamp(before.version(), before.updated_at());
        if unchanged == *before {
            return Ok(before.clone());
        }
        let event = Event {
            action,
            before: before.snapshot(),
            after: None,
            reason,
        };
        self.touch(if_match, before, after, event)
    }

    /// A new version of `before` because it, or content it owns (a plan's results), changed as
    /// `event` says; an event without `after` gets the new row's snapshot.
    pub fn touch<R: Versioned>(
        &mut self,
        if_match: &IfMatch,
        before: &R,
        mut after: R,
        event: Event<'_>,
    ) -> Result<R, ApiError> {
        if_match.check(before.version())?;
        after.stamp(before.version() + 1, self.now());
        let claimed = diesel::sql_query(format!(
            "UPDATE {} SET version = version + 1 WHERE id = $1 AND version = $2",
            R::TABLE
        ))
        .bind::<Text, _>(before.id())
        .bind::<BigInt, _>(before.version())
        .execute(self.conn())?;
        if claimed == 0 {
            return Err(self.lost_race::<R>(if_match, before.id()));
        }
        after.save(self.conn())?;
        // Employees say `status: inactive`, units `active: false`.
        let inactive = |row: &R| {
            row.snapshot().is_some_and(|s| {
                s.get("status").and_then(|v| v.as_str()) == Some("inactive")
                    || s.get("active").and_then(|v| v.as_bool()) == Some(false)
            })
        };
        let deactivated = inactive(&after) && !inactive(before);
        let change = if deactivated { "deactivate" } else { "update" };
        self.note_change(R::ENTITY, before.id(), change, after.version())?;
        let after_snapshot = event.after.or_else(|| after.snapshot());
        self.record(
            R::ENTITY,
            before.id(),
            event.action,
            event.before,
            after_snapshot,
            event.reason,
        )?;
        Ok(after)
    }

    /// Takes row `id`'s write lock before it is read (PostgreSQL `FOR UPDATE`; SQLite's
    /// writer lock already covers everything), so that writers of one aggregate and of what it
    /// owns take turns from their first statement instead of meeting at the final claim.
    pub fn lock_row<R: Versioned>(&mut self, id: &str) -> Result<(), ApiError> {
        if let AnyConnection::Postgresql(_) = self.conn() {
            diesel::sql_query(format!(
                "SELECT id FROM {} WHERE id = $1 FOR UPDATE",
                R::TABLE
            ))
            .bind::<Text, _>(id)
            .execute(self.conn())?;
        }
        Ok(())
    }

    /// Another transaction wrote the row since it was read: 412 for a client that named the
    /// version it saw, 409 `concurrent_update` for one that did not.
    fn lost_race<R: Versioned>(&mut self, if_match: &IfMatch, id: &str) -> ApiError {
        let current = diesel::sql_query(format!("SELECT version FROM {} WHERE id = $1", R::TABLE))
            .bind::<Text, _>(id)
            .get_result::<CurrentVersion>(self.conn());
        match (if_match, current) {
            (IfMatch::Versions(_), Ok(current)) => ApiError::stale_version(current.version),
            (_, Err(e)) if !matches!(e, diesel::result::Error::NotFound) => e.into(),
            _ => ApiError::concurrent_update(),
        }
    }
}

/// Implements [`Versioned`] for a row type with `id`, `version` and `updated_at` columns that
/// derives `AsChangeset` for `table`.
macro_rules! versioned_row {
    ($row:ty, $table:ident, $entity:literal) => {
        $crate::store::versioned::versioned_row!(
            $row,
            $table,
            $entity,
            snapshot = $crate::store::versioned::snapshot
        );
    };
    ($row:ty, $table:ident, $entity:literal, snapshot = $snapshot:path $(, account = $account:literal)?) => {
        impl $crate::store::versioned::Versioned for $row {
            const TABLE: &'static str = stringify!($table);
            const ENTITY: &'static str = $entity;
            $(const ACCOUNT: bool = $account;)?
            fn id(&self) -> &str {
                &self.id
            }
            fn version(&self) -> i64 {
                self.version
            }
            fn updated_at(&self) -> chrono::NaiveDateTime {
                self.updated_at
            }
            fn stamp(&mut self, version: i64, at: chrono::NaiveDateTime) {
                self.version = version;
                self.updated_at = at;
            }
            fn save(&self, conn: &mut $crate::db::AnyConnection) -> diesel::QueryResult<()> {
                use diesel::prelude::*;
                diesel::update($crate::db::schema::$table::table.find(&self.id))
                    .set(self.clone())
                    .execute(conn)?;
                if Self::ACCOUNT {
                    // After the write: outside a transaction the notice goes out at once.
                    $crate::store::note_account_written(conn)?;
                }
                Ok(())
            }
            fn snapshot(&self) -> Option<serde_json::Value> {
                $snapshot(self)
            }
        }
    };
}
pub(crate) use versioned_row;
