//! A whole assessment under either regime, from its inputs to the predikat, with every step
//! explained. The calculator and a plan's live score both go through here, so the same inputs
//! give the same bytes wherever they come from.

use super::permenpan6_2022::{self as r2022, Rating, ResultRating};
use super::pp30_2021::{self as r2021, Indicator};
use super::{Explained, explained};
use crate::domain::fixed::Hundredths;
use crate::domain::predikat::Predikat;

/// A work result (RHK) under `pp30_2021`. The caller has checked that weights, when given,
/// are positive and sum to 100 over the results that count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkResult {
    pub main: bool,
    pub weight: Option<Hundredths>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options2021 {
    pub uses_360: bool,
    /// Whether additional results count towards the SKP score (an agency's choice; default
    /// main results only).
    pub count_additional: bool,
    pub innovation: bool,
    /// The behaviour score (0–120), when it is known.
    pub behaviour: Option<Hundredths>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorOutcome {
    pub achievement: Explained<Hundredths>,
    pub score: Explained<Hundredths>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultOutcome {
    /// Whether the result takes part in the SKP score.
    pub counted: bool,
    /// `None` for a result without indicators.
    pub score: Option<Explained<Hundredths>>,
    pub indicators: Vec<IndicatorOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome2021 {
    pub results: Vec<ResultOutcome>,
    /// `None` when no counted result has a score.
    pub skp: Option<Explained<Hundredths>>,
    /// `None` without a behaviour score or an SKP score.
    pub final_score: Option<Explained<Hundredths>>,
    pub predikat: Option<Explained<Predikat>>,
}

/// Scores each indicator, each result (the mean of its indicators), the SKP (the weighted
/// mean of the counted results; equal weights when none are given), the final score and the
/// predikat.
pub fn assess_2021(results: &[WorkResult], options: Options2021) -> Outcome2021 {
    let outcomes: Vec<ResultOutcome> = results
        .iter()
        .map(|result| score_result(result, options.count_additional))
        .collect();
    let counted: Vec<(Option<Hundredths>, Hundredths)> = results
        .iter()
        .zip(&outcomes)
        .filter(|(_, outcome)| outcome.counted)
        .filter_map(|(result, outcome)| Some((result.weight, outcome.score.as_ref()?.value)))
        .collect();
    let skp = skp_score(&counted, options.count_additional);
    let final_score = skp
        .as_ref()
        .zip(options.behaviour)
        .map(|(skp, behaviour)| r2021::final_score(skp.value, behaviour, options.uses_360));
    let predikat = final_score
        .as_ref()
        .map(|f| r2021::predikat(f.value, options.innovation));
    Outcome2021 {
        results: outcomes,
        skp,
        final_score,
        predikat,
    }
}

fn score_result(result: &WorkResult, count_additional: bool) -> ResultOutcome {
    let indicators: Vec<IndicatorOutcome> = result
        .indicators
        .iter()
        .map(|indicator| {
            let achievement = r2021::achievement(indicator);
            let score = r2021::indicator_score(achievement.value, indicator.target_is_max);
            IndicatorOutcome { achievement, score }
        })
        .collect();
    let scores: Vec<Hundredths> = indicators.iter().map(|i| i.score.value).collect();
    let score = r2021::mean(&scores).map(|value| {
        let why = match scores.as_slice() {
            [only] => format!("the score of its one indicator: {only}"),
            _ => format!(
                "mean of {} indicators: {} = {value}",
                scores.len(),
                mean_of(&scores)
            ),
        };
        explained(value, why)
    });
    ResultOutcome {
        counted: result.main || count_additional,
        score,
        indicators,
    }
}

/// `(a + b + c) / 3`
fn mean_of(scores: &[Hundredths]) -> String {
    let terms: Vec<String> = scores.iter().map(Hundredths::to_string).collect();
    format!("({}) / {}", terms.join(" + "), scores.len())
}

fn skp_score(
    counted: &[(Option<Hundredths>, Hundredths)],
    count_additional: bool,
) -> Option<Explained<Hundredths>> {
    let which = if count_additional {
        "main and additional results"
    } else {
        "main results (additional results do not count)"
    };
    let scores: Vec<Hundredths> = counted.iter().map(|(_, score)| *score).collect();
    let weighted: Option<Vec<(Hundredths, Hundredths)>> = counted
        .iter()
        .map(|(weight, score)| weight.map(|w| (w, *score)))
        .collect();
    match weighted {
        Some(pairs) if !pairs.is_empty() => {
            let value = r2021::weighted_mean(&pairs)?;
            let terms: Vec<String> = pairs.iter().map(|(w, s)| format!("{w} × {s}")).collect();
            let total: i64 = pairs.iter().map(|(w, _)| w.0).sum();
            Some(explained(
                value,
                format!(
                    "weighted mean of the {which}: ({}) / {} = {value}",
                    terms.join(" + "),
                    Hundredths(total)
                ),
            ))
        }
        _ => {
            let value = r2021::mean(&scores)?;
            let why = match scores.as_slice() {
                [only] => format!("the score of the one counted result ({which}): {only}"),
                _ => format!(
                    "mean of the {which}, equal weights: {} = {value}",
                    mean_of(&scores)
                ),
            };
            Some(explained(value, why))
        }
    }
}

/// What is wrong with the weights of the results that count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeightProblem {
    /// Some results have a weight and these (indexes into the slice checked) have none.
    Missing(Vec<usize>),
    /// Every result has a weight, but they sum to this, not 100.
    Sum(Hundredths),
}

/// Weights are given for every counted result or for none (equal weights); given ones sum
/// to 100.
pub fn check_weights(weights: &[Option<Hundredths>]) -> Option<WeightProblem> {
    if weights.iter().all(Option::is_none) {
        return None;
    }
    let missing: Vec<usize> = (0..weights.len())
        .filter(|i| weights[*i].is_none())
        .collect();
    if !missing.is_empty() {
        return Some(WeightProblem::Missing(missing));
    }
    let total = Hundredths(weights.iter().flatten().map(|w| w.0).sum());
    (total != Hundredths::whole(100)).then_some(WeightProblem::Sum(total))
}

/// How the behaviour rating is known under `permenpan6_2022`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Behaviour2022<'a> {
    /// The appraiser's final rating; it overrides the suggestion.
    pub rating: Option<Rating>,
    /// The ratings of the seven BerAKHLAK values, from which a rating is suggested.
    pub values: Option<&'a [Rating]>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome2022 {
    /// `None` for no results.
    pub work_result: Option<Explained<Rating>>,
    pub suggested_behaviour: Option<Explained<Rating>>,
    pub behaviour: Option<Explained<Rating>>,
    pub predikat: Option<Explained<Predikat>>,
}

/// The work-result rating, the behaviour rating (given, or suggested from the values) and the
/// matrix cell.
pub fn assess_2022(results: &[ResultRating], behaviour: Behaviour2022<'_>) -> Outcome2022 {
    let work_result = r2022::work_result_rating(results);
    let suggested = behaviour.values.and_then(r2022::suggested_behaviour);
    let final_behaviour = match (behaviour.rating, &suggested) {
        (Some(rating), Some(s)) if rating != s.value => Some(explained(
            rating,
            format!(
                "set by the appraiser: {} (the values suggest {})",
                rating.as_str(),
                s.value.as_str()
            ),
        )),
        (Some(rating), _) => Some(explained(
            rating,
            format!("set by the appraiser: {}", rating.as_str()),
        )),
        (None, Some(s)) => Some(explained(
            s.value,
            format!("the suggested rating: {}", s.explanation),
        )),
        (None, None) => None,
    };
    let predikat = work_result
        .as_ref()
        .zip(final_behaviour.as_ref())
        .map(|(w, b)| r2022::predikat(w.value, b.value));
    Outcome2022 {
        work_result,
        suggested_behaviour: suggested,
        behaviour: final_behaviour,
        predikat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::Quantity;
    use crate::domain::scoring::pp30_2021::{Direction, Target};

    fn q(text: &str) -> Quantity {
        Quantity::parse(text).expect("present")
    }

    fn higher(target: &str, realization: &str) -> Indicator {
        Indicator {
            target: Target::Value(q(target)),
            realization: q(realization),
            direction: Direction::HigherIsBetter,
            target_is_max: false,
        }
    }

    fn months_against_7_to_8(realization: &str) -> Indicator {
        Indicator {
            target: Target::Range {
                min: q("7"),
                max: q("8"),
            },
            realization: q(realization),
            direction: Direction::LowerIsBetter,
            target_is_max: false,
        }
    }

    fn result(main: bool, weight: Option<i64>, indicators: Vec<Indicator>) -> WorkResult {
        WorkResult {
            main,
            weight: weight.map(Hundredths::whole),
            indicators,
        }
    }

    #[test]
    fn the_contract_example_goes_from_indicators_to_predikat() {
        let results = [result(
            true,
            Some(100),
            vec![higher("8220", "5659"), months_against_7_to_8("6.5")],
        )];
        let options = Options2021 {
            uses_360: true,
            behaviour: Some(Hundredths::whole(100)),
            ..Options2021::default()
        };
        let outcome = assess_2021(&results, options);
        let scores: Vec<_> = outcome.results[0]
            .indicators
            .iter()
            .map(|i| (i.achievement.value, i.score.value))
            .collect();
        assert_eq!(
            scores,
            [
                (Hundredths(6884), Hundredths(5884)),
                (Hundredths(10714), Hundredths(11682))
            ]
        );
        let result_score = outcome.results[0].score.as_ref().expect("present");
        assert_eq!(result_score.value, Hundredths(8783));
        assert_eq!(
            result_score.explanation,
            "mean of 2 indicators: (58.84 + 116.82) / 2 = 87.83"
        );
        assert_eq!(outcome.skp.expect("present").value, Hundredths(8783));
        // 0.6 × 87.83 + 0.4 × 100 = 92.698 → 92.7
        assert_eq!(
            outcome.final_score.expect("present").value,
            Hundredths(9270)
        );
        assert_eq!(outcome.predikat.expect("present").value, Predikat::Baik);
    }

    #[test]
    fn weights_decide_the_skp_score_and_additional_results_count_only_when_configured() {
        let results = [
            result(true, Some(60), vec![higher("100", "100")]), // 109
            result(true, Some(40), vec![higher("100", "80")]),  // 70
            result(false, None, vec![higher("10", "20")]),      // 120, additional
        ];
        let main_only = assess_2021(&results, Options2021::default());
        // (60 × 109 + 40 × 70) / 100 = 93.4
        let skp = main_only.skp.expect("present");
        assert_eq!(skp.value, Hundredths(9340));
        assert!(skp.explanation.contains("additional results do not count"));
        assert!(!main_only.results[2].counted);
        assert_eq!(
            main_only.final_score, None,
            "no behaviour score, no final score"
        );
        assert_eq!(main_only.predikat, None);

        let unweighted: Vec<WorkResult> = results
            .iter()
            .map(|r| WorkResult {
                weight: None,
                ..r.clone()
            })
            .collect();
        let with_additional = Options2021 {
            count_additional: true,
            ..Options2021::default()
        };
        // (109 + 70 + 120) / 3 = 99.67
        let skp = assess_2021(&unweighted, with_additional)
            .skp
            .expect("present");
        assert_eq!(skp.value, Hundredths(9967));
        assert!(
            skp.explanation.contains("equal weights"),
            "{}",
            skp.explanation
        );
    }

    #[test]
    fn weights_are_all_or_none_and_sum_to_100() {
        let w = |n: i64| Some(Hundredths::whole(n));
        assert_eq!(check_weights(&[None, None]), None);
        assert_eq!(check_weights(&[w(60), w(40)]), None);
        assert_eq!(
            check_weights(&[
                Some(Hundredths(3333)),
                Some(Hundredths(3333)),
                Some(Hundredths(3334))
            ]),
            None
        );
        assert_eq!(
            check_weights(&[w(60), None]),
            Some(WeightProblem::Missing(vec![1]))
        );
        assert_eq!(
            check_weights(&[w(60), w(30)]),
            Some(WeightProblem::Sum(Hundredths::whole(90)))
        );
    }

    #[test]
    fn nothing_to_score_gives_no_numbers() {
        let outcome = assess_2021(&[result(true, None, vec![])], Options2021::default());
        assert_eq!(outcome.results[0].score, None);
        assert_eq!(outcome.skp, None);
    }

    #[test]
    fn the_appraiser_rating_overrides_the_suggested_behaviour() {
        use Rating::{Above, Below, Meets};
        let results = [ResultRating {
            main: true,
            rating: Above,
        }];
        let values = [Above, Above, Above, Above, Above, Meets, Below];
        let suggested = assess_2022(
            &results,
            Behaviour2022 {
                rating: None,
                values: Some(&values),
            },
        );
        // 18 points / 7 = 2.57 ≥ 2.5 → above; above × above → sangat baik
        assert_eq!(suggested.behaviour.as_ref().expect("present").value, Above);
        assert_eq!(
            suggested.predikat.expect("present").value,
            Predikat::SangatBaik
        );

        let overridden = assess_2022(
            &results,
            Behaviour2022 {
                rating: Some(Meets),
                values: Some(&values),
            },
        );
        let behaviour = overridden.behaviour.expect("present");
        assert_eq!(behaviour.value, Meets);
        assert!(behaviour.explanation.contains("suggest above"));
        assert_eq!(overridden.predikat.expect("present").value, Predikat::Baik);

        let unknown = assess_2022(&results, Behaviour2022::default());
        assert_eq!(unknown.behaviour, None);
        assert_eq!(unknown.predikat, None);
    }
}
