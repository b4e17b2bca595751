//! Counseling (domain.md, "Counseling"): the case's steps, who takes each, to whom the
//! counselor reports, and when a case may close.

use super::text_enum;

text_enum! {
    /// `identified` → `designated` → `assigned` → `scheduled` → `conducted` → `reported` →
    /// `follow_up_decided` → `closed`.
    pub enum CaseStatus {
        Identified = "identified",
        Designated = "designated",
        Assigned = "assigned",
        Scheduled = "scheduled",
        Conducted = "conducted",
        Reported = "reported",
        FollowUpDecided = "follow_up_decided",
        Closed = "closed",
    }
}

text_enum! {
    /// Where the behaviour problem was found.
    pub enum CaseSource {
        Monitoring = "monitoring",
        Assessment360 = "assessment_360",
        Guidance = "guidance",
        Other = "other",
    }
}

text_enum! {
    /// `independent` (a counselor the agency designates, an account with the counselor
    /// role), `appraiser` (the employee's appraiser, trained in counseling) or `official` (an
    /// official whose function includes counseling).
    pub enum CounselorKind {
        Independent = "independent",
        Appraiser = "appraiser",
        Official = "official",
    }
}

text_enum! {
    /// Who receives the counselor's report and decides the follow-up: `superior` (the
    /// counselor's superior: the appraiser's superior, or the official's) or `pyb` (the
    /// Pejabat yang Berwenang of the employee's unit, for an independent counselor).
    pub enum RecipientKind {
        Superior = "superior",
        Pyb = "pyb",
    }
}

text_enum! {
    /// What the recipient decides may follow counseling.
    pub enum FollowUpKind {
        Guidance = "guidance",
        Training = "training",
        SpecialAssignment = "special_assignment",
        TransferProposal = "transfer_proposal",
        DisciplinaryRecommendation = "disciplinary_recommendation",
    }
}

text_enum! {
    /// A follow-up is `open` until `done` or `cancelled`.
    pub enum FollowUpStatus {
        Open = "open",
        Done = "done",
        Cancelled = "cancelled",
    }
}

/// Who takes a step of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Whoever identified the case (the employee's superior, or hr), or admin.
    Manager,
    /// The assigned counselor.
    Counselor,
    /// The report's recipient, who decides the follow-up.
    Recipient,
}

/// A step of a case after it was identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Designate,
    AssignCounselor,
    Schedule,
    Record,
    Report,
    Decide,
    Close,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Designate => "designate",
            Step::AssignCounselor => "assign_counselor",
            Step::Schedule => "schedule",
            Step::Record => "record",
            Step::Report => "report",
            Step::Decide => "decide",
            Step::Close => "close",
        }
    }

    pub fn actor(self) -> Actor {
        match self {
            Step::Designate | Step::AssignCounselor => Actor::Manager,
            Step::Schedule | Step::Record | Step::Report => Actor::Counselor,
            Step::Decide | Step::Close => Actor::Recipient,
        }
    }

    /// The statuses the step starts from: a counselor may be replaced and a meeting moved
    /// until the session is held.
    pub fn from(self) -> &'static [CaseStatus] {
        use CaseStatus::*;
        match self {
            Step::Designate => &[Identified],
            Step::AssignCounselor => &[Designated, Assigned, Scheduled],
            Step::Schedule => &[Assigned, Scheduled],
            Step::Record => &[Scheduled],
            Step::Report => &[Conducted],
            Step::Decide => &[Reported],
            Step::Close => &[FollowUpDecided],
        }
    }

    pub fn to(self) -> CaseStatus {
        match self {
            Step::Designate => CaseStatus::Designated,
            Step::AssignCounselor => CaseStatus::Assigned,
            Step::Schedule => CaseStatus::Scheduled,
            Step::Record => CaseStatus::Conducted,
            Step::Report => CaseStatus::Reported,
            Step::Decide => CaseStatus::FollowUpDecided,
            Step::Close => CaseStatus::Closed,
        }
    }
}

/// The status after `step`, or the current one when the step does not start from it.
pub fn apply(current: CaseStatus, step: Step) -> Result<CaseStatus, CaseStatus> {
    if step.from().contains(&current) {
        Ok(step.to())
    } else {
        Err(current)
    }
}

/// To whom a counselor of this kind reports (PermenPANRB 8/2021): an appraiser to the
/// appraiser's superior, an official to their direct superior, an independent counselor to
/// the PyB (or the head of the hr unit).
pub fn recipient_of(kind: CounselorKind) -> RecipientKind {
    match kind {
        CounselorKind::Appraiser | CounselorKind::Official => RecipientKind::Superior,
        CounselorKind::Independent => RecipientKind::Pyb,
    }
}

/// A case closes once every follow-up is done or cancelled.
pub fn may_close(follow_ups: &[FollowUpStatus]) -> bool {
    follow_ups.iter().all(|s| *s != FollowUpStatus::Open)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_walks_its_steps_in_order() {
        use Step::*;
        let mut status = CaseStatus::Identified;
        for step in [
            Designate,
            AssignCounselor,
            Schedule,
            Record,
            Report,
            Decide,
            Close,
        ] {
            status = apply(status, step).expect("the next step");
        }
        assert_eq!(status, CaseStatus::Closed);
        assert_eq!(
            apply(CaseStatus::Identified, Record),
            Err(CaseStatus::Identified)
        );
        assert_eq!(
            apply(CaseStatus::Conducted, Record),
            Err(CaseStatus::Conducted),
            "a signed record is not filed again"
        );
        assert_eq!(
            apply(CaseStatus::Scheduled, AssignCounselor),
            Ok(CaseStatus::Assigned)
        );
    }

    #[test]
    fn each_step_has_its_actor() {
        assert_eq!(Step::AssignCounselor.actor(), Actor::Manager);
        assert_eq!(Step::Record.actor(), Actor::Counselor);
        assert_eq!(Step::Close.actor(), Actor::Recipient);
    }

    #[test]
    fn counselors_report_where_the_rules_say() {
        assert_eq!(
            recipient_of(CounselorKind::Appraiser),
            RecipientKind::Superior
        );
        assert_eq!(
            recipient_of(CounselorKind::Official),
            RecipientKind::Superior
        );
        assert_eq!(recipient_of(CounselorKind::Independent), RecipientKind::Pyb);
    }

    #[test]
    fn open_follow_ups_keep_a_case_open() {
        use FollowUpStatus::*;
        assert!(may_close(&[Done, Cancelled]));
        assert!(!may_close(&[Done, Open]));
        assert!(may_close(&[]));
    }
}
