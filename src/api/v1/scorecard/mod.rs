//! The wire shape of an assessment: the calculator's request, checked into the domain's
//! inputs with a JSON pointer for every problem, and the response that the calculator and a
//! plan's live score share.

mod request;
mod response;

pub use request::*;
pub use response::*;

use crate::domain::text_enum;

text_enum! {
    /// Regime `pp30_2021`.
    pub enum Pp30_2021 {
        Regime = "pp30_2021",
    }
}

text_enum! {
    /// Regime `permenpan6_2022`.
    pub enum Permenpan6_2022 {
        Regime = "permenpan6_2022",
    }
}
