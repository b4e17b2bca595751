//! Pure domain rules: no I/O, no framework types, exhaustively unit-tested.

pub mod account;
pub mod behaviour;
pub mod counseling;
pub mod distribution;
pub mod evaluation;
pub mod fixed;
pub mod guidance;
pub mod nip;
pub mod org;
pub mod plan;
pub mod predikat;
pub mod reference;
pub mod scoring;
pub mod text_enum;

pub(crate) use text_enum::text_enum;
