//! Employee records (PNS and PPPK): NIP-validated, placed in a unit under a superior.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::concurrency::{IfMatch, created, tagged};
use crate::api::extract::{Body, QueryParams, nullable, present};
use crate::api::pagination::{self, Page};
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::db::AnyConnection;
use crate::domain::nip::Nip;
use crate::domain::org::{AsnType, EmployeeStatus, PositionType, Rank};
use crate::error::{ApiError, FieldError, Problem};
use crate::org::employees::{self as service, EmployeeChanges, NewEmployee};
use crate::org::reach::visible_employees;
use crate::store::employees::{self, EmployeeRow};
use crate::store::units;

/// An employee record.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "019a9a3c-6a00-7d10-8e21-4b5c6d7e8f90", "nip": "198807122011012004",
    "name": "Siti Rahmawati, S.Sos.", "email": "siti.rahmawati@karawangkab.go.id",
    "asn_type": "pns", "rank": "III/c", "position_title": "Kepala Seksi Kesejahteraan Sosial",
    "position_type": "pengawas", "unit_id": "019a9a3c-5f10-7c2e-9b41-3d2f1e0a9b01",
    "supervisor_id": "019a9a3c-69ff-7b00-8a10-0a1b2c3d4e5f", "status": "active", "version": 1,
    "created_at": "2026-01-05T02:30:00Z", "updated_at": "2026-01-05T02:30:00Z"
})))]
pub struct Employee {
    pub id: String,
    /// NIP (PNS) or NI PPPK, 18 digits: birth date, then for PNS the appointment month and for
    /// PPPK the appointment year and PPPK code, then gender digit and sequence.
    pub nip: String,
    pub name: String,
    pub email: Option<String>,
    pub asn_type: AsnType,
    pub rank: Rank,
    /// Jabatan, e.g. "Kepala Seksi Kesejahteraan Sosial".
    pub position_title: String,
    pub position_type: PositionType,
    pub unit_id: String,
    /// The direct superior (atasan langsung); null at the top of the chain.
    pub supervisor_id: Option<String>,
    pub status: EmployeeStatus,
    /// Increases with every change; sent as the `ETag`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<EmployeeRow> for Employee {
    fn from(r: EmployeeRow) -> Self {
        Employee {
            asn_type: r.asn_type,
            rank: r.rank,
            position_type: r.position_type,
            status: r.status,
            id: r.id,
            nip: r.nip,
            name: r.name,
            email: r.email,
            position_title: r.position_title,
            unit_id: r.unit_id,
            supervisor_id: r.supervisor_id,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "nip": "199204102019031005", "name": "Dedi Kurniawan", "email": "dedi.k@karawangkab.go.id",
    "asn_type": "pns", "rank": "II/c", "position_title": "Pengelola Data Bantuan Sosial",
    "position_type": "pelaksana", "unit_id": "019a9a3c-5f10-7c2e-9b41-3d2f1e0a9b01",
    "supervisor_id": "019a9a3c-6a00-7d10-8e21-4b5c6d7e8f90"
})))]
pub struct CreateEmployee {
    /// 18 digits, optionally grouped by spaces (`19920410 201903 1 005`); stored as digits.
    /// Read as `asn_type` says: a PNS NIP has the birth date `YYYYMMDD`, the appointment month
    /// `YYYYMM` (TMT CPNS), the gender digit (1 male, 2 female) and a sequence 001–999; an NI
    /// PPPK (`199312282025212001`) has the appointment year `YYYY` and a PPPK code (`21`; `24`
    /// for part-time PPPK) in place of the month. A birth date in the future is refused.
    #[schema(pattern = r"^[0-9]{8} ?[0-9]{6} ?[12] ?[0-9]{3}$", max_length = 21)]
    pub nip: String,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    pub email: Option<String>,
    pub asn_type: AsnType,
    pub rank: Rank,
    #[schema(min_length = 1, max_length = 200)]
    pub position_title: String,
    pub position_type: PositionType,
    /// An active org unit.
    pub unit_id: String,
    /// An active employee: the direct superior.
    pub supervisor_id: Option<String>,
}

/// Creates an employee record.
#[utoipa::path(
    tag = "employees",
    operation_id = "create_employee",
    description = "Creates an active employee. An invalid NIP is 422 with pointer `/nip` and a \
        message naming the wrong part (length, birth date, appointment month, gender digit); an \
        unknown or inactive unit or superior is 422 naming the field.\
        \n\n**Who may call:** admin and clients with `employees:write` anywhere; hr in a unit of \
        their subtree.",
    request_body(content = CreateEmployee),
    responses(
        (status = 201, description = "Created.", body = Employee,
            headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "The unit is outside what the caller governs.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`duplicate_nip`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["employees:write"]))
)]
#[post("/employees")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Body<CreateEmployee>,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::write_employees(&principal)?;
    let body = body.parse()?;
    let actor = actor(&principal, &req);
    let input = NewEmployee {
        nip: body.nip,
        name: body.name,
        email: body.email,
        asn_type: body.asn_type,
        rank: body.rank,
        position_title: body.position_title,
        position_type: body.position_type,
        unit_id: body.unit_id,
        supervisor_id: body.supervisor_id,
    };
    let codes = state.pppk_codes;
    let row = state
        .perform(actor, move |work| {
            service::create(work, &governs, codes, input)
        })
        .await?;
    Ok(created(
        format!("/api/v1/employees/{}", row.id),
        row.version,
        Employee::from(row),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EmployeeQuery {
    /// Only employees of this unit.
    pub unit_id: Option<String>,
    /// With `unit_id`: also the employees of every unit below it.
    pub include_subunits: Option<bool>,
    /// Only the direct subordinates of this employee.
    pub supervisor_id: Option<String>,
    pub status: Option<EmployeeStatus>,
    pub position_type: Option<PositionType>,
    /// Part of the name (case-insensitive), or the first digits of the NIP.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Only records changed at or after this time (RFC 3339). A sync job passes the time its
    /// previous run started.
    pub updated_since: Option<DateTime<Utc>>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists employees.
#[utoipa::path(
    tag = "employees",
    operation_id = "list_employees",
    description = "Employees the caller may see, a page at a time in a fixed order (by `id`), so \
        a job paging through while records are added or changed sees every existing record \
        exactly once. Filters combine.\
        \n\n**Who may call:** any person, who sees only whom they may read (admin everyone; hr \
        and pyb their unit subtree; an employee themselves, their superiors and everyone below \
        them); clients with `employees:read` everyone.",
    params(EmployeeQuery),
    responses(
        (status = 200, description = "A page of employees.", body = Page<Employee>),
        (status = 400, description = "A query parameter is invalid.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A client without `employees:read`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["employees:read"]))
)]
#[get("/employees")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    QueryParams(mut query): QueryParams<EmployeeQuery>,
) -> Result<web::Json<Page<Employee>>, ApiError> {
    policy::read_employees(&principal)?;
    let limit = pagination::limit(query.limit)?;
    let q = pagination::search(query.q.take())?;
    let after = pagination::decode_cursor(query.cursor.as_deref())?;
    if query.include_subunits.is_some() && query.unit_id.is_none() {
        return Err(ApiError::invalid_parameter(
            "query",
            FieldError::parameter(
                "include_subunits",
                "requires_unit_id",
                "only meaningful together with unit_id",
            ),
        ));
    }
    let rows = state
        .run(move |conn| {
            let (unit_id, unit_within) = match (query.unit_id, query.include_subunits) {
                (Some(unit), Some(true)) => (None, Some(units::subtree_path(conn, &unit)?)),
                (unit, _) => (unit, None),
            };
            let filter = employees::Filter {
                visible: visible_employees(conn, &principal)?,
                unit_id,
                unit_within,
                supervisor_id: query.supervisor_id,
                status: query.status.map(|s| s.as_str().to_owned()),
                position_type: query.position_type.map(|p| p.as_str().to_owned()),
                q,
                updated_since: query.updated_since.map(|t| t.naive_utc()),
            };
            Ok(employees::list(conn, &filter, after.as_deref(), limit + 1)?)
        })
        .await?;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |r| r.id.clone(),
        Employee::from,
    )))
}

/// The employee found by `find` if the caller may see them; 404 otherwise, so that callers
/// cannot learn who exists outside their reach.
fn read_visible(
    conn: &mut AnyConnection,
    principal: &Principal,
    key: &str,
    find: impl FnOnce(&mut AnyConnection) -> diesel::QueryResult<Option<EmployeeRow>>,
) -> Result<EmployeeRow, ApiError> {
    let visible = visible_employees(conn, principal)?;
    match find(conn)? {
        Some(row) if visible.covers(&row) => Ok(row),
        _ => Err(ApiError::not_found("employee", key)),
    }
}

/// Reads one employee.
#[utoipa::path(
    tag = "employees",
    operation_id = "get_employee",
    description = "One employee, with its `ETag`.\n\n**Who may call:** whoever may see the \
        employee (see `list_employees`); 404 for anyone else. Clients need `employees:read`.",
    params(("id" = String, Path, description = "The employee's id.")),
    responses(
        (status = 200, description = "The employee.", body = Employee, headers(("ETag" = String))),
        (status = 403, description = "A client without `employees:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such employee, or not one the caller may see.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["employees:read"]))
)]
#[get("/employees/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::read_employees(&principal)?;
    let id = id.into_inner();
    let row = state
        .run(move |conn| read_visible(conn, &principal, &id, |conn| employees::find(conn, &id)))
        .await?;
    Ok(tagged(HttpResponse::Ok(), row.version, Employee::from(row)))
}

/// Finds an employee by NIP.
#[utoipa::path(
    tag = "employees",
    operation_id = "get_employee_by_nip",
    description = "One employee by NIP (spaces between the groups are allowed). A malformed NIP \
        is 400 naming the wrong part.\n\n**Who may call:** as `get_employee`.",
    params(("nip" = String, Path, description = "The NIP, e.g. `198807122011012004`.",
        pattern = r"^[0-9]{8} ?[0-9]{6} ?[12] ?[0-9]{3}$")),
    responses(
        (status = 200, description = "The employee.", body = Employee, headers(("ETag" = String))),
        (status = 400, description = "Not a valid NIP.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A client without `employees:read`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such employee, or not one the caller may see.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["employees:read"]))
)]
#[get("/employees/by-nip/{nip}")]
pub async fn get_by_nip(
    state: web::Data<AppState>,
    principal: Principal,
    nip: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::read_employees(&principal)?;
    let nip = Nip::parse(&nip).map_err(|e| {
        ApiError::invalid_parameter("path", FieldError::parameter("nip", e.code, e.message))
    })?;
    let row = state
        .run(move |conn| {
            read_visible(conn, &principal, nip.as_str(), |conn| {
                employees::find_by_nip(conn, nip.as_str())
            })
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), row.version, Employee::from(row)))
}

/// A merge patch (RFC 7396) of an employee: absent fields stay as they are. The NIP cannot
/// be changed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"rank": "III/d", "position_title": "Kepala Seksi Rehabilitasi Sosial"}),
    json!({"status": "inactive"})))]
pub struct UpdateEmployee {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 200)]
    pub name: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = AsnType)]
    pub asn_type: Option<AsnType>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Rank)]
    pub rank: Option<Rank>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 200)]
    pub position_title: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = PositionType)]
    pub position_type: Option<PositionType>,
    /// Moves the employee to another active unit.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    pub unit_id: Option<String>,
    /// `null` clears it. Neither the employee nor anyone below them can be their superior.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub supervisor_id: Option<Option<String>>,
    /// `inactive` when the employee leaves; the record stays. While active employees still
    /// report to them this is 409 `has_subordinates`, unless `reassign_to` is given.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = EmployeeStatus)]
    pub status: Option<EmployeeStatus>,
    /// With `status: inactive`: an active employee whom the leaver's active direct reports
    /// report to from now on, in the same change (each re-pointing is audited). Not stored.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, format = Uuid)]
    pub reassign_to: Option<String>,
}

/// Changes an employee record.
#[utoipa::path(
    tag = "employees",
    operation_id = "update_employee",
    description = "Applies a merge patch (`application/merge-patch+json` or `application/json`). \
        Send `If-Match` with the `ETag` you read (412 if it is stale). A superior who is the \
        employee or below them is 422 `cycle`; records are never deleted (set `status` to \
        `inactive`; with active direct reports that is 409 `has_subordinates` unless \
        `reassign_to` names who they report to from now on).\
        \n\n**Who may call:** admin and clients with `employees:write` anywhere; hr within their \
        subtree (both the current and a new unit). Others who may see the employee get 403, \
        the rest 404.",
    params(
        ("id" = String, Path, description = "The employee's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`."),
    ),
    request_body(content = UpdateEmployee, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed employee.", body = Employee, headers(("ETag" = String))),
        (status = 403, description = "The caller may see but not change this employee.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such employee, or not one the caller may see.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`has_subordinates`; `concurrent_update`: retry.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`stale_version`: the record changed since you read it.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["employees:write"]))
)]
#[patch("/employees/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Body<UpdateEmployee>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&principal, &req);
    let id = id.into_inner();
    let who = (principal, id.clone());
    let governs = state
        .run(move |conn| {
            let (principal, id) = who;
            // Those who may not even see the employee learn nothing (404) before the write rule.
            if let Principal::User(_) = principal {
                read_visible(conn, &principal, &id, |conn| employees::find(conn, &id))?;
            }
            policy::write_employees(&principal)
        })
        .await?;
    let body = body.parse()?;
    let changes = EmployeeChanges {
        name: body.name,
        email: body.email,
        asn_type: body.asn_type,
        rank: body.rank,
        position_title: body.position_title,
        position_type: body.position_type,
        unit_id: body.unit_id,
        supervisor_id: body.supervisor_id,
        status: body.status,
        reassign_to: body.reassign_to,
    };
    let codes = state.pppk_codes;
    let row = state
        .perform(actor, move |work| {
            service::update(work, &governs, codes, &id, changes, &if_match)
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), row.version, Employee::from(row)))
}
