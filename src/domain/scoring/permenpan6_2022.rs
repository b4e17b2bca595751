//! Regime `permenpan6_2022` (PP 30/2019 + PermenPANRB 6/2022): three-level ratings and the
//! 3×3 matrix from work-result and behaviour ratings to predikat.

use super::Explained;
use crate::domain::predikat::Predikat;
use crate::domain::text_enum;

text_enum! {
    /// A rating against expectation: `below`, `meets` or `above`.
    pub enum Rating {
        Below = "below",
        Meets = "meets",
        Above = "above",
    }
}

impl Rating {
    /// The points of the suggested behaviour rating (product decision, domain.md).
    fn points(self) -> u32 {
        match self {
            Rating::Below => 1,
            Rating::Meets => 2,
            Rating::Above => 3,
        }
    }
}

/// One work result's rating and whether it is a main result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultRating {
    pub main: bool,
    pub rating: Rating,
}

/// Above when most results are above and no main result is below; below when most are
/// below; otherwise meets. "Most" is more than half. `None` for no results.
pub fn work_result_rating(results: &[ResultRating]) -> Option<Explained<Rating>> {
    let n = results.len();
    if n == 0 {
        return None;
    }
    let count = |r: Rating| results.iter().filter(|x| x.rating == r).count();
    let (above, below) = (count(Rating::Above), count(Rating::Below));
    let main_below = results.iter().any(|x| x.main && x.rating == Rating::Below);
    let (value, why) = if 2 * above > n && !main_below {
        (
            Rating::Above,
            format!("{above} of {n} results above expectation and no main result below"),
        )
    } else if 2 * below > n {
        (
            Rating::Below,
            format!("{below} of {n} results below expectation"),
        )
    } else if 2 * above > n {
        (
            Rating::Meets,
            format!("{above} of {n} results above expectation, but a main result is below"),
        )
    } else {
        (
            Rating::Meets,
            format!("{above} above, {below} below of {n}: neither is most"),
        )
    };
    Some(Explained {
        value,
        explanation: why,
    })
}

/// The suggested behaviour rating from the per-value ratings: below = 1, meets = 2, above = 3,
/// averaged; ≥ 2.5 → above, < 1.5 → below, else meets. `None` for no ratings.
pub fn suggested_behaviour(values: &[Rating]) -> Option<Explained<Rating>> {
    let n = u32::try_from(values.len()).ok().filter(|n| *n > 0)?;
    let points: u32 = values.iter().map(|r| r.points()).sum();
    // Compare the mean points / n against 2.5 and 1.5 without division: 2 × points vs 5n, 3n.
    let value = if 2 * points >= 5 * n {
        Rating::Above
    } else if 2 * points < 3 * n {
        Rating::Below
    } else {
        Rating::Meets
    };
    let mean = crate::domain::fixed::Hundredths::ratio(i128::from(points), i128::from(n));
    Some(Explained {
        value,
        explanation: format!(
            "mean of {n} values = {mean} (below 1, meets 2, above 3; ≥ 2.5 above, < 1.5 below)"
        ),
    })
}

/// The matrix cell of a work-result and a behaviour rating.
pub fn predikat(work_result: Rating, behaviour: Rating) -> Explained<Predikat> {
    use Rating::{Above, Below, Meets};
    let value = match (work_result, behaviour) {
        (Above, Above) => Predikat::SangatBaik,
        (Above | Meets, Above | Meets) => Predikat::Baik,
        (Above | Meets, Below) => Predikat::Kurang,
        (Below, Above | Meets) => Predikat::ButuhPerbaikan,
        (Below, Below) => Predikat::SangatKurang,
    };
    Explained {
        value,
        explanation: format!(
            "work result {} × behaviour {} → {}",
            work_result.as_str(),
            behaviour.as_str(),
            value.code()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Rating::{Above, Below, Meets};

    #[test]
    fn all_nine_matrix_cells() {
        for (result, behaviour, expected) in [
            (Above, Above, Predikat::SangatBaik),
            (Above, Meets, Predikat::Baik),
            (Above, Below, Predikat::Kurang),
            (Meets, Above, Predikat::Baik),
            (Meets, Meets, Predikat::Baik),
            (Meets, Below, Predikat::Kurang),
            (Below, Above, Predikat::ButuhPerbaikan),
            (Below, Meets, Predikat::ButuhPerbaikan),
            (Below, Below, Predikat::SangatKurang),
        ] {
            let cell = predikat(result, behaviour);
            assert_eq!(cell.value, expected, "{result:?} × {behaviour:?}");
            assert!(cell.explanation.contains(result.as_str()));
        }
    }

    fn results(list: &[(bool, Rating)]) -> Rating {
        let list: Vec<ResultRating> = list
            .iter()
            .map(|(main, rating)| ResultRating {
                main: *main,
                rating: *rating,
            })
            .collect();
        work_result_rating(&list).expect("some results").value
    }

    #[test]
    fn work_result_rating_follows_the_majority() {
        assert_eq!(
            results(&[(true, Above), (true, Above), (false, Meets)]),
            Above
        );
        assert_eq!(
            results(&[(true, Above), (true, Above), (true, Below)]),
            Meets
        );
        assert_eq!(
            results(&[(true, Above), (true, Above), (false, Below)]),
            Above
        );
        assert_eq!(
            results(&[(true, Below), (true, Below), (true, Above)]),
            Below
        );
        assert_eq!(results(&[(true, Above), (true, Below)]), Meets);
        assert_eq!(results(&[(true, Meets)]), Meets);
        assert!(work_result_rating(&[]).is_none());
    }

    #[test]
    fn suggested_behaviour_thresholds() {
        let rate = |v: &[Rating]| suggested_behaviour(v).expect("some").value;
        assert_eq!(rate(&[Above; 7]), Above);
        assert_eq!(rate(&[Above, Meets]), Above); // 2.5
        assert_eq!(rate(&[Above, Meets, Meets]), Meets); // 2.33
        assert_eq!(rate(&[Below, Meets]), Meets); // 1.5
        assert_eq!(rate(&[Below, Below, Meets]), Below); // 1.33
        assert!(suggested_behaviour(&[]).is_none());
    }
}
