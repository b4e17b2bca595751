//! Objections (keberatan) against final evaluations.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::evaluations::{Evaluation, evaluation_access, evaluation_view};
use super::me::actor;
use crate::api::concurrency::{created, tagged};
use crate::api::extract::{Body, QueryParams};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::domain::distribution::BoundCheck;
use crate::domain::evaluation::ObjectionStatus;
use crate::domain::predikat::Predikat;
use crate::domain::scoring::permenpan6_2022::Rating;
use crate::error::{ApiError, Problem};
use crate::evaluations::objections::{self as service, Decision, LoadedObjection};
use crate::org::reach::scope_path;
use crate::store::Work;
use crate::store::evaluations::{self as rows, ObjectionFilter, ObjectionRow};

const PROBLEM: &str = "application/problem+json";

/// An explanation given in an objection.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionExplanation {
    /// `employee` or `appraiser`.
    pub author_role: String,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// An objection against a final evaluation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3c-a000-7c2e-9b41-3d2f1e0a9b01", "evaluation_id": "019a9a3c-9000-7c2e-9b41-3d2f1e0a9b01",
    "employee_id": "019a9a3c-4000-7c2e-9b41-3d2f1e0a9b01", "decider_id": "019a9a3c-4002-7c2e-9b41-3d2f1e0a9b01",
    "status": "upheld", "reasons": "Realisasi triwulan IV belum dihitung.", "evidence": null,
    "explanations": [{"author_role": "appraiser", "text": "Data triwulan IV masuk terlambat.", "created_at": "2027-01-12T02:00:00Z"}],
    "decision_reason": "Data terbukti lengkap.", "predikat_before": "baik", "predikat_after": "sangat_baik",
    "decided_at": "2027-01-15T02:00:00Z", "version": 2, "created_at": "2027-01-11T02:00:00Z"
})))]
pub struct Objection {
    pub id: String,
    pub evaluation_id: String,
    pub employee_id: String,
    /// The appraiser's superior when the objection was filed.
    pub decider_id: Option<String>,
    pub status: ObjectionStatus,
    pub reasons: String,
    pub evidence: Option<String>,
    pub explanations: Vec<ObjectionExplanation>,
    pub decision_reason: Option<String>,
    pub predikat_before: Option<Predikat>,
    pub predikat_after: Option<Predikat>,
    pub decided_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

fn objection_view(work: &mut Work<'_>, o: ObjectionRow) -> Result<Objection, ApiError> {
    let explanations = rows::explanations_of(work.conn(), &o.id)?
        .into_iter()
        .map(|e| ObjectionExplanation {
            author_role: e.author_role,
            text: e.text,
            created_at: e.created_at.and_utc(),
        })
        .collect();
    Ok(Objection {
        explanations,
        predikat_before: o.predikat_before.as_deref().and_then(Predikat::from_code),
        predikat_after: o.predikat_after.as_deref().and_then(Predikat::from_code),
        decided_at: o.decided_at.map(|t| t.and_utc()),
        created_at: o.created_at.and_utc(),
        id: o.id,
        evaluation_id: o.evaluation_id,
        employee_id: o.employee_id,
        decider_id: o.decider_id,
        status: o.status,
        reasons: o.reasons,
        evidence: o.evidence,
        decision_reason: o.decision_reason,
        version: o.version,
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"reasons": "Realisasi triwulan IV belum dihitung.",
    "evidence": "Berita acara penyaluran tanggal 20 Desember."})))]
pub struct FileObjection {
    #[schema(min_length = 1, max_length = 4000)]
    pub reasons: String,
    #[schema(max_length = 4000)]
    pub evidence: Option<String>,
}

/// Files an objection against a final evaluation.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "file_objection",
    description = "The employee objects within the period's `objection_window_days` of the \
        evaluation becoming final (409 `objection_window_closed`); one open objection per \
        evaluation (409 `objection_exists`); the evaluation must be final (409 \
        `evaluation_not_final`). The decider is the appraiser's superior at this moment (409 \
        `no_decider` when there is none). The evaluation becomes `under_objection`.\
        \n\n**Who may call:** the employee whose plan was evaluated.",
    params(("id" = String, Path, description = "The evaluation's id.")),
    request_body(content = FileObjection),
    responses(
        (status = 201, description = "Filed.", body = Objection, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not the employee.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such evaluation, or not the caller's to see.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "`evaluation_not_final`, `objection_window_closed`, `objection_exists`, `no_decider`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/reasons` `required`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/evaluations/{id}/objections")]
pub async fn file(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<FileObjection>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (access, plan_id) = evaluation_access(&state, &principal, &id).await?;
    policy::object_to_evaluation(&access, &plan_id)?;
    let body = body.parse()?;
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::file(
                work,
                &principal,
                &id,
                &body.reasons,
                body.evidence.as_deref(),
            )?;
            objection_view(work, row)
        })
        .await?;
    Ok(created(
        format!("/api/v1/objections/{}", view.id),
        view.version,
        view,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ObjectionQuery {
    pub status: Option<ObjectionStatus>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists objections.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "list_objections",
    description = "Objections the caller filed or decides, and for hr and pyb those of their \
        units; admin all.\n\n**Who may call:** a person.",
    params(ObjectionQuery),
    responses(
        (status = 200, description = "A page of objections.", body = Page<Objection>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = PROBLEM),
        (status = 403, description = "A client.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/objections")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<ObjectionQuery>,
) -> Result<web::Json<Page<Objection>>, ApiError> {
    let user = policy::read_objections(&principal)?.clone();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let page = state
        .perform(actor(&principal, &req), move |work| {
            let filter = ObjectionFilter {
                status: query.status.map(|s| s.as_str().to_owned()),
                unit_path: scope_path(work.conn(), &user)?,
                person: user.employee_id.clone(),
                all: user.roles.contains(&crate::domain::account::Role::Admin),
            };
            let found = rows::list_objections(work.conn(), &filter, after.as_deref(), limit + 1)?;
            let page = pagination::page(found, limit, |o| o.id.clone(), |o| o);
            let items = page
                .items
                .into_iter()
                .map(|o| objection_view(work, o))
                .collect::<Result<_, _>>()?;
            Ok(Page {
                items,
                next_cursor: page.next_cursor,
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// Reads one objection.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "get_objection",
    description = "One objection with the explanations.\n\n**Who may call:** the employee, the \
        appraiser, the decider, hr and pyb of the unit, admin; anyone else gets 404.",
    params(("id" = String, Path, description = "The objection's id.")),
    responses(
        (status = 200, description = "The objection.", body = Objection, headers(("ETag" = String))),
        (status = 403, description = "A client.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such objection, or not the caller's business.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/objections/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let user = policy::read_objections(&principal)?.clone();
    let id = id.into_inner();
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let LoadedObjection { objection, .. } = service::load(work.conn(), &user, &id)?;
            objection_view(work, objection)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"text": "Data triwulan IV masuk terlambat dari kelurahan."})))]
pub struct ExplainObjection {
    #[schema(min_length = 1, max_length = 4000)]
    pub text: String,
}

/// Adds an explanation to an open objection.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "explain_objection",
    description = "The employee or the appraiser explains their side while the objection is \
        open (409 `objection_decided` after).\n\n**Who may call:** the employee and the \
        appraiser of the evaluation.",
    params(("id" = String, Path, description = "The objection's id.")),
    request_body(content = ExplainObjection),
    responses(
        (status = 201, description = "Added; the objection.", body = Objection),
        (status = 403, description = "Neither the employee nor the appraiser.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such objection, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "`objection_decided`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/text` `required`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/objections/{id}/explanations")]
pub async fn explain(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<ExplainObjection>,
) -> Result<HttpResponse, ApiError> {
    let user = policy::read_objections(&principal)?.clone();
    let id = id.into_inner();
    {
        let (user, id) = (user.clone(), id.clone());
        state
            .run(move |conn| {
                let loaded = service::load(conn, &user, &id)?;
                if loaded.access.employee || loaded.access.appraiser {
                    Ok(())
                } else {
                    Err(ApiError::forbidden(
                        "Only the employee and the appraiser explain their side of an objection.",
                    ))
                }
            })
            .await?;
    }
    let body = body.parse()?;
    let view = state
        .perform(actor(&principal, &req), move |work| {
            service::explain(work, &user, &id, &body.text)?;
            let LoadedObjection { objection, .. } = service::load(work.conn(), &user, &id)?;
            objection_view(work, objection)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// `upheld` or `rejected`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Upheld,
    Rejected,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(
    json!({"outcome": "upheld", "reason": "Data terbukti lengkap.", "work_rating": "above"}),
    json!({"outcome": "rejected", "reason": "Realisasi sudah dihitung sesuai bukti."})
))]
pub struct DecideObjection {
    pub outcome: Outcome,
    #[schema(min_length = 1, max_length = 4000)]
    pub reason: String,
    /// `permenpan6_2022`, upheld: the new work-result rating.
    pub work_rating: Option<Rating>,
    /// `permenpan6_2022`, upheld: the new behaviour rating.
    pub behaviour_rating: Option<Rating>,
    /// `pp30_2021`, upheld: the corrected SKP score (0–120).
    #[schema(minimum = 0, maximum = 120)]
    pub skp_score: Option<f64>,
    /// `pp30_2021`, upheld: the corrected behaviour score (0–120).
    #[schema(minimum = 0, maximum = 120)]
    pub behaviour_score: Option<f64>,
}

/// The decision, the evaluation after it, and the unit's curve re-checked.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionDecision {
    pub objection: Objection,
    pub evaluation: Evaluation,
    /// The unit's curve after the decision (reported, never blocking); empty without a unit
    /// predikat.
    pub checks: Vec<BoundCheck>,
}

/// Decides an objection.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "decide_objection",
    description = "The decider upholds or rejects the objection, with a reason. An upheld \
        objection may change the ratings (`permenpan6_2022`) or scores (`pp30_2021`); the \
        predikat is recomputed and the evaluation is `final` again. The decision is final (409 \
        `objection_decided`).\n\n**Who may call:** the decider named when the objection was \
        filed.",
    params(("id" = String, Path, description = "The objection's id.")),
    request_body(content = DecideObjection),
    responses(
        (status = 200, description = "Decided.", body = ObjectionDecision),
        (status = 403, description = "Not the decider.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such objection, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "`objection_decided`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/reason` `required`, a change with `rejected`, a field of the other regime.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/objections/{id}/decide")]
pub async fn decide(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<DecideObjection>,
) -> Result<web::Json<ObjectionDecision>, ApiError> {
    let user = policy::read_objections(&principal)?.clone();
    let id = id.into_inner();
    {
        let (user, id) = (user.clone(), id.clone());
        state
            .run(move |conn| {
                if service::load(conn, &user, &id)?.access.decider {
                    Ok(())
                } else {
                    Err(ApiError::forbidden(
                        "Only the decider named when the objection was filed decides it.",
                    ))
                }
            })
            .await?;
    }
    let body = body.parse()?;
    let input = Decision {
        upheld: body.outcome == Outcome::Upheld,
        reason: body.reason,
        work_rating: body.work_rating,
        behaviour_rating: body.behaviour_rating,
        skp_score: body.skp_score,
        behaviour_score: body.behaviour_score,
    };
    let result = state
        .perform(actor(&principal, &req), move |work| {
            let (objection, evaluation, checks) = service::decide(work, &user, &id, input)?;
            Ok(ObjectionDecision {
                objection: objection_view(work, objection)?,
                evaluation: evaluation_view(work, evaluation)?,
                checks,
            })
        })
        .await?;
    Ok(web::Json(result))
}
