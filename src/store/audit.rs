//! The append-only audit trail. Callers append inside the transaction of the change they
//! record, so a change and its audit event land together or not at all.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::audit_events;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    User,
    Client,
    System,
}

impl ActorKind {
    fn as_str(self) -> &'static str {
        match self {
            ActorKind::User => "user",
            ActorKind::Client => "client",
            ActorKind::System => "system",
        }
    }
}

/// Who makes a change, for the audit trail.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    pub fn system() -> Self {
        Actor {
            kind: ActorKind::System,
            id: None,
            request_id: None,
        }
    }
}

/// What happened to which entity, by whom. `before`/`after` are JSON snapshots.
#[derive(Debug, Clone)]
pub struct NewAuditEvent<'a> {
    pub actor_kind: ActorKind,
    pub actor_id: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<&'a str>,
}

#[derive(Clone, Insertable)]
#[diesel(table_name = audit_events)]
struct AuditRow<'a> {
    id: String,
    occurred_at: NaiveDateTime,
    actor_kind: &'a str,
    actor_id: Option<&'a str>,
    request_id: Option<&'a str>,
    entity_type: &'a str,
    entity_id: &'a str,
    action: &'a str,
    before_state: Option<String>,
    after_state: Option<String>,
    reason: Option<&'a str>,
}

impl<'a> AuditRow<'a> {
    /// The stored form of `event`, with a new id (a UUIDv7, so ids sort by time).
    fn of(event: &'a NewAuditEvent<'a>, occurred_at: NaiveDateTime) -> Self {
        AuditRow {
            id: uuid::Uuid::now_v7().to_string(),
            occurred_at,
            actor_kind: event.actor_kind.as_str(),
            actor_id: event.actor_id,
            request_id: event.request_id,
            entity_type: event.entity_type,
            entity_id: event.entity_id,
            action: event.action,
            before_state: event.before.as_ref().map(ToString::to_string),
            after_state: event.after.as_ref().map(ToString::to_string),
            reason: event.reason,
        }
    }
}

/// Appends one event and returns its id.
pub fn append(
    conn: &mut AnyConnection,
    event: &NewAuditEvent<'_>,
    occurred_at: NaiveDateTime,
) -> QueryResult<String> {
    let row = AuditRow::of(event, occurred_at);
    diesel::insert_into(audit_events::table)
        .values(&row)
        .execute(conn)?;
    Ok(row.id)
}

/// Appends events in multi-row statements, in order.
pub fn append_many(
    conn: &mut AnyConnection,
    events: &[NewAuditEvent<'_>],
    occurred_at: NaiveDateTime,
) -> QueryResult<()> {
    let rows: Vec<AuditRow<'_>> = events
        .iter()
        .map(|e| AuditRow::of(e, occurred_at))
        .collect();
    super::insert_batches!(conn, audit_events::table, rows)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditEventRow {
    pub id: String,
    pub occurred_at: NaiveDateTime,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub request_id: Option<String>,
    pub entity_type: String,
    pub entity_id: String,
    pub action: String,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Default)]
pub struct Filter {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
}

/// Up to `limit` events after the id `after`, oldest first (ids are UUIDv7).
pub fn list(
    conn: &mut AnyConnection,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<AuditEventRow>> {
    let mut query = audit_events::table
        .select(AuditEventRow::as_select())
        .into_boxed();
    if let Some(entity_type) = &filter.entity_type {
        query = query.filter(audit_events::entity_type.eq(entity_type.clone()));
    }
    if let Some(entity_id) = &filter.entity_id {
        query = query.filter(audit_events::entity_id.eq(entity_id.clone()));
    }
    if let Some(after) = after {
        query = query.filter(audit_events::id.gt(after.to_owned()));
    }
    query.order(audit_events::id.asc()).limit(limit).load(conn)
}
