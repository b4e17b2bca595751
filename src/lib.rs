//! Kinerja: performance management for Indonesian civil servants, as a versioned JSON API.
//!
//! Layout: `config` (environment), `db` (pool, both backends, migrations), `error` (problem+json),
//! `app` (the actix App, middleware, OpenAPI), `auth` (tokens, the
//! `Principal` extractor, access rules), `api` (handlers and wire types), `domain` (pure
//! rules), `org` (units and employees: checks that need the database, who sees whom), `store`
//! (database queries).

pub mod api;
pub mod app;
pub mod assessments;
pub mod auth;
pub mod clock;
pub mod config;
pub mod counseling;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod evaluations;
pub mod gauge;
pub mod guidance;
pub mod language;
pub mod net;
pub mod org;
pub mod plans;
pub mod secret;
pub mod store;
