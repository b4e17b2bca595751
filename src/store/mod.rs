//! Database access, one module per aggregate. Handlers call [`run`], which takes a pooled
//! connection on the blocking thread pool so that diesel never blocks the async workers.

pub mod audit;
pub mod clients;
pub mod health;
pub mod sessions;
pub mod settings;
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
