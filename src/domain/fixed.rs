//! Exact two-decimal numbers. Scores and percentages that people read are rounded half-up to
//! two decimals, and binary floats never take part in the arithmetic.

use serde::{Serialize, Serializer};

/// A number with exactly two decimals, stored as hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hundredths(pub i64);

impl Hundredths {
    /// `numerator / denominator × 100` as a percentage, rounded half-up to two decimals.
    /// `denominator` must be positive.
    pub fn percent_of(numerator: u64, denominator: u64) -> Hundredths {
        debug_assert!(denominator > 0);
        let scaled = u128::from(numerator) * 10_000;
        let den = u128::from(denominator);
        // Half-up: add half the divisor before the integer division.
        let rounded = (scaled * 2 + den) / (den * 2);
        Hundredths(i64::try_from(rounded).unwrap_or(i64::MAX))
    }

    /// `numerator / denominator`, in hundredths, rounded half-up (halves away from zero).
    /// `denominator` must not be zero.
    pub fn ratio(numerator: i128, denominator: i128) -> Hundredths {
        debug_assert!(denominator != 0);
        let (n, d) = if denominator < 0 {
            (-numerator, -denominator)
        } else {
            (numerator, denominator)
        };
        let half_up = (200 * n.abs() + d) / (2 * d);
        let signed = if n < 0 { -half_up } else { half_up };
        Hundredths(i64::try_from(signed).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX }))
    }

    pub const fn whole(n: i64) -> Hundredths {
        Hundredths(n * 100)
    }
}

impl std::fmt::Display for Hundredths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, cents) = (self.0.unsigned_abs() / 100, self.0.unsigned_abs() % 100);
        f.write_str(sign)?;
        if cents == 0 {
            write!(f, "{whole}")
        } else if cents % 10 == 0 {
            write!(f, "{whole}.{}", cents / 10)
        } else {
            write!(f, "{whole}.{cents:02}")
        }
    }
}

/// Serialised as a JSON number with at most two decimals (66.67, 70, 12.5).
impl Serialize for Hundredths {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The shortest decimal that round-trips through f64 is exactly the two-decimal value,
        // since f64 carries 15+ significant digits.
        let value: f64 = self.to_string().parse().unwrap_or(f64::NAN);
        serializer.serialize_f64(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_up_to_two_decimals() {
        assert_eq!(Hundredths::percent_of(2, 3), Hundredths(6667)); // 66.666… → 66.67
        assert_eq!(Hundredths::percent_of(1, 3), Hundredths(3333)); // 33.333… → 33.33
        assert_eq!(Hundredths::percent_of(1, 8), Hundredths(1250)); // 12.5 exactly
        assert_eq!(Hundredths::percent_of(1, 80_000), Hundredths(0)); // 0.00125 → 0.00
        assert_eq!(Hundredths::percent_of(1, 40_000), Hundredths(0)); // 0.0025 → 0.00
        assert_eq!(Hundredths::percent_of(1, 20_000), Hundredths(1)); // 0.005 → 0.01 (half up)
        assert_eq!(Hundredths::percent_of(5659, 8220), Hundredths(6884)); // the BPNT example
        assert_eq!(Hundredths::percent_of(7, 7), Hundredths(10_000));
        assert_eq!(Hundredths::ratio(1, 8), Hundredths(13)); // 0.125 → 0.13
        assert_eq!(Hundredths::ratio(-1, 8), Hundredths(-13)); // halves away from zero
        assert_eq!(Hundredths::ratio(2, -3), Hundredths(-67));
    }

    #[test]
    fn prints_and_serialises_without_float_noise() {
        for (h, text) in [
            (6667, "66.67"),
            (7000, "70"),
            (1250, "12.5"),
            (1, "0.01"),
            (0, "0"),
            (-5050, "-50.5"),
            (-1, "-0.01"),
        ] {
            assert_eq!(Hundredths(h).to_string(), text);
            let json = serde_json::to_string(&Hundredths(h)).unwrap_or_default();
            assert_eq!(json.trim_end_matches(".0"), text);
        }
    }
}
