//! Login state: refresh token families and failed password attempts.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{login_failures, refresh_tokens};
use crate::domain::account::Attempts;
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

/// Counts a password check of `username` from `address` before it runs (so concurrent checks
/// count each other), forgetting attempts older than `forget_before` (of anyone). Returns the
/// attempt's id; the row stays as a failure unless the check succeeds or is abandoned.
pub fn begin_attempt(
    conn: &mut AnyConnection,
    username: &str,
    address: &str,
    at: NaiveDateTime,
    forget_before: NaiveDateTime,
) -> QueryResult<String> {
    diesel::delete(login_failures::table.filter(login_failures::failed_at.le(forget_before)))
        .execute(conn)?;
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(&id),
            login_failures::username.eq(username),
            login_failures::address.eq(address),
            login_failures::failed_at.eq(at),
            login_failures::pending.eq(true),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The attempts since `since` as attempt `id` sees them (see [`Attempts`]), including those of
/// concurrent checks already counted: whichever of two concurrent checks counts second sees
/// both, so no more checks run than the limits allow.
pub fn attempts_through(
    conn: &mut AnyConnection,
    id: &str,
    username: &str,
    address: &str,
    since: NaiveDateTime,
) -> QueryResult<Attempts> {
    let recent = login_failures::table.filter(login_failures::failed_at.gt(since));
    // Checks still running elsewhere do not count against the address (see the migration).
    let from_address = recent
        .filter(login_failures::address.eq(address))
        .filter(
            login_failures::pending
                .eq(false)
                .or(login_failures::id.eq(id)),
        )
        .select(login_failures::failed_at)
        .order((login_failures::failed_at.asc(), login_failures::id.asc()))
        .load(conn)?;
    let on_username: i64 = recent
        .filter(login_failures::username.eq(username))
        .count()
        .get_result(conn)?;
    let pair_others = recent
        .filter(login_failures::username.eq(username))
        .filter(login_failures::address.eq(address))
        .filter(login_failures::id.ne(id))
        .select(login_failures::failed_at)
        .order((login_failures::failed_at.asc(), login_failures::id.asc()))
        .load(conn)?;
    Ok(Attempts {
        from_address,
        on_username: usize::try_from(on_username).unwrap_or(usize::MAX),
        pair_others,
    })
}

/// A check that failed: from now on it counts against its address too.
pub fn settle_attempt(conn: &mut AnyConnection, id: &str) -> QueryResult<()> {
    diesel::update(login_failures::table.find(id))
        .set(login_failures::pending.eq(false))
        .execute(conn)
        .map(drop)
}

/// Forgets one attempt (a check that was refused or could not run).
pub fn forget_attempt(conn: &mut AnyConnection, id: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.find(id))
        .execute(conn)
        .map(drop)
}

/// After a successful check: the failures of `username` from `address` no longer count.
pub fn clear_pair(conn: &mut AnyConnection, username: &str, address: &str) -> QueryResult<()> {
    diesel::delete(
        login_failures::table
            .filter(login_failures::username.eq(username))
            .filter(login_failures::address.eq(address)),
    )
    .execute(conn)
    .map(drop)
}

/// Every failure of `username`, from anywhere (an admin unlocking the account).
pub fn clear_failures(conn: &mut AnyConnection, username: &str) -> QueryResult<usize> {
    diesel::delete(login_failures::table.filter(login_failures::username.eq(username)))
        .execute(conn)
}
