//! `POST /auth/token` and `/auth/revoke`: every grant in both encodings, every rejection, refresh
//! rotation with reuse detection (the limits on failed logins: `login_guard.rs`).

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{ADMIN_PASSWORD, Backend, TestApp, assert_problem};
use crate::on_both_backends;

on_both_backends!(
    password_grant_in_form_and_json,
    client_credentials_grant_with_body_or_basic_credentials,
    refresh_tokens_rotate_and_a_reused_one_revokes_its_family,
    revoked_refresh_token_no_longer_works,
    token_request_rejections_carry_the_rfc6749_error,
    unknown_user_and_wrong_password_look_the_same,
);

/// Asserts an RFC 6749 error: the problem `code` and the `error` member are both `error`.
async fn assert_oauth_error(res: reqwest::Response, status: u16, error: &str) -> Value {
    let body = assert_problem(res, status, error).await;
    assert_eq!(body["error"], error);
    assert_eq!(body["error_description"], body["detail"]);
    body
}

async fn json_token_request(app: &TestApp, body: &Value) -> reqwest::Response {
    app.send(Method::POST, "/api/v1/auth/token", None, Some(body))
        .await
}

async fn create_client(app: &TestApp, scopes: &[&str]) -> (String, String) {
    let res = app
        .post_json(
            "/api/v1/clients",
            &json!({"name": "BKD sync", "scopes": scopes}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.expect("json");
    (
        body["client_id"].as_str().expect("id").to_owned(),
        body["client_secret"].as_str().expect("secret").to_owned(),
    )
}

async fn me(app: &TestApp, token: &str) -> reqwest::Response {
    app.send(Method::GET, "/api/v1/me", Some(token), None).await
}

async fn password_grant_in_form_and_json(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let form = app.password_grant("ADMIN", ADMIN_PASSWORD).await;
    assert_eq!(form.status(), 200);
    assert_eq!(form.headers()["cache-control"], "no-store");
    let body: Value = form.json().await.expect("json");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["scope"], "admin");
    assert!(body["refresh_token"].as_str().is_some_and(|t| t.len() > 30));

    let res = me(&app, body["access_token"].as_str().expect("token")).await;
    assert_eq!(res.status(), 200);
    let who: Value = res.json().await.expect("json");
    assert_eq!(who["kind"], "user");
    assert_eq!(who["username"], "admin");
    assert_eq!(who["roles"], json!(["admin"]));

    // What Swagger UI's Authorize dialog sends with an empty client_id.
    let res = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .header("authorization", "Basic Og==")
        .form(&[
            ("grant_type", "password"),
            ("scope", ""),
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);

    let res = json_token_request(
        &app,
        &json!({"grant_type": "password", "username": "admin", "password": ADMIN_PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    assert!(body["access_token"].is_string() && body["refresh_token"].is_string());
}

async fn client_credentials_grant_with_body_or_basic_credentials(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let (id, secret) = create_client(&app, &["units:read", "employees:read"]).await;

    // In the body, form-encoded, all scopes by default.
    let res = app.client_grant(&id, &secret).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["scope"], "units:read employees:read");
    assert!(
        body.get("refresh_token").is_none(),
        "no refresh token for clients"
    );
    let token = body["access_token"].as_str().expect("token").to_owned();
    let who: Value = me(&app, &token).await.json().await.expect("json");
    assert_eq!(who["kind"], "client");
    assert_eq!(who["name"], "BKD sync");
    assert_eq!(who["scopes"], json!(["units:read", "employees:read"]));

    // As HTTP Basic, in JSON, narrowed to one scope.
    let res = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .basic_auth(&id, Some(&secret))
        .json(&json!({"grant_type": "client_credentials", "scope": "units:read"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["scope"], "units:read");

    // A scope the client does not hold, or that does not exist.
    for scope in ["units:read units:write", "everything"] {
        let res = app
            .token_request(&[
                ("grant_type", "client_credentials"),
                ("client_id", &id),
                ("client_secret", &secret),
                ("scope", scope),
            ])
            .await;
        assert_oauth_error(res, 400, "invalid_scope").await;
    }

    // Wrong secret, unknown client, credentials in both places.
    let res = app.client_grant(&id, "kcs_wrong").await;
    let res_headers = res.headers().clone();
    assert_oauth_error(res, 401, "invalid_client").await;
    assert!(
        res_headers["www-authenticate"]
            .to_str()
            .is_ok_and(|h| h.starts_with("Basic"))
    );
    let res = app.client_grant("nobody", &secret).await;
    assert_oauth_error(res, 401, "invalid_client").await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .basic_auth(&id, Some(&secret))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id.as_str()),
        ])
        .send()
        .await
        .expect("sent");
    assert_oauth_error(res, 400, "invalid_request").await;

    // A disabled client gets no token, and the one it has stops working.
    let res = app
        .send(
            Method::PATCH,
            &format!("/api/v1/clients/{id}"),
            app.bearer.as_deref(),
            Some(&json!({"active": false})),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(me(&app, &token).await.status(), 401);
    let res = app.client_grant(&id, &secret).await;
    assert_oauth_error(res, 401, "invalid_client").await;
}

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.token_request(&[("grant_type", "refresh_token"), ("refresh_token", token)])
        .await
}

async fn login_tokens(app: &TestApp) -> (String, String) {
    let res = app.password_grant("admin", ADMIN_PASSWORD).await;
    let body: Value = res.json().await.expect("json");
    (
        body["access_token"].as_str().expect("access").to_owned(),
        body["refresh_token"].as_str().expect("refresh").to_owned(),
    )
}

async fn refresh_tokens_rotate_and_a_reused_one_revokes_its_family(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, first) = login_tokens(&app).await;
    let (_, other_login) = login_tokens(&app).await;

    let res = refresh(&app, &first).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    let second = body["refresh_token"].as_str().expect("rotated").to_owned();
    assert_ne!(second, first);
    assert_eq!(
        me(&app, body["access_token"].as_str().expect("access"))
            .await
            .status(),
        200
    );

    // The first token again: someone copied it. Both it and its successor stop working.
    assert_oauth_error(refresh(&app, &first).await, 400, "invalid_grant").await;
    assert_oauth_error(refresh(&app, &second).await, 400, "invalid_grant").await;
    // Another login's tokens are untouched.
    assert_eq!(refresh(&app, &other_login).await.status(), 200);
    // JSON works too.
    let res = json_token_request(
        &app,
        &json!({"grant_type": "refresh_token", "refresh_token": "krt_unknown"}),
    )
    .await;
    assert_oauth_error(res, 400, "invalid_grant").await;
}

async fn revoked_refresh_token_no_longer_works(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, token) = login_tokens(&app).await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/revoke"))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
    assert_oauth_error(refresh(&app, &token).await, 400, "invalid_grant").await;
    // Unknown tokens are not an error (RFC 7009), a missing one is.
    let res = app
        .post_json("/api/v1/auth/revoke", &json!({"token": "krt_nothing"}))
        .await;
    assert_eq!(res.status(), 200);
    let res = app.post_json("/api/v1/auth/revoke", &json!({})).await;
    assert_oauth_error(res, 400, "invalid_request").await;
}

async fn token_request_rejections_carry_the_rfc6749_error(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    type Form<'a> = &'a [(&'a str, &'a str)];
    let cases: &[(Form, u16, &str)] = &[
        (&[], 400, "invalid_request"),
        (
            &[("grant_type", "password"), ("username", "admin")],
            400,
            "invalid_request",
        ),
        (
            &[("grant_type", "client_credentials")],
            400,
            "invalid_request",
        ),
        (&[("grant_type", "refresh_token")], 400, "invalid_request"),
        (
            &[("grant_type", "authorization_code"), ("code", "x")],
            400,
            "unsupported_grant_type",
        ),
        (
            &[
                ("grant_type", "password"),
                ("grant_type", "password"),
                ("username", "a"),
                ("password", "b"),
            ],
            400,
            "invalid_request",
        ),
    ];
    for (form, status, error) in cases {
        let res = app.token_request(form).await;
        assert_oauth_error(res, *status, error).await;
    }
    let res = json_token_request(&app, &json!({"grant_type": 42})).await;
    assert_oauth_error(res, 400, "invalid_request").await;
    let res = app
        .post_raw("/api/v1/auth/token", "text/plain", "grant_type=password")
        .await;
    let headers = res.headers().clone();
    assert_problem(res, 415, "unsupported_media_type").await;
    assert!(
        headers["accept-post"]
            .to_str()
            .is_ok_and(|v| v.contains("application/x-www-form-urlencoded"))
    );
}

async fn unknown_user_and_wrong_password_look_the_same(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut bodies = Vec::new();
    for (username, password) in [
        ("admin", "wrong-password-1"),
        ("nobody", "wrong-password-1"),
    ] {
        let res = app.password_grant(username, password).await;
        let mut body = assert_oauth_error(res, 400, "invalid_grant").await;
        body.as_object_mut().expect("object").remove("instance");
        bodies.push(body);
    }
    assert_eq!(bodies[0], bodies[1]);
}
