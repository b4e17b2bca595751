//! Who may see which employees, and which units a caller governs.

use diesel::QueryResult;

use crate::auth::Principal;
use crate::auth::policy::Governs;
use crate::db::AnyConnection;
use crate::domain::account::Role;
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
    let mut units = Vec::new();
    if let Some(root) = &user.scope_unit_id
        && user.roles.iter().any(|r| r.is_unit_scoped())
    {
        units = units::subtree(conn, root)?;
    }
    let mut people = Vec::new();
    if let Some(me) = &user.employee_id {
        people.push(me.clone());
        people.extend(employees::superiors(conn, me)?);
        people.extend(employees::subordinates(conn, me)?);
    }
    Ok(Visible::Only { units, people })
}

/// Whether `unit_id` lies in what `governs` covers.
pub fn governs_unit(
    conn: &mut AnyConnection,
    governs: &Governs,
    unit_id: &str,
) -> QueryResult<bool> {
    match governs {
        Governs::All => Ok(true),
        Governs::Subtree(root) if root == unit_id => Ok(true),
        Governs::Subtree(root) => Ok(units::ancestors(conn, unit_id)?.contains(root)),
    }
}
