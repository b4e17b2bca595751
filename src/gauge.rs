//! Gauges of who is waiting for a shared resource (database connections, hashing turns),
//! read by `/metrics`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts one waiter in a gauge for as long as it lives (also when a waiting future is
/// dropped half-way).
pub struct Waiting(Arc<AtomicUsize>);

impl Waiting {
    pub fn on(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Waiting(count.clone())
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
