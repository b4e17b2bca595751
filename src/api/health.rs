//! Liveness and readiness for load balancers and orchestrators; public, no authentication.

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::AppState;
use crate::auth::policy;
use crate::error::{ApiError, Problem};
use crate::store;

const READY_WITHIN: std::time::Duration = std::time::Duration::from_secs(1);

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthStatus {
    /// Always `ok` when the status is 200.
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is serving requests.
#[utoipa::path(
    tag = "health",
    operation_id = "health_live",
    description = "Answers 200 while the process serves requests. Does not touch the database.\n\n**Who may call:** anyone.",
    responses((status = 200, description = "The process is serving.", body = HealthStatus)),
    security(())
)]
#[get("/health/live")]
pub async fn live() -> web::Json<HealthStatus> {
    policy::anyone();
    web::Json(HealthStatus { status: "ok" })
}

/// The service can do its work: the database answers a query.
#[utoipa::path(
    tag = "health",
    operation_id = "health_ready",
    description = "Answers 200 when a query to the database succeeds, else (also when it takes over a second) 503 with a problem document.\n\n**Who may call:** anyone.",
    responses(
        (status = 200, description = "The database answers.", body = HealthStatus),
        (status = 503, description = "The database does not answer.", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<web::Json<HealthStatus>, ApiError> {
    policy::anyone();
    // An orchestrator's probe must not hang with the database: it learns within a second.
    let ping = state.run(|conn| store::health::ping(conn).map_err(ApiError::database_unavailable));
    tokio::time::timeout(READY_WITHIN, ping)
        .await
        .map_err(|_| ApiError::database_unavailable(anyhow::anyhow!("no answer within 1 s")))??;
    Ok(web::Json(HealthStatus { status: "ok" }))
}
