use crate::common::{Backend, TestApp, assert_problem};

async fn live_answers_ok(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let res = app.get("/health/live").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body, serde_json::json!({"status": "ok"}));
}

async fn ready_answers_ok_when_the_database_answers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let res = app.get("/health/ready").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["status"], "ok");
}

async fn ready_is_503_when_the_database_is_down(backend: Backend) {
    let app = TestApp::spawn_with_database_down(backend).await;
    let res = app.get("/health/ready").await;
    assert_eq!(
        res.headers().get("retry-after").map(|v| v.as_bytes()),
        Some(&b"5"[..])
    );
    let body = assert_problem(res, 503, "database_unavailable").await;
    // The driver's message (paths, hosts) stays in the log.
    let text = body.to_string();
    assert!(
        !text.contains("nonexistent") && !text.contains("does_not_exist"),
        "{text}"
    );

    // Liveness does not depend on the database.
    assert_eq!(app.get("/health/live").await.status(), 200);
}

crate::on_both_backends!(
    live_answers_ok,
    ready_answers_ok_when_the_database_answers,
    ready_is_503_when_the_database_is_down,
);
