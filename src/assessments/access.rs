//! Who may read one assessee's result: the assessee, their superior and the superior's
//! superior, hr and pyb whose unit subtree holds the assessee, admin, and clients with
//! `assessments:read`.

use diesel::QueryResult;

use crate::auth::Principal;
use crate::db::AnyConnection;
use crate::domain::account::{Role, Scope};
use crate::domain::org::path_ids;
use crate::org::reach::scope_path;
use crate::store::employees;

pub fn may_read_result(
    conn: &mut AnyConnection,
    p: &Principal,
    employee_id: &str,
) -> QueryResult<bool> {
    let user = match p {
        Principal::Client(c) => return Ok(c.scopes.contains(&Scope::AssessmentsRead)),
        Principal::User(u) if u.roles.contains(&Role::Admin) => return Ok(true),
        Principal::User(u) => u,
    };
    let Some(assessee) = employees::find(conn, employee_id)? else {
        return Ok(false);
    };
    if let Some(me) = &user.employee_id {
        // The chain runs from the top down to the assessee: the last three ids are the
        // superior's superior, the superior and the assessee.
        let chain: Vec<&str> = path_ids(&assessee.chain).collect();
        if chain.iter().rev().take(3).any(|id| id == me) {
            return Ok(true);
        }
    }
    Ok(scope_path(conn, user)?.is_some_and(|path| assessee.unit_path.starts_with(&path)))
}
