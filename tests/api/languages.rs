//! Messages in Indonesian and English, chosen by `Accept-Language`; the reference data.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, TestApp, assert_problem};
use crate::on_both_backends;

on_both_backends!(
    messages_follow_accept_language_and_default_to_the_setting,
    a_validation_error_says_the_same_in_both_languages_but_in_words,
    reference_data_lists_every_code_with_both_labels_and_is_cacheable,
);

async fn problem_in(app: &TestApp, language: Option<&str>, path: &str) -> (String, Value) {
    let mut req = app.client.get(app.url(path));
    if let Some(language) = language {
        req = req.header("accept-language", language);
    }
    let res = req.send().await.expect("sent");
    let content_language = res
        .headers()
        .get("content-language")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        res.headers()
            .get_all("vary")
            .iter()
            .any(|v| v.to_str().unwrap_or_default().contains("Accept-Language"))
    );
    (
        content_language,
        assert_problem(res, 404, "route_not_found").await,
    )
}

async fn messages_follow_accept_language_and_default_to_the_setting(backend: Backend) {
    // Out of the box (`KINERJA_DEFAULT_LANGUAGE` unset) the default is Indonesian.
    let app = TestApp::spawn_adjusted(backend, |state| {
        state.default_language = kinerja::language::Language::Indonesian
    });
    let (language, body) = problem_in(&app, None, "/api/v1/nothing-here").await;
    assert_eq!(language, "id");
    assert_eq!(body["title"], "Tidak Ditemukan");
    let indonesian = body["detail"].as_str().expect("detail").to_owned();
    assert!(
        indonesian.contains("GET /api/v1/nothing-here"),
        "{indonesian}"
    );

    let (language, body) = problem_in(&app, Some("en-US,en;q=0.9"), "/api/v1/nothing-here").await;
    assert_eq!(language, "en");
    assert_eq!(body["title"], "Not Found");
    assert_eq!(body["detail"], "No route matches GET /api/v1/nothing-here.");
    assert_ne!(body["detail"], indonesian.as_str());

    // The preferred language we have wins; one we do not have falls back to the default.
    let (language, _) = problem_in(&app, Some("fr, en;q=0.4, id;q=0.8"), "/x").await;
    assert_eq!(language, "id");
    let (language, _) = problem_in(&app, Some("ja"), "/x").await;
    assert_eq!(language, "id");
}

async fn a_validation_error_says_the_same_in_both_languages_but_in_words(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let token = app.bearer.clone().expect("admin token");
    let body = json!({"code": "", "name": "x", "kind": "castle", "parent_id": 7});
    let mut answers = Vec::new();
    for language in ["id", "en"] {
        let res = app
            .client
            .request(Method::POST, app.url("/api/v1/units"))
            .bearer_auth(&token)
            .header("accept-language", language)
            .json(&body)
            .send()
            .await
            .expect("sent");
        assert_eq!(
            res.headers()
                .get("content-language")
                .and_then(|v| v.to_str().ok()),
            Some(language)
        );
        answers.push(assert_problem(res, 422, "validation_failed").await);
    }
    let [id, en] = [&answers[0], &answers[1]];
    let codes = |p: &Value| -> Vec<(Value, Value)> {
        p["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| (e["pointer"].clone(), e["code"].clone()))
            .collect()
    };
    assert_eq!(codes(id), codes(en));
    assert_ne!(id["detail"], en["detail"]);
    for (i, e) in id["errors"].as_array().expect("errors").iter().enumerate() {
        assert_ne!(e["message"], en["errors"][i]["message"], "{e}");
    }
}

async fn reference_data_lists_every_code_with_both_labels_and_is_cacheable(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let res = app.get("/api/v1/reference").await;
    assert_eq!(res.status(), 200);
    let etag = res.headers()["etag"].to_str().expect("etag").to_owned();
    assert_eq!(res.headers()["cache-control"], "public, max-age=86400");
    let data: Value = res.json().await.expect("json");

    let labelled = |list: &str| -> Vec<Value> {
        let items = data[list]
            .as_array()
            .unwrap_or_else(|| panic!("{list}"))
            .clone();
        assert!(!items.is_empty(), "{list}");
        for item in &items {
            for language in ["id", "en"] {
                let text = item["label"][language].as_str().unwrap_or_default();
                assert!(!text.is_empty(), "{list}: {item}");
            }
        }
        items
    };
    let ranks = labelled("ranks");
    assert_eq!(ranks.len(), 17 + 17);
    let penata_muda = ranks.iter().find(|r| r["code"] == "III/a").expect("III/a");
    assert_eq!(penata_muda["label"]["id"], "Penata Muda");
    assert_eq!(penata_muda["asn_type"], "pns");
    assert_eq!(ranks.last().expect("a grade")["label"]["en"], "Grade XVII");
    let values = labelled("core_values");
    assert_eq!(values.len(), 7);
    for value in &values {
        assert_eq!(
            value["guide_lines"].as_array().map(Vec::len),
            Some(3),
            "{value}"
        );
        assert!(value["description"]["id"].is_string());
    }
    for list in [
        "asn_types",
        "position_types",
        "unit_kinds",
        "indicator_aspects",
        "behaviour_aspects",
        "ratings",
        "predikat",
        "organization_predikat",
        "follow_up_kinds",
    ] {
        labelled(list);
    }
    // Every problem code, with its status and a description in each language.
    let codes = data["problem_codes"].as_array().expect("codes");
    let not_found = codes
        .iter()
        .find(|c| c["code"] == "not_found")
        .expect("not_found");
    assert_eq!(not_found["status"], 404);
    assert_ne!(
        not_found["description"]["id"],
        not_found["description"]["en"]
    );
    assert!(
        codes
            .iter()
            .any(|c| c["code"] == "stale_version" && c["status"] == 412)
    );

    // Revalidation: the same tag (strong or weak) is 304 with no body.
    for held in [etag.clone(), format!("W/{etag}")] {
        let res = app
            .client
            .get(app.url("/api/v1/reference"))
            .header("if-none-match", held)
            .send()
            .await
            .expect("sent");
        assert_eq!(res.status(), 304);
        assert_eq!(res.headers()["etag"], etag.as_str());
        assert!(res.bytes().await.expect("body").is_empty());
    }
    let res = app
        .client
        .get(app.url("/api/v1/reference"))
        .header("if-none-match", "\"another\"")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
}
