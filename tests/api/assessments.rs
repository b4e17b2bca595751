//! 360° rounds end to end on an organisation with a superior, four peers and three
//! subordinates around one assessee: raters drawn from the structure, answers, close, every
//! number of the result recomputed by hand for both regimes, and probes that try to pair a
//! rater with an answer as every kind of caller.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Backend, TestApp, assert_problem, nip, pointers};
use crate::on_both_backends;

on_both_backends!(
    raters_follow_the_structure_and_change_only_in_a_draft,
    a_pp30_result_suppresses_a_small_group_and_redistributes_its_weight,
    a_2022_result_suggests_a_rating_and_never_names_an_author,
    answers_are_checked_per_field_and_only_while_open,
    results_are_readable_by_the_assessee_their_superiors_and_hr_only,
    a_round_closes_by_itself_at_closes_at,
    answers_racing_a_close_never_change_a_published_result,
);

const PASSWORD: &str = "account-password";

/// Kadis K → superior S (administrator) → the assessee X (pengawas) and peers P1–P4
/// (pelaksana); X → subordinates B1–B3; a stranger in another office. Everyone has an account.
struct Circle {
    app: TestApp,
    dinsos: String,
    ids: BTreeMap<&'static str, String>,
    tokens: BTreeMap<&'static str, String>,
    hr: String,
}

const PEOPLE: [&str; 10] = ["K", "S", "X", "P1", "P2", "P3", "P4", "B1", "B2", "B3"];

impl Circle {
    fn id(&self, who: &str) -> &str {
        &self.ids[who]
    }

    fn token(&self, who: &str) -> &str {
        if who == "hr" {
            &self.hr
        } else {
            &self.tokens[who]
        }
    }

    async fn call(
        &self,
        who: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.app.call_as(self.token(who), method, path, body).await
    }

    async fn ok(
        &self,
        who: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        want: u16,
    ) -> Value {
        let (status, json) = self.call(who, method.clone(), path, body).await;
        assert_eq!(status, want, "{method} {path} as {who}: {json}");
        json
    }

    async fn period(&self, year: i32, regime: &str) -> String {
        let p = self
            .app
            .create(
                "/api/v1/periods",
                json!({"name": format!("SKP {year}"), "starts_on": format!("{year}-01-01"),
                    "ends_on": format!("{year}-12-31"), "regime": regime, "uses_360": true}),
            )
            .await;
        p["id"].as_str().expect("id").to_owned()
    }

    async fn round(&self, body: Value) -> Value {
        self.ok(
            "hr",
            Method::POST,
            "/api/v1/assessment-rounds",
            Some(body),
            201,
        )
        .await
    }

    async fn step(&self, round: &str, step: &str) -> Value {
        let path = format!("/api/v1/assessment-rounds/{round}/{step}");
        self.ok("hr", Method::POST, &path, None, 200).await
    }

    /// `rater`'s task about `assessee` in `round`.
    async fn task(&self, rater: &str, round: &str, assessee: &str) -> Value {
        let tasks = self
            .ok(
                rater,
                Method::GET,
                "/api/v1/me/assessment-tasks?limit=200",
                None,
                200,
            )
            .await;
        tasks["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|t| t["round_id"] == round && t["assessee"]["id"] == self.id(assessee))
            .unwrap_or_else(|| panic!("{rater} has no task about {assessee}: {tasks}"))
            .clone()
    }

    async fn answer(&self, rater: &str, round: &str, assessee: &str, body: Value) -> Value {
        let task = self.task(rater, round, assessee).await;
        let path = format!(
            "/api/v1/assessment-tasks/{}/response",
            task["id"].as_str().expect("id")
        );
        self.ok(rater, Method::PUT, &path, Some(body), 200).await
    }

    fn result_path(&self, round: &str, who: &str) -> String {
        format!("/api/v1/assessment-rounds/{round}/results/{}", self.id(who))
    }
}

async fn circle(backend: Backend) -> Circle {
    circle_on(TestApp::as_admin(backend).await).await
}

/// The circle built by the admin of `app`.
async fn circle_on(app: TestApp) -> Circle {
    let pemkab = app.unit("PEMKAB", "instansi", None).await;
    let dinsos = app.unit("DINSOS", "dinas", Some(&pemkab)).await;
    let other = app.unit("DINKES", "dinas", Some(&pemkab)).await;
    let mut ids: BTreeMap<&'static str, String> = BTreeMap::new();
    let superior_of = |who: &str| match who {
        "K" => None,
        "S" => Some("K"),
        "X" | "P1" | "P2" | "P3" | "P4" => Some("S"),
        _ => Some("X"),
    };
    let position = |who: &str| match who {
        "K" => "jpt_pratama",
        "S" => "administrator",
        "X" => "pengawas",
        _ => "pelaksana",
    };
    for (n, who) in PEOPLE.iter().enumerate() {
        let supervisor = superior_of(who).map(|s| ids[s].clone());
        let e = app
            .create(
                "/api/v1/employees",
                json!({"nip": nip(n as u32 + 1), "name": format!("Pegawai {who}"), "asn_type": "pns",
                    "rank": "III/a", "position_title": format!("Jabatan {who}"),
                    "position_type": position(who), "unit_id": dinsos, "supervisor_id": supervisor}),
            )
            .await;
        ids.insert(who, e["id"].as_str().expect("id").to_owned());
    }
    let stranger = app.employee(50, &other, None).await;
    ids.insert("stranger", stranger);
    let mut tokens = BTreeMap::new();
    for (who, id) in &ids {
        app.create(
            "/api/v1/users",
            json!({"employee_id": id, "password": PASSWORD}),
        )
        .await;
        let username = if *who == "stranger" {
            nip(50)
        } else {
            nip(PEOPLE.iter().position(|p| p == who).expect("listed") as u32 + 1)
        };
        tokens.insert(*who, app.login(&username, PASSWORD).await);
    }
    app.create(
        "/api/v1/users",
        json!({"username": "hr", "password": PASSWORD, "roles": ["hr"], "scope_unit_id": dinsos}),
    )
    .await;
    let hr = app.login("hr", PASSWORD).await;
    Circle {
        app,
        dinsos,
        ids,
        tokens,
        hr,
    }
}

fn scores(values: [u32; 5]) -> Value {
    json!({"aspects": {"orientasi_pelayanan": values[0], "komitmen": values[1],
        "inisiatif_kerja": values[2], "kerja_sama": values[3], "kepemimpinan": values[4]}})
}

fn four_scores(values: [u32; 4]) -> Value {
    json!({"aspects": {"orientasi_pelayanan": values[0], "komitmen": values[1],
        "inisiatif_kerja": values[2], "kerja_sama": values[3]}})
}

/// All seven values rated `rating`, with `overrides` (value, rating, feedback).
fn ratings(rating: &str, overrides: &[(&str, &str, Option<&str>)]) -> Value {
    let mut values = serde_json::Map::new();
    for v in [
        "berorientasi_pelayanan",
        "akuntabel",
        "kompeten",
        "harmonis",
        "loyal",
        "adaptif",
        "kolaboratif",
    ] {
        values.insert(v.into(), json!({"rating": rating}));
    }
    for (v, r, feedback) in overrides {
        values.insert((*v).into(), json!({"rating": r, "feedback": feedback}));
    }
    json!({ "values": values })
}

fn group<'a>(result: &'a Value, name: &str) -> &'a Value {
    result["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["group"] == name)
        .unwrap_or_else(|| panic!("no group {name}: {result}"))
}

async fn raters_follow_the_structure_and_change_only_in_a_draft(backend: Backend) {
    let c = circle(backend).await;
    let period = c.period(2026, "pp30_2021").await;
    let round = c
        .round(json!({"period_id": period, "name": "360 2026", "unit_id": c.dinsos}))
        .await;
    assert_eq!(round["status"], "draft");
    assert_eq!(round["regime"], "pp30_2021");
    assert_eq!(
        round["weights"],
        json!({"supervisor": 50, "peer": 30, "subordinate": 20, "self": 0})
    );
    assert_eq!(round["min_raters"], 3);
    assert_eq!(round["assessees"], 10);
    let id = round["id"].as_str().expect("id");
    let path = format!(
        "/api/v1/assessment-rounds/{id}/assignments?limit=200&assessee_id={}",
        c.id("X")
    );
    let listed = c.ok("hr", Method::GET, &path, None, 200).await;
    let mut raters: Vec<(String, String)> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| {
            let who = c
                .ids
                .iter()
                .find(|(_, v)| **v == a["rater_id"])
                .map(|(k, _)| *k)
                .expect("known");
            assert_eq!(a["answered"], false);
            // Who rates whom and whether they answered: nothing else.
            let keys: Vec<&String> = a.as_object().expect("object").keys().collect();
            assert_eq!(keys, ["answered", "assessee_id", "group", "id", "rater_id"]);
            (
                a["group"].as_str().expect("group").to_owned(),
                who.to_owned(),
            )
        })
        .collect();
    raters.sort();
    let expected: Vec<(String, String)> = [
        ("peer", "P1"),
        ("peer", "P2"),
        ("peer", "P3"),
        ("peer", "P4"),
        ("self", "X"),
        ("subordinate", "B1"),
        ("subordinate", "B2"),
        ("subordinate", "B3"),
        ("supervisor", "S"),
    ]
    .iter()
    .map(|(g, w)| ((*g).to_owned(), (*w).to_owned()))
    .collect();
    assert_eq!(raters, expected);
    // The kadis has no superior, so no peers either: their subordinate S and themselves.
    let k_path = format!(
        "/api/v1/assessment-rounds/{id}/assignments?assessee_id={}",
        c.id("K")
    );
    assert_eq!(
        c.ok("hr", Method::GET, &k_path, None, 200).await["items"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    // A group is what the rater is to the assessee, and nobody who reads X's result (S, K)
    // hides among the anonymous groups.
    let add = format!("/api/v1/assessment-rounds/{id}/assignments");
    for (rater, group, code) in [
        ("K", "peer", "reads_results"),
        ("S", "subordinate", "not_subordinate"),
        ("P1", "supervisor", "not_superior"),
        ("B1", "peer", "not_peer"),
    ] {
        let body = json!({"assessee_id": c.id("X"), "rater_id": c.id(rater), "group": group});
        let (status, problem) = c.call("hr", Method::POST, &add, Some(body)).await;
        assert_eq!(status, 422, "{rater} as {group}: {problem}");
        assert_eq!(pointers(&problem), [("/group".to_owned(), code.to_owned())]);
    }
    // Admin adds a colleague from another office as an extra peer of X, and hr removes P4.
    let body = json!({"assessee_id": c.id("X"), "rater_id": c.id("stranger"), "group": "peer"});
    let admin = c.app.bearer.clone().expect("admin");
    let res = c
        .app
        .send(Method::POST, &add, Some(&admin), Some(&body))
        .await;
    assert_eq!(res.status(), 201);
    let added: Value = res.json().await.expect("json");
    let res = c
        .app
        .send(Method::POST, &add, Some(&admin), Some(&body))
        .await;
    let dup = assert_problem(res, 409, "duplicate_rater").await;
    assert!(dup["detail"].is_string());
    let mismatch = json!({"assessee_id": c.id("X"), "rater_id": c.id("P1"), "group": "self"});
    let (status, problem) = c.call("hr", Method::POST, &add, Some(mismatch)).await;
    assert_eq!(status, 422);
    assert_eq!(
        pointers(&problem),
        [("/group".to_owned(), "group_mismatch".to_owned())]
    );
    let p4 = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["rater_id"] == c.id("P4"))
        .expect("P4 rates X");
    let remove = format!("{add}/{}", p4["id"].as_str().expect("id"));
    c.ok("hr", Method::DELETE, &remove, None, 204).await;
    let (status, _) = c.call("hr", Method::DELETE, &remove, None).await;
    assert_eq!(status, 404);

    // Once open, the raters are fixed.
    let opened = c.step(id, "open").await;
    assert_eq!(opened["status"], "open");
    let late = json!({"assessee_id": c.id("X"), "rater_id": c.id("P4"), "group": "peer"});
    let (status, problem) = c.call("hr", Method::POST, &add, Some(late)).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("round_not_draft"))
    );
    let removal = format!("{add}/{}", added["id"].as_str().expect("id"));
    let (status, problem) = c.call("hr", Method::DELETE, &removal, None).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("round_not_draft"))
    );
    let weights = json!({"weights": {"supervisor": 60, "peer": 20, "subordinate": 20, "self": 0}});
    let res = c
        .app
        .send(
            Method::PATCH,
            &format!("/api/v1/assessment-rounds/{id}"),
            Some(c.token("hr")),
            Some(&weights),
        )
        .await;
    assert_problem(res, 409, "round_not_draft").await;
    // P4 no longer has X as a task; the kadis does.
    let p4_tasks = c
        .ok("P4", Method::GET, "/api/v1/me/assessment-tasks", None, 200)
        .await;
    assert!(
        p4_tasks["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|t| t["assessee"]["id"] != c.id("X"))
    );
    let k_task = c.task("stranger", id, "X").await;
    assert_eq!(k_task["group"], "peer");
    assert_eq!(k_task["assessee"]["name"], "Pegawai X");
    assert_eq!(k_task["assessee"]["position_title"], "Jabatan X");
    // X is a pengawas: leadership is asked.
    let keys: Vec<&str> = k_task["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["key"].as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "orientasi_pelayanan",
            "komitmen",
            "inisiatif_kerja",
            "kerja_sama",
            "kepemimpinan"
        ]
    );
    let p1_task = c.task("X", id, "P1").await;
    assert_eq!(
        p1_task["items"].as_array().map(Vec::len),
        Some(4),
        "a pelaksana is not asked about leadership"
    );
}

async fn a_pp30_result_suppresses_a_small_group_and_redistributes_its_weight(backend: Backend) {
    let c = circle(backend).await;
    let period = c.period(2026, "pp30_2021").await;
    let round = c
        .round(json!({"period_id": period, "name": "360 2026", "unit_id": c.dinsos}))
        .await;
    let id = round["id"].as_str().expect("id").to_owned();
    c.step(&id, "open").await;
    c.answer("S", &id, "X", scores([100, 90, 80, 110, 100]))
        .await;
    c.answer("P1", &id, "X", scores([90, 90, 90, 90, 90])).await;
    c.answer("P2", &id, "X", scores([80, 85, 95, 100, 70]))
        .await;
    c.answer("P3", &id, "X", scores([100, 70, 60, 90, 80]))
        .await;
    // P4 first answers low, then changes the answer: only the latest counts.
    c.answer("P4", &id, "X", scores([10, 10, 10, 10, 10])).await;
    let changed = c
        .answer("P4", &id, "X", scores([110, 95, 85, 100, 100]))
        .await;
    assert_eq!(
        changed["response"],
        scores([110, 95, 85, 100, 100]),
        "the rater reads their own answer back"
    );
    // Two subordinates of three: fewer than min_raters, so they must not count at all.
    c.answer("B1", &id, "X", scores([0, 0, 0, 0, 0])).await;
    c.answer("B2", &id, "X", scores([120, 120, 120, 120, 120]))
        .await;
    c.answer("X", &id, "X", scores([120, 120, 120, 120, 120]))
        .await;
    let (status, problem) = c
        .call("hr", Method::GET, &c.result_path(&id, "X"), None)
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("round_not_closed"))
    );

    let closed = c.step(&id, "close").await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["answered"], 8);
    let result = c
        .ok("X", Method::GET, &c.result_path(&id, "X"), None, 200)
        .await;
    assert_eq!(result["regime"], "pp30_2021");
    let sub = group(&result, "subordinate");
    assert_eq!(
        (sub["answered"].as_u64(), sub["shown"].as_bool()),
        (Some(2), Some(false))
    );
    assert_eq!(sub["means"], Value::Null);
    assert_eq!(sub["weight_applied"], Value::Null);
    // Shown: supervisor 50 and peer 30 of 80 → 62.5 and 37.5; self (weight 0) → 0.
    assert_eq!(group(&result, "supervisor")["weight_applied"], 62.5);
    assert_eq!(group(&result, "peer")["weight_applied"], 37.5);
    assert_eq!(group(&result, "self")["weight_applied"], 0.0);
    assert_eq!(group(&result, "self")["shown"], true);
    // Peer means: (90+80+100+110)/4 = 95, (90+85+70+95)/4 = 85, (90+95+60+85)/4 = 82.5,
    // (90+100+90+100)/4 = 95, (90+70+80+100)/4 = 85.
    assert_eq!(
        group(&result, "peer")["means"],
        json!({"orientasi_pelayanan": 95.0, "komitmen": 85.0, "inisiatif_kerja": 82.5, "kerja_sama": 95.0, "kepemimpinan": 85.0})
    );
    // (50 × supervisor + 30 × peer) / 80, half-up: 98.125 → 98.13, 88.125 → 88.13,
    // 80.9375 → 80.94, 104.375 → 104.38, 94.375 → 94.38.
    assert_eq!(
        result["aspects"],
        json!({"orientasi_pelayanan": 98.13, "komitmen": 88.13, "inisiatif_kerja": 80.94, "kerja_sama": 104.38, "kepemimpinan": 94.38})
    );
    // (98.13 + 88.13 + 80.94 + 104.38 + 94.38) / 5 = 93.192 → 93.19
    assert_eq!(result["behaviour_score"], 93.19);
    assert_eq!(result["values"], Value::Null);
    assert!(
        result["explanation"]
            .as_str()
            .expect("text")
            .contains("subordinate suppressed")
    );
}

async fn a_2022_result_suggests_a_rating_and_never_names_an_author(backend: Backend) {
    let c = circle(backend).await;
    let period = c.period(2027, "permenpan6_2022").await;
    let round = c
        .round(json!({"period_id": period, "name": "360 2027", "employee_ids": [c.id("X")]}))
        .await;
    assert_eq!(round["regime"], "permenpan6_2022");
    assert_eq!(round["assessees"], 1);
    assert_eq!(round["unit_id"], Value::Null);
    assert_eq!(round["scope_unit_id"], c.dinsos.as_str());
    let id = round["id"].as_str().expect("id").to_owned();
    c.step(&id, "open").await;
    let task = c.task("P1", &id, "X").await;
    assert_eq!(task["items"].as_array().map(Vec::len), Some(7));
    assert_eq!(task["items"][0]["answer"], "rating");
    c.answer(
        "S",
        &id,
        "X",
        ratings(
            "above",
            &[("akuntabel", "above", Some("SECRET-SUP Laporan tepat waktu"))],
        ),
    )
    .await;
    // P1 answers first with the text that sorts last.
    c.answer(
        "P1",
        &id,
        "X",
        ratings("above", &[("harmonis", "above", Some("zz SECRET-P1"))]),
    )
    .await;
    c.answer(
        "P2",
        &id,
        "X",
        ratings("meets", &[("harmonis", "meets", Some("aa SECRET-P2"))]),
    )
    .await;
    c.answer(
        "P3",
        &id,
        "X",
        ratings("above", &[("akuntabel", "below", None)]),
    )
    .await;
    for b in ["B1", "B2", "B3"] {
        c.answer(b, &id, "X", ratings("meets", &[])).await;
    }
    c.step(&id, "close").await;
    let result = c
        .ok("S", Method::GET, &c.result_path(&id, "X"), None, 200)
        .await;
    // Supervisor 3; peers (3+2+3)/3 = 2.67 (akuntabel (3+2+1)/3 = 2); subordinates 2.
    assert_eq!(group(&result, "peer")["means"]["loyal"], 2.67);
    assert_eq!(group(&result, "peer")["means"]["akuntabel"], 2.0);
    assert_eq!(group(&result, "supervisor")["weight_applied"], 50.0);
    assert_eq!(group(&result, "subordinate")["weight_applied"], 20.0);
    // Per value (50 × 3 + 30 × 2.67 + 20 × 2) / 100 = 2.701 → 2.7; akuntabel (150 + 60 + 40)
    // / 100 = 2.5.
    assert_eq!(result["values"]["loyal"], 2.7);
    assert_eq!(result["values"]["akuntabel"], 2.5);
    // (6 × 2.7 + 2.5) / 7 = 2.671… → 2.67 ≥ 2.5: above.
    assert_eq!(result["value_mean"], 2.67);
    assert_eq!(result["suggested_rating"], "above");
    assert_eq!(result["behaviour_score"], Value::Null);
    // Feedback without author, in content order (P1 wrote first, its text sorts last).
    assert_eq!(
        group(&result, "peer")["feedback"],
        json!([{"value": "harmonis", "text": "aa SECRET-P2"}, {"value": "harmonis", "text": "zz SECRET-P1"}])
    );
    assert_eq!(
        group(&result, "supervisor")["feedback"],
        json!([{"value": "akuntabel", "text": "SECRET-SUP Laporan tepat waktu"}])
    );

    // The texts appear nowhere else: not in the assignments hr reads, the round, other raters'
    // tasks, or anywhere in the audit trail (admin reads all of it).
    let mut seen = Vec::new();
    for (who, path) in [
        (
            "hr",
            format!("/api/v1/assessment-rounds/{id}/assignments?limit=200"),
        ),
        ("hr", format!("/api/v1/assessment-rounds/{id}")),
        ("P2", "/api/v1/me/assessment-tasks".to_owned()),
        ("X", "/api/v1/me/assessment-tasks".to_owned()),
    ] {
        seen.push((
            who,
            path.clone(),
            c.ok(who, Method::GET, &path, None, 200).await.to_string(),
        ));
    }
    let mut cursor = String::new();
    loop {
        let page: Value = c
            .app
            .get(&format!("/api/v1/audit-events?limit=200{cursor}"))
            .await
            .json()
            .await
            .expect("json");
        seen.push(("admin", "/api/v1/audit-events".into(), page.to_string()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    for (who, path, text) in &seen {
        assert!(
            !text.contains("SECRET"),
            "{who} reads an answer at {path}: {text}"
        );
    }
    let audit = seen
        .iter()
        .find(|(w, _, _)| *w == "admin")
        .expect("audit")
        .2
        .clone();
    assert!(
        audit.contains("\"answer\""),
        "the audit trail records that answers were given"
    );
}

async fn answers_are_checked_per_field_and_only_while_open(backend: Backend) {
    let c = circle(backend).await;
    let period = c.period(2026, "pp30_2021").await;
    for (body, pointer, code) in [
        (
            json!({"weights": {"supervisor": 50, "peer": 30, "subordinate": 30, "self": 0}}),
            "/weights",
            "weights_sum",
        ),
        (
            json!({"weights": {"supervisor": -5, "peer": 30, "subordinate": 30, "self": 45}}),
            "/weights/supervisor",
            "out_of_range",
        ),
        (json!({"min_raters": 1}), "/min_raters", "out_of_range"),
        (
            json!({"employee_ids": [c.id("X")]}),
            "/employee_ids",
            "population_ambiguous",
        ),
        (
            json!({"closes_at": "2001-01-01T00:00:00Z"}),
            "/closes_at",
            "in_past",
        ),
    ] {
        let mut full = json!({"period_id": period, "name": "bad", "unit_id": c.dinsos});
        full.as_object_mut()
            .expect("object")
            .extend(body.as_object().expect("object").clone());
        let (status, problem) = c
            .call("hr", Method::POST, "/api/v1/assessment-rounds", Some(full))
            .await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(pointers(&problem), [(pointer.to_owned(), code.to_owned())]);
    }
    let outside = json!({"period_id": period, "name": "bad", "employee_ids": [c.id("stranger"), c.id("X"), c.id("X")]});
    let (status, problem) = c
        .call(
            "hr",
            Method::POST,
            "/api/v1/assessment-rounds",
            Some(outside),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        pointers(&problem),
        [("/employee_ids/2".to_owned(), "duplicate".to_owned())]
    );
    let outside =
        json!({"period_id": period, "name": "bad", "employee_ids": [c.id("stranger"), c.id("X")]});
    let (_, problem) = c
        .call(
            "hr",
            Method::POST,
            "/api/v1/assessment-rounds",
            Some(outside),
        )
        .await;
    assert_eq!(
        pointers(&problem),
        [("/employee_ids/0".to_owned(), "unknown_employee".to_owned())]
    );

    // Text holding NUL is refused at its pointer (no database can store it).
    let nul = json!({"period_id": period, "name": "a\u{0}b", "unit_id": c.dinsos});
    let (status, problem) = c
        .call("hr", Method::POST, "/api/v1/assessment-rounds", Some(nul))
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        pointers(&problem),
        [("/name".to_owned(), "nul_character".to_owned())]
    );
    let round = c
        .round(json!({"period_id": period, "name": "360", "employee_ids": [c.id("X"), c.id("P1")]}))
        .await;
    let id = round["id"].as_str().expect("id").to_owned();
    // Draft: the rater sees no task yet, and answering is refused.
    let tasks = c
        .ok("S", Method::GET, "/api/v1/me/assessment-tasks", None, 200)
        .await;
    assert_eq!(tasks["items"], json!([]));
    let listed = c
        .ok(
            "hr",
            Method::GET,
            &format!(
                "/api/v1/assessment-rounds/{id}/assignments?rater_id={}&assessee_id={}",
                c.id("S"),
                c.id("X")
            ),
            None,
            200,
        )
        .await;
    let task_path = format!(
        "/api/v1/assessment-tasks/{}/response",
        listed["items"][0]["id"].as_str().expect("id")
    );
    let res = c
        .app
        .send(
            Method::PUT,
            &task_path,
            Some(c.token("S")),
            Some(&scores([1, 1, 1, 1, 1])),
        )
        .await;
    assert_problem(res, 409, "round_not_open").await;
    c.step(&id, "open").await;
    // Someone else's task does not exist for them.
    let res = c
        .app
        .send(
            Method::PUT,
            &task_path,
            Some(c.token("P1")),
            Some(&scores([1, 1, 1, 1, 1])),
        )
        .await;
    assert_problem(res, 404, "not_found").await;
    for (body, expected) in [
        (
            json!({"aspects": {"orientasi_pelayanan": 121, "komitmen": 95.5, "inisiatif_kerja": 80, "kerja_sama": 80, "jujur": 3}}),
            vec![
                ("/aspects/jujur", "unknown_aspect"),
                ("/aspects/komitmen", "out_of_range"),
                ("/aspects/orientasi_pelayanan", "out_of_range"),
                ("/aspects/kepemimpinan", "required"),
            ],
        ),
        (
            ratings("meets", &[]),
            vec![("/values", "wrong_regime"), ("/aspects", "required")],
        ),
    ] {
        let res = c
            .app
            .send(Method::PUT, &task_path, Some(c.token("S")), Some(&body))
            .await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
            .collect();
        assert_eq!(pointers(&problem), want);
    }
    // A pelaksana is not asked about leadership.
    let p1 = c.task("S", &id, "P1").await;
    let p1_path = format!(
        "/api/v1/assessment-tasks/{}/response",
        p1["id"].as_str().expect("id")
    );
    let res = c
        .app
        .send(
            Method::PUT,
            &p1_path,
            Some(c.token("S")),
            Some(&scores([90, 90, 90, 90, 90])),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        pointers(&problem),
        [(
            "/aspects/kepemimpinan".to_owned(),
            "not_applicable".to_owned()
        )]
    );
    // Refused answers stored nothing; a good one is stored once, and sending it again is no
    // change (same version).
    assert_eq!(c.task("S", &id, "X").await["response"], Value::Null);
    let first = c
        .ok(
            "S",
            Method::PUT,
            &task_path,
            Some(scores([90, 90, 90, 90, 90])),
            200,
        )
        .await;
    let again = c
        .ok(
            "S",
            Method::PUT,
            &task_path,
            Some(scores([90, 90, 90, 90, 90])),
            200,
        )
        .await;
    assert_eq!(first["version"], again["version"]);
    let stale = c
        .app
        .client
        .put(c.app.url(&task_path))
        .bearer_auth(c.token("S"))
        .header("if-match", "\"1\"")
        .json(&scores([80, 80, 80, 80, 80]))
        .send()
        .await
        .expect("sent");
    assert_problem(stale, 412, "stale_version").await;
    c.four_scores_are_refused_for_x(&task_path).await;
    c.step(&id, "close").await;
    let res = c
        .app
        .send(
            Method::PUT,
            &task_path,
            Some(c.token("S")),
            Some(&scores([1, 1, 1, 1, 1])),
        )
        .await;
    assert_problem(res, 409, "round_not_open").await;
    // Closing twice changes nothing; opening a closed round is refused.
    let again = c.step(&id, "close").await;
    assert_eq!(
        again["version"],
        round["version"].as_i64().expect("version") + 2
    );
    let res = c
        .app
        .send(
            Method::POST,
            &format!("/api/v1/assessment-rounds/{id}/open"),
            Some(c.token("hr")),
            None,
        )
        .await;
    assert_problem(res, 409, "round_not_draft").await;
}

impl Circle {
    async fn four_scores_are_refused_for_x(&self, task_path: &str) {
        let res = self
            .app
            .send(
                Method::PUT,
                task_path,
                Some(self.token("S")),
                Some(&four_scores([1, 1, 1, 1])),
            )
            .await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(
            pointers(&problem),
            [("/aspects/kepemimpinan".to_owned(), "required".to_owned())]
        );
    }
}

async fn results_are_readable_by_the_assessee_their_superiors_and_hr_only(backend: Backend) {
    let c = circle(backend).await;
    let period = c.period(2026, "pp30_2021").await;
    let round = c
        .round(json!({"period_id": period, "name": "360", "unit_id": c.dinsos}))
        .await;
    let id = round["id"].as_str().expect("id").to_owned();
    c.step(&id, "open").await;
    c.step(&id, "close").await;
    let with_scope = c.app.client_token(&["assessments:read"]).await;
    let without = c.app.client_token(&["employees:read"]).await;
    let path = c.result_path(&id, "X");
    for (who, token, want) in [
        ("X", c.token("X"), 200),
        ("S", c.token("S"), 200),
        ("K", c.token("K"), 200),
        ("hr", c.token("hr"), 200),
        ("client with assessments:read", with_scope.as_str(), 200),
        ("P1 (a peer)", c.token("P1"), 404),
        ("B1 (a subordinate)", c.token("B1"), 404),
        ("stranger", c.token("stranger"), 404),
        ("client without the scope", without.as_str(), 403),
    ] {
        let res = c.app.send(Method::GET, &path, Some(token), None).await;
        assert_eq!(res.status().as_u16(), want, "{who}");
    }
    // Managing rounds: hr and admin; a person 403; a client 403; the list needs the scope.
    let admin = c.app.bearer.clone().expect("admin");
    let rounds = "/api/v1/assessment-rounds";
    for (who, token, want) in [
        ("admin", admin.as_str(), 200),
        ("hr", c.token("hr"), 200),
        ("client with scope", with_scope.as_str(), 200),
        ("X", c.token("X"), 403),
        ("client without", without.as_str(), 403),
    ] {
        let res = c.app.send(Method::GET, rounds, Some(token), None).await;
        assert_eq!(res.status().as_u16(), want, "list rounds as {who}");
    }
    let body = json!({"period_id": period, "name": "x", "unit_id": c.dinsos});
    for token in [c.token("X"), with_scope.as_str()] {
        let res = c
            .app
            .send(Method::POST, rounds, Some(token), Some(&body))
            .await;
        assert_problem(res, 403, "forbidden").await;
    }
    // Hr of another office sees none of it.
    let dinkes = c
        .app
        .get("/api/v1/units?q=DINKES")
        .await
        .json::<Value>()
        .await
        .expect("json")["items"][0]["id"]
        .clone();
    c.app.create("/api/v1/users", json!({"username": "hr2", "password": PASSWORD, "roles": ["hr"], "scope_unit_id": dinkes})).await;
    let hr2 = c.app.login("hr2", PASSWORD).await;
    for (method, path) in [
        (Method::GET, format!("{rounds}/{id}")),
        (Method::GET, format!("{rounds}/{id}/assignments")),
        (Method::GET, format!("{rounds}/{id}/results")),
        (Method::GET, path.clone()),
        (Method::POST, format!("{rounds}/{id}/close")),
    ] {
        let res = c.app.send(method.clone(), &path, Some(&hr2), None).await;
        assert_eq!(
            res.status().as_u16(),
            404,
            "{method} {path} as hr of another office"
        );
    }
    let listed = c
        .app
        .send(Method::GET, rounds, Some(&hr2), None)
        .await
        .json::<Value>()
        .await
        .expect("json");
    assert_eq!(listed["items"], json!([]));
    let res = c
        .app
        .send(Method::POST, rounds, Some(&hr2), Some(&body))
        .await;
    assert_problem(res, 403, "forbidden").await;
    // Hr lists every assessee's result.
    let all = c
        .ok(
            "hr",
            Method::GET,
            &format!("{rounds}/{id}/results?limit=4"),
            None,
            200,
        )
        .await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(4));
    assert!(all["next_cursor"].is_string());
    // Nobody answered: every group is absent and there is no score.
    assert_eq!(all["items"][0]["behaviour_score"], Value::Null);
}

async fn a_round_closes_by_itself_at_closes_at(backend: Backend) {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("time");
    let clock = kinerja::clock::Clock::fixed(at);
    let mut app = TestApp::spawn_at(backend, clock.clone()).await;
    app.bearer = Some(app.login("admin", crate::common::ADMIN_PASSWORD).await);
    let c = circle_on(app).await;
    let period = c.period(2026, "pp30_2021").await;
    let round = c
        .round(json!({"period_id": period, "name": "360", "employee_ids": [c.id("P1")], "closes_at": "2026-11-30T17:00:00Z"}))
        .await;
    let id = round["id"].as_str().expect("id").to_owned();
    c.step(&id, "open").await;
    c.answer("S", &id, "P1", four_scores([100, 100, 100, 100]))
        .await;
    let task = c.task("P2", &id, "P1").await;
    let path = format!(
        "/api/v1/assessment-tasks/{}/response",
        task["id"].as_str().expect("id")
    );
    clock.set(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .and_then(|d| d.and_hms_opt(17, 0, 0))
            .expect("time"),
    );
    let res = c
        .app
        .send(
            Method::PUT,
            &path,
            Some(c.token("P2")),
            Some(&four_scores([1, 1, 1, 1])),
        )
        .await;
    assert_problem(res, 409, "round_not_open").await;
    let read = c
        .ok(
            "hr",
            Method::GET,
            &format!("/api/v1/assessment-rounds/{id}"),
            None,
            200,
        )
        .await;
    assert_eq!(read["status"], "closed");
    assert_eq!(read["closed_at"], "2026-11-30T17:00:00Z");
    let tasks = c
        .ok("P2", Method::GET, "/api/v1/me/assessment-tasks", None, 200)
        .await;
    assert_eq!(tasks["items"], json!([]));
    let result = c
        .ok("P1", Method::GET, &c.result_path(&id, "P1"), None, 200)
        .await;
    assert_eq!(result["behaviour_score"], 100.0);
}

async fn answers_racing_a_close_never_change_a_published_result(backend: Backend) {
    let c = circle(backend).await;
    let period = c.period(2026, "pp30_2021").await;
    let round = c
        .round(json!({"period_id": period, "name": "race", "unit_id": c.dinsos, "min_raters": 2}))
        .await;
    let id = round["id"].as_str().expect("id").to_owned();
    c.step(&id, "open").await;
    let mut paths = Vec::new();
    for rater in ["S", "P1", "P2", "P3", "P4", "B1", "B2", "B3", "X"] {
        let task = c.task(rater, &id, "X").await;
        paths.push((
            rater,
            format!(
                "/api/v1/assessment-tasks/{}/response",
                task["id"].as_str().expect("id")
            ),
        ));
    }
    let answers = paths.iter().map(|(rater, path)| {
        let app = &c.app;
        let token = c.token(rater).to_owned();
        async move {
            app.send(
                Method::PUT,
                path,
                Some(&token),
                Some(&scores([100, 100, 100, 100, 100])),
            )
            .await
            .status()
            .as_u16()
        }
    });
    let close = async {
        c.app
            .send(
                Method::POST,
                &format!("/api/v1/assessment-rounds/{id}/close"),
                Some(c.token("hr")),
                None,
            )
            .await
            .status()
            .as_u16()
    };
    let (statuses, closed) = tokio::join!(futures_util::future::join_all(answers), close);
    assert_eq!(closed, 200);
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    let accepted = statuses.iter().filter(|s| **s == 200).count() as u64;
    let result = c
        .ok("hr", Method::GET, &c.result_path(&id, "X"), None, 200)
        .await;
    let answered: u64 = result["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|g| g["answered"].as_u64())
        .sum();
    assert_eq!(
        answered, accepted,
        "every acknowledged answer counts, and no other"
    );
    let again = c
        .ok("hr", Method::GET, &c.result_path(&id, "X"), None, 200)
        .await;
    assert_eq!(result, again);
}
