//! Who may call what. Every endpoint's rule is one function here, named after what it guards,
//! and handlers call it first. Data-dependent rules (an employee's own record, an HR officer's
//! subtree) take the data they depend on. Denial is 403 when the caller may know the thing
//! exists, 404 when even that is not their business.

use super::principal::{Principal, UserPrincipal};
use crate::domain::account::Role;
use crate::error::ApiError;

/// `/users`, `/clients`: admin only.
pub fn manage_accounts(p: &Principal) -> Result<(), ApiError> {
    require_role(p, Role::Admin, "managing accounts and clients")
}

/// `/calculators/*`: any authenticated caller, person or client; nothing is stored.
pub fn use_calculators(_: &Principal) -> Result<(), ApiError> {
    Ok(())
}

/// `GET /me`: any authenticated caller.
pub fn read_own_account(_: &Principal) -> Result<(), ApiError> {
    Ok(())
}

/// `POST /me/password`: people only (a client rotates its secret through an admin).
pub fn change_own_password(p: &Principal) -> Result<&UserPrincipal, ApiError> {
    match p {
        Principal::User(u) => Ok(u),
        Principal::Client(_) => Err(ApiError::forbidden(
            "Integration clients have no password; an admin rotates a client's secret.",
        )),
    }
}

fn require_role(p: &Principal, role: Role, what: &str) -> Result<(), ApiError> {
    if p.has_role(role) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "Only the {} role may do this ({what}).",
            role.as_str()
        )))
    }
}
