//! Rating an evaluation: the server suggests, the appraiser decides (a different rating needs a
//! reason), and the predikat follows the regime's rules.

use std::collections::BTreeMap;

use super::unit::{head_of, unit_predikat};
use super::{LoadedEvaluation, load_evaluation};
use crate::assessments::results::closed_result;
use crate::auth::Principal;
use crate::auth::policy;
use crate::domain::behaviour::{Answer, CoreValue, RawAnswer, check_answer, is_managerial};
use crate::domain::evaluation::{EvaluationStatus, Slot, head_rating, suggested_work_rating};
use crate::domain::fixed::Hundredths;
use crate::domain::plan::PlanStatus;
use crate::domain::scoring::assessment::{Options2021, assess_2021};
use crate::domain::scoring::permenpan6_2022::{
    Rating, ResultRating, predikat as matrix, suggested_behaviour,
};
use crate::domain::scoring::pp30_2021::mean;
use crate::domain::scoring::{Explained, Regime, ResultKind};
use crate::error::{ApiError, Code, FieldError};
use crate::evaluations::FEEDBACK_MAX;
use crate::plans::period_of;
use crate::plans::score::live_score_input;
use crate::plans::workflow::follow_annual_evaluation;
use crate::store::evaluations::{self as rows, EvaluationRow};
use crate::store::plans as plan_rows;
use crate::store::{IfMatch, Isolation, Work, employees};

#[derive(Debug, Default)]
pub struct Rate {
    pub work_rating: Option<Rating>,
    pub work_rating_reason: Option<String>,
    pub behaviour_rating: Option<Rating>,
    pub behaviour_rating_reason: Option<String>,
    pub behaviour_aspects: Option<BTreeMap<String, serde_json::Value>>,
    pub innovation: Option<String>,
    pub notes: Option<String>,
}

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The rating the appraiser sets against the suggestion: a different one needs a reason.
fn decide(
    pointer: &str,
    suggested: Option<&Explained<Rating>>,
    given: Option<Rating>,
    reason: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> Option<Rating> {
    match (given, suggested) {
        (Some(g), Some(s)) if g != s.value && reason.is_none() => {
            errors.push(FieldError::at(
                format!("{pointer}_reason"),
                "override_reason_required",
                format!(
                    "the suggestion is {} ({}); give a reason for {}",
                    s.value.as_str(),
                    s.explanation,
                    g.as_str()
                ),
            ));
            None
        }
        (Some(g), _) => Some(g),
        (None, Some(s)) => Some(s.value),
        (None, None) => {
            errors.push(FieldError::at(
                pointer,
                "required",
                "there is nothing to suggest it from; set it",
            ));
            None
        }
    }
}

pub fn rate(
    work: &mut Work<'_>,
    principal: &Principal,
    id: &str,
    input: Rate,
    if_match: &IfMatch,
) -> Result<EvaluationRow, ApiError> {
    for (pointer, text) in [
        ("/innovation", &input.innovation),
        ("/notes", &input.notes),
        ("/work_rating_reason", &input.work_rating_reason),
        ("/behaviour_rating_reason", &input.behaviour_rating_reason),
    ] {
        if text
            .as_deref()
            .is_some_and(|t| t.chars().count() > FEEDBACK_MAX)
        {
            return Err(ApiError::validation(vec![FieldError::at(
                pointer,
                "too_long",
                format!("at most {FEEDBACK_MAX} characters"),
            )]));
        }
    }
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<EvaluationRow>(id)?;
        let LoadedEvaluation { evaluation, access } = load_evaluation(work, principal, id)?;
        policy::appraise_plan(&access, &evaluation.plan_id)?;
        if !matches!(
            evaluation.status,
            EvaluationStatus::Open | EvaluationStatus::Rated
        ) {
            return Err(ApiError::conflict(
                Code::EvaluationNotOpen,
                format!(
                    "The evaluation is {}; it was rated and finalised.",
                    evaluation.status.as_str()
                ),
            ));
        }
        let results = plan_rows::results_of(work.conn(), &evaluation.plan_id)?;
        let feedback = rows::result_feedback(work.conn(), &evaluation.id)?;
        let needs_rating = evaluation.regime == Regime::Permenpan6_2022;
        let mut missing: Vec<String> = results
            .iter()
            .filter(|r| {
                !feedback
                    .iter()
                    .any(|f| f.result_id == r.id && (!needs_rating || f.rating.is_some()))
            })
            .map(|r| format!("result {}", r.id))
            .collect();
        let behaviours = rows::behaviour_feedback(work.conn(), &evaluation.id)?;
        if needs_rating {
            missing.extend(
                CoreValue::ALL
                    .iter()
                    .filter(|v| !behaviours.iter().any(|b| b.core_value == v.as_str()))
                    .map(|v| format!("value {}", v.as_str())),
            );
        }
        if !missing.is_empty() {
            return Err(ApiError::conflict(
                Code::ResultsNotRated,
                format!(
                    "Give feedback{} first on: {}.",
                    if needs_rating { " and a rating" } else { "" },
                    missing.join(", ")
                ),
            ));
        }
        let other_regime: &[(&str, bool)] = match evaluation.regime {
            Regime::Pp30_2021 => &[
                ("/work_rating", input.work_rating.is_some()),
                ("/work_rating_reason", input.work_rating_reason.is_some()),
                ("/behaviour_rating", input.behaviour_rating.is_some()),
                ("/behaviour_rating_reason", input.behaviour_rating_reason.is_some()),
            ],
            Regime::Permenpan6_2022 => &[
                ("/behaviour_aspects", input.behaviour_aspects.is_some()),
                ("/innovation", input.innovation.is_some()),
            ],
        };
        let stray: Vec<FieldError> = other_regime
            .iter()
            .filter(|(_, given)| *given)
            .map(|(pointer, _)| {
                FieldError::at(
                    *pointer,
                    "wrong_regime",
                    format!("not part of a {} evaluation", evaluation.regime.as_str()),
                )
            })
            .collect();
        if !stray.is_empty() {
            return Err(ApiError::validation(stray));
        }
        let mut row = evaluation.clone();
        row.work_rating_reason = trimmed(&input.work_rating_reason);
        row.behaviour_rating_reason = trimmed(&input.behaviour_rating_reason);
        row.innovation = trimmed(&input.innovation);
        row.notes = trimmed(&input.notes);
        let now = work.now();
        let behaviour_360 =
            closed_result(work.conn(), now, &evaluation.period_id, &evaluation.employee_id)?;
        let mut errors = Vec::new();
        let mut notes = Vec::new();
        match evaluation.regime {
            Regime::Permenpan6_2022 => {
                let period = crate::store::periods::find(work.conn(), &evaluation.period_id)?
                    .ok_or_else(|| ApiError::not_found("period", &evaluation.period_id))?;
                let ratings: Vec<ResultRating> = results
                    .iter()
                    .filter_map(|r| {
                        let f = feedback.iter().find(|f| f.result_id == r.id)?;
                        Some(ResultRating {
                            main: r.kind == ResultKind::Main,
                            rating: f.rating.as_deref()?.parse().ok()?,
                        })
                    })
                    .collect();
                let mut suggested_work =
                    suggested_work_rating(&ratings, period.count_additional_in_rating);
                if period.head_rating_from_unit
                    && head_of(work.conn(), &evaluation.unit_id)?.as_deref()
                        == Some(evaluation.employee_id.as_str())
                    && let Some(unit) = unit_predikat(
                        work.conn(),
                        &evaluation.unit_id,
                        &evaluation.period_id,
                        &evaluation.slot,
                    )?
                {
                    let value = head_rating(unit);
                    suggested_work = Some(Explained {
                        value,
                        explanation: format!(
                            "the head of the unit follows the unit's predikat {}",
                            unit.code()
                        ),
                    });
                }
                let values: Vec<Rating> = behaviours
                    .iter()
                    .filter_map(|b| b.rating.as_deref()?.parse().ok())
                    .collect();
                let suggested_behaviour = match behaviour_360.and_then(|o| o.suggested_rating) {
                    Some(rating) => Some(Explained {
                        value: rating,
                        explanation: "suggested by the closed 360° round of the period".into(),
                    }),
                    None if values.len() == CoreValue::ALL.len() => suggested_behaviour(&values),
                    None => None,
                };
                let work_rating = decide(
                    "/work_rating",
                    suggested_work.as_ref(),
                    input.work_rating,
                    row.work_rating_reason.as_deref(),
                    &mut errors,
                );
                let behaviour_rating = decide(
                    "/behaviour_rating",
                    suggested_behaviour.as_ref(),
                    input.behaviour_rating,
                    row.behaviour_rating_reason.as_deref(),
                    &mut errors,
                );
                if !errors.is_empty() {
                    return Err(ApiError::validation(errors));
                }
                let (Some(w), Some(b)) = (work_rating, behaviour_rating) else {
                    return Err(ApiError::validation(errors));
                };
                let cell = matrix(w, b);
                row.suggested_work_rating = suggested_work.as_ref().map(|s| s.value.as_str().to_owned());
                row.suggested_behaviour_rating =
                    suggested_behaviour.as_ref().map(|s| s.value.as_str().to_owned());
                row.work_rating = Some(w.as_str().to_owned());
                row.behaviour_rating = Some(b.as_str().to_owned());
                row.predikat = Some(cell.value.code().to_owned());
                if let Some(s) = &suggested_work {
                    notes.push(format!("work results: suggested {} ({})", s.value.as_str(), s.explanation));
                }
                if let Some(s) = &suggested_behaviour {
                    notes.push(format!("behaviour: suggested {} ({})", s.value.as_str(), s.explanation));
                }
                notes.push(format!(
                    "work {} × behaviour {} → {} ({})",
                    w.as_str(),
                    b.as_str(),
                    cell.value.code(),
                    cell.explanation
                ));
            }
            Regime::Pp30_2021 => {
                let plan = plan_rows::find(work.conn(), &evaluation.plan_id)?
                    .ok_or_else(|| ApiError::not_found("plan", &evaluation.plan_id))?;
                let period = period_of(work.conn(), &plan)?;
                let behaviour = match behaviour_360.and_then(|o| o.behaviour_score) {
                    Some(_) if period.uses_360 && input.behaviour_aspects.is_some() => {
                        return Err(ApiError::validation(vec![FieldError::at(
                            "/behaviour_aspects",
                            "not_applicable",
                            "the closed 360° round of the period gives the behaviour score",
                        )]));
                    }
                    Some(score) if period.uses_360 => {
                        notes.push(format!("behaviour {score}: the closed 360° round of the period"));
                        Some(score)
                    }
                    _ => {
                        let managerial = employees::find(work.conn(), &evaluation.employee_id)?
                            .is_some_and(|e| is_managerial(e.position_type));
                        let raw = RawAnswer {
                            aspects: input.behaviour_aspects.clone(),
                            values: None,
                        };
                        match check_answer(Regime::Pp30_2021, managerial, raw) {
                            Ok(Answer::Scores(scores)) => {
                                let marks: Vec<Hundredths> = scores
                                    .values()
                                    .map(|s| Hundredths::whole(i64::from(*s)))
                                    .collect();
                                row.behaviour_aspects = serde_json::to_string(&scores).ok();
                                let m = mean(&marks);
                                if let Some(m) = m {
                                    notes.push(format!(
                                        "behaviour {m}: the mean of the {} aspects the appraiser scored",
                                        marks.len()
                                    ));
                                }
                                m
                            }
                            Ok(Answer::Ratings(_)) => None,
                            Err(problems) => {
                                let mut fields: Vec<FieldError> = problems
                                    .into_iter()
                                    .map(|p| {
                                        FieldError::at(
                                            p.pointer.replacen("/aspects", "/behaviour_aspects", 1),
                                            p.code,
                                            p.message,
                                        )
                                    })
                                    .collect();
                                if period.uses_360 {
                                    for f in &mut fields {
                                        f.message = format!(
                                            "{} (no closed 360° round of the period assesses this employee)",
                                            f.message
                                        );
                                    }
                                }
                                return Err(ApiError::validation(fields));
                            }
                        }
                    }
                };
                let mut input_2021 = live_score_input(work.conn(), principal, &plan.id)?;
                input_2021.options = Options2021 {
                    uses_360: period.uses_360,
                    count_additional: input_2021.options.count_additional,
                    innovation: row.innovation.is_some(),
                    behaviour,
                };
                let outcome = assess_2021(&input_2021.results, input_2021.options);
                row.skp_score = outcome.skp.as_ref().map(|s| s.value.0);
                row.behaviour_score = behaviour.map(|b| b.0);
                row.final_score = outcome.final_score.as_ref().map(|f| f.value.0);
                let Some(predikat) = outcome.predikat else {
                    return Err(ApiError::conflict(
                        Code::RatingsNotRecorded,
                        "No counted result has a realisation yet, so there is no SKP score to rate.",
                    ));
                };
                row.predikat = Some(predikat.value.code().to_owned());
                for step in [&outcome.skp, &outcome.final_score].into_iter().flatten() {
                    notes.push(step.explanation.clone());
                }
                notes.push(predikat.explanation);
            }
        }
        row.status = EvaluationStatus::Rated;
        row.rated_by = work.actor().id.clone();
        row.rated_at = Some(now);
        row.explanation = Some(notes.join("; "));
        let rated = work.update(if_match, &evaluation, row, "rate", None)?;
        if rated.slot == Slot::Annual.as_text() {
            follow_annual_evaluation(work, &rated.plan_id, PlanStatus::Evaluated)?;
        }
        Ok(rated)
    })
}
