//! The change feed: every create, update and deactivation of units, employees, plans,
//! evaluations and 360° rounds, in commit order, for jobs that keep a copy.

use actix_web::{HttpRequest, get, web};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::extract::QueryParams;
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::error::{ApiError, Code, FieldError, Problem};
use crate::store::{Invariant, Isolation, changes, settings};

const PROBLEM: &str = "application/problem+json";
/// How long the feed keeps a change.
pub const RETENTION_DAYS: i64 = 30;
const PRUNED_THROUGH: &str = "changes_pruned_through";

/// One change: fetch the resource for its body.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({"seq": 4711, "type": "employee", "id": "019a9a3c-4003-7c2e-9b41-3d2f1e0a9b01",
    "action": "update", "version": 3, "at": "2026-12-03T18:00:01Z"})))]
pub struct Change {
    /// The position in commit order.
    pub seq: i64,
    /// `unit`, `employee`, `plan`, `evaluation` or `assessment_round`.
    #[serde(rename = "type")]
    pub entity_type: String,
    pub id: String,
    /// `create`, `update` or `deactivate`.
    pub action: String,
    /// The resource's version after the change.
    pub version: i64,
    pub at: DateTime<Utc>,
}

/// A page of the feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangePage {
    pub items: Vec<Change>,
    /// Store it and pass it as `cursor` next time (the same cursor when nothing changed).
    pub next_cursor: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChangeQuery {
    /// `next_cursor` of the previous page; absent: from the oldest change kept.
    pub cursor: Option<String>,
    /// Page size, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// Comma-separated entity types to follow (default: all the caller may read).
    pub types: Option<String>,
}

fn pruned_through(conn: &mut crate::db::AnyConnection) -> Result<i64, ApiError> {
    Ok(settings::get(conn, PRUNED_THROUGH)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

fn bad(pointer: &str, code: &str, message: &str) -> ApiError {
    ApiError::validation(vec![FieldError::at(pointer, code, message)])
}

/// Reads the change feed.
#[utoipa::path(
    tag = "changes",
    operation_id = "list_changes",
    description = "Every create, update and deactivation of units, employees, plans, \
        evaluations and 360° rounds (never their answers), oldest first in commit order, as \
        `{seq, type, id, action, version, at}`: fetch the resource for its body. A job stores \
        `next_cursor` and resumes from it: it sees every change exactly once, including changes \
        that committed after others with a later timestamp and changes made through other \
        server processes. Changes are kept 30 days; an older cursor is 410 `cursor_expired`: \
        read everything again and start over without a cursor.\
        \n\n**Who may call:** admin (every type); clients the types of their read scopes \
        (`units:read`, `employees:read`, `plans:read` for plans and evaluations, \
        `assessments:read` for 360° rounds).",
    params(ChangeQuery),
    responses(
        (status = 200, description = "A page of changes.", body = ChangePage),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = PROBLEM),
        (status = 403, description = "A person other than admin, or a client without a read scope.", body = Problem, content_type = PROBLEM),
        (status = 410, description = "`cursor_expired`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/types` `unknown_type` or `not_permitted`; `/cursor` `invalid`; `/limit` `out_of_range`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["units:read", "employees:read", "plans:read", "assessments:read"]))
)]
#[get("/changes")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<ChangeQuery>,
) -> Result<web::Json<ChangePage>, ApiError> {
    let permitted = policy::read_changes(&principal)?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(bad("/limit", "out_of_range", "1 to 1000"));
    }
    let cursor: Option<i64> = match query.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => Some(
            c.parse()
                .ok()
                .filter(|c: &i64| *c >= 0)
                .ok_or_else(|| bad("/cursor", "invalid", "a next_cursor this feed gave"))?,
        ),
    };
    let types: Vec<String> = match query.types.as_deref() {
        None | Some("") => permitted.iter().map(|t| (*t).to_owned()).collect(),
        Some(list) => {
            let mut types = Vec::new();
            for t in list.split(',').map(str::trim) {
                if !changes::TYPES.contains(&t) {
                    return Err(bad("/types", "unknown_type", &format!("no such type: {t}")));
                }
                if !permitted.contains(&t) {
                    return Err(bad(
                        "/types",
                        "not_permitted",
                        &format!("not readable: {t}"),
                    ));
                }
                types.push(t.to_owned());
            }
            types
        }
    };
    let page = state
        .perform(actor(&principal, &req), move |work| {
            let now = work.now();
            let horizon = now - TimeDelta::days(RETENTION_DAYS);
            if changes::oldest(work.conn())?.is_some_and(|oldest| oldest < horizon) {
                work.transaction(Isolation::ReadCommitted, |work| {
                    // One pruner at a time, so the mark only ever moves forward.
                    work.lock(Invariant::ChangePrune)?;
                    if let Some(through) = changes::prune(work.conn(), horizon)? {
                        let before = pruned_through(work.conn())?;
                        let mark = through.max(before).to_string();
                        settings::set(work.conn(), PRUNED_THROUGH, &mark)?;
                    }
                    Ok(())
                })?;
            }
            let pruned = pruned_through(work.conn())?;
            // Read before the page: everything up to here has committed (numbers are given in
            // commit order), so a page that is not full may move the cursor this far even when
            // none of the rows is of the caller's types.
            let last = changes::last_seq(work.conn())?.max(pruned);
            // Without a cursor the job starts from the oldest change kept.
            let cursor = cursor.unwrap_or(pruned);
            if cursor < pruned {
                return Err(ApiError::new(
                    Code::CursorExpired,
                    format!(
                        "Changes before {pruned} are no longer kept ({RETENTION_DAYS} days): \
                         read the resources again and continue from a fresh cursor."
                    ),
                ));
            }
            if cursor > last {
                return Err(bad("/cursor", "invalid", "a next_cursor this feed gave"));
            }
            let rows = changes::after(work.conn(), cursor, &types, limit)?;
            let seen = rows.last().and_then(|r| r.seq).unwrap_or(cursor);
            let full = i64::try_from(rows.len()).unwrap_or(i64::MAX) >= limit;
            let next_cursor = if full { seen } else { seen.max(last) }.to_string();
            Ok(ChangePage {
                items: rows
                    .into_iter()
                    .map(|r| Change {
                        seq: r.seq.unwrap_or_default(),
                        entity_type: r.entity_type,
                        id: r.entity_id,
                        action: r.action,
                        version: r.version,
                        at: r.at.and_utc(),
                    })
                    .collect(),
                next_cursor,
            })
        })
        .await?;
    Ok(web::Json(page))
}
