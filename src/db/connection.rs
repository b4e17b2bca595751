use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, R2D2Connection};

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

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<AnyConnection, ConnectError> {
        match &self.url {
            DatabaseUrl::Sqlite { path } => {
                let mut conn = SqliteConnection::establish(path).map_err(|e| self.error(e))?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(|e| self.error(e))?;
                Ok(AnyConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres { url } => PgConnection::establish(url)
                .map(AnyConnection::Postgresql)
                .map_err(|e| self.error(e)),
        }
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), ConnectError> {
        conn.ping().map_err(|e| self.error(e))
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        conn.is_broken()
    }
}
