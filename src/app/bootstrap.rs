//! First start: the token signing key and the first admin account.

use super::AppState;
use crate::auth::accounts::{self, NewPassword, NewUser};
use crate::auth::grants::Issuer;
use crate::auth::jwt::Tokens;
use crate::config::AuthConfig;
use crate::db::{AnyConnection, Pool};
use crate::domain::account::Role;
use crate::error::ApiError;
use crate::secret;
use crate::store::audit::Actor;
use crate::store::{Work, settings, users};

/// An account created with a generated password, which the caller shows once.
#[derive(Debug)]
pub struct GeneratedPassword {
    pub username: String,
    pub password: String,
}

/// Loads or generates the signing key, creates the first admin when there is no account, and
/// returns the state handlers share.
pub fn prepare(
    pool: Pool,
    auth: &AuthConfig,
) -> Result<(AppState, Option<GeneratedPassword>), String> {
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot reach the database: {e}"))?;
    let key = match &auth.jwt_secret {
        Some(secret) => secret.expose().as_bytes().to_vec(),
        None => settings::get_or_create(&mut conn, "jwt_secret", || secret::random_token(48))
            .map_err(|e| format!("cannot load the token signing key: {e}"))?
            .into_bytes(),
    };
    let generated = if users::is_empty(&mut conn).map_err(|e| e.to_string())? {
        let password = auth.admin_password.as_ref().map(|p| p.expose());
        match create_user(&mut conn, &auth.admin_username, password, vec![Role::Admin]) {
            Ok(generated) => generated,
            // Another instance starting at the same moment created it first.
            Err(_) if !users::is_empty(&mut conn).unwrap_or(true) => None,
            Err(e) => return Err(format!("cannot create the first admin account: {e}")),
        }
    } else {
        None
    };
    drop(conn);
    let state = AppState {
        pool,
        issuer: Issuer {
            tokens: Tokens::new(&key, auth.access_ttl),
            refresh_ttl: chrono::TimeDelta::from_std(auth.refresh_ttl)
                .unwrap_or(chrono::TimeDelta::days(14)),
        },
        pppk_codes: Default::default(),
        clock: crate::clock::Clock::system(),
        hasher: crate::auth::password::Hasher::new(auth.hash_threads, auth.hash_wait),
        login_limits: auth.login_limits,
        confirmations: std::sync::Arc::new(crate::auth::principal::Confirmations::new(
            auth.token_recheck,
        )),
        timeouts: Default::default(),
        cors_origins: Vec::new(),
        rate_limiter: super::rate_limit::RateLimiter::new(0),
        metrics: Default::default(),
        trusted_proxies: Vec::new(),
        default_language: crate::language::Language::Indonesian,
    };
    Ok((state, generated))
}

/// Creates an account with `password`, or a generated one that is returned to be shown once.
pub fn create_user(
    conn: &mut AnyConnection,
    username: &str,
    password: Option<&str>,
    roles: Vec<Role>,
) -> Result<Option<GeneratedPassword>, String> {
    let generated = password.is_none().then(|| secret::random_token(18));
    let input = NewUser {
        username: username.to_owned(),
        password: NewPassword::hashed_here(password.or(generated.as_deref()).unwrap_or_default()),
        roles,
        scope_unit_id: None,
        employee_id: None,
    };
    let clock = crate::clock::Clock::system();
    let row = accounts::build_user(input, clock.now()).map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                format!(
                    "{}: {}",
                    e.pointer.as_deref().unwrap_or("").trim_start_matches('/'),
                    e.message
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let mut work = Work::new(conn, Actor::system(), clock);
    accounts::insert_user(&mut work, &row).map_err(|e: ApiError| e.to_string())?;
    Ok(generated.map(|password| GeneratedPassword {
        username: row.username,
        password,
    }))
}
