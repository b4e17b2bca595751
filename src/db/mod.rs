//! The database: SQLite (embedded default) or PostgreSQL, chosen by URL, behind one pool and
//! one connection type so that every query is written once.

mod connection;
mod migrations;
pub mod schema;
mod url;

use std::time::{Duration, Instant};

pub use connection::{AnyConnection, ConnectError, Manager, Pooled};
pub use migrations::{MigrationError, run_pending_migrations};
pub use url::DatabaseUrl;

pub type Pool = diesel::r2d2::Pool<Manager>;
pub type PooledConnection = diesel::r2d2::PooledConnection<Manager>;

/// Opens one connection first so that an unreachable database is reported with the driver's
/// own reason (r2d2 would only say that it timed out), then builds the pool around it.
pub fn connect(
    url: &DatabaseUrl,
    max_size: u32,
    connect_timeout: Duration,
) -> Result<Pool, ConnectError> {
    use diesel::r2d2::ManageConnection;
    let manager = Manager::new(url.clone());
    drop(manager.connect()?);
    Ok(diesel::r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(0))
        .connection_timeout(connect_timeout)
        // `checkout` pings only connections that sat idle.
        .test_on_check_out(false)
        .build_unchecked(manager))
}

/// A connection from the pool that answers, by `deadline`. One idle for a while is pinged
/// first and, if it does not answer (a database restart closes every pooled connection),
/// dropped for the next; one just opened or just used is handed out as it is.
pub fn checkout(
    pool: &Pool,
    deadline: Instant,
) -> Result<PooledConnection, diesel::r2d2::PoolError> {
    loop {
        let mut conn = pool.get_timeout(deadline.saturating_duration_since(Instant::now()))?;
        if !conn.needs_ping() || conn.answers() {
            return Ok(conn);
        }
        conn.mark_lost();
    }
}

/// Connects and brings the schema up to date; returns the pool and the migrations applied.
pub fn connect_and_migrate(
    url: &DatabaseUrl,
    max_size: u32,
    connect_timeout: Duration,
) -> Result<(Pool, Vec<String>), String> {
    let pool = connect(url, max_size, connect_timeout).map_err(|e| e.to_string())?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot connect to {url}: {e}"))?;
    let applied = run_pending_migrations(&mut conn).map_err(|e| e.to_string())?;
    drop(conn);
    Ok((pool, applied))
}
