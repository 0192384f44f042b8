//! Import source users (GitLab's `Import::SourceUser`): statuses, the owner's transitions with GitLab's
//! refusal texts, the resend rate limit, and the simulated assignee and reassignment worker.

pub use crate::world::source_users::{Contributions, Person, SourceUser, SuStatus};
use crate::world::*;
use std::collections::HashSet;

pub const INVALID_STATUS: &str = "Import source user has an invalid status for this operation";
pub const INSUFFICIENT: &str = "You have insufficient permissions to update the import source user";
pub const INVALID_ASSIGNEE: &str = "You can assign active users with regular or auditor access only.";
/// The assignee sentence when the administrator bypass is on (`reassign_service.rb` `invalid_assignee_message`).
pub const INVALID_ASSIGNEE_BYPASS: &str = "You can assign users with regular or auditor access only.";
pub const PERSONAL_NAMESPACE: &str = "You cannot reassign user contributions of imports to a personal namespace.";
/// `errors.full_messages` of the `reassign_to_user_id` uniqueness validation (`app/models/import/source_user.rb`).
pub const TAKEN: &str = "Reassign to user already assigned to another placeholder";
pub const RATE_LIMITED: &str = "This endpoint has been requested too many times. Try again later.";
pub const NO_ACCESS: &str =
    "The resource that you are attempting to access does not exist or you don't have permission to perform this action";
/// What the simulated worker writes when a reassignment fails.
pub const WORKER_ERROR: &str = "Reassignment failed: PG::QueryCanceled: canceling statement due to statement timeout";

/// Resend at most once per 8 hours per source user (`application_rate_limiter.rb`
/// `import_source_user_notification: { threshold: 1, interval: 8.hours }`); the reassign email does not count.
pub const RESEND_WINDOW_MS: i64 = 8 * 3_600_000;
/// `RetryFailedReassignmentService`: at most 3 retries within 16 hours per source user.
pub const MAX_RETRY_ATTEMPTS: usize = 3;
pub const RETRY_COOLDOWN_MS: i64 = 16 * 3_600_000;
/// A personal namespace's id in the sandbox: this plus its user's id (groups have small ids).
pub const PERSONAL_NAMESPACE_BASE: u64 = 1_000_000;
/// Simulated seconds (scaled by `--speed`) the assignee takes to answer, and the worker to move contributions.
pub const ANSWER_AFTER_MS: i64 = 90_000;
pub const WORKER_AFTER_MS: i64 = 30_000;

pub const ALL_STATUSES: [SuStatus; 7] = [
    SuStatus::PendingReassignment,
    SuStatus::AwaitingApproval,
    SuStatus::ReassignmentInProgress,
    SuStatus::Rejected,
    SuStatus::Failed,
    SuStatus::Completed,
    SuStatus::KeepAsPlaceholder,
];

/// The owner's operations (accept and reject belong to the assignee).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Reassign,
    Cancel,
    Keep,
    UndoKeep,
    Resend,
    Retry,
}

/// GitLab's state machine: which statuses each operation starts from.
pub fn allowed(op: Op, status: SuStatus) -> bool {
    use SuStatus::*;
    match op {
        Op::Reassign | Op::Keep => matches!(status, PendingReassignment | Rejected),
        Op::Cancel => matches!(status, AwaitingApproval | Rejected),
        Op::UndoKeep => status == KeepAsPlaceholder,
        Op::Resend => status == AwaitingApproval,
        Op::Retry => status == Failed,
    }
}

impl Contributions {
    pub fn get(&self, id: u64) -> Option<&SourceUser> {
        self.source_users.iter().find(|u| u.id == id)
    }

    pub fn person(&self, id: u64) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }
}

/// What a refused operation says, as the payload's `errors`.
pub type Refusal = &'static str;

fn su_mut(world: &mut World, id: u64) -> Result<&mut SourceUser, Refusal> {
    world.contributions.source_users.iter_mut().find(|u| u.id == id).ok_or(NO_ACCESS)
}

fn start(u: &mut SourceUser, status: SuStatus, now: i64) {
    u.status = status;
    u.since_ms = now;
}

/// Who may administer a namespace's source users: owners of the group, or the user of a personal namespace.
pub fn may_admin(world: &World, user_id: u64, namespace_id: u64) -> bool {
    if let Some(owner) = personal_owner(namespace_id) {
        return owner == user_id;
    }
    let Some(user) = world.user(user_id) else { return false };
    let Some(group) = world.dest_groups.iter().find(|g| g.id == namespace_id) else { return false };
    world.access_level(user, group) >= OWNER
}

fn personal_owner(namespace_id: u64) -> Option<u64> {
    namespace_id.checked_sub(PERSONAL_NAMESPACE_BASE).filter(|id| *id > 0)
}

/// `AdminBypassAuthorizer`: an administrator (the sandbox's admin token is in admin mode) with the setting on.
pub fn admin_bypass(world: &World, by: u64) -> bool {
    world.contributions.admin_bypass && world.user(by).is_some_and(|u| u.is_admin)
}

/// `ReassignService#valid_assignee?`: a human (not a bot, not a placeholder), active unless the
/// administrator bypass applies, and not an administrator (`allow_contribution_mapping_to_admins` is off).
pub fn assignable(world: &World, user_id: u64, bypass: bool) -> bool {
    if let Some(u) = world.user(user_id) {
        return !u.is_admin;
    }
    world.contributions.person(user_id).is_some_and(|p| (p.active || bypass) && !p.bot && !p.placeholder)
}

/// `ReassignService`, its checks in GitLab's order: permission, personal namespace, assignee, status; then
/// the uniqueness of the assignee per namespace, source hostname and import type.
pub fn reassign(world: &mut World, id: u64, assignee: u64, by: u64) -> Result<(), Refusal> {
    let now = world.now_ms;
    let current = world.contributions.get(id).ok_or(NO_ACCESS)?.clone();
    if !may_admin(world, by, current.namespace_id) {
        return Err(INSUFFICIENT);
    }
    if personal_owner(current.namespace_id).is_some() {
        return Err(PERSONAL_NAMESPACE);
    }
    let bypass = admin_bypass(world, by);
    if !assignable(world, assignee, bypass) {
        return Err(if bypass { INVALID_ASSIGNEE_BYPASS } else { INVALID_ASSIGNEE });
    }
    if !allowed(Op::Reassign, current.status) {
        return Err(INVALID_STATUS);
    }
    let taken = world.contributions.source_users.iter().any(|u| {
        u.id != id
            && u.namespace_id == current.namespace_id
            && u.hostname == current.hostname
            && u.import_type == current.import_type
            && u.reassign_to == Some(assignee)
    });
    if taken {
        return Err(TAKEN);
    }
    let u = su_mut(world, id)?;
    u.reassign_to = Some(assignee);
    u.reassigned_by = Some(by);
    u.error = None;
    start(u, if bypass { SuStatus::ReassignmentInProgress } else { SuStatus::AwaitingApproval }, now);
    Ok(())
}

/// Cancel, keep, undo keep and retry by `by`: a status change and its side effects (GitLab's
/// `before_transition any => :pending_reassignment` clears both users; keep records who kept).
pub fn transition(world: &mut World, id: u64, op: Op, by: u64) -> Result<(), Refusal> {
    let now = world.now_ms;
    let u = su_mut(world, id)?;
    if !allowed(op, u.status) {
        return Err(INVALID_STATUS);
    }
    match op {
        Op::Cancel | Op::UndoKeep => {
            u.reassign_to = None;
            u.reassigned_by = None;
            start(u, SuStatus::PendingReassignment, now);
        }
        Op::Keep => {
            u.reassign_to = None;
            u.reassigned_by = Some(by);
            start(u, SuStatus::KeepAsPlaceholder, now);
        }
        Op::Retry => {
            u.fails_once = false;
            u.error = None;
            start(u, SuStatus::ReassignmentInProgress, now);
        }
        Op::Resend | Op::Reassign => return Err(INVALID_STATUS),
    }
    Ok(())
}

/// `RetryFailedReassignmentService`: the status first, then at most 3 retries in 16 hours; the refusal
/// says when to try again, in Rails' `distance_of_time_in_words`.
pub fn retry(world: &mut World, id: u64, by: u64) -> Result<(), String> {
    let now = world.now_ms;
    let u = world.contributions.get(id).ok_or(NO_ACCESS)?;
    if u.status != SuStatus::Failed {
        return Err(INVALID_STATUS.into());
    }
    let mut recent: Vec<i64> = u.retries_ms.iter().copied().filter(|t| now - t < RETRY_COOLDOWN_MS).collect();
    recent.sort_unstable();
    if recent.len() >= MAX_RETRY_ATTEMPTS {
        let remaining_s = (RETRY_COOLDOWN_MS - (now - recent[0])) / 1000;
        return Err(format!(
            "Reassignment retry has failed multiple times. Repeated failures suggest an unexpected error that may \
             need time to resolve. Please try again in {}.",
            distance_in_words(remaining_s)
        ));
    }
    transition(world, id, Op::Retry, by)?;
    if let Ok(u) = su_mut(world, id) {
        u.retries_ms = recent;
        u.retries_ms.push(now);
    }
    Ok(())
}

/// Rails' `distance_of_time_in_words` for durations under a day.
pub fn distance_in_words(seconds: i64) -> String {
    let minutes = (seconds.max(0) as f64 / 60.0).round() as i64;
    match minutes {
        0 => "less than a minute".into(),
        1 => "1 minute".into(),
        2..=44 => format!("{minutes} minutes"),
        45..=89 => "about 1 hour".into(),
        _ => format!("about {} hours", (minutes as f64 / 60.0).round() as i64),
    }
}

/// `Ok(false)` when the resend is rate limited (a top-level error, not a payload refusal): once per 8 hours
/// per source user, the first one always allowed.
pub fn resend(world: &mut World, id: u64) -> Result<bool, Refusal> {
    let now = world.now_ms;
    let u = su_mut(world, id)?;
    // The limiter counts before the service looks at the status.
    if u.last_resend_ms.is_some_and(|t| now - t < RESEND_WINDOW_MS) {
        return Ok(false);
    }
    u.last_resend_ms = Some(now);
    if !allowed(Op::Resend, u.status) {
        return Err(INVALID_STATUS);
    }
    Ok(true)
}

/// Every pending or rejected source user of the namespace kept as placeholder by `by`; how many.
pub fn keep_all(world: &mut World, namespace_id: u64, by: u64) -> usize {
    let now = world.now_ms;
    let mut n = 0;
    for u in world.contributions.source_users.iter_mut().filter(|u| u.namespace_id == namespace_id) {
        if allowed(Op::Keep, u.status) {
            u.reassign_to = None;
            u.reassigned_by = Some(by);
            start(u, SuStatus::KeepAsPlaceholder, now);
            n += 1;
        }
    }
    n
}

/// The assignee's and the worker's side, on demand (the control endpoint).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Accept,
    Reject,
    Fail,
    Complete,
}

pub fn settle(world: &mut World, id: u64, outcome: Outcome) -> Result<(), Refusal> {
    let now = world.now_ms;
    let u = su_mut(world, id)?;
    match (outcome, u.status) {
        (Outcome::Accept, SuStatus::AwaitingApproval) => start(u, SuStatus::ReassignmentInProgress, now),
        (Outcome::Reject, SuStatus::AwaitingApproval) => start(u, SuStatus::Rejected, now),
        (Outcome::Complete, SuStatus::ReassignmentInProgress) => start(u, SuStatus::Completed, now),
        (Outcome::Fail, SuStatus::ReassignmentInProgress | SuStatus::AwaitingApproval) => {
            u.error = Some(WORKER_ERROR.into());
            start(u, SuStatus::Failed, now);
        }
        _ => return Err(INVALID_STATUS),
    }
    Ok(())
}

/// Time passing: assignees answer after a while (some always reject), the worker finishes or fails.
pub fn simulate(world: &mut World) {
    let now = world.now_ms;
    let rejecters: HashSet<u64> =
        world.contributions.people.iter().filter(|p| p.always_rejects).map(|p| p.id).collect();
    for u in &mut world.contributions.source_users {
        let waited = now - u.since_ms;
        match u.status {
            SuStatus::AwaitingApproval if waited >= ANSWER_AFTER_MS => {
                let rejects = u.reassign_to.is_some_and(|a| rejecters.contains(&a));
                let next = if rejects { SuStatus::Rejected } else { SuStatus::ReassignmentInProgress };
                start(u, next, u.since_ms + ANSWER_AFTER_MS);
            }
            SuStatus::ReassignmentInProgress if waited >= WORKER_AFTER_MS => {
                if u.fails_once {
                    u.error = Some(WORKER_ERROR.into());
                    start(u, SuStatus::Failed, u.since_ms + WORKER_AFTER_MS);
                } else {
                    start(u, SuStatus::Completed, u.since_ms + WORKER_AFTER_MS);
                }
            }
            _ => {}
        }
    }
}
