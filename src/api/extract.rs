//! Request extractors whose every failure is a problem document naming what is wrong: a JSON
//! body (415/413/400/422 with a JSON pointer) and query parameters (400 naming the parameter).
//! Path parameters use actix's `web::Path` with the error handler [`path_error`].

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::error::PathError;
use actix_web::{FromRequest, HttpRequest, http::header, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::app::AppState;
use crate::auth::{Principal, principal};
use crate::error::{ApiError, Code, FieldError};

/// The request body limit in bytes, kept as app data so 413 can name it.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON request body that is read but not yet parsed: the handler checks the operation's
/// access rule first and then calls [`Body::parse`], so a caller without the right learns
/// nothing from validation errors. Accepts `application/json` and any `application/*+json`.
pub struct Body<T> {
    raw: RawBody,
    parsed: std::marker::PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Body<T> {
    /// 415 for another content type, 400 for malformed JSON, 422 naming the field otherwise.
    pub fn parse(self) -> Result<T, ApiError> {
        if !self.raw.is_json() {
            return Err(ApiError::unsupported_media_type(
                self.raw.content_type.as_deref(),
            ));
        }
        parse_json(&self.raw.bytes)
    }
}

impl<T> FromRequest for Body<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let raw = RawBody::from_request(req, payload);
        Box::pin(async move {
            Ok(Body {
                raw: raw.await?,
                parsed: std::marker::PhantomData,
            })
        })
    }
}

/// A body read within the limit, with its content type, for endpoints that accept more than
/// JSON (the OAuth2 endpoints also take forms).
pub struct RawBody {
    pub content_type: Option<String>,
    pub bytes: web::Bytes,
}

impl RawBody {
    /// The media type without parameters, lower-case.
    pub fn essence(&self) -> Option<String> {
        self.content_type.as_deref().map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }

    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(is_json)
    }
}

impl FromRequest for RawBody {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let limit = req.app_data::<BodyLimit>().map_or(usize::MAX, |l| l.0);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let payload = payload.take();
        Box::pin(async move {
            let bytes = read_limited(payload, limit, declared).await?.freeze();
            Ok(RawBody {
                content_type,
                bytes,
            })
        })
    }
}

/// For optional fields of a merge patch (RFC 7396) that may not be removed: absent is `None`,
/// a value is `Some`, and `null` is refused. Use with `#[serde(default)]`.
pub fn present<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(de).map(Some)
}

/// For nullable fields of a merge patch: absent is `None`, `null` is `Some(None)` (clear it),
/// a value is `Some(Some(v))`. Use with `#[serde(default)]`.
pub fn nullable<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(de).map(Some)
}

/// Reads at most `limit` bytes. A larger body is still read and discarded up to four times the
/// limit before answering 413: closing the connection on unread data makes the kernel reset it,
/// and the client would see a reset instead of the 413.
async fn read_limited(
    mut payload: Payload,
    limit: usize,
    declared: Option<usize>,
) -> Result<web::BytesMut, ApiError> {
    let discard_up_to = limit.saturating_mul(4);
    if declared.is_some_and(|n| n > discard_up_to) {
        return Err(ApiError::payload_too_large(limit));
    }
    let mut body = web::BytesMut::new();
    let mut seen = 0usize;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::malformed_json(format_args!("the body could not be read ({e})"))
        })?;
        seen = seen.saturating_add(chunk.len());
        if seen <= limit {
            body.extend_from_slice(&chunk);
        } else if seen > discard_up_to {
            break;
        }
    }
    if seen > limit {
        return Err(ApiError::payload_too_large(limit));
    }
    Ok(body)
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Syntax errors are 400 (not JSON at all); JSON of the wrong shape is 422 with a pointer, and
/// so is text holding the NUL character, which no database column can store.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // JSON carries NUL only as the escape \u0000; look closer only when that text occurs.
    if bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"))
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes)
        && let Some(pointer) = nul_at(&value, String::new())
    {
        return Err(ApiError::validation(vec![FieldError::at(
            pointer,
            "nul_character",
            "text may not contain the NUL character (U+0000)",
        )]));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let inner = err.inner();
        if inner.is_data() {
            let (pointer, code, message) = locate(err.path(), &without_position(inner));
            ApiError::validation(vec![FieldError::at(pointer, code, message)])
        } else {
            ApiError::malformed_json(inner)
        }
    })?;
    de.end().map_err(ApiError::malformed_json)?;
    Ok(value)
}

/// The pointer of the first string (or key) in `value` that holds a NUL character.
fn nul_at(value: &serde_json::Value, at: String) -> Option<String> {
    let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
    match value {
        serde_json::Value::String(s) if s.contains('\0') => Some(at),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_at(v, format!("{at}/{i}"))),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
            let here = format!("{at}/{}", escape(k));
            if k.contains('\0') {
                Some(here)
            } else {
                nul_at(v, here)
            }
        }),
        _ => None,
    }
}

/// A JSON value already parsed (for bodies read in two steps) deserialised into `T`; a value
/// of the wrong shape is 422 with a pointer.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let (pointer, code, message) = locate(err.path(), &without_position(err.inner()));
        ApiError::validation(vec![FieldError::at(pointer, code, message)])
    })
}

/// Query parameters, deserialised into `T`; a bad or missing one is 400 naming it.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned> FromRequest for QueryParams<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let pairs = form_urlencoded::parse(req.query_string().as_bytes());
        let de = serde_urlencoded::Deserializer::new(pairs);
        ready(
            serde_path_to_error::deserialize(de)
                .map(QueryParams)
                .map_err(|err| {
                    let (pointer, code, message) = locate(err.path(), &err.inner().to_string());
                    let name = pointer.trim_start_matches('/').to_owned();
                    ApiError::invalid_parameter("query", FieldError::parameter(name, code, message))
                }),
        )
    }
}

/// The error handler for `web::PathConfig`: 400 naming the parameter.
pub fn path_error(err: PathError, req: &HttpRequest) -> actix_web::Error {
    let names: Vec<&str> = req.match_info().iter().map(|(name, _)| name).collect();
    let PathError::Deserialize(inner) = err else {
        return ApiError::internal(anyhow::anyhow!("unexpected path error: {err}")).into();
    };
    let message = inner.to_string();
    // The deserialiser does not say which segment failed; with one parameter it is that one.
    let name = match names.as_slice() {
        [only] => (*only).to_owned(),
        many => many.join(","),
    };
    ApiError::invalid_parameter(
        "path",
        FieldError::parameter(name, "invalid_value", message),
    )
    .into()
}

/// Builds the JSON pointer, code and message of a serde error. Serde reports a missing field
/// at the enclosing object, naming the field only in the message, so it is appended.
fn locate(path: &serde_path_to_error::Path, message: &str) -> (String, &'static str, String) {
    let mut pointer = String::new();
    for segment in path.iter() {
        let token = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    }
    let mut code = "invalid_value";
    if message.starts_with("unknown field `") {
        code = "unknown_field";
    } else if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        pointer.push('/');
        pointer.push_str(&field.replace('~', "~0").replace('/', "~1"));
        code = "missing";
    }
    (pointer, code, message.to_owned())
}

/// serde_json appends " at line L column C"; a field error has the pointer instead.
fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

pub fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthenticated(
            Code::Unauthenticated,
            "no bearer token was sent",
        ));
    };
    let value = value.to_str().unwrap_or_default().trim();
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim().to_owned())
        }
        _ => Err(ApiError::unauthenticated(
            Code::InvalidToken,
            "the Authorization header is not \"Bearer <token>\"",
        )),
    }
}

/// The caller: a verified bearer token of an account that is still active.
impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer_token(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let token = token?;
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no AppState")))?;
            let claims = state
                .issuer
                .tokens
                .verify(&token)
                .map_err(|reason| ApiError::unauthenticated(Code::InvalidToken, reason))?;
            state
                .run(move |conn| principal::resolve(conn, claims))
                .await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        #[serde(rename = "a/b")]
        weight: u32,
    }

    fn pointer_of(json: &str) -> (String, String) {
        let err = parse_json::<Body>(json.as_bytes()).expect_err("invalid");
        let problem = err.to_problem();
        assert_eq!(problem.status, 422, "{json}");
        let e = &problem.errors[0];
        (e.pointer.clone().unwrap_or_default(), e.message.clone())
    }

    #[test]
    fn a_wrong_type_is_pointed_at() {
        let (pointer, message) =
            pointer_of(r#"{"name": "x", "items": [{"a/b": 1}, {"a/b": "two"}]}"#);
        assert_eq!(pointer, "/items/1/a~1b");
        assert_eq!(message, "invalid type: string \"two\", expected u32");
    }

    #[test]
    fn missing_and_unknown_fields_are_named() {
        assert_eq!(pointer_of(r#"{"items": []}"#).0, "/name");
        assert_eq!(
            pointer_of(r#"{"name": "x", "items": [{"a/b": 1, "c": 2}]}"#).0,
            "/items/0/c"
        );
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        for text in [
            "{",
            "",
            "{\"name\": }",
            "{\"name\": \"x\", \"items\": []} trailing",
        ] {
            let err = parse_json::<Body>(text.as_bytes()).expect_err("not JSON");
            assert_eq!(err.code(), "malformed_json", "{text:?}");
        }
    }

    #[test]
    fn json_media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/x-www-form-urlencoded"));
    }
}
