//! The time every use case reads: the system clock in service, a clock that tests set and move
//! so that nothing waits for time to pass.

use std::sync::{Arc, Mutex};

use chrono::{NaiveDateTime, TimeDelta, Utc};

#[derive(Debug, Clone, Default)]
pub struct Clock(Option<Arc<Mutex<NaiveDateTime>>>);

impl Clock {
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands at `at` until [`Clock::set`] or [`Clock::advance`] moves it.
    pub fn fixed(at: NaiveDateTime) -> Clock {
        Clock(Some(Arc::new(Mutex::new(truncate(at)))))
    }

    /// The current time as stored: UTC, truncated to microseconds so both backends keep it whole.
    pub fn now(&self) -> NaiveDateTime {
        match &self.0 {
            None => truncate(Utc::now().naive_utc()),
            Some(at) => *at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
        }
    }

    /// Moves a fixed clock to `at` (the system clock cannot be moved).
    pub fn set(&self, at: NaiveDateTime) {
        if let Some(cell) = &self.0 {
            *cell.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = truncate(at);
        }
    }

    pub fn advance(&self, by: TimeDelta) {
        self.set(self.now() + by);
    }
}

fn truncate(at: NaiveDateTime) -> NaiveDateTime {
    chrono::DateTime::from_timestamp_micros(at.and_utc().timestamp_micros())
        .map_or(at, |t| t.naive_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_told() {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 2)
            .and_then(|d| d.and_hms_micro_opt(3, 4, 5, 6))
            .expect("a valid time");
        let clock = Clock::fixed(start);
        assert_eq!(clock.now(), start);
        clock.advance(TimeDelta::days(1));
        assert_eq!(clock.now(), start + TimeDelta::days(1));
        let shared = clock.clone();
        shared.set(start);
        assert_eq!(clock.now(), start, "clones share one time");
    }
}
