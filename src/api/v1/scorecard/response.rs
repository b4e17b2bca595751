//! The score of an assessment, as the calculator and a plan's live score return it.

use serde::Serialize;
use utoipa::ToSchema;

use super::Assessment;
use crate::domain::fixed::Hundredths;
use crate::domain::predikat::Predikat;
use crate::domain::scoring::assessment::{Behaviour2022, Outcome2021, Outcome2022};
use crate::domain::scoring::permenpan6_2022::{Rating, ResultRating};
use crate::domain::scoring::{Explained, Regime, ResultKind};

/// A score of an assessment. `regime` says which rules applied; the fields of the other
/// regime are null. Numbers are rounded half-up to two decimals (halves away from zero), and
/// each step uses the rounded number of the step before, so every number can be reproduced
/// from those shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkpScoreResponse {
    pub regime: Regime,
    pub results: Vec<ResultScore>,
    /// `pp30_2021`: the weighted mean of the counted results' scores.
    #[schema(value_type = Option<f64>, example = 87.83)]
    pub skp_score: Option<Hundredths>,
    /// `pp30_2021`: the behaviour score given.
    #[schema(value_type = Option<f64>, example = 100)]
    pub behaviour_score: Option<Hundredths>,
    /// `pp30_2021`: null without a behaviour score.
    #[schema(value_type = Option<f64>, example = 92.7)]
    pub final_score: Option<Hundredths>,
    /// `permenpan6_2022`: from the results' ratings.
    pub work_result_rating: Option<Rating>,
    /// `permenpan6_2022`: suggested from the seven values, when they were given.
    pub suggested_behaviour_rating: Option<Rating>,
    /// `permenpan6_2022`: the behaviour rating that applies.
    pub behaviour_rating: Option<Rating>,
    /// Null without a behaviour score or rating.
    pub predikat: Option<Predikat>,
    pub explanation: ScoreExplanation,
}

/// One work result's score (`pp30_2021`) or rating (`permenpan6_2022`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultScore {
    /// A plan's live score only: the work result scored; null for the calculator.
    pub result_id: Option<String>,
    pub kind: ResultKind,
    /// Whether the result takes part in the SKP score (`pp30_2021`) or the work-result
    /// rating (`permenpan6_2022`, always).
    pub counted: bool,
    /// `pp30_2021`: the mean of its indicators' scores.
    #[schema(value_type = Option<f64>, example = 87.83)]
    pub score: Option<Hundredths>,
    /// `permenpan6_2022`: the rating given.
    pub rating: Option<Rating>,
    #[schema(example = "mean of 2 indicators: (58.84 + 116.82) / 2 = 87.83")]
    pub explanation: Option<String>,
    /// `pp30_2021`: each indicator's score; empty under `permenpan6_2022`.
    pub indicators: Vec<IndicatorScore>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorScore {
    /// A plan's live score only: the indicator scored (those without a realisation are left
    /// out); null for the calculator.
    pub indicator_id: Option<String>,
    /// Capaian, in percent.
    #[schema(value_type = f64, example = 68.84)]
    pub achievement: Hundredths,
    /// Nilai capaian, 0 to 120.
    #[schema(value_type = f64, example = 58.84)]
    pub score: Hundredths,
    /// The formula of the achievement, then the band of the score.
    #[schema(example = "5659 / 8220 × 100 = 68.84 %; achievement 68.84 % < 60 %: ... = 58.84")]
    pub explanation: String,
}

/// Why each overall number or rating is what it is; null where it is, and for the fields
/// of the other regime.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ScoreExplanation {
    pub skp_score: Option<String>,
    pub final_score: Option<String>,
    pub work_result_rating: Option<String>,
    pub suggested_behaviour_rating: Option<String>,
    pub behaviour_rating: Option<String>,
    pub predikat: Option<String>,
    /// A plan's live score: the indicators (and results) left out because they have no
    /// realisation yet; null when nothing was left out, and for the calculator.
    pub left_out: Option<String>,
}

fn value<T: Copy>(e: &Option<Explained<T>>) -> Option<T> {
    e.as_ref().map(|e| e.value)
}

fn why<T>(e: &Option<Explained<T>>) -> Option<String> {
    e.as_ref().map(|e| e.explanation.clone())
}

impl SkpScoreResponse {
    pub fn from_2021(
        outcome: &Outcome2021,
        kinds: &[ResultKind],
        behaviour: Option<Hundredths>,
    ) -> Self {
        let results = outcome
            .results
            .iter()
            .zip(kinds)
            .map(|(result, kind)| ResultScore {
                result_id: None,
                kind: *kind,
                counted: result.counted,
                score: value(&result.score),
                rating: None,
                explanation: why(&result.score),
                indicators: result
                    .indicators
                    .iter()
                    .map(|i| IndicatorScore {
                        indicator_id: None,
                        achievement: i.achievement.value,
                        score: i.score.value,
                        explanation: format!(
                            "{}; {}",
                            i.achievement.explanation, i.score.explanation
                        ),
                    })
                    .collect(),
            })
            .collect();
        SkpScoreResponse {
            regime: Regime::Pp30_2021,
            results,
            skp_score: value(&outcome.skp),
            behaviour_score: behaviour,
            final_score: value(&outcome.final_score),
            work_result_rating: None,
            suggested_behaviour_rating: None,
            behaviour_rating: None,
            predikat: value(&outcome.predikat),
            explanation: ScoreExplanation {
                skp_score: why(&outcome.skp),
                final_score: why(&outcome.final_score),
                predikat: why(&outcome.predikat),
                ..ScoreExplanation::default()
            },
        }
    }

    pub fn from_2022(
        outcome: &Outcome2022,
        results: &[ResultRating],
        kinds: &[ResultKind],
    ) -> Self {
        SkpScoreResponse {
            regime: Regime::Permenpan6_2022,
            results: results
                .iter()
                .zip(kinds)
                .map(|(r, kind)| ResultScore {
                    result_id: None,
                    kind: *kind,
                    counted: true,
                    score: None,
                    rating: Some(r.rating),
                    explanation: None,
                    indicators: Vec::new(),
                })
                .collect(),
            skp_score: None,
            behaviour_score: None,
            final_score: None,
            work_result_rating: value(&outcome.work_result),
            suggested_behaviour_rating: value(&outcome.suggested_behaviour),
            behaviour_rating: value(&outcome.behaviour),
            predikat: value(&outcome.predikat),
            explanation: ScoreExplanation {
                work_result_rating: why(&outcome.work_result),
                suggested_behaviour_rating: why(&outcome.suggested_behaviour),
                behaviour_rating: why(&outcome.behaviour),
                predikat: why(&outcome.predikat),
                ..ScoreExplanation::default()
            },
        }
    }
}

impl SkpScoreResponse {
    /// Names the plan's results and indicators that were scored, in the order scored.
    /// Says what a plan's live score left out for want of realisations.
    pub fn with_left_out(mut self, left_out: &[String]) -> Self {
        if !left_out.is_empty() {
            self.explanation.left_out = Some(format!(
                "no realisation yet, left out: {}",
                left_out.join(", ")
            ));
        }
        self
    }

    pub fn with_ids(mut self, result_ids: &[String], indicator_ids: &[Vec<String>]) -> Self {
        for ((result, id), indicators) in self.results.iter_mut().zip(result_ids).zip(indicator_ids)
        {
            result.result_id = Some(id.clone());
            for (indicator, id) in result.indicators.iter_mut().zip(indicators) {
                indicator.indicator_id = Some(id.clone());
            }
        }
        self
    }
}

impl Assessment {
    /// Runs the regime's rules.
    pub fn score(&self) -> SkpScoreResponse {
        use crate::domain::scoring::assessment::{assess_2021, assess_2022};
        match self {
            Assessment::Pp30_2021 {
                results,
                kinds,
                options,
            } => SkpScoreResponse::from_2021(
                &assess_2021(results, *options),
                kinds,
                options.behaviour,
            ),
            Assessment::Permenpan6_2022 {
                results,
                kinds,
                rating,
                values,
            } => {
                let behaviour = Behaviour2022 {
                    rating: *rating,
                    values: values.as_deref(),
                };
                SkpScoreResponse::from_2022(&assess_2022(results, behaviour), results, kinds)
            }
        }
    }
}
