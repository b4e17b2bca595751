//! The clients vendors generate from the OpenAPI document, used as a vendor would: generated
//! TypeScript (openapi-typescript + openapi-fetch) and Python (openapi-python-client) clients
//! log in, page employees, meet a typed 412 and 422, and create and submit a plan against the
//! real server (`scripts/client-scenario`). The generators are installed by
//! `scripts/setup --clients`; without them the test is skipped with a note, except under CI.

use reqwest::Method;

use crate::common::{ADMIN_PASSWORD, Backend};
use crate::on_both_backends;
use crate::plans::{PASSWORD, org};

fn generators_installed(root: &std::path::Path) -> bool {
    let tools = root.join("tools/clients");
    let installed = tools.join("node_modules/.bin/openapi-typescript").exists()
        && tools.join(".venv/bin/openapi-python-client").exists();
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "the client generators must be installed under CI: scripts/setup --clients"
        );
        eprintln!("generated-client scenario skipped: run scripts/setup --clients to include it");
    }
    installed
}

on_both_backends!(generated_typescript_and_python_clients_run_a_vendor_scenario);

async fn generated_typescript_and_python_clients_run_a_vendor_scenario(backend: Backend) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if !generators_installed(root) {
        return;
    }
    let o = org(backend).await;
    let users = o
        .app
        .expect_as(
            o.app.bearer.as_deref().expect("admin"),
            Method::GET,
            "/api/v1/users?limit=100",
            None,
            200,
        )
        .await;
    let username_of = |employee: &str| {
        users["items"]
            .as_array()
            .and_then(|users| users.iter().find(|u| u["employee_id"] == employee))
            .and_then(|u| u["username"].as_str())
            .expect("the person's account")
            .to_owned()
    };
    // One plan per person and period: each client plans for a person of its own.
    for (client, employee) in [("typescript", &o.staff), ("python", &o.kasi)] {
        let mut command = std::process::Command::new(root.join("scripts/client-scenario"));
        command
            .arg(client)
            .env("KINERJA_URL", &o.app.address)
            .env("KINERJA_ADMIN_USERNAME", "admin")
            .env("KINERJA_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("KINERJA_STAFF_USERNAME", username_of(employee))
            .env("KINERJA_STAFF_PASSWORD", PASSWORD)
            .env("KINERJA_STAFF_EMPLOYEE_ID", employee)
            .env("KINERJA_PERIOD_ID", &o.period)
            .env("KINERJA_UNIT_ID", &o.dinsos);
        // Off the test's workers, which serve the requests the scenario makes.
        let output = tokio::task::spawn_blocking(move || command.output())
            .await
            .expect("joined")
            .expect("scripts/client-scenario runs");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            output.status.success(),
            "the {client} scenario failed:\n{said}"
        );
        assert!(
            said.contains(&format!("{client}: the scenario passed")),
            "{said}"
        );
    }
}
