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

async fn metrics_count_requests_by_route_template(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    for _ in 0..3 {
        app.get("/api/v1/employees/019a0000-0000-7000-8000-000000000001")
            .await;
    }
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/plain; version=0.0.4")
    );
    let text = res.text().await.expect("text");
    let labels = "route=\"/api/v1/employees/{id}\",method=\"GET\"";
    assert!(
        text.lines()
            .any(|l| l == format!("kinerja_requests_total{{{labels},status=\"404\"}} 3")),
        "{text}"
    );
    assert!(text.contains(&format!(
        "kinerja_request_duration_seconds_count{{{labels}}} 3"
    )));
    for gauge in [
        "kinerja_db_pool_in_use",
        "kinerja_db_pool_waiting",
        "kinerja_hashing_waiting",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{gauge} "))),
            "{gauge}"
        );
    }
}

/// A database that accepts connections and never answers: the probe still answers in time.
#[tokio::test]
async fn ready_answers_within_a_second_when_the_database_hangs() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = silent.local_addr().expect("bound").port();
    let url = kinerja::db::DatabaseUrl::Postgres {
        url: format!("postgres://postgres@127.0.0.1:{port}/hangs"),
    };
    let app = TestApp::spawn_on(Backend::Postgres, url, std::time::Duration::from_secs(30));
    let started = std::time::Instant::now();
    let res = app.get("/health/ready").await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_problem(res, 503, "database_unavailable").await;
    drop(silent);
}

crate::on_both_backends!(
    metrics_count_requests_by_route_template,
    live_answers_ok,
    ready_answers_ok_when_the_database_answers,
    ready_is_503_when_the_database_is_down,
);
