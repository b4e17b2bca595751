//! Creating a round (with its raters drawn from the org structure as it stands), changing it
//! while it is prepared, opening and closing it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;

use super::governed_round;
use crate::auth::policy::Governs;
use crate::domain::behaviour::{
    MIN_RATERS_FLOOR, Problem, RaterGroup, RoundStatus, Weights, is_managerial,
};
use crate::domain::org::path_ids;
use crate::domain::plan::PeriodStatus;
use crate::error::{ApiError, Code, FieldError};
use crate::org::reach::governs_unit;
use crate::org::required_text;
use crate::store::assessments::{self as rows, AssesseeRow, AssignmentRow, Person, RoundRow};
use crate::store::versioned::snapshot;
use crate::store::{IfMatch, Invariant, Isolation, Work, periods, units};

pub const NAME_MAX: usize = 200;
/// The most employees a round lists by id; larger populations are named by their unit.
pub const LISTED_MAX: usize = 5_000;
pub const MIN_RATERS_MAX: u32 = 50;

/// Who a round assesses.
pub enum Population {
    /// Every active employee of this unit's subtree.
    Unit(String),
    /// These employees.
    Employees(Vec<String>),
}

pub struct NewRound {
    pub period_id: String,
    pub name: String,
    pub population: Option<Population>,
    pub weights: Option<Weights>,
    pub min_raters: Option<u32>,
    pub closes_at: Option<NaiveDateTime>,
}

#[derive(Default)]
pub struct RoundChanges {
    pub name: Option<String>,
    pub weights: Option<Weights>,
    pub min_raters: Option<u32>,
    pub closes_at: Option<Option<NaiveDateTime>>,
}

pub fn field_errors(problems: Vec<Problem>) -> Vec<FieldError> {
    problems
        .into_iter()
        .map(|p| FieldError::at(p.pointer, p.code, p.message))
        .collect()
}

fn check_settings(
    weights: Option<&Weights>,
    min_raters: Option<u32>,
    closes_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
    errors: &mut Vec<FieldError>,
) {
    if let Some(weights) = weights {
        errors.extend(field_errors(weights.problems()));
    }
    if let Some(n) = min_raters
        && !(MIN_RATERS_FLOOR..=MIN_RATERS_MAX).contains(&n)
    {
        errors.push(FieldError::at(
            "/min_raters",
            "out_of_range",
            format!(
                "from {MIN_RATERS_FLOOR} (fewer could reveal who answered) to {MIN_RATERS_MAX}"
            ),
        ));
    }
    if let Some(at) = closes_at
        && at <= now
    {
        errors.push(FieldError::at(
            "/closes_at",
            "in_past",
            "closes_at must lie in the future",
        ));
    }
}

pub fn create(
    work: &mut Work<'_>,
    governs: &Governs,
    input: NewRound,
) -> Result<RoundRow, ApiError> {
    let mut errors = Vec::new();
    let name = required_text("/name", &input.name, NAME_MAX, &mut errors);
    let now = work.now();
    check_settings(
        input.weights.as_ref(),
        input.min_raters,
        input.closes_at,
        now,
        &mut errors,
    );
    let Some(population) = input.population else {
        errors.push(FieldError::at(
            "/unit_id",
            "required",
            "name the population: unit_id (a unit subtree) or employee_ids",
        ));
        return Err(ApiError::validation(errors));
    };
    if let Population::Employees(ids) = &population {
        check_listed(ids, &mut errors);
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    work.transaction(Isolation::ReadCommitted, |work| {
        let period = periods::find(work.conn(), &input.period_id)?.ok_or_else(|| {
            ApiError::validation(vec![FieldError::at(
                "/period_id",
                "unknown_period",
                "no period has this id",
            )])
        })?;
        if period.status == PeriodStatus::Closed {
            return Err(ApiError::conflict(
                Code::PeriodClosed,
                "The period is closed; no new 360° round can start in it.",
            ));
        }
        // The superior relations raters are drawn from hold still while they are read.
        work.lock_shared(Invariant::SuperiorChain)?;
        let (unit_id, scope_unit_id, people) = resolve(work, governs, &population)?;
        let id = uuid::Uuid::now_v7().to_string();
        let mut round = RoundRow {
            id: id.clone(),
            period_id: period.id,
            name,
            regime: period.regime,
            unit_id,
            scope_unit_id,
            weight_supervisor: 0,
            weight_peer: 0,
            weight_subordinate: 0,
            weight_self: 0,
            min_raters: i32::try_from(input.min_raters.unwrap_or(3)).unwrap_or(3),
            closes_at: input.closes_at,
            status: RoundStatus::Draft,
            created_by: work.actor().id.clone().unwrap_or_default(),
            opened_at: None,
            closed_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        round.set_weights(input.weights.unwrap_or_default());
        rows::insert_round(work.conn(), &round)?;
        let (assessees, assignments) = draw_raters(work, &id, &people, now)?;
        let mut after = snapshot(&round).unwrap_or_default();
        after["assessees"] = assessees.into();
        after["assignments"] = assignments.into();
        work.record("assessment_round", &id, "create", None, Some(after), None)?;
        Ok(round)
    })
}

fn check_listed(ids: &[String], errors: &mut Vec<FieldError>) {
    if ids.is_empty() {
        errors.push(FieldError::at(
            "/employee_ids",
            "empty",
            "list at least one employee",
        ));
    } else if ids.len() > LISTED_MAX {
        errors.push(FieldError::at(
            "/employee_ids",
            "too_many",
            format!("at most {LISTED_MAX}; name a unit for larger populations"),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, id) in ids.iter().enumerate() {
        if !seen.insert(id) {
            errors.push(FieldError::at(
                format!("/employee_ids/{i}"),
                "duplicate",
                "listed twice",
            ));
        }
    }
}

/// The population's root unit (when a unit names it), the unit whose subtree holds every
/// assessee, and the assessees.
fn resolve(
    work: &mut Work<'_>,
    governs: &Governs,
    population: &Population,
) -> Result<(Option<String>, String, Vec<Person>), ApiError> {
    match population {
        Population::Unit(unit_id) => {
            let unit = units::find(work.conn(), unit_id)?
                .filter(|u| u.active)
                .ok_or_else(|| {
                    ApiError::validation(vec![FieldError::at(
                        "/unit_id",
                        "unknown_unit",
                        "no active org unit has this id",
                    )])
                })?;
            if !governs_unit(work.conn(), governs, unit_id)? {
                return Err(ApiError::forbidden(
                    "This unit lies outside the units you manage.",
                ));
            }
            let people = rows::active_in_subtree(work.conn(), &unit.path)?;
            if people.is_empty() {
                return Err(ApiError::validation(vec![FieldError::at(
                    "/unit_id",
                    "empty_population",
                    "no active employee works in this unit or below it",
                )]));
            }
            Ok((Some(unit.id), unit_id.clone(), people))
        }
        Population::Employees(ids) => {
            let found: BTreeMap<String, Person> = rows::active_among(work.conn(), ids)?
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect();
            let root_path = match governs {
                Governs::All => None,
                Governs::Subtree(root) => units::path_of(work.conn(), root)?,
            };
            let mut errors = Vec::new();
            let mut people = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                let person = found.get(id).filter(|p| match (governs, &root_path) {
                    (Governs::All, _) => true,
                    (Governs::Subtree(_), Some(root)) => p.unit_path.starts_with(root),
                    (Governs::Subtree(_), None) => false,
                });
                match person {
                    // Inactive, unknown and outside the caller's units read alike.
                    None => errors.push(FieldError::at(
                        format!("/employee_ids/{i}"),
                        "unknown_employee",
                        "no active employee you manage has this id",
                    )),
                    Some(p) => people.push(p.clone()),
                }
            }
            if !errors.is_empty() {
                return Err(ApiError::validation(errors));
            }
            let scope =
                common_unit(people.iter().map(|p| p.unit_path.as_str())).ok_or_else(|| {
                    ApiError::validation(vec![FieldError::at(
                        "/employee_ids",
                        "no_common_unit",
                        "these employees belong to separate organisations; make a round for each",
                    )])
                })?;
            Ok((None, scope, people))
        }
    }
}

/// The deepest unit whose subtree holds every one of these unit paths.
fn common_unit<'a>(paths: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut common: Option<Vec<&str>> = None;
    for path in paths {
        let ids: Vec<&str> = path_ids(path).collect();
        common = Some(match common {
            None => ids,
            Some(prefix) => prefix
                .into_iter()
                .zip(ids)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    common?.last().map(|id| (*id).to_owned())
}

/// Assessees whose rows are built and inserted together: memory stays bounded by this many
/// people's raters, however large the population.
const ASSESSEES_PER_BATCH: usize = 500;

/// Writes the assessees and each one's raters as the structure says: their active superior,
/// the superior's other active reports (peers), their own active reports, and themselves.
/// Three queries whatever the population's size, and one INSERT per 500 rows. Returns how
/// many assessees and assignments were written.
fn draw_raters(
    work: &mut Work<'_>,
    round_id: &str,
    people: &[Person],
    now: NaiveDateTime,
) -> Result<(usize, usize), ApiError> {
    let superiors: Vec<String> = people
        .iter()
        .filter_map(|p| p.supervisor_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let active_superiors: BTreeSet<String> = rows::active_among(work.conn(), &superiors)?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut heads: BTreeSet<String> = people.iter().map(|p| p.id.clone()).collect();
    heads.extend(active_superiors.iter().cloned());
    let mut reports: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, superior) in
        rows::active_reports_of(work.conn(), &heads.into_iter().collect::<Vec<_>>())?
    {
        reports.entry(superior).or_default().push(id);
    }
    for list in reports.values_mut() {
        list.sort();
    }
    let mut written = 0;
    for batch in people.chunks(ASSESSEES_PER_BATCH) {
        let mut assessees = Vec::with_capacity(batch.len());
        let mut assignments = Vec::new();
        let mut assign = |assessee: &str, rater: &str, group: RaterGroup| {
            assignments.push(AssignmentRow {
                id: uuid::Uuid::now_v7().to_string(),
                round_id: round_id.to_owned(),
                assessee_id: assessee.to_owned(),
                rater_id: rater.to_owned(),
                rater_group: group,
                answer: None,
                version: 1,
                created_at: now,
                updated_at: now,
            });
        };
        for person in batch {
            assessees.push(AssesseeRow {
                round_id: round_id.to_owned(),
                employee_id: person.id.clone(),
                managerial: person.position().is_some_and(is_managerial),
            });
            let me = person.id.as_str();
            if let Some(superior) = person
                .supervisor_id
                .as_deref()
                .filter(|s| active_superiors.contains(*s))
            {
                assign(me, superior, RaterGroup::Supervisor);
                for peer in reports.get(superior).into_iter().flatten() {
                    if peer != me {
                        assign(me, peer, RaterGroup::Peer);
                    }
                }
            }
            for subordinate in reports.get(me).into_iter().flatten() {
                assign(me, subordinate, RaterGroup::Subordinate);
            }
            assign(me, me, RaterGroup::Own);
        }
        rows::insert_assessees(work.conn(), &assessees)?;
        rows::insert_assignments(work.conn(), &assignments)?;
        written += assignments.len();
    }
    Ok((people.len(), written))
}

pub fn update(
    work: &mut Work<'_>,
    governs: &Governs,
    id: &str,
    changes: RoundChanges,
    if_match: &IfMatch,
) -> Result<RoundRow, ApiError> {
    let mut errors = Vec::new();
    let name = changes
        .name
        .as_deref()
        .map(|n| required_text("/name", n, NAME_MAX, &mut errors));
    let now = work.now();
    check_settings(
        changes.weights.as_ref(),
        changes.min_raters,
        changes.closes_at.flatten(),
        now,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<RoundRow>(id)?;
        let before = governed_round(work.conn(), governs, id)?;
        if_match.check(before.version)?;
        let status = before.status_at(now);
        let mut row = before.clone();
        if let Some(name) = name {
            row.name = name;
        }
        if changes.weights.is_some() || changes.min_raters.is_some() {
            let same = changes.weights.is_none_or(|w| w == before.weights())
                && changes
                    .min_raters
                    .is_none_or(|n| i64::from(n) == i64::from(before.min_raters));
            if !same && status != RoundStatus::Draft {
                return Err(not_draft(status));
            }
            if let Some(weights) = changes.weights {
                row.set_weights(weights);
            }
            if let Some(n) = changes.min_raters {
                row.min_raters = i32::try_from(n).unwrap_or(i32::MAX);
            }
        }
        if let Some(closes_at) = changes.closes_at
            && closes_at != before.closes_at
        {
            if status == RoundStatus::Closed {
                return Err(ApiError::conflict(
                    Code::RoundNotOpen,
                    "The round is closed; its closing time cannot move.",
                ));
            }
            row.closes_at = closes_at;
        }
        work.update(if_match, &before, row, "update", None)
    })
}

pub fn not_draft(status: RoundStatus) -> ApiError {
    ApiError::conflict(
        Code::RoundNotDraft,
        format!(
            "The round is {}; raters, weights and min_raters change only while it is a draft.",
            status.as_str()
        ),
    )
}

/// Draft → open. Opening an open round changes nothing.
pub fn open(
    work: &mut Work<'_>,
    governs: &Governs,
    id: &str,
    if_match: &IfMatch,
) -> Result<RoundRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<RoundRow>(id)?;
        let before = governed_round(work.conn(), governs, id)?;
        let now = work.now();
        match before.status_at(now) {
            RoundStatus::Open => {
                if_match.check(before.version)?;
                return Ok(before);
            }
            RoundStatus::Closed => return Err(not_draft(RoundStatus::Closed)),
            RoundStatus::Draft => {}
        }
        if before.closes_at.is_some_and(|at| at <= now) {
            return Err(ApiError::validation(vec![FieldError::at(
                "/closes_at",
                "in_past",
                "closes_at has passed; move it before opening the round",
            )]));
        }
        let mut row = before.clone();
        row.status = RoundStatus::Open;
        row.opened_at = Some(now);
        work.update(if_match, &before, row, "open", None)
    })
}

/// Open → closed, never blocked: answers not given count as absent. Closing a closed round
/// changes nothing; a round whose `closes_at` passed is recorded as closed at that time.
pub fn close(
    work: &mut Work<'_>,
    governs: &Governs,
    id: &str,
    if_match: &IfMatch,
) -> Result<RoundRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        work.lock_row::<RoundRow>(id)?;
        let before = governed_round(work.conn(), governs, id)?;
        let now = work.now();
        match before.status {
            RoundStatus::Draft => {
                return Err(ApiError::conflict(
                    Code::RoundNotOpen,
                    "The round is a draft; open it before closing it.",
                ));
            }
            RoundStatus::Closed => {
                if_match.check(before.version)?;
                return Ok(before);
            }
            RoundStatus::Open => {}
        }
        let mut row = before.clone();
        row.status = RoundStatus::Closed;
        row.closed_at = Some(before.closes_at.filter(|at| *at <= now).unwrap_or(now));
        work.update(if_match, &before, row, "close", None)
    })
}

#[cfg(test)]
mod tests {
    use super::common_unit;

    #[test]
    fn the_common_unit_is_the_deepest_shared_ancestor() {
        let paths = ["/a/b/c/", "/a/b/d/", "/a/b/"];
        assert_eq!(common_unit(paths.into_iter()).as_deref(), Some("b"));
        assert_eq!(common_unit(["/a/x/"].into_iter()).as_deref(), Some("x"));
        assert_eq!(common_unit(["/a/", "/z/"].into_iter()), None);
    }
}
