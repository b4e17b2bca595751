//! The organisation: org unit kinds, the employee's classification fields, and the two
//! hierarchies (units under units, employees under their superior) as materialised paths.

use super::text_enum;

text_enum! {
    /// The kind of org unit: `instansi` (agency, e.g. a regency government), `dinas` (office),
    /// `badan` (agency body), `kecamatan` (sub-district), `kelurahan` (urban village), `bidang`
    /// (division), `seksi` (section), `other`.
    pub enum UnitKind {
        Instansi = "instansi",
        Dinas = "dinas",
        Badan = "badan",
        Kecamatan = "kecamatan",
        Kelurahan = "kelurahan",
        Bidang = "bidang",
        Seksi = "seksi",
        Other = "other",
    }
}

text_enum! {
    /// ASN type: `pns` (Pegawai Negeri Sipil, civil servant) or `pppk` (Pegawai Pemerintah
    /// dengan Perjanjian Kerja, contract staff).
    pub enum AsnType {
        Pns = "pns",
        Pppk = "pppk",
    }
}

text_enum! {
    /// Grade: for PNS the pangkat/golongan ruang, from `I/a` (Juru Muda) to `IV/e` (Pembina
    /// Utama); for PPPK the golongan, from `I` to `XVII`.
    pub enum Rank {
        IA = "I/a",
        IB = "I/b",
        IC = "I/c",
        ID = "I/d",
        IIA = "II/a",
        IIB = "II/b",
        IIC = "II/c",
        IID = "II/d",
        IIIA = "III/a",
        IIIB = "III/b",
        IIIC = "III/c",
        IIID = "III/d",
        IVA = "IV/a",
        IVB = "IV/b",
        IVC = "IV/c",
        IVD = "IV/d",
        IVE = "IV/e",
        PppkI = "I",
        PppkII = "II",
        PppkIII = "III",
        PppkIV = "IV",
        PppkV = "V",
        PppkVI = "VI",
        PppkVII = "VII",
        PppkVIII = "VIII",
        PppkIX = "IX",
        PppkX = "X",
        PppkXI = "XI",
        PppkXII = "XII",
        PppkXIII = "XIII",
        PppkXIV = "XIV",
        PppkXV = "XV",
        PppkXVI = "XVI",
        PppkXVII = "XVII",
    }
}

impl Rank {
    /// The ASN type whose scale this grade is on: PNS ranks carry a letter (`III/a`), PPPK
    /// grades are a numeral alone (`IX`).
    pub fn asn_type(self) -> AsnType {
        if self.as_str().contains('/') {
            AsnType::Pns
        } else {
            AsnType::Pppk
        }
    }
}

/// Why an employee of `asn_type` cannot hold `rank`, if they cannot.
pub fn rank_mismatch(asn_type: AsnType, rank: Rank) -> Option<String> {
    let scale = match asn_type {
        AsnType::Pns => "a PNS holds a golongan ruang from I/a to IV/e",
        AsnType::Pppk => "a PPPK holds a golongan from I to XVII",
    };
    (rank.asn_type() != asn_type).then(|| format!("{} is not on the scale: {scale}", rank.as_str()))
}

text_enum! {
    /// Position type (jenis jabatan): `jpt_utama`, `jpt_madya`, `jpt_pratama` (Jabatan Pimpinan
    /// Tinggi), `administrator`, `pengawas`, `pelaksana`, `fungsional`.
    pub enum PositionType {
        JptUtama = "jpt_utama",
        JptMadya = "jpt_madya",
        JptPratama = "jpt_pratama",
        Administrator = "administrator",
        Pengawas = "pengawas",
        Pelaksana = "pelaksana",
        Fungsional = "fungsional",
    }
}

text_enum! {
    /// `active`, or `inactive` once the employee has left (records are never deleted).
    pub enum EmployeeStatus {
        Active = "active",
        Inactive = "inactive",
    }
}

/// Both hierarchies (units under units, employees under their superior) are stored as
/// materialised paths: "/" followed by each id from the top down to the node itself, each
/// ending in "/". A node's subtree is then every path that starts with its own.
pub fn child_path(parent_path: Option<&str>, id: &str) -> String {
    format!("{}{id}/", parent_path.unwrap_or("/"))
}

/// Whether `id` is on `path`: the node itself or one above it.
pub fn path_has(path: &str, id: &str) -> bool {
    path.contains(&format!("/{id}/"))
}

/// The ids on `path`, from the top down.
pub fn path_ids(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|id| !id.is_empty())
}

/// The half-open range `[path, end)` holding exactly the paths that start with `path`, so that
/// an ordinary index answers "everything below" (ids never contain "/", and "0" follows "/").
/// Anything that is not a path (an empty one) has an empty range: it must never mean "all".
pub fn subtree_range(path: &str) -> (String, String) {
    match path.strip_suffix('/').filter(|p| p.starts_with('/')) {
        Some(stem) => (path.to_owned(), format!("{stem}0")),
        None => ("/".to_owned(), "/".to_owned()),
    }
}

/// Whether hanging `node` under the node at `new_parent_path` would close a cycle: the new
/// parent is `node` itself or lies below it.
pub fn closes_cycle(node: &str, new_parent_path: &str) -> bool {
    path_has(new_parent_path, node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_holds_every_node_from_the_top_down() {
        let dinas = child_path(None, "dinas");
        let bidang = child_path(Some(&dinas), "bidang");
        let seksi = child_path(Some(&bidang), "seksi");
        assert_eq!(seksi, "/dinas/bidang/seksi/");
        assert_eq!(
            path_ids(&seksi).collect::<Vec<_>>(),
            ["dinas", "bidang", "seksi"]
        );
        assert!(path_has(&seksi, "bidang"));
        assert!(!path_has(&seksi, "bid"), "whole ids only");
    }

    #[test]
    fn the_subtree_range_holds_exactly_the_paths_below() {
        let (from, to) = subtree_range("/a/b/");
        let inside = |p: &str| from.as_str() <= p && p < to.as_str();
        assert!(inside("/a/b/"));
        assert!(inside("/a/b/c/"));
        assert!(inside("/a/b/c/d-e/"));
        assert!(!inside("/a/bc/"), "a sibling whose id starts alike");
        assert!(!inside("/a/b-1/"));
        assert!(!inside("/a/"));
        assert!(!inside("/a/c/"));
        let (from, to) = subtree_range("");
        assert!(from >= to, "no path, nobody: {from:?}..{to:?}");
    }

    #[test]
    fn moving_a_node_under_itself_or_its_descendant_closes_a_cycle() {
        assert!(closes_cycle("bidang", "/dinas/bidang/"));
        assert!(closes_cycle("dinas", "/dinas/bidang/seksi/"));
        assert!(!closes_cycle("seksi", "/dinas/"));
    }

    #[test]
    fn pns_and_pppk_have_seventeen_grades_each_and_hold_only_their_own() {
        let of = |asn_type| {
            Rank::ALL
                .iter()
                .filter(|r| r.asn_type() == asn_type)
                .count()
        };
        assert_eq!((of(AsnType::Pns), of(AsnType::Pppk)), (17, 17));
        assert_eq!(rank_mismatch(AsnType::Pns, Rank::IIIA), None);
        assert_eq!(rank_mismatch(AsnType::Pppk, Rank::PppkIX), None);
        let refused = rank_mismatch(AsnType::Pns, Rank::PppkV).expect("PPPK grade");
        assert!(
            refused.contains("V is not") && refused.contains("I/a to IV/e"),
            "{refused}"
        );
        let refused = rank_mismatch(AsnType::Pppk, Rank::IIIA).expect("PNS rank");
        assert!(
            refused.contains("III/a is not") && refused.contains("I to XVII"),
            "{refused}"
        );
    }

    #[test]
    fn enums_read_back_what_they_write() {
        assert_eq!(Rank::ALL.len(), 34);
        assert_eq!("XVII".parse::<Rank>(), Ok(Rank::PppkXVII));
        assert_eq!("xvii".parse::<Rank>(), Err(()));
        for rank in Rank::ALL {
            assert_eq!(rank.as_str().parse::<Rank>(), Ok(*rank));
            let json = serde_json::to_string(rank).expect("serializes");
            assert_eq!(json, format!("\"{}\"", rank.as_str()));
        }
        assert_eq!(PositionType::ALL.len(), 7);
        assert_eq!("iv/e".parse::<Rank>(), Err(()));
        assert_eq!(UnitKind::ALL.len(), 8);
    }
}
