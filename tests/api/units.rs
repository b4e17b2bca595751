//! `/units`: the org tree, unique codes, no cycles, no deactivation while in use, filters,
//! concurrency and the audit trail.

use serde_json::{Value, json};

use crate::common::{Backend, TestApp, assert_problem, pointers};
use crate::on_both_backends;

on_both_backends!(
    units_form_a_tree_with_unique_codes,
    units_are_listed_by_parent_subtree_text_and_state,
    a_move_that_would_loop_is_refused,
    a_unit_in_use_cannot_be_deactivated,
);

async fn ids(app: &TestApp, query: &str) -> Vec<String> {
    let res = app.get(&format!("/api/v1/units{query}")).await;
    assert_eq!(res.status(), 200, "{query}");
    let page: Value = res.json().await.expect("json");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|u| u["code"].as_str().expect("code").to_owned())
        .collect()
}

async fn units_form_a_tree_with_unique_codes(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let res = app
        .post_json(
            "/api/v1/units",
            &json!({"code": "PEMKAB-KRW", "name": "Pemerintah Kabupaten Karawang", "kind": "instansi"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert_eq!(res.headers()["etag"], "\"1\"");
    let root: Value = res.json().await.expect("json");
    assert_eq!(
        location,
        format!("/api/v1/units/{}", root["id"].as_str().expect("id"))
    );
    assert_eq!(root["kind"], "instansi");
    assert_eq!(root["parent_id"], Value::Null);
    assert_eq!(root["active"], true);
    assert_eq!(root["version"], 1);

    let dinsos = app
        .create(
            "/api/v1/units",
            json!({"code": "DINSOS", "name": "Dinas Sosial", "kind": "dinas", "parent_id": root["id"]}),
        )
        .await;
    assert_eq!(dinsos["parent_id"], root["id"]);
    let res = app.get(&location).await;
    assert_eq!(res.headers()["etag"], "\"1\"");
    let read: Value = res.json().await.expect("json");
    assert_eq!(read, root);

    let res = app
        .post_json(
            "/api/v1/units",
            &json!({"code": "DINSOS", "name": "Another", "kind": "dinas", "parent_id": root["id"]}),
        )
        .await;
    assert_problem(res, 409, "duplicate_code").await;

    let res = app
        .post_json(
            "/api/v1/units",
            &json!({"code": "bad code!", "name": " ", "kind": "dinas",
                    "parent_id": "019a8f0e-0000-7000-8000-000000000001"}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [
            ("/code".into(), "invalid_character".into()),
            ("/name".into(), "required".into()),
            ("/parent_id".into(), "unknown_unit".into()),
        ]
    );
    let res = app
        .post_json(
            "/api/v1/units",
            &json!({"code": "X", "name": "X", "kind": "provinsi"}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(pointers(&problem)[0].0, "/kind");

    let res = app
        .get("/api/v1/units/019a8f0e-0000-7000-8000-00000000dead")
        .await;
    assert_problem(res, 404, "not_found").await;
}

async fn units_are_listed_by_parent_subtree_text_and_state(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let root = app.unit("PEMKAB", "instansi", None).await;
    let dinsos = app.unit("DINSOS", "dinas", Some(&root)).await;
    let bidang = app.unit("DINSOS-REHSOS", "bidang", Some(&dinsos)).await;
    app.unit("DINSOS-REHSOS-ANAK", "seksi", Some(&bidang)).await;
    let kec = app.unit("KEC-KRW-BARAT", "kecamatan", Some(&root)).await;
    let kel = app.unit("KEL-NAGASARI", "kelurahan", Some(&kec)).await;

    assert_eq!(
        ids(&app, "").await,
        [
            "PEMKAB",
            "DINSOS",
            "DINSOS-REHSOS",
            "DINSOS-REHSOS-ANAK",
            "KEC-KRW-BARAT",
            "KEL-NAGASARI"
        ]
    );
    assert_eq!(
        ids(&app, &format!("?parent_id={root}")).await,
        ["DINSOS", "KEC-KRW-BARAT"]
    );
    assert_eq!(
        ids(&app, &format!("?under={dinsos}")).await,
        ["DINSOS", "DINSOS-REHSOS", "DINSOS-REHSOS-ANAK"]
    );
    // Case-insensitive, on the name ("Unit <code>") or the code.
    assert_eq!(ids(&app, "?q=krw-barat").await, ["KEC-KRW-BARAT"]);
    assert_eq!(ids(&app, "?q=UNIT%20kel").await, ["KEL-NAGASARI"]);
    assert_eq!(
        ids(&app, "?q=rehsos&active=true").await,
        ["DINSOS-REHSOS", "DINSOS-REHSOS-ANAK"]
    );

    let res = app
        .patch(
            &format!("/api/v1/units/{kel}"),
            None,
            json!({"active": false}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(ids(&app, "?active=false").await, ["KEL-NAGASARI"]);
    assert_eq!(
        ids(&app, &format!("?under={kec}&active=true")).await,
        ["KEC-KRW-BARAT"]
    );

    // Pages follow each other without gaps or repeats.
    let first: Value = app
        .get("/api/v1/units?limit=4")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(first["items"].as_array().expect("items").len(), 4);
    let cursor = first["next_cursor"].as_str().expect("more");
    let second: Value = app
        .get(&format!("/api/v1/units?limit=4&cursor={cursor}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(second["items"].as_array().expect("items").len(), 2);
    assert_eq!(second["items"][0]["id"], json!(kec));
    assert_eq!(second["next_cursor"], Value::Null);

    let res = app.get("/api/v1/units?active=maybe").await;
    assert_problem(res, 400, "invalid_query_parameter").await;
}

async fn a_move_that_would_loop_is_refused(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let root = app.unit("PEMKAB", "instansi", None).await;
    let dinsos = app.unit("DINSOS", "dinas", Some(&root)).await;
    let bidang = app.unit("BIDANG", "bidang", Some(&dinsos)).await;
    let kec = app.unit("KEC", "kecamatan", Some(&root)).await;

    for (unit, parent) in [(&root, &bidang), (&dinsos, &dinsos), (&dinsos, &bidang)] {
        let res = app
            .patch(
                &format!("/api/v1/units/{unit}"),
                None,
                json!({"parent_id": parent}),
            )
            .await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(pointers(&problem), [("/parent_id".into(), "cycle".into())]);
    }

    let path = format!("/api/v1/units/{bidang}");
    let res = app
        .patch(
            &path,
            Some("\"1\""),
            json!({"parent_id": kec, "name": "Bidang Kesos"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"2\"");
    let moved: Value = res.json().await.expect("json");
    assert_eq!(moved["parent_id"], json!(kec));
    assert_eq!(moved["name"], "Bidang Kesos");
    assert_eq!(moved["version"], 2);

    let res = app
        .patch(&path, Some("\"1\""), json!({"name": "Stale"}))
        .await;
    assert_problem(res, 412, "stale_version").await;
    let res = app.patch(&path, None, json!({"code": "DINSOS"})).await;
    assert_problem(res, 409, "duplicate_code").await;
    let res = app.patch(&path, None, json!({"parent_id": null})).await;
    let top: Value = res.json().await.expect("json");
    assert_eq!(top["parent_id"], Value::Null);

    // The audit trail holds the move with before and after.
    let events: Value = app
        .get(&format!(
            "/api/v1/audit-events?entity_type=unit&entity_id={bidang}"
        ))
        .await
        .json()
        .await
        .expect("json");
    let events = events["items"].as_array().expect("items");
    let actions: Vec<&str> = events
        .iter()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(actions, ["create", "update", "update"]);
    assert_eq!(events[1]["before"]["parent_id"], json!(dinsos));
    assert_eq!(events[1]["after"]["parent_id"], json!(kec));
    assert_eq!(events[2]["after"]["parent_id"], Value::Null);
}

async fn a_unit_in_use_cannot_be_deactivated(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let dinsos = app.unit("DINSOS", "dinas", None).await;
    let bidang = app.unit("BIDANG", "bidang", Some(&dinsos)).await;
    let employee = app.employee(1, &bidang, None).await;

    let res = app
        .patch(
            &format!("/api/v1/units/{dinsos}"),
            None,
            json!({"active": false}),
        )
        .await;
    let problem = assert_problem(res, 409, "unit_in_use").await;
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("1 active sub-unit")
    );
    let res = app
        .patch(
            &format!("/api/v1/units/{bidang}"),
            None,
            json!({"active": false}),
        )
        .await;
    let problem = assert_problem(res, 409, "unit_in_use").await;
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("1 active employee")
    );

    let res = app
        .patch(
            &format!("/api/v1/employees/{employee}"),
            None,
            json!({"status": "inactive"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    for unit in [&bidang, &dinsos] {
        let res = app
            .patch(
                &format!("/api/v1/units/{unit}"),
                None,
                json!({"active": false}),
            )
            .await;
        assert_eq!(res.status(), 200, "deactivate {unit}");
    }
    // Nothing new goes into an inactive unit, and a child waits for its parent.
    let res = app
        .post_json(
            "/api/v1/units",
            &json!({"code": "SEKSI", "name": "Seksi", "kind": "seksi", "parent_id": bidang}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [("/parent_id".into(), "inactive_unit".into())]
    );
    let res = app
        .patch(
            &format!("/api/v1/units/{bidang}"),
            None,
            json!({"active": true}),
        )
        .await;
    assert_problem(res, 409, "parent_inactive").await;
    let res = app.get(&format!("/api/v1/units/{bidang}")).await;
    let unchanged: Value = res.json().await.expect("json");
    assert_eq!(unchanged["active"], false);
}
