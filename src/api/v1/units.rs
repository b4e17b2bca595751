//! Org units: the tree every employee belongs to.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::concurrency::{IfMatch, created, tagged};
use crate::api::extract::{Body, QueryParams, nullable, present};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::domain::org::UnitKind;
use crate::error::{ApiError, Problem};
use crate::org::units::{self as service, NewUnit, UnitChanges};
use crate::store::units;

/// An org unit (unit kerja).
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3c-5f10-7c2e-9b41-3d2f1e0a9b01", "code": "DINSOS", "name": "Dinas Sosial",
    "kind": "dinas", "parent_id": "019a9a3c-5f0e-7a11-8c20-1b2c3d4e5f60", "active": true,
    "version": 1, "created_at": "2026-01-05T02:30:00Z", "updated_at": "2026-01-05T02:30:00Z"
})))]
pub struct Unit {
    pub id: String,
    /// Unique, e.g. the agency's own code for the unit.
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    /// The unit above this one; null for a top-level unit (an agency).
    pub parent_id: Option<String>,
    /// An inactive unit takes no new employees or sub-units.
    pub active: bool,
    /// Increases with every change; sent as the `ETag`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<units::UnitRow> for Unit {
    fn from(r: units::UnitRow) -> Self {
        Unit {
            kind: r.kind,
            id: r.id,
            code: r.code,
            name: r.name,
            parent_id: r.parent_id,
            active: r.active,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"code": "KEC-KRW-BARAT", "name": "Kecamatan Karawang Barat",
    "kind": "kecamatan", "parent_id": "019a9a3c-5f0e-7a11-8c20-1b2c3d4e5f60"})))]
pub struct CreateUnit {
    /// Unique; letters, digits and `. _ - /`, at most 50 characters.
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$", max_length = 50)]
    pub code: String,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    pub kind: UnitKind,
    /// The unit above; omit for a top-level unit (admin only).
    pub parent_id: Option<String>,
}

/// Creates an org unit.
#[utoipa::path(
    tag = "units",
    operation_id = "create_unit",
    description = "Creates a unit under an active parent (or a top-level unit).\
        \n\n**Who may call:** admin and clients with `units:write` anywhere; hr under a unit of \
        their subtree.",
    request_body(content = CreateUnit),
    responses(
        (status = 201, description = "Created.", body = Unit,
            headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "The caller may not create units there.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`duplicate_code`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["units:write"]))
)]
#[post("/units")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Body<CreateUnit>,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::write_units(&principal)?;
    let body = body.parse()?;
    let actor = actor(&principal, &req);
    let input = NewUnit {
        code: body.code,
        name: body.name,
        kind: body.kind,
        parent_id: body.parent_id,
    };
    let row = state
        .perform(actor, move |work| service::create(work, &governs, input))
        .await?;
    Ok(created(
        format!("/api/v1/units/{}", row.id),
        row.version,
        Unit::from(row),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UnitQuery {
    /// Only the direct sub-units of this unit.
    pub parent_id: Option<String>,
    /// Only this unit and everything below it.
    #[param(format = Uuid)]
    pub under: Option<String>,
    /// Part of the name or code, case-insensitive.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Only active (true) or inactive (false) units.
    pub active: Option<bool>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists org units.
#[utoipa::path(
    tag = "units",
    operation_id = "list_units",
    description = "Units in creation order, a page at a time; filters combine.\
        \n\n**Who may call:** any person; clients with `units:read`.",
    params(UnitQuery),
    responses(
        (status = 200, description = "A page of units.", body = Page<Unit>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A client without `units:read`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["units:read"]))
)]
#[get("/units")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    QueryParams(mut query): QueryParams<UnitQuery>,
) -> Result<web::Json<Page<Unit>>, ApiError> {
    policy::read_units(&principal)?;
    let limit = pagination::limit(query.limit)?;
    let q = pagination::search(query.q.take())?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let rows = state
        .run(move |conn| {
            let within = match &query.under {
                Some(root) => Some(units::subtree_path(conn, root)?),
                None => None,
            };
            let filter = units::Filter {
                parent_id: query.parent_id,
                within,
                q,
                active: query.active,
            };
            Ok(units::list(conn, &filter, after.as_deref(), limit + 1)?)
        })
        .await?;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |r| r.id.clone(),
        Unit::from,
    )))
}

/// Reads one org unit.
#[utoipa::path(
    tag = "units",
    operation_id = "get_unit",
    description = "One unit, with its `ETag`.\n\n**Who may call:** any person; clients with `units:read`.",
    params(("id" = String, Path, description = "The unit's id.")),
    responses(
        (status = 200, description = "The unit.", body = Unit, headers(("ETag" = String))),
        (status = 403, description = "A client without `units:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["units:read"]))
)]
#[get("/units/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::read_units(&principal)?;
    let id = id.into_inner();
    let row = state
        .run(move |conn| {
            units::find(conn, &id)?.ok_or_else(|| ApiError::not_found("org unit", &id))
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), row.version, Unit::from(row)))
}

/// A merge patch (RFC 7396) of a unit: absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"name": "Dinas Sosial Kabupaten Karawang"}), json!({"active": false})))]
pub struct UpdateUnit {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 50)]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 200)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = UnitKind)]
    pub kind: Option<UnitKind>,
    /// Moves the unit (with everything below it); `null` makes it top-level (admin only).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub parent_id: Option<Option<String>>,
    /// `false` deactivates the unit: only once it has no active sub-units or employees.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = bool)]
    pub active: Option<bool>,
}

/// Changes an org unit.
#[utoipa::path(
    tag = "units",
    operation_id = "update_unit",
    description = "Applies a merge patch (`application/merge-patch+json` or `application/json`). \
        Send `If-Match` with the `ETag` you read (412 if it is stale). A move that would put the \
        unit under itself is 422 `cycle`; deactivating a unit with active sub-units or employees \
        is 409 `unit_in_use`; units are never deleted.\
        \n\n**Who may call:** admin and clients with `units:write` anywhere; hr within their \
        subtree (both where the unit is and where it moves to).",
    params(
        ("id" = String, Path, description = "The unit's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = UpdateUnit, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed unit.", body = Unit, headers(("ETag" = String))),
        (status = 403, description = "The unit is outside what the caller governs.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`duplicate_code`, `unit_in_use`, `parent_inactive`, `concurrent_update`.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`: the unit changed since you read it.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["units:write"]))
)]
#[patch("/units/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<UpdateUnit>,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::write_units(&principal)?;
    let body = body.parse()?;
    let actor = actor(&principal, &req);
    let id = id.into_inner();
    let changes = UnitChanges {
        code: body.code,
        name: body.name,
        kind: body.kind,
        parent_id: body.parent_id,
        active: body.active,
    };
    let row = state
        .perform(actor, move |work| {
            service::update(work, &governs, &id, changes, &if_match)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), row.version, Unit::from(row)))
}
