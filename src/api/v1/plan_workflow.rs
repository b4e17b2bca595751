//! The plan workflow: submit, approve, return, revise.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::me::actor;
use super::plans::{full_plan, plan_access, plan_response};
use crate::api::concurrency::created;
use crate::api::extract::Body;
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::domain::plan::Transition;
use crate::error::{ApiError, Problem};
use crate::plans::workflow::transition;

pub const REASON_MAX: usize = 2000;

async fn step(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: String,
    step: Transition,
    reason: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&principal, &req);
    let today = state.clock.now().date();
    let plan = state
        .perform(actor, move |work| {
            let row = transition(work, &principal, &id, step, reason.as_deref())?;
            full_plan(work, row, today)
        })
        .await?;
    Ok(if step == Transition::Revise {
        created(
            format!("/api/v1/plans/{}", plan.plan.id),
            plan.plan.version,
            plan,
        )
    } else {
        plan_response(plan, StatusCode::OK)
    })
}

/// Submits a draft plan to its appraiser.
#[utoipa::path(
    tag = "plans",
    operation_id = "submit_plan",
    description = "`draft` → `submitted`. The appraiser becomes the employee's current direct \
        superior (unless hr chose one; 409 `no_appraiser` when there is none, 409 \
        `appraiser_inactive` when that person is no longer active). The plan needs a \
        main result; under `pp30_2021` every result needs an indicator and the main results' \
        weights are all given (summing to 100) or none (422 naming the result). From any other \
        status: 409 `plan_submitted`, `plan_approved`, `plan_superseded`.\
        \n\n**Who may call:** the plan's owner; hr of the plan's unit on their behalf (recorded \
        as such in the audit trail); admin.",
    params(("id" = String, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The submitted plan.", body = super::plans::Plan),
        (status = 403, description = "Not the owner or their hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft, `no_appraiser`, `appraiser_inactive`, or `concurrent_update` (retry).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The plan is incomplete.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/plans/{id}/submit")]
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    policy::edit_plan(&plan_access(&state, &principal, &id).await?, &id)?;
    step(state, req, principal, id, Transition::Submit, None).await
}

/// Approves a submitted plan.
#[utoipa::path(
    tag = "plans",
    operation_id = "approve_plan",
    description = "`submitted` → `approved`. Approving a revision supersedes the plan it \
        replaces and moves subordinates' links to the revision's results (see `revise_plan`); \
        409 `plan_evaluated`/`plan_final` when that plan's annual evaluation was rated \
        meanwhile. From any other status: 409 `plan_draft`, `plan_approved`, `plan_superseded`; \
        409 `period_not_open` unless the period is planning or running.\n\n**Who may call:** the plan's appraiser only.",
    params(("id" = String, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The approved plan.", body = super::plans::Plan),
        (status = 403, description = "Not the plan's appraiser.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted, the replaced plan is evaluated, `period_not_open`, or `concurrent_update` (retry).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/plans/{id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    policy::appraise_plan(&plan_access(&state, &principal, &id).await?, &id)?;
    step(state, req, principal, id, Transition::Approve, None).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"reason": "Target KPM belum sesuai kuota BPNT 2026; mohon diperbaiki."})))]
pub struct ReturnPlan {
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Returns a submitted plan to its owner.
#[utoipa::path(
    tag = "plans",
    operation_id = "return_plan",
    description = "`submitted` → `draft`, with the reason (kept on the plan as `return_reason` \
        and in the audit trail). From any other status: 409 naming it.\
        \n\n**Who may call:** the plan's appraiser only.",
    params(("id" = String, Path, description = "The plan's id.")),
    request_body(content = ReturnPlan),
    responses(
        (status = 200, description = "The plan, a draft again.", body = super::plans::Plan),
        (status = 403, description = "Not the plan's appraiser.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted, or `concurrent_update` (retry).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`/reason` missing or empty.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/plans/{id}/return")]
pub async fn return_plan(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<ReturnPlan>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    policy::appraise_plan(&plan_access(&state, &principal, &id).await?, &id)?;
    let reason = required_reason(&body.parse()?.reason)?;
    step(state, req, principal, id, Transition::Return, Some(reason)).await
}

fn required_reason(reason: &str) -> Result<String, ApiError> {
    let mut errors = Vec::new();
    let reason = crate::org::required_text("/reason", reason, REASON_MAX, &mut errors);
    if errors.is_empty() {
        Ok(reason)
    } else {
        Err(ApiError::validation(errors))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"reason": "Kuota KPM BPNT dinaikkan oleh Kemensos per 1 Juli 2026."})))]
pub struct RevisePlan {
    /// Why the plan must change; kept in the audit trail of the new revision.
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Proposes a revision of an approved plan.
#[utoipa::path(
    tag = "plans",
    operation_id = "revise_plan",
    description = "Proposes the next revision of an approved plan: a new draft (`revision_of` \
        names the approved plan) with copies of its results, indicators and realisations. The \
        copies belong to the draft: changing or removing an indicator there changes or removes \
        its copied realisations too. The approved plan stays `approved` and in force (realised, \
        evaluated, cascaded from) until the revision is submitted and approved; only then does \
        it become `superseded` (readable with the original realisations) and do subordinates' \
        current results that supported its results support the copies (a new version of each \
        such plan, in the audit trail as `relink_results`; a result the revision removed \
        supports nothing any more). One proposal at a time: 409 `revision_pending`. From any \
        status but `approved`: 409 naming it (`plan_evaluated` and `plan_final` plans cannot be \
        revised); 409 `period_not_open` unless the period is planning or running.\
        \n\n**Who may call:** the plan's owner; hr of the plan's unit for them; admin.",
    params(("id" = String, Path, description = "The approved plan's id.")),
    request_body(content = RevisePlan),
    responses(
        (status = 201, description = "The proposed revision, a draft.", body = super::plans::Plan, headers(("Location" = String))),
        (status = 403, description = "Not the owner or their hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not approved, `revision_pending`, `period_not_open`, or `concurrent_update` (retry).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`/reason` missing or empty.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/plans/{id}/revise")]
pub async fn revise(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<RevisePlan>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    policy::edit_plan(&plan_access(&state, &principal, &id).await?, &id)?;
    let reason = required_reason(&body.parse()?.reason)?;
    step(state, req, principal, id, Transition::Revise, Some(reason)).await
}
