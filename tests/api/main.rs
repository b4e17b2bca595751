//! Black-box tests of the HTTP API, each against its own database on both backends.

#[path = "../common/mod.rs"]
mod common;

mod access;
mod access_rules;
mod accounts;
mod assessments;
mod auth;
mod calculators;
mod changes;
mod cli;
mod client_scenario;
mod concurrency;
mod counseling;
mod database;
mod demo;
mod docs;
mod employee_listing;
mod employees;
mod errors;
mod evaluations;
mod guidance;
mod hardening;
mod health;
mod idempotency;
mod languages;
mod login_guard;
mod org_access;
mod plan_revisions;
mod plans;
mod pppk;
mod reach;
mod sync;
mod tokens;
mod units;
