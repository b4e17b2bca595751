//! `Idempotency-Key`: a retried POST creates once and answers the same; another body with the
//! key is refused; a failure lets the key go; keys are per caller; racing retries create once.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, TestApp, assert_problem};
use crate::on_both_backends;

on_both_backends!(
    a_retried_post_creates_once_and_answers_the_same,
    racing_retries_create_once,
    an_unreadable_key_is_a_400_naming_the_header,
);

async fn an_unreadable_key_is_a_400_naming_the_header(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let token = app.bearer.clone().expect("admin");
    let body = json!({"code": "KEYED", "name": "Keyed", "kind": "dinas"});
    for key in ["kunci saya", &"k".repeat(256)] {
        let problem =
            assert_problem(post(&app, &token, key, &body).await, 400, "invalid_header").await;
        assert_eq!(
            problem["errors"][0]["parameter"], "Idempotency-Key",
            "{key}"
        );
    }
    assert_eq!(units_coded(&app, "KEYED").await, 0);
}

async fn post(app: &TestApp, token: &str, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/units"))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .expect("sent")
}

async fn units_coded(app: &TestApp, code: &str) -> usize {
    let page = app
        .expect_as(
            app.bearer.as_deref().expect("admin"),
            Method::GET,
            &format!("/api/v1/units?q={code}"),
            None,
            200,
        )
        .await;
    page["items"].as_array().map_or(0, Vec::len)
}

async fn a_retried_post_creates_once_and_answers_the_same(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin");
    let body = json!({"code": "DINSOS", "name": "Dinas Sosial", "kind": "dinas"});
    let first = post(&app, &admin, "key-1", &body).await;
    assert_eq!(first.status(), 201);
    let location = first.headers().get("location").cloned();
    let first: Value = first.json().await.expect("json");
    let again = post(&app, &admin, "key-1", &body).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers().get("location").cloned(), location);
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(again.json::<Value>().await.expect("json"), first);
    assert_eq!(units_coded(&app, "DINSOS").await, 1);

    // The key with another body is a mistake, not a retry.
    let other = json!({"code": "DINKES", "name": "Dinas Kesehatan", "kind": "dinas"});
    assert_problem(
        post(&app, &admin, "key-1", &other).await,
        422,
        "idempotency_key_reused",
    )
    .await;
    assert_eq!(units_coded(&app, "DINKES").await, 0);

    // A failed request keeps nothing: the corrected retry runs.
    let bad = json!({"code": "DINKES", "name": "", "kind": "dinas"});
    assert_eq!(post(&app, &admin, "key-2", &bad).await.status(), 422);
    assert_eq!(post(&app, &admin, "key-2", &other).await.status(), 201);

    // Keys are per caller: another caller's key-1 is theirs.
    let client = app.client_token(&["units:write", "units:read"]).await;
    let third = json!({"code": "BAPPEDA", "name": "Bappeda", "kind": "dinas"});
    assert_eq!(post(&app, &client, "key-1", &third).await.status(), 201);

    // A request still running with the key: 409 until it answers.
    let me = app
        .expect_as(&admin, Method::GET, "/api/v1/me", None, 200)
        .await;
    {
        use diesel::RunQueryDsl;
        let mut conn = app.pool.get().expect("a connection");
        let now = chrono::Utc::now().naive_utc();
        diesel::sql_query(
            "INSERT INTO idempotency_keys (caller, key, request_hash, created_at) VALUES ($1, 'key-3', 'x', $2)",
        )
        .bind::<diesel::sql_types::Text, _>(format!("User:{}", me["id"].as_str().expect("id")))
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .execute(&mut **conn)
        .expect("a running claim");
    }
    assert_problem(
        post(&app, &admin, "key-3", &body).await,
        409,
        "idempotency_in_progress",
    )
    .await;
}

/// Eight copies of one request with one key at once: one unit, every answer a 201 with it or
/// a 409 while the first still ran.
async fn racing_retries_create_once(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin");
    let body = json!({"code": "RACE", "name": "Unit", "kind": "dinas"});
    let calls = (0..8).map(|_| post(&app, &admin, "race", &body));
    let answers = futures_util::future::join_all(calls).await;
    let mut ids = Vec::new();
    for answer in answers {
        match answer.status().as_u16() {
            201 => ids.push(answer.json::<Value>().await.expect("json")["id"].clone()),
            409 => {
                let problem: Value = answer.json().await.expect("json");
                assert_eq!(problem["code"], "idempotency_in_progress");
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!(!ids.is_empty());
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(units_coded(&app, "RACE").await, 1);
}
