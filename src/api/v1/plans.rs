//! Performance plans (SKP): one per employee, period and position.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use super::plan_results::WorkResult;
use crate::api::concurrency::{IfMatch, created, tagged};
use crate::api::extract::{Body, QueryParams};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::auth::policy::PlanAccess;
use crate::auth::{Principal, policy};
use crate::db::AnyConnection;
use crate::domain::plan::{self, PlanStatus};
use crate::domain::scoring::Regime;
use crate::error::{ApiError, Problem};
use crate::plans::access::visible_plans;
use crate::plans::content::{self, NewPlan};
use crate::plans::load;
use crate::store::periods::{self, PeriodRow};
use crate::store::plans::{self as plan_rows, PlanRow};
use crate::store::units;

/// A plan without its results, as lists show it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3c-7000-7c2e-9b41-3d2f1e0a9b01", "employee_id": "019a9a3c-5f20-7000-8000-000000000003",
    "period_id": "019a9a3c-6000-7c2e-9b41-3d2f1e0a9b01", "position_title": "Pelaksana Kesejahteraan Sosial",
    "unit_id": "019a9a3c-5f10-7c2e-9b41-3d2f1e0a9b07", "appraiser_id": "019a9a3c-5f20-7000-8000-000000000002",
    "status": "submitted", "revision": 1, "revision_of": null, "superseded_by": null, "return_reason": null,
    "created_by": "019a9a3c-5f30-7000-8000-000000000009", "submitted_by": "019a9a3c-5f30-7000-8000-000000000009", "submitted_at": "2026-01-20T03:00:00Z",
    "approved_at": null, "approval_deadline": "2026-01-31", "overdue": false, "version": 4,
    "created_at": "2026-01-10T03:00:00Z", "updated_at": "2026-01-20T03:00:00Z"
})))]
pub struct PlanSummary {
    pub id: String,
    pub employee_id: String,
    pub period_id: String,
    /// The employee's position when the plan was started.
    pub position_title: String,
    /// The employee's unit when the plan was started; hr and pyb see plans by it.
    pub unit_id: String,
    /// Approves or returns the plan: the employee's direct superior when it is submitted,
    /// unless hr chose another.
    pub appraiser_id: Option<String>,
    pub status: PlanStatus,
    /// 1 for the first version; a revision of an approved plan is the next number.
    pub revision: i32,
    /// The plan this revision replaces.
    pub revision_of: Option<String>,
    /// The revision that replaced this plan (status `superseded`).
    pub superseded_by: Option<String>,
    /// Why the appraiser returned it (while it is a draft again).
    pub return_reason: Option<String>,
    /// The account that started it (the owner, or hr on their behalf).
    pub created_by: String,
    /// The account that submitted it (the owner, or hr on their behalf).
    pub submitted_by: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    /// The day the plan must be approved by; null when none applies.
    pub approval_deadline: Option<NaiveDate>,
    /// Not approved although the deadline has passed (annual `pp30_2021` periods: 31 January).
    pub overdue: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A plan with its work results and their indicators.
#[derive(Debug, Serialize, ToSchema)]
pub struct Plan {
    #[serde(flatten)]
    pub plan: PlanSummary,
    /// The period's regime, which decides how the plan is scored.
    pub regime: Regime,
    pub results: Vec<WorkResult>,
}

/// `today` decides `overdue`.
pub fn summary(r: PlanRow, period: Option<&PeriodRow>, today: NaiveDate) -> PlanSummary {
    let status = r.status;
    let deadline = period.and_then(|p| plan::approval_deadline(p.kind, p.regime, p.starts_on));
    PlanSummary {
        overdue: plan::is_overdue(deadline, status, today),
        approval_deadline: deadline,
        id: r.id,
        employee_id: r.employee_id,
        period_id: r.period_id,
        position_title: r.position_title,
        unit_id: r.unit_id,
        appraiser_id: r.appraiser_id,
        status,
        revision: r.revision,
        revision_of: r.revision_of,
        superseded_by: r.superseded_by,
        return_reason: r.return_reason,
        created_by: r.created_by,
        submitted_by: r.submitted_by,
        submitted_at: r.submitted_at.map(|t| t.and_utc()),
        approved_at: r.approved_at.map(|t| t.and_utc()),
        version: r.version,
        created_at: r.created_at.and_utc(),
        updated_at: r.updated_at.and_utc(),
    }
}

/// The full plan as stored now.
pub fn full_plan(
    conn: &mut AnyConnection,
    row: PlanRow,
    today: NaiveDate,
) -> Result<Plan, ApiError> {
    let period = periods::find(conn, &row.period_id)?;
    let results = plan_rows::results_of(conn, &row.id)?;
    let indicators = plan_rows::indicators_of(conn, &row.id)?;
    let results = results
        .into_iter()
        .map(|r| {
            let own = indicators
                .iter()
                .filter(|i| i.result_id == r.id)
                .cloned()
                .collect();
            WorkResult::from_rows(r, own)
        })
        .collect();
    Ok(Plan {
        regime: period.as_ref().map_or(Regime::Pp30_2021, |p| p.regime),
        plan: summary(row, period.as_ref(), today),
        results,
    })
}

/// Answers with the plan and its `ETag`.
pub fn plan_response(plan: Plan, status: actix_web::http::StatusCode) -> HttpResponse {
    tagged(HttpResponse::build(status), plan.plan.version, plan)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"employee_id": "019a9a3c-5f20-7000-8000-000000000003",
    "period_id": "019a9a3c-6000-7c2e-9b41-3d2f1e0a9b01"})))]
pub struct CreatePlan {
    pub employee_id: String,
    pub period_id: String,
    /// hr only: an appraiser other than the employee's direct superior.
    pub appraiser_id: Option<String>,
}

/// Starts a plan.
#[utoipa::path(
    tag = "plans",
    operation_id = "create_plan",
    description = "Starts a draft plan for an employee and period, recording the employee's \
        current position and unit. One current plan per employee, period and position (409 \
        `duplicate_plan`); a closed period takes none (409 `period_closed`).\
        \n\n**Who may call:** the employee themselves; hr of the employee's unit (also for an \
        `appraiser_id` of their choice); admin.",
    request_body(content = CreatePlan),
    responses(
        (status = 201, description = "Created.", body = Plan, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "An integration client; or a person choosing an appraiser without being hr.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`duplicate_plan`, `period_closed`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown period or appraiser; `/employee_id` `unknown_employee` for an employee who does not exist, is inactive, or whose plan the caller may not start (the same answer, so it tells nobody which ids exist).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/plans")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Body<CreatePlan>,
) -> Result<HttpResponse, ApiError> {
    policy::start_plan(&principal)?;
    let body = body.parse()?;
    let actor = actor(&principal, &req);
    let input = NewPlan {
        employee_id: body.employee_id,
        period_id: body.period_id,
        appraiser_id: body.appraiser_id,
    };
    let today = state.clock.now().date();
    let plan = state
        .perform(actor, move |work| {
            let row = content::create(work, &principal, input)?;
            full_plan(work, row, today)
        })
        .await?;
    Ok(created(
        format!("/api/v1/plans/{}", plan.plan.id),
        plan.plan.version,
        plan,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PlanQuery {
    pub period_id: Option<String>,
    pub employee_id: Option<String>,
    /// Plans of this unit (where the employee worked when the plan was started).
    pub unit_id: Option<String>,
    /// With `unit_id`: also the units below it.
    #[serde(default)]
    pub include_subunits: bool,
    /// An appraiser's inbox: the plans they approve.
    pub appraiser_id: Option<String>,
    pub status: Option<PlanStatus>,
    /// Only plans changed at or after this time (RFC 3339).
    pub updated_since: Option<DateTime<chrono::FixedOffset>>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists plans.
#[utoipa::path(
    tag = "plans",
    operation_id = "list_plans",
    description = "The plans the caller may read, in creation order, a page at a time; filters \
        combine. Each carries `overdue`.\n\n**Who may call:** any person, who sees their own \
        plans, the plans they appraise, the plans their direct reports appraise, and (hr, pyb) \
        the plans of their unit subtree; admin and clients with `plans:read` see all.",
    params(PlanQuery),
    responses(
        (status = 200, description = "A page of plans.", body = Page<PlanSummary>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A client without `plans:read`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["plans:read"]))
)]
#[get("/plans")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    QueryParams(query): QueryParams<PlanQuery>,
) -> Result<web::Json<Page<PlanSummary>>, ApiError> {
    policy::read_plans(&principal)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let today = state.clock.now().date();
    let (rows, periods) = state
        .run(move |conn| {
            let (unit_id, unit_within) = match (query.unit_id, query.include_subunits) {
                (Some(unit), true) => (None, Some(units::subtree_path(conn, &unit)?)),
                (unit, _) => (unit, None),
            };
            let filter = plan_rows::Filter {
                visible: visible_plans(conn, &principal)?,
                period_id: query.period_id,
                employee_id: query.employee_id,
                unit_id,
                unit_within,
                appraiser_id: query.appraiser_id,
                status: query.status.map(|s| s.as_str().to_owned()),
                updated_since: query.updated_since.map(|t| t.naive_utc()),
            };
            let rows = plan_rows::list(conn, &filter, after.as_deref(), limit + 1)?;
            let mut periods = HashMap::new();
            for row in &rows {
                if !periods.contains_key(&row.period_id)
                    && let Some(p) = periods::find(conn, &row.period_id)?
                {
                    periods.insert(p.id.clone(), p);
                }
            }
            Ok((rows, periods))
        })
        .await?;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |r| r.id.clone(),
        |r| {
            let period = periods.get(&r.period_id);
            summary(r, period, today)
        },
    )))
}

/// Reads one plan.
#[utoipa::path(
    tag = "plans",
    operation_id = "get_plan",
    description = "One plan with its results and indicators, and its `ETag`. A superseded \
        revision stays readable.\n\n**Who may call:** the owner; the plan's appraiser and the \
        appraiser's superior; hr and pyb of the plan's unit subtree; admin; clients with \
        `plans:read`. Others get 404.",
    params(("id" = String, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The plan.", body = Plan, headers(("ETag" = String))),
        (status = 403, description = "A client without `plans:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["plans:read"]))
)]
#[get("/plans/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::read_plans(&principal)?;
    let id = id.into_inner();
    let today = state.clock.now().date();
    let plan = state
        .run(move |conn| {
            let loaded = load(conn, &principal, &id)?;
            full_plan(conn, loaded.plan, today)
        })
        .await?;
    Ok(plan_response(plan, actix_web::http::StatusCode::OK))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"appraiser_id": "019a9a3c-5f20-7000-8000-000000000001"})))]
pub struct UpdatePlan {
    /// Another appraiser than the employee's direct superior; from then on it no longer
    /// follows the superior.
    pub appraiser_id: String,
}

/// Sets a plan's appraiser.
#[utoipa::path(
    tag = "plans",
    operation_id = "update_plan",
    description = "Sets the plan's appraiser (any status but `superseded`). Send `If-Match` with \
        the `ETag` you read (412 if stale).\n\n**Who may call:** hr of the plan's unit; admin.",
    params(
        ("id" = String, Path, description = "The plan's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = UpdatePlan, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The plan.", body = Plan, headers(("ETag" = String))),
        (status = 403, description = "Not hr of the plan's unit.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`plan_superseded`.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`/appraiser_id` unknown or the owner.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[patch("/plans/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<UpdatePlan>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&principal, &req);
    let id = id.into_inner();
    policy::manage_plan(&plan_access(&state, &principal, &id).await?, &id)?;
    let body = body.parse()?;
    let today = state.clock.now().date();
    let plan = state
        .perform(actor, move |work| {
            let row = content::set_appraiser(work, &principal, &id, &body.appraiser_id, &if_match)?;
            full_plan(work, row, today)
        })
        .await?;
    Ok(plan_response(plan, actix_web::http::StatusCode::OK))
}

/// The caller's relations to plan `id` (404 when they may not read it), so that an operation's
/// rule is checked before its body is read.
pub(super) async fn plan_access(
    state: &AppState,
    principal: &Principal,
    id: &str,
) -> Result<PlanAccess, ApiError> {
    let (principal, id) = (principal.clone(), id.to_owned());
    state
        .run(move |conn| Ok(crate::plans::load(conn, &principal, &id)?.access))
        .await
}
