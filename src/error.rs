//! Every error a use case or the API returns: a stable machine [`Code`] (which fixes the HTTP
//! status), a detail for people and the invalid fields; `api::problem` renders it, in one
//! place, as RFC 9457 `application/problem+json`. Causes of 5xx errors are logged (with the request id by the
//! request middleware) and never shown to the client.

use std::fmt;

use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// Declares [`Code`]: each stable problem code with its HTTP status and meaning.
macro_rules! problem_codes {
    ($(#[doc = $doc:literal] $variant:ident = ($number:literal, $text:tt),)*) => {
        /// The stable machine `code` of a problem document; clients branch on it, never on
        /// `detail`. Each code is always answered with the same status.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
        pub enum Code {
            $(#[doc = $doc] #[serde(rename = $text)] $variant,)*
        }

        impl Code {
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// When the code is answered, in words.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $doc.trim_ascii_start(),)*
                }
            }

            /// Every code with its status and meaning, as a Markdown table.
            pub fn table() -> String {
                let mut table = String::from("| code | status | when |\n|---|---|---|\n");
                $(table.push_str(&format!("| `{}` | {} | {} |\n", $text, $number, Code::$variant.meaning()));)*
                table
            }

            /// The status the code is answered with.
            pub fn status(self) -> u16 {
                match self {
                    $(Code::$variant => $number,)*
                }
            }
        }
    };
}

problem_codes! {
    /// the body is not JSON
    MalformedJson = (400, "malformed_json"),
    /// a path parameter cannot be read; `errors[].parameter` names it
    InvalidPathParameter = (400, "invalid_path_parameter"),
    /// a query parameter cannot be read; `errors[].parameter` names it
    InvalidQueryParameter = (400, "invalid_query_parameter"),
    /// a header such as `If-Match` cannot be read
    InvalidHeader = (400, "invalid_header"),
    /// token endpoint: a parameter is missing or unreadable (RFC 6749)
    InvalidRequest = (400, "invalid_request"),
    /// token endpoint: wrong credentials or an unusable refresh token
    InvalidGrant = (400, "invalid_grant"),
    /// token endpoint: an unknown `grant_type`
    UnsupportedGrantType = (400, "unsupported_grant_type"),
    /// token endpoint: a scope the client does not hold
    InvalidScope = (400, "invalid_scope"),
    /// no bearer token
    Unauthenticated = (401, "unauthenticated"),
    /// a bearer token that is not acceptable (`WWW-Authenticate` says why)
    InvalidToken = (401, "invalid_token"),
    /// token endpoint: wrong or disabled client credentials
    InvalidClient = (401, "invalid_client"),
    /// the caller may not do this
    Forbidden = (403, "forbidden"),
    /// no such thing, or not the caller's business
    NotFound = (404, "not_found"),
    /// no such route
    RouteNotFound = (404, "route_not_found"),
    /// the path exists with other methods (listed in `Allow`)
    MethodNotAllowed = (405, "method_not_allowed"),
    /// the body did not arrive within `KINERJA_BODY_TIMEOUT_SECS`
    RequestTimeout = (408, "request_timeout"),
    /// the username is taken
    DuplicateUsername = (409, "duplicate_username"),
    /// the last active admin cannot be disabled or demoted
    LastAdmin = (409, "last_admin"),
    /// the employee has an account already
    EmployeeHasAccount = (409, "employee_has_account"),
    /// an org unit has this code already
    DuplicateCode = (409, "duplicate_code"),
    /// an employee has this NIP already
    DuplicateNip = (409, "duplicate_nip"),
    /// the unit still has active sub-units or employees
    UnitInUse = (409, "unit_in_use"),
    /// the parent unit is inactive
    ParentInactive = (409, "parent_inactive"),
    /// active employees still report to the employee leaving; name `reassign_to`
    HasSubordinates = (409, "has_subordinates"),
    /// another period of the same kind shares a day
    PeriodOverlap = (409, "period_overlap"),
    /// a period's status only moves forward
    PeriodStatusBackwards = (409, "period_status_backwards"),
    /// this can only change while the period is planning
    PeriodStarted = (409, "period_started"),
    /// the period is closed
    PeriodClosed = (409, "period_closed"),
    /// plans are written, submitted and approved while the period is planning or running
    PeriodNotOpen = (409, "period_not_open"),
    /// the employee has a plan for this period and position already
    DuplicatePlan = (409, "duplicate_plan"),
    /// the employee has no superior and hr chose no appraiser
    NoAppraiser = (409, "no_appraiser"),
    /// the appraiser is no longer active
    AppraiserInactive = (409, "appraiser_inactive"),
    /// subordinates' results still support this result
    ResultSupported = (409, "result_supported"),
    /// the ratings this step needs are not recorded
    RatingsNotRecorded = (409, "ratings_not_recorded"),
    /// the plan is a draft
    PlanDraft = (409, "plan_draft"),
    /// the plan is submitted
    PlanSubmitted = (409, "plan_submitted"),
    /// the plan is approved
    PlanApproved = (409, "plan_approved"),
    /// the plan has been revised
    PlanSuperseded = (409, "plan_superseded"),
    /// the plan's annual evaluation is rated
    PlanEvaluated = (409, "plan_evaluated"),
    /// the plan's annual evaluation is final
    PlanFinal = (409, "plan_final"),
    /// a revision of the plan is awaiting approval
    RevisionPending = (409, "revision_pending"),
    /// the plan has an evaluation for this slot already
    EvaluationExists = (409, "evaluation_exists"),
    /// feedback and ratings change only while the evaluation is open
    EvaluationNotOpen = (409, "evaluation_not_open"),
    /// some work results (or values) have no feedback or rating yet; the detail lists them
    ResultsNotRated = (409, "results_not_rated"),
    /// some evaluations of the unit are not rated yet; the detail lists them
    EvaluationsPending = (409, "evaluations_pending"),
    /// the predikat break the unit's distribution curve; acknowledge with a reason to finalise
    DistributionViolated = (409, "distribution_violated"),
    /// the unit has no organisation predikat for this slot
    UnitPredikatMissing = (409, "unit_predikat_missing"),
    /// objections are filed against final evaluations only
    EvaluationNotFinal = (409, "evaluation_not_final"),
    /// the objection window of this evaluation has closed
    ObjectionWindowClosed = (409, "objection_window_closed"),
    /// the unit's evaluations for this slot are final; its predikat no longer changes
    UnitFinalized = (409, "unit_finalized"),
    /// the evaluation has an open objection already
    ObjectionExists = (409, "objection_exists"),
    /// the objection is decided; the decision is final
    ObjectionDecided = (409, "objection_decided"),
    /// the appraiser has no superior to decide an objection
    NoDecider = (409, "no_decider"),
    /// this rater is assigned to this assessee already
    DuplicateRater = (409, "duplicate_rater"),
    /// 360° raters and weights change only while the round is a draft
    RoundNotDraft = (409, "round_not_draft"),
    /// answers are given, and a round closed, only while it is open
    RoundNotOpen = (409, "round_not_open"),
    /// 360° results exist once the round is closed
    RoundNotClosed = (409, "round_not_closed"),
    /// the counseling case is identified, not yet designated
    CaseIdentified = (409, "case_identified"),
    /// the counseling case waits for a counselor
    CaseDesignated = (409, "case_designated"),
    /// the counseling case has a counselor, not yet a meeting
    CaseAssigned = (409, "case_assigned"),
    /// the counseling session is scheduled, not yet held
    CaseScheduled = (409, "case_scheduled"),
    /// the counseling record is signed, not yet reported
    CaseConducted = (409, "case_conducted"),
    /// the counseling report waits for the follow-up decision
    CaseReported = (409, "case_reported"),
    /// the counseling follow-ups are decided and tracked
    CaseFollowUpDecided = (409, "case_follow_up_decided"),
    /// the counseling case is closed
    CaseClosed = (409, "case_closed"),
    /// a counseling case closes once every follow-up is done or cancelled
    FollowUpsOpen = (409, "follow_ups_open"),
    /// the follow-up is done or cancelled already
    FollowUpClosed = (409, "follow_up_closed"),
    /// a request with this `Idempotency-Key` is still running; retry when it has answered
    IdempotencyInProgress = (409, "idempotency_in_progress"),
    /// another request changed the same data at the same time; read again and retry
    ConcurrentUpdate = (409, "concurrent_update"),
    /// the change-feed cursor is older than the feed keeps (30 days): read everything again
    CursorExpired = (410, "cursor_expired"),
    /// `If-Match` names an older version (the current `ETag` is in the response)
    StaleVersion = (412, "stale_version"),
    /// the body exceeds `KINERJA_BODY_LIMIT_BYTES`
    PayloadTooLarge = (413, "payload_too_large"),
    /// the body is not sent as a type the operation accepts
    UnsupportedMediaType = (415, "unsupported_media_type"),
    /// this `Idempotency-Key` was used with another request body
    IdempotencyKeyReused = (422, "idempotency_key_reused"),
    /// well-formed but invalid values; one `errors[]` entry per field
    ValidationFailed = (422, "validation_failed"),
    /// too many failed logins (`Retry-After`)
    TooManyAttempts = (429, "too_many_attempts"),
    /// more requests than `KINERJA_RATE_LIMIT_PER_MINUTE` (`Retry-After`)
    RateLimited = (429, "rate_limited"),
    /// another error the HTTP layer produced (its status is kept)
    HttpError = (400, "http_error"),
    /// a bug; the log has the cause
    InternalError = (500, "internal_error"),
    /// the database does not answer (`Retry-After`)
    DatabaseUnavailable = (503, "database_unavailable"),
    /// too many password checks are running; try again shortly (`Retry-After`)
    ServerBusy = (503, "server_busy"),
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    pub code: Code,
    /// One entry per invalid field or parameter (validation errors only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The RFC 6749 error code (`invalid_request`, `invalid_client`, `invalid_grant`,
    /// `unsupported_grant_type`, `invalid_scope`), on token endpoint errors only, so that
    /// standard OAuth2 clients understand them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The RFC 6749 error description (the same text as `detail`), with `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    status: u16,
    code: Code,
    detail: String,
    errors: Vec<FieldError>,
    /// Response headers the problem needs (`Allow`, `ETag`, `Retry-After`, ...).
    headers: Vec<(&'static str, String)>,
    /// The RFC 6749 `error` member, for token endpoint errors.
    oauth_error: Option<Code>,
    /// Kept for the log, never sent.
    cause: Option<anyhow::Error>,
}

impl ApiError {
    pub fn new(code: Code, detail: impl Into<String>) -> Self {
        ApiError {
            status: code.status(),
            code,
            detail: detail.into(),
            errors: Vec::new(),
            headers: Vec::new(),
            oauth_error: None,
            cause: None,
        }
    }

    /// An error the HTTP layer produced with `status`, kept as it is.
    pub fn http_error(status: u16) -> Self {
        let mut err = Self::new(Code::HttpError, reason_phrase(status));
        err.status = status;
        err
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    pub fn route_not_found(method: &str, path: &str) -> Self {
        Self::new(
            Code::RouteNotFound,
            format!("No route matches {method} {path}."),
        )
    }

    pub fn method_not_allowed(method: &str, allowed: &[&str]) -> Self {
        let list = allowed.join(", ");
        Self::new(
            Code::MethodNotAllowed,
            format!("{method} is not allowed here; allowed: {list}."),
        )
        .with_header("allow", list)
    }

    pub fn malformed_json(detail: impl fmt::Display) -> Self {
        Self::new(
            Code::MalformedJson,
            format!("The request body is not valid JSON: {detail}."),
        )
    }

    /// A parameter that cannot be read (`kind` is "path", "query" or "header").
    pub fn invalid_parameter(kind: &str, error: FieldError) -> Self {
        let code = match kind {
            "path" => Code::InvalidPathParameter,
            "header" => Code::InvalidHeader,
            _ => Code::InvalidQueryParameter,
        };
        let name = error.parameter.as_deref().unwrap_or("?");
        let detail = format!(
            "The {kind} parameter {name:?} is invalid: {}.",
            error.message
        );
        Self::new(code, detail).with_errors(vec![error])
    }

    pub fn unsupported_media_type(got: Option<&str>) -> Self {
        Self::unsupported_media_type_of(got, &["application/json"])
    }

    /// 415 listing the accepted types (also in `Accept-Post`).
    pub fn unsupported_media_type_of(got: Option<&str>, accepted: &[&str]) -> Self {
        let got = got.map_or_else(|| "no Content-Type".to_owned(), |g| format!("{g:?}"));
        Self::new(
            Code::UnsupportedMediaType,
            format!("Send the body as {} (got {got}).", accepted.join(" or ")),
        )
        .with_header("accept-post", accepted.join(", "))
    }

    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            Code::PayloadTooLarge,
            format!("The request body is larger than the limit of {limit} bytes."),
        )
    }

    /// 408: the body stalled; the connection is closed after the answer.
    pub fn body_timeout(after: std::time::Duration) -> Self {
        Self::new(
            Code::RequestTimeout,
            format!(
                "The request body did not arrive within {} seconds.",
                after.as_secs()
            ),
        )
        .with_header("connection", "close".into())
    }

    /// Values that are well-formed but invalid; one entry per offending field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.len() {
            1 => "1 field is invalid.".to_owned(),
            n => format!("{n} fields are invalid."),
        };
        Self::new(Code::ValidationFailed, detail).with_errors(errors)
    }

    /// 401: no usable bearer token. `code` is `unauthenticated` when none was sent and
    /// `invalid_token` otherwise; both say `error="invalid_token"` in `WWW-Authenticate`.
    pub fn unauthenticated(code: Code, reason: &str) -> Self {
        Self::new(code, format!("Authentication required: {reason}.")).with_header(
            "www-authenticate",
            format!(
                "Bearer realm=\"kinerja\", error=\"invalid_token\", error_description=\"{reason}\""
            ),
        )
    }

    /// 403: the caller is known but may not do this.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(Code::Forbidden, detail)
    }

    /// 404 for a thing that does not exist or that the caller may not know exists.
    pub fn not_found(what: &str, id: &str) -> Self {
        Self::new(Code::NotFound, format!("No {what} with id {id:?}."))
    }

    /// 409 with a code naming the conflict.
    pub fn conflict(code: Code, detail: impl Into<String>) -> Self {
        Self::new(code, detail)
    }

    /// 412: `If-Match` names a version that is no longer current.
    pub fn stale_version(current: i64) -> Self {
        Self::new(
            Code::StaleVersion,
            format!("The resource has changed (now version {current}); read it again and retry."),
        )
        .with_header("etag", format!("\"{current}\""))
    }

    /// 409: another request changed the same data between this one's read and its write.
    pub fn concurrent_update() -> Self {
        Self::conflict(
            Code::ConcurrentUpdate,
            "Another request changed the same data at the same time; read it again and retry.",
        )
    }

    /// 429: too many attempts; retry after the given number of seconds.
    pub fn too_many_attempts(retry_after_secs: u64, detail: impl Into<String>) -> Self {
        Self::new(Code::TooManyAttempts, detail)
            .with_header("retry-after", retry_after_secs.to_string())
    }

    /// 429: the caller's requests are over the rate limit.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::new(
            Code::RateLimited,
            format!("Too many requests; try again in {retry_after_secs} seconds."),
        )
        .with_header("retry-after", retry_after_secs.to_string())
    }

    /// A token endpoint error (RFC 6749 section 5.2): the `code` is also the `error` member.
    pub fn oauth(error: Code, detail: impl Into<String>) -> Self {
        let mut err = Self::new(error, detail);
        err.oauth_error = Some(error);
        if error == Code::InvalidClient {
            err = err.with_header("www-authenticate", "Basic realm=\"kinerja\"".into());
        }
        err
    }

    /// Marks an error as a token endpoint error with this RFC 6749 `error` member.
    pub fn with_oauth_error(mut self, error: Code) -> Self {
        self.oauth_error = Some(error);
        self
    }

    pub fn database_unavailable(cause: impl Into<anyhow::Error>) -> Self {
        let mut err = Self::new(
            Code::DatabaseUnavailable,
            "The database is not answering; try again shortly.",
        )
        .with_header("retry-after", "5".into());
        err.cause = Some(cause.into());
        err
    }

    /// 503: a bounded resource (password hashing) has no turn free in time.
    pub fn server_busy(detail: impl Into<String>) -> Self {
        Self::new(Code::ServerBusy, detail).with_header("retry-after", "1".into())
    }

    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let mut err = Self::new(
            Code::InternalError,
            "An unexpected error occurred. Quote the X-Request-Id response header when reporting it.",
        );
        err.cause = Some(cause.into());
        err
    }

    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }

    /// Whether the database was not reachable (as opposed to refusing what was asked).
    pub fn is_database_unavailable(&self) -> bool {
        self.code == Code::DatabaseUnavailable
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The per-field problems of a validation error.
    pub fn field_errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// The headers the response carries.
    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The logged cause of a server-side error.
    pub fn cause(&self) -> Option<&anyhow::Error> {
        self.cause.as_ref()
    }

    pub fn to_problem(&self) -> Problem {
        Problem {
            problem_type: format!("urn:kinerja:problem:{}", self.code.as_str()),
            title: reason_phrase(self.status).to_owned(),
            status: self.status,
            detail: self.detail.clone(),
            code: self.code,
            errors: self.errors.clone(),
            error: self.oauth_error.map(|e| e.as_str().to_owned()),
            error_description: self.oauth_error.map(|_| self.detail.clone()),
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.detail)?;
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

/// The reason phrase of the statuses this API answers with (RFC 9110).
fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
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
            // A unique key that a check before the write found free was taken meanwhile, or a
            // row a check found was removed meanwhile.
            Error::DatabaseError(
                DatabaseErrorKind::SerializationFailure
                | DatabaseErrorKind::UniqueViolation
                | DatabaseErrorKind::ForeignKeyViolation,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_named_once_and_answered_with_its_own_status() {
        let names: std::collections::BTreeSet<&str> =
            Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        for code in Code::ALL {
            let json = serde_json::to_string(code).expect("serializes");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let problem = ApiError::new(*code, "x").to_problem();
            assert_eq!(problem.status, code.status());
            assert_eq!(problem.problem_type, format!("urn:kinerja:problem:{code}"));
        }
        let range = ApiError::http_error(416).to_problem();
        assert_eq!(
            (range.status, range.title.as_str()),
            (416, "Range Not Satisfiable")
        );
    }
}
