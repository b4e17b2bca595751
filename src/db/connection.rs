use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, R2D2Connection};
use std::time::{Duration, Instant};

use super::DatabaseUrl;

/// One connection type for both backends; queries written against it run on either.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Sqlite(SqliteConnection),
    Postgresql(PgConnection),
}

/// Why a connection could not be opened, in one line that names the database and the
/// driver's reason.
#[derive(Debug, thiserror::Error)]
#[error("cannot connect to {target}: {reason}")]
pub struct ConnectError {
    pub target: String,
    pub reason: String,
}

/// An r2d2 manager that opens the right backend and reports the real error (diesel's stock
/// manager for a `MultiConnection` only says "Invalid connection url").
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl Manager {
    pub fn new(url: DatabaseUrl) -> Self {
        Manager { url }
    }

    fn error(&self, reason: impl std::fmt::Display) -> ConnectError {
        ConnectError {
            target: self.url.to_string(),
            // libpq's messages span lines; a start-up error should be one line.
            reason: reason
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// Per-connection SQLite settings: WAL lets readers run beside a writer, `busy_timeout` makes
/// concurrent writers wait instead of failing, foreign keys are off unless asked for, and
/// `synchronous=NORMAL` is the safe and fast choice under WAL.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

/// A pooled connection, with what the pool needs to know about it beyond the driver: since when
/// it has sat idle, so that only one idle for a while is pinged first (a ping on every checkout
/// would add a round trip to every request), and whether the database was found gone on it, so
/// that it is closed instead of handed out again.
pub struct Pooled {
    conn: AnyConnection,
    idle_since: Instant,
    lost: bool,
}

/// How long a connection may sit idle before it is pinged on checkout. After a database
/// restart an idle server loses no request; a busy one loses at most one per connection (the
/// query that finds it closed), which drops it.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(1);

impl Pooled {
    /// Whether it has sat idle long enough to be pinged before use.
    pub fn needs_ping(&self) -> bool {
        self.idle_since.elapsed() >= PING_WHEN_IDLE_FOR
    }

    /// Whether the database answers a ping on it.
    pub fn answers(&mut self) -> bool {
        self.conn.ping().is_ok()
    }

    /// The database closed it (or stopped answering on it): the pool drops it when it returns.
    pub fn mark_lost(&mut self) {
        self.lost = true;
    }
}

impl std::ops::Deref for Pooled {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

impl ManageConnection for Manager {
    type Connection = Pooled;
    type Error = ConnectError;

    fn connect(&self) -> Result<Pooled, ConnectError> {
        let conn = match &self.url {
            DatabaseUrl::Sqlite { path } => {
                let mut conn = SqliteConnection::establish(path).map_err(|e| self.error(e))?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(|e| self.error(e))?;
                AnyConnection::Sqlite(conn)
            }
            DatabaseUrl::Postgres { url } => PgConnection::establish(url)
                .map(AnyConnection::Postgresql)
                .map_err(|e| self.error(e))?,
        };
        Ok(Pooled {
            conn,
            idle_since: Instant::now(),
            lost: false,
        })
    }

    fn is_valid(&self, pooled: &mut Pooled) -> Result<(), ConnectError> {
        pooled.conn.ping().map_err(|e| self.error(e))
    }

    /// Asked by the pool as a connection returns to it: the moment its idleness starts.
    fn has_broken(&self, pooled: &mut Pooled) -> bool {
        pooled.idle_since = Instant::now();
        pooled.lost || pooled.conn.is_broken()
    }
}
