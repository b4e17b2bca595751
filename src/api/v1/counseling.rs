//! Counseling cases (konseling kinerja): confidential, step by step, with follow-ups and a
//! record of every read.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::concurrency::{created, tagged};
use crate::api::extract::{Body, QueryParams, present};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::auth::{Principal, UserPrincipal, policy};
use crate::counseling::{
    self as service, CaseAccess, FollowUpChange, NewCase, NewFollowUp, Record, StepInput,
};
use crate::domain::account::Role;
use crate::domain::counseling::{
    CaseSource, CaseStatus, CounselorKind, FollowUpKind, FollowUpStatus, RecipientKind, Step,
};
use crate::error::{ApiError, Problem};
use crate::org::reach::scope_path;
use crate::store::counseling::{self as rows, CaseFilter, CaseRow, FollowUpRow};
use crate::store::{IfMatch, Work};

const PROBLEM: &str = "application/problem+json";

/// The signed record of the counseling session (*rekaman informasi hasil konseling*).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"problem": "Sering terlambat menyerahkan laporan penyaluran.",
    "causes": "Beban verifikasi lapangan di delapan kelurahan.",
    "summary": "Pegawai menyadari dampak keterlambatan pada penyaluran BPNT.",
    "agreed_actions": "Jadwal verifikasi mingguan; laporan setiap Jumat.",
    "recommendation": "Pelatihan pengelolaan data KPM."})))]
pub struct CounselingRecord {
    #[schema(min_length = 1, max_length = 4000)]
    pub problem: String,
    #[schema(min_length = 1, max_length = 4000)]
    pub causes: String,
    #[schema(min_length = 1, max_length = 4000)]
    pub summary: String,
    #[schema(min_length = 1, max_length = 4000)]
    pub agreed_actions: String,
    #[schema(min_length = 1, max_length = 4000)]
    pub recommendation: String,
}

/// A correction added to a signed record.
#[derive(Debug, Serialize, ToSchema)]
pub struct Addendum {
    pub author_id: String,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// A follow-up the recipient decided.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUp {
    pub id: String,
    pub case_id: String,
    pub kind: FollowUpKind,
    /// The employee responsible.
    pub owner_id: String,
    pub due_on: NaiveDate,
    pub note: Option<String>,
    pub status: FollowUpStatus,
    pub outcome: Option<String>,
    pub version: i64,
}

fn follow_up_view(f: FollowUpRow) -> FollowUp {
    FollowUp {
        id: f.id,
        case_id: f.case_id,
        kind: f.kind,
        owner_id: f.owner_id,
        due_on: f.due_on,
        note: f.note,
        status: f.status,
        outcome: f.outcome,
        version: f.version,
    }
}

/// A counseling case.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3c-d000-7c2e-9b41-3d2f1e0a9b01", "employee_id": "019a9a3c-4003-7c2e-9b41-3d2f1e0a9b01",
    "source": "monitoring", "source_ref": null, "description": "Laporan penyaluran tiga kali terlambat.",
    "status": "reported", "counselor_kind": "independent", "counselor_id": "019a9a3c-0009-7c2e-9b41-3d2f1e0a9b01",
    "recipient_kind": "pyb", "recipient_id": null, "scheduled_at": "2026-06-03T02:00:00Z",
    "place": "Ruang konseling BKPSDM", "record": {"problem": "Sering terlambat menyerahkan laporan penyaluran.",
    "causes": "Beban verifikasi lapangan.", "summary": "Pegawai menyadari dampak keterlambatan.",
    "agreed_actions": "Laporan setiap Jumat.", "recommendation": "Pelatihan pengelolaan data KPM."},
    "signed_at": "2026-06-03T04:00:00Z", "addenda": [], "reported_at": "2026-06-04T02:00:00Z",
    "decided_at": null, "closed_at": null, "version": 6,
    "created_at": "2026-05-20T02:00:00Z", "updated_at": "2026-06-04T02:00:00Z"
})))]
pub struct CounselingCase {
    pub id: String,
    pub employee_id: String,
    pub source: CaseSource,
    /// The 360° round or guidance session the problem was found in.
    #[schema(format = Uuid)]
    pub source_ref: Option<String>,
    pub description: String,
    pub status: CaseStatus,
    pub counselor_kind: Option<CounselorKind>,
    /// A user id for an `independent` counselor, an employee id otherwise.
    pub counselor_id: Option<String>,
    pub recipient_kind: Option<RecipientKind>,
    /// The employee who receives the report (`superior`); null for `pyb`.
    pub recipient_id: Option<String>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub place: Option<String>,
    pub record: Option<CounselingRecord>,
    pub signed_at: Option<DateTime<Utc>>,
    pub addenda: Vec<Addendum>,
    pub reported_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn case_view(work: &mut Work<'_>, c: CaseRow) -> Result<CounselingCase, ApiError> {
    let addenda = rows::addenda_of(work.conn(), &c.id)?
        .into_iter()
        .map(|a| Addendum {
            author_id: a.author_id,
            text: a.text,
            created_at: a.created_at.and_utc(),
        })
        .collect();
    let signed = c
        .record
        .as_deref()
        .and_then(|r| serde_json::from_str::<Record>(r).ok())
        .map(|r| CounselingRecord {
            problem: r.problem,
            causes: r.causes,
            summary: r.summary,
            agreed_actions: r.agreed_actions,
            recommendation: r.recommendation,
        });
    Ok(CounselingCase {
        counselor_kind: c.counselor_kind(),
        recipient_kind: c.recipient_kind(),
        scheduled_at: c.scheduled_at.map(|t| t.and_utc()),
        signed_at: c.signed_at.map(|t| t.and_utc()),
        reported_at: c.reported_at.map(|t| t.and_utc()),
        decided_at: c.decided_at.map(|t| t.and_utc()),
        closed_at: c.closed_at.map(|t| t.and_utc()),
        created_at: c.created_at.and_utc(),
        updated_at: c.updated_at.and_utc(),
        record: signed,
        addenda,
        id: c.id,
        employee_id: c.employee_id,
        source: c.source,
        source_ref: c.source_ref,
        description: c.description,
        status: c.status,
        counselor_id: c.counselor_id,
        recipient_id: c.recipient_id,
        place: c.place,
        version: c.version,
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"employee_id": "019a9a3c-4003-7c2e-9b41-3d2f1e0a9b01", "source": "monitoring",
    "description": "Laporan penyaluran BPNT tiga kali terlambat lebih dari seminggu."})))]
pub struct IdentifyCase {
    pub employee_id: String,
    pub source: CaseSource,
    #[schema(min_length = 1, max_length = 4000)]
    pub description: String,
    /// Required for `assessment_360` (the round's id) and `guidance` (the session's id);
    /// absent otherwise.
    #[schema(format = Uuid)]
    pub source_ref: Option<String>,
}

/// Opens a counseling case.
#[utoipa::path(
    tag = "counseling",
    operation_id = "identify_counseling_case",
    description = "A behaviour problem found in monitoring, a 360° result or guidance: the case \
        starts `identified`. Confidential from here on: only the employee, the caller, the \
        counselor once assigned, the report's recipient and admin ever learn it exists.\
        \n\n**Who may call:** the employee's direct superior, hr of their unit, admin.",
    request_body(content = IdentifyCase),
    responses(
        (status = 201, description = "Opened.", body = CounselingCase, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "A client, or not the employee's superior or hr.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`unknown_employee`, `/source_ref` `required`, `unknown_source`, `not_applicable`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/counseling-cases")]
pub async fn identify(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Body<IdentifyCase>,
) -> Result<HttpResponse, ApiError> {
    let user = policy::open_counseling_case(&principal)?.clone();
    let body = body.parse()?;
    let input = NewCase {
        employee_id: body.employee_id,
        source: body.source,
        description: body.description,
        source_ref: body.source_ref,
    };
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::identify(work, &user, input)?;
            case_view(work, row)
        })
        .await?;
    Ok(created(
        format!("/api/v1/counseling-cases/{}", view.id),
        view.version,
        view,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CaseQuery {
    pub status: Option<CaseStatus>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists the caller's counseling cases.
#[utoipa::path(
    tag = "counseling",
    operation_id = "list_counseling_cases",
    description = "The cases the caller takes part in (as the employee, who identified it, the \
        counselor, the report's recipient); admin all. Each case listed is recorded as read.\
        \n\n**Who may call:** a person.",
    params(CaseQuery),
    responses(
        (status = 200, description = "A page of cases.", body = Page<CounselingCase>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = PROBLEM),
        (status = 403, description = "A client.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/counseling-cases")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<CaseQuery>,
) -> Result<web::Json<Page<CounselingCase>>, ApiError> {
    let user = policy::take_part_in_counseling(&principal)?.clone();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let page = state
        .perform(actor(&principal, &req), move |work| {
            let pyb_path = if user.roles.contains(&Role::Pyb) {
                scope_path(work.conn(), &user)?
            } else {
                None
            };
            let filter = CaseFilter {
                all: user.roles.contains(&Role::Admin),
                user_id: user.id.clone(),
                employee_id: user.employee_id.clone(),
                pyb_path,
                status: query.status,
            };
            let found = rows::list(work.conn(), &filter, after.as_deref(), limit + 1)?;
            let page = pagination::page(found, limit, |c| c.id.clone(), |c| c);
            let ids: Vec<&str> = page.items.iter().map(|c| c.id.as_str()).collect();
            service::record_reads(work, &user, &ids, "list")?;
            let items = page
                .items
                .into_iter()
                .map(|c| case_view(work, c))
                .collect::<Result<_, _>>()?;
            Ok(Page {
                items,
                next_cursor: page.next_cursor,
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// Reads one counseling case.
#[utoipa::path(
    tag = "counseling",
    operation_id = "get_counseling_case",
    description = "One case with its record and addenda. The read is recorded (the employee \
        sees it in `/reads`).\n\n**Who may call:** the employee, who identified it, the \
        counselor, the report's recipient, admin; anyone else gets 404, whether or not the \
        case exists.",
    params(("id" = String, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The case.", body = CounselingCase, headers(("ETag" = String))),
        (status = 403, description = "A client.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/counseling-cases/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let (case, _) = service::read(work, &user, &id, "case")?;
            case_view(work, case)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}

/// The caller's parts in a case, read before the body is.
async fn case_access(
    state: &AppState,
    user: &UserPrincipal,
    id: &str,
) -> Result<CaseAccess, ApiError> {
    let (user, id) = (user.clone(), id.to_owned());
    state
        .run(move |conn| Ok(service::load(conn, &user, &id)?.1))
        .await
}

/// Checks the caller's part in `step` (before the body), then takes it.
async fn step(
    state: web::Data<AppState>,
    actor: crate::store::audit::Actor,
    user: UserPrincipal,
    id: String,
    step: Step,
    input: impl FnOnce() -> Result<StepInput, ApiError>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    if !case_access(&state, &user, &id).await?.takes(step) {
        return Err(service::refuse(step));
    }
    let input = input()?;
    let view = state
        .perform(actor, move |work| {
            let row = service::take_step(work, &user, &id, step, input, &if_match)?;
            case_view(work, row)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}

/// Designates the employee for counseling.
#[utoipa::path(
    tag = "counseling",
    operation_id = "designate_counseling_case",
    description = "`identified` → `designated` (409 naming any other status).\n\n**Who may \
        call:** whoever identified the case, admin.",
    params(
        ("id" = String, Path, description = "The case's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    responses(
        (status = 200, description = "The case.", body = CounselingCase, headers(("ETag" = String))),
        (status = 403, description = "Not the caller's step.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The case is in another status (`case_designated`, ...).", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/counseling-cases/{id}/designate")]
pub async fn designate(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    let input = || Ok(StepInput::None);
    step(
        state,
        actor(&principal, &req),
        user,
        id,
        Step::Designate,
        input,
        if_match,
    )
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"counselor_id": "019a9a3c-0009-7c2e-9b41-3d2f1e0a9b01", "counselor_kind": "independent"})))]
pub struct AssignCounselor {
    /// A user id (an account with the counselor role) for `independent`; an employee id for
    /// `appraiser` (the employee's direct superior) and `official`.
    pub counselor_id: String,
    pub counselor_kind: CounselorKind,
}

/// Assigns the counselor.
#[utoipa::path(
    tag = "counseling",
    operation_id = "assign_counselor",
    description = "`designated` → `assigned` (also replaces the counselor of an `assigned` or \
        `scheduled` case, clearing the schedule). The kind fixes the report's recipient: an \
        appraiser reports to the appraiser's superior, an official to their own superior, an \
        independent counselor to the PyB of the employee's unit. 422 `not_a_counselor`, \
        `not_the_appraiser`, `unknown_employee`, `is_employee`, `no_recipient`.\
        \n\n**Who may call:** whoever identified the case, admin.",
    params(
        ("id" = String, Path, description = "The case's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = AssignCounselor),
    responses(
        (status = 200, description = "The case.", body = CounselingCase, headers(("ETag" = String))),
        (status = 403, description = "Not the caller's step.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The case is in another status.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "The counselor does not fit the kind.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/counseling-cases/{id}/assign-counselor")]
pub async fn assign_counselor(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<AssignCounselor>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    let input = move || {
        let body = body.parse()?;
        Ok(StepInput::Counselor {
            id: body.counselor_id,
            kind: body.counselor_kind,
        })
    };
    step(
        state,
        actor(&principal, &req),
        user,
        id,
        Step::AssignCounselor,
        input,
        if_match,
    )
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"scheduled_at": "2026-06-03T02:00:00Z", "place": "Ruang konseling BKPSDM"})))]
pub struct ScheduleCounseling {
    pub scheduled_at: DateTime<Utc>,
    #[schema(min_length = 1, max_length = 200)]
    pub place: String,
}

/// Schedules the (individual, confidential) session.
#[utoipa::path(
    tag = "counseling",
    operation_id = "schedule_counseling",
    description = "`assigned` → `scheduled`; a `scheduled` session may be moved.\
        \n\n**Who may call:** the counselor.",
    params(
        ("id" = String, Path, description = "The case's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = ScheduleCounseling),
    responses(
        (status = 200, description = "The case.", body = CounselingCase, headers(("ETag" = String))),
        (status = 403, description = "Not the counselor.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The case is in another status.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/place` `required`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/counseling-cases/{id}/schedule")]
pub async fn schedule(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<ScheduleCounseling>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    let input = move || {
        let body = body.parse()?;
        Ok(StepInput::Schedule {
            at: body.scheduled_at.naive_utc(),
            place: body.place,
        })
    };
    step(
        state,
        actor(&principal, &req),
        user,
        id,
        Step::Schedule,
        input,
        if_match,
    )
    .await
}

/// Files and signs the record of the session.
#[utoipa::path(
    tag = "counseling",
    operation_id = "record_counseling",
    description = "`scheduled` → `conducted`: the counselor files the record and signs it \
        (`signed_at`); a signed record never changes (a second record is 409 \
        `case_conducted`), corrections are addenda.\n\n**Who may call:** the counselor.",
    params(
        ("id" = String, Path, description = "The case's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = CounselingRecord),
    responses(
        (status = 200, description = "The case.", body = CounselingCase, headers(("ETag" = String))),
        (status = 403, description = "Not the counselor.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The case is in another status.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "A field is empty or too long.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/counseling-cases/{id}/record")]
pub async fn record(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<CounselingRecord>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    let input = move || {
        let r = body.parse()?;
        Ok(StepInput::Record(Record {
            problem: r.problem,
            causes: r.causes,
            summary: r.summary,
            agreed_actions: r.agreed_actions,
            recommendation: r.recommendation,
        }))
    };
    step(
        state,
        actor(&principal, &req),
        user,
        id,
        Step::Record,
        input,
        if_match,
    )
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"text": "Koreksi: verifikasi lapangan di delapan kelurahan, bukan tujuh."})))]
pub struct AddAddendum {
    #[schema(min_length = 1, max_length = 4000)]
    pub text: String,
}

/// Adds a correction to the signed record.
#[utoipa::path(
    tag = "counseling",
    operation_id = "add_counseling_addendum",
    description = "Once the record is signed, corrections are added, never written over (409 \
        naming the status before).\n\n**Who may call:** the counselor.",
    params(("id" = String, Path, description = "The case's id.")),
    request_body(content = AddAddendum),
    responses(
        (status = 200, description = "The case.", body = CounselingCase, headers(("ETag" = String))),
        (status = 403, description = "Not the counselor.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not signed yet.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/text` `required`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/counseling-cases/{id}/addenda")]
pub async fn add_addendum(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    body: Body<AddAddendum>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    if !case_access(&state, &user, &id).await?.counselor {
        return Err(service::refuse(Step::Record));
    }
    let text = body.parse()?.text;
    let view = state
        .perform(actor(&principal, &req), move |work| {
            let row = service::add_addendum(work, &user, &id, &text)?;
            case_view(work, row)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), view.version, view))
}

/// Reports the signed record to its recipient.
#[utoipa::path(
    tag = "counseling",
    operation_id = "report_counseling",
    description = "`conducted` → `reported`: the recipient (`recipient_kind`, `recipient_id`) \
        may now decide the follow-up.\n\n**Who may call:** the counselor.",
    params(
        ("id" = String, Path, description = "The case's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    responses(
        (status = 200, description = "The case.", body = CounselingCase, headers(("ETag" = String))),
        (status = 403, description = "Not the counselor.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The case is in another status.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/counseling-cases/{id}/report")]
pub async fn report(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    let input = || Ok(StepInput::None);
    step(
        state,
        actor(&principal, &req),
        user,
        id,
        Step::Report,
        input,
        if_match,
    )
    .await
}

/// One follow-up to decide.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFollowUpInput {
    pub kind: FollowUpKind,
    /// The employee responsible for it.
    pub owner_id: String,
    /// Today or later.
    pub due_on: NaiveDate,
    #[schema(max_length = 4000)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"follow_ups": [{"kind": "training", "owner_id": "019a9a3c-4001-7c2e-9b41-3d2f1e0a9b01",
    "due_on": "2026-08-31", "note": "Diklat pengelolaan data KPM"}]})))]
pub struct DecideFollowUps {
    #[schema(min_items = 1, max_items = 10)]
    pub follow_ups: Vec<NewFollowUpInput>,
}

/// Decides the follow-ups.
#[utoipa::path(
    tag = "counseling",
    operation_id = "decide_counseling_follow_ups",
    description = "`reported` → `follow_up_decided`: one or more of guidance, training, \
        special assignment, proposed transfer, recommendation for a disciplinary process, each \
        with an owner and a due date.\n\n**Who may call:** the report's recipient.",
    params(
        ("id" = String, Path, description = "The case's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = DecideFollowUps),
    responses(
        (status = 200, description = "The case.", body = CounselingCase, headers(("ETag" = String))),
        (status = 403, description = "Not the recipient.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The case is in another status.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`unknown_employee`, `in_past`, `out_of_range`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/counseling-cases/{id}/decide")]
pub async fn decide(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<DecideFollowUps>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    let input = move || {
        let decided = body
            .parse()?
            .follow_ups
            .into_iter()
            .map(|f| NewFollowUp {
                kind: f.kind,
                owner_id: f.owner_id,
                due_on: f.due_on,
                note: f.note,
            })
            .collect();
        Ok(StepInput::Decide(decided))
    };
    step(
        state,
        actor(&principal, &req),
        user,
        id,
        Step::Decide,
        input,
        if_match,
    )
    .await
}

/// Closes the case.
#[utoipa::path(
    tag = "counseling",
    operation_id = "close_counseling_case",
    description = "`follow_up_decided` → `closed`, once every follow-up is done or cancelled \
        (409 `follow_ups_open`).\n\n**Who may call:** the report's recipient.",
    params(
        ("id" = String, Path, description = "The case's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    responses(
        (status = 200, description = "The case.", body = CounselingCase, headers(("ETag" = String))),
        (status = 403, description = "Not the recipient.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Another status, or `follow_ups_open`.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[post("/counseling-cases/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    let input = || Ok(StepInput::None);
    step(
        state,
        actor(&principal, &req),
        user,
        id,
        Step::Close,
        input,
        if_match,
    )
    .await
}

/// Lists the case's follow-ups.
#[utoipa::path(
    tag = "counseling",
    operation_id = "list_counseling_follow_ups",
    description = "The follow-ups decided for the case. The read is recorded.\
        \n\n**Who may call:** as reading the case.",
    params(("id" = String, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The follow-ups.", body = Vec<FollowUp>),
        (status = 403, description = "A client.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/counseling-cases/{id}/follow-ups")]
pub async fn follow_ups(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<Vec<FollowUp>>, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    let found = state
        .perform(actor(&principal, &req), move |work| {
            service::read(work, &user, &id, "follow_ups")?;
            Ok(rows::follow_ups_of(work.conn(), &id)?)
        })
        .await?;
    Ok(web::Json(found.into_iter().map(follow_up_view).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"status": "done", "outcome": "Diklat selesai 20 Agustus; sertifikat terlampir."})))]
pub struct UpdateFollowUp {
    /// `done` or `cancelled` needs an `outcome`; either is final (409 `follow_up_closed`).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = FollowUpStatus)]
    pub status: Option<FollowUpStatus>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 4000)]
    pub outcome: Option<String>,
}

/// Tracks a follow-up.
#[utoipa::path(
    tag = "counseling",
    operation_id = "update_counseling_follow_up",
    description = "A merge patch of the follow-up's status and outcome.\n\n**Who may call:** \
        the follow-up's owner and the report's recipient; the case's other readers get 403, \
        anyone else 404.",
    params(
        ("id" = String, Path, description = "The case's id."),
        ("fid" = String, Path, description = "The follow-up's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = UpdateFollowUp, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The follow-up.", body = FollowUp, headers(("ETag" = String))),
        (status = 403, description = "Not the owner or the recipient.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such follow-up, or not the caller's business.", body = Problem, content_type = PROBLEM),
        (status = 409, description = "`follow_up_closed`.", body = Problem, content_type = PROBLEM),
        (status = 412, description = "`stale_version`.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/outcome` `required`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[patch("/counseling-cases/{id}/follow-ups/{fid}")]
pub async fn update_follow_up(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    if_match: IfMatch,
    body: Body<UpdateFollowUp>,
) -> Result<HttpResponse, ApiError> {
    let (case_id, follow_up_id) = path.into_inner();
    let user = policy::read_counseling_case(&principal, &case_id)?.clone();
    {
        let (user, case_id, follow_up_id) = (user.clone(), case_id.clone(), follow_up_id.clone());
        state
            .run(move |conn| {
                service::load_follow_up(conn, &user, &case_id, &follow_up_id).map(drop)
            })
            .await?;
    }
    let body = body.parse()?;
    let change = FollowUpChange {
        status: body.status,
        outcome: body.outcome,
    };
    let row = state
        .perform(actor(&principal, &req), move |work| {
            service::update_follow_up(work, &user, &case_id, &follow_up_id, change, &if_match)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), row.version, follow_up_view(row)))
}

/// One read of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseRead {
    pub reader_id: String,
    /// The reader's username.
    pub reader_name: String,
    /// `case`, `list`, `follow_ups` or `reads`.
    pub what: String,
    pub read_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReadsQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Who read the case.
#[utoipa::path(
    tag = "counseling",
    operation_id = "list_counseling_case_reads",
    description = "Every read of the case by anyone (this one included), oldest first.\
        \n\n**Who may call:** the employee whose case it is, admin; the case's other readers \
        get 403, anyone else 404.",
    params(("id" = String, Path, description = "The case's id."), ReadsQuery),
    responses(
        (status = 200, description = "A page of reads.", body = Page<CaseRead>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the employee.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such case, or not the caller's business.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/counseling-cases/{id}/reads")]
pub async fn reads(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    QueryParams(query): QueryParams<ReadsQuery>,
) -> Result<web::Json<Page<CaseRead>>, ApiError> {
    let id = id.into_inner();
    let user = policy::read_counseling_case(&principal, &id)?.clone();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    let found = state
        .perform(actor(&principal, &req), move |work| {
            let (_, access) = service::read(work, &user, &id, "reads")?;
            if !(access.employee || access.admin) {
                return Err(ApiError::forbidden(
                    "Only the employee whose case it is sees who read it.",
                ));
            }
            Ok(rows::reads_of(
                work.conn(),
                &id,
                after.as_deref(),
                limit + 1,
            )?)
        })
        .await?;
    Ok(web::Json(pagination::page(
        found,
        limit,
        |r| r.id.clone(),
        |r| CaseRead {
            reader_id: r.reader_id,
            reader_name: r.reader_name,
            what: r.what,
            read_at: r.read_at.and_utc(),
        },
    )))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OverdueQuery {
    /// Follow-ups due before this day (default: today, i.e. overdue).
    pub due_before: Option<NaiveDate>,
}

/// An open follow-up past its due date.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverdueFollowUp {
    #[serde(flatten)]
    pub follow_up: FollowUp,
    /// The employee the case is about.
    pub employee_id: String,
}

/// Open follow-ups due before a day, for their owners and deciders.
#[utoipa::path(
    tag = "counseling",
    operation_id = "counseling_follow_ups_report",
    description = "Open follow-ups due before `due_before` (default today) that the caller owns \
        or decided, earliest first.\n\n**Who may call:** a person (they see their own only).",
    params(OverdueQuery),
    responses(
        (status = 200, description = "The follow-ups.", body = Vec<OverdueFollowUp>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = PROBLEM),
        (status = 403, description = "A client.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = []))
)]
#[get("/reports/counseling-follow-ups")]
pub async fn overdue(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<OverdueQuery>,
) -> Result<web::Json<Vec<OverdueFollowUp>>, ApiError> {
    let user = policy::take_part_in_counseling(&principal)?.clone();
    let due_before = query.due_before.unwrap_or_else(|| state.clock.now().date());
    let found = state
        .perform(actor(&principal, &req), move |work| {
            let found = rows::overdue_follow_ups(
                work.conn(),
                user.employee_id.as_deref(),
                &user.id,
                due_before,
            )?;
            // Each case the report names has been read, by its owner or its decider.
            let ids: Vec<&str> = found.iter().map(|(_, c)| c.id.as_str()).collect();
            service::record_reads(work, &user, &ids, "follow_up_report")?;
            Ok(found)
        })
        .await?;
    Ok(web::Json(
        found
            .into_iter()
            .map(|(f, c)| OverdueFollowUp {
                follow_up: follow_up_view(f),
                employee_id: c.employee_id,
            })
            .collect(),
    ))
}
