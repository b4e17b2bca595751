//! Who is calling: the `Principal` extractor reads the bearer token, verifies it and loads the
//! account it names, so a disabled user or client is refused at once, and roles and scopes are
//! always the current ones.

use std::collections::BTreeSet;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, http::header, web};
use futures_util::future::LocalBoxFuture;

use super::jwt::SubjectKind;
use crate::app::AppState;
use crate::domain::account::{Role, Scope};
use crate::error::ApiError;
use crate::store::{self, clients, users};

#[derive(Debug, Clone)]
pub struct UserPrincipal {
    pub id: String,
    pub username: String,
    pub roles: BTreeSet<Role>,
    pub scope_unit_id: Option<String>,
    pub employee_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ClientPrincipal {
    pub id: String,
    pub name: String,
    pub scopes: BTreeSet<Scope>,
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub enum Principal {
    User(UserPrincipal),
    Client(ClientPrincipal),
}

impl Principal {
    pub fn has_role(&self, role: Role) -> bool {
        matches!(self, Principal::User(u) if u.roles.contains(&role))
    }

    /// (actor kind, id) for the audit trail.
    pub fn actor(&self) -> (store::audit::ActorKind, &str) {
        match self {
            Principal::User(u) => (store::audit::ActorKind::User, &u.id),
            Principal::Client(c) => (store::audit::ActorKind::Client, &c.id),
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header (the scheme is case-insensitive).
fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthenticated(
            "unauthenticated",
            "no bearer token was sent",
        ));
    };
    let value = value.to_str().unwrap_or_default().trim();
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim().to_owned())
        }
        _ => Err(ApiError::unauthenticated(
            "invalid_token",
            "the Authorization header is not \"Bearer <token>\"",
        )),
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer_token(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let token = token?;
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no AppState")))?;
            let claims = state
                .tokens
                .verify(&token)
                .map_err(|reason| ApiError::unauthenticated("invalid_token", reason))?;
            let disabled =
                || ApiError::unauthenticated("invalid_token", "the account is disabled or gone");
            let id = claims.sub;
            match claims.kind {
                SubjectKind::User => {
                    let row =
                        store::run(&state.pool, move |conn| Ok(users::find(conn, &id)?)).await?;
                    let row = row.filter(|r| r.active).ok_or_else(disabled)?;
                    Ok(Principal::User(UserPrincipal {
                        roles: row.role_set(),
                        id: row.id,
                        username: row.username,
                        scope_unit_id: row.scope_unit_id,
                        employee_id: row.employee_id,
                    }))
                }
                SubjectKind::Client => {
                    let row =
                        store::run(&state.pool, move |conn| Ok(clients::find(conn, &id)?)).await?;
                    let row = row.filter(|r| r.active).ok_or_else(disabled)?;
                    // A token carries the scopes granted when it was issued, never more than
                    // the client holds now.
                    let held = row.scope_set();
                    let scopes = crate::domain::account::parse_scopes(&claims.scope)
                        .unwrap_or_default()
                        .intersection(&held)
                        .copied()
                        .collect();
                    Ok(Principal::Client(ClientPrincipal {
                        id: row.id,
                        name: row.name,
                        scopes,
                    }))
                }
            }
        })
    }
}
