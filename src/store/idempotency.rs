//! Responses kept for idempotent retries of `POST` requests, per caller and key.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::idempotency_keys;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct KeyRow {
    pub caller: String,
    pub key: String,
    pub request_hash: String,
    /// `None` while the first request runs.
    pub status: Option<i32>,
    /// JSON object of the kept response headers.
    pub headers: Option<String>,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Claims the key; `false` when the caller used it already.
pub fn claim(conn: &mut AnyConnection, row: &KeyRow) -> QueryResult<bool> {
    match diesel::insert_into(idempotency_keys::table)
        .values(row.clone())
        .execute(conn)
    {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn find(conn: &mut AnyConnection, caller: &str, key: &str) -> QueryResult<Option<KeyRow>> {
    idempotency_keys::table
        .find((caller, key))
        .select(KeyRow::as_select())
        .first(conn)
        .optional()
}

/// Keeps the response of the request that claimed the key at `claimed_at` (a later claim that
/// took over an abandoned one is not overwritten).
pub fn complete(
    conn: &mut AnyConnection,
    claim: (&str, &str, NaiveDateTime),
    status: i32,
    headers: &str,
    body: &str,
) -> QueryResult<()> {
    let (caller, key, claimed_at) = claim;
    diesel::update(
        idempotency_keys::table
            .find((caller, key))
            .filter(idempotency_keys::created_at.eq(claimed_at))
            .filter(idempotency_keys::status.is_null()),
    )
    .set((
        idempotency_keys::status.eq(Some(status)),
        idempotency_keys::headers.eq(Some(headers)),
        idempotency_keys::body.eq(Some(body)),
    ))
    .execute(conn)
    .map(drop)
}

/// Lets the claim made at `claimed_at` go (its request failed in a way a retry may fix, or it
/// was abandoned); a newer claim of the key stays.
pub fn release(conn: &mut AnyConnection, claim: (&str, &str, NaiveDateTime)) -> QueryResult<()> {
    let (caller, key, claimed_at) = claim;
    diesel::delete(
        idempotency_keys::table
            .find((caller, key))
            .filter(idempotency_keys::created_at.eq(claimed_at))
            .filter(idempotency_keys::status.is_null()),
    )
    .execute(conn)
    .map(drop)
}

/// Forgets keys claimed before `before`.
pub fn expire(conn: &mut AnyConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
        .execute(conn)
}
