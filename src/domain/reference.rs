//! What each code of the API means to a person, in Indonesian and English: the labels a
//! frontend shows for the code lists (`GET /api/v1/reference`). Every match is exhaustive, so
//! a new value cannot go without its labels.

use crate::domain::behaviour::{Aspect as BehaviourAspect, CoreValue};
use crate::domain::counseling::FollowUpKind;
use crate::domain::org::{AsnType, PositionType, Rank, UnitKind};
use crate::domain::plan::Aspect as IndicatorAspect;
use crate::domain::predikat::{OrganizationPredikat, Predikat};
use crate::domain::scoring::permenpan6_2022::Rating;

/// A text in Indonesian and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub id: &'static str,
    pub en: &'static str,
}

const fn label(id: &'static str, en: &'static str) -> Label {
    Label { id, en }
}

pub fn asn_type(value: AsnType) -> Label {
    match value {
        AsnType::Pns => label("Pegawai Negeri Sipil (PNS)", "Civil servant (PNS)"),
        AsnType::Pppk => label(
            "Pegawai Pemerintah dengan Perjanjian Kerja (PPPK)",
            "Government employee on contract (PPPK)",
        ),
    }
}

/// The pangkat of a PNS golongan ruang; a PPPK golongan is named by its numeral.
pub fn rank(value: Rank) -> RankLabel {
    use Rank::*;
    let pangkat = match value {
        IA => "Juru Muda",
        IB => "Juru Muda Tingkat I",
        IC => "Juru",
        ID => "Juru Tingkat I",
        IIA => "Pengatur Muda",
        IIB => "Pengatur Muda Tingkat I",
        IIC => "Pengatur",
        IID => "Pengatur Tingkat I",
        IIIA => "Penata Muda",
        IIIB => "Penata Muda Tingkat I",
        IIIC => "Penata",
        IIID => "Penata Tingkat I",
        IVA => "Pembina",
        IVB => "Pembina Tingkat I",
        IVC => "Pembina Utama Muda",
        IVD => "Pembina Utama Madya",
        IVE => "Pembina Utama",
        PppkI | PppkII | PppkIII | PppkIV | PppkV | PppkVI | PppkVII | PppkVIII | PppkIX
        | PppkX | PppkXI | PppkXII | PppkXIII | PppkXIV | PppkXV | PppkXVI | PppkXVII => {
            return RankLabel::Grade(value.as_str());
        }
    };
    RankLabel::Pangkat(pangkat)
}

/// How a grade is named: a PNS pangkat (the same in both languages) or a PPPK golongan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankLabel {
    Pangkat(&'static str),
    /// The numeral: "Golongan IX", "Grade IX".
    Grade(&'static str),
}

pub fn position_type(value: PositionType) -> Label {
    match value {
        PositionType::JptUtama => label(
            "Jabatan Pimpinan Tinggi Utama",
            "Senior executive, first tier",
        ),
        PositionType::JptMadya => label(
            "Jabatan Pimpinan Tinggi Madya",
            "Senior executive, second tier",
        ),
        PositionType::JptPratama => label(
            "Jabatan Pimpinan Tinggi Pratama",
            "Senior executive, third tier",
        ),
        PositionType::Administrator => label("Jabatan Administrator", "Administrator (manager)"),
        PositionType::Pengawas => label("Jabatan Pengawas", "Supervisor"),
        PositionType::Pelaksana => label("Jabatan Pelaksana", "Staff"),
        PositionType::Fungsional => label("Jabatan Fungsional", "Functional (specialist) position"),
    }
}

pub fn unit_kind(value: UnitKind) -> Label {
    match value {
        UnitKind::Instansi => label("Instansi", "Agency"),
        UnitKind::Dinas => label("Dinas", "Office"),
        UnitKind::Badan => label("Badan", "Agency body"),
        UnitKind::Kecamatan => label("Kecamatan", "Sub-district"),
        UnitKind::Kelurahan => label("Kelurahan", "Urban village"),
        UnitKind::Bidang => label("Bidang", "Division"),
        UnitKind::Seksi => label("Seksi", "Section"),
        UnitKind::Other => label("Lainnya", "Other"),
    }
}

pub fn indicator_aspect(value: IndicatorAspect) -> Label {
    match value {
        IndicatorAspect::Kuantitas => label("Kuantitas", "Quantity"),
        IndicatorAspect::Kualitas => label("Kualitas", "Quality"),
        IndicatorAspect::Waktu => label("Waktu", "Time"),
        IndicatorAspect::Biaya => label("Biaya", "Cost"),
    }
}

pub fn behaviour_aspect(value: BehaviourAspect) -> Label {
    match value {
        BehaviourAspect::OrientasiPelayanan => label("Orientasi pelayanan", "Service orientation"),
        BehaviourAspect::Komitmen => label("Komitmen", "Commitment"),
        BehaviourAspect::InisiatifKerja => label("Inisiatif kerja", "Initiative"),
        BehaviourAspect::KerjaSama => label("Kerja sama", "Cooperation"),
        BehaviourAspect::Kepemimpinan => label("Kepemimpinan", "Leadership"),
    }
}

/// A BerAKHLAK core value: its name, its description and its three behaviour guide lines
/// (panduan perilaku), as Surat Edaran MenPANRB 20/2021 words them.
pub struct CoreValueText {
    pub label: Label,
    pub description: Label,
    pub guide_lines: [Label; 3],
}

pub fn core_value(value: CoreValue) -> CoreValueText {
    let text = |name: Label, description: Label, guide_lines: [Label; 3]| CoreValueText {
        label: name,
        description,
        guide_lines,
    };
    match value {
        CoreValue::BerorientasiPelayanan => text(
            label("Berorientasi Pelayanan", "Service-oriented"),
            label(
                "Komitmen memberikan pelayanan prima demi kepuasan masyarakat",
                "Committed to excellent service for the public's satisfaction",
            ),
            [
                label(
                    "Memahami dan memenuhi kebutuhan masyarakat",
                    "Understands and meets the public's needs",
                ),
                label(
                    "Ramah, cekatan, solutif, dan dapat diandalkan",
                    "Friendly, quick, solution-minded and reliable",
                ),
                label("Melakukan perbaikan tiada henti", "Improves without end"),
            ],
        ),
        CoreValue::Akuntabel => text(
            label("Akuntabel", "Accountable"),
            label(
                "Bertanggung jawab atas kepercayaan yang diberikan",
                "Answers for the trust given",
            ),
            [
                label(
                    "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
                    "Carries out duties honestly, responsibly, carefully, with discipline and high integrity",
                ),
                label(
                    "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
                    "Uses state assets responsibly, effectively and efficiently",
                ),
                label(
                    "Tidak menyalahgunakan kewenangan jabatan",
                    "Does not abuse the authority of office",
                ),
            ],
        ),
        CoreValue::Kompeten => text(
            label("Kompeten", "Competent"),
            label(
                "Terus belajar dan mengembangkan kapabilitas",
                "Keeps learning and developing capabilities",
            ),
            [
                label(
                    "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
                    "Raises own competence to meet ever-changing challenges",
                ),
                label("Membantu orang lain belajar", "Helps others learn"),
                label(
                    "Melaksanakan tugas dengan kualitas terbaik",
                    "Carries out duties to the best quality",
                ),
            ],
        ),
        CoreValue::Harmonis => text(
            label("Harmonis", "Harmonious"),
            label(
                "Saling peduli dan menghargai perbedaan",
                "Cares for others and respects differences",
            ),
            [
                label(
                    "Menghargai setiap orang apa pun latar belakangnya",
                    "Respects everyone whatever their background",
                ),
                label("Suka menolong orang lain", "Likes to help others"),
                label(
                    "Membangun lingkungan kerja yang kondusif",
                    "Builds a conducive working environment",
                ),
            ],
        ),
        CoreValue::Loyal => text(
            label("Loyal", "Loyal"),
            label(
                "Berdedikasi dan mengutamakan kepentingan bangsa dan negara",
                "Dedicated, putting the nation and the state first",
            ),
            [
                label(
                    "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan yang sah",
                    "Holds firmly to Pancasila and the 1945 Constitution, loyal to the Unitary State of the Republic of Indonesia and its lawful government",
                ),
                label(
                    "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
                    "Guards the good name of fellow civil servants, leaders, the agency and the state",
                ),
                label(
                    "Menjaga rahasia jabatan dan negara",
                    "Keeps official and state secrets",
                ),
            ],
        ),
        CoreValue::Adaptif => text(
            label("Adaptif", "Adaptive"),
            label(
                "Terus berinovasi dan antusias dalam menggerakkan ataupun menghadapi perubahan",
                "Keeps innovating, enthusiastic in driving or facing change",
            ),
            [
                label(
                    "Cepat menyesuaikan diri menghadapi perubahan",
                    "Adapts quickly to change",
                ),
                label(
                    "Terus berinovasi dan mengembangkan kreativitas",
                    "Keeps innovating and developing creativity",
                ),
                label("Bertindak proaktif", "Acts proactively"),
            ],
        ),
        CoreValue::Kolaboratif => text(
            label("Kolaboratif", "Collaborative"),
            label(
                "Membangun kerja sama yang sinergis",
                "Builds synergistic cooperation",
            ),
            [
                label(
                    "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
                    "Gives all parties the chance to contribute",
                ),
                label(
                    "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
                    "Open to cooperation that adds value",
                ),
                label(
                    "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
                    "Mobilises resources for shared goals",
                ),
            ],
        ),
    }
}

pub fn rating(value: Rating) -> Label {
    match value {
        Rating::Below => label("Di bawah ekspektasi", "Below expectation"),
        Rating::Meets => label("Sesuai ekspektasi", "Meets expectation"),
        Rating::Above => label("Di atas ekspektasi", "Above expectation"),
    }
}

pub fn predikat(value: Predikat) -> Label {
    match value {
        Predikat::SangatBaik => label("Sangat Baik", "Very good"),
        Predikat::Baik => label("Baik", "Good"),
        Predikat::Cukup => label("Cukup", "Fair"),
        Predikat::ButuhPerbaikan => label("Butuh Perbaikan", "Needs improvement"),
        Predikat::Kurang => label("Kurang", "Poor"),
        Predikat::SangatKurang => label("Sangat Kurang", "Very poor"),
    }
}

pub fn organization_predikat(value: OrganizationPredikat) -> Label {
    match value {
        OrganizationPredikat::Istimewa => label("Istimewa", "Outstanding"),
        OrganizationPredikat::Baik => label("Baik", "Good"),
        OrganizationPredikat::ButuhPerbaikan => label("Butuh Perbaikan", "Needs improvement"),
        OrganizationPredikat::Kurang => label("Kurang", "Poor"),
        OrganizationPredikat::SangatKurang => label("Sangat Kurang", "Very poor"),
    }
}

pub fn follow_up_kind(value: FollowUpKind) -> Label {
    match value {
        FollowUpKind::Guidance => label("Bimbingan kinerja", "Performance guidance"),
        FollowUpKind::Training => label("Pelatihan", "Training"),
        FollowUpKind::SpecialAssignment => label("Penugasan khusus", "Special assignment"),
        FollowUpKind::TransferProposal => label("Usulan mutasi", "Transfer proposal"),
        FollowUpKind::DisciplinaryRecommendation => label(
            "Rekomendasi hukuman disiplin",
            "Disciplinary recommendation",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pns_ranks_carry_their_pangkat_and_every_label_is_given_in_both_languages() {
        assert_eq!(rank(Rank::IIIA), RankLabel::Pangkat("Penata Muda"));
        assert_eq!(rank(Rank::PppkIX), RankLabel::Grade("IX"));
        for value in CoreValue::ALL {
            let text = core_value(*value);
            for l in [text.label, text.description]
                .iter()
                .chain(&text.guide_lines)
            {
                assert!(!l.id.is_empty() && !l.en.is_empty(), "{value:?}");
            }
        }
        for value in Rating::ALL {
            assert_ne!(rating(*value).id, rating(*value).en);
        }
    }
}
