//! Requests per caller (the token's subject, or the client address without a valid token),
//! as a token bucket of `KINERJA_RATE_LIMIT_PER_MINUTE` refilled evenly over the minute. Every
//! answer says where the caller stands (`RateLimit-Policy`, `RateLimit`); over the limit it is
//! 429 `rate_limited` with `Retry-After`. Counted per server process.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use super::AppState;
use crate::api::address::client_address;
use crate::error::ApiError;

const RATELIMIT: HeaderName = HeaderName::from_static("ratelimit");
const RATELIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");
/// Buckets kept before the full (idle) ones are dropped.
const BUCKETS_KEPT: usize = 10_000;

pub struct RateLimiter {
    /// Requests a caller may make per minute; 0 turns limiting off.
    per_minute: u32,
    buckets: Mutex<Buckets>,
}

#[derive(Default)]
struct Buckets {
    by_caller: HashMap<String, Bucket>,
    /// When full (idle) buckets were last dropped.
    swept: Option<Instant>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// What one request found: allowed (with the tokens left) or refused.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Standing {
    allowed: bool,
    remaining: u32,
    /// Seconds until the bucket is full again (allowed) or holds a token (refused).
    seconds: u64,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            buckets: Mutex::new(Buckets::default()),
        }
    }

    fn take(&self, caller: &str, now: Instant) -> Standing {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Idle buckets are full again: dropping them forgets nothing. At most once a minute,
        // so that many callers do not make every request scan the map.
        let due = buckets
            .swept
            .is_none_or(|at| now.duration_since(at).as_secs() >= 60);
        if buckets.by_caller.len() >= BUCKETS_KEPT && due {
            buckets.by_caller.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * per_second < capacity
            });
            buckets.swept = Some(now);
        }
        let bucket = buckets
            .by_caller
            .entry(caller.to_owned())
            .or_insert(Bucket {
                tokens: capacity,
                at: now,
            });
        let elapsed = now.duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.at = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        let missing = if allowed {
            capacity - bucket.tokens
        } else {
            1.0 - bucket.tokens
        };
        Standing {
            allowed,
            // Whole tokens only; `tokens` is at most the capacity, a u32.
            remaining: bucket.tokens.floor() as u32,
            seconds: (missing / per_second).ceil() as u64,
        }
    }

    fn describe(&self, standing: Standing, headers: &mut HeaderMap) {
        let policy = format!("\"caller\";q={};w=60", self.per_minute);
        let now = format!("\"caller\";r={};t={}", standing.remaining, standing.seconds);
        for (name, value) in [(RATELIMIT_POLICY, policy), (RATELIMIT, now)] {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
    }
}

/// Probes and scrapes come from the infrastructure, often many through one address: they are
/// not limited.
pub fn is_exempt(path: &str) -> bool {
    path.starts_with("/health/") || path == "/metrics"
}

pub async fn rate_limited(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let probe = is_exempt(req.path());
    let Some(state) = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .filter(|s| s.rate_limiter.per_minute > 0 && !probe)
    else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // A forged token is no caller of its own: it counts against its address.
    let caller = super::token_caller(req.request(), &state).unwrap_or_else(|| {
        let address = client_address(req.request(), &state.trusted_proxies);
        format!("address:{address}")
    });
    let standing = state.rate_limiter.take(&caller, Instant::now());
    let mut response = if standing.allowed {
        next.call(req).await?.map_into_boxed_body()
    } else {
        let error = ApiError::rate_limited(standing.seconds.max(1));
        req.error_response(error).map_into_boxed_body()
    };
    state
        .rate_limiter
        .describe(standing, response.headers_mut());
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_caller_gets_the_limit_then_one_request_per_refill() {
        let limiter = RateLimiter::new(60);
        let t0 = Instant::now();
        for n in 0..60 {
            let s = limiter.take("a", t0);
            assert!(s.allowed && s.remaining == 59 - n, "{n}: {s:?}");
        }
        let refused = limiter.take("a", t0);
        assert_eq!((refused.allowed, refused.seconds), (false, 1));
        assert!(
            limiter.take("b", t0).allowed,
            "another caller has its own bucket"
        );
        let later = limiter.take("a", t0 + Duration::from_secs(1));
        assert!(later.allowed && later.remaining == 0, "{later:?}");
        // A minute idle fills the bucket again.
        let full = limiter.take("a", t0 + Duration::from_secs(61));
        assert_eq!((full.remaining, full.seconds), (59, 1));
    }
}
