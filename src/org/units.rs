//! Creating and changing org units: unique codes, a parent that exists, no cycles, and no
//! deactivation while active units or employees depend on the unit.

use super::reach::governs_unit;
use super::{check_active_unit, required_text};
use crate::auth::policy::Governs;
use crate::db::AnyConnection;
use crate::domain::org::{UnitKind, child_path, closes_cycle};
use crate::error::{ApiError, Code, FieldError, unique};
use crate::store::units::{self, UnitRow};
use crate::store::versioned::snapshot;
use crate::store::{IfMatch, Invariant, Isolation, Work};

pub const CODE_MAX: usize = 50;
pub const NAME_MAX: usize = 200;

pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<String>,
}

/// A change to a unit; `None` leaves a field as it is, `Some(None)` clears `parent_id`.
#[derive(Debug, Default, PartialEq)]
pub struct UnitChanges {
    pub code: Option<String>,
    pub name: Option<String>,
    pub kind: Option<UnitKind>,
    pub parent_id: Option<Option<String>>,
    pub active: Option<bool>,
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

fn duplicate_code(code: &str) -> ApiError {
    ApiError::conflict(
        Code::DuplicateCode,
        format!("An org unit with the code {code:?} exists already."),
    )
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

pub fn create(work: &mut Work<'_>, governs: &Governs, input: NewUnit) -> Result<UnitRow, ApiError> {
    let mut errors = Vec::new();
    let code = check_code(&input.code, &mut errors);
    let name = required_text("/name", &input.name, NAME_MAX, &mut errors);
    work.transaction(Isolation::ReadCommitted, |work| {
        // Reads the parent's path: no move may rewrite it until this unit is in.
        work.lock_shared(Invariant::OrgTree)?;
        let conn = work.conn();
        if let Some(parent) = &input.parent_id {
            check_active_unit(conn, "/parent_id", parent, &mut errors)?;
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        check_placement(conn, governs, input.parent_id.as_deref())?;
        let parent_path = match &input.parent_id {
            Some(parent) => units::path_of(conn, parent)?,
            None => None,
        };
        let id = uuid::Uuid::now_v7().to_string();
        let at = work.now();
        let row = UnitRow {
            path: child_path(parent_path.as_deref(), &id),
            id,
            code,
            name,
            kind: input.kind,
            parent_id: input.parent_id,
            active: true,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        units::insert(work.conn(), &row).map_err(|e| unique(e, || duplicate_code(&row.code)))?;
        work.record("unit", &row.id, "create", None, snapshot(&row), None)?;
        Ok(row)
    })
}

pub fn update(
    work: &mut Work<'_>,
    governs: &Governs,
    id: &str,
    changes: UnitChanges,
    if_match: &IfMatch,
) -> Result<UnitRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        // A move rewrites paths; (de)activation counts what depends on the unit. Either must
        // not interleave with a write that copies a path or places something in a unit.
        if changes.parent_id.is_some() || changes.active.is_some() {
            work.lock(Invariant::OrgTree)?;
        }
        let conn = work.conn();
        let before = units::find(conn, id)?.ok_or_else(|| ApiError::not_found("org unit", id))?;
        if !governs_unit(conn, governs, id)? {
            return Err(outside("This unit"));
        }
        if_match.check(before.version)?;
        let mut row = before.clone();
        let mut errors = Vec::new();
        if let Some(code) = &changes.code {
            row.code = check_code(code, &mut errors);
            if row.code != before.code && units::find_by_code(conn, &row.code)?.is_some() {
                return Err(duplicate_code(&row.code));
            }
        }
        if let Some(name) = &changes.name {
            row.name = required_text("/name", name, NAME_MAX, &mut errors);
        }
        if let Some(kind) = changes.kind {
            row.kind = kind;
        }
        if let Some(active) = changes.active {
            row.active = active;
        }
        if let Some(parent) = changes.parent_id.clone()
            && parent != before.parent_id
        {
            let mut parent_path = None;
            if let Some(parent) = &parent {
                check_active_unit(conn, "/parent_id", parent, &mut errors)?;
                parent_path = units::path_of(conn, parent)?;
                if parent_path.as_deref().is_some_and(|p| closes_cycle(id, p)) {
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
            row.path = child_path(parent_path.as_deref(), id);
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        if before.active && !row.active {
            let (children, staff) = units::active_dependents(conn, id)?;
            if children > 0 || staff > 0 {
                return Err(ApiError::conflict(
                    Code::UnitInUse,
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
                Code::ParentInactive,
                "The parent unit is inactive; reactivate it first or move this unit.",
            ));
        }
        let row = work.update(if_match, &before, row, "update", None)?;
        if row.path != before.path {
            units::rebase(work, &before.path, &row.path)?;
        }
        Ok(row)
    })
}
