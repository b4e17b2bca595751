//! Batch sync by natural key: partial and atomic batches, an unchanged second run, references
//! in any order, CSV with semicolons and errors at their line and column, deactivation only
//! when asked, and the access rules of single writes.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, TestApp, nip};
use crate::on_both_backends;

on_both_backends!(
    a_thousand_units_with_ten_bad_rows_partial_then_atomic,
    employees_resolve_in_any_order_from_json_and_csv,
    a_thousand_employees_with_ten_bad_rows_partial_then_atomic,
);

async fn sync(app: &TestApp, token: &str, what: &str, body: Value) -> (u16, Value) {
    app.call_as(
        token,
        Method::POST,
        &format!("/api/v1/sync/{what}"),
        Some(body),
    )
    .await
}

async fn sync_csv(app: &TestApp, token: &str, what: &str, query: &str, csv: &str) -> (u16, Value) {
    let res = app
        .client
        .post(app.url(&format!("/api/v1/sync/{what}{query}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .expect("sent");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn outcomes(result: &Value) -> Vec<String> {
    result["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["outcome"].as_str().unwrap_or("").to_owned())
        .collect()
}

async fn units_like(app: &TestApp, q: &str) -> usize {
    let page = app
        .expect_as(
            app.bearer.as_deref().expect("admin"),
            Method::GET,
            &format!("/api/v1/units?q={q}&limit=200"),
            None,
            200,
        )
        .await;
    let mut count = page["items"].as_array().map_or(0, Vec::len);
    let mut cursor = page["next_cursor"].as_str().map(str::to_owned);
    while let Some(c) = cursor {
        let page = app
            .expect_as(
                app.bearer.as_deref().expect("admin"),
                Method::GET,
                &format!("/api/v1/units?q={q}&limit=200&cursor={c}"),
                None,
                200,
            )
            .await;
        count += page["items"].as_array().map_or(0, Vec::len);
        cursor = page["next_cursor"].as_str().map(str::to_owned);
    }
    count
}

async fn a_thousand_units_with_ten_bad_rows_partial_then_atomic(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin");
    app.unit("PROV", "instansi", None).await;
    let batch = |prefix: &str| -> Vec<Value> {
        (0..1000)
            .map(|i| {
                let mut row = json!({"code": format!("{prefix}-{i:04}"), "name": format!("Unit {i}"),
                    "kind": "seksi", "parent_code": "PROV"});
                if i % 200 == 7 {
                    row["kind"] = json!("kantor");
                } else if i % 200 == 42 {
                    row["parent_code"] = json!("NOPE");
                }
                row
            })
            .collect()
    };
    let (status, result) = sync(&app, &admin, "units", json!({"rows": batch("P")})).await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(
        (result["created"].as_u64(), result["failed"].as_u64()),
        (Some(990), Some(10))
    );
    let failed: Vec<(String, String)> = result["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["outcome"] == "failed")
        .map(|r| {
            (
                r["problem"]["pointer"].as_str().unwrap_or("").to_owned(),
                r["problem"]["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(failed.len(), 10);
    assert!(
        failed.contains(&("/rows/7/kind".to_owned(), "invalid_value".to_owned()))
            || failed.iter().any(|(p, _)| p == "/rows/7/kind"),
        "{failed:?}"
    );
    assert!(
        failed.contains(&("/rows/42/parent_code".to_owned(), "unknown_unit".to_owned())),
        "{failed:?}"
    );
    assert_eq!(units_like(&app, "P-").await, 990);

    // The same batch again changes nothing.
    let (_, again) = sync(&app, &admin, "units", json!({"rows": batch("P")})).await;
    assert_eq!(
        (
            again["unchanged"].as_u64(),
            again["failed"].as_u64(),
            again["created"].as_u64()
        ),
        (Some(990), Some(10), Some(0))
    );

    // Atomic: one bad row and nothing lands.
    let (status, problem) = sync(
        &app,
        &admin,
        "units",
        json!({"mode": "atomic", "rows": batch("A")}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"].as_array().map(Vec::len), Some(10));
    assert_eq!(units_like(&app, "A-").await, 0);

    // The access rule of single writes: a client needs units:write.
    let reader = app.client_token(&["units:read"]).await;
    let (status, _) = sync(&app, &reader, "units", json!({"rows": batch("R")})).await;
    assert_eq!(status, 403);
}

async fn employees_resolve_in_any_order_from_json_and_csv(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin");
    // Units from CSV with semicolons, the child before its parent.
    let csv = "code;name;kind;parent_code\r\nSEKSI;Seksi Kesos;seksi;DINSOS\r\nDINSOS;Dinas Sosial;dinas;\r\n";
    let (status, units) = sync_csv(&app, &admin, "units", "", csv).await;
    assert_eq!(status, 200, "{units}");
    assert_eq!(outcomes(&units), ["created", "created"]);

    let person = |n: u32, unit: &str, superior: Option<u32>| {
        json!({"nip": nip(n), "name": format!("Pegawai {n}"), "asn_type": "pns", "rank": "III/a",
            "position_title": "Staf", "position_type": "pelaksana", "unit_code": unit,
            "supervisor_nip": superior.map(nip)})
    };
    // The staff before their superior; a deactivation that leaves reports behind fails alone.
    let rows = json!([
        person(3, "SEKSI", Some(2)),
        person(2, "SEKSI", Some(1)),
        person(1, "DINSOS", None)
    ]);
    let (status, result) = sync(&app, &admin, "employees", json!({"rows": rows})).await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(outcomes(&result), ["created", "created", "created"]);
    let mut leaving = person(2, "SEKSI", Some(1));
    leaving["status"] = json!("inactive");
    let (_, result) = sync(
        &app,
        &admin,
        "employees",
        json!({"rows": [leaving, person(1, "DINSOS", None)]}),
    )
    .await;
    assert_eq!(outcomes(&result), ["failed", "unchanged"]);
    assert_eq!(result["rows"][0]["problem"]["code"], "has_subordinates");

    // CSV errors say where: line 3, the rank column.
    let csv = format!(
        "nip,name,asn_type,rank,position_title,position_type,unit_code,supervisor_nip\n\
         {},Pegawai 4,pns,III/a,Staf,pelaksana,SEKSI,{}\n\
         {},Pegawai 5,pns,X/z,Staf,pelaksana,SEKSI,{}\n",
        nip(4),
        nip(2),
        nip(5),
        nip(2)
    );
    let (status, result) = sync_csv(&app, &admin, "employees", "", &csv).await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(outcomes(&result), ["created", "failed"]);
    let problem = &result["rows"][1]["problem"];
    assert_eq!(problem["pointer"], "/rows/1/rank");
    assert!(
        problem["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("line 3, column 4 (rank)"),
        "{problem}"
    );

    // A batch with a failed row deactivates nothing: the row's record is not missing.
    let mut typo = person(3, "SEKSI", Some(2));
    typo["nip"] = json!("123");
    let (_, result) = sync(
        &app,
        &admin,
        "employees",
        json!({"rows": [person(1, "DINSOS", None), person(2, "SEKSI", Some(1)), typo],
        "deactivate_missing": true, "scope_code": "DINSOS"}),
    )
    .await;
    assert_eq!(result["deactivated"], 0);
    let refused = result["rows"]
        .as_array()
        .expect("rows")
        .last()
        .cloned()
        .expect("a row");
    assert_eq!(refused["problem"]["code"], "rows_failed");

    // Deactivation only when asked, for a subtree: employee 4 is left out and leaves.
    let rows = json!([
        person(1, "DINSOS", None),
        person(2, "SEKSI", Some(1)),
        person(3, "SEKSI", Some(2))
    ]);
    let (_, result) = sync(&app, &admin, "employees", json!({"rows": rows.clone()})).await;
    assert_eq!(result["deactivated"], 0);
    let (status, result) = sync(
        &app,
        &admin,
        "employees",
        json!({"rows": rows, "deactivate_missing": true, "scope_code": "DINSOS"}),
    )
    .await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(result["deactivated"], 1);
    let gone = app
        .expect_as(
            &admin,
            Method::GET,
            &format!("/api/v1/employees/by-nip/{}", nip(4)),
            None,
            200,
        )
        .await;
    assert_eq!(gone["status"], "inactive");
}

fn person(nip: &str, unit: &str, superior: Option<&str>) -> Value {
    json!({"nip": nip, "name": format!("Pegawai {nip}"), "asn_type": "pns", "rank": "III/a",
        "position_title": "Staf", "position_type": "pelaksana", "unit_code": unit,
        "supervisor_nip": superior})
}

async fn a_thousand_employees_with_ten_bad_rows_partial_then_atomic(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin");
    let csv = "code,name,kind,parent_code\nDINSOS,Dinas Sosial,dinas,\nSEKSI,Seksi,seksi,DINSOS\n";
    let (status, _) = sync_csv(&app, &admin, "units", "", csv).await;
    assert_eq!(status, 200);
    // A binary tree of 1,000 (n reports to n / 2), every report listed before its superior;
    // the last ten are leaves with a bad reference each.
    let rows: Vec<Value> = (1..=1000u32)
        .rev()
        .map(|n| {
            let superior = (n > 1).then(|| nip(n / 2));
            match n {
                991..=995 => person(&nip(n), "NOPE", superior.as_deref()),
                996..=1000 => person(&nip(n), "SEKSI", Some("199001012010011999")),
                _ => person(&nip(n), "SEKSI", superior.as_deref()),
            }
        })
        .collect();
    let bad: Vec<String> = (0..10)
        .map(|i| {
            let field = if i < 5 { "supervisor_nip" } else { "unit_code" };
            format!("/rows/{i}/{field}")
        })
        .collect();

    let atomic = json!({"rows": rows, "mode": "atomic"});
    let (status, problem) = sync(&app, &admin, "employees", atomic).await;
    assert_eq!(status, 422, "{problem}");
    let mut refused: Vec<String> = crate::common::pointers(&problem)
        .into_iter()
        .map(|(pointer, _)| pointer)
        .collect();
    refused.sort();
    let mut expected = bad.clone();
    expected.sort();
    assert_eq!(refused, expected);
    let by_nip = |n: u32| format!("/api/v1/employees/by-nip/{}", nip(n));
    let (status, _) = app.call_as(&admin, Method::GET, &by_nip(1), None).await;
    assert_eq!(status, 404, "an atomic batch with bad rows lands nothing");

    let (status, result) = sync(&app, &admin, "employees", json!({"rows": rows})).await;
    assert_eq!(status, 200, "{result}");
    let landed = outcomes(&result);
    assert_eq!(landed.iter().filter(|o| *o == "created").count(), 990);
    for (i, pointer) in bad.iter().enumerate() {
        assert_eq!(landed[i], "failed");
        assert_eq!(result["rows"][i]["problem"]["pointer"], *pointer);
    }
    let leaf = app
        .expect_as(&admin, Method::GET, &by_nip(990), None, 200)
        .await;
    let parent = app
        .expect_as(&admin, Method::GET, &by_nip(495), None, 200)
        .await;
    assert_eq!(leaf["supervisor_id"], parent["id"]);
    // Each created record is a change in the feed and an audited create.
    let feed = app
        .expect_as(
            &admin,
            Method::GET,
            "/api/v1/changes?types=employee&limit=1000",
            None,
            200,
        )
        .await;
    assert_eq!(feed["items"].as_array().expect("items").len(), 990);
    let trail = app
        .expect_as(
            &admin,
            Method::GET,
            &format!(
                "/api/v1/audit-events?entity_type=employee&entity_id={}",
                leaf["id"].as_str().unwrap_or("")
            ),
            None,
            200,
        )
        .await;
    assert_eq!(trail["items"][0]["action"], "create");

    let (_, again) = sync(&app, &admin, "employees", json!({"rows": rows})).await;
    let again = outcomes(&again);
    assert_eq!(again.iter().filter(|o| *o == "unchanged").count(), 990);

    // A move and, below the moved employee's report, a newcomer in one batch: the new
    // record's chain runs through the new superior (so making that superior report to the
    // newcomer is a loop).
    let newcomer = "199001012010011001";
    let moved = json!({"rows": [person(&nip(350), "SEKSI", Some(&nip(3))),
        person(newcomer, "SEKSI", Some(&nip(700)))]});
    let (status, result) = sync(&app, &admin, "employees", moved).await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(outcomes(&result), ["updated", "created"]);
    let three = app
        .expect_as(&admin, Method::GET, &by_nip(3), None, 200)
        .await;
    let (status, problem) = app
        .call_as(
            &admin,
            Method::PATCH,
            &format!("/api/v1/employees/{}", three["id"].as_str().unwrap_or("")),
            Some(json!({"supervisor_id": result["rows"][1]["id"]})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "cycle");
}
