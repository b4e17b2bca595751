//! Evaluations of approved plans: periodic (per sub-period) and annual, under both regimes.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::me::actor;
use super::plans::plan_access;
use crate::api::concurrency::{IfMatch, created, tagged};
use crate::api::extract::Body;
use crate::app::AppState;
use crate::auth::policy::PlanAccess;
use crate::auth::{Principal, policy};
use crate::domain::evaluation::{EvaluationStatus, Slot, is_late, slot_ends_on};
use crate::domain::fixed::Hundredths;
use crate::domain::predikat::Predikat;
use crate::domain::scoring::permenpan6_2022::Rating;
use crate::domain::scoring::{Regime, ResultKind};
use crate::error::{ApiError, Problem};
use crate::evaluations::rating::{Rate, rate};
use crate::evaluations::{self as service, Feedback, load_evaluation};
use crate::store::Work;
use crate::store::evaluations::{self as rows, EvaluationRow};
use crate::store::plans as plan_rows;

/// The appraiser's feedback on one work result.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultEvaluation {
    pub result_id: String,
    pub kind: ResultKind,
    pub title: String,
    /// Null until given.
    pub feedback: Option<String>,
    /// `permenpan6_2022`: required before rating.
    pub rating: Option<Rating>,
}

/// The appraiser's feedback on one BerAKHLAK value (`permenpan6_2022`).
#[derive(Debug, Serialize, ToSchema)]
pub struct BehaviourEvaluation {
    pub value: String,
    pub feedback: String,
    pub rating: Option<Rating>,
}

/// An evaluation of a plan for one slot. Fields of the other regime are null.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(
    json!({"id": "019a9a3c-9000-7c2e-9b41-3d2f1e0a9b01", "plan_id": "019a9a3c-6100-7c2e-9b41-3d2f1e0a9b01",
        "employee_id": "019a9a3c-4000-7c2e-9b41-3d2f1e0a9b01", "unit_id": "019a9a3c-5000-7c2e-9b41-3d2f1e0a9b01",
        "appraiser_id": "019a9a3c-4001-7c2e-9b41-3d2f1e0a9b01", "slot": "annual", "regime": "permenpan6_2022",
        "status": "rated",
        "results": [{"result_id": "019a9a3c-6200-7c2e-9b41-3d2f1e0a9b01", "kind": "main",
            "title": "Tersalurkannya BPNT", "feedback": "Penyaluran tepat waktu di 8 kelurahan.", "rating": "above"}],
        "behaviours": [{"value": "akuntabel", "feedback": "Laporan lengkap.", "rating": "meets"}],
        "suggested_work_rating": "above", "work_rating": "above", "work_rating_reason": null,
        "suggested_behaviour_rating": "meets", "behaviour_rating": "meets", "behaviour_rating_reason": null,
        "behaviour_aspects": null, "skp_score": null, "behaviour_score": null, "final_score": null,
        "innovation": null, "notes": null, "predikat": "baik",
        "explanation": "work results: suggested above (1 of 1 results above expectation and no main result below); behaviour: suggested meets (...); work above × behaviour meets → baik",
        "rated_at": "2027-01-08T03:00:00Z", "finalized_at": null, "due_on": "2027-01-30", "late": false, "version": 10,
        "created_at": "2027-01-05T03:00:00Z", "updated_at": "2027-01-08T03:00:00Z"}),
    json!({"id": "019a9a3c-9000-7c2e-9b41-3d2f1e0a9b02", "plan_id": "019a9a3c-6100-7c2e-9b41-3d2f1e0a9b02",
        "employee_id": "019a9a3c-4000-7c2e-9b41-3d2f1e0a9b01", "unit_id": "019a9a3c-5000-7c2e-9b41-3d2f1e0a9b01",
        "appraiser_id": "019a9a3c-4001-7c2e-9b41-3d2f1e0a9b01", "slot": "annual", "regime": "pp30_2021",
        "status": "rated", "results": [], "behaviours": [],
        "suggested_work_rating": null, "work_rating": null, "work_rating_reason": null,
        "suggested_behaviour_rating": null, "behaviour_rating": null, "behaviour_rating_reason": null,
        "behaviour_aspects": {"orientasi_pelayanan": 100, "komitmen": 95, "inisiatif_kerja": 90, "kerja_sama": 100},
        "skp_score": 87.83, "behaviour_score": 96.25, "final_score": 90.36,
        "innovation": null, "notes": null, "predikat": "baik", "explanation": "...",
        "rated_at": "2027-01-08T03:00:00Z", "finalized_at": null, "due_on": "2027-01-30", "late": false, "version": 4,
        "created_at": "2027-01-05T03:00:00Z", "updated_at": "2027-01-08T03:00:00Z"})
))]
pub struct Evaluation {
    pub id: String,
    pub plan_id: String,
    pub employee_id: String,
    pub unit_id: String,
    pub appraiser_id: Option<String>,
    /// `annual`, or the sub-period number as text (`"1"` … `"4"` for quarters).
    pub slot: String,
    pub regime: Regime,
    /// `open` → `rated` → `final`; `final` → `under_objection` → `final`.
    pub status: EvaluationStatus,
    pub results: Vec<ResultEvaluation>,
    pub behaviours: Vec<BehaviourEvaluation>,
    pub suggested_work_rating: Option<Rating>,
    pub work_rating: Option<Rating>,
    pub work_rating_reason: Option<String>,
    pub suggested_behaviour_rating: Option<Rating>,
    pub behaviour_rating: Option<Rating>,
    pub behaviour_rating_reason: Option<String>,
    /// `pp30_2021` without a closed 360° round: the aspect scores the appraiser gave.
    pub behaviour_aspects: Option<BTreeMap<String, u32>>,
    #[schema(value_type = Option<f64>)]
    pub skp_score: Option<Hundredths>,
    #[schema(value_type = Option<f64>)]
    pub behaviour_score: Option<Hundredths>,
    #[schema(value_type = Option<f64>)]
    pub final_score: Option<Hundredths>,
    /// `pp30_2021`: the innovation that makes 110–120 `sangat_baik`.
    pub innovation: Option<String>,
    pub notes: Option<String>,
    pub predikat: Option<Predikat>,
    pub explanation: Option<String>,
    pub rated_at: Option<DateTime<Utc>>,
    pub finalized_at: Option<DateTime<Utc>>,
    /// The day the slot's evaluation is due: the slot's last day plus the period's
    /// `evaluation_due_days`.
    pub due_on: Option<chrono::NaiveDate>,
    /// Rated after `due_on`, or still not rated after it.
    pub late: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn parse<T: std::str::FromStr>(text: &Option<String>) -> Option<T> {
    text.as_deref().and_then(|t| t.parse().ok())
}

pub(super) fn evaluation_view(
    work: &mut Work<'_>,
    e: EvaluationRow,
) -> Result<Evaluation, ApiError> {
    let feedback = rows::result_feedback(work.conn(), &e.id)?;
    let results = plan_rows::results_of(work.conn(), &e.plan_id)?
        .into_iter()
        .map(|r| {
            let f = feedback.iter().find(|f| f.result_id == r.id);
            ResultEvaluation {
                feedback: f.map(|f| f.feedback.clone()),
                rating: f.and_then(|f| parse(&f.rating)),
                result_id: r.id,
                kind: r.kind,
                title: r.title,
            }
        })
        .collect();
    let mut behaviours: Vec<BehaviourEvaluation> = rows::behaviour_feedback(work.conn(), &e.id)?
        .into_iter()
        .map(|b| BehaviourEvaluation {
            rating: parse(&b.rating),
            value: b.core_value,
            feedback: b.feedback,
        })
        .collect();
    let period = crate::store::periods::find(work.conn(), &e.period_id)?
        .ok_or_else(|| ApiError::not_found("period", &e.period_id))?;
    let ranges =
        crate::domain::plan::sub_periods(period.starts_on, period.ends_on, period.sub_periods);
    let due_on = Slot::parse(&e.slot, ranges.len() as u32)
        .and_then(|slot| slot_ends_on(slot, &ranges, period.ends_on))
        .map(|end| end + chrono::TimeDelta::days(i64::from(period.evaluation_due_days)));
    let today = work.now().date();
    let late = due_on.is_some_and(|due| is_late(due, e.rated_at.map(|t| t.date()), today));
    behaviours.sort_by_key(|b| {
        crate::domain::behaviour::CoreValue::ALL
            .iter()
            .position(|v| v.as_str() == b.value)
    });
    Ok(Evaluation {
        results,
        behaviours,
        suggested_work_rating: parse(&e.suggested_work_rating),
        work_rating: parse(&e.work_rating),
        suggested_behaviour_rating: parse(&e.suggested_behaviour_rating),
        behaviour_rating: parse(&e.behaviour_rating),
        behaviour_aspects: e
            .behaviour_aspects
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok()),
        skp_score: e.skp_score.map(Hundredths),
        behaviour_score: e.behaviour_score.map(Hundredths),
        final_score: e.final_score.map(Hundredths),
        predikat: e.predikat.as_deref().and_then(Predikat::from_code),
        due_on,
        late,
        rated_at: e.rated_at.map(|t| t.and_utc()),
        finalized_at: e.finalized_at.map(|t| t.and_utc()),
        created_at: e.created_at.and_utc(),
        updated_at: e.updated_at.and_utc(),
        id: e.id,
        plan_id: e.plan_id,
        employee_id: e.employee_id,
        unit_id: e.unit_id,
        appraiser_id: e.appraiser_id,
        slot: e.slot,
        regime: e.regime,
        status: e.status,
        work_rating_reason: e.work_rating_reason,
        behaviour_rating_reason: e.behaviour_rating_reason,
        innovation: e.innovation,
        notes: e.notes,
        explanation: e.explanation,
        version: e.version,
    })
}

/// A slot as sent: `"annual"`, or a sub-period number as a number or as text.
pub(super) fn slot_text(slot: serde_json::Value) -> String {
    match slot {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// The caller's access to the plan of evaluation `id` (404 when they may not read it).
pub(super) async fn evaluation_access(
    state: &AppState,
    principal: &Principal,
    id: &str,
) -> Result<(PlanAccess, String), ApiError> {
    let (principal, id) = (principal.clone(), id.to_owned());
    state
        .run(move |conn| {
            let loaded = load_evaluation(conn, &principal, &id)?;
            Ok((loaded.access, loaded.evaluation.plan_id))
        })
        .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"slot": "annual"}), json!({"slot": 2})))]
pub struct CreateEvaluation {
    /// `"annual"`, or a sub-period number (`1` … `4` for quarters; as a number or text).
    #[schema(value_type = String, example = "annual", max_length = 10)]
    pub slot: serde_json::Value,
}

const PROBLEM: &str = "application/problem+json";

/// Opens an evaluation of an approved plan.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "create_evaluation",
    description = "Opens the evaluation of an approved plan for a slot: a sub-period (periodic) \
        or `annual`. 409 `evaluation_exists` for a second one of the same slot, 409 \
        `plan_draft`/`plan_submitted`/`plan_superseded` unless the plan is approved; 422 \
        `/slot` `invalid_slot`.\n\n**Who may call:** the plan's appraiser; hr of the plan's \
        unit; admin.",
    params(("id" = String, Path, description = "The plan's id.")),
    request_body(content = CreateEvaluation),
    responses(
        (status = 201, description = "Opened.", body = Evaluation, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not the appraiser or hr.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "`evaluation_exists`, or the plan is not approved.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/slot` `invalid_slot`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/plans/{id}/evaluations")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<CreateEvaluation>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    policy::open_evaluation(&plan_access(&state, &principal, &id).await?, &id)?;
    let body = body.parse()?;
    let slot = slot_text(body.slot);
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::create(work, &principal, &id, &slot)?;
            evaluation_view(work, row)
        })
        .await?;
    Ok(created(
        format!("/api/v1/evaluations/{}", view.id),
        view.version,
        view,
    ))
}

/// Lists a plan's evaluations.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "list_plan_evaluations",
    description = "Every evaluation of the plan, in creation order.\n\n**Who may call:** whoever \
        may read the plan (the owner, the appraiser and their superior, hr and pyb of the \
        unit, admin; clients with `plans:read`).",
    params(("id" = String, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The evaluations.", body = Vec<Evaluation>),
        (status = 403, description = "A client without `plans:read`.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["plans:read"]))
)]
#[get("/plans/{id}/evaluations")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<Vec<Evaluation>>, ApiError> {
    policy::read_plans(&principal)?;
    let id = id.into_inner();
    let views = state
        .perform(actor(&principal, &req), move |work| {
            crate::plans::load(work.conn(), &principal, &id)?;
            rows::of_plan(work.conn(), &id)?
                .into_iter()
                .map(|e| evaluation_view(work, e))
                .collect()
        })
        .await?;
    Ok(web::Json(views))
}

/// Reads one evaluation.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "get_evaluation",
    description = "One evaluation with the appraiser's feedback, the suggestions and the \
        ratings, and its `ETag`.\n\n**Who may call:** whoever may read the plan.",
    params(("id" = String, Path, description = "The evaluation's id.")),
    responses(
        (status = 200, description = "The evaluation.", body = Evaluation, headers(("ETag" = String))),
        (status = 403, description = "A client without `plans:read`.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such evaluation, or not the caller's to see.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["plans:read"]))
)]
#[get("/evaluations/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::read_plans(&principal)?;
    let id = id.into_inner();
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let loaded = load_evaluation(work.conn(), &principal, &id)?;
            evaluation_view(work, loaded.evaluation)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}

/// Feedback (required) and a rating on a work result or a value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"feedback": "Penyaluran tepat waktu di 8 kelurahan.", "rating": "above"})))]
pub struct GiveFeedback {
    #[schema(min_length = 1, max_length = 4000)]
    pub feedback: String,
    /// `permenpan6_2022`: required on every work result before rating; optional on values.
    pub rating: Option<Rating>,
}

impl From<GiveFeedback> for Feedback {
    fn from(body: GiveFeedback) -> Self {
        Feedback {
            feedback: body.feedback,
            rating: body.rating,
        }
    }
}

/// Gives feedback on one work result.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "give_result_feedback",
    description = "The appraiser's feedback (required) and rating on one work result of the \
        plan, while the evaluation is open (409 `evaluation_not_open`). Send `If-Match` with \
        the evaluation's `ETag` (412 if stale).\n\n**Who may call:** the plan's appraiser.",
    params(
        ("id" = String, Path, description = "The evaluation's id."),
        ("result_id" = String, Path, description = "A work result of the plan."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = GiveFeedback),
    responses(
        (status = 200, description = "The evaluation.", body = Evaluation, headers(("ETag" = String))),
        (status = 403, description = "Not the appraiser.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such evaluation or result.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "`evaluation_not_open`.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/feedback` `required` or `too_long`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[put("/evaluations/{id}/results/{result_id}")]
pub async fn result_feedback(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    if_match: IfMatch,
    body: Body<GiveFeedback>,
) -> Result<HttpResponse, ApiError> {
    let (id, result_id) = path.into_inner();
    let (access, plan_id) = evaluation_access(&state, &principal, &id).await?;
    policy::appraise_plan(&access, &plan_id)?;
    let body = body.parse()?;
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::give_result_feedback(
                work,
                &principal,
                &id,
                &result_id,
                body.into(),
                &if_match,
            )?;
            evaluation_view(work, row)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}

/// Gives feedback on one BerAKHLAK value.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "give_behaviour_feedback",
    description = "`permenpan6_2022`: the appraiser's feedback (required) and optional rating on \
        one of the seven values (`berorientasi_pelayanan`, `akuntabel`, `kompeten`, \
        `harmonis`, `loyal`, `adaptif`, `kolaboratif`), while the evaluation is open.\
        \n\n**Who may call:** the plan's appraiser.",
    params(
        ("id" = String, Path, description = "The evaluation's id."),
        ("value" = String, Path, description = "The BerAKHLAK value."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = GiveFeedback),
    responses(
        (status = 200, description = "The evaluation.", body = Evaluation, headers(("ETag" = String))),
        (status = 403, description = "Not the appraiser.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such evaluation or value.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "`evaluation_not_open`.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/feedback` invalid, or a `pp30_2021` evaluation (`wrong_regime`).", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[put("/evaluations/{id}/behaviours/{value}")]
pub async fn behaviour_feedback(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    if_match: IfMatch,
    body: Body<GiveFeedback>,
) -> Result<HttpResponse, ApiError> {
    let (id, value) = path.into_inner();
    let (access, plan_id) = evaluation_access(&state, &principal, &id).await?;
    policy::appraise_plan(&access, &plan_id)?;
    let body = body.parse()?;
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::give_behaviour_feedback(
                work,
                &principal,
                &id,
                &value,
                body.into(),
                &if_match,
            )?;
            evaluation_view(work, row)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(
    json!({"work_rating": "above", "behaviour_rating": "meets"}),
    json!({"work_rating": "meets", "work_rating_reason": "Satu hasil utama terlambat dua bulan.", "behaviour_rating": "meets"}),
    json!({"behaviour_aspects": {"orientasi_pelayanan": 100, "komitmen": 95, "inisiatif_kerja": 90, "kerja_sama": 100},
        "innovation": "Aplikasi antrean daring untuk penyaluran BPNT"})
))]
pub struct RateEvaluation {
    /// `permenpan6_2022`: default the suggestion; another rating needs `work_rating_reason`.
    pub work_rating: Option<Rating>,
    #[schema(max_length = 4000)]
    pub work_rating_reason: Option<String>,
    /// `permenpan6_2022`: default the suggestion (from the closed 360° round, else the values'
    /// ratings); another rating needs `behaviour_rating_reason`.
    pub behaviour_rating: Option<Rating>,
    #[schema(max_length = 4000)]
    pub behaviour_rating_reason: Option<String>,
    /// `pp30_2021` when no closed 360° round assesses the employee: the aspects (0–120;
    /// `kepemimpinan` for managerial positions only).
    #[schema(schema_with = super::assessment_tasks::aspect_scores)]
    pub behaviour_aspects: Option<BTreeMap<String, serde_json::Value>>,
    /// `pp30_2021`: the innovation that allows `sangat_baik` (110–120).
    #[schema(max_length = 4000)]
    pub innovation: Option<String>,
    #[schema(max_length = 4000)]
    pub notes: Option<String>,
}

/// Rates an evaluation.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "rate_evaluation",
    description = "Computes the suggestions and sets the ratings and the predikat. \
        `permenpan6_2022`: the suggested work-result rating (main results decide; additional \
        results only lift `meets` to `above`, unless the period counts them in a plain \
        majority; a unit head's follows the unit's predikat) and behaviour rating (the closed \
        360° round's, else from the values); a rating different from the suggestion needs a \
        reason (422 `override_reason_required`); the predikat by the 3×3 matrix. `pp30_2021`: \
        the SKP score from the realisations, the behaviour score from the closed 360° round \
        when the period uses 360°, else from `behaviour_aspects`; the final score 60/40 or \
        70/30; `sangat_baik` only with an `innovation`. Every work result needs feedback (and \
        under `permenpan6_2022` a rating, and every value feedback) first: 409 \
        `results_not_rated`. Rating again while `rated` replaces the ratings.\
        \n\n**Who may call:** the plan's appraiser.",
    params(
        ("id" = String, Path, description = "The evaluation's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = RateEvaluation),
    responses(
        (status = 200, description = "The rated evaluation.", body = Evaluation, headers(("ETag" = String))),
        (status = 403, description = "Not the appraiser.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such evaluation, or not the caller's to see.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "`results_not_rated`, `evaluation_not_open`, `ratings_not_recorded`.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`override_reason_required`, a missing rating or aspect.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/evaluations/{id}/rate")]
pub async fn rate_evaluation(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<RateEvaluation>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (access, plan_id) = evaluation_access(&state, &principal, &id).await?;
    policy::appraise_plan(&access, &plan_id)?;
    let body = body.parse()?;
    let input = Rate {
        work_rating: body.work_rating,
        work_rating_reason: body.work_rating_reason,
        behaviour_rating: body.behaviour_rating,
        behaviour_rating_reason: body.behaviour_rating_reason,
        behaviour_aspects: body.behaviour_aspects,
        innovation: body.innovation,
        notes: body.notes,
    };
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = rate(work, &principal, &id, input, &if_match)?;
            evaluation_view(work, row)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}
