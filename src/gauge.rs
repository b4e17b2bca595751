//! Gauges of who is waiting for a shared resource (database connections, hashing turns),
//! read by `/metrics`.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts one waiter in a gauge for as long as it lives (also when a waiting future is
/// dropped half-way).
pub struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    pub fn on(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
