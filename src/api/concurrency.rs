//! Optimistic concurrency: single resources carry a `version`, sent as a strong `ETag`;
//! writes honour `If-Match` and answer 412 when it names an older version.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder, http::header};
use serde::Serialize;

use crate::error::{ApiError, FieldError};

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

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let values: Vec<&str> = req
            .headers()
            .get_all(header::IF_MATCH)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        ready(parse(&values))
    }
}

fn parse(values: &[&str]) -> Result<IfMatch, ApiError> {
    if values.is_empty() {
        return Ok(IfMatch::Absent);
    }
    if values.contains(&"*") {
        return Ok(IfMatch::Any);
    }
    values
        .iter()
        .map(|v| {
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .and_then(|v| v.parse::<i64>().ok())
                .ok_or_else(|| {
                    ApiError::invalid_parameter(
                        "header",
                        FieldError::parameter(
                            "If-Match",
                            "invalid_value",
                            format!("{v:?} is not an ETag this API issued (such as \"3\")"),
                        ),
                    )
                })
        })
        .collect::<Result<_, _>>()
        .map(IfMatch::Versions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_lists_versions_or_any() {
        assert_eq!(parse(&[]).ok(), Some(IfMatch::Absent));
        assert_eq!(parse(&["*"]).ok(), Some(IfMatch::Any));
        assert_eq!(
            parse(&["\"2\"", "\"3\""]).ok(),
            Some(IfMatch::Versions(vec![2, 3]))
        );
        assert!(
            parse(&["W/\"2\""]).is_err(),
            "weak tags never match (RFC 9110)"
        );
        assert!(IfMatch::Versions(vec![2]).check(2).is_ok());
        assert_eq!(
            IfMatch::Versions(vec![1]).check(2).err().map(|e| e.code()),
            Some("stale_version")
        );
    }
}
