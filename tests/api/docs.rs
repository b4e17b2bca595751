//! The OpenAPI document and Swagger UI.

use serde_json::Value;

use crate::common::{Backend, TestApp};

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");

async fn served_document(app: &TestApp) -> Value {
    let res = app.get("/api-docs/openapi.json").await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("a JSON document")
}

#[tokio::test]
async fn served_document_matches_the_committed_one() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let served = served_document(&app).await;
    let committed: Value = std::fs::read_to_string(COMMITTED)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null);
    assert!(
        served == committed,
        "openapi/openapi.json differs from the document the service serves. If the change is \
         intended, regenerate it with `cargo run -q -- openapi > openapi/openapi.json` and commit it."
    );
}

#[tokio::test]
async fn document_is_complete() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let doc = served_document(&app).await;
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    assert_eq!(doc["info"]["title"], "Kinerja API");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(doc["info"]["contact"]["name"].is_string());
    assert!(doc["info"]["license"]["name"].is_string());
    assert_eq!(doc["servers"][0]["url"], "/");
    assert!(doc["components"]["schemas"]["Problem"]["examples"].is_array());

    let tags: Vec<&str> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str())
        .collect();
    let paths = doc["paths"].as_object().expect("paths");
    for required in [
        "/health/live",
        "/health/ready",
        "/api/v1/auth/token",
        "/api/v1/auth/revoke",
        "/api/v1/me",
        "/api/v1/me/password",
        "/api/v1/users",
        "/api/v1/users/{id}",
        "/api/v1/clients",
        "/api/v1/clients/{client_id}",
        "/api/v1/clients/{client_id}/rotate-secret",
        "/api/v1/calculators/distribution-check",
    ] {
        assert!(paths.contains_key(required), "{required} is not documented");
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearerAuth"]["scheme"], "bearer");
    assert_eq!(
        schemes["oauth2"]["flows"]["password"]["tokenUrl"],
        "/api/v1/auth/token"
    );
    assert_eq!(
        schemes["oauth2"]["flows"]["clientCredentials"]["tokenUrl"],
        "/api/v1/auth/token"
    );
    let public = [
        "get_reference",
        "health_live",
        "health_ready",
        "metrics",
        "issue_token",
        "revoke_token",
    ];
    for (path, item) in paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let at = format!("{method} {path}");
            assert!(op["operationId"].is_string(), "{at}: no operationId");
            assert!(op["summary"].is_string(), "{at}: no summary");
            let tag = op["tags"][0].as_str().unwrap_or_default();
            assert!(tags.contains(&tag), "{at}: tag {tag:?} is not declared");
            let responses = op["responses"].as_object().expect("responses");
            assert!(responses.contains_key("500"), "{at}: 500 not documented");
            let description = op["description"].as_str().unwrap_or_default();
            assert!(
                description.contains("**Who may call:**"),
                "{at}: the description does not say who may call it"
            );
            // Public operations say so with `security: []` (some generators take `[{}]` for a
            // credential); the others name both schemes and document 401.
            let security: Vec<&str> = op["security"]
                .as_array()
                .expect("security stated per operation")
                .iter()
                .flat_map(|r| r.as_object().into_iter().flat_map(|o| o.keys()))
                .map(String::as_str)
                .collect();
            let id = op["operationId"].as_str().unwrap_or_default();
            if public.contains(&id) {
                assert_eq!(
                    op["security"],
                    serde_json::json!([]),
                    "{at} should be public"
                );
            } else {
                assert_eq!(security, ["bearerAuth", "oauth2"], "{at}");
                assert!(responses.contains_key("401"), "{at}: 401 not documented");
            }
            if op.get("requestBody").is_some() {
                let body_errors: &[&str] = if id.ends_with("_token") {
                    &["400", "413", "415"]
                } else {
                    &["400", "413", "415", "422"]
                };
                for status in body_errors {
                    assert!(
                        responses.contains_key(*status),
                        "{at}: {status} not documented"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn swagger_ui_is_served_without_network() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "/docs/");
    let res = app.get("/docs").await;
    assert_eq!(res.status(), 308);
    assert_eq!(
        res.headers().get("location").map(|v| v.as_bytes()),
        Some(&b"/docs/"[..])
    );

    let res = app.get("/docs/").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains("swagger-ui"), "{html}");
    // Every asset the page loads comes from this server.
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );

    let init = app
        .get("/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .expect("js");
    assert!(init.contains("/api-docs/openapi.json"), "{init}");
    let compact: String = init.split_whitespace().collect();
    assert!(compact.contains("\"validatorUrl\":\"none\""), "{init}");
    for asset in [
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "swagger-ui-standalone-preset.js",
    ] {
        let res = app.get(&format!("/docs/{asset}")).await;
        assert_eq!(res.status(), 200, "{asset}");
        assert!(
            res.bytes().await.map(|b| b.len()).unwrap_or(0) > 1000,
            "{asset} is empty"
        );
    }
}

#[test]
fn the_readme_lists_every_problem_code_as_the_enum_says() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    assert!(
        readme.contains(&kinerja::error::Code::table()),
        "README.md's error table differs from Code::table(); paste the table it prints:\n{}",
        kinerja::error::Code::table()
    );
}

#[test]
fn the_documented_codes_are_the_ones_sent() {
    let document = serde_json::to_value(kinerja::app::openapi_document()).expect("JSON");
    let documented: Vec<&str> = document["components"]["schemas"]["Code"]["enum"]
        .as_array()
        .expect("Code is an enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let sent: Vec<&str> = kinerja::error::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(documented, sent);
}
