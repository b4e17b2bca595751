//! `Idempotency-Key` on every `POST` of the API: the first successful response to a caller's
//! key is kept for 24 hours and answered again (status, body, `Location`, `ETag`) to a retry
//! with the same body, without doing anything again. The same key with another body is 422
//! `idempotency_key_reused`; while the first request still runs, 409 `idempotency_in_progress`.
//! A failed request (not 2xx) lets the key go, so the retry really runs.

use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError, web};
use chrono::TimeDelta;
use sha2::{Digest, Sha256};

use super::AppState;
use crate::error::{ApiError, Code, FieldError};
use crate::store::idempotency::{self, KeyRow};

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
/// How long a response is kept for retries.
const KEPT: TimeDelta = TimeDelta::hours(24);
/// A claim this old without a response belongs to a request that died (a crash between the
/// claim and the answer): a retry takes over. Requests are bounded far below this.
const ABANDONED: TimeDelta = TimeDelta::minutes(15);
pub const KEY_MAX: usize = 255;
/// The response headers a replay repeats.
const KEPT_HEADERS: [HeaderName; 3] = [header::LOCATION, header::ETAG, header::CONTENT_TYPE];

enum Claim {
    Mine,
    Replay(KeyRow),
    Reused,
    InProgress,
}

fn applies(req: &ServiceRequest) -> bool {
    req.method() == Method::POST
        && req.path().starts_with("/api/v1/")
        && !req.path().starts_with("/api/v1/auth/")
}

fn answer(req: ServiceRequest, error: ApiError) -> ServiceResponse<BoxBody> {
    let response = error.error_response();
    req.into_response(response)
}

pub async fn idempotent(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let key = req.headers().get(&IDEMPOTENCY_KEY).cloned();
    let (Some(key), true) = (key, applies(&req)) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = match key.to_str() {
        Ok(k) if (1..=KEY_MAX).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()) => {
            k.to_owned()
        }
        _ => {
            let error = ApiError::invalid_parameter(
                "header",
                FieldError::parameter(
                    "Idempotency-Key",
                    "invalid",
                    format!("1 to {KEY_MAX} visible ASCII characters"),
                ),
            );
            return Ok(answer(req, error));
        }
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Keys are per caller; without a valid token the handler answers 401 as always.
    let Some(caller) = super::token_caller(req.request(), &state) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let body = match req.extract::<crate::api::extract::RawBody>().await {
        Ok(body) => body.bytes,
        Err(e) => return Ok(answer(req, e)),
    };
    let mut hash = Sha256::new();
    for part in [
        req.path().as_bytes(),
        req.query_string().as_bytes(),
        req.headers()
            .get(header::CONTENT_TYPE)
            .map_or(&b""[..], HeaderValue::as_bytes),
        &body,
    ] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    let request_hash = format!("{:x}", hash.finalize());
    req.set_payload(Payload::from(body));

    // The clock's microseconds are what both databases keep: the claim is found by its time.
    let now = state.clock.now();
    let row = KeyRow {
        caller: caller.clone(),
        key: key.clone(),
        request_hash,
        status: None,
        headers: None,
        body: None,
        created_at: now,
    };
    let claim = state
        .run(move |conn| {
            idempotency::expire(conn, now - KEPT)?;
            loop {
                if idempotency::claim(conn, &row)? {
                    return Ok(Claim::Mine);
                }
                let Some(found) = idempotency::find(conn, &row.caller, &row.key)? else {
                    continue;
                };
                match found.status {
                    None if found.created_at < now - ABANDONED => {
                        idempotency::release(conn, (&row.caller, &row.key, found.created_at))?;
                    }
                    None => return Ok(Claim::InProgress),
                    Some(_) if found.request_hash != row.request_hash => return Ok(Claim::Reused),
                    Some(_) => return Ok(Claim::Replay(found)),
                }
            }
        })
        .await;
    match claim {
        Ok(Claim::Mine) => {}
        Ok(Claim::Replay(kept)) => return Ok(req.into_response(replay(&kept))),
        Ok(Claim::Reused) => {
            let error = ApiError::new(
                Code::IdempotencyKeyReused,
                "This Idempotency-Key was used with another request; use a new key for a new request.",
            );
            return Ok(answer(req, error));
        }
        Ok(Claim::InProgress) => {
            let error = ApiError::new(
                Code::IdempotencyInProgress,
                "A request with this Idempotency-Key is still running; retry when it has answered.",
            );
            return Ok(answer(req, error));
        }
        Err(error) => return Ok(answer(req, error)),
    }

    let response = next.call(req).await?;
    let keep = response.status().is_success();
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = to_bytes(body).await.unwrap_or_default();
    let headers: serde_json::Map<String, serde_json::Value> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = head.headers().get(name)?.to_str().ok()?;
            Some((name.as_str().to_owned(), value.into()))
        })
        .collect();
    let status = i32::from(head.status().as_u16());
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let headers = serde_json::Value::Object(headers).to_string();
    let stored = state
        .run(move |conn| {
            let claim = (caller.as_str(), key.as_str(), now);
            if keep {
                idempotency::complete(conn, claim, status, &headers, &text)?;
            } else {
                idempotency::release(conn, claim)?;
            }
            Ok(())
        })
        .await;
    if let Err(error) = stored {
        tracing::warn!(cause = %error, "an idempotency key could not be updated");
    }
    Ok(ServiceResponse::new(
        request,
        head.set_body(BoxBody::new(bytes)),
    ))
}

/// The kept response again, marked as a replay.
fn replay(kept: &KeyRow) -> HttpResponse {
    let status = kept
        .status
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    let headers: serde_json::Map<String, serde_json::Value> = kept
        .headers
        .as_deref()
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default();
    for (name, value) in headers {
        let value = value.as_str().and_then(|v| HeaderValue::from_str(v).ok());
        if let (Ok(name), Some(value)) = (HeaderName::try_from(name), value) {
            response.insert_header((name, value));
        }
    }
    response.insert_header((REPLAYED, HeaderValue::from_static("true")));
    response.body(kept.body.clone().unwrap_or_default())
}
