//! The OAuth2 endpoints (RFC 6749, RFC 7009): obtain tokens and revoke refresh tokens. Public:
//! the credentials are in the request.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::api::address::client_address;
use crate::api::extract::RawBody;
use crate::app::AppState;
use crate::auth::grants::{self, TokenResponse};
use crate::auth::policy;
use crate::error::{ApiError, Code, Problem};

const FORM: &str = "application/x-www-form-urlencoded";

/// A token request, as a form (RFC 6749) or the same fields as JSON. Which fields are needed
/// depends on `grant_type`: `password` needs `username` and `password`; `client_credentials`
/// needs the client's credentials (here or as HTTP Basic) and takes an optional `scope`;
/// `refresh_token` needs `refresh_token`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(examples(
    json!({"grant_type": "password", "username": "198807122011012004", "password": "kata-sandi-rahasia"}),
    json!({"grant_type": "client_credentials", "client_id": "019a8f0e-7c4b-7d2e-9a51-3f6b2c8d1e40", "client_secret": "kcs_Q2hhbmdlIG1lIHRvIGEgcmVhbCBzZWNyZXQgcGxlYXNl", "scope": "employees:read units:read"}),
    json!({"grant_type": "refresh_token", "refresh_token": "krt_Q2hhbmdlIG1lIHRvIGEgcmVhbCB0b2tlbiBwbGVhc2U"})
))]
pub struct TokenRequest {
    /// `password`, `client_credentials` or `refresh_token` (another is 400
    /// `unsupported_grant_type`).
    #[schema(value_type = Option<GrantType>, example = "password")]
    pub grant_type: Option<String>,
    /// For `password`: the username (an employee's NIP or e-mail address).
    #[schema(max_length = 100)]
    pub username: Option<String>,
    /// For `password`.
    #[schema(max_length = 256)]
    pub password: Option<String>,
    /// For `client_credentials` (or send HTTP Basic).
    pub client_id: Option<String>,
    /// For `client_credentials` (or send HTTP Basic).
    #[schema(max_length = 256)]
    pub client_secret: Option<String>,
    /// For `refresh_token`.
    #[schema(max_length = 512)]
    pub refresh_token: Option<String>,
    /// For `client_credentials`: space-separated scopes, a subset of the client's; all of them
    /// when omitted.
    #[schema(max_length = 1000)]
    pub scope: Option<String>,
}

crate::domain::text_enum! {
    /// The OAuth2 grants the token endpoint supports (documentation only: the endpoint reads
    /// the text itself, to answer RFC 6749's `unsupported_grant_type`).
    pub enum GrantType {
        Password = "password",
        ClientCredentials = "client_credentials",
        RefreshToken = "refresh_token",
    }
}

crate::domain::text_enum! {
    /// RFC 7009 token type hints.
    pub enum TokenTypeHint {
        RefreshToken = "refresh_token",
        AccessToken = "access_token",
    }
}

/// A refresh token to revoke (RFC 7009), as a form or JSON.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(examples(json!({"token": "krt_Q2hhbmdlIG1lIHRvIGEgcmVhbCB0b2tlbiBwbGVhc2U"})))]
pub struct RevokeRequest {
    /// The refresh token.
    #[schema(max_length = 4096)]
    pub token: Option<String>,
    /// Accepted and ignored (only refresh tokens can be revoked).
    #[schema(value_type = Option<TokenTypeHint>)]
    pub token_type_hint: Option<String>,
}

/// Parses a form or JSON body; anything that does not parse, or holds the NUL character, is
/// `invalid_request`.
fn parse<T: DeserializeOwned>(body: &RawBody) -> Result<T, ApiError> {
    // No credential holds NUL (and no database could look one up); dates are not checked
    // here: a password may look like anything else.
    let nul = if body.is_json() {
        body.bytes
            .windows(6)
            .any(|w| w.eq_ignore_ascii_case(b"\\u0000"))
    } else {
        form_urlencoded::parse(&body.bytes).any(|(k, v)| k.contains('\0') || v.contains('\0'))
    };
    if nul {
        return Err(ApiError::oauth(
            Code::InvalidRequest,
            "A parameter holds the NUL character, which no credential holds.",
        ));
    }
    let parsed = if body.is_json() {
        serde_json::from_slice::<T>(&body.bytes).map_err(|e| e.to_string())
    } else if body.essence().as_deref() == Some(FORM) {
        serde_urlencoded::from_bytes::<T>(&body.bytes).map_err(|e| e.to_string())
    } else {
        return Err(ApiError::unsupported_media_type_of(
            body.content_type.as_deref(),
            &[FORM, "application/json"],
        )
        .with_oauth_error(Code::InvalidRequest));
    };
    parsed.map_err(|e| {
        ApiError::oauth(
            Code::InvalidRequest,
            format!("The request cannot be read: {e}."),
        )
    })
}

fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, ApiError> {
    value.as_deref().filter(|v| !v.is_empty()).ok_or_else(|| {
        ApiError::oauth(
            Code::InvalidRequest,
            format!("The parameter {name} is required."),
        )
    })
}

/// Client credentials from `Authorization: Basic` (RFC 6749 section 2.3.1: each part
/// form-urlencoded), if sent.
fn basic_credentials(req: &HttpRequest) -> Result<Option<(String, String)>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().unwrap_or_default();
    let Some((scheme, encoded)) = value.split_once(' ') else {
        return Ok(None);
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Ok(None);
    }
    let bad = || ApiError::oauth(Code::InvalidClient, "The Basic credentials cannot be read.");
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| bad())?;
    let text = String::from_utf8(decoded).map_err(|_| bad())?;
    let (id, secret) = text.split_once(':').ok_or_else(bad)?;
    let unescape = |s: &str| {
        form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Ok(Some((unescape(id), unescape(secret))))
}

/// Obtains an access token.
#[utoipa::path(
    tag = "auth",
    operation_id = "issue_token",
    description = "The OAuth2 token endpoint (RFC 6749). Grants: `password` (people; also returns a \
        `refresh_token`), `client_credentials` (integration clients; credentials in the body or as \
        HTTP Basic, optional `scope` narrowing the client's scopes) and `refresh_token` (each refresh \
        token works once and is replaced; presenting a used one revokes every token of that login). \
        Takes `application/x-www-form-urlencoded`, as RFC 6749 says (what OAuth2 libraries and \
        Swagger UI send).\n\nErrors are problem documents that also carry the RFC 6749 \
        `error` and `error_description` members. An unknown username and a wrong password get the \
        same answer. Failed logins are counted per username and per client address: after 5 on a \
        username within 15 minutes, each address that failed on it waits 2^(k-1) seconds after its \
        own latest attempt (k its attempts; an address that never failed on it is not slowed), and \
        an address with 30 failures waits for the window; both are 429 with `Retry-After` (the \
        limits are settings). Password checks are bounded: with no turn free in time, 503 \
        `server_busy` with `Retry-After`.\n\n**Who may call:** anyone.",
    request_body(
        description = "The grant and its credentials.",
        content((TokenRequest = "application/x-www-form-urlencoded"))
    ),
    responses(
        (status = 200, description = "An access token (and for people a refresh token).", body = TokenResponse,
            headers(("Cache-Control" = String, description = "no-store"))),
        (status = 400, description = "`invalid_request` (a parameter is missing or unreadable), `invalid_grant` (wrong username or password; unknown, used, revoked or expired refresh token), `unsupported_grant_type`, `invalid_scope`.", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "urn:kinerja:problem:invalid_grant", "title": "Bad Request", "status": 400, "detail": "The username or password is incorrect.", "code": "invalid_grant", "error": "invalid_grant", "error_description": "The username or password is incorrect."})),
        (status = 401, description = "`invalid_client`: unknown or disabled client, or wrong secret.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither a form nor JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`: too many failed logins from this address; see `Retry-After`.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until another attempt is allowed."))),
        (status = 503, description = "`server_busy`: no password check could start in time; `database_unavailable`.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again."))),
    ),
    security(())
)]
#[post("/auth/token")]
pub async fn token(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: RawBody,
) -> Result<HttpResponse, ApiError> {
    policy::anyone();
    let form: TokenRequest = parse(&body)?;
    let grant_type = required(&form.grant_type, "grant_type")?.to_owned();
    let st = state.clone();
    let response = match grant_type.as_str() {
        "password" => {
            // A client's credentials are not needed for this grant and are ignored (Swagger UI
            // sends an empty HTTP Basic pair and an empty scope).
            let username = required(&form.username, "username")?;
            let password = required(&form.password, "password")?.to_owned();
            let (check, matched) = check_password(&state, &req, username, password)
                .await
                .map_err(|e| match e.status() {
                    429 => e.with_oauth_error(Code::InvalidGrant),
                    _ => e,
                })?;
            state
                .run(move |conn| grants::password(conn, &st.issuer, st.clock.now(), check, matched))
                .await?
        }
        "client_credentials" => {
            let in_body = form.client_id.is_some() || form.client_secret.is_some();
            let (id, secret) = match basic_credentials(&req)? {
                Some(_) if in_body => {
                    return Err(ApiError::oauth(
                        Code::InvalidRequest,
                        "Send the client's credentials either as HTTP Basic or in the body, not both.",
                    ));
                }
                Some(pair) => pair,
                None => (
                    required(&form.client_id, "client_id")?.to_owned(),
                    required(&form.client_secret, "client_secret")?.to_owned(),
                ),
            };
            let scope = form.scope.clone();
            state
                .run(move |conn| {
                    grants::client_credentials(conn, &st.issuer, &id, &secret, scope.as_deref())
                })
                .await?
        }
        "refresh_token" => {
            let presented = required(&form.refresh_token, "refresh_token")?.to_owned();
            state
                .run(move |conn| grants::refresh(conn, &st.issuer, st.clock.now(), &presented))
                .await?
        }
        other => {
            return Err(ApiError::oauth(
                Code::UnsupportedGrantType,
                format!(
                    "The grant type {other:?} is not supported; use password, client_credentials or refresh_token."
                ),
            ));
        }
    };
    Ok(no_store(HttpResponse::Ok()).json(response))
}

/// Counts a password check of `username` from the caller's address (429 when it must wait),
/// then checks `password` on the bounded hasher, holding no database connection. A check that
/// could not run (503) is not counted.
pub async fn check_password(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    username: &str,
    password: String,
) -> Result<(grants::PasswordCheck, bool), ApiError> {
    let (limits, now) = (state.login_limits, state.clock.now());
    let address = client_address(req, &state.trusted_proxies);
    let username = username.to_owned();
    let check = state
        .run(move |conn| grants::begin_password_check(conn, &limits, now, &username, &address))
        .await?;
    match state.hasher.verify(password, check.stored_hash()).await {
        Ok(matched) => Ok((check, matched)),
        Err(busy) => {
            state
                .run(move |conn| grants::end_password_check(conn, &check, None))
                .await?;
            Err(busy)
        }
    }
}

fn no_store(mut res: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    res.insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"));
    res
}

/// Revokes a refresh token.
#[utoipa::path(
    tag = "auth",
    operation_id = "revoke_token",
    description = "Token revocation (RFC 7009), for logging out: revokes the refresh token and every \
        token issued from the same login. Answers 200 for an unknown token too, so the answer says \
        nothing about which tokens exist. The person's access tokens end at once too (those of \
        their other logins as well; those apps refresh once).\n\n\
        **Who may call:** anyone holding the refresh token.",
    request_body(
        description = "The refresh token.",
        content((RevokeRequest = "application/x-www-form-urlencoded"))
    ),
    responses(
        (status = 200, description = "Revoked (or never existed)."),
        (status = 400, description = "`invalid_request`: no `token`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither a form nor JSON.", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/revoke")]
pub async fn revoke(state: web::Data<AppState>, body: RawBody) -> Result<HttpResponse, ApiError> {
    policy::anyone();
    let form: RevokeRequest = parse(&body)?;
    let presented = required(&form.token, "token")?.to_owned();
    let now = state.clock.now();
    state
        .run(move |conn| grants::revoke(conn, &presented, now))
        .await?;
    Ok(no_store(HttpResponse::Ok()).finish())
}
