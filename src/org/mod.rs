//! The organisation: creating and changing org units and employees (checks that need the
//! database, the audit event in the same transaction), and who can see whom.

pub mod employees;
pub mod reach;
pub mod units;

use crate::error::FieldError;

/// A required text field, trimmed, at most `max` characters.
fn required_text(pointer: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
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
