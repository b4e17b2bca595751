//! Database access, one module per aggregate. Handlers call [`run`], which takes a pooled
//! connection on the blocking thread pool so that diesel never blocks the async workers.

pub mod audit;
pub mod clients;
pub mod employees;
pub mod health;
pub mod periods;
pub mod plans;
pub mod sessions;
pub mod settings;
pub mod units;
pub mod users;

use actix_web::web;

use crate::db::{AnyConnection, Pool};
use crate::error::ApiError;

/// Runs `work` with a pooled connection off the async workers. A pool that cannot hand out a
/// connection in time means the database is unavailable (503).
pub async fn run<T, F>(pool: &Pool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get().map_err(ApiError::database_unavailable)?;
        work(&mut conn)
    })
    .await
    .map_err(ApiError::internal)?
}

/// Escapes LIKE's wildcards so a search for "a_b" finds "a_b" only (use with `.escape('\\')`).
pub fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

diesel::define_sql_function! {
    /// SQL `lower()`, for case-insensitive search on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// A read-check-write transaction. On SQLite it takes the write lock first (an update that
/// changes nothing), so a concurrent writer waits for `busy_timeout` instead of failing when a
/// read transaction tries to become a write one. On PostgreSQL, `serializable` runs it at
/// SERIALIZABLE, for checks that read rows the change does not write (a cycle in a tree); a
/// conflict there is 409 `concurrent_update`.
pub fn write_transaction<T>(
    conn: &mut AnyConnection,
    serializable: bool,
    work: impl FnOnce(&mut AnyConnection) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    use diesel::{Connection, RunQueryDsl};
    conn.transaction(|conn| {
        let first = match conn {
            AnyConnection::Sqlite(_) => Some("UPDATE settings SET value = value WHERE 0 = 1"),
            AnyConnection::Postgresql(_) if serializable => {
                Some("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
            }
            AnyConnection::Postgresql(_) => None,
        };
        if let Some(sql) = first {
            diesel::sql_query(sql).execute(conn)?;
        }
        work(conn)
    })
}
