//! Integration clients (provincial sync jobs, vendor backends), managed by admins. A client's
//! secret is shown once, when created or rotated, and stored only as a digest.

use std::collections::BTreeSet;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::concurrency::{IfMatch, etag};
use crate::api::extract::{Body, QueryParams, present};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::auth::accounts::{self, ClientChanges};
use crate::auth::{Principal, policy};
use crate::domain::account::Scope;
use crate::error::{ApiError, FieldError, Problem};
use crate::store::clients;

/// An integration client (never its secret).
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "client_id": "019a8f0e-7c4b-7d2e-9a51-3f6b2c8d1e40", "name": "BKD Jawa Barat nightly sync",
    "scopes": ["units:read", "employees:read"], "active": true, "version": 1,
    "created_at": "2026-01-05T02:30:00Z", "updated_at": "2026-01-05T02:30:00Z"
})))]
pub struct Client {
    pub client_id: String,
    pub name: String,
    pub scopes: Vec<Scope>,
    /// A disabled client cannot obtain tokens and its tokens stop working at once.
    pub active: bool,
    /// Increases with every change; sent as the `ETag`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<clients::ClientRow> for Client {
    fn from(r: clients::ClientRow) -> Self {
        Client {
            scopes: r.scope_set().into_iter().collect(),
            client_id: r.id,
            name: r.name,
            active: r.active,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

/// A client with its secret, returned only when the secret is created or rotated.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "client_id": "019a8f0e-7c4b-7d2e-9a51-3f6b2c8d1e40",
    "client_secret": "kcs_Q2hhbmdlIG1lIHRvIGEgcmVhbCBzZWNyZXQgcGxlYXNl",
    "name": "BKD Jawa Barat nightly sync", "scopes": ["units:read", "employees:read"],
    "active": true, "version": 1,
    "created_at": "2026-01-05T02:30:00Z", "updated_at": "2026-01-05T02:30:00Z"
})))]
pub struct ClientWithSecret {
    /// Shown only in this response; store it in the client's secret store.
    pub client_secret: String,
    #[serde(flatten)]
    pub client: Client,
}

fn respond(
    mut res: actix_web::HttpResponseBuilder,
    version: i64,
    body: impl Serialize,
) -> HttpResponse {
    res.insert_header((header::ETAG, etag(version)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

const NAME_MAX: usize = 200;

fn check_name(name: &str) -> Result<String, FieldError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Err(FieldError::at(
            "/name",
            "invalid_length",
            format!("1 to {NAME_MAX} characters"),
        ));
    }
    Ok(name.to_owned())
}

fn check_scopes(scopes: Vec<Scope>) -> Result<BTreeSet<Scope>, FieldError> {
    if scopes.is_empty() {
        return Err(FieldError::at(
            "/scopes",
            "empty",
            "grant at least one scope",
        ));
    }
    Ok(scopes.into_iter().collect())
}

/// Both checked values, or one 422 naming every field that failed.
fn both<A, B>(a: Result<A, FieldError>, b: Result<B, FieldError>) -> Result<(A, B), ApiError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(ApiError::validation(
            [a.err(), b.err()].into_iter().flatten().collect(),
        )),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"name": "BKD Jawa Barat nightly sync", "scopes": ["units:read", "employees:read"]})))]
pub struct CreateClient {
    /// What the client is, for people reading the audit trail (1 to 200 characters).
    #[schema(max_length = 200)]
    pub name: String,
    /// At least one of the documented scopes.
    #[schema(max_items = 20)]
    pub scopes: Vec<Scope>,
}

/// Creates an integration client and shows its secret once.
#[utoipa::path(
    tag = "accounts",
    operation_id = "create_client",
    description = "Creates a client for the `client_credentials` grant. The response carries the \
        `client_secret` this once; only a digest is stored. Scopes: `units:read`, `units:write`, \
        `employees:read`, `employees:write`, `plans:read`, `results:read`, `assessments:read`.\n\n**Who may call:** admin.",
    request_body(content = CreateClient),
    responses(
        (status = 201, description = "Created; the secret is in this response only.", body = ClientWithSecret,
            headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/clients")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Body<CreateClient>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_accounts(&principal)?;
    let body = body.parse()?;
    let (name, scopes) = both(check_name(&body.name), check_scopes(body.scopes))?;
    let actor = actor(&principal, &req);
    let (row, secret) = state
        .perform(actor, move |work| {
            accounts::create_client(work, name, &scopes)
        })
        .await?;
    let mut res = HttpResponse::Created();
    res.insert_header((header::LOCATION, format!("/api/v1/clients/{}", row.id)));
    let version = row.version;
    Ok(respond(
        res,
        version,
        ClientWithSecret {
            client_secret: secret,
            client: row.into(),
        },
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ClientQuery {
    /// Only active (true) or disabled (false) clients.
    pub active: Option<bool>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists integration clients.
#[utoipa::path(
    tag = "accounts",
    operation_id = "list_clients",
    description = "Clients in creation order, a page at a time (never their secrets).\n\n**Who may call:** admin.",
    params(ClientQuery),
    responses(
        (status = 200, description = "A page of clients.", body = Page<Client>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/clients")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    QueryParams(query): QueryParams<ClientQuery>,
) -> Result<web::Json<Page<Client>>, ApiError> {
    policy::manage_accounts(&principal)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let active = query.active;
    let rows = state
        .run(move |conn| Ok(clients::list(conn, active, after.as_deref(), limit + 1)?))
        .await?;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |r| r.id.clone(),
        Client::from,
    )))
}

/// Reads one integration client.
#[utoipa::path(
    tag = "accounts",
    operation_id = "get_client",
    description = "One client (never its secret), with its `ETag`.\n\n**Who may call:** admin.",
    params(("client_id" = String, Path, description = "The client's id.")),
    responses(
        (status = 200, description = "The client.", body = Client, headers(("ETag" = String))),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/clients/{client_id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_accounts(&principal)?;
    let id = id.into_inner();
    let row = state
        .run(move |conn| {
            clients::find(conn, &id)?.ok_or_else(|| ApiError::not_found("client", &id))
        })
        .await?;
    Ok(respond(HttpResponse::Ok(), row.version, Client::from(row)))
}

/// A merge patch (RFC 7396) of a client: absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"active": false}), json!({"scopes": ["units:read"]})))]
pub struct UpdateClient {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 200)]
    pub name: Option<String>,
    /// Replaces the scopes; tokens already issued lose removed scopes at once.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Vec<Scope>, max_items = 20)]
    pub scopes: Option<Vec<Scope>>,
    /// `false` disables the client: no new tokens, and its tokens stop working.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = bool)]
    pub active: Option<bool>,
}

/// Changes or disables an integration client.
#[utoipa::path(
    tag = "accounts",
    operation_id = "update_client",
    description = "Applies a merge patch (`application/merge-patch+json` or `application/json`); \
        honours `If-Match` (412 when stale).\n\n**Who may call:** admin.",
    params(
        ("client_id" = String, Path, description = "The client's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = UpdateClient, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed client.", body = Client, headers(("ETag" = String))),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[patch("/clients/{client_id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<UpdateClient>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_accounts(&principal)?;
    let body = body.parse()?;
    let (name, scopes) = both(
        body.name.as_deref().map(check_name).transpose(),
        body.scopes.map(check_scopes).transpose(),
    )?;
    let changes = ClientChanges {
        name,
        scopes,
        active: body.active,
        rotate_secret: false,
    };
    let actor = actor(&principal, &req);
    let id = id.into_inner();
    let (row, _) = state
        .perform(actor, move |work| {
            accounts::update_client(work, &id, changes, &if_match)
        })
        .await?;
    Ok(respond(HttpResponse::Ok(), row.version, Client::from(row)))
}

/// Replaces a client's secret and shows the new one once.
#[utoipa::path(
    tag = "accounts",
    operation_id = "rotate_client_secret",
    description = "Issues a new secret; the old one stops working at once (tokens already issued \
        stay valid until they expire). The response carries the new secret this once.\n\n**Who may \
        call:** admin.",
    params(
        ("client_id" = String, Path, description = "The client's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    responses(
        (status = 200, description = "The client with its new secret.", body = ClientWithSecret, headers(("ETag" = String))),
        (status = 400, description = "`invalid_header`: `If-Match` is not an ETag this API issued.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/clients/{client_id}/rotate-secret")]
pub async fn rotate_secret(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    policy::manage_accounts(&principal)?;
    let actor = actor(&principal, &req);
    let id = id.into_inner();
    let changes = ClientChanges {
        rotate_secret: true,
        ..Default::default()
    };
    let (row, secret) = state
        .perform(actor, move |work| {
            accounts::update_client(work, &id, changes, &if_match)
        })
        .await?;
    let secret =
        secret.ok_or_else(|| ApiError::internal(anyhow::anyhow!("rotation without a secret")))?;
    let version = row.version;
    Ok(respond(
        HttpResponse::Ok(),
        version,
        ClientWithSecret {
            client_secret: secret,
            client: row.into(),
        },
    ))
}
