//! One access rule per operation, checked before the request body is read: every operation of
//! the OpenAPI document has a rule, its handler calls it, and a caller without the right gets
//! 403/404 whatever the body holds.

use serde_json::json;

use crate::common::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_caller_without_the_right_learns_nothing_from_the_body,
    an_unreadable_if_match_is_refused_after_the_rule_and_never_ignored,
    a_search_text_is_bounded,
);

/// The handler of each operation, as source text: from its `operation_id` to the next
/// operation's attributes.
fn handlers() -> Vec<(String, String)> {
    let mut found = Vec::new();
    let dirs = ["src/api", "src/api/v1"];
    for dir in dirs {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(dir).expect("source folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source");
            for chunk in source.split("#[utoipa::path(").skip(1) {
                let id = chunk
                    .split("operation_id = \"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_else(|| panic!("an operation without operation_id in {path:?}"));
                found.push((id.to_owned(), chunk.to_owned()));
            }
        }
    }
    found
}

#[test]
fn every_operation_has_one_rule_that_its_handler_calls() {
    let document = kinerja::app::openapi_document();
    let rules = kinerja::auth::policy::RULES;
    let handlers = handlers();
    let mut problems = Vec::new();
    for (path, item) in &document.paths.paths {
        for (method, operation) in [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ] {
            let Some(operation) = operation else { continue };
            let id = operation.operation_id.clone().unwrap_or_default();
            let rule = rules.iter().filter(|(op, _)| *op == id).collect::<Vec<_>>();
            let [(_, rule)] = rule.as_slice() else {
                problems.push(format!("{method} {path} ({id}): {} rules", rule.len()));
                continue;
            };
            match handlers.iter().find(|(op, _)| *op == id) {
                Some((_, source)) if source.contains(&format!("policy::{rule}(")) => {}
                _ => problems.push(format!("{id}: its handler does not call policy::{rule}")),
            }
        }
    }
    let documented: Vec<&String> = handlers.iter().map(|(id, _)| id).collect();
    for (op, _) in rules {
        if !documented.iter().any(|id| id == op) {
            problems.push(format!("rule for {op}, which is no operation"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Incomplete or malformed bodies from callers who may not call the operation: 403, never the
/// 422/400 that would tell them what the operation expects.
async fn a_caller_without_the_right_learns_nothing_from_the_body(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let reader = app.client_token(&["employees:read", "units:read"]).await;
    let res = app
        .send(
            reqwest::Method::POST,
            "/api/v1/employees",
            Some(&reader),
            Some(&json!({})),
        )
        .await;
    assert_eq!(res.status(), 403, "a client without employees:write");
    let res = app
        .client
        .post(app.url("/api/v1/units"))
        .bearer_auth(&reader)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 403, "malformed JSON is not even read");
    let res = app
        .client
        .post(app.url("/api/v1/periods"))
        .bearer_auth(&reader)
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 403, "nor is its content type");
    let res = app
        .send(
            reqwest::Method::POST,
            "/api/v1/users",
            Some(&reader),
            Some(&json!({"username": 5})),
        )
        .await;
    assert_eq!(res.status(), 403);
}

/// `If-Match` is read when the write checks it: after the access rule (403 first), and a value
/// that is not text is a 400, never a write without a precondition.
async fn an_unreadable_if_match_is_refused_after_the_rule_and_never_ignored(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let path = format!("/api/v1/units/{unit}");
    let reader = app.client_token(&["units:read"]).await;
    let patch = |token: Option<&str>, tag: reqwest::header::HeaderValue| {
        let mut req = app
            .client
            .patch(app.url(&path))
            .header("content-type", "application/merge-patch+json")
            .header("if-match", tag)
            .body(json!({"name": "Dinas Sosial"}).to_string());
        req = match token {
            Some(token) => req.bearer_auth(token),
            None => req.bearer_auth(app.bearer.as_deref().unwrap_or_default()),
        };
        async move { req.send().await.expect("sent") }
    };
    let garbage = reqwest::header::HeaderValue::from_static("garbage");
    assert_eq!(patch(Some(&reader), garbage.clone()).await.status(), 403);
    crate::common::assert_problem(patch(None, garbage).await, 400, "invalid_header").await;
    let not_text = reqwest::header::HeaderValue::from_bytes(b"\"\xff\"").expect("bytes");
    crate::common::assert_problem(patch(None, not_text).await, 400, "invalid_header").await;
    let res = app.get(&path).await;
    assert_eq!(res.headers()["etag"], "\"1\"", "nothing was written");
}

async fn a_search_text_is_bounded(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    for list in ["employees", "units", "users"] {
        let long = "a".repeat(50_001);
        let res = app.get(&format!("/api/v1/{list}?q={long}")).await;
        let problem = crate::common::assert_problem(res, 400, "invalid_query_parameter").await;
        assert_eq!(problem["errors"][0]["parameter"], "q", "{list}");
        let res = app.get(&format!("/api/v1/{list}?q=%00")).await;
        crate::common::assert_problem(res, 400, "invalid_query_parameter").await;
        assert_eq!(
            app.get(&format!("/api/v1/{list}?q=dinas")).await.status(),
            200
        );
    }
}
