//! Predikat codes as used on the wire (domain.md, "Predikat codes in the API").

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An employee's performance predikat: `sangat_baik` = "Sangat Baik", `baik` = "Baik",
/// `cukup` = "Cukup" (regime `pp30_2021` only), `butuh_perbaikan` = "Butuh Perbaikan" (regime
/// `permenpan6_2022` only), `kurang` = "Kurang" ("Kurang / Misconduct" under
/// `permenpan6_2022`), `sangat_kurang` = "Sangat Kurang".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Predikat {
    /// "Sangat Baik"
    SangatBaik,
    /// "Baik"
    Baik,
    /// "Cukup" (regime `pp30_2021`)
    Cukup,
    /// "Butuh Perbaikan" (regime `permenpan6_2022`)
    ButuhPerbaikan,
    /// "Kurang" (under `permenpan6_2022`: "Kurang / Misconduct")
    Kurang,
    /// "Sangat Kurang"
    SangatKurang,
}

impl Predikat {
    /// Every predikat, best first.
    pub const ALL: [Predikat; 6] = [
        Predikat::SangatBaik,
        Predikat::Baik,
        Predikat::Cukup,
        Predikat::ButuhPerbaikan,
        Predikat::Kurang,
        Predikat::SangatKurang,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Predikat::SangatBaik => "sangat_baik",
            Predikat::Baik => "baik",
            Predikat::Cukup => "cukup",
            Predikat::ButuhPerbaikan => "butuh_perbaikan",
            Predikat::Kurang => "kurang",
            Predikat::SangatKurang => "sangat_kurang",
        }
    }

    /// The predikat of a stored code.
    pub fn from_code(code: &str) -> Option<Predikat> {
        serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
    }
}

/// The organisation predikat a unit receives for a period (PermenPANRB 6/2022), which bounds
/// the distribution of its employees' predikat: `istimewa` = "Istimewa", `baik` = "Baik",
/// `butuh_perbaikan` = "Butuh Perbaikan" (also called "Cukup"), `kurang` = "Kurang",
/// `sangat_kurang` = "Sangat Kurang".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationPredikat {
    /// "Istimewa"
    Istimewa,
    /// "Baik"
    Baik,
    /// "Butuh Perbaikan" (also called "Cukup")
    ButuhPerbaikan,
    /// "Kurang"
    Kurang,
    /// "Sangat Kurang"
    SangatKurang,
}

impl OrganizationPredikat {
    /// Every organisation predikat, best first.
    pub const ALL: [OrganizationPredikat; 5] = [
        OrganizationPredikat::Istimewa,
        OrganizationPredikat::Baik,
        OrganizationPredikat::ButuhPerbaikan,
        OrganizationPredikat::Kurang,
        OrganizationPredikat::SangatKurang,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrganizationPredikat::Istimewa => "istimewa",
            OrganizationPredikat::Baik => "baik",
            OrganizationPredikat::ButuhPerbaikan => "butuh_perbaikan",
            OrganizationPredikat::Kurang => "kurang",
            OrganizationPredikat::SangatKurang => "sangat_kurang",
        }
    }

    /// The organisation predikat of a stored code.
    pub fn from_code(code: &str) -> Option<OrganizationPredikat> {
        serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
    }
}
