//! `/employees`: NIP validation, units and superiors that exist, no loops in the superior
//! chain, concurrency, the audit trail, and accounts linked to employees.

use serde_json::{Value, json};

use crate::common::{Backend, TestApp, assert_problem, nip, pointers};
use crate::on_both_backends;

on_both_backends!(
    an_employee_is_created_with_a_valid_nip_and_read_back,
    each_wrong_part_of_a_nip_is_named,
    unknown_or_invalid_references_are_named,
    the_superior_chain_never_loops,
    changes_are_audited_with_before_and_after,
    an_employee_logs_in_with_their_nip,
);

fn new_employee(nip: &str, unit: &str) -> Value {
    json!({
        "nip": nip, "name": "Siti Rahmawati", "email": "siti@karawangkab.go.id",
        "asn_type": "pns", "rank": "III/c", "position_title": "Kepala Seksi",
        "position_type": "pengawas", "unit_id": unit,
    })
}

async fn an_employee_is_created_with_a_valid_nip_and_read_back(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let res = app
        .post_json(
            "/api/v1/employees",
            &new_employee("19850315 201001 2 003", &unit),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["etag"], "\"1\"");
    let location = res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let created: Value = res.json().await.expect("json");
    assert_eq!(created["nip"], "198503152010012003", "stored as digits");
    assert_eq!(created["status"], "active");
    assert_eq!(created["version"], 1);
    assert_eq!(created["rank"], "III/c");
    assert_eq!(created["supervisor_id"], Value::Null);
    assert_eq!(
        location,
        format!("/api/v1/employees/{}", created["id"].as_str().expect("id"))
    );

    let res = app.get(&location).await;
    assert_eq!(res.headers()["etag"], "\"1\"");
    assert_eq!(res.json::<Value>().await.expect("json"), created);
    for form in ["198503152010012003", "19850315%20201001%202%20003"] {
        let res = app.get(&format!("/api/v1/employees/by-nip/{form}")).await;
        assert_eq!(res.status(), 200, "{form}");
        assert_eq!(
            res.json::<Value>().await.expect("json")["id"],
            created["id"]
        );
    }
    let res = app.get("/api/v1/employees/by-nip/198503152010012004").await;
    assert_problem(res, 404, "not_found").await;
    let res = app.get("/api/v1/employees/by-nip/1985031520100120").await;
    let problem = assert_problem(res, 400, "invalid_path_parameter").await;
    assert_eq!(problem["errors"][0]["code"], "nip_length");

    let res = app
        .post_json(
            "/api/v1/employees",
            &new_employee("198503152010012003", &unit),
        )
        .await;
    assert_problem(res, 409, "duplicate_nip").await;
    let listed: Value = app
        .get("/api/v1/employees")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        listed["items"].as_array().expect("items").len(),
        1,
        "nothing half-written"
    );
}

async fn each_wrong_part_of_a_nip_is_named(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    for (nip, code, words) in [
        ("19850315201001200", "nip_length", "18 digits"),
        ("19850315-201001-2-003", "nip_not_digits", "digits only"),
        ("198513152010012003", "nip_birth_date", "birth date"),
        ("198502302010012003", "nip_birth_date", "birth date"),
        (
            "198503152010132003",
            "nip_appointment_month",
            "appointment month",
        ),
        (
            "198503151980012003",
            "nip_appointment_month",
            "appointment month",
        ),
        ("198503152010013003", "nip_gender_digit", "gender"),
    ] {
        let res = app
            .post_json("/api/v1/employees", &new_employee(nip, &unit))
            .await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(pointers(&problem), [("/nip".into(), code.into())], "{nip}");
        let message = problem["errors"][0]["message"].as_str().expect("message");
        assert!(message.contains(words), "{nip}: {message}");
    }
}

async fn unknown_or_invalid_references_are_named(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let mut body = new_employee(&nip(1), "019a8f0e-0000-7000-8000-000000000001");
    body["supervisor_id"] = json!("019a8f0e-0000-7000-8000-000000000002");
    body["email"] = json!("not an address");
    body["name"] = json!("");
    let res = app.post_json("/api/v1/employees", &body).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [
            ("/name".into(), "required".into()),
            ("/email".into(), "invalid_email".into()),
            ("/unit_id".into(), "unknown_unit".into()),
            ("/supervisor_id".into(), "unknown_employee".into()),
        ]
    );
    let mut body = new_employee(&nip(1), &unit);
    body["rank"] = json!("V/a");
    let res = app.post_json("/api/v1/employees", &body).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(pointers(&problem)[0].0, "/rank");
    let mut body = new_employee(&nip(1), &unit);
    body.as_object_mut()
        .expect("object")
        .remove("position_type");
    let res = app.post_json("/api/v1/employees", &body).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(pointers(&problem)[0].0, "/position_type");

    // An inactive superior is refused too.
    let boss = app.employee(2, &unit, None).await;
    let res = app
        .patch(
            &format!("/api/v1/employees/{boss}"),
            None,
            json!({"status": "inactive"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let mut body = new_employee(&nip(3), &unit);
    body["supervisor_id"] = json!(boss);
    let res = app.post_json("/api/v1/employees", &body).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [("/supervisor_id".into(), "inactive_employee".into())]
    );
}

async fn the_superior_chain_never_loops(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let kadis = app.employee(1, &unit, None).await;
    let kabid = app.employee(2, &unit, Some(&kadis)).await;
    let staf = app.employee(3, &unit, Some(&kabid)).await;

    let path = |id: &str| format!("/api/v1/employees/{id}");
    for (who, superior, message) in [
        (&kadis, &kadis, "own superior"),
        (&kadis, &staf, "would loop"),
        (&kabid, &staf, "would loop"),
    ] {
        let res = app
            .patch(&path(who), None, json!({"supervisor_id": superior}))
            .await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(
            pointers(&problem),
            [("/supervisor_id".into(), "cycle".into())]
        );
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .expect("msg")
                .contains(message)
        );
    }

    // application/json works as well as merge-patch; the version goes up; If-Match is honoured.
    let res = app
        .client
        .patch(app.url(&path(&staf)))
        .bearer_auth(app.bearer.as_deref().expect("token"))
        .header("if-match", "\"1\"")
        .json(&json!({"supervisor_id": kadis, "rank": "III/b"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"2\"");
    let changed: Value = res.json().await.expect("json");
    assert_eq!(changed["supervisor_id"], json!(kadis));
    assert_eq!(changed["rank"], "III/b");
    let res = app
        .patch(&path(&staf), Some("\"1\""), json!({"rank": "IV/a"}))
        .await;
    assert_problem(res, 412, "stale_version").await;
    let res = app
        .patch(
            &path(&staf),
            Some("\"2\""),
            json!({"supervisor_id": null, "email": null}),
        )
        .await;
    let cleared: Value = res.json().await.expect("json");
    assert_eq!(cleared["supervisor_id"], Value::Null);
    assert_eq!(cleared["email"], Value::Null);
    assert_eq!(cleared["rank"], "III/b");
    // The NIP is the natural key and cannot be patched.
    let res = app.patch(&path(&staf), None, json!({"nip": nip(9)})).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(pointers(&problem)[0].0, "/nip");
}

async fn changes_are_audited_with_before_and_after(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let me: Value = app.get("/api/v1/me").await.json().await.expect("json");
    let unit = app.unit("DINSOS", "dinas", None).await;
    let employee = app.employee(1, &unit, None).await;
    let res = app
        .patch(
            &format!("/api/v1/employees/{employee}"),
            None,
            json!({"rank": "III/d"}),
        )
        .await;
    let request_id = res.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert_eq!(res.status(), 200);

    let res = app
        .get(&format!(
            "/api/v1/audit-events?entity_type=employee&entity_id={employee}"
        ))
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = res.json().await.expect("json");
    let events = page["items"].as_array().expect("items");
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["action"], "create");
    assert_eq!(events[0]["before"], Value::Null);
    assert_eq!(events[0]["after"]["nip"], nip(1));
    assert_eq!(events[1]["action"], "update");
    assert_eq!(events[1]["before"]["rank"], "III/a");
    assert_eq!(events[1]["after"]["rank"], "III/d");
    assert_eq!(events[1]["after"]["version"], 2);
    assert_eq!(events[1]["actor_kind"], "user");
    assert_eq!(events[1]["actor_id"], me["id"]);
    assert_eq!(events[1]["request_id"], json!(request_id));
    assert_eq!(events[1]["entity_type"], "employee");

    // A refused change leaves no trace.
    let res = app
        .patch(
            &format!("/api/v1/employees/{employee}"),
            None,
            json!({"supervisor_id": employee}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let page: Value = app
        .get(&format!("/api/v1/audit-events?entity_id={employee}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page["items"].as_array().expect("items").len(), 2);
}

async fn an_employee_logs_in_with_their_nip(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let employee = app.employee(7, &unit, None).await;

    let user = app
        .create(
            "/api/v1/users",
            json!({"employee_id": employee, "password": "pegawai-password"}),
        )
        .await;
    assert_eq!(user["username"], nip(7));
    assert_eq!(user["employee_id"], json!(employee));
    let token = app.login(&nip(7), "pegawai-password").await;
    let res = app
        .send(reqwest::Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    let me: Value = res.json().await.expect("json");
    assert_eq!(me["employee_id"], json!(employee));
    let res = app
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/employees/{employee}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(res.status(), 200, "an employee reads their own record");

    let res = app
        .post_json(
            "/api/v1/users",
            &json!({"employee_id": employee, "username": "other", "password": "pegawai-password"}),
        )
        .await;
    assert_problem(res, 409, "employee_has_account").await;
    let res = app
        .post_json(
            "/api/v1/users",
            &json!({"employee_id": "019a8f0e-0000-7000-8000-000000000001", "password": "pegawai-password"}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [("/employee_id".into(), "unknown_employee".into())]
    );
    let res = app
        .post_json(
            "/api/v1/users",
            &json!({"username": "hr-somewhere", "password": "hr-password-1", "roles": ["hr"],
                    "scope_unit_id": "019a8f0e-0000-7000-8000-000000000001"}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [("/scope_unit_id".into(), "unknown_unit".into())]
    );
    let res = app
        .post_json("/api/v1/users", &json!({"password": "pegawai-password"}))
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [("/username".into(), "required".into())]
    );
}
