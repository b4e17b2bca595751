//! Database access, one module per aggregate, and the kernel every use case runs on: the unit
//! of work ([`Work`]) and versioned writes. Handlers call [`run`] or [`perform`], which take a
//! pooled connection on the blocking thread pool so that diesel never blocks the async workers.

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
pub mod versioned;
pub mod work;

pub use versioned::{IfMatch, Versioned};
pub use work::{Invariant, Isolation, Work, perform};

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
