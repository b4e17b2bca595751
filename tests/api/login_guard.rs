//! The limits on password checks: failures slow down the address that made them, never the
//! person trying from elsewhere; concurrent guesses count each other; an address has its own
//! limit; admin unlocks; hashing is bounded (503 when no turn frees up); and a session's access
//! tokens end at once on logout, password change and role change.

use std::net::IpAddr;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{ADMIN_PASSWORD, Backend, TestApp, assert_problem};
use crate::on_both_backends;

on_both_backends!(
    failed_logins_slow_the_guessing_address_not_the_owner,
    concurrent_guesses_are_counted_before_they_are_checked,
    an_address_over_its_limit_waits_and_admin_unlocks_a_username,
    hashing_is_bounded_and_a_login_without_a_turn_gets_503,
    logout_and_password_change_end_access_tokens_at_once,
    a_logout_through_another_process_ends_tokens_within_the_recheck_time,
    behind_a_trusted_proxy_each_forwarded_client_counts_apart,
);

/// A client whose connections come from `ip` (any 127.x address reaches the loopback server).
fn client_at(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .local_address(ip.parse::<IpAddr>().ok())
        .build()
        .expect("http client")
}

/// A password login of `username` through `client`, ready to send.
fn login_request(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
) -> reqwest::RequestBuilder {
    let form = [
        ("grant_type", "password"),
        ("username", username),
        ("password", password),
    ];
    client
        .post(app.url("/api/v1/auth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(form).expect("encodes"))
}

async fn login_from(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
) -> reqwest::Response {
    login_request(app, client, username, password)
        .send()
        .await
        .expect("sent")
}

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds")
}

fn fixed_clock() -> kinerja::clock::Clock {
    kinerja::clock::Clock::fixed(kinerja::clock::Clock::system().now())
}

async fn failed_logins_slow_the_guessing_address_not_the_owner(backend: Backend) {
    let clock = fixed_clock();
    let app = TestApp::spawn_at(backend, clock.clone()).await;
    let (guesser, owner) = (client_at("127.0.0.1"), client_at("127.0.0.2"));
    for _ in 0..5 {
        let res = login_from(&app, &guesser, "admin", "wrong-password-x").await;
        assert_eq!(res.status(), 400);
    }
    // The guessing address waits 2^4 s after its fifth failure, even with the right password.
    let res = login_from(&app, &guesser, "admin", ADMIN_PASSWORD).await;
    assert_eq!(retry_after(&res), 16);
    let body = assert_problem(res, 429, "too_many_attempts").await;
    assert_eq!(body["error"], "invalid_grant");
    // The person at another desk is not locked out by someone else's guesses.
    let res = login_from(&app, &owner, "admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200);
    // Nor is any other username from the guessing address.
    let res = login_from(&app, &guesser, "someone", "wrong-password-x").await;
    assert_eq!(res.status(), 400);
    // Each further failure doubles the wait: 16 s, then 32 s.
    clock.advance(chrono::TimeDelta::seconds(16));
    let res = login_from(&app, &guesser, "admin", "wrong-password-y").await;
    assert_eq!(res.status(), 400);
    let res = login_from(&app, &guesser, "admin", ADMIN_PASSWORD).await;
    assert_eq!((res.status().as_u16(), retry_after(&res)), (429, 32));
    clock.advance(chrono::TimeDelta::seconds(32));
    let res = login_from(&app, &guesser, "admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200);
}

async fn concurrent_guesses_are_counted_before_they_are_checked(backend: Backend) {
    let app = TestApp::spawn_at(backend, fixed_clock()).await;
    let guesser = client_at("127.0.0.3");
    let guesses = (0..20).map(|i| {
        let (app, guesser) = (&app, &guesser);
        async move { login_from(app, guesser, "admin", &format!("guess-{i}")).await }
    });
    let statuses: Vec<u16> = futures_util::future::join_all(guesses)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    let checked = statuses.iter().filter(|s| **s == 400).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, 20, "{statuses:?}");
    assert!(
        (1..=5).contains(&checked),
        "{checked} passwords checked: {statuses:?}"
    );
}

async fn an_address_over_its_limit_waits_and_admin_unlocks_a_username(backend: Backend) {
    let clock = fixed_clock();
    let app = TestApp::spawn_at(backend, clock.clone()).await;
    let admin = app.login("admin", ADMIN_PASSWORD).await;
    let me = app
        .expect_as(&admin, Method::GET, "/api/v1/me", None, 200)
        .await;
    // 30 failures from one address on 30 usernames: the 31st attempt waits for the window.
    let sprayer = client_at("127.0.0.4");
    for n in 0..30 {
        let res = login_from(&app, &sprayer, &format!("user{n}"), "wrong-password").await;
        assert_eq!(res.status(), 400);
    }
    let res = login_from(&app, &sprayer, "user99", "wrong-password").await;
    assert_eq!((res.status().as_u16(), retry_after(&res)), (429, 900));
    // Another address is not affected.
    let res = login_from(&app, &client_at("127.0.0.5"), "user99", "wrong-password").await;
    assert_eq!(res.status(), 400);

    // Admin clears a username's failures: its guessing address may try again at once.
    let desk = client_at("127.0.0.6");
    for _ in 0..5 {
        login_from(&app, &desk, "admin", "wrong-password").await;
    }
    let res = login_from(&app, &desk, "admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 429);
    let path = format!("/api/v1/users/{}/unlock", me["id"].as_str().unwrap_or(""));
    let unlocked = app.expect_as(&admin, Method::POST, &path, None, 200).await;
    assert_eq!(unlocked["cleared"], 5);
    let res = login_from(&app, &desk, "admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200);
    // Only admin unlocks.
    let account =
        json!({"username": "hr.unlock", "password": "kata-sandi-rahasia", "roles": ["hr"]});
    let hr = app
        .expect_as(&admin, Method::POST, "/api/v1/users", Some(account), 201)
        .await;
    let hr_token = app.login("hr.unlock", "kata-sandi-rahasia").await;
    let path = format!("/api/v1/users/{}/unlock", hr["id"].as_str().unwrap_or(""));
    let (status, _) = app.call_as(&hr_token, Method::POST, &path, None).await;
    assert_eq!(status, 403);
}

async fn hashing_is_bounded_and_a_login_without_a_turn_gets_503(backend: Backend) {
    // One hash at a time and no waiting for a turn: of eight logins at once (of eight
    // usernames, unknown ones are checked too) some must be turned away, with Retry-After.
    let app = TestApp::spawn_adjusted(backend, |state| {
        state.hasher = kinerja::auth::password::Hasher::new(1, Duration::ZERO);
    });
    let logins = (0..8).map(|n| {
        let app = &app;
        async move {
            app.password_grant(&format!("user{n}"), "wrong-password")
                .await
        }
    });
    let answers = futures_util::future::join_all(logins).await;
    let mut busy = 0;
    for res in answers {
        match res.status().as_u16() {
            400 => {}
            503 => {
                assert_eq!(retry_after(&res), 1);
                assert_problem(res, 503, "server_busy").await;
                busy += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!((1..8).contains(&busy), "{busy} of 8 turned away");
    let res = app.password_grant("admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200, "the next login gets its turn");
}

async fn me(app: &TestApp, token: &str) -> u16 {
    app.call_as(token, Method::GET, "/api/v1/me", None).await.0
}

/// A new account without roles, logged in: its (access, refresh) tokens.
async fn new_person_logged_in(app: &TestApp, username: &str) -> (String, String) {
    app.create(
        "/api/v1/users",
        json!({"username": username, "password": "kata-sandi-rahasia", "roles": []}),
    )
    .await;
    let tokens: Value = app
        .password_grant(username, "kata-sandi-rahasia")
        .await
        .json()
        .await
        .expect("json");
    let token = |name: &str| tokens[name].as_str().expect(name).to_owned();
    (token("access_token"), token("refresh_token"))
}

/// Revokes a refresh token (logout): the status.
async fn logout(app: &TestApp, refresh: &str) -> u16 {
    app.client
        .post(app.url("/api/v1/auth/revoke"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={refresh}"))
        .send()
        .await
        .expect("sent")
        .status()
        .as_u16()
}

async fn logout_and_password_change_end_access_tokens_at_once(backend: Backend) {
    let app = TestApp::as_admin(backend).await;
    let (access, refresh) = new_person_logged_in(&app, "pegawai.satu").await;
    assert_eq!(me(&app, &access).await, 200);
    assert_eq!(logout(&app, &refresh).await, 200);
    assert_eq!(
        me(&app, &access).await,
        401,
        "logged out: the access token is dead"
    );

    // A wrong current password is a counted failure; the right one changes it and ends the
    // session's access token.
    let access = app.login("pegawai.satu", "kata-sandi-rahasia").await;
    let change =
        |current: &str| json!({"current_password": current, "new_password": "kata-sandi-baru-456"});
    let (status, problem) = app
        .call_as(
            &access,
            Method::POST,
            "/api/v1/me/password",
            Some(change("wrong-current-1")),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let (status, _) = app
        .call_as(
            &access,
            Method::POST,
            "/api/v1/me/password",
            Some(change("kata-sandi-rahasia")),
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        me(&app, &access).await,
        401,
        "the password changed: the token is dead"
    );
    let access = app.login("pegawai.satu", "kata-sandi-baru-456").await;
    assert_eq!(me(&app, &access).await, 200);
    // Five wrong current passwords from one address, then it must wait.
    for n in 0..5 {
        let (status, _) = app
            .call_as(
                &access,
                Method::POST,
                "/api/v1/me/password",
                Some(change(&format!("wrong-{n}"))),
            )
            .await;
        assert_eq!(status, 422);
    }
    let (status, problem) = app
        .call_as(
            &access,
            Method::POST,
            "/api/v1/me/password",
            Some(change("kata-sandi-baru-456")),
        )
        .await;
    assert_eq!(status, 429, "{problem}");
}

/// A read trusts a token it confirmed for `KINERJA_TOKEN_RECHECK_MS` (1 s) unless an account
/// changed. A logout made through another server process on the same database: on PostgreSQL
/// its notification ends the confirmation as it commits; on SQLite it is seen when the time has
/// passed. (This process's own account writes end it at once: see the test above.)
async fn a_logout_through_another_process_ends_tokens_within_the_recheck_time(backend: Backend) {
    let clock = kinerja::clock::Clock::fixed(chrono::Utc::now().naive_utc());
    let mut app = TestApp::spawn_at(backend, clock.clone()).await;
    app.bearer = Some(app.login("admin", ADMIN_PASSWORD).await);
    let (access, refresh) = new_person_logged_in(&app, "pegawai.dua").await;
    assert_eq!(me(&app, &access).await, 200, "confirmed by this process");

    let (_process, other) = app.second_process();
    assert_eq!(
        logout(&other, &refresh).await,
        200,
        "logged out through the other process"
    );
    assert_eq!(me(&other, &access).await, 401, "dead in the other process");
    match backend {
        // The clock stands still: only the notification can end the confirmation.
        Backend::Postgres => {
            let noticed = tokio::time::timeout(Duration::from_secs(5), async {
                while me(&app, &access).await != 401 {
                    tokio::task::yield_now().await;
                }
            });
            assert!(
                noticed.await.is_ok(),
                "the other process's logout was not noticed"
            );
        }
        Backend::Sqlite => {
            assert_eq!(
                me(&app, &access).await,
                200,
                "this process trusts its confirmation until the recheck time has passed"
            );
            clock.advance(chrono::TimeDelta::milliseconds(1000));
            assert_eq!(
                me(&app, &access).await,
                401,
                "then it asks and finds it dead"
            );
        }
    }
}

async fn login_forwarded(app: &TestApp, forwarded_for: &str, password: &str) -> u16 {
    login_request(app, &app.client, "admin", password)
        .header("x-forwarded-for", forwarded_for)
        .send()
        .await
        .expect("sent")
        .status()
        .as_u16()
}

async fn behind_a_trusted_proxy_each_forwarded_client_counts_apart(backend: Backend) {
    let clock = fixed_clock();
    let trusting = TestApp::spawn_adjusted(backend, |state| {
        state.clock = clock.clone();
        state.trusted_proxies = vec!["127.0.0.1".parse().expect("a network")];
    });
    for _ in 0..5 {
        assert_eq!(
            login_forwarded(&trusting, "203.0.113.1", "wrong-password").await,
            400
        );
    }
    assert_eq!(
        login_forwarded(&trusting, "203.0.113.1", ADMIN_PASSWORD).await,
        429
    );
    // Another client behind the same proxy is not the guesser.
    assert_eq!(
        login_forwarded(&trusting, "203.0.113.2", ADMIN_PASSWORD).await,
        200
    );

    // Not trusting the proxy, the header is ignored: a guesser cannot escape by forging it.
    let wary = TestApp::spawn_at(backend, fixed_clock()).await;
    for n in 0..5 {
        let forged = format!("198.51.100.{n}");
        assert_eq!(login_forwarded(&wary, &forged, "wrong-password").await, 400);
    }
    assert_eq!(
        login_forwarded(&wary, "198.51.100.99", ADMIN_PASSWORD).await,
        429
    );
}
