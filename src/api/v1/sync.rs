//! Batch sync of units and employees by natural key, as JSON or CSV.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::csv;
use crate::api::extract::{QueryParams, RawBody, from_value, language, parse_json};
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::domain::org::{AsnType, EmployeeStatus, PositionType, Rank, UnitKind};
use crate::error::{ApiError, FieldError, Problem};
use crate::language::Language;
use crate::org::sync::{
    self, EmployeeRowInput, Missing, Mode, Outcome, Parsed, RowResult, UnitRowInput,
};

const PROBLEM: &str = "application/problem+json";

/// One unit, keyed by `code`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitSyncRow {
    #[schema(min_length = 1, max_length = 50, example = "KEC-KRW-BARAT")]
    pub code: String,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    pub kind: UnitKind,
    /// The parent's code: in the batch (any order) or already stored; absent for a root.
    #[schema(max_length = 50)]
    pub parent_code: Option<String>,
    /// `inactive` deactivates the unit; absent leaves it as it is.
    pub status: Option<EmployeeStatus>,
}

/// One employee, keyed by `nip`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployeeSyncRow {
    #[schema(
        example = "199406182019031007",
        max_length = 21,
        pattern = "^[0-9 ]{18,21}$"
    )]
    pub nip: String,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(format = "email")]
    pub email: Option<String>,
    pub asn_type: AsnType,
    pub rank: Rank,
    #[schema(min_length = 1, max_length = 200)]
    pub position_title: String,
    pub position_type: PositionType,
    /// The unit's code: in a units sync before, or already stored.
    #[schema(max_length = 50)]
    pub unit_code: String,
    /// The superior's NIP: in the batch (any order) or already stored.
    #[schema(max_length = 21, pattern = "^[0-9 ]{18,21}$")]
    pub supervisor_nip: Option<String>,
    /// `inactive` deactivates the employee (409 `has_subordinates` for the row while they
    /// have active reports); absent leaves it as it is.
    pub status: Option<EmployeeStatus>,
}

/// A batch (JSON); as CSV the rows are the records and the options are query parameters.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncBatch<T> {
    #[serde(default)]
    pub mode: Mode,
    /// Deactivate what the batch leaves out of the subtree of `scope_code` (a unit the caller
    /// manages). Never implied.
    #[serde(default)]
    pub deactivate_missing: bool,
    /// The top of the subtree `deactivate_missing` covers.
    #[schema(max_length = 50)]
    pub scope_code: Option<String>,
    #[schema(min_items = 1, max_items = 1000)]
    pub rows: Vec<T>,
}

/// The batch as read, before each row is: rows stay JSON so that one bad row fails alone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LooseBatch {
    #[serde(default)]
    mode: Mode,
    #[serde(default)]
    deactivate_missing: bool,
    scope_code: Option<String>,
    rows: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SyncQuery {
    /// For a CSV body: `partial` (default) or `atomic`.
    pub mode: Option<Mode>,
    /// For a CSV body: deactivate what the batch leaves out of `scope_code`'s subtree.
    pub deactivate_missing: Option<bool>,
    /// For a CSV body: the top of that subtree.
    #[param(max_length = 50)]
    pub scope_code: Option<String>,
}

/// What became of a batch.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({"mode": "partial", "created": 1, "updated": 0, "unchanged": 1, "deactivated": 0, "failed": 1,
    "rows": [
        {"index": 0, "key": "KEC-KRW-BARAT", "outcome": "unchanged", "id": "019a9a3c-1002-7c2e-9b41-3d2f1e0a9b01", "problem": null},
        {"index": 1, "key": "KEL-ADIARSA-BARAT", "outcome": "created", "id": "019a9a3c-1003-7c2e-9b41-3d2f1e0a9b01", "problem": null},
        {"index": 2, "key": "KEL-X", "outcome": "failed", "id": null,
         "problem": {"pointer": "/rows/2/parent_code", "code": "unknown_unit", "message": "no unit has this key"}}]})))]
pub struct SyncResult {
    pub mode: Mode,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deactivated: usize,
    pub failed: usize,
    /// Every row in batch order, then the records `deactivate_missing` touched.
    pub rows: Vec<RowResult>,
}

/// The batch from a JSON or CSV body: options, raw rows, and for CSV each row's line and the
/// header (to name columns in errors).
struct Batch {
    mode: Mode,
    missing: Option<Missing>,
    rows: Vec<serde_json::Value>,
    csv: Option<(Vec<String>, Vec<usize>)>,
}

fn read_batch(body: &RawBody, query: SyncQuery) -> Result<Batch, ApiError> {
    let missing = |deactivate: bool, scope: Option<String>| -> Result<Option<Missing>, ApiError> {
        match (deactivate, scope) {
            (false, _) => Ok(None),
            (true, Some(root_code)) => Ok(Some(Missing { root_code })),
            (true, None) => Err(ApiError::validation(vec![FieldError::at(
                "/scope_code",
                "required",
                "deactivate_missing covers the subtree of scope_code",
            )])),
        }
    };
    if body.is_json() {
        if query.mode.is_some() || query.deactivate_missing.is_some() || query.scope_code.is_some()
        {
            return Err(ApiError::invalid_parameter(
                "query",
                FieldError::parameter(
                    "mode",
                    "json_body",
                    "with a JSON body the options go in the body, not the query",
                ),
            ));
        }
        let batch: LooseBatch = parse_json(&body.bytes)?;
        return Ok(Batch {
            mode: batch.mode,
            missing: missing(batch.deactivate_missing, batch.scope_code)?,
            rows: batch.rows,
            csv: None,
        });
    }
    if body.essence().as_deref() != Some("text/csv") {
        return Err(ApiError::unsupported_media_type(
            body.content_type.as_deref(),
        ));
    }
    let (header, records) = csv::records(&body.bytes)?;
    let lines = records.iter().map(|r| r.line).collect();
    Ok(Batch {
        mode: query.mode.unwrap_or_default(),
        missing: missing(query.deactivate_missing.unwrap_or(false), query.scope_code)?,
        rows: records
            .into_iter()
            .map(|r| serde_json::Value::Object(r.fields))
            .collect(),
        csv: Some((header, lines)),
    })
}

/// Each row read as `T`, keyed by `key` (so a row that cannot be read still has a name).
fn parse_rows<T: serde::de::DeserializeOwned, I>(
    rows: Vec<serde_json::Value>,
    key: &str,
    convert: impl Fn(T) -> I,
) -> Vec<Parsed<I>> {
    rows.into_iter()
        .map(|raw| Parsed {
            key: raw
                .get(key)
                .and_then(|k| k.as_str())
                .unwrap_or_default()
                .to_owned(),
            row: from_value::<T>(raw).map(&convert).map_err(|e| {
                e.field_errors()
                    .first()
                    .cloned()
                    .unwrap_or_else(|| FieldError::at("", e.code(), e.detail().to_owned()))
            }),
        })
        .collect()
}

/// For a CSV body, a pointer `/rows/3/kind` also says where that is in the file.
fn locate(problem: FieldError, csv: &Option<(Vec<String>, Vec<usize>)>) -> FieldError {
    let Some((header, lines)) = csv else {
        return problem;
    };
    let pointer = problem.pointer.clone().unwrap_or_default();
    let mut parts = pointer.trim_start_matches('/').split('/').skip(1);
    let index: Option<usize> = parts.next().and_then(|i| i.parse().ok());
    let field = parts.next();
    let Some(line) = index.and_then(|i| lines.get(i)) else {
        return problem;
    };
    let column = field.and_then(|f| header.iter().position(|h| h == f));
    let place = match column {
        Some(c) => format!("line {line}, column {} ({})", c + 1, header[c]),
        None => format!("line {line}"),
    };
    FieldError {
        message: format!("{place}: {}", problem.message),
        ..problem
    }
}

/// The answer to a batch; each failed row's message in the caller's language (a refused batch
/// is a problem document, which the request middleware puts in it).
fn respond(
    outcome: Result<Vec<RowResult>, ApiError>,
    mode: Mode,
    csv: Option<(Vec<String>, Vec<usize>)>,
    language: Language,
) -> Result<HttpResponse, ApiError> {
    let mut rows = match outcome {
        Ok(rows) => rows,
        Err(e) if e.status() == 422 && !e.field_errors().is_empty() => {
            let problems = e
                .field_errors()
                .iter()
                .cloned()
                .map(|p| locate(p, &csv))
                .collect();
            return Err(ApiError::validation(problems));
        }
        Err(e) => return Err(e),
    };
    for row in &mut rows {
        if let Some(problem) = row.problem.take() {
            let mut problem = locate(problem, &csv);
            problem.message = language.say(&problem.message);
            row.problem = Some(problem);
        }
    }
    let count = |o: Outcome| rows.iter().filter(|r| r.outcome == o).count();
    let result = SyncResult {
        mode,
        created: count(Outcome::Created),
        updated: count(Outcome::Updated),
        unchanged: count(Outcome::Unchanged),
        deactivated: count(Outcome::Deactivated),
        failed: count(Outcome::Failed),
        rows,
    };
    Ok(HttpResponse::Ok().json(result))
}

/// Creates or updates units by code.
#[utoipa::path(
    tag = "sync",
    operation_id = "sync_units",
    description = "Up to 1,000 units keyed by `code`, as JSON or as `text/csv` (a header row \
        with the field names; comma or semicolon; options as query parameters). Each row is \
        `created`, `updated`, `unchanged` or `failed` (with the problem: a pointer into the \
        batch such as `/rows/3/parent_code`, for CSV also the line and column). `parent_code` \
        resolves against the batch (any order) and the database; a row that would close a \
        cycle or names an unknown unit fails alone. `partial` (default): good rows land; \
        `atomic`: any failure is a 422 listing the problems, and nothing lands. Every change \
        is audited like a single write. Deactivation is explicit (`status: inactive`), or, with \
        `deactivate_missing` and `scope_code`, of the units of that subtree the batch leaves \
        out.\n\n**Who may call:** admin and clients with `units:write` anywhere; hr in their \
        subtree.",
    params(SyncQuery),
    request_body(content(
        (SyncBatch<UnitSyncRow> = "application/json"),
        (String = "text/csv", example = "code;name;kind;parent_code\r\nKEC-KRW-BARAT;Kecamatan Karawang Barat;kecamatan;\r\nKEL-ADIARSA-BARAT;Kelurahan Adiarsa Barat;kelurahan;KEC-KRW-BARAT\r\n"),
    )),
    responses(
        (status = 200, description = "What became of each row.", body = SyncResult),
        (status = 403, description = "Not allowed to change units.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "The batch cannot be read, more than 1,000 rows, or (`atomic`) a row failed.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["units:write"]))
)]
#[post("/sync/units")]
pub async fn units(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<SyncQuery>,
    body: RawBody,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::write_units(&principal)?;
    let batch = read_batch(&body, query)?;
    let rows = parse_rows(batch.rows, "code", |r: UnitSyncRow| UnitRowInput {
        code: r.code,
        name: r.name,
        kind: r.kind,
        parent_code: r.parent_code,
        active: r.status.map(|s| s == EmployeeStatus::Active),
    });
    let (batch_mode, missing) = (batch.mode, batch.missing);
    let outcome = state
        .perform(actor(&principal, &req), move |work| {
            sync::sync_units(work, &governs, batch_mode, rows, missing)
        })
        .await;
    respond(outcome, batch_mode, batch.csv, language(&req))
}

/// Creates or updates employees by NIP.
#[utoipa::path(
    tag = "sync",
    operation_id = "sync_employees",
    description = "Up to 1,000 employees keyed by `nip`, as JSON or as `text/csv` (as \
        `sync_units`). `unit_code` resolves against the database, `supervisor_nip` against the \
        batch (any order) and the database; each row is checked as a single create or update \
        (NIP, rank, superior chain) and fails alone in `partial` mode. Deactivation is \
        explicit (`status: inactive`; 409 `has_subordinates` for the row while they have active \
        reports), or, with `deactivate_missing` and `scope_code`, of the active employees of \
        that subtree the batch leaves out.\n\n**Who may call:** admin and clients with \
        `employees:write` anywhere; hr in their subtree.",
    params(SyncQuery),
    request_body(content(
        (SyncBatch<EmployeeSyncRow> = "application/json"),
        (String = "text/csv", example = "nip;name;asn_type;rank;position_title;position_type;unit_code;supervisor_nip\r\n199406182019031007;Rudi Hartono;pns;II/c;Pengelola Kesejahteraan Sosial;pelaksana;KEC-KRW-BARAT-KESOS;198807122011012004\r\n"),
    )),
    responses(
        (status = 200, description = "What became of each row.", body = SyncResult),
        (status = 403, description = "Not allowed to change employees.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "The batch cannot be read, more than 1,000 rows, or (`atomic`) a row failed.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["employees:write"]))
)]
#[post("/sync/employees")]
pub async fn employees(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<SyncQuery>,
    body: RawBody,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::write_employees(&principal)?;
    let batch = read_batch(&body, query)?;
    let rows = parse_rows(batch.rows, "nip", |r: EmployeeSyncRow| EmployeeRowInput {
        nip: r.nip,
        name: r.name,
        email: r.email,
        asn_type: r.asn_type,
        rank: r.rank,
        position_title: r.position_title,
        position_type: r.position_type,
        unit_code: r.unit_code,
        supervisor_nip: r.supervisor_nip,
        status: r.status,
    });
    let (batch_mode, missing, pppk_codes) = (batch.mode, batch.missing, state.pppk_codes);
    let outcome = state
        .perform(actor(&principal, &req), move |work| {
            sync::sync_employees(work, &governs, pppk_codes, batch_mode, rows, missing)
        })
        .await;
    respond(outcome, batch_mode, batch.csv, language(&req))
}
