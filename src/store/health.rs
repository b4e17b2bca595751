use diesel::RunQueryDsl;

use crate::db::AnyConnection;

/// A round trip to the database: proves that it answers, not only that a socket is open.
pub fn ping(conn: &mut AnyConnection) -> diesel::QueryResult<()> {
    diesel::sql_query("SELECT 1").execute(conn).map(drop)
}
