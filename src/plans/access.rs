//! Who may read and act on a plan: the owner; the plan's appraiser; the appraiser's superior
//! (read); hr (read and act for the owner) and pyb (read) in their unit subtree; admin
//! everything; clients with `plans:read` read. Everyone else does not learn the plan exists.

use diesel::QueryResult;

use crate::auth::Principal;
use crate::auth::policy::{Governs, PlanAccess};
use crate::db::AnyConnection;
use crate::domain::account::Role;
use crate::org::reach::{governs_unit, scope_path};
use crate::store::employees;
use crate::store::plans::{PlanRow, Visible};

pub fn access(conn: &mut AnyConnection, p: &Principal, plan: &PlanRow) -> QueryResult<PlanAccess> {
    let user = match p {
        // The scope was checked by the policy.
        Principal::Client(_) => {
            return Ok(PlanAccess {
                read: true,
                ..PlanAccess::default()
            });
        }
        Principal::User(u) => u,
    };
    let me = user.employee_id.as_deref();
    let owner = me == Some(plan.employee_id.as_str());
    let appraiser = me.is_some() && me == plan.appraiser_id.as_deref();
    let admin = user.roles.contains(&Role::Admin);
    let scoped = user.roles.contains(&Role::Hr) || user.roles.contains(&Role::Pyb);
    let in_scope = match (&user.scope_unit_id, scoped) {
        (Some(root), true) => governs_unit(conn, &Governs::Subtree(root.clone()), &plan.unit_id)?,
        _ => false,
    };
    let hr = admin || (in_scope && user.roles.contains(&Role::Hr));
    let appraisers_superior = match (me, &plan.appraiser_id) {
        (Some(me), Some(appraiser)) => employees::find(conn, appraiser)?
            .and_then(|a| a.supervisor_id)
            .is_some_and(|s| s == me),
        _ => false,
    };
    Ok(PlanAccess {
        read: owner || appraiser || appraisers_superior || in_scope || admin,
        owner,
        appraiser,
        hr,
    })
}

/// The plans a caller may list.
pub fn visible_plans(conn: &mut AnyConnection, p: &Principal) -> QueryResult<Visible> {
    let user = match p {
        Principal::Client(_) => return Ok(Visible::All),
        Principal::User(u) if u.roles.contains(&Role::Admin) => return Ok(Visible::All),
        Principal::User(u) => u,
    };
    Ok(Visible::Only {
        unit_path: scope_path(conn, user)?,
        employee_id: user.employee_id.clone(),
    })
}
