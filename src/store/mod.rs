//! Database access, one module per aggregate, and the kernel every use case runs on: the unit
//! of work ([`Work`]) and versioned writes. Handlers reach them through `AppState::run` and
//! `AppState::perform`, which take a pooled connection on a database thread.

pub mod assessments;
pub mod audit;
pub mod changes;
pub mod clients;
pub mod counseling;
pub mod employees;
pub mod evaluations;
pub mod guidance;
pub mod health;
pub mod idempotency;
pub mod periods;
pub mod plans;
pub mod sessions;
pub mod settings;
pub mod units;
pub mod users;
pub mod versioned;
pub mod work;

pub use versioned::{IfMatch, Versioned};
pub use work::{Invariant, Isolation, Work};

thread_local! {
    /// Whether the work running on this thread wrote an account (a user or client row).
    static ACCOUNT_WRITTEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The PostgreSQL channel account writes are announced on (at their commit), so that other
/// server processes stop trusting what they confirmed about accounts.
pub const ACCOUNT_CHANNEL: &str = "kinerja_accounts";

/// Notes that this thread's work changed an account, for [`take_account_written`], and on
/// PostgreSQL announces it to the other server processes when the transaction commits.
pub(crate) fn note_account_written(conn: &mut crate::db::AnyConnection) -> diesel::QueryResult<()> {
    use diesel::RunQueryDsl;
    ACCOUNT_WRITTEN.set(true);
    if let crate::db::AnyConnection::Postgresql(_) = conn {
        diesel::sql_query(format!("NOTIFY {ACCOUNT_CHANNEL}")).execute(conn)?;
    }
    Ok(())
}

/// Whether the work that just ended on this thread changed an account; clears the note. Asked
/// after the work's transaction has ended, so that what others learn from it is committed.
pub fn take_account_written() -> bool {
    ACCOUNT_WRITTEN.replace(false)
}

/// Rows per multi-row INSERT: well under both backends' limits on bound parameters.
pub(crate) const BATCH: usize = 500;

/// One multi-row INSERT per [`BATCH`] rows, on the backend's own connection (a batch insert
/// does not go through the connection that serves both).
macro_rules! insert_batches {
    ($conn:expr, $table:expr, $rows:expr) => {{
        for chunk in $rows.chunks($crate::store::BATCH) {
            let insert = diesel::insert_into($table).values(chunk.to_vec());
            match &mut *$conn {
                $crate::db::AnyConnection::Sqlite(c) => insert.execute(c)?,
                $crate::db::AnyConnection::Postgresql(c) => insert.execute(c)?,
            };
        }
        Ok(())
    }};
}
pub(crate) use insert_batches;

/// Escapes LIKE's wildcards so a search for "a_b" finds "a_b" only (use with `.escape('\\')`).
pub fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

diesel::define_sql_function! {
    /// SQL `lower()`, for case-insensitive search on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
