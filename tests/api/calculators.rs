use serde_json::json;

use crate::common::{Backend, TestApp};

const CHECK: &str = "/api/v1/calculators/distribution-check";

async fn distribution_check_reports_violations(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let res = app
        .post_json(
            CHECK,
            &json!({"organization_predikat": "istimewa", "counts": {"sangat_baik": 8, "baik": 2}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["ok"], false);
    assert_eq!(body["total"], 10);
    assert_eq!(
        body["violations"],
        json!([{
            "kind": "at_most_percent", "predikat": ["sangat_baik"], "required_percent": 70,
            "actual_count": 8, "actual_percent": 80.0, "satisfied": false,
            "explanation": "at most 70% sangat_baik: 8 of 10 (80%)"
        }])
    );

    let res = app
        .post_json(CHECK, &json!({"organization_predikat": "baik", "counts": {"sangat_baik": 1, "baik": 2, "kurang": 1}}))
        .await;
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(body["violations"], json!([]));
    assert_eq!(body["checks"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["checks"][0]["actual_percent"], 50.0);
}

crate::on_both_backends!(distribution_check_reports_violations);
