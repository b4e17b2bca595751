//! Who is calling: the `Principal` extractor reads the bearer token, verifies it and loads the
//! account it names, so a disabled user or client is refused at once, and roles and scopes are
//! always the current ones.

use std::collections::BTreeSet;

use super::jwt::{Claims, SubjectKind};
use crate::db::AnyConnection;
use crate::domain::account::{Role, Scope};
use crate::error::{ApiError, Code};
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
