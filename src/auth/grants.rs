//! The OAuth2 grants behind `POST /auth/token` (RFC 6749): password, client credentials and
//! refresh token, plus revocation. They run on the database threads; password hashes are checked
//! between two of their steps by [`super::password::Hasher`], holding no connection.

use std::collections::BTreeSet;

use serde::Serialize;
use utoipa::ToSchema;

use super::jwt::{Profile, SubjectKind};
use crate::clock::Clock;
use crate::db::AnyConnection;
use crate::domain::account::{self, LoginLimits, Role, Scope};
use crate::error::{ApiError, Code};
use crate::secret;
use crate::store::audit::Actor;
use crate::store::{Isolation, Work, clients, sessions, users};
use chrono::NaiveDateTime;

/// A successful token response (RFC 6749 section 5.1).
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJraW5lcmphIn0.c2lnbmF0dXJl",
    "token_type": "Bearer",
    "expires_in": 900,
    "scope": "hr",
    "refresh_token": "krt_Q2hhbmdlIG1lIHRvIGEgcmVhbCB0b2tlbiBwbGVhc2U"
})))]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Space-separated: a client's granted scopes, or a person's roles (empty for none).
    pub scope: String,
    /// For the password and refresh_token grants: an opaque token for `grant_type=refresh_token`.
    /// It works once; each use returns a new one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// What grants need to hand out tokens.
pub struct Issuer {
    /// Signs and verifies access tokens.
    pub tokens: super::jwt::Tokens,
    pub refresh_ttl: chrono::TimeDelta,
}

fn invalid_grant(detail: &str) -> ApiError {
    ApiError::oauth(Code::InvalidGrant, detail)
}

fn for_user(issuer: &Issuer, user: &users::UserRow, refresh_token: String) -> TokenResponse {
    let roles: BTreeSet<Role> = user.role_set();
    let names = roles.iter().map(|r| r.as_str().to_owned()).collect();
    TokenResponse {
        access_token: issuer.tokens.issue(
            &user.id,
            SubjectKind::User,
            names,
            String::new(),
            user.token_generation,
            Profile {
                name: user.username.clone(),
                scope_unit_id: user.scope_unit_id.clone(),
                employee_id: user.employee_id.clone(),
                version: None,
            },
        ),
        token_type: "Bearer",
        expires_in: issuer.tokens.access_ttl.as_secs(),
        scope: account::join(&roles, Role::as_str),
        refresh_token: Some(refresh_token),
    }
}

/// A password check under way: the attempt it counted (see [`begin_password_check`]) and the
/// account the username names, if any.
pub struct PasswordCheck {
    attempt_id: String,
    key: String,
    address: String,
    pub user: Option<users::UserRow>,
}

impl PasswordCheck {
    /// The hash to check the password against: none for an unknown username, which is then
    /// checked against nothing for as long as a real check takes.
    pub fn stored_hash(&self) -> Option<String> {
        self.user.as_ref().map(|u| u.password_hash.clone())
    }
}

/// Counts a password check of `username` from `address` and decides whether it may run now
/// (429 with `Retry-After` if not; see [`account::login_wait`]). The hash is checked afterwards,
/// without a database connection; then [`password`] or [`end_password_check`] finishes.
pub fn begin_password_check(
    conn: &mut AnyConnection,
    limits: &LoginLimits,
    now: NaiveDateTime,
    username: &str,
    address: &str,
) -> Result<PasswordCheck, ApiError> {
    // Counted on what a stored username would be.
    let key: String = account::normalize_username(username).unwrap_or_else(|_| {
        username
            .trim()
            .to_lowercase()
            .chars()
            .take(account::USERNAME_MAX)
            .collect()
    });
    let since = now - limits.window;
    let attempt_id = sessions::begin_attempt(conn, &key, address, now, since)?;
    let attempts = sessions::attempts_through(conn, &attempt_id, &key, address, since)?;
    if let Some(secs) = account::login_wait(limits, &attempts, now) {
        sessions::forget_attempt(conn, &attempt_id)?;
        return Err(ApiError::too_many_attempts(
            secs,
            format!("Too many failed logins; try again in {secs} seconds."),
        ));
    }
    Ok(PasswordCheck {
        user: users::find_by_username(conn, &key)?,
        attempt_id,
        key,
        address: address.to_owned(),
    })
}

/// Ends a check: a match clears this address's failures on the username; a mismatch stays
/// counted; a check that could not run (`None`) is forgotten. Returns whether it matched.
pub fn end_password_check(
    conn: &mut AnyConnection,
    check: &PasswordCheck,
    matched: Option<bool>,
) -> Result<bool, ApiError> {
    match matched {
        Some(true) => sessions::clear_pair(conn, &check.key, &check.address)?,
        Some(false) => sessions::settle_attempt(conn, &check.attempt_id)?,
        None => sessions::forget_attempt(conn, &check.attempt_id)?,
    }
    Ok(matched == Some(true))
}

/// The password grant, once the password was checked (`matched`). An unknown username, a wrong
/// password and a disabled account give the same answer after the same work.
pub fn password(
    conn: &mut AnyConnection,
    issuer: &Issuer,
    now: NaiveDateTime,
    check: PasswordCheck,
    matched: bool,
) -> Result<TokenResponse, ApiError> {
    let active = check.user.as_ref().is_some_and(|u| u.active);
    if !end_password_check(conn, &check, Some(matched && active))? {
        return Err(invalid_grant("The username or password is incorrect."));
    }
    let refused = || invalid_grant("The username or password is incorrect.");
    let checked = check.user.ok_or_else(refused)?;
    // The password was checked without a connection: if it changed meanwhile (or the account
    // was disabled, or its tokens ended), what was checked admits nobody.
    let user = users::find(conn, &checked.id)?
        .filter(|u| {
            u.active
                && u.password_hash == checked.password_hash
                && u.token_generation == checked.token_generation
        })
        .ok_or_else(refused)?;
    let refresh = sessions::issue_refresh(conn, &user.id, None, issuer.refresh_ttl, now)?;
    Ok(for_user(issuer, &user, refresh))
}

/// The client credentials grant; `requested` narrows the client's scopes.
pub fn client_credentials(
    conn: &mut AnyConnection,
    issuer: &Issuer,
    client_id: &str,
    client_secret: &str,
    requested: Option<&str>,
) -> Result<TokenResponse, ApiError> {
    let client = clients::find(conn, client_id)?
        .filter(|c| c.active && c.secret_hash == secret::digest(client_secret))
        .ok_or_else(|| ApiError::oauth(Code::InvalidClient, "Client authentication failed."))?;
    let held = client.scope_set();
    let granted: BTreeSet<Scope> = match requested {
        None => held,
        Some(list) => {
            let asked = account::parse_scopes(list).map_err(|name| {
                ApiError::oauth(Code::InvalidScope, format!("Unknown scope {name:?}."))
            })?;
            if let Some(extra) = asked.difference(&held).next() {
                return Err(ApiError::oauth(
                    Code::InvalidScope,
                    format!("The scope {extra} is not granted to this client."),
                ));
            }
            asked
        }
    };
    let scope = account::join(&granted, Scope::as_str);
    Ok(TokenResponse {
        access_token: issuer.tokens.issue(
            &client.id,
            SubjectKind::Client,
            Vec::new(),
            scope.clone(),
            0,
            Profile {
                name: client.name.clone(),
                scope_unit_id: None,
                employee_id: None,
                version: Some(client.version),
            },
        ),
        token_type: "Bearer",
        expires_in: issuer.tokens.access_ttl.as_secs(),
        scope,
        refresh_token: None,
    })
}

/// The refresh token grant: each token works once. Presenting one that was already used means
/// it was copied, so its whole family is revoked (RFC 9700 section 4.14.2).
pub fn refresh(
    conn: &mut AnyConnection,
    issuer: &Issuer,
    now: NaiveDateTime,
    token: &str,
) -> Result<TokenResponse, ApiError> {
    // The outer Result commits (a reuse must revoke even though the request fails).
    let mut work = Work::new(conn, Actor::system(), Clock::fixed(now));
    let outcome = work.transaction(Isolation::ReadCommitted, |work| {
        let conn = work.conn();
        let Some(row) = sessions::find_refresh(conn, token)? else {
            return Ok(Err("The refresh token is unknown."));
        };
        if row.revoked_at.is_some() {
            return Ok(Err("The refresh token has been revoked."));
        }
        if row.used_at.is_some() || !sessions::mark_used(conn, &row.id, now)? {
            end_login(conn, &row, now)?;
            return Ok(Err(
                "The refresh token was already used; every token of this login is now revoked.",
            ));
        }
        if row.expires_at <= now {
            return Ok(Err("The refresh token has expired."));
        }
        let Some(user) = users::find(conn, &row.user_id)?.filter(|u| u.active) else {
            return Ok(Err("The account is disabled."));
        };
        let next = sessions::issue_refresh(
            conn,
            &user.id,
            Some(&row.family_id),
            issuer.refresh_ttl,
            now,
        )?;
        Ok(Ok(for_user(issuer, &user, next)))
    })?;
    outcome.map_err(invalid_grant)
}

/// Revokes the family of a refresh token (RFC 7009: unknown tokens are not an error).
pub fn revoke(conn: &mut AnyConnection, token: &str, now: NaiveDateTime) -> Result<(), ApiError> {
    if let Some(row) = sessions::find_refresh(conn, token)? {
        end_login(conn, &row, now)?;
    }
    Ok(())
}

/// Ends a login: its refresh tokens, and every access token of the person (an access token
/// does not say which login issued it; other logins refresh theirs once).
fn end_login(
    conn: &mut AnyConnection,
    row: &sessions::RefreshRow,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    sessions::revoke_family(conn, &row.family_id, now)?;
    users::end_access_tokens(conn, &row.user_id)?;
    Ok(())
}
