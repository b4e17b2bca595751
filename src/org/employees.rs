//! Creating and changing employee records: a valid NIP that nobody else has, a unit and a
//! superior that exist, and a superior chain that never loops.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use validator::ValidateEmail;

use super::reach::governs_unit;
use super::{check_active_unit, required_text};
use crate::api::concurrency::IfMatch;
use crate::auth::policy::Governs;
use crate::db::AnyConnection;
use crate::domain::nip::Nip;
use crate::domain::org::{AsnType, EmployeeStatus, PositionType, Rank, closes_cycle};
use crate::error::{ApiError, FieldError};
use crate::store::audit::{Actor, now};
use crate::store::employees::{self, EmployeeRow};
use crate::store::write_transaction;

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
#[derive(Debug, Default)]
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
}

fn snapshot(row: &EmployeeRow) -> Option<serde_json::Value> {
    serde_json::to_value(row).ok()
}

/// The NIP in canonical form, or a 422 naming the part that is wrong.
pub fn parse_nip(pointer: &str, raw: &str) -> Result<Nip, FieldError> {
    Nip::parse(raw).map_err(|e| FieldError::at(pointer, e.code, e.message))
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

fn duplicate_nip(err: DieselError, nip: &str) -> ApiError {
    match err {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => ApiError::conflict(
            "duplicate_nip",
            format!("An employee with the NIP {nip} exists already."),
        ),
        other => other.into(),
    }
}

/// A superior must exist and be active, and must not be the employee or anyone below them.
fn check_supervisor(
    conn: &mut AnyConnection,
    employee_id: Option<&str>,
    supervisor_id: &str,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    let pointer = "/supervisor_id";
    match employees::find(conn, supervisor_id)? {
        None => errors.push(FieldError::at(
            pointer,
            "unknown_employee",
            "no employee has this id",
        )),
        Some(s) if s.status != EmployeeStatus::Active.as_str() => errors.push(FieldError::at(
            pointer,
            "inactive_employee",
            "this employee is inactive",
        )),
        Some(_) => {
            if let Some(id) = employee_id
                && closes_cycle(
                    id,
                    supervisor_id,
                    &employees::superiors(conn, supervisor_id)?,
                )
            {
                let message = if id == supervisor_id {
                    "an employee cannot be their own superior"
                } else {
                    "this employee is above the proposed superior; the chain would loop"
                };
                errors.push(FieldError::at(pointer, "cycle", message));
            }
        }
    }
    Ok(())
}

fn require_governed(
    conn: &mut AnyConnection,
    governs: &Governs,
    unit_id: &str,
) -> Result<(), ApiError> {
    if governs_unit(conn, governs, unit_id)? {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "The unit lies outside the org units you govern.",
        ))
    }
}

pub fn create(
    conn: &mut AnyConnection,
    governs: &Governs,
    input: NewEmployee,
    actor: &Actor,
) -> Result<EmployeeRow, ApiError> {
    let mut errors = Vec::new();
    let nip = parse_nip("/nip", &input.nip)
        .map_err(|e| errors.push(e))
        .ok();
    let name = required_text("/name", &input.name, NAME_MAX, &mut errors);
    let title = required_text(
        "/position_title",
        &input.position_title,
        TITLE_MAX,
        &mut errors,
    );
    let email = check_email(input.email, &mut errors);
    write_transaction(conn, false, |conn| {
        check_active_unit(conn, "/unit_id", &input.unit_id, &mut errors)?;
        if let Some(supervisor) = &input.supervisor_id {
            check_supervisor(conn, None, supervisor, &mut errors)?;
        }
        let Some(nip) = nip.filter(|_| errors.is_empty()) else {
            return Err(ApiError::validation(errors));
        };
        require_governed(conn, governs, &input.unit_id)?;
        let at = now();
        let row = EmployeeRow {
            id: uuid::Uuid::now_v7().to_string(),
            nip: nip.into_string(),
            name,
            email,
            asn_type: input.asn_type.as_str().to_owned(),
            rank: input.rank.as_str().to_owned(),
            position_title: title,
            position_type: input.position_type.as_str().to_owned(),
            unit_id: input.unit_id,
            supervisor_id: input.supervisor_id,
            status: EmployeeStatus::Active.as_str().to_owned(),
            version: 1,
            created_at: at,
            updated_at: at,
        };
        employees::insert(conn, &row).map_err(|e| duplicate_nip(e, &row.nip))?;
        actor.record(conn, "employee", &row.id, "create", None, snapshot(&row))?;
        Ok(row)
    })
}

/// Applies `changes` to an employee the caller can see (`before` was read for the access
/// check); hr must govern both the old and the new unit.
pub fn update(
    conn: &mut AnyConnection,
    governs: &Governs,
    id: &str,
    changes: EmployeeChanges,
    if_match: &IfMatch,
    actor: &Actor,
) -> Result<EmployeeRow, ApiError> {
    let rewires = changes.supervisor_id.is_some();
    write_transaction(conn, rewires, |conn| {
        let before =
            employees::find(conn, id)?.ok_or_else(|| ApiError::not_found("employee", id))?;
        if_match.check(before.version)?;
        require_governed(conn, governs, &before.unit_id)?;
        let mut row = before.clone();
        let mut errors = Vec::new();
        if let Some(name) = &changes.name {
            row.name = required_text("/name", name, NAME_MAX, &mut errors);
        }
        if let Some(email) = changes.email {
            row.email = check_email(email, &mut errors);
        }
        if let Some(asn_type) = changes.asn_type {
            row.asn_type = asn_type.as_str().to_owned();
        }
        if let Some(rank) = changes.rank {
            row.rank = rank.as_str().to_owned();
        }
        if let Some(title) = &changes.position_title {
            row.position_title = required_text("/position_title", title, TITLE_MAX, &mut errors);
        }
        if let Some(position_type) = changes.position_type {
            row.position_type = position_type.as_str().to_owned();
        }
        if let Some(status) = changes.status {
            row.status = status.as_str().to_owned();
        }
        if let Some(unit) = changes.unit_id
            && unit != before.unit_id
        {
            check_active_unit(conn, "/unit_id", &unit, &mut errors)?;
            row.unit_id = unit;
        }
        if let Some(supervisor) = changes.supervisor_id
            && supervisor != before.supervisor_id
        {
            if let Some(s) = &supervisor {
                check_supervisor(conn, Some(id), s, &mut errors)?;
            }
            row.supervisor_id = supervisor;
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        require_governed(conn, governs, &row.unit_id)?;
        row.version += 1;
        row.updated_at = now();
        employees::update(conn, &row)?;
        actor.record(
            conn,
            "employee",
            id,
            "update",
            snapshot(&before),
            snapshot(&row),
        )?;
        Ok(row)
    })
}
