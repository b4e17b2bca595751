//! Performance periods: the calendar plans are made for, and the regime they are scored by.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::concurrency::{IfMatch, created, tagged};
use crate::api::extract::{Body, QueryParams, present};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::domain::plan::{self, PeriodKind, PeriodStatus, SubPeriods};
use crate::domain::scoring::Regime;
use crate::error::{ApiError, Problem};
use crate::plans::periods::{
    self as service, DeadlineChange, EvaluationSettings, NewPeriod, PeriodChanges,
};
use crate::store::periods;

/// A performance period (periode penilaian).
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3c-6000-7c2e-9b41-3d2f1e0a9b01", "name": "SKP 2026", "kind": "annual",
    "starts_on": "2026-01-01", "ends_on": "2026-12-31", "regime": "pp30_2021", "uses_360": true,
    "sub_periods": "quarters", "sub_period_ranges": [
        {"index": 1, "starts_on": "2026-01-01", "ends_on": "2026-03-31"},
        {"index": 2, "starts_on": "2026-04-01", "ends_on": "2026-06-30"},
        {"index": 3, "starts_on": "2026-07-01", "ends_on": "2026-09-30"},
        {"index": 4, "starts_on": "2026-10-01", "ends_on": "2026-12-31"}],
    "approval_deadline": "2026-01-31", "status": "planning", "count_additional_in_rating": false,
    "head_rating_from_unit": true, "objection_window_days": 14, "distribution_min_unit_size": 5,
    "evaluation_due_days": 30, "guidance_min_per_semester": 1,
    "version": 1,
    "created_at": "2025-12-01T02:00:00Z", "updated_at": "2025-12-01T02:00:00Z"
})))]
pub struct Period {
    pub id: String,
    pub name: String,
    pub kind: PeriodKind,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub regime: Regime,
    /// Whether the 360° assessment is used (final score 60/40 instead of 70/30).
    pub uses_360: bool,
    pub sub_periods: SubPeriods,
    /// The sub-periods, numbered from 1 (realisations name them by this index).
    pub sub_period_ranges: Vec<SubPeriodRange>,
    /// The day plans must be approved by (annual `pp30_2021` periods: 31 January); null when
    /// none applies.
    pub approval_deadline: Option<NaiveDate>,
    pub status: PeriodStatus,
    /// `permenpan6_2022`: additional results count in a plain majority of the suggested
    /// work-result rating (default false: main results decide, additional ones only lift).
    pub count_additional_in_rating: bool,
    /// A unit head's suggested work-result rating follows their unit's predikat (default true).
    pub head_rating_from_unit: bool,
    /// Days after an evaluation becomes final in which the employee may object (default 14;
    /// 0: no objections).
    pub objection_window_days: i32,
    /// Units with fewer evaluated employees get distribution warnings, never a block (default 5).
    pub distribution_min_unit_size: i32,
    /// Days after a slot ends by which its evaluations are due (default 30); later ones are
    /// `late`.
    pub evaluation_due_days: i32,
    /// Guidance sessions each employee should have per semester; the coverage report lists
    /// those with fewer.
    pub guidance_min_per_semester: i32,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubPeriodRange {
    pub index: u32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl From<periods::PeriodRow> for Period {
    fn from(r: periods::PeriodRow) -> Self {
        let kind = r.kind;
        let regime = r.regime;
        let split = r.sub_periods;
        Period {
            sub_period_ranges: plan::sub_periods(r.starts_on, r.ends_on, split)
                .into_iter()
                .map(|s| SubPeriodRange {
                    index: s.index,
                    starts_on: s.starts_on,
                    ends_on: s.ends_on,
                })
                .collect(),
            approval_deadline: plan::approval_deadline(kind, regime, r.starts_on),
            id: r.id,
            name: r.name,
            kind,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            regime,
            uses_360: r.uses_360,
            sub_periods: split,
            status: r.status,
            count_additional_in_rating: r.count_additional_in_rating,
            head_rating_from_unit: r.head_rating_from_unit,
            objection_window_days: r.objection_window_days,
            distribution_min_unit_size: r.distribution_min_unit_size,
            evaluation_due_days: r.evaluation_due_days,
            guidance_min_per_semester: r.guidance_min_per_semester,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

fn default_kind() -> PeriodKind {
    PeriodKind::Annual
}

fn default_split() -> SubPeriods {
    SubPeriods::Quarters
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"name": "SKP 2026", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
    "regime": "pp30_2021", "uses_360": true})))]
pub struct CreatePeriod {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Default `annual`.
    #[serde(default = "default_kind")]
    pub kind: PeriodKind,
    pub starts_on: NaiveDate,
    /// On or after `starts_on`.
    pub ends_on: NaiveDate,
    pub regime: Regime,
    #[serde(default)]
    pub uses_360: bool,
    /// Default `quarters`.
    #[serde(default = "default_split")]
    pub sub_periods: SubPeriods,
}

/// Creates a period.
#[utoipa::path(
    tag = "periods",
    operation_id = "create_period",
    description = "Creates a period in status `planning`. A period of the same kind that shares \
        a day with it is 409 `period_overlap`.\n\n**Who may call:** admin and hr.",
    request_body(content = CreatePeriod),
    responses(
        (status = 201, description = "Created.", body = Period, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not admin or hr.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`period_overlap`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (`/ends_on` `before_start`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/periods")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Body<CreatePeriod>,
) -> Result<HttpResponse, ApiError> {
    policy::write_periods(&principal)?;
    let body = body.parse()?;
    let actor = actor(&principal, &req);
    let input = NewPeriod {
        name: body.name,
        kind: body.kind,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        regime: body.regime,
        uses_360: body.uses_360,
        sub_periods: body.sub_periods,
    };
    let row = state
        .perform(actor, move |work| service::create(work, input))
        .await?;
    Ok(created(
        format!("/api/v1/periods/{}", row.id),
        row.version,
        Period::from(row),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    pub status: Option<PeriodStatus>,
    pub regime: Option<Regime>,
    /// Only periods that include this day (`YYYY-MM-DD`).
    pub on: Option<NaiveDate>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists periods.
#[utoipa::path(
    tag = "periods",
    operation_id = "list_periods",
    description = "Periods in creation order, a page at a time.\n\n**Who may call:** any person; \
        clients with `plans:read`.",
    params(PeriodQuery),
    responses(
        (status = 200, description = "A page of periods.", body = Page<Period>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A client without `plans:read`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["plans:read"]))
)]
#[get("/periods")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    QueryParams(query): QueryParams<PeriodQuery>,
) -> Result<web::Json<Page<Period>>, ApiError> {
    policy::read_periods(&principal)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let filter = periods::Filter {
        status: query.status.map(|s| s.as_str().to_owned()),
        regime: query.regime.map(|r| r.as_str().to_owned()),
        on: query.on,
    };
    let rows = state
        .run(move |conn| Ok(periods::list(conn, &filter, after.as_deref(), limit + 1)?))
        .await?;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |r| r.id.clone(),
        Period::from,
    )))
}

/// Reads one period.
#[utoipa::path(
    tag = "periods",
    operation_id = "get_period",
    description = "One period, with its sub-periods and `ETag`.\n\n**Who may call:** any person; \
        clients with `plans:read`.",
    params(("id" = String, Path, description = "The period's id.")),
    responses(
        (status = 200, description = "The period.", body = Period, headers(("ETag" = String))),
        (status = 403, description = "A client without `plans:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such period.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["plans:read"]))
)]
#[get("/periods/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::read_periods(&principal)?;
    let id = id.into_inner();
    let row = state
        .run(move |conn| {
            periods::find(conn, &id)?.ok_or_else(|| ApiError::not_found("period", &id))
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), row.version, Period::from(row)))
}

/// A merge patch of a period. Dates, kind and regime are fixed once created.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"status": "running"})))]
pub struct UpdatePeriod {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 200)]
    pub name: Option<String>,
    /// Only while the period is `planning`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = bool)]
    pub uses_360: Option<bool>,
    /// Forward only: `planning` → `running` → `evaluation` → `closed`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = PeriodStatus)]
    pub status: Option<PeriodStatus>,
    /// Only while the period is `planning`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = bool)]
    pub count_additional_in_rating: Option<bool>,
    /// Only while the period is `planning`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = bool)]
    pub head_rating_from_unit: Option<bool>,
    /// 0 to 365; only while the period is `planning`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = i32, minimum = 0, maximum = 365)]
    pub objection_window_days: Option<i32>,
    /// 1 to 10000; only while the period is `planning`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = i32, minimum = 1, maximum = 10000)]
    pub distribution_min_unit_size: Option<i32>,
    /// 0 to 365; may change at any time with `deadline_reason`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = i32, minimum = 0, maximum = 365)]
    pub evaluation_due_days: Option<i32>,
    /// 0 to 12; may change at any time.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = i32, minimum = 0, maximum = 12)]
    pub guidance_min_per_semester: Option<i32>,
    /// Why a deadline changes (kept in the audit trail); required with `evaluation_due_days`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 2000)]
    pub deadline_reason: Option<String>,
}

/// Changes a period.
#[utoipa::path(
    tag = "periods",
    operation_id = "update_period",
    description = "Applies a merge patch. The status moves forward only (409 \
        `period_status_backwards`); `uses_360` and the evaluation settings change only while \
        planning (409 `period_started`). Send `If-Match` with the `ETag` you read (412 if stale).\
        \n\n**Who may call:** admin and hr.",
    params(
        ("id" = String, Path, description = "The period's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = UpdatePeriod, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed period.", body = Period, headers(("ETag" = String))),
        (status = 403, description = "Not admin or hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such period.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`period_status_backwards`, `period_started`.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[patch("/periods/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<UpdatePeriod>,
) -> Result<HttpResponse, ApiError> {
    policy::write_periods(&principal)?;
    let body = body.parse()?;
    let actor = actor(&principal, &req);
    let id = id.into_inner();
    let changes = PeriodChanges {
        name: body.name,
        uses_360: body.uses_360,
        status: body.status,
        settings: EvaluationSettings {
            count_additional_in_rating: body.count_additional_in_rating,
            head_rating_from_unit: body.head_rating_from_unit,
            objection_window_days: body.objection_window_days,
            distribution_min_unit_size: body.distribution_min_unit_size,
        },
        deadlines: DeadlineChange {
            evaluation_due_days: body.evaluation_due_days,
            reason: body.deadline_reason,
        },
        guidance_min_per_semester: body.guidance_min_per_semester,
    };
    let row = state
        .perform(actor, move |work| {
            service::update(work, &id, changes, &if_match)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), row.version, Period::from(row)))
}
