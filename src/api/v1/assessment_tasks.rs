//! A rater's 360° tasks: whom they are asked to rate, the instrument, and their own answer.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::concurrency::{IfMatch, tagged};
use crate::api::extract::{Body, QueryParams};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::assessments::responses::{self, stored_answer};
use crate::auth::{Principal, policy};
use crate::domain::behaviour::{Answer, RaterGroup, RawAnswer, ValueAnswer, items};
use crate::domain::scoring::Regime;
use crate::error::{ApiError, Problem};
use crate::store::assessments::TaskRow;

/// The person to rate.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskAssessee {
    pub id: String,
    pub name: String,
    pub position_title: String,
}

/// One question of the instrument.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstrumentItem {
    /// The key to answer under: an aspect (`pp30_2021`) or a BerAKHLAK value (`permenpan6_2022`).
    pub key: String,
    pub label: String,
    /// `score_0_120`: a whole number from 0 to 120; `rating`: `below`, `meets` or `above`, with
    /// optional feedback text.
    #[schema(example = "score_0_120")]
    pub answer: &'static str,
}

/// A rater's answer. Under `pp30_2021` `aspects` (every aspect asked, 0–120); under
/// `permenpan6_2022` `values` (all seven, each a rating and optional feedback).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(
    json!({"aspects": {"orientasi_pelayanan": 95, "komitmen": 100, "inisiatif_kerja": 85, "kerja_sama": 90}}),
    json!({"values": {
        "berorientasi_pelayanan": {"rating": "above", "feedback": "Selalu sigap membantu warga."},
        "akuntabel": {"rating": "meets"}, "kompeten": {"rating": "meets"},
        "harmonis": {"rating": "above"}, "loyal": {"rating": "meets"},
        "adaptif": {"rating": "meets", "feedback": "Perlu lebih terbuka pada aplikasi baru."},
        "kolaboratif": {"rating": "above"}}})
))]
pub struct TaskAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = aspect_scores)]
    pub aspects: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = value_answers)]
    pub values: Option<BTreeMap<String, serde_json::Value>>,
}

/// A score (0–120) per `pp30_2021` behaviour aspect, keyed by the aspect's code.
pub(super) fn aspect_scores() -> utoipa::openapi::schema::Object {
    use crate::domain::behaviour::{Aspect, SCORE_MAX};
    use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(Aspect::ALL.iter().map(|a| a.as_str()))),
        ))
        .additional_properties(Some(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Int32,
                )))
                .minimum(Some(0))
                .maximum(Some(SCORE_MAX)),
        ))
        .build()
}

/// A rating (with optional feedback) per BerAKHLAK value, keyed by the value's code.
fn value_answers() -> utoipa::openapi::schema::Object {
    use crate::domain::behaviour::CoreValue;
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(CoreValue::ALL.iter().map(|v| v.as_str()))),
        ))
        .additional_properties(Some(utoipa::openapi::Ref::from_schema_name(
            "ValueAnswerSchema",
        )))
        .build()
}

/// A value's rating with optional feedback (at most 2,000 characters).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueAnswerSchema {
    pub rating: crate::domain::scoring::permenpan6_2022::Rating,
    #[schema(max_length = 2000)]
    pub feedback: Option<String>,
}

impl From<Answer> for TaskAnswer {
    fn from(given: Answer) -> Self {
        let json = |v: &ValueAnswer| serde_json::to_value(v).unwrap_or_default();
        match given {
            Answer::Scores(scores) => TaskAnswer {
                aspects: Some(
                    scores
                        .into_iter()
                        .map(|(k, v)| (k.as_str().to_owned(), v.into()))
                        .collect(),
                ),
                values: None,
            },
            Answer::Ratings(ratings) => TaskAnswer {
                aspects: None,
                values: Some(
                    ratings
                        .iter()
                        .map(|(k, v)| (k.as_str().to_owned(), json(v)))
                        .collect(),
                ),
            },
        }
    }
}

/// Someone the caller is asked to rate in an open round.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3c-8000-7c2e-9b41-3d2f1e0a9b01", "round_id": "019a9a3c-7000-7c2e-9b41-3d2f1e0a9b01",
    "round_name": "360° 2026 Dinas Sosial", "closes_at": "2026-12-15T09:00:00Z",
    "assessee": {"id": "019a9a3c-4000-7c2e-9b41-3d2f1e0a9b01", "name": "Siti Rahmawati", "position_title": "Analis Kebijakan"},
    "group": "peer", "regime": "pp30_2021",
    "items": [
        {"key": "orientasi_pelayanan", "label": "Orientasi pelayanan", "answer": "score_0_120"},
        {"key": "komitmen", "label": "Komitmen", "answer": "score_0_120"},
        {"key": "inisiatif_kerja", "label": "Inisiatif kerja", "answer": "score_0_120"},
        {"key": "kerja_sama", "label": "Kerja sama", "answer": "score_0_120"}],
    "response": null, "version": 1
})))]
pub struct AssessmentTask {
    pub id: String,
    pub round_id: String,
    pub round_name: String,
    pub closes_at: Option<DateTime<Utc>>,
    pub assessee: TaskAssessee,
    /// Who the caller is to the assessee.
    pub group: RaterGroup,
    pub regime: Regime,
    pub items: Vec<InstrumentItem>,
    /// The caller's own answer; null until given.
    pub response: Option<TaskAnswer>,
    pub version: i64,
}

fn task_view(t: TaskRow) -> Result<AssessmentTask, ApiError> {
    let regime: Regime = t
        .regime
        .parse()
        .map_err(|()| ApiError::internal(anyhow::anyhow!("stored regime {:?}", t.regime)))?;
    let answer_kind = match regime {
        Regime::Pp30_2021 => "score_0_120",
        Regime::Permenpan6_2022 => "rating",
    };
    let response = stored_answer(&t.assignment)?.map(TaskAnswer::from);
    let a = t.assignment;
    Ok(AssessmentTask {
        id: a.id,
        round_id: a.round_id,
        round_name: t.round_name,
        closes_at: t.round_closes_at.map(|c| c.and_utc()),
        assessee: TaskAssessee {
            id: a.assessee_id,
            name: t.assessee_name,
            position_title: t.assessee_position,
        },
        group: a.rater_group,
        regime,
        items: items(regime, t.managerial)
            .into_iter()
            .map(|(key, label)| InstrumentItem {
                key: key.to_owned(),
                label: label.to_owned(),
                answer: answer_kind,
            })
            .collect(),
        response,
        version: a.version,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TaskQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists whom the caller is asked to rate.
#[utoipa::path(
    tag = "assessments",
    operation_id = "list_my_assessment_tasks",
    description = "The caller's tasks in open rounds: the assessee's name and position, the \
        caller's group, the instrument, and the caller's own answer so far.\n\n**Who may \
        call:** a person linked to an employee record.",
    params(TaskQuery),
    responses(
        (status = 200, description = "A page of tasks.", body = Page<AssessmentTask>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A client, or an account linked to no employee.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/me/assessment-tasks")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<TaskQuery>,
) -> Result<web::Json<Page<AssessmentTask>>, ApiError> {
    let rater = policy::rate_colleagues(&principal)?.to_owned();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let found = state
        .perform(actor(&principal, &req), move |work| {
            responses::open_tasks(work, &rater, after.as_deref(), limit + 1)
        })
        .await?;
    let page = pagination::page(found, limit, |t| t.assignment.id.clone(), |t| t);
    Ok(web::Json(Page {
        items: page
            .items
            .into_iter()
            .map(task_view)
            .collect::<Result<_, _>>()?,
        next_cursor: page.next_cursor,
    }))
}

/// Answers a task, or changes the answer, while the round is open.
#[utoipa::path(
    tag = "assessments",
    operation_id = "answer_assessment_task",
    description = "Stores the caller's answer; it can be changed until the round closes (409 \
        `round_not_open` before it opens and after it closes). An incomplete or out-of-range \
        answer is 422 per field (`/aspects/komitmen` `required`, `/aspects/kepemimpinan` \
        `not_applicable`, `/values/loyal/rating` `invalid_rating`, `/aspects` \
        `wrong_regime`, ...). Only the caller ever reads the answer back; results show \
        aggregates once the round is closed. Send `If-Match` with the task's `ETag` to avoid \
        overwriting an answer given from another device (412 if stale).\n\n**Who may \
        call:** the rater of the task; anyone else gets 404.",
    params(
        ("id" = String, Path, description = "The task's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"2\"`."),
    ),
    request_body(content = TaskAnswer),
    responses(
        (status = 200, description = "The task with the stored answer.", body = AssessmentTask, headers(("ETag" = String))),
        (status = 400, description = "`If-Match` cannot be read, or the body is not JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A client, or an account linked to no employee.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such task among the caller's.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_open`.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An answer is missing, unknown or out of range.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[put("/assessment-tasks/{id}/response")]
pub async fn answer(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<TaskAnswer>,
) -> Result<HttpResponse, ApiError> {
    let rater = policy::rate_colleagues(&principal)?.to_owned();
    let body = body.parse()?;
    let raw = RawAnswer {
        aspects: body.aspects,
        values: body.values,
    };
    let id = id.into_inner();
    let task = state
        .perform(actor(&principal, &req), move |work| {
            responses::answer(work, &rater, &id, raw, &if_match)
        })
        .await?;
    let version = task.assignment.version;
    Ok(tagged(HttpResponse::Ok(), version, task_view(task)?))
}
