//! Evaluation to the end of the cycle, both regimes: a seksi of ten staff under a kasi, under a
//! kepala dinas; plans approved, evaluated, rated (suggestions, overrides with reasons), the
//! unit's predikat against the curve, finalising, objections on time and too late.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, TestApp, assert_problem, nip, pointers};
use crate::on_both_backends;

on_both_backends!(
    a_2022_unit_is_rated_finalised_against_the_curve_and_an_objection_changes_a_predikat,
    a_pp30_annual_evaluation_scores_and_refuses_a_late_objection,
    incremental_realisations_add_up_and_the_score_says_what_it_left_out,
);

const PASSWORD: &str = "account-password";

struct Seksi {
    app: TestApp,
    dinsos: String,
    seksi: String,
    kadis: String,
    kasi: String,
    staff: Vec<String>,
    period: String,
    hr: String,
    kasi_token: String,
    kadis_token: String,
    staff_token: String,
}

impl Seksi {
    async fn call(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.app.call_as(token, method, path, body).await
    }

    async fn ok(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        want: u16,
    ) -> Value {
        self.app.expect_as(token, method, path, body, want).await
    }

    /// An approved plan for `employee` with the given results (hr drafts and submits it, the
    /// kasi approves).
    async fn approved_plan(&self, employee: &str, results: &[Value]) -> (String, Vec<String>) {
        let plan = self
            .ok(
                &self.hr,
                Method::POST,
                "/api/v1/plans",
                Some(json!({"employee_id": employee, "period_id": self.period})),
                201,
            )
            .await;
        let id = plan["id"].as_str().expect("id").to_owned();
        let mut ids = Vec::new();
        for r in results {
            let created = self
                .ok(
                    &self.hr,
                    Method::POST,
                    &format!("/api/v1/plans/{id}/results"),
                    Some(r.clone()),
                    201,
                )
                .await;
            let last = created["results"]
                .as_array()
                .and_then(|a| a.last())
                .cloned()
                .unwrap_or(created.clone());
            ids.push(last["id"].as_str().expect("result id").to_owned());
        }
        self.ok(
            &self.hr,
            Method::POST,
            &format!("/api/v1/plans/{id}/submit"),
            None,
            200,
        )
        .await;
        self.ok(
            &self.kasi_token,
            Method::POST,
            &format!("/api/v1/plans/{id}/approve"),
            None,
            200,
        )
        .await;
        (id, ids)
    }
}

async fn seksi(backend: Backend, regime: &str) -> Seksi {
    seksi_on(TestApp::as_admin(backend).await, regime).await
}

/// The seksi, built by the admin of `app`.
async fn seksi_on(app: TestApp, regime: &str) -> Seksi {
    let pemkab = app.unit("PEMKAB", "instansi", None).await;
    let dinsos = app.unit("DINSOS", "dinas", Some(&pemkab)).await;
    let seksi = app.unit("SEKSI", "seksi", Some(&dinsos)).await;
    let person = |n: u32, unit: &str, sup: Option<&str>, position: &str| {
        json!({"nip": nip(n), "name": format!("Pegawai {n}"), "asn_type": "pns", "rank": "III/a",
            "position_title": format!("Jabatan {n}"), "position_type": position,
            "unit_id": unit, "supervisor_id": sup})
    };
    let kadis = app
        .create(
            "/api/v1/employees",
            person(1, &dinsos, None, "administrator"),
        )
        .await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let kasi = app
        .create(
            "/api/v1/employees",
            person(2, &seksi, Some(&kadis), "pengawas"),
        )
        .await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let mut staff = Vec::new();
    for n in 3..13 {
        staff.push(
            app.create(
                "/api/v1/employees",
                person(n, &seksi, Some(&kasi), "pelaksana"),
            )
            .await["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    let mut tokens = Vec::new();
    for (n, id) in [(1, &kadis), (2, &kasi), (3, &staff[0])] {
        app.create(
            "/api/v1/users",
            json!({"employee_id": id, "password": PASSWORD}),
        )
        .await;
        tokens.push(app.login(&nip(n), PASSWORD).await);
    }
    app.create(
        "/api/v1/users",
        json!({"username": "hr", "password": PASSWORD, "roles": ["hr"], "scope_unit_id": dinsos}),
    )
    .await;
    let hr = app.login("hr", PASSWORD).await;
    let period = app
        .create("/api/v1/periods", json!({"name": "SKP", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "regime": regime}))
        .await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    Seksi {
        app,
        dinsos,
        seksi,
        kadis,
        kasi,
        staff,
        period,
        hr,
        kasi_token: tokens[1].clone(),
        kadis_token: tokens[0].clone(),
        staff_token: tokens[2].clone(),
    }
}

const VALUES: [&str; 7] = [
    "berorientasi_pelayanan",
    "akuntabel",
    "kompeten",
    "harmonis",
    "loyal",
    "adaptif",
    "kolaboratif",
];

async fn a_2022_unit_is_rated_finalised_against_the_curve_and_an_objection_changes_a_predikat(
    backend: Backend,
) {
    let s = seksi(backend, "permenpan6_2022").await;
    let mut evaluations = Vec::new();
    for (i, employee) in s.staff.iter().enumerate() {
        let (plan, results) = s
            .approved_plan(employee, &[
                json!({"kind": "main", "title": "Layanan bansos", "expectation": "Semua permohonan diproses"}),
                json!({"kind": "additional", "title": "Pelatihan", "expectation": "Ikut dua pelatihan"}),
            ])
            .await;
        let evaluation = s
            .ok(
                &s.kasi_token,
                Method::POST,
                &format!("/api/v1/plans/{plan}/evaluations"),
                Some(json!({"slot": "annual"})),
                201,
            )
            .await;
        assert_eq!(evaluation["status"], "open");
        assert_eq!(evaluation["appraiser_id"], s.kasi.as_str());
        assert_eq!(evaluation["results"].as_array().map(Vec::len), Some(2));
        let id = evaluation["id"].as_str().expect("id").to_owned();
        if i == 0 {
            // One per slot; a slot the period does not have is refused; the owner cannot open one.
            let (status, dup) = s
                .call(
                    &s.kasi_token,
                    Method::POST,
                    &format!("/api/v1/plans/{plan}/evaluations"),
                    Some(json!({"slot": "annual"})),
                )
                .await;
            assert_eq!(
                (status, dup["code"].as_str()),
                (409, Some("evaluation_exists"))
            );
            let (status, bad) = s
                .call(
                    &s.kasi_token,
                    Method::POST,
                    &format!("/api/v1/plans/{plan}/evaluations"),
                    Some(json!({"slot": 5})),
                )
                .await;
            assert_eq!(status, 422);
            assert_eq!(
                pointers(&bad),
                [("/slot".to_owned(), "invalid_slot".to_owned())]
            );
            let periodic = s
                .ok(
                    &s.kasi_token,
                    Method::POST,
                    &format!("/api/v1/plans/{plan}/evaluations"),
                    Some(json!({"slot": 1})),
                    201,
                )
                .await;
            assert_eq!(periodic["slot"], "1");
            let (status, _) = s
                .call(
                    &s.staff_token,
                    Method::POST,
                    &format!("/api/v1/plans/{plan}/evaluations"),
                    Some(json!({"slot": 2})),
                )
                .await;
            assert_eq!(status, 403);
            // Rating before feedback names what is missing.
            let (status, problem) = s
                .call(
                    &s.kasi_token,
                    Method::POST,
                    &format!("/api/v1/evaluations/{id}/rate"),
                    Some(json!({})),
                )
                .await;
            assert_eq!(
                (status, problem["code"].as_str()),
                (409, Some("results_not_rated"))
            );
            assert!(
                problem["detail"]
                    .as_str()
                    .expect("detail")
                    .contains(&results[0])
            );
        }
        // The main result above; the additional one below cannot pull the suggestion down.
        s.ok(
            &s.kasi_token,
            Method::PUT,
            &format!("/api/v1/evaluations/{id}/results/{}", results[0]),
            Some(json!({"feedback": "Tuntas", "rating": "above"})),
            200,
        )
        .await;
        s.ok(
            &s.kasi_token,
            Method::PUT,
            &format!("/api/v1/evaluations/{id}/results/{}", results[1]),
            Some(json!({"feedback": "Belum ikut", "rating": "below"})),
            200,
        )
        .await;
        // Two staff are above on every value, the rest meet them.
        let value_rating = if i < 2 { "above" } else { "meets" };
        for v in VALUES {
            s.ok(
                &s.kasi_token,
                Method::PUT,
                &format!("/api/v1/evaluations/{id}/behaviours/{v}"),
                Some(json!({"feedback": "Sesuai", "rating": value_rating})),
                200,
            )
            .await;
        }
        if i == 2 {
            // A rating other than the suggestion needs a reason.
            let (status, problem) = s
                .call(
                    &s.kasi_token,
                    Method::POST,
                    &format!("/api/v1/evaluations/{id}/rate"),
                    Some(json!({"work_rating": "meets"})),
                )
                .await;
            assert_eq!(status, 422, "{problem}");
            assert_eq!(
                pointers(&problem),
                [(
                    "/work_rating_reason".to_owned(),
                    "override_reason_required".to_owned()
                )]
            );
        }
        let rated = s
            .ok(
                &s.kasi_token,
                Method::POST,
                &format!("/api/v1/evaluations/{id}/rate"),
                Some(json!({})),
                200,
            )
            .await;
        assert_eq!(rated["status"], "rated");
        assert_eq!(rated["suggested_work_rating"], "above");
        assert_eq!(rated["suggested_behaviour_rating"], value_rating);
        // Matrix: above × above → sangat_baik; above × meets → baik.
        assert_eq!(
            rated["predikat"],
            if i < 2 { "sangat_baik" } else { "baik" }
        );
        evaluations.push(id);
    }
    // A periodic evaluation is still open, but it belongs to slot 1, not the annual slot.
    let perf = format!("/api/v1/units/{}/performance/{}", s.seksi, s.period);
    let finalize = format!("{perf}/finalize");
    let (status, problem) = s
        .call(
            &s.hr,
            Method::POST,
            &finalize,
            Some(json!({"slot": "annual"})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("unit_predikat_missing"))
    );
    // The head of the parent unit sets the seksi's predikat; hr needs a decision reference.
    let (status, problem) = s
        .call(
            &s.hr,
            Method::PUT,
            &perf,
            Some(json!({"slot": "annual", "predikat": "baik"})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        pointers(&problem),
        [("/decision_ref".to_owned(), "required".to_owned())]
    );
    let (status, _) = s
        .call(
            &s.staff_token,
            Method::PUT,
            &perf,
            Some(json!({"slot": "annual", "predikat": "istimewa"})),
        )
        .await;
    assert_eq!(status, 403);
    let standing = s
        .ok(
            &s.kadis_token,
            Method::PUT,
            &perf,
            Some(json!({"slot": "annual", "predikat": "baik", "basis": "IKU"})),
            200,
        )
        .await;
    assert_eq!(
        standing["population"], 10,
        "the ten staff; the kasi heads the seksi"
    );
    assert_eq!(standing["counts"], json!({"sangat_baik": 2, "baik": 8}));
    let violated: Vec<&str> = standing["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["satisfied"] == false)
        .filter_map(|c| c["explanation"].as_str())
        .collect();
    assert_eq!(
        violated.len(),
        2,
        "at most 70% baik, and at least one butuh_perbaikan or kurang: {violated:?}"
    );
    let (status, problem) = s
        .call(
            &s.hr,
            Method::POST,
            &finalize,
            Some(json!({"slot": "annual"})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("distribution_violated"))
    );
    let (status, problem) = s
        .call(
            &s.hr,
            Method::POST,
            &finalize,
            Some(json!({"slot": "annual", "acknowledge_violations": true})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        pointers(&problem),
        [("/reason".to_owned(), "required".to_owned())]
    );
    let done = s.ok(&s.hr, Method::POST, &finalize, Some(json!({"slot": "annual", "acknowledge_violations": true, "reason": "Dua pegawai berprestasi nasional"})), 200).await;
    assert_eq!(done["finalized"].as_array().map(Vec::len), Some(10));
    assert_eq!(done["standing"]["finalized"], true);
    // Once final, the unit's predikat stays what the evaluations were finalised under.
    let (status, problem) = s
        .call(
            &s.kadis_token,
            Method::PUT,
            &perf,
            Some(json!({"slot": "annual", "predikat": "istimewa"})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("unit_finalized"))
    );
    // The report over Dinas Sosial: the seksi breaks its curve, the dinas has no predikat.
    let report_path = format!(
        "/api/v1/reports/predikat?period_id={}&unit_id={}&slot=annual",
        s.period, s.dinsos
    );
    let report = s.ok(&s.hr, Method::GET, &report_path, None, 200).await;
    let lines = report["units"].as_array().expect("units");
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["unit_code"], "DINSOS");
    assert_eq!(lines[0]["verdict"], "no_predikat");
    assert_eq!(lines[1]["unit_code"], "SEKSI");
    assert_eq!(lines[1]["counts"], json!({"sangat_baik": 2, "baik": 8}));
    assert_eq!(lines[1]["verdict"], "violated");
    let csv = s
        .app
        .client
        .get(s.app.url(&report_path))
        .bearer_auth(&s.hr)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("sent");
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.expect("text");
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("unit_code,unit_name,organization_predikat,sangat_baik,baik,"));
    assert!(
        rows[2].starts_with("SEKSI,Unit SEKSI,baik,2,8,0,0,0,0,0,violated,"),
        "{text}"
    );
    let (status, _) = s
        .call(&s.staff_token, Method::GET, &report_path, None)
        .await;
    assert_eq!(status, 403);

    // Staff 0 (sangat_baik) objects anyway, twice at once: exactly one objection opens.
    let first = &evaluations[0];
    let path = format!("/api/v1/evaluations/{first}/objections");
    let body = json!({"reasons": "Nilai perilaku kurang tepat"});
    let ((a, a_body), (b, b_body)) = tokio::join!(
        s.call(&s.staff_token, Method::POST, &path, Some(body.clone())),
        s.call(&s.staff_token, Method::POST, &path, Some(body.clone())),
    );
    let mut statuses = [a, b];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{a_body} {b_body}");
    let (objection, refused) = if a == 201 {
        (a_body, b_body)
    } else {
        (b_body, a_body)
    };
    assert_eq!(refused["code"], "objection_exists");
    assert_eq!(
        objection["decider_id"],
        s.kadis.as_str(),
        "the appraiser's superior decides"
    );
    assert_eq!(objection["predikat_before"], "sangat_baik");
    let oid = objection["id"].as_str().expect("id");
    s.ok(
        &s.kasi_token,
        Method::POST,
        &format!("/api/v1/objections/{oid}/explanations"),
        Some(json!({"text": "Sudah sesuai bukti"})),
        201,
    )
    .await;
    // Only the decider decides.
    let (status, _) = s
        .call(
            &s.kasi_token,
            Method::POST,
            &format!("/api/v1/objections/{oid}/decide"),
            Some(json!({"outcome": "rejected", "reason": "x"})),
        )
        .await;
    assert_eq!(status, 403);
    let decided = s
        .ok(
            &s.kadis_token,
            Method::POST,
            &format!("/api/v1/objections/{oid}/decide"),
            Some(json!({"outcome": "upheld", "reason": "Bukti baru", "behaviour_rating": "meets"})),
            200,
        )
        .await;
    assert_eq!(decided["objection"]["status"], "upheld");
    assert_eq!(decided["objection"]["predikat_after"], "baik");
    assert_eq!(decided["evaluation"]["status"], "final");
    assert_eq!(decided["evaluation"]["predikat"], "baik");
    assert!(
        decided["checks"].as_array().is_some_and(|c| !c.is_empty()),
        "the curve is re-checked and reported"
    );
    let (status, problem) = s
        .call(
            &s.kadis_token,
            Method::POST,
            &format!("/api/v1/objections/{oid}/decide"),
            Some(json!({"outcome": "rejected", "reason": "x"})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("objection_decided"))
    );
    // The decision is final: no second objection against the same evaluation.
    let (status, problem) = s
        .call(
            &s.staff_token,
            Method::POST,
            &path,
            Some(json!({"reasons": "sekali lagi"})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("objection_decided"))
    );
    // Hr lists it; a stranger to it does not see it.
    let listed = s
        .ok(&s.hr, Method::GET, "/api/v1/objections", None, 200)
        .await;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    let other = s.app.employee(40, &s.dinsos, Some(&s.kadis)).await;
    s.app
        .create(
            "/api/v1/users",
            json!({"employee_id": other, "password": PASSWORD}),
        )
        .await;
    let stranger = s.app.login(&nip(40), PASSWORD).await;
    let res = s
        .app
        .send(
            Method::GET,
            &format!("/api/v1/objections/{oid}"),
            Some(&stranger),
            None,
        )
        .await;
    assert_problem(res, 404, "not_found").await;
    let res = s
        .app
        .send(
            Method::GET,
            &format!("/api/v1/evaluations/{first}"),
            Some(&stranger),
            None,
        )
        .await;
    assert_problem(res, 404, "not_found").await;
}

async fn a_pp30_annual_evaluation_scores_and_refuses_a_late_objection(backend: Backend) {
    let day = |y: i32, m: u32, d: u32| {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("a day")
    };
    let clock = kinerja::clock::Clock::fixed(day(2027, 1, 5));
    let mut app = TestApp::spawn_at(backend, clock.clone()).await;
    app.bearer = Some(app.login("admin", crate::common::ADMIN_PASSWORD).await);
    let s = seksi_on(app, "pp30_2021").await;
    // No objections in this period at all.
    let res = s
        .app
        .patch(
            &format!("/api/v1/periods/{}", s.period),
            None,
            json!({"objection_window_days": 0}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let employee = s.staff[0].clone();
    let (plan, results) = s
        .approved_plan(&employee, &[json!({"kind": "main", "title": "Penyaluran BPNT",
            "indicators": [{"aspect": "kuantitas", "description": "KPM", "target": {"value": 8000}, "unit": "KPM", "direction": "higher_is_better"}]})])
        .await;
    // The settings are fixed once the period runs.
    s.ok(
        &s.hr,
        Method::PATCH,
        &format!("/api/v1/periods/{}", s.period),
        Some(json!({"status": "running"})),
        200,
    )
    .await;
    let res = s
        .app
        .patch(
            &format!("/api/v1/periods/{}", s.period),
            None,
            json!({"objection_window_days": 14}),
        )
        .await;
    assert_problem(res, 409, "period_started").await;
    // A deadline may move at any time, with a reason.
    let res = s
        .app
        .patch(
            &format!("/api/v1/periods/{}", s.period),
            None,
            json!({"evaluation_due_days": 45}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [("/deadline_reason".to_owned(), "required".to_owned())]
    );
    let res = s
        .app
        .patch(
            &format!("/api/v1/periods/{}", s.period),
            None,
            json!({"evaluation_due_days": 30, "deadline_reason": "unchanged"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let full = s
        .ok(
            &s.hr,
            Method::GET,
            &format!("/api/v1/plans/{plan}"),
            None,
            200,
        )
        .await;
    let indicator = full["results"][0]["indicators"][0]["id"]
        .as_str()
        .expect("indicator")
        .to_owned();
    s.ok(
        &s.hr,
        Method::POST,
        &format!("/api/v1/plans/{plan}/realizations"),
        Some(json!({"indicator_id": indicator, "sub_period": 4, "value": 7000})),
        201,
    )
    .await;
    let evaluation = s
        .ok(
            &s.kasi_token,
            Method::POST,
            &format!("/api/v1/plans/{plan}/evaluations"),
            Some(json!({"slot": "annual"})),
            201,
        )
        .await;
    let id = evaluation["id"].as_str().expect("id").to_owned();
    s.ok(
        &s.kasi_token,
        Method::PUT,
        &format!("/api/v1/evaluations/{id}/results/{}", results[0]),
        Some(json!({"feedback": "Hampir tercapai"})),
        200,
    )
    .await;
    // Per-value feedback is the other regime's.
    let (status, _) = s
        .call(
            &s.kasi_token,
            Method::PUT,
            &format!("/api/v1/evaluations/{id}/behaviours/akuntabel"),
            Some(json!({"feedback": "x"})),
        )
        .await;
    assert_eq!(status, 422);
    // Without a 360° round the appraiser scores the aspects; a pelaksana has four.
    let (status, problem) = s
        .call(
            &s.kasi_token,
            Method::POST,
            &format!("/api/v1/evaluations/{id}/rate"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        pointers(&problem)[0],
        ("/behaviour_aspects".to_owned(), "required".to_owned())
    );
    let aspects =
        json!({"orientasi_pelayanan": 90, "komitmen": 90, "inisiatif_kerja": 90, "kerja_sama": 90});
    // Ratings belong to the other regime: refused, not ignored.
    let (status, problem) = s
        .call(
            &s.kasi_token,
            Method::POST,
            &format!("/api/v1/evaluations/{id}/rate"),
            Some(json!({"behaviour_aspects": aspects, "work_rating": "above"})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        pointers(&problem),
        [("/work_rating".to_owned(), "wrong_regime".to_owned())]
    );
    let rated = s
        .ok(
            &s.kasi_token,
            Method::POST,
            &format!("/api/v1/evaluations/{id}/rate"),
            Some(json!({"behaviour_aspects": aspects})),
            200,
        )
        .await;
    // 7,000 of 8,000 → 87.5 % → 70 + 7.5 = 77.5; behaviour 90; no 360°: 0.7 × 77.5 + 0.3 × 90
    // = 54.25 + 27 = 81.25 → cukup.
    assert_eq!(rated["skp_score"], 77.5);
    assert_eq!(rated["behaviour_score"], 90.0);
    assert_eq!(rated["final_score"], 81.25);
    assert_eq!(rated["predikat"], "cukup");
    // Due 30 days after the year ends; rated on 5 January: not late.
    assert_eq!(rated["due_on"], "2027-01-30");
    assert_eq!(rated["late"], false);
    // The plan follows its annual evaluation and can no longer be revised.
    let plan_path = format!("/api/v1/plans/{plan}");
    let plan_status = || async {
        let plan = s.ok(&s.hr, Method::GET, &plan_path, None, 200).await;
        plan["status"].as_str().unwrap_or_default().to_owned()
    };
    assert_eq!(plan_status().await, "evaluated");
    let revise = (
        format!("{plan_path}/revise"),
        json!({"reason": "terlambat"}),
    );
    let (status, problem) = s
        .call(&s.hr, Method::POST, &revise.0, Some(revise.1.clone()))
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("plan_evaluated"))
    );
    // On 5 January the first three quarters (due 30 April, 30 July, 30 October) are overdue,
    // the fourth (due 30 January) not yet; on 10 February it is too. The annual slot is rated.
    let overdue_path = format!(
        "/api/v1/reports/evaluations-overdue?period_id={}&unit_id={}",
        s.period, s.dinsos
    );
    let slots = |report: &Value| -> Vec<String> {
        report
            .as_array()
            .expect("lines")
            .iter()
            .map(|l| {
                format!(
                    "{} {}",
                    l["slot"].as_str().unwrap_or(""),
                    l["due_on"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    let report = s.ok(&s.hr, Method::GET, &overdue_path, None, 200).await;
    assert_eq!(
        slots(&report),
        ["1 2026-04-30", "2 2026-07-30", "3 2026-10-30"]
    );
    clock.set(day(2027, 2, 10));
    let report = s.ok(&s.hr, Method::GET, &overdue_path, None, 200).await;
    assert_eq!(slots(&report).len(), 4);
    let (status, _) = s
        .call(&s.staff_token, Method::GET, &overdue_path, None)
        .await;
    assert_eq!(status, 403);
    clock.set(day(2027, 1, 6));
    // Under pp30_2021 no unit predikat is needed to finalise.
    let finalize = format!(
        "/api/v1/units/{}/performance/{}/finalize",
        s.seksi, s.period
    );
    let done = s
        .ok(
            &s.hr,
            Method::POST,
            &finalize,
            Some(json!({"slot": "annual"})),
            200,
        )
        .await;
    assert_eq!(done["finalized"], json!([id]));
    assert_eq!(plan_status().await, "final");
    let (status, problem) = s
        .call(
            &s.staff_token,
            Method::POST,
            &format!("/api/v1/evaluations/{id}/objections"),
            Some(json!({"reasons": "terlambat"})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("objection_window_closed"))
    );
    let after = s
        .ok(
            &s.staff_token,
            Method::GET,
            &format!("/api/v1/evaluations/{id}"),
            None,
            200,
        )
        .await;
    assert_eq!(after["status"], "final");
}

async fn incremental_realisations_add_up_and_the_score_says_what_it_left_out(backend: Backend) {
    let s = seksi(backend, "pp30_2021").await;
    let (plan, _) = s
        .approved_plan(
            &s.staff[0],
            &[json!({"kind": "main", "title": "Penyaluran BPNT", "indicators": [
                {"aspect": "kuantitas", "description": "KPM per triwulan", "target": {"value": 8000}, "unit": "KPM",
                 "direction": "higher_is_better", "combine": "sum"},
                {"aspect": "kualitas", "description": "Ketepatan sasaran", "target": {"value": 100}, "unit": "%",
                 "direction": "higher_is_better", "combine": "average"}]})],
        )
        .await;
    let full = s
        .ok(
            &s.hr,
            Method::GET,
            &format!("/api/v1/plans/{plan}"),
            None,
            200,
        )
        .await;
    let indicators = full["results"][0]["indicators"]
        .as_array()
        .expect("indicators");
    assert_eq!(indicators[0]["combine"], "sum");
    let (sum, average) = (
        indicators[0]["id"].as_str().expect("id").to_owned(),
        indicators[1]["id"].as_str().expect("id").to_owned(),
    );
    let realise =
        |sub: u32, value: u32| json!({"indicator_id": sum, "sub_period": sub, "value": value});
    let path = format!("/api/v1/plans/{plan}/realizations");
    s.ok(&s.hr, Method::POST, &path, Some(realise(1, 2000)), 201)
        .await;
    // A correction of the second quarter replaces its first entry.
    s.ok(&s.hr, Method::POST, &path, Some(realise(2, 1200)), 201)
        .await;
    s.ok(&s.hr, Method::POST, &path, Some(realise(2, 1500)), 201)
        .await;
    let score = s
        .ok(
            &s.hr,
            Method::GET,
            &format!("/api/v1/plans/{plan}/score"),
            None,
            200,
        )
        .await;
    // 2,000 + 1,500 = 3,500 of 8,000 → 43.75 % → 43.75 / 59 × 49 = 36.33.
    let scored = &score["results"][0]["indicators"][0];
    assert_eq!(scored["indicator_id"], sum.as_str());
    assert_eq!(scored["achievement"], 43.75);
    assert_eq!(scored["score"], 36.33);
    let left_out = score["explanation"]["left_out"]
        .as_str()
        .expect("left out named");
    assert!(left_out.contains(&average), "{left_out}");
    assert!(!left_out.contains(&sum), "{left_out}");

    // Once the period is being evaluated, plans no longer change.
    let draft = s
        .ok(
            &s.hr,
            Method::POST,
            "/api/v1/plans",
            Some(json!({"employee_id": s.staff[1], "period_id": s.period})),
            201,
        )
        .await;
    s.ok(
        &s.hr,
        Method::PATCH,
        &format!("/api/v1/periods/{}", s.period),
        Some(json!({"status": "evaluation"})),
        200,
    )
    .await;
    let res = s
        .app
        .send(
            Method::POST,
            &format!(
                "/api/v1/plans/{}/results",
                draft["id"].as_str().expect("id")
            ),
            Some(&s.hr),
            Some(
                &json!({"kind": "main", "title": "Terlambat", "indicators": [{"aspect": "kuantitas",
                "description": "x", "target": {"value": 1}, "unit": "x", "direction": "higher_is_better"}]}),
            ),
        )
        .await;
    assert_problem(res, 409, "period_not_open").await;
}
