//! Liveness and readiness for load balancers and orchestrators; public, no authentication.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::AppState;
use crate::app::metrics::Gauge;
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

/// Counters and gauges for Prometheus.
#[utoipa::path(
    tag = "health",
    operation_id = "metrics",
    description = "Prometheus text format (0.0.4): `kinerja_requests_total` by route template, \
        method and status; `kinerja_request_duration_seconds` (histogram) by route template and \
        method; `kinerja_db_pool_connections`, `kinerja_db_pool_in_use`, `kinerja_db_pool_waiting`; \
        `kinerja_hashing_running`, `kinerja_hashing_waiting` (password checks). Per server \
        process. Serve it to your monitoring network only.\n\n**Who may call:** anyone.",
    responses((status = 200, description = "The metrics.", body = String,
        content_type = "text/plain; version=0.0.4")),
    security(())
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    policy::anyone();
    let pool = state.pool.state();
    let connections = usize::try_from(pool.connections).unwrap_or(usize::MAX);
    let idle = usize::try_from(pool.idle_connections).unwrap_or(0);
    let gauges = [
        Gauge {
            name: "kinerja_db_pool_connections",
            help: "Database connections open.",
            value: connections,
        },
        Gauge {
            name: "kinerja_db_pool_in_use",
            help: "Database connections serving a request.",
            value: connections.saturating_sub(idle),
        },
        Gauge {
            name: "kinerja_db_pool_waiting",
            help: "Requests waiting for a database connection.",
            value: state
                .metrics
                .pool_waiting
                .load(std::sync::atomic::Ordering::Relaxed),
        },
        Gauge {
            name: "kinerja_hashing_running",
            help: "Password hashes being computed.",
            value: state.hasher.running(),
        },
        Gauge {
            name: "kinerja_hashing_waiting",
            help: "Password checks waiting for a hashing turn.",
            value: state.hasher.waiting(),
        },
    ];
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render(&gauges))
}
