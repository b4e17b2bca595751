//! Holding up against bad clients: a stalled body is dropped, text and dates no database can
//! store are refused by name (never a 500), concurrent writers on SQLite get no 500, and every
//! answer carries the security headers, with CORS only for the allowed origins.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{Backend, TestApp, assert_problem};
use crate::on_both_backends;

on_both_backends!(
    a_stalled_body_is_answered_408_and_the_connection_closed,
    text_and_dates_the_databases_refuse_are_refused_by_name,
    thirty_two_concurrent_writers_get_no_server_error,
    security_headers_and_cors_for_allowed_origins_only,
    each_caller_has_its_own_rate_limit_and_is_told_where_it_stands,
);

async fn a_stalled_body_is_answered_408_and_the_connection_closed(backend: Backend) {
    let app = TestApp::spawn_adjusted(backend, |state| {
        state.timeouts.body = Duration::from_secs(1);
    });
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connects");
    // Ten of the hundred bytes announced, then nothing.
    let head = "POST /api/v1/auth/token HTTP/1.1\r\nHost: kinerja\r\n\
        Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type";
    stream.write_all(head.as_bytes()).await.expect("sent");
    let mut answer = Vec::new();
    // Reads until the server closes the connection (or the test's own limit).
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes a stalled connection")
        .expect("read");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
}

async fn text_and_dates_the_databases_refuse_are_refused_by_name(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin");
    // A NUL in a login form: the OAuth answer, no login needed.
    let res = app
        .token_request(&[
            ("grant_type", "password"),
            ("username", "a\0b"),
            ("password", "x"),
        ])
        .await;
    let body = assert_problem(res, 400, "invalid_request").await;
    assert!(
        body["detail"].as_str().unwrap_or("").contains("NUL"),
        "{body}"
    );
    // A year no database holds, in a query parameter and in a body.
    let res = app
        .send(
            Method::GET,
            "/api/v1/employees?updated_since=-9999-01-01T00:00:00Z",
            Some(&admin),
            None,
        )
        .await;
    let body = assert_problem(res, 400, "invalid_query_parameter").await;
    assert_eq!(body["errors"][0]["parameter"], "updated_since", "{body}");
    let period = json!({"name": "SKP jauh", "starts_on": "+10000-01-01", "ends_on": "+10000-12-31",
        "regime": "pp30_2021"});
    let (status, body) = app
        .call_as(&admin, Method::POST, "/api/v1/periods", Some(period))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        crate::common::pointers(&body),
        [
            ("/ends_on".to_owned(), "out_of_range".to_owned()),
            ("/starts_on".to_owned(), "out_of_range".to_owned())
        ]
    );
    // A NUL in an id: nothing has it.
    let res = app
        .send(Method::GET, "/api/v1/employees/a%00b", Some(&admin), None)
        .await;
    assert_problem(res, 404, "not_found").await;
    // A NUL in a JSON body names its field; text that only looks odd is kept.
    let (status, body) = app
        .call_as(
            &admin,
            Method::POST,
            "/api/v1/units",
            Some(json!({"code": "A\u{0}B", "name": "Unit", "kind": "dinas"})),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["pointer"], "/code");
    let unit = app
        .expect_as(
            &admin,
            Method::POST,
            "/api/v1/units",
            Some(json!({"code": "TEL", "name": "+62-267-2000 -1234-56-78", "kind": "dinas"})),
            201,
        )
        .await;
    assert_eq!(unit["name"], "+62-267-2000 -1234-56-78");
}

async fn thirty_two_concurrent_writers_get_no_server_error(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin");
    let mut clients = Vec::new();
    for n in 0..16 {
        let c = app
            .expect_as(
                &admin,
                Method::POST,
                "/api/v1/clients",
                Some(json!({"name": format!("job {n}"), "scopes": ["units:read"]})),
                201,
            )
            .await;
        clients.push(c["client_id"].as_str().expect("id").to_owned());
    }
    let mut refresh_tokens = Vec::new();
    for _ in 0..16 {
        let tokens: Value = app
            .password_grant("admin", crate::common::ADMIN_PASSWORD)
            .await
            .json()
            .await
            .expect("json");
        refresh_tokens.push(tokens["refresh_token"].as_str().expect("token").to_owned());
    }
    // 16 refreshes and 16 client changes at once.
    let refreshes = refresh_tokens.iter().map(|token| {
        let app = &app;
        async move {
            app.token_request(&[("grant_type", "refresh_token"), ("refresh_token", token)])
                .await
                .status()
                .as_u16()
        }
    });
    let patches = clients.iter().enumerate().map(|(n, id)| {
        let (app, admin) = (&app, &admin);
        async move {
            let body = json!({"name": format!("job {n} renamed")});
            let path = format!("/api/v1/clients/{id}");
            app.call_as(admin, Method::PATCH, &path, Some(body)).await.0
        }
    });
    let (refreshed, patched) = tokio::join!(
        futures_util::future::join_all(refreshes),
        futures_util::future::join_all(patches)
    );
    assert!(refreshed.iter().all(|s| *s == 200), "{refreshed:?}");
    assert!(patched.iter().all(|s| *s == 200), "{patched:?}");
}

async fn security_headers_and_cors_for_allowed_origins_only(backend: Backend) {
    let origin = "https://app.example.go.id";
    let mut app = TestApp::spawn_adjusted(backend, |state| {
        state.cors_origins = vec![origin.to_owned()];
    });
    app.bearer = Some(app.login("admin", crate::common::ADMIN_PASSWORD).await);
    let admin = app.bearer.clone().expect("admin");
    let res = app
        .send(Method::GET, "/api/v1/me", Some(&admin), None)
        .await;
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let res = app.get("/docs/").await;
    let policy = res.headers()["content-security-policy"]
        .to_str()
        .unwrap_or("");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(res.headers()["x-frame-options"], "DENY");

    let preflight = |from: &'static str| {
        app.client
            .request(Method::OPTIONS, app.url("/api/v1/employees"))
            .header("origin", from)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let res = preflight(origin).await.expect("sent");
    assert_eq!(res.status(), 204);
    assert_eq!(res.headers()["access-control-allow-origin"], origin);
    let allowed = res.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap_or("");
    assert!(allowed.contains("Authorization") && allowed.contains("If-Match"));
    let res = preflight("https://evil.example").await.expect("sent");
    assert!(!res.headers().contains_key("access-control-allow-origin"));
    assert_problem(res, 403, "forbidden").await;

    let res = app
        .client
        .get(app.url("/api/v1/employees"))
        .bearer_auth(&admin)
        .header("origin", origin)
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["access-control-allow-origin"], origin);
    assert!(
        res.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap_or("")
            .contains("ETag")
    );
}

async fn each_caller_has_its_own_rate_limit_and_is_told_where_it_stands(backend: Backend) {
    let app = TestApp::spawn_adjusted(backend, |state| {
        state.rate_limiter = kinerja::app::rate_limit::RateLimiter::new(5);
    });
    // The login is the anonymous address's first request; the token's subject is a caller of
    // its own.
    let admin = app.login("admin", crate::common::ADMIN_PASSWORD).await;
    for left in (0..5).rev() {
        let res = app
            .send(Method::GET, "/api/v1/me", Some(&admin), None)
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["ratelimit-policy"], "\"caller\";q=5;w=60");
        let standing = res.headers()["ratelimit"].to_str().unwrap_or("").to_owned();
        assert!(
            standing.starts_with(&format!("\"caller\";r={left};")),
            "{standing}"
        );
    }
    let res = app
        .send(Method::GET, "/api/v1/me", Some(&admin), None)
        .await;
    assert_eq!(
        res.headers()["retry-after"],
        "12",
        "one request per 12 s at 5 a minute"
    );
    assert_problem(res, 429, "rate_limited").await;
    // Anonymous callers are counted by address, apart from the token's subject.
    let res = app.get("/health/live").await;
    assert_eq!(res.status(), 200);
}
