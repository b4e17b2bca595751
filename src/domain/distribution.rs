//! The distribution curve (*kurva distribusi*, PermenPANRB 6/2022): a unit's organisation
//! predikat bounds how its employees' predikat may be distributed. Source and caveats:
//! `domain-sources.md` §5. Percentages are caps and floors compared exactly in integers;
//! "there must be some" means at least one employee. The qualitative "mostly …" wording of the
//! source is not a numeric bound and is not checked.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::fixed::Hundredths;
use super::predikat::{OrganizationPredikat, Predikat};
use Predikat::{Baik, ButuhPerbaikan, Kurang, SangatBaik, SangatKurang};

/// What a bound requires of the share of a group of predikat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BoundKind {
    /// The group's share may not exceed `percent`.
    AtMostPercent,
    /// The group's share must reach `percent`.
    AtLeastPercent,
    /// At least one employee must be in the group.
    AtLeastOne,
}

/// One bound of the curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub kind: BoundKind,
    pub group: &'static [Predikat],
    pub percent: u64,
}

const fn at_most(group: &'static [Predikat], percent: u64) -> Bound {
    Bound {
        kind: BoundKind::AtMostPercent,
        group,
        percent,
    }
}

const fn at_least(group: &'static [Predikat], percent: u64) -> Bound {
    Bound {
        kind: BoundKind::AtLeastPercent,
        group,
        percent,
    }
}

const fn at_least_one(group: &'static [Predikat]) -> Bound {
    Bound {
        kind: BoundKind::AtLeastOne,
        group,
        percent: 0,
    }
}

const ISTIMEWA: &[Bound] = &[at_most(&[SangatBaik], 70)];
const BAIK: &[Bound] = &[
    at_most(&[Baik], 70),
    at_least_one(&[ButuhPerbaikan, Kurang]),
];
const BUTUH_PERBAIKAN: &[Bound] = &[at_least(&[ButuhPerbaikan], 60), at_most(&[SangatBaik], 10)];
const KURANG: &[Bound] = &[
    at_least(&[Kurang], 60),
    at_least(&[ButuhPerbaikan], 10),
    at_most(&[SangatBaik], 10),
];
const SANGAT_KURANG: &[Bound] = &[
    at_least(&[SangatKurang], 60),
    at_least(&[Kurang, ButuhPerbaikan], 10),
    at_most(&[SangatBaik], 0),
];

/// The bounds for each organisation predikat, row by row as in the source table.
pub fn curve(org: OrganizationPredikat) -> &'static [Bound] {
    match org {
        OrganizationPredikat::Istimewa => ISTIMEWA,
        OrganizationPredikat::Baik => BAIK,
        OrganizationPredikat::ButuhPerbaikan => BUTUH_PERBAIKAN,
        OrganizationPredikat::Kurang => KURANG,
        OrganizationPredikat::SangatKurang => SANGAT_KURANG,
    }
}

/// A bound evaluated against a unit's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct BoundCheck {
    pub kind: BoundKind,
    /// The predikat whose combined share the bound limits.
    pub predikat: Vec<Predikat>,
    /// The required percentage (null for `at_least_one`).
    #[schema(value_type = Option<u64>, example = 70)]
    pub required_percent: Option<u64>,
    /// How many employees are in the group.
    #[schema(example = 8)]
    pub actual_count: u64,
    /// Their share of all employees, in percent, rounded half-up to two decimals.
    #[schema(value_type = f64, example = 80)]
    pub actual_percent: Hundredths,
    pub satisfied: bool,
    /// The bound in words, with the numbers that decided it.
    #[schema(example = "at most 70% sangat_baik: 8 of 10 (80%)")]
    pub explanation: String,
}

/// Checks counts of employee predikat (keyed by predikat) against the curve of `org`.
/// Returns one check per bound, in the order of the source table. `total` must be positive.
pub fn check(org: OrganizationPredikat, counts: &BTreeMap<Predikat, u64>) -> Vec<BoundCheck> {
    let total: u64 = counts.values().fold(0, |a, b| a.saturating_add(*b));
    curve(org)
        .iter()
        .map(|bound| {
            let actual: u64 = bound
                .group
                .iter()
                .map(|p| counts.get(p).copied().unwrap_or(0))
                .fold(0, u64::saturating_add);
            // Exact: actual / total against percent / 100, cross-multiplied (in u128, which
            // cannot overflow for u64 inputs).
            let (share, allowed) = (
                u128::from(actual) * 100,
                u128::from(bound.percent) * u128::from(total),
            );
            let (satisfied, required) = match bound.kind {
                BoundKind::AtMostPercent => (share <= allowed, Some(bound.percent)),
                BoundKind::AtLeastPercent => (share >= allowed, Some(bound.percent)),
                BoundKind::AtLeastOne => (actual >= 1, None),
            };
            let actual_percent = Hundredths::percent_of(actual, total.max(1));
            let names = bound
                .group
                .iter()
                .map(|p| p.code())
                .collect::<Vec<_>>()
                .join(" + ");
            let rule = match bound.kind {
                BoundKind::AtMostPercent => format!("at most {}% {names}", bound.percent),
                BoundKind::AtLeastPercent => format!("at least {}% {names}", bound.percent),
                BoundKind::AtLeastOne => format!("at least one {names}"),
            };
            BoundCheck {
                kind: bound.kind,
                predikat: bound.group.to_vec(),
                required_percent: required,
                actual_count: actual,
                actual_percent,
                satisfied,
                explanation: format!("{rule}: {actual} of {total} ({actual_percent}%)"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganizationPredikat as Org;

    fn counts(pairs: &[(Predikat, u64)]) -> BTreeMap<Predikat, u64> {
        pairs.iter().copied().collect()
    }

    fn violated(org: Org, pairs: &[(Predikat, u64)]) -> Vec<String> {
        check(org, &counts(pairs))
            .into_iter()
            .filter(|c| !c.satisfied)
            .map(|c| c.explanation)
            .collect()
    }

    #[test]
    fn istimewa_caps_sangat_baik_at_70_percent() {
        assert!(violated(Org::Istimewa, &[(SangatBaik, 7), (Baik, 3)]).is_empty());
        assert_eq!(
            violated(Org::Istimewa, &[(SangatBaik, 8), (Baik, 2)]),
            ["at most 70% sangat_baik: 8 of 10 (80%)"]
        );
    }

    #[test]
    fn baik_caps_baik_and_needs_someone_below() {
        assert!(violated(Org::Baik, &[(Baik, 7), (SangatBaik, 2), (Kurang, 1)]).is_empty());
        assert!(
            violated(
                Org::Baik,
                &[(Baik, 7), (SangatBaik, 2), (ButuhPerbaikan, 1)]
            )
            .is_empty()
        );
        assert_eq!(
            violated(Org::Baik, &[(Baik, 8), (SangatBaik, 2)]),
            [
                "at most 70% baik: 8 of 10 (80%)",
                "at least one butuh_perbaikan + kurang: 0 of 10 (0%)"
            ]
        );
    }

    #[test]
    fn butuh_perbaikan_needs_60_percent_and_caps_sangat_baik_at_10() {
        assert!(
            violated(
                Org::ButuhPerbaikan,
                &[(ButuhPerbaikan, 6), (Baik, 3), (SangatBaik, 1)]
            )
            .is_empty()
        );
        assert_eq!(
            violated(
                Org::ButuhPerbaikan,
                &[(ButuhPerbaikan, 5), (Baik, 3), (SangatBaik, 2)]
            ),
            [
                "at least 60% butuh_perbaikan: 5 of 10 (50%)",
                "at most 10% sangat_baik: 2 of 10 (20%)"
            ]
        );
    }

    #[test]
    fn kurang_needs_60_percent_kurang_and_10_percent_butuh_perbaikan() {
        assert!(
            violated(
                Org::Kurang,
                &[(Kurang, 6), (ButuhPerbaikan, 1), (SangatBaik, 1), (Baik, 2)]
            )
            .is_empty()
        );
        assert_eq!(
            violated(Org::Kurang, &[(Kurang, 5), (Baik, 3), (SangatBaik, 2)]),
            [
                "at least 60% kurang: 5 of 10 (50%)",
                "at least 10% butuh_perbaikan: 0 of 10 (0%)",
                "at most 10% sangat_baik: 2 of 10 (20%)"
            ]
        );
    }

    #[test]
    fn sangat_kurang_allows_no_sangat_baik() {
        assert!(
            violated(
                Org::SangatKurang,
                &[(SangatKurang, 6), (Kurang, 1), (Baik, 3)]
            )
            .is_empty()
        );
        assert!(
            violated(
                Org::SangatKurang,
                &[(SangatKurang, 6), (ButuhPerbaikan, 1), (Baik, 3)]
            )
            .is_empty()
        );
        assert_eq!(
            violated(
                Org::SangatKurang,
                &[(SangatKurang, 6), (Baik, 3), (SangatBaik, 1)]
            ),
            [
                "at least 10% kurang + butuh_perbaikan: 0 of 10 (0%)",
                "at most 0% sangat_baik: 1 of 10 (10%)"
            ]
        );
    }

    #[test]
    fn bounds_are_exact_at_the_edge_without_rounding() {
        // 2 of 3 is 66.67 %: under a 70 % cap. 5 of 7 is 71.43 %: over it.
        assert!(violated(Org::Istimewa, &[(SangatBaik, 2), (Baik, 1)]).is_empty());
        assert_eq!(
            violated(Org::Istimewa, &[(SangatBaik, 5), (Baik, 2)]).len(),
            1
        );
        // 3 of 5 is exactly 60 %: meets an "at least 60 %" floor.
        assert!(violated(Org::ButuhPerbaikan, &[(ButuhPerbaikan, 3), (Baik, 2)]).is_empty());
        // 599 of 1000 is 59.9 %, which would round to 60 at whole percents: still a violation.
        assert_eq!(
            violated(Org::ButuhPerbaikan, &[(ButuhPerbaikan, 599), (Baik, 401)]).len(),
            1
        );
    }
}
