//! Objections (keberatan): the employee objects to a final evaluation within the period's
//! window; the appraiser's superior at that moment decides, once.

use super::unit::standing;
use super::{LoadedEvaluation, load_evaluation};
use crate::auth::policy::{self, Governs};
use crate::auth::{Principal, UserPrincipal};
use crate::db::AnyConnection;
use crate::domain::account::Role;
use crate::domain::distribution::BoundCheck;
use crate::domain::evaluation::{EvaluationStatus, ObjectionStatus, objection_window_open};
use crate::domain::fixed::Hundredths;
use crate::domain::scoring::Regime;
use crate::domain::scoring::permenpan6_2022::{Rating, predikat as matrix};
use crate::domain::scoring::pp30_2021;
use crate::error::{ApiError, Code, FieldError};
use crate::org::reach::governs_unit;
use crate::org::required_text;
use crate::store::evaluations::{self as rows, EvaluationRow, ExplanationRow, ObjectionRow};
use crate::store::versioned::snapshot;
use crate::store::{IfMatch, Isolation, Versioned, Work, employees, periods};

pub const TEXT_MAX: usize = 4000;

pub fn file(
    work: &mut Work<'_>,
    principal: &Principal,
    evaluation_id: &str,
    reasons: &str,
    evidence: Option<&str>,
) -> Result<ObjectionRow, ApiError> {
    let mut errors = Vec::new();
    let reasons = required_text("/reasons", reasons, TEXT_MAX, &mut errors);
    let evidence = evidence
        .map(|e| required_text("/evidence", e, TEXT_MAX, &mut errors))
        .filter(|e| !e.is_empty());
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<EvaluationRow>(evaluation_id)?;
        let LoadedEvaluation { evaluation, access } =
            load_evaluation(work, principal, evaluation_id)?;
        policy::object_to_evaluation(&access, &evaluation.plan_id)?;
        if !errors.is_empty() {
            return Err(ApiError::validation(errors.clone()));
        }
        match evaluation.status {
            EvaluationStatus::Final => {}
            EvaluationStatus::UnderObjection => {
                return Err(ApiError::conflict(
                    Code::ObjectionExists,
                    "The evaluation has an open objection already.",
                ));
            }
            status => {
                return Err(ApiError::conflict(
                    Code::EvaluationNotFinal,
                    format!(
                        "The evaluation is {}; objections follow a final one.",
                        status.as_str()
                    ),
                ));
            }
        }
        if rows::objections_of(work.conn(), &evaluation.id)?
            .iter()
            .any(|o| o.status != ObjectionStatus::Open)
        {
            return Err(ApiError::conflict(
                Code::ObjectionDecided,
                "An objection against this evaluation was decided; the decision is final.",
            ));
        }
        let period = periods::find(work.conn(), &evaluation.period_id)?
            .ok_or_else(|| ApiError::not_found("period", &evaluation.period_id))?;
        let days = u32::try_from(period.objection_window_days).unwrap_or(0);
        let now = work.now();
        let open = evaluation
            .finalized_at
            .is_some_and(|at| objection_window_open(at, days, now));
        if !open {
            return Err(ApiError::conflict(
                Code::ObjectionWindowClosed,
                format!(
                    "Objections are filed within {days} days of the evaluation becoming final."
                ),
            ));
        }
        let decider = match &evaluation.appraiser_id {
            Some(appraiser) => {
                employees::find(work.conn(), appraiser)?.and_then(|a| a.supervisor_id)
            }
            None => None,
        }
        .ok_or_else(|| {
            ApiError::conflict(
                Code::NoDecider,
                "The appraiser has no superior to decide an objection; hr must set one first.",
            )
        })?;
        let row = ObjectionRow {
            id: uuid::Uuid::now_v7().to_string(),
            evaluation_id: evaluation.id.clone(),
            employee_id: evaluation.employee_id.clone(),
            decider_id: Some(decider),
            status: ObjectionStatus::Open,
            reasons,
            evidence,
            decision_reason: None,
            predikat_before: evaluation.predikat.clone(),
            predikat_after: None,
            decided_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        rows::insert_objection(work.conn(), &row).map_err(|e| {
            crate::error::unique(e, || {
                ApiError::conflict(
                    Code::ObjectionExists,
                    "The evaluation has an open objection already.",
                )
            })
        })?;
        work.record(
            ObjectionRow::ENTITY,
            &row.id,
            "create",
            None,
            snapshot(&row),
            None,
        )?;
        let mut under = evaluation.clone();
        under.status = EvaluationStatus::UnderObjection;
        work.update(&IfMatch::Absent, &evaluation, under, "objected", None)?;
        Ok(row)
    })
}

/// Who the caller is in an objection.
#[derive(Debug, Clone, Copy, Default)]
pub struct ObjectionAccess {
    pub employee: bool,
    pub appraiser: bool,
    pub decider: bool,
    pub hr: bool,
}

impl ObjectionAccess {
    pub fn reads(&self) -> bool {
        self.employee || self.appraiser || self.decider || self.hr
    }
}

pub fn access(
    conn: &mut AnyConnection,
    user: &UserPrincipal,
    objection: &ObjectionRow,
    evaluation: &EvaluationRow,
) -> Result<ObjectionAccess, ApiError> {
    let me = user.employee_id.as_deref();
    let hr = if user.roles.contains(&Role::Admin) {
        true
    } else {
        match &user.scope_unit_id {
            Some(root) if user.roles.iter().any(|r| r.is_unit_scoped()) => {
                governs_unit(conn, &Governs::Subtree(root.clone()), &evaluation.unit_id)?
            }
            _ => false,
        }
    };
    Ok(ObjectionAccess {
        employee: me == Some(objection.employee_id.as_str()),
        appraiser: me.is_some() && me == evaluation.appraiser_id.as_deref(),
        decider: me.is_some() && me == objection.decider_id.as_deref(),
        hr,
    })
}

pub struct LoadedObjection {
    pub objection: ObjectionRow,
    pub evaluation: EvaluationRow,
    pub access: ObjectionAccess,
}

/// The objection, or 404 when it does not exist or is none of the caller's business.
pub fn load(
    conn: &mut AnyConnection,
    user: &UserPrincipal,
    id: &str,
) -> Result<LoadedObjection, ApiError> {
    let objection =
        rows::find_objection(conn, id)?.ok_or_else(|| ApiError::not_found("objection", id))?;
    let evaluation = rows::find(conn, &objection.evaluation_id)?
        .ok_or_else(|| ApiError::not_found("objection", id))?;
    let access = access(conn, user, &objection, &evaluation)?;
    if !access.reads() {
        return Err(ApiError::not_found("objection", id));
    }
    Ok(LoadedObjection {
        objection,
        evaluation,
        access,
    })
}

fn still_open(objection: &ObjectionRow) -> Result<(), ApiError> {
    if objection.status == ObjectionStatus::Open {
        Ok(())
    } else {
        Err(ApiError::conflict(
            Code::ObjectionDecided,
            format!(
                "The objection was {}; the decision is final.",
                objection.status.as_str()
            ),
        ))
    }
}

/// The employee or the appraiser explains their side.
pub fn explain(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    id: &str,
    text: &str,
) -> Result<ExplanationRow, ApiError> {
    let mut errors = Vec::new();
    let text = required_text("/text", text, TEXT_MAX, &mut errors);
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<ObjectionRow>(id)?;
        let LoadedObjection {
            objection, access, ..
        } = load(work.conn(), user, id)?;
        let role = if access.employee {
            "employee"
        } else if access.appraiser {
            "appraiser"
        } else {
            return Err(ApiError::forbidden(
                "Only the employee and the appraiser explain their side of an objection.",
            ));
        };
        if !errors.is_empty() {
            return Err(ApiError::validation(errors.clone()));
        }
        still_open(&objection)?;
        let row = ExplanationRow {
            id: uuid::Uuid::now_v7().to_string(),
            objection_id: objection.id.clone(),
            author_id: user.id.clone(),
            author_role: role.to_owned(),
            text,
            created_at: work.now(),
        };
        rows::insert_explanation(work.conn(), &row)?;
        work.record(
            ObjectionRow::ENTITY,
            &objection.id,
            "explain",
            None,
            snapshot(&row),
            None,
        )?;
        Ok(row)
    })
}

#[derive(Debug, Default)]
pub struct Decision {
    pub upheld: bool,
    pub reason: String,
    pub work_rating: Option<Rating>,
    pub behaviour_rating: Option<Rating>,
    pub skp_score: Option<f64>,
    pub behaviour_score: Option<f64>,
}

fn score(pointer: &str, value: f64, errors: &mut Vec<FieldError>) -> Option<Hundredths> {
    let hundredths = (value * 100.0).round();
    if !(0.0..=12_000.0).contains(&hundredths) || (value * 100.0 - hundredths).abs() > 1e-6 {
        errors.push(FieldError::at(
            pointer,
            "out_of_range",
            "0 to 120 with at most two decimals",
        ));
        return None;
    }
    Some(Hundredths(hundredths as i64))
}

/// The decider decides; an upheld objection may change the ratings (2022) or scores (2021),
/// and the predikat follows. Returns the objection, the evaluation and the unit's curve after.
pub fn decide(
    work: &mut Work<'_>,
    user: &UserPrincipal,
    id: &str,
    input: Decision,
) -> Result<(ObjectionRow, EvaluationRow, Vec<BoundCheck>), ApiError> {
    let mut errors = Vec::new();
    let reason = required_text("/reason", &input.reason, TEXT_MAX, &mut errors);
    let skp = input
        .skp_score
        .and_then(|v| score("/skp_score", v, &mut errors));
    let behaviour = input
        .behaviour_score
        .and_then(|v| score("/behaviour_score", v, &mut errors));
    let changes = input.work_rating.is_some()
        || input.behaviour_rating.is_some()
        || input.skp_score.is_some()
        || input.behaviour_score.is_some();
    if changes && !input.upheld {
        errors.push(FieldError::at(
            "/outcome",
            "rejected_with_changes",
            "only an upheld objection changes ratings or scores",
        ));
    }
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<ObjectionRow>(id)?;
        let LoadedObjection {
            objection,
            evaluation,
            access,
        } = load(work.conn(), user, id)?;
        if !access.decider {
            return Err(ApiError::forbidden(
                "Only the appraiser's superior named when the objection was filed decides it.",
            ));
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors.clone()));
        }
        still_open(&objection)?;
        let mut after = evaluation.clone();
        match evaluation.regime {
            Regime::Permenpan6_2022 => {
                if input.skp_score.is_some() || input.behaviour_score.is_some() {
                    return Err(ApiError::validation(vec![FieldError::at(
                        "/skp_score",
                        "wrong_regime",
                        "permenpan6_2022 changes work_rating and behaviour_rating",
                    )]));
                }
                if let Some(w) = input.work_rating {
                    after.work_rating = Some(w.as_str().to_owned());
                }
                if let Some(b) = input.behaviour_rating {
                    after.behaviour_rating = Some(b.as_str().to_owned());
                }
                let parse =
                    |r: &Option<String>| r.as_deref().and_then(|r| r.parse::<Rating>().ok());
                if let (Some(w), Some(b)) =
                    (parse(&after.work_rating), parse(&after.behaviour_rating))
                {
                    after.predikat = Some(matrix(w, b).value.code().to_owned());
                }
            }
            Regime::Pp30_2021 => {
                if input.work_rating.is_some() || input.behaviour_rating.is_some() {
                    return Err(ApiError::validation(vec![FieldError::at(
                        "/work_rating",
                        "wrong_regime",
                        "pp30_2021 changes skp_score and behaviour_score",
                    )]));
                }
                let period = periods::find(work.conn(), &evaluation.period_id)?
                    .ok_or_else(|| ApiError::not_found("period", &evaluation.period_id))?;
                let skp = skp.or(evaluation.skp_score.map(Hundredths));
                let behaviour = behaviour.or(evaluation.behaviour_score.map(Hundredths));
                after.skp_score = skp.map(|s| s.0);
                after.behaviour_score = behaviour.map(|b| b.0);
                if let (Some(s), Some(b)) = (skp, behaviour) {
                    let total = pp30_2021::final_score(s, b, period.uses_360).value;
                    after.final_score = Some(total.0);
                    after.predikat = Some(
                        pp30_2021::predikat(total, evaluation.innovation.is_some())
                            .value
                            .code()
                            .to_owned(),
                    );
                }
            }
        }
        after.status = EvaluationStatus::Final;
        let action = if input.upheld {
            "objection_upheld"
        } else {
            "objection_rejected"
        };
        let evaluation =
            work.update(&IfMatch::Absent, &evaluation, after, action, Some(&reason))?;
        let mut decided = objection.clone();
        decided.status = if input.upheld {
            ObjectionStatus::Upheld
        } else {
            ObjectionStatus::Rejected
        };
        decided.decision_reason = Some(reason.clone());
        decided.predikat_after = evaluation.predikat.clone();
        decided.decided_at = Some(work.now());
        let decided = work.update(
            &IfMatch::Absent,
            &objection,
            decided,
            "decide",
            Some(&reason),
        )?;
        // The curve is re-checked and reported; it never blocks a decision.
        let checks = standing(
            work.conn(),
            &Governs::All,
            &evaluation.unit_id,
            &evaluation.period_id,
            &evaluation.slot,
        )
        .map(|s| s.checks)
        .unwrap_or_default();
        Ok((decided, evaluation, checks))
    })
}
