//! Version 1 of the API, mounted at `/api/v1`.

pub mod assessment_rounds;
pub mod assessment_tasks;
pub mod audit_events;
pub mod auth;
pub mod calculators;
pub mod changes;
pub mod clients;
pub mod counseling;
pub mod employees;
pub mod evaluations;
pub mod guidance;
pub mod me;
pub mod objections;
pub mod periods;
pub mod plan_results;
pub mod plan_workflow;
pub mod plans;
pub mod realizations;
pub mod reference;
pub mod reports;
pub mod scorecard;
pub mod sync;
pub mod unit_performance;
pub mod units;
pub mod users;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(auth::token)
        .service(reference::get)
        .service(auth::revoke)
        .service(me::me)
        .service(me::change_password)
        .service(users::list)
        .service(users::create)
        .service(users::get)
        .service(users::update)
        .service(users::unlock)
        .service(clients::list)
        .service(clients::create)
        .service(clients::get)
        .service(clients::update)
        .service(clients::rotate_secret)
        .service(units::list)
        .service(units::create)
        .service(units::get)
        .service(units::update)
        .service(employees::list)
        .service(employees::create)
        .service(employees::get_by_nip)
        .service(employees::get)
        .service(employees::update)
        .service(audit_events::list)
        .service(calculators::distribution_check)
        .service(calculators::skp_score)
        .service(periods::list)
        .service(periods::create)
        .service(periods::get)
        .service(periods::update)
        .service(plans::list)
        .service(plans::create)
        .service(plans::get)
        .service(plans::update)
        .service(plan_results::add)
        .service(plan_results::update)
        .service(plan_results::remove)
        .service(plan_results::get_cascade)
        .service(plan_workflow::submit)
        .service(plan_workflow::approve)
        .service(plan_workflow::return_plan)
        .service(plan_workflow::revise)
        .service(realizations::record)
        .service(realizations::list)
        .service(realizations::score)
        .service(assessment_rounds::list)
        .service(assessment_rounds::create)
        .service(assessment_rounds::get)
        .service(assessment_rounds::update)
        .service(assessment_rounds::open)
        .service(assessment_rounds::close)
        .service(assessment_rounds::list_assignments)
        .service(assessment_rounds::add_assignment)
        .service(assessment_rounds::remove_assignment)
        .service(assessment_rounds::list_results)
        .service(assessment_rounds::get_result)
        .service(assessment_tasks::list)
        .service(assessment_tasks::answer)
        .service(evaluations::create)
        .service(evaluations::list)
        .service(evaluations::get)
        .service(evaluations::result_feedback)
        .service(evaluations::behaviour_feedback)
        .service(evaluations::rate_evaluation)
        .service(unit_performance::set)
        .service(unit_performance::get)
        .service(unit_performance::finalize)
        .service(objections::file)
        .service(objections::list)
        .service(objections::get)
        .service(objections::explain)
        .service(objections::decide)
        .service(reports::predikat)
        .service(reports::overdue)
        .service(reports::guidance_coverage)
        .service(guidance::list)
        .service(guidance::create)
        .service(guidance::get)
        .service(guidance::update)
        .service(guidance::give_feedback)
        .service(guidance::evaluate_competencies)
        .service(counseling::list)
        .service(counseling::identify)
        .service(counseling::get)
        .service(counseling::designate)
        .service(counseling::assign_counselor)
        .service(counseling::schedule)
        .service(counseling::record)
        .service(counseling::add_addendum)
        .service(counseling::report)
        .service(counseling::decide)
        .service(counseling::close)
        .service(counseling::follow_ups)
        .service(counseling::update_follow_up)
        .service(counseling::reads)
        .service(counseling::overdue)
        .service(changes::list)
        .service(sync::units)
        .service(sync::employees);
}
