//! Configuration from `KINERJA_*` environment variables. Every variable has a default that
//! works on a fresh machine; a bad value stops start-up with a message naming the variable.

use std::net::SocketAddr;
use std::time::Duration;

use crate::db::DatabaseUrl;
use crate::domain::nip::PppkCodes;

/// The defaults, in one place so that the README table and the code agree.
pub mod defaults {
    pub const DATABASE_URL: &str = "kinerja.db";
    pub const BIND: &str = "127.0.0.1:8080";
    /// The cores this process may use: the server runs one worker per core.
    pub fn cores() -> usize {
        std::thread::available_parallelism().map_or(1, usize::from)
    }
    /// Database connections: per core, 2 on SQLite (one writer at a time, reads in
    /// microseconds: more threads only switch more) and 4 on PostgreSQL (each waits on a
    /// round trip). Each worker runs its share of them as its database threads.
    pub fn db_pool_size(database: &crate::db::DatabaseUrl) -> u32 {
        let per_core = match database {
            crate::db::DatabaseUrl::Sqlite { .. } => 2,
            crate::db::DatabaseUrl::Postgres { .. } => 4,
        };
        u32::try_from(cores() * per_core).unwrap_or(256).min(256)
    }
    pub const DB_CONNECT_TIMEOUT_SECS: u64 = 5;
    pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;
    pub const LOG: &str = "info";
    pub const LOG_FORMAT: &str = "text";
    pub const LANGUAGE: &str = "id";
    pub const ACCESS_TOKEN_TTL_SECS: u64 = 15 * 60;
    pub const REFRESH_TOKEN_TTL_SECS: u64 = 14 * 24 * 3600;
    pub const ADMIN_USERNAME: &str = "admin";
    pub const PPPK_CODES: &str = "21-29";
    pub const HASH_WAIT_MS: u64 = 2000;
    pub const TOKEN_RECHECK_MS: u64 = 1000;
    pub const HEAD_TIMEOUT_SECS: u64 = 5;
    pub const BODY_TIMEOUT_SECS: u64 = 10;
    pub const REQUEST_DEADLINE_SECS: u64 = 60;
    pub const MAX_CONNECTIONS: usize = 10_000;
    pub const RATE_LIMIT_PER_MINUTE: u32 = 1200;
    pub const LOGIN_FAILURES_PER_USERNAME: usize = 5;
    pub const LOGIN_FAILURES_PER_ADDRESS: usize = 30;
    pub const LOGIN_WINDOW_SECS: i64 = 15 * 60;

    /// Password hashes at once: the number of cores.
    pub fn hash_threads() -> usize {
        cores()
    }
}

/// A value that must not appear in logs or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// Tokens and the first-start account.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// `KINERJA_JWT_SECRET`; when absent a key is generated once and kept in the database.
    pub jwt_secret: Option<Secret>,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// The account created on first start.
    pub admin_username: String,
    /// Its password; generated and printed once when absent.
    pub admin_password: Option<Secret>,
    /// `KINERJA_HASH_THREADS`: password hashes run at once.
    pub hash_threads: usize,
    /// `KINERJA_HASH_WAIT_MS`: how long a login waits for a turn before it gets 503.
    pub hash_wait: Duration,
    /// `KINERJA_LOGIN_FAILURES_PER_USERNAME`, `_PER_ADDRESS`, `KINERJA_LOGIN_WINDOW_SECS`.
    pub login_limits: crate::domain::account::LoginLimits,
    /// `KINERJA_TOKEN_RECHECK_MS`: how long a read trusts a token whose account it confirmed,
    /// as long as no account was written (0: confirm on every read). Bounds how late a logout
    /// through another server process on the same database is seen (on PostgreSQL usually
    /// much sooner: `app::account_changes`).
    pub token_recheck: Duration,
}

/// How long a client may take, and a request may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// `KINERJA_HEAD_TIMEOUT_SECS`: for the request line and headers (else 408, closed).
    pub head: Duration,
    /// `KINERJA_BODY_TIMEOUT_SECS`: for the body (else 408 `request_timeout`, closed).
    pub body: Duration,
    /// `KINERJA_REQUEST_DEADLINE_SECS`: for the whole request (else 503 `server_busy`).
    pub deadline: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            head: Duration::from_secs(defaults::HEAD_TIMEOUT_SECS),
            body: Duration::from_secs(defaults::BODY_TIMEOUT_SECS),
            deadline: Duration::from_secs(defaults::REQUEST_DEADLINE_SECS),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseUrl,
    pub bind: SocketAddr,
    pub pool_size: u32,
    /// How long a request waits for a database connection before it answers 503.
    pub db_connect_timeout: Duration,
    pub body_limit: usize,
    pub log_filter: String,
    /// `KINERJA_LOG_FORMAT`: `text` (default) or `json` (one JSON object per line).
    pub json_logs: bool,
    /// `KINERJA_DEFAULT_LANGUAGE`: `id` (default) or `en`, for callers whose
    /// `Accept-Language` names neither.
    pub default_language: crate::language::Language,
    pub auth: AuthConfig,
    /// `KINERJA_PPPK_CODES`: the PPPK codes (digits 13-14 of an NI PPPK) new numbers may carry.
    pub pppk_codes: PppkCodes,
    pub timeouts: Timeouts,
    /// `KINERJA_MAX_CONNECTIONS`: open connections per worker thread; more wait to be accepted.
    pub max_connections: usize,
    /// `KINERJA_CORS_ORIGINS`: origins (`https://app.example.go.id`) whose browser scripts may
    /// call the API, comma-separated; none by default.
    pub cors_origins: Vec<String>,
    /// `KINERJA_RATE_LIMIT_PER_MINUTE`: requests per caller and minute (0: no limit).
    pub rate_limit_per_minute: u32,
    /// `KINERJA_TRUSTED_PROXIES`: reverse proxies (addresses or networks) whose
    /// `X-Forwarded-For` names the client; none by default.
    pub trusted_proxies: Vec<crate::net::Network>,
}

/// A variable whose value cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid {var}={value:?}: {reason}")]
pub struct ConfigError {
    pub var: &'static str,
    pub value: String,
    pub reason: String,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `get`, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &'static str, default: &str| {
            let value = get(name).unwrap_or_else(|| default.to_owned());
            (name, value)
        };

        let (name, value) = var("KINERJA_DATABASE_URL", defaults::DATABASE_URL);
        let database = DatabaseUrl::parse(&value).map_err(|reason| ConfigError {
            var: name,
            value: value.clone(),
            reason,
        })?;

        let (name, value) = var("KINERJA_BIND", defaults::BIND);
        let bind = value.parse::<SocketAddr>().map_err(|_| ConfigError {
            var: name,
            value: value.clone(),
            reason: "expected an address and port such as 127.0.0.1:8080 or [::1]:8080".into(),
        })?;

        let pool_size = parse_in_range(
            var(
                "KINERJA_DB_POOL_SIZE",
                &defaults::db_pool_size(&database).to_string(),
            ),
            1,
            256,
        )?;
        let connect_secs = parse_in_range(
            var(
                "KINERJA_DB_CONNECT_TIMEOUT_SECS",
                &defaults::DB_CONNECT_TIMEOUT_SECS.to_string(),
            ),
            1,
            300,
        )?;
        let body_limit = parse_in_range(
            var(
                "KINERJA_BODY_LIMIT_BYTES",
                &defaults::BODY_LIMIT_BYTES.to_string(),
            ),
            1024,
            64 * 1024 * 1024,
        )?;

        let (name, log_filter) = var("KINERJA_LOG", defaults::LOG);
        if let Err(err) = tracing_subscriber::EnvFilter::try_new(&log_filter) {
            return Err(ConfigError {
                var: name,
                value: log_filter,
                reason: format!("not a log filter ({err}); try info or kinerja=debug,info"),
            });
        }

        let (name, value) = var("KINERJA_LOG_FORMAT", defaults::LOG_FORMAT);
        let json_logs = match value.as_str() {
            "text" => false,
            "json" => true,
            _ => {
                return Err(ConfigError {
                    var: name,
                    value,
                    reason: "`text` or `json`".into(),
                });
            }
        };

        let (name, value) = var("KINERJA_DEFAULT_LANGUAGE", defaults::LANGUAGE);
        let default_language = match value.as_str() {
            "id" | "en" => crate::language::Language::from_tag(&value),
            _ => None,
        }
        .ok_or_else(|| ConfigError {
            var: name,
            value: value.clone(),
            reason: "`id` (Indonesian) or `en` (English)".into(),
        })?;

        let (name, value) = var("KINERJA_PPPK_CODES", defaults::PPPK_CODES);
        let pppk_codes = value.parse::<PppkCodes>().map_err(|reason| ConfigError {
            var: name,
            value: value.clone(),
            reason,
        })?;

        let auth = auth_config(&get)?;

        let secs = |name: &'static str, default: u64| {
            parse_in_range(var(name, &default.to_string()), 1, 3600).map(Duration::from_secs)
        };
        let timeouts = Timeouts {
            head: secs("KINERJA_HEAD_TIMEOUT_SECS", defaults::HEAD_TIMEOUT_SECS)?,
            body: secs("KINERJA_BODY_TIMEOUT_SECS", defaults::BODY_TIMEOUT_SECS)?,
            deadline: secs(
                "KINERJA_REQUEST_DEADLINE_SECS",
                defaults::REQUEST_DEADLINE_SECS,
            )?,
        };
        let max_connections = parse_in_range(
            var(
                "KINERJA_MAX_CONNECTIONS",
                &defaults::MAX_CONNECTIONS.to_string(),
            ),
            1,
            1_000_000,
        )?;

        let (name, value) = var("KINERJA_CORS_ORIGINS", "");
        let cors_origins = cors_origins(&value).map_err(|reason| ConfigError {
            var: name,
            value: value.clone(),
            reason,
        })?;

        let rate_limit_per_minute = parse_in_range(
            var(
                "KINERJA_RATE_LIMIT_PER_MINUTE",
                &defaults::RATE_LIMIT_PER_MINUTE.to_string(),
            ),
            0,
            1_000_000,
        )?;

        let (name, value) = var("KINERJA_TRUSTED_PROXIES", "");
        let trusted_proxies = value
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::parse)
            .collect::<Result<Vec<_>, String>>()
            .map_err(|reason| ConfigError {
                var: name,
                value: value.clone(),
                reason,
            })?;

        Ok(Config {
            trusted_proxies,
            rate_limit_per_minute,
            cors_origins,
            timeouts,
            max_connections,
            auth,
            database,
            bind,
            pool_size,
            db_connect_timeout: Duration::from_secs(connect_secs),
            body_limit,
            log_filter,
            json_logs,
            default_language,
            pppk_codes,
        })
    }
}

fn auth_config(get: &impl Fn(&str) -> Option<String>) -> Result<AuthConfig, ConfigError> {
    use crate::auth::jwt::MIN_SECRET_BYTES;
    use crate::domain::account;

    let jwt_secret = match get("KINERJA_JWT_SECRET") {
        Some(value) if value.len() < MIN_SECRET_BYTES => {
            return Err(ConfigError {
                var: "KINERJA_JWT_SECRET",
                value: "(hidden)".into(),
                reason: format!(
                    "{} bytes is too short; use at least {MIN_SECRET_BYTES} random bytes, or unset it to let the service generate one",
                    value.len()
                ),
            });
        }
        other => other.map(Secret),
    };
    let ttl = |name: &'static str, default: u64, min: u64, max: u64| {
        let value = get(name).unwrap_or_else(|| default.to_string());
        parse_in_range((name, value), min, max).map(Duration::from_secs)
    };
    let access_ttl = ttl(
        "KINERJA_ACCESS_TOKEN_TTL_SECS",
        defaults::ACCESS_TOKEN_TTL_SECS,
        60,
        24 * 3600,
    )?;
    let refresh_ttl = ttl(
        "KINERJA_REFRESH_TOKEN_TTL_SECS",
        defaults::REFRESH_TOKEN_TTL_SECS,
        300,
        365 * 24 * 3600,
    )?;

    let raw = get("KINERJA_ADMIN_USERNAME").unwrap_or_else(|| defaults::ADMIN_USERNAME.into());
    let admin_username = account::normalize_username(&raw).map_err(|(_, reason)| ConfigError {
        var: "KINERJA_ADMIN_USERNAME",
        value: raw.clone(),
        reason,
    })?;
    let number = |name: &'static str, default: String| (name, get(name).unwrap_or(default));
    let hash_threads = parse_in_range(
        number("KINERJA_HASH_THREADS", defaults::hash_threads().to_string()),
        1,
        256,
    )?;
    let token_recheck = parse_in_range(
        number(
            "KINERJA_TOKEN_RECHECK_MS",
            defaults::TOKEN_RECHECK_MS.to_string(),
        ),
        0,
        60_000,
    )?;
    let hash_wait = parse_in_range(
        number("KINERJA_HASH_WAIT_MS", defaults::HASH_WAIT_MS.to_string()),
        0,
        60_000,
    )?;
    let login_limits = account::LoginLimits {
        per_username: parse_in_range(
            number(
                "KINERJA_LOGIN_FAILURES_PER_USERNAME",
                defaults::LOGIN_FAILURES_PER_USERNAME.to_string(),
            ),
            1,
            1000,
        )?,
        per_address: parse_in_range(
            number(
                "KINERJA_LOGIN_FAILURES_PER_ADDRESS",
                defaults::LOGIN_FAILURES_PER_ADDRESS.to_string(),
            ),
            1,
            1_000_000,
        )?,
        window: chrono::TimeDelta::seconds(parse_in_range(
            number(
                "KINERJA_LOGIN_WINDOW_SECS",
                defaults::LOGIN_WINDOW_SECS.to_string(),
            ),
            60,
            86_400,
        )?),
    };
    let admin_password = get("KINERJA_ADMIN_PASSWORD").map(Secret);
    if let Some(password) = &admin_password {
        account::check_password(password.expose(), &admin_username).map_err(|(_, reason)| {
            ConfigError {
                var: "KINERJA_ADMIN_PASSWORD",
                value: "(hidden)".into(),
                reason: format!("the password policy requires {reason}"),
            }
        })?;
    }
    Ok(AuthConfig {
        jwt_secret,
        access_ttl,
        refresh_ttl,
        admin_username,
        admin_password,
        hash_threads,
        hash_wait: Duration::from_millis(hash_wait),
        token_recheck: Duration::from_millis(token_recheck),
        login_limits,
    })
}

/// A comma-separated list of origins: scheme, host and optional port, nothing more.
fn cors_origins(list: &str) -> Result<Vec<String>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|origin| {
            let rest = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            match rest {
                // Browsers send scheme and host in lower case.
                Some(host) if !host.is_empty() && !host.contains(['/', '*', ' ']) => {
                    Ok(origin.to_ascii_lowercase())
                }
                _ => Err(format!(
                    "{origin:?} is not an origin such as https://app.example.go.id"
                )),
            }
        })
        .collect()
}

fn parse_in_range<T>((var, value): (&'static str, String), min: T, max: T) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    match value.trim().parse::<T>() {
        Ok(n) if n >= min && n <= max => Ok(n),
        _ => Err(ConfigError {
            var,
            value,
            reason: format!("expected a whole number from {min} to {max}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn defaults_select_a_local_sqlite_file() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(
            c.database,
            DatabaseUrl::Sqlite {
                path: "kinerja.db".into()
            }
        );
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.body_limit, 1_048_576);
        assert_eq!(c.pool_size, defaults::db_pool_size(&c.database));
        let postgres = config(&[("KINERJA_DATABASE_URL", "postgres://db.example/kinerja")])
            .expect("a PostgreSQL URL");
        assert_eq!(
            postgres.pool_size,
            (2 * c.pool_size).min(256),
            "PostgreSQL gets twice SQLite's (at most 256)"
        );
        assert_eq!(c.log_filter, "info");
        assert!(!c.json_logs);
        assert_eq!(c.default_language, crate::language::Language::Indonesian);
        assert_eq!(c.pppk_codes, PppkCodes::default());
        assert_eq!(c.pppk_codes.to_string(), defaults::PPPK_CODES);
    }

    #[test]
    fn a_bad_value_names_the_variable() {
        let err = config(&[("KINERJA_BIND", "localhost")]).expect_err("not a socket address");
        assert_eq!(err.var, "KINERJA_BIND");
        assert!(
            err.to_string()
                .starts_with("invalid KINERJA_BIND=\"localhost\"")
        );

        let err = config(&[("KINERJA_DB_POOL_SIZE", "0")]).expect_err("zero connections");
        assert_eq!(err.var, "KINERJA_DB_POOL_SIZE");

        let err = config(&[("KINERJA_BODY_LIMIT_BYTES", "1MiB")]).expect_err("not a number");
        assert_eq!(err.var, "KINERJA_BODY_LIMIT_BYTES");

        let err = config(&[("KINERJA_LOG", "kinerja=loud")]).expect_err("not a level");
        assert_eq!(err.var, "KINERJA_LOG");

        let err = config(&[("KINERJA_DATABASE_URL", "mysql://x/y")]).expect_err("no MySQL");
        assert_eq!(err.var, "KINERJA_DATABASE_URL");

        let err = config(&[("KINERJA_ACCESS_TOKEN_TTL_SECS", "5")]).expect_err("too short");
        assert_eq!(err.var, "KINERJA_ACCESS_TOKEN_TTL_SECS");

        let err = config(&[("KINERJA_PPPK_CODES", "21-2x")]).expect_err("not a range");
        assert_eq!(err.var, "KINERJA_PPPK_CODES");
        assert!(err.reason.contains("21-2x"), "{err}");
    }

    #[test]
    fn the_pppk_codes_are_a_list_or_a_range() {
        let c = config(&[("KINERJA_PPPK_CODES", "21, 24")]).expect("valid");
        assert!(c.pppk_codes.contains(24) && !c.pppk_codes.contains(22));
    }

    #[test]
    fn secrets_are_checked_and_never_shown() {
        let err = config(&[("KINERJA_JWT_SECRET", "short-secret")]).expect_err("< 32 bytes");
        assert_eq!(err.var, "KINERJA_JWT_SECRET");
        assert!(!err.to_string().contains("short-secret"));

        let err = config(&[("KINERJA_ADMIN_PASSWORD", "admin")]).expect_err("policy");
        assert_eq!(err.var, "KINERJA_ADMIN_PASSWORD");
        assert!(!err.to_string().contains("\"admin\""));

        let c = config(&[
            ("KINERJA_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("KINERJA_ADMIN_PASSWORD", "correct horse battery"),
        ])
        .expect("valid");
        let shown = format!("{c:?}");
        assert!(!shown.contains("0123456789abcdef") && !shown.contains("horse"));
        assert_eq!(c.auth.access_ttl, Duration::from_secs(900));
        assert_eq!(c.auth.admin_username, "admin");
    }
}
