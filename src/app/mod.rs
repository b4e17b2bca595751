//! Builds the actix `App`: routes, error handling, middleware, OpenAPI and Swagger UI.

pub mod account_changes;
pub mod bootstrap;
mod fallback;
mod headers;
mod idempotency;
pub mod metrics;
mod middleware;
pub mod openapi;
pub mod rate_limit;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpResponse, http::header, web};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::api::{self, extract};
use crate::db::{AnyConnection, Pool};
use crate::error::ApiError;
use crate::store::Work;
use crate::store::audit::Actor;

pub use middleware::RequestId;

/// What handlers share.
pub struct AppState {
    pub pool: Pool,
    pub issuer: crate::auth::grants::Issuer,
    /// The PPPK codes an NI PPPK may carry (`KINERJA_PPPK_CODES`).
    pub pppk_codes: crate::domain::nip::PppkCodes,
    /// The time use cases read; tests move it instead of waiting.
    pub clock: crate::clock::Clock,
    /// Password hashing, bounded (`KINERJA_HASH_THREADS`).
    pub hasher: crate::auth::password::Hasher,
    /// Failed-login limits per username and per address.
    pub login_limits: crate::domain::account::LoginLimits,
    /// Tokens a read recently confirmed (`KINERJA_TOKEN_RECHECK_MS`).
    pub confirmations: std::sync::Arc<crate::auth::principal::Confirmations>,
    /// Body and request deadlines (the head's is the server's).
    pub timeouts: crate::config::Timeouts,
    /// Origins whose browser scripts may call the API (`KINERJA_CORS_ORIGINS`).
    pub cors_origins: Vec<String>,
    /// Requests per caller and minute (`KINERJA_RATE_LIMIT_PER_MINUTE`; off until set).
    pub rate_limiter: rate_limit::RateLimiter,
    /// What `/metrics` reports.
    pub metrics: metrics::Metrics,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`KINERJA_TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<crate::net::Network>,
    /// The language of messages when `Accept-Language` names none of ours
    /// (`KINERJA_DEFAULT_LANGUAGE`).
    pub default_language: crate::language::Language,
}

impl AppState {
    /// Runs `work` with a pooled connection on a database thread, so that diesel never blocks
    /// the async workers. A request that cannot have a thread and a connection within the
    /// pool's timeout finds the database unavailable (503).
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let waits = crate::gauge::Waiting::on(&self.metrics.pool_waiting);
        let deadline = std::time::Instant::now() + pool.connection_timeout();
        let unconfirmed = crate::auth::principal::take_deferred_check();
        let (confirmations, clock) = (self.confirmations.clone(), self.clock.clone());
        web::block(move || {
            let _account_writes = AccountWrites::watch(confirmations.clone());
            // Work whose caller has waited out the timeout behind busy threads is not started.
            if std::time::Instant::now() > deadline {
                return Err(ApiError::database_unavailable(anyhow::anyhow!(
                    "no database thread free in time"
                )));
            }
            let mut conn =
                crate::db::checkout(&pool, deadline).map_err(ApiError::database_unavailable)?;
            drop(waits);
            let done = match unconfirmed {
                Some(claims) => {
                    crate::auth::principal::confirm(&mut conn, &claims, &confirmations, &clock)
                }
                None => Ok(()),
            }
            .and_then(|()| work(&mut conn));
            // A server error may be the database gone (a terminated backend is not always
            // reported as a closed connection): then the connection is not handed out again.
            if let Err(e) = &done
                && e.status() >= 500
                && (e.is_database_unavailable() || !conn.answers())
            {
                conn.mark_lost();
            }
            done
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs one use case as `actor` in a unit of work on a pooled connection.
    pub async fn perform<T, F>(&self, actor: Actor, use_case: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut Work<'_>) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let clock = self.clock.clone();
        self.run(move |conn| use_case(&mut Work::new(conn, actor, clock)))
            .await
    }
}

/// Ends token confirmations once work that wrote an account is over: its transaction has
/// ended, so what it committed is what others now read. Also when the work panicked.
struct AccountWrites(std::sync::Arc<crate::auth::principal::Confirmations>);

impl AccountWrites {
    fn watch(confirmations: std::sync::Arc<crate::auth::principal::Confirmations>) -> Self {
        // Left by work on this thread that did not run here (a test, a command).
        crate::store::take_account_written();
        AccountWrites(confirmations)
    }
}

impl Drop for AccountWrites {
    fn drop(&mut self) {
        if crate::store::take_account_written() {
            self.0.account_written();
        }
    }
}

/// The threads each worker runs database work on: its share of the pool's connections,
/// rounded up. Only [`AppState::run`] uses them, so about as many threads exist as connections
/// can serve: with actix's default (hundreds per worker) every request in flight had its own
/// thread, all contending for a few connections, and the switching between them, not the
/// queries, cost most of a read's time.
pub fn database_threads(pool_size: u32, workers: usize) -> usize {
    usize::try_from(pool_size)
        .unwrap_or(usize::MAX)
        .div_ceil(workers.max(1))
        .max(1)
}

/// Who a request speaks for, if it carries a valid token (`User:<id>`, `Client:<id>`): what
/// idempotency keys and rate-limit buckets belong to. Not the principal: the account is not read.
fn token_caller(req: &actix_web::HttpRequest, state: &AppState) -> Option<String> {
    let token = extract::bearer_token(req).ok()?;
    let claims = state.issuer.tokens.verify(&token).ok()?;
    Some(format!("{:?}:{}", claims.kind, claims.sub))
}

/// Where the generated document is served; Swagger UI reads it from here.
pub const OPENAPI_PATH: &str = "/api-docs/openapi.json";

/// The OpenAPI document, generated from the same route registration as the served app.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    documented_routes().1
}

/// The documented routes and the document collected from them.
fn documented_routes() -> (
    App<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse,
            Error = actix_web::Error,
            InitError = (),
        >,
    >,
    utoipa::openapi::OpenApi,
) {
    let (app, doc) = App::new()
        .into_utoipa_app()
        .openapi(openapi::base())
        .configure(api::configure)
        .split_for_parts();
    (app, openapi::finish(doc))
}

/// The whole application. `extra` adds undocumented routes (tests use it to exercise error
/// paths that no public route can reach on purpose); the service passes `|_| {}`.
pub fn build(
    state: web::Data<AppState>,
    body_limit: usize,
    extra: impl FnOnce(&mut web::ServiceConfig),
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, doc) = documented_routes();
    let routes = fallback::RouteTable::new(&doc);
    let body_timeout = state.timeouts.body;

    app.app_data(state)
        .app_data(web::Data::new(routes))
        .app_data(web::PayloadConfig::new(body_limit))
        .app_data(extract::BodyLimit(body_limit))
        .app_data(extract::BodyTimeout(body_timeout))
        .app_data(web::PathConfig::default().error_handler(extract::path_error))
        .configure(extra)
        .service(
            SwaggerUi::new("/docs/{_:.*}")
                .url(OPENAPI_PATH, doc)
                .config(
                    utoipa_swagger_ui::Config::default()
                        // No call to the public validator: the UI must work offline.
                        .validator_url("none")
                        .persist_authorization(true)
                        .display_operation_id(true),
                ),
        )
        // A person who opens the bare address (or `/docs`) lands in Swagger UI.
        .service(web::resource(["/", "/docs"]).get(|| async {
            HttpResponse::PermanentRedirect()
                .insert_header((header::LOCATION, "/docs/"))
                .finish()
        }))
        .default_service(web::to(fallback::not_found_or_method_not_allowed))
        .wrap(actix_web::middleware::from_fn(idempotency::idempotent))
        .wrap(actix_web::middleware::from_fn(rate_limit::rate_limited))
        .wrap(actix_web::middleware::from_fn(headers::security_headers))
        .wrap(actix_web::middleware::from_fn(middleware::request_context))
}
