//! The `kinerja` binary: start-up failures are one clear line and a non-zero exit code.

use std::process::Command;

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
