//! `kinerja demo`: a realistic organisation to explore the API with, loaded only when asked.
//! The regency social-services office of Karawang and the sub-district of Karawang Barat with
//! its eight kelurahan (the setting of the seed documents), about thirty employees (PNS, and PPPK
//! with NI PPPK numbers and PPPK grades) with valid NIPs and a sensible superior chain, one
//! account per role, the 2026 period, an open 360° round for Kecamatan Karawang Barat, and a
//! counseling case waiting for the demo counselor.

use chrono::NaiveDate;

use crate::assessments::rounds::{self, NewRound, Population};
use crate::auth::accounts::{self, NewPassword, NewUser};
use crate::auth::policy::Governs;
use crate::clock::Clock;
use crate::counseling;
use crate::db::AnyConnection;
use crate::domain::account::Role;
use crate::domain::counseling::{CaseSource, CounselorKind, Step};
use crate::domain::nip::PppkCodes;
use crate::domain::org::{AsnType, PositionType, Rank, UnitKind};
use crate::domain::plan::{PeriodKind, SubPeriods};
use crate::domain::scoring::Regime;
use crate::error::ApiError;
use crate::org::employees::{self, NewEmployee};
use crate::org::units::{self, NewUnit};
use crate::plans::periods::{self, NewPeriod};
use crate::store::audit::Actor;
use crate::store::{IfMatch, Isolation, Work};

/// The password of every demo account. Demo data is for trying the API out, never production.
pub const PASSWORD: &str = "kinerja-demo-2026";

/// The unit whose staff the demo's open 360° round assesses.
const ROUND_UNIT: &str = "KEC-KRW-BARAT";

/// The code of the top unit; its presence means the demo is loaded.
const ROOT: &str = "PEMKAB-KRW";

/// (code, name, kind, parent code)
#[rustfmt::skip]
const UNITS: &[(&str, &str, UnitKind, Option<&str>)] = &[
    (
        ROOT,
        "Pemerintah Kabupaten Karawang",
        UnitKind::Instansi,
        None,
    ),
    (
        "DINSOS-KRW",
        "Dinas Sosial Kabupaten Karawang",
        UnitKind::Dinas,
        Some(ROOT),
    ),
    (
        "DINSOS-SEKRETARIAT",
        "Sekretariat Dinas Sosial",
        UnitKind::Other,
        Some("DINSOS-KRW"),
    ),
    (
        "DINSOS-LINJAMSOS",
        "Bidang Perlindungan dan Jaminan Sosial",
        UnitKind::Bidang,
        Some("DINSOS-KRW"),
    ),
    (
        "DINSOS-LINJAMSOS-BANSOS",
        "Seksi Bantuan Sosial",
        UnitKind::Seksi,
        Some("DINSOS-LINJAMSOS"),
    ),
    (
        "DINSOS-REHSOS",
        "Bidang Rehabilitasi Sosial",
        UnitKind::Bidang,
        Some("DINSOS-KRW"),
    ),
    (
        "DINSOS-DAYASOS",
        "Bidang Pemberdayaan Sosial",
        UnitKind::Bidang,
        Some("DINSOS-KRW"),
    ),
    (
        "KEC-KRW-BARAT",
        "Kecamatan Karawang Barat",
        UnitKind::Kecamatan,
        Some(ROOT),
    ),
    (
        "KEC-KRW-BARAT-KESOS",
        "Seksi Kesejahteraan Sosial Kecamatan Karawang Barat",
        UnitKind::Seksi,
        Some("KEC-KRW-BARAT"),
    ),
    (
        "KEL-ADIARSA-BARAT",
        "Kelurahan Adiarsa Barat",
        UnitKind::Kelurahan,
        Some("KEC-KRW-BARAT"),
    ),
    (
        "KEL-KARANGPAWITAN",
        "Kelurahan Karangpawitan",
        UnitKind::Kelurahan,
        Some("KEC-KRW-BARAT"),
    ),
    (
        "KEL-KARAWANG-KULON",
        "Kelurahan Karawang Kulon",
        UnitKind::Kelurahan,
        Some("KEC-KRW-BARAT"),
    ),
    (
        "KEL-MEKARJATI",
        "Kelurahan Mekarjati",
        UnitKind::Kelurahan,
        Some("KEC-KRW-BARAT"),
    ),
    (
        "KEL-NAGASARI",
        "Kelurahan Nagasari",
        UnitKind::Kelurahan,
        Some("KEC-KRW-BARAT"),
    ),
    (
        "KEL-TANJUNGMEKAR",
        "Kelurahan Tanjungmekar",
        UnitKind::Kelurahan,
        Some("KEC-KRW-BARAT"),
    ),
    (
        "KEL-TANJUNGPURA",
        "Kelurahan Tanjungpura",
        UnitKind::Kelurahan,
        Some("KEC-KRW-BARAT"),
    ),
    (
        "KEL-TUNGGAKJATI",
        "Kelurahan Tunggakjati",
        UnitKind::Kelurahan,
        Some("KEC-KRW-BARAT"),
    ),
];

struct Person {
    nip: &'static str,
    name: &'static str,
    asn: AsnType,
    rank: Rank,
    title: &'static str,
    position: PositionType,
    unit: &'static str,
    /// The superior's NIP.
    superior: Option<&'static str>,
}

#[allow(clippy::too_many_arguments)] // one table row
const fn p(
    nip: &'static str,
    name: &'static str,
    asn: AsnType,
    rank: Rank,
    title: &'static str,
    position: PositionType,
    unit: &'static str,
    superior: Option<&'static str>,
) -> Person {
    Person {
        nip,
        name,
        asn,
        rank,
        title,
        position,
        unit,
        superior,
    }
}

use AsnType::{Pns, Pppk};
use PositionType::{Administrator, Fungsional, JptPratama, Pelaksana, Pengawas};

const KADIS: &str = "196904121994031006";
const SEKDIS: &str = "197205081997032004";
const KABID_LINJAMSOS: &str = "197511232000121003";
const KABID_REHSOS: &str = "197803152003122002";
const KABID_DAYASOS: &str = "197609302001121005";
const KASI_BANSOS: &str = "198202142006042008";
const CAMAT: &str = "197107171993031004";
const KASI_KESOS: &str = "198503152010012003";

/// Superiors come before their subordinates.
#[rustfmt::skip]
const PEOPLE: &[Person] = &[
    p(
        KADIS,
        "Drs. H. Asep Suherman, M.Si.",
        Pns,
        Rank::IVC,
        "Kepala Dinas Sosial",
        JptPratama,
        "DINSOS-KRW",
        None,
    ),
    p(
        SEKDIS,
        "Hj. Euis Kurniasih, S.H., M.M.",
        Pns,
        Rank::IVB,
        "Sekretaris Dinas Sosial",
        Administrator,
        "DINSOS-SEKRETARIAT",
        Some(KADIS),
    ),
    p(
        KABID_LINJAMSOS,
        "Dadang Hermawan, S.Sos., M.Si.",
        Pns,
        Rank::IVA,
        "Kepala Bidang Perlindungan dan Jaminan Sosial",
        Administrator,
        "DINSOS-LINJAMSOS",
        Some(KADIS),
    ),
    p(
        KABID_REHSOS,
        "Neneng Rohaeti, S.Sos.",
        Pns,
        Rank::IVA,
        "Kepala Bidang Rehabilitasi Sosial",
        Administrator,
        "DINSOS-REHSOS",
        Some(KADIS),
    ),
    p(
        KABID_DAYASOS,
        "Ujang Sopandi, S.IP.",
        Pns,
        Rank::IVA,
        "Kepala Bidang Pemberdayaan Sosial",
        Administrator,
        "DINSOS-DAYASOS",
        Some(KADIS),
    ),
    p(
        KASI_BANSOS,
        "Rina Marlina, S.E.",
        Pns,
        Rank::IIID,
        "Kepala Seksi Bantuan Sosial",
        Pengawas,
        "DINSOS-LINJAMSOS-BANSOS",
        Some(KABID_LINJAMSOS),
    ),
    p(
        "199004112015031002",
        "Dedi Kurniawan, A.Md.",
        Pns,
        Rank::IIC,
        "Pengelola Data Bantuan Sosial",
        Pelaksana,
        "DINSOS-LINJAMSOS-BANSOS",
        Some(KASI_BANSOS),
    ),
    p(
        "199208272019032009",
        "Siti Nurhasanah, S.Kom.",
        Pns,
        Rank::IIIA,
        "Analis Bantuan Sosial",
        Pelaksana,
        "DINSOS-LINJAMSOS-BANSOS",
        Some(KASI_BANSOS),
    ),
    p(
        "198707062011011004",
        "Agus Setiawan, S.Sos.",
        Pns,
        Rank::IIIC,
        "Pekerja Sosial Ahli Muda",
        Fungsional,
        "DINSOS-REHSOS",
        Some(KABID_REHSOS),
    ),
    p(
        "199401202020122011",
        "Intan Permatasari, S.Tr.Sos.",
        Pns,
        Rank::IIIA,
        "Pekerja Sosial Ahli Pertama",
        Fungsional,
        "DINSOS-REHSOS",
        Some(KABID_REHSOS),
    ),
    p(
        "199112032017081001",
        "Fajar Nugraha, S.Sos.",
        Pns,
        Rank::IIIB,
        "Penyuluh Sosial Ahli Pertama",
        Fungsional,
        "DINSOS-DAYASOS",
        Some(KABID_DAYASOS),
    ),
    p(
        "198809142014022003",
        "Lina Herlina, S.AP.",
        Pns,
        Rank::IIIB,
        "Pengelola Kepegawaian",
        Pelaksana,
        "DINSOS-SEKRETARIAT",
        Some(SEKDIS),
    ),
    p(
        "198605252009011002",
        "Yusuf Maulana, S.E.",
        Pns,
        Rank::IIIC,
        "Bendahara Pengeluaran",
        Pelaksana,
        "DINSOS-SEKRETARIAT",
        Some(SEKDIS),
    ),
    p(
        "199510102022212007",
        "Wulan Sari, A.Md.",
        Pppk,
        Rank::PppkVII,
        "Pengadministrasi Umum",
        Pelaksana,
        "DINSOS-SEKRETARIAT",
        Some(SEKDIS),
    ),
    p(
        CAMAT,
        "H. Ahmad Fauzi, S.STP., M.Si.",
        Pns,
        Rank::IVA,
        "Camat Karawang Barat",
        Administrator,
        "KEC-KRW-BARAT",
        None,
    ),
    p(
        "197904042005011007",
        "Cecep Supriatna, S.IP.",
        Pns,
        Rank::IIID,
        "Sekretaris Kecamatan",
        Administrator,
        "KEC-KRW-BARAT",
        Some(CAMAT),
    ),
    p(
        KASI_KESOS,
        "Siti Rahmawati, S.Sos.",
        Pns,
        Rank::IIIC,
        "Kepala Seksi Kesejahteraan Sosial",
        Pengawas,
        "KEC-KRW-BARAT-KESOS",
        Some(CAMAT),
    ),
    p(
        "199203102015031001",
        "Rudi Hartono",
        Pns,
        Rank::IIC,
        "Pengelola Kesejahteraan Sosial",
        Pelaksana,
        "KEC-KRW-BARAT-KESOS",
        Some(KASI_KESOS),
    ),
    p(
        "199607222022212004",
        "Dewi Lestari, S.Sos.",
        Pppk,
        Rank::PppkIX,
        "Pengadministrasi Bantuan Sosial",
        Pelaksana,
        "KEC-KRW-BARAT-KESOS",
        Some(KASI_KESOS),
    ),
    p(
        "197812122006041009",
        "Endang Suhendar, S.Sos.",
        Pns,
        Rank::IIIC,
        "Lurah Adiarsa Barat",
        Pengawas,
        "KEL-ADIARSA-BARAT",
        Some(CAMAT),
    ),
    p(
        "198001302006042011",
        "Yeni Rosmiati, S.IP.",
        Pns,
        Rank::IIIC,
        "Lurah Karangpawitan",
        Pengawas,
        "KEL-KARANGPAWITAN",
        Some(CAMAT),
    ),
    p(
        "197710052003121006",
        "Iwan Ridwan, S.Sos.",
        Pns,
        Rank::IIID,
        "Lurah Karawang Kulon",
        Pengawas,
        "KEL-KARAWANG-KULON",
        Some(CAMAT),
    ),
    p(
        "198104192008011005",
        "Hendra Gunawan, S.E.",
        Pns,
        Rank::IIIC,
        "Lurah Mekarjati",
        Pengawas,
        "KEL-MEKARJATI",
        Some(CAMAT),
    ),
    p(
        "198206062009012008",
        "Ai Nurhayati, S.AP.",
        Pns,
        Rank::IIIB,
        "Lurah Nagasari",
        Pengawas,
        "KEL-NAGASARI",
        Some(CAMAT),
    ),
    p(
        "197911112005011003",
        "Tatang Sutarman, S.Sos.",
        Pns,
        Rank::IIIC,
        "Lurah Tanjungmekar",
        Pengawas,
        "KEL-TANJUNGMEKAR",
        Some(CAMAT),
    ),
    p(
        "198308082010011009",
        "Deden Saepudin, S.IP.",
        Pns,
        Rank::IIIB,
        "Lurah Tanjungpura",
        Pengawas,
        "KEL-TANJUNGPURA",
        Some(CAMAT),
    ),
    p(
        "198012242006041004",
        "Asep Saepulloh, S.Sos.",
        Pns,
        Rank::IIID,
        "Lurah Tunggakjati",
        Pengawas,
        "KEL-TUNGGAKJATI",
        Some(CAMAT),
    ),
    p(
        "199305172019031006",
        "Rizky Ramadhan",
        Pns,
        Rank::IIB,
        "Pengadministrasi Pelayanan",
        Pelaksana,
        "KEL-NAGASARI",
        Some("198206062009012008"),
    ),
    p(
        "199711282023212002",
        "Nisa Aulia, A.Md.",
        Pppk,
        Rank::PppkVII,
        "Pengelola Layanan Kependudukan",
        Pelaksana,
        "KEL-KARAWANG-KULON",
        Some("197710052003121006"),
    ),
    p(
        "199009092014031008",
        "Budi Santoso, S.T.",
        Pns,
        Rank::IIIA,
        "Pengelola Sarana dan Prasarana",
        Pelaksana,
        "KEL-TANJUNGPURA",
        Some("198308082010011009"),
    ),
];

/// (username, roles, scope unit code, employee NIP)
pub type DemoAccount = (
    &'static str,
    &'static [Role],
    Option<&'static str>,
    Option<&'static str>,
);

/// One account per role, plus employees who log in with their NIP:
/// (username, roles, scope unit code, employee NIP).
pub const ACCOUNTS: &[DemoAccount] = &[
    ("demo.admin", &[Role::Admin], None, None),
    ("demo.hr", &[Role::Hr], Some("DINSOS-KRW"), None),
    ("demo.pyb", &[Role::Pyb], Some(ROOT), None),
    ("demo.konselor", &[Role::Counselor], None, None),
    (CAMAT, &[], None, Some(CAMAT)),
    (KASI_KESOS, &[], None, Some(KASI_KESOS)),
    ("199203102015031001", &[], None, Some("199203102015031001")),
];

/// One line per demo account: username and what it is, for the CLI and the README.
pub fn account_lines() -> Vec<String> {
    ACCOUNTS
        .iter()
        .map(|(username, roles, scope, employee)| {
            let what = match (roles.first(), employee) {
                (Some(role), _) => {
                    let scope = scope.and_then(|s| UNITS.iter().find(|u| u.0 == s));
                    match scope {
                        Some(unit) => format!("{} of {}", role.as_str(), unit.1),
                        None => role.as_str().to_owned(),
                    }
                }
                (None, Some(nip)) => PEOPLE
                    .iter()
                    .find(|p| p.nip == *nip)
                    .map(|p| format!("employee: {}, {}", p.name, p.title))
                    .unwrap_or_default(),
                (None, None) => "employee".to_owned(),
            };
            format!("{username:<20} {what}")
        })
        .collect()
}

/// What `load` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Loaded {
        units: usize,
        employees: usize,
        accounts: usize,
    },
    AlreadyLoaded,
}

/// Loads the demo organisation in one transaction (all or nothing), audited as the system.
pub fn load(conn: &mut AnyConnection) -> Result<Outcome, ApiError> {
    let mut work = Work::new(conn, Actor::system(), Clock::system());
    // One outer transaction; each service joins it.
    work.transaction(Isolation::ReadCommitted, |work| {
        if crate::store::units::find_by_code(work, ROOT)?.is_some() {
            return Ok(Outcome::AlreadyLoaded);
        }
        let mut unit_ids: Vec<(&str, String)> = Vec::new();
        let id_of = |ids: &[(&str, String)], code: &str| {
            ids.iter()
                .find(|(c, _)| *c == code)
                .map(|(_, id)| id.clone())
        };
        for (code, name, kind, parent) in UNITS {
            let input = NewUnit {
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                kind: *kind,
                parent_id: parent.and_then(|p| id_of(&unit_ids, p)),
            };
            let row = units::create(work, &Governs::All, input)?;
            unit_ids.push((code, row.id));
        }
        let mut people: Vec<(&str, String)> = Vec::new();
        for person in PEOPLE {
            let input = NewEmployee {
                nip: person.nip.to_owned(),
                name: person.name.to_owned(),
                email: None,
                asn_type: person.asn,
                rank: person.rank,
                position_title: person.title.to_owned(),
                position_type: person.position,
                unit_id: id_of(&unit_ids, person.unit).unwrap_or_default(),
                supervisor_id: person.superior.and_then(|s| id_of(&people, s)),
            };
            let row = employees::create(work, &Governs::All, PppkCodes::default(), input)?;
            people.push((person.nip, row.id));
        }
        let mut users = Vec::new();
        let password = NewPassword::hashed_here(PASSWORD);
        for (username, roles, scope, employee) in ACCOUNTS {
            let input = NewUser {
                username: (*username).to_owned(),
                password: password.clone(),
                roles: roles.to_vec(),
                scope_unit_id: scope.and_then(|s| id_of(&unit_ids, s)),
                employee_id: employee.and_then(|e| id_of(&people, e)),
            };
            let row = accounts::build_user(input, work.now()).map_err(ApiError::validation)?;
            accounts::insert_user(work, &row)?;
            users.push(row);
        }
        let period = periods::create(
            work,
            NewPeriod {
                name: "SKP 2026".to_owned(),
                kind: PeriodKind::Annual,
                starts_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
                ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
                regime: Regime::Pp30_2021,
                uses_360: true,
                sub_periods: SubPeriods::Quarters,
            },
        )?;
        let round = rounds::create(
            work,
            &Governs::All,
            NewRound {
                period_id: period.id,
                name: "360° 2026 Kecamatan Karawang Barat".to_owned(),
                population: id_of(&unit_ids, ROUND_UNIT).map(Population::Unit),
                weights: None,
                min_raters: None,
                closes_at: None,
            },
        )?;
        rounds::open(work, &Governs::All, &round.id, &IfMatch::Absent)?;
        counseling_case(work, &users, &people)?;
        Ok(Outcome::Loaded {
            units: UNITS.len(),
            employees: PEOPLE.len(),
            accounts: ACCOUNTS.len(),
        })
    })
}

/// A counseling case the kasi kesos opened about Rudi Hartono, designated and assigned to the
/// demo's independent counselor, who takes it from there (the PyB receives the report).
fn counseling_case(
    work: &mut Work<'_>,
    users: &[crate::store::users::UserRow],
    people: &[(&str, String)],
) -> Result<(), ApiError> {
    let user = |name: &str| users.iter().find(|u| u.username == name);
    let (Some(kasi), Some(counselor)) = (user(KASI_KESOS), user("demo.konselor")) else {
        return Ok(());
    };
    let kasi = crate::auth::UserPrincipal {
        id: kasi.id.clone(),
        username: kasi.username.clone(),
        roles: kasi.role_set(),
        scope_unit_id: kasi.scope_unit_id.clone(),
        employee_id: kasi.employee_id.clone(),
    };
    let employee = people
        .iter()
        .find(|(nip, _)| *nip == "199203102015031001")
        .map(|(_, id)| id.clone())
        .unwrap_or_default();
    let case = counseling::identify(
        work,
        &kasi,
        counseling::NewCase {
            employee_id: employee,
            source: CaseSource::Monitoring,
            description: "Laporan penyaluran BPNT tiga kali terlambat lebih dari seminggu."
                .to_owned(),
            source_ref: None,
        },
    )?;
    for (step, input) in [
        (Step::Designate, counseling::StepInput::None),
        (
            Step::AssignCounselor,
            counseling::StepInput::Counselor {
                id: counselor.id.clone(),
                kind: CounselorKind::Independent,
            },
        ),
    ] {
        counseling::take_step(work, &kasi, &case.id, step, input, &IfMatch::Absent)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::nip::{Nip, PppkCodes};
    use crate::domain::org::rank_mismatch;

    #[test]
    fn every_demo_nip_and_rank_is_valid_and_every_reference_resolves() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        for (i, person) in PEOPLE.iter().enumerate() {
            let nip = Nip::parse_as(person.nip, person.asn, PppkCodes::default(), today);
            assert!(nip.is_ok(), "{}: {nip:?}", person.nip);
            assert_eq!(
                rank_mismatch(person.asn, person.rank),
                None,
                "{}",
                person.name
            );
            assert!(UNITS.iter().any(|u| u.0 == person.unit), "{}", person.unit);
            if let Some(superior) = person.superior {
                assert!(
                    PEOPLE[..i].iter().any(|p| p.nip == superior),
                    "{}'s superior is listed before them",
                    person.name
                );
            }
        }
        for (username, _, scope, employee) in ACCOUNTS {
            assert!(
                scope.is_none_or(|s| UNITS.iter().any(|u| u.0 == s)),
                "{username}"
            );
            assert!(
                employee.is_none_or(|e| PEOPLE.iter().any(|p| p.nip == e)),
                "{username}"
            );
        }
    }
}
