//! A unit's organisation predikat per period and slot, its population's predikat against the
//! distribution curve, and finalising the population's evaluations.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::evaluations::slot_text;
use super::me::actor;
use crate::api::concurrency::tagged;
use crate::api::extract::{Body, QueryParams};
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::domain::distribution::BoundCheck;
use crate::domain::predikat::{OrganizationPredikat, Predikat};
use crate::error::{ApiError, Problem};
use crate::evaluations::unit::{self as service, Finalize, SetPredikat, Standing};

const PROBLEM: &str = "application/problem+json";

/// Where a unit's population stands for one slot.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "unit_id": "019a9a3c-5000-7c2e-9b41-3d2f1e0a9b01", "period_id": "019a9a3c-6000-7c2e-9b41-3d2f1e0a9b01",
    "slot": "annual", "predikat": "baik", "basis": "Capaian IKU dinas 2026", "decision_ref": null,
    "finalized": false, "population": 10, "rated": 10, "pending": 0,
    "counts": {"sangat_baik": 2, "baik": 8},
    "checks": [{"kind": "at_most_percent", "predikat": ["baik"], "required_percent": 70, "actual_count": 8,
        "actual_percent": 80, "satisfied": false, "explanation": "at most 70% baik: 8 of 10 (80%)"}],
    "small_unit": false, "version": 1
})))]
pub struct UnitPerformance {
    pub unit_id: String,
    pub period_id: String,
    pub slot: String,
    /// Null until set for the slot.
    pub predikat: Option<OrganizationPredikat>,
    pub basis: Option<String>,
    pub decision_ref: Option<String>,
    pub finalized: bool,
    /// Evaluations of the population for the slot (the subtree minus sub-units with their own
    /// predikat, minus the unit's head, who belongs to the parent's population).
    pub population: usize,
    pub rated: u64,
    /// Open evaluations, which block finalising.
    pub pending: usize,
    /// Rated and final predikat, by code.
    pub counts: BTreeMap<Predikat, u64>,
    /// The curve's bounds for the unit's predikat, each with its verdict.
    pub checks: Vec<BoundCheck>,
    /// Fewer rated employees than the period's `distribution_min_unit_size`: violations are
    /// warnings, never a block.
    pub small_unit: bool,
    /// The predikat record's version (0 before it is set).
    pub version: i64,
}

fn view(unit_id: &str, period_id: &str, s: Standing) -> UnitPerformance {
    let pending = s.pending().len();
    UnitPerformance {
        unit_id: unit_id.to_owned(),
        period_id: period_id.to_owned(),
        slot: s.slot,
        predikat: s
            .predikat
            .as_ref()
            .and_then(|p| OrganizationPredikat::from_code(&p.predikat)),
        basis: s.predikat.as_ref().and_then(|p| p.basis.clone()),
        decision_ref: s.predikat.as_ref().and_then(|p| p.decision_ref.clone()),
        finalized: s
            .predikat
            .as_ref()
            .is_some_and(|p| p.finalized_at.is_some()),
        population: s.evaluations.len(),
        rated: s.counts.values().sum(),
        pending,
        counts: s.counts,
        checks: s.checks,
        small_unit: s.small,
        version: s.predikat.as_ref().map_or(0, |p| p.version),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"slot": "annual", "predikat": "baik", "basis": "Capaian IKU dinas 2026",
    "decision_ref": "SK Bupati 800/123/2027"})))]
pub struct PutUnitPredikat {
    /// `"annual"`, or a sub-period number (as a number or text).
    #[schema(value_type = String, example = "annual", max_length = 10)]
    pub slot: serde_json::Value,
    pub predikat: OrganizationPredikat,
    #[schema(max_length = 4000)]
    pub basis: Option<String>,
    /// Required when hr records the decision of the head of the parent unit.
    #[schema(max_length = 200)]
    pub decision_ref: Option<String>,
}

/// Sets a unit's organisation predikat for a slot.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "set_unit_predikat",
    description = "Sets (or changes) the unit's organisation predikat for the slot, which bounds \
        the distribution of its employees' predikat.\n\n**Who may call:** the head of the \
        parent unit; hr of the unit (or admin) with `decision_ref`.",
    params(
        ("id" = String, Path, description = "The unit's id."),
        ("period_id" = String, Path, description = "The period's id."),
    ),
    request_body(content = PutUnitPredikat),
    responses(
        (status = 200, description = "Where the unit stands.", body = UnitPerformance, headers(("ETag" = String))),
        (status = 403, description = "Neither the parent unit's head nor hr of the unit.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such unit or period.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "`unit_finalized`: the unit's evaluations for this slot are final; its predikat no longer changes.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/slot` `invalid_slot`, `/decision_ref` `required`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[put("/units/{id}/performance/{period_id}")]
pub async fn set(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Body<PutUnitPredikat>,
) -> Result<HttpResponse, ApiError> {
    let user = policy::set_unit_predikat(&principal)?.clone();
    let body = body.parse()?;
    let (unit_id, period_id) = path.into_inner();
    let input = SetPredikat {
        slot: slot_text(body.slot),
        predikat: body.predikat,
        basis: body.basis,
        decision_ref: body.decision_ref,
    };
    let result = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::set_predikat(work, &user, &unit_id, &period_id, input)?;
            let standing = service::standing(
                work.conn(),
                &policy::Governs::All,
                &unit_id,
                &period_id,
                &row.slot,
            )?;
            Ok(view(&unit_id, &period_id, standing))
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), result.version, result))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SlotQuery {
    /// `annual` (default) or a sub-period number.
    pub slot: Option<String>,
}

/// Where a unit stands for a slot.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "get_unit_performance",
    description = "The unit's predikat, the curve's bounds with the current counts of rated and \
        final predikat in its population, and the violations (the same checks as \
        `POST /calculators/distribution-check`).\n\n**Who may call:** admin; hr and pyb of the \
        unit; clients with `results:read`.",
    params(
        ("id" = String, Path, description = "The unit's id."),
        ("period_id" = String, Path, description = "The period's id."),
        SlotQuery,
    ),
    responses(
        (status = 200, description = "Where the unit stands.", body = UnitPerformance),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not admin, hr or pyb.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such unit or period, or outside the caller's units.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/slot` `invalid_slot`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["results:read"]))
)]
#[get("/units/{id}/performance/{period_id}")]
pub async fn get(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    QueryParams(query): QueryParams<SlotQuery>,
) -> Result<web::Json<UnitPerformance>, ApiError> {
    let governs = policy::read_unit_performance(&principal)?;
    let (unit_id, period_id) = path.into_inner();
    let slot = query.slot.unwrap_or_else(|| "annual".to_owned());
    let result = state
        .perform(actor(&principal, &req), move |work| {
            let s = service::standing(work.conn(), &governs, &unit_id, &period_id, &slot)?;
            Ok(view(&unit_id, &period_id, s))
        })
        .await?;
    Ok(web::Json(result))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"slot": "annual"}), json!({"slot": "annual", "acknowledge_violations": true,
    "reason": "Dua pegawai meraih penghargaan nasional tahun ini."})))]
pub struct FinalizeUnit {
    /// `"annual"`, or a sub-period number (as a number or text).
    #[schema(value_type = String, example = "annual", max_length = 10)]
    pub slot: serde_json::Value,
    /// Finalise despite violations of the curve; needs `reason`, which is kept.
    #[serde(default)]
    pub acknowledge_violations: bool,
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

/// The evaluations a finalisation turned final, and where the unit stands after.
#[derive(Debug, Serialize, ToSchema)]
pub struct Finalized {
    pub finalized: Vec<String>,
    pub standing: UnitPerformance,
}

/// Finalises the rated evaluations of a unit's population.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "finalize_unit_evaluations",
    description = "Turns every rated evaluation of the unit's population `final` at once. 409 \
        `evaluations_pending` (listed) while some are open; 409 `distribution_violated` (with \
        the checks) unless `acknowledge_violations` with a `reason`; 409 \
        `unit_predikat_missing` under `permenpan6_2022` without the unit's predikat. Units \
        smaller than the period's `distribution_min_unit_size` are never blocked by the curve.\
        \n\n**Who may call:** admin; hr of the unit.",
    params(
        ("id" = String, Path, description = "The unit's id."),
        ("period_id" = String, Path, description = "The period's id."),
    ),
    request_body(content = FinalizeUnit),
    responses(
        (status = 200, description = "Finalised.", body = Finalized),
        (status = 403, description = "Not admin or hr.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such unit or period, or outside hr's units.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "`evaluations_pending`, `distribution_violated`, `unit_predikat_missing`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/slot` `invalid_slot`, `/reason` `required`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/units/{id}/performance/{period_id}/finalize")]
pub async fn finalize(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Body<FinalizeUnit>,
) -> Result<web::Json<Finalized>, ApiError> {
    let governs = policy::finalize_evaluations(&principal)?;
    let body = body.parse()?;
    let (unit_id, period_id) = path.into_inner();
    let input = Finalize {
        slot: slot_text(body.slot),
        acknowledge_violations: body.acknowledge_violations,
        reason: body.reason,
    };
    let result = state
        .perform(actor(&principal, &req), move |work| {
            let (standing, finalized) =
                service::finalize(work, &governs, &unit_id, &period_id, input)?;
            Ok(Finalized {
                finalized: finalized.into_iter().map(|e| e.id).collect(),
                standing: view(&unit_id, &period_id, standing),
            })
        })
        .await?;
    Ok(web::Json(result))
}
