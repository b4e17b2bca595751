//! Authentication and access control: password and secret hashing, access tokens, the
//! `Principal` extractor, the access rules, and the first-start bootstrap.

pub mod accounts;
pub mod grants;
pub mod jwt;
pub mod password;
pub mod policy;
pub mod principal;

pub use principal::{ClientPrincipal, Principal, UserPrincipal};
