//! Reports for hr and pyb, as JSON or as CSV for a spreadsheet (`Accept: text/csv`).

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::me::actor;
use crate::api::extract::QueryParams;
use crate::app::AppState;
use crate::auth::{Principal, policy};
use crate::domain::predikat::{OrganizationPredikat, Predikat};
use crate::error::{ApiError, Problem};
use crate::evaluations::unit::{self, ReportLine};
use crate::guidance;
use crate::org::reach::governs_unit;
use crate::store::periods;

const PROBLEM: &str = "application/problem+json";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PredikatQuery {
    pub period_id: String,
    /// The top of the subtree reported.
    pub unit_id: String,
    /// `annual` (default) or a sub-period number.
    pub slot: Option<String>,
}

/// One unit's predikat counts and the curve's verdict.
#[derive(Debug, Serialize, ToSchema)]
pub struct PredikatLine {
    pub unit_id: String,
    pub unit_code: String,
    pub unit_name: String,
    /// The unit's organisation predikat for the slot; null when not set.
    pub organization_predikat: Option<OrganizationPredikat>,
    /// Rated and final predikat of the unit's population.
    pub counts: BTreeMap<Predikat, u64>,
    /// Evaluations still open.
    pub pending: usize,
    /// `ok`, `violated`, `warning` (violated, but the unit is smaller than the period's
    /// minimum), or `no_predikat`.
    #[schema(example = "ok")]
    pub verdict: &'static str,
    /// The violated bounds, in words.
    pub violations: Vec<String>,
}

/// The predikat report of a subtree.
#[derive(Debug, Serialize, ToSchema)]
pub struct PredikatReport {
    pub period_id: String,
    pub slot: String,
    pub units: Vec<PredikatLine>,
}

fn line(l: ReportLine) -> PredikatLine {
    let violations: Vec<String> = l
        .standing
        .violations()
        .iter()
        .map(|c| c.explanation.clone())
        .collect();
    let organization_predikat = l
        .standing
        .predikat
        .as_ref()
        .and_then(|p| OrganizationPredikat::from_code(&p.predikat));
    let verdict = match (
        &organization_predikat,
        violations.is_empty(),
        l.standing.small,
    ) {
        (None, _, _) => "no_predikat",
        (Some(_), true, _) => "ok",
        (Some(_), false, true) => "warning",
        (Some(_), false, false) => "violated",
    };
    PredikatLine {
        pending: l.standing.pending().len(),
        unit_id: l.unit_id,
        unit_code: l.code,
        unit_name: l.name,
        organization_predikat,
        counts: l.standing.counts,
        verdict,
        violations,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OverdueQuery {
    pub period_id: String,
    /// The top of the subtree reported.
    pub unit_id: String,
}

/// An approved plan's slot past its due day without a rated evaluation.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverdueEvaluation {
    pub plan_id: String,
    pub employee_id: String,
    pub unit_id: String,
    /// `annual` or the sub-period number as text.
    pub slot: String,
    pub due_on: chrono::NaiveDate,
    /// The evaluation opened for the slot but not rated; null when none was opened.
    pub evaluation_id: Option<String>,
}

/// Evaluations past due.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "overdue_evaluations_report",
    description = "Every approved plan of the subtree with a slot whose evaluation is past due \
        (the slot's last day plus the period's `evaluation_due_days`) and not rated, in plan \
        and slot order.\n\n**Who may call:** admin; hr and pyb of the unit; clients with \
        `results:read`.",
    params(OverdueQuery),
    responses(
        (status = 200, description = "The overdue slots.", body = Vec<OverdueEvaluation>),
        (status = 400, description = "A query parameter is missing or invalid.", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not admin, hr or pyb.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such unit or period, or outside the caller's units.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["results:read"]))
)]
#[get("/reports/evaluations-overdue")]
pub async fn overdue(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<OverdueQuery>,
) -> Result<web::Json<Vec<OverdueEvaluation>>, ApiError> {
    let governs = policy::read_unit_performance(&principal)?;
    let lines = state
        .perform(actor(&principal, &req), move |work| {
            let today = work.now().date();
            unit::overdue(
                work.conn(),
                &governs,
                &query.unit_id,
                &query.period_id,
                today,
            )
        })
        .await?;
    Ok(web::Json(
        lines
            .into_iter()
            .map(|o| OverdueEvaluation {
                plan_id: o.plan_id,
                employee_id: o.employee_id,
                unit_id: o.unit_id,
                slot: o.slot,
                due_on: o.due_on,
                evaluation_id: o.evaluation_id,
            })
            .collect(),
    ))
}

/// A CSV field, quoted when it holds a separator, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn csv(report: &PredikatReport) -> String {
    let mut out = String::from("unit_code,unit_name,organization_predikat");
    for p in Predikat::ALL {
        out.push(',');
        out.push_str(p.code());
    }
    out.push_str(",pending,verdict,violations\r\n");
    for l in &report.units {
        let org = l
            .organization_predikat
            .map(|p| p.code().to_owned())
            .unwrap_or_default();
        let mut row = vec![csv_field(&l.unit_code), csv_field(&l.unit_name), org];
        row.extend(
            Predikat::ALL
                .iter()
                .map(|p| l.counts.get(p).copied().unwrap_or(0).to_string()),
        );
        row.push(l.pending.to_string());
        row.push(l.verdict.to_owned());
        row.push(csv_field(&l.violations.join("; ")));
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Predikat per unit of a subtree, with the curve's verdict.
#[utoipa::path(
    tag = "evaluations",
    operation_id = "predikat_report",
    description = "For every unit of the subtree (in tree order): its organisation predikat for \
        the slot, the rated and final predikat of its population, the open evaluations, and \
        the curve's verdict. `Accept: text/csv` gives the same as CSV (UTF-8, comma-separated, \
        a header row) for a spreadsheet.\n\n**Who may call:** admin; hr and pyb of the unit; \
        clients with `results:read`.",
    params(PredikatQuery),
    responses(
        (status = 200, description = "The report.", content(
            (PredikatReport = "application/json"),
            (String = "text/csv", example = "unit_code,unit_name,organization_predikat,sangat_baik,baik,cukup,butuh_perbaikan,kurang,sangat_kurang,pending,verdict,violations\r\nSEKSI,Seksi Kesos,baik,2,8,0,0,0,0,0,violated,at most 70% baik: 8 of 10 (80%)\r\n"),
        )),
        (status = 400, description = "A query parameter is missing or invalid.", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not admin, hr or pyb.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such unit, or outside the caller's units.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/slot` `invalid_slot`.", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["results:read"]))
)]
#[get("/reports/predikat")]
pub async fn predikat(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<PredikatQuery>,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::read_unit_performance(&principal)?;
    let slot = query.slot.unwrap_or_else(|| "annual".to_owned());
    let period_id = query.period_id;
    let report = state
        .perform(actor(&principal, &req), move |work| {
            let lines = unit::report(work.conn(), &governs, &query.unit_id, &period_id, &slot)?;
            let slot = lines
                .first()
                .map(|l| l.standing.slot.clone())
                .unwrap_or(slot);
            Ok(PredikatReport {
                period_id,
                slot,
                units: lines.into_iter().map(line).collect(),
            })
        })
        .await?;
    Ok(json_or_csv(&req, &report, csv))
}

/// The report as JSON, or as CSV when the caller accepts `text/csv`.
fn json_or_csv<T: Serialize>(req: &HttpRequest, report: &T, csv: fn(&T) -> String) -> HttpResponse {
    let wants_csv = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("text/csv"));
    if wants_csv {
        HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .body(csv(report))
    } else {
        HttpResponse::Ok().json(report)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CoverageQuery {
    pub period_id: String,
    /// The top of the subtree reported.
    pub unit_id: String,
    /// 1 (the period's first six months) or 2 (the rest).
    #[param(minimum = 1, maximum = 2)]
    pub semester: u32,
}

/// One employee's guidance sessions in the semester.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageLine {
    pub employee_id: String,
    pub nip: String,
    pub name: String,
    pub unit_id: String,
    pub sessions: i64,
}

/// Guidance coverage of a subtree in a semester.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({"period_id": "019a9a3c-2000-7c2e-9b41-3d2f1e0a9b01",
    "unit_id": "019a9a3c-1002-7c2e-9b41-3d2f1e0a9b01", "semester": 1, "starts_on": "2026-01-01",
    "ends_on": "2026-06-30", "minimum": 1,
    "employees": [{"employee_id": "019a9a3c-4003-7c2e-9b41-3d2f1e0a9b01", "nip": "198503152010011003",
        "name": "Siti Rahmawati", "unit_id": "019a9a3c-1002-7c2e-9b41-3d2f1e0a9b01", "sessions": 0}],
    "without": ["019a9a3c-4003-7c2e-9b41-3d2f1e0a9b01"]})))]
pub struct GuidanceCoverage {
    pub period_id: String,
    pub unit_id: String,
    pub semester: u32,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    /// The period's `guidance_min_per_semester`.
    pub minimum: i32,
    /// Every active employee of the subtree, in NIP order.
    pub employees: Vec<CoverageLine>,
    /// The employees with fewer sessions than the minimum.
    pub without: Vec<String>,
}

fn coverage_csv(report: &GuidanceCoverage) -> String {
    let mut out = String::from("nip,name,sessions,meets_minimum\r\n");
    for e in &report.employees {
        let meets = e.sessions >= i64::from(report.minimum);
        out.push_str(&format!(
            "{},{},{},{}\r\n",
            csv_field(&e.nip),
            csv_field(&e.name),
            e.sessions,
            if meets { "yes" } else { "no" }
        ));
    }
    out
}

/// Guidance sessions per employee of a subtree in a semester.
#[utoipa::path(
    tag = "guidance",
    operation_id = "guidance_coverage_report",
    description = "Per active employee of the unit's subtree, the guidance sessions held in \
        semester 1 or 2 of the period, and the employees with fewer than the period's \
        `guidance_min_per_semester` (default 1). `Accept: text/csv` gives the same as CSV.\
        \n\n**Who may call:** admin; hr and pyb of the unit; clients with `results:read`.",
    params(CoverageQuery),
    responses(
        (status = 200, description = "The report.", content(
            (GuidanceCoverage = "application/json"),
            (String = "text/csv", example = "nip,name,sessions,meets_minimum\r\n198503152010011003,Siti Rahmawati,0,no\r\n"),
        )),
        (status = 400, description = "A query parameter is missing or invalid.", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not admin, hr or pyb.", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such unit or period, or outside the caller's units.", body = Problem, content_type = PROBLEM),
        (status = 422, description = "`/semester` `out_of_range` (the period has no second semester).", body = Problem, content_type = PROBLEM),
    ),
    security(("bearerAuth" = []), ("oauth2" = ["results:read"]))
)]
#[get("/reports/guidance-coverage")]
pub async fn guidance_coverage(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    QueryParams(query): QueryParams<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    let governs = policy::read_unit_performance(&principal)?;
    let report = state
        .perform(actor(&principal, &req), move |work| {
            if !governs_unit(work.conn(), &governs, &query.unit_id)? {
                return Err(ApiError::not_found("unit", &query.unit_id));
            }
            let period = periods::find(work.conn(), &query.period_id)?
                .ok_or_else(|| ApiError::not_found("period", &query.period_id))?;
            let found = guidance::coverage(work.conn(), &period, &query.unit_id, query.semester)?;
            let without = found
                .employees
                .iter()
                .filter(|e| e.sessions < i64::from(found.minimum))
                .map(|e| e.employee_id.clone())
                .collect();
            Ok(GuidanceCoverage {
                period_id: period.id,
                unit_id: query.unit_id,
                semester: query.semester,
                starts_on: found.starts_on,
                ends_on: found.ends_on,
                minimum: found.minimum,
                without,
                employees: found
                    .employees
                    .into_iter()
                    .map(|e| CoverageLine {
                        employee_id: e.employee_id,
                        nip: e.nip,
                        name: e.name,
                        unit_id: e.unit_id,
                        sessions: e.sessions,
                    })
                    .collect(),
            })
        })
        .await?;
    Ok(json_or_csv(&req, &report, coverage_csv))
}
