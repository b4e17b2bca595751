//! The wire shape of an assessment: the calculator's request, checked into the domain's
//! inputs with a JSON pointer for every problem, and the response that the calculator and a
//! plan's live score share.

mod request;
mod response;

pub use request::*;
pub use response::*;
