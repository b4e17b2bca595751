//! Guidance (domain.md, "Guidance"): the session kinds, the nine statements of form B.1.8,
//! the competency scores of form B.1.9, and the semesters coverage is counted in.

use chrono::{Months, NaiveDate};

use super::text_enum;

text_enum! {
    /// `individual` (one employee) or `group` (several).
    pub enum SessionKind {
        Individual = "individual",
        Group = "group",
    }
}

text_enum! {
    /// The nine statements of form B.1.8 (*Umpan Balik Pelaksanaan Bimbingan Kinerja*): about
    /// the employee (1–3), the person giving guidance (4–6), and both (7–9).
    pub enum Statement {
        FeltHeard = "felt_heard",
        FeltValued = "felt_valued",
        FreeToSpeak = "free_to_speak",
        ViewsOnAccurateData = "views_on_accurate_data",
        ViewsPositive = "views_positive",
        MoreQuestionsThanLecturing = "more_questions_than_lecturing",
        HelpedFindSolutions = "helped_find_solutions",
        KnowsNextSteps = "knows_next_steps",
        UnderstandsPurpose = "understands_purpose",
    }
}

text_enum! {
    /// An answer to a B.1.8 statement.
    pub enum Agreement {
        Agree = "agree",
        Disagree = "disagree",
    }
}

/// A session has one employee when individual, two or more when a group.
pub fn participants_fit(kind: SessionKind, count: usize) -> bool {
    match kind {
        SessionKind::Individual => count == 1,
        SessionKind::Group => count >= 2,
    }
}

/// A B.1.9 score is 1 to 5.
pub fn score_in_range(score: i64) -> bool {
    (1..=5).contains(&score)
}

/// The extremes (1, 2 and 5) must be explained.
pub fn score_needs_reason(score: i64) -> bool {
    matches!(score, 1 | 2 | 5)
}

/// The first and last day of semester 1 or 2 of a period (six months from its start; the
/// second ends with the period), or `None` when the period has no such semester.
pub fn semester(
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    number: u32,
) -> Option<(NaiveDate, NaiveDate)> {
    let start = match number {
        1 => starts_on,
        2 => starts_on.checked_add_months(Months::new(6))?,
        _ => return None,
    };
    if start > ends_on {
        return None;
    }
    let end = start
        .checked_add_months(Months::new(6))
        .and_then(|d| d.pred_opt())
        .map_or(ends_on, |d| d.min(ends_on));
    let end = if number == 2 { ends_on } else { end };
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn a_year_has_two_semesters() {
        let (start, end) = (day(2026, 1, 1), day(2026, 12, 31));
        assert_eq!(
            semester(start, end, 1),
            Some((day(2026, 1, 1), day(2026, 6, 30)))
        );
        assert_eq!(
            semester(start, end, 2),
            Some((day(2026, 7, 1), day(2026, 12, 31)))
        );
        assert_eq!(semester(start, end, 3), None);
        // A four-month interim period has one semester only.
        assert_eq!(
            semester(day(2026, 3, 1), day(2026, 6, 30), 1),
            Some((day(2026, 3, 1), day(2026, 6, 30)))
        );
        assert_eq!(semester(day(2026, 3, 1), day(2026, 6, 30), 2), None);
    }

    #[test]
    fn extreme_scores_need_a_reason() {
        let needing: Vec<i64> = (0..=6)
            .filter(|s| score_in_range(*s) && score_needs_reason(*s))
            .collect();
        assert_eq!(needing, [1, 2, 5]);
        assert!(!score_in_range(0) && !score_in_range(6));
    }

    #[test]
    fn sessions_have_the_right_number_of_employees() {
        assert!(participants_fit(SessionKind::Individual, 1));
        assert!(!participants_fit(SessionKind::Individual, 2));
        assert!(participants_fit(SessionKind::Group, 2));
        assert!(!participants_fit(SessionKind::Group, 1));
        assert_eq!(Statement::ALL.len(), 9);
    }
}
