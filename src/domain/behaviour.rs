//! The 360° behaviour assessment (domain.md, "360° behaviour assessment"): the instrument each
//! regime asks, checking one rater's answer, and combining a closed round's answers about one
//! assessee into a result in which a group too small to hide its raters takes no part.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::fixed::Hundredths;
use crate::domain::org::PositionType;
use crate::domain::scoring::Regime;
use crate::domain::scoring::permenpan6_2022::Rating;
use crate::domain::scoring::pp30_2021::{mean, weighted_mean};
use crate::domain::text_enum;

text_enum! {
    /// Who a rater is to the assessee: their `supervisor`, a `peer` (same superior), a
    /// `subordinate` (reports to them directly), or the assessee them`self`.
    pub enum RaterGroup {
        Supervisor = "supervisor",
        Peer = "peer",
        Subordinate = "subordinate",
        Own = "self",
    }
}

text_enum! {
    /// A round is prepared as a `draft` (raters can be changed), answered while `open`, and
    /// read once `closed`.
    pub enum RoundStatus {
        Draft = "draft",
        Open = "open",
        Closed = "closed",
    }
}

impl RaterGroup {
    /// Groups whose raters stay anonymous: shown only when at least `min_raters` answered.
    pub fn is_anonymous(self) -> bool {
        matches!(self, RaterGroup::Peer | RaterGroup::Subordinate)
    }
}

text_enum! {
    /// The five behaviour aspects of regime `pp30_2021`, each scored 0–120.
    pub enum Aspect {
        OrientasiPelayanan = "orientasi_pelayanan",
        Komitmen = "komitmen",
        InisiatifKerja = "inisiatif_kerja",
        KerjaSama = "kerja_sama",
        Kepemimpinan = "kepemimpinan",
    }
}

impl Aspect {
    pub fn label(self) -> &'static str {
        match self {
            Aspect::OrientasiPelayanan => "Orientasi pelayanan",
            Aspect::Komitmen => "Komitmen",
            Aspect::InisiatifKerja => "Inisiatif kerja",
            Aspect::KerjaSama => "Kerja sama",
            Aspect::Kepemimpinan => "Kepemimpinan",
        }
    }

    /// Leadership is asked of managerial assessees only.
    pub fn applies(self, managerial: bool) -> bool {
        managerial || self != Aspect::Kepemimpinan
    }
}

text_enum! {
    /// The seven BerAKHLAK core values of regime `permenpan6_2022`.
    pub enum CoreValue {
        BerorientasiPelayanan = "berorientasi_pelayanan",
        Akuntabel = "akuntabel",
        Kompeten = "kompeten",
        Harmonis = "harmonis",
        Loyal = "loyal",
        Adaptif = "adaptif",
        Kolaboratif = "kolaboratif",
    }
}

impl CoreValue {
    pub fn label(self) -> &'static str {
        match self {
            CoreValue::BerorientasiPelayanan => "Berorientasi Pelayanan",
            CoreValue::Akuntabel => "Akuntabel",
            CoreValue::Kompeten => "Kompeten",
            CoreValue::Harmonis => "Harmonis",
            CoreValue::Loyal => "Loyal",
            CoreValue::Adaptif => "Adaptif",
            CoreValue::Kolaboratif => "Kolaboratif",
        }
    }
}

/// JPT, administrator and pengawas lead people, so they are asked about leadership.
pub fn is_managerial(position: PositionType) -> bool {
    !matches!(position, PositionType::Pelaksana | PositionType::Fungsional)
}

pub const SCORE_MAX: u32 = 120;
pub const FEEDBACK_MAX: usize = 2000;
pub const MIN_RATERS_FLOOR: u32 = 2;

/// What a rater is asked about one assessee: the aspects that apply (`pp30_2021`) or the seven
/// values (`permenpan6_2022`), as `(key, label)`.
pub fn items(regime: Regime, managerial: bool) -> Vec<(&'static str, &'static str)> {
    match regime {
        Regime::Pp30_2021 => Aspect::ALL
            .iter()
            .filter(|a| a.applies(managerial))
            .map(|a| (a.as_str(), a.label()))
            .collect(),
        Regime::Permenpan6_2022 => CoreValue::ALL
            .iter()
            .map(|v| (v.as_str(), v.label()))
            .collect(),
    }
}

/// The weight of each rater group, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    pub supervisor: u32,
    pub peer: u32,
    pub subordinate: u32,
    pub own: u32,
}

impl Default for Weights {
    /// The product's default (domain.md): supervisor 50, peer 30, subordinate 20, self 0.
    fn default() -> Self {
        Weights {
            supervisor: 50,
            peer: 30,
            subordinate: 20,
            own: 0,
        }
    }
}

impl Weights {
    pub fn of(&self, group: RaterGroup) -> u32 {
        match group {
            RaterGroup::Supervisor => self.supervisor,
            RaterGroup::Peer => self.peer,
            RaterGroup::Subordinate => self.subordinate,
            RaterGroup::Own => self.own,
        }
    }

    /// Each weight 0–100 and all four summing to 100.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems: Vec<Problem> = RaterGroup::ALL
            .iter()
            .filter(|g| self.of(**g) > 100)
            .map(|g| {
                Problem::at(
                    format!("/weights/{}", g.as_str()),
                    "out_of_range",
                    "a weight is 0 to 100",
                )
            })
            .collect();
        let sum: u32 = RaterGroup::ALL.iter().map(|g| self.of(*g)).sum();
        if problems.is_empty() && sum != 100 {
            problems.push(Problem::at(
                "/weights",
                "weights_sum",
                format!("the four weights sum to {sum}, not 100"),
            ));
        }
        problems
    }
}

/// Why part of an input is refused: a JSON pointer, a code and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    pub code: &'static str,
    pub message: String,
}

impl Problem {
    fn at(pointer: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Problem {
            pointer: pointer.into(),
            code,
            message: message.into(),
        }
    }
}

/// One value's rating, with optional feedback text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueAnswer {
    pub rating: Rating,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

/// One rater's complete answer about one assessee, as stored and as read back by the rater.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    #[serde(rename = "aspects")]
    Scores(BTreeMap<Aspect, u32>),
    #[serde(rename = "values")]
    Ratings(BTreeMap<CoreValue, ValueAnswer>),
}

/// An answer as sent: keys and values not yet known to be right.
#[derive(Debug, Default)]
pub struct RawAnswer {
    pub aspects: Option<BTreeMap<String, serde_json::Value>>,
    pub values: Option<BTreeMap<String, serde_json::Value>>,
}

/// A complete answer for the regime: every item that applies, nothing else, each in range.
pub fn check_answer(
    regime: Regime,
    managerial: bool,
    raw: RawAnswer,
) -> Result<Answer, Vec<Problem>> {
    let (wanted, other) = match regime {
        Regime::Pp30_2021 => ("aspects", "values"),
        Regime::Permenpan6_2022 => ("values", "aspects"),
    };
    let (given, stray) = match regime {
        Regime::Pp30_2021 => (raw.aspects, raw.values.is_some()),
        Regime::Permenpan6_2022 => (raw.values, raw.aspects.is_some()),
    };
    let mut problems = Vec::new();
    if stray {
        problems.push(Problem::at(
            format!("/{other}"),
            "wrong_regime",
            format!("this round's regime {} asks for {wanted}", regime.as_str()),
        ));
    }
    let Some(given) = given else {
        problems.push(Problem::at(
            format!("/{wanted}"),
            "required",
            format!("the answer is an object of {wanted}"),
        ));
        return Err(problems);
    };
    let answer = match regime {
        Regime::Pp30_2021 => check_scores(managerial, given, &mut problems).map(Answer::Scores),
        Regime::Permenpan6_2022 => check_ratings(given, &mut problems).map(Answer::Ratings),
    };
    match answer {
        Some(answer) if problems.is_empty() => Ok(answer),
        _ => Err(problems),
    }
}

fn check_scores(
    managerial: bool,
    given: BTreeMap<String, serde_json::Value>,
    problems: &mut Vec<Problem>,
) -> Option<BTreeMap<Aspect, u32>> {
    let mut scores = BTreeMap::new();
    for (key, value) in &given {
        let pointer = format!("/aspects/{key}");
        let Ok(aspect) = key.parse::<Aspect>() else {
            problems.push(Problem::at(pointer, "unknown_aspect", aspect_list()));
            continue;
        };
        if !aspect.applies(managerial) {
            problems.push(Problem::at(
                pointer,
                "not_applicable",
                "kepemimpinan is asked of managerial assessees (JPT, administrator, pengawas) only",
            ));
            continue;
        }
        match value.as_u64().filter(|n| *n <= u64::from(SCORE_MAX)) {
            Some(n) => {
                scores.insert(aspect, n as u32);
            }
            None => problems.push(Problem::at(
                pointer,
                "out_of_range",
                format!("a whole number from 0 to {SCORE_MAX}"),
            )),
        }
    }
    for aspect in Aspect::ALL.iter().filter(|a| a.applies(managerial)) {
        if !given.contains_key(aspect.as_str()) {
            problems.push(Problem::at(
                format!("/aspects/{}", aspect.as_str()),
                "required",
                "every aspect that applies is scored",
            ));
        }
    }
    Some(scores)
}

fn check_ratings(
    given: BTreeMap<String, serde_json::Value>,
    problems: &mut Vec<Problem>,
) -> Option<BTreeMap<CoreValue, ValueAnswer>> {
    let mut ratings = BTreeMap::new();
    for (key, value) in &given {
        let pointer = format!("/values/{key}");
        let Ok(core_value) = key.parse::<CoreValue>() else {
            problems.push(Problem::at(pointer, "unknown_value", value_list()));
            continue;
        };
        let Some(object) = value.as_object() else {
            problems.push(Problem::at(
                pointer,
                "invalid",
                "an object {\"rating\", \"feedback\"?}",
            ));
            continue;
        };
        if let Some(field) = object.keys().find(|k| *k != "rating" && *k != "feedback") {
            problems.push(Problem::at(
                format!("{pointer}/{field}"),
                "unknown_field",
                "a value's answer has `rating` and `feedback` only",
            ));
            continue;
        }
        let rating = object
            .get("rating")
            .and_then(|r| r.as_str())
            .and_then(|r| r.parse::<Rating>().ok());
        let Some(rating) = rating else {
            problems.push(Problem::at(
                format!("{pointer}/rating"),
                "invalid_rating",
                "one of below, meets, above",
            ));
            continue;
        };
        let feedback = match object.get("feedback") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(text)) => {
                let text = text.trim();
                if text.chars().count() > FEEDBACK_MAX {
                    problems.push(Problem::at(
                        format!("{pointer}/feedback"),
                        "too_long",
                        format!("at most {FEEDBACK_MAX} characters"),
                    ));
                }
                (!text.is_empty()).then(|| text.to_owned())
            }
            Some(_) => {
                problems.push(Problem::at(
                    format!("{pointer}/feedback"),
                    "invalid",
                    "feedback is text",
                ));
                None
            }
        };
        ratings.insert(core_value, ValueAnswer { rating, feedback });
    }
    for core_value in CoreValue::ALL {
        if !given.contains_key(core_value.as_str()) {
            problems.push(Problem::at(
                format!("/values/{}", core_value.as_str()),
                "required",
                "all seven values are rated",
            ));
        }
    }
    Some(ratings)
}

fn aspect_list() -> String {
    let names: Vec<_> = Aspect::ALL.iter().map(|a| a.as_str()).collect();
    format!("the aspects are {}", names.join(", "))
}

fn value_list() -> String {
    let names: Vec<_> = CoreValue::ALL.iter().map(|v| v.as_str()).collect();
    format!("the values are {}", names.join(", "))
}

/// One group's part of a result. `means` and `feedback` are empty unless `shown`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupOutcome {
    pub group: RaterGroup,
    pub answered: u32,
    pub shown: bool,
    /// The group's share of the result in percent after redistribution; none when not shown.
    pub weight_applied: Option<Hundredths>,
    pub means: BTreeMap<&'static str, Hundredths>,
    /// `(value, text)`, sorted by value then text: an order that says nothing of the author.
    pub feedback: Vec<(CoreValue, String)>,
}

/// The combined result of a closed round for one assessee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub regime: Regime,
    pub groups: Vec<GroupOutcome>,
    /// `pp30_2021`: per aspect that applies, the weighted mean of the shown groups.
    pub aspects: BTreeMap<Aspect, Hundredths>,
    /// `pp30_2021`: the mean of `aspects`.
    pub behaviour_score: Option<Hundredths>,
    /// `permenpan6_2022`: per value, the weighted mean on below 1 / meets 2 / above 3.
    pub values: BTreeMap<CoreValue, Hundredths>,
    /// `permenpan6_2022`: the mean of `values`.
    pub value_mean: Option<Hundredths>,
    pub suggested_rating: Option<Rating>,
    pub explanation: String,
}

/// How a round combines answers.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub regime: Regime,
    pub weights: Weights,
    pub min_raters: u32,
}

fn points(rating: Rating) -> i64 {
    match rating {
        Rating::Below => 1,
        Rating::Meets => 2,
        Rating::Above => 3,
    }
}

/// Combines the answers about one assessee, by rater group. A group is shown when someone in
/// it answered, and for peers and subordinates only when at least `min_raters` did; the
/// answers of a group not shown are not read at all, and the shown groups share its weight
/// pro rata.
pub fn combine(
    rules: &Rules,
    managerial: bool,
    answers: &BTreeMap<RaterGroup, Vec<Answer>>,
) -> Outcome {
    let keys: Vec<&'static str> = items(rules.regime, managerial)
        .into_iter()
        .map(|(key, _)| key)
        .collect();
    let mut groups = Vec::new();
    let mut notes = Vec::new();
    for group in RaterGroup::ALL.iter().copied() {
        let given = answers.get(&group).map(Vec::as_slice).unwrap_or_default();
        let answered = given.len() as u32;
        let needed = if group.is_anonymous() {
            rules.min_raters
        } else {
            1
        };
        let shown = answered >= needed;
        if !shown && answered > 0 {
            notes.push(format!(
                "{} suppressed ({answered} answered, fewer than {needed}; its answers are not used)",
                group.as_str()
            ));
        } else if answered == 0 {
            notes.push(format!("{}: no answers", group.as_str()));
        }
        let (means, feedback) = if shown {
            group_means(given, &keys)
        } else {
            (BTreeMap::new(), Vec::new())
        };
        groups.push(GroupOutcome {
            group,
            answered,
            shown,
            weight_applied: None,
            means,
            feedback,
        });
    }
    let total: u32 = groups
        .iter()
        .filter(|g| g.shown)
        .map(|g| rules.weights.of(g.group))
        .sum();
    let mut outcome = Outcome {
        regime: rules.regime,
        groups,
        aspects: BTreeMap::new(),
        behaviour_score: None,
        values: BTreeMap::new(),
        value_mean: None,
        suggested_rating: None,
        explanation: String::new(),
    };
    if total == 0 {
        notes.push("no shown group carries weight, so there is no result".into());
        outcome.explanation = notes.join("; ");
        return outcome;
    }
    let mut shares = Vec::new();
    for g in outcome.groups.iter_mut().filter(|g| g.shown) {
        let weight = rules.weights.of(g.group);
        let applied = Hundredths::ratio(i128::from(weight) * 100, i128::from(total));
        g.weight_applied = Some(applied);
        shares.push(format!("{} {weight} → {applied}", g.group.as_str()));
    }
    notes.insert(
        0,
        format!(
            "weights of the shown groups, out of {total}: {}",
            shares.join(", ")
        ),
    );
    let combined: Vec<(&'static str, Hundredths)> = keys
        .iter()
        .filter_map(|key| {
            let pairs: Vec<(Hundredths, Hundredths)> = outcome
                .groups
                .iter()
                .filter_map(|g| {
                    let mean = *g.means.get(key)?;
                    Some((
                        Hundredths::whole(i64::from(rules.weights.of(g.group))),
                        mean,
                    ))
                })
                .collect();
            Some((*key, weighted_mean(&pairs)?))
        })
        .collect();
    let overall = mean(&combined.iter().map(|(_, m)| *m).collect::<Vec<_>>());
    match rules.regime {
        Regime::Pp30_2021 => {
            outcome.aspects = combined
                .iter()
                .filter_map(|(k, m)| Some((k.parse().ok()?, *m)))
                .collect();
            outcome.behaviour_score = overall;
            if let Some(score) = overall {
                notes.push(format!(
                    "per aspect Σ(weight × group mean) / {total}; behaviour score = mean of {} aspects = {score}",
                    combined.len()
                ));
            }
        }
        Regime::Permenpan6_2022 => {
            outcome.values = combined
                .iter()
                .filter_map(|(k, m)| Some((k.parse().ok()?, *m)))
                .collect();
            outcome.value_mean = overall;
            if let Some(m) = overall {
                let rating = if m >= Hundredths(250) {
                    Rating::Above
                } else if m < Hundredths(150) {
                    Rating::Below
                } else {
                    Rating::Meets
                };
                outcome.suggested_rating = Some(rating);
                notes.push(format!(
                    "per value Σ(weight × group mean) / {total} on below 1, meets 2, above 3; \
                     mean of {} values = {m} (≥ 2.5 above, < 1.5 below, else meets): {}",
                    combined.len(),
                    rating.as_str()
                ));
            }
        }
    }
    outcome.explanation = notes.join("; ");
    outcome
}

/// Per item the mean of a group's answers, and its feedback texts in content order.
fn group_means(
    answers: &[Answer],
    keys: &[&'static str],
) -> (BTreeMap<&'static str, Hundredths>, Vec<(CoreValue, String)>) {
    let mut means = BTreeMap::new();
    let mut feedback = Vec::new();
    for key in keys {
        let marks: Vec<Hundredths> = answers
            .iter()
            .filter_map(|answer| match answer {
                Answer::Scores(scores) => {
                    let aspect = key.parse::<Aspect>().ok()?;
                    scores
                        .get(&aspect)
                        .map(|s| Hundredths::whole(i64::from(*s)))
                }
                Answer::Ratings(ratings) => {
                    let value = key.parse::<CoreValue>().ok()?;
                    ratings
                        .get(&value)
                        .map(|r| Hundredths::whole(points(r.rating)))
                }
            })
            .collect();
        if let Some(m) = mean(&marks) {
            means.insert(*key, m);
        }
    }
    for answer in answers {
        if let Answer::Ratings(ratings) = answer {
            for (value, given) in ratings {
                if let Some(text) = &given.feedback {
                    feedback.push((*value, text.clone()));
                }
            }
        }
    }
    feedback.sort();
    (means, feedback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn raw_scores(pairs: &[(&str, serde_json::Value)]) -> RawAnswer {
        RawAnswer {
            aspects: Some(
                pairs
                    .iter()
                    .map(|(k, v)| ((*k).into(), v.clone()))
                    .collect(),
            ),
            values: None,
        }
    }

    fn scores(values: [u32; 4]) -> Answer {
        let aspects = [
            Aspect::OrientasiPelayanan,
            Aspect::Komitmen,
            Aspect::InisiatifKerja,
            Aspect::KerjaSama,
        ];
        Answer::Scores(aspects.into_iter().zip(values).collect())
    }

    fn ratings(each: Rating, feedback: Option<&str>) -> Answer {
        Answer::Ratings(
            CoreValue::ALL
                .iter()
                .map(|v| {
                    (
                        *v,
                        ValueAnswer {
                            rating: each,
                            feedback: feedback.map(str::to_owned),
                        },
                    )
                })
                .collect(),
        )
    }

    fn rules(regime: Regime) -> Rules {
        Rules {
            regime,
            weights: Weights::default(),
            min_raters: 3,
        }
    }

    #[test]
    fn weights_must_sum_to_100_each_within_range() {
        assert!(Weights::default().problems().is_empty());
        let off = Weights {
            supervisor: 50,
            peer: 30,
            subordinate: 30,
            own: 0,
        };
        assert_eq!(off.problems()[0].code, "weights_sum");
        let big = Weights {
            supervisor: 150,
            ..Weights::default()
        };
        assert_eq!(big.problems()[0].pointer, "/weights/supervisor");
    }

    #[test]
    fn an_answer_has_every_applicable_aspect_in_range_and_nothing_else() {
        let full = [
            ("orientasi_pelayanan", json!(90)),
            ("komitmen", json!(120)),
            ("inisiatif_kerja", json!(0)),
            ("kerja_sama", json!(100)),
        ];
        let ok = check_answer(Regime::Pp30_2021, false, raw_scores(&full));
        assert_eq!(ok, Ok(scores([90, 120, 0, 100])));
        // A manager is asked about leadership too.
        let problems = check_answer(Regime::Pp30_2021, true, raw_scores(&full))
            .expect_err("leadership is missing");
        assert_eq!(problems[0].pointer, "/aspects/kepemimpinan");
        assert_eq!(problems[0].code, "required");
        let mut wrong = full.to_vec();
        wrong[0].1 = json!(121);
        wrong[1].1 = json!(95.5);
        wrong.push(("kepemimpinan", json!(80)));
        wrong.push(("jujur", json!(80)));
        let problems =
            check_answer(Regime::Pp30_2021, false, raw_scores(&wrong)).expect_err("four problems");
        let codes: Vec<_> = problems
            .iter()
            .map(|p| (p.pointer.as_str(), p.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("/aspects/jujur", "unknown_aspect"),
                ("/aspects/kepemimpinan", "not_applicable"),
                ("/aspects/komitmen", "out_of_range"),
                ("/aspects/orientasi_pelayanan", "out_of_range"),
            ]
        );
    }

    #[test]
    fn a_2022_answer_rates_all_seven_values_and_names_the_wrong_regime() {
        let mut values: BTreeMap<String, serde_json::Value> = CoreValue::ALL
            .iter()
            .map(|v| (v.as_str().into(), json!({"rating": "meets"})))
            .collect();
        values.insert("loyal".into(), json!({"rating": "great"}));
        values.remove("adaptif");
        let problems = check_answer(
            Regime::Permenpan6_2022,
            false,
            RawAnswer {
                aspects: Some(BTreeMap::new()),
                values: Some(values),
            },
        )
        .expect_err("three problems");
        let codes: Vec<_> = problems
            .iter()
            .map(|p| (p.pointer.as_str(), p.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("/aspects", "wrong_regime"),
                ("/values/loyal/rating", "invalid_rating"),
                ("/values/adaptif", "required"),
            ]
        );
    }

    #[test]
    fn a_small_anonymous_group_is_suppressed_and_its_weight_redistributed() {
        let answers = BTreeMap::from([
            (RaterGroup::Supervisor, vec![scores([100, 90, 80, 110])]),
            (
                RaterGroup::Peer,
                vec![
                    scores([90, 90, 90, 90]),
                    scores([80, 85, 95, 100]),
                    scores([100, 70, 60, 90]),
                ],
            ),
            // Two subordinates: fewer than 3, whatever they said must not count.
            (
                RaterGroup::Subordinate,
                vec![scores([0, 0, 0, 0]), scores([120, 120, 120, 120])],
            ),
            (RaterGroup::Own, vec![scores([120, 120, 120, 120])]),
        ]);
        let outcome = combine(&rules(Regime::Pp30_2021), false, &answers);
        let sub = &outcome.groups[2];
        assert_eq!((sub.answered, sub.shown), (2, false));
        assert!(sub.means.is_empty() && sub.weight_applied.is_none());
        // Supervisor 50 and peer 30 of 80 shown: 62.5 and 37.5; self shown with weight 0.
        assert_eq!(outcome.groups[0].weight_applied, Some(Hundredths(6250)));
        assert_eq!(outcome.groups[1].weight_applied, Some(Hundredths(3750)));
        assert_eq!(outcome.groups[3].weight_applied, Some(Hundredths(0)));
        // Peer means: 90, 81.67, 81.67, 93.33.
        assert_eq!(outcome.groups[1].means["komitmen"], Hundredths(8167));
        // komitmen: (50 × 90 + 30 × 81.67) / 80 = 86.87625 → 86.88
        assert_eq!(outcome.aspects[&Aspect::Komitmen], Hundredths(8688));
        // orientasi: (50 × 100 + 30 × 90) / 80 = 96.25; inisiatif (50 × 80 + 30 × 81.67) / 80
        // = 80.62625 → 80.63; kerja sama (50 × 110 + 30 × 93.33) / 80 = 103.74875 → 103.75.
        assert_eq!(
            outcome.aspects[&Aspect::OrientasiPelayanan],
            Hundredths(9625)
        );
        assert_eq!(outcome.aspects[&Aspect::InisiatifKerja], Hundredths(8063));
        assert_eq!(outcome.aspects[&Aspect::KerjaSama], Hundredths(10375));
        // (96.25 + 86.88 + 80.63 + 103.75) / 4 = 91.8775 → 91.88
        assert_eq!(outcome.behaviour_score, Some(Hundredths(9188)));
        assert!(outcome.explanation.contains("subordinate suppressed"));
    }

    #[test]
    fn the_2022_suggestion_uses_the_thresholds_and_feedback_is_sorted_by_content() {
        let answers = BTreeMap::from([
            (
                RaterGroup::Supervisor,
                vec![ratings(Rating::Above, Some("zeal"))],
            ),
            (
                RaterGroup::Peer,
                vec![
                    ratings(Rating::Above, Some("b")),
                    ratings(Rating::Meets, Some("a")),
                    ratings(Rating::Above, None),
                ],
            ),
        ]);
        let outcome = combine(&rules(Regime::Permenpan6_2022), false, &answers);
        // Supervisor 3; peers 2.67; (50 × 3 + 30 × 2.67) / 80 = 2.87625 → 2.88 → above.
        assert_eq!(outcome.values[&CoreValue::Akuntabel], Hundredths(288));
        assert_eq!(outcome.value_mean, Some(Hundredths(288)));
        assert_eq!(outcome.suggested_rating, Some(Rating::Above));
        let peer_feedback: Vec<_> = outcome.groups[1]
            .feedback
            .iter()
            .filter(|(v, _)| *v == CoreValue::BerorientasiPelayanan)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(peer_feedback, ["a", "b"]);
        let all_meets =
            BTreeMap::from([(RaterGroup::Supervisor, vec![ratings(Rating::Meets, None)])]);
        let outcome = combine(&rules(Regime::Permenpan6_2022), false, &all_meets);
        assert_eq!(outcome.suggested_rating, Some(Rating::Meets));
        assert_eq!(outcome.groups[0].weight_applied, Some(Hundredths(10_000)));
    }

    #[test]
    fn without_a_weighted_group_there_is_no_result() {
        let answers = BTreeMap::from([(RaterGroup::Own, vec![scores([100, 100, 100, 100])])]);
        let outcome = combine(&rules(Regime::Pp30_2021), false, &answers);
        assert_eq!(outcome.behaviour_score, None);
        assert!(outcome.groups[3].shown);
    }
}
