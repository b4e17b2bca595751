//! Performance periods and plans (domain.md, "Performance periods", "The performance plan"):
//! sub-periods, overlap, the period's and the plan's state machines, and the SKP deadline.

use chrono::{Datelike, Months, NaiveDate};

use super::scoring::{Quantity, Regime};
use super::text_enum;

text_enum! {
    /// `annual` (the yearly SKP) or `interim` (a shorter period, e.g. after a transfer).
    /// Periods of the same kind may not overlap.
    pub enum PeriodKind {
        Annual = "annual",
        Interim = "interim",
    }
}

text_enum! {
    /// How a period is split for monitoring: `quarters` (default), `semesters`, `months`, or
    /// `none` (one sub-period, the whole period).
    pub enum SubPeriods {
        Quarters = "quarters",
        Semesters = "semesters",
        Months = "months",
        None = "none",
    }
}

text_enum! {
    /// `planning` → `running` → `evaluation` → `closed`, forward only.
    pub enum PeriodStatus {
        Planning = "planning",
        Running = "running",
        Evaluation = "evaluation",
        Closed = "closed",
    }
}

text_enum! {
    /// `draft` → `submitted` → `approved` → `evaluated` (annual evaluation rated) → `final`
    /// (annual evaluation final); a returned plan is a `draft` again. A revision is proposed
    /// as a new draft while the approved plan stays in force; when the revision is approved
    /// the plan it replaces becomes `superseded`.
    pub enum PlanStatus {
        Draft = "draft",
        Submitted = "submitted",
        Approved = "approved",
        Superseded = "superseded",
        Evaluated = "evaluated",
        Final = "final",
    }
}

impl PlanStatus {
    /// Approved and not replaced: the plan that counts for its position, which is realised,
    /// evaluated and cascaded from.
    pub fn in_force(self) -> bool {
        matches!(
            self,
            PlanStatus::Approved | PlanStatus::Evaluated | PlanStatus::Final
        )
    }
}

/// A revision waiting for approval: the plan it would replace is still in force meanwhile.
pub fn is_proposal(status: PlanStatus, revision_of: Option<&str>) -> bool {
    revision_of.is_some() && matches!(status, PlanStatus::Draft | PlanStatus::Submitted)
}

text_enum! {
    /// How an indicator's sub-period realisations make the value that is scored: `cumulative`
    /// (each entry is the running total; the latest counts), `sum`, `average` or `last` (the
    /// latest sub-period's value, for a level such as a percentage).
    pub enum Combine {
        Cumulative = "cumulative",
        Sum = "sum",
        Average = "average",
        Last = "last",
    }
}

text_enum! {
    /// The aspect an indicator measures: `kuantitas` (quantity), `kualitas` (quality), `waktu`
    /// (time), `biaya` (cost).
    pub enum Aspect {
        Kuantitas = "kuantitas",
        Kualitas = "kualitas",
        Waktu = "waktu",
        Biaya = "biaya",
    }
}

/// The value an indicator is scored on, from the latest realisation of each sub-period (in
/// sub-period order) as `combine` says; `None` before any realisation.
pub fn combined(combine: Combine, by_sub_period: &[Quantity]) -> Option<Quantity> {
    match combine {
        Combine::Cumulative | Combine::Last => by_sub_period.last().copied(),
        Combine::Sum => Quantity::sum(by_sub_period),
        Combine::Average => Quantity::mean(by_sub_period),
    }
}

/// One sub-period: its 1-based index and its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubPeriod {
    pub index: u32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// Splits `starts_on..=ends_on` into blocks of whole months counted from `starts_on`; the last
/// block ends with the period.
pub fn sub_periods(starts_on: NaiveDate, ends_on: NaiveDate, split: SubPeriods) -> Vec<SubPeriod> {
    let months = match split {
        SubPeriods::Quarters => 3,
        SubPeriods::Semesters => 6,
        SubPeriods::Months => 1,
        SubPeriods::None => {
            return vec![SubPeriod {
                index: 1,
                starts_on,
                ends_on,
            }];
        }
    };
    let mut blocks = Vec::new();
    let mut start = starts_on;
    while start <= ends_on {
        let index = blocks.len() as u32 + 1;
        let next = starts_on.checked_add_months(Months::new(months * index));
        let end = next
            .and_then(|n| n.pred_opt())
            .map_or(ends_on, |e| e.min(ends_on));
        blocks.push(SubPeriod {
            index,
            starts_on: start,
            ends_on: end,
        });
        match next {
            Some(n) => start = n,
            None => break,
        }
    }
    blocks
}

/// Whether two inclusive date ranges share a day.
pub fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

impl PeriodStatus {
    /// A period only moves forward (staying put is no move).
    pub fn can_become(self, next: PeriodStatus) -> bool {
        next >= self
    }
}

/// A step of the plan workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Submit,
    Approve,
    Return,
    Revise,
}

impl Transition {
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Approve => "approve",
            Transition::Return => "return",
            Transition::Revise => "revise",
        }
    }

    /// The status a plan must be in for this step.
    pub fn from(self) -> PlanStatus {
        match self {
            Transition::Submit => PlanStatus::Draft,
            Transition::Approve | Transition::Return => PlanStatus::Submitted,
            Transition::Revise => PlanStatus::Approved,
        }
    }

    /// The plan's status after the step (`Revise` proposes a new draft and leaves the plan
    /// in force as it is).
    pub fn to(self) -> PlanStatus {
        match self {
            Transition::Submit => PlanStatus::Submitted,
            Transition::Approve | Transition::Revise => PlanStatus::Approved,
            Transition::Return => PlanStatus::Draft,
        }
    }
}

/// The status after `step`, or the current status when the step is not allowed from it.
pub fn apply(current: PlanStatus, step: Transition) -> Result<PlanStatus, PlanStatus> {
    if current == step.from() {
        Ok(step.to())
    } else {
        Err(current)
    }
}

/// The day by which an annual `pp30_2021` plan must be approved: 31 January of the period's
/// year (the SKP is set by the end of January). Other periods have no fixed deadline.
pub fn approval_deadline(
    kind: PeriodKind,
    regime: Regime,
    starts_on: NaiveDate,
) -> Option<NaiveDate> {
    (kind == PeriodKind::Annual && regime == Regime::Pp30_2021)
        .then(|| NaiveDate::from_ymd_opt(starts_on.year(), 1, 31))
        .flatten()
}

/// A plan is overdue when its deadline has passed and it is still a draft or submitted.
pub fn is_overdue(deadline: Option<NaiveDate>, status: PlanStatus, today: NaiveDate) -> bool {
    matches!(status, PlanStatus::Draft | PlanStatus::Submitted)
        && deadline.is_some_and(|d| today > d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realisations_combine_as_the_indicator_says() {
        let q = |t: &str| Quantity::parse(t).expect("a number");
        let values = [q("2000"), q("1500")];
        assert_eq!(combined(Combine::Sum, &values), Some(q("3500")));
        assert_eq!(combined(Combine::Cumulative, &values), Some(q("1500")));
        assert_eq!(combined(Combine::Last, &values), Some(q("1500")));
        assert_eq!(combined(Combine::Average, &values), Some(q("1750")));
        assert_eq!(
            combined(Combine::Average, &[q("1"), q("1"), q("2")]),
            Some(q("1.333333"))
        );
        assert_eq!(combined(Combine::Sum, &[]), None);
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn a_calendar_year_has_four_quarters() {
        let quarters = sub_periods(day(2026, 1, 1), day(2026, 12, 31), SubPeriods::Quarters);
        let bounds: Vec<_> = quarters
            .iter()
            .map(|q| (q.index, q.starts_on, q.ends_on))
            .collect();
        assert_eq!(
            bounds,
            [
                (1, day(2026, 1, 1), day(2026, 3, 31)),
                (2, day(2026, 4, 1), day(2026, 6, 30)),
                (3, day(2026, 7, 1), day(2026, 9, 30)),
                (4, day(2026, 10, 1), day(2026, 12, 31)),
            ]
        );
        assert_eq!(
            sub_periods(day(2026, 1, 1), day(2026, 12, 31), SubPeriods::Months).len(),
            12
        );
        assert_eq!(
            sub_periods(day(2026, 1, 1), day(2026, 12, 31), SubPeriods::Semesters).len(),
            2
        );
        assert_eq!(
            sub_periods(day(2026, 1, 1), day(2026, 12, 31), SubPeriods::None).len(),
            1
        );
    }

    #[test]
    fn a_short_period_ends_its_last_block_early() {
        let blocks = sub_periods(day(2026, 2, 15), day(2026, 6, 10), SubPeriods::Quarters);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].ends_on, day(2026, 5, 14));
        assert_eq!(
            (blocks[1].starts_on, blocks[1].ends_on),
            (day(2026, 5, 15), day(2026, 6, 10))
        );
        let one_day = sub_periods(day(2026, 3, 1), day(2026, 3, 1), SubPeriods::Months);
        assert_eq!(one_day.len(), 1);
    }

    #[test]
    fn ranges_overlap_when_they_share_a_day() {
        let year = (day(2026, 1, 1), day(2026, 12, 31));
        assert!(overlaps(year, (day(2026, 12, 31), day(2027, 3, 1))));
        assert!(!overlaps(year, (day(2027, 1, 1), day(2027, 12, 31))));
        assert!(overlaps(year, (day(2026, 5, 1), day(2026, 5, 2))));
    }

    #[test]
    fn the_workflow_allows_only_its_steps() {
        use PlanStatus::*;
        use Transition::*;
        assert_eq!(apply(Draft, Submit), Ok(Submitted));
        assert_eq!(apply(Submitted, Approve), Ok(Approved));
        assert_eq!(apply(Submitted, Return), Ok(Draft));
        assert_eq!(apply(Approved, Revise), Ok(Approved));
        for status in PlanStatus::ALL.iter().copied() {
            for step in [Submit, Approve, Return, Revise] {
                if status != step.from() {
                    assert_eq!(apply(status, step), Err(status), "{status:?} {step:?}");
                }
            }
        }
    }

    #[test]
    fn a_revision_is_a_proposal_until_approved() {
        assert!(is_proposal(PlanStatus::Draft, Some("p1")));
        assert!(is_proposal(PlanStatus::Submitted, Some("p1")));
        assert!(!is_proposal(PlanStatus::Approved, Some("p1")));
        assert!(!is_proposal(PlanStatus::Draft, None));
        let in_force: Vec<_> = PlanStatus::ALL.iter().filter(|s| s.in_force()).collect();
        assert_eq!(
            in_force,
            [
                &PlanStatus::Approved,
                &PlanStatus::Evaluated,
                &PlanStatus::Final
            ]
        );
    }

    #[test]
    fn periods_move_forward_only() {
        assert!(PeriodStatus::Planning.can_become(PeriodStatus::Running));
        assert!(PeriodStatus::Running.can_become(PeriodStatus::Closed));
        assert!(!PeriodStatus::Evaluation.can_become(PeriodStatus::Running));
    }

    #[test]
    fn annual_2021_plans_are_overdue_after_january() {
        let deadline = approval_deadline(PeriodKind::Annual, Regime::Pp30_2021, day(2026, 1, 1));
        assert_eq!(deadline, Some(day(2026, 1, 31)));
        assert!(!is_overdue(deadline, PlanStatus::Draft, day(2026, 1, 31)));
        assert!(is_overdue(deadline, PlanStatus::Draft, day(2026, 2, 1)));
        assert!(is_overdue(deadline, PlanStatus::Submitted, day(2026, 2, 1)));
        assert!(!is_overdue(deadline, PlanStatus::Approved, day(2026, 2, 1)));
        assert_eq!(
            approval_deadline(PeriodKind::Annual, Regime::Permenpan6_2022, day(2026, 1, 1)),
            None
        );
        assert_eq!(
            approval_deadline(PeriodKind::Interim, Regime::Pp30_2021, day(2026, 1, 1)),
            None
        );
    }
}
