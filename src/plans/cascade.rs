//! The cascade view: each result of a plan with the subordinates' results that support it,
//! so an appraiser sees which of their results nobody supports.

use super::{Loaded, load};
use crate::auth::Principal;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::store::employees;
use crate::store::plans::{self, PlanRow, ResultRow};

pub struct Supporter {
    pub result: ResultRow,
    pub plan: PlanRow,
    pub employee_name: String,
}

/// Each result of the plan with its supporters.
pub type CascadeView = Vec<(ResultRow, Vec<Supporter>)>;

pub fn cascade(
    conn: &mut AnyConnection,
    principal: &Principal,
    plan_id: &str,
) -> Result<(PlanRow, CascadeView), ApiError> {
    let Loaded { plan, .. } = load(conn, principal, plan_id)?;
    let results = plans::results_of(conn, &plan.id)?;
    let ids: Vec<String> = results.iter().map(|r| r.id.clone()).collect();
    let mut children = Vec::new();
    for (result, child_plan) in plans::children_of(conn, &ids)? {
        let employee_name = employees::find(conn, &child_plan.employee_id)?
            .map(|e| e.name)
            .unwrap_or_default();
        children.push(Supporter {
            result,
            plan: child_plan,
            employee_name,
        });
    }
    let view = results
        .into_iter()
        .map(|r| {
            let (mine, rest): (Vec<Supporter>, Vec<Supporter>) = std::mem::take(&mut children)
                .into_iter()
                .partition(|c| c.result.parent_result_id.as_deref() == Some(r.id.as_str()));
            children = rest;
            (r, mine)
        })
        .collect();
    Ok((plan, view))
}
