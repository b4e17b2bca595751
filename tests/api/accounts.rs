//! `/users`, `/clients` and `/me/password`: validation, uniqueness, concurrency, the last-admin
//! rule, secrets shown once, and the audit trail.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{ADMIN_PASSWORD, Backend, TestApp, assert_problem, pointers};
use crate::on_both_backends;

on_both_backends!(
    users_are_created_validated_and_never_show_their_password,
    user_changes_honour_if_match_and_keep_the_last_admin,
    users_are_listed_a_page_at_a_time,
    own_password_change_needs_the_current_one,
    client_secrets_are_shown_once_and_rotate,
);

async fn create_user(app: &TestApp, body: Value) -> reqwest::Response {
    app.post_json("/api/v1/users", &body).await
}

async fn users_are_created_validated_and_never_show_their_password(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let res = create_user(
        &app,
        json!({"username": "Budi.Santoso@Karawangkab.go.id", "password": "budi-password-1", "roles": ["pyb", "hr"],
               "scope_unit_id": unit}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert_eq!(res.headers()["etag"], "\"1\"");
    let text = res.text().await.expect("body");
    assert!(
        !text.contains("budi-password-1") && !text.contains("argon2"),
        "{text}"
    );
    let user: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(user["username"], "budi.santoso@karawangkab.go.id");
    assert_eq!(user["roles"], json!(["hr", "pyb"]));
    assert_eq!(
        location,
        format!("/api/v1/users/{}", user["id"].as_str().expect("id"))
    );
    let read: Value = app.get(&location).await.json().await.expect("json");
    assert_eq!(read, user);

    // Usernames are unique whatever their case.
    let res = create_user(
        &app,
        json!({"username": "BUDI.SANTOSO@karawangkab.go.id", "password": "another-password"}),
    )
    .await;
    assert_problem(res, 409, "duplicate_username").await;

    // Every invalid field is named.
    let res = create_user(
        &app,
        json!({"username": "bad name", "password": "short", "roles": ["counselor"], "scope_unit_id": "019a8f0e-0000-7000-8000-000000000001", "employee_id": "x"}),
    )
    .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [
            ("/username".into(), "invalid_character".into()),
            ("/password".into(), "too_short".into()),
            ("/scope_unit_id".into(), "not_unit_scoped".into()),
            ("/employee_id".into(), "invalid_uuid".into()),
        ]
    );
    let res = create_user(
        &app,
        json!({"username": "198503152010012003", "password": "198503152010012003"}),
    )
    .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [("/password".into(), "same_as_username".into())]
    );
    let res = create_user(
        &app,
        json!({"username": "x1", "password": "long-enough-1", "roles": ["superuser"]}),
    )
    .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/roles/0");

    // The password is stored as an argon2id hash, and the creation is audited without it.
    let id = user["id"].as_str().expect("id").to_owned();
    let mut conn = app.pool.get().expect("connection");
    use kinerja::db::schema::{audit_events, users};
    let hash: String = users::table
        .find(&id)
        .select(users::password_hash)
        .first(&mut **conn)
        .expect("row");
    assert!(hash.starts_with("$argon2id$"));
    let after: Option<String> = audit_events::table
        .filter(audit_events::entity_id.eq(&id))
        .select(audit_events::after_state)
        .first(&mut **conn)
        .expect("audited");
    let after = after.expect("snapshot");
    assert!(
        after.contains("budi.santoso") && !after.contains("argon2"),
        "{after}"
    );
}

async fn user_changes_honour_if_match_and_keep_the_last_admin(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let me: Value = app.get("/api/v1/me").await.json().await.expect("json");
    let admin_path = format!("/api/v1/users/{}", me["id"].as_str().expect("id"));

    let res = app.patch(&admin_path, None, json!({"active": false})).await;
    assert_problem(res, 409, "last_admin").await;
    let res = app.patch(&admin_path, None, json!({"roles": ["hr"]})).await;
    assert_problem(res, 409, "last_admin").await;

    let res = create_user(
        &app,
        json!({"username": "second-admin", "password": "second-admin-pw", "roles": ["admin"]}),
    )
    .await;
    let second: Value = res.json().await.expect("json");
    let path = format!("/api/v1/users/{}", second["id"].as_str().expect("id"));

    let unit = app.unit("DINSOS", "dinas", None).await;
    let employee = app.employee(1, &unit, None).await;
    let res = app
        .patch(
            &path,
            Some("\"1\""),
            json!({"roles": ["admin", "counselor"], "employee_id": employee}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"2\"");
    let changed: Value = res.json().await.expect("json");
    assert_eq!(changed["roles"], json!(["admin", "counselor"]));
    assert_eq!(changed["version"], 2);

    // A stale ETag is refused and nothing changes.
    let res = app
        .patch(&path, Some("\"1\""), json!({"active": false}))
        .await;
    assert_eq!(res.headers()["etag"], "\"2\"");
    assert_problem(res, 412, "stale_version").await;
    // Null clears a nullable field; null for the others is refused, as are unknown fields.
    let res = app
        .patch(&path, Some("\"2\""), json!({"employee_id": null}))
        .await;
    let cleared: Value = res.json().await.expect("json");
    assert_eq!(cleared["employee_id"], Value::Null);
    let res = app.patch(&path, None, json!({"active": null})).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/active");
    let res = app.patch(&path, None, json!({"username": "renamed"})).await;
    assert_problem(res, 422, "validation_failed").await;

    // With two admins, one may be disabled.
    let res = app.patch(&path, None, json!({"active": false})).await;
    assert_eq!(res.status(), 200);
    let res = app
        .patch(
            "/api/v1/users/019a8f0e-0000-7000-8000-00000000dead",
            None,
            json!({"active": true}),
        )
        .await;
    assert_problem(res, 404, "not_found").await;
}

async fn users_are_listed_a_page_at_a_time(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    for i in 0..5 {
        let role = if i % 2 == 0 { "hr" } else { "counselor" };
        let res = create_user(
            &app,
            json!({"username": format!("user{i}"), "password": "a-long-password", "roles": [role]}),
        )
        .await;
        assert_eq!(res.status(), 201);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/users?limit=2&cursor={c}"),
            None => "/api/v1/users?limit=2".to_owned(),
        };
        let page: Value = app.get(&path).await.json().await.expect("json");
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 2);
        seen.extend(
            items
                .iter()
                .map(|u| u["username"].as_str().expect("name").to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, ["admin", "user0", "user1", "user2", "user3", "user4"]);

    let page: Value = app
        .get("/api/v1/users?role=hr")
        .await
        .json()
        .await
        .expect("json");
    let names: Vec<&str> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|u| u["username"].as_str())
        .collect();
    assert_eq!(names, ["user0", "user2", "user4"]);
    let page: Value = app
        .get("/api/v1/users?q=USER3")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page["items"][0]["username"], "user3");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));

    for bad in [
        "limit=0",
        "limit=201",
        "cursor=%%%",
        "role=root",
        "active=maybe",
    ] {
        let res = app.get(&format!("/api/v1/users?{bad}")).await;
        assert_problem(res, 400, "invalid_query_parameter").await;
    }
}

async fn own_password_change_needs_the_current_one(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});

    let res = app
        .post_json(
            "/api/v1/me/password",
            &change("not-my-password", "new-password-123"),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/current_password");
    let res = app
        .post_json("/api/v1/me/password", &change(ADMIN_PASSWORD, "admin"))
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/new_password");

    let res = app
        .post_json(
            "/api/v1/me/password",
            &change(ADMIN_PASSWORD, "new-password-123"),
        )
        .await;
    assert_eq!(res.status(), 204);
    let res = app.password_grant("admin", ADMIN_PASSWORD).await;
    assert_problem(res, 400, "invalid_grant").await;
    app.login("admin", "new-password-123").await;
}

async fn client_secrets_are_shown_once_and_rotate(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let res = app
        .post_json(
            "/api/v1/clients",
            &json!({"name": "Vendor app", "scopes": ["plans:read"]}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.expect("json");
    let id = created["client_id"].as_str().expect("id").to_owned();
    let secret = created["client_secret"]
        .as_str()
        .expect("secret")
        .to_owned();
    assert_eq!(created["scopes"], json!(["plans:read"]));

    let read = app
        .get(&format!("/api/v1/clients/{id}"))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        !read.contains(&secret) && !read.contains("client_secret"),
        "{read}"
    );
    let list: Value = app.get("/api/v1/clients").await.json().await.expect("json");
    assert_eq!(list["items"][0]["client_id"], id.as_str());
    assert!(list["items"][0].get("client_secret").is_none());

    let res = app
        .send(
            Method::POST,
            &format!("/api/v1/clients/{id}/rotate-secret"),
            app.bearer.as_deref(),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let rotated: Value = res.json().await.expect("json");
    let new_secret = rotated["client_secret"].as_str().expect("secret");
    assert_ne!(new_secret, secret);
    let res = app.client_grant(&id, &secret).await;
    assert_problem(res, 401, "invalid_client").await;
    assert_eq!(app.client_grant(&id, new_secret).await.status(), 200);

    for (body, pointer) in [
        (json!({"name": "", "scopes": ["plans:read"]}), "/name"),
        (json!({"name": "x", "scopes": []}), "/scopes"),
        (json!({"name": "x", "scopes": ["plans:write"]}), "/scopes/0"),
    ] {
        let res = app.post_json("/api/v1/clients", &body).await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{body}");
    }
}
