//! Guidance sessions (bimbingan kinerja) and their two forms (B.1.8, B.1.9).

use actix_web::{HttpRequest, HttpResponse, get, patch, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::concurrency::{created, tagged};
use crate::api::extract::{Body, QueryParams, nullable, present};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::auth::{Principal, UserPrincipal, policy};
use crate::domain::account::Role;
use crate::domain::guidance::{Agreement, SessionKind, Statement};
use crate::error::{ApiError, Problem};
use crate::guidance::{
    self as service, CompetencyScore, NewSession, Problems, SessionAccess, SessionChanges,
    SessionContent, StatementAnswer,
};
use crate::org::reach::scope_path;
use crate::store::guidance::{self as rows, SessionFilter, SessionRow};
use crate::store::{IfMatch, Work};

const PROBLEM: &str = "application/problem+json";

/// Problems found in the session: in the working method, the process, the quality of work.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionProblems {
    #[schema(max_length = 4000)]
    pub method: Option<String>,
    #[schema(max_length = 4000)]
    pub process: Option<String>,
    #[schema(max_length = 4000)]
    pub quality: Option<String>,
}

impl From<SessionProblems> for Problems {
    fn from(p: SessionProblems) -> Self {
        Problems {
            method: p.method,
            process: p.process,
            quality: p.quality,
        }
    }
}

/// One answer of form B.1.8.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackAnswer {
    pub statement: Statement,
    pub answer: Agreement,
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
}

/// An employee's form B.1.8 (*Umpan Balik Pelaksanaan Bimbingan Kinerja*).
#[derive(Debug, Serialize, ToSchema)]
pub struct Feedback {
    pub employee_id: String,
    pub statements: Vec<FeedbackAnswer>,
    pub submitted_at: DateTime<Utc>,
}

/// One competency of form B.1.9.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    #[schema(min_length = 1, max_length = 200, example = "Kerja sama")]
    pub competency: String,
    #[schema(minimum = 1, maximum = 5)]
    pub score: i64,
    /// Required for a score of 1, 2 or 5.
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

/// The giver's form B.1.9 (*Evaluasi Kompetensi Pegawai*) for one employee.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompetencyEvaluation {
    pub employee_id: String,
    pub competencies: Vec<Competency>,
    pub evaluated_at: DateTime<Utc>,
}

/// A guidance session.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3c-c000-7c2e-9b41-3d2f1e0a9b01", "kind": "individual", "held_on": "2026-05-12",
    "topic": "Realisasi BPNT triwulan I", "employee_ids": ["019a9a3c-4003-7c2e-9b41-3d2f1e0a9b01"],
    "giver_id": "019a9a3c-4002-7c2e-9b41-3d2f1e0a9b01",
    "problems": {"method": "Data KPM dicatat manual", "process": null, "quality": "Dua kelurahan belum diverifikasi"},
    "agreed_actions": "Verifikasi data KPM Nagasari sebelum 31 Mei.", "appreciation": "Penyaluran Mekarjati 83 %.",
    "plan_id": null, "result_ids": [], "feedback": [], "competency_evaluations": [],
    "version": 1, "created_at": "2026-05-12T03:00:00Z", "updated_at": "2026-05-12T03:00:00Z"
})))]
pub struct GuidanceSession {
    pub id: String,
    pub kind: SessionKind,
    pub held_on: NaiveDate,
    pub topic: String,
    pub employee_ids: Vec<String>,
    /// The appraiser, or the person hr assigned.
    pub giver_id: String,
    pub problems: SessionProblems,
    pub agreed_actions: Option<String>,
    pub appreciation: Option<String>,
    pub plan_id: Option<String>,
    pub result_ids: Vec<String>,
    /// Forms B.1.8 filed so far; an employee of the session sees their own only.
    pub feedback: Vec<Feedback>,
    /// Forms B.1.9 filed so far; an employee of the session sees their own only.
    pub competency_evaluations: Vec<CompetencyEvaluation>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn session_view(
    work: &mut Work<'_>,
    s: SessionRow,
    access: &SessionAccess,
    employee_ids: Vec<String>,
) -> Result<GuidanceSession, ApiError> {
    let mine = |employee: &str| access.forms_of.iter().any(|e| e == employee);
    let feedback = rows::feedback_of(work.conn(), &s.id)?
        .into_iter()
        .filter(|f| mine(&f.employee_id))
        .map(|f| Feedback {
            statements: serde_json::from_str::<Vec<StatementAnswer>>(&f.answers)
                .unwrap_or_default()
                .into_iter()
                .map(|a| FeedbackAnswer {
                    statement: a.statement,
                    answer: a.answer,
                    comment: a.comment,
                })
                .collect(),
            employee_id: f.employee_id,
            submitted_at: f.submitted_at.and_utc(),
        })
        .collect();
    let competency_evaluations = rows::competencies_of(work.conn(), &s.id)?
        .into_iter()
        .filter(|c| mine(&c.employee_id))
        .map(|c| CompetencyEvaluation {
            competencies: serde_json::from_str::<Vec<CompetencyScore>>(&c.items)
                .unwrap_or_default()
                .into_iter()
                .map(|i| Competency {
                    competency: i.competency,
                    score: i.score,
                    reason: i.reason,
                })
                .collect(),
            employee_id: c.employee_id,
            evaluated_at: c.evaluated_at.and_utc(),
        })
        .collect();
    Ok(GuidanceSession {
        result_ids: serde_json::from_str(&s.result_ids).unwrap_or_default(),
        problems: SessionProblems {
            method: s.problem_method,
            process: s.problem_process,
            quality: s.problem_quality,
        },
        created_at: s.created_at.and_utc(),
        updated_at: s.updated_at.and_utc(),
        id: s.id,
        kind: s.kind,
        held_on: s.held_on,
        topic: s.topic,
        employee_ids,
        giver_id: s.giver_id,
        agreed_actions: s.agreed_actions,
        appreciation: s.appreciation,
        plan_id: s.plan_id,
        feedback,
        competency_evaluations,
        version: s.version,
    })
}

/// The session as the caller may see it.
fn view_of(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    row: SessionRow,
) -> Result<GuidanceSession, ApiError> {
    let (access, employees) = service::access(work.conn(), user, &row)?;
    session_view(work, row, &access, employees)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "employee_ids": ["019a9a3c-4003-7c2e-9b41-3d2f1e0a9b01"], "held_on": "2026-05-12",
    "topic": "Realisasi BPNT triwulan I", "kind": "individual",
    "problems": {"method": "Data KPM dicatat manual", "quality": "Dua kelurahan belum diverifikasi"},
    "agreed_actions": "Verifikasi data KPM Nagasari sebelum 31 Mei.", "appreciation": "Penyaluran Mekarjati 83 %."
})))]
pub struct CreateGuidanceSession {
    #[schema(min_items = 1, max_items = 50)]
    pub employee_ids: Vec<String>,
    /// The day it was held (not in the future).
    pub held_on: NaiveDate,
    #[schema(min_length = 1, max_length = 200)]
    pub topic: String,
    /// `individual`: one employee; `group`: two or more.
    pub kind: SessionKind,
    pub problems: Option<SessionProblems>,
    #[schema(max_length = 4000)]
    pub agreed_actions: Option<String>,
    #[schema(max_length = 4000)]
    pub appreciation: Option<String>,
    /// A plan of one of the employees the session was about.
    pub plan_id: Option<String>,
    /// Work results of that plan the session was about.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub result_ids: Vec<String>,
    /// hr only: the person assigned to give the guidance (absent: the caller, who must be the
    /// employees' direct superior).
    pub giver_id: Option<String>,
}

/// Records a guidance session.
#[utoipa::path(
    tag = "guidance",
    operation_id = "create_guidance_session",
    description = "Records a guidance session held with one employee (`individual`) or several \
        (`group`, 2 to 50). The giver is the caller, who must be each employee's direct \
        superior (422 `not_subordinate`), or, for hr of every employee's unit and admin, the \
        person named by `giver_id` (a person specially assigned). Optionally about a plan of \
        one of the employees and its results. Audited.\n\n**Who may call:** a person with an \
        employee record (their direct reports); hr and admin with `giver_id`.",
    request_body(content = CreateGuidanceSession),
    responses(
        (status = 201, description = "Recorded.", body = GuidanceSession, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "A client, or someone who gives no guidance to these employees.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "A field is invalid: `unknown_employee`, `not_subordinate`, `wrong_count`, `in_future`, `unknown_plan`, `unknown_result`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/guidance-sessions")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Body<CreateGuidanceSession>,
) -> Result<HttpResponse, ApiError> {
    let user = policy::give_guidance(&principal)?.clone();
    let body = body.parse()?;
    let input = NewSession {
        employee_ids: body.employee_ids,
        kind: body.kind,
        content: SessionContent {
            held_on: body.held_on,
            topic: body.topic,
            problems: body.problems.map(Problems::from).unwrap_or_default(),
            agreed_actions: body.agreed_actions,
            appreciation: body.appreciation,
        },
        plan_id: body.plan_id,
        result_ids: body.result_ids,
        giver_id: body.giver_id,
    };
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::create(work, &user, input)?;
            view_of(work, &user, row)
        })
        .await?;
    Ok(created(
        format!("/api/v1/guidance-sessions/{}", view.id),
        view.version,
        view,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SessionQuery {
    /// Sessions with this employee.
    pub employee_id: Option<String>,
    /// Held on or after this day.
    pub held_from: Option<NaiveDate>,
    /// Held on or before this day.
    pub held_to: Option<NaiveDate>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists guidance sessions.
#[utoipa::path(
    tag = "guidance",
    operation_id = "list_guidance_sessions",
    description = "Sessions the caller gave or attended, and for hr and pyb those with an \
        employee of their units; admin all.\n\n**Who may call:** a person.",
    params(SessionQuery),
    responses(
        (status = 200, description = "A page of sessions.", body = Page<GuidanceSession>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = PROBLEM),
        (status = 403, description = "A client.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/guidance-sessions")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<SessionQuery>,
) -> Result<web::Json<Page<GuidanceSession>>, ApiError> {
    let user = policy::take_part_in_guidance(&principal)?.clone();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let page = state
        .perform(actor(&principal, &req), move |work| {
            let filter = SessionFilter {
                all: user.roles.contains(&Role::Admin),
                person: user.employee_id.clone(),
                unit_path: scope_path(work.conn(), &user)?,
                employee_id: query.employee_id,
                held_from: query.held_from,
                held_to: query.held_to,
            };
            let found = rows::list(work.conn(), &filter, after.as_deref(), limit + 1)?;
            let page = pagination::page(found, limit, |s| s.id.clone(), |s| s);
            let items = page
                .items
                .into_iter()
                .map(|s| view_of(work, &user, s))
                .collect::<Result<_, _>>()?;
            Ok(Page {
                items,
                next_cursor: page.next_cursor,
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// Reads one guidance session.
#[utoipa::path(
    tag = "guidance",
    operation_id = "get_guidance_session",
    description = "One session with the forms filed so far (an employee of the session sees \
        their own forms only).\n\n**Who may call:** the giver, the session's employees, hr and \
        pyb of their units, admin; anyone else gets 404.",
    params(("id" = String, Path, description = "The session's id.")),
    responses(
        (status = 200, description = "The session.", body = GuidanceSession, headers(("ETag" = String))),
        (status = 403, description = "A client.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such session, or not the caller's to see.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/guidance-sessions/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let user = policy::take_part_in_guidance(&principal)?.clone();
    let id = id.into_inner();
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let (row, access, employees) = service::load(work.conn(), &user, &id)?;
            session_view(work, row, &access, employees)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}

/// Which session the caller may act on, checked before the body is read.
async fn session_access(
    state: &AppState,
    user: &UserPrincipal,
    id: &str,
) -> Result<SessionAccess, ApiError> {
    let (user, id) = (user.clone(), id.to_owned());
    state
        .run(move |conn| Ok(service::load(conn, &user, &id)?.1))
        .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"agreed_actions": "Verifikasi data KPM Nagasari dan Karangpawitan sebelum 31 Mei."})))]
pub struct UpdateGuidanceSession {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = NaiveDate)]
    pub held_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, min_length = 1, max_length = 200)]
    pub topic: Option<String>,
    /// Replaces the three problem fields.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = SessionProblems)]
    pub problems: Option<SessionProblems>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(max_length = 4000, nullable)]
    pub agreed_actions: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(max_length = 4000, nullable)]
    pub appreciation: Option<Option<String>>,
}

/// Changes a session's record.
#[utoipa::path(
    tag = "guidance",
    operation_id = "update_guidance_session",
    description = "A merge patch of the record (date, topic, problems, agreed actions, \
        appreciation); every change is audited. Send `If-Match` with the `ETag` you read (412 if \
        stale).\n\n**Who may call:** the giver, hr of all the session's employees' units, admin.",
    params(
        ("id" = String, Path, description = "The session's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = UpdateGuidanceSession, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The session.", body = GuidanceSession, headers(("ETag" = String))),
        (status = 403, description = "Not the giver or their hr.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such session, or not the caller's to see.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[patch("/guidance-sessions/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<UpdateGuidanceSession>,
) -> Result<HttpResponse, ApiError> {
    let user = policy::take_part_in_guidance(&principal)?.clone();
    let id = id.into_inner();
    service::edit_session(&session_access(&state, &user, &id).await?)?;
    let body = body.parse()?;
    let changes = SessionChanges {
        held_on: body.held_on,
        topic: body.topic,
        problems: body.problems.map(Problems::from),
        agreed_actions: body.agreed_actions,
        appreciation: body.appreciation,
    };
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::update(work, &user, &id, changes, &if_match)?;
            view_of(work, &user, row)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"statements": [
    {"statement": "felt_heard", "answer": "agree"}, {"statement": "felt_valued", "answer": "agree"},
    {"statement": "free_to_speak", "answer": "agree"}, {"statement": "views_on_accurate_data", "answer": "disagree", "comment": "Data triwulan I belum lengkap."},
    {"statement": "views_positive", "answer": "agree"}, {"statement": "more_questions_than_lecturing", "answer": "agree"},
    {"statement": "helped_find_solutions", "answer": "agree"}, {"statement": "knows_next_steps", "answer": "agree"},
    {"statement": "understands_purpose", "answer": "agree"}]})))]
pub struct GiveFeedback {
    /// All nine statements, each once.
    #[schema(min_items = 9, max_items = 9)]
    pub statements: Vec<FeedbackAnswer>,
}

/// Files the caller's feedback form (B.1.8).
#[utoipa::path(
    tag = "guidance",
    operation_id = "give_guidance_feedback",
    description = "Form B.1.8: each of the nine statements `agree` or `disagree`, with an \
        optional comment (422 `missing`, `duplicate`). Filing again replaces the form; the same \
        form again is no change. Audited.\n\n**Who may call:** each employee of the session, \
        for themselves.",
    params(("id" = String, Path, description = "The session's id.")),
    request_body(content = GiveFeedback),
    responses(
        (status = 200, description = "The session.", body = GuidanceSession, headers(("ETag" = String))),
        (status = 403, description = "Not an employee of the session.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such session, or not the caller's to see.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "A statement is missing or answered twice.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[put("/guidance-sessions/{id}/feedback")]
pub async fn give_feedback(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<GiveFeedback>,
) -> Result<HttpResponse, ApiError> {
    let user = policy::take_part_in_guidance(&principal)?.clone();
    let id = id.into_inner();
    service::file_feedback(&session_access(&state, &user, &id).await?)?;
    let answers = body
        .parse()?
        .statements
        .into_iter()
        .map(|a| StatementAnswer {
            statement: a.statement,
            answer: a.answer,
            comment: a.comment,
        })
        .collect();
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::give_feedback(work, &user, &id, answers)?;
            view_of(work, &user, row)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"competencies": [
    {"competency": "Pengelolaan data", "score": 2, "reason": "Data KPM belum diverifikasi tepat waktu."},
    {"competency": "Kerja sama", "score": 4}]})))]
pub struct EvaluateCompetencies {
    /// Required for a group session: the employee evaluated.
    pub employee_id: Option<String>,
    #[schema(min_items = 1, max_items = 30)]
    pub competencies: Vec<Competency>,
}

/// Files the giver's competency evaluation (B.1.9) for an employee of the session.
#[utoipa::path(
    tag = "guidance",
    operation_id = "evaluate_guidance_competencies",
    description = "Form B.1.9: each competency scored 1 to 5, with a reason when the score is \
        1, 2 or 5 (422 `required`). Filing again for the same employee replaces the form. \
        Audited.\n\n**Who may call:** the person who gave the guidance.",
    params(("id" = String, Path, description = "The session's id.")),
    request_body(content = EvaluateCompetencies),
    responses(
        (status = 200, description = "The session.", body = GuidanceSession, headers(("ETag" = String))),
        (status = 403, description = "Not the giver.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such session, or not the caller's to see.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "A score or reason is invalid, or `employee_id` is missing for a group.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[put("/guidance-sessions/{id}/competency-evaluation")]
pub async fn evaluate_competencies(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<EvaluateCompetencies>,
) -> Result<HttpResponse, ApiError> {
    let user = policy::take_part_in_guidance(&principal)?.clone();
    let id = id.into_inner();
    service::evaluate_as_giver(&session_access(&state, &user, &id).await?)?;
    let body = body.parse()?;
    let items = body
        .competencies
        .into_iter()
        .map(|c| CompetencyScore {
            competency: c.competency,
            score: c.score,
            reason: c.reason,
        })
        .collect();
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::evaluate_competencies(work, &user, &id, body.employee_id, items)?;
            view_of(work, &user, row)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}
