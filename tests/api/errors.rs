//! Every kind of error answers problem+json with its status and stable code.

use actix_web::{HttpResponse, get, web};
use kinerja::api::extract::{Body, QueryParams};
use kinerja::error::ApiError;
use serde_json::{Value, json};

use crate::common::{BODY_LIMIT, Backend, TestApp, assert_problem};

const CHECK: &str = "/api/v1/calculators/distribution-check";

async fn unknown_route_is_404(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in [
        "/nothing-here",
        "/api/v1/",
        "/api/v2/units",
        "/docs/no-such-file.js",
    ] {
        let body = assert_problem(app.get(path).await, 404, "route_not_found").await;
        assert!(
            body["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("No route"),
            "{body}"
        );
    }
}

async fn wrong_method_is_405_with_allow(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let res = app
        .client
        .delete(app.url("/health/live"))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        res.headers().get("allow").map(|v| v.as_bytes()),
        Some(&b"GET"[..])
    );
    assert_problem(res, 405, "method_not_allowed").await;

    let res = app.get(CHECK).await;
    assert_eq!(
        res.headers().get("allow").map(|v| v.as_bytes()),
        Some(&b"POST"[..])
    );
    assert_problem(res, 405, "method_not_allowed").await;
}

async fn malformed_json_is_400(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    for body in [
        "{",
        "",
        "{\"organization_predikat\": }",
        "{\"organization_predikat\": \"baik\", \"counts\": {\"baik\": 1}} {}",
    ] {
        let res = app.post_raw(CHECK, "application/json", body).await;
        assert_problem(res, 400, "malformed_json").await;
    }
}

async fn wrong_content_type_is_415(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let valid = r#"{"organization_predikat": "baik", "counts": {"baik": 1}}"#;
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut req = app
            .client
            .post(app.url(CHECK))
            .bearer_auth(app.bearer.as_deref().unwrap_or_default())
            .body(valid);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        let res = req.send().await.expect("sent");
        assert_problem(res, 415, "unsupported_media_type").await;
    }
}

async fn body_over_the_limit_is_413(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let padding = " ".repeat(BODY_LIMIT);
    let big = format!(r#"{{"organization_predikat": "baik", "counts": {{"baik": 1}}}}{padding}"#);
    let res = app.post_raw(CHECK, "application/json", big.clone()).await;
    assert_problem(res, 413, "payload_too_large").await;

    // Without Content-Length (chunked), the limit applies while reading.
    let stream = futures_util::stream::iter(
        big.into_bytes()
            .chunks(64 * 1024)
            .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
            .collect::<Vec<_>>(),
    );
    let res = app
        .post_raw(
            CHECK,
            "application/json",
            reqwest::Body::wrap_stream(stream),
        )
        .await;
    assert_problem(res, 413, "payload_too_large").await;
}

async fn invalid_values_are_422_with_one_entry_per_field(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let res = app
        .post_json(
            CHECK,
            &json!({"organization_predikat": "baik", "counts": {"baik": -1, "kurang": -2}}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        body["errors"],
        json!([
            {"pointer": "/counts/baik", "code": "negative", "message": "a count cannot be negative"},
            {"pointer": "/counts/kurang", "code": "negative", "message": "a count cannot be negative"},
        ])
    );

    // Shape errors name the field by JSON pointer too.
    let cases = [
        (
            json!({"organization_predikat": "luar_biasa", "counts": {"baik": 1}}),
            "/organization_predikat",
            "invalid_value",
        ),
        (
            json!({"organization_predikat": "baik", "counts": {"baik": "ten"}}),
            "/counts/baik",
            "invalid_value",
        ),
        (
            json!({"organization_predikat": "baik", "counts": {"cukup": 1}}),
            "/counts/cukup",
            "unknown_field",
        ),
        (
            json!({"counts": {"baik": 1}}),
            "/organization_predikat",
            "missing",
        ),
        (
            json!({"organization_predikat": "baik", "counts": {}}),
            "/counts",
            "empty",
        ),
    ];
    for (request, pointer, code) in cases {
        let body = assert_problem(
            app.post_json(CHECK, &request).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(body["errors"][0]["pointer"], pointer, "{request} → {body}");
        assert_eq!(body["errors"][0]["code"], code, "{request} → {body}");
    }
}

// Probe routes: the same extractors and error type the API's handlers use, for error paths that
// no public route reaches yet (typed path and query parameters) or ever on purpose (a bug).
#[get("/probe/items/{id}")]
async fn probe_item(id: web::Path<uuid::Uuid>) -> HttpResponse {
    HttpResponse::Ok().body(id.to_string())
}

#[derive(serde::Deserialize)]
struct ProbeQuery {
    limit: u32,
}

#[get("/probe/list")]
async fn probe_list(q: QueryParams<ProbeQuery>) -> HttpResponse {
    HttpResponse::Ok().body(q.0.limit.to_string())
}

#[get("/probe/bug")]
async fn probe_bug() -> Result<HttpResponse, ApiError> {
    Err(ApiError::internal(anyhow::anyhow!(
        "connection string postgres://u:hunter2@db"
    )))
}

#[get("/probe/panic")]
async fn probe_panic() -> HttpResponse {
    panic!("a bug with a secret: hunter2")
}

#[actix_web::post("/probe/echo")]
async fn probe_echo(body: Body<serde_json::Value>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(body.parse()?))
}

fn probes(cfg: &mut web::ServiceConfig) {
    cfg.service(probe_item)
        .service(probe_list)
        .service(probe_bug)
        .service(probe_panic)
        .service(probe_echo);
}

async fn bad_path_and_query_parameters_are_400(backend: Backend) {
    let app = TestApp::spawn_with(backend, probes).await;
    let id = "0193a0f2-7c1e-7d2a-9d44-2f3c9b1e0a11";
    assert_eq!(app.get(&format!("/probe/items/{id}")).await.status(), 200);
    let body = assert_problem(
        app.get("/probe/items/not-a-uuid").await,
        400,
        "invalid_path_parameter",
    )
    .await;
    assert_eq!(body["errors"][0]["parameter"], "id");

    assert_eq!(app.get("/probe/list?limit=5").await.status(), 200);
    for query in ["limit=many", "limit=-1", ""] {
        let res = app.get(&format!("/probe/list?{query}")).await;
        let body = assert_problem(res, 400, "invalid_query_parameter").await;
        assert_eq!(body["errors"][0]["parameter"], "limit", "{query}: {body}");
    }
}

async fn unexpected_errors_are_opaque_500(backend: Backend) {
    let app = TestApp::spawn_with(backend, probes).await;
    let res = app.get("/probe/bug").await;
    let body = assert_problem(res, 500, "internal_error").await;
    assert!(!body.to_string().contains("hunter2"), "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("X-Request-Id")
    );
}

async fn merge_patch_json_is_accepted_as_json(backend: Backend) {
    let app = TestApp::spawn_with(backend, probes).await;
    let res = app
        .post_raw(
            "/probe/echo",
            "application/merge-patch+json",
            r#"{"name": "x"}"#,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.expect("json"),
        json!({"name": "x"})
    );
}

async fn every_response_carries_a_request_id(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id_of = |res: &reqwest::Response| {
        res.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    // A valid incoming id is echoed, on success and on error.
    for path in ["/health/live", "/nothing-here"] {
        let res = app
            .client
            .get(app.url(path))
            .header("x-request-id", "sync-job.42")
            .send()
            .await
            .expect("sent");
        assert_eq!(id_of(&res).as_deref(), Some("sync-job.42"));
    }
    // Otherwise one is generated, different each time.
    let first = id_of(&app.get("/health/live").await).expect("generated");
    let second = id_of(&app.get("/health/live").await).expect("generated");
    assert_ne!(first, second);
    assert!(uuid::Uuid::parse_str(&first).is_ok());
    // An unsafe incoming id is replaced, not echoed.
    let res = app
        .client
        .get(app.url("/health/live"))
        .header("x-request-id", "a b<script>")
        .send()
        .await
        .expect("sent");
    let replaced = id_of(&res).expect("generated");
    assert!(uuid::Uuid::parse_str(&replaced).is_ok(), "{replaced}");
}

crate::on_both_backends!(
    unknown_route_is_404,
    wrong_method_is_405_with_allow,
    malformed_json_is_400,
    wrong_content_type_is_415,
    body_over_the_limit_is_413,
    invalid_values_are_422_with_one_entry_per_field,
    bad_path_and_query_parameters_are_400,
    unexpected_errors_are_opaque_500,
    merge_patch_json_is_accepted_as_json,
    every_response_carries_a_request_id,
    bodies_are_objects_and_a_null_enum_is_named,
);

async fn bodies_are_objects_and_a_null_enum_is_named(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    // An array must not fill a unit's fields by position; a PATCH with [] changes nothing.
    let res = app
        .post_json(
            "/api/v1/units",
            &json!(["ARRAY-UNIT", "Unit from an array", "seksi", null]),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        crate::common::pointers(&body),
        [("".to_owned(), "not_an_object".to_owned())]
    );
    let unit = app
        .create(
            "/api/v1/units",
            json!({"code": "OBJ", "name": "Unit", "kind": "dinas"}),
        )
        .await;
    let path = format!("/api/v1/units/{}", unit["id"].as_str().unwrap_or(""));
    let (status, _) = app
        .call_as(
            app.bearer.as_deref().unwrap_or(""),
            reqwest::Method::PATCH,
            &path,
            Some(json!([])),
        )
        .await;
    assert_eq!(status, 422);
    let again = app.get(&path).await.json::<Value>().await.expect("json");
    assert_eq!(again["version"], 1, "nothing changed");
    // A null where an enum belongs is named, not called broken JSON.
    let res = app
        .post_json(
            "/api/v1/units",
            &json!({"code": "NUL", "name": "Unit", "kind": null}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        crate::common::pointers(&body),
        [("/kind".to_owned(), "invalid_value".to_owned())]
    );
}
