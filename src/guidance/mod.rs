//! Guidance sessions (bimbingan kinerja): given by the employees' superior or by someone hr
//! assigns, the employee's feedback form (B.1.8), the giver's competency evaluation (B.1.9),
//! and coverage per semester.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::auth::UserPrincipal;
use crate::db::AnyConnection;
use crate::domain::account::Role;
use crate::domain::guidance::{
    Agreement, SessionKind, Statement, participants_fit, score_in_range, score_needs_reason,
    semester,
};
use crate::domain::org::EmployeeStatus;
use crate::error::{ApiError, FieldError};
use crate::org::reach::scope_path;
use crate::org::{optional_text, required_text};
use crate::store::guidance::{self as rows, CompetencyRow, FeedbackRow, SessionRow};
use crate::store::periods::PeriodRow;
use crate::store::versioned::snapshot;
use crate::store::{IfMatch, Isolation, Versioned, Work, employees, plans, units};

pub const TOPIC_MAX: usize = 200;
pub const TEXT_MAX: usize = 4000;
pub const EMPLOYEES_MAX: usize = 50;
pub const COMPETENCIES_MAX: usize = 30;

/// Problems found in the session.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct Problems {
    pub method: Option<String>,
    pub process: Option<String>,
    pub quality: Option<String>,
}

/// What a session records.
pub struct SessionContent {
    pub held_on: NaiveDate,
    pub topic: String,
    pub problems: Problems,
    pub agreed_actions: Option<String>,
    pub appreciation: Option<String>,
}

pub struct NewSession {
    pub employee_ids: Vec<String>,
    pub kind: SessionKind,
    pub content: SessionContent,
    pub plan_id: Option<String>,
    pub result_ids: Vec<String>,
    /// The person hr assigns to give it; absent, the caller gives it.
    pub giver_id: Option<String>,
}

/// The caller's relation to a session.
pub struct SessionAccess {
    pub giver: bool,
    pub participant: bool,
    /// hr of every employee's unit, or admin: may edit.
    pub manages: bool,
    /// hr or pyb of one of the employees' units.
    pub oversees: bool,
    /// The employees whose forms the caller sees: all for the giver and hr of all of them;
    /// those of their units for other hr and pyb; an employee their own.
    pub forms_of: Vec<String>,
}

impl SessionAccess {
    pub fn reads(&self) -> bool {
        self.giver || self.participant || self.manages || self.oversees
    }
}

/// For each employee, whether they are in the unit subtree the user covers as hr or pyb (all
/// of them for admin).
fn in_scope(
    conn: &mut AnyConnection,
    user: &UserPrincipal,
    employee_ids: &[String],
) -> Result<Vec<bool>, ApiError> {
    if user.roles.contains(&Role::Admin) {
        return Ok(vec![true; employee_ids.len()]);
    }
    let Some(path) = scope_path(conn, user)? else {
        return Ok(vec![false; employee_ids.len()]);
    };
    let mut inside = Vec::new();
    for id in employee_ids {
        let found = employees::find(conn, id)?;
        inside.push(found.is_some_and(|e| e.unit_path.starts_with(&path)));
    }
    Ok(inside)
}

pub fn access(
    conn: &mut AnyConnection,
    user: &UserPrincipal,
    session: &SessionRow,
) -> Result<(SessionAccess, Vec<String>), ApiError> {
    let employees = rows::participants_of(conn, &session.id)?;
    let me = user.employee_id.as_deref();
    let is_hr = user.roles.contains(&Role::Hr) || user.roles.contains(&Role::Admin);
    let inside = in_scope(conn, user, &employees)?;
    let giver = me == Some(session.giver_id.as_str());
    let manages = is_hr && inside.iter().all(|i| *i);
    let forms_of = employees
        .iter()
        .zip(&inside)
        .filter(|(e, inside)| giver || manages || **inside || me == Some(e.as_str()))
        .map(|(e, _)| e.clone())
        .collect();
    let access = SessionAccess {
        giver,
        participant: me.is_some_and(|m| employees.iter().any(|e| e == m)),
        manages,
        oversees: inside.iter().any(|i| *i),
        forms_of,
    };
    Ok((access, employees))
}

/// The session, or 404 when it does not exist or the caller may not read it.
pub fn load(
    conn: &mut AnyConnection,
    user: &UserPrincipal,
    id: &str,
) -> Result<(SessionRow, SessionAccess, Vec<String>), ApiError> {
    let not_found = || ApiError::not_found("guidance session", id);
    let session = rows::find(conn, id)?.ok_or_else(not_found)?;
    let (access, employees) = access(conn, user, &session)?;
    if !access.reads() {
        return Err(not_found());
    }
    Ok((session, access, employees))
}

fn check_content(content: &SessionContent, errors: &mut Vec<FieldError>) -> SessionContent {
    let text = |pointer: &str, value: &Option<String>, errors: &mut Vec<FieldError>| {
        optional_text(pointer, value.as_deref(), TEXT_MAX, errors)
    };
    SessionContent {
        held_on: content.held_on,
        topic: required_text("/topic", &content.topic, TOPIC_MAX, errors),
        problems: Problems {
            method: text("/problems/method", &content.problems.method, errors),
            process: text("/problems/process", &content.problems.process, errors),
            quality: text("/problems/quality", &content.problems.quality, errors),
        },
        agreed_actions: text("/agreed_actions", &content.agreed_actions, errors),
        appreciation: text("/appreciation", &content.appreciation, errors),
    }
}

fn check_held_on(held_on: NaiveDate, today: NaiveDate, errors: &mut Vec<FieldError>) {
    if held_on > today {
        errors.push(FieldError::at(
            "/held_on",
            "in_future",
            "a session is recorded once it was held",
        ));
    }
}

/// The session's employees: active, each once; for a session given by the caller, each one's
/// direct superior must be the caller.
fn check_employees(
    conn: &mut AnyConnection,
    input: &NewSession,
    giver: &str,
    superior_required: bool,
    errors: &mut Vec<FieldError>,
) -> Result<Vec<String>, ApiError> {
    let mut ids: Vec<String> = Vec::new();
    if input.employee_ids.is_empty() || input.employee_ids.len() > EMPLOYEES_MAX {
        errors.push(FieldError::at(
            "/employee_ids",
            "out_of_range",
            format!("1 to {EMPLOYEES_MAX} employees"),
        ));
    }
    for (i, id) in input.employee_ids.iter().enumerate() {
        let pointer = format!("/employee_ids/{i}");
        if ids.contains(id) {
            errors.push(FieldError::at(pointer, "duplicate", "listed twice"));
            continue;
        }
        match employees::find(conn, id)? {
            Some(e) if e.status == EmployeeStatus::Active => {
                if id == giver {
                    errors.push(FieldError::at(
                        pointer,
                        "is_giver",
                        "the person giving guidance is not one of its employees",
                    ));
                } else if superior_required && e.supervisor_id.as_deref() != Some(giver) {
                    errors.push(FieldError::at(
                        pointer,
                        "not_subordinate",
                        "you give guidance to your direct reports; hr assigns anyone else",
                    ));
                }
            }
            _ => errors.push(FieldError::at(
                pointer,
                "unknown_employee",
                "no active employee has this id",
            )),
        }
        ids.push(id.clone());
    }
    if !ids.is_empty() && !participants_fit(input.kind, ids.len()) {
        errors.push(FieldError::at(
            "/kind",
            "wrong_count",
            "an individual session has one employee, a group session two or more",
        ));
    }
    ids.sort();
    Ok(ids)
}

/// The plan (of one of the employees) and the results of it the session was about.
fn check_plan(
    conn: &mut AnyConnection,
    input: &NewSession,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    let Some(plan_id) = &input.plan_id else {
        if !input.result_ids.is_empty() {
            errors.push(FieldError::at(
                "/result_ids",
                "plan_required",
                "results belong to a plan: give plan_id",
            ));
        }
        return Ok(());
    };
    let plan = plans::find(conn, plan_id)?.filter(|p| input.employee_ids.contains(&p.employee_id));
    let Some(plan) = plan else {
        errors.push(FieldError::at(
            "/plan_id",
            "unknown_plan",
            "must be a plan of one of the session's employees",
        ));
        return Ok(());
    };
    let results = plans::results_of(conn, &plan.id)?;
    for (i, id) in input.result_ids.iter().enumerate() {
        if !results.iter().any(|r| &r.id == id) {
            errors.push(FieldError::at(
                format!("/result_ids/{i}"),
                "unknown_result",
                "must be a work result of the plan",
            ));
        }
    }
    Ok(())
}

fn forbidden_giver() -> ApiError {
    ApiError::forbidden(
        "Guidance is given by the employees' superior (a person with an employee record), or by \
         a person hr of their units assigns with giver_id.",
    )
}

pub fn create(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    input: NewSession,
) -> Result<SessionRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let assigned = input.giver_id.is_some();
        let giver = match (&input.giver_id, &user.employee_id) {
            (Some(giver), _) => {
                let inside = in_scope(work.conn(), user, &input.employee_ids)?;
                if !inside.iter().all(|i| *i)
                    || !(user.roles.contains(&Role::Hr) || user.roles.contains(&Role::Admin))
                {
                    return Err(forbidden_giver());
                }
                giver.clone()
            }
            (None, Some(me)) => me.clone(),
            (None, None) => return Err(forbidden_giver()),
        };
        let mut errors = Vec::new();
        if assigned
            && employees::find(work.conn(), &giver)?
                .is_none_or(|e| e.status != EmployeeStatus::Active)
        {
            errors.push(FieldError::at(
                "/giver_id",
                "unknown_employee",
                "no active employee has this id",
            ));
        }
        let ids = check_employees(work.conn(), &input, &giver, !assigned, &mut errors)?;
        let content = check_content(&input.content, &mut errors);
        check_held_on(content.held_on, work.now().date(), &mut errors);
        check_plan(work.conn(), &input, &mut errors)?;
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let at = work.now();
        let row = SessionRow {
            id: uuid::Uuid::now_v7().to_string(),
            kind: input.kind,
            held_on: content.held_on,
            topic: content.topic,
            problem_method: content.problems.method,
            problem_process: content.problems.process,
            problem_quality: content.problems.quality,
            agreed_actions: content.agreed_actions,
            appreciation: content.appreciation,
            plan_id: input.plan_id.clone(),
            result_ids: serde_json::to_string(&input.result_ids).unwrap_or_else(|_| "[]".into()),
            giver_id: giver,
            created_by: user.id.clone(),
            version: 1,
            created_at: at,
            updated_at: at,
        };
        rows::insert(work.conn(), &row, &ids)?;
        let mut after = snapshot(&row);
        if let Some(serde_json::Value::Object(map)) = &mut after {
            map.insert("employee_ids".into(), serde_json::json!(ids));
        }
        work.record(SessionRow::ENTITY, &row.id, "create", None, after, None)?;
        Ok(row)
    })
}

/// A merge patch of the session's record.
#[derive(Default)]
pub struct SessionChanges {
    pub held_on: Option<NaiveDate>,
    pub topic: Option<String>,
    pub problems: Option<Problems>,
    pub agreed_actions: Option<Option<String>>,
    pub appreciation: Option<Option<String>>,
}

pub fn update(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    id: &str,
    changes: SessionChanges,
    if_match: &IfMatch,
) -> Result<SessionRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<SessionRow>(id)?;
        let (before, access, _) = load(work.conn(), user, id)?;
        edit_session(&access)?;
        if_match.check(before.version)?;
        let current = SessionContent {
            held_on: changes.held_on.unwrap_or(before.held_on),
            topic: changes.topic.unwrap_or_else(|| before.topic.clone()),
            problems: changes.problems.unwrap_or_else(|| Problems {
                method: before.problem_method.clone(),
                process: before.problem_process.clone(),
                quality: before.problem_quality.clone(),
            }),
            agreed_actions: changes
                .agreed_actions
                .unwrap_or_else(|| before.agreed_actions.clone()),
            appreciation: changes
                .appreciation
                .unwrap_or_else(|| before.appreciation.clone()),
        };
        let mut errors = Vec::new();
        let content = check_content(&current, &mut errors);
        check_held_on(content.held_on, work.now().date(), &mut errors);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let after = SessionRow {
            held_on: content.held_on,
            topic: content.topic,
            problem_method: content.problems.method,
            problem_process: content.problems.process,
            problem_quality: content.problems.quality,
            agreed_actions: content.agreed_actions,
            appreciation: content.appreciation,
            ..before.clone()
        };
        work.update(if_match, &before, after, "update", None)
    })
}

/// Filing form B.1.8: the session's employees, for themselves.
pub fn file_feedback(access: &SessionAccess) -> Result<(), ApiError> {
    if access.participant {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Only the session's employees file its feedback form.",
        ))
    }
}

/// Filing form B.1.9: the person who gave the guidance.
pub fn evaluate_as_giver(access: &SessionAccess) -> Result<(), ApiError> {
    if access.giver {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Only the person who gave the guidance evaluates competencies.",
        ))
    }
}

/// Editing a session's record: its giver, hr of all its employees' units, admin.
pub fn edit_session(access: &SessionAccess) -> Result<(), ApiError> {
    if access.giver || access.manages {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Only the person who gave the guidance and hr of its employees' units edit it.",
        ))
    }
}

/// One answer of form B.1.8.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StatementAnswer {
    pub statement: Statement,
    pub answer: Agreement,
    pub comment: Option<String>,
}

/// Files (or replaces) the caller's form B.1.8; every statement answered once.
pub fn give_feedback(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    id: &str,
    answers: Vec<StatementAnswer>,
) -> Result<SessionRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<SessionRow>(id)?;
        let (session, access, _) = load(work.conn(), user, id)?;
        file_feedback(&access)?;
        // A participant is an employee of the session: the caller's own record.
        let me = user.employee_id.clone().unwrap_or_default();
        let mut errors = Vec::new();
        let mut cleaned = Vec::new();
        for (i, a) in answers.iter().enumerate() {
            if cleaned
                .iter()
                .any(|c: &StatementAnswer| c.statement == a.statement)
            {
                errors.push(FieldError::at(
                    format!("/statements/{i}/statement"),
                    "duplicate",
                    "each statement is answered once",
                ));
            }
            let comment = optional_text(
                &format!("/statements/{i}/comment"),
                a.comment.as_deref(),
                TEXT_MAX,
                &mut errors,
            );
            cleaned.push(StatementAnswer {
                comment,
                ..a.clone()
            });
        }
        let missing: Vec<&str> = Statement::ALL
            .iter()
            .filter(|s| !cleaned.iter().any(|c| c.statement == **s))
            .map(|s| s.as_str())
            .collect();
        if !missing.is_empty() {
            errors.push(FieldError::at(
                "/statements",
                "missing",
                format!(
                    "every statement needs an answer; missing: {}",
                    missing.join(", ")
                ),
            ));
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        cleaned.sort_by_key(|c| c.statement);
        let previous = rows::feedback_of(work.conn(), id)?
            .into_iter()
            .find(|f| f.employee_id == me)
            .map(|f| f.answers);
        file_form(
            work,
            session,
            &me,
            previous,
            &cleaned,
            "give_feedback",
            |conn, answers, at| {
                let row = FeedbackRow {
                    session_id: id.to_owned(),
                    employee_id: me.clone(),
                    answers,
                    submitted_at: at,
                };
                rows::put_feedback(conn, &row)
            },
        )
    })
}

/// Stores one employee's form of a session (replacing theirs) unless it is the same: a new
/// version of the session, the form before and after in its audit event.
fn file_form<T: Serialize>(
    work: &mut Work<'_>,
    session: SessionRow,
    employee: &str,
    previous: Option<String>,
    form: &T,
    action: &str,
    put: impl FnOnce(&mut AnyConnection, String, chrono::NaiveDateTime) -> diesel::QueryResult<()>,
) -> Result<SessionRow, ApiError> {
    let stored =
        serde_json::to_string(form).map_err(|e| ApiError::internal(anyhow::Error::from(e)))?;
    if previous.as_deref() == Some(stored.as_str()) {
        return Ok(session);
    }
    let after = form_payload(employee, &stored);
    let at = work.now();
    put(work.conn(), stored, at)?;
    let event = crate::store::versioned::Event {
        action,
        before: previous.map(|p| form_payload(employee, &p)),
        after: Some(after),
        reason: None,
    };
    work.touch(&IfMatch::Absent, &session, session.clone(), event)
}

fn form_payload(employee_id: &str, stored: &str) -> serde_json::Value {
    let parsed: serde_json::Value = serde_json::from_str(stored).unwrap_or_default();
    serde_json::json!({"employee_id": employee_id, "form": parsed})
}

/// One competency of form B.1.9.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CompetencyScore {
    pub competency: String,
    pub score: i64,
    pub reason: Option<String>,
}

/// Files (or replaces) the giver's form B.1.9 for one employee of the session (`employee_id`
/// may be left out of an individual session).
pub fn evaluate_competencies(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    id: &str,
    employee_id: Option<String>,
    items: Vec<CompetencyScore>,
) -> Result<SessionRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<SessionRow>(id)?;
        let (session, access, employees) = load(work.conn(), user, id)?;
        evaluate_as_giver(&access)?;
        let mut errors = Vec::new();
        let employee = match employee_id {
            Some(e) if employees.contains(&e) => e,
            Some(_) => {
                errors.push(FieldError::at(
                    "/employee_id",
                    "not_in_session",
                    "must be one of the session's employees",
                ));
                String::new()
            }
            None if employees.len() == 1 => employees[0].clone(),
            None => {
                errors.push(FieldError::at(
                    "/employee_id",
                    "required",
                    "a group session's competency evaluation names the employee",
                ));
                String::new()
            }
        };
        if items.is_empty() || items.len() > COMPETENCIES_MAX {
            errors.push(FieldError::at(
                "/competencies",
                "out_of_range",
                format!("1 to {COMPETENCIES_MAX} competencies"),
            ));
        }
        let mut cleaned: Vec<CompetencyScore> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = |field: &str| format!("/competencies/{i}/{field}");
            let name = required_text(&at("competency"), &item.competency, TOPIC_MAX, &mut errors);
            if cleaned.iter().any(|c| c.competency == name) {
                errors.push(FieldError::at(
                    at("competency"),
                    "duplicate",
                    "listed twice",
                ));
            }
            if !score_in_range(item.score) {
                errors.push(FieldError::at(at("score"), "out_of_range", "1 to 5"));
            }
            let reason =
                optional_text(&at("reason"), item.reason.as_deref(), TEXT_MAX, &mut errors);
            if reason.is_none() && score_needs_reason(item.score) {
                errors.push(FieldError::at(
                    at("reason"),
                    "required",
                    "a score of 1, 2 or 5 is explained",
                ));
            }
            cleaned.push(CompetencyScore {
                competency: name,
                score: item.score,
                reason,
            });
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let previous = rows::competencies_of(work.conn(), id)?
            .into_iter()
            .find(|c| c.employee_id == employee)
            .map(|c| c.items);
        let action = "evaluate_competencies";
        file_form(
            work,
            session,
            &employee,
            previous,
            &cleaned,
            action,
            |conn, items, at| {
                let row = CompetencyRow {
                    session_id: id.to_owned(),
                    employee_id: employee.clone(),
                    items,
                    evaluated_at: at,
                };
                rows::put_competencies(conn, &row)
            },
        )
    })
}

/// One employee's coverage in a semester.
pub struct Coverage {
    pub employee_id: String,
    pub nip: String,
    pub name: String,
    pub unit_id: String,
    pub sessions: i64,
}

pub struct CoverageReport {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub minimum: i32,
    pub employees: Vec<Coverage>,
}

/// Sessions per active employee of the unit's subtree in semester 1 or 2 of the period.
pub fn coverage(
    conn: &mut AnyConnection,
    period: &PeriodRow,
    unit_id: &str,
    number: u32,
) -> Result<CoverageReport, ApiError> {
    let Some((starts_on, ends_on)) = semester(period.starts_on, period.ends_on, number) else {
        return Err(ApiError::validation(vec![FieldError::at(
            "/semester",
            "out_of_range",
            "1, or 2 when the period is longer than six months",
        )]));
    };
    let path = units::subtree_path(conn, unit_id)?;
    let counts = rows::sessions_per_employee(conn, &path, starts_on, ends_on)?;
    let employees = employees::active_in_subtree(conn, &path)?
        .into_iter()
        .map(|e| Coverage {
            sessions: counts
                .iter()
                .find(|(id, _)| *id == e.id)
                .map_or(0, |(_, n)| *n),
            employee_id: e.id,
            nip: e.nip,
            name: e.name,
            unit_id: e.unit_id,
        })
        .collect();
    Ok(CoverageReport {
        starts_on,
        ends_on,
        minimum: period.guidance_min_per_semester,
        employees,
    })
}
