//! Configuration from `KINERJA_*` environment variables. Every variable has a default that
//! works on a fresh machine; a bad value stops start-up with a message naming the variable.

use std::net::SocketAddr;
use std::time::Duration;

use crate::db::DatabaseUrl;

/// The defaults, in one place so that the README table and the code agree.
pub mod defaults {
    pub const DATABASE_URL: &str = "kinerja.db";
    pub const BIND: &str = "127.0.0.1:8080";
    pub const DB_POOL_SIZE: u32 = 8;
    pub const DB_CONNECT_TIMEOUT_SECS: u64 = 5;
    pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;
    pub const LOG: &str = "info";
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
            var("KINERJA_DB_POOL_SIZE", &defaults::DB_POOL_SIZE.to_string()),
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

        Ok(Config {
            database,
            bind,
            pool_size,
            db_connect_timeout: Duration::from_secs(connect_secs),
            body_limit,
            log_filter,
        })
    }
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
        assert_eq!(c.pool_size, 8);
        assert_eq!(c.log_filter, "info");
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
    }
}
