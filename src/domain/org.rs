//! The organisation: org unit kinds, the employee's classification fields, and walking the two
//! hierarchies (units under units, employees under their superior) without ever looping.

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
    /// Rank (pangkat/golongan ruang), from `I/a` (Juru Muda) to `IV/e` (Pembina Utama).
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
    }
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

/// How deep a hierarchy may go before it is treated as broken. Real org charts are a dozen
/// levels at most; the bound keeps a corrupted chain from costing more than this many lookups.
pub const MAX_DEPTH: usize = 64;

/// The chain above `start` (its parent first, the root last), following `parent_of`. Stops at
/// a node seen before, so a cycle in stored data ends the walk instead of looping.
pub fn chain_above<E>(
    start: &str,
    mut parent_of: impl FnMut(&str) -> Result<Option<String>, E>,
) -> Result<Vec<String>, E> {
    let mut chain: Vec<String> = Vec::new();
    let mut current = start.to_owned();
    while chain.len() < MAX_DEPTH {
        match parent_of(&current)? {
            Some(parent) if parent != start && !chain.contains(&parent) => {
                chain.push(parent.clone());
                current = parent;
            }
            _ => break,
        }
    }
    Ok(chain)
}

/// Whether making `new_parent` the parent of `node` would close a cycle: `node` itself, or
/// any node above `new_parent` being `node`.
pub fn closes_cycle(node: &str, new_parent: &str, above_new_parent: &[String]) -> bool {
    new_parent == node || above_new_parent.iter().any(|a| a == node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parents(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
            .collect()
    }

    fn chain(tree: &HashMap<String, String>, start: &str) -> Vec<String> {
        chain_above(start, |n| Ok::<_, ()>(tree.get(n).cloned())).expect("no error")
    }

    #[test]
    fn the_chain_runs_from_parent_to_root() {
        let tree = parents(&[
            ("seksi", "bidang"),
            ("bidang", "dinas"),
            ("dinas", "pemkab"),
        ]);
        assert_eq!(chain(&tree, "seksi"), ["bidang", "dinas", "pemkab"]);
        assert!(chain(&tree, "pemkab").is_empty());
    }

    #[test]
    fn a_stored_cycle_ends_the_walk() {
        let tree = parents(&[("a", "b"), ("b", "c"), ("c", "a")]);
        assert_eq!(chain(&tree, "a"), ["b", "c"]);
        let tree = parents(&[("a", "b"), ("b", "c"), ("c", "b")]);
        assert_eq!(chain(&tree, "a"), ["b", "c"]);
    }

    #[test]
    fn moving_a_node_under_itself_or_its_descendant_closes_a_cycle() {
        let tree = parents(&[("seksi", "bidang"), ("bidang", "dinas")]);
        assert!(closes_cycle("bidang", "bidang", &[]));
        assert!(closes_cycle("dinas", "seksi", &chain(&tree, "seksi")));
        assert!(!closes_cycle("seksi", "dinas", &chain(&tree, "dinas")));
    }

    #[test]
    fn enums_read_back_what_they_write() {
        assert_eq!(Rank::ALL.len(), 17);
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
