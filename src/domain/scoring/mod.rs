//! The scoring rules of both regimes (domain.md, "Scoring"), pure and exact: inputs are
//! decimal quantities, every number a person sees is rounded half-up to two decimals (halves
//! away from zero) and the next step uses the rounded value, so anyone can reproduce each
//! number from the numbers shown. Every result carries the band or cell that produced it.

pub mod assessment;
pub mod permenpan6_2022;
pub mod pp30_2021;

use std::fmt;

use crate::domain::fixed::Hundredths;
use crate::domain::text_enum;

text_enum! {
    /// The rules a period is assessed by: `pp30_2021` (PP 30/2019 + PermenPANRB 8/2021,
    /// numeric scores) or `permenpan6_2022` (PermenPANRB 6/2022, ratings and a matrix).
    pub enum Regime {
        Pp30_2021 = "pp30_2021",
        Permenpan6_2022 = "permenpan6_2022",
    }
}

text_enum! {
    /// A work result (RHK) is `main` (utama) or `additional` (tambahan).
    pub enum ResultKind {
        Main = "main",
        Additional = "additional",
    }
}

/// A number with the rule that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained<T> {
    pub value: T,
    pub explanation: String,
}

pub(crate) fn explained<T>(value: T, explanation: String) -> Explained<T> {
    Explained { value, explanation }
}

/// A decimal input (a target or a realisation) with up to six decimals, held exactly as
/// millionths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity(i128);

pub const QUANTITY_DECIMALS: u32 = 6;
const SCALE: i128 = 1_000_000;

impl Quantity {
    pub fn from_int(n: i64) -> Quantity {
        Quantity(i128::from(n) * SCALE)
    }

    /// Parses a plain decimal (`8220`, `6.5`, `-3`, `1e3` is refused); `None` when it is not
    /// one or has more than six decimals.
    pub fn parse(text: &str) -> Option<Quantity> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 18 || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        if fraction.len() > QUANTITY_DECIMALS as usize {
            return None;
        }
        let whole: i128 = whole.parse().ok()?;
        let fraction_value: i128 = if fraction.is_empty() {
            0
        } else {
            fraction.parse::<i128>().ok()? * 10i128.pow(QUANTITY_DECIMALS - fraction.len() as u32)
        };
        let value = whole * SCALE + fraction_value;
        Some(Quantity(if negative { -value } else { value }))
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The same number in hundredths, when it has at most two decimals.
    pub fn hundredths(self) -> Option<Hundredths> {
        let scale = SCALE / 100;
        (self.0 % scale == 0)
            .then(|| i64::try_from(self.0 / scale).ok().map(Hundredths))
            .flatten()
    }

    /// The nearest binary float, for JSON output (exact for every accepted input, which has at
    /// most 15 significant digits).
    pub fn to_f64(self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    fn raw(self) -> i128 {
        self.0
    }

    /// The sum; `None` for no values.
    pub fn sum(values: &[Quantity]) -> Option<Quantity> {
        (!values.is_empty()).then(|| Quantity(values.iter().map(|q| q.0).sum()))
    }

    /// The mean, rounded half-up to six decimals; `None` for no values.
    pub fn mean(values: &[Quantity]) -> Option<Quantity> {
        let total = Quantity::sum(values)?.0;
        let n = values.len() as i128;
        let half_up = (2 * total.abs() + n) / (2 * n);
        Some(Quantity(if total < 0 { -half_up } else { half_up }))
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, fraction) = (self.0.abs() / SCALE, self.0.abs() % SCALE);
        if fraction == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let fraction = format!("{fraction:06}");
            write!(f, "{sign}{whole}.{}", fraction.trim_end_matches('0'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_exactly() {
        assert_eq!(Quantity::parse("8220"), Some(Quantity::from_int(8220)));
        assert_eq!(
            Quantity::parse("6.5").map(|q| q.to_string()),
            Some("6.5".into())
        );
        assert_eq!(
            Quantity::parse("-0.25").map(|q| q.to_string()),
            Some("-0.25".into())
        );
        assert_eq!(Quantity::parse("0.000001").map(|q| q.raw()), Some(1));
        assert_eq!(
            Quantity::parse("33.33").and_then(Quantity::hundredths),
            Some(Hundredths(3333))
        );
        assert_eq!(
            Quantity::parse("33.333").and_then(Quantity::hundredths),
            None
        );
        for bad in ["", "1.0000001", "1e3", "abc", ".5", "1.2.3", "--1"] {
            assert_eq!(Quantity::parse(bad), None, "{bad}");
        }
    }
}
