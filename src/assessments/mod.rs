//! 360° behaviour assessment rounds: preparing a round and its raters from the org structure,
//! answering, closing, and the aggregated results, with the anonymity rules of domain.md
//! enforced here rather than trusted to callers.

pub mod access;
pub mod raters;
pub mod responses;
pub mod results;
pub mod rounds;

use crate::auth::policy::Governs;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::org::reach::governs_unit;
use crate::store::assessments::{self as rows, RoundRow};

/// The round, or 404 when it does not exist or lies outside what the caller governs.
pub fn governed_round(
    conn: &mut AnyConnection,
    governs: &Governs,
    id: &str,
) -> Result<RoundRow, ApiError> {
    match rows::find_round(conn, id)? {
        Some(round) if governs_unit(conn, governs, &round.scope_unit_id)? => Ok(round),
        _ => Err(ApiError::not_found("assessment round", id)),
    }
}
