//! The organisation: creating and changing org units and employees (checks that need the
//! database, the audit event in the same transaction), and who can see whom.

pub mod employees;
pub mod reach;
pub mod sync;
pub mod units;

use crate::db::AnyConnection;
use crate::error::{ApiError, FieldError};
use crate::store::units as unit_rows;

/// A required text field, trimmed, at most `max` characters.
pub(crate) fn required_text(
    pointer: &str,
    value: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.push(FieldError::at(pointer, "required", "must not be empty"));
    } else if value.chars().count() > max {
        errors.push(FieldError::at(
            pointer,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
    value.to_owned()
}

/// An optional text field, trimmed (blank is absent), at most `max` characters.
pub(crate) fn optional_text(
    pointer: &str,
    value: Option<&str>,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    if value.chars().count() > max {
        errors.push(FieldError::at(
            pointer,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
    Some(value.to_owned())
}

/// A unit referred to at `pointer` must exist and be active.
fn check_active_unit(
    conn: &mut AnyConnection,
    pointer: &str,
    unit_id: &str,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    errors.extend(unit_problem(
        pointer,
        unit_rows::find(conn, unit_id)?.as_ref(),
    ));
    Ok(())
}

/// What is wrong with the unit found for a reference at `pointer`, if anything.
fn unit_problem(pointer: &str, found: Option<&unit_rows::UnitRow>) -> Option<FieldError> {
    match found {
        None => Some(FieldError::at(
            pointer,
            "unknown_unit",
            "no org unit has this id",
        )),
        Some(u) if !u.active => Some(FieldError::at(
            pointer,
            "inactive_unit",
            "this org unit is inactive",
        )),
        Some(_) => None,
    }
}
