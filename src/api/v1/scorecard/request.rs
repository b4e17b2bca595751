//! The calculator's request, checked into the domain's inputs with a JSON pointer for every
//! problem.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::extract::from_value;
use crate::domain::fixed::Hundredths;
use crate::domain::scoring::assessment::{Options2021, WorkResult};
use crate::domain::scoring::permenpan6_2022::{Rating, ResultRating};
use crate::domain::scoring::pp30_2021::{Direction, Indicator, Target};
use crate::domain::scoring::{QUANTITY_DECIMALS, Quantity, Regime, ResultKind};
use crate::error::{ApiError, FieldError};
use crate::plans::content::INDICATORS_MAX;
use crate::plans::score::weight_errors;

/// What to score: `regime` selects the rules and with them the fields that apply. Fields
/// of the other regime are refused (422 `wrong_regime`): `uses_360`, `innovation`,
/// `count_additional`, `behaviour_score` and each result's `weight` and `indicators` belong to
/// `pp30_2021`; `behaviour_rating`, `behaviour_ratings` and each result's `rating` to
/// `permenpan6_2022`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkpScoreRequest {
    pub regime: Regime,
    /// `pp30_2021`: whether the period uses the 360° assessment: the final score weighs SKP
    /// and behaviour 60/40 when it does, 70/30 when it does not. Default false.
    pub uses_360: Option<bool>,
    /// `pp30_2021`: a recorded innovation; Sangat Baik needs one. Default false.
    pub innovation: Option<bool>,
    /// `pp30_2021`: whether additional results count towards the SKP score (the agency's
    /// configuration). Default: main results only.
    pub count_additional: Option<bool>,
    /// `pp30_2021`: the behaviour score, 0 to 120, at most two decimals. Without it the
    /// response has the SKP score but no final score or predikat.
    #[schema(minimum = 0, maximum = 120, example = 100)]
    pub behaviour_score: Option<f64>,
    /// At least one (`pp30_2021`: at least one main result), at most 50.
    #[schema(min_items = 1, max_items = 50)]
    pub results: Vec<ResultInput>,
    /// `permenpan6_2022`: the appraiser's final behaviour rating; it overrides the suggestion
    /// from `behaviour_ratings` when both are given. Without either, no predikat.
    pub behaviour_rating: Option<Rating>,
    /// `permenpan6_2022`: the seven BerAKHLAK values, from which a behaviour rating is
    /// suggested.
    pub behaviour_ratings: Option<BehaviourRatings>,
}

/// A work result (RHK): under `pp30_2021` its indicators (and weight), under
/// `permenpan6_2022` its rating.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultInput {
    pub kind: ResultKind,
    /// `pp30_2021`: percent, above 0 and at most 100, at most two decimals. Give every
    /// counted result a weight (they must sum to 100) or none (equal weights). Ignored on an
    /// additional result that does not count.
    #[schema(exclusive_minimum = 0, maximum = 100, example = 100)]
    pub weight: Option<f64>,
    /// `pp30_2021`, required: at least one, at most 20.
    #[schema(max_items = 20)]
    pub indicators: Option<Vec<IndicatorInput>>,
    /// `permenpan6_2022`, required.
    pub rating: Option<Rating>,
}

/// An indicator (IKI): its target, what was realised, and which way is better.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    pub target: TargetInput,
    /// Not negative.
    #[schema(minimum = 0, example = 5659)]
    pub realization: f64,
    pub direction: Direction,
    /// The target is the maximum achievable: reaching it scores 120.
    #[serde(default)]
    pub target_is_max: bool,
}

/// A target above 0: a number `{"value": 8220}`, or a range `{"min": 7, "max": 8}` with
/// `0 < min <= max`. Numbers have at most 15 significant digits and 6 decimals, and are below
/// 10^15.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(min_properties = 1, example = json!({"value": 8220}))]
pub struct TargetInput {
    /// A single target; not with `min` and `max`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(exclusive_minimum = 0, example = 8220)]
    pub value: Option<f64>,
    /// The lower end of a range target, with `max`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(exclusive_minimum = 0)]
    pub min: Option<f64>,
    /// The upper end of a range target, with `min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(exclusive_minimum = 0)]
    pub max: Option<f64>,
}

/// A rating for each of the seven BerAKHLAK core values; all seven are needed for a
/// suggested behaviour rating.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BehaviourRatings {
    pub berorientasi_pelayanan: Option<Rating>,
    pub akuntabel: Option<Rating>,
    pub kompeten: Option<Rating>,
    pub harmonis: Option<Rating>,
    pub loyal: Option<Rating>,
    pub adaptif: Option<Rating>,
    pub kolaboratif: Option<Rating>,
}

impl BehaviourRatings {
    fn values(&self) -> [(&'static str, Option<Rating>); 7] {
        [
            ("berorientasi_pelayanan", self.berorientasi_pelayanan),
            ("akuntabel", self.akuntabel),
            ("kompeten", self.kompeten),
            ("harmonis", self.harmonis),
            ("loyal", self.loyal),
            ("adaptif", self.adaptif),
            ("kolaboratif", self.kolaboratif),
        ]
    }
}

/// Fields that belong to one regime only, at the top level and in each result.
const ONLY_2021: (&[&str], &[&str]) = (
    &[
        "uses_360",
        "innovation",
        "count_additional",
        "behaviour_score",
    ],
    &["weight", "indicators"],
);
const ONLY_2022: (&[&str], &[&str]) = (&["behaviour_rating", "behaviour_ratings"], &["rating"]);

/// The most results a request scores.
const RESULTS_MAX: usize = 50;

/// A checked request, in the domain's terms.
pub enum Assessment {
    Pp30_2021 {
        results: Vec<WorkResult>,
        kinds: Vec<ResultKind>,
        options: Options2021,
    },
    Permenpan6_2022 {
        results: Vec<ResultRating>,
        kinds: Vec<ResultKind>,
        rating: Option<Rating>,
        values: Option<Vec<Rating>>,
    },
}

impl SkpScoreRequest {
    /// Reads the regime first, so that a field of the other regime is named as such rather
    /// than as merely unknown.
    pub fn from_json(mut body: Value) -> Result<SkpScoreRequest, ApiError> {
        let object = body.as_object_mut().ok_or_else(|| {
            invalid(vec![FieldError::at(
                "",
                "invalid_value",
                "the body must be a JSON object",
            )])
        })?;
        let regime = match object.get("regime") {
            None => {
                return Err(invalid(vec![FieldError::at(
                    "/regime",
                    "missing",
                    "missing field `regime`: `pp30_2021` or `permenpan6_2022`",
                )]));
            }
            Some(Value::String(text)) => text.parse::<Regime>().ok(),
            Some(_) => None,
        }
        .ok_or_else(|| {
            invalid(vec![FieldError::at(
                "/regime",
                "invalid_value",
                "`regime` must be `pp30_2021` or `permenpan6_2022`",
            )])
        })?;
        let foreign = match regime {
            Regime::Pp30_2021 => ONLY_2022,
            Regime::Permenpan6_2022 => ONLY_2021,
        };
        let errors = foreign_fields(object, foreign, regime);
        if !errors.is_empty() {
            return Err(invalid(errors));
        }
        from_value(body)
    }

    /// Checks every number and rule of the request, reporting each problem.
    pub fn check(&self) -> Result<Assessment, ApiError> {
        let mut too_many = Vec::new();
        if self.results.len() > RESULTS_MAX {
            too_many.push(FieldError::at(
                "/results",
                "too_many",
                format!("at most {RESULTS_MAX} results"),
            ));
        }
        for (i, result) in self.results.iter().enumerate() {
            if result
                .indicators
                .as_ref()
                .is_some_and(|l| l.len() > INDICATORS_MAX)
            {
                too_many.push(FieldError::at(
                    format!("/results/{i}/indicators"),
                    "too_many",
                    format!("a result has at most {INDICATORS_MAX} indicators"),
                ));
            }
        }
        if !too_many.is_empty() {
            return Err(invalid(too_many));
        }
        match self.regime {
            Regime::Pp30_2021 => self.check_2021(),
            Regime::Permenpan6_2022 => self.check_2022(),
        }
        .map_err(invalid)
    }
}

fn invalid(errors: Vec<FieldError>) -> ApiError {
    ApiError::validation(errors)
}

fn foreign_fields(
    object: &serde_json::Map<String, Value>,
    (top, per_result): (&[&str], &[&str]),
    regime: Regime,
) -> Vec<FieldError> {
    let other = match regime {
        Regime::Pp30_2021 => Regime::Permenpan6_2022,
        Regime::Permenpan6_2022 => Regime::Pp30_2021,
    };
    let error = |pointer: String, field: &str| {
        FieldError::at(
            pointer,
            "wrong_regime",
            format!(
                "`{field}` belongs to regime `{}`, not `{}`",
                other.as_str(),
                regime.as_str()
            ),
        )
    };
    let mut errors: Vec<FieldError> = top
        .iter()
        .filter(|field| object.get(**field).is_some_and(|v| !v.is_null()))
        .map(|field| error(format!("/{field}"), field))
        .collect();
    if let Some(Value::Array(results)) = object.get("results") {
        for (i, result) in results.iter().enumerate() {
            for field in per_result {
                if result.get(field).is_some_and(|v| !v.is_null()) {
                    errors.push(error(format!("/results/{i}/{field}"), field));
                }
            }
        }
    }
    errors
}

/// Collects field errors while checking.
#[derive(Default)]
pub struct Problems(pub Vec<FieldError>);

impl Problems {
    pub fn add(&mut self, pointer: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::at(pointer, code, message));
    }

    pub fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }

    /// A JSON number as an exact decimal, read from its shortest decimal text.
    pub fn quantity(&mut self, number: f64, pointer: &str) -> Option<Quantity> {
        let text = number.to_string();
        let digits = text.replace(['-', '.'], "");
        let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
        let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
        if number.abs() >= 1e15 {
            self.add(pointer, "too_large", "a number must be below 10^15");
            None
        } else if significant > 15 {
            self.add(
                pointer,
                "too_precise",
                format!("{text} has more than 15 significant digits"),
            );
            None
        } else if decimals > QUANTITY_DECIMALS as usize {
            self.add(
                pointer,
                "too_precise",
                format!("{text} has more than {QUANTITY_DECIMALS} decimals"),
            );
            None
        } else {
            Quantity::parse(&text)
        }
    }

    /// A number with at most two decimals within `min..=max`.
    pub fn hundredths(
        &mut self,
        number: f64,
        pointer: &str,
        min: f64,
        max: f64,
    ) -> Option<Hundredths> {
        let quantity = self.quantity(number, pointer)?;
        let Some(value) = quantity.hundredths() else {
            self.add(
                pointer,
                "too_precise",
                format!("{number} has more than two decimals"),
            );
            return None;
        };
        if number < min || number > max {
            self.add(
                pointer,
                "out_of_range",
                format!("{number} is not between {min} and {max}"),
            );
            return None;
        }
        Some(value)
    }
}

impl SkpScoreRequest {
    fn check_2021(&self) -> Result<Assessment, Vec<FieldError>> {
        let mut problems = Problems::default();
        let behaviour = self
            .behaviour_score
            .and_then(|b| problems.hundredths(b, "/behaviour_score", 0.0, 120.0));
        let count_additional = self.count_additional.unwrap_or(false);
        let counts = |kind: ResultKind| kind == ResultKind::Main || count_additional;
        let mut results = Vec::new();
        for (i, result) in self.results.iter().enumerate() {
            let at = format!("/results/{i}");
            let weight = match result.weight {
                Some(w) if counts(result.kind) => {
                    if w <= 0.0 {
                        problems.add(
                            format!("{at}/weight"),
                            "out_of_range",
                            "a weight must be above 0",
                        );
                        None
                    } else {
                        problems.hundredths(w, &format!("{at}/weight"), 0.0, 100.0)
                    }
                }
                _ => None,
            };
            let requested = result.indicators.as_deref().unwrap_or_default();
            match &result.indicators {
                None => problems.add(
                    format!("{at}/indicators"),
                    "missing",
                    "missing field `indicators`: regime `pp30_2021` scores a result by its indicators",
                ),
                Some(list) if list.is_empty() => problems.add(
                    format!("{at}/indicators"),
                    "empty",
                    "a result needs at least one indicator",
                ),
                Some(_) => {}
            }
            let indicators = requested
                .iter()
                .enumerate()
                .filter_map(|(j, ind)| ind.check(&mut problems, &format!("{at}/indicators/{j}")))
                .collect();
            results.push(WorkResult {
                main: result.kind == ResultKind::Main,
                weight,
                indicators,
            });
        }
        if !self.results.iter().any(|r| r.kind == ResultKind::Main) {
            problems.add(
                "/results",
                "no_main_result",
                "at least one main result is needed",
            );
        }
        if problems.0.is_empty() {
            check_weights(&mut problems, &self.results, &results, &counts);
        }
        problems.finish(Assessment::Pp30_2021 {
            kinds: self.results.iter().map(|r| r.kind).collect(),
            results,
            options: Options2021 {
                uses_360: self.uses_360.unwrap_or(false),
                count_additional,
                innovation: self.innovation.unwrap_or(false),
                behaviour,
            },
        })
    }
}

/// Every counted result has a weight or none has, and given weights sum to 100.
fn check_weights(
    problems: &mut Problems,
    requested: &[ResultInput],
    results: &[WorkResult],
    counts: &dyn Fn(ResultKind) -> bool,
) {
    let counted: Vec<(usize, Option<Hundredths>)> = requested
        .iter()
        .zip(results)
        .enumerate()
        .filter(|(_, (r, _))| counts(r.kind))
        .map(|(i, (_, w))| (i, w.weight))
        .collect();
    problems.0.extend(weight_errors(&counted, "counted"));
}

impl TargetInput {
    pub fn value(value: f64) -> Self {
        TargetInput {
            value: Some(value),
            min: None,
            max: None,
        }
    }

    pub fn range(min: f64, max: f64) -> Self {
        TargetInput {
            value: None,
            min: Some(min),
            max: Some(max),
        }
    }

    /// A positive `value`, or a range with `0 < min <= max`; never both.
    pub fn check(&self, problems: &mut Problems, at: &str) -> Option<Target> {
        match (self.value, self.min, self.max) {
            (Some(t), None, None) => {
                positive(problems, t, &format!("{at}/value")).map(Target::Value)
            }
            (None, Some(min), Some(max)) => {
                let lo = positive(problems, min, &format!("{at}/min"));
                let hi = positive(problems, max, &format!("{at}/max"));
                match (lo, hi) {
                    (Some(lo), Some(hi)) if lo > hi => {
                        problems.add(at, "range_reversed", format!("min {lo} is above max {hi}"));
                        None
                    }
                    (Some(min), Some(max)) => Some(Target::Range { min, max }),
                    _ => None,
                }
            }
            (Some(_), _, _) => {
                problems.add(
                    at,
                    "value_and_range",
                    "give `value` or `min` and `max`, not both",
                );
                None
            }
            (None, None, None) => {
                problems.add(at, "missing", "give `value`, or `min` and `max`");
                None
            }
            (None, min, _) => {
                let absent = if min.is_none() { "min" } else { "max" };
                problems.add(
                    format!("{at}/{absent}"),
                    "missing",
                    format!("a range needs `min` and `max`; `{absent}` is missing"),
                );
                None
            }
        }
    }
}

/// A realisation: an exact decimal, not negative.
pub fn check_realization(problems: &mut Problems, value: f64, pointer: &str) -> Option<Quantity> {
    let realization = problems.quantity(value, pointer)?;
    if realization.is_negative() {
        problems.add(pointer, "negative", "a realisation cannot be negative");
        return None;
    }
    Some(realization)
}

impl IndicatorInput {
    fn check(&self, problems: &mut Problems, at: &str) -> Option<Indicator> {
        let target = self.target.check(problems, &format!("{at}/target"));
        let realization =
            check_realization(problems, self.realization, &format!("{at}/realization"));
        Some(Indicator {
            target: target?,
            realization: realization?,
            direction: self.direction,
            target_is_max: self.target_is_max,
        })
    }
}

fn positive(problems: &mut Problems, number: f64, pointer: &str) -> Option<Quantity> {
    let quantity = problems.quantity(number, pointer)?;
    if !quantity.is_positive() {
        problems.add(pointer, "not_positive", "a target must be above 0");
        return None;
    }
    Some(quantity)
}

impl SkpScoreRequest {
    fn check_2022(&self) -> Result<Assessment, Vec<FieldError>> {
        let mut problems = Problems::default();
        if self.results.is_empty() {
            problems.add("/results", "empty", "at least one result is needed");
        }
        let mut ratings = Vec::new();
        for (i, result) in self.results.iter().enumerate() {
            match result.rating {
                Some(rating) => ratings.push(ResultRating {
                    main: result.kind == ResultKind::Main,
                    rating,
                }),
                None => problems.add(
                    format!("/results/{i}/rating"),
                    "missing",
                    "missing field `rating`: regime `permenpan6_2022` rates each result",
                ),
            }
        }
        let values = self.behaviour_ratings.as_ref().and_then(|ratings| {
            let missing: Vec<&str> = ratings
                .values()
                .iter()
                .filter(|(_, r)| r.is_none())
                .map(|(code, _)| *code)
                .collect();
            if !missing.is_empty() {
                problems.add(
                    "/behaviour_ratings",
                    "missing_values",
                    format!(
                        "all seven values need a rating; missing: {}",
                        missing.join(", ")
                    ),
                );
            }
            ratings.values().iter().map(|(_, r)| *r).collect()
        });
        problems.finish(Assessment::Permenpan6_2022 {
            results: ratings,
            kinds: self.results.iter().map(|r| r.kind).collect(),
            rating: self.behaviour_rating,
            values,
        })
    }
}
