//! What `/metrics` reports, in the Prometheus text format: requests by route template, method
//! and status with a latency histogram, the database pool (in use, waiting) and password
//! hashing (running, waiting). Kept in memory per server process.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String), Route>>,
    /// Requests waiting for a database connection (see [`waiting`]).
    pub pool_waiting: Arc<AtomicUsize>,
}

#[derive(Default)]
struct Route {
    by_status: BTreeMap<u16, u64>,
    /// Counts per bucket of [`BUCKETS`] (not cumulative), then the sum of seconds.
    buckets: [u64; BUCKETS.len()],
    slower: u64,
    seconds: f64,
}

/// A gauge sampled when `/metrics` is read.
pub struct Gauge<'a> {
    pub name: &'a str,
    pub help: &'a str,
    pub value: usize,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let mut requests = self
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = requests
            .entry((route.to_owned(), method.to_owned()))
            .or_default();
        *entry.by_status.entry(status).or_default() += 1;
        let secs = elapsed.as_secs_f64();
        match BUCKETS.iter().position(|bound| secs <= *bound) {
            Some(i) => entry.buckets[i] += 1,
            None => entry.slower += 1,
        }
        entry.seconds += secs;
    }

    pub fn render(&self, gauges: &[Gauge<'_>]) -> String {
        let mut out = String::new();
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        out.push_str("# HELP kinerja_requests_total Requests answered, by route template, method and status.\n");
        out.push_str("# TYPE kinerja_requests_total counter\n");
        for ((route, method), r) in requests.iter() {
            for (status, n) in &r.by_status {
                let _ = writeln!(
                    out,
                    "kinerja_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP kinerja_request_duration_seconds Time to answer, by route template and method.\n");
        out.push_str("# TYPE kinerja_request_duration_seconds histogram\n");
        for ((route, method), r) in requests.iter() {
            let labels = format!("route=\"{route}\",method=\"{method}\"");
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(r.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "kinerja_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let count = cumulative + r.slower;
            let _ = writeln!(
                out,
                "kinerja_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "kinerja_request_duration_seconds_sum{{{labels}}} {}",
                r.seconds
            );
            let _ = writeln!(
                out,
                "kinerja_request_duration_seconds_count{{{labels}}} {count}"
            );
        }
        for gauge in gauges {
            let _ = writeln!(out, "# HELP {} {}", gauge.name, gauge.help);
            let _ = writeln!(out, "# TYPE {} gauge", gauge.name);
            let _ = writeln!(out, "{} {}", gauge.name, gauge.value);
        }
        out
    }
}

/// The method as a label: the standard ones, else `OTHER` (any token is a valid method, and
/// each would make series of its own).
pub fn method_label(method: &str) -> &'static str {
    const KNOWN: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    KNOWN.into_iter().find(|m| *m == method).unwrap_or("OTHER")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_and_bucketed_cumulatively() {
        let m = Metrics::default();
        m.observe(
            "GET",
            "/api/v1/employees/{id}",
            200,
            Duration::from_millis(3),
        );
        m.observe(
            "GET",
            "/api/v1/employees/{id}",
            404,
            Duration::from_millis(30),
        );
        m.observe(
            "GET",
            "/api/v1/employees/{id}",
            200,
            Duration::from_secs(20),
        );
        let text = m.render(&[Gauge {
            name: "kinerja_db_pool_in_use",
            help: "Connections in use.",
            value: 2,
        }]);
        let has = |line: &str| text.lines().any(|l| l == line);
        let labels = "route=\"/api/v1/employees/{id}\",method=\"GET\"";
        assert!(
            has(&format!(
                "kinerja_requests_total{{{labels},status=\"200\"}} 2"
            )),
            "{text}"
        );
        assert!(has(&format!(
            "kinerja_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1"
        )));
        assert!(has(&format!(
            "kinerja_request_duration_seconds_bucket{{{labels},le=\"0.05\"}} 2"
        )));
        assert!(has(&format!(
            "kinerja_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 3"
        )));
        assert!(has("kinerja_db_pool_in_use 2"));
    }
}
