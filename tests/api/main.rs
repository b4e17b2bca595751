//! Black-box tests of the HTTP API, each against its own database on both backends.

#[path = "../common/mod.rs"]
mod common;

mod access;
mod accounts;
mod auth;
mod calculators;
mod cli;
mod database;
mod demo;
mod docs;
mod employee_listing;
mod employees;
mod errors;
mod health;
mod org_access;
mod plans;
mod tokens;
mod units;
