//! Who may see which employees, and which units a caller governs: answered from the stored
//! paths with at most two lookups by primary key, whatever the size of the organisation.

use diesel::QueryResult;

use crate::auth::policy::Governs;
use crate::auth::{Principal, UserPrincipal};
use crate::db::AnyConnection;
use crate::domain::account::Role;
use crate::domain::org::path_has;
use crate::store::employees::{self, Visible};
use crate::store::units;

/// The employees a caller may read: admin and clients (whose scope was checked) everyone; hr
/// and pyb the employees of their unit subtree; a person linked to an employee record
/// themselves, their superiors up the chain and everyone below them. Roles add up.
pub fn visible_employees(conn: &mut AnyConnection, p: &Principal) -> QueryResult<Visible> {
    let user = match p {
        Principal::Client(_) => return Ok(Visible::All),
        Principal::User(u) if u.roles.contains(&Role::Admin) => return Ok(Visible::All),
        Principal::User(u) => u,
    };
    let unit_path = scope_path(conn, user)?;
    let chain = match &user.employee_id {
        Some(me) => employees::chain_of(conn, me)?,
        None => None,
    };
    Ok(Visible::Only { unit_path, chain })
}

/// The path of the unit subtree an hr or pyb account covers; none for other accounts.
pub fn scope_path(conn: &mut AnyConnection, user: &UserPrincipal) -> QueryResult<Option<String>> {
    match &user.scope_unit_id {
        Some(root) if user.roles.iter().any(|r| r.is_unit_scoped()) => units::path_of(conn, root),
        _ => Ok(None),
    }
}

/// Whether `unit_id` lies in what `governs` covers.
pub fn governs_unit(
    conn: &mut AnyConnection,
    governs: &Governs,
    unit_id: &str,
) -> QueryResult<bool> {
    match governs {
        Governs::All => Ok(true),
        Governs::Subtree(_) => {
            Ok(units::path_of(conn, unit_id)?.is_some_and(|path| governs_path(governs, &path)))
        }
    }
}

/// Whether the unit at `path` lies in what `governs` covers.
pub fn governs_path(governs: &Governs, path: &str) -> bool {
    match governs {
        Governs::All => true,
        Governs::Subtree(root) => path_has(path, root),
    }
}
