//! Revisions stay editable, results are versioned with their plan, and appraisers are active:
//! a revised draft's results are edited and removed (with the realisations the revision copied
//! onto them), result writes honour `If-Match` against the plan's version and answer with its
//! `ETag`, relinking subordinates' results makes new versions of their plans, and nobody
//! inactive becomes an appraiser at submission.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::Backend;
use crate::on_both_backends;
use crate::plans::{Org, approved_bpnt_plan, id, org, simple_result};

on_both_backends!(
    concurrent_edits_of_one_plan_take_turns,
    a_revised_draft_edits_and_removes_its_results,
    result_writes_are_versioned_with_their_plan,
    revising_relinks_supporters_as_new_versions_of_their_plans,
    a_removed_result_lets_go_of_superseded_supporters,
    an_inactive_superior_never_becomes_the_appraiser,
    racing_revisions_make_one_proposal,
);

/// A response's status, `ETag` and JSON body.
struct Answer {
    status: u16,
    etag: Option<String>,
    body: Value,
}

async fn send(
    o: &Org,
    token: &str,
    method: Method,
    path: &str,
    if_match: Option<&str>,
    body: Option<Value>,
) -> Answer {
    let mut req = o
        .app
        .client
        .request(method, o.app.url(path))
        .bearer_auth(token);
    if let Some(tag) = if_match {
        req = req.header("if-match", tag);
    }
    if let Some(body) = &body {
        req = req.json(body);
    }
    let res = req.send().await.expect("request sent");
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = res.json().await.unwrap_or(Value::Null);
    Answer { status, etag, body }
}

fn etag(version: &Value) -> String {
    format!("\"{}\"", version.as_i64().expect("version"))
}

/// The plan's audit events, oldest first.
async fn events(o: &Org, plan: &str) -> Vec<Value> {
    let page = o
        .ok(
            o.app.bearer.as_deref().expect("admin"),
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=plan&entity_id={plan}"),
            None,
            200,
        )
        .await;
    page["items"].as_array().expect("items").clone()
}

fn actions(events: &[Value]) -> Vec<&str> {
    events.iter().filter_map(|e| e["action"].as_str()).collect()
}

async fn realisations(o: &Org, plan: &str) -> Vec<Value> {
    let list = o
        .ok(
            &o.tokens.staff,
            Method::GET,
            &format!("/api/v1/plans/{plan}/realizations"),
            None,
            200,
        )
        .await;
    list["items"].as_array().expect("items").clone()
}

async fn a_revised_draft_edits_and_removes_its_results(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let (plan, kpm, months) = approved_bpnt_plan(&o).await;
    let path = format!("/api/v1/plans/{plan}/realizations");
    for (indicator, value) in [(&kpm, 2100.0), (&months, 2.0)] {
        let body = json!({"indicator_id": indicator, "sub_period": 1, "value": value});
        let recorded = send(&o, &t.staff, Method::POST, &path, None, Some(body)).await;
        assert_eq!(recorded.status, 201, "{}", recorded.body);
        assert!(
            recorded.etag.is_some(),
            "a realisation is a new version of the plan"
        );
    }

    let revision = o.step(&t.staff, &plan, "revise", 201).await;
    let draft = id(&revision);
    let result = id(&revision["results"][0]);
    let copied_kpm = id(&revision["results"][0]["indicators"][0]);
    let copied_months = id(&revision["results"][0]["indicators"][1]);
    assert_eq!(
        realisations(&o, &draft).await.len(),
        2,
        "realisations come along"
    );

    // The revision changes the KPM target (the indicator is kept, with its realisation) and
    // replaces the duration indicator with another one (its copied realisation goes).
    let result_path = format!("/api/v1/plans/{draft}/results/{result}");
    let indicators = json!([
        {"id": copied_kpm, "aspect": "kuantitas", "description": "KPM menerima BPNT",
         "target": {"value": 9000}, "unit": "KPM", "direction": "higher_is_better"},
        {"aspect": "kualitas", "description": "Ketepatan sasaran", "target": {"value": 95}, "unit": "%",
         "direction": "higher_is_better"}]);
    let edited = send(
        &o,
        &t.staff,
        Method::PATCH,
        &result_path,
        Some(&etag(&revision["version"])),
        Some(json!({"title": "Tersalurkannya BPNT tepat sasaran", "indicators": indicators})),
    )
    .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    let version = revision["version"].as_i64().expect("version") + 1;
    assert_eq!(
        edited.etag.as_deref(),
        Some(format!("\"{version}\"").as_str())
    );
    assert_eq!(edited.body["indicators"][0]["id"], copied_kpm.as_str());
    assert_eq!(
        edited.body["indicators"][0]["target"],
        json!({"value": 9000.0})
    );
    assert_ne!(edited.body["indicators"][1]["id"], copied_months.as_str());
    let kept = realisations(&o, &draft).await;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0]["indicator_id"], copied_kpm.as_str());

    // Replacing every indicator (the request that used to fail) works too.
    let replaced = send(
        &o,
        &t.staff,
        Method::PATCH,
        &result_path,
        None,
        Some(
            json!({"indicators": [{"aspect": "kuantitas", "description": "Dokumen",
            "target": {"value": 12}, "unit": "dokumen", "direction": "higher_is_better"}]}),
        ),
    )
    .await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    assert_eq!(
        replaced.etag.as_deref(),
        Some(format!("\"{}\"", version + 1).as_str())
    );
    assert!(realisations(&o, &draft).await.is_empty());

    let removed = send(
        &o,
        &t.staff,
        Method::DELETE,
        &result_path,
        replaced.etag.as_deref(),
        None,
    )
    .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(
        removed.etag.as_deref(),
        Some(format!("\"{}\"", version + 2).as_str())
    );
    assert_eq!(removed.body["results"], json!([]));
    assert_eq!(removed.body["version"], version + 2);

    // The approved plan, still in force, keeps its results and the original realisations.
    let old = o
        .ok(
            &t.staff,
            Method::GET,
            &format!("/api/v1/plans/{plan}"),
            None,
            200,
        )
        .await;
    assert_eq!(old["status"], "approved");
    assert_eq!(old["results"][0]["indicators"][0]["id"], kpm.as_str());
    assert_eq!(realisations(&o, &plan).await.len(), 2);

    let trail = events(&o, &draft).await;
    assert_eq!(
        actions(&trail),
        [
            "create_revision",
            "update_result",
            "update_result",
            "delete_result"
        ]
    );
    // What went with a removed indicator stays on record.
    let dropped = &trail[1]["before"]["removed_realizations"];
    assert_eq!(dropped.as_array().map(Vec::len), Some(1));
    assert_eq!(dropped[0]["indicator_id"], copied_months.as_str());
    assert_eq!(trail[3]["before"]["result"]["id"], result.as_str());
    assert_eq!(trail[3]["after"], Value::Null);
    assert_eq!(trail[0]["reason"], "Kuota KPM berubah");
    let old_trail = events(&o, &plan).await;
    assert!(
        !actions(&old_trail).contains(&"supersede"),
        "a proposal leaves the plan in force"
    );
}

async fn result_writes_are_versioned_with_their_plan(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let plan = o.plan(&t.staff, &o.staff).await;
    let results = format!("/api/v1/plans/{plan}/results");
    let added = send(
        &o,
        &t.staff,
        Method::POST,
        &results,
        Some("\"1\""),
        Some(simple_result("Dokumen", None)),
    )
    .await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.etag.as_deref(), Some("\"2\""));
    let result_path = format!("{results}/{}", id(&added.body));

    // A stale If-Match changes nothing.
    let stale = send(
        &o,
        &t.staff,
        Method::PATCH,
        &result_path,
        Some("\"1\""),
        Some(json!({"title": "Lain"})),
    )
    .await;
    assert_eq!(
        (stale.status, stale.body["code"].as_str()),
        (412, Some("stale_version"))
    );
    let stale = send(
        &o,
        &t.staff,
        Method::DELETE,
        &result_path,
        Some("\"1\""),
        None,
    )
    .await;
    assert_eq!(
        (stale.status, stale.body["code"].as_str()),
        (412, Some("stale_version"))
    );
    let stale = send(
        &o,
        &t.staff,
        Method::POST,
        &results,
        Some("\"1\""),
        Some(simple_result("Lain", None)),
    )
    .await;
    assert_eq!(stale.status, 412);

    // A patch that changes nothing is no change, whatever it repeats.
    let indicators = &added.body["indicators"];
    let same = json!({"title": "Dokumen", "kind": "main", "indicators": [{
        "id": indicators[0]["id"], "aspect": "kuantitas", "description": "Dokumen",
        "target": {"value": 12}, "unit": "dokumen", "direction": "higher_is_better"}]});
    let unchanged = send(
        &o,
        &t.staff,
        Method::PATCH,
        &result_path,
        Some("\"2\""),
        Some(same),
    )
    .await;
    assert_eq!(unchanged.status, 200, "{}", unchanged.body);
    assert_eq!(unchanged.etag.as_deref(), Some("\"2\""));
    assert_eq!(unchanged.body, added.body);

    let changed = send(
        &o,
        &t.staff,
        Method::PATCH,
        &result_path,
        Some("\"2\""),
        Some(json!({"title": "Dokumen rapi"})),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.etag.as_deref(), Some("\"3\""));
    // An indicator id from elsewhere is named.
    let (status, problem) = o
        .call(
            &t.staff,
            Method::PATCH,
            &result_path,
            Some(
                json!({"indicators": [{"id": "no-such-indicator", "aspect": "kuantitas",
                "description": "x", "target": {"value": 1}, "unit": "u", "direction": "higher_is_better"}]}),
            ),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["pointer"], "/indicators/0/id");

    let removed = send(
        &o,
        &t.staff,
        Method::DELETE,
        &result_path,
        Some("\"3\""),
        None,
    )
    .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(removed.etag.as_deref(), Some("\"4\""));
    assert_eq!(
        actions(&events(&o, &plan).await),
        ["create", "add_result", "update_result", "delete_result"]
    );
}

async fn revising_relinks_supporters_as_new_versions_of_their_plans(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let kasi_plan = o.plan(&t.kasi, &o.kasi).await;
    let kasi_result = id(&o
        .result(
            &t.kasi,
            &kasi_plan,
            simple_result("Perlindungan sosial", None),
        )
        .await);
    let lonely = id(&o
        .result(&t.kasi, &kasi_plan, simple_result("Administrasi", None))
        .await);
    o.step(&t.kasi, &kasi_plan, "submit", 200).await;
    o.step(&t.kadis, &kasi_plan, "approve", 200).await;
    let staff_plan = o.plan(&t.staff, &o.staff).await;
    let staff_result = id(&o
        .result(
            &t.staff,
            &staff_plan,
            simple_result("BPNT", Some(&kasi_result)),
        )
        .await);
    let before = o
        .ok(
            &t.staff,
            Method::GET,
            &format!("/api/v1/plans/{staff_plan}"),
            None,
            200,
        )
        .await;

    let revision = o.step(&t.kasi, &kasi_plan, "revise", 201).await;
    let revision_id = id(&revision);
    let copy = id(&revision["results"][0]);
    // The proposal drops its unsupported result; supporters move only once it is approved.
    let copied_lonely = revision["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["title"] == "Administrasi")
        .map(id)
        .expect("copy");
    assert_ne!(copied_lonely, lonely);
    o.ok(
        &t.kasi,
        Method::DELETE,
        &format!("/api/v1/plans/{revision_id}/results/{copied_lonely}"),
        None,
        200,
    )
    .await;
    let unchanged = o
        .ok(
            &t.staff,
            Method::GET,
            &format!("/api/v1/plans/{staff_plan}"),
            None,
            200,
        )
        .await;
    assert_eq!(unchanged, before);
    o.step(&t.kasi, &revision_id, "submit", 200).await;
    o.step(&t.kadis, &revision_id, "approve", 200).await;
    let after = send(
        &o,
        &t.staff,
        Method::GET,
        &format!("/api/v1/plans/{staff_plan}"),
        None,
        None,
    )
    .await;
    let version = before["version"].as_i64().expect("version") + 1;
    assert_eq!(after.body["version"], version);
    assert_eq!(
        after.etag.as_deref(),
        Some(format!("\"{version}\"").as_str())
    );
    assert_eq!(after.body["results"][0]["parent_result_id"], copy.as_str());
    // A client holding the old ETag learns the plan changed.
    let stale = send(
        &o,
        &t.staff,
        Method::PATCH,
        &format!("/api/v1/plans/{staff_plan}/results/{staff_result}"),
        Some(&etag(&before["version"])),
        Some(json!({"title": "BPNT 2026"})),
    )
    .await;
    assert_eq!(stale.status, 412);

    let trail = events(&o, &staff_plan).await;
    let relinked = trail.last().expect("an event");
    assert_eq!(relinked["action"], "relink_results");
    assert_eq!(
        relinked["reason"],
        format!("plan {kasi_plan} was revised as {}", id(&revision))
    );
    assert_eq!(
        relinked["before"],
        json!([{"result_id": staff_result, "parent_result_id": kasi_result}])
    );
    assert_eq!(
        relinked["after"],
        json!([{"result_id": staff_result, "parent_result_id": copy}])
    );
    let replaced = o
        .ok(
            &t.kasi,
            Method::GET,
            &format!("/api/v1/plans/{kasi_plan}"),
            None,
            200,
        )
        .await;
    assert_eq!(replaced["status"], "superseded");
    assert_eq!(
        actions(&events(&o, &kasi_plan).await).last(),
        Some(&"supersede")
    );
}

/// A subordinate's plan linked to a result of a draft, then approved and replaced by a revision:
/// the superseded plan still points at that result, which must not keep it from being removed.
async fn a_removed_result_lets_go_of_superseded_supporters(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let kasi_plan = o.plan(&t.kasi, &o.kasi).await;
    let target = id(&o
        .result(
            &t.kasi,
            &kasi_plan,
            simple_result("Perlindungan sosial", None),
        )
        .await);
    let staff_plan = o.plan(&t.staff, &o.staff).await;
    o.result(&t.staff, &staff_plan, simple_result("BPNT", Some(&target)))
        .await;
    o.step(&t.staff, &staff_plan, "submit", 200).await;
    o.step(&t.kasi, &staff_plan, "approve", 200).await;
    let revision = o.step(&t.staff, &staff_plan, "revise", 201).await;
    let copy = id(&revision["results"][0]);
    assert_eq!(revision["results"][0]["parent_result_id"], target.as_str());
    let result_path = format!("/api/v1/plans/{kasi_plan}/results/{target}");
    let (status, _) = o.call(&t.kasi, Method::DELETE, &result_path, None).await;
    assert_eq!(status, 409, "the current revision still supports it");
    o.ok(
        &t.staff,
        Method::PATCH,
        &format!("/api/v1/plans/{}/results/{copy}", id(&revision)),
        Some(json!({"parent_result_id": null})),
        200,
    )
    .await;
    let (status, _) = o.call(&t.kasi, Method::DELETE, &result_path, None).await;
    assert_eq!(status, 409, "the plan in force still supports it");
    o.step(&t.staff, &id(&revision), "submit", 200).await;
    o.step(&t.kasi, &id(&revision), "approve", 200).await;
    let superseded = o
        .ok(
            &t.staff,
            Method::GET,
            &format!("/api/v1/plans/{staff_plan}"),
            None,
            200,
        )
        .await;

    o.ok(&t.kasi, Method::DELETE, &result_path, None, 200).await;
    let after = o
        .ok(
            &t.staff,
            Method::GET,
            &format!("/api/v1/plans/{staff_plan}"),
            None,
            200,
        )
        .await;
    assert_eq!(after["status"], "superseded");
    assert_eq!(after["results"][0]["parent_result_id"], Value::Null);
    assert_eq!(
        after["version"],
        superseded["version"].as_i64().expect("version") + 1
    );
    let trail = events(&o, &staff_plan).await;
    let unlinked = trail.last().expect("an event");
    assert_eq!(unlinked["action"], "unlink_results");
    assert_eq!(unlinked["before"][0]["parent_result_id"], target.as_str());
}

/// Submitting `plan` as its owner is 409 `appraiser_inactive`.
async fn refused_as_appraiser_inactive(o: &Org, plan: &str) {
    let (status, problem) = o
        .call(
            &o.tokens.staff,
            Method::POST,
            &format!("/api/v1/plans/{plan}/submit"),
            None,
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("appraiser_inactive")),
        "{problem}"
    );
}

async fn an_inactive_superior_never_becomes_the_appraiser(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let plan = o.plan(&t.staff, &o.staff).await;
    o.result(&t.staff, &plan, simple_result("Dokumen", None))
        .await;
    // The API no longer lets a superior leave while their reports stay (409 has_subordinates)
    // nor anyone come back under one who left; records from before that rule, or written by
    // other systems, can still hold such a superior.
    {
        use diesel::RunQueryDsl;
        let mut conn = o.app.pool.get().expect("a connection");
        diesel::sql_query("UPDATE employees SET status = 'inactive' WHERE id = $1")
            .bind::<diesel::sql_types::Text, _>(&o.kasi)
            .execute(&mut **conn)
            .expect("an inactive superior");
    }
    refused_as_appraiser_inactive(&o, &plan).await;

    // An appraiser hr chose who has left since is refused the same way.
    o.ok(
        &t.hr,
        Method::PATCH,
        &format!("/api/v1/plans/{plan}"),
        Some(json!({"appraiser_id": o.stranger})),
        200,
    )
    .await;
    let res = o
        .app
        .patch(
            &format!("/api/v1/employees/{}", o.stranger),
            None,
            json!({"status": "inactive"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    refused_as_appraiser_inactive(&o, &plan).await;
    // With an active appraiser it goes through.
    o.ok(
        &t.hr,
        Method::PATCH,
        &format!("/api/v1/plans/{plan}"),
        Some(json!({"appraiser_id": o.kadis})),
        200,
    )
    .await;
    let submitted = o.step(&t.staff, &plan, "submit", 200).await;
    assert_eq!(submitted["appraiser_id"], o.kadis.as_str());
}

/// Results added at once without `If-Match` all land, each a new version of the plan; edits of
/// one result with the same `If-Match` let exactly one win, with one audit event.
async fn concurrent_edits_of_one_plan_take_turns(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let plan = o.plan(&t.staff, &o.staff).await;
    let results = format!("/api/v1/plans/{plan}/results");
    let adds = (0..8).map(|i| {
        let body = simple_result(&format!("Hasil {i}"), None);
        let (o, token, path) = (&o, &t.staff, &results);
        async move { send(o, token, Method::POST, path, None, Some(body)).await }
    });
    let added = futures_util::future::join_all(adds).await;
    let mut versions: Vec<String> = added
        .iter()
        .map(|a| {
            assert_eq!(a.status, 201, "{}", a.body);
            a.etag.clone().expect("an ETag")
        })
        .collect();
    versions.sort();
    versions.dedup();
    assert_eq!(
        versions.len(),
        8,
        "each add is its own version: {versions:?}"
    );

    let first = id(&added[0].body);
    let current = send(
        &o,
        &t.staff,
        Method::GET,
        &format!("/api/v1/plans/{plan}"),
        None,
        None,
    )
    .await;
    let tag = current.etag.expect("an ETag");
    let path = format!("{results}/{first}");
    let edits = (0..8).map(|i| {
        let body = json!({"title": format!("Judul {i}")});
        let (o, token, path, tag) = (&o, &t.staff, &path, &tag);
        async move { send(o, token, Method::PATCH, path, Some(tag), Some(body)).await }
    });
    let edited = futures_util::future::join_all(edits).await;
    let statuses: Vec<u16> = edited.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 412).count(),
        7,
        "{statuses:?}"
    );
    let updates = events(&o, &plan)
        .await
        .iter()
        .filter(|e| e["action"] == "update_result")
        .count();
    assert_eq!(updates, 1);
}

/// Eight revisions of one approved plan at once: one proposal, the rest 409 `revision_pending`.
async fn racing_revisions_make_one_proposal(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let (plan, _, _) = approved_bpnt_plan(&o).await;
    let path = format!("/api/v1/plans/{plan}/revise");
    let revisions = (0..8).map(|i| {
        let body = json!({"reason": format!("Perubahan {i}")});
        let (o, token, path) = (&o, &t.staff, &path);
        async move { send(o, token, Method::POST, path, None, Some(body)).await }
    });
    let answers = futures_util::future::join_all(revisions).await;
    let mut outcomes: Vec<(u16, Option<&str>)> = answers
        .iter()
        .map(|a| (a.status, a.body["code"].as_str()))
        .collect();
    outcomes.sort();
    let mut expected = vec![(201, None)];
    expected.extend([(409, Some("revision_pending")); 7]);
    assert_eq!(outcomes, expected);
    let old = o
        .ok(
            &t.staff,
            Method::GET,
            &format!("/api/v1/plans/{plan}"),
            None,
            200,
        )
        .await;
    assert_eq!(old["status"], "approved");
}
