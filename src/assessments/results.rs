//! Results of a closed round: the answers about each assessee combined by
//! [`crate::domain::behaviour::combine`], which never reads a group too small to be shown.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use crate::db::AnyConnection;
use crate::domain::behaviour::{Answer, Outcome, RaterGroup, RoundStatus, Rules, combine};
use crate::error::{ApiError, Code};
use crate::store::assessments::{self as rows, AssesseeRow, RoundRow};

/// 409 unless the round is closed at `now`: results that changed while raters answered
/// would tell who just answered.
pub fn require_closed(round: &RoundRow, now: NaiveDateTime) -> Result<(), ApiError> {
    match round.status_at(now) {
        RoundStatus::Closed => Ok(()),
        status => Err(ApiError::conflict(
            Code::RoundNotClosed,
            format!(
                "The round is {}; results exist once it is closed.",
                status.as_str()
            ),
        )),
    }
}

fn rules(round: &RoundRow) -> Rules {
    Rules {
        regime: round.regime,
        weights: round.weights(),
        min_raters: u32::try_from(round.min_raters).unwrap_or(u32::MAX),
    }
}

/// The results of these assessees of a closed round, in the order given.
pub fn outcomes(
    conn: &mut AnyConnection,
    round: &RoundRow,
    assessees: &[AssesseeRow],
) -> Result<Vec<(String, Outcome)>, ApiError> {
    let ids: Vec<String> = assessees.iter().map(|a| a.employee_id.clone()).collect();
    let mut by_assessee: BTreeMap<String, BTreeMap<RaterGroup, Vec<Answer>>> = BTreeMap::new();
    for (assessee, group, text) in rows::answers_about(conn, &round.id, &ids)? {
        let answer: Answer = serde_json::from_str(&text)
            .map_err(|e| ApiError::internal(anyhow::anyhow!("stored answer: {e}")))?;
        by_assessee
            .entry(assessee)
            .or_default()
            .entry(group)
            .or_default()
            .push(answer);
    }
    let rules = rules(round);
    Ok(assessees
        .iter()
        .map(|a| {
            let answers = by_assessee.remove(&a.employee_id).unwrap_or_default();
            (
                a.employee_id.clone(),
                combine(&rules, a.managerial, &answers),
            )
        })
        .collect())
}

/// One assessee's result in a closed round; 404 when they are not assessed in it.
pub fn outcome(
    conn: &mut AnyConnection,
    round: &RoundRow,
    employee_id: &str,
) -> Result<Outcome, ApiError> {
    let assessee = rows::find_assessee(conn, &round.id, employee_id)?
        .ok_or_else(|| ApiError::not_found("result", employee_id))?;
    let mut all = outcomes(conn, round, std::slice::from_ref(&assessee))?;
    Ok(all.remove(0).1)
}

/// What the evaluation of an employee's plan takes from 360°: their result in the most
/// recently closed round of the period that assessed them (`behaviour_score` under
/// `pp30_2021`, `suggested_rating` under `permenpan6_2022`), or none.
pub fn closed_result(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    period_id: &str,
    employee_id: &str,
) -> Result<Option<Outcome>, ApiError> {
    let rounds = rows::rounds_assessing(conn, period_id, employee_id)?;
    let latest = rounds
        .into_iter()
        .filter(|r| r.status_at(now) == RoundStatus::Closed)
        .max_by_key(|r| (r.closed_at.or(r.closes_at), r.id.clone()));
    latest
        .map(|round| outcome(conn, &round, employee_id))
        .transpose()
}
