//! Counseling cases (konseling kinerja), confidential: the steps of domain.md, each taken by
//! its actor, follow-ups, and a record of every read. Only the employee, the person who
//! identified the case, the counselor, the report's recipient and admin learn that a case
//! exists; everyone else gets 404, and nothing about a case is recorded under the employee.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::auth::UserPrincipal;
use crate::auth::policy::Governs;
use crate::db::AnyConnection;
use crate::domain::account::Role;
use crate::domain::counseling::{
    self, Actor, CaseSource, CaseStatus, CounselorKind, FollowUpKind, FollowUpStatus,
    RecipientKind, Step, may_close, recipient_of,
};
use crate::domain::org::EmployeeStatus;
use crate::error::{ApiError, Code, FieldError};
use crate::org::reach::governs_unit;
use crate::org::{optional_text, required_text};
use crate::store::counseling::{self as rows, AddendumRow, CaseRow, FollowUpRow, ReadRow};
use crate::store::versioned::snapshot;
use crate::store::{IfMatch, Isolation, Versioned, Work, assessments, employees, guidance, users};

pub const TEXT_MAX: usize = 4000;
pub const PLACE_MAX: usize = 200;
pub const FOLLOW_UPS_MAX: usize = 10;

/// The caller's parts in a case.
#[derive(Debug, Default, Clone, Copy)]
pub struct CaseAccess {
    pub employee: bool,
    pub identifier: bool,
    pub counselor: bool,
    pub recipient: bool,
    pub admin: bool,
}

impl CaseAccess {
    pub fn reads(&self) -> bool {
        self.employee || self.identifier || self.counselor || self.recipient || self.admin
    }

    /// Whether the caller takes `step` (the recipient's steps are theirs alone, as are the
    /// counselor's; admin stands in for whoever identified the case).
    pub fn takes(&self, step: Step) -> bool {
        match step.actor() {
            Actor::Manager => self.identifier || self.admin,
            Actor::Counselor => self.counselor,
            Actor::Recipient => self.recipient,
        }
    }
}

/// 404 that says nothing about whether the case exists.
fn not_found(id: &str) -> ApiError {
    ApiError::not_found("counseling case", id)
}

pub fn access(
    conn: &mut AnyConnection,
    user: &UserPrincipal,
    case: &CaseRow,
) -> Result<CaseAccess, ApiError> {
    let me = user.employee_id.as_deref();
    let counselor = match case.counselor_kind() {
        Some(CounselorKind::Independent) => case.counselor_id.as_deref() == Some(&user.id),
        Some(_) => me.is_some() && case.counselor_id.as_deref() == me,
        None => false,
    };
    let recipient = match case.recipient_kind() {
        Some(RecipientKind::Superior) => me.is_some() && case.recipient_id.as_deref() == me,
        Some(RecipientKind::Pyb) => match &user.scope_unit_id {
            Some(root) if user.roles.contains(&Role::Pyb) => {
                governs_unit(conn, &Governs::Subtree(root.clone()), &case.unit_id)?
            }
            _ => false,
        },
        None => false,
    };
    let employee = me == Some(case.employee_id.as_str());
    // The employee is never also the one who decides about them.
    Ok(CaseAccess {
        employee,
        identifier: case.identified_by == user.id,
        counselor: counselor && !employee,
        recipient: recipient && !employee,
        admin: user.roles.contains(&Role::Admin),
    })
}

/// The case and the caller's parts in it, or 404 when they have none.
pub fn load(
    conn: &mut AnyConnection,
    user: &UserPrincipal,
    id: &str,
) -> Result<(CaseRow, CaseAccess), ApiError> {
    let case = rows::find(conn, id)?.ok_or_else(|| not_found(id))?;
    let access = access(conn, user, &case)?;
    if !access.reads() {
        return Err(not_found(id));
    }
    Ok((case, access))
}

/// Records that `user` read `what` of these cases.
pub fn record_reads(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    case_ids: &[&str],
    what: &str,
) -> Result<(), ApiError> {
    let at = work.now();
    let reads: Vec<ReadRow> = case_ids
        .iter()
        .map(|case_id| ReadRow {
            id: uuid::Uuid::now_v7().to_string(),
            case_id: (*case_id).to_owned(),
            reader_id: user.id.clone(),
            reader_name: user.username.clone(),
            what: what.to_owned(),
            read_at: at,
        })
        .collect();
    rows::insert_reads(work.conn(), &reads)?;
    Ok(())
}

/// Loads a case for reading and records the read.
pub fn read(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    id: &str,
    what: &str,
) -> Result<(CaseRow, CaseAccess), ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let found = load(work.conn(), user, id)?;
        record_reads(work, user, &[id], what)?;
        Ok(found)
    })
}

/// 403 for a part the caller does not play in a case they may read.
pub fn refuse(step: Step) -> ApiError {
    ApiError::forbidden(match step.actor() {
        Actor::Manager => "Only whoever identified the case (or admin) takes this step.",
        Actor::Counselor => "Only the case's counselor takes this step.",
        Actor::Recipient => "Only the recipient of the counselor's report takes this step.",
    })
}

/// 409 naming the case's status.
pub fn state_conflict(status: CaseStatus) -> ApiError {
    let code = match status {
        CaseStatus::Identified => Code::CaseIdentified,
        CaseStatus::Designated => Code::CaseDesignated,
        CaseStatus::Assigned => Code::CaseAssigned,
        CaseStatus::Scheduled => Code::CaseScheduled,
        CaseStatus::Conducted => Code::CaseConducted,
        CaseStatus::Reported => Code::CaseReported,
        CaseStatus::FollowUpDecided => Code::CaseFollowUpDecided,
        CaseStatus::Closed => Code::CaseClosed,
    };
    ApiError::conflict(code, format!("The case is {}.", status.as_str()))
}

pub struct NewCase {
    pub employee_id: String,
    pub source: CaseSource,
    pub description: String,
    pub source_ref: Option<String>,
}

/// Who may open a case about an employee: their direct superior, hr of their unit, admin.
fn may_identify(
    conn: &mut AnyConnection,
    user: &UserPrincipal,
    employee: &employees::EmployeeRow,
) -> Result<bool, ApiError> {
    if user.roles.contains(&Role::Admin) {
        return Ok(true);
    }
    if user.employee_id.is_some() && employee.supervisor_id == user.employee_id {
        return Ok(true);
    }
    Ok(match &user.scope_unit_id {
        Some(root) if user.roles.contains(&Role::Hr) => {
            governs_unit(conn, &Governs::Subtree(root.clone()), &employee.unit_id)?
        }
        _ => false,
    })
}

fn refuse_identify() -> ApiError {
    ApiError::forbidden(
        "A counseling case is opened by the employee's direct superior, hr of their unit, or admin.",
    )
}

pub fn identify(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    input: NewCase,
) -> Result<CaseRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let employee = employees::find(work.conn(), &input.employee_id)?
            .filter(|e| e.status == EmployeeStatus::Active);
        // Only admin learns that an id is no active employee; to everyone else an unknown
        // employee and one they may not open a case about are the same 403.
        let Some(employee) = employee else {
            if user.roles.contains(&Role::Admin) {
                return Err(ApiError::validation(vec![FieldError::at(
                    "/employee_id",
                    "unknown_employee",
                    "no active employee has this id",
                )]));
            }
            return Err(refuse_identify());
        };
        let about_self = user.employee_id.as_deref() == Some(employee.id.as_str());
        if about_self || !may_identify(work.conn(), user, &employee)? {
            return Err(refuse_identify());
        }
        let mut errors = Vec::new();
        let description = required_text("/description", &input.description, TEXT_MAX, &mut errors);
        let source_ref = check_source(work.conn(), &input, &mut errors)?;
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let at = work.now();
        let row = CaseRow {
            id: uuid::Uuid::now_v7().to_string(),
            employee_id: employee.id.clone(),
            unit_id: employee.unit_id.clone(),
            source: input.source,
            source_ref,
            description,
            status: CaseStatus::Identified,
            identified_by: user.id.clone(),
            counselor_kind: None,
            counselor_id: None,
            recipient_kind: None,
            recipient_id: None,
            scheduled_at: None,
            place: None,
            record: None,
            signed_at: None,
            reported_at: None,
            decided_by: None,
            decided_at: None,
            closed_at: None,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        rows::insert(work.conn(), &row)?;
        work.record(
            CaseRow::ENTITY,
            &row.id,
            "identify",
            None,
            snapshot(&row),
            None,
        )?;
        record_reads(work, user, &[&row.id], "identify")?;
        Ok(row)
    })
}

/// A 360° or guidance source names the round or session about the employee; other sources
/// name nothing.
fn check_source(
    conn: &mut AnyConnection,
    input: &NewCase,
    errors: &mut Vec<FieldError>,
) -> Result<Option<String>, ApiError> {
    let reference = input
        .source_ref
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let fits = match (input.source, reference) {
        (CaseSource::Assessment360, Some(round)) => {
            assessments::find_assessee(conn, round, &input.employee_id)?.is_some()
        }
        (CaseSource::Guidance, Some(session)) => {
            guidance::participants_of(conn, session)?.contains(&input.employee_id)
        }
        (CaseSource::Monitoring | CaseSource::Other, None) => true,
        (CaseSource::Monitoring | CaseSource::Other, Some(_)) => {
            errors.push(FieldError::at(
                "/source_ref",
                "not_applicable",
                "only an assessment_360 or guidance source names a round or session",
            ));
            return Ok(None);
        }
        (_, None) => {
            errors.push(FieldError::at(
                "/source_ref",
                "required",
                "name the 360° round or the guidance session the problem was found in",
            ));
            return Ok(None);
        }
    };
    if !fits {
        errors.push(FieldError::at(
            "/source_ref",
            "unknown_source",
            "must be a 360° round assessing the employee, or a guidance session they attended",
        ));
    }
    Ok(reference.map(str::to_owned))
}

/// The signed record of the counseling session.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct Record {
    pub problem: String,
    pub causes: String,
    pub summary: String,
    pub agreed_actions: String,
    pub recommendation: String,
}

/// What a step brings along.
pub enum StepInput {
    None,
    Counselor { id: String, kind: CounselorKind },
    Schedule { at: NaiveDateTime, place: String },
    Record(Record),
    Decide(Vec<NewFollowUp>),
}

pub struct NewFollowUp {
    pub kind: FollowUpKind,
    pub owner_id: String,
    pub due_on: NaiveDate,
    pub note: Option<String>,
}

/// Takes one step of the case; the caller must play the step's part and the case be in a
/// status the step starts from.
pub fn take_step(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    id: &str,
    step: Step,
    input: StepInput,
    if_match: &IfMatch,
) -> Result<CaseRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<CaseRow>(id)?;
        let (before, access) = load(work.conn(), user, id)?;
        if !access.takes(step) {
            return Err(refuse(step));
        }
        if_match.check(before.version)?;
        let status = counseling::apply(before.status, step).map_err(state_conflict)?;
        let mut after = before.clone();
        after.status = status;
        let now = work.now();
        let mut errors = Vec::new();
        match (step, input) {
            (Step::Designate, _) | (Step::Report, _) => {
                if step == Step::Report {
                    after.reported_at = Some(now);
                }
            }
            (Step::AssignCounselor, StepInput::Counselor { id, kind }) => {
                let recipient = check_counselor(work.conn(), &before, &id, kind, &mut errors)?;
                after.counselor_kind = Some(kind.as_str().to_owned());
                after.counselor_id = Some(id);
                after.recipient_kind = Some(recipient_of(kind).as_str().to_owned());
                after.recipient_id = recipient;
                // A new counselor arranges their own meeting.
                after.scheduled_at = None;
                after.place = None;
            }
            (Step::Schedule, StepInput::Schedule { at, place }) => {
                after.place = Some(required_text("/place", &place, PLACE_MAX, &mut errors));
                after.scheduled_at = Some(at);
            }
            (Step::Record, StepInput::Record(record)) => {
                let field = |pointer: &str, text: &str, errors: &mut Vec<FieldError>| {
                    required_text(pointer, text, TEXT_MAX, errors)
                };
                let record = Record {
                    problem: field("/problem", &record.problem, &mut errors),
                    causes: field("/causes", &record.causes, &mut errors),
                    summary: field("/summary", &record.summary, &mut errors),
                    agreed_actions: field("/agreed_actions", &record.agreed_actions, &mut errors),
                    recommendation: field("/recommendation", &record.recommendation, &mut errors),
                };
                after.record = Some(
                    serde_json::to_string(&record)
                        .map_err(|e| ApiError::internal(anyhow::Error::from(e)))?,
                );
                after.signed_at = Some(now);
            }
            (Step::Decide, StepInput::Decide(follow_ups)) => {
                let rows = check_follow_ups(work.conn(), id, follow_ups, now, &mut errors)?;
                if errors.is_empty() {
                    for row in &rows {
                        rows::insert_follow_up(work.conn(), row)?;
                    }
                }
                after.decided_by = Some(user.id.clone());
                after.decided_at = Some(now);
            }
            (Step::Close, _) => {
                let open: Vec<FollowUpStatus> = rows::follow_ups_of(work.conn(), id)?
                    .into_iter()
                    .map(|f| f.status)
                    .collect();
                if !may_close(&open) {
                    return Err(ApiError::conflict(
                        Code::FollowUpsOpen,
                        "Every follow-up must be done or cancelled before the case closes.",
                    ));
                }
                after.closed_at = Some(now);
            }
            _ => {
                return Err(ApiError::internal(anyhow::anyhow!(
                    "step without its input"
                )));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let after = work.update(if_match, &before, after, step.as_str(), None)?;
        // The answer shows the case: a read like any other.
        record_reads(work, user, &[id], step.as_str())?;
        Ok(after)
    })
}

/// The counselor must be what `kind` says; returns the employee who will receive the report
/// (none for an independent counselor, whose report goes to the PyB of the employee's unit).
fn check_counselor(
    conn: &mut AnyConnection,
    case: &CaseRow,
    counselor_id: &str,
    kind: CounselorKind,
    errors: &mut Vec<FieldError>,
) -> Result<Option<String>, ApiError> {
    let pointer = "/counselor_id";
    match kind {
        CounselorKind::Independent => {
            let counselor = users::find(conn, counselor_id)?
                .filter(|u| u.active && u.role_set().contains(&Role::Counselor));
            match counselor {
                None => errors.push(FieldError::at(
                    pointer,
                    "not_a_counselor",
                    "an independent counselor is an active account with the counselor role",
                )),
                Some(c) if c.employee_id.as_deref() == Some(case.employee_id.as_str()) => errors
                    .push(FieldError::at(
                        pointer,
                        "is_employee",
                        "nobody counsels themselves",
                    )),
                Some(_) => {}
            }
            Ok(None)
        }
        CounselorKind::Appraiser | CounselorKind::Official => {
            let employee = employees::find(conn, &case.employee_id)?;
            let counselor =
                employees::find(conn, counselor_id)?.filter(|c| c.status == EmployeeStatus::Active);
            let Some(counselor) = counselor else {
                errors.push(FieldError::at(
                    pointer,
                    "unknown_employee",
                    "no active employee has this id",
                ));
                return Ok(None);
            };
            if counselor.id == case.employee_id {
                errors.push(FieldError::at(
                    pointer,
                    "is_employee",
                    "nobody counsels themselves",
                ));
            } else if kind == CounselorKind::Appraiser
                && employee.and_then(|e| e.supervisor_id).as_deref() != Some(&counselor.id)
            {
                errors.push(FieldError::at(
                    pointer,
                    "not_the_appraiser",
                    "an appraiser counselor is the employee's direct superior",
                ));
            } else if counselor.supervisor_id.is_none()
                || counselor.supervisor_id.as_deref() == Some(case.employee_id.as_str())
            {
                errors.push(FieldError::at(
                    pointer,
                    "no_recipient",
                    "the counselor has no superior to report to other than the employee",
                ));
            }
            Ok(counselor.supervisor_id)
        }
    }
}

fn check_follow_ups(
    conn: &mut AnyConnection,
    case_id: &str,
    input: Vec<NewFollowUp>,
    now: NaiveDateTime,
    errors: &mut Vec<FieldError>,
) -> Result<Vec<FollowUpRow>, ApiError> {
    if input.is_empty() || input.len() > FOLLOW_UPS_MAX {
        errors.push(FieldError::at(
            "/follow_ups",
            "out_of_range",
            format!("1 to {FOLLOW_UPS_MAX} follow-ups"),
        ));
    }
    let mut rows = Vec::new();
    for (i, f) in input.into_iter().enumerate() {
        let at = |field: &str| format!("/follow_ups/{i}/{field}");
        let owner = employees::find(conn, &f.owner_id)?;
        if owner.is_none_or(|e| e.status != EmployeeStatus::Active) {
            errors.push(FieldError::at(
                at("owner_id"),
                "unknown_employee",
                "no active employee has this id",
            ));
        }
        if f.due_on < now.date() {
            errors.push(FieldError::at(
                at("due_on"),
                "in_past",
                "a follow-up is due today or later",
            ));
        }
        let note = optional_text(&at("note"), f.note.as_deref(), TEXT_MAX, errors);
        rows.push(FollowUpRow {
            id: uuid::Uuid::now_v7().to_string(),
            case_id: case_id.to_owned(),
            kind: f.kind,
            owner_id: f.owner_id,
            due_on: f.due_on,
            note,
            status: FollowUpStatus::Open,
            outcome: None,
            version: 1,
            created_at: now,
            updated_at: now,
        });
    }
    Ok(rows)
}

/// Adds a correction to the signed record (the counselor, once it is signed).
pub fn add_addendum(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    id: &str,
    text: &str,
) -> Result<CaseRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<CaseRow>(id)?;
        let (case, access) = load(work.conn(), user, id)?;
        if !access.counselor {
            return Err(refuse(Step::Record));
        }
        if case.signed_at.is_none() {
            return Err(state_conflict(case.status));
        }
        let mut errors = Vec::new();
        let text = required_text("/text", text, TEXT_MAX, &mut errors);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let row = AddendumRow {
            id: uuid::Uuid::now_v7().to_string(),
            case_id: id.to_owned(),
            author_id: user.id.clone(),
            text,
            created_at: work.now(),
        };
        rows::insert_addendum(work.conn(), &row)?;
        record_reads(work, user, &[id], "addenda")?;
        let event = crate::store::versioned::Event {
            action: "add_addendum",
            before: None,
            after: Some(serde_json::json!({"addendum": row.text})),
            reason: None,
        };
        work.touch(&IfMatch::Absent, &case, case.clone(), event)
    })
}

/// Who may change a follow-up: its owner (marking it done) and the report's recipient; the
/// second value says whether the caller is the recipient.
pub fn load_follow_up(
    conn: &mut AnyConnection,
    user: &UserPrincipal,
    case_id: &str,
    follow_up_id: &str,
) -> Result<(FollowUpRow, bool), ApiError> {
    let not_found = || ApiError::not_found("follow-up", follow_up_id);
    let follow_up = rows::find_follow_up(conn, follow_up_id)?
        .filter(|f| f.case_id == case_id)
        .ok_or_else(not_found)?;
    let case = rows::find(conn, case_id)?.ok_or_else(not_found)?;
    let owner = user.employee_id.as_deref() == Some(follow_up.owner_id.as_str());
    let parts = access(conn, user, &case)?;
    if owner || parts.recipient {
        Ok((follow_up, parts.recipient))
    } else if parts.reads() {
        Err(ApiError::forbidden(
            "Only the follow-up's owner and the recipient of the report update it.",
        ))
    } else {
        Err(not_found())
    }
}

pub struct FollowUpChange {
    pub status: Option<FollowUpStatus>,
    pub outcome: Option<String>,
}

pub fn update_follow_up(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    case_id: &str,
    follow_up_id: &str,
    change: FollowUpChange,
    if_match: &IfMatch,
) -> Result<FollowUpRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<FollowUpRow>(follow_up_id)?;
        let (before, recipient) = load_follow_up(work.conn(), user, case_id, follow_up_id)?;
        if change.status == Some(FollowUpStatus::Cancelled) && !recipient {
            return Err(ApiError::forbidden(
                "Only the recipient who decided the follow-up cancels it; its owner marks it done.",
            ));
        }
        if_match.check(before.version)?;
        if before.status != FollowUpStatus::Open {
            return Err(ApiError::conflict(
                Code::FollowUpClosed,
                format!("The follow-up is {}.", before.status.as_str()),
            ));
        }
        let mut errors = Vec::new();
        let outcome = optional_text("/outcome", change.outcome.as_deref(), TEXT_MAX, &mut errors)
            .or(before.outcome.clone());
        let status = change.status.unwrap_or(before.status);
        if status != FollowUpStatus::Open && outcome.is_none() {
            errors.push(FieldError::at(
                "/outcome",
                "required",
                "say what came of the follow-up when it is done or cancelled",
            ));
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let after = FollowUpRow {
            status,
            outcome,
            ..before.clone()
        };
        record_reads(work, user, &[case_id], "follow_up")?;
        work.update(if_match, &before, after, "update", None)
    })
}
