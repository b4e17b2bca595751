//! Who sees whom follows the organisation as it changes: unit moves carry their whole subtree,
//! a new superior carries everyone below; and a leaver's reports are re-pointed, never orphaned.

use serde_json::{Value, json};

use crate::common::{Backend, TestApp, assert_problem};
use crate::on_both_backends;

on_both_backends!(
    reach_follows_unit_moves_and_new_superiors,
    a_leaver_with_reports_needs_someone_to_take_them,
    a_deputy_among_the_reports_takes_the_leavers_place,
    an_employee_back_from_leave_needs_an_active_unit_and_superior,
    hr_cannot_place_anyone_under_someone_outside_their_tree,
);

async fn token_for(app: &TestApp, username: &str, body: Value) -> String {
    let mut body = body;
    body["username"] = json!(username);
    body["password"] = json!("a-long-password");
    let res = app.post_json("/api/v1/users", &body).await;
    assert_eq!(res.status(), 201, "create {username}");
    app.login(username, "a-long-password").await
}

async fn sees(app: &TestApp, token: &str, employee: &str) -> bool {
    let res = app
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/employees/{employee}"),
            Some(token),
            None,
        )
        .await;
    match res.status().as_u16() {
        200 => true,
        404 => false,
        other => panic!("GET employee: {other}"),
    }
}

async fn listed(app: &TestApp, token: &str) -> usize {
    let res = app
        .send(
            reqwest::Method::GET,
            "/api/v1/employees?limit=200",
            Some(token),
            None,
        )
        .await;
    let page: Value = res.json().await.expect("json");
    page["items"].as_array().expect("items").len()
}

async fn reach_follows_unit_moves_and_new_superiors(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let pemkab = app.unit("PEMKAB", "instansi", None).await;
    let dinsos = app.unit("DINSOS", "dinas", Some(&pemkab)).await;
    let dinkes = app.unit("DINKES", "dinas", Some(&pemkab)).await;
    let bidang = app.unit("BIDANG", "bidang", Some(&dinsos)).await;
    let seksi = app.unit("SEKSI", "seksi", Some(&bidang)).await;
    let kadis = app.employee(1, &dinsos, None).await;
    let kabid = app.employee(2, &bidang, Some(&kadis)).await;
    let staff = app.employee(3, &seksi, Some(&kabid)).await;
    let other = app.employee(4, &dinkes, None).await;

    let hr_dinsos = token_for(
        &app,
        "hr-dinsos",
        json!({"roles": ["hr"], "scope_unit_id": dinsos}),
    )
    .await;
    let hr_dinkes = token_for(
        &app,
        "hr-dinkes",
        json!({"roles": ["hr"], "scope_unit_id": dinkes}),
    )
    .await;
    let as_kadis = token_for(&app, "kadis", json!({"employee_id": kadis})).await;
    let as_other = token_for(&app, "other", json!({"employee_id": other})).await;
    assert!(sees(&app, &hr_dinsos, &staff).await);
    assert!(!sees(&app, &hr_dinkes, &staff).await);
    assert_eq!(listed(&app, &hr_dinsos).await, 3);
    assert!(sees(&app, &as_kadis, &staff).await, "two levels below");
    assert!(!sees(&app, &as_other, &staff).await);

    // The bidang with its seksi moves to Dinas Kesehatan: its staff go with it.
    let res = app
        .patch(
            &format!("/api/v1/units/{bidang}"),
            None,
            json!({"parent_id": dinkes}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(!sees(&app, &hr_dinsos, &staff).await);
    assert!(sees(&app, &hr_dinkes, &staff).await);
    assert_eq!(listed(&app, &hr_dinsos).await, 1);
    assert_eq!(listed(&app, &hr_dinkes).await, 3);
    let res = app
        .get(&format!(
            "/api/v1/employees?unit_id={dinkes}&include_subunits=true"
        ))
        .await;
    let page: Value = res.json().await.expect("json");
    assert_eq!(page["items"].as_array().expect("items").len(), 3);

    // The kabid now reports to the other head: the staff below come along.
    let res = app
        .patch(
            &format!("/api/v1/employees/{kabid}"),
            None,
            json!({"supervisor_id": other}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(!sees(&app, &as_kadis, &staff).await);
    assert!(
        sees(&app, &as_other, &staff).await,
        "two levels below the new head"
    );
    let as_staff = token_for(&app, "staff", json!({"employee_id": staff})).await;
    assert!(
        sees(&app, &as_staff, &other).await,
        "a superior up the chain"
    );
    assert!(!sees(&app, &as_staff, &kadis).await);
}

async fn a_leaver_with_reports_needs_someone_to_take_them(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let head = app.employee(1, &unit, None).await;
    let kasi = app.employee(2, &unit, Some(&head)).await;
    let staff_a = app.employee(3, &unit, Some(&kasi)).await;
    let staff_b = app.employee(4, &unit, Some(&kasi)).await;
    let below = app.employee(5, &unit, Some(&staff_a)).await;
    let path = format!("/api/v1/employees/{kasi}");
    let as_kasi = token_for(&app, "kasi", json!({"employee_id": kasi})).await;
    assert!(sees(&app, &as_kasi, &below).await);

    let res = app.patch(&path, None, json!({"status": "inactive"})).await;
    let problem = assert_problem(res, 409, "has_subordinates").await;
    assert!(
        problem["detail"].as_str().unwrap_or("").contains('2'),
        "{problem}"
    );
    let res = app.get(&path).await;
    assert_eq!(res.headers()["etag"], "\"1\"", "nothing changed");

    let res = app
        .patch(
            &path,
            None,
            json!({"status": "inactive", "reassign_to": below}),
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;
    let res = app.patch(&path, None, json!({"reassign_to": head})).await;
    assert_problem(res, 422, "validation_failed").await;
    let res = app
        .patch(
            &path,
            None,
            json!({"status": "inactive", "reassign_to": kasi}),
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;

    let res = app
        .patch(
            &path,
            None,
            json!({"status": "inactive", "reassign_to": head}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let left: Value = res.json().await.expect("json");
    assert_eq!(left["status"], "inactive");
    for staff in [&staff_a, &staff_b] {
        let res = app.get(&format!("/api/v1/employees/{staff}")).await;
        let row: Value = res.json().await.expect("json");
        assert_eq!(row["supervisor_id"], json!(head));
        assert_eq!(row["version"], 2);
        let res = app
            .get(&format!(
                "/api/v1/audit-events?entity_type=employee&entity_id={staff}"
            ))
            .await;
        let events: Value = res.json().await.expect("json");
        let actions: Vec<&str> = events["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert_eq!(actions, ["create", "reassign"]);
    }
    // Whoever was below the reports stays below them, now under the new head.
    let as_head = token_for(&app, "head", json!({"employee_id": head})).await;
    assert!(sees(&app, &as_head, &below).await);
    assert!(
        !sees(&app, &as_kasi, &below).await,
        "the leaver's chain no longer holds them"
    );

    // An inactive employee cannot take anyone.
    let res = app
        .patch(
            &format!("/api/v1/employees/{staff_b}"),
            None,
            json!({"supervisor_id": kasi}),
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;
}

async fn a_deputy_among_the_reports_takes_the_leavers_place(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let head = app.employee(1, &unit, None).await;
    let kasi = app.employee(2, &unit, Some(&head)).await;
    let deputy = app.employee(3, &unit, Some(&kasi)).await;
    let staff = app.employee(4, &unit, Some(&kasi)).await;
    let below = app.employee(5, &unit, Some(&staff)).await;
    let res = app
        .patch(
            &format!("/api/v1/employees/{kasi}"),
            None,
            json!({"status": "inactive", "reassign_to": deputy}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        supervisor_of(&app, &deputy).await,
        json!(head),
        "the deputy moves up"
    );
    assert_eq!(supervisor_of(&app, &staff).await, json!(deputy));
    let as_deputy = token_for(&app, "deputy", json!({"employee_id": deputy})).await;
    assert!(
        sees(&app, &as_deputy, &below).await,
        "the deputy now leads the team"
    );
}

async fn supervisor_of(app: &TestApp, id: &str) -> Value {
    let res = app.get(&format!("/api/v1/employees/{id}")).await;
    let row: Value = res.json().await.expect("json");
    row["supervisor_id"].clone()
}

async fn an_employee_back_from_leave_needs_an_active_unit_and_superior(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let other = app.unit("DINKES", "dinas", None).await;
    let head = app.employee(1, &unit, None).await;
    let staff = app.employee(2, &other, Some(&head)).await;
    let path = format!("/api/v1/employees/{staff}");
    let res = app.patch(&path, None, json!({"status": "inactive"})).await;
    assert_eq!(res.status(), 200);
    let res = app
        .patch(
            &format!("/api/v1/units/{other}"),
            None,
            json!({"active": false}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app.patch(&path, None, json!({"status": "active"})).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/unit_id");
    let res = app
        .patch(&path, None, json!({"status": "active", "unit_id": unit}))
        .await;
    assert_eq!(res.status(), 200, "back in an active unit");
}

/// A superior hr may not see is, to them, no employee at all: refused like an unknown id, so
/// hr can neither link their staff to them nor learn that they exist.
async fn hr_cannot_place_anyone_under_someone_outside_their_tree(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let dinsos = app.unit("DINSOS", "dinas", None).await;
    let kecamatan = app.unit("KEC", "kecamatan", None).await;
    let staff = app.employee(1, &dinsos, None).await;
    let camat = app.employee(2, &kecamatan, None).await;
    let hr = token_for(
        &app,
        "hr-dinsos",
        json!({"roles": ["hr"], "scope_unit_id": dinsos}),
    )
    .await;
    for body in [
        json!({"supervisor_id": camat}),
        json!({"status": "inactive", "reassign_to": camat}),
        json!({"supervisor_id": "019a0000-0000-7000-8000-000000000000"}),
    ] {
        let res = app
            .send(
                reqwest::Method::PATCH,
                &format!("/api/v1/employees/{staff}"),
                Some(&hr),
                Some(&body),
            )
            .await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["code"], "unknown_employee", "{body}");
    }
    let as_camat = token_for(&app, "camat", json!({"employee_id": camat})).await;
    assert!(!sees(&app, &as_camat, &staff).await);
}
