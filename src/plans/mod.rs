//! Performance periods and plans: checks that need the database, the workflow, realisations,
//! the live score, and who may see and do what.

pub mod access;
pub mod cascade;
pub mod content;
pub mod periods;
pub mod realizations;
pub mod score;
pub mod workflow;

use crate::auth::policy::PlanAccess;
use access::access;

use crate::auth::Principal;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::store::Work;
use crate::store::periods::{self as period_rows, PeriodRow};
use crate::store::plans::{self, PlanRow};

/// A plan the caller may read, with what else they may do with it.
pub struct Loaded {
    pub plan: PlanRow,
    pub access: PlanAccess,
}

/// The plan, or 404 when it does not exist or the caller may not read it.
pub fn load(conn: &mut AnyConnection, principal: &Principal, id: &str) -> Result<Loaded, ApiError> {
    let plan = plans::find(conn, id)?.ok_or_else(|| ApiError::not_found("plan", id))?;
    let access = access(conn, principal, &plan)?;
    if !access.read {
        return Err(ApiError::not_found("plan", id));
    }
    Ok(Loaded { plan, access })
}

/// [`load`] for a use case that changes the plan or what it owns: the plan's row is locked
/// first, so concurrent changes of one plan take turns.
pub fn load_for_change(
    work: &mut Work<'_>,
    principal: &Principal,
    id: &str,
) -> Result<Loaded, ApiError> {
    work.lock_row::<PlanRow>(id)?;
    load(work, principal, id)
}

/// The plan's period (every plan has one: a foreign key).
pub(crate) fn period_of(conn: &mut AnyConnection, plan: &PlanRow) -> Result<PeriodRow, ApiError> {
    period_rows::find(conn, &plan.period_id)?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("plan without period")))
}
