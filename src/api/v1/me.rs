//! The caller's own account.

use actix_web::{HttpMessage, HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::extract::Body;
use crate::app::{AppState, RequestId};
use crate::auth::accounts::{self, NewPassword, UserChanges};
use crate::auth::{Principal, grants, policy};
use crate::domain::account::{Role, Scope};
use crate::error::{ApiError, FieldError, Problem};
use crate::store::IfMatch;
use crate::store::audit::Actor;

/// Who is calling.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "kind": "user", "id": "019a8f0e-6b1d-7a3c-8e2f-5d4c3b2a1f00", "username": "198807122011012004",
    "name": null, "roles": ["hr"], "scopes": [], "employee_id": null, "scope_unit_id": null
})))]
pub struct Me {
    /// `user` (a person) or `client` (an integration client).
    #[schema(example = "user")]
    pub kind: &'static str,
    /// The user's id or the client's `client_id`.
    pub id: String,
    /// A person's username.
    pub username: Option<String>,
    /// A client's name.
    pub name: Option<String>,
    /// A person's roles (empty for a plain employee).
    pub roles: Vec<Role>,
    /// A client's scopes in this token.
    pub scopes: Vec<Scope>,
    /// The employee record a person's account is linked to.
    pub employee_id: Option<String>,
    /// For hr and pyb: the org unit whose subtree they govern.
    pub scope_unit_id: Option<String>,
}

/// The caller's account, roles or scopes.
#[utoipa::path(
    tag = "auth",
    operation_id = "get_me",
    description = "The authenticated caller: a person (with roles and the linked employee record) \
        or an integration client (with the scopes of this token).\n\n**Who may call:** any \
        authenticated caller.",
    responses((status = 200, description = "The caller.", body = Me)),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/me")]
pub async fn me(principal: Principal) -> Result<web::Json<Me>, ApiError> {
    policy::read_own_account(&principal)?;
    Ok(web::Json(match principal {
        Principal::User(u) => Me {
            kind: "user",
            id: u.id,
            username: Some(u.username),
            name: None,
            roles: u.roles.into_iter().collect(),
            scopes: Vec::new(),
            employee_id: u.employee_id,
            scope_unit_id: u.scope_unit_id,
        },
        Principal::Client(c) => Me {
            kind: "client",
            id: c.id,
            username: None,
            name: Some(c.name),
            roles: Vec::new(),
            scopes: c.scopes.into_iter().collect(),
            employee_id: None,
            scope_unit_id: None,
        },
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"current_password": "kata-sandi-lama-123", "new_password": "kata-sandi-baru-456"})))]
pub struct PasswordChange {
    #[schema(max_length = 256)]
    pub current_password: String,
    /// At least 10 characters, not the username.
    #[schema(min_length = 10, max_length = 256)]
    pub new_password: String,
}

/// Changes the caller's own password.
#[utoipa::path(
    tag = "auth",
    operation_id = "change_my_password",
    description = "Changes the caller's password after checking the current one. Every token of \
        the account ends, this request's access token included, so every device logs in again.\n\n**Who may call:** \
        people (not integration clients).",
    request_body(content = PasswordChange),
    responses(
        (status = 204, description = "Changed."),
        (status = 403, description = "The caller is an integration client.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The current password is wrong (`/current_password`), or the new one breaks the policy (`/new_password`).", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`: too many wrong current passwords from this address (counted with failed logins); see `Retry-After`.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until another attempt is allowed."))),
        (status = 503, description = "`server_busy`: no password check could start in time.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again."))),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Body<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let user = policy::change_own_password(&principal)?;
    let body = body.parse()?;
    let (check, matched) =
        super::auth::check_password(&state, &req, &user.username, body.current_password.clone())
            .await?;
    state
        .run(move |conn| grants::end_password_check(conn, &check, Some(matched)))
        .await?;
    if !matched {
        return Err(ApiError::validation(vec![FieldError::at(
            "/current_password",
            "incorrect",
            "the current password is incorrect",
        )]));
    }
    accounts::check_own_new_password(&body.current_password, &body.new_password, &user.username)?;
    let hash = state.hasher.hash(body.new_password.clone()).await?;
    let changes = UserChanges {
        password: Some(NewPassword {
            plain: body.new_password,
            hash,
        }),
        ..UserChanges::default()
    };
    let (id, actor) = (user.id.clone(), actor(&principal, &req));
    state
        .perform(actor, move |work| {
            accounts::update_user(work, &id, changes, &IfMatch::Absent).map(drop)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The audit actor of a request.
pub fn actor(principal: &Principal, req: &HttpRequest) -> Actor {
    let (kind, id) = principal.actor();
    Actor {
        kind,
        id: Some(id.to_owned()),
        request_id: req.extensions().get::<RequestId>().map(|r| r.0.clone()),
    }
}
