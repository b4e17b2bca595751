//! Rules that span rows hold when requests race: versioned writes, the last admin, tree cycles,
//! on one server and across two server processes on one database; and services compose inside
//! an outer transaction.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{ADMIN_PASSWORD, Backend, TestApp, TestDatabase, assert_problem};
use crate::on_both_backends;

on_both_backends!(
    concurrent_patches_with_one_etag_let_exactly_one_win,
    concurrent_patches_across_two_processes_let_exactly_one_win,
    two_admins_demoting_each_other_leave_one_admin,
    two_admins_in_two_processes_demoting_each_other_leave_one_admin,
    crossing_unit_moves_never_make_a_cycle,
    crossing_superior_changes_never_make_a_cycle,
    services_compose_inside_an_outer_transaction,
    edits_racing_moves_keep_everyone_where_the_moves_put_them,
    a_change_that_changes_nothing_is_not_a_change,
    the_clock_is_the_one_the_application_was_given,
);

fn statuses(responses: &[reqwest::Response]) -> (usize, usize, Vec<StatusCode>) {
    let ok = responses.iter().filter(|r| r.status() == 200).count();
    let stale = responses.iter().filter(|r| r.status() == 412).count();
    (ok, stale, responses.iter().map(|r| r.status()).collect())
}

async fn audit_actions(app: &TestApp, entity: &str, id: &str) -> Vec<String> {
    let res = app
        .get(&format!(
            "/api/v1/audit-events?entity_type={entity}&entity_id={id}&limit=200"
        ))
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = res.json().await.expect("json");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["action"].as_str().expect("action").to_owned())
        .collect()
}

/// Sixteen PATCHes of one unit with the same `If-Match`, half of them through `second` when
/// given: exactly one wins, fifteen get 412, and the audit trail holds one update.
async fn race_sixteen_patches(app: &TestApp, second: Option<&TestApp>) {
    let unit = app.unit("RACE", "dinas", None).await;
    let path = format!("/api/v1/units/{unit}");
    let patches = (0..16).map(|i| {
        let via = match second {
            Some(other) if i % 2 == 1 => other,
            _ => app,
        };
        via.patch(&path, Some("\"1\""), json!({"name": format!("Dinas {i}")}))
    });
    let responses = join_all(patches).await;
    let (ok, stale, all) = statuses(&responses);
    assert_eq!((ok, stale), (1, 15), "{all:?}");
    let res = app.get(&path).await;
    assert_eq!(res.headers()["etag"], "\"2\"");
    assert_eq!(
        audit_actions(app, "unit", &unit).await,
        ["create", "update"],
        "one audit event for the one write"
    );
}

async fn concurrent_patches_with_one_etag_let_exactly_one_win(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    race_sixteen_patches(&app, None).await;
}

async fn concurrent_patches_across_two_processes_let_exactly_one_win(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let (_process, second) = app.second_process();
    race_sixteen_patches(&app, Some(&second)).await;
}

async fn user_id(app: &TestApp, token: &str) -> String {
    let res = app
        .send(reqwest::Method::GET, "/api/v1/me", Some(token), None)
        .await;
    let me: Value = res.json().await.expect("json");
    me["id"].as_str().expect("id").to_owned()
}

async fn active_admins(app: &TestApp, token: &str) -> usize {
    let res = app
        .send(
            reqwest::Method::GET,
            "/api/v1/users?role=admin&active=true",
            Some(token),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = res.json().await.expect("json");
    page["items"].as_array().expect("items").len()
}

/// Rounds of: the current admin makes another, then both demote each other at once, the
/// second's request going through `second` when given. One demotion wins each round.
async fn race_demotions(app: &TestApp, second: Option<&TestApp>) {
    let mut survivor = ("admin".to_owned(), app.login("admin", ADMIN_PASSWORD).await);
    for round in 0..3 {
        let name = format!("admin{round}");
        let res = app
            .send(
                reqwest::Method::POST,
                "/api/v1/users",
                Some(&survivor.1),
                Some(
                    &json!({"username": name, "password": "another-admin-pw", "roles": ["admin"]}),
                ),
            )
            .await;
        assert_eq!(res.status(), 201);
        let other = (name.clone(), app.login(&name, "another-admin-pw").await);
        let (a, b) = (
            user_id(app, &survivor.1).await,
            user_id(app, &other.1).await,
        );
        let demote = |via: &TestApp, token: String, target: String| {
            let req = via
                .client
                .patch(via.url(&format!("/api/v1/users/{target}")))
                .bearer_auth(token)
                .header("content-type", "application/merge-patch+json")
                .body(json!({"roles": []}).to_string());
            async move { req.send().await.expect("sent") }
        };
        let (first, last) = tokio::join!(
            demote(app, survivor.1.clone(), b),
            demote(second.unwrap_or(app), other.1.clone(), a)
        );
        // The loser is refused as the last admin, or, when the winner committed before its
        // request was authorised, as no admin any more (its token ended with its roles).
        let codes = [first.status().as_u16(), last.status().as_u16()];
        let refused = |c: u16| c == 409 || c == 401;
        assert!(
            (codes[0] == 200 && refused(codes[1])) || (refused(codes[0]) && codes[1] == 200),
            "round {round}: {codes:?}"
        );
        let loser = if first.status() == 200 { last } else { first };
        if loser.status() == 409 {
            assert_problem(loser, 409, "last_admin").await;
        }
        if codes[0] != 200 {
            survivor = other;
        }
        assert_eq!(active_admins(app, &survivor.1).await, 1, "round {round}");
    }
}

async fn two_admins_demoting_each_other_leave_one_admin(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    race_demotions(&app, None).await;
}

async fn two_admins_in_two_processes_demoting_each_other_leave_one_admin(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_process, second) = app.second_process();
    race_demotions(&app, Some(&second)).await;
}

async fn crossing_unit_moves_never_make_a_cycle(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let (_process, second) = app.second_process();
    let root = app.unit("ROOT", "instansi", None).await;
    for round in 0..3 {
        let a = app.unit(&format!("A{round}"), "dinas", Some(&root)).await;
        let b = app.unit(&format!("B{round}"), "dinas", Some(&root)).await;
        let (path_a, path_b) = (format!("/api/v1/units/{a}"), format!("/api/v1/units/{b}"));
        let (first, last) = tokio::join!(
            app.patch(&path_a, None, json!({"parent_id": b})),
            second.patch(&path_b, None, json!({"parent_id": a})),
        );
        let codes = [first.status().as_u16(), last.status().as_u16()];
        assert!(codes == [200, 422] || codes == [422, 200], "{codes:?}");
        let loser = if first.status() == 422 { first } else { last };
        assert_problem(loser, 422, "validation_failed").await;
        // The tree still hangs from the root: both units are found below it.
        let res = app
            .get(&format!("/api/v1/units?under={root}&limit=200"))
            .await;
        let page: Value = res.json().await.expect("json");
        let found: Vec<&str> = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|u| u["id"].as_str())
            .collect();
        assert!(found.contains(&a.as_str()) && found.contains(&b.as_str()));
    }
}

async fn crossing_superior_changes_never_make_a_cycle(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let (_process, second) = app.second_process();
    let unit = app.unit("DINSOS", "dinas", None).await;
    let top = app.employee(1, &unit, None).await;
    let a = app.employee(2, &unit, Some(&top)).await;
    let b = app.employee(3, &unit, Some(&top)).await;
    let (path_a, path_b) = (
        format!("/api/v1/employees/{a}"),
        format!("/api/v1/employees/{b}"),
    );
    let (first, last) = tokio::join!(
        app.patch(&path_a, None, json!({"supervisor_id": b})),
        second.patch(&path_b, None, json!({"supervisor_id": a})),
    );
    let codes = [first.status().as_u16(), last.status().as_u16()];
    assert!(codes == [200, 422] || codes == [422, 200], "{codes:?}");
    // Everyone is still below the top: the top's subordinates listing finds both.
    let res = app
        .get(&format!("/api/v1/employees?supervisor_id={top}"))
        .await;
    let page: Value = res.json().await.expect("json");
    assert_eq!(page["items"].as_array().expect("items").len(), 1);
}

/// A batch job's outer transaction around services that choose their own isolation: they join
/// it instead of failing, a failing one rolls back only its own part, and all of it commits
/// together.
async fn services_compose_inside_an_outer_transaction(backend: Backend) {
    use kinerja::clock::Clock;
    use kinerja::domain::org::UnitKind;
    use kinerja::domain::plan::{PeriodKind, SubPeriods};
    use kinerja::domain::scoring::Regime;
    use kinerja::org::units::{self, NewUnit, UnitChanges};
    use kinerja::plans::periods::{self, NewPeriod};
    use kinerja::store::audit::Actor;
    use kinerja::store::{IfMatch, Isolation, Work};

    let db = TestDatabase::create(backend);
    let pool = db.migrated_pool();
    let mut conn = pool.get().expect("a connection");
    let mut work = Work::new(&mut conn, Actor::system(), Clock::system());
    let year = |y: i32| {
        let on = |m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        NewPeriod {
            name: format!("Tahun {y}"),
            kind: PeriodKind::Annual,
            starts_on: on(1, 1),
            ends_on: on(12, 31),
            regime: Regime::Pp30_2021,
            uses_360: false,
            sub_periods: SubPeriods::Quarters,
        }
    };
    let unit = |code: &str| NewUnit {
        code: code.into(),
        name: code.into(),
        kind: UnitKind::Dinas,
        parent_id: None,
    };
    let governs = kinerja::auth::policy::Governs::All;
    let (period, overlap) = work
        .transaction(Isolation::Serializable, |work| {
            let period = periods::create(work, year(2027))?;
            let overlap = periods::create(work, year(2027)).map(drop);
            let a = units::create(work, &governs, unit("A"))?;
            let b = units::create(work, &governs, unit("B"))?;
            let moved = UnitChanges {
                parent_id: Some(Some(b.id.clone())),
                ..Default::default()
            };
            units::update(work, &governs, &a.id, moved, &IfMatch::Absent)?;
            Ok((period, overlap))
        })
        .expect("the batch commits");
    assert_eq!(
        overlap.err().map(|e| e.code()),
        Some("period_overlap"),
        "the failing step is refused on its own"
    );
    let stored = kinerja::store::periods::find(&mut conn, &period.id).expect("query");
    assert!(stored.is_some(), "the period committed with the batch");
    let a = kinerja::store::units::find_by_code(&mut conn, "A")
        .expect("query")
        .expect("unit A");
    let b = kinerja::store::units::find_by_code(&mut conn, "B")
        .expect("query")
        .expect("unit B");
    assert_eq!(a.parent_id.as_deref(), Some(b.id.as_str()));
    assert_eq!(a.path, format!("/{}/{}/", b.id, a.id));

    // An outer transaction begun on the connection itself, outside any unit of work.
    use diesel::Connection;
    conn.transaction(|conn| {
        let mut work = Work::new(conn, Actor::system(), Clock::system());
        work.transaction(Isolation::Serializable, |work| {
            periods::create(work, year(2028))
        })
    })
    .expect("a service joins a transaction begun outside any unit of work");
}

async fn a_change_that_changes_nothing_is_not_a_change(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let unit = app.unit("SAME", "dinas", None).await;
    let path = format!("/api/v1/units/{unit}");
    let res = app
        .patch(
            &path,
            Some("\"1\""),
            json!({"code": "SAME", "active": true}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"1\"", "no new version");
    assert_eq!(audit_actions(&app, "unit", &unit).await, ["create"]);
    let res = app
        .patch(&path, Some("\"1\""), json!({"name": "Other"}))
        .await;
    assert_eq!(res.headers()["etag"], "\"2\"");
}

async fn the_clock_is_the_one_the_application_was_given(backend: Backend) {
    let at = chrono::NaiveDate::from_ymd_opt(2027, 3, 1)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("a time");
    let clock = kinerja::clock::Clock::fixed(at);
    let mut app = TestApp::spawn_at(backend, clock.clone()).await;
    app.bearer = Some(app.login("admin", ADMIN_PASSWORD).await);
    let res = app
        .post_json(
            "/api/v1/units",
            &json!({"code": "CLOCK", "name": "Clock", "kind": "dinas"}),
        )
        .await;
    let unit: Value = res.json().await.expect("json");
    assert_eq!(unit["created_at"], "2027-03-01T08:00:00Z");
    clock.advance(chrono::TimeDelta::days(30));
    let res = app
        .patch(
            &format!("/api/v1/units/{}", unit["id"].as_str().expect("id")),
            None,
            json!({"name": "Later"}),
        )
        .await;
    let unit: Value = res.json().await.expect("json");
    assert_eq!(unit["updated_at"], "2027-03-31T08:00:00Z");
}

/// Renames of a unit and of an employee racing the move of the unit above them (through two
/// processes): the moved subtree's paths are never written back stale, so hr of the new parent
/// sees the staff and hr of the old one does not.
async fn edits_racing_moves_keep_everyone_where_the_moves_put_them(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let (_process, second) = app.second_process();
    let root = app.unit("ROOT", "instansi", None).await;
    let left = app.unit("LEFT", "dinas", Some(&root)).await;
    let right = app.unit("RIGHT", "dinas", Some(&root)).await;
    let hr_right = {
        let body = json!({"username": "hr-right", "password": "a-long-password", "roles": ["hr"], "scope_unit_id": right});
        assert_eq!(app.post_json("/api/v1/users", &body).await.status(), 201);
        app.login("hr-right", "a-long-password").await
    };
    for round in 0..4 {
        let bidang = app.unit(&format!("B{round}"), "bidang", Some(&left)).await;
        let seksi = app.unit(&format!("S{round}"), "seksi", Some(&bidang)).await;
        let staff = app.employee(round + 1, &seksi, None).await;
        let (move_path, seksi_path, staff_path) = (
            format!("/api/v1/units/{bidang}"),
            format!("/api/v1/units/{seksi}"),
            format!("/api/v1/employees/{staff}"),
        );
        let (moved, renamed, retitled) = tokio::join!(
            app.patch(&move_path, None, json!({"parent_id": right})),
            second.patch(&seksi_path, None, json!({"name": format!("Seksi {round}")})),
            second.patch(
                &staff_path,
                None,
                json!({"position_title": "Analis Kebijakan"})
            ),
        );
        assert_eq!(
            [moved.status(), renamed.status(), retitled.status()],
            [200, 200, 200]
        );
        let res = app
            .send(reqwest::Method::GET, &staff_path, Some(&hr_right), None)
            .await;
        assert_eq!(
            res.status(),
            200,
            "round {round}: hr of the new parent sees the staff"
        );
        let res = app
            .get(&format!("/api/v1/units?under={right}&limit=200"))
            .await;
        let page: Value = res.json().await.expect("json");
        let under: Vec<&str> = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|u| u["id"].as_str())
            .collect();
        assert!(
            under.contains(&seksi.as_str()),
            "round {round}: the seksi moved along"
        );
    }
}
