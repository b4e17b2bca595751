//! Realisations: what an employee achieved per indicator and sub-period, with evidence. Only
//! on approved plans, entered by the owner or hr; a correction is a new entry and the earlier
//! one stays in the history.

use super::content::state_conflict;
use super::{Loaded, load_for_change, period_of};
use crate::auth::{Principal, policy};
use crate::domain::plan::{PeriodStatus, PlanStatus, sub_periods};
use crate::domain::scoring::Quantity;
use crate::error::{ApiError, Code, FieldError};
use crate::store::plans::{self, PlanRow, RealizationRow};
use crate::store::versioned::Event;
use crate::store::{IfMatch, Isolation, Work};

pub const EVIDENCE_TEXT_MAX: usize = 4000;
pub const LINKS_MAX: usize = 20;
pub const LINK_MAX: usize = 2000;

pub struct NewRealization {
    pub indicator_id: String,
    pub sub_period: i64,
    pub value: Quantity,
    pub evidence_text: Option<String>,
    pub evidence_links: Vec<String>,
}

fn check_evidence(input: &NewRealization, errors: &mut Vec<FieldError>) {
    if input
        .evidence_text
        .as_ref()
        .is_some_and(|t| t.chars().count() > EVIDENCE_TEXT_MAX)
    {
        errors.push(FieldError::at(
            "/evidence/text",
            "too_long",
            format!("at most {EVIDENCE_TEXT_MAX} characters"),
        ));
    }
    if input.evidence_links.len() > LINKS_MAX {
        errors.push(FieldError::at(
            "/evidence/links",
            "too_many",
            format!("at most {LINKS_MAX} links"),
        ));
    }
    for (i, link) in input.evidence_links.iter().enumerate() {
        let web = link.starts_with("https://") || link.starts_with("http://");
        if !web || link.len() > LINK_MAX || link.chars().any(char::is_whitespace) {
            errors.push(FieldError::at(
                format!("/evidence/links/{i}"),
                "invalid_link",
                format!("an http(s) URL without spaces, at most {LINK_MAX} characters"),
            ));
        }
    }
}

/// Records a realisation on an approved plan; a new version of the plan.
pub fn record(
    work: &mut Work<'_>,
    principal: &Principal,
    plan_id: &str,
    input: NewRealization,
) -> Result<(PlanRow, RealizationRow), ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let Loaded { plan, access } = load_for_change(work, principal, plan_id)?;
        policy::record_realization(&access, plan_id)?;
        if plan.status != PlanStatus::Approved {
            return Err(state_conflict(&plan));
        }
        let period = period_of(work, &plan)?;
        if period.status == PeriodStatus::Closed {
            return Err(ApiError::conflict(
                Code::PeriodClosed,
                "The period is closed.",
            ));
        }
        let mut errors = Vec::new();
        if !plans::indicators_of(work, &plan.id)?
            .iter()
            .any(|i| i.id == input.indicator_id)
        {
            errors.push(FieldError::at(
                "/indicator_id",
                "unknown_indicator",
                "not an indicator of this plan",
            ));
        }
        let count = sub_periods(period.starts_on, period.ends_on, period.sub_periods).len() as i64;
        if !(1..=count).contains(&input.sub_period) {
            errors.push(FieldError::at(
                "/sub_period",
                "out_of_range",
                format!("this period has sub-periods 1 to {count}"),
            ));
        }
        check_evidence(&input, &mut errors);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let row = RealizationRow {
            id: uuid::Uuid::now_v7().to_string(),
            plan_id: plan.id.clone(),
            indicator_id: input.indicator_id,
            sub_period: input.sub_period as i32,
            value: input.value.to_string(),
            evidence_text: input.evidence_text,
            evidence_links: serde_json::to_string(&input.evidence_links)
                .unwrap_or_else(|_| "[]".to_owned()),
            entered_by: work.actor().id.clone().unwrap_or_default(),
            entered_at: work.now(),
        };
        plans::insert_realization(work, &row)?;
        let event = Event {
            action: "record_realization",
            before: None,
            after: serde_json::to_value(&row).ok(),
            reason: None,
        };
        let updated = work.touch(&IfMatch::Absent, &plan, plan.clone(), event)?;
        Ok((updated, row))
    })
}
