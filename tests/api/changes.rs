//! The change feed: commit order, resuming from a cursor, scopes, retention, and a job reading
//! while two server processes write that sees every change once.

use std::collections::BTreeMap;

use chrono::TimeDelta;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, TestApp, assert_problem};
use crate::on_both_backends;

on_both_backends!(
    the_feed_resumes_from_its_cursor_and_shows_only_what_the_caller_reads,
    a_job_reading_while_two_processes_write_sees_every_change_once,
    an_old_cursor_is_gone_after_thirty_days,
);

async fn feed(app: &TestApp, token: &str, query: &str) -> Value {
    app.expect_as(
        token,
        Method::GET,
        &format!("/api/v1/changes{query}"),
        None,
        200,
    )
    .await
}

fn summary(page: &Value) -> Vec<(String, String, i64)> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| {
            (
                c["type"].as_str().unwrap_or("").to_owned(),
                c["action"].as_str().unwrap_or("").to_owned(),
                c["version"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

async fn the_feed_resumes_from_its_cursor_and_shows_only_what_the_caller_reads(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin");
    let unit = app.unit("DINSOS", "dinas", None).await;
    let employee = app.employee(1, &unit, None).await;
    let path = format!("/api/v1/employees/{employee}");
    assert_eq!(
        app.patch(&path, None, json!({"name": "Nama Baru"}))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.patch(&path, None, json!({"name": "Nama Baru"}))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.patch(&path, None, json!({"status": "inactive"}))
            .await
            .status(),
        200
    );

    let all = feed(&app, &admin, "").await;
    let s = |t: &str, a: &str, v: i64| (t.to_owned(), a.to_owned(), v);
    assert_eq!(
        summary(&all),
        [
            s("unit", "create", 1),
            s("employee", "create", 1),
            s("employee", "update", 2),
            s("employee", "deactivate", 3)
        ],
        "a change that changes nothing is not in the feed"
    );
    let seqs: Vec<i64> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["seq"].as_i64().expect("seq"))
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let cursor = all["next_cursor"].as_str().expect("cursor").to_owned();
    let rest = feed(&app, &admin, &format!("?cursor={cursor}")).await;
    assert_eq!(rest["items"], json!([]));
    assert_eq!(
        rest["next_cursor"],
        cursor.as_str(),
        "nothing new: the same cursor"
    );
    app.unit("BIDANG", "bidang", Some(&unit)).await;
    let new = feed(&app, &admin, &format!("?cursor={cursor}")).await;
    assert_eq!(summary(&new), [s("unit", "create", 1)]);
    let paged = feed(&app, &admin, "?limit=2").await;
    assert_eq!(paged["items"].as_array().map(Vec::len), Some(2));
    let only_units = feed(&app, &admin, "?types=unit").await;
    assert_eq!(only_units["items"].as_array().map(Vec::len), Some(2));

    // Clients follow the types of their read scopes; people other than admin use the resources.
    let client = app.client_token(&["employees:read"]).await;
    let theirs = feed(&app, &client, "").await;
    assert!(summary(&theirs).iter().all(|(t, _, _)| t == "employee"));
    assert_eq!(summary(&theirs).len(), 3);
    let res = app
        .send(
            Method::GET,
            "/api/v1/changes?types=unit",
            Some(&client),
            None,
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;
    // A job following a type that rarely changes still moves on: its cursor is not left
    // behind the changes it does not read.
    let rounds_only = app.client_token(&["assessments:read"]).await;
    let quiet = feed(&app, &rounds_only, "").await;
    assert_eq!(quiet["items"], json!([]));
    let latest = feed(&app, &admin, "").await;
    let items = latest["items"].as_array().expect("items");
    assert_eq!(
        quiet["next_cursor"].as_str(),
        Some(items[items.len() - 1]["seq"].to_string().as_str())
    );
    let none = app.client_token(&["results:read"]).await;
    let res = app
        .send(Method::GET, "/api/v1/changes", Some(&none), None)
        .await;
    assert_problem(res, 403, "forbidden").await;
    let res = app
        .send(
            Method::GET,
            "/api/v1/changes?cursor=abc",
            Some(&admin),
            None,
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;
}

/// Two processes create units and rename them while a job follows the feed: the job sees each
/// change exactly once and, at the end, every one of them.
async fn a_job_reading_while_two_processes_write_sees_every_change_once(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let admin = app.bearer.clone().expect("admin");
    let (_process, second) = app.second_process();
    let root = app.unit("ROOT", "instansi", None).await;
    let start = feed(&app, &admin, "").await["next_cursor"]
        .as_str()
        .expect("cursor")
        .to_owned();
    let writers = [&app, &second].map(|target| {
        let root = root.clone();
        async move {
            let mut made = Vec::new();
            for i in 0..15 {
                let code = format!("U-{}-{i}", target.address);
                let body = json!({"code": code.replace([':', '.', '/'], "-"), "name": "Unit", "kind": "seksi", "parent_id": root});
                let unit = target.create("/api/v1/units", body).await;
                let id = unit["id"].as_str().expect("id").to_owned();
                let res = target.patch(&format!("/api/v1/units/{id}"), None, json!({"name": "Unit baru"})).await;
                assert_eq!(res.status(), 200);
                made.push(id);
            }
            made
        }
    });
    let job = async {
        let mut seen: Vec<Value> = Vec::new();
        let mut cursor = start.clone();
        for _ in 0..400 {
            let page = feed(&app, &admin, &format!("?cursor={cursor}&limit=7")).await;
            seen.extend(page["items"].as_array().expect("items").iter().cloned());
            cursor = page["next_cursor"].as_str().expect("cursor").to_owned();
            if seen.len() >= 60 {
                break;
            }
            tokio::task::yield_now().await;
        }
        (seen, cursor)
    };
    let (made, (mut seen, cursor)) = tokio::join!(futures_util::future::join_all(writers), job);
    // Whatever the job had not reached when the writers stopped, it reads now.
    let tail = feed(&app, &admin, &format!("?cursor={cursor}&limit=1000")).await;
    seen.extend(tail["items"].as_array().expect("items").iter().cloned());
    let mut per_unit: BTreeMap<String, Vec<(String, i64)>> = BTreeMap::new();
    for c in &seen {
        per_unit
            .entry(c["id"].as_str().expect("id").to_owned())
            .or_default()
            .push((
                c["action"].as_str().expect("action").to_owned(),
                c["version"].as_i64().expect("version"),
            ));
    }
    let made: Vec<String> = made.into_iter().flatten().collect();
    assert_eq!(made.len(), 30);
    assert_eq!(per_unit.len(), 30, "every unit, and nothing else");
    for id in &made {
        assert_eq!(
            per_unit.get(id),
            Some(&vec![("create".to_owned(), 1), ("update".to_owned(), 2)]),
            "each change of {id} once, in order"
        );
    }
    let seqs: Vec<i64> = seen
        .iter()
        .map(|c| c["seq"].as_i64().expect("seq"))
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
}

async fn an_old_cursor_is_gone_after_thirty_days(backend: Backend) {
    let clock = kinerja::clock::Clock::fixed(
        chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .expect("a time"),
    );
    let mut app = TestApp::spawn_at(backend, clock.clone()).await;
    app.bearer = Some(app.login("admin", crate::common::ADMIN_PASSWORD).await);
    let admin = app.bearer.clone().expect("admin");
    app.unit("LAMA", "instansi", None).await;
    let first = feed(&app, &admin, "").await;
    assert_eq!(first["items"].as_array().map(Vec::len), Some(1));
    clock.advance(TimeDelta::days(31));
    // Tokens follow the clock too.
    app.bearer = Some(app.login("admin", crate::common::ADMIN_PASSWORD).await);
    let admin = app.bearer.clone().expect("admin");
    app.unit("BARU", "instansi", None).await;
    let res = app
        .send(Method::GET, "/api/v1/changes?cursor=0", Some(&admin), None)
        .await;
    assert_problem(res, 410, "cursor_expired").await;
    // Starting over without a cursor reads what is kept.
    let fresh = feed(&app, &admin, "").await;
    assert_eq!(fresh["items"].as_array().map(Vec::len), Some(1));
    let cursor = first["next_cursor"].as_str().expect("cursor");
    let res = app
        .send(
            Method::GET,
            &format!("/api/v1/changes?cursor={cursor}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(
        res.status(),
        200,
        "a cursor at the edge of what is kept still reads"
    );
}
