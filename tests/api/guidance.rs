//! Guidance sessions: given by the superior (or someone hr assigns), the employee's form
//! B.1.8, the giver's form B.1.9, edits with `If-Match`, and coverage per semester.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, pointers};
use crate::on_both_backends;
use crate::plans::{Org, PASSWORD, account, org};

on_both_backends!(
    a_session_and_both_forms,
    coverage_lists_exactly_the_employees_without_a_session,
);

const STATEMENTS: [&str; 9] = [
    "felt_heard",
    "felt_valued",
    "free_to_speak",
    "views_on_accurate_data",
    "views_positive",
    "more_questions_than_lecturing",
    "helped_find_solutions",
    "knows_next_steps",
    "understands_purpose",
];

fn session(employees: &[&str], kind: &str, held_on: &str) -> Value {
    json!({"employee_ids": employees, "held_on": held_on, "topic": "Realisasi BPNT triwulan I",
        "kind": kind, "problems": {"method": "Data KPM dicatat manual"},
        "agreed_actions": "Verifikasi data KPM Nagasari"})
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

async fn a_session_and_both_forms(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let path = "/api/v1/guidance-sessions";
    // Only the superior gives guidance on their own; the kadis is not the staff's superior.
    let (status, problem) = o
        .call(
            &t.kadis,
            Method::POST,
            path,
            Some(session(&[&o.staff], "individual", "2026-05-12")),
        )
        .await;
    assert_eq!(
        (status, pointers(&problem)),
        (
            422,
            vec![("/employee_ids/0".to_owned(), "not_subordinate".to_owned())]
        )
    );
    let (status, problem) = o
        .call(
            &t.kasi,
            Method::POST,
            path,
            Some(session(&[&o.staff], "group", "2099-05-12")),
        )
        .await;
    assert_eq!(status, 422);
    let mut found = pointers(&problem);
    found.sort();
    assert_eq!(
        found,
        [
            ("/held_on".to_owned(), "in_future".to_owned()),
            ("/kind".to_owned(), "wrong_count".to_owned())
        ]
    );
    let client = o.app.client_token(&["plans:read", "results:read"]).await;
    let (status, _) = o
        .call(
            &client,
            Method::POST,
            path,
            Some(session(&[&o.staff], "individual", "2026-05-12")),
        )
        .await;
    assert_eq!(status, 403);

    let created = o
        .ok(
            &t.kasi,
            Method::POST,
            path,
            Some(session(&[&o.staff], "individual", "2026-05-12")),
            201,
        )
        .await;
    assert_eq!(created["giver_id"], o.kasi.as_str());
    assert_eq!(created["employee_ids"], json!([o.staff]));
    assert_eq!(created["problems"]["method"], "Data KPM dicatat manual");
    let sid = id(&created);
    let one = format!("{path}/{sid}");
    for (token, want) in [
        (&t.staff, 200),
        (&t.hr, 200),
        (&t.stranger, 404),
        (&t.kadis, 404),
    ] {
        let (status, _) = o.call(token, Method::GET, &one, None).await;
        assert_eq!(status, want);
    }

    // Form B.1.8: every statement once, by the session's employee only.
    let answers = |n: usize| {
        let statements: Vec<Value> = STATEMENTS[..n]
            .iter()
            .map(|s| json!({"statement": s, "answer": "agree"}))
            .collect();
        json!({"statements": statements})
    };
    let feedback = format!("{one}/feedback");
    let (status, problem) = o
        .call(&t.staff, Method::PUT, &feedback, Some(answers(8)))
        .await;
    assert_eq!(
        (status, pointers(&problem)),
        (422, vec![("/statements".to_owned(), "missing".to_owned())])
    );
    let (status, _) = o
        .call(&t.kasi, Method::PUT, &feedback, Some(answers(9)))
        .await;
    assert_eq!(status, 403, "the giver files no feedback about themselves");
    let (status, _) = o
        .call(&t.stranger, Method::PUT, &feedback, Some(answers(9)))
        .await;
    assert_eq!(status, 404);
    let filed = o
        .ok(&t.staff, Method::PUT, &feedback, Some(answers(9)), 200)
        .await;
    assert_eq!(
        filed["feedback"][0]["statements"].as_array().map(Vec::len),
        Some(9)
    );
    assert_eq!(filed["version"], 2);
    let again = o
        .ok(&t.staff, Method::PUT, &feedback, Some(answers(9)), 200)
        .await;
    assert_eq!(again["version"], 2, "the same form again is no change");

    // Form B.1.9: scores 1-5, a reason for 1, 2 and 5, by the giver only.
    let evaluation = format!("{one}/competency-evaluation");
    let body = |reason: Option<&str>| {
        json!({"competencies": [{"competency": "Pengelolaan data", "score": 2, "reason": reason},
            {"competency": "Kerja sama", "score": 4}]})
    };
    let (status, problem) = o
        .call(&t.kasi, Method::PUT, &evaluation, Some(body(None)))
        .await;
    assert_eq!(
        (status, pointers(&problem)),
        (
            422,
            vec![("/competencies/0/reason".to_owned(), "required".to_owned())]
        )
    );
    let (status, _) = o
        .call(&t.staff, Method::PUT, &evaluation, Some(body(Some("x"))))
        .await;
    assert_eq!(status, 403);
    let evaluated = o
        .ok(
            &t.kasi,
            Method::PUT,
            &evaluation,
            Some(body(Some("Data terlambat"))),
            200,
        )
        .await;
    assert_eq!(
        evaluated["competency_evaluations"][0]["employee_id"],
        o.staff.as_str()
    );
    assert_eq!(
        evaluated["competency_evaluations"][0]["competencies"][0]["score"],
        2
    );

    // Edits: the giver and hr, with If-Match; the employee may not.
    let patch = json!({"agreed_actions": "Verifikasi Nagasari dan Karangpawitan"});
    let (status, _) = o
        .call(&t.staff, Method::PATCH, &one, Some(patch.clone()))
        .await;
    assert_eq!(status, 403);
    let res = o
        .app
        .client
        .patch(o.app.url(&one))
        .bearer_auth(&t.kasi)
        .header("if-match", "\"1\"")
        .json(&patch)
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status().as_u16(), 412);
    let edited = o.ok(&t.hr, Method::PATCH, &one, Some(patch), 200).await;
    assert_eq!(
        edited["agreed_actions"],
        "Verifikasi Nagasari dan Karangpawitan"
    );
    let admin = o.app.bearer.as_deref().expect("admin");
    let trail = o
        .ok(
            admin,
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=guidance_session&entity_id={sid}"),
            None,
            200,
        )
        .await;
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        ["create", "give_feedback", "evaluate_competencies", "update"]
    );

    // hr assigns someone to give a group session to employees of their units only.
    let staff2 = o.app.employee(5, &o.dinsos, Some(&o.kasi)).await;
    let mut group = session(&[&o.staff, &staff2], "group", "2026-06-02");
    group["giver_id"] = json!(o.kadis);
    let by_hr = o
        .ok(&t.hr, Method::POST, path, Some(group.clone()), 201)
        .await;
    assert_eq!(by_hr["giver_id"], o.kadis.as_str());
    group["employee_ids"] = json!([o.staff, o.stranger]);
    let (status, _) = o.call(&t.hr, Method::POST, path, Some(group)).await;
    assert_eq!(status, 403, "the stranger is outside hr's units");
    // A group's competency evaluation names the employee; each employee sees their own forms.
    let group_evaluation = format!("{path}/{}/competency-evaluation", id(&by_hr));
    let (status, problem) = o
        .call(
            &t.kadis,
            Method::PUT,
            &group_evaluation,
            Some(body(Some("x"))),
        )
        .await;
    assert_eq!(
        (status, pointers(&problem)),
        (
            422,
            vec![("/employee_id".to_owned(), "required".to_owned())]
        )
    );
    let mut for_staff2 = body(Some("Data terlambat"));
    for_staff2["employee_id"] = json!(staff2);
    o.ok(
        &t.kadis,
        Method::PUT,
        &group_evaluation,
        Some(for_staff2),
        200,
    )
    .await;
    let seen = o
        .ok(
            &t.staff,
            Method::GET,
            &format!("{path}/{}", id(&by_hr)),
            None,
            200,
        )
        .await;
    assert_eq!(seen["competency_evaluations"], json!([]));
    let listed = o.ok(&t.staff, Method::GET, path, None, 200).await;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));
    let listed = o.ok(&t.stranger, Method::GET, path, None, 200).await;
    assert_eq!(listed["items"], json!([]));
}

async fn coverage_lists_exactly_the_employees_without_a_session(backend: Backend) {
    let o: Org = org(backend).await;
    let t = &o.tokens;
    let staff2 = o.app.employee(5, &o.dinsos, Some(&o.kasi)).await;
    account(&o.app, json!({"employee_id": staff2, "password": PASSWORD})).await;
    for held_on in ["2026-02-10", "2026-05-12"] {
        o.ok(
            &t.kasi,
            Method::POST,
            "/api/v1/guidance-sessions",
            Some(session(&[&o.staff], "individual", held_on)),
            201,
        )
        .await;
    }
    o.ok(
        &t.kasi,
        Method::POST,
        "/api/v1/guidance-sessions",
        Some(session(&[&staff2], "individual", "2026-08-01")),
        201,
    )
    .await;
    let report = |semester: u32| {
        format!(
            "/api/v1/reports/guidance-coverage?period_id={}&unit_id={}&semester={semester}",
            o.period, o.dinsos
        )
    };
    let first = o.ok(&t.hr, Method::GET, &report(1), None, 200).await;
    assert_eq!(
        (first["starts_on"].as_str(), first["ends_on"].as_str()),
        (Some("2026-01-01"), Some("2026-06-30"))
    );
    let sessions = |r: &Value, who: &str| {
        r["employees"]
            .as_array()
            .expect("employees")
            .iter()
            .find(|e| e["employee_id"] == who)
            .map(|e| e["sessions"].clone())
    };
    assert_eq!(sessions(&first, &o.staff), Some(json!(2)));
    let mut without: Vec<String> = serde_json::from_value(first["without"].clone()).expect("ids");
    without.sort();
    let mut expected = vec![o.kadis.clone(), o.kasi.clone(), staff2.clone()];
    expected.sort();
    assert_eq!(without, expected);
    let second = o.ok(&t.pyb, Method::GET, &report(2), None, 200).await;
    let mut without: Vec<String> = serde_json::from_value(second["without"].clone()).expect("ids");
    without.sort();
    let mut expected = vec![o.kadis.clone(), o.kasi.clone(), o.staff.clone()];
    expected.sort();
    assert_eq!(without, expected);

    // The minimum is a period setting.
    o.app
        .patch(
            &format!("/api/v1/periods/{}", o.period),
            None,
            json!({"guidance_min_per_semester": 3}),
        )
        .await;
    let raised = o.ok(&t.hr, Method::GET, &report(1), None, 200).await;
    assert!(
        raised["without"]
            .as_array()
            .expect("ids")
            .contains(&json!(o.staff))
    );

    let csv = o
        .app
        .client
        .get(o.app.url(&report(1)))
        .bearer_auth(&t.hr)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("sent");
    assert_eq!(csv.status().as_u16(), 200);
    let text = csv.text().await.expect("csv");
    assert!(
        text.starts_with("nip,name,sessions,meets_minimum\r\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 5);

    let (status, _) = o.call(&t.staff, Method::GET, &report(1), None).await;
    assert_eq!(status, 403);
    let (status, problem) = o.call(&t.hr, Method::GET, &report(3), None).await;
    assert_eq!(
        (status, pointers(&problem)),
        (
            422,
            vec![("/semester".to_owned(), "out_of_range".to_owned())]
        )
    );
}
