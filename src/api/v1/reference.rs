//! `GET /api/v1/reference`: every code list a frontend renders, with its labels in
//! Indonesian and English, so that vendors need not hard-code them. It changes only with a
//! release, so it is built once and cached by clients (`ETag`, `Cache-Control`).

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::auth::policy;
use crate::domain::behaviour::{Aspect as BehaviourAspect, CoreValue};
use crate::domain::counseling::FollowUpKind;
use crate::domain::org::{AsnType, PositionType, Rank, UnitKind};
use crate::domain::plan::Aspect as IndicatorAspect;
use crate::domain::predikat::{OrganizationPredikat, Predikat};
use crate::domain::reference::{self, Label, RankLabel};
use crate::domain::scoring::permenpan6_2022::Rating;
use crate::error::Code;
use crate::language::Language;

/// A text in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct Text {
    /// Indonesian.
    #[schema(example = "Penata Muda")]
    pub id: String,
    /// English.
    #[schema(example = "Penata Muda")]
    pub en: String,
}

impl From<Label> for Text {
    fn from(label: Label) -> Self {
        Text {
            id: label.id.to_owned(),
            en: label.en.to_owned(),
        }
    }
}

/// One value of a code list: what the API sends (`code`) and what a person reads.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferenceItem {
    #[schema(example = "pns")]
    pub code: String,
    pub label: Text,
}

/// A grade: the PNS golongan ruang with its pangkat, or a PPPK golongan.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankItem {
    #[schema(example = "III/a")]
    pub code: String,
    pub asn_type: AsnType,
    pub label: Text,
}

/// A BerAKHLAK core value with its description and its three behaviour guide lines.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoreValueItem {
    #[schema(example = "akuntabel")]
    pub code: String,
    pub label: Text,
    pub description: Text,
    pub guide_lines: Vec<Text>,
}

/// A problem `code`, the status it is answered with, and when.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemCodeItem {
    pub code: Code,
    #[schema(example = 409)]
    pub status: u16,
    pub description: Text,
}

/// Every code list, each in the API's order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferenceData {
    pub asn_types: Vec<ReferenceItem>,
    /// PNS golongan ruang `I/a` to `IV/e`, then PPPK golongan `I` to `XVII`.
    pub ranks: Vec<RankItem>,
    pub position_types: Vec<ReferenceItem>,
    pub unit_kinds: Vec<ReferenceItem>,
    /// The aspect an indicator measures.
    pub indicator_aspects: Vec<ReferenceItem>,
    /// The behaviour aspects of regime `pp30_2021`.
    pub behaviour_aspects: Vec<ReferenceItem>,
    /// The BerAKHLAK core values of regime `permenpan6_2022`.
    pub core_values: Vec<CoreValueItem>,
    pub ratings: Vec<ReferenceItem>,
    /// An employee's predikat (both regimes).
    pub predikat: Vec<ReferenceItem>,
    /// The organisation's predikat, which sets the distribution curve.
    pub organization_predikat: Vec<ReferenceItem>,
    pub follow_up_kinds: Vec<ReferenceItem>,
    pub problem_codes: Vec<ProblemCodeItem>,
}

fn items<T: Copy>(
    values: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> Label,
) -> Vec<ReferenceItem> {
    values
        .iter()
        .map(|v| ReferenceItem {
            code: code(*v).to_owned(),
            label: label(*v).into(),
        })
        .collect()
}

fn reference_data() -> ReferenceData {
    ReferenceData {
        asn_types: items(AsnType::ALL, AsnType::as_str, reference::asn_type),
        ranks: Rank::ALL
            .iter()
            .map(|r| {
                let label = match reference::rank(*r) {
                    RankLabel::Pangkat(name) => Text {
                        id: name.to_owned(),
                        en: name.to_owned(),
                    },
                    RankLabel::Grade(numeral) => Text {
                        id: format!("Golongan {numeral}"),
                        en: format!("Grade {numeral}"),
                    },
                };
                RankItem {
                    code: r.as_str().to_owned(),
                    asn_type: r.asn_type(),
                    label,
                }
            })
            .collect(),
        position_types: items(
            PositionType::ALL,
            PositionType::as_str,
            reference::position_type,
        ),
        unit_kinds: items(UnitKind::ALL, UnitKind::as_str, reference::unit_kind),
        indicator_aspects: items(
            IndicatorAspect::ALL,
            IndicatorAspect::as_str,
            reference::indicator_aspect,
        ),
        behaviour_aspects: items(
            BehaviourAspect::ALL,
            BehaviourAspect::as_str,
            reference::behaviour_aspect,
        ),
        core_values: CoreValue::ALL
            .iter()
            .map(|v| {
                let text = reference::core_value(*v);
                CoreValueItem {
                    code: v.as_str().to_owned(),
                    label: text.label.into(),
                    description: text.description.into(),
                    guide_lines: text.guide_lines.into_iter().map(Text::from).collect(),
                }
            })
            .collect(),
        ratings: items(Rating::ALL, Rating::as_str, reference::rating),
        predikat: items(&Predikat::ALL, Predikat::code, reference::predikat),
        organization_predikat: items(
            &OrganizationPredikat::ALL,
            OrganizationPredikat::code,
            reference::organization_predikat,
        ),
        follow_up_kinds: items(
            FollowUpKind::ALL,
            FollowUpKind::as_str,
            reference::follow_up_kind,
        ),
        problem_codes: Code::ALL
            .iter()
            .map(|c| {
                let meaning = c.meaning();
                ProblemCodeItem {
                    code: *c,
                    status: c.status(),
                    description: Text {
                        id: Language::Indonesian.say(meaning),
                        en: meaning.to_owned(),
                    },
                }
            })
            .collect(),
    }
}

/// The body and its entity tag, made once.
static REFERENCE: LazyLock<(String, String)> = LazyLock::new(|| {
    let body = serde_json::to_string(&reference_data()).expect("reference data serializes");
    let digest = Sha256::digest(body.as_bytes());
    let tag = digest[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    (body, format!("\"{tag}\""))
});

/// Clients may keep it a day, then revalidate with `If-None-Match`.
const CACHE_CONTROL: &str = "public, max-age=86400";

/// Every code list a frontend renders, with labels in Indonesian and English.
#[utoipa::path(
    tag = "reference",
    operation_id = "get_reference",
    description = "Ranks and PPPK grades, position types, ASN types, unit kinds, indicator and \
        behaviour aspects, the BerAKHLAK values with their official descriptions and guide \
        lines, ratings, predikat (employee and organisation), follow-up kinds and every problem \
        code, each with its labels in Indonesian (`id`) and English (`en`). It changes only \
        with a release: cache it (`Cache-Control`) and revalidate with `If-None-Match` (304 \
        when unchanged). New values may appear in any list (the enums are open).\n\n\
        **Who may call:** anyone.",
    params(("If-None-Match" = Option<String>, Header, description = "The `ETag` you hold: 304 when it is still current.")),
    responses(
        (status = 200, description = "Every code list.", body = ReferenceData,
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "The `ETag` you hold is current.",
            headers(("ETag" = String), ("Cache-Control" = String))),
    ),
    security(())
)]
#[get("/reference")]
pub async fn get(req: HttpRequest) -> HttpResponse {
    policy::anyone();
    let (body, etag) = &*REFERENCE;
    let current = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|held| {
            // Weak comparison (RFC 9110): `W/"x"` matches `"x"`.
            held.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*")
        });
    let mut res = if current {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::ETAG, etag.clone()))
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    if current {
        res.finish()
    } else {
        res.content_type("application/json").body(body.clone())
    }
}
