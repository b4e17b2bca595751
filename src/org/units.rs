//! Creating and changing org units: unique codes, a parent that exists, no cycles, and no
//! deactivation while active units or employees depend on the unit.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::reach::governs_unit;
use super::{check_active_unit, required_text};
use crate::api::concurrency::IfMatch;
use crate::auth::policy::Governs;
use crate::db::AnyConnection;
use crate::domain::org::{UnitKind, closes_cycle};
use crate::error::{ApiError, FieldError};
use crate::store::audit::{Actor, now};
use crate::store::units::{self, UnitRow};
use crate::store::write_transaction;

pub const CODE_MAX: usize = 50;
pub const NAME_MAX: usize = 200;

pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<String>,
}

/// A change to a unit; `None` leaves a field as it is, `Some(None)` clears `parent_id`.
#[derive(Debug, Default)]
pub struct UnitChanges {
    pub code: Option<String>,
    pub name: Option<String>,
    pub kind: Option<UnitKind>,
    pub parent_id: Option<Option<String>>,
    pub active: Option<bool>,
}

fn snapshot(row: &UnitRow) -> Option<serde_json::Value> {
    serde_json::to_value(row).ok()
}

fn check_code(code: &str, errors: &mut Vec<FieldError>) -> String {
    let code = required_text("/code", code, CODE_MAX, errors);
    if let Some(bad) = code
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "._-/".contains(*c)))
    {
        errors.push(FieldError::at(
            "/code",
            "invalid_character",
            format!("{bad:?} is not allowed; use letters, digits and . _ - /"),
        ));
    }
    code
}

fn duplicate_code(err: DieselError, code: &str) -> ApiError {
    match err {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => ApiError::conflict(
            "duplicate_code",
            format!("An org unit with the code {code:?} exists already."),
        ),
        other => other.into(),
    }
}

fn outside(what: &str) -> ApiError {
    ApiError::forbidden(format!("{what} lies outside the org units you govern."))
}

/// Only a caller who governs everything makes a top-level unit; others place it under a unit
/// they govern.
fn check_placement(
    conn: &mut AnyConnection,
    governs: &Governs,
    parent_id: Option<&str>,
) -> Result<(), ApiError> {
    let allowed = match parent_id {
        None => *governs == Governs::All,
        Some(parent) => governs_unit(conn, governs, parent)?,
    };
    if allowed {
        Ok(())
    } else {
        Err(outside("The parent unit"))
    }
}

pub fn create(
    conn: &mut AnyConnection,
    governs: &Governs,
    input: NewUnit,
    actor: &Actor,
) -> Result<UnitRow, ApiError> {
    let mut errors = Vec::new();
    let code = check_code(&input.code, &mut errors);
    let name = required_text("/name", &input.name, NAME_MAX, &mut errors);
    write_transaction(conn, false, |conn| {
        if let Some(parent) = &input.parent_id {
            check_active_unit(conn, "/parent_id", parent, &mut errors)?;
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        check_placement(conn, governs, input.parent_id.as_deref())?;
        let at = now();
        let row = UnitRow {
            id: uuid::Uuid::now_v7().to_string(),
            code,
            name,
            kind: input.kind.as_str().to_owned(),
            parent_id: input.parent_id,
            active: true,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        units::insert(conn, &row).map_err(|e| duplicate_code(e, &row.code))?;
        actor.record(conn, "unit", &row.id, "create", None, snapshot(&row))?;
        Ok(row)
    })
}

pub fn update(
    conn: &mut AnyConnection,
    governs: &Governs,
    id: &str,
    changes: UnitChanges,
    if_match: &IfMatch,
    actor: &Actor,
) -> Result<UnitRow, ApiError> {
    let moves = changes.parent_id.is_some();
    write_transaction(conn, moves, |conn| {
        let before = units::find(conn, id)?.ok_or_else(|| ApiError::not_found("org unit", id))?;
        if_match.check(before.version)?;
        if !governs_unit(conn, governs, id)? {
            return Err(outside("This unit"));
        }
        let mut row = before.clone();
        let mut errors = Vec::new();
        if let Some(code) = &changes.code {
            row.code = check_code(code, &mut errors);
        }
        if let Some(name) = &changes.name {
            row.name = required_text("/name", name, NAME_MAX, &mut errors);
        }
        if let Some(kind) = changes.kind {
            row.kind = kind.as_str().to_owned();
        }
        if let Some(active) = changes.active {
            row.active = active;
        }
        if let Some(parent) = changes.parent_id.clone()
            && parent != before.parent_id
        {
            if let Some(parent) = &parent {
                check_active_unit(conn, "/parent_id", parent, &mut errors)?;
                if closes_cycle(id, parent, &units::ancestors(conn, parent)?) {
                    errors.push(FieldError::at(
                        "/parent_id",
                        "cycle",
                        "this unit is the parent or one of its ancestors; the tree would loop",
                    ));
                }
            }
            if errors.is_empty() {
                check_placement(conn, governs, parent.as_deref())?;
            }
            row.parent_id = parent;
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        if before.active && !row.active {
            let (children, staff) = units::active_dependents(conn, id)?;
            if children > 0 || staff > 0 {
                return Err(ApiError::conflict(
                    "unit_in_use",
                    format!(
                        "The unit still has {children} active sub-unit(s) and {staff} active employee(s); \
                         move or deactivate them first."
                    ),
                ));
            }
        }
        if !before.active
            && row.active
            && let Some(parent) = &row.parent_id
            && !units::find(conn, parent)?.is_some_and(|p| p.active)
        {
            return Err(ApiError::conflict(
                "parent_inactive",
                "The parent unit is inactive; reactivate it first or move this unit.",
            ));
        }
        row.version += 1;
        row.updated_at = now();
        units::update(conn, &row).map_err(|e| duplicate_code(e, &row.code))?;
        actor.record(
            conn,
            "unit",
            id,
            "update",
            snapshot(&before),
            snapshot(&row),
        )?;
        Ok(row)
    })
}
