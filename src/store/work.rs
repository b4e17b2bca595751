//! The unit of work: one use case's transaction, who acts (with the request id) and the clock.
//! Services take a [`Work`] and compose: a service called from another joins the caller's
//! transaction (as a savepoint), so a batch or a retry wrapper can run any of them inside its own.

use chrono::NaiveDateTime;
use diesel::connection::TransactionManager;
use diesel::{Connection, RunQueryDsl};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::audit::{Actor, NewAuditEvent, append, append_many};
use super::changes;
use crate::clock::Clock;
use crate::db::AnyConnection;
use crate::error::ApiError;

/// How much of other transactions a use case may see. PostgreSQL only lets the first statement
/// of a transaction choose, so a nested call runs at its outermost caller's level; rules that
/// must hold whatever the level take an [`Invariant`] lock instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    ReadCommitted,
    Serializable,
}

/// A rule over many rows whose writers must take turns: the last active admin, a tree without
/// cycles, periods that do not overlap. On PostgreSQL this is a transaction-scoped advisory lock,
/// held to the end of the outermost transaction and shared by every server process on the
/// database (released early only if the savepoint that took it rolls back); on SQLite the
/// single writer lock, taken first, already serialises all writers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invariant {
    OrgTree = 1,
    SuperiorChain = 2,
    Admins = 3,
    Periods = 4,
    /// Numbering the change feed: taken last, just before commit (see [`Work::transaction`]).
    ChangeFeed = 5,
    /// Pruning the change feed and moving its retention mark.
    ChangePrune = 6,
}

/// The advisory-lock namespace of this application (the first key of the two-key form).
const LOCK_NAMESPACE: i32 = 0x4b4e_4a41; // "KNJA"

pub struct Work<'c> {
    conn: &'c mut AnyConnection,
    actor: Actor,
    clock: Clock,
    /// The level of the transaction this work runs in; `None` outside one.
    isolation: Option<Isolation>,
    /// Whether this work (or a nested one) wrote change-feed rows still to be numbered.
    changed: Arc<AtomicBool>,
}

impl<'c> Work<'c> {
    pub fn new(conn: &'c mut AnyConnection, actor: Actor, clock: Clock) -> Self {
        Work {
            conn,
            actor,
            clock,
            isolation: None,
            changed: Arc::default(),
        }
    }

    pub fn conn(&mut self) -> &mut AnyConnection {
        self.conn
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    /// Runs `work` in a transaction. The outermost call begins it (on SQLite taking the write
    /// lock first, so a concurrent writer waits instead of failing to upgrade; on PostgreSQL at
    /// `isolation`); a nested call is a savepoint in the caller's transaction.
    pub fn transaction<T>(
        &mut self,
        isolation: Isolation,
        work: impl FnOnce(&mut Work<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        // Outermost for the connection, not only for this work: a caller may have begun a
        // transaction on the connection itself.
        let outermost = self.isolation.is_none()
            && matches!(
                <AnyConnection as Connection>::TransactionManager::transaction_manager_status_mut(
                    self.conn
                )
                .transaction_depth(),
                Ok(None)
            );
        let level = self.isolation.unwrap_or(isolation);
        let (actor, clock) = (self.actor.clone(), self.clock.clone());
        // This work's own outermost call numbers the feed rows its use case wrote, as the last
        // thing before the commit (or before returning into a caller's raw transaction).
        let numbers_changes = self.isolation.is_none();
        let changed = self.changed.clone();
        self.conn.transaction(|conn| {
            if outermost {
                let first = match (&*conn, level) {
                    (AnyConnection::Sqlite(_), _) => {
                        Some("UPDATE settings SET value = value WHERE 0 = 1")
                    }
                    (AnyConnection::Postgresql(_), Isolation::Serializable) => {
                        Some("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                    }
                    (AnyConnection::Postgresql(_), Isolation::ReadCommitted) => None,
                };
                if let Some(sql) = first {
                    diesel::sql_query(sql).execute(conn)?;
                }
            }
            let mut inner = Work {
                conn,
                actor,
                clock,
                isolation: Some(level),
                changed,
            };
            let out = work(&mut inner)?;
            if numbers_changes && inner.changed.swap(false, Ordering::SeqCst) {
                inner.lock(Invariant::ChangeFeed)?;
                changes::assign_seqs(inner.conn)?;
            }
            Ok(out)
        })
    }

    /// Notes a change of a feed entity (see [`changes::TYPES`]) for the change feed.
    pub(super) fn note_change(
        &mut self,
        entity_type: &str,
        entity_id: &str,
        action: &str,
        version: i64,
    ) -> Result<(), ApiError> {
        if !changes::TYPES.contains(&entity_type) {
            return Ok(());
        }
        self.require_transaction(entity_type, entity_id)?;
        let row = changes::ChangeRow::new(entity_type, entity_id, action, version, self.now());
        changes::insert(self.conn, &row)?;
        self.changed.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// A change outside a transaction could not be numbered under the feed's lock before its
    /// commit.
    fn require_transaction(&self, entity_type: &str, entity_id: &str) -> Result<(), ApiError> {
        match self.isolation {
            Some(_) => Ok(()),
            None => Err(ApiError::internal(anyhow::anyhow!(
                "a change of {entity_type} {entity_id} outside a transaction"
            ))),
        }
    }

    /// Waits until no other transaction writes under `invariant`; held until the transaction
    /// ends (or the savepoint it was taken in rolls back). Take it before reading the rows the
    /// rule is about.
    pub fn lock(&mut self, invariant: Invariant) -> Result<(), ApiError> {
        self.advisory_lock("pg_advisory_xact_lock", invariant)
    }

    /// Like [`Work::lock`], but shared with other shared holders: for writers that only copy
    /// what the exclusive holder rewrites (a new employee copies their unit's path).
    pub fn lock_shared(&mut self, invariant: Invariant) -> Result<(), ApiError> {
        self.advisory_lock("pg_advisory_xact_lock_shared", invariant)
    }

    fn advisory_lock(&mut self, function: &str, invariant: Invariant) -> Result<(), ApiError> {
        if self.isolation.is_none() {
            return Err(ApiError::internal(anyhow::anyhow!(
                "{function}({invariant:?}) outside a transaction"
            )));
        }
        if let AnyConnection::Postgresql(_) = self.conn {
            diesel::sql_query(format!(
                "SELECT {function}({LOCK_NAMESPACE}, {})",
                invariant as i32
            ))
            .execute(self.conn)?;
        }
        Ok(())
    }

    /// Appends an audit event by this work's actor, in its transaction.
    pub fn record(
        &mut self,
        entity_type: &str,
        entity_id: &str,
        action: &str,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
        reason: Option<&str>,
    ) -> Result<(), ApiError> {
        // A create (a plan's next revision too) is a change of the feed at its first version.
        let created = action
            .starts_with("create")
            .then(|| created_version(after.as_ref()));
        let event = NewAuditEvent {
            before,
            reason,
            ..audit_event(&self.actor, entity_type, entity_id, action, after)
        };
        append(self.conn, &event, self.clock.now())?;
        if let Some(version) = created {
            self.note_change(entity_type, entity_id, "create", version)?;
        }
        Ok(())
    }

    /// Records records of one type created together (a batch's new rows, as `(id, snapshot)`):
    /// the audit events and feed entries [`Work::record`] writes one by one, in multi-row
    /// statements.
    pub fn record_created(
        &mut self,
        entity_type: &str,
        created: &[(String, Option<serde_json::Value>)],
    ) -> Result<(), ApiError> {
        let Some((first, _)) = created.first() else {
            return Ok(());
        };
        self.require_transaction(entity_type, first)?;
        let events: Vec<NewAuditEvent<'_>> = created
            .iter()
            .map(|(id, after)| audit_event(&self.actor, entity_type, id, "create", after.clone()))
            .collect();
        let at = self.clock.now();
        append_many(self.conn, &events, at)?;
        if changes::TYPES.contains(&entity_type) {
            let rows: Vec<changes::ChangeRow> = created
                .iter()
                .map(|(id, after)| {
                    let version = created_version(after.as_ref());
                    changes::ChangeRow::new(entity_type, id, "create", version, at)
                })
                .collect();
            changes::insert_many(self.conn, &rows)?;
            self.changed.store(true, Ordering::SeqCst);
        }
        Ok(())
    }
}

/// An event by `actor` (its `before` and `reason` empty).
fn audit_event<'a>(
    actor: &'a Actor,
    entity_type: &'a str,
    entity_id: &'a str,
    action: &'a str,
    after: Option<serde_json::Value>,
) -> NewAuditEvent<'a> {
    NewAuditEvent {
        actor_kind: actor.kind,
        actor_id: actor.id.as_deref(),
        request_id: actor.request_id.as_deref(),
        entity_type,
        entity_id,
        action,
        before: None,
        after,
        reason: None,
    }
}

/// The version a created record starts at (a plan's next revision is not 1).
fn created_version(after: Option<&serde_json::Value>) -> i64 {
    after
        .and_then(|a| a.get("version"))
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(1)
}

/// A use case reads and writes through its work: store functions take the connection.
impl std::ops::Deref for Work<'_> {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        self.conn
    }
}

impl std::ops::DerefMut for Work<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.conn
    }
}
