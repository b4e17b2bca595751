//! Regime `pp30_2021` (PP 30/2019 + PermenPANRB 8/2021): numeric achievement and score per
//! indicator, result and SKP scores, the final score and the predikat.

use super::{Explained, Quantity, explained};
use crate::domain::fixed::Hundredths;
use crate::domain::predikat::Predikat;
use crate::domain::text_enum;

text_enum! {
    /// Which way an indicator improves: `higher_is_better` (quantity, quality) or
    /// `lower_is_better` (time, cost: less is better).
    pub enum Direction {
        HigherIsBetter = "higher_is_better",
        LowerIsBetter = "lower_is_better",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Value(Quantity),
    Range { min: Quantity, max: Quantity },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    /// Positive (a range: `0 < min <= max`); the caller validates.
    pub target: Target,
    /// Not negative; the caller validates.
    pub realization: Quantity,
    pub direction: Direction,
    /// "The target is the maximum achievable": reaching it scores 120.
    pub target_is_max: bool,
}

const fn pct(n: i64) -> Hundredths {
    Hundredths::whole(n)
}

/// `realization / against × 100` (higher is better) or `(2 − realization / against) × 100`
/// (lower is better), in percent, rounded.
fn ratio_percent(r: Quantity, against: Quantity, direction: Direction) -> Hundredths {
    let (r, t) = (r.raw(), against.raw());
    match direction {
        Direction::HigherIsBetter => Hundredths::ratio(r * 100, t),
        Direction::LowerIsBetter => Hundredths::ratio((2 * t - r) * 100, t),
    }
}

fn formula(direction: Direction, r: Quantity, t: Quantity) -> String {
    match direction {
        Direction::HigherIsBetter => format!("{r} / {t} × 100"),
        Direction::LowerIsBetter => format!("(1 + (1 − {r} / {t})) × 100"),
    }
}

/// Achievement (capaian IKI) in percent.
pub fn achievement(ind: &Indicator) -> Explained<Hundredths> {
    let r = ind.realization;
    let d = ind.direction;
    match ind.target {
        Target::Value(t) => {
            let c = ratio_percent(r, t, d);
            explained(c, format!("{} = {c} %", formula(d, r, t)))
        }
        Target::Range { min, max } if r < min => {
            let c = ratio_percent(r, min, d);
            explained(
                c,
                format!(
                    "below the range {min}–{max}: {} = {c} %",
                    formula(d, r, min)
                ),
            )
        }
        Target::Range { min, max } if r > max => {
            let c = ratio_percent(r, max, d);
            explained(
                c,
                format!(
                    "above the range {min}–{max}: {} = {c} %",
                    formula(d, r, max)
                ),
            )
        }
        Target::Range { min, max } => explained(
            pct(100),
            format!("{r} is within the range {min}–{max}: 100 %"),
        ),
    }
}

/// Score (nilai capaian IKI) of an achievement, by the band table of domain.md; 0 to 120.
pub fn indicator_score(c: Hundredths, target_is_max: bool) -> Explained<Hundredths> {
    let h = i128::from(c.0);
    let (value, band) = if c > pct(110) {
        (pct(120), format!("achievement {c} % is above 110 %: 120"))
    } else if c >= pct(100) && target_is_max {
        (
            pct(120),
            format!("achievement {c} % reaches a target that is the maximum achievable: 120"),
        )
    } else if c > pct(100) {
        let raw = Hundredths(pct(110).0 + Hundredths::ratio((h - 10_100) * 10, 900).0);
        let value = raw.max(pct(110));
        (
            value,
            format!(
                "100 % < achievement {c} % ≤ 110 %: max(110, 110 + ({c} − 101) × 10 / 9) = {value}"
            ),
        )
    } else if c == pct(100) {
        (pct(109), "achievement 100 %: 109".to_owned())
    } else if c >= pct(80) {
        let value = Hundredths(pct(70).0 + (c.0 - pct(80).0));
        (
            value,
            format!("80 % ≤ achievement {c} % < 100 %: 70 + ({c} − 80) = {value}"),
        )
    } else if c >= pct(60) {
        let value = Hundredths(pct(50).0 + (c.0 - pct(60).0));
        (
            value,
            format!("60 % ≤ achievement {c} % < 80 %: 50 + ({c} − 60) = {value}"),
        )
    } else {
        let value = Hundredths::ratio(h * 49, 5_900).max(Hundredths(0));
        (
            value,
            format!("achievement {c} % < 60 %: {c} / 59 × 49 = {value} (never below 0)"),
        )
    };
    explained(value, band)
}

/// The mean of some scores, rounded; `None` for none.
pub fn mean(scores: &[Hundredths]) -> Option<Hundredths> {
    let n = i128::try_from(scores.len()).ok().filter(|n| *n > 0)?;
    let sum: i128 = scores.iter().map(|s| i128::from(s.0)).sum();
    Some(Hundredths::ratio(sum, n * 100))
}

/// The weighted mean of `(weight, score)` pairs, rounded; `None` when the weights sum to 0.
pub fn weighted_mean(pairs: &[(Hundredths, Hundredths)]) -> Option<Hundredths> {
    let total: i128 = pairs.iter().map(|(w, _)| i128::from(w.0)).sum();
    if total == 0 {
        return None;
    }
    let sum: i128 = pairs
        .iter()
        .map(|(w, s)| i128::from(w.0) * i128::from(s.0))
        .sum();
    Some(Hundredths::ratio(sum, total * 100))
}

/// Final score: 60 % SKP and 40 % behaviour when the period uses 360°, else 70/30.
pub fn final_score(
    skp: Hundredths,
    behaviour: Hundredths,
    uses_360: bool,
) -> Explained<Hundredths> {
    let (ws, wb) = if uses_360 { (6, 4) } else { (7, 3) };
    let sum = ws * i128::from(skp.0) + wb * i128::from(behaviour.0);
    let value = Hundredths::ratio(sum, 1_000);
    let why = if uses_360 {
        "360° is used"
    } else {
        "360° is not used"
    };
    explained(
        value,
        format!("{why}: 0.{ws} × {skp} + 0.{wb} × {behaviour} = {value}"),
    )
}

/// Predikat of a final score: Sangat Baik needs 110 or more *and* a recorded innovation.
pub fn predikat(final_score: Hundredths, innovation: bool) -> Explained<Predikat> {
    let s = final_score;
    let (value, why) = if s >= pct(110) && innovation {
        (
            Predikat::SangatBaik,
            format!("{s} ≥ 110 with a recorded innovation"),
        )
    } else if s >= pct(90) {
        let extra = if s >= pct(110) {
            " (Sangat Baik needs a recorded innovation)"
        } else {
            ""
        };
        (Predikat::Baik, format!("90 ≤ {s} ≤ 120{extra}"))
    } else if s >= pct(70) {
        (Predikat::Cukup, format!("70 ≤ {s} < 90"))
    } else if s >= pct(50) {
        (Predikat::Kurang, format!("50 ≤ {s} < 70"))
    } else {
        (Predikat::SangatKurang, format!("{s} < 50"))
    };
    explained(value, why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(text: &str) -> Quantity {
        Quantity::parse(text).expect("a quantity")
    }

    fn h(text: &str) -> Hundredths {
        Hundredths(i64::try_from(q(text).raw() / 10_000).expect("fits"))
    }

    fn indicator(target: Target, r: &str, direction: Direction) -> Indicator {
        Indicator {
            target,
            realization: q(r),
            direction,
            target_is_max: false,
        }
    }

    fn score(c: &str) -> Hundredths {
        indicator_score(h(c), false).value
    }

    #[test]
    fn the_regulations_worked_examples() {
        // BPNT: 5,659 of 8,220 → 68.84 % → 58.84.
        let bpnt = indicator(Target::Value(q("8220")), "5659", Direction::HigherIsBetter);
        let c = achievement(&bpnt);
        assert_eq!(c.value, h("68.84"));
        assert_eq!(c.explanation, "5659 / 8220 × 100 = 68.84 %");
        assert_eq!(indicator_score(c.value, false).value, h("58.84"));
        // 70 against 80–90 → 87.5 %.
        let range = Target::Range {
            min: q("80"),
            max: q("90"),
        };
        assert_eq!(
            achievement(&indicator(range, "70", Direction::HigherIsBetter)).value,
            h("87.5")
        );
        // 6.5 months against 7–8 → 107.14 % → 116.82.
        let months = Target::Range {
            min: q("7"),
            max: q("8"),
        };
        let c = achievement(&indicator(months, "6.5", Direction::LowerIsBetter));
        assert_eq!(c.value, h("107.14"));
        assert!(
            c.explanation.starts_with("below the range 7–8"),
            "{}",
            c.explanation
        );
        assert_eq!(indicator_score(c.value, false).value, h("116.82"));
        // 98 % → 88; 100 % → 109; above 110 % → 120; 100 % of a maximum target → 120.
        assert_eq!(score("98"), h("88"));
        assert_eq!(score("100"), h("109"));
        assert_eq!(score("115"), h("120"));
        assert_eq!(indicator_score(h("100"), true).value, h("120"));
    }

    #[test]
    fn every_band_edge() {
        for (c, expected) in [
            ("0", "0"),
            ("59", "49"),
            ("60", "50"),
            ("79.99", "69.99"),
            ("80", "70"),
            ("99.99", "89.99"),
            ("100", "109"),
            ("100.01", "110"),
            ("101", "110"),
            ("110", "120"),
            ("110.01", "120"),
            ("250", "120"),
        ] {
            assert_eq!(score(c), h(expected), "achievement {c} %");
        }
        assert!(
            indicator_score(h("99.99"), true).value == h("89.99"),
            "below 100 the flag does nothing"
        );
        assert_eq!(indicator_score(h("-20"), false).value, Hundredths(0));
    }

    #[test]
    fn lower_is_better_rewards_less() {
        let t = Target::Value(q("10"));
        assert_eq!(
            achievement(&indicator(t, "8", Direction::LowerIsBetter)).value,
            h("120")
        );
        assert_eq!(
            achievement(&indicator(t, "10", Direction::LowerIsBetter)).value,
            h("100")
        );
        assert_eq!(
            achievement(&indicator(t, "12", Direction::LowerIsBetter)).value,
            h("80")
        );
        let range = Target::Range {
            min: q("7"),
            max: q("8"),
        };
        assert_eq!(
            achievement(&indicator(range, "7.5", Direction::LowerIsBetter)).value,
            h("100")
        );
        assert_eq!(
            achievement(&indicator(range, "10", Direction::LowerIsBetter)).value,
            h("75")
        );
    }

    #[test]
    fn means_final_score_and_predikat() {
        assert_eq!(mean(&[h("58.84"), h("116.82")]), Some(h("87.83")));
        assert_eq!(mean(&[]), None);
        assert_eq!(
            weighted_mean(&[(h("60"), h("100")), (h("40"), h("80"))]),
            Some(h("92"))
        );
        let f = final_score(h("87.83"), h("100"), true);
        assert_eq!(f.value, h("92.7"));
        assert_eq!(
            f.explanation,
            "360° is used: 0.6 × 87.83 + 0.4 × 100 = 92.7"
        );
        assert_eq!(final_score(h("87.83"), h("100"), false).value, h("91.48"));
        for (s, innovation, expected) in [
            ("120", true, Predikat::SangatBaik),
            ("110", true, Predikat::SangatBaik),
            ("115", false, Predikat::Baik),
            ("109.99", true, Predikat::Baik),
            ("90", false, Predikat::Baik),
            ("89.99", false, Predikat::Cukup),
            ("70", false, Predikat::Cukup),
            ("69.99", false, Predikat::Kurang),
            ("50", false, Predikat::Kurang),
            ("49.99", true, Predikat::SangatKurang),
        ] {
            assert_eq!(
                predikat(h(s), innovation).value,
                expected,
                "{s} {innovation}"
            );
        }
    }

    fn millionths() -> impl Strategy<Value = Quantity> {
        (0i128..10_000_000_000).prop_map(Quantity)
    }

    proptest! {
        #[test]
        fn scores_stay_within_0_and_120(t in 1i128..10_000_000_000, r in millionths(), max in any::<bool>(), lower in any::<bool>()) {
            let direction = if lower { Direction::LowerIsBetter } else { Direction::HigherIsBetter };
            let ind = Indicator { target: Target::Value(Quantity(t)), realization: r, direction, target_is_max: max };
            let s = indicator_score(achievement(&ind).value, max).value;
            prop_assert!(s >= Hundredths(0) && s <= pct(120), "{s}");
        }

        #[test]
        fn more_never_scores_less_when_higher_is_better(t in 1i128..10_000_000_000, a in millionths(), b in millionths(), range in any::<bool>()) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let target = if range { Target::Range { min: Quantity(t), max: Quantity(t * 2) } } else { Target::Value(Quantity(t)) };
            let s = |r| indicator_score(achievement(&indicator(target, "0", Direction::HigherIsBetter).with(r)).value, false).value;
            prop_assert!(s(lo) <= s(hi));
        }

        #[test]
        fn more_never_scores_more_when_lower_is_better(t in 1i128..10_000_000_000, a in millionths(), b in millionths(), range in any::<bool>()) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let target = if range { Target::Range { min: Quantity(t), max: Quantity(t * 2) } } else { Target::Value(Quantity(t)) };
            let s = |r| indicator_score(achievement(&indicator(target, "0", Direction::LowerIsBetter).with(r)).value, false).value;
            prop_assert!(s(lo) >= s(hi));
        }
    }

    impl Indicator {
        fn with(mut self, realization: Quantity) -> Indicator {
            self.realization = realization;
            self
        }
    }
}
