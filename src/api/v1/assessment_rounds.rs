//! 360° behaviour assessment rounds: preparing them, their raters and completion (hr), and the
//! aggregated results once a round is closed.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::concurrency::{IfMatch, created, tagged};
use crate::api::extract::{Body, QueryParams, nullable, present};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::assessments::rounds::{self as service, NewRound, Population, RoundChanges};
use crate::assessments::{access, governed_round, raters, results};
use crate::auth::{Principal, policy};
use crate::domain::behaviour::{Outcome, RaterGroup, RoundStatus, Weights};
use crate::domain::fixed::Hundredths;
use crate::domain::scoring::Regime;
use crate::domain::scoring::permenpan6_2022::Rating;
use crate::error::{ApiError, FieldError, Problem};
use crate::store::assessments::{self as rows, AssignmentFilter, AssignmentRow, RoundRow};
use crate::store::{Work, units};

/// The weight of each rater group in percent; the four sum to 100.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"supervisor": 50, "peer": 30, "subordinate": 20, "self": 0}))]
pub struct RaterWeights {
    #[schema(minimum = 0, maximum = 100)]
    pub supervisor: i64,
    #[schema(minimum = 0, maximum = 100)]
    pub peer: i64,
    #[schema(minimum = 0, maximum = 100)]
    pub subordinate: i64,
    #[serde(rename = "self")]
    #[schema(minimum = 0, maximum = 100)]
    pub own: i64,
}

impl From<Weights> for RaterWeights {
    fn from(w: Weights) -> Self {
        RaterWeights {
            supervisor: w.supervisor.into(),
            peer: w.peer.into(),
            subordinate: w.subordinate.into(),
            own: w.own.into(),
        }
    }
}

impl RaterWeights {
    fn checked(self, errors: &mut Vec<FieldError>) -> Option<Weights> {
        let mut part = |name: &str, n: i64| {
            u32::try_from(n).ok().filter(|n| *n <= 100).or_else(|| {
                errors.push(FieldError::at(
                    format!("/weights/{name}"),
                    "out_of_range",
                    "a weight is 0 to 100",
                ));
                None
            })
        };
        let weights = (
            part("supervisor", self.supervisor),
            part("peer", self.peer),
            part("subordinate", self.subordinate),
            part("self", self.own),
        );
        match weights {
            (Some(supervisor), Some(peer), Some(subordinate), Some(own)) => Some(Weights {
                supervisor,
                peer,
                subordinate,
                own,
            }),
            _ => None,
        }
    }
}

fn checked_min_raters(n: Option<i64>, errors: &mut Vec<FieldError>) -> Option<u32> {
    let n = n?;
    let fits = u32::try_from(n).ok();
    if fits.is_none() {
        errors.push(FieldError::at(
            "/min_raters",
            "out_of_range",
            format!("from 2 to {}", service::MIN_RATERS_MAX),
        ));
    }
    fits
}

/// A 360° round.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3c-7000-7c2e-9b41-3d2f1e0a9b01", "period_id": "019a9a3c-6000-7c2e-9b41-3d2f1e0a9b01",
    "name": "360° 2026 Dinas Sosial", "regime": "pp30_2021",
    "unit_id": "019a9a3c-5000-7c2e-9b41-3d2f1e0a9b01", "scope_unit_id": "019a9a3c-5000-7c2e-9b41-3d2f1e0a9b01",
    "weights": {"supervisor": 50, "peer": 30, "subordinate": 20, "self": 0}, "min_raters": 3,
    "closes_at": "2026-12-15T09:00:00Z", "status": "draft", "assessees": 9, "assignments": 41,
    "answered": 0, "opened_at": null, "closed_at": null, "version": 1,
    "created_at": "2026-12-01T02:00:00Z", "updated_at": "2026-12-01T02:00:00Z"
})))]
pub struct AssessmentRound {
    pub id: String,
    pub period_id: String,
    pub name: String,
    /// The period's regime, which decides the instrument.
    pub regime: Regime,
    /// The unit whose subtree is assessed; null when the round lists its employees.
    pub unit_id: Option<String>,
    /// The unit whose subtree holds every assessee (decides which hr officers manage it).
    pub scope_unit_id: String,
    pub weights: RaterWeights,
    /// A peer or subordinate group with fewer answers than this is not shown.
    pub min_raters: i32,
    pub closes_at: Option<DateTime<Utc>>,
    /// `draft` → `open` → `closed`; an open round whose `closes_at` has passed is `closed`.
    pub status: RoundStatus,
    /// How many employees are assessed.
    pub assessees: i64,
    /// How many rater assignments there are, and how many are answered.
    pub assignments: i64,
    pub answered: i64,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn round_view(work: &mut Work<'_>, r: RoundRow) -> Result<AssessmentRound, ApiError> {
    let assessees = rows::count_assessees(work.conn(), &r.id)?;
    let (assignments, answered) = rows::count_assignments(work.conn(), &r.id)?;
    let status = r.status_at(work.now());
    let closed_at = r.closed_at.or_else(|| {
        (status == RoundStatus::Closed)
            .then_some(r.closes_at)
            .flatten()
    });
    Ok(AssessmentRound {
        weights: r.weights().into(),
        id: r.id,
        period_id: r.period_id,
        name: r.name,
        regime: r.regime,
        unit_id: r.unit_id,
        scope_unit_id: r.scope_unit_id,
        min_raters: r.min_raters,
        closes_at: r.closes_at.map(|t| t.and_utc()),
        status,
        assessees,
        assignments,
        answered,
        opened_at: r.opened_at.map(|t| t.and_utc()),
        closed_at: closed_at.map(|t| t.and_utc()),
        version: r.version,
        created_at: r.created_at.and_utc(),
        updated_at: r.updated_at.and_utc(),
    })
}

fn round_response(status: actix_web::HttpResponseBuilder, round: AssessmentRound) -> HttpResponse {
    tagged(status, round.version, round)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(
    json!({"period_id": "019a9a3c-6000-7c2e-9b41-3d2f1e0a9b01", "name": "360° 2026 Dinas Sosial",
        "unit_id": "019a9a3c-5000-7c2e-9b41-3d2f1e0a9b01", "closes_at": "2026-12-15T09:00:00Z"}),
    json!({"period_id": "019a9a3c-6000-7c2e-9b41-3d2f1e0a9b01", "name": "360° pilot",
        "employee_ids": ["019a9a3c-4000-7c2e-9b41-3d2f1e0a9b01", "019a9a3c-4001-7c2e-9b41-3d2f1e0a9b01"],
        "weights": {"supervisor": 40, "peer": 30, "subordinate": 20, "self": 10}, "min_raters": 2})
))]
pub struct CreateAssessmentRound {
    pub period_id: String,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Assess every active employee of this unit's subtree. Give this or `employee_ids`.
    pub unit_id: Option<String>,
    /// Assess these employees (at most 5,000). Give this or `unit_id`.
    #[schema(max_items = 5000)]
    pub employee_ids: Option<Vec<String>>,
    /// Default supervisor 50, peer 30, subordinate 20, self 0.
    pub weights: Option<RaterWeights>,
    /// Default 3, at least 2, at most 50.
    #[schema(minimum = 2, maximum = 50)]
    pub min_raters: Option<i64>,
    /// When answering ends by itself; in the future. Hr may also close the round earlier.
    pub closes_at: Option<DateTime<Utc>>,
}

const FORBIDDEN: &str = "Not admin or hr (clients: not `assessments:read`).";

/// Creates a 360° round and its raters.
#[utoipa::path(
    tag = "assessments",
    operation_id = "create_assessment_round",
    description = "Creates a round in status `draft` for the period's regime, with the raters of \
        each assessee drawn from the org structure as it stands: their active superior \
        (`supervisor`), the superior's other active reports (`peer`), their own active reports \
        (`subordinate`) and themselves (`self`). 422 names the field: `/weights` `weights_sum`, \
        `/min_raters` `out_of_range` (never below 2), `/closes_at` `in_past`, `/period_id` \
        `unknown_period`, `/unit_id` `unknown_unit` or `empty_population`, \
        `/employee_ids/{i}` `unknown_employee` or `duplicate`. 409 `period_closed`.\
        \n\n**Who may call:** admin; hr for a population inside their unit subtree.",
    request_body(content = CreateAssessmentRound),
    responses(
        (status = 201, description = "Created.", body = AssessmentRound, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not admin or hr, or a unit outside hr's subtree.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`period_closed`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/assessment-rounds")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Body<CreateAssessmentRound>,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::manage_rounds(&principal)?;
    let body = body.parse()?;
    let mut errors = Vec::new();
    let weights = body.weights.and_then(|w| w.checked(&mut errors));
    let min_raters = checked_min_raters(body.min_raters, &mut errors);
    let population = match (body.unit_id, body.employee_ids) {
        (Some(_), Some(_)) => {
            errors.push(FieldError::at(
                "/employee_ids",
                "population_ambiguous",
                "give unit_id or employee_ids, not both",
            ));
            None
        }
        (Some(unit), None) => Some(Population::Unit(unit)),
        (None, Some(ids)) => Some(Population::Employees(ids)),
        (None, None) => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let input = NewRound {
        period_id: body.period_id,
        name: body.name,
        population,
        weights,
        min_raters,
        closes_at: body.closes_at.map(|t| t.naive_utc()),
    };
    let round = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::create(work, &governs, input)?;
            round_view(work, row)
        })
        .await?;
    Ok(created(
        format!("/api/v1/assessment-rounds/{}", round.id),
        round.version,
        round,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RoundQuery {
    pub period_id: Option<String>,
    /// The stored status (an open round past `closes_at` still lists as `open` here).
    pub status: Option<RoundStatus>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists 360° rounds.
#[utoipa::path(
    tag = "assessments",
    operation_id = "list_assessment_rounds",
    description = "Rounds in creation order, a page at a time; hr sees those whose population \
        lies in their unit subtree.\n\n**Who may call:** admin, hr; clients with \
        `assessments:read`.",
    params(RoundQuery),
    responses(
        (status = 200, description = "A page of rounds.", body = Page<AssessmentRound>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = FORBIDDEN, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["assessments:read"]))
)]
#[get("/assessment-rounds")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<RoundQuery>,
) -> Result<web::Json<Page<AssessmentRound>>, ApiError> {
    let governs = policy::read_rounds(&principal)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let page = state
        .perform(actor(&principal, &req), move |work| {
            let within = match &governs {
                policy::Governs::All => None,
                policy::Governs::Subtree(root) => {
                    Some(units::path_of(work.conn(), root)?.unwrap_or_default())
                }
            };
            let filter = rows::RoundFilter {
                period_id: query.period_id,
                status: query.status.map(|s| s.as_str().to_owned()),
                within,
            };
            let found = rows::list_rounds(work.conn(), &filter, after.as_deref(), limit + 1)?;
            let page = pagination::page(found, limit, |r| r.id.clone(), |r| r);
            let items = page
                .items
                .into_iter()
                .map(|r| round_view(work, r))
                .collect::<Result<_, _>>()?;
            Ok(Page {
                items,
                next_cursor: page.next_cursor,
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// Reads one 360° round.
#[utoipa::path(
    tag = "assessments",
    operation_id = "get_assessment_round",
    description = "One round with its completion counts and `ETag`.\n\n**Who may call:** \
        admin, hr of the population's units; clients with `assessments:read`.",
    params(("id" = String, Path, description = "The round's id.")),
    responses(
        (status = 200, description = "The round.", body = AssessmentRound, headers(("ETag" = String))),
        (status = 403, description = FORBIDDEN, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or outside hr's units.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["assessments:read"]))
)]
#[get("/assessment-rounds/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::read_rounds(&principal)?;
    let id = id.into_inner();
    let round = state
        .perform(actor(&principal, &req), move |work| {
            let row = governed_round(work.conn(), &governs, &id)?;
            round_view(work, row)
        })
        .await?;
    Ok(round_response(HttpResponse::Ok(), round))
}

/// A merge patch of a round.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"min_raters": 4, "closes_at": "2026-12-20T09:00:00Z"})))]
pub struct UpdateAssessmentRound {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 200)]
    pub name: Option<String>,
    /// Only while the round is a draft.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = RaterWeights)]
    pub weights: Option<RaterWeights>,
    /// Only while the round is a draft.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = i64, minimum = 2, maximum = 50)]
    pub min_raters: Option<i64>,
    /// Until the round is closed; null for no automatic close.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub closes_at: Option<Option<DateTime<Utc>>>,
}

/// Changes a 360° round.
#[utoipa::path(
    tag = "assessments",
    operation_id = "update_assessment_round",
    description = "Applies a merge patch. `weights` and `min_raters` change only while the round \
        is a draft (409 `round_not_draft`), `closes_at` until it is closed (409 \
        `round_not_open`). Send `If-Match` with the `ETag` you read (412 if stale).\
        \n\n**Who may call:** admin, hr of the population's units.",
    params(
        ("id" = String, Path, description = "The round's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = UpdateAssessmentRound, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed round.", body = AssessmentRound, headers(("ETag" = String))),
        (status = 400, description = "`If-Match` cannot be read.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not admin or hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or outside hr's units.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_draft`, `round_not_open`.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[patch("/assessment-rounds/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<UpdateAssessmentRound>,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::manage_rounds(&principal)?;
    let body = body.parse()?;
    let mut errors = Vec::new();
    let changes = RoundChanges {
        name: body.name,
        weights: body.weights.and_then(|w| w.checked(&mut errors)),
        min_raters: checked_min_raters(body.min_raters, &mut errors),
        closes_at: body.closes_at.map(|t| t.map(|t| t.naive_utc())),
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let id = id.into_inner();
    let round = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::update(work, &governs, &id, changes, &if_match)?;
            round_view(work, row)
        })
        .await?;
    Ok(round_response(HttpResponse::Ok(), round))
}

/// A status step of a round (open, close) and the round after it.
async fn step(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    governs: policy::Governs,
    id: String,
    if_match: IfMatch,
    step: fn(&mut Work<'_>, &policy::Governs, &str, &IfMatch) -> Result<RoundRow, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let round = state
        .perform(actor(&principal, &req), move |work| {
            let row = step(work, &governs, &id, &if_match)?;
            round_view(work, row)
        })
        .await?;
    Ok(round_response(HttpResponse::Ok(), round))
}

/// Opens a round for answers.
#[utoipa::path(
    tag = "assessments",
    operation_id = "open_assessment_round",
    description = "`draft` → `open`: raters see their tasks and answer. Opening an open round \
        changes nothing; a closed round is 409 `round_not_draft`; a `closes_at` already \
        passed is 422.\n\n**Who may call:** admin, hr of the population's units.",
    params(
        ("id" = String, Path, description = "The round's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    responses(
        (status = 200, description = "The open round.", body = AssessmentRound, headers(("ETag" = String))),
        (status = 400, description = "`If-Match` cannot be read.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not admin or hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or outside hr's units.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_draft`.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`/closes_at` `in_past`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/assessment-rounds/{id}/open")]
pub async fn open(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::manage_rounds(&principal)?;
    step(
        state,
        req,
        principal,
        governs,
        id.into_inner(),
        if_match,
        service::open,
    )
    .await
}

/// Closes a round; its results become readable.
#[utoipa::path(
    tag = "assessments",
    operation_id = "close_assessment_round",
    description = "`open` → `closed`, never blocked: answers not given count as absent. \
        Closing a closed round changes nothing; a draft is 409 `round_not_open`.\
        \n\n**Who may call:** admin, hr of the population's units.",
    params(
        ("id" = String, Path, description = "The round's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    responses(
        (status = 200, description = "The closed round.", body = AssessmentRound, headers(("ETag" = String))),
        (status = 400, description = "`If-Match` cannot be read.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not admin or hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or outside hr's units.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_open`.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/assessment-rounds/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::manage_rounds(&principal)?;
    step(
        state,
        req,
        principal,
        governs,
        id.into_inner(),
        if_match,
        service::close,
    )
    .await
}

/// Who rates whom, and whether they have answered; never what.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({"id": "019a9a3c-8000-7c2e-9b41-3d2f1e0a9b01",
    "assessee_id": "019a9a3c-4000-7c2e-9b41-3d2f1e0a9b01", "rater_id": "019a9a3c-4001-7c2e-9b41-3d2f1e0a9b01",
    "group": "peer", "answered": false})))]
pub struct Assignment {
    pub id: String,
    pub assessee_id: String,
    pub rater_id: String,
    pub group: RaterGroup,
    pub answered: bool,
}

impl From<AssignmentRow> for Assignment {
    fn from(a: AssignmentRow) -> Self {
        Assignment {
            answered: a.answer.is_some(),
            id: a.id,
            assessee_id: a.assessee_id,
            rater_id: a.rater_id,
            group: a.rater_group,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AssignmentQuery {
    pub assessee_id: Option<String>,
    pub rater_id: Option<String>,
    pub group: Option<RaterGroup>,
    /// Only answered (true) or unanswered (false) assignments, to chase missing raters.
    pub answered: Option<bool>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

type RoundPath = web::Path<(String, String)>;

/// Lists a round's rater assignments and their completion.
#[utoipa::path(
    tag = "assessments",
    operation_id = "list_assessment_assignments",
    description = "Who rates whom and whether they have answered: the only rater-level \
        information anyone gets, so that hr can chase missing raters. Answers are never \
        listed.\n\n**Who may call:** admin, hr of the population's units.",
    params(("id" = String, Path, description = "The round's id."), AssignmentQuery),
    responses(
        (status = 200, description = "A page of assignments.", body = Page<Assignment>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not admin or hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or outside hr's units.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/assessment-rounds/{id}/assignments")]
pub async fn list_assignments(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    QueryParams(query): QueryParams<AssignmentQuery>,
) -> Result<web::Json<Page<Assignment>>, ApiError> {
    let governs = policy::manage_rounds(&principal)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let id = id.into_inner();
    let filter = AssignmentFilter {
        assessee_id: query.assessee_id,
        rater_id: query.rater_id,
        group: query.group.map(|g| g.as_str().to_owned()),
        answered: query.answered,
    };
    let found = state
        .perform(actor(&principal, &req), move |work| {
            governed_round(work.conn(), &governs, &id)?;
            Ok(rows::list_assignments(
                work.conn(),
                &id,
                &filter,
                after.as_deref(),
                limit + 1,
            )?)
        })
        .await?;
    Ok(web::Json(pagination::page(
        found,
        limit,
        |a| a.id.clone(),
        Assignment::from,
    )))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"assessee_id": "019a9a3c-4000-7c2e-9b41-3d2f1e0a9b01",
    "rater_id": "019a9a3c-4009-7c2e-9b41-3d2f1e0a9b01", "group": "peer"})))]
pub struct AddAssignment {
    /// An employee assessed in the round.
    pub assessee_id: String,
    /// An active employee; `self` exactly when it is the assessee.
    pub rater_id: String,
    pub group: RaterGroup,
}

/// Adds a rater while the round is a draft.
#[utoipa::path(
    tag = "assessments",
    operation_id = "add_assessment_assignment",
    description = "Adds a rater for one assessee. 409 `round_not_draft` once the round is open, \
        409 `duplicate_rater` when this rater already rates this assessee; 422 \
        `/assessee_id` `not_assessed`, `/rater_id` `unknown_employee`, `/group` \
        `group_mismatch`.\n\n**Who may call:** admin, hr of the population's units.",
    params(("id" = String, Path, description = "The round's id.")),
    request_body(content = AddAssignment),
    responses(
        (status = 201, description = "Added.", body = Assignment, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not admin or hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or outside hr's units.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_draft`, `duplicate_rater`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/assessment-rounds/{id}/assignments")]
pub async fn add_assignment(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<AddAssignment>,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::manage_rounds(&principal)?;
    let body = body.parse()?;
    let id = id.into_inner();
    let actor = actor(&principal, &req);
    let input = raters::NewRater {
        assessee_id: body.assessee_id,
        rater_id: body.rater_id,
        group: body.group,
    };
    let row = state
        .perform(actor, move |work| {
            raters::add(work, &principal, &governs, &id, input)
        })
        .await?;
    Ok(created(
        format!(
            "/api/v1/assessment-rounds/{}/assignments/{}",
            row.round_id, row.id
        ),
        row.version,
        Assignment::from(row),
    ))
}

/// Removes a rater while the round is a draft.
#[utoipa::path(
    tag = "assessments",
    operation_id = "remove_assessment_assignment",
    description = "Removes one rater assignment. 409 `round_not_draft` once the round is open.\
        \n\n**Who may call:** admin, hr of the population's units.",
    params(
        ("id" = String, Path, description = "The round's id."),
        ("assignment_id" = String, Path, description = "The assignment's id."),
    ),
    responses(
        (status = 204, description = "Removed."),
        (status = 403, description = "Not admin or hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or assignment.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_draft`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[delete("/assessment-rounds/{id}/assignments/{assignment_id}")]
pub async fn remove_assignment(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    path: RoundPath,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::manage_rounds(&principal)?;
    let (id, assignment_id) = path.into_inner();
    state
        .perform(actor(&principal, &req), move |work| {
            raters::remove(work, &governs, &id, &assignment_id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// One rater group's part of a result.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupResult {
    pub group: RaterGroup,
    /// How many raters of the group answered.
    pub answered: u32,
    /// False when nobody answered, or fewer than `min_raters` peers or subordinates did: then
    /// `means` is null, `feedback` empty, and the group's answers are used nowhere.
    pub shown: bool,
    /// The group's share of the result in percent after the weights of groups not shown were
    /// redistributed; null when not shown.
    #[schema(value_type = Option<f64>, example = 62.5)]
    pub weight_applied: Option<Hundredths>,
    /// Per aspect (`pp30_2021`, 0–120) or value (`permenpan6_2022`, below 1 / meets 2 /
    /// above 3) the mean of the group's answers; null when not shown.
    #[schema(value_type = Option<BTreeMap<String, f64>>)]
    pub means: Option<BTreeMap<&'static str, Hundredths>>,
    /// Feedback texts of a shown group, without author, ordered by value and then text.
    pub feedback: Vec<FeedbackText>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackText {
    /// The BerAKHLAK value the text is about.
    pub value: String,
    pub text: String,
}

/// An assessee's result in a closed round. Under `pp30_2021` `aspects` and `behaviour_score`
/// are set (the others null); under `permenpan6_2022` `values`, `value_mean` and
/// `suggested_rating`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(
    json!({"round_id": "019a9a3c-7000-7c2e-9b41-3d2f1e0a9b01", "employee_id": "019a9a3c-4000-7c2e-9b41-3d2f1e0a9b01",
        "regime": "pp30_2021", "groups": [
        {"group": "supervisor", "answered": 1, "shown": true, "weight_applied": 62.5,
         "means": {"orientasi_pelayanan": 100, "komitmen": 90, "inisiatif_kerja": 80, "kerja_sama": 110}, "feedback": []},
        {"group": "peer", "answered": 3, "shown": true, "weight_applied": 37.5,
         "means": {"orientasi_pelayanan": 90, "komitmen": 81.67, "inisiatif_kerja": 81.67, "kerja_sama": 93.33}, "feedback": []},
        {"group": "subordinate", "answered": 2, "shown": false, "weight_applied": null, "means": null, "feedback": []},
        {"group": "self", "answered": 0, "shown": false, "weight_applied": null, "means": null, "feedback": []}],
        "aspects": {"orientasi_pelayanan": 96.25, "komitmen": 86.88, "inisiatif_kerja": 80.63, "kerja_sama": 103.75},
        "behaviour_score": 91.88, "values": null, "value_mean": null, "suggested_rating": null,
        "explanation": "weights of the shown groups, out of 80: supervisor 50 → 62.5, peer 30 → 37.5; subordinate suppressed (2 answered, fewer than 3; its answers are not used); self: no answers; per aspect Σ(weight × group mean) / 80; behaviour score = mean of 4 aspects = 91.88"}),
    json!({"round_id": "019a9a3c-7000-7c2e-9b41-3d2f1e0a9b02", "employee_id": "019a9a3c-4000-7c2e-9b41-3d2f1e0a9b01",
        "regime": "permenpan6_2022", "groups": [
        {"group": "supervisor", "answered": 1, "shown": true, "weight_applied": 62.5,
         "means": {"berorientasi_pelayanan": 3, "akuntabel": 3, "kompeten": 2, "harmonis": 3, "loyal": 3, "adaptif": 2, "kolaboratif": 3},
         "feedback": [{"value": "akuntabel", "text": "Laporan selalu tepat waktu."}]},
        {"group": "peer", "answered": 3, "shown": true, "weight_applied": 37.5,
         "means": {"berorientasi_pelayanan": 2.67, "akuntabel": 2, "kompeten": 2, "harmonis": 3, "loyal": 2, "adaptif": 2, "kolaboratif": 2.33},
         "feedback": []},
        {"group": "subordinate", "answered": 0, "shown": false, "weight_applied": null, "means": null, "feedback": []},
        {"group": "self", "answered": 0, "shown": false, "weight_applied": null, "means": null, "feedback": []}],
        "aspects": null, "behaviour_score": null,
        "values": {"berorientasi_pelayanan": 2.88, "akuntabel": 2.63, "kompeten": 2, "harmonis": 3, "loyal": 2.63, "adaptif": 2, "kolaboratif": 2.75},
        "value_mean": 2.56, "suggested_rating": "above",
        "explanation": "weights of the shown groups, out of 80: supervisor 50 → 62.5, peer 30 → 37.5; subordinate: no answers; self: no answers; per value Σ(weight × group mean) / 80 on below 1, meets 2, above 3; mean of 7 values = 2.56 (≥ 2.5 above, < 1.5 below, else meets): above"})
))]
pub struct AssessmentResult {
    pub round_id: String,
    pub employee_id: String,
    pub regime: Regime,
    /// Always the four groups: supervisor, peer, subordinate, self.
    pub groups: Vec<GroupResult>,
    /// `pp30_2021`: per aspect that applies, the weighted mean of the shown groups (0–120).
    #[schema(value_type = Option<BTreeMap<String, f64>>)]
    pub aspects: Option<BTreeMap<String, Hundredths>>,
    /// `pp30_2021`: the mean of `aspects`, what the evaluation uses as the behaviour score;
    /// null when no shown group carries weight.
    #[schema(value_type = Option<f64>, example = 91.88)]
    pub behaviour_score: Option<Hundredths>,
    /// `permenpan6_2022`: per value, the weighted mean on below 1 / meets 2 / above 3.
    #[schema(value_type = Option<BTreeMap<String, f64>>)]
    pub values: Option<BTreeMap<String, Hundredths>>,
    /// `permenpan6_2022`: the mean of `values`.
    #[schema(value_type = Option<f64>, example = 2.56)]
    pub value_mean: Option<Hundredths>,
    /// `permenpan6_2022`: ≥ 2.5 above, < 1.5 below, else meets; what the evaluation suggests
    /// as the behaviour rating.
    pub suggested_rating: Option<Rating>,
    /// How the numbers were reached, group by group.
    pub explanation: String,
}

fn result_view(round_id: &str, employee_id: String, o: Outcome) -> AssessmentResult {
    let pp30 = o.regime == Regime::Pp30_2021;
    AssessmentResult {
        round_id: round_id.to_owned(),
        employee_id,
        regime: o.regime,
        groups: o
            .groups
            .into_iter()
            .map(|g| GroupResult {
                group: g.group,
                answered: g.answered,
                shown: g.shown,
                weight_applied: g.weight_applied,
                means: g.shown.then_some(g.means),
                feedback: g
                    .feedback
                    .into_iter()
                    .map(|(value, text)| FeedbackText {
                        value: value.as_str().to_owned(),
                        text,
                    })
                    .collect(),
            })
            .collect(),
        aspects: pp30.then(|| {
            o.aspects
                .into_iter()
                .map(|(k, v)| (k.as_str().to_owned(), v))
                .collect()
        }),
        behaviour_score: o.behaviour_score,
        values: (!pp30).then(|| {
            o.values
                .into_iter()
                .map(|(k, v)| (k.as_str().to_owned(), v))
                .collect()
        }),
        value_mean: o.value_mean,
        suggested_rating: o.suggested_rating,
        explanation: o.explanation,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ResultQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists every assessee's result in a closed round.
#[utoipa::path(
    tag = "assessments",
    operation_id = "list_assessment_results",
    description = "Every assessee's result, in employee id order; 409 `round_not_closed` \
        before the round closes.\n\n**Who may call:** admin, hr of the population's units; \
        clients with `assessments:read`.",
    params(("id" = String, Path, description = "The round's id."), ResultQuery),
    responses(
        (status = 200, description = "A page of results.", body = Page<AssessmentResult>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = FORBIDDEN, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or outside hr's units.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_closed`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["assessments:read"]))
)]
#[get("/assessment-rounds/{id}/results")]
pub async fn list_results(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    QueryParams(query): QueryParams<ResultQuery>,
) -> Result<web::Json<Page<AssessmentResult>>, ApiError> {
    let governs = policy::read_rounds(&principal)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let id = id.into_inner();
    let page = state
        .perform(actor(&principal, &req), move |work| {
            let round = governed_round(work.conn(), &governs, &id)?;
            results::require_closed(&round, work.now())?;
            let found = rows::assessees(work.conn(), &id, after.as_deref(), limit + 1)?;
            let page = pagination::page(found, limit, |a| a.employee_id.clone(), |a| a);
            let items = results::outcomes(work.conn(), &round, &page.items)?
                .into_iter()
                .map(|(employee, outcome)| result_view(&id, employee, outcome))
                .collect();
            Ok(Page {
                items,
                next_cursor: page.next_cursor,
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// Reads one assessee's result in a closed round.
#[utoipa::path(
    tag = "assessments",
    operation_id = "get_assessment_result",
    description = "Per rater group how many answered, whether the group is shown, its weight \
        after redistribution and its means; then the combined result with an explanation. A \
        peer or subordinate group with fewer than `min_raters` answers is not shown and not \
        used. 409 `round_not_closed` before the round closes.\n\n**Who may call:** the \
        assessee; their superior and the superior's superior; hr and pyb of the assessee's \
        unit; admin; clients with `assessments:read`. Anyone else gets 404.",
    params(
        ("id" = String, Path, description = "The round's id."),
        ("employee_id" = String, Path, description = "The assessee's employee id."),
    ),
    responses(
        (status = 200, description = "The result.", body = AssessmentResult),
        (status = 403, description = "A client without `assessments:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or assessee, or not the caller's to read.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_closed`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["assessments:read"]))
)]
#[get("/assessment-rounds/{id}/results/{employee_id}")]
pub async fn get_result(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    path: RoundPath,
) -> Result<web::Json<AssessmentResult>, ApiError> {
    let (id, employee_id) = path.into_inner();
    let actor = actor(&principal, &req);
    let result = state
        .perform(actor, move |work| {
            let may_read = access::may_read_result(work.conn(), &principal, &employee_id)?;
            policy::read_assessment_result(&principal, may_read, &employee_id)?;
            let round = rows::find_round(work.conn(), &id)?
                .ok_or_else(|| ApiError::not_found("assessment round", &id))?;
            results::require_closed(&round, work.now())?;
            let outcome = results::outcome(work.conn(), &round, &employee_id)?;
            Ok(result_view(&id, employee_id, outcome))
        })
        .await?;
    Ok(web::Json(result))
}
