//! The one place an [`ApiError`] becomes an HTTP response: RFC 9457 `application/problem+json`
//! with the status its code fixes and the headers it carries, in the caller's language.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde_json::Value;

use crate::error::{ApiError, PROBLEM_JSON};
use crate::language::Language;

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// In English, as the code writes it; the request middleware puts it in the caller's
    /// language ([`localize`]).
    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        res.content_type(PROBLEM_JSON);
        for (name, value) in self.headers() {
            if let Ok(value) = HeaderValue::from_str(value) {
                res.insert_header((HeaderName::from_static(name), value));
            }
        }
        res.json(self.to_problem())
    }
}

impl ApiError {
    /// The response in `language`, for errors answered outside the request middleware.
    pub fn error_response_in(&self, language: Language) -> HttpResponse {
        let mut problem = serde_json::to_value(self.to_problem()).unwrap_or_default();
        localize(&mut problem, language);
        let mut res = self.error_response();
        mark_language(res.headers_mut(), language);
        res.set_body(actix_web::body::BoxBody::new(problem.to_string()))
    }
}

/// Says which language a problem is in, and that it depends on `Accept-Language`.
pub fn mark_language(headers: &mut actix_web::http::header::HeaderMap, language: Language) {
    use actix_web::http::header;
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(language.tag()),
    );
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
}

/// Puts a problem document's texts (`title`, `detail`, `error_description`, each field
/// error's `message`) in `language`; codes, pointers and parameters stay as they are.
pub fn localize(problem: &mut Value, language: Language) {
    let say = |text: &mut Value| {
        if let Some(english) = text.as_str() {
            *text = Value::String(language.say(english));
        }
    };
    for member in ["title", "detail", "error_description"] {
        if let Some(text) = problem.get_mut(member) {
            say(text);
        }
    }
    if let Some(Value::Array(errors)) = problem.get_mut("errors") {
        for error in errors {
            if let Some(message) = error.get_mut("message") {
                say(message);
            }
        }
    }
}
