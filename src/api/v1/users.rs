//! User accounts, managed by admins.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::concurrency::{IfMatch, created, tagged};
use crate::api::extract::{Body, QueryParams, nullable, present};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::auth::accounts::{self, NewPassword, NewUser, UserChanges};
use crate::auth::{Principal, policy};
use crate::domain::account::Role;
use crate::error::{ApiError, Problem};
use crate::store::users;

/// A user account (never its password or hash).
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a8f0e-6b1d-7a3c-8e2f-5d4c3b2a1f00", "username": "198807122011012004",
    "roles": ["hr"], "scope_unit_id": null, "employee_id": null, "active": true, "version": 1,
    "created_at": "2026-01-05T02:30:00Z", "updated_at": "2026-01-05T02:30:00Z"
})))]
pub struct User {
    pub id: String,
    /// Lower-case; an employee's NIP or e-mail address, or a name such as `admin`.
    pub username: String,
    pub roles: Vec<Role>,
    /// For hr and pyb: the org unit whose subtree they govern.
    pub scope_unit_id: Option<String>,
    /// The employee record this account belongs to.
    pub employee_id: Option<String>,
    /// A disabled account cannot log in and its tokens stop working at once.
    pub active: bool,
    /// Increases with every change; sent as the `ETag`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<users::UserRow> for User {
    fn from(r: users::UserRow) -> Self {
        User {
            roles: r.role_set().into_iter().collect(),
            id: r.id,
            username: r.username,
            scope_unit_id: r.scope_unit_id,
            employee_id: r.employee_id,
            active: r.active,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(
    json!({"username": "hr.dinsos", "password": "kata-sandi-rahasia", "roles": ["hr"], "scope_unit_id": "019a9a3c-5f10-7c2e-9b41-3d2f1e0a9b01"}),
    json!({"employee_id": "019a9a3c-6a00-7d10-8e21-4b5c6d7e8f90", "password": "kata-sandi-rahasia"})
))]
pub struct CreateUser {
    /// An employee's NIP or e-mail address, or another name: letters, digits and `. _ @ + -`,
    /// at most 100 characters; stored lower-case. Defaults to the employee's NIP when
    /// `employee_id` is given.
    #[schema(max_length = 100)]
    pub username: Option<String>,
    /// At least 10 characters, not the username.
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
    /// None for a plain employee.
    #[serde(default)]
    #[schema(max_items = 10)]
    pub roles: Vec<Role>,
    /// For hr and pyb only: the org unit whose subtree they govern.
    pub scope_unit_id: Option<String>,
    /// The employee this account belongs to (one account per employee).
    pub employee_id: Option<String>,
}

/// Creates a user account.
#[utoipa::path(
    tag = "accounts",
    operation_id = "create_user",
    description = "Creates an account. Usernames are unique regardless of case. An account \
        linked to an employee (`employee_id`) is that person's login: the username defaults to \
        their NIP. `scope_unit_id` and `employee_id` must exist (422); an employee has one \
        account at most (409 `employee_has_account`).\n\n**Who may call:** admin.",
    request_body(content = CreateUser),
    responses(
        (status = 201, description = "Created.", body = User,
            headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`duplicate_username`, `employee_has_account`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/users")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Body<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_accounts(&principal)?;
    let body = body.parse()?;
    let password = new_password(&state, body.password).await?;
    let actor = actor(&principal, &req);
    let row = state
        .perform(actor, move |work| {
            let username = match body.username {
                Some(username) => username,
                None => accounts::username_for_employee(work, body.employee_id.as_deref())?,
            };
            let input = NewUser {
                username,
                password,
                roles: body.roles,
                scope_unit_id: body.scope_unit_id,
                employee_id: body.employee_id,
            };
            let row = accounts::build_user(input, work.now()).map_err(ApiError::validation)?;
            accounts::insert_user(work, &row)?;
            Ok(row)
        })
        .await?;
    let location = format!("/api/v1/users/{}", row.id);
    Ok(created(location, row.version, User::from(row)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    /// Only accounts holding this role.
    pub role: Option<Role>,
    /// Only active (true) or disabled (false) accounts.
    pub active: Option<bool>,
    /// Part of the username, case-insensitive.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists user accounts.
#[utoipa::path(
    tag = "accounts",
    operation_id = "list_users",
    description = "Accounts in creation order, a page at a time.\n\n**Who may call:** admin.",
    params(UserQuery),
    responses(
        (status = 200, description = "A page of accounts.", body = Page<User>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    QueryParams(mut query): QueryParams<UserQuery>,
) -> Result<web::Json<Page<User>>, ApiError> {
    policy::manage_accounts(&principal)?;
    let limit = pagination::limit(query.limit)?;
    let q = pagination::search(query.q.take())?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let filter = users::Filter {
        role: query.role,
        active: query.active,
        q,
    };
    let rows = state
        .run(move |conn| Ok(users::list(conn, &filter, after.as_deref(), limit + 1)?))
        .await?;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |r| r.id.clone(),
        User::from,
    )))
}

/// Reads one user account.
#[utoipa::path(
    tag = "accounts",
    operation_id = "get_user",
    description = "One account (never its password), with its `ETag`.\n\n**Who may call:** admin.",
    params(("id" = String, Path, description = "The user's id.")),
    responses(
        (status = 200, description = "The account.", body = User, headers(("ETag" = String))),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/users/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_accounts(&principal)?;
    let id = id.into_inner();
    let row = state
        .run(move |conn| users::find(conn, &id)?.ok_or_else(|| ApiError::not_found("user", &id)))
        .await?;
    Ok(tagged(HttpResponse::Ok(), row.version, User::from(row)))
}

/// A merge patch (RFC 7396) of an account: absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"roles": ["hr", "counselor"]}), json!({"active": false})))]
pub struct UpdateUser {
    /// Replaces the roles.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Vec<Role>, max_items = 10)]
    pub roles: Option<Vec<Role>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub scope_unit_id: Option<Option<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub employee_id: Option<Option<String>>,
    /// `false` disables the account: it cannot log in and its tokens stop working.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = bool)]
    pub active: Option<bool>,
    /// Sets a new password (the account's refresh tokens are revoked).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, min_length = 10, max_length = 256)]
    pub password: Option<String>,
}

/// Changes a user account.
#[utoipa::path(
    tag = "accounts",
    operation_id = "update_user",
    description = "Applies a merge patch (`application/merge-patch+json` or `application/json`). \
        Send `If-Match` with the `ETag` you read to avoid overwriting someone else's change (412 if \
        it is stale). The last active admin can be neither disabled nor demoted (409 `last_admin`).\
        \n\n**Who may call:** admin.",
    params(
        ("id" = String, Path, description = "The user's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = UpdateUser, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed account.", body = User, headers(("ETag" = String))),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`last_admin`, `employee_has_account`.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`: the account changed since you read it.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[patch("/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_accounts(&principal)?;
    let body = body.parse()?;
    let actor = actor(&principal, &req);
    let id = id.into_inner();
    let password = match body.password {
        Some(plain) => Some(new_password(&state, plain).await?),
        None => None,
    };
    let changes = UserChanges {
        roles: body.roles,
        scope_unit_id: body.scope_unit_id,
        employee_id: body.employee_id,
        active: body.active,
        password,
    };
    let row = state
        .perform(actor, move |work| {
            accounts::update_user(work, &id, changes, &if_match)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), row.version, User::from(row)))
}

/// How many failed logins an unlock cleared.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({"cleared": 5})))]
pub struct Unlocked {
    /// Failed logins on the account's username that no longer count, from any address.
    pub cleared: u64,
}

/// Clears an account's failed logins.
#[utoipa::path(
    tag = "accounts",
    operation_id = "unlock_user",
    description = "Forgets every failed login on the account's username, from every address, so \
        that nobody waits before trying it again (for a person slowed down by someone else's \
        guesses). Audited as `unlock`; the failures themselves are not shown.\n\n**Who may \
        call:** admin.",
    params(("id" = String, Path, description = "The user's id.")),
    responses(
        (status = 200, description = "Unlocked.", body = Unlocked),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/users/{id}/unlock")]
pub async fn unlock(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_accounts(&principal)?;
    let id = id.into_inner();
    let actor = actor(&principal, &req);
    let cleared = state
        .perform(actor, move |work| accounts::unlock_user(work, &id))
        .await?;
    Ok(HttpResponse::Ok().json(Unlocked { cleared }))
}

/// Hashes a password to set on the bounded hasher, before any connection is taken.
async fn new_password(state: &AppState, plain: String) -> Result<NewPassword, ApiError> {
    let hash = state.hasher.hash(plain.clone()).await?;
    Ok(NewPassword { plain, hash })
}
