//! The audit trail, read-only: who changed what, when, and how it looked before and after.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::extract::QueryParams;
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::auth::Principal;
use crate::auth::policy::{self, Governs};
use crate::db::AnyConnection;
use crate::error::{ApiError, Problem};
use crate::org::reach::governs_unit;
use crate::store::audit::{self, AuditEventRow};
use crate::store::employees;

/// One recorded change.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3d-0000-7000-8000-000000000001", "occurred_at": "2026-01-05T02:31:00Z",
    "actor_kind": "user", "actor_id": "019a8f0e-6b1d-7a3c-8e2f-5d4c3b2a1f00",
    "request_id": "4f1c2a9e-0b6d-4c1e-9a3f-2d7e8b9c0a1b", "entity_type": "employee",
    "entity_id": "019a9a3c-6a00-7d10-8e21-4b5c6d7e8f90", "action": "update",
    "before": {"rank": "III/c", "version": 1}, "after": {"rank": "III/d", "version": 2},
    "reason": null
})))]
pub struct AuditEvent {
    /// UUIDv7: events sort by time.
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    /// `user`, `client` or `system`.
    pub actor_kind: String,
    /// The user or client id; null for the system.
    pub actor_id: Option<String>,
    /// The `X-Request-Id` of the request that made the change.
    pub request_id: Option<String>,
    /// `unit`, `employee`, `user`, `client`, ...
    pub entity_type: String,
    pub entity_id: String,
    /// `create`, `update`, ...
    pub action: String,
    /// The entity before the change (null on create). Secrets are never recorded.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The entity after the change.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
    pub reason: Option<String>,
}

fn parse_state(text: Option<String>) -> Option<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

impl From<AuditEventRow> for AuditEvent {
    fn from(r: AuditEventRow) -> Self {
        AuditEvent {
            id: r.id,
            occurred_at: r.occurred_at.and_utc(),
            actor_kind: r.actor_kind,
            actor_id: r.actor_id,
            request_id: r.request_id,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            action: r.action,
            before: parse_state(r.before_state),
            after: parse_state(r.after_state),
            reason: r.reason,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// `unit`, `employee`, `user`, `client`, ...; hr must give `unit` or `employee`.
    pub entity_type: Option<String>,
    /// The entity's id; hr must give it.
    pub entity_id: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// An hr officer reads the history of one unit or employee of their subtree.
fn check_hr_entity(
    conn: &mut AnyConnection,
    governs: &Governs,
    query: &AuditQuery,
) -> Result<(), ApiError> {
    let (Some(kind), Some(id)) = (query.entity_type.as_deref(), query.entity_id.as_deref()) else {
        return Err(ApiError::forbidden(
            "hr reads the history of one unit or employee: give entity_type and entity_id.",
        ));
    };
    let unit = match kind {
        "unit" => Some(id.to_owned()),
        "employee" => employees::find(conn, id)?.map(|e| e.unit_id),
        _ => {
            return Err(ApiError::forbidden(
                "hr reads the history of units and employees only.",
            ));
        }
    };
    match unit {
        Some(unit) if governs_unit(conn, governs, &unit)? => Ok(()),
        _ => Err(ApiError::not_found(kind, id)),
    }
}

/// Lists audit events.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_events",
    description = "The append-only audit trail, oldest first, a page at a time. Each event has \
        the actor, the time, the request id, and the entity before and after the change.\
        \n\n**Who may call:** admin (any entity); hr for one unit or employee of their subtree \
        (`entity_type` and `entity_id` required; 404 for one outside it).",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of events.", body = Page<AuditEvent>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither admin nor hr, or hr without an entity.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "hr: the entity is not in their subtree.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/audit-events")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    QueryParams(query): QueryParams<AuditQuery>,
) -> Result<web::Json<Page<AuditEvent>>, ApiError> {
    let governs = policy::read_audit_events(&principal)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let rows = state
        .run(move |conn| {
            if governs != Governs::All {
                check_hr_entity(conn, &governs, &query)?;
            }
            let filter = audit::Filter {
                entity_type: query.entity_type,
                entity_id: query.entity_id,
            };
            Ok(audit::list(conn, &filter, after.as_deref(), limit + 1)?)
        })
        .await?;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |r| r.id.clone(),
        AuditEvent::from,
    )))
}
