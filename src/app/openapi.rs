//! The OpenAPI document: the hand-written parts (info, servers, tags, shared error responses)
//! joined with what utoipa collects from the handlers.

use serde_json::json;
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};

use crate::domain::account::Scope;
use crate::error::{FieldError, PROBLEM_JSON, Problem};

const DESCRIPTION: &str = "\
Performance management for Indonesian civil servants (PNS and PPPK) under PP 30/2019 and \
PermenPANRB 8/2021 and 6/2022: performance plans (SKP), scoring under both regimes, 360° \
behaviour assessments, guidance and counseling, evaluation and objections.

**Conventions.** JSON fields are snake_case, ids are UUID strings, timestamps RFC 3339 UTC, \
dates `YYYY-MM-DD`. Every response carries `X-Request-Id` (a valid incoming one is echoed); \
quote it when reporting a problem.

**Errors** are RFC 9457 `application/problem+json` documents on every route, with a stable \
machine `code` (the `type` is `urn:kinerja:problem:<code>`): `route_not_found` (404), \
`method_not_allowed` (405, with `Allow`), `malformed_json` (400), `invalid_path_parameter` and \
`invalid_query_parameter` (400), `payload_too_large` (413), `unsupported_media_type` (415), \
`validation_failed` (422, one `errors[]` entry per field with a JSON pointer), \
`database_unavailable` (503, with `Retry-After`) and `internal_error` (500, details only in the \
server log).

**Authentication.** Obtain a token from `POST /api/v1/auth/token` (OAuth2: the `password` grant for \
people, `client_credentials` for integration clients, `refresh_token` to renew) and send it as \
`Authorization: Bearer <token>`. In Swagger UI, use *Authorize* → `oauth2` → password flow. A \
missing or invalid token is 401 (`unauthenticated` or `invalid_token`, with `WWW-Authenticate`); \
a caller who may not do something gets 403 `forbidden`, or 404 where even the existence of the \
thing is not the caller's business. Each operation says who may call it.

**Enums are open.** New values may be added to any enum, the problem `code` included, without a \
new API version: a client must accept a value it does not know (show it as it is, or as \
\"other\") rather than fail. Removing or renaming a value is a breaking change and is not made \
in v1.

**Languages.** Every problem `title`, `detail` and field `message` is in Indonesian (`id`, the \
default) or English (`en`), chosen by `Accept-Language`; the response says which in \
`Content-Language`. Codes are the same in both. `GET /api/v1/reference` gives every code list \
with labels in both languages.";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kinerja API",
        description = DESCRIPTION,
        contact(name = "Kinerja maintainers"),
        license(name = "MIT", url = "https://opensource.org/licenses/MIT"),
    ),
    servers((url = "/", description = "The server that serves this document: production, staging or local, wherever it runs")),
    tags(
        (name = "health", description = "Liveness and readiness probes for load balancers and orchestrators."),
        (name = "auth", description = "Tokens (OAuth2) and the caller's own account."),
        (name = "accounts", description = "User accounts and integration clients (admin)."),
        (name = "units", description = "The org unit tree (unit kerja): agencies, offices, sub-districts, sections."),
        (name = "employees", description = "Employee records (PNS and PPPK): NIP-validated, each in a unit under a direct superior."),
        (name = "audit", description = "The append-only audit trail of every change."),
        (name = "periods", description = "Performance periods: dates, regime, 360° use, sub-periods."),
        (name = "plans", description = "Performance plans (SKP): work results cascaded from the superior's plan, indicators, the approval workflow, realisations and the live score."),
        (name = "assessments", description = "360° behaviour assessment rounds: raters drawn from the org structure, answers only their rater reads back, results that never show a group too small to stay anonymous."),
        (name = "evaluations", description = "Evaluating approved plans (periodic and annual, both regimes), the organisation's predikat and the distribution curve, and objections."),
        (name = "guidance", description = "Guidance sessions (bimbingan kinerja) with the employee's feedback form (B.1.8) and the giver's competency evaluation (B.1.9), and coverage per semester."),
        (name = "counseling", description = "Counseling cases (konseling kinerja), confidential: identified, designated, assigned a counselor, scheduled, recorded and signed, reported, follow-ups decided and tracked, closed; every read recorded."),
        (name = "sync", description = "Batch upsert of units and employees by natural key (unit code, NIP), as JSON or CSV, for provincial integration jobs."),
        (name = "changes", description = "The change feed: every create, update and deactivation in commit order, for jobs that keep a copy."),
        (name = "reference", description = "Code lists with their labels in Indonesian and English, for frontends."),
        (name = "calculators", description = "Stateless previews of the regulation's rules, for frontends; nothing is stored."),
    ),
    components(schemas(
        Problem,
        FieldError,
        crate::api::v1::assessment_tasks::ValueAnswerSchema
    )),
    modifiers(&SecuritySchemes),
)]
struct ApiDoc;

/// The token URL, as Swagger UI's Authorize dialog calls it.
pub const TOKEN_URL: &str = "/api/v1/auth/token";

/// `bearerAuth` (paste a token) and `oauth2` (password and client-credentials flows).
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Password, Scopes,
            SecurityScheme,
        };
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearerAuth",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token from POST /api/v1/auth/token: a JWS (HS256) handled as \
                         RFC8725 advises: the algorithm is fixed (`none` and others refused), \
                         `iss`, `aud`, `exp` and `nbf` are checked, and it lives 15 minutes.",
                    ))
                    .build(),
            ),
        );
        let client_scopes = Scopes::from_iter(
            Scope::ALL.map(|s| (s.as_str().to_owned(), s.description().to_owned())),
        );
        components.add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(OAuth2::with_description(
                [
                    Flow::Password(Password::with_refresh_url(
                        TOKEN_URL,
                        Scopes::new(),
                        TOKEN_URL,
                    )),
                    Flow::ClientCredentials(ClientCredentials::new(TOKEN_URL, client_scopes)),
                ],
                "People log in with the password flow (username and password; leave client_id \
                 empty) and renew with their refresh token; integration clients use client \
                 credentials. Access tokens are JWS (HS256) handled as RFC8725 advises (fixed \
                 algorithm; `iss`, `aud`, `exp` checked) and live 15 minutes.",
            )),
        );
    }
}

pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// Error responses shared by many operations, as (status, component name, description, example).
const SHARED: &[(&str, &str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "The body is not valid JSON (`malformed_json`), or a path, query or header parameter cannot be read (`invalid_path_parameter`, `invalid_query_parameter`, `invalid_header`; `errors[].parameter` names it).",
        "malformed_json",
    ),
    (
        "401",
        "Unauthenticated",
        "No bearer token, or one that is malformed, expired, not yet valid, signed with another key, for another audience, or of a disabled account.",
        "invalid_token",
    ),
    (
        "408",
        "RequestTimeout",
        "The body did not arrive within the configured time (`KINERJA_BODY_TIMEOUT_SECS`); the connection is closed.",
        "request_timeout",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The body is larger than the configured limit.",
        "payload_too_large",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not sent as application/json.",
        "unsupported_media_type",
    ),
    (
        "422",
        "ValidationFailed",
        "A field of the body is invalid (`validation_failed`; `errors[]` names each), or the `Idempotency-Key` was used with another request (`idempotency_key_reused`).",
        "validation_failed",
    ),
    (
        "429",
        "RateLimited",
        "More requests than the caller's limit per minute (`KINERJA_RATE_LIMIT_PER_MINUTE`); `Retry-After` says when to try again.",
        "rate_limited",
    ),
    (
        "503",
        "ServiceUnavailable",
        "The database does not answer, or the request ran past its deadline (`KINERJA_REQUEST_DEADLINE_SECS`); `Retry-After` says when to try again.",
        "database_unavailable",
    ),
    (
        "500",
        "InternalError",
        "An unexpected error; the cause is logged with the request id.",
        "internal_error",
    ),
];

/// The example of a shared error response: the problem the server sends, made by the same
/// constructors.
fn example(code: &str) -> serde_json::Value {
    use crate::error::{ApiError, Code, FieldError};
    let error = match code {
        "malformed_json" => {
            ApiError::malformed_json("EOF while parsing an object at line 1 column 1")
        }
        "payload_too_large" => ApiError::payload_too_large(1024 * 1024),
        "unsupported_media_type" => ApiError::unsupported_media_type(Some("text/plain")),
        "validation_failed" => ApiError::validation(vec![FieldError::at(
            "/counts/baik",
            "negative",
            "a count cannot be negative",
        )]),
        "request_timeout" => ApiError::body_timeout(std::time::Duration::from_secs(10)),
        "rate_limited" => ApiError::rate_limited(3),
        "invalid_token" => ApiError::unauthenticated(Code::InvalidToken, "the token has expired"),
        "database_unavailable" => ApiError::database_unavailable(anyhow::anyhow!("example")),
        _ => ApiError::internal(anyhow::anyhow!("example")),
    };
    problem_example(&error)
}

fn problem_example(error: &crate::error::ApiError) -> serde_json::Value {
    serde_json::to_value(error.to_problem()).expect("a problem serializes")
}

/// The headers of a 429 for the rate limit (`app::rate_limit`).
fn rate_limit_headers(response: ResponseBuilder) -> ResponseBuilder {
    use utoipa::openapi::HeaderBuilder;
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let header = |kind: Type, description: &str| {
        HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(kind)))
            .description(Some(description))
            .build()
    };
    response
        .header(
            "Retry-After",
            header(Type::Integer, "Seconds until a request is allowed again."),
        )
        .header(
            "RateLimit-Policy",
            header(
                Type::String,
                "The caller's quota per window, e.g. `\"caller\";q=1200;w=60`.",
            ),
        )
        .header(
            "RateLimit",
            header(
                Type::String,
                "What is left: `\"caller\";r=<requests left>;t=<seconds until the quota is full>`.",
            ),
        )
}

/// The `Idempotency-Key` header every `POST` of the API honours (see `app::idempotency`).
fn idempotency_key() -> utoipa::openapi::path::Parameter {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(utoipa::openapi::Required::False)
        .description(Some(
            "Makes a retry safe: the first successful response to this key (per caller) is \
             kept 24 hours and answered again, with `Idempotent-Replayed: true`, to a retry with \
             the same body, without doing anything again. The same key with another body is 422 \
             `idempotency_key_reused`; while the first request runs, 409 \
             `idempotency_in_progress`. A request that fails lets the key go.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(super::idempotency::KEY_MAX))
                .pattern(Some("^[!-~]+$"))
                .examples([json!("3f1c2a9e-0b6d-4c1e-9a3f-2d7e8b9c0a1b")]),
        ))
        .build()
}

/// The OAuth2 endpoints answer body errors in RFC 6749's terms (400 `invalid_request`), never
/// with 422.
const OAUTH_OPERATIONS: [&str; 2] = ["issue_token", "revoke_token"];

/// Whether an operation requires a token (it lists a security requirement that is not empty).
fn is_secured(op: &Operation) -> bool {
    let value = serde_json::to_value(&op.security).unwrap_or_default();
    value.as_array().is_some_and(|reqs| {
        reqs.iter()
            .any(|r| r.as_object().is_some_and(|o| !o.is_empty()))
    })
}

/// Adds the shared error responses to every operation that can produce them: 500 everywhere,
/// 401 where a token is required, and the body errors wherever there is a request body. An
/// operation's own entry wins.
pub fn finish(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut used = std::collections::BTreeSet::new();
    for (path, item) in doc.paths.paths.iter_mut() {
        let idempotent = path.starts_with("/api/v1/") && !path.starts_with("/api/v1/auth/");
        if let (true, Some(post)) = (idempotent, item.post.as_mut()) {
            post.parameters
                .get_or_insert_with(Vec::new)
                .push(RefOr::T(idempotency_key()));
        }
        let post = item.post.as_ref().and_then(|p| p.operation_id.clone());
        for op in operations(item) {
            let idempotent_post = idempotent && post.is_some() && op.operation_id == post;
            let has_body = op.request_body.is_some();
            // A header parameter (`If-Match`, `If-None-Match`) that cannot be read is ignored
            // or 400 where the operation says so; path and query parameters always are.
            let has_parameters = op.parameters.as_ref().is_some_and(|parameters| {
                parameters.iter().any(|p| {
                    matches!(p, RefOr::T(p) if matches!(
                        p.parameter_in,
                        utoipa::openapi::path::ParameterIn::Path | utoipa::openapi::path::ParameterIn::Query
                    ))
                })
            });
            let rate_limited = !super::rate_limit::is_exempt(path);
            let secured = is_secured(op);
            if !secured {
                // `security: []` says "public"; `[{}]` (what `security(())` gives) makes some
                // generators expect a credential.
                op.security = Some(Vec::new());
            }
            let oauth = op
                .operation_id
                .as_deref()
                .is_some_and(|id| OAUTH_OPERATIONS.contains(&id));
            for (status, name, _, _) in SHARED {
                let applies = match *status {
                    "500" | "503" => true,
                    "429" => rate_limited,
                    "401" => secured,
                    "400" => (has_body || has_parameters) && !oauth,
                    // A body, or (every POST) an `Idempotency-Key` reused with another request.
                    "422" => (has_body || idempotent_post) && !oauth,
                    _ => has_body,
                };
                if applies {
                    op.responses
                        .responses
                        .entry((*status).to_owned())
                        .or_insert_with(|| {
                            used.insert(*name);
                            RefOr::Ref(Ref::from_response_name(*name))
                        });
                }
            }
        }
    }
    let components = doc.components.get_or_insert_with(Default::default);
    for (_, name, description, code) in SHARED.iter().filter(|s| used.contains(s.1)) {
        let content = ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .example(Some(example(code)))
            .build();
        let mut response = ResponseBuilder::new()
            .description(*description)
            .content(PROBLEM_JSON, content);
        if *name == "RateLimited" {
            response = rate_limit_headers(response);
        }
        let response = response.build();
        components
            .responses
            .insert((*name).to_owned(), RefOr::T(response));
    }
    reference_page_items(components);
    describe_codes(components);
    with_formats(doc)
}

/// Done on the JSON form, where every schema and response is in reach:
/// - every id the API hands out is a UUID (v7) and every `email` is checked as one, so each
///   schema property and parameter that holds one says so (generated clients type them);
/// - every problem response an operation documents gets an example naming its code, and every
///   response the headers it carries.
fn with_formats(doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut value = serde_json::to_value(&doc).expect("the document serializes");
    for (path, item) in value["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|p| p.iter_mut())
    {
        let limited = !super::rate_limit::is_exempt(path);
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|i| i.values_mut())
        {
            if let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) {
                for (status, response) in responses.iter_mut() {
                    describe_response(status, response, limited);
                }
            }
        }
    }
    // The one server is whichever serves the document, public or not as its operator decides.
    for server in value["servers"].as_array_mut().into_iter().flatten() {
        server["x-internal"] = json!(false);
    }
    if let Some(responses) = value["components"]["responses"].as_object_mut() {
        for response in responses.values_mut() {
            let status = response["content"][PROBLEM_JSON]["example"]["status"].to_string();
            describe_response(&status, response, true);
        }
    }
    set_formats(&mut value);
    require_response_members(&mut value);
    serde_json::from_value(value).expect("the document reads back")
}

/// Members a response leaves out rather than sending null (`skip_serializing_if`); every
/// other member of a response is always sent.
const OMITTED_WHEN_EMPTY: &[(&str, &str)] = &[
    ("Problem", "errors"),
    ("Problem", "error"),
    ("Problem", "error_description"),
    ("FieldError", "pointer"),
    ("FieldError", "parameter"),
    ("TokenResponse", "refresh_token"),
];

/// A schema only ever sent by the server has every member it always sends `required` (null
/// where it may be null), so generated clients need no "absent" case for them. Schemas a
/// request can hold keep serde's view (optional members may be left out).
fn require_response_members(doc: &mut serde_json::Value) {
    use serde_json::Value;
    fn refs(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                if let Some(name) = object
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    found.push(name.to_owned());
                }
                object.values().for_each(|v| refs(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let schemas = doc["components"]["schemas"].clone();
    let mut sent_by_clients = std::collections::BTreeSet::new();
    let mut pending = Vec::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for op in item.as_object().into_iter().flat_map(|i| i.values()) {
            refs(&op["requestBody"], &mut pending);
        }
    }
    while let Some(name) = pending.pop() {
        if sent_by_clients.insert(name.clone()) {
            refs(&schemas[&name], &mut pending);
        }
    }
    let Some(schemas) = doc["components"]["schemas"].as_object_mut() else {
        return;
    };
    for (name, schema) in schemas.iter_mut() {
        if sent_by_clients.contains(name) {
            continue;
        }
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let required: Vec<Value> = properties
            .keys()
            .filter(|member| !OMITTED_WHEN_EMPTY.contains(&(name.as_str(), member.as_str())))
            .map(|member| json!(member))
            .collect();
        schema["required"] = Value::Array(required);
    }
}

/// The problem code a response's description names first (in backticks) among the codes
/// answered with its status; else the first code with that status.
fn documented_code(status: u16, description: &str) -> Option<crate::error::Code> {
    use crate::error::Code;
    let with_status = || {
        Code::ALL
            .iter()
            .copied()
            .filter(move |c| c.status() == status)
    };
    description
        .split('`')
        .skip(1)
        .step_by(2)
        .find_map(|name| with_status().find(|c| c.as_str() == name))
        .or_else(|| with_status().next())
}

/// `limited`: whether the rate limit (and its headers) applies to the operation.
fn describe_response(status: &str, response: &mut serde_json::Value, limited: bool) {
    let header = |description: &str, kind: &str| json!({"description": description, "schema": {"type": kind}});
    let Some(object) = response.as_object_mut() else {
        return;
    };
    if object.contains_key("$ref") {
        return;
    }
    let headers = object.entry("headers").or_insert_with(|| json!({}));
    headers["X-Request-Id"] = header(
        "The request's id (echoed from the request, or generated); quote it when reporting a problem.",
        "string",
    );
    if limited && (status.starts_with('2') || status.starts_with('4')) {
        headers["RateLimit"] = header(
            "What is left of the caller's quota: `\"caller\";r=<requests left>;t=<seconds until full>` (when rate limiting is on).",
            "string",
        );
        headers["RateLimit-Policy"] = header(
            "The caller's quota per window, e.g. `\"caller\";q=1200;w=60` (when rate limiting is on).",
            "string",
        );
    }
    match status {
        "412" => {
            headers["ETag"] = header("The current version, to read again and retry.", "string")
        }
        "429" | "503" if headers.get("Retry-After").is_none() => {
            headers["Retry-After"] = header("Seconds until a retry may succeed.", "integer")
        }
        _ => {}
    }
    let Ok(status) = status.parse::<u16>() else {
        return;
    };
    let description = object
        .get("description")
        .and_then(|d| d.as_str())
        .unwrap_or("")
        .to_owned();
    let Some(problem) = object
        .get_mut("content")
        .and_then(|c| c.get_mut(PROBLEM_JSON))
        .and_then(|c| c.as_object_mut())
    else {
        return;
    };
    if problem.contains_key("example") || problem.contains_key("examples") {
        return;
    }
    if let Some(code) = documented_code(status, &description) {
        let meaning = code.meaning();
        let detail = format!("{}{}.", meaning[..1].to_uppercase(), &meaning[1..]);
        problem.insert(
            "example".to_owned(),
            problem_example(&crate::error::ApiError::new(code, detail)),
        );
    }
}

/// The longest value of the text parameters that are neither ids nor dates: longer ones match
/// nothing (a cursor is one the API issued; codes and NIPs are bounded where they are stored).
const PARAMETER_MAX: &[(&str, usize)] = &[
    ("cursor", 1024),
    ("types", 200),
    ("entity_type", 50),
    ("slot", 10),
    ("scope_code", 50),
    ("nip", 21),
    ("value", 50),
];

/// The longest header value a documented header parameter (`If-Match`, ...) takes.
const HEADER_MAX: usize = 255;

/// `X-Request-Id` is the one `*_id` that is not ours (a client may send its own).
fn format_of(name: &str) -> Option<&'static str> {
    // `fid`: a counseling follow-up's id in its path.
    let is_id = matches!(name, "id" | "fid") || name.ends_with("_id") || name.ends_with("_ids");
    match name {
        "request_id" => None,
        "email" => Some("email"),
        _ => is_id.then_some("uuid"),
    }
}

fn set_formats(value: &mut serde_json::Value) {
    use serde_json::Value;
    /// The longest text each format allows, so that generated validators bound it.
    fn bound(schema: &mut Value) {
        let longest = match schema.get("format").and_then(Value::as_str) {
            Some("uuid") => 36,
            Some("date") => 10,
            Some("date-time") => 40,
            Some("email") => 254,
            _ => return,
        };
        if schema.get("maxLength").is_none() {
            schema["maxLength"] = json!(longest);
        }
    }
    fn set(schema: &mut Value, format: &str) {
        let is_text =
            |t: &Value| t == "string" || t.as_array().is_some_and(|t| t.contains(&json!("string")));
        if schema.get("type").is_some_and(is_text) {
            schema["format"] = json!(format);
        } else if let Some(items) = schema.get_mut("items") {
            set(items, format);
        }
    }
    bound(value);
    let is_integer =
        |t: &Value| t == "integer" || t.as_array().is_some_and(|t| t.contains(&json!("integer")));
    if value.get("type").is_some_and(is_integer) && value.get("format").is_none() {
        value["format"] = json!("int64");
    }
    match value {
        Value::Object(object) => {
            // A text in both languages (`{"id": ..., "en": ...}`) holds no id.
            let bilingual = object
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| p.len() == 2 && p.contains_key("id") && p.contains_key("en"));
            if let (false, Some(Value::Object(properties))) =
                (bilingual, object.get_mut("properties"))
            {
                for (name, schema) in properties.iter_mut() {
                    if let Some(format) = format_of(name) {
                        set(schema, format);
                    }
                }
            }
            if object.get("in").is_some_and(|i| i == "header")
                && let Some(schema) = object.get_mut("schema")
                && schema["type"] == json!(["string", "null"])
            {
                // A header is sent or not; it is never null.
                schema["type"] = json!("string");
                if schema.get("maxLength").is_none() {
                    schema["maxLength"] = json!(HEADER_MAX);
                }
            }
            let parameter = object
                .get("in")
                .is_some_and(|i| i == "path" || i == "query");
            let bound = object
                .get("name")
                .and_then(Value::as_str)
                .and_then(|name| PARAMETER_MAX.iter().find(|(n, _)| *n == name));
            if let (true, Some((_, longest)), Some(schema)) =
                (parameter, bound, object.get_mut("schema"))
                && schema.get("maxLength").is_none()
                && schema.get("enum").is_none()
            {
                schema["maxLength"] = json!(longest);
            }
            if let (true, Some(format)) = (
                parameter,
                object
                    .get("name")
                    .and_then(Value::as_str)
                    .and_then(format_of),
            ) && let Some(schema) = object.get_mut("schema")
            {
                set(schema, format);
            }
            object.values_mut().for_each(set_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(set_formats),
        _ => {}
    }
}

/// The `Code` schema lists every problem code; its description says when each is answered and
/// with which status, so a generated client's enum comes documented.
fn describe_codes(components: &mut utoipa::openapi::Components) {
    use utoipa::openapi::schema::Schema;
    if let Some(RefOr::T(Schema::Object(code))) = components.schemas.get_mut("Code") {
        let intro = code.description.take().unwrap_or_default();
        code.description = Some(format!("{intro}\n\n{}", crate::error::Code::table()));
    }
}

/// utoipa inlines a generic's type parameter, so `Page_Employee` would carry a copy of
/// `Employee` (and `SyncBatch_UnitSyncRow` of `UnitSyncRow`). Point each page's `items` (each
/// batch's `rows`) at the named schema instead: generated clients then
/// get one type per resource, and no component is left unused.
fn reference_page_items(components: &mut utoipa::openapi::Components) {
    use utoipa::openapi::schema::{ArrayItems, Schema};
    let names: Vec<String> = components.schemas.keys().cloned().collect();
    // (generic prefix, the array property holding the type parameter)
    const GENERICS: [(&str, &str); 2] = [("Page_", "items"), ("SyncBatch_", "rows")];
    for (name, schema) in components.schemas.iter_mut() {
        let Some((item, property)) = GENERICS.iter().find_map(|(prefix, property)| {
            name.strip_prefix(prefix)
                .filter(|i| names.iter().any(|n| n == i))
                .map(|i| (i, *property))
        }) else {
            continue;
        };
        if let RefOr::T(Schema::Object(page)) = schema
            && let Some(RefOr::T(Schema::Array(items))) = page.properties.get_mut(property)
        {
            items.items =
                ArrayItems::RefOrSchema(Box::new(RefOr::Ref(Ref::from_schema_name(item))));
        }
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.delete.as_mut(),
        item.patch.as_mut(),
    ]
    .into_iter()
    .flatten()
}
