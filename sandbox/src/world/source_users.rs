//! The state of contribution mapping (GitLab's `Import::SourceUser` records): import source users, the
//! destination people they may be reassigned to, and the settings. Plain data; the transitions, the
//! simulation and the GraphQL fields live in `contributions/`.

use async_graphql::Enum;
use std::collections::HashSet;

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
    /// With its scheme, as GitLab validates it (`https://gitlab.example`).
    pub hostname: String,
    /// `Import::HasImportSource` key (`gitlab_migration`).
    pub import_type: &'static str,
    pub status: SuStatus,
    pub placeholder_id: u64,
    pub reassign_to: Option<u64>,
    pub reassigned_by: Option<u64>,
    pub error: Option<String>,
    pub created_ms: i64,
    /// When the current status began (the simulation counts from here).
    pub since_ms: i64,
    /// The last resend (the rate limiter's window; the reassign email is not counted).
    pub last_resend_ms: Option<i64>,
    /// When retries were asked (the last 16 hours count).
    pub retries_ms: Vec<i64>,
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
    /// `allow_bypass_placeholder_confirmation` (an administrator in admin mode reassigns without the
    /// assignee's approval: straight to in progress). Off by default, as on GitLab.
    pub admin_bypass: bool,
}
