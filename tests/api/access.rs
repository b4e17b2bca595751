//! The access matrix: every endpoint, called by every kind of caller, answers the status its
//! rule promises. A row per endpoint keeps each rule readable next to its expectations.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(every_endpoint_answers_every_caller_as_its_rule_says);

/// The kinds of caller, in the column order of the table below.
const CALLERS: [&str; 8] = [
    "anonymous",
    "admin",
    "hr",
    "pyb",
    "counselor",
    "employee",
    "client+scope",
    "client",
];

async fn user_token(app: &TestApp, username: &str, roles: &[&str]) -> String {
    let password = format!("{username}-password");
    let res = app
        .post_json(
            "/api/v1/users",
            &json!({"username": username, "password": password, "roles": roles}),
        )
        .await;
    assert_eq!(res.status(), 201, "create {username}");
    app.login(username, &password).await
}

async fn every_endpoint_answers_every_caller_as_its_rule_says(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin token");
    let tokens: Vec<Option<String>> = vec![
        None,
        Some(admin.clone()),
        Some(user_token(&app, "hr-officer", &["hr"]).await),
        Some(user_token(&app, "pyb-official", &["pyb"]).await),
        Some(user_token(&app, "konselor", &["counselor"]).await),
        Some(user_token(&app, "198503152010012003", &[]).await),
        Some(
            app.client_token(&["units:read", "employees:read", "plans:read"])
                .await,
        ),
        Some(app.client_token(&["results:read"]).await),
    ];
    let target: Value = app
        .post_json(
            "/api/v1/users",
            &json!({"username": "target", "password": "target-password"}),
        )
        .await
        .json()
        .await
        .expect("json");
    let user = format!("/api/v1/users/{}", target["id"].as_str().expect("id"));
    let created: Value = app
        .post_json(
            "/api/v1/clients",
            &json!({"name": "target", "scopes": ["units:read"]}),
        )
        .await
        .json()
        .await
        .expect("json");
    let client = format!(
        "/api/v1/clients/{}",
        created["client_id"].as_str().expect("id")
    );
    let rotate = format!("{client}/rotate-secret");

    let check = json!({"organization_predikat": "baik", "counts": {"baik": 3}});
    let score =
        json!({"regime": "permenpan6_2022", "results": [{"kind": "main", "rating": "meets"}]});
    // A wrong current password: people reach the check (422), clients are refused first.
    let password =
        json!({"current_password": "not-the-password", "new_password": "whatever-new-1"});
    let new_user = json!({"username": "made-by-caller", "password": "made-by-caller-pw"});
    let new_client = json!({"name": "made by caller", "scopes": ["units:read"]});
    let patch = json!({"active": true});

    // (method, path, body, expected status per caller in CALLERS order)
    let table: Vec<(Method, &str, Option<&Value>, [u16; 8])> = vec![
        (Method::GET, "/health/live", None, [200; 8]),
        (
            Method::GET,
            "/api/v1/me",
            None,
            [401, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::POST,
            "/api/v1/me/password",
            Some(&password),
            [401, 422, 422, 422, 422, 422, 403, 403],
        ),
        (
            Method::POST,
            "/api/v1/calculators/distribution-check",
            Some(&check),
            [401, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::POST,
            "/api/v1/calculators/skp-score",
            Some(&score),
            [401, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/v1/users",
            None,
            [401, 200, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/api/v1/users",
            Some(&new_user),
            [401, 201, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            &user,
            None,
            [401, 200, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::PATCH,
            &user,
            Some(&patch),
            [401, 200, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/api/v1/clients",
            None,
            [401, 200, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/api/v1/clients",
            Some(&new_client),
            [401, 201, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            &client,
            None,
            [401, 200, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::PATCH,
            &client,
            Some(&patch),
            [401, 200, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            &rotate,
            None,
            [401, 200, 403, 403, 403, 403, 403, 403],
        ),
    ];
    let wrong = app.access_mismatches(&CALLERS, &tokens, &table).await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
