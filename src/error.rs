//! Every error the API returns, rendered in one place as RFC 9457 `application/problem+json`
//! with a stable machine `code`. Causes of 5xx errors are logged (with the request id by the
//! request middleware) and never shown to the client.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
#[schema(examples(json!({
    "type": "urn:kinerja:problem:validation_failed",
    "title": "Unprocessable Content",
    "status": 422,
    "detail": "2 fields are invalid.",
    "code": "validation_failed",
    "errors": [
        {"pointer": "/organization_predikat", "code": "unknown_value", "message": "must be one of istimewa, baik, butuh_perbaikan, kurang, sangat_kurang"},
        {"pointer": "/counts/baik", "code": "negative", "message": "a count cannot be negative"}
    ]
})))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:kinerja:problem:` followed by `code`.
    #[serde(rename = "type")]
    #[schema(example = "urn:kinerja:problem:route_not_found")]
    pub problem_type: String,
    /// The HTTP status phrase.
    #[schema(example = "Not Found")]
    pub title: String,
    /// The HTTP status code, repeated for clients that only see the body.
    #[schema(example = 404)]
    pub status: u16,
    /// What went wrong, for a person.
    #[schema(example = "No route matches GET /api/v1/nothing-here.")]
    pub detail: String,
    /// A stable machine-readable code; clients branch on this, never on `detail`.
    #[schema(example = "route_not_found")]
    pub code: String,
    /// One entry per invalid field or parameter (validation errors only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The RFC 6749 error code (`invalid_request`, `invalid_client`, `invalid_grant`,
    /// `unsupported_grant_type`, `invalid_scope`), on token endpoint errors only, so that
    /// standard OAuth2 clients understand them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(null))]
    pub error: Option<String>,
    /// The RFC 6749 error description (the same text as `detail`), with `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(null))]
    pub error_description: Option<String>,
}

/// One invalid field (named by a JSON pointer into the request body) or parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct FieldError {
    /// JSON pointer (RFC 6901) to the offending member of the request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "/counts/baik")]
    pub pointer: Option<String>,
    /// Name of the offending path or query parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// A stable machine-readable reason.
    #[schema(example = "negative")]
    pub code: String,
    /// The reason, for a person.
    #[schema(example = "a count cannot be negative")]
    pub message: String,
}

impl FieldError {
    pub fn at(pointer: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        FieldError {
            pointer: Some(pointer.into()),
            parameter: None,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    pub fn parameter(name: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        FieldError {
            pointer: None,
            parameter: Some(name.into()),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// The error type of every handler and extractor.
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    detail: String,
    errors: Vec<FieldError>,
    headers: Vec<(HeaderName, String)>,
    /// The RFC 6749 `error` member, for token endpoint errors.
    oauth_error: Option<&'static str>,
    /// Kept for the log, never sent.
    cause: Option<anyhow::Error>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            headers: Vec::new(),
            oauth_error: None,
            cause: None,
        }
    }

    pub fn with_header(mut self, name: HeaderName, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    pub fn route_not_found(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "route_not_found",
            format!("No route matches {method} {path}."),
        )
    }

    pub fn method_not_allowed(method: &str, allowed: &[&str]) -> Self {
        let list = allowed.join(", ");
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("{method} is not allowed here; allowed: {list}."),
        )
        .with_header(header::ALLOW, list)
    }

    pub fn malformed_json(detail: impl fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("The request body is not valid JSON: {detail}."),
        )
    }

    /// A parameter that cannot be read (`kind` is "path", "query" or "header").
    pub fn invalid_parameter(kind: &str, error: FieldError) -> Self {
        let code = match kind {
            "path" => "invalid_path_parameter",
            "header" => "invalid_header",
            _ => "invalid_query_parameter",
        };
        let name = error.parameter.as_deref().unwrap_or("?");
        let detail = format!(
            "The {kind} parameter {name:?} is invalid: {}.",
            error.message
        );
        Self::new(StatusCode::BAD_REQUEST, code, detail).with_errors(vec![error])
    }

    pub fn unsupported_media_type(got: Option<&str>) -> Self {
        Self::unsupported_media_type_of(got, &["application/json"])
    }

    /// 415 listing the accepted types (also in `Accept-Post`).
    pub fn unsupported_media_type_of(got: Option<&str>, accepted: &[&str]) -> Self {
        let got = got.map_or_else(|| "no Content-Type".to_owned(), |g| format!("{g:?}"));
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("Send the body as {} (got {got}).", accepted.join(" or ")),
        )
        .with_header(HeaderName::from_static("accept-post"), accepted.join(", "))
    }

    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("The request body is larger than the limit of {limit} bytes."),
        )
    }

    /// Values that are well-formed but invalid; one entry per offending field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.len() {
            1 => "1 field is invalid.".to_owned(),
            n => format!("{n} fields are invalid."),
        };
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            detail,
        )
        .with_errors(errors)
    }

    /// 401: no usable bearer token. `code` is `unauthenticated` when none was sent and
    /// `invalid_token` otherwise; both say `error="invalid_token"` in `WWW-Authenticate`.
    pub fn unauthenticated(code: &'static str, reason: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            code,
            format!("Authentication required: {reason}."),
        )
        .with_header(
            header::WWW_AUTHENTICATE,
            format!(
                "Bearer realm=\"kinerja\", error=\"invalid_token\", error_description=\"{reason}\""
            ),
        )
    }

    /// 403: the caller is known but may not do this.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    /// 404 for a thing that does not exist or that the caller may not know exists.
    pub fn not_found(what: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("No {what} with id {id:?}."),
        )
    }

    /// 409 with a code naming the conflict.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }

    /// 412: `If-Match` names a version that is no longer current.
    pub fn stale_version(current: i64) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "stale_version",
            format!("The resource has changed (now version {current}); read it again and retry."),
        )
        .with_header(header::ETAG, format!("\"{current}\""))
    }

    /// 409: another request changed the same data between this one's read and its write.
    pub fn concurrent_update() -> Self {
        Self::conflict(
            "concurrent_update",
            "Another request changed the same data at the same time; read it again and retry.",
        )
    }

    /// 429: too many attempts; retry after the given number of seconds.
    pub fn too_many_attempts(retry_after_secs: u64, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", detail)
            .with_header(header::RETRY_AFTER, retry_after_secs.to_string())
    }

    /// A token endpoint error (RFC 6749 section 5.2): the `code` is also the `error` member.
    pub fn oauth(error: &'static str, detail: impl Into<String>) -> Self {
        let status = if error == "invalid_client" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::BAD_REQUEST
        };
        let mut err = Self::new(status, error, detail);
        err.oauth_error = Some(error);
        if error == "invalid_client" {
            err = err.with_header(header::WWW_AUTHENTICATE, "Basic realm=\"kinerja\"".into());
        }
        err
    }

    /// Marks an error as a token endpoint error with this RFC 6749 `error` member.
    pub fn with_oauth_error(mut self, error: &'static str) -> Self {
        self.oauth_error = Some(error);
        self
    }

    pub fn database_unavailable(cause: impl Into<anyhow::Error>) -> Self {
        let mut err = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "The database is not answering; try again shortly.",
        )
        .with_header(header::RETRY_AFTER, "5".into());
        err.cause = Some(cause.into());
        err
    }

    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let mut err = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "An unexpected error occurred. Quote the X-Request-Id response header when reporting it.",
        );
        err.cause = Some(cause.into());
        err
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The logged cause of a server-side error.
    pub fn cause(&self) -> Option<&anyhow::Error> {
        self.cause.as_ref()
    }

    pub fn to_problem(&self) -> Problem {
        Problem {
            problem_type: format!("urn:kinerja:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_owned(),
            errors: self.errors.clone(),
            error: self.oauth_error.map(str::to_owned),
            error_description: self.oauth_error.map(|_| self.detail.clone()),
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)?;
        if let Some(cause) = &self.cause {
            write!(f, " (cause: {cause:#})")?;
        }
        Ok(())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        res.content_type(PROBLEM_JSON);
        for (name, value) in &self.headers {
            if let Ok(value) = HeaderValue::from_str(value) {
                res.insert_header((name.clone(), value));
            }
        }
        res.json(self.to_problem())
    }
}

/// Diesel errors: a lost connection is the database being unavailable; anything else that
/// reaches here is a bug (constraint violations are mapped where they can happen).
impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                _,
            ) => ApiError::database_unavailable(err),
            // A unique key that a check before the write found free was taken meanwhile.
            Error::DatabaseError(
                DatabaseErrorKind::SerializationFailure | DatabaseErrorKind::UniqueViolation,
                _,
            ) => ApiError::concurrent_update(),
            other => ApiError::internal(other),
        }
    }
}

/// `conflict()` for a unique-key violation (the caller names which key), else the usual mapping.
pub fn unique(err: diesel::result::Error, conflict: impl FnOnce() -> ApiError) -> ApiError {
    use diesel::result::{DatabaseErrorKind, Error};
    match err {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => conflict(),
        other => other.into(),
    }
}
