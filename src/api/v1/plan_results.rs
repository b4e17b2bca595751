//! Work results (RHK) of a plan and their indicators (IKI), edited while the plan is a draft,
//! and the cascade view.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::me::actor;
use super::plans::{full_plan, plan_access, plan_response};
use super::scorecard::{Problems, TargetInput};
use crate::api::concurrency::{IfMatch, created, tagged};
use crate::api::extract::{Body, nullable, present};
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::domain::fixed::Hundredths;
use crate::domain::plan::{Aspect, Combine, PlanStatus};
use crate::domain::scoring::pp30_2021::Direction;
use crate::domain::scoring::{Quantity, ResultKind};
use crate::error::{ApiError, Problem};
use crate::plans::cascade::cascade;
use crate::plans::content::{self, IndicatorInput, ResultChanges, ResultInput};
use crate::store::{plans::IndicatorRow, plans::ResultRow};

/// A work result (Rencana Hasil Kerja).
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3c-7100-7000-8000-000000000001", "kind": "main",
    "title": "Tersalurkannya bantuan pangan non-tunai (BPNT) di Kecamatan Karawang Barat",
    "parent_result_id": "019a9a3c-7100-7000-8000-0000000000a0", "weight": 100, "expectation": null,
    "indicators": [{"id": "019a9a3c-7200-7000-8000-000000000001", "aspect": "kuantitas",
        "description": "Keluarga penerima manfaat yang menerima BPNT", "target": {"value": 8220}, "unit": "KPM",
        "direction": "higher_is_better", "target_is_max": false, "combine": "cumulative"}]
})))]
pub struct WorkResult {
    pub id: String,
    pub kind: ResultKind,
    pub title: String,
    /// The superior's result this one supports (RHK atasan yang diintervensi).
    pub parent_result_id: Option<String>,
    /// Percent of the SKP score; null for equal weights.
    #[schema(value_type = Option<f64>)]
    pub weight: Option<Hundredths>,
    /// Regime `permenpan6_2022`: a qualitative expectation instead of (or besides) indicators.
    pub expectation: Option<String>,
    pub indicators: Vec<IndicatorOut>,
}

/// An indicator (Indikator Kinerja Individu).
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorOut {
    pub id: String,
    pub aspect: Aspect,
    pub description: String,
    pub target: TargetInput,
    /// The unit of the target, e.g. `KPM`, `dokumen`, `bulan`, `%`.
    pub unit: String,
    pub direction: Direction,
    pub target_is_max: bool,
    /// How the sub-period realisations make the value scored.
    pub combine: Combine,
}

impl WorkResult {
    pub fn from_rows(r: ResultRow, indicators: Vec<IndicatorRow>) -> Self {
        let number = |t: &Option<String>| {
            t.as_deref()
                .and_then(Quantity::parse)
                .map_or(f64::NAN, Quantity::to_f64)
        };
        WorkResult {
            kind: r.kind,
            id: r.id,
            title: r.title,
            parent_result_id: r.parent_result_id,
            weight: r.weight_hundredths.map(Hundredths),
            expectation: r.expectation,
            indicators: indicators
                .into_iter()
                .map(|i| IndicatorOut {
                    target: match &i.target_value {
                        Some(_) => TargetInput::value(number(&i.target_value)),
                        None => TargetInput::range(number(&i.target_min), number(&i.target_max)),
                    },
                    aspect: i.aspect,
                    direction: i.direction,
                    id: i.id,
                    description: i.description,
                    unit: i.unit,
                    target_is_max: i.target_is_max,
                    combine: i.combine,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIndicator {
    /// In a change of a result (`PATCH`) only: the id of an indicator of this result to keep.
    /// It is changed in place to the fields given and keeps its realisations (copied into a
    /// revision, for example). Without an id the indicator is a new one.
    pub id: Option<String>,
    pub aspect: Aspect,
    #[schema(min_length = 1, max_length = 2000)]
    pub description: String,
    pub target: TargetInput,
    #[schema(min_length = 1, max_length = 50, example = "KPM")]
    pub unit: String,
    pub direction: Direction,
    #[serde(default)]
    pub target_is_max: bool,
    /// How sub-period realisations make the value scored: `cumulative` (default; each entry is
    /// the running total), `sum`, `average` or `last`.
    #[serde(default = "default_combine")]
    pub combine: Combine,
}

fn default_combine() -> Combine {
    Combine::Cumulative
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "kind": "main", "title": "Tersalurkannya BPNT di Kecamatan Karawang Barat",
    "parent_result_id": "019a9a3c-7100-7000-8000-0000000000a0", "weight": 100,
    "indicators": [{"aspect": "kuantitas", "description": "KPM yang menerima BPNT",
        "target": {"value": 8220}, "unit": "KPM", "direction": "higher_is_better"},
        {"aspect": "waktu", "description": "Lama penyaluran", "target": {"min": 7, "max": 8},
        "unit": "bulan", "direction": "lower_is_better"}]
})))]
pub struct CreateResult {
    pub kind: ResultKind,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    /// A result in the current plan of the employee's direct superior for the same period.
    pub parent_result_id: Option<String>,
    /// Percent, above 0 and at most 100, two decimals; give every main result one (summing to
    /// 100) or none (equal weights).
    #[schema(exclusive_minimum = 0, maximum = 100)]
    pub weight: Option<f64>,
    /// Regime `permenpan6_2022` only.
    #[schema(max_length = 2000)]
    pub expectation: Option<String>,
    /// At least one under `pp30_2021`; under `permenpan6_2022` indicators or an expectation.
    /// At most 20.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub indicators: Vec<NewIndicator>,
}

fn check_weight(problems: &mut Problems, weight: f64) -> Option<Hundredths> {
    if weight <= 0.0 {
        problems.add("/weight", "out_of_range", "a weight must be above 0");
        return None;
    }
    problems.hundredths(weight, "/weight", 0.0, 100.0)
}

fn check_indicators(problems: &mut Problems, inputs: Vec<NewIndicator>) -> Vec<IndicatorInput> {
    inputs
        .into_iter()
        .enumerate()
        .filter_map(|(i, ind)| {
            let target = ind
                .target
                .check(problems, &format!("/indicators/{i}/target"))?;
            Some(IndicatorInput {
                id: ind.id,
                aspect: ind.aspect,
                description: ind.description,
                target,
                unit: ind.unit,
                direction: ind.direction,
                target_is_max: ind.target_is_max,
                combine: ind.combine,
            })
        })
        .collect()
}

type PlanResultPath = web::Path<(String, String)>;

/// Adds a work result to a draft plan.
#[utoipa::path(
    tag = "plans",
    operation_id = "add_plan_result",
    description = "Adds a work result with its indicators. `parent_result_id` must be a result \
        in the current plan of the employee's direct superior for the same period (422 \
        `not_superior_result`). Only while the plan is a draft (else 409 `plan_submitted`, \
        `plan_approved`, `plan_superseded`). Results are part of the plan: the plan gets a new \
        version, sent as the `ETag`; with `If-Match` the result is only added to the version \
        you read (412 if stale).\n\n**Who may call:** the plan's owner; hr of the plan's unit \
        for them; admin.",
    params(
        ("id" = String, Path, description = "The plan's id."),
        ("If-Match" = Option<String>, Header, description = "The plan's ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = CreateResult),
    responses(
        (status = 201, description = "The result with its indicators' ids; the `ETag` is the plan's new version.", body = WorkResult, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not the owner or their hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan is not a draft, or `concurrent_update` (retry).", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`: the plan changed since you read it.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/plans/{id}/results")]
pub async fn add(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<CreateResult>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&principal, &req);
    let id = id.into_inner();
    policy::edit_plan(&plan_access(&state, &principal, &id).await?, &id)?;
    let body = body.parse()?;
    let mut problems = Problems::default();
    let weight = body.weight.and_then(|w| check_weight(&mut problems, w));
    let indicators = check_indicators(&mut problems, body.indicators);
    let input = problems
        .finish(ResultInput {
            kind: body.kind,
            title: body.title,
            parent_result_id: body.parent_result_id,
            weight,
            expectation: body.expectation,
            indicators,
        })
        .map_err(ApiError::validation)?;
    let (plan, (result, indicators)) = state
        .perform(actor, move |work| {
            content::add_result(work, &principal, &id, input, &if_match)
        })
        .await?;
    let location = format!("/api/v1/plans/{}/results/{}", result.plan_id, result.id);
    Ok(created(
        location,
        plan.version,
        WorkResult::from_rows(result, indicators),
    ))
}

/// A merge patch of a work result; `indicators`, when present, replaces them all.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"title": "Tersalurkannya BPNT tepat sasaran", "weight": 60})))]
pub struct UpdateResult {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = ResultKind)]
    pub kind: Option<ResultKind>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 500)]
    pub title: Option<String>,
    /// `null` removes the link.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub parent_result_id: Option<Option<String>>,
    /// `null` removes the weight.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<f64>)]
    pub weight: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub expectation: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Vec<NewIndicator>, max_items = 20)]
    pub indicators: Option<Vec<NewIndicator>>,
}

/// Changes a work result of a draft plan.
#[utoipa::path(
    tag = "plans",
    operation_id = "update_plan_result",
    description = "Applies a merge patch to a result. `indicators` replaces them all: an \
        indicator with the `id` of one of this result's indicators keeps it (changed in place, \
        with its realisations), one without is new, and those left out are removed (with the \
        realisations a revision copied onto them; the superseded revision keeps the originals). \
        Only while the plan is a draft. Results are part of the plan: send `If-Match` with the \
        plan's `ETag` you read (412 if stale); the response's `ETag` is the plan's new version. A \
        patch that changes nothing is no change: same version, no audit event.\
        \n\n**Who may call:** the plan's owner; hr of the plan's unit for them; admin.",
    params(
        ("id" = String, Path, description = "The plan's id."),
        ("result_id" = String, Path, description = "The result's id."),
        ("If-Match" = Option<String>, Header, description = "The plan's ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = UpdateResult, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The result; the `ETag` is the plan's version.", body = WorkResult, headers(("ETag" = String))),
        (status = 403, description = "Not the owner or their hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan or result.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan is not a draft, or `concurrent_update` (retry).", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`: the plan changed since you read it.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `/indicators/{i}/id` not an indicator of this result (`unknown_indicator`) or listed twice (`duplicate`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[patch("/plans/{id}/results/{result_id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    path: PlanResultPath,
    if_match: IfMatch,
    body: Body<UpdateResult>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&principal, &req);
    let (id, result_id) = path.into_inner();
    policy::edit_plan(&plan_access(&state, &principal, &id).await?, &id)?;
    let body = body.parse()?;
    let mut problems = Problems::default();
    let weight = body
        .weight
        .map(|w| w.and_then(|w| check_weight(&mut problems, w)));
    let indicators = body.indicators.map(|i| check_indicators(&mut problems, i));
    let changes = problems
        .finish(ResultChanges {
            kind: body.kind,
            title: body.title,
            parent_result_id: body.parent_result_id,
            weight,
            expectation: body.expectation,
            indicators,
        })
        .map_err(ApiError::validation)?;
    let (plan, (result, indicators)) = state
        .perform(actor, move |work| {
            content::update_result(work, &principal, &id, &result_id, changes, &if_match)
        })
        .await?;
    Ok(tagged(
        HttpResponse::Ok(),
        plan.version,
        WorkResult::from_rows(result, indicators),
    ))
}

/// Removes a work result from a draft plan.
#[utoipa::path(
    tag = "plans",
    operation_id = "delete_plan_result",
    description = "Removes a result and its indicators (with the realisations a revision copied \
        onto them; the superseded revision keeps the originals), only while the plan is a draft \
        and no result of a subordinate's current plan supports it (409 `result_supported`). \
        Send `If-Match` with the plan's `ETag` you read (412 if stale); the response's `ETag` is \
        the plan's new version.\n\n**Who may call:** the plan's owner; hr of the plan's unit \
        for them; admin.",
    params(
        ("id" = String, Path, description = "The plan's id."),
        ("result_id" = String, Path, description = "The result's id."),
        ("If-Match" = Option<String>, Header, description = "The plan's ETag you read, e.g. `\"3\"`."),
    ),
    responses(
        (status = 200, description = "The plan without the result.", body = super::plans::Plan, headers(("ETag" = String))),
        (status = 400, description = "`invalid_header`: `If-Match` is not an ETag this API issued.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the owner or their hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan or result.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan is not a draft, `result_supported`, or `concurrent_update` (retry).", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`: the plan changed since you read it.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[delete("/plans/{id}/results/{result_id}")]
pub async fn remove(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    path: PlanResultPath,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&principal, &req);
    let (id, result_id) = path.into_inner();
    policy::edit_plan(&plan_access(&state, &principal, &id).await?, &id)?;
    let today = state.clock.now().date();
    let plan = state
        .perform(actor, move |work| {
            let row = content::delete_result(work, &principal, &id, &result_id, &if_match)?;
            full_plan(work, row, today)
        })
        .await?;
    Ok(plan_response(plan, actix_web::http::StatusCode::OK))
}

/// A result of the plan with the subordinates' results that support it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CascadeResult {
    pub result_id: String,
    pub kind: ResultKind,
    pub title: String,
    /// Empty when nobody supports this result.
    pub supported_by: Vec<SupportingResult>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SupportingResult {
    pub employee_id: String,
    pub employee_name: String,
    pub plan_id: String,
    pub plan_status: PlanStatus,
    pub result_id: String,
    pub kind: ResultKind,
    pub title: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "plan_id": "019a9a3c-7000-7c2e-9b41-3d2f1e0a9b0a",
    "results": [{"result_id": "019a9a3c-7100-7000-8000-0000000000a0", "kind": "main",
        "title": "Meningkatnya cakupan perlindungan sosial", "supported_by": [{
            "employee_id": "019a9a3c-5f20-7000-8000-000000000003", "employee_name": "Rina Marlina",
            "plan_id": "019a9a3c-7000-7c2e-9b41-3d2f1e0a9b01", "plan_status": "approved",
            "result_id": "019a9a3c-7100-7000-8000-000000000001", "kind": "main",
            "title": "Tersalurkannya BPNT di Kecamatan Karawang Barat"}]}],
    "unsupported_result_ids": []
})))]
pub struct Cascade {
    pub plan_id: String,
    pub results: Vec<CascadeResult>,
    /// The results nobody supports, at a glance.
    pub unsupported_result_ids: Vec<String>,
}

/// Shows who supports each result of a plan.
#[utoipa::path(
    tag = "plans",
    operation_id = "get_plan_cascade",
    description = "Each result of the plan with the results of subordinates' current plans that \
        are linked to it (who, which plan, its status), and the results nobody supports.\
        \n\n**Who may call:** whoever may read the plan.",
    params(("id" = String, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The cascade.", body = Cascade),
        (status = 403, description = "A client without `plans:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["plans:read"]))
)]
#[get("/plans/{id}/cascade")]
pub async fn get_cascade(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<Cascade>, ApiError> {
    policy::read_plans(&principal)?;
    let id = id.into_inner();
    let (plan, view) = state
        .run(move |conn| cascade(conn, &principal, &id))
        .await?;
    let results: Vec<CascadeResult> = view
        .into_iter()
        .map(|(r, supporters)| CascadeResult {
            kind: r.kind,
            result_id: r.id,
            title: r.title,
            supported_by: supporters
                .into_iter()
                .map(|s| SupportingResult {
                    employee_id: s.plan.employee_id,
                    employee_name: s.employee_name,
                    plan_id: s.plan.id,
                    plan_status: s.plan.status,
                    result_id: s.result.id,
                    kind: s.result.kind,
                    title: s.result.title,
                })
                .collect(),
        })
        .collect();
    Ok(web::Json(Cascade {
        plan_id: plan.id,
        unsupported_result_ids: results
            .iter()
            .filter(|r| r.supported_by.is_empty())
            .map(|r| r.result_id.clone())
            .collect(),
        results,
    }))
}
