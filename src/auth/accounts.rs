//! Creating and changing user accounts and integration clients: validation, hashing, the
//! last-admin rule, and an audit event in the same transaction as each change.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;

use super::password;
use crate::db::AnyConnection;
use crate::domain::account::{self, Role, Scope};
use crate::error::{ApiError, Code, FieldError, unique};
use crate::secret;
use crate::store::clients::{self, ClientRow};
use crate::store::users::{self, UserRow};
use crate::store::{IfMatch, Invariant, Isolation, Versioned, Work, employees, sessions, units};

pub struct NewUser {
    pub username: String,
    pub password: NewPassword,
    pub roles: Vec<Role>,
    pub scope_unit_id: Option<String>,
    pub employee_id: Option<String>,
}

/// A password to set, with its hash made beforehand (by [`password::Hasher`], holding no
/// database connection); the plain text is kept for the policy check, which needs the username.
#[derive(Debug, Clone)]
pub struct NewPassword {
    pub plain: String,
    pub hash: String,
}

impl NewPassword {
    /// Hashes on this thread: for start-up and the demo, not for requests.
    pub fn hashed_here(plain: &str) -> Self {
        NewPassword {
            plain: plain.to_owned(),
            hash: password::hash(plain),
        }
    }
}

fn check_uuid(pointer: &str, value: Option<&str>, errors: &mut Vec<FieldError>) {
    if value.is_some_and(|v| uuid::Uuid::try_parse(v).is_err()) {
        errors.push(FieldError::at(pointer, "invalid_uuid", "must be a UUID"));
    }
}

fn check_scope_unit(
    roles: &BTreeSet<Role>,
    scope_unit_id: Option<&str>,
    errors: &mut Vec<FieldError>,
) {
    check_uuid("/scope_unit_id", scope_unit_id, errors);
    if scope_unit_id.is_some() && !roles.iter().any(|r| r.is_unit_scoped()) {
        errors.push(FieldError::at(
            "/scope_unit_id",
            "not_unit_scoped",
            "only hr and pyb accounts govern an org unit",
        ));
    }
}

/// Validates a new account and builds its row, hashing the password.
pub fn build_user(input: NewUser, at: NaiveDateTime) -> Result<UserRow, Vec<FieldError>> {
    let mut errors = Vec::new();
    let username = account::normalize_username(&input.username)
        .map_err(|(code, msg)| errors.push(FieldError::at("/username", code, msg)))
        .unwrap_or_default();
    if let Err((code, msg)) = account::check_password(&input.password.plain, &username) {
        errors.push(FieldError::at("/password", code, msg));
    }
    let roles: BTreeSet<Role> = input.roles.into_iter().collect();
    check_scope_unit(&roles, input.scope_unit_id.as_deref(), &mut errors);
    check_uuid("/employee_id", input.employee_id.as_deref(), &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut row = UserRow {
        id: uuid::Uuid::now_v7().to_string(),
        username,
        password_hash: input.password.hash,
        roles: String::new(),
        scope_unit_id: input.scope_unit_id,
        employee_id: input.employee_id,
        active: true,
        version: 1,
        created_at: at,
        updated_at: at,
        token_generation: 0,
    };
    row.set_roles(&roles);
    Ok(row)
}

fn duplicate_username(username: &str) -> ApiError {
    ApiError::conflict(
        Code::DuplicateUsername,
        format!("The username {username:?} is taken."),
    )
}

/// The username an employee's account gets when none is given: their NIP.
pub fn username_for_employee(
    conn: &mut AnyConnection,
    employee_id: Option<&str>,
) -> Result<String, ApiError> {
    let Some(employee_id) = employee_id else {
        return Err(ApiError::validation(vec![FieldError::at(
            "/username",
            "required",
            "a username is required unless employee_id is given (the NIP is then used)",
        )]));
    };
    employees::find(conn, employee_id)?
        .map(|e| e.nip)
        .ok_or_else(|| ApiError::validation(vec![unknown_employee()]))
}

fn unknown_employee() -> FieldError {
    FieldError::at(
        "/employee_id",
        "unknown_employee",
        "no employee has this id",
    )
}

/// The org unit and employee an account points at must exist, and an employee has one account
/// at most (`user_id` is the account being changed, if any).
fn check_links(
    conn: &mut AnyConnection,
    row: &UserRow,
    user_id: Option<&str>,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if let Some(unit) = &row.scope_unit_id
        && units::find(conn, unit)?.is_none()
    {
        errors.push(FieldError::at(
            "/scope_unit_id",
            "unknown_unit",
            "no org unit has this id",
        ));
    }
    if let Some(employee) = &row.employee_id {
        if employees::find(conn, employee)?.is_none() {
            errors.push(unknown_employee());
        } else if users::find_by_employee(conn, employee)?
            .is_some_and(|u| Some(u.id.as_str()) != user_id)
        {
            return Err(ApiError::conflict(
                Code::EmployeeHasAccount,
                "This employee already has an account.",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Stores a validated account with its audit event.
pub fn insert_user(work: &mut Work<'_>, row: &UserRow) -> Result<(), ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        check_links(work, row, None)?;
        users::insert(work, row).map_err(|e| unique(e, || duplicate_username(&row.username)))?;
        work.record("user", &row.id, "create", None, row.snapshot(), None)
    })
}

/// A change to an account; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Default)]
pub struct UserChanges {
    pub roles: Option<Vec<Role>>,
    pub scope_unit_id: Option<Option<String>>,
    pub employee_id: Option<Option<String>>,
    pub active: Option<bool>,
    pub password: Option<NewPassword>,
}

/// Applies `changes` to the account if its version is `expected` (when given). Disabling an
/// account or resetting its password ends its refresh tokens; the last active admin can be
/// neither disabled nor demoted.
pub fn update_user(
    work: &mut Work<'_>,
    id: &str,
    changes: UserChanges,
    if_match: &IfMatch,
) -> Result<UserRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let before = users::find(work, id)?.ok_or_else(|| ApiError::not_found("user", id))?;
        if_match.check(before.version)?;
        let mut row = before.clone();
        let mut errors = Vec::new();
        if let Some(roles) = changes.roles {
            row.set_roles(&roles.into_iter().collect());
        }
        if let Some(unit) = changes.scope_unit_id {
            row.scope_unit_id = unit;
        }
        if let Some(employee) = changes.employee_id {
            check_uuid("/employee_id", employee.as_deref(), &mut errors);
            row.employee_id = employee;
        }
        if let Some(active) = changes.active {
            row.active = active;
        }
        check_scope_unit(&row.role_set(), row.scope_unit_id.as_deref(), &mut errors);
        if let Some(new) = &changes.password {
            match account::check_password(&new.plain, &row.username) {
                Ok(()) => row.password_hash.clone_from(&new.hash),
                Err((code, msg)) => errors.push(FieldError::at("/password", code, msg)),
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        check_links(work, &row, Some(id))?;
        let was_admin = before.active && before.role_set().contains(&Role::Admin);
        let is_admin = row.active && row.role_set().contains(&Role::Admin);
        // Two admins demoting each other at once: the second counts after the first commits.
        if was_admin && !is_admin && {
            work.lock(Invariant::Admins)?;
            users::active_admin_count(work)? <= 1
        } {
            return Err(ApiError::conflict(
                Code::LastAdmin,
                "This is the last active admin account; make another admin first.",
            ));
        }
        let row = work.update(if_match, &before, row, "update", None)?;
        // What a session was granted on no longer holds: its tokens end now.
        let regranted = row.roles != before.roles || row.scope_unit_id != before.scope_unit_id;
        if !row.active || changes.password.is_some() || regranted {
            let at = work.now();
            sessions::revoke_all_of_user(work, &row.id, at)?;
            users::end_access_tokens(work, &row.id)?;
        }
        Ok(row)
    })
}

/// Forgets the failed logins on account `id`'s username; how many there were.
pub fn unlock_user(work: &mut Work<'_>, id: &str) -> Result<u64, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let user = users::find(work, id)?.ok_or_else(|| ApiError::not_found("user", id))?;
        let cleared = sessions::clear_failures(work, &user.username)?;
        work.record("user", id, "unlock", None, None, None)?;
        Ok(u64::try_from(cleared).unwrap_or(u64::MAX))
    })
}

/// A person's new password, once the current one was proved: it must differ from it and
/// follow the policy.
pub fn check_own_new_password(current: &str, new: &str, username: &str) -> Result<(), ApiError> {
    let refusal = if current == new {
        Some(FieldError::at(
            "/new_password",
            "unchanged",
            "the new password must differ from the current one",
        ))
    } else {
        account::check_password(new, username)
            .err()
            .map(|(code, msg)| FieldError::at("/new_password", code, msg))
    };
    match refusal {
        Some(refusal) => Err(ApiError::validation(vec![refusal])),
        None => Ok(()),
    }
}

/// A new client and its secret, which is shown this once.
pub fn create_client(
    work: &mut Work<'_>,
    name: String,
    scopes: &BTreeSet<Scope>,
) -> Result<(ClientRow, String), ApiError> {
    let client_secret = secret::prefixed_token("kcs_");
    let at = work.now();
    let mut row = ClientRow {
        id: uuid::Uuid::now_v7().to_string(),
        name,
        secret_hash: secret::digest(&client_secret),
        scopes: String::new(),
        active: true,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    row.set_scopes(scopes);
    work.transaction(Isolation::ReadCommitted, |work| {
        clients::insert(work, &row)?;
        work.record("client", &row.id, "create", None, row.snapshot(), None)
    })?;
    Ok((row, client_secret))
}

#[derive(Debug, Default)]
pub struct ClientChanges {
    pub name: Option<String>,
    pub scopes: Option<BTreeSet<Scope>>,
    pub active: Option<bool>,
    /// Issue a new secret (the old one stops working at once).
    pub rotate_secret: bool,
}

/// Applies `changes`; returns the client and, when rotated, its new secret.
pub fn update_client(
    work: &mut Work<'_>,
    id: &str,
    changes: ClientChanges,
    if_match: &IfMatch,
) -> Result<(ClientRow, Option<String>), ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let before = clients::find(work, id)?.ok_or_else(|| ApiError::not_found("client", id))?;
        if_match.check(before.version)?;
        let mut row = before.clone();
        if let Some(name) = changes.name {
            row.name = name;
        }
        if let Some(scopes) = &changes.scopes {
            row.set_scopes(scopes);
        }
        if let Some(active) = changes.active {
            row.active = active;
        }
        let new_secret = changes
            .rotate_secret
            .then(|| secret::prefixed_token("kcs_"));
        if let Some(s) = &new_secret {
            row.secret_hash = secret::digest(s);
        }
        let action = if changes.rotate_secret {
            "rotate_secret"
        } else {
            "update"
        };
        let row = work.update(if_match, &before, row, action, None)?;
        Ok((row, new_secret))
    })
}
