//! The `kinerja` binary: start-up failures are one clear line and a non-zero exit code.

use std::process::Command;

use crate::common::ServerProcess;

fn kinerja(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kinerja"));
    cmd.args(args)
        .current_dir(dir.path())
        .env("KINERJA_LOG", "error");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run kinerja");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn unreachable_postgres_stops_start_up_naming_host_port_and_reason() {
    // Port 1 on loopback refuses connections at once.
    let (ok, _, stderr) = kinerja(
        &["serve"],
        &[(
            "KINERJA_DATABASE_URL",
            "postgres://kinerja:secret@127.0.0.1:1/kinerja",
        )],
    );
    assert!(!ok);
    let line = stderr.trim();
    assert_eq!(line.lines().count(), 1, "{stderr}");
    assert!(line.contains("PostgreSQL at 127.0.0.1:1"), "{line}");
    assert!(line.to_lowercase().contains("refused"), "{line}");
    assert!(!line.contains("secret"), "{line}");
}

#[test]
fn unopenable_sqlite_file_stops_start_up() {
    let (ok, _, stderr) = kinerja(
        &["migrate"],
        &[("KINERJA_DATABASE_URL", "/nonexistent-kinerja-dir/k.db")],
    );
    assert!(!ok);
    assert!(
        stderr.contains("SQLite database /nonexistent-kinerja-dir/k.db"),
        "{stderr}"
    );
}

#[test]
fn a_bad_setting_stops_start_up_naming_the_variable() {
    for (var, value) in [
        ("KINERJA_BIND", "everywhere"),
        ("KINERJA_DB_POOL_SIZE", "lots"),
        ("KINERJA_DATABASE_URL", "mysql://h/db"),
    ] {
        let (ok, _, stderr) = kinerja(&["serve"], &[(var, value)]);
        assert!(!ok, "{var}={value} was accepted");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(var), "{stderr}");
    }
}

#[test]
fn migrate_creates_the_default_sqlite_database_and_openapi_prints_the_document() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let status = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .arg("migrate")
        .current_dir(dir.path())
        .env_remove("KINERJA_DATABASE_URL")
        .env("KINERJA_LOG", "error")
        .status()
        .expect("run");
    assert!(status.success());
    assert!(dir.path().join("kinerja.db").exists());

    let (ok, stdout, _) = kinerja(&["openapi"], &[]);
    assert!(ok);
    let printed: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(
        printed, committed,
        "regenerate with `cargo run -q -- openapi > openapi/openapi.json`"
    );
}

#[test]
fn json_logs_are_one_object_per_line() {
    let (ok, _, stderr) = kinerja(
        &["migrate"],
        &[("KINERJA_LOG", "info"), ("KINERJA_LOG_FORMAT", "json")],
    );
    assert!(ok, "{stderr}");
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["level"] == "INFO" && l["fields"]["message"] == "schema is up to date"),
        "{stderr}"
    );
    let (ok, _, stderr) = kinerja(&["migrate"], &[("KINERJA_LOG_FORMAT", "xml")]);
    assert!(!ok);
    assert!(stderr.contains("KINERJA_LOG_FORMAT"), "{stderr}");
}

/// A running `kinerja serve`; killed when dropped.
async fn password_login(base: &str, username: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", username),
            ("password", password),
        ])
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn first_start_prints_a_generated_admin_password_once_and_tokens_survive_restarts() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = ServerProcess::start(dir.path(), &[]);
    let res = password_login(&server.base, "admin", "surely-not-it").await;
    assert_eq!(res.status(), 400);
    let printed = server
        .next_line(std::time::Duration::from_secs(10))
        .unwrap_or_default();
    let password = printed
        .split("generated password: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no generated password printed: {printed:?}"))
        .to_owned();
    assert!(password.len() >= 20);
    let res = password_login(&server.base, "admin", &password).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    let token = body["access_token"].as_str().expect("token").to_owned();
    drop(server);

    // The second start prints nothing, and the first start's token still verifies: the
    // generated signing key was kept in the database.
    let server = ServerProcess::start(dir.path(), &[]);
    let res = reqwest::Client::new()
        .get(format!("{}/api/v1/me", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
    assert_eq!(server.printed(), Vec::<String>::new());
    let stored = std::fs::read(dir.path().join("kinerja.db")).expect("database file");
    assert!(
        !stored
            .windows(password.len())
            .any(|w| w == password.as_bytes()),
        "the password is stored in clear"
    );
}

#[test]
fn create_user_takes_the_password_from_the_environment_or_generates_one() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = dir.path().join("k.db");
    let db = db.to_str().expect("utf-8");
    let (ok, stdout, stderr) = kinerja(
        &[
            "create-user",
            "--username",
            "Siti@Karawangkab.go.id",
            "--role",
            "hr",
            "--role",
            "pyb",
        ],
        &[("KINERJA_DATABASE_URL", db)],
    );
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("\"siti@karawangkab.go.id\" with the generated password: "),
        "{stdout}"
    );

    let (ok, _, stderr) = kinerja(
        &["create-user", "--username", "siti@karawangkab.go.id"],
        &[
            ("KINERJA_DATABASE_URL", db),
            ("KINERJA_ADMIN_PASSWORD", "another-password"),
        ],
    );
    assert!(!ok);
    assert!(stderr.contains("duplicate_username"), "{stderr}");

    let (ok, _, stderr) = kinerja(
        &["create-user", "--role", "root"],
        &[("KINERJA_DATABASE_URL", db)],
    );
    assert!(!ok);
    assert!(stderr.contains("unknown role"), "{stderr}");

    let (ok, _, stderr) = kinerja(&["serve"], &[("KINERJA_ADMIN_PASSWORD", "short")]);
    assert!(!ok);
    assert!(
        stderr.contains("KINERJA_ADMIN_PASSWORD") && !stderr.contains("short\""),
        "{stderr}"
    );
}

/// The README's demo commands, as written: `kinerja demo`, then `kinerja` (serve) in the same
/// directory, then a login with a listed account.
#[tokio::test]
async fn the_demo_command_loads_the_organisation_for_the_next_start() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let run_demo = || {
        let out = Command::new(env!("CARGO_BIN_EXE_kinerja"))
            .arg("demo")
            .current_dir(dir.path())
            .env("KINERJA_LOG", "error")
            .output()
            .expect("run kinerja demo");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let printed = run_demo();
    assert!(printed.contains("30 employees"), "{printed}");
    assert!(printed.contains(kinerja::demo::PASSWORD), "{printed}");
    assert!(printed.contains("demo.hr"), "{printed}");
    assert!(run_demo().contains("already"));

    // The demo made accounts, so the first start generates no admin password.
    let server = ServerProcess::start(dir.path(), &[]);
    let res = password_login(&server.base, "demo.admin", kinerja::demo::PASSWORD).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    let res = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/employees/by-nip/198503152010012003",
            server.base
        ))
        .bearer_auth(body["access_token"].as_str().expect("token"))
        .send()
        .await
        .expect("sent");
    let kasi: serde_json::Value = res.json().await.expect("json");
    assert_eq!(kasi["position_title"], "Kepala Seksi Kesejahteraan Sosial");
    assert_eq!(server.printed(), Vec::<String>::new());
}
