//! Keyset pagination: `?limit=` (default 50, at most 200) and an opaque `?cursor=` that
//! encodes the sort key of the last row returned, so pages stay stable under inserts.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, FieldError};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// A page of a list; `next_cursor` is null on the last page.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; null when there is none.
    pub next_cursor: Option<String>,
}

/// The longest search text a list accepts (a name, a code, the start of a NIP).
pub const SEARCH_MAX: usize = 200;

/// The validated `q`: at most [`SEARCH_MAX`] characters, no control characters.
pub fn search(q: Option<String>) -> Result<Option<String>, ApiError> {
    let refuse = |message: String| {
        ApiError::invalid_parameter(
            "query",
            FieldError::parameter("q", "invalid_value", message),
        )
    };
    match q {
        Some(q) if q.chars().count() > SEARCH_MAX => {
            Err(refuse(format!("at most {SEARCH_MAX} characters")))
        }
        Some(q) if q.chars().any(char::is_control) => {
            Err(refuse("no control characters".to_owned()))
        }
        q => Ok(q),
    }
}

/// The validated `limit`.
pub fn limit(requested: Option<i64>) -> Result<i64, ApiError> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::invalid_parameter(
            "query",
            FieldError::parameter(
                "limit",
                "out_of_range",
                format!("must be from 1 to {MAX_LIMIT}"),
            ),
        )),
    }
}

/// The sort key a `cursor` carries.
pub fn decode_cursor(cursor: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(cursor) = cursor else {
        return Ok(None);
    };
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .map(Some)
        .ok_or_else(|| {
            ApiError::invalid_parameter(
                "query",
                FieldError::parameter(
                    "cursor",
                    "invalid_value",
                    "not a cursor this API issued; pass next_cursor unchanged",
                ),
            )
        })
}

/// Builds a page from up to `limit + 1` rows fetched in key order: the extra row only says
/// that another page exists.
pub fn page<R, T>(
    mut rows: Vec<R>,
    limit: i64,
    key: impl Fn(&R) -> String,
    item: impl Fn(R) -> T,
) -> Page<T> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = more
        .then(|| rows.last().map(|r| URL_SAFE_NO_PAD.encode(key(r))))
        .flatten();
    Page {
        items: rows.into_iter().map(item).collect(),
        next_cursor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_says_whether_more_follow() {
        let p = page(vec![1, 2, 3], 2, |n| n.to_string(), |n| n * 10);
        assert_eq!(p.items, [10, 20]);
        let cursor = p.next_cursor.expect("a third row exists");
        assert_eq!(
            decode_cursor(Some(&cursor)).ok().flatten().as_deref(),
            Some("2")
        );
        let last = page(vec![1, 2], 2, |n| n.to_string(), |n| n);
        assert!(last.next_cursor.is_none());
    }

    #[test]
    fn limits_and_cursors_are_checked() {
        assert_eq!(limit(None).ok(), Some(50));
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(201)).is_err());
        assert!(decode_cursor(Some("%%%")).is_err());
    }
}
