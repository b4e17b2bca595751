//! A plan's live score: the scoring engine applied to the latest realisation of each
//! indicator, exactly as the calculator would score the same numbers.

use super::{Loaded, load, period_of};
use crate::auth::Principal;
use crate::db::AnyConnection;
use std::collections::BTreeMap;

use crate::domain::fixed::Hundredths;
use crate::domain::plan::combined;
use crate::domain::scoring::assessment::{self, Options2021, WeightProblem, WorkResult};
use crate::domain::scoring::pp30_2021::{Indicator, Target};
use crate::domain::scoring::{Quantity, Regime, ResultKind};
use crate::error::{ApiError, Code, FieldError};
use crate::store::plans::{self, IndicatorRow, RealizationRow};

/// The calculator's inputs for a plan, with the ids of what was scored.
pub struct PlanScoreInput {
    pub results: Vec<WorkResult>,
    pub kinds: Vec<ResultKind>,
    pub options: Options2021,
    pub result_ids: Vec<String>,
    /// Per result, the indicators that have a realisation (the others are not scored yet).
    pub indicator_ids: Vec<Vec<String>>,
    /// What was left out for want of a realisation: `indicator <id>`, `result <id>`.
    pub left_out: Vec<String>,
}

fn target_of(row: &IndicatorRow) -> Option<Target> {
    let parse = |t: &Option<String>| t.as_deref().and_then(Quantity::parse);
    match (
        parse(&row.target_value),
        parse(&row.target_min),
        parse(&row.target_max),
    ) {
        (Some(value), _, _) => Some(Target::Value(value)),
        (None, Some(min), Some(max)) => Some(Target::Range { min, max }),
        _ => None,
    }
}

/// The value an indicator is scored on: the latest correction of each sub-period, combined
/// as the indicator says.
fn realised(indicator: &IndicatorRow, rows: &[RealizationRow]) -> Option<Quantity> {
    let mut latest: BTreeMap<i32, Quantity> = BTreeMap::new();
    // Rows come in entry order, so a later correction replaces an earlier one.
    for r in rows.iter().filter(|r| r.indicator_id == indicator.id) {
        if let Some(value) = Quantity::parse(&r.value) {
            latest.insert(r.sub_period, value);
        }
    }
    combined(indicator.combine, &latest.into_values().collect::<Vec<_>>())
}

/// 409 `ratings_not_recorded` for a `permenpan6_2022` plan: its results are rated by the
/// appraiser in the evaluation, not computed from realisations.
pub fn live_score_input(
    conn: &mut AnyConnection,
    principal: &Principal,
    plan_id: &str,
) -> Result<PlanScoreInput, ApiError> {
    let Loaded { plan, .. } = load(conn, principal, plan_id)?;
    let period = period_of(conn, &plan)?;
    if period.regime != Regime::Pp30_2021 {
        return Err(ApiError::conflict(
            Code::RatingsNotRecorded,
            "Under permenpan6_2022 work results are rated by the appraiser in the evaluation; \
             there is no score to compute from realisations.",
        ));
    }
    let indicators = plans::indicators_of(conn, &plan.id)?;
    let realizations = plans::realizations_of(conn, &plan.id)?;
    let mut input = PlanScoreInput {
        results: Vec::new(),
        kinds: Vec::new(),
        options: Options2021 {
            uses_360: period.uses_360,
            ..Options2021::default()
        },
        result_ids: Vec::new(),
        indicator_ids: Vec::new(),
        left_out: Vec::new(),
    };
    for result in plans::results_of(conn, &plan.id)? {
        let kind: ResultKind = result.kind;
        let mut scored = Vec::new();
        let mut ids = Vec::new();
        for row in indicators.iter().filter(|i| i.result_id == result.id) {
            let realized = realised(row, &realizations);
            if realized.is_none() {
                input.left_out.push(format!("indicator {}", row.id));
            }
            if let (Some(target), Some(realization)) = (target_of(row), realized) {
                scored.push(Indicator {
                    target,
                    realization,
                    direction: row.direction,
                    target_is_max: row.target_is_max,
                });
                ids.push(row.id.clone());
            }
        }
        if scored.is_empty() {
            input.left_out.push(format!("result {}", result.id));
        }
        input.results.push(WorkResult {
            main: kind == ResultKind::Main,
            weight: result.weight_hundredths.map(Hundredths),
            indicators: scored,
        });
        input.kinds.push(kind);
        input.result_ids.push(result.id);
        input.indicator_ids.push(ids);
    }
    Ok(input)
}

/// The weight rule over `(index in /results, weight)` of the results that count, as field
/// errors; `which` names those results in the messages.
pub fn weight_errors(counted: &[(usize, Option<Hundredths>)], which: &str) -> Vec<FieldError> {
    let weights: Vec<Option<Hundredths>> = counted.iter().map(|(_, w)| *w).collect();
    match assessment::check_weights(&weights) {
        None => Vec::new(),
        Some(WeightProblem::Missing(missing)) => missing
            .into_iter()
            .map(|i| {
                FieldError::at(
                    format!("/results/{}/weight", counted[i].0),
                    "weight_missing",
                    format!("give every {which} result a weight, or none for equal weights"),
                )
            })
            .collect(),
        Some(WeightProblem::Sum(total)) => vec![FieldError::at(
            "/results",
            "weights_sum",
            format!("the weights of the {which} results sum to {total}, not 100"),
        )],
    }
}
