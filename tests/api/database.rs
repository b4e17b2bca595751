//! Both backends end with the same schema, migrations are idempotent, the audit trail is
//! append-only.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use kinerja::db::{AnyConnection, run_pending_migrations};
use kinerja::store::audit::{self, ActorKind, NewAuditEvent};

use crate::common::{Backend, TestDatabase};

#[derive(QueryableByName, Debug)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Integer)]
    not_null: i32,
}

#[derive(QueryableByName, Debug)]
struct Index {
    #[diesel(sql_type = Text)]
    name: String,
}

/// (table, column, portable type, not null) of every application column.
type Columns = BTreeSet<(String, String, String, bool)>;

/// The columns of every application table, plus index names.
fn schema_of(conn: &mut AnyConnection) -> (Columns, BTreeSet<String>) {
    let (columns, indexes) = match conn {
        AnyConnection::Sqlite(c) => (
            diesel::sql_query(
                "SELECT m.name AS table_name, p.name AS column_name, upper(p.type) AS data_type, \
                 p.\"notnull\" AS not_null FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
            )
            .load::<Column>(c),
            diesel::sql_query(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
            )
            .load::<Index>(c),
        ),
        AnyConnection::Postgresql(c) => (
            diesel::sql_query(
                "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                 CASE data_type WHEN 'timestamp without time zone' THEN 'TIMESTAMP' \
                 WHEN 'double precision' THEN 'DOUBLE' ELSE upper(data_type) END AS data_type, \
                 CASE is_nullable WHEN 'NO' THEN 1 ELSE 0 END AS not_null \
                 FROM information_schema.columns WHERE table_schema = 'public'",
            )
            .load::<Column>(c),
            diesel::sql_query(
                "SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = 'public' \
                 AND indexname NOT LIKE '%_pkey'",
            )
            .load::<Index>(c),
        ),
    };
    let columns = columns
        .expect("columns")
        .into_iter()
        // diesel's own bookkeeping table differs by design between backends.
        .filter(|c| c.table_name != "__diesel_schema_migrations")
        .map(|c| (c.table_name, c.column_name, c.data_type, c.not_null != 0))
        .collect();
    let indexes = indexes
        .expect("indexes")
        .into_iter()
        .map(|i| i.name)
        .collect();
    (columns, indexes)
}

#[test]
fn both_backends_end_with_the_same_tables_and_columns() {
    if !Backend::Postgres.is_configured() {
        return;
    }
    let sqlite = TestDatabase::create(Backend::Sqlite);
    let postgres = TestDatabase::create(Backend::Postgres);
    let (sqlite_columns, sqlite_indexes) =
        schema_of(&mut sqlite.migrated_pool().get().expect("conn"));
    let (pg_columns, pg_indexes) = schema_of(&mut postgres.migrated_pool().get().expect("conn"));
    assert!(
        sqlite_columns
            .iter()
            .any(|(table, ..)| table == "audit_events"),
        "no tables found: {sqlite_columns:?}"
    );
    let only_sqlite: Vec<_> = sqlite_columns.difference(&pg_columns).collect();
    let only_pg: Vec<_> = pg_columns.difference(&sqlite_columns).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "migrations differ.\nonly in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_pg:#?}"
    );
    assert_eq!(sqlite_indexes, pg_indexes, "indexes differ");
}

async fn migrations_are_idempotent(backend: Backend) {
    let db = TestDatabase::create(backend);
    let pool = db.migrated_pool();
    let again = run_pending_migrations(&mut pool.get().expect("conn")).expect("migrate");
    assert!(again.is_empty(), "applied twice: {again:?}");
}

async fn audit_trail_is_append_only(backend: Backend) {
    let db = TestDatabase::create(backend);
    let pool = db.migrated_pool();
    let mut conn = pool.get().expect("conn");
    let event = NewAuditEvent {
        actor_kind: ActorKind::System,
        actor_id: None,
        request_id: Some("test-1"),
        entity_type: "unit",
        entity_id: "0193a0f2-7c1e-7d2a-9d44-2f3c9b1e0a11",
        action: "create",
        before: None,
        after: Some(serde_json::json!({"name": "Dinas Sosial"})),
        reason: None,
    };
    audit::append(&mut conn, &event, kinerja::clock::Clock::system().now()).expect("append");

    for statement in [
        "UPDATE audit_events SET action = 'delete'",
        "DELETE FROM audit_events",
    ] {
        let result = diesel::sql_query(statement).execute(&mut **conn);
        let err = result.expect_err("the audit trail must refuse changes");
        assert!(
            err.to_string().contains("append-only"),
            "{statement}: {err}"
        );
    }
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        action: String,
        #[diesel(sql_type = Text)]
        after_state: String,
    }
    let rows = diesel::sql_query("SELECT action, after_state FROM audit_events")
        .load::<Row>(&mut **conn)
        .expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "create");
    assert_eq!(rows[0].after_state, r#"{"name":"Dinas Sosial"}"#);
}

crate::on_both_backends!(
    migrations_are_idempotent,
    audit_trail_is_append_only,
    an_unknown_stored_value_is_a_logged_500_never_a_default,
);

/// A value this version does not know (written by a newer version, or by hand) is read as an
/// error: the request fails with a 500 and the log names the value; it is never shown as some
/// default kind.
async fn an_unknown_stored_value_is_a_logged_500_never_a_default(backend: Backend) {
    let app = crate::common::TestApp::as_admin(backend).await;
    let unit = app.unit("ODD", "dinas", None).await;
    let mut conn = app.pool.get().expect("a connection");
    let loosen = match backend {
        Backend::Sqlite => "PRAGMA ignore_check_constraints = ON",
        Backend::Postgres => "ALTER TABLE units DROP CONSTRAINT units_kind_check",
    };
    diesel::sql_query(loosen)
        .execute(&mut **conn)
        .expect("loosen");
    diesel::sql_query("UPDATE units SET kind = 'kementerian' WHERE id = $1")
        .bind::<Text, _>(&unit)
        .execute(&mut **conn)
        .expect("an unknown kind");
    drop(conn);
    let res = app.get(&format!("/api/v1/units/{unit}")).await;
    crate::common::assert_problem(res, 500, "internal_error").await;
    let res = app.get("/api/v1/units").await;
    assert_eq!(
        res.status(),
        500,
        "a list does not skip or disguise the row either"
    );
}

/// A database restart closes every pooled connection. Pooled connections are no longer pinged
/// on each checkout (that was a round trip per request), so a closed one is found by the query
/// that uses it: that request answers 503 (never 500) and the connection is dropped, so each
/// costs at most one failed request and the server then answers as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_the_database_closed_are_dropped_not_handed_out_again() {
    if !Backend::Postgres.is_configured() {
        return;
    }
    let app = crate::common::TestApp::as_admin(Backend::Postgres).await;
    // Open several connections: concurrent reads each take one.
    let reads = (0..8).map(|_| app.get("/api/v1/units"));
    for res in futures_util::future::join_all(reads).await {
        assert_eq!(res.status(), 200);
    }
    let Some(kinerja::db::DatabaseUrl::Postgres { url }) = app.db.as_ref().map(|db| &db.url) else {
        panic!("a PostgreSQL test database");
    };
    let mut admin = PgConnection::establish(url).expect("a connection of the test's own");
    let closed = diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut admin)
    .expect("terminate the server's connections");
    assert!(closed >= 1, "the server held connections");

    let mut failures = 0;
    loop {
        let res = app.get("/api/v1/units").await;
        if res.status() == 200 {
            break;
        }
        crate::common::assert_problem(res, 503, "database_unavailable").await;
        failures += 1;
        assert!(
            failures <= app.pool.max_size(),
            "a closed connection was handed out again"
        );
    }
    for _ in 0..10 {
        assert_eq!(app.get("/api/v1/units").await.status(), 200);
    }
}
