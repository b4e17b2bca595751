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

    /// A path or query parameter that cannot be read (`kind` is "path" or "query").
    pub fn invalid_parameter(kind: &str, error: FieldError) -> Self {
        let code = if kind == "path" {
            "invalid_path_parameter"
        } else {
            "invalid_query_parameter"
        };
        let name = error.parameter.as_deref().unwrap_or("?");
        let detail = format!(
            "The {kind} parameter {name:?} is invalid: {}.",
            error.message
        );
        Self::new(StatusCode::BAD_REQUEST, code, detail).with_errors(vec![error])
    }

    pub fn unsupported_media_type(got: Option<&str>) -> Self {
        let got = got.map_or_else(|| "no Content-Type".to_owned(), |g| format!("{g:?}"));
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("Send the body as application/json (got {got})."),
        )
        .with_header(
            HeaderName::from_static("accept-post"),
            "application/json".into(),
        )
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
            other => ApiError::internal(other),
        }
    }
}
