//! A rater's tasks and answers. Only the rater ever reads an answer back, through their task;
//! the audit trail records that an answer was given or changed, never what it says.

use crate::domain::behaviour::{Answer, RawAnswer, RoundStatus, check_answer};
use crate::error::{ApiError, Code};
use crate::store::assessments::{self as rows, AssignmentRow, TaskRow};
use crate::store::versioned::Event;
use crate::store::{IfMatch, Isolation, Work};

use super::rounds::field_errors;

/// The answer stored in a task, as the rater gave it.
pub fn stored_answer(row: &AssignmentRow) -> Result<Option<Answer>, ApiError> {
    row.answer
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| ApiError::internal(anyhow::anyhow!("stored answer {}: {e}", row.id)))
}

/// Up to `limit` of the rater's tasks in open rounds, after the task id `after`.
pub fn open_tasks(
    work: &mut Work<'_>,
    rater_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<TaskRow>, ApiError> {
    let now = work.now();
    Ok(rows::tasks_of(
        work.conn(),
        rater_id,
        None,
        Some(now),
        after,
        limit,
    )?)
}

/// Answers task `task_id` (or changes the answer) while its round is open.
pub fn answer(
    work: &mut Work<'_>,
    rater_id: &str,
    task_id: &str,
    raw: RawAnswer,
    if_match: &IfMatch,
) -> Result<TaskRow, ApiError> {
    work.transaction(Isolation::ReadCommitted, |work| {
        let task = rows::tasks_of(work.conn(), rater_id, Some(task_id), None, None, 1)?
            .pop()
            .ok_or_else(|| ApiError::not_found("assessment task", task_id))?;
        // Under a share lock: a close waits for this answer, or this answer sees the close.
        let round = rows::find_round_shared(work.conn(), &task.assignment.round_id)?
            .ok_or_else(|| ApiError::not_found("assessment task", task_id))?;
        let status = round.status_at(work.now());
        if status != RoundStatus::Open {
            return Err(ApiError::conflict(
                Code::RoundNotOpen,
                format!(
                    "The round is {}; answers are given while it is open.",
                    status.as_str()
                ),
            ));
        }
        let checked = check_answer(round.regime, task.managerial, raw)
            .map_err(|problems| ApiError::validation(field_errors(problems)))?;
        let text = serde_json::to_string(&checked).map_err(ApiError::internal)?;
        let before = task.assignment.clone();
        let mut after = before.clone();
        after.answer = Some(text);
        let action = if before.answer.is_some() {
            "change_answer"
        } else {
            "answer"
        };
        let saved = if after.answer == before.answer {
            if_match.check(before.version)?;
            before
        } else {
            // The snapshots say who rates whom and that it is answered, never the answer.
            work.touch(
                if_match,
                &before,
                after,
                Event {
                    action,
                    before: None,
                    after: None,
                    reason: None,
                },
            )?
        };
        Ok(TaskRow {
            assignment: saved,
            ..task
        })
    })
}
