use serde_json::{Value, json};

use crate::common::{Backend, TestApp, pointers};

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

const SCORE: &str = "/api/v1/calculators/skp-score";

async fn score(app: &TestApp, body: Value) -> Value {
    let res = app.post_json(SCORE, &body).await;
    let status = res.status();
    let body: Value = res.json().await.expect("json");
    assert_eq!(status, 200, "{body}");
    body
}

async fn refused(app: &TestApp, body: Value) -> Vec<(String, String)> {
    let res = app.post_json(SCORE, &body).await;
    assert_eq!(res.status(), 422);
    let problem: Value = res.json().await.expect("json");
    pointers(&problem)
}

fn one_indicator(indicator: Value) -> Value {
    json!({"regime": "pp30_2021", "results": [{"kind": "main", "indicators": [indicator]}]})
}

/// An indicator; a target that is not an object is sent as `{"value": target}`.
fn higher(target: Value, realization: Value) -> Value {
    let target = if target.is_object() {
        target
    } else {
        json!({ "value": target })
    };
    json!({"target": target, "realization": realization, "direction": "higher_is_better"})
}

async fn skp_score_follows_the_worked_examples(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    // The contract's example: BPNT 5,659 of 8,220 and 6.5 months against 7–8.
    let body = score(
        &app,
        json!({"regime": "pp30_2021", "uses_360": true, "innovation": false, "behaviour_score": 100,
            "results": [{"kind": "main", "weight": 100, "indicators": [
                {"target": {"value": 8220}, "realization": 5659, "direction": "higher_is_better", "target_is_max": false},
                {"target": {"min": 7, "max": 8}, "realization": 6.5, "direction": "lower_is_better"}]}]}),
    )
    .await;
    let indicators = &body["results"][0]["indicators"];
    assert_eq!(indicators[0]["achievement"], 68.84);
    assert_eq!(indicators[0]["score"], 58.84);
    assert_eq!(indicators[1]["achievement"], 107.14);
    assert_eq!(indicators[1]["score"], 116.82);
    assert_eq!(body["results"][0]["score"], 87.83);
    assert_eq!(body["skp_score"], 87.83);
    assert_eq!(body["behaviour_score"], 100.0);
    // 0.6 × 87.83 + 0.4 × 100 = 92.698 → 92.7
    assert_eq!(body["final_score"], 92.7);
    assert_eq!(body["predikat"], "baik");
    let explanation = indicators[0]["explanation"].as_str().expect("text");
    assert!(
        explanation.contains("5659 / 8220 × 100 = 68.84 %"),
        "{explanation}"
    );
    assert!(
        explanation.contains("60 % ≤ achievement 68.84 % < 80 %"),
        "{explanation}"
    );
    assert_eq!(
        body["explanation"]["final_score"],
        "360° is used: 0.6 × 87.83 + 0.4 × 100 = 92.7"
    );

    // 70 against 80–90 → 87.5 %; 98 % → 88; the same answer twice, byte for byte.
    let range = one_indicator(higher(json!({"min": 80, "max": 90}), json!(70)));
    let first = score(&app, range.clone()).await;
    assert_eq!(first["results"][0]["indicators"][0]["achievement"], 87.5);
    assert_eq!(first["results"][0]["indicators"][0]["score"], 77.5);
    assert_eq!(first.to_string(), score(&app, range).await.to_string());
    let body = score(&app, one_indicator(higher(json!(100), json!(98)))).await;
    assert_eq!(body["skp_score"], 88.0);
    assert_eq!(
        body["final_score"],
        Value::Null,
        "no behaviour score, no final score"
    );
    assert_eq!(body["predikat"], Value::Null);

    // 100 % of a target that is the maximum achievable → 120.
    let body = score(
        &app,
        one_indicator(json!({"target": {"value": 1}, "realization": 1, "direction": "higher_is_better", "target_is_max": true})),
    )
    .await;
    assert_eq!(body["results"][0]["indicators"][0]["score"], 120.0);
    let explanation = body["results"][0]["indicators"][0]["explanation"]
        .as_str()
        .expect("text");
    assert!(explanation.contains("maximum achievable"), "{explanation}");
}

async fn skp_score_band_edges(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    // (achievement of a realisation against a target of 100, expected score, band named)
    let edges = [
        ("0", 0.0, "< 60 %"),
        ("59", 49.0, "< 60 %"),
        ("59.99", 49.82, "< 60 %"),
        ("60", 50.0, "60 % ≤"),
        ("79.99", 69.99, "60 % ≤"),
        ("80", 70.0, "80 % ≤"),
        ("99.99", 89.99, "80 % ≤"),
        ("100", 109.0, "achievement 100 %: 109"),
        ("100.01", 110.0, "100 % < achievement 100.01 % ≤ 110 %"),
        ("101", 110.0, "100 % < achievement 101 % ≤ 110 %"),
        ("110", 120.0, "100 % < achievement 110 % ≤ 110 %"),
        ("110.01", 120.0, "above 110 %"),
        ("250", 120.0, "above 110 %"),
    ];
    for (realization, expected, band) in edges {
        let realization: f64 = realization.parse().expect("number");
        let body = score(&app, one_indicator(higher(json!(100), json!(realization)))).await;
        let indicator = &body["results"][0]["indicators"][0];
        assert_eq!(indicator["achievement"], realization, "{realization}");
        assert_eq!(indicator["score"], expected, "{realization}: {indicator}");
        let explanation = indicator["explanation"].as_str().expect("text");
        assert!(explanation.contains(band), "{realization}: {explanation}");
    }
}

async fn skp_score_weights_final_score_and_predikat(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let result = |kind: &str, weight: Option<u32>, realization: u32| {
        let mut r = json!({"kind": kind, "indicators": [higher(json!(100), json!(realization))]});
        if let Some(w) = weight {
            r["weight"] = json!(w);
        }
        r
    };
    // 109 (weight 60) and 70 (weight 40) → 93.4; the additional 120 does not count.
    let body = score(
        &app,
        json!({"regime": "pp30_2021", "behaviour_score": 80, "results": [
            result("main", Some(60), 100), result("main", Some(40), 80), result("additional", None, 200)]}),
    )
    .await;
    assert_eq!(body["skp_score"], 93.4);
    assert_eq!(body["results"][2]["counted"], false);
    // Without 360°: 0.7 × 93.4 + 0.3 × 80 = 89.38 → cukup (70 ≤ x < 90).
    assert_eq!(body["final_score"], 89.38);
    assert_eq!(body["predikat"], "cukup");
    // Counting the additional result, equal weights: (109 + 70 + 120) / 3 = 99.67.
    let body = score(
        &app,
        json!({"regime": "pp30_2021", "count_additional": true, "results": [
            result("main", None, 100), result("main", None, 80), result("additional", None, 200)]}),
    )
    .await;
    assert_eq!(body["skp_score"], 99.67);
    assert_eq!(body["results"][2]["counted"], true);

    // Sangat Baik needs the innovation; without it 120 is Baik and the explanation says why.
    let top = |innovation: bool| {
        json!({"regime": "pp30_2021", "uses_360": true, "innovation": innovation, "behaviour_score": 120,
            "results": [result("main", None, 120)]})
    };
    let body = score(&app, top(true)).await;
    assert_eq!(body["final_score"], 120.0);
    assert_eq!(body["predikat"], "sangat_baik");
    let body = score(&app, top(false)).await;
    assert_eq!(body["predikat"], "baik");
    let why = body["explanation"]["predikat"].as_str().expect("text");
    assert!(why.contains("needs a recorded innovation"), "{why}");
}

async fn skp_score_2022_matrix(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let cells = [
        ("above", "above", "sangat_baik"),
        ("above", "meets", "baik"),
        ("above", "below", "kurang"),
        ("meets", "above", "baik"),
        ("meets", "meets", "baik"),
        ("meets", "below", "kurang"),
        ("below", "above", "butuh_perbaikan"),
        ("below", "meets", "butuh_perbaikan"),
        ("below", "below", "sangat_kurang"),
    ];
    for (result, behaviour, predikat) in cells {
        let body = score(
            &app,
            json!({"regime": "permenpan6_2022", "results": [{"kind": "main", "rating": result}],
                "behaviour_rating": behaviour}),
        )
        .await;
        assert_eq!(body["regime"], "permenpan6_2022");
        assert_eq!(body["work_result_rating"], result);
        assert_eq!(body["behaviour_rating"], behaviour);
        assert_eq!(body["predikat"], predikat, "{result} × {behaviour}");
        assert_eq!(
            body["explanation"]["predikat"],
            format!("work result {result} × behaviour {behaviour} → {predikat}")
        );
    }

    // Most results above but a main one below → meets; the values suggest above (18/7).
    let values = json!({"berorientasi_pelayanan": "above", "akuntabel": "above", "kompeten": "above",
        "harmonis": "above", "loyal": "above", "adaptif": "meets", "kolaboratif": "below"});
    let body = score(
        &app,
        json!({"regime": "permenpan6_2022", "behaviour_ratings": values, "results": [
            {"kind": "main", "rating": "below"}, {"kind": "additional", "rating": "above"},
            {"kind": "additional", "rating": "above"}]}),
    )
    .await;
    assert_eq!(body["work_result_rating"], "meets");
    assert_eq!(body["suggested_behaviour_rating"], "above");
    assert_eq!(body["behaviour_rating"], "above");
    assert_eq!(body["predikat"], "baik");
    let why = body["explanation"]["work_result_rating"]
        .as_str()
        .expect("text");
    assert!(why.contains("a main result is below"), "{why}");
}

async fn skp_score_refuses_invalid_input_naming_the_field(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    // A field of the other regime sent as null (as generated clients send what is unset) is
    // absent, not refused.
    let mut body = one_indicator(higher(json!(1), json!(1)));
    body["behaviour_rating"] = Value::Null;
    body["results"][0]["rating"] = Value::Null;
    assert_eq!(score(&app, body).await["regime"], "pp30_2021");
    let at = |pointer: &str, code: &str| vec![(pointer.to_owned(), code.to_owned())];
    let cases = [
        (
            one_indicator(higher(json!(0), json!(5))),
            at("/results/0/indicators/0/target/value", "not_positive"),
        ),
        (
            one_indicator(higher(json!({"value": 8, "min": 7, "max": 9}), json!(5))),
            at("/results/0/indicators/0/target", "value_and_range"),
        ),
        (
            one_indicator(higher(json!({"min": 7}), json!(5))),
            at("/results/0/indicators/0/target/max", "missing"),
        ),
        (
            json!({"regime": "pp30_2021", "results": [{"kind": "main",
                "indicators": vec![higher(json!(1), json!(1)); 21]}]}),
            at("/results/0/indicators", "too_many"),
        ),
        (
            one_indicator(
                json!({"target": 8220, "realization": 1, "direction": "higher_is_better"}),
            ),
            at("/results/0/indicators/0/target", "invalid_value"),
        ),
        (
            one_indicator(higher(json!(10), json!(-1))),
            at("/results/0/indicators/0/realization", "negative"),
        ),
        (
            one_indicator(higher(json!({"min": 9, "max": 8}), json!(5))),
            at("/results/0/indicators/0/target", "range_reversed"),
        ),
        (
            one_indicator(higher(json!({"min": -1, "max": 8}), json!(5))),
            at("/results/0/indicators/0/target/min", "not_positive"),
        ),
        (
            one_indicator(higher(json!(10), json!(1.0000001))),
            at("/results/0/indicators/0/realization", "too_precise"),
        ),
        (
            one_indicator(higher(json!(1e15), json!(1))),
            at("/results/0/indicators/0/target/value", "too_large"),
        ),
        (
            one_indicator(higher(json!("ten"), json!(1))),
            at("/results/0/indicators/0/target/value", "invalid_value"),
        ),
        (
            json!({"regime": "pp30_2021", "results": [
                {"kind": "main", "weight": 60, "indicators": [higher(json!(1), json!(1))]},
                {"kind": "main", "weight": 30, "indicators": [higher(json!(1), json!(1))]}]}),
            at("/results", "weights_sum"),
        ),
        (
            json!({"regime": "pp30_2021", "results": [
                {"kind": "main", "weight": 100, "indicators": [higher(json!(1), json!(1))]},
                {"kind": "main", "indicators": [higher(json!(1), json!(1))]}]}),
            at("/results/1/weight", "weight_missing"),
        ),
        (
            json!({"regime": "pp30_2021", "results": [
                {"kind": "additional", "indicators": [higher(json!(1), json!(1))]}]}),
            at("/results", "no_main_result"),
        ),
        (
            json!({"regime": "pp30_2021", "results": [{"kind": "main", "indicators": []}]}),
            at("/results/0/indicators", "empty"),
        ),
        (
            json!({"regime": "pp30_2021", "behaviour_score": 120.5, "results": [
                {"kind": "main", "indicators": [higher(json!(1), json!(1))]}]}),
            at("/behaviour_score", "out_of_range"),
        ),
        (
            json!({"regime": "pp30_2021", "results": [{"kind": "main", "rating": "above"}]}),
            at("/results/0/rating", "wrong_regime"),
        ),
        (
            json!({"regime": "permenpan6_2022", "behaviour_score": 100,
                "results": [{"kind": "main", "rating": "above"}]}),
            at("/behaviour_score", "wrong_regime"),
        ),
        (
            json!({"regime": "permenpan6_2022", "results": [{"kind": "main", "rating": "superb"}]}),
            at("/results/0/rating", "invalid_value"),
        ),
        (
            json!({"regime": "permenpan6_2022", "results": [{"kind": "main", "rating": "meets"}],
                "behaviour_ratings": {"akuntabel": "meets"}}),
            at("/behaviour_ratings", "missing_values"),
        ),
        (json!({"results": []}), at("/regime", "missing")),
        (
            json!({"regime": "pp31_2030", "results": []}),
            at("/regime", "invalid_value"),
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(refused(&app, body.clone()).await, expected, "{body}");
    }
}

crate::on_both_backends!(
    distribution_check_reports_violations,
    skp_score_follows_the_worked_examples,
    skp_score_band_edges,
    skp_score_weights_final_score_and_predikat,
    skp_score_2022_matrix,
    skp_score_refuses_invalid_input_naming_the_field,
);
