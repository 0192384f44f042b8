//! Import source users (GitLab's `Import::SourceUser`): statuses, the owner's transitions with GitLab's
//! refusal texts, the resend rate limit, and the simulated assignee and reassignment worker.

use crate::world::*;
use async_graphql::Enum;
use std::collections::HashSet;

pub const INVALID_STATUS: &str = "Import source user has an invalid status for this operation";
pub const INSUFFICIENT: &str = "You have insufficient permissions to update the import source user";
pub const INVALID_ASSIGNEE: &str = "You can assign active users with regular or auditor access only.";
pub const TAKEN: &str = "Reassign to user already assigned to another placeholder";
pub const RATE_LIMITED: &str = "This endpoint has been requested too many times. Try again later.";
pub const NO_ACCESS: &str =
    "The resource that you are attempting to access does not exist or you don't have permission to perform this action";
/// What the simulated worker writes when a reassignment fails.
pub const WORKER_ERROR: &str = "Reassignment failed: PG::QueryCanceled: canceling statement due to statement timeout";

/// Resend at most once per 8 hours per source user.
pub const RESEND_WINDOW_MS: i64 = 8 * 3_600_000;
/// Simulated seconds (scaled by `--speed`) the assignee takes to answer, and the worker to move contributions.
pub const ANSWER_AFTER_MS: i64 = 90_000;
pub const WORKER_AFTER_MS: i64 = 30_000;

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(name = "ImportSourceUserStatus")]
pub enum SuStatus {
    PendingReassignment,
    AwaitingApproval,
    ReassignmentInProgress,
    Rejected,
    Failed,
    Completed,
    KeepAsPlaceholder,
}

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

/// A destination user that is not one of the sandbox's token owners: assignees, a blocked user, a bot,
/// and the placeholders.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: u64,
    pub username: String,
    pub name: String,
    pub active: bool,
    pub bot: bool,
    pub placeholder: bool,
    pub public_email: Option<String>,
    pub avatar_url: Option<String>,
    /// This assignee declines every reassignment.
    pub always_rejects: bool,
}

#[derive(Clone, Debug)]
pub struct SourceUser {
    pub id: u64,
    pub namespace_id: u64,
    pub identifier: String,
    pub username: String,
    pub name: String,
    pub hostname: String,
    pub status: SuStatus,
    pub placeholder_id: u64,
    pub reassign_to: Option<u64>,
    pub reassigned_by: Option<u64>,
    pub error: Option<String>,
    pub created_ms: i64,
    /// When the current status began (the simulation counts from here).
    pub since_ms: i64,
    pub last_notified_ms: Option<i64>,
    /// The worker fails this one's reassignment (until retried).
    pub fails_once: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Contributions {
    pub source_users: Vec<SourceUser>,
    pub people: Vec<Person>,
    pub seen_entities: HashSet<u64>,
    pub hostile_seeded: bool,
    pub next_id: u64,
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

/// Whether a destination user may be chosen: active humans with regular access (token owners count).
pub fn assignable(world: &World, user_id: u64) -> bool {
    if world.user(user_id).is_some() {
        return true;
    }
    world.contributions.person(user_id).is_some_and(|p| p.active && !p.bot && !p.placeholder)
}

pub fn reassign(world: &mut World, id: u64, assignee: u64, by: u64) -> Result<(), Refusal> {
    let now = world.now_ms;
    let current = world.contributions.get(id).ok_or(NO_ACCESS)?.clone();
    if !allowed(Op::Reassign, current.status) {
        return Err(INVALID_STATUS);
    }
    if !assignable(world, assignee) {
        return Err(INVALID_ASSIGNEE);
    }
    let taken = world.contributions.source_users.iter().any(|u| {
        u.id != id
            && u.namespace_id == current.namespace_id
            && u.reassign_to == Some(assignee)
            && !matches!(u.status, SuStatus::PendingReassignment | SuStatus::KeepAsPlaceholder)
    });
    if taken {
        return Err(TAKEN);
    }
    let u = su_mut(world, id)?;
    u.reassign_to = Some(assignee);
    u.reassigned_by = Some(by);
    u.error = None;
    u.last_notified_ms = Some(now);
    start(u, SuStatus::AwaitingApproval, now);
    Ok(())
}

/// Cancel, keep, undo keep and retry: a status change and its side effects.
pub fn transition(world: &mut World, id: u64, op: Op) -> Result<(), Refusal> {
    let now = world.now_ms;
    let u = su_mut(world, id)?;
    if !allowed(op, u.status) {
        return Err(INVALID_STATUS);
    }
    match op {
        Op::Cancel => {
            u.reassign_to = None;
            u.reassigned_by = None;
            start(u, SuStatus::PendingReassignment, now);
        }
        Op::Keep => {
            u.reassign_to = None;
            start(u, SuStatus::KeepAsPlaceholder, now);
        }
        Op::UndoKeep => start(u, SuStatus::PendingReassignment, now),
        Op::Retry => {
            u.fails_once = false;
            start(u, SuStatus::ReassignmentInProgress, now);
        }
        Op::Resend | Op::Reassign => return Err(INVALID_STATUS),
    }
    Ok(())
}

/// `Ok(false)` when the resend is rate limited (a top-level error, not a payload refusal).
pub fn resend(world: &mut World, id: u64) -> Result<bool, Refusal> {
    let now = world.now_ms;
    let u = su_mut(world, id)?;
    if !allowed(Op::Resend, u.status) {
        return Err(INVALID_STATUS);
    }
    if u.last_notified_ms.is_some_and(|t| now - t < RESEND_WINDOW_MS) {
        return Ok(false);
    }
    u.last_notified_ms = Some(now);
    Ok(true)
}

/// Every pending or rejected source user of the namespace kept as placeholder; how many.
pub fn keep_all(world: &mut World, namespace_id: u64) -> usize {
    let now = world.now_ms;
    let mut n = 0;
    for u in world.contributions.source_users.iter_mut().filter(|u| u.namespace_id == namespace_id) {
        if allowed(Op::Keep, u.status) {
            u.reassign_to = None;
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
