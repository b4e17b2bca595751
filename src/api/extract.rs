//! Request extractors whose every failure is a problem document naming what is wrong: a JSON
//! body (415/413/400/422 with a JSON pointer) and query parameters (400 naming the parameter).
//! Path parameters use actix's `web::Path` with the error handler [`path_error`].

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::error::PathError;
use actix_web::http::Method;
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

/// How long a request body may take to arrive (app data): a stalled upload is 408 and its
/// connection is closed, so slow clients cannot hold the server.
#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout(pub std::time::Duration);

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
        let timeout = req
            .app_data::<BodyTimeout>()
            .map_or(std::time::Duration::from_secs(3600), |t| t.0);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let payload = payload.take();
        Box::pin(async move {
            let bytes = tokio::time::timeout(timeout, read_limited(payload, limit, declared))
                .await
                .map_err(|_| ApiError::body_timeout(timeout))??
                .freeze();
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
/// so is text no database column can store (see [`unstorable`]).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let refused = unstorable_json(bytes);
    if !refused.is_empty() {
        let errors = refused.into_iter().map(|(at, why)| why.at(at)).collect();
        return Err(ApiError::validation(errors));
    }
    let well_formed = || serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
    // Every body of this API is an object; an array must not fill its fields by position.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') && well_formed() {
        return Err(ApiError::validation(vec![FieldError::at(
            "",
            "not_an_object",
            "the body must be a JSON object",
        )]));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let inner = err.inner();
        if inner.is_data() {
            let (pointer, code, message) = locate(err.path(), &without_position(inner));
            ApiError::validation(vec![FieldError::at(pointer, code, message)])
        } else if well_formed() {
            // Well-formed JSON that serde_json reports as a syntax error: a null (or another
            // type) where an enum's name belongs.
            let (pointer, _, _) = locate(err.path(), "");
            ApiError::validation(vec![FieldError::at(
                pointer,
                "invalid_value",
                "a value of the wrong type here (null is not allowed)",
            )])
        } else {
            ApiError::malformed_json(inner)
        }
    })?;
    de.end().map_err(ApiError::malformed_json)?;
    Ok(value)
}

/// Why a text cannot be stored, as a field error's code and message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unstorable {
    pub code: &'static str,
    pub message: &'static str,
}

impl Unstorable {
    pub fn at(self, pointer: String) -> FieldError {
        FieldError::at(pointer, self.code, self.message)
    }
}

/// Text the databases refuse (so it must be refused before it reaches them): the NUL
/// character, and a date or time whose year lies outside 0001–9999 (PostgreSQL holds no year
/// before 4713 BC, and neither backend compares signed or five-digit years as dates).
pub fn unstorable(text: &str) -> Option<Unstorable> {
    if text.contains('\0') {
        return Some(Unstorable {
            code: "nul_character",
            message: "text may not contain the NUL character (U+0000)",
        });
    }
    let (signed, unsigned) = match text.as_bytes().first() {
        Some(b'+' | b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    let year_digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &unsigned.as_bytes()[year_digits..];
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    // -YYYYY-MM-DD, then the end or a time: a date, not text that happens to hold dashes.
    let date_like = year_digits >= 4
        && rest.len() >= 6
        && rest[0] == b'-'
        && number(&rest[1..3]).is_some_and(|m| (1..=12).contains(&m))
        && rest[3] == b'-'
        && number(&rest[4..6]).is_some_and(|d| (1..=31).contains(&d))
        && matches!(rest.get(6), None | Some(b'T' | b't' | b' '));
    let outside = signed || year_digits > 4 || unsigned.starts_with("0000");
    (date_like && outside).then_some(Unstorable {
        code: "out_of_range",
        message: "dates run from 0001-01-01 to 9999-12-31",
    })
}

/// The texts in a JSON document that cannot be stored: their pointers, and why.
pub fn unstorable_json(bytes: &[u8]) -> Vec<(String, Unstorable)> {
    let mut found = Vec::new();
    // Look closer only when such text may occur: JSON carries NUL only as the escape \u0000.
    let nul = bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"));
    if (nul || may_hold_odd_date(bytes))
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes)
    {
        unstorable_in(&value, String::new(), &mut found);
    }
    found
}

/// Whether a JSON text may hold a string starting like a signed or five-digit-year date.
fn may_hold_odd_date(bytes: &[u8]) -> bool {
    bytes.windows(3).enumerate().any(|(i, w)| {
        w[0] == b'"'
            && ((matches!(w[1], b'+' | b'-') && w[2].is_ascii_digit())
                || bytes[i + 1..]
                    .iter()
                    .take(6)
                    .take_while(|b| b.is_ascii_digit())
                    .count()
                    > 4
                || bytes[i + 1..].starts_with(b"0000-"))
    })
}

/// Every string (or key) in `value` that cannot be stored: its pointer, and why.
fn unstorable_in(value: &serde_json::Value, at: String, found: &mut Vec<(String, Unstorable)>) {
    let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
    match value {
        serde_json::Value::String(s) => found.extend(unstorable(s).map(|why| (at, why))),
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                unstorable_in(v, format!("{at}/{i}"), found);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{at}/{}", escape(k));
                match unstorable(k) {
                    Some(why) => found.push((here, why)),
                    None => unstorable_in(v, here, found),
                }
            }
        }
        _ => {}
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
        if let Some((name, why)) = pairs.clone().find_map(|(k, v)| {
            unstorable(&k)
                .or_else(|| unstorable(&v))
                .map(|why| (k, why))
        }) {
            let parameter = FieldError::parameter(name.into_owned(), why.code, why.message);
            return ready(Err(ApiError::invalid_parameter("query", parameter)));
        }
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
        // A read is authorised on the token's own description of the account; the request's
        // first database hop confirms it (`principal::defer_check`), unless one did recently.
        let reads = matches!(*req.method(), Method::GET | Method::HEAD);
        Box::pin(async move {
            let token = token?;
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no AppState")))?;
            let claims = state
                .issuer
                .tokens
                .verify(&token)
                .map_err(|reason| ApiError::unauthenticated(Code::InvalidToken, reason))?;
            if reads
                && let Some(described) = principal::from_claims(&claims)
                && (state.confirmations.holds(&claims, state.clock.now())
                    || principal::defer_check(claims.clone()))
            {
                return Ok(described);
            }
            state
                .run(move |conn| principal::resolve(conn, claims))
                .await
        })
    }
}

/// The language a request's messages are answered in: its `Accept-Language`, else the
/// setting (`KINERJA_DEFAULT_LANGUAGE`).
pub fn language(req: &HttpRequest) -> crate::language::Language {
    crate::language::Language::negotiate(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        req.app_data::<web::Data<AppState>>()
            .map_or(crate::language::Language::Indonesian, |s| {
                s.default_language
            }),
    )
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

    #[test]
    fn text_the_databases_cannot_store_is_named() {
        let code = |t: &str| unstorable(t).map(|u| u.code);
        assert_eq!(code("a\0b"), Some("nul_character"));
        for odd in [
            "-9999-01-01T00:00:00Z",
            "+10000-01-01",
            "10000-12-31",
            "0000-01-01",
        ] {
            assert_eq!(code(odd), Some("out_of_range"), "{odd}");
        }
        for fine in [
            "2026-01-01",
            "9999-12-31T23:59:59Z",
            "+62-267-2000",
            "-5",
            "A-1234-56",
        ] {
            assert_eq!(code(fine), None, "{fine}");
        }
        let body = br#"{"a": {"b": ["ok", "+10000-01-01"]}, "c": "x\u0000"}"#;
        let found: Vec<_> = unstorable_json(body)
            .into_iter()
            .map(|(at, why)| (at, why.code))
            .collect();
        assert_eq!(
            found,
            [
                ("/a/b/1".to_owned(), "out_of_range"),
                ("/c".to_owned(), "nul_character")
            ]
        );
    }
}
