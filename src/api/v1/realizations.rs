//! Realisations of a plan's indicators, and the plan's live score.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::me::actor;
use super::plans::plan_access;
use super::scorecard::{Assessment, Problems, SkpScoreResponse, check_realization};
use crate::api::concurrency::tagged;
use crate::api::extract::Body;
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::domain::scoring::Quantity;
use crate::error::{ApiError, Problem};
use crate::plans::load;
use crate::plans::realizations::{self as service, NewRealization};
use crate::plans::score::live_score_input;
use crate::store::plans::RealizationRow;

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What was done, at most 4,000 characters.
    #[schema(max_length = 4000)]
    pub text: Option<String>,
    /// http(s) links to documents or photos, at most 20.
    #[serde(default)]
    #[schema(schema_with = link_list)]
    pub links: Vec<String>,
}

/// At most `LINKS_MAX` links of at most `LINK_MAX` characters.
fn link_list() -> utoipa::openapi::schema::Array {
    use crate::plans::realizations::{LINK_MAX, LINKS_MAX};
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(utoipa::openapi::SchemaFormat::Custom("uri".into())))
                .max_length(Some(LINK_MAX)),
        )
        .max_items(Some(LINKS_MAX))
        .description(Some("http(s) links to documents or photos, at most 20."))
        .build()
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"indicator_id": "019a9a3c-7200-7000-8000-000000000001", "sub_period": 4,
    "value": 5659, "evidence": {"text": "Rekap penyaluran BPNT per kelurahan, Desember",
    "links": ["https://drive.example.go.id/bpnt/rekap-2026-12.pdf"]}})))]
pub struct CreateRealization {
    pub indicator_id: String,
    /// The 1-based index of the period's sub-periods (`sub_period_ranges`).
    #[schema(minimum = 1, maximum = 12)]
    pub sub_period: i64,
    /// Not negative; at most 15 significant digits and 6 decimals.
    #[schema(minimum = 0, example = 5659)]
    pub value: f64,
    pub evidence: Option<Evidence>,
}

/// A realisation as entered.
#[derive(Debug, Serialize, ToSchema)]
pub struct Realization {
    pub id: String,
    pub indicator_id: String,
    pub sub_period: i32,
    #[schema(example = 5659)]
    pub value: f64,
    pub evidence: Evidence,
    /// The account that entered it.
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
}

impl From<RealizationRow> for Realization {
    fn from(r: RealizationRow) -> Self {
        Realization {
            value: Quantity::parse(&r.value).map_or(f64::NAN, Quantity::to_f64),
            evidence: Evidence {
                text: r.evidence_text,
                links: serde_json::from_str(&r.evidence_links).unwrap_or_default(),
            },
            id: r.id,
            indicator_id: r.indicator_id,
            sub_period: r.sub_period,
            entered_by: r.entered_by,
            entered_at: r.entered_at.and_utc(),
        }
    }
}

/// The current value of an indicator in a sub-period, with the values it corrected.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentRealization {
    #[serde(flatten)]
    pub current: Realization,
    /// Earlier entries for the same indicator and sub-period, oldest first.
    pub history: Vec<Realization>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RealizationList {
    pub items: Vec<CurrentRealization>,
}

/// Records a realisation.
#[utoipa::path(
    tag = "plans",
    operation_id = "record_realization",
    description = "Records what was achieved for an indicator in a sub-period, with evidence. \
        Entering it again for the same indicator and sub-period is a correction: the new value \
        counts and the earlier one stays in the history. Only on approved plans (409 \
        `plan_draft`, `plan_submitted`, `plan_superseded`) of periods not closed.\
        \n\n**Who may call:** the plan's owner; hr of the plan's unit for them; admin.",
    params(("id" = String, Path, description = "The plan's id.")),
    request_body(content = CreateRealization),
    responses(
        (status = 201, description = "Recorded. The `ETag` is the plan's new version.", body = Realization, headers(("ETag" = String))),
        (status = 403, description = "Not the owner or their hr.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan is not approved, or the period is closed.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown indicator, sub-period out of range, negative value, bad link.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/plans/{id}/realizations")]
pub async fn record(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<CreateRealization>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&principal, &req);
    let id = id.into_inner();
    policy::record_realization(&plan_access(&state, &principal, &id).await?, &id)?;
    let body = body.parse()?;
    let mut problems = Problems::default();
    let value = check_realization(&mut problems, body.value, "/value");
    let evidence = body.evidence.unwrap_or_default();
    let input = problems
        .finish(value)
        .map_err(ApiError::validation)?
        .map(|value| NewRealization {
            indicator_id: body.indicator_id,
            sub_period: body.sub_period,
            value,
            evidence_text: evidence.text,
            evidence_links: evidence.links,
        })
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("unchecked realisation")))?;
    let (plan, row) = state
        .perform(actor, move |work| {
            service::record(work, &principal, &id, input)
        })
        .await?;
    Ok(tagged(
        HttpResponse::Created(),
        plan.version,
        Realization::from(row),
    ))
}

/// Lists a plan's realisations.
#[utoipa::path(
    tag = "plans",
    operation_id = "list_realizations",
    description = "The current value per indicator and sub-period, each with the entries it \
        corrected.\n\n**Who may call:** whoever may read the plan.",
    params(("id" = String, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The realisations.", body = RealizationList),
        (status = 403, description = "A client without `plans:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["plans:read"]))
)]
#[get("/plans/{id}/realizations")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<RealizationList>, ApiError> {
    policy::read_plans(&principal)?;
    let id = id.into_inner();
    let rows = state
        .run(move |conn| {
            let plan = load(conn, &principal, &id)?.plan;
            Ok(crate::store::plans::realizations_of(conn, &plan.id)?)
        })
        .await?;
    // Rows come oldest first: the last of each (indicator, sub-period) is the current one.
    let mut items: Vec<CurrentRealization> = Vec::new();
    for row in rows {
        let entry = Realization::from(row);
        match items.iter_mut().find(|c| {
            c.current.indicator_id == entry.indicator_id && c.current.sub_period == entry.sub_period
        }) {
            Some(existing) => {
                let earlier = std::mem::replace(&mut existing.current, entry);
                existing.history.push(earlier);
            }
            None => items.push(CurrentRealization {
                current: entry,
                history: Vec::new(),
            }),
        }
    }
    Ok(web::Json(RealizationList { items }))
}

/// The plan's live score.
#[utoipa::path(
    tag = "plans",
    operation_id = "get_plan_score",
    description = "Scores the plan (regime `pp30_2021`) from the latest realisation of each \
        indicator, combined over the sub-periods as the indicator's `combine` says (the latest \
        correction of each sub-period counts), exactly as `POST /calculators/skp-score` scores \
        the same numbers, with the plan's `result_id` and `indicator_id` added. Indicators \
        without a realisation are left out (named in `explanation.left_out`); a result without \
        any has a null score. No behaviour score yet, so no final score or predikat. Under \
        `permenpan6_2022` results are rated in the evaluation: 409 `ratings_not_recorded`.\
        \n\n**Who may call:** whoever may read the plan.",
    params(("id" = String, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The live score.", body = SkpScoreResponse),
        (status = 403, description = "A client without `plans:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan, or not the caller's to see.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`ratings_not_recorded`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["plans:read"]))
)]
#[get("/plans/{id}/score")]
pub async fn score(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<SkpScoreResponse>, ApiError> {
    policy::read_plans(&principal)?;
    let id = id.into_inner();
    let input = state
        .run(move |conn| live_score_input(conn, &principal, &id))
        .await?;
    let assessment = Assessment::Pp30_2021 {
        results: input.results,
        kinds: input.kinds,
        options: input.options,
    };
    Ok(web::Json(
        assessment
            .score()
            .with_ids(&input.result_ids, &input.indicator_ids)
            .with_left_out(&input.left_out),
    ))
}
