//! Listing employees for people and sync jobs: every filter, `updated_since`, and keyset
//! paging that neither misses nor repeats a row while others are inserted and updated.

use std::collections::HashMap;

use futures_util::{StreamExt, stream};
use serde_json::{Value, json};

use crate::common::{Backend, TestApp, assert_problem, nip};
use crate::on_both_backends;

on_both_backends!(
    every_filter_narrows_the_list,
    updated_since_returns_what_changed,
    paging_under_concurrent_writes_sees_every_row_once,
);

async fn person(
    app: &TestApp,
    n: u32,
    name: &str,
    unit: &str,
    supervisor: Option<&str>,
    position_type: &str,
) -> String {
    let created = app
        .create(
            "/api/v1/employees",
            json!({"nip": nip(n), "name": name, "asn_type": "pns", "rank": "III/a",
                   "position_title": "Jabatan", "position_type": position_type,
                   "unit_id": unit, "supervisor_id": supervisor}),
        )
        .await;
    created["id"].as_str().expect("id").to_owned()
}

async fn names(app: &TestApp, query: &str) -> Vec<String> {
    let res = app.get(&format!("/api/v1/employees{query}")).await;
    assert_eq!(res.status(), 200, "{query}");
    let page: Value = res.json().await.expect("json");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["name"].as_str().expect("name").to_owned())
        .collect()
}

async fn every_filter_narrows_the_list(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let dinsos = app.unit("DINSOS", "dinas", None).await;
    let bidang = app.unit("BIDANG", "bidang", Some(&dinsos)).await;
    let kec = app.unit("KEC", "kecamatan", None).await;
    let kadis = person(&app, 1, "Hendra Gunawan", &dinsos, None, "jpt_pratama").await;
    let kabid = person(
        &app,
        2,
        "Rina Marlina",
        &bidang,
        Some(&kadis),
        "administrator",
    )
    .await;
    person(
        &app,
        3,
        "Dedi Kurniawan",
        &bidang,
        Some(&kabid),
        "pelaksana",
    )
    .await;
    let leaver = person(
        &app,
        4,
        "Asep Saepudin",
        &bidang,
        Some(&kabid),
        "fungsional",
    )
    .await;
    person(&app, 5, "Yayan Sopyan", &kec, None, "administrator").await;
    let res = app
        .patch(
            &format!("/api/v1/employees/{leaver}"),
            None,
            json!({"status": "inactive"}),
        )
        .await;
    assert_eq!(res.status(), 200);

    let all = [
        "Hendra Gunawan",
        "Rina Marlina",
        "Dedi Kurniawan",
        "Asep Saepudin",
        "Yayan Sopyan",
    ];
    assert_eq!(names(&app, "").await, all);
    assert_eq!(
        names(&app, &format!("?unit_id={dinsos}")).await,
        ["Hendra Gunawan"]
    );
    assert_eq!(
        names(&app, &format!("?unit_id={dinsos}&include_subunits=true")).await,
        [
            "Hendra Gunawan",
            "Rina Marlina",
            "Dedi Kurniawan",
            "Asep Saepudin"
        ]
    );
    assert_eq!(
        names(&app, &format!("?supervisor_id={kabid}")).await,
        ["Dedi Kurniawan", "Asep Saepudin"]
    );
    assert_eq!(names(&app, "?status=inactive").await, ["Asep Saepudin"]);
    assert_eq!(
        names(&app, &format!("?supervisor_id={kabid}&status=active")).await,
        ["Dedi Kurniawan"]
    );
    assert_eq!(
        names(&app, "?position_type=administrator").await,
        ["Rina Marlina", "Yayan Sopyan"]
    );
    assert_eq!(names(&app, "?q=dedi").await, ["Dedi Kurniawan"]);
    assert_eq!(names(&app, "?q=KURNI").await, ["Dedi Kurniawan"]);
    // Digits match the start of the NIP (the gender digit, 15th, is 1 for even `n`).
    assert_eq!(
        names(&app, &format!("?q={}", nip(3))).await,
        ["Dedi Kurniawan"]
    );
    assert_eq!(
        names(&app, "?q=198503152010011").await,
        ["Rina Marlina", "Asep Saepudin"]
    );
    assert_eq!(names(&app, "?q=19850315").await, all);
    assert_eq!(
        names(&app, "?q=0315").await,
        Vec::<String>::new(),
        "a prefix, not any part"
    );

    let res = app.get("/api/v1/employees?include_subunits=true").await;
    assert_problem(res, 400, "invalid_query_parameter").await;
    let res = app.get("/api/v1/employees?status=retired").await;
    assert_problem(res, 400, "invalid_query_parameter").await;
    let res = app.get("/api/v1/employees?limit=500").await;
    assert_problem(res, 400, "invalid_query_parameter").await;
}

async fn updated_since_returns_what_changed(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let a = app.employee(1, &unit, None).await;
    let b = app.employee(2, &unit, None).await;
    app.employee(3, &unit, None).await;

    let res = app
        .patch(
            &format!("/api/v1/employees/{b}"),
            None,
            json!({"rank": "III/b"}),
        )
        .await;
    let changed: Value = res.json().await.expect("json");
    let since = changed["updated_at"]
        .as_str()
        .expect("updated_at")
        .to_owned();
    let query = |since: &str| format!("?updated_since={}", since.replace('+', "%2B"));
    assert_eq!(names(&app, &query(&since)).await, ["Pegawai 2"]);

    let res = app
        .patch(
            &format!("/api/v1/employees/{a}"),
            None,
            json!({"rank": "III/b"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        names(&app, &query(&since)).await,
        ["Pegawai 1", "Pegawai 2"]
    );
    // Any RFC 3339 offset is understood.
    assert_eq!(
        names(&app, &query("2000-01-01T07:00:00+07:00")).await.len(),
        3
    );
    assert!(names(&app, &query("2999-01-01T00:00:00Z")).await.is_empty());
    let res = app.get("/api/v1/employees?updated_since=yesterday").await;
    let problem = assert_problem(res, 400, "invalid_query_parameter").await;
    assert_eq!(problem["errors"][0]["parameter"], "updated_since");
}

async fn paging_under_concurrent_writes_sees_every_row_once(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let originals: Vec<String> = stream::iter(0..125u32)
        .map(|n| {
            let (app, unit) = (&app, &unit);
            async move { app.employee(n, unit, None).await }
        })
        .buffer_unordered(8)
        .collect()
        .await;

    // While the pager walks through, a writer adds employees and changes originals.
    let writer = async {
        for n in 0..40u32 {
            app.employee(500 + n, &unit, None).await;
            let target = &originals[(n as usize * 7) % originals.len()];
            let res = app
                .patch(
                    &format!("/api/v1/employees/{target}"),
                    None,
                    json!({"rank": "IV/a"}),
                )
                .await;
            assert_eq!(res.status(), 200);
        }
    };
    let pager = async {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/employees?limit=10&cursor={c}"),
                None => "/api/v1/employees?limit=10".to_owned(),
            };
            let page: Value = app.get(&path).await.json().await.expect("json");
            for item in page["items"].as_array().expect("items") {
                *seen
                    .entry(item["id"].as_str().expect("id").to_owned())
                    .or_default() += 1;
            }
            pages += 1;
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        (seen, pages)
    };
    let ((seen, pages), ()) = tokio::join!(pager, writer);
    assert!(pages >= 13, "125 rows at 10 a page: {pages} pages");
    for id in &originals {
        assert_eq!(seen.get(id), Some(&1), "original {id} seen once");
    }
    assert!(seen.values().all(|n| *n == 1), "no row repeated");
}
