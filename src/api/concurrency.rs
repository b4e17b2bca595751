//! Optimistic concurrency: single resources carry a `version`, sent as a strong `ETag`;
//! writes honour `If-Match` and answer 412 when it names an older version.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder, http::header};
use serde::Serialize;

use crate::error::ApiError;

pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// A single resource with its `ETag`.
pub fn tagged(mut res: HttpResponseBuilder, version: i64, body: impl Serialize) -> HttpResponse {
    res.insert_header((header::ETAG, etag(version))).json(body)
}

/// 201 Created with `Location` and `ETag`.
pub fn created(location: String, version: i64, body: impl Serialize) -> HttpResponse {
    let mut res = HttpResponse::Created();
    res.insert_header((header::LOCATION, location));
    tagged(res, version, body)
}

pub use crate::store::IfMatch;

/// Never fails: a header that cannot be read is kept as [`IfMatch::Unreadable`] and refused
/// when the write checks it, after the operation's access rule.
impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let mut values = Vec::new();
        for value in req.headers().get_all(header::IF_MATCH) {
            match value.to_str() {
                Ok(text) => values.extend(text.split(',').map(str::trim)),
                Err(_) => return ready(Ok(IfMatch::Unreadable("(not text)".into()))),
            }
        }
        ready(Ok(parse(&values)))
    }
}

fn parse(values: &[&str]) -> IfMatch {
    if values.is_empty() {
        return IfMatch::Absent;
    }
    if values.contains(&"*") {
        return IfMatch::Any;
    }
    values
        .iter()
        .map(|v| {
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .and_then(|v| v.parse::<i64>().ok())
                .ok_or_else(|| (*v).to_owned())
        })
        .collect::<Result<_, _>>()
        .map_or_else(IfMatch::Unreadable, IfMatch::Versions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_lists_versions_or_any() {
        assert_eq!(parse(&[]), IfMatch::Absent);
        assert_eq!(parse(&["*"]), IfMatch::Any);
        assert_eq!(parse(&["\"2\"", "\"3\""]), IfMatch::Versions(vec![2, 3]));
        assert_eq!(
            parse(&["W/\"2\""]),
            IfMatch::Unreadable("W/\"2\"".into()),
            "weak tags never match (RFC 9110)"
        );
        assert_eq!(
            IfMatch::Unreadable("x".into())
                .check(2)
                .err()
                .map(|e| e.code()),
            Some("invalid_header")
        );
        assert!(IfMatch::Versions(vec![2]).check(2).is_ok());
        assert_eq!(
            IfMatch::Versions(vec![1]).check(2).err().map(|e| e.code()),
            Some("stale_version")
        );
    }
}
