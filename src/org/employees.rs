//! Creating and changing employee records: a valid NIP that nobody else has, a unit and a
//! superior that exist, and a superior chain that never loops.

use chrono::{NaiveDate, NaiveDateTime};
use validator::ValidateEmail;

use super::reach::{governs_path, governs_unit};
use super::{check_active_unit, required_text, unit_problem};
use crate::auth::policy::Governs;
use crate::db::AnyConnection;
use crate::domain::nip::{Nip, PppkCodes};
use crate::domain::org::{
    AsnType, EmployeeStatus, PositionType, Rank, child_path, closes_cycle, rank_mismatch,
};
use crate::error::{ApiError, Code, FieldError, unique};
use crate::store::employees::{self, EmployeeRow};
use crate::store::units::{self, UnitRow};
use crate::store::versioned::snapshot;
use crate::store::{IfMatch, Invariant, Isolation, Work};

pub const NAME_MAX: usize = 200;
pub const TITLE_MAX: usize = 200;
pub const EMAIL_MAX: usize = 254;

pub struct NewEmployee {
    pub nip: String,
    pub name: String,
    pub email: Option<String>,
    pub asn_type: AsnType,
    pub rank: Rank,
    pub position_title: String,
    pub position_type: PositionType,
    pub unit_id: String,
    pub supervisor_id: Option<String>,
}

/// A change to an employee; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Default, PartialEq)]
pub struct EmployeeChanges {
    pub name: Option<String>,
    pub email: Option<Option<String>>,
    pub asn_type: Option<AsnType>,
    pub rank: Option<Rank>,
    pub position_title: Option<String>,
    pub position_type: Option<PositionType>,
    pub unit_id: Option<String>,
    pub supervisor_id: Option<Option<String>>,
    pub status: Option<EmployeeStatus>,
    /// With `status: inactive`: who their active direct reports report to from now on.
    pub reassign_to: Option<String>,
}

/// The NIP in canonical form, read as `asn_type` numbers it (a birth date after `today` is
/// wrong), or a 422 naming the part that is wrong.
pub fn parse_nip(
    pointer: &str,
    raw: &str,
    asn_type: AsnType,
    pppk_codes: PppkCodes,
    today: NaiveDate,
) -> Result<Nip, FieldError> {
    Nip::parse_as(raw, asn_type, pppk_codes, today)
        .map_err(|e| FieldError::at(pointer, e.code, e.message))
}

fn check_rank(asn_type: AsnType, rank: Rank, errors: &mut Vec<FieldError>) {
    if let Some(message) = rank_mismatch(asn_type, rank) {
        errors.push(FieldError::at("/rank", "rank_mismatch", message));
    }
}

fn check_email(email: Option<String>, errors: &mut Vec<FieldError>) -> Option<String> {
    let email = email
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())?;
    if email.len() > EMAIL_MAX || !email.validate_email() {
        errors.push(FieldError::at(
            "/email",
            "invalid_email",
            "not an e-mail address",
        ));
    }
    Some(email)
}

fn duplicate_nip(nip: &str) -> ApiError {
    ApiError::conflict(
        Code::DuplicateNip,
        format!("An employee with the NIP {nip} exists already."),
    )
}

/// A superior (at `pointer`) must exist in what the caller governs (else it is unknown to
/// them, exactly like an id that exists nowhere), be active, and not be the employee or anyone
/// below them. Returns the superior's chain when they qualify.
fn check_supervisor(
    conn: &mut AnyConnection,
    governs: &Governs,
    employee_id: Option<&str>,
    supervisor_id: &str,
    pointer: &str,
    errors: &mut Vec<FieldError>,
) -> Result<Option<String>, ApiError> {
    let found = employees::find(conn, supervisor_id)?;
    Ok(
        match supervisor_problem(governs, employee_id, found.as_ref(), pointer) {
            Some(problem) => {
                errors.push(problem);
                None
            }
            None => found.map(|s| s.chain),
        },
    )
}

/// What is wrong with `found` as the superior of `employee_id` (none for a new employee).
fn supervisor_problem(
    governs: &Governs,
    employee_id: Option<&str>,
    found: Option<&EmployeeRow>,
    pointer: &str,
) -> Option<FieldError> {
    let refuse = |code, message: &str| Some(FieldError::at(pointer, code, message));
    match found.filter(|s| governs_path(governs, &s.unit_path)) {
        None => refuse("unknown_employee", "no employee has this id"),
        Some(s) if s.status != EmployeeStatus::Active => {
            refuse("inactive_employee", "this employee is inactive")
        }
        Some(s) => match employee_id {
            Some(id) if id == s.id => refuse("cycle", "an employee cannot be their own superior"),
            Some(id) if closes_cycle(id, &s.chain) => refuse(
                "cycle",
                "this employee is above the proposed superior; the chain would loop",
            ),
            _ => None,
        },
    }
}

fn require_governed(
    conn: &mut AnyConnection,
    governs: &Governs,
    unit_id: &str,
) -> Result<(), ApiError> {
    if governs_unit(conn, governs, unit_id)? {
        Ok(())
    } else {
        Err(outside_governed())
    }
}

fn outside_governed() -> ApiError {
    ApiError::forbidden("The unit lies outside the org units you govern.")
}

/// `pppk_codes`: the PPPK codes an NI PPPK may carry (`KINERJA_PPPK_CODES`).
pub fn create(
    work: &mut Work<'_>,
    governs: &Governs,
    pppk_codes: PppkCodes,
    input: NewEmployee,
) -> Result<EmployeeRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        // Copies the unit's path and the superior's chain: no move or rewiring may rewrite
        // them until this employee is in.
        work.lock_shared(Invariant::OrgTree)?;
        work.lock_shared(Invariant::SuperiorChain)?;
        let conn = work.conn();
        let unit = units::find(conn, &input.unit_id)?;
        let supervisor = match &input.supervisor_id {
            Some(id) => employees::find(conn, id)?,
            None => None,
        };
        let refers_to = Referents {
            unit: unit.as_ref(),
            supervisor: supervisor.as_ref(),
        };
        let row = new_record(input, refers_to, governs, pppk_codes, work.now())?;
        employees::insert(work.conn(), &row).map_err(|e| unique(e, || duplicate_nip(&row.nip)))?;
        work.record("employee", &row.id, "create", None, snapshot(&row), None)?;
        Ok(row)
    })
}

/// What a new employee refers to, as read under the tree and chain locks: the unit named by
/// `unit_id` and the superior named by `supervisor_id` (`None` where nothing has that id).
pub struct Referents<'a> {
    pub unit: Option<&'a UnitRow>,
    pub supervisor: Option<&'a EmployeeRow>,
}

/// The record of a new employee, checked against what it refers to: pure, so a batch checks
/// a thousand rows against what it read once. `supervisor` is ignored without `supervisor_id`.
pub fn new_record(
    input: NewEmployee,
    refers_to: Referents<'_>,
    governs: &Governs,
    pppk_codes: PppkCodes,
    now: NaiveDateTime,
) -> Result<EmployeeRow, ApiError> {
    let mut errors = Vec::new();
    let nip = parse_nip("/nip", &input.nip, input.asn_type, pppk_codes, now.date())
        .map_err(|e| errors.push(e))
        .ok();
    check_rank(input.asn_type, input.rank, &mut errors);
    let name = required_text("/name", &input.name, NAME_MAX, &mut errors);
    let title = required_text(
        "/position_title",
        &input.position_title,
        TITLE_MAX,
        &mut errors,
    );
    let email = check_email(input.email, &mut errors);
    errors.extend(unit_problem("/unit_id", refers_to.unit));
    let supervisor = input.supervisor_id.as_ref().and(refers_to.supervisor);
    if input.supervisor_id.is_some() {
        errors.extend(supervisor_problem(
            governs,
            None,
            supervisor,
            "/supervisor_id",
        ));
    }
    let (Some(nip), Some(unit)) = (nip, refers_to.unit.filter(|_| errors.is_empty())) else {
        return Err(ApiError::validation(errors));
    };
    if !governs_path(governs, &unit.path) {
        return Err(outside_governed());
    }
    let id = uuid::Uuid::now_v7().to_string();
    let superior_chain = supervisor
        .map(|s| s.chain.as_str())
        .filter(|c| !c.is_empty());
    Ok(EmployeeRow {
        unit_path: unit.path.clone(),
        chain: child_path(superior_chain, &id),
        id,
        nip: nip.into_string(),
        name,
        email,
        asn_type: input.asn_type,
        rank: input.rank,
        position_title: title,
        position_type: input.position_type,
        unit_id: input.unit_id,
        supervisor_id: input.supervisor_id,
        status: EmployeeStatus::Active,
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

/// Applies `changes` to an employee the caller can see (`before` was read for the access
/// check); hr must govern both the old and the new unit.
pub fn update(
    work: &mut Work<'_>,
    governs: &Governs,
    pppk_codes: PppkCodes,
    id: &str,
    changes: EmployeeChanges,
    if_match: &IfMatch,
) -> Result<EmployeeRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let leaves = changes.status == Some(EmployeeStatus::Inactive);
        // Always the tree before the chain, as `create` takes them.
        if changes.unit_id.is_some() || changes.status.is_some() {
            work.lock_shared(Invariant::OrgTree)?;
        }
        if changes.supervisor_id.is_some() || changes.status.is_some() {
            work.lock(Invariant::SuperiorChain)?;
        }
        let today = work.now().date();
        let conn = work.conn();
        let before =
            employees::find(conn, id)?.ok_or_else(|| ApiError::not_found("employee", id))?;
        require_governed(conn, governs, &before.unit_id)?;
        if_match.check(before.version)?;
        let mut row = before.clone();
        let mut errors = Vec::new();
        if let Some(name) = &changes.name {
            row.name = required_text("/name", name, NAME_MAX, &mut errors);
        }
        if let Some(email) = changes.email {
            row.email = check_email(email, &mut errors);
        }
        if let Some(asn_type) = changes.asn_type {
            row.asn_type = asn_type;
        }
        if let Some(rank) = changes.rank {
            row.rank = rank;
        }
        // The grade scale and the reading of the NIP depend on the ASN type, so changing either
        // re-checks them; records nobody retypes or regrades stay editable as they are.
        let retyped = row.asn_type != before.asn_type;
        if retyped || row.rank != before.rank {
            check_rank(row.asn_type, row.rank, &mut errors);
        }
        if retyped && let Err(e) = parse_nip("/asn_type", &row.nip, row.asn_type, pppk_codes, today)
        {
            let message = format!(
                "the employee's NIP {} does not fit {}: {}",
                row.nip,
                row.asn_type.as_str().to_uppercase(),
                e.message
            );
            errors.push(FieldError::at("/asn_type", &e.code, message));
        }
        if let Some(title) = &changes.position_title {
            row.position_title = required_text("/position_title", title, TITLE_MAX, &mut errors);
        }
        if let Some(position_type) = changes.position_type {
            row.position_type = position_type;
        }
        if let Some(status) = changes.status {
            row.status = status;
        }
        if let Some(unit) = changes.unit_id
            && unit != before.unit_id
        {
            check_active_unit(conn, "/unit_id", &unit, &mut errors)?;
            row.unit_path = units::subtree_path(conn, &unit)?;
            row.unit_id = unit;
        }
        if let Some(supervisor) = changes.supervisor_id
            && supervisor != before.supervisor_id
        {
            let mut superior_chain = None;
            if let Some(s) = &supervisor {
                superior_chain =
                    check_supervisor(conn, governs, Some(id), s, "/supervisor_id", &mut errors)?;
            }
            row.chain = child_path(superior_chain.as_deref(), id);
            row.supervisor_id = supervisor;
        }
        if before.status == EmployeeStatus::Inactive && row.status == EmployeeStatus::Active {
            // Back from leave: the unit and the superior must still be there.
            if row.unit_id == before.unit_id {
                check_active_unit(conn, "/unit_id", &row.unit_id, &mut errors)?;
            }
            if let Some(s) = row
                .supervisor_id
                .as_deref()
                .filter(|_| row.chain == before.chain)
            {
                check_supervisor(conn, governs, Some(id), s, "/supervisor_id", &mut errors)?;
            }
        }
        let reports = if leaves && before.status == EmployeeStatus::Active {
            employees::active_reports(conn, id)?
        } else {
            Vec::new()
        };
        let successor = match changes.reassign_to.as_deref() {
            Some(_) if !leaves => {
                errors.push(FieldError::at(
                    "/reassign_to",
                    "requires_leaving",
                    "only together with \"status\": \"inactive\"",
                ));
                None
            }
            // A deputy among the reports takes the leaver's place.
            Some(to) if reports.iter().any(|r| r.id == to) => {
                Some(Successor::Deputy(to.to_owned()))
            }
            Some(to) => check_supervisor(conn, governs, Some(id), to, "/reassign_to", &mut errors)?
                .map(|chain| Successor::Other(to.to_owned(), chain)),
            None => None,
        };
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        require_governed(conn, governs, &row.unit_id)?;
        if !reports.is_empty() && successor.is_none() {
            return Err(ApiError::conflict(
                Code::HasSubordinates,
                format!(
                    "{} active employee(s) still report to this employee; name `reassign_to` to \
                     re-point them in the same change.",
                    reports.len()
                ),
            ));
        }
        let row = work.update(if_match, &before, row, "update", None)?;
        if row.unit_id != before.unit_id {
            employees::set_unit_path(work, id, &row.unit_path)?;
        }
        if row.chain != before.chain {
            employees::rebase_chains(work, &before.chain, &row.chain)?;
        }
        if let Some(successor) = successor {
            hand_over(work, &row, successor)?;
        }
        Ok(row)
    })
}

/// Who takes a leaver's active direct reports.
enum Successor {
    /// One of the reports, who takes the leaver's place (reporting to the leaver's superior).
    Deputy(String),
    /// Another active employee, with their chain.
    Other(String, String),
}

/// Re-points the active direct reports of `leaver` (already written) to `successor`, each an
/// audited change with its subtree carried along.
fn hand_over(
    work: &mut Work<'_>,
    leaver: &EmployeeRow,
    successor: Successor,
) -> Result<(), ApiError> {
    let (to, to_chain) = match successor {
        Successor::Other(to, chain) => (to, chain),
        Successor::Deputy(deputy) => {
            let above = leaver.chain.strip_suffix(&format!("{}/", leaver.id));
            let report = employees::find(work, &deputy)?
                .ok_or_else(|| ApiError::not_found("employee", &deputy))?;
            let chain = child_path(above, &deputy);
            re_point(work, &report, leaver.supervisor_id.clone(), &chain)?;
            (deputy, chain)
        }
    };
    for report in employees::active_reports(work, &leaver.id)? {
        let chain = child_path(Some(&to_chain), &report.id);
        re_point(work, &report, Some(to.clone()), &chain)?;
    }
    Ok(())
}

fn re_point(
    work: &mut Work<'_>,
    report: &EmployeeRow,
    supervisor_id: Option<String>,
    chain: &str,
) -> Result<(), ApiError> {
    let moved = EmployeeRow {
        supervisor_id,
        ..report.clone()
    };
    work.update(&IfMatch::Absent, report, moved, "reassign", None)?;
    Ok(employees::rebase_chains(work, &report.chain, chain)?)
}
