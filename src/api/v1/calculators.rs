//! Stateless calculators that frontends call to preview the regulation's rules.

use std::collections::BTreeMap;

use actix_web::{post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::extract::JsonBody;
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
    JsonBody(body): JsonBody<DistributionCheckRequest>,
) -> Result<web::Json<DistributionCheckResponse>, ApiError> {
    policy::use_calculators(&principal)?;
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
