//! Database access, one module per aggregate, and the kernel every use case runs on: the unit
//! of work ([`Work`]) and versioned writes. Handlers reach them through `AppState::run` and
//! `AppState::perform`, which take a pooled connection on the blocking thread pool.

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
