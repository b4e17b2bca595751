//! Installation settings generated once and kept in the database.

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::settings;

/// The value stored under `name`, storing `generate()` first if there is none. Concurrent
/// first starts agree: the first insert wins and everyone reads it back.
pub fn get_or_create(
    conn: &mut AnyConnection,
    name: &str,
    generate: impl FnOnce() -> String,
) -> QueryResult<String> {
    // ON CONFLICT is not available through the multi-backend connection; a duplicate key error
    // means another start stored it first.
    let inserted = diesel::insert_into(settings::table)
        .values((settings::name.eq(name), settings::value.eq(generate())))
        .execute(conn);
    match inserted {
        Ok(_)
        | Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => {}
        Err(e) => return Err(e),
    }
    settings::table
        .find(name)
        .select(settings::value)
        .first(conn)
}

/// Stores `value` under `name`, replacing what was there (an update first: a failed insert
/// would abort a PostgreSQL transaction).
pub fn set(conn: &mut AnyConnection, name: &str, value: &str) -> QueryResult<()> {
    let updated = diesel::update(settings::table.find(name))
        .set(settings::value.eq(value))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(settings::table)
            .values((settings::name.eq(name), settings::value.eq(value)))
            .execute(conn)?;
    }
    Ok(())
}

/// The value stored under `name`, if any.
pub fn get(conn: &mut AnyConnection, name: &str) -> QueryResult<Option<String>> {
    settings::table
        .find(name)
        .select(settings::value)
        .first(conn)
        .optional()
}
