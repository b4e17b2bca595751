//! Evaluating a plan (domain.md, both scoring regimes; "Objections"): the slots a plan is
//! evaluated in, the evaluation's state machine, the suggested work-result rating, a unit
//! head's rating from their unit's predikat, and the objection window.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::predikat::OrganizationPredikat;
use super::scoring::Explained;
use super::scoring::permenpan6_2022::{Rating, ResultRating, work_result_rating};
use super::text_enum;

/// When in the period an evaluation happens: a sub-period (periodic, numbered from 1) or the
/// year's end (`annual`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    Annual,
    Sub(u32),
}

impl Slot {
    /// `annual` or a sub-period number `1..=sub_periods`.
    pub fn parse(text: &str, sub_periods: u32) -> Option<Slot> {
        if text == "annual" {
            return Some(Slot::Annual);
        }
        let n: u32 = text.parse().ok()?;
        (1..=sub_periods).contains(&n).then_some(Slot::Sub(n))
    }

    pub fn as_text(self) -> String {
        match self {
            Slot::Annual => "annual".to_owned(),
            Slot::Sub(n) => n.to_string(),
        }
    }
}

text_enum! {
    /// `open` (feedback is given) → `rated` (the appraiser set the ratings) → `final` (the
    /// unit's evaluations were finalised); `final` → `under_objection` → `final`.
    pub enum EvaluationStatus {
        Open = "open",
        Rated = "rated",
        Final = "final",
        UnderObjection = "under_objection",
    }
}

text_enum! {
    /// An objection is `open` until its decider decides it `upheld` or `rejected`.
    pub enum ObjectionStatus {
        Open = "open",
        Upheld = "upheld",
        Rejected = "rejected",
    }
}

/// The suggested work-result rating. Main results decide (most above and none below: above;
/// most below: below; else meets); additional results may lift `meets` to `above` (when all
/// results together are above) but never pull a rating down. With `count_additional` the
/// plain majority over all results applies. `None` for no results.
pub fn suggested_work_rating(
    results: &[ResultRating],
    count_additional: bool,
) -> Option<Explained<Rating>> {
    let mains: Vec<ResultRating> = results.iter().copied().filter(|r| r.main).collect();
    if count_additional || mains.is_empty() || mains.len() == results.len() {
        return work_result_rating(results);
    }
    let main = work_result_rating(&mains)?;
    if main.value != Rating::Meets {
        return Some(Explained {
            value: main.value,
            explanation: format!("main results: {}", main.explanation),
        });
    }
    match work_result_rating(results) {
        Some(all) if all.value == Rating::Above => Some(Explained {
            value: Rating::Above,
            explanation: format!(
                "main results meet expectation ({}); with the additional results {}, which lifts the rating to above",
                main.explanation, all.explanation
            ),
        }),
        _ => Some(Explained {
            value: Rating::Meets,
            explanation: format!(
                "main results: {}; additional results do not lift it",
                main.explanation
            ),
        }),
    }
}

/// The last day of a slot: its sub-period's, or the period's for `annual`.
pub fn slot_ends_on(
    slot: Slot,
    sub_periods: &[super::plan::SubPeriod],
    period_ends_on: NaiveDate,
) -> Option<NaiveDate> {
    match slot {
        Slot::Annual => Some(period_ends_on),
        Slot::Sub(n) => sub_periods.iter().find(|s| s.index == n).map(|s| s.ends_on),
    }
}

/// Whether an evaluation due on `due_on` is late: rated after it, or still not rated after it.
pub fn is_late(due_on: NaiveDate, rated_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    rated_on.unwrap_or(today) > due_on
}

/// A unit head's work-result rating follows their unit's predikat for the slot.
pub fn head_rating(unit: OrganizationPredikat) -> Rating {
    match unit {
        OrganizationPredikat::Istimewa => Rating::Above,
        OrganizationPredikat::Baik => Rating::Meets,
        _ => Rating::Below,
    }
}

/// Whether an objection may still be filed at `now` against an evaluation that became final
/// at `final_at`, with a window of `days` days (0: never).
pub fn objection_window_open(final_at: NaiveDateTime, days: u32, now: NaiveDateTime) -> bool {
    now < final_at + TimeDelta::days(i64::from(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(main: bool, rating: Rating) -> ResultRating {
        ResultRating { main, rating }
    }

    #[test]
    fn slots_are_annual_or_a_sub_period_of_the_period() {
        assert_eq!(Slot::parse("annual", 4), Some(Slot::Annual));
        assert_eq!(Slot::parse("4", 4), Some(Slot::Sub(4)));
        assert_eq!(Slot::parse("5", 4), None);
        assert_eq!(Slot::parse("0", 4), None);
        assert_eq!(Slot::Sub(2).as_text(), "2");
    }

    #[test]
    fn additional_results_lift_meets_but_never_pull_down() {
        use Rating::{Above, Below, Meets};
        // Main: one above, one meets → meets; two additional above lift it.
        let lifted = [
            r(true, Above),
            r(true, Meets),
            r(false, Above),
            r(false, Above),
        ];
        assert_eq!(
            suggested_work_rating(&lifted, false).map(|e| e.value),
            Some(Above)
        );
        // Main above; additional below cannot pull it down (a plain majority would).
        let kept = [r(true, Above), r(false, Below), r(false, Below)];
        assert_eq!(
            suggested_work_rating(&kept, false).map(|e| e.value),
            Some(Above)
        );
        assert_eq!(
            suggested_work_rating(&kept, true).map(|e| e.value),
            Some(Below)
        );
        // Main meets, additional below: stays meets.
        let stays = [r(true, Meets), r(false, Below)];
        assert_eq!(
            suggested_work_rating(&stays, false).map(|e| e.value),
            Some(Meets)
        );
        assert_eq!(suggested_work_rating(&[], false), None);
    }

    #[test]
    fn an_evaluation_is_late_when_rated_or_still_open_after_its_due_day() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2027, 1, d).unwrap_or_default();
        assert!(!is_late(day(30), Some(day(30)), day(31)));
        assert!(is_late(day(30), Some(day(31)), day(31)));
        assert!(!is_late(day(30), None, day(30)));
        assert!(is_late(day(30), None, day(31)));
    }

    #[test]
    fn a_unit_heads_rating_follows_the_unit() {
        assert_eq!(head_rating(OrganizationPredikat::Istimewa), Rating::Above);
        assert_eq!(head_rating(OrganizationPredikat::Baik), Rating::Meets);
        assert_eq!(head_rating(OrganizationPredikat::Kurang), Rating::Below);
    }

    #[test]
    fn the_objection_window_counts_days_from_final() {
        let at = chrono::NaiveDate::from_ymd_opt(2027, 1, 10)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        assert!(objection_window_open(at, 14, at + TimeDelta::days(13)));
        assert!(!objection_window_open(at, 14, at + TimeDelta::days(14)));
        assert!(!objection_window_open(at, 0, at));
    }
}
