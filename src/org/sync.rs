//! Batch sync of units and employees by natural key (unit `code`, employee `nip`), for the
//! nightly jobs of provincial personnel systems. Each row is created, updated or left as it is
//! through the same use cases as single writes (so it is checked and audited the same), in its
//! own savepoint: in `partial` mode a bad row fails alone, in `atomic` mode any bad row undoes
//! the whole batch. References by natural key resolve against the batch and the database in
//! any order. Deactivation is explicit, or asked for with `deactivate_missing` in a subtree.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::employees::{self as employee_cases, EmployeeChanges, NewEmployee, Referents};
use super::units::{self as unit_cases, NewUnit, UnitChanges};
use crate::auth::policy::Governs;
use crate::db::AnyConnection;
use crate::domain::nip::PppkCodes;
use crate::domain::org::{AsnType, EmployeeStatus, PositionType, Rank, UnitKind};
use crate::error::{ApiError, Code, FieldError, unique};
use crate::org::reach::{governs_path, governs_unit};
use crate::store::employees::EmployeeRow;
use crate::store::units::UnitRow;
use crate::store::versioned::snapshot;
use crate::store::{IfMatch, Invariant, Isolation, Work, employees, units};

pub const ROWS_MAX: usize = 1000;

/// `partial` (default): good rows land, bad rows are reported; `atomic`: all or nothing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, Serialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(as = SyncMode)]
pub enum Mode {
    #[default]
    Partial,
    Atomic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    Deactivated,
    Failed,
}

/// What became of one row (or, for `deactivate_missing`, of one record the batch left out).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RowResult {
    /// The row's index in the batch; null for a record deactivated because it was missing.
    pub index: Option<usize>,
    /// The natural key: the unit's code or the employee's NIP.
    pub key: String,
    pub outcome: Outcome,
    /// The record's id (absent when a new row failed).
    pub id: Option<String>,
    /// Why the row failed: pointer into the batch (`/rows/3/parent_code`), code, message.
    pub problem: Option<FieldError>,
}

pub struct UnitRowInput {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_code: Option<String>,
    pub active: Option<bool>,
}

pub struct EmployeeRowInput {
    pub nip: String,
    pub name: String,
    pub email: Option<String>,
    pub asn_type: AsnType,
    pub rank: Rank,
    pub position_title: String,
    pub position_type: PositionType,
    pub unit_code: String,
    pub supervisor_nip: Option<String>,
    pub status: Option<EmployeeStatus>,
}

/// A row as read from the batch: its natural key, and the row or why it could not be read
/// (a pointer relative to the row, e.g. `/kind`).
pub struct Parsed<T> {
    pub key: String,
    pub row: Result<T, FieldError>,
}

impl<T> Parsed<T> {
    fn get(&self) -> Result<&T, ApiError> {
        self.row
            .as_ref()
            .map_err(|e| ApiError::validation(vec![e.clone()]))
    }
}

/// `deactivate_missing` for the subtree of the unit with this code.
pub struct Missing {
    pub root_code: String,
}

/// The order rows are applied in: a row after the batch row it refers to (its parent or
/// supervisor); rows that refer to each other in a loop come last, and fail on the reference.
fn dependency_order(keys: &[String], refs: &[Option<String>]) -> Vec<usize> {
    let position: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut done = vec![false; keys.len()];
    let mut order = Vec::with_capacity(keys.len());
    loop {
        let before = order.len();
        for i in 0..keys.len() {
            if done[i] {
                continue;
            }
            let waits = refs[i]
                .as_deref()
                .and_then(|r| position.get(r))
                .is_some_and(|&j| j != i && !done[j]);
            if !waits {
                done[i] = true;
                order.push(i);
            }
        }
        if order.len() == before {
            break;
        }
    }
    order.extend((0..keys.len()).filter(|i| !done[*i]));
    order
}

/// Rows that deactivate go after the others, so that whatever the batch moves away from them
/// (reports, sub-units) has moved first, whatever the order of the batch.
fn deactivations_last(mut order: Vec<usize>, leaving: &[bool]) -> Vec<usize> {
    order.sort_by_key(|i| leaving[*i]);
    order
}

/// The row's problem: field pointers of the single-write use case become pointers into the
/// batch (with the batch's field names); other refusals point at the row.
fn problem(index: usize, error: &ApiError, renamed: &[(&str, &str)]) -> FieldError {
    let row = format!("/rows/{index}");
    match error.field_errors().first() {
        Some(field) => {
            let pointer = field.pointer.as_deref().unwrap_or("");
            let pointer = renamed
                .iter()
                .find(|(from, _)| *from == pointer)
                .map_or(pointer, |(_, to)| to);
            FieldError::at(
                format!("{row}{pointer}"),
                &field.code,
                field.message.clone(),
            )
        }
        None => FieldError::at(row, error.code(), error.detail().to_owned()),
    }
}

/// Runs the rows in `order` through `apply`, each in a savepoint.
fn run_rows(
    work: &mut Work<'_>,
    order: Vec<usize>,
    keys: &[String],
    renamed: &[(&str, &str)],
    mut apply: impl FnMut(&mut Work<'_>, usize) -> Result<(Outcome, String), ApiError>,
) -> Result<Vec<RowResult>, ApiError> {
    let mut results: Vec<Option<RowResult>> = vec![None; keys.len()];
    for i in order {
        let outcome = work.transaction(Isolation::ReadCommitted, |work| apply(work, i));
        results[i] = Some(row_result(i, &keys[i], outcome, renamed)?);
    }
    Ok(results.into_iter().flatten().collect())
}

/// Row `index`'s result: its outcome, or its refusal as a problem; a server error ends the
/// batch.
fn row_result(
    index: usize,
    key: &str,
    outcome: Result<(Outcome, String), ApiError>,
    renamed: &[(&str, &str)],
) -> Result<RowResult, ApiError> {
    let (outcome, id, problem) = match outcome {
        Ok((outcome, id)) => (outcome, Some(id), None),
        Err(error) if error.status() < 500 => {
            let problem = problem(index, &error, renamed);
            (Outcome::Failed, None, Some(problem))
        }
        Err(error) => return Err(error),
    };
    Ok(RowResult {
        index: Some(index),
        key: key.to_owned(),
        outcome,
        id,
        problem,
    })
}

/// In `atomic` mode any failure (a row's, or a deactivation's) undoes the batch: 422 listing
/// every problem.
fn atomic_check(mode: Mode, results: Vec<RowResult>) -> Result<Vec<RowResult>, ApiError> {
    let problems: Vec<FieldError> = results.iter().filter_map(|r| r.problem.clone()).collect();
    if mode == Mode::Atomic && !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    Ok(results)
}

/// `deactivate_missing` only after every row landed: a row that failed (a typo in its key)
/// must not make its stored record look missing.
fn may_deactivate(results: &[RowResult], missing: &Missing) -> Option<RowResult> {
    let failed = results
        .iter()
        .filter(|r| r.outcome == Outcome::Failed)
        .count();
    (failed > 0).then(|| RowResult {
        index: None,
        key: missing.root_code.clone(),
        outcome: Outcome::Failed,
        id: None,
        problem: Some(FieldError::at(
            "/deactivate_missing",
            "rows_failed",
            format!("not applied: {failed} row(s) failed; correct them and send the batch again"),
        )),
    })
}

fn check_size(count: usize) -> Result<(), ApiError> {
    if count == 0 || count > ROWS_MAX {
        return Err(ApiError::validation(vec![FieldError::at(
            "/rows",
            "out_of_range",
            format!("1 to {ROWS_MAX} rows"),
        )]));
    }
    Ok(())
}

/// Keys listed twice: the later rows fail (which one wins would be a guess).
fn duplicates(keys: &[String]) -> HashSet<usize> {
    let mut seen = HashSet::new();
    keys.iter()
        .enumerate()
        .filter(|(_, k)| !k.is_empty() && !seen.insert(k.as_str()))
        .map(|(i, _)| i)
        .collect()
}

fn duplicate_error(field: &str) -> ApiError {
    ApiError::validation(vec![FieldError::at(
        format!("/{field}"),
        "duplicate",
        "listed twice in the batch",
    )])
}

fn unknown(field: &str, code: &str, what: &str) -> ApiError {
    ApiError::validation(vec![FieldError::at(
        format!("/{field}"),
        code,
        format!("no {what} has this key"),
    )])
}

pub fn sync_units(
    work: &mut Work<'_>,
    governs: &Governs,
    mode: Mode,
    rows: Vec<Parsed<UnitRowInput>>,
    missing: Option<Missing>,
) -> Result<Vec<RowResult>, ApiError> {
    check_size(rows.len())?;
    let keys: Vec<String> = rows.iter().map(|r| r.key.trim().to_owned()).collect();
    let refs: Vec<Option<String>> = rows
        .iter()
        .map(|r| {
            let parent = r.row.as_ref().ok()?.parent_code.as_deref()?;
            Some(parent.trim().to_owned())
        })
        .collect();
    let twice = duplicates(&keys);
    let renamed = [("/parent_id", "/parent_code")];
    let leaving: Vec<bool> = rows
        .iter()
        .map(|r| r.row.as_ref().is_ok_and(|r| r.active == Some(false)))
        .collect();
    let order = deactivations_last(dependency_order(&keys, &refs), &leaving);
    work.transaction(Isolation::ReadCommitted, |work| {
        let mut results = run_rows(work, order, &keys, &renamed, |work, i| {
            if twice.contains(&i) {
                return Err(duplicate_error("code"));
            }
            let row = rows[i].get()?;
            let parent_id = match row.parent_code.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(code) => Some(
                    units::find_by_code(work, code)?
                        .ok_or_else(|| unknown("parent_code", "unknown_unit", "unit"))?
                        .id,
                ),
            };
            match units::find_by_code(work, &keys[i])? {
                None => {
                    let input = NewUnit {
                        code: keys[i].clone(),
                        name: row.name.clone(),
                        kind: row.kind,
                        parent_id,
                    };
                    let created = unit_cases::create(work, governs, input)?;
                    if row.active == Some(false) {
                        let changes = UnitChanges {
                            active: Some(false),
                            ..UnitChanges::default()
                        };
                        unit_cases::update(work, governs, &created.id, changes, &IfMatch::Absent)?;
                    }
                    Ok((Outcome::Created, created.id))
                }
                Some(before) => {
                    let changes = UnitChanges {
                        code: None,
                        name: (row.name.trim() != before.name).then(|| row.name.clone()),
                        kind: (row.kind != before.kind).then_some(row.kind),
                        parent_id: (parent_id != before.parent_id).then_some(parent_id),
                        active: row.active.filter(|a| *a != before.active),
                    };
                    if changes == UnitChanges::default() {
                        // What a nightly run mostly finds: nothing to write, nothing to lock.
                        return Ok((Outcome::Unchanged, before.id));
                    }
                    let after =
                        unit_cases::update(work, governs, &before.id, changes, &IfMatch::Absent)?;
                    Ok((changed(before.version, after.version), before.id))
                }
            }
        })?;
        if let Some((root, path)) = missing_scope(work, governs, missing, &mut results)? {
            let listed: HashSet<&str> = keys.iter().map(String::as_str).collect();
            // Deepest first: a unit is deactivated after the units under it.
            let mut below = units::subtree_ids(work, &path)?;
            below.sort_by_key(|(_, path)| std::cmp::Reverse(path.len()));
            for (id, _) in below {
                let unit = units::find(work, &id)?
                    .filter(|u| u.active && id != root && !listed.contains(u.code.as_str()));
                let Some(unit) = unit else {
                    continue;
                };
                let changes = UnitChanges {
                    active: Some(false),
                    ..UnitChanges::default()
                };
                results.push(deactivate(work, &unit.code, |work| {
                    unit_cases::update(work, governs, &unit.id, changes, &IfMatch::Absent)
                        .map(|u| u.id)
                }));
            }
        }
        atomic_check(mode, results)
    })
}

/// An existing row after its update: a new version or none.
fn changed(before: i64, after: i64) -> Outcome {
    if after == before {
        Outcome::Unchanged
    } else {
        Outcome::Updated
    }
}

/// Where `deactivate_missing` applies: the id and subtree path of the unit it covers (which
/// must exist and be the caller's), or nothing when a row failed (the refusal is added to
/// `results`).
fn missing_scope(
    work: &mut Work<'_>,
    governs: &Governs,
    missing: Option<Missing>,
    results: &mut Vec<RowResult>,
) -> Result<Option<(String, String)>, ApiError> {
    let Some(missing) = missing else {
        return Ok(None);
    };
    if let Some(refused) = may_deactivate(results, &missing) {
        results.push(refused);
        return Ok(None);
    }
    let root = units::find_by_code(work, &missing.root_code)?
        .ok_or_else(|| unknown("scope_code", "unknown_unit", "unit"))?;
    if !governs_unit(work, governs, &root.id)? {
        return Err(ApiError::forbidden(
            "deactivate_missing covers a unit subtree the caller manages.",
        ));
    }
    let path = units::subtree_path(work, &root.id)?;
    Ok(Some((root.id, path)))
}

/// Deactivates one record the batch left out, in its own savepoint.
fn deactivate(
    work: &mut Work<'_>,
    key: &str,
    apply: impl FnOnce(&mut Work<'_>) -> Result<String, ApiError>,
) -> RowResult {
    match work.transaction(Isolation::ReadCommitted, apply) {
        Ok(id) => RowResult {
            index: None,
            key: key.to_owned(),
            outcome: Outcome::Deactivated,
            id: Some(id),
            problem: None,
        },
        Err(error) => RowResult {
            index: None,
            key: key.to_owned(),
            outcome: Outcome::Failed,
            id: None,
            problem: Some(FieldError::at("", error.code(), error.detail().to_owned())),
        },
    }
}

/// An NIP as the database keeps it: its 18 digits.
fn nip_key(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

/// The units and employees a batch of employee rows refers to (by code and by NIP), read once
/// under the tree and chain locks and kept current as the rows go in.
struct Known {
    units: HashMap<String, UnitRow>,
    employees: HashMap<String, EmployeeRow>,
    nips: Vec<String>,
}

impl Known {
    fn read(
        conn: &mut AnyConnection,
        rows: &[Parsed<EmployeeRowInput>],
        keys: &[String],
        refs: &[Option<String>],
    ) -> Result<Self, ApiError> {
        let codes: HashSet<&str> = rows
            .iter()
            .filter_map(|r| Some(r.row.as_ref().ok()?.unit_code.trim()))
            .collect();
        let codes: Vec<&str> = codes.into_iter().collect();
        let units = units::by_codes(conn, &codes)?
            .into_iter()
            .map(|u| (u.code.clone(), u))
            .collect();
        let nips: HashSet<&str> = keys
            .iter()
            .chain(refs.iter().flatten())
            .map(String::as_str)
            .filter(|n| !n.is_empty())
            .collect();
        let mut known = Known {
            units,
            employees: HashMap::new(),
            nips: nips.into_iter().map(str::to_owned).collect(),
        };
        known.reread_employees(conn)?;
        Ok(known)
    }

    /// After a move, whose chain and unit path rewrites reach the records below it.
    fn reread_employees(&mut self, conn: &mut AnyConnection) -> Result<(), ApiError> {
        let nips: Vec<&str> = self.nips.iter().map(String::as_str).collect();
        self.employees = employees::by_nips(conn, &nips)?
            .into_iter()
            .map(|e| (e.nip.clone(), e))
            .collect();
        Ok(())
    }
}

/// Inserts the batch's new employees so far, with their audit events and feed entries, in
/// multi-row statements.
fn insert_created(work: &mut Work<'_>, created: &mut Vec<EmployeeRow>) -> Result<(), ApiError> {
    if created.is_empty() {
        return Ok(());
    }
    employees::insert_many(work.conn(), created).map_err(|e| {
        unique(e, || {
            ApiError::conflict(
                Code::DuplicateNip,
                "Another request created an employee of this batch meanwhile; send the batch \
                 again.",
            )
        })
    })?;
    let events: Vec<_> = created
        .drain(..)
        .map(|row| (row.id.clone(), snapshot(&row)))
        .collect();
    work.record_created("employee", &events)
}

/// New rows are checked against what the batch read once and inserted together; a row that
/// changes a stored record goes through the update use case in its own savepoint.
pub fn sync_employees(
    work: &mut Work<'_>,
    governs: &Governs,
    pppk_codes: PppkCodes,
    mode: Mode,
    rows: Vec<Parsed<EmployeeRowInput>>,
    missing: Option<Missing>,
) -> Result<Vec<RowResult>, ApiError> {
    check_size(rows.len())?;
    let keys: Vec<String> = rows.iter().map(|r| nip_key(&r.key)).collect();
    let refs: Vec<Option<String>> = rows
        .iter()
        .map(|r| {
            let row = r.row.as_ref().ok()?;
            row.supervisor_nip.as_deref().map(nip_key)
        })
        .collect();
    let twice = duplicates(&keys);
    let renamed = [
        ("/unit_id", "/unit_code"),
        ("/supervisor_id", "/supervisor_nip"),
        ("/reassign_to", "/status"),
    ];
    let leaving: Vec<bool> = rows
        .iter()
        .map(|r| {
            r.row
                .as_ref()
                .is_ok_and(|r| r.status == Some(EmployeeStatus::Inactive))
        })
        .collect();
    let order = deactivations_last(dependency_order(&keys, &refs), &leaving);
    work.transaction(Isolation::ReadCommitted, |work| {
        // The chain lock exclusively from the start: a row may move someone, and two
        // batches that each held it shared would deadlock upgrading it.
        work.lock_shared(Invariant::OrgTree)?;
        work.lock(Invariant::SuperiorChain)?;
        let mut known = Known::read(work.conn(), &rows, &keys, &refs)?;
        let mut unflushed = None;
        let mut created = Vec::new();
        let mut results: Vec<Option<RowResult>> = vec![None; keys.len()];
        for i in order {
            let outcome = (|| {
                if twice.contains(&i) {
                    return Err(duplicate_error("nip"));
                }
                let row = rows[i].get()?;
                let unit = known
                    .units
                    .get(row.unit_code.trim())
                    .ok_or_else(|| unknown("unit_code", "unknown_unit", "unit"))?;
                let supervisor = match refs[i].as_deref() {
                    None | Some("") => None,
                    Some(nip) => Some(known.employees.get(nip).ok_or_else(|| {
                        unknown("supervisor_nip", "unknown_employee", "employee")
                    })?),
                };
                let email = row
                    .email
                    .as_deref()
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(str::to_owned);
                let Some(before) = known.employees.get(&keys[i]).cloned() else {
                    let input = NewEmployee {
                        nip: row.nip.clone(),
                        name: row.name.clone(),
                        email,
                        asn_type: row.asn_type,
                        rank: row.rank,
                        position_title: row.position_title.clone(),
                        position_type: row.position_type,
                        unit_id: unit.id.clone(),
                        supervisor_id: supervisor.map(|s| s.id.clone()),
                    };
                    let refers_to = Referents {
                        unit: Some(unit),
                        supervisor,
                    };
                    let mut record = employee_cases::new_record(
                        input,
                        refers_to,
                        governs,
                        pppk_codes,
                        work.now(),
                    )?;
                    if let Some(status) = row.status {
                        record.status = status;
                    }
                    let id = record.id.clone();
                    known.employees.insert(keys[i].clone(), record.clone());
                    created.push(record);
                    return Ok((Outcome::Created, id));
                };
                if !governs_path(governs, &before.unit_path) {
                    return Err(ApiError::forbidden(
                        "This employee's record lies outside the org units you govern.",
                    ));
                }
                let changes = EmployeeChanges {
                    name: (row.name.trim() != before.name).then(|| row.name.clone()),
                    email: (email != before.email).then_some(email),
                    asn_type: (row.asn_type != before.asn_type).then_some(row.asn_type),
                    rank: (row.rank != before.rank).then_some(row.rank),
                    position_title: (row.position_title.trim() != before.position_title)
                        .then(|| row.position_title.clone()),
                    position_type: (row.position_type != before.position_type)
                        .then_some(row.position_type),
                    unit_id: (unit.id != before.unit_id).then(|| unit.id.clone()),
                    supervisor_id: {
                        let id = supervisor.map(|s| s.id.clone());
                        (id != before.supervisor_id).then_some(id)
                    },
                    status: row.status.filter(|s| *s != before.status),
                    reassign_to: None,
                };
                if changes == EmployeeChanges::default() {
                    // What a nightly run mostly finds: nothing to write, nothing to lock.
                    return Ok((Outcome::Unchanged, before.id));
                }
                // The update reads the records it refers to from the database. A refused
                // insert (a NIP taken meanwhile) is the batch's failure, not this row's.
                if let Err(error) = insert_created(work, &mut created) {
                    unflushed = Some(error);
                    return Err(ApiError::internal(anyhow::anyhow!("batch insert refused")));
                }
                let after = work.transaction(Isolation::ReadCommitted, |work| {
                    employee_cases::update(
                        work,
                        governs,
                        pppk_codes,
                        &before.id,
                        changes,
                        &IfMatch::Absent,
                    )
                })?;
                if after.chain != before.chain || after.unit_path != before.unit_path {
                    known.reread_employees(work.conn())?;
                } else {
                    known.employees.insert(keys[i].clone(), after.clone());
                }
                Ok((changed(before.version, after.version), before.id))
            })();
            if let Some(error) = unflushed.take() {
                return Err(error);
            }
            results[i] = Some(row_result(i, &keys[i], outcome, &renamed)?);
        }
        let mut results: Vec<RowResult> = results.into_iter().flatten().collect();
        if mode == Mode::Atomic && results.iter().any(|r| r.problem.is_some()) {
            return atomic_check(mode, results);
        }
        insert_created(work, &mut created)?;
        if let Some((_, path)) = missing_scope(work, governs, missing, &mut results)? {
            let listed: HashSet<&str> = keys.iter().map(String::as_str).collect();
            // Reports before their superiors, who could not leave while they stay.
            let mut leaving = employees::active_in_subtree(work, &path)?;
            leaving.sort_by_key(|e| std::cmp::Reverse(e.chain.len()));
            for employee in leaving {
                if listed.contains(employee.nip.as_str()) {
                    continue;
                }
                let changes = EmployeeChanges {
                    status: Some(EmployeeStatus::Inactive),
                    ..EmployeeChanges::default()
                };
                results.push(deactivate(work, &employee.nip, |work| {
                    employee_cases::update(
                        work,
                        governs,
                        pppk_codes,
                        &employee.id,
                        changes,
                        &IfMatch::Absent,
                    )
                    .map(|e| e.id)
                }));
            }
        }
        atomic_check(mode, results)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|k| (*k).to_owned()).collect()
    }

    #[test]
    fn rows_follow_what_they_refer_to() {
        // c under b under a, listed children first; d refers outside the batch.
        let k = keys(&["c", "b", "a", "d"]);
        let refs = vec![Some("b".into()), Some("a".into()), None, Some("zz".into())];
        assert_eq!(dependency_order(&k, &refs), [2, 3, 1, 0]);
    }

    #[test]
    fn a_loop_in_the_batch_comes_last() {
        let k = keys(&["a", "b", "c"]);
        let refs = vec![Some("b".into()), Some("a".into()), None];
        assert_eq!(dependency_order(&k, &refs), [2, 0, 1]);
    }

    #[test]
    fn keys_listed_twice_fail_after_the_first() {
        assert_eq!(
            duplicates(&keys(&["a", "b", "a", "a"])),
            HashSet::from([2, 3])
        );
    }
}
