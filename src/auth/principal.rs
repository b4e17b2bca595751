//! Who is calling: the `Principal` extractor reads the bearer token, verifies it and loads the
//! account it names, so a disabled user or client is refused at once, and roles and scopes are
//! always the current ones.
//!
//! A read (`GET`) saves a trip to the database: it is authorised with the account as its token
//! describes it ([`from_claims`]), and the request's first database hop confirms, on the same
//! connection and before its own query, that the account still is that ([`check_current`]);
//! the request middleware makes the check itself if no hop did, and answers 401 if it fails.

use std::cell::RefCell;
use std::collections::BTreeSet;

use super::jwt::{Claims, SubjectKind};
use crate::db::AnyConnection;
use crate::domain::account::{Role, Scope};
use crate::error::{ApiError, Code};
use crate::store::{self, clients, users};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPrincipal {
    pub id: String,
    pub username: String,
    pub roles: BTreeSet<Role>,
    pub scope_unit_id: Option<String>,
    pub employee_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientPrincipal {
    pub id: String,
    pub name: String,
    pub scopes: BTreeSet<Scope>,
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
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
/// Who a verified token speaks for, as the database says now: a disabled or removed account is
/// nobody, and a client holds at most the scopes it has now.
pub fn resolve(conn: &mut AnyConnection, claims: Claims) -> Result<Principal, ApiError> {
    let disabled =
        || ApiError::unauthenticated(Code::InvalidToken, "the account is disabled or gone");
    let id = claims.sub;
    match claims.kind {
        SubjectKind::User => {
            let row = users::find(conn, &id)?
                .filter(|r| r.active)
                .ok_or_else(disabled)?;
            if row.token_generation != claims.generation {
                return Err(ApiError::unauthenticated(
                    Code::InvalidToken,
                    "the session has ended (logout, password change or account change); log in again",
                ));
            }
            Ok(Principal::User(UserPrincipal {
                roles: row.role_set(),
                id: row.id,
                username: row.username,
                scope_unit_id: row.scope_unit_id,
                employee_id: row.employee_id,
            }))
        }
        SubjectKind::Client => {
            let row = clients::find(conn, &id)?
                .filter(|r| r.active)
                .ok_or_else(disabled)?;
            let issued_at_version = claims.profile.as_ref().and_then(|p| p.version);
            if issued_at_version.is_some_and(|v| v != row.version) {
                return Err(ApiError::unauthenticated(
                    Code::InvalidToken,
                    "the client has changed since the token was issued (a new secret, scopes or name); ask for a new token",
                ));
            }
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
}

/// The caller as a verified token describes it, if the token carries the account's profile.
pub fn from_claims(claims: &Claims) -> Option<Principal> {
    let profile = claims.profile.clone()?;
    Some(match claims.kind {
        SubjectKind::User => Principal::User(UserPrincipal {
            id: claims.sub.clone(),
            username: profile.name,
            roles: claims.roles.iter().filter_map(|r| r.parse().ok()).collect(),
            scope_unit_id: profile.scope_unit_id,
            employee_id: profile.employee_id,
        }),
        SubjectKind::Client => Principal::Client(ClientPrincipal {
            id: claims.sub.clone(),
            name: profile.name,
            scopes: crate::domain::account::parse_scopes(&claims.scope).unwrap_or_default(),
        }),
    })
}

/// Whether the account is still what the token describes: active, the same session
/// generation, roles, unit and employee (a client: its name and every scope still held).
pub fn check_current(conn: &mut AnyConnection, claims: &Claims) -> Result<(), ApiError> {
    let described = from_claims(claims);
    let current = resolve(conn, claims.clone())?;
    if described.as_ref() == Some(&current) {
        Ok(())
    } else {
        Err(ApiError::unauthenticated(
            Code::InvalidToken,
            "the account has changed since the token was issued; refresh it",
        ))
    }
}

tokio::task_local! {
    /// A token a read was authorised on whose account no database hop has confirmed yet.
    static UNCONFIRMED: RefCell<Option<Claims>>;
}

/// Runs a request with room for a deferred check (see the module documentation).
pub async fn with_deferred_check<F: std::future::Future>(request: F) -> F::Output {
    UNCONFIRMED.scope(RefCell::new(None), request).await
}

/// Leaves the check of `claims` to the request's first database hop; false outside
/// [`with_deferred_check`], where the caller must check now.
pub fn defer_check(claims: Claims) -> bool {
    UNCONFIRMED
        .try_with(|pending| *pending.borrow_mut() = Some(claims))
        .is_ok()
}

/// The check a hop must make before its own query, if it is the first.
pub fn take_deferred_check() -> Option<Claims> {
    UNCONFIRMED
        .try_with(|pending| pending.borrow_mut().take())
        .ok()
        .flatten()
}
