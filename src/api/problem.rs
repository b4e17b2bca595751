//! The one place an [`ApiError`] becomes an HTTP response: RFC 9457 `application/problem+json`
//! with the status its code fixes and the headers it carries.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

use crate::error::{ApiError, PROBLEM_JSON};

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

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
