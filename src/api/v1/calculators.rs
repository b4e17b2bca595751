//! Stateless calculators that frontends call to preview the regulation's rules.

use std::collections::BTreeMap;

use actix_web::{post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::extract::Body;
use crate::api::v1::scorecard::{SkpScoreRequest, SkpScoreResponse};
use crate::auth::{Principal, policy};
use crate::domain::distribution::{self, BoundCheck};
use crate::domain::predikat::{OrganizationPredikat, Predikat};
use crate::error::{ApiError, FieldError, Problem};

/// A unit's organisation predikat and how many of its employees received each predikat.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"organization_predikat": "istimewa", "counts": {"sangat_baik": 8, "baik": 2}})))]
pub struct DistributionCheckRequest {
    pub organization_predikat: OrganizationPredikat,
    pub counts: PredikatCounts,
}

/// Employees per predikat (regime `permenpan6_2022`). Missing predikat count as 0; at least
/// one employee in all; each count at most 1,000,000.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PredikatCounts {
    #[schema(minimum = 0, maximum = 1_000_000, example = 8)]
    pub sangat_baik: Option<i64>,
    #[schema(minimum = 0, maximum = 1_000_000, example = 2)]
    pub baik: Option<i64>,
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub butuh_perbaikan: Option<i64>,
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub kurang: Option<i64>,
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub sangat_kurang: Option<i64>,
}

/// More than any unit employs; it also keeps the percentage arithmetic far from overflow.
const MAX_COUNT: u64 = 1_000_000;

impl PredikatCounts {
    /// Validates every count (reporting each bad one) and returns them keyed by predikat.
    fn validate(&self) -> Result<BTreeMap<Predikat, u64>, Vec<FieldError>> {
        let fields = [
            (Predikat::SangatBaik, self.sangat_baik),
            (Predikat::Baik, self.baik),
            (Predikat::ButuhPerbaikan, self.butuh_perbaikan),
            (Predikat::Kurang, self.kurang),
            (Predikat::SangatKurang, self.sangat_kurang),
        ];
        let mut counts = BTreeMap::new();
        let mut errors = Vec::new();
        for (predikat, count) in fields {
            match count.map(u64::try_from) {
                None => {}
                Some(Ok(n)) if n <= MAX_COUNT => {
                    counts.insert(predikat, n);
                }
                Some(Ok(_)) => errors.push(FieldError::at(
                    format!("/counts/{}", predikat.code()),
                    "too_large",
                    format!("a count cannot exceed {MAX_COUNT}"),
                )),
                Some(Err(_)) => errors.push(FieldError::at(
                    format!("/counts/{}", predikat.code()),
                    "negative",
                    "a count cannot be negative",
                )),
            }
        }
        if errors.is_empty() && counts.values().sum::<u64>() == 0 {
            errors.push(FieldError::at(
                "/counts",
                "empty",
                "at least one employee must be counted",
            ));
        }
        if errors.is_empty() {
            Ok(counts)
        } else {
            Err(errors)
        }
    }
}

/// The result: `ok` is true when no bound is violated.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "ok": false,
    "total": 10,
    "violations": [{
        "kind": "at_most_percent", "predikat": ["sangat_baik"], "required_percent": 70,
        "actual_count": 8, "actual_percent": 80.0, "satisfied": false,
        "explanation": "at most 70% sangat_baik: 8 of 10 (80%)"
    }],
    "checks": [{
        "kind": "at_most_percent", "predikat": ["sangat_baik"], "required_percent": 70,
        "actual_count": 8, "actual_percent": 80.0, "satisfied": false,
        "explanation": "at most 70% sangat_baik: 8 of 10 (80%)"
    }]
})))]
pub struct DistributionCheckResponse {
    pub ok: bool,
    /// All employees counted.
    pub total: u64,
    /// The bounds that are not met.
    pub violations: Vec<BoundCheck>,
    /// Every bound of the curve for this organisation predikat, met or not.
    pub checks: Vec<BoundCheck>,
}

/// Checks a unit's employee predikat against the distribution curve of its organisation predikat.
#[utoipa::path(
    tag = "calculators",
    operation_id = "check_distribution",
    description = "Applies the distribution curve (kurva distribusi, PermenPANRB 6/2022) of the unit's \
        organisation predikat to the counts of its employees' predikat and lists every bound that is \
        violated, with the numbers that decided it. Percentages are compared exactly; shown \
        percentages are rounded half-up to two decimals. Stateless: nothing is stored.\n\n\
        **Who may call:** any authenticated caller.",
    request_body(content = DistributionCheckRequest),
    responses(
        (status = 200, description = "The bounds checked and those violated.", body = DistributionCheckResponse),
        (status = 422, description = "A count is negative or of the wrong type, a predikat is unknown, or nobody is counted.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/calculators/distribution-check")]
pub async fn distribution_check(
    principal: Principal,
    body: Body<DistributionCheckRequest>,
) -> Result<web::Json<DistributionCheckResponse>, ApiError> {
    policy::use_calculators(&principal)?;
    let body = body.parse()?;
    let counts = body.counts.validate().map_err(ApiError::validation)?;
    let checks = distribution::check(body.organization_predikat, &counts);
    let violations: Vec<_> = checks.iter().filter(|c| !c.satisfied).cloned().collect();
    Ok(web::Json(DistributionCheckResponse {
        ok: violations.is_empty(),
        total: counts.values().sum(),
        violations,
        checks,
    }))
}

/// Scores an assessment under either regime, with every step explained.
#[utoipa::path(
    tag = "calculators",
    operation_id = "calculate_skp_score",
    description = "Applies the scoring rules of the chosen regime to the results, indicators \
        and behaviour input in the body, and returns every intermediate number with the band, \
        formula or matrix cell that produced it. Regime `pp30_2021`: achievement and score per \
        indicator, the mean per result, the SKP score (weighted mean of the main results, plus \
        additional results when `count_additional`), the final score (60/40 with 360°, else \
        70/30) and the predikat (Sangat Baik needs an innovation). Regime `permenpan6_2022`: the \
        work-result rating from the results' ratings, the behaviour rating (given, or suggested \
        from the seven BerAKHLAK values) and the 3×3 matrix. Numbers are exact decimals rounded \
        half-up to two decimals at each step shown. Stateless: nothing is stored; a plan's live \
        score (`GET /plans/{id}/score`) gives the same answer for the same inputs.\n\n\
        A field of the other regime is 422 `wrong_regime`; other problems are 422 naming the \
        field: `not_positive` target, `negative` realisation, `range_reversed` (min above max), \
        `weights_sum` (given weights not summing to 100), `weight_missing`, `no_main_result`, \
        `too_precise`, `too_large`, `out_of_range`, `missing_values`.\n\n\
        **Who may call:** any authenticated caller.",
    request_body(content = SkpScoreRequest, examples(
        ("pp30_2021" = (summary = "BPNT distribution (the domain's worked example)", value = json!({
            "regime": "pp30_2021", "uses_360": true, "innovation": false, "behaviour_score": 100,
            "results": [{"kind": "main", "weight": 100, "indicators": [
                {"target": {"value": 8220}, "realization": 5659, "direction": "higher_is_better", "target_is_max": false},
                {"target": {"min": 7, "max": 8}, "realization": 6.5, "direction": "lower_is_better"}
            ]}]
        }))),
        ("permenpan6_2022" = (summary = "Ratings and the matrix", value = json!({
            "regime": "permenpan6_2022",
            "results": [{"kind": "main", "rating": "above"}, {"kind": "additional", "rating": "meets"}],
            "behaviour_rating": "meets"
        }))),
    )),
    responses(
        (status = 200, description = "Every number with its explanation.", body = SkpScoreResponse, examples(
            ("pp30_2021" = (value = json!({
                "regime": "pp30_2021",
                "results": [{"result_id": null, "kind": "main", "counted": true, "score": 87.83, "rating": null,
                    "explanation": "mean of 2 indicators: (58.84 + 116.82) / 2 = 87.83",
                    "indicators": [
                        {"indicator_id": null, "achievement": 68.84, "score": 58.84, "explanation": "5659 / 8220 × 100 = 68.84 %; 60 % ≤ achievement 68.84 % < 80 %: 50 + (68.84 − 60) = 58.84"},
                        {"indicator_id": null, "achievement": 107.14, "score": 116.82, "explanation": "below the range 7–8: (1 + (1 − 6.5 / 7)) × 100 = 107.14 %; 100 % < achievement 107.14 % ≤ 110 %: max(110, 110 + (107.14 − 101) × 10 / 9) = 116.82"}
                    ]}],
                "skp_score": 87.83, "behaviour_score": 100, "final_score": 92.7,
                "work_result_rating": null, "suggested_behaviour_rating": null, "behaviour_rating": null,
                "predikat": "baik",
                "explanation": {
                    "skp_score": "the score of the one counted result (main results (additional results do not count)): 87.83",
                    "final_score": "360° is used: 0.6 × 87.83 + 0.4 × 100 = 92.7",
                    "work_result_rating": null, "suggested_behaviour_rating": null, "behaviour_rating": null,
                    "predikat": "90 ≤ 92.7 ≤ 120",
                    "left_out": null
                }
            }))),
            ("permenpan6_2022" = (value = json!({
                "regime": "permenpan6_2022",
                "results": [
                    {"result_id": null, "kind": "main", "counted": true, "score": null, "rating": "above", "explanation": null, "indicators": []},
                    {"result_id": null, "kind": "additional", "counted": true, "score": null, "rating": "meets", "explanation": null, "indicators": []}
                ],
                "skp_score": null, "behaviour_score": null, "final_score": null,
                "work_result_rating": "meets", "suggested_behaviour_rating": null, "behaviour_rating": "meets",
                "predikat": "baik",
                "explanation": {
                    "skp_score": null, "final_score": null,
                    "work_result_rating": "1 above, 0 below of 2: neither is most",
                    "suggested_behaviour_rating": null,
                    "behaviour_rating": "set by the appraiser: meets",
                    "predikat": "work result meets × behaviour meets → baik",
                    "left_out": null
                }
            }))),
        )),
        (status = 422, description = "A field is invalid, of the wrong type, or belongs to the other regime; each problem names its field by JSON pointer.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/calculators/skp-score")]
pub async fn skp_score(
    principal: Principal,
    body: Body<serde_json::Value>,
) -> Result<web::Json<SkpScoreResponse>, ApiError> {
    policy::use_calculators(&principal)?;
    let body = body.parse()?;
    let assessment = SkpScoreRequest::from_json(body)?.check()?;
    Ok(web::Json(assessment.score()))
}
