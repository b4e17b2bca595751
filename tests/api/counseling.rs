//! Counseling cases: every step by its actor and refused to everyone else, follow-ups tracked
//! to the close, and confidentiality: outsiders learn nothing from reads, lists, reports or
//! the audit trail, and the employee sees every read of their case.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, nip, pointers};
use crate::on_both_backends;
use crate::plans::{Org, PASSWORD, account, org};

on_both_backends!(
    a_case_walks_every_step_by_the_right_people,
    outsiders_learn_nothing_and_the_employee_sees_every_read,
    racing_steps_take_the_case_one_step,
);

const CASES: &str = "/api/v1/counseling-cases";

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

/// A case the kasi opened about the staff member.
async fn opened(o: &Org) -> String {
    let body = json!({"employee_id": o.staff, "source": "monitoring",
        "description": "Laporan penyaluran tiga kali terlambat."});
    let case = o
        .ok(&o.tokens.kasi, Method::POST, CASES, Some(body), 201)
        .await;
    assert_eq!(case["status"], "identified");
    id(&case)
}

/// `POST /counseling-cases/{case}/{step}` as each of `refused` (with their status), then as
/// `by`; the case after.
async fn step(
    o: &Org,
    case: &str,
    name: &str,
    body: Option<Value>,
    refused: &[(&str, u16)],
    by: &str,
) -> Value {
    let path = format!("{CASES}/{case}/{name}");
    for (token, want) in refused {
        let (status, problem) = o.call(token, Method::POST, &path, body.clone()).await;
        assert_eq!(status, *want, "{name}: {problem}");
    }
    o.ok(by, Method::POST, &path, body, 200).await
}

/// Open follow-ups due before 1 February 2027 that the caller owns or decided.
async fn overdue(o: &Org, token: &str) -> Value {
    let path = "/api/v1/reports/counseling-follow-ups?due_before=2027-02-01";
    o.ok(token, Method::GET, path, None, 200).await
}

async fn a_case_walks_every_step_by_the_right_people(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let counselor_user = o
        .app
        .create(
            "/api/v1/users",
            json!({"username": "konselor", "password": PASSWORD, "roles": ["counselor"]}),
        )
        .await;
    let counselor = o.app.login("konselor", PASSWORD).await;
    // Nobody but the superior, hr and admin opens a case; nobody opens one about themselves'
    // superior or a stranger.
    let about = |who: &str| json!({"employee_id": who, "source": "other", "description": "x"});
    let (status, _) = o
        .call(&t.staff, Method::POST, CASES, Some(about(&o.kasi)))
        .await;
    assert_eq!(status, 403);
    let (status, _) = o
        .call(&t.kasi, Method::POST, CASES, Some(about(&o.stranger)))
        .await;
    assert_eq!(status, 403);
    // An unknown id is the same 403: nobody but admin learns which ids are employees.
    let (status, _) = o
        .call(
            &t.kasi,
            Method::POST,
            CASES,
            Some(about("no-such-employee")),
        )
        .await;
    assert_eq!(status, 403);
    let (status, problem) = o
        .call(
            &t.kasi,
            Method::POST,
            CASES,
            Some(json!({"employee_id": o.staff, "source": "guidance", "description": "x"})),
        )
        .await;
    assert_eq!(
        (status, pointers(&problem)),
        (422, vec![("/source_ref".to_owned(), "required".to_owned())])
    );
    let case = opened(&o).await;

    // The employee may read but takes no step (403); hr and pyb do not know the case (404).
    step(
        &o,
        &case,
        "designate",
        None,
        &[(&t.staff, 403), (&t.hr, 404), (&t.pyb, 404)],
        &t.kasi,
    )
    .await;
    let (status, problem) = o
        .call(
            &t.kasi,
            Method::POST,
            &format!("{CASES}/{case}/designate"),
            None,
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("case_designated"))
    );
    let assign = json!({"counselor_id": counselor_user["id"], "counselor_kind": "independent"});
    let (status, problem) = o
        .call(
            &t.kasi,
            Method::POST,
            &format!("{CASES}/{case}/assign-counselor"),
            Some(json!({"counselor_id": o.kadis, "counselor_kind": "independent"})),
        )
        .await;
    assert_eq!(
        (status, pointers(&problem)),
        (
            422,
            vec![("/counselor_id".to_owned(), "not_a_counselor".to_owned())]
        )
    );
    let assigned = step(
        &o,
        &case,
        "assign-counselor",
        Some(assign),
        &[(&t.staff, 403)],
        &t.kasi,
    )
    .await;
    assert_eq!(
        (
            assigned["recipient_kind"].as_str(),
            &assigned["recipient_id"]
        ),
        (Some("pyb"), &Value::Null)
    );
    let record = json!({"problem": "Terlambat", "causes": "Beban verifikasi", "summary": "Sepakat",
        "agreed_actions": "Laporan setiap Jumat", "recommendation": "Pelatihan"});
    let (status, problem) = o
        .call(
            &counselor,
            Method::POST,
            &format!("{CASES}/{case}/record"),
            Some(record.clone()),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("case_assigned"))
    );
    let schedule = json!({"scheduled_at": "2026-12-10T02:00:00Z", "place": "Ruang konseling"});
    step(
        &o,
        &case,
        "schedule",
        Some(schedule),
        &[(&t.kasi, 403)],
        &counselor,
    )
    .await;
    let signed = step(
        &o,
        &case,
        "record",
        Some(record.clone()),
        &[(&t.kasi, 403), (&t.staff, 403)],
        &counselor,
    )
    .await;
    assert_eq!(signed["status"], "conducted");
    assert!(signed["signed_at"].is_string());
    let (status, problem) = o
        .call(
            &counselor,
            Method::POST,
            &format!("{CASES}/{case}/record"),
            Some(record),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("case_conducted")),
        "a signed record never changes"
    );
    let corrected = step(
        &o,
        &case,
        "addenda",
        Some(json!({"text": "Koreksi: delapan kelurahan"})),
        &[(&t.kasi, 403)],
        &counselor,
    )
    .await;
    assert_eq!(
        corrected["addenda"][0]["text"],
        "Koreksi: delapan kelurahan"
    );
    assert_eq!(corrected["record"]["problem"], "Terlambat");
    step(
        &o,
        &case,
        "report",
        None,
        // The PyB receives the report of an independent counselor: a reader from assignment.
        &[(&t.kasi, 403), (&t.pyb, 403)],
        &counselor,
    )
    .await;

    // Reported to the PyB of the employee's unit, who decides; the kasi who opened it may not.
    let decide = json!({"follow_ups": [{"kind": "training", "owner_id": o.kadis, "due_on": "2027-01-31"},
        {"kind": "guidance", "owner_id": o.kasi, "due_on": "2027-01-15"}]});
    let decided = step(
        &o,
        &case,
        "decide",
        Some(decide),
        &[(&t.kasi, 403), (&counselor, 403), (&t.hr, 404)],
        &t.pyb,
    )
    .await;
    assert_eq!(decided["status"], "follow_up_decided");
    let (status, problem) = o
        .call(&t.pyb, Method::POST, &format!("{CASES}/{case}/close"), None)
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("follow_ups_open"))
    );

    // Follow-ups: the owner and the recipient track them; overdue ones show in the report.
    let follow_ups = o
        .ok(
            &t.pyb,
            Method::GET,
            &format!("{CASES}/{case}/follow-ups"),
            None,
            200,
        )
        .await;
    let follow_ups = follow_ups.as_array().expect("list").clone();
    assert_eq!(follow_ups.len(), 2);
    let training = follow_ups
        .iter()
        .find(|f| f["kind"] == "training")
        .map(id)
        .expect("training");
    let guidance = follow_ups
        .iter()
        .find(|f| f["kind"] == "guidance")
        .map(id)
        .expect("guidance");
    let mine = overdue(&o, &t.kadis).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(1));
    assert_eq!(mine[0]["id"], training.as_str());
    assert_eq!(overdue(&o, &t.staff).await, json!([]));
    let fpath = |f: &str| format!("{CASES}/{case}/follow-ups/{f}");
    let (status, _) = o
        .call(
            &t.stranger,
            Method::PATCH,
            &fpath(&training),
            Some(json!({"status": "done"})),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = o
        .call(
            &t.staff,
            Method::PATCH,
            &fpath(&training),
            Some(json!({"status": "done"})),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = o
        .call(
            &t.kadis,
            Method::PATCH,
            &fpath(&training),
            Some(json!({"status": "cancelled", "outcome": "tidak perlu"})),
        )
        .await;
    assert_eq!(status, 403, "only the recipient cancels a follow-up");
    let (status, problem) = o
        .call(
            &t.kadis,
            Method::PATCH,
            &fpath(&training),
            Some(json!({"status": "done"})),
        )
        .await;
    assert_eq!(
        (status, pointers(&problem)),
        (422, vec![("/outcome".to_owned(), "required".to_owned())])
    );
    let done = o
        .ok(
            &t.kadis,
            Method::PATCH,
            &fpath(&training),
            Some(json!({"status": "done", "outcome": "Diklat selesai"})),
            200,
        )
        .await;
    assert_eq!(done["status"], "done");
    let (status, problem) = o
        .call(
            &t.kadis,
            Method::PATCH,
            &fpath(&training),
            Some(json!({"outcome": "lagi"})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("follow_up_closed"))
    );
    o.ok(
        &t.pyb,
        Method::PATCH,
        &fpath(&guidance),
        Some(json!({"status": "cancelled", "outcome": "Diganti pelatihan"})),
        200,
    )
    .await;
    assert_eq!(overdue(&o, &t.kadis).await, json!([]));
    let closed = step(&o, &case, "close", None, &[(&t.kasi, 403)], &t.pyb).await;
    assert_eq!(closed["status"], "closed");
}

async fn outsiders_learn_nothing_and_the_employee_sees_every_read(backend: Backend) {
    let o = org(backend).await;
    let t = &o.tokens;
    let peer = o.app.employee(5, &o.dinsos, Some(&o.kasi)).await;
    let peer = account(&o.app, json!({"employee_id": peer, "password": PASSWORD})).await;
    let client = o
        .app
        .client_token(&["employees:read", "plans:read", "results:read"])
        .await;
    let case = opened(&o).await;
    // The kasi counsels as the appraiser: the report goes to the kadis, not to the PyB.
    step(&o, &case, "designate", None, &[], &t.kasi).await;
    let assign = json!({"counselor_id": o.kasi, "counselor_kind": "appraiser"});
    let assigned = step(&o, &case, "assign-counselor", Some(assign), &[], &t.kasi).await;
    assert_eq!(assigned["recipient_id"], o.kadis.as_str());
    o.ok(&t.kadis, Method::GET, &format!("{CASES}/{case}"), None, 200)
        .await;

    let missing = "019a9a3c-ffff-7c2e-9b41-3d2f1e0a9b01";
    for (who, token) in [
        ("peer", &peer),
        ("stranger", &t.stranger),
        ("hr", &t.hr),
        ("pyb", &t.pyb),
        ("client", &client),
    ] {
        for path in [
            format!("{CASES}/{case}"),
            format!("{CASES}/{case}/follow-ups"),
            format!("{CASES}/{case}/reads"),
        ] {
            let (status, problem) = o.call(token, Method::GET, &path, None).await;
            let (_, absent) = o
                .call(token, Method::GET, &path.replace(&case, missing), None)
                .await;
            assert_eq!(status, 404, "{who} {path}");
            assert_eq!(
                problem["code"], absent["code"],
                "{who}: the same answer as for no case"
            );
            assert!(!problem.to_string().contains(&o.staff), "{who}: {problem}");
        }
        let (status, _) = o
            .call(
                token,
                Method::POST,
                &format!("{CASES}/{case}/designate"),
                None,
            )
            .await;
        assert_eq!(status, 404, "{who}");
        if who != "client" {
            let listed = o.ok(token, Method::GET, CASES, None, 200).await;
            assert_eq!(listed["items"], json!([]), "{who}");
            let listed = o
                .ok(
                    token,
                    Method::GET,
                    &format!("{CASES}?status=assigned"),
                    None,
                    200,
                )
                .await;
            assert_eq!(listed["items"], json!([]), "{who}");
            let report = o
                .ok(
                    token,
                    Method::GET,
                    "/api/v1/reports/counseling-follow-ups?due_before=2099-01-01",
                    None,
                    200,
                )
                .await;
            assert_eq!(report, json!([]), "{who}");
        }
    }
    // hr reading the employee's history sees nothing of counseling, and cannot ask for it.
    let trail = o
        .ok(
            &t.hr,
            Method::GET,
            &format!(
                "/api/v1/audit-events?entity_type=employee&entity_id={}",
                o.staff
            ),
            None,
            200,
        )
        .await;
    assert!(!trail.to_string().contains(&case), "{trail}");
    let (status, _) = o
        .call(
            &t.hr,
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=counseling_case&entity_id={case}"),
            None,
        )
        .await;
    assert_eq!(status, 403);

    // The employee sees every read, by whom; nobody else sees the reads.
    let (status, _) = o
        .call(
            &t.kadis,
            Method::GET,
            &format!("{CASES}/{case}/reads"),
            None,
        )
        .await;
    assert_eq!(status, 403);
    o.ok(&t.staff, Method::GET, CASES, None, 200).await;
    let reads = o
        .ok(
            &t.staff,
            Method::GET,
            &format!("{CASES}/{case}/reads"),
            None,
            200,
        )
        .await;
    let seen: Vec<(String, String)> = reads["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| {
            (
                r["reader_name"].as_str().unwrap_or("").to_owned(),
                r["what"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    // An employee's login is their NIP; the kadis (n = 1) read the case as its recipient.
    assert!(
        seen.iter()
            .any(|(who, what)| *who == nip(1) && what == "case"),
        "{seen:?}"
    );
    assert!(seen.iter().any(|(_, what)| what == "list"), "{seen:?}");
    assert!(seen.iter().any(|(_, what)| what == "reads"), "{seen:?}");
    assert!(
        !seen.iter().any(|(who, _)| who == "hr" || who == "pyb"),
        "refused reads are no reads: {seen:?}"
    );
}

/// Eight designations of one case at once: one moves it, the rest see it designated.
async fn racing_steps_take_the_case_one_step(backend: Backend) {
    let o = org(backend).await;
    let case = opened(&o).await;
    let path = format!("{CASES}/{case}/designate");
    let calls = (0..8).map(|_| o.call(&o.tokens.kasi, Method::POST, &path, None));
    let mut outcomes: Vec<(u16, Option<String>)> = futures_util::future::join_all(calls)
        .await
        .into_iter()
        .map(|(status, body)| (status, body["code"].as_str().map(str::to_owned)))
        .collect();
    outcomes.sort();
    let mut expected = vec![(200, None)];
    expected.extend(std::iter::repeat_n(
        (409, Some("case_designated".to_owned())),
        7,
    ));
    assert_eq!(outcomes, expected);
}
