//! Who sees and changes which units and employees: admin everything; hr their subtree; pyb
//! reads their subtree; an employee themselves, their superiors and everyone below them (404
//! for anyone else); clients by scope.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, TestApp, nip};
use crate::on_both_backends;

on_both_backends!(org_endpoints_answer_every_caller_as_their_rules_say);

const CALLERS: [&str; 9] = [
    "anonymous",
    "admin",
    "hr(dinsos)",
    "pyb(bidang A)",
    "kabid A",
    "stranger",
    "client read",
    "client write",
    "client units:read",
];

async fn account(app: &TestApp, body: Value) -> String {
    let user = app.create("/api/v1/users", body).await;
    let username = user["username"].as_str().expect("username").to_owned();
    app.login(&username, "account-password").await
}

async fn org_endpoints_answer_every_caller_as_their_rules_say(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let pemkab = app.unit("PEMKAB", "instansi", None).await;
    let dinsos = app.unit("DINSOS", "dinas", Some(&pemkab)).await;
    let bidang_a = app.unit("BIDANG-A", "bidang", Some(&dinsos)).await;
    let bidang_b = app.unit("BIDANG-B", "bidang", Some(&dinsos)).await;
    let kec = app.unit("KEC", "kecamatan", Some(&pemkab)).await;
    let kadis = app.employee(1, &dinsos, None).await;
    let kabid_a = app.employee(2, &bidang_a, Some(&kadis)).await;
    let staf_a = app.employee(3, &bidang_a, Some(&kabid_a)).await;
    let kabid_b = app.employee(4, &bidang_b, Some(&kadis)).await;
    let camat = app.employee(5, &kec, None).await;
    let staf_kec = app.employee(6, &kec, Some(&camat)).await;

    let password = "account-password";
    let tokens: Vec<Option<String>> = vec![
        None,
        app.bearer.clone(),
        Some(account(&app, json!({"username": "hr", "password": password, "roles": ["hr"], "scope_unit_id": dinsos})).await),
        Some(account(&app, json!({"username": "pyb", "password": password, "roles": ["pyb"], "scope_unit_id": bidang_a})).await),
        Some(account(&app, json!({"employee_id": kabid_a, "password": password})).await),
        Some(account(&app, json!({"employee_id": staf_kec, "password": password})).await),
        Some(app.client_token(&["employees:read", "units:read"]).await),
        Some(app.client_token(&["employees:write", "units:write"]).await),
        Some(app.client_token(&["units:read"]).await),
    ];

    // What each caller finds when listing employees (by NIP number).
    let everyone = vec![1, 2, 3, 4, 5, 6];
    let listings: [(&str, Option<Vec<u32>>); 9] = [
        ("anonymous", None),
        ("admin", Some(everyone.clone())),
        ("hr(dinsos)", Some(vec![1, 2, 3, 4])),
        ("pyb(bidang A)", Some(vec![2, 3])),
        ("kabid A", Some(vec![1, 2, 3])),
        ("stranger", Some(vec![5, 6])),
        ("client read", Some(everyone.clone())),
        ("client write", None),
        ("client units:read", None),
    ];
    let mut wrong = Vec::new();
    for (i, (caller, expected)) in listings.iter().enumerate() {
        let res = app
            .send(Method::GET, "/api/v1/employees", tokens[i].as_deref(), None)
            .await;
        let status = res.status().as_u16();
        match expected {
            Some(numbers) => {
                let page: Value = res.json().await.expect("json");
                let mut got: Vec<String> = page["items"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|e| e["nip"].as_str().unwrap_or("").to_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                got.sort();
                let mut want: Vec<String> = numbers.iter().map(|n| nip(*n)).collect();
                want.sort();
                if status != 200 || got != want {
                    wrong.push(format!(
                        "list as {caller}: {status} {got:?}, expected {want:?}"
                    ));
                }
            }
            None if status < 400 => {
                wrong.push(format!("list as {caller}: {status}, expected refusal"))
            }
            None => {}
        }
    }

    let e = |id: &str| format!("/api/v1/employees/{id}");
    let u = |id: &str| format!("/api/v1/units/{id}");
    let by_nip = format!("/api/v1/employees/by-nip/{}", nip(1));
    let audit_staf = format!("/api/v1/audit-events?entity_type=employee&entity_id={staf_a}");
    let audit_camat = format!("/api/v1/audit-events?entity_type=employee&entity_id={camat}");
    let audit_unit = format!("/api/v1/audit-events?entity_type=unit&entity_id={bidang_b}");
    let new_in = |n: u32, unit: &str| {
        json!({"nip": nip(n), "name": "Baru", "asn_type": "pns", "rank": "II/a",
               "position_title": "Staf", "position_type": "pelaksana", "unit_id": unit})
    };
    let (new_b, new_kec, new_b2) = (
        new_in(20, &bidang_b),
        new_in(21, &kec),
        new_in(22, &bidang_b),
    );
    let unit_under = |code: &str, parent: &str| json!({"code": code, "name": code, "kind": "seksi", "parent_id": parent});
    let (seksi_a, seksi_kec) = (
        unit_under("SEKSI-A", &bidang_a),
        unit_under("SEKSI-KEC", &kec),
    );
    let rank = json!({"rank": "III/b"});
    let name = json!({"name": "Renamed"});

    // (method, path, body, expected status per caller in CALLERS order)
    let table: Vec<(Method, String, Option<&Value>, [u16; 9])> = vec![
        (
            Method::GET,
            e(&kadis),
            None,
            [401, 200, 200, 404, 200, 404, 200, 403, 403],
        ),
        (
            Method::GET,
            e(&kabid_a),
            None,
            [401, 200, 200, 200, 200, 404, 200, 403, 403],
        ),
        (
            Method::GET,
            e(&staf_a),
            None,
            [401, 200, 200, 200, 200, 404, 200, 403, 403],
        ),
        (
            Method::GET,
            e(&kabid_b),
            None,
            [401, 200, 200, 404, 404, 404, 200, 403, 403],
        ),
        (
            Method::GET,
            e(&camat),
            None,
            [401, 200, 404, 404, 404, 200, 200, 403, 403],
        ),
        (
            Method::GET,
            by_nip.clone(),
            None,
            [401, 200, 200, 404, 200, 404, 200, 403, 403],
        ),
        (
            Method::PATCH,
            e(&staf_a),
            Some(&rank),
            [401, 200, 200, 403, 403, 404, 403, 200, 403],
        ),
        (
            Method::PATCH,
            e(&camat),
            Some(&rank),
            [401, 200, 404, 404, 404, 403, 403, 200, 403],
        ),
        (
            Method::PATCH,
            e(&kabid_a),
            Some(&rank),
            [401, 200, 200, 403, 403, 404, 403, 200, 403],
        ),
        (
            Method::POST,
            "/api/v1/employees".into(),
            Some(&new_kec),
            [401, 201, 403, 403, 403, 403, 403, 409, 403],
        ),
        (
            Method::POST,
            "/api/v1/employees".into(),
            Some(&new_b),
            [401, 201, 409, 403, 403, 403, 403, 409, 403],
        ),
        (
            Method::POST,
            "/api/v1/employees".into(),
            Some(&new_b2),
            [401, 201, 409, 403, 403, 403, 403, 409, 403],
        ),
        (
            Method::GET,
            "/api/v1/units".into(),
            None,
            [401, 200, 200, 200, 200, 200, 200, 403, 200],
        ),
        (
            Method::GET,
            u(&kec),
            None,
            [401, 200, 200, 200, 200, 200, 200, 403, 200],
        ),
        (
            Method::POST,
            "/api/v1/units".into(),
            Some(&seksi_a),
            [401, 201, 409, 403, 403, 403, 403, 409, 403],
        ),
        (
            Method::POST,
            "/api/v1/units".into(),
            Some(&seksi_kec),
            [401, 201, 403, 403, 403, 403, 403, 409, 403],
        ),
        (
            Method::PATCH,
            u(&bidang_b),
            Some(&name),
            [401, 200, 200, 403, 403, 403, 403, 200, 403],
        ),
        (
            Method::PATCH,
            u(&kec),
            Some(&name),
            [401, 200, 403, 403, 403, 403, 403, 200, 403],
        ),
        (
            Method::GET,
            audit_staf,
            None,
            [401, 200, 200, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            audit_camat,
            None,
            [401, 200, 404, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            audit_unit,
            None,
            [401, 200, 200, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/api/v1/audit-events".into(),
            None,
            [401, 200, 403, 403, 403, 403, 403, 403, 403],
        ),
    ];
    wrong.extend(app.access_mismatches(&CALLERS, &tokens, &table).await);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
