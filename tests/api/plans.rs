//! Performance plans end to end: a pengawas (kasi) and a pelaksana (staff) below them, the
//! cascade between their plans, the workflow by the right and the wrong callers, realisations,
//! the live score against the calculator, revisions, the overdue flag and the access matrix.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, TestApp, assert_problem, pointers};
use crate::on_both_backends;

on_both_backends!(
    periods_refuse_overlaps_and_move_forward_only,
    cascade_links_must_point_at_the_superiors_current_plan,
    workflow_steps_belong_to_the_right_callers,
    realisations_feed_a_live_score_equal_to_the_calculator,
    revision_keeps_the_old_version_readable,
    listing_filters_and_the_overdue_flag,
    plan_endpoints_answer_every_caller_as_their_rules_say,
);

pub(crate) const PASSWORD: &str = "account-password";

/// Kadis → kasi (pengawas) → staff (pelaksana) in DINSOS, a stranger in another unit; accounts
/// for each, hr and pyb of DINSOS; an annual pp30_2021 period of 2026.
pub(crate) struct Org {
    pub(crate) app: TestApp,
    pub(crate) kadis: String,
    pub(crate) kasi: String,
    pub(crate) staff: String,
    pub(crate) stranger: String,
    pub(crate) period: String,
    pub(crate) dinsos: String,
    pub(crate) tokens: Tokens,
}

pub(crate) struct Tokens {
    pub(crate) kadis: String,
    pub(crate) kasi: String,
    pub(crate) staff: String,
    pub(crate) stranger: String,
    pub(crate) hr: String,
    pub(crate) pyb: String,
}

pub(crate) async fn account(app: &TestApp, body: Value) -> String {
    let user = app.create("/api/v1/users", body).await;
    let username = user["username"].as_str().expect("username").to_owned();
    app.login(&username, PASSWORD).await
}

async fn period(app: &TestApp, name: &str, year: i32, regime: &str) -> String {
    let p = app
        .create(
            "/api/v1/periods",
            json!({"name": name, "starts_on": format!("{year}-01-01"),
                "ends_on": format!("{year}-12-31"), "regime": regime, "uses_360": true}),
        )
        .await;
    p["id"].as_str().expect("id").to_owned()
}

pub(crate) async fn org(backend: Backend) -> Org {
    let app = TestApp::as_admin(backend).await;
    let pemkab = app.unit("PEMKAB", "instansi", None).await;
    let dinsos = app.unit("DINSOS", "dinas", Some(&pemkab)).await;
    let other = app.unit("KEC", "kecamatan", Some(&pemkab)).await;
    let kadis = app.employee(1, &dinsos, None).await;
    let kasi = app.employee(2, &dinsos, Some(&kadis)).await;
    let staff = app.employee(3, &dinsos, Some(&kasi)).await;
    let stranger = app.employee(4, &other, None).await;
    let person = |id: &str| json!({"employee_id": id, "password": PASSWORD});
    let tokens = Tokens {
        kadis: account(&app, person(&kadis)).await,
        kasi: account(&app, person(&kasi)).await,
        staff: account(&app, person(&staff)).await,
        stranger: account(&app, person(&stranger)).await,
        hr: account(&app, json!({"username": "hr", "password": PASSWORD, "roles": ["hr"], "scope_unit_id": dinsos})).await,
        pyb: account(&app, json!({"username": "pyb", "password": PASSWORD, "roles": ["pyb"], "scope_unit_id": dinsos})).await,
    };
    let period = period(&app, "SKP 2026", 2026, "pp30_2021").await;
    Org {
        app,
        kadis,
        kasi,
        staff,
        stranger,
        period,
        dinsos,
        tokens,
    }
}

impl Org {
    pub(crate) async fn call(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.app.call_as(token, method, path, body).await
    }

    pub(crate) async fn ok(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        expected: u16,
    ) -> Value {
        self.app
            .expect_as(token, method, path, body, expected)
            .await
    }

    pub(crate) async fn plan(&self, token: &str, employee: &str) -> String {
        let body = json!({"employee_id": employee, "period_id": self.period});
        let plan = self
            .ok(token, Method::POST, "/api/v1/plans", Some(body), 201)
            .await;
        assert_eq!(plan["status"], "draft");
        plan["id"].as_str().expect("id").to_owned()
    }

    pub(crate) async fn result(&self, token: &str, plan: &str, body: Value) -> Value {
        self.ok(
            token,
            Method::POST,
            &format!("/api/v1/plans/{plan}/results"),
            Some(body),
            201,
        )
        .await
    }

    pub(crate) async fn step(&self, token: &str, plan: &str, step: &str, expected: u16) -> Value {
        let body = match step {
            "return" => Some(json!({"reason": "Target belum sesuai"})),
            "revise" => Some(json!({"reason": "Kuota KPM berubah"})),
            _ => None,
        };
        self.ok(
            token,
            Method::POST,
            &format!("/api/v1/plans/{plan}/{step}"),
            body,
            expected,
        )
        .await
    }
}

pub(crate) fn simple_result(title: &str, parent: Option<&str>) -> Value {
    json!({"kind": "main", "title": title, "parent_result_id": parent, "indicators": [
        {"aspect": "kuantitas", "description": "Dokumen", "target": {"value": 12}, "unit": "dokumen",
         "direction": "higher_is_better"}]})
}

pub(crate) fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

async fn periods_refuse_overlaps_and_move_forward_only(backend: Backend) {
    let o = org(backend).await;
    let app = &o.app;
    let res = app
        .post_json(
            "/api/v1/periods",
            &json!({"name": "Dobel", "starts_on": "2026-06-01",
            "ends_on": "2027-05-31", "regime": "pp30_2021"}),
        )
        .await;
    assert_problem(res, 409, "period_overlap").await;
    // Another kind may overlap; its sub-periods follow the split asked for.
    let interim = app
        .create(
            "/api/v1/periods",
            json!({"name": "Mutasi", "kind": "interim",
            "starts_on": "2026-07-01", "ends_on": "2026-12-31", "regime": "permenpan6_2022",
            "sub_periods": "months"}),
        )
        .await;
    assert_eq!(
        interim["sub_period_ranges"].as_array().map(Vec::len),
        Some(6)
    );
    assert_eq!(interim["approval_deadline"], Value::Null);
    let res = app
        .post_json(
            "/api/v1/periods",
            &json!({"name": "Mundur", "starts_on": "2030-02-01",
            "ends_on": "2030-01-01", "regime": "pp30_2021"}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [("/ends_on".to_owned(), "before_start".to_owned())]
    );

    let path = format!("/api/v1/periods/{}", o.period);
    let period = o.ok(&o.tokens.hr, Method::GET, &path, None, 200).await;
    assert_eq!(
        period["sub_period_ranges"][3],
        json!({"index": 4, "starts_on": "2026-10-01", "ends_on": "2026-12-31"})
    );
    assert_eq!(period["approval_deadline"], "2026-01-31");
    let running = app.patch(&path, None, json!({"status": "running"})).await;
    assert_eq!(running.status(), 200);
    assert_problem(
        app.patch(&path, None, json!({"status": "planning"})).await,
        409,
        "period_status_backwards",
    )
    .await;
    assert_problem(
        app.patch(&path, None, json!({"uses_360": false})).await,
        409,
        "period_started",
    )
    .await;
    // Only admin and hr manage periods.
    let (status, _) = o.call(&o.tokens.staff, Method::POST, "/api/v1/periods",
        Some(json!({"name": "X", "starts_on": "2040-01-01", "ends_on": "2040-12-31", "regime": "pp30_2021"}))).await;
    assert_eq!(status, 403);
    o.ok(&o.tokens.hr, Method::POST, "/api/v1/periods",
        Some(json!({"name": "SKP 2040", "starts_on": "2040-01-01", "ends_on": "2040-12-31", "regime": "pp30_2021"})), 201).await;
}

async fn cascade_links_must_point_at_the_superiors_current_plan(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let kasi_plan = o.plan(&t.kasi, &o.kasi).await;
    let supported = id(&o
        .result(
            &t.kasi,
            &kasi_plan,
            simple_result("Meningkatnya perlindungan sosial", None),
        )
        .await);
    let lonely = id(&o
        .result(
            &t.kasi,
            &kasi_plan,
            simple_result("Tertibnya administrasi seksi", None),
        )
        .await);
    let stranger_plan = o.plan(&t.stranger, &o.stranger).await;
    let strangers = id(&o
        .result(&t.stranger, &stranger_plan, simple_result("Lain", None))
        .await);
    // The kadis is above the kasi, not the staff's direct superior.
    let kadis_plan = o.plan(&t.kadis, &o.kadis).await;
    let kadis_result = id(&o
        .result(&t.kadis, &kadis_plan, simple_result("Dinas", None))
        .await);

    let staff_plan = o.plan(&t.staff, &o.staff).await;
    let path = format!("/api/v1/plans/{staff_plan}/results");
    for wrong in [&strangers, &kadis_result, &"no-such-result".to_owned()] {
        let (status, problem) = o
            .call(
                &t.staff,
                Method::POST,
                &path,
                Some(simple_result("BPNT", Some(wrong))),
            )
            .await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(
            pointers(&problem),
            [(
                "/parent_result_id".to_owned(),
                "not_superior_result".to_owned()
            )]
        );
    }
    let linked = o
        .result(
            &t.staff,
            &staff_plan,
            simple_result("Tersalurkannya BPNT", Some(&supported)),
        )
        .await;
    assert_eq!(linked["parent_result_id"], supported.as_str());
    assert!(linked["indicators"][0]["id"].is_string());

    let cascade = o
        .ok(
            &t.kasi,
            Method::GET,
            &format!("/api/v1/plans/{kasi_plan}/cascade"),
            None,
            200,
        )
        .await;
    assert_eq!(cascade["results"][0]["result_id"], supported.as_str());
    let supporter = &cascade["results"][0]["supported_by"][0];
    assert_eq!(supporter["employee_id"], o.staff.as_str());
    assert_eq!(supporter["plan_id"], staff_plan.as_str());
    assert_eq!(supporter["plan_status"], "draft");
    assert_eq!(supporter["title"], "Tersalurkannya BPNT");
    assert_eq!(cascade["unsupported_result_ids"], json!([lonely]));
    // A supported result cannot be removed from under its supporters.
    let (status, problem) = o
        .call(
            &t.kasi,
            Method::DELETE,
            &format!("/api/v1/plans/{kasi_plan}/results/{supported}"),
            None,
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("result_supported"))
    );
}

async fn workflow_steps_belong_to_the_right_callers(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let plan = o.plan(&t.staff, &o.staff).await;
    // Nothing to submit yet.
    let (status, problem) = o
        .call(
            &t.staff,
            Method::POST,
            &format!("/api/v1/plans/{plan}/submit"),
            None,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        pointers(&problem),
        [("/results".to_owned(), "no_main_result".to_owned())]
    );
    o.result(&t.staff, &plan, json!({"kind": "main", "title": "A", "weight": 60, "indicators": [
        {"aspect": "kuantitas", "description": "x", "target": {"value": 1}, "unit": "u", "direction": "higher_is_better"}]})).await;
    let second = o.result(&t.staff, &plan, json!({"kind": "main", "title": "B", "weight": 30, "indicators": [
        {"aspect": "waktu", "description": "y", "target": {"min": 7, "max": 8}, "unit": "bulan", "direction": "lower_is_better"}]})).await;
    let (status, problem) = o
        .call(
            &t.staff,
            Method::POST,
            &format!("/api/v1/plans/{plan}/submit"),
            None,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        pointers(&problem),
        [("/results".to_owned(), "weights_sum".to_owned())]
    );
    o.ok(
        &t.staff,
        Method::PATCH,
        &format!("/api/v1/plans/{plan}/results/{}", id(&second)),
        Some(json!({"weight": 40})),
        200,
    )
    .await;

    // Only the owner (or hr) submits; the appraiser becomes the direct superior.
    o.step(&t.kasi, &plan, "submit", 403).await;
    o.step(&t.stranger, &plan, "submit", 404).await;
    let submitted = o.step(&t.staff, &plan, "submit", 200).await;
    assert_eq!(submitted["status"], "submitted");
    assert_eq!(submitted["appraiser_id"], o.kasi.as_str());
    o.step(&t.staff, &plan, "submit", 409).await;
    // A submitted plan is no longer edited.
    let (status, problem) = o
        .call(
            &t.staff,
            Method::POST,
            &format!("/api/v1/plans/{plan}/results"),
            Some(simple_result("C", None)),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("plan_submitted"))
    );

    // Only the appraiser approves or returns: not the owner, hr, the appraiser's superior.
    for token in [&t.staff, &t.hr, &t.kadis] {
        o.step(token, &plan, "approve", 403).await;
        o.step(token, &plan, "return", 403).await;
    }
    o.step(&t.stranger, &plan, "approve", 404).await;
    let (status, problem) = o
        .call(
            &t.kasi,
            Method::POST,
            &format!("/api/v1/plans/{plan}/return"),
            Some(json!({"reason": "  "})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        pointers(&problem),
        [("/reason".to_owned(), "required".to_owned())]
    );
    let returned = o.step(&t.kasi, &plan, "return", 200).await;
    assert_eq!(returned["status"], "draft");
    assert_eq!(returned["return_reason"], "Target belum sesuai");

    // hr submits on the employee's behalf; that is recorded.
    let resubmitted = o.step(&t.hr, &plan, "submit", 200).await;
    assert_eq!(resubmitted["return_reason"], Value::Null);
    let approved = o.step(&t.kasi, &plan, "approve", 200).await;
    assert_eq!(approved["status"], "approved");
    assert!(approved["approved_at"].is_string());
    let (status, problem) = o
        .call(
            &t.kasi,
            Method::POST,
            &format!("/api/v1/plans/{plan}/approve"),
            None,
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("plan_approved"))
    );
    let (_, problem) = o
        .call(
            &t.staff,
            Method::POST,
            &format!("/api/v1/plans/{plan}/submit"),
            None,
        )
        .await;
    assert_eq!(problem["code"], "plan_approved");

    let events = o
        .ok(
            o.app.bearer.as_deref().expect("admin"),
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=plan&entity_id={plan}"),
            None,
            200,
        )
        .await;
    let actions: Vec<&str> = events["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "create",
            "add_result",
            "add_result",
            "update_result",
            "submit",
            "return",
            "submit",
            "approve"
        ]
    );
    let items = events["items"].as_array().expect("items");
    assert_eq!(items[5]["reason"], "Target belum sesuai");
    assert_eq!(
        items[6]["reason"],
        "submitted by hr on the employee's behalf"
    );
}

pub(crate) async fn approved_bpnt_plan(o: &Org) -> (String, String, String) {
    let t = &o.tokens;
    let plan = o.plan(&t.staff, &o.staff).await;
    let result = o.result(&t.staff, &plan, json!({"kind": "main", "title": "Tersalurkannya BPNT", "weight": 100, "indicators": [
        {"aspect": "kuantitas", "description": "KPM menerima BPNT", "target": {"value": 8220}, "unit": "KPM", "direction": "higher_is_better", "target_is_max": false},
        {"aspect": "waktu", "description": "Lama penyaluran", "target": {"min": 7, "max": 8}, "unit": "bulan", "direction": "lower_is_better"}]})).await;
    let kpm = id(&result["indicators"][0]);
    let months = id(&result["indicators"][1]);
    let realize = json!({"indicator_id": kpm, "sub_period": 1, "value": 10});
    let (status, problem) = o
        .call(
            &t.staff,
            Method::POST,
            &format!("/api/v1/plans/{plan}/realizations"),
            Some(realize),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("plan_draft"))
    );
    o.step(&t.staff, &plan, "submit", 200).await;
    o.step(&t.kasi, &plan, "approve", 200).await;
    (plan, kpm, months)
}

async fn realisations_feed_a_live_score_equal_to_the_calculator(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let (plan, kpm, months) = approved_bpnt_plan(&o).await;
    let path = format!("/api/v1/plans/{plan}/realizations");
    let entry = |indicator: &str, sub_period: u32, value: f64| {
        json!({"indicator_id": indicator, "sub_period": sub_period, "value": value,
            "evidence": {"text": "Rekap penyaluran", "links": ["https://drive.example.go.id/bpnt.pdf"]}})
    };
    o.ok(
        &t.staff,
        Method::POST,
        &path,
        Some(entry(&kpm, 2, 3000.0)),
        201,
    )
    .await;
    o.ok(
        &t.staff,
        Method::POST,
        &path,
        Some(entry(&kpm, 4, 5600.0)),
        201,
    )
    .await;
    // hr corrects the last quarter; the earlier value stays in the history.
    let corrected = o
        .ok(
            &t.hr,
            Method::POST,
            &path,
            Some(entry(&kpm, 4, 5659.0)),
            201,
        )
        .await;
    assert_eq!(corrected["value"], 5659.0);
    o.ok(
        &t.staff,
        Method::POST,
        &path,
        Some(entry(&months, 4, 6.5)),
        201,
    )
    .await;
    // The appraiser does not enter realisations; bad input is named.
    let (status, _) = o
        .call(&t.kasi, Method::POST, &path, Some(entry(&kpm, 4, 1.0)))
        .await;
    assert_eq!(status, 403);
    let (status, problem) = o.call(&t.staff, Method::POST, &path,
        Some(json!({"indicator_id": "nope", "sub_period": 5, "value": -1, "evidence": {"links": ["ftp://x"]}}))).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        pointers(&problem),
        [("/value".to_owned(), "negative".to_owned())]
    );
    let (_, problem) = o.call(&t.staff, Method::POST, &path,
        Some(json!({"indicator_id": "nope", "sub_period": 5, "value": 1, "evidence": {"links": ["ftp://x"]}}))).await;
    assert_eq!(
        pointers(&problem),
        [
            ("/indicator_id".to_owned(), "unknown_indicator".to_owned()),
            ("/sub_period".to_owned(), "out_of_range".to_owned()),
            ("/evidence/links/0".to_owned(), "invalid_link".to_owned()),
        ]
    );

    let list = o.ok(&t.kasi, Method::GET, &path, None, 200).await;
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 3);
    let q4 = items
        .iter()
        .find(|i| i["indicator_id"] == kpm.as_str() && i["sub_period"] == 4)
        .expect("q4");
    assert_eq!(q4["value"], 5659.0);
    assert_eq!(q4["history"][0]["value"], 5600.0);
    assert_eq!(
        q4["evidence"]["links"][0],
        "https://drive.example.go.id/bpnt.pdf"
    );

    let mut score = o
        .ok(
            &t.kasi,
            Method::GET,
            &format!("/api/v1/plans/{plan}/score"),
            None,
            200,
        )
        .await;
    let result = &score["results"][0];
    assert_eq!(result["indicators"][0]["indicator_id"], kpm.as_str());
    assert_eq!(result["indicators"][0]["achievement"], 68.84);
    assert_eq!(result["indicators"][0]["score"], 58.84);
    assert_eq!(result["indicators"][1]["score"], 116.82);
    assert_eq!(score["skp_score"], 87.83);
    assert_eq!(score["final_score"], Value::Null);

    // The calculator, given the same numbers, says the same (ids aside).
    let calculator = o.ok(&t.staff, Method::POST, "/api/v1/calculators/skp-score", Some(json!({
        "regime": "pp30_2021", "uses_360": true, "results": [{"kind": "main", "weight": 100, "indicators": [
            {"target": {"value": 8220}, "realization": 5659, "direction": "higher_is_better"},
            {"target": {"min": 7, "max": 8}, "realization": 6.5, "direction": "lower_is_better"}]}]})), 200).await;
    let result = &mut score["results"][0];
    assert!(result["result_id"].is_string());
    result["result_id"] = Value::Null;
    for indicator in result["indicators"].as_array_mut().expect("indicators") {
        assert!(indicator["indicator_id"].is_string());
        indicator["indicator_id"] = Value::Null;
    }
    assert_eq!(score, calculator);
}

async fn revision_keeps_the_old_version_readable(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    // The kasi's approved plan, supported by the staff's result.
    let kasi_plan = o.plan(&t.kasi, &o.kasi).await;
    let kasi_result = id(&o
        .result(
            &t.kasi,
            &kasi_plan,
            simple_result("Perlindungan sosial", None),
        )
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

    o.step(&t.kadis, &kasi_plan, "revise", 403).await;
    let path = format!("/api/v1/plans/{kasi_plan}/revise");
    let (status, problem) = o
        .call(&t.kasi, Method::POST, &path, Some(json!({"reason": " "})))
        .await;
    assert_eq!(
        (status, pointers(&problem)),
        (422, vec![("/reason".to_owned(), "required".to_owned())])
    );
    let revision = o.step(&t.kasi, &kasi_plan, "revise", 201).await;
    assert_eq!(revision["status"], "draft");
    assert_eq!(revision["revision"], 2);
    assert_eq!(revision["revision_of"], kasi_plan.as_str());
    assert_eq!(revision["results"][0]["title"], "Perlindungan sosial");
    let new_result = revision["results"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert_ne!(new_result, kasi_result);
    let (status, problem) = o
        .call(
            &t.kasi,
            Method::POST,
            &path,
            Some(json!({"reason": "lagi"})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("revision_pending"))
    );

    // A proposal: the approved plan stays in force, its supporters stay with it, and nobody
    // cascades from the proposal.
    let plan_of = |plan: &str| format!("/api/v1/plans/{plan}");
    let old = o
        .ok(&t.kasi, Method::GET, &plan_of(&kasi_plan), None, 200)
        .await;
    assert_eq!(
        (old["status"].as_str(), &old["superseded_by"]),
        (Some("approved"), &Value::Null)
    );
    let supporters = |cascade: &Value| cascade["results"][0]["supported_by"].clone();
    let cascade_of = |plan: &str| format!("/api/v1/plans/{plan}/cascade");
    let cascade = o
        .ok(&t.kasi, Method::GET, &cascade_of(&kasi_plan), None, 200)
        .await;
    assert_eq!(supporters(&cascade)[0]["result_id"], staff_result.as_str());
    let staff_results = format!("/api/v1/plans/{staff_plan}/results");
    let link_to = |parent: &str| {
        let body = simple_result("Baru", Some(parent));
        o.call(&t.staff, Method::POST, &staff_results, Some(body))
    };
    let not_superior = (
        422,
        vec![(
            "/parent_result_id".to_owned(),
            "not_superior_result".to_owned(),
        )],
    );
    let (status, problem) = link_to(&new_result).await;
    assert_eq!((status, pointers(&problem)), not_superior);

    // Approved, the revision replaces the plan and takes its supporters.
    o.step(&t.kasi, &id(&revision), "submit", 200).await;
    o.step(&t.kadis, &id(&revision), "approve", 200).await;
    let old = o
        .ok(&t.kasi, Method::GET, &plan_of(&kasi_plan), None, 200)
        .await;
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["superseded_by"], revision["id"]);
    assert_eq!(old["results"][0]["id"], kasi_result.as_str());
    o.step(&t.kasi, &kasi_plan, "revise", 409).await;
    let cascade = o
        .ok(&t.kasi, Method::GET, &cascade_of(&id(&revision)), None, 200)
        .await;
    assert_eq!(supporters(&cascade)[0]["result_id"], staff_result.as_str());
    let (status, problem) = link_to(&kasi_result).await;
    assert_eq!((status, pointers(&problem)), not_superior);
    let (status, _) = link_to(&new_result).await;
    assert_eq!(status, 201);
}

async fn listing_filters_and_the_overdue_flag(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let past = period(&o.app, "SKP 2020", 2020, "pp30_2021").await;
    let future = period(&o.app, "SKP 2099", 2099, "pp30_2021").await;
    let ratings = period(&o.app, "SKP 2021", 2021, "permenpan6_2022").await;
    let mut plans = Vec::new();
    for p in [&past, &future, &ratings] {
        let body = json!({"employee_id": o.staff, "period_id": p});
        plans.push(id(&o
            .ok(&t.hr, Method::POST, "/api/v1/plans", Some(body), 201)
            .await));
    }
    // A second plan for the same period and position is refused.
    let (status, problem) = o
        .call(
            &t.staff,
            Method::POST,
            "/api/v1/plans",
            Some(json!({"employee_id": o.staff, "period_id": past})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("duplicate_plan"))
    );
    let listed = |query: String| {
        let token = t.hr.clone();
        let o = &o;
        async move {
            let page = o
                .ok(
                    &token,
                    Method::GET,
                    &format!("/api/v1/plans?{query}"),
                    None,
                    200,
                )
                .await;
            page["items"].as_array().expect("items").clone()
        }
    };
    let overdue = |items: &[Value]| {
        items
            .iter()
            .map(|p| p["overdue"].as_bool().unwrap_or(false))
            .collect::<Vec<_>>()
    };
    assert_eq!(overdue(&listed(format!("period_id={past}")).await), [true]);
    assert_eq!(
        overdue(&listed(format!("period_id={future}")).await),
        [false]
    );
    assert_eq!(
        overdue(&listed(format!("period_id={ratings}")).await),
        [false]
    );
    assert_eq!(listed(format!("employee_id={}", o.kasi)).await.len(), 0);
    assert_eq!(listed(format!("unit_id={}", o.dinsos)).await.len(), 3);

    // The appraiser's inbox: submitted plans waiting for them.
    let plan = &plans[0];
    o.result(&t.staff, plan, simple_result("X", None)).await;
    o.step(&t.staff, plan, "submit", 200).await;
    let inbox = o
        .ok(
            &t.kasi,
            Method::GET,
            &format!("/api/v1/plans?appraiser_id={}&status=submitted", o.kasi),
            None,
            200,
        )
        .await;
    let ids: Vec<&str> = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids, [plan.as_str()]);
    let approved = o.step(&t.kasi, plan, "approve", 200).await;
    assert_eq!(approved["overdue"], false, "approved late, but approved");
    // The stranger sees none of it.
    let page = o
        .ok(&t.stranger, Method::GET, "/api/v1/plans", None, 200)
        .await;
    assert_eq!(page["items"], json!([]));
    // Ratings are not computed from realisations.
    let (status, problem) = o
        .call(
            &t.staff,
            Method::GET,
            &format!("/api/v1/plans/{}/score", plans[2]),
            None,
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("ratings_not_recorded"))
    );
}

const CALLERS: [&str; 10] = [
    "anonymous",
    "admin",
    "hr",
    "pyb",
    "owner",
    "appraiser",
    "appraiser's superior",
    "stranger",
    "client plans:read",
    "client units:read",
];

async fn plan_endpoints_answer_every_caller_as_their_rules_say(backend: Backend) {
    let o = org(backend).await;
    let (plan, kpm, _) = approved_bpnt_plan(&o).await;
    let t = &o.tokens;
    let tokens = vec![
        None,
        o.app.bearer.clone(),
        Some(t.hr.clone()),
        Some(t.pyb.clone()),
        Some(t.staff.clone()),
        Some(t.kasi.clone()),
        Some(t.kadis.clone()),
        Some(t.stranger.clone()),
        Some(o.app.client_token(&["plans:read"]).await),
        Some(o.app.client_token(&["units:read"]).await),
    ];
    let p = |rest: &str| format!("/api/v1/plans/{plan}{rest}");
    // Writes that reach their check fail harmlessly (409/422) for those allowed to make them.
    let result = simple_result("X", None);
    let bad_realization = json!({"indicator_id": kpm, "sub_period": 99, "value": 1});
    let appraiser = json!({"appraiser_id": o.kasi});
    let new_plan = json!({"employee_id": o.staff, "period_id": o.period});
    #[rustfmt::skip]
    let table: Vec<(Method, String, Option<&Value>, [u16; 10])> = vec![
        (Method::GET, p(""), None,                              [401, 200, 200, 200, 200, 200, 200, 404, 200, 403]),
        (Method::GET, p("/score"), None,                        [401, 200, 200, 200, 200, 200, 200, 404, 200, 403]),
        (Method::GET, p("/cascade"), None,                      [401, 200, 200, 200, 200, 200, 200, 404, 200, 403]),
        (Method::GET, p("/realizations"), None,                 [401, 200, 200, 200, 200, 200, 200, 404, 200, 403]),
        (Method::POST, p("/results"), Some(&result),            [401, 409, 409, 403, 409, 403, 403, 404, 403, 403]),
        (Method::POST, p("/realizations"), Some(&bad_realization), [401, 422, 422, 403, 422, 403, 403, 404, 403, 403]),
        (Method::POST, p("/submit"), None,                      [401, 409, 409, 403, 409, 403, 403, 404, 403, 403]),
        (Method::POST, p("/approve"), None,                     [401, 403, 403, 403, 403, 409, 403, 404, 403, 403]),
        (Method::POST, "/api/v1/plans".to_owned(), Some(&new_plan), [401, 409, 409, 422, 409, 422, 422, 422, 403, 403]),
        (Method::GET, "/api/v1/periods".to_owned(), None,       [401, 200, 200, 200, 200, 200, 200, 200, 200, 403]),
        // Sets the appraiser it already has, so the rows above stay true.
        (Method::PATCH, p(""), Some(&appraiser),                [401, 200, 200, 403, 403, 403, 403, 404, 403, 403]),
    ];
    let wrong = o.app.access_mismatches(&CALLERS, &tokens, &table).await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Starting a plan for someone else tells the stranger nothing about which ids exist.
    let mut answers = Vec::new();
    for employee in [o.staff.clone(), uuid_like_nobody()] {
        let body = json!({"employee_id": employee, "period_id": o.period});
        let (status, mut problem) = o
            .call(&t.stranger, Method::POST, "/api/v1/plans", Some(body))
            .await;
        problem.as_object_mut().map(|p| p.remove("instance"));
        answers.push((status, problem));
    }
    assert_eq!(answers[0], answers[1]);

    // What each caller finds when listing plans.
    let expected: [(usize, Option<usize>); 10] = [
        (0, None),
        (1, Some(1)),
        (2, Some(1)),
        (3, Some(1)),
        (4, Some(1)),
        (5, Some(1)),
        (6, Some(1)),
        (7, Some(0)),
        (8, Some(1)),
        (9, None),
    ];
    for (i, count) in expected {
        let res = o
            .app
            .send(Method::GET, "/api/v1/plans", tokens[i].as_deref(), None)
            .await;
        match count {
            Some(n) => {
                assert_eq!(res.status(), 200, "{}", CALLERS[i]);
                let page: Value = res.json().await.expect("json");
                assert_eq!(
                    page["items"].as_array().map(Vec::len),
                    Some(n),
                    "{}",
                    CALLERS[i]
                );
            }
            None => assert!(res.status().is_client_error(), "{}", CALLERS[i]),
        }
    }
}

fn uuid_like_nobody() -> String {
    "019a0000-0000-7000-8000-000000000000".to_owned()
}
