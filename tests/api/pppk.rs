//! PPPK staff: NI PPPK numbers (appointment year and PPPK code where a PNS NIP has the
//! appointment month) and PPPK grades I–XVII, each checked against the employee's ASN type.

use serde_json::{Value, json};

use crate::common::{ADMIN_PASSWORD, Backend, TestApp, assert_problem, nip, pointers};
use crate::on_both_backends;

on_both_backends!(
    ni_pppk_numbers_are_accepted_as_pppk_and_refused_as_pns,
    each_wrong_part_of_an_ni_pppk_is_named,
    sequence_000_and_a_future_birth_date_are_refused_for_both_types,
    a_grade_must_fit_the_asn_type_on_create_and_on_change,
    the_allowed_pppk_codes_are_a_setting,
);

/// Real-shaped NI PPPK numbers: code 21, and 24 (part-time PPPK).
const NI_PPPK: [&str; 3] = [
    "199312282025212001",
    "200012312024211001",
    "199009132025242014",
];

fn new_employee(nip: &str, asn_type: &str, rank: &str, unit: &str) -> Value {
    json!({
        "nip": nip, "name": "Wulan Sari", "asn_type": asn_type, "rank": rank,
        "position_title": "Pengadministrasi Umum", "position_type": "pelaksana", "unit_id": unit,
    })
}

/// POSTs an employee that must be refused; returns the problem's (pointer, code) pairs and its
/// first message.
async fn refused(app: &TestApp, body: &Value) -> (Vec<(String, String)>, String) {
    let res = app.post_json("/api/v1/employees", body).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    let message = problem["errors"][0]["message"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    (pointers(&problem), message)
}

fn at(pointer: &str, code: &str) -> Vec<(String, String)> {
    vec![(pointer.into(), code.into())]
}

async fn ni_pppk_numbers_are_accepted_as_pppk_and_refused_as_pns(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    for number in NI_PPPK {
        let (errors, message) = refused(&app, &new_employee(number, "pns", "III/a", &unit)).await;
        assert_eq!(errors, at("/nip", "nip_appointment_month"), "{number}");
        assert!(message.contains("PPPK"), "{number}: {message}");

        let created = app
            .create(
                "/api/v1/employees",
                new_employee(number, "pppk", "IX", &unit),
            )
            .await;
        assert_eq!(created["nip"], number);
        assert_eq!(created["asn_type"], "pppk");
        assert_eq!(created["rank"], "IX");
        let res = app.get(&format!("/api/v1/employees/by-nip/{number}")).await;
        assert_eq!(res.status(), 200, "{number}");
        assert_eq!(res.json::<Value>().await.expect("json"), created);
    }
    // Spaces between the groups are allowed as for a PNS NIP.
    let created = app
        .create(
            "/api/v1/employees",
            new_employee("19951010 202221 2 007", "pppk", "VII", &unit),
        )
        .await;
    assert_eq!(created["nip"], "199510102022212007");
}

async fn each_wrong_part_of_an_ni_pppk_is_named(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    for (number, code, words) in [
        ("199312282025302001", "nip_pppk_code", "21-29"),
        ("199312282025202001", "nip_pppk_code", "PPPK code"),
        // A PNS appointment month (here January) is not a PPPK code.
        ("198503152010012003", "nip_pppk_code", "PPPK code"),
        // Born 2000: appointed in 2016 at 16, before the year they turned 17.
        ("200012312016211001", "nip_appointment_year", "2017"),
        ("199312282025213001", "nip_gender_digit", "gender"),
    ] {
        let (errors, message) = refused(&app, &new_employee(number, "pppk", "IX", &unit)).await;
        assert_eq!(errors, at("/nip", code), "{number}");
        assert!(message.contains(words), "{number}: {message}");
    }
    app.create(
        "/api/v1/employees",
        new_employee("200012312017211001", "pppk", "V", &unit),
    )
    .await;
}

async fn sequence_000_and_a_future_birth_date_are_refused_for_both_types(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    for (number, asn_type, code, words) in [
        ("198503152010011000", "pns", "nip_sequence", "000"),
        ("199312282025212000", "pppk", "nip_sequence", "000"),
        ("209001012110011001", "pns", "nip_birth_date", "future"),
        ("209001012110211001", "pppk", "nip_birth_date", "future"),
    ] {
        let rank = if asn_type == "pns" { "III/a" } else { "IX" };
        let (errors, message) = refused(&app, &new_employee(number, asn_type, rank, &unit)).await;
        assert_eq!(errors, at("/nip", code), "{number} as {asn_type}");
        assert!(message.contains(words), "{number}: {message}");
    }
    let listed: Value = app
        .get("/api/v1/employees")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(listed["items"], json!([]), "nothing was written");
}

async fn a_grade_must_fit_the_asn_type_on_create_and_on_change(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("DINSOS", "dinas", None).await;
    let pns_nip = nip(1);
    let (errors, message) = refused(&app, &new_employee(&pns_nip, "pns", "V", &unit)).await;
    assert_eq!(errors, at("/rank", "rank_mismatch"));
    assert!(message.contains("I/a to IV/e"), "{message}");
    let (errors, message) = refused(&app, &new_employee(NI_PPPK[0], "pppk", "III/a", &unit)).await;
    assert_eq!(errors, at("/rank", "rank_mismatch"));
    assert!(message.contains("I to XVII"), "{message}");

    let pns = app
        .create(
            "/api/v1/employees",
            new_employee(&pns_nip, "pns", "III/a", &unit),
        )
        .await;
    let pppk = app
        .create(
            "/api/v1/employees",
            new_employee(NI_PPPK[0], "pppk", "IX", &unit),
        )
        .await;
    let path = |e: &Value| format!("/api/v1/employees/{}", e["id"].as_str().expect("id"));
    let refused_change = |e: &Value, change: Value| {
        let path = path(e);
        let app = &app;
        async move {
            let res = app.patch(&path, None, change).await;
            pointers(&assert_problem(res, 422, "validation_failed").await)
        }
    };
    let both = |first: (&str, &str), second: (&str, &str)| {
        vec![
            (first.0.to_owned(), first.1.to_owned()),
            (second.0.to_owned(), second.1.to_owned()),
        ]
    };

    assert_eq!(
        refused_change(&pns, json!({"rank": "V"})).await,
        at("/rank", "rank_mismatch")
    );
    assert_eq!(
        refused_change(&pppk, json!({"rank": "III/a"})).await,
        at("/rank", "rank_mismatch")
    );
    // Changing the ASN type alone re-checks the grade and reads the NIP the new type's way.
    assert_eq!(
        refused_change(&pns, json!({"asn_type": "pppk"})).await,
        both(("/rank", "rank_mismatch"), ("/asn_type", "nip_pppk_code"))
    );
    assert_eq!(
        refused_change(&pppk, json!({"asn_type": "pns"})).await,
        both(
            ("/rank", "rank_mismatch"),
            ("/asn_type", "nip_appointment_month")
        )
    );
    assert_eq!(
        refused_change(&pppk, json!({"asn_type": "pns", "rank": "III/a"})).await,
        at("/asn_type", "nip_appointment_month")
    );
    for e in [&pns, &pppk] {
        let res = app.get(&path(e)).await;
        assert_eq!(res.json::<Value>().await.expect("json"), *e, "unchanged");
    }

    // Within the employee's own scale a grade changes as before.
    let res = app.patch(&path(&pppk), None, json!({"rank": "X"})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.expect("json")["rank"], "X");
    let res = app.patch(&path(&pns), None, json!({"rank": "III/b"})).await;
    assert_eq!(res.status(), 200);
}

/// `KINERJA_PPPK_CODES=21`: full-time PPPK only; the part-time code 24 is refused.
async fn the_allowed_pppk_codes_are_a_setting(backend: Backend) {
    let mut app = TestApp::spawn_adjusted(backend, |state| {
        state.pppk_codes = "21".parse().expect("a code list");
    });
    app.bearer = Some(app.login("admin", ADMIN_PASSWORD).await);
    let unit = app.unit("DINSOS", "dinas", None).await;
    let (errors, message) = refused(
        &app,
        &new_employee("199009132025242014", "pppk", "IX", &unit),
    )
    .await;
    assert_eq!(errors, at("/nip", "nip_pppk_code"));
    assert!(message.contains("21"), "{message}");
    let res = app
        .post_json(
            "/api/v1/employees",
            &new_employee(NI_PPPK[0], "pppk", "IX", &unit),
        )
        .await;
    assert_eq!(res.status(), 201);
}
