//! Bearer token verification: every way a token can be unacceptable is 401 with
//! `WWW-Authenticate: Bearer error="invalid_token"`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, JWT_SECRET, TestApp, assert_problem};
use crate::on_both_backends;

on_both_backends!(
    unacceptable_tokens_are_401_invalid_token,
    a_disabled_user_is_shut_out_at_once,
    a_read_on_a_token_that_no_longer_describes_its_account_is_401,
);

fn sign(claims: &Value, alg: Algorithm, key: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(key)).expect("signs")
}

fn claims(sub: &str, exp_in: i64, nbf_in: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({"iss": "kinerja", "aud": "kinerja-api", "sub": sub, "exp": now + exp_in,
           "iat": now, "nbf": now + nbf_in, "jti": "t", "kind": "user", "roles": ["admin"]})
}

/// A token with `alg: none` and no signature.
fn unsigned(claims: &Value) -> String {
    let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.",
        part(&json!({"alg": "none", "typ": "JWT"})),
        part(claims)
    )
}

async fn assert_invalid_token(
    app: &TestApp,
    authorization: Option<String>,
    code: &str,
    case: &str,
) {
    let mut req = app.client.get(app.url("/api/v1/me"));
    if let Some(value) = authorization {
        req = req.header("authorization", value);
    }
    let res = req.send().await.expect("sent");
    assert_eq!(res.status(), 401, "{case}");
    let challenge = res.headers()["www-authenticate"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(challenge.starts_with("Bearer "), "{case}: {challenge}");
    assert!(
        challenge.contains("error=\"invalid_token\""),
        "{case}: {challenge}"
    );
    assert_problem(res, 401, code).await;
}

async fn admin_id(app: &TestApp) -> String {
    let res = app.get("/api/v1/me").await;
    let body: Value = res.json().await.expect("json");
    body["id"].as_str().expect("id").to_owned()
}

async fn unacceptable_tokens_are_401_invalid_token(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let sub = admin_id(&app).await;
    let key = JWT_SECRET.as_bytes();

    // The forging works: a well-formed token with our key is accepted.
    let good = sign(&claims(&sub, 600, 0), Algorithm::HS256, key);
    let res = app.send(Method::GET, "/api/v1/me", Some(&good), None).await;
    assert_eq!(res.status(), 200);

    assert_invalid_token(&app, None, "unauthenticated", "missing").await;
    let bearer = |t: String| Some(format!("Bearer {t}"));
    let mut wrong_aud = claims(&sub, 600, 0);
    wrong_aud["aud"] = "another-api".into();
    let mut wrong_iss = claims(&sub, 600, 0);
    wrong_iss["iss"] = "another-issuer".into();
    let mut no_exp = claims(&sub, 600, 0);
    no_exp.as_object_mut().expect("object").remove("exp");
    let cases = [
        ("not a JWT", bearer("abc.def".into())),
        ("wrong scheme", Some(format!("Basic {good}"))),
        ("empty bearer", Some("Bearer ".into())),
        (
            "another key",
            bearer(sign(
                &claims(&sub, 600, 0),
                Algorithm::HS256,
                b"another-key-another-key-another-key!",
            )),
        ),
        (
            "another algorithm",
            bearer(sign(&claims(&sub, 600, 0), Algorithm::HS384, key)),
        ),
        ("alg none", bearer(unsigned(&claims(&sub, 600, 0)))),
        (
            "expired beyond the leeway",
            bearer(sign(&claims(&sub, -45, -700), Algorithm::HS256, key)),
        ),
        (
            "not yet valid",
            bearer(sign(&claims(&sub, 900, 120), Algorithm::HS256, key)),
        ),
        (
            "another audience",
            bearer(sign(&wrong_aud, Algorithm::HS256, key)),
        ),
        (
            "another issuer",
            bearer(sign(&wrong_iss, Algorithm::HS256, key)),
        ),
        ("no exp", bearer(sign(&no_exp, Algorithm::HS256, key))),
        (
            "unknown subject",
            bearer(sign(&claims("no-such-user", 600, 0), Algorithm::HS256, key)),
        ),
        (
            "tampered payload",
            bearer({
                let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
                let mut c = claims(&sub, 6000, 0);
                c["roles"] = json!(["admin", "hr"]);
                parts[1] = URL_SAFE_NO_PAD.encode(c.to_string());
                parts.join(".")
            }),
        ),
    ];
    for (case, authorization) in cases {
        assert_invalid_token(&app, authorization, "invalid_token", case).await;
    }
    // Within the 30-second leeway an expired token still works.
    let just_expired = sign(&claims(&sub, -10, -700), Algorithm::HS256, key);
    let res = app
        .send(Method::GET, "/api/v1/me", Some(&just_expired), None)
        .await;
    assert_eq!(res.status(), 200);
}

async fn a_disabled_user_is_shut_out_at_once(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let res = app
        .post_json("/api/v1/users", &json!({"username": "siti@karawangkab.go.id", "password": "siti-password-1", "roles": ["hr"]}))
        .await;
    assert_eq!(res.status(), 201);
    let user: Value = res.json().await.expect("json");
    let token = app.login("siti@karawangkab.go.id", "siti-password-1").await;
    assert_eq!(
        app.send(Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .status(),
        200
    );

    let path = format!("/api/v1/users/{}", user["id"].as_str().expect("id"));
    let res = app
        .send(
            Method::PATCH,
            &path,
            app.bearer.as_deref(),
            Some(&json!({"active": false})),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_invalid_token(
        &app,
        Some(format!("Bearer {token}")),
        "invalid_token",
        "disabled",
    )
    .await;
    let res = app
        .password_grant("siti@karawangkab.go.id", "siti-password-1")
        .await;
    assert_problem(res, 400, "invalid_grant").await;
}

/// Reads are authorised on the account as the token describes it and confirmed on the
/// request's first database hop (or after a handler that makes none, such as `GET /me`): a
/// token issued before the account changed is refused, and a fresh one works.
async fn a_read_on_a_token_that_no_longer_describes_its_account_is_401(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin");
    let unit = app.unit("PEMKAB", "instansi", None).await;
    let employee = app.employee(1, &unit, None).await;
    let user = app
        .create(
            "/api/v1/users",
            json!({"username": "dedi@karawangkab.go.id", "password": "dedi-password-1", "roles": ["admin"]}),
        )
        .await;
    let res = app
        .password_grant("dedi@karawangkab.go.id", "dedi-password-1")
        .await;
    let grant: Value = res.json().await.expect("json");
    let token = grant["access_token"].as_str().expect("token").to_owned();
    for path in ["/api/v1/me", "/api/v1/units"] {
        let res = app.send(Method::GET, path, Some(&token), None).await;
        assert_eq!(res.status(), 200, "{path}");
    }

    // Linking the account to an employee does not end its sessions, but the old access
    // token no longer describes it.
    let path = format!("/api/v1/users/{}", user["id"].as_str().expect("id"));
    app.expect_as(
        &admin,
        Method::PATCH,
        &path,
        Some(json!({"employee_id": employee})),
        200,
    )
    .await;
    for path in ["/api/v1/me", "/api/v1/units"] {
        let res = app.send(Method::GET, path, Some(&token), None).await;
        let problem = assert_problem(res, 401, "invalid_token").await;
        assert!(
            problem["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("refresh it"),
            "{path}: {problem}"
        );
    }
    let refresh = grant["refresh_token"].as_str().expect("refresh token");
    let res = app
        .token_request(&[("grant_type", "refresh_token"), ("refresh_token", refresh)])
        .await;
    let renewed: Value = res.json().await.expect("json");
    let token = renewed["access_token"].as_str().expect("token");
    let me = app
        .expect_as(token, Method::GET, "/api/v1/me", None, 200)
        .await;
    assert_eq!(me["employee_id"], employee.as_str());

    // A client whose scopes shrank: its old token reads nothing, a new one what is left.
    let client = app
        .create(
            "/api/v1/clients",
            json!({"name": "Sync job", "scopes": ["units:read", "employees:read"]}),
        )
        .await;
    let (id, secret) = (
        client["client_id"].as_str().expect("client_id"),
        client["client_secret"].as_str().expect("secret"),
    );
    let old = app.token_for_client(id, secret).await;
    app.expect_as(&old, Method::GET, "/api/v1/units", None, 200)
        .await;
    app.expect_as(
        &admin,
        Method::PATCH,
        &format!("/api/v1/clients/{id}"),
        Some(json!({"scopes": ["units:read"]})),
        200,
    )
    .await;
    let res = app
        .send(Method::GET, "/api/v1/units", Some(&old), None)
        .await;
    assert_problem(res, 401, "invalid_token").await;
    let new = app.token_for_client(id, secret).await;
    app.expect_as(&new, Method::GET, "/api/v1/units", None, 200)
        .await;

    // A new secret ends the tokens the old one got, for reads and writes alike.
    let rotated = app
        .expect_as(
            &admin,
            Method::POST,
            &format!("/api/v1/clients/{id}/rotate-secret"),
            None,
            200,
        )
        .await;
    let res = app
        .send(Method::GET, "/api/v1/units", Some(&new), None)
        .await;
    assert_problem(res, 401, "invalid_token").await;
    let res = app
        .send(
            Method::POST,
            "/api/v1/calculators/skp-score",
            Some(&new),
            Some(&json!({})),
        )
        .await;
    assert_problem(res, 401, "invalid_token").await;
    let secret = rotated["client_secret"].as_str().expect("the new secret");
    let fresh = app.token_for_client(id, secret).await;
    app.expect_as(&fresh, Method::GET, "/api/v1/units", None, 200)
        .await;
}
