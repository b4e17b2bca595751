//! Test harness: the real application on port 0 against a fresh database of either backend.
//!
//! SQLite always runs (a temporary file per test). PostgreSQL runs when
//! `KINERJA_TEST_POSTGRES_URL` names a server: each test creates a uniquely named database there
//! and drops it afterwards. Under CI (`CI` set) a missing PostgreSQL URL fails the tests instead
//! of skipping them.

#![allow(dead_code)]

use std::net::TcpListener;
use std::time::Duration;

use actix_web::web;
use diesel::{Connection, PgConnection, RunQueryDsl};
use kinerja::app::AppState;
use kinerja::db::{self, DatabaseUrl, Manager, Pool};

pub const POSTGRES_URL_VAR: &str = "KINERJA_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Whether this backend can be tested here. PostgreSQL needs its URL; CI must provide it.
    pub fn is_configured(self) -> bool {
        match self {
            Backend::Sqlite => true,
            Backend::Postgres => match std::env::var(POSTGRES_URL_VAR) {
                Ok(url) if !url.trim().is_empty() => true,
                _ if std::env::var_os("CI").is_some() => {
                    panic!(
                        "{POSTGRES_URL_VAR} must be set under CI: the PostgreSQL suite may not be skipped"
                    )
                }
                _ => {
                    eprintln!("PostgreSQL test skipped: set {POSTGRES_URL_VAR} to run it");
                    false
                }
            },
        }
    }
}

/// Runs each listed `async fn name(backend: Backend)` once per backend, as
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if $crate::common::Backend::Postgres.is_configured() {
                        super::$name($crate::common::Backend::Postgres).await
                    }
                }
            )*
        }
    };
}

/// A database that exists for one test and is removed afterwards.
pub struct TestDatabase {
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub fn create(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let path = dir.path().join("kinerja.db");
                TestDatabase {
                    url: DatabaseUrl::Sqlite {
                        path: path.to_string_lossy().into_owned(),
                    },
                    _dir: Some(dir),
                    postgres: None,
                }
            }
            Backend::Postgres => {
                let server_url = std::env::var(POSTGRES_URL_VAR).expect("checked by is_configured");
                let admin_url = with_database(
                    &server_url,
                    url::Url::parse(&server_url)
                        .expect("a postgres:// URL")
                        .path()
                        .trim_start_matches('/'),
                );
                let name = format!("kinerja_test_{}", uuid::Uuid::now_v7().simple());
                let mut admin = PgConnection::establish(&admin_url)
                    .unwrap_or_else(|e| panic!("{POSTGRES_URL_VAR}: cannot connect: {e}"));
                diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut admin)
                    .expect("create the test database");
                TestDatabase {
                    url: DatabaseUrl::Postgres {
                        url: with_database(&admin_url, &name),
                    },
                    _dir: None,
                    postgres: Some((admin_url, name)),
                }
            }
        }
    }

    /// A URL of the same backend that cannot be opened: the database is "down".
    pub fn unreachable(backend: Backend) -> DatabaseUrl {
        match backend {
            Backend::Sqlite => DatabaseUrl::Sqlite {
                path: "/nonexistent-kinerja-dir/sub/kinerja.db".into(),
            },
            Backend::Postgres => {
                let admin_url = std::env::var(POSTGRES_URL_VAR).expect("checked by is_configured");
                DatabaseUrl::Postgres {
                    url: with_database(&admin_url, "kinerja_test_does_not_exist"),
                }
            }
        }
    }

    pub fn migrated_pool(&self) -> Pool {
        db::connect_and_migrate(&self.url, 4, Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("{e}"))
            .0
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = &self.postgres {
            // FORCE ends the app's pooled connections, which may still be open.
            if let Ok(mut admin) = PgConnection::establish(admin_url) {
                let _ =
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut admin);
            }
        }
    }
}

/// The server URL pointed at database `name`. Test connections go to a local server, so TLS and
/// GSSAPI encryption are turned off unless the URL asks for them: their libraries' exit-time
/// cleanup (OpenSSL, Kerberos) races the pool threads that outlive a test and can abort the test
/// process as it exits (seen: `k5_mutex_lock: Assertion 'r == 0' failed` after all tests passed).
fn with_database(server_url: &str, name: &str) -> String {
    let mut url = url::Url::parse(server_url).expect("a postgres:// URL");
    url.set_path(name);
    for key in ["sslmode", "gssencmode"] {
        if !url.query_pairs().any(|(k, _)| k == key) {
            url.query_pairs_mut().append_pair(key, "disable");
        }
    }
    url.to_string()
}

/// The application, serving on a free port.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: Pool,
    pub backend: Backend,
    pub db: Option<TestDatabase>,
    /// The PostgreSQL account-change listener, stopped with the test.
    _listening: Option<kinerja::app::account_changes::Listening>,
    /// Sent as `Authorization: Bearer` by `get`, `post_json` and `post_raw` when set.
    pub bearer: Option<String>,
}

pub const BODY_LIMIT: usize = 1024 * 1024;
/// The signing key and first admin password the test application is configured with.
pub const JWT_SECRET: &str = "test-signing-key-0123456789abcdef0123456789";
pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";

/// The configuration the test application starts with (tokens, first admin).
pub fn test_config(extra: &[(&str, &str)]) -> kinerja::config::Config {
    let vars = [
        ("KINERJA_JWT_SECRET", JWT_SECRET),
        ("KINERJA_ADMIN_PASSWORD", ADMIN_PASSWORD),
    ];
    kinerja::config::Config::from_lookup(|name| {
        extra
            .iter()
            .chain(vars.iter())
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    })
    .expect("a valid test configuration")
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// The application, with requests sent as the first admin.
    pub async fn as_admin(backend: Backend) -> TestApp {
        let mut app = Self::spawn(backend).await;
        app.bearer = Some(app.login("admin", ADMIN_PASSWORD).await);
        app
    }

    /// The access token of a password login (panics unless it succeeds).
    pub async fn login(&self, username: &str, password: &str) -> String {
        let res = self.password_grant(username, password).await;
        access_token(res, &format!("login of {username}")).await
    }

    /// A password grant, form-encoded.
    pub async fn password_grant(&self, username: &str, password: &str) -> reqwest::Response {
        self.token_request(&[
            ("grant_type", "password"),
            ("username", username),
            ("password", password),
        ])
        .await
    }

    /// A client credentials grant with the credentials in the form body.
    pub async fn client_grant(&self, client_id: &str, client_secret: &str) -> reqwest::Response {
        self.token_request(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", client_secret),
        ])
        .await
    }

    /// The access token of a client credentials grant (panics unless it succeeds).
    pub async fn token_for_client(&self, client_id: &str, client_secret: &str) -> String {
        let res = self.client_grant(client_id, client_secret).await;
        access_token(res, &format!("grant of client {client_id}")).await
    }

    /// A form-encoded request to the token endpoint.
    pub async fn token_request(&self, form: &[(&str, &str)]) -> reqwest::Response {
        let body = serde_urlencoded::to_string(form).expect("encodes");
        self.client
            .post(self.url("/api/v1/auth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Any request, with this bearer token (or none), and a JSON body if given.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&serde_json::Value>,
    ) -> reqwest::Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.expect("request sent")
    }

    fn authorized(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.bearer {
            Some(token) => req.bearer_auth(token),
            None => req,
        }
    }

    /// `extra` adds routes for exercising error paths no public route reaches.
    pub async fn spawn_with(backend: Backend, extra: fn(&mut web::ServiceConfig)) -> TestApp {
        Self::spawn_full(backend, |_| {}, extra)
    }

    /// The application reading `clock`, which the test moves instead of waiting.
    pub async fn spawn_at(backend: Backend, clock: kinerja::clock::Clock) -> TestApp {
        Self::spawn_adjusted(backend, |state| state.clock = clock)
    }

    /// The application with its state adjusted as a setting would (`KINERJA_PPPK_CODES`, ...).
    pub fn spawn_adjusted(backend: Backend, adjust: impl FnOnce(&mut AppState)) -> TestApp {
        Self::spawn_full(backend, adjust, |_| {})
    }

    fn spawn_full(
        backend: Backend,
        adjust: impl FnOnce(&mut AppState),
        extra: fn(&mut web::ServiceConfig),
    ) -> TestApp {
        let db = TestDatabase::create(backend);
        let pool = db.migrated_pool();
        let (mut state, _) = kinerja::app::bootstrap::prepare(pool, &test_config(&[]).auth)
            .unwrap_or_else(|e| panic!("{e}"));
        // Tests read the messages in English, the language the code writes them in.
        state.default_language = kinerja::language::Language::English;
        adjust(&mut state);
        let listening = kinerja::app::account_changes::listen(&db.url, &state.confirmations);
        let mut app = Self::serve(backend, state, Some(db), extra);
        app._listening = listening;
        app
    }

    /// A second `kinerja serve` process on this application's database, and a view of this
    /// application that sends its requests there (with the same bearer token).
    pub fn second_process(&self) -> (ServerProcess, TestApp) {
        let url = match &self.db.as_ref().expect("a test database").url {
            DatabaseUrl::Sqlite { path } => path.clone(),
            DatabaseUrl::Postgres { url } => url.clone(),
        };
        let dir = tempfile::tempdir().expect("temporary directory");
        let process = ServerProcess::start(
            dir.path(),
            &[
                ("KINERJA_DATABASE_URL", &url),
                ("KINERJA_JWT_SECRET", JWT_SECRET),
            ],
        );
        let view = TestApp {
            address: process.base.clone(),
            client: self.client.clone(),
            pool: self.pool.clone(),
            backend: self.backend,
            db: None,
            _listening: None,
            bearer: self.bearer.clone(),
        };
        (process, view)
    }

    /// The application with a database that cannot be reached.
    pub async fn spawn_with_database_down(backend: Backend) -> TestApp {
        let url = TestDatabase::unreachable(backend);
        Self::spawn_on(backend, url, Duration::from_millis(300))
    }

    /// The application on a database at `url` it does not migrate or prepare, waiting at most
    /// `connection_timeout` for a connection.
    pub fn spawn_on(backend: Backend, url: DatabaseUrl, connection_timeout: Duration) -> TestApp {
        let pool = Pool::builder()
            .connection_timeout(connection_timeout)
            .build_unchecked(Manager::new(url));
        let state = kinerja::app::AppState {
            pool,
            issuer: kinerja::auth::grants::Issuer {
                tokens: kinerja::auth::jwt::Tokens::new(
                    JWT_SECRET.as_bytes(),
                    Duration::from_secs(900),
                ),
                refresh_ttl: chrono::TimeDelta::days(1),
            },
            pppk_codes: Default::default(),
            clock: kinerja::clock::Clock::system(),
            hasher: kinerja::auth::password::Hasher::new(1, Duration::from_secs(1)),
            login_limits: Default::default(),
            confirmations: std::sync::Arc::new(kinerja::auth::principal::Confirmations::new(
                Duration::from_secs(1),
            )),
            timeouts: Default::default(),
            cors_origins: Vec::new(),
            rate_limiter: kinerja::app::rate_limit::RateLimiter::new(0),
            metrics: Default::default(),
            trusted_proxies: Vec::new(),
            // Tests read the messages in English, the language the code writes them in.
            default_language: kinerja::language::Language::English,
        };
        Self::serve(backend, state, None, |_| {})
    }

    fn serve(
        backend: Backend,
        state: kinerja::app::AppState,
        db: Option<TestDatabase>,
        extra: fn(&mut web::ServiceConfig),
    ) -> TestApp {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = format!("http://{}", listener.local_addr().expect("bound"));
        let pool = state.pool.clone();
        let database_threads = kinerja::app::database_threads(pool.max_size(), 1);
        let state = web::Data::new(state);
        let server = actix_web::HttpServer::new(move || {
            kinerja::app::build(state.clone(), BODY_LIMIT, extra)
        })
        .workers(1)
        .worker_max_blocking_threads(database_threads)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
        tokio::spawn(server);
        TestApp {
            address,
            client: reqwest::Client::builder()
                .no_proxy()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("http client"),
            pool,
            backend,
            db,
            _listening: None,
            bearer: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.authorized(self.client.get(self.url(path)))
            .send()
            .await
            .expect("request sent")
    }

    /// POSTs a body as given, with this content type (for bodies `post_json` cannot send).
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.authorized(self.client.post(self.url(path)))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.authorized(self.client.post(self.url(path)))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }
}

/// The access token of a successful grant (panics, naming `what`, unless it succeeded).
async fn access_token(res: reqwest::Response, what: &str) -> String {
    assert_eq!(res.status(), 200, "{what}");
    let body: serde_json::Value = res.json().await.expect("token JSON");
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}

/// Every message a test provoked must exist in Indonesian too: the server remembers those
/// that do not, and the first test to end after one was answered fails naming it.
impl Drop for TestApp {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let missing = kinerja::language::take_untranslated();
            assert!(
                missing.is_empty(),
                "messages without Indonesian: {missing:#?}"
            );
        }
    }
}

/// Asserts that a response is a problem document with this status and code; returns the body.
pub async fn assert_problem(res: reqwest::Response, status: u16, code: &str) -> serde_json::Value {
    assert_eq!(res.status().as_u16(), status, "status of {}", res.url());
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    assert!(
        res.headers().contains_key("x-request-id"),
        "X-Request-Id missing"
    );
    assert!(
        res.headers().contains_key("content-language"),
        "Content-Language missing"
    );
    let body: serde_json::Value = res.json().await.expect("a JSON problem body");
    assert_eq!(body["status"], status);
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["type"], format!("urn:kinerja:problem:{code}"));
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()));
    body
}

/// A PNS NIP that passes validation, distinct for each `n` below 1000 (sequence digits; the
/// sequence is never 000, so 0 takes 999 with the other gender digit than 999 has).
pub fn nip(n: u32) -> String {
    let sequence = match n % 1000 {
        0 => 999,
        s => s,
    };
    format!("19850315201001{}{sequence:03}", 1 + n % 2)
}

impl TestApp {
    /// Any request as `token`, with a JSON body if given: the status and the JSON answer (null
    /// when there is none).
    pub async fn call_as(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let res = self.send(method, path, Some(token), body.as_ref()).await;
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// [`Self::call_as`], panicking unless the status is `want`.
    pub async fn expect_as(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
        want: u16,
    ) -> serde_json::Value {
        let (status, json) = self.call_as(token, method.clone(), path, body).await;
        assert_eq!(status, want, "{method} {path}: {json}");
        json
    }

    /// POSTs and returns the created resource's JSON (panics unless 201).
    pub async fn create(&self, path: &str, body: serde_json::Value) -> serde_json::Value {
        let res = self.post_json(path, &body).await;
        let status = res.status();
        let json: serde_json::Value = res.json().await.expect("JSON body");
        assert_eq!(status, 201, "POST {path} {body}: {json}");
        json
    }

    /// A merge-patch PATCH as the current bearer, with `If-Match` when given.
    pub async fn patch(
        &self,
        path: &str,
        if_match: Option<&str>,
        body: serde_json::Value,
    ) -> reqwest::Response {
        let mut req = self
            .authorized(self.client.patch(self.url(path)))
            .header("content-type", "application/merge-patch+json")
            .body(body.to_string());
        if let Some(tag) = if_match {
            req = req.header("if-match", tag);
        }
        req.send().await.expect("request sent")
    }

    /// A new client with these scopes, and an access token for it.
    pub async fn client_token(&self, scopes: &[&str]) -> String {
        let created = self
            .create(
                "/api/v1/clients",
                serde_json::json!({"name": "sync", "scopes": scopes}),
            )
            .await;
        self.token_for_client(
            created["client_id"].as_str().expect("id"),
            created["client_secret"].as_str().expect("secret"),
        )
        .await
    }

    /// Calls every (method, path, body) row as every caller (`tokens[i]` for `callers[i]`) and
    /// returns one line per status that differs from the row's expectation. Every refusal
    /// must be problem+json.
    pub async fn access_mismatches<P: AsRef<str>, const N: usize>(
        &self,
        callers: &[&str; N],
        tokens: &[Option<String>],
        table: &[(reqwest::Method, P, Option<&serde_json::Value>, [u16; N])],
    ) -> Vec<String> {
        let mut wrong = Vec::new();
        for (method, path, body, expected) in table {
            let path = path.as_ref();
            for (i, caller) in callers.iter().enumerate() {
                let res = self
                    .send(method.clone(), path, tokens[i].as_deref(), *body)
                    .await;
                let status = res.status().as_u16();
                if status != expected[i] {
                    let problem: serde_json::Value =
                        res.json().await.unwrap_or(serde_json::Value::Null);
                    wrong.push(format!(
                        "{method} {path} as {caller}: {status}, expected {} ({})",
                        expected[i], problem["detail"]
                    ));
                } else if status >= 400 {
                    assert_eq!(
                        res.headers()["content-type"],
                        "application/problem+json",
                        "{method} {path} as {caller}"
                    );
                }
            }
        }
        wrong
    }

    /// Creates an org unit (as the current bearer) and returns its id.
    pub async fn unit(&self, code: &str, kind: &str, parent: Option<&str>) -> String {
        let unit = self
            .create(
                "/api/v1/units",
                serde_json::json!({"code": code, "name": format!("Unit {code}"), "kind": kind, "parent_id": parent}),
            )
            .await;
        unit["id"].as_str().expect("id").to_owned()
    }

    /// Creates an employee with NIP `nip(n)` and returns its id.
    pub async fn employee(&self, n: u32, unit: &str, supervisor: Option<&str>) -> String {
        let employee = self
            .create(
                "/api/v1/employees",
                serde_json::json!({
                    "nip": nip(n), "name": format!("Pegawai {n}"), "asn_type": "pns",
                    "rank": "III/a", "position_title": "Analis", "position_type": "pelaksana",
                    "unit_id": unit, "supervisor_id": supervisor,
                }),
            )
            .await;
        employee["id"].as_str().expect("id").to_owned()
    }
}

/// The (pointer, code) pairs of a validation problem, in order.
pub fn pointers(problem: &serde_json::Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["pointer"].as_str().unwrap_or("").to_owned(),
                e["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// A `kinerja serve` child process on a free port, killed when dropped.
pub struct ServerProcess {
    child: std::process::Child,
    pub base: String,
    lines: std::sync::mpsc::Receiver<String>,
}

impl ServerProcess {
    pub fn start(dir: &std::path::Path, env: &[(&str, &str)]) -> ServerProcess {
        use std::io::BufRead;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kinerja"));
        cmd.arg("serve")
            .current_dir(dir)
            .env("KINERJA_LOG", "error")
            .env("KINERJA_DEFAULT_LANGUAGE", "en")
            .env("KINERJA_BIND", format!("127.0.0.1:{port}"))
            .env_remove("KINERJA_ADMIN_PASSWORD")
            .env_remove("KINERJA_JWT_SECRET")
            .stdout(std::process::Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start kinerja");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                let _ = tx.send(line);
            }
        });
        // Serving starts after migrations and the first-start work; wait for the port to open.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "kinerja did not start"
            );
            std::thread::yield_now();
        }
        ServerProcess {
            child,
            base: format!("http://127.0.0.1:{port}"),
            lines,
        }
    }

    /// What the process has printed on stdout so far.
    pub fn printed(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }

    /// The next line printed on stdout, waiting up to `timeout`.
    pub fn next_line(&self, timeout: Duration) -> Option<String> {
        self.lines.recv_timeout(timeout).ok()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
