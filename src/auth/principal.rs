//! Who is calling: the `Principal` extractor reads the bearer token, verifies it and loads the
//! account it names, so a disabled user or client is refused at once, and roles and scopes are
//! always the current ones.
//!
//! A read (`GET`) saves a trip to the database: it is authorised with the account as its token
//! describes it ([`from_claims`]), and the request's first database hop confirms, on the same
//! connection and before its own query, that the account still is that ([`check_current`]);
//! the request middleware makes the check itself if no hop did, and answers 401 if it fails.
//!
//! A token confirmed that way is trusted for a short while ([`Confirmations`]) without asking
//! again, unless an account changed meanwhile: any account write in this process ends every
//! confirmation at once, one by another server process on the same PostgreSQL database usually
//! within milliseconds (`app::account_changes`), and in any case the confirmation expires
//! (`KINERJA_TOKEN_RECHECK_MS`).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::NaiveDateTime;

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

/// Tokens whose account a database hop found as the token describes it, by token id (`jti`),
/// with when (by the application's clock) and at which count of this process's account writes.
pub struct Confirmations {
    ttl: chrono::TimeDelta,
    account_writes: AtomicU64,
    confirmed: Mutex<HashMap<String, (NaiveDateTime, u64)>>,
}

/// Tokens remembered at most; past it the expired are dropped, and if none is, all are.
const CONFIRMATIONS_MAX: usize = 100_000;

impl Confirmations {
    /// Confirmations trusted for `ttl`; zero confirms every request.
    pub fn new(ttl: Duration) -> Self {
        Confirmations {
            ttl: chrono::TimeDelta::from_std(ttl).unwrap_or(chrono::TimeDelta::MAX),
            account_writes: AtomicU64::new(0),
            confirmed: Mutex::default(),
        }
    }

    /// Whether `claims` were confirmed less than the ttl before `now`, with no account
    /// written since.
    pub fn holds(&self, claims: &Claims, now: NaiveDateTime) -> bool {
        if self.ttl.is_zero() {
            return false;
        }
        let writes = self.account_writes.load(Ordering::Acquire);
        let confirmed = self.confirmed.lock().unwrap_or_else(|e| e.into_inner());
        confirmed
            .get(&claims.jti)
            .is_some_and(|(at, seen)| *seen == writes && self.fresh(*at, now))
    }

    /// Whether a confirmation made `at` still holds `now` (not if the clock went back).
    fn fresh(&self, at: NaiveDateTime, now: NaiveDateTime) -> bool {
        at <= now && now - at < self.ttl
    }

    /// The count to pass to [`Confirmations::remember`], read before the confirming query: a
    /// write committed while it runs then makes the confirmation void.
    pub fn account_writes(&self) -> u64 {
        self.account_writes.load(Ordering::Acquire)
    }

    pub fn remember(&self, claims: &Claims, account_writes: u64, now: NaiveDateTime) {
        if self.ttl.is_zero() {
            return;
        }
        let mut confirmed = self.confirmed.lock().unwrap_or_else(|e| e.into_inner());
        if confirmed.len() >= CONFIRMATIONS_MAX {
            confirmed.retain(|_, (at, _)| self.fresh(*at, now));
            if confirmed.len() >= CONFIRMATIONS_MAX {
                confirmed.clear();
            }
        }
        confirmed.insert(claims.jti.clone(), (now, account_writes));
    }

    /// An account changed (committed): no earlier confirmation holds.
    pub fn account_written(&self) {
        self.account_writes.fetch_add(1, Ordering::AcqRel);
    }
}

/// [`check_current`], remembered in `confirmations` when it holds.
pub fn confirm(
    conn: &mut AnyConnection,
    claims: &Claims,
    confirmations: &Confirmations,
    clock: &crate::clock::Clock,
) -> Result<(), ApiError> {
    let writes = confirmations.account_writes();
    check_current(conn, claims)?;
    confirmations.remember(claims, writes, clock.now());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn claims(jti: &str) -> Claims {
        Claims {
            iss: String::new(),
            aud: String::new(),
            sub: "user-1".into(),
            exp: 0,
            iat: 0,
            nbf: 0,
            jti: jti.into(),
            kind: SubjectKind::User,
            roles: Vec::new(),
            scope: String::new(),
            generation: 0,
            profile: None,
        }
    }

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + seconds, 0)
            .expect("a time")
            .naive_utc()
    }

    #[test]
    fn a_confirmation_holds_for_its_token_until_the_ttl_passes() {
        let confirmations = Confirmations::new(Duration::from_secs(1));
        let (token, other) = (claims("a"), claims("b"));
        assert!(!confirmations.holds(&token, at(0)), "nothing confirmed yet");
        confirmations.remember(&token, confirmations.account_writes(), at(0));
        assert!(confirmations.holds(&token, at(0)));
        assert!(confirmations.holds(&token, at(0) + TimeDelta::milliseconds(999)));
        assert!(!confirmations.holds(&token, at(1)), "the ttl has passed");
        assert!(!confirmations.holds(&token, at(-1)), "the clock went back");
        assert!(
            !confirmations.holds(&other, at(0)),
            "another token is not confirmed"
        );
    }

    #[test]
    fn an_account_write_ends_every_confirmation_even_one_made_while_it_ran() {
        let confirmations = Confirmations::new(Duration::from_secs(60));
        let (first, second) = (claims("a"), claims("b"));
        confirmations.remember(&first, confirmations.account_writes(), at(0));
        // The second token's check read the account before a write committed.
        let before_the_write = confirmations.account_writes();
        confirmations.account_written();
        confirmations.remember(&second, before_the_write, at(0));
        assert!(!confirmations.holds(&first, at(0)));
        assert!(!confirmations.holds(&second, at(0)));
        confirmations.remember(&second, confirmations.account_writes(), at(0));
        assert!(
            confirmations.holds(&second, at(0)),
            "a check after the write holds"
        );
    }

    #[test]
    fn a_zero_ttl_confirms_every_request() {
        let confirmations = Confirmations::new(Duration::ZERO);
        let token = claims("a");
        confirmations.remember(&token, confirmations.account_writes(), at(0));
        assert!(!confirmations.holds(&token, at(0)));
    }
}
