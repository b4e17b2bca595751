//! The demo organisation: loads once, on either backend, and every demo account sees what its
//! role allows.

use kinerja::demo::{self, Outcome};
use serde_json::Value;

use crate::common::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(the_demo_loads_once_and_each_account_sees_its_part);

async fn visible(app: &TestApp, username: &str) -> Vec<String> {
    let token = app.login(username, demo::PASSWORD).await;
    let res = app
        .send(
            reqwest::Method::GET,
            "/api/v1/employees?limit=200",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(res.status(), 200, "{username}");
    let page: Value = res.json().await.expect("json");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["position_title"].as_str().expect("title").to_owned())
        .collect()
}

async fn the_demo_loads_once_and_each_account_sees_its_part(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let mut conn = app.pool.get().expect("connection");
    let outcome = demo::load(&mut conn).expect("loads");
    assert_eq!(
        outcome,
        Outcome::Loaded {
            units: 17,
            employees: 30,
            accounts: 7
        }
    );
    assert_eq!(
        demo::load(&mut conn).expect("second run"),
        Outcome::AlreadyLoaded
    );
    drop(conn);

    let units: Value = app
        .get("/api/v1/units?q=kelurahan")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        units["items"].as_array().expect("items").len(),
        8,
        "Karawang Barat's kelurahan"
    );

    assert_eq!(visible(&app, "demo.admin").await.len(), 30);
    let hr = visible(&app, "demo.hr").await;
    assert_eq!(hr.len(), 14, "the Dinas Sosial staff: {hr:?}");
    assert!(hr.contains(&"Kepala Dinas Sosial".to_owned()));
    assert!(!hr.iter().any(|t| t.starts_with("Lurah")));
    assert_eq!(visible(&app, "demo.pyb").await.len(), 30);
    assert!(visible(&app, "demo.konselor").await.is_empty());
    // The Kepala Seksi Kesejahteraan Sosial: herself, the Camat above, her two staff below.
    let mut kasi = visible(&app, "198503152010012003").await;
    kasi.sort();
    assert_eq!(
        kasi,
        [
            "Camat Karawang Barat",
            "Kepala Seksi Kesejahteraan Sosial",
            "Pengadministrasi Bantuan Sosial",
            "Pengelola Kesejahteraan Sosial",
        ]
    );

    // The 2026 period and an open 360° round for Kecamatan Karawang Barat: the Kasi Kesos's
    // staff member has her to rate (as a subordinate) and himself.
    let periods: Value = app.get("/api/v1/periods").await.json().await.expect("json");
    assert_eq!(periods["items"][0]["name"], "SKP 2026");
    let rounds: Value = app
        .get("/api/v1/assessment-rounds")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(rounds["items"][0]["status"], "open");
    assert_eq!(rounds["items"][0]["assessees"], 16);
    let rudi = app.login("199203102015031001", demo::PASSWORD).await;
    let tasks: Value = app
        .send(
            reqwest::Method::GET,
            "/api/v1/me/assessment-tasks",
            Some(&rudi),
            None,
        )
        .await
        .json()
        .await
        .expect("json");
    let mut rated: Vec<(String, String)> = tasks["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| {
            (
                t["group"].as_str().unwrap_or_default().to_owned(),
                t["assessee"]["position_title"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    rated.sort();
    assert_eq!(
        rated,
        [
            ("peer".into(), "Pengadministrasi Bantuan Sosial".into()),
            ("self".into(), "Pengelola Kesejahteraan Sosial".into()),
            (
                "subordinate".into(),
                "Kepala Seksi Kesejahteraan Sosial".into()
            ),
        ]
    );
}
