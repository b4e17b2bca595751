//! Version 1 of the API, mounted at `/api/v1`.

pub mod calculators;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(calculators::distribution_check);
}
