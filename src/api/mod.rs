//! HTTP handlers and their wire types. Handlers stay thin: check the operation's access rule,
//! read the request, run a use case, shape the response.

pub mod address;
pub mod concurrency;
pub mod csv;
pub mod extract;
pub mod health;
pub mod pagination;
pub mod problem;
pub mod v1;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented route; the OpenAPI document is collected from these.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::live)
        .service(health::ready)
        .service(health::metrics);
    cfg.service(utoipa_actix_web::scope("/api/v1").configure(v1::configure));
}
