//! Response headers every answer carries (`nosniff`; `no-store` when a token was sent; a
//! content security policy on Swagger UI), and CORS for the origins the operator allows
//! (`KINERJA_CORS_ORIGINS`, none by default): preflights answered here, before routing.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError, web};

use super::AppState;
use crate::error::{ApiError, Code};

/// Swagger UI loads its scripts and styles from `/docs/` itself; it sets inline styles.
const DOCS_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' \
    'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
const ALLOWED_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
const ALLOWED_HEADERS: &str =
    "Authorization, Content-Type, If-Match, Idempotency-Key, X-Request-Id, Accept-Language";
/// What a browser script may read of a response besides the simple headers.
const EXPOSED_HEADERS: &str =
    "ETag, Location, Retry-After, X-Request-Id, Content-Language, RateLimit, RateLimit-Policy";
const PREFLIGHT_MAX_AGE_SECS: &str = "600";

pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let allowed = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.cors_origins.clone())
        .unwrap_or_default();
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_owned);
    let origin_allowed = origin.as_ref().filter(|o| allowed.contains(o)).cloned();
    let is_preflight = req.method() == Method::OPTIONS
        && origin.is_some()
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if is_preflight {
        let response = match &origin_allowed {
            Some(origin) => preflight(origin),
            None => ApiError::new(
                Code::Forbidden,
                "This origin may not call the API from a browser (KINERJA_CORS_ORIGINS).",
            )
            .error_response(),
        };
        let mut response = req.into_response(response);
        secure(response.headers_mut(), false, false);
        return Ok(response);
    }
    let authenticated = req.headers().contains_key(header::AUTHORIZATION);
    let docs = req.path().starts_with("/docs");
    let mut response = next.call(req).await?.map_into_boxed_body();
    let headers = response.headers_mut();
    secure(headers, authenticated, docs);
    if let Some(origin) = origin_allowed {
        allow_origin(headers, &origin);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSED_HEADERS),
        );
    }
    if !allowed.is_empty() {
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    Ok(response)
}

fn preflight(origin: &str) -> HttpResponse {
    let mut response = HttpResponse::new(StatusCode::NO_CONTENT);
    let headers = response.headers_mut();
    allow_origin(headers, origin);
    for (name, value) in [
        (header::ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS),
        (header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS),
        (header::ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE_SECS),
        (header::VARY, "Origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

fn allow_origin(headers: &mut HeaderMap, origin: &str) {
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
}

/// `nosniff` everywhere; `no-store` on answers to a request with credentials (unless the
/// handler chose a cache policy); Swagger UI may not be framed and loads only its own files.
fn secure(headers: &mut HeaderMap, authenticated: bool, docs: bool) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if authenticated && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if docs {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DOCS_POLICY),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        );
    }
}
