//! Login state: refresh token families and failed password attempts.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{login_failures, refresh_tokens};
use crate::secret;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshRow {
    pub id: String,
    pub token_hash: String,
    pub family_id: String,
    pub user_id: String,
    pub issued_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Stores a new refresh token in `family` (a new family when `None`) and returns the token.
pub fn issue_refresh(
    conn: &mut AnyConnection,
    user_id: &str,
    family: Option<&str>,
    ttl: TimeDelta,
    issued_at: NaiveDateTime,
) -> QueryResult<String> {
    let token = secret::prefixed_token("krt_");
    let id = uuid::Uuid::now_v7().to_string();
    let row = RefreshRow {
        family_id: family.map_or_else(|| id.clone(), str::to_owned),
        id,
        token_hash: secret::digest(&token),
        user_id: user_id.to_owned(),
        issued_at,
        expires_at: issued_at + ttl,
        used_at: None,
        revoked_at: None,
    };
    diesel::insert_into(refresh_tokens::table)
        .values(&row)
        .execute(conn)?;
    Ok(token)
}

pub fn find_refresh(conn: &mut AnyConnection, token: &str) -> QueryResult<Option<RefreshRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(secret::digest(token)))
        .select(RefreshRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a refresh token used; false when another request used it first.
pub fn mark_used(conn: &mut AnyConnection, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(at))
    .execute(conn)
    .map(|n| n == 1)
}

pub fn revoke_family(
    conn: &mut AnyConnection,
    family_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(at))
    .execute(conn)
}

/// Revokes every refresh token of a user (disabled account, changed password).
pub fn revoke_all_of_user(
    conn: &mut AnyConnection,
    user_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(at))
    .execute(conn)
}

/// Failed logins for `username` since `since`, oldest first.
pub fn failures_since(
    conn: &mut AnyConnection,
    username: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<NaiveDateTime>> {
    login_failures::table
        .filter(login_failures::username.eq(username))
        .filter(login_failures::failed_at.gt(since))
        .select(login_failures::failed_at)
        .order(login_failures::failed_at.asc())
        .load(conn)
}

/// Records a failed login at `at` and forgets failures older than `forget_before` (of any
/// username).
pub fn record_failure(
    conn: &mut AnyConnection,
    username: &str,
    at: NaiveDateTime,
    forget_before: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::failed_at.le(forget_before)))
        .execute(conn)?;
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(uuid::Uuid::now_v7().to_string()),
            login_failures::username.eq(username),
            login_failures::failed_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

pub fn clear_failures(conn: &mut AnyConnection, username: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::username.eq(username)))
        .execute(conn)
        .map(drop)
}
