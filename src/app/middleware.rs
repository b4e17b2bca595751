//! The outermost middleware: a request id on every response, an access log line, the logged
//! cause of every 5xx, and a problem document for any error response that lacks one (actix's
//! own 404/405 from a resource, Swagger UI's missing files).

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError, web};
use futures_util::FutureExt;
use tracing::Instrument;

use super::AppState;
use crate::api::problem::{localize, mark_language};
use crate::auth::principal;
use crate::error::{ApiError, Code, PROBLEM_JSON};
use crate::language::Language;

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the current request, echoed from a valid `X-Request-Id` or generated.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// An incoming id is echoed only if it is short and plain, so it is safe in logs and headers.
fn valid_request_id(value: &str) -> bool {
    (1..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let request_id = req
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| valid_request_id(v))
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
    req.extensions_mut().insert(RequestId(request_id.clone()));

    let span = tracing::info_span!("request", request_id = %request_id);
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>();
    let language = crate::api::extract::language(req.request());
    // Errors answered from here on, outside the routes, in the caller's language.
    let failed = |error: ApiError| -> actix_web::Error {
        let error = error.with_header("x-request-id", request_id.clone());
        let response = error.error_response_in(language);
        actix_web::error::InternalError::from_response(error, response).into()
    };
    if req.path().to_ascii_lowercase().contains("%00") {
        // No id holds the NUL character (and no database could look one up).
        return Err(failed(ApiError::new(
            Code::NotFound,
            "No resource has an id holding NUL (%00).",
        )));
    }
    let deadline = state.map_or(Duration::from_secs(3600), |s| s.timeouts.deadline);
    let state = state.cloned();
    // A panicking handler would otherwise drop the connection with no answer. The request
    // cannot be cloned before routing (actix needs it unshared), so a panic is answered through
    // `Err`, which actix renders with `ApiError`'s problem document.
    let handled = tokio::time::timeout(
        deadline,
        confirmed(state, next.call(req)).instrument(span.clone()),
    );
    let response = match AssertUnwindSafe(handled).catch_unwind().await {
        Ok(Ok(result)) => result?,
        Ok(Err(_)) => {
            tracing::warn!(parent: &span, deadline_secs = deadline.as_secs(), "deadline passed");
            // Work on a database thread cannot be stopped: a write may still commit.
            return Err(failed(ApiError::server_busy(format!(
                "The request took longer than {} seconds. A write may still complete: retry it \
                 with the same Idempotency-Key.",
                deadline.as_secs()
            ))));
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(parent: &span, cause = %message, "handler panicked");
            return Err(failed(ApiError::internal(anyhow::anyhow!(
                "panic: {message}"
            ))));
        }
    };
    // Routing, extractors and handlers turn their errors into responses, so `Err` above only
    // comes from a failing middleware, and there is none inside this one.
    let mut response = localized(
        ensure_problem_body(response.map_into_boxed_body()),
        language,
    )
    .await;

    let _entered = span.enter();
    let status = response.status();
    if status.is_server_error() {
        let cause = response
            .response()
            .error()
            .and_then(|e| e.as_error::<ApiError>())
            .and_then(ApiError::cause)
            .map(|c| format!("{c:#}"));
        tracing::error!(
            cause = cause.as_deref().unwrap_or("unknown"),
            status = status.as_u16(),
            "request failed"
        );
    }
    let elapsed = started.elapsed();
    tracing::info!(
        method = %response.request().method(),
        path = response.request().path(),
        status = status.as_u16(),
        elapsed_ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    if let Some(state) = response.request().app_data::<web::Data<AppState>>() {
        let request = response.request();
        // The route template, so that ids do not make a series each.
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_owned());
        let method = super::metrics::method_label(request.method().as_str());
        state
            .metrics
            .observe(method, &route, status.as_u16(), elapsed);
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(X_REQUEST_ID, value);
    }
    Ok(response)
}

/// Runs the rest of the chain with room for a deferred token check (`principal::defer_check`):
/// a read whose handler made no database hop has its token's account confirmed here, and a
/// failed confirmation answers 401 instead of the handler's response.
async fn confirmed<B: MessageBody + 'static>(
    state: Option<web::Data<AppState>>,
    rest: impl Future<Output = Result<ServiceResponse<B>, actix_web::Error>>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    principal::with_deferred_check(async move {
        let response = rest.await?.map_into_boxed_body();
        let (Some(claims), Some(state)) = (principal::take_deferred_check(), state) else {
            return Ok(response);
        };
        let (confirmations, clock) = (state.confirmations.clone(), state.clock.clone());
        Ok(
            match state
                .run(move |conn| principal::confirm(conn, &claims, &confirmations, &clock))
                .await
            {
                Ok(()) => response,
                Err(error) => response.into_response(error.error_response()),
            },
        )
    })
    .await
}

/// A problem document's texts in `language` (`Content-Language` says which). Only problem
/// bodies are read; they are small and whole.
async fn localized(res: ServiceResponse<BoxBody>, language: Language) -> ServiceResponse<BoxBody> {
    let is_problem = is_problem(&res);
    if !is_problem {
        return res;
    }
    let (req, response) = res.into_parts();
    let (mut head, body) = response.into_parts();
    let mut problem = match actix_web::body::to_bytes(body).await {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
        Err(_) => serde_json::Value::Null,
    };
    localize(&mut problem, language);
    let headers = head.headers_mut();
    mark_language(headers, language);
    headers.remove(header::CONTENT_LENGTH);
    ServiceResponse::new(req, head.set_body(BoxBody::new(problem.to_string())))
}

fn is_problem(res: &ServiceResponse<BoxBody>) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes().starts_with(PROBLEM_JSON.as_bytes()))
}

/// Rewrites an error response without a problem body into one, keeping its status and headers.
fn ensure_problem_body(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let is_problem = is_problem(&res);
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return res;
    }
    let (req, old) = res.into_parts();
    let error = match status {
        StatusCode::NOT_FOUND => ApiError::route_not_found(req.method().as_str(), req.path()),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = old
                .headers()
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            ApiError::method_not_allowed(
                req.method().as_str(),
                &allow.split(", ").collect::<Vec<_>>(),
            )
        }
        other => ApiError::http_error(other.as_u16()),
    };
    let mut new = error.error_response();
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE
            && name != header::CONTENT_LENGTH
            && !new.headers().contains_key(name)
        {
            new.headers_mut().insert(name.clone(), value.clone());
        }
    }
    ServiceResponse::new(req, new)
}

#[cfg(test)]
mod tests {
    use super::valid_request_id;

    #[test]
    fn request_ids_are_echoed_only_when_plain() {
        assert!(valid_request_id("0193a0f2-7c1e-7d2a-9d44-2f3c9b1e0a11"));
        assert!(valid_request_id("job:nightly-sync.42"));
        assert!(!valid_request_id(""));
        assert!(!valid_request_id("has space"));
        assert!(!valid_request_id("line\nbreak"));
        assert!(!valid_request_id(&"x".repeat(129)));
    }
}
