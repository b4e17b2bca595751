//! Who may call what. Every endpoint's rule is one function here, named after what it guards,
//! and handlers call it first. Data-dependent rules (an employee's own record, an HR officer's
//! subtree) take the data they depend on. Denial is 403 when the caller may know the thing
//! exists, 404 when even that is not their business.

use super::principal::{Principal, UserPrincipal};
use crate::domain::account::{Role, Scope};
use crate::error::ApiError;

/// The access rule of every operation, by OpenAPI `operationId`: the function here that its
/// handler calls before it reads the request body. A test fails when an operation of the
/// document has no entry, or its handler does not call the rule named.
pub const RULES: &[(&str, &str)] = &[
    ("issue_token", "anyone"),
    ("revoke_token", "anyone"),
    ("health_live", "anyone"),
    ("health_ready", "anyone"),
    ("metrics", "anyone"),
    ("get_reference", "anyone"),
    ("get_me", "read_own_account"),
    ("change_my_password", "change_own_password"),
    ("create_user", "manage_accounts"),
    ("list_users", "manage_accounts"),
    ("get_user", "manage_accounts"),
    ("update_user", "manage_accounts"),
    ("unlock_user", "manage_accounts"),
    ("create_client", "manage_accounts"),
    ("list_clients", "manage_accounts"),
    ("get_client", "manage_accounts"),
    ("update_client", "manage_accounts"),
    ("rotate_client_secret", "manage_accounts"),
    ("check_distribution", "use_calculators"),
    ("calculate_skp_score", "use_calculators"),
    ("create_unit", "write_units"),
    ("list_units", "read_units"),
    ("get_unit", "read_units"),
    ("update_unit", "write_units"),
    ("create_employee", "write_employees"),
    ("list_employees", "read_employees"),
    ("get_employee", "read_employees"),
    ("get_employee_by_nip", "read_employees"),
    ("update_employee", "write_employees"),
    ("list_audit_events", "read_audit_events"),
    ("create_period", "write_periods"),
    ("list_periods", "read_periods"),
    ("get_period", "read_periods"),
    ("update_period", "write_periods"),
    ("create_plan", "start_plan"),
    ("list_plans", "read_plans"),
    ("get_plan", "read_plans"),
    ("update_plan", "manage_plan"),
    ("add_plan_result", "edit_plan"),
    ("update_plan_result", "edit_plan"),
    ("delete_plan_result", "edit_plan"),
    ("get_plan_cascade", "read_plans"),
    ("submit_plan", "edit_plan"),
    ("revise_plan", "edit_plan"),
    ("approve_plan", "appraise_plan"),
    ("return_plan", "appraise_plan"),
    ("record_realization", "record_realization"),
    ("list_realizations", "read_plans"),
    ("get_plan_score", "read_plans"),
    ("create_assessment_round", "manage_rounds"),
    ("list_assessment_rounds", "read_rounds"),
    ("get_assessment_round", "read_rounds"),
    ("update_assessment_round", "manage_rounds"),
    ("open_assessment_round", "manage_rounds"),
    ("close_assessment_round", "manage_rounds"),
    ("list_assessment_assignments", "manage_rounds"),
    ("add_assessment_assignment", "manage_rounds"),
    ("remove_assessment_assignment", "manage_rounds"),
    ("list_assessment_results", "read_rounds"),
    ("get_assessment_result", "read_assessment_result"),
    ("list_my_assessment_tasks", "rate_colleagues"),
    ("answer_assessment_task", "rate_colleagues"),
    ("create_evaluation", "open_evaluation"),
    ("list_plan_evaluations", "read_plans"),
    ("get_evaluation", "read_plans"),
    ("give_result_feedback", "appraise_plan"),
    ("give_behaviour_feedback", "appraise_plan"),
    ("rate_evaluation", "appraise_plan"),
    ("set_unit_predikat", "set_unit_predikat"),
    ("get_unit_performance", "read_unit_performance"),
    ("finalize_unit_evaluations", "finalize_evaluations"),
    ("file_objection", "object_to_evaluation"),
    ("list_objections", "read_objections"),
    ("get_objection", "read_objections"),
    ("explain_objection", "read_objections"),
    ("decide_objection", "read_objections"),
    ("predikat_report", "read_unit_performance"),
    ("overdue_evaluations_report", "read_unit_performance"),
    ("create_guidance_session", "give_guidance"),
    ("list_guidance_sessions", "take_part_in_guidance"),
    ("get_guidance_session", "take_part_in_guidance"),
    ("update_guidance_session", "take_part_in_guidance"),
    ("give_guidance_feedback", "take_part_in_guidance"),
    ("evaluate_guidance_competencies", "take_part_in_guidance"),
    ("guidance_coverage_report", "read_unit_performance"),
    ("identify_counseling_case", "open_counseling_case"),
    ("list_counseling_cases", "take_part_in_counseling"),
    ("get_counseling_case", "read_counseling_case"),
    ("designate_counseling_case", "read_counseling_case"),
    ("assign_counselor", "read_counseling_case"),
    ("schedule_counseling", "read_counseling_case"),
    ("record_counseling", "read_counseling_case"),
    ("add_counseling_addendum", "read_counseling_case"),
    ("report_counseling", "read_counseling_case"),
    ("decide_counseling_follow_ups", "read_counseling_case"),
    ("close_counseling_case", "read_counseling_case"),
    ("list_counseling_follow_ups", "read_counseling_case"),
    ("update_counseling_follow_up", "read_counseling_case"),
    ("list_counseling_case_reads", "read_counseling_case"),
    ("counseling_follow_ups_report", "take_part_in_counseling"),
    ("list_changes", "read_changes"),
    ("sync_units", "write_units"),
    ("sync_employees", "write_employees"),
];

/// Public operations (token endpoints, health probes): anyone, with or without a token.
pub fn anyone() {}

/// `/users`, `/clients`: admin only.
pub fn manage_accounts(p: &Principal) -> Result<(), ApiError> {
    require_role(p, Role::Admin, "managing accounts and clients")
}

/// `/calculators/*`: any authenticated caller, person or client; nothing is stored.
pub fn use_calculators(_: &Principal) -> Result<(), ApiError> {
    Ok(())
}

/// `GET /me`: any authenticated caller.
pub fn read_own_account(_: &Principal) -> Result<(), ApiError> {
    Ok(())
}

/// `POST /me/password`: people only (a client rotates its secret through an admin).
pub fn change_own_password(p: &Principal) -> Result<&UserPrincipal, ApiError> {
    person(
        p,
        "Integration clients have no password; an admin rotates a client's secret.",
    )
}

/// The part of the organisation a caller may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Governs {
    /// Every unit and employee (admin; a client with the write scope).
    All,
    /// This unit and everything under it (an hr officer's `scope_unit_id`).
    Subtree(String),
}

/// `GET /units*`: any person (the org chart is no secret inside the agency); clients with
/// `units:read`.
pub fn read_units(p: &Principal) -> Result<(), ApiError> {
    require_scope(p, Scope::UnitsRead)
}

/// `POST /units`, `PATCH /units/{id}`: admin and clients with `units:write` anywhere; hr within
/// their unit subtree.
pub fn write_units(p: &Principal) -> Result<Governs, ApiError> {
    governs(p, Scope::UnitsWrite, "org units")
}

/// `GET /employees*`: any person, who then sees only what [`crate::org::reach`] allows;
/// clients with `employees:read` see everyone.
pub fn read_employees(p: &Principal) -> Result<(), ApiError> {
    require_scope(p, Scope::EmployeesRead)
}

/// `POST /employees`, `PATCH /employees/{id}`: admin and clients with `employees:write`
/// anywhere; hr within their unit subtree.
pub fn write_employees(p: &Principal) -> Result<Governs, ApiError> {
    governs(p, Scope::EmployeesWrite, "employee records")
}

/// `GET /audit-events`: admin everything; hr the events of units and employees in their
/// subtree.
pub fn read_audit_events(p: &Principal) -> Result<Governs, ApiError> {
    if p.has_role(Role::Admin) {
        return Ok(Governs::All);
    }
    match p {
        Principal::User(u) if u.roles.contains(&Role::Hr) => hr_subtree(u, "the audit trail"),
        _ => Err(ApiError::forbidden(
            "Only admin and hr may read the audit trail.",
        )),
    }
}

/// `GET /periods*`: any person; clients with `plans:read`.
pub fn read_periods(p: &Principal) -> Result<(), ApiError> {
    require_scope(p, Scope::PlansRead)
}

/// `POST /periods`, `PATCH /periods/{id}`: admin and hr (periods are the agency's calendar,
/// not a unit's).
pub fn write_periods(p: &Principal) -> Result<(), ApiError> {
    if p.has_role(Role::Admin) || p.has_role(Role::Hr) {
        Ok(())
    } else {
        Err(ApiError::forbidden("Only admin and hr may manage periods."))
    }
}

/// `GET /plans*`: any person, who then sees only the plans [`crate::plans::access`] allows;
/// clients with `plans:read` read every plan.
pub fn read_plans(p: &Principal) -> Result<(), ApiError> {
    require_scope(p, Scope::PlansRead)
}

/// `POST /plans`: a person (clients do not plan); whose plan they may start (their own, or as
/// hr of the employee's unit) depends on the body and is checked with it.
pub fn start_plan(p: &Principal) -> Result<(), ApiError> {
    match p {
        Principal::User(_) => Ok(()),
        Principal::Client(_) => Err(ApiError::forbidden(
            "Integration clients do not start plans; the employee or hr does.",
        )),
    }
}

/// The caller's relations to one plan, read from the database by
/// [`crate::plans::access::access`]; the plan rules below decide on them.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanAccess {
    pub read: bool,
    pub owner: bool,
    pub appraiser: bool,
    /// hr of the plan's unit, or admin: may act for the owner.
    pub hr: bool,
}

impl PlanAccess {
    /// 404 for a caller who may not read the plan, else 403 unless `allowed`.
    fn require(&self, allowed: bool, plan_id: &str, why: &str) -> Result<(), ApiError> {
        if !self.read {
            Err(ApiError::not_found("plan", plan_id))
        } else if !allowed {
            Err(ApiError::forbidden(why.to_owned()))
        } else {
            Ok(())
        }
    }
}

/// Results of a draft, submit, revise: the plan's owner, or hr for them.
pub fn edit_plan(access: &PlanAccess, plan_id: &str) -> Result<(), ApiError> {
    access.require(
        access.owner || access.hr,
        plan_id,
        "Only the plan's owner, or hr for them, may do this.",
    )
}

/// Approve, return, and the evaluation's feedback and ratings: the plan's appraiser.
pub fn appraise_plan(access: &PlanAccess, plan_id: &str) -> Result<(), ApiError> {
    access.require(
        access.appraiser,
        plan_id,
        "Only the plan's appraiser may do this.",
    )
}

/// `POST /plans/{id}/evaluations`: the plan's appraiser, or hr of the plan's unit.
pub fn open_evaluation(access: &PlanAccess, plan_id: &str) -> Result<(), ApiError> {
    access.require(
        access.appraiser || access.hr,
        plan_id,
        "Only the plan's appraiser or hr opens an evaluation.",
    )
}

/// `POST /evaluations/{id}/objections`: the plan's owner.
pub fn object_to_evaluation(access: &PlanAccess, plan_id: &str) -> Result<(), ApiError> {
    access.require(
        access.owner,
        plan_id,
        "Only the employee whose plan was evaluated may object.",
    )
}

/// `PUT /units/{id}/performance/{period_id}`: a person (the head of the parent unit, or hr of
/// the unit with a decision reference, checked with the unit); clients do not.
pub fn set_unit_predikat(p: &Principal) -> Result<&UserPrincipal, ApiError> {
    person(p, "Integration clients do not set organisation predikat.")
}

/// `GET /units/{id}/performance/{period_id}`: admin, hr and pyb in their subtree; clients
/// with `results:read`.
pub fn read_unit_performance(p: &Principal) -> Result<Governs, ApiError> {
    match p {
        Principal::Client(c) if c.scopes.contains(&Scope::ResultsRead) => Ok(Governs::All),
        Principal::Client(_) => Err(ApiError::forbidden(
            "Reading a unit's performance needs the scope results:read.",
        )),
        Principal::User(u) if u.roles.contains(&Role::Admin) => Ok(Governs::All),
        Principal::User(u) if u.roles.iter().any(|r| r.is_unit_scoped()) => {
            hr_subtree(u, "unit performance")
        }
        Principal::User(_) => Err(ApiError::forbidden(
            "Only admin, hr and pyb read a unit's performance.",
        )),
    }
}

/// `POST /units/{id}/performance/{period_id}/finalize`: admin, hr in their subtree.
pub fn finalize_evaluations(p: &Principal) -> Result<Governs, ApiError> {
    manage_rounds_or(p, "finalising evaluations")
}

/// Guidance sessions: a person; who gives, attends, edits and reads a session (its giver, its
/// employees, hr and pyb of their units) is checked with the session
/// ([`crate::guidance::access`]). Clients take no part.
pub fn take_part_in_guidance(p: &Principal) -> Result<&UserPrincipal, ApiError> {
    person(p, "Integration clients take no part in guidance.")
}

/// `POST /guidance-sessions`: a person with an employee record (guidance to their direct
/// reports), hr or admin (naming the giver); which employees is checked with the body.
pub fn give_guidance(p: &Principal) -> Result<&UserPrincipal, ApiError> {
    person_who_manages(
        p,
        "Guidance is given by a superior to their reports, or by someone hr assigns.",
    )
}

/// `POST /counseling-cases`: a person with an employee record (about their direct reports), hr
/// or admin; about whom is checked with the body.
pub fn open_counseling_case(p: &Principal) -> Result<&UserPrincipal, ApiError> {
    person_who_manages(
        p,
        "A counseling case is opened by the employee's direct superior, hr of their unit, or admin.",
    )
}

fn person_who_manages<'p>(p: &'p Principal, refusal: &str) -> Result<&'p UserPrincipal, ApiError> {
    match person(p, refusal)? {
        u if u.employee_id.is_some()
            || u.roles.contains(&Role::Hr)
            || u.roles.contains(&Role::Admin) =>
        {
            Ok(u)
        }
        _ => Err(ApiError::forbidden(refusal.to_owned())),
    }
}

/// A person; a client is refused with `refusal`.
fn person<'p>(p: &'p Principal, refusal: &str) -> Result<&'p UserPrincipal, ApiError> {
    match p {
        Principal::User(u) => Ok(u),
        Principal::Client(_) => Err(ApiError::forbidden(refusal.to_owned())),
    }
}

/// Counseling cases: a person; each case is readable only by its parts (the employee, who
/// identified it, the counselor, the report's recipient) and admin, and each step belongs to
/// one of them ([`crate::counseling::CaseAccess`]); everyone else gets 404. Clients never see
/// counseling.
pub fn take_part_in_counseling(p: &Principal) -> Result<&UserPrincipal, ApiError> {
    person(p, "Integration clients take no part in counseling.")
}

/// One counseling case (reading it, its steps, follow-ups and reads): a person, who then
/// learns of it only through their part in it; a client gets the same 404 as for a case that
/// does not exist.
pub fn read_counseling_case<'p>(p: &'p Principal, id: &str) -> Result<&'p UserPrincipal, ApiError> {
    match p {
        Principal::User(u) => Ok(u),
        Principal::Client(_) => Err(ApiError::not_found("counseling case", id)),
    }
}

/// `GET /changes`: the entity types a caller follows: admin all; a client those of its read
/// scopes (`units:read`, `employees:read`, `plans:read` for plans and evaluations,
/// `assessments:read` for 360° rounds). People read the resources themselves.
pub fn read_changes(p: &Principal) -> Result<Vec<&'static str>, ApiError> {
    let types: Vec<&'static str> = match p {
        Principal::User(u) if u.roles.contains(&Role::Admin) => {
            crate::store::changes::TYPES.to_vec()
        }
        Principal::User(_) => {
            return Err(ApiError::forbidden(
                "The change feed is for integration clients and admin.",
            ));
        }
        Principal::Client(c) => [
            (Scope::UnitsRead, "unit"),
            (Scope::EmployeesRead, "employee"),
            (Scope::PlansRead, "plan"),
            (Scope::PlansRead, "evaluation"),
            (Scope::AssessmentsRead, "assessment_round"),
        ]
        .into_iter()
        .filter(|(scope, _)| c.scopes.contains(scope))
        .map(|(_, t)| t)
        .collect(),
    };
    if types.is_empty() {
        return Err(ApiError::forbidden(
            "The change feed needs a read scope: units:read, employees:read, plans:read or assessments:read.",
        ));
    }
    Ok(types)
}

/// Objections: a person; which objections they may read, explain or decide (the employee,
/// the appraiser, the decider, hr of the unit) is checked with the objection.
pub fn read_objections(p: &Principal) -> Result<&UserPrincipal, ApiError> {
    person(p, "Integration clients do not take part in objections.")
}

fn manage_rounds_or(p: &Principal, what: &str) -> Result<Governs, ApiError> {
    match p {
        Principal::User(u) if u.roles.contains(&Role::Admin) => Ok(Governs::All),
        Principal::User(u) if u.roles.contains(&Role::Hr) => hr_subtree(u, what),
        _ => Err(ApiError::forbidden(format!(
            "Only admin and hr may do this ({what})."
        ))),
    }
}

/// `PATCH /plans/{id}` (choosing the appraiser): hr of the plan's unit, admin.
pub fn manage_plan(access: &PlanAccess, plan_id: &str) -> Result<(), ApiError> {
    access.require(access.hr, plan_id, "Only hr may set a plan's appraiser.")
}

/// Realisations of an approved plan: the owner, or hr for them.
pub fn record_realization(access: &PlanAccess, plan_id: &str) -> Result<(), ApiError> {
    access.require(
        access.owner || access.hr,
        plan_id,
        "Only the plan's owner, or hr for them, may record realisations.",
    )
}

/// 360° rounds, their raters and their completion: admin everywhere, hr for populations in
/// their unit subtree.
pub fn manage_rounds(p: &Principal) -> Result<Governs, ApiError> {
    match p {
        Principal::User(u) if u.roles.contains(&Role::Admin) => Ok(Governs::All),
        Principal::User(u) if u.roles.contains(&Role::Hr) => hr_subtree(u, "360° rounds"),
        _ => Err(ApiError::forbidden("Only admin and hr manage 360° rounds.")),
    }
}

/// Reading rounds and every assessee's result: as [`manage_rounds`], and clients with
/// `assessments:read` everywhere.
pub fn read_rounds(p: &Principal) -> Result<Governs, ApiError> {
    match p {
        Principal::Client(c) if c.scopes.contains(&Scope::AssessmentsRead) => Ok(Governs::All),
        Principal::Client(_) => Err(ApiError::forbidden(
            "Reading 360° rounds needs the scope assessments:read.",
        )),
        _ => manage_rounds(p),
    }
}

/// `GET /assessment-rounds/{id}/results/{employee_id}`: the assessee, their superior and the
/// superior's superior, hr and pyb of the assessee's unit, admin, clients with
/// `assessments:read` (decided by [`crate::assessments::access`]); everyone else does not
/// learn the result exists.
pub fn read_assessment_result(
    p: &Principal,
    may_read: bool,
    employee_id: &str,
) -> Result<(), ApiError> {
    require_scope(p, Scope::AssessmentsRead)?;
    if may_read {
        Ok(())
    } else {
        Err(ApiError::not_found("result", employee_id))
    }
}

/// `/me/assessment-tasks`, answering one: a person with an employee record (clients and
/// accounts of no employee rate nobody).
pub fn rate_colleagues(p: &Principal) -> Result<&str, ApiError> {
    match p {
        Principal::User(u) => u.employee_id.as_deref().ok_or_else(|| {
            ApiError::forbidden("This account is linked to no employee, so it rates nobody.")
        }),
        Principal::Client(_) => Err(ApiError::forbidden(
            "Integration clients do not rate colleagues.",
        )),
    }
}

fn require_scope(p: &Principal, scope: Scope) -> Result<(), ApiError> {
    match p {
        Principal::Client(c) if !c.scopes.contains(&scope) => Err(ApiError::forbidden(format!(
            "This client lacks the scope {}.",
            scope.as_str()
        ))),
        _ => Ok(()),
    }
}

fn governs(p: &Principal, scope: Scope, what: &str) -> Result<Governs, ApiError> {
    match p {
        Principal::Client(c) if c.scopes.contains(&scope) => Ok(Governs::All),
        Principal::Client(_) => Err(ApiError::forbidden(format!(
            "Changing {what} needs the scope {}.",
            scope.as_str()
        ))),
        Principal::User(u) if u.roles.contains(&Role::Admin) => Ok(Governs::All),
        Principal::User(u) if u.roles.contains(&Role::Hr) => hr_subtree(u, what),
        Principal::User(_) => Err(ApiError::forbidden(format!(
            "Only admin and hr may change {what}."
        ))),
    }
}

fn hr_subtree(u: &UserPrincipal, what: &str) -> Result<Governs, ApiError> {
    u.scope_unit_id
        .clone()
        .map(Governs::Subtree)
        .ok_or_else(|| {
            ApiError::forbidden(format!(
                "This hr account governs no org unit (scope_unit_id is empty), so it has no {what} to manage."
            ))
        })
}

fn require_role(p: &Principal, role: Role, what: &str) -> Result<(), ApiError> {
    if p.has_role(role) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "Only the {} role may do this ({what}).",
            role.as_str()
        )))
    }
}
