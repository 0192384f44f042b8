//! What "Complete the move" reads and writes on both instances (#26): CI/CD variables, webhooks (with the
//! secrets GitLab stores but never returns), deploy keys, pipeline schedules with their variables, deploy tokens
//! and pipeline triggers, per group or project id and instance. Plain
//! data: `settings/` serves it, the seed fills it.

use super::Kind;
use std::collections::BTreeMap;

/// Which of the two instances a record lives on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Instance {
    Source,
    Destination,
}

/// The group or project a record belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Owner {
    pub instance: Instance,
    pub kind: Kind,
    pub id: u64,
}

/// `Ci::Variable` / `Ci::GroupVariable`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub id: u64,
    pub key: String,
    pub value: String,
    /// `env_var` or `file`.
    pub variable_type: String,
    pub hidden: bool,
    pub protected: bool,
    pub masked: bool,
    pub raw: bool,
    pub environment_scope: String,
    pub description: Option<String>,
}

/// `ProjectHook` / `GroupHook`: the settings and the secrets (token, URL-variable and header values).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hook {
    pub id: u64,
    pub url: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub created_ms: i64,
    /// Every `*_events` flag by its API name.
    pub events: BTreeMap<String, bool>,
    pub enable_ssl_verification: bool,
    pub push_events_branch_filter: Option<String>,
    pub branch_filter_strategy: String,
    pub custom_webhook_template: Option<String>,
    pub token: Option<String>,
    pub url_variables: BTreeMap<String, String>,
    pub custom_headers: BTreeMap<String, String>,
}

/// A `DeployKey` (instance-wide) and the projects it is enabled on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeployKey {
    pub id: u64,
    pub title: String,
    pub key: String,
    pub fingerprint: String,
    pub fingerprint_sha256: String,
    pub created_ms: i64,
    pub expires_at: Option<String>,
    pub instance: Instance,
    /// Project id → `can_push` on that project.
    pub projects: BTreeMap<u64, bool>,
}

/// `Ci::PipelineSchedule` with its `Ci::PipelineScheduleVariable`s (key, value, variable_type, raw).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub id: u64,
    pub description: String,
    pub git_ref: String,
    pub cron: String,
    pub cron_timezone: String,
    pub active: bool,
    pub owner_id: u64,
    pub created_ms: i64,
    pub variables: Vec<ScheduleVariable>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleVariable {
    pub key: String,
    pub value: String,
    pub variable_type: String,
    pub raw: bool,
}

/// A project or group `DeployToken`: its secret is stored, never returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeployToken {
    pub id: u64,
    pub name: String,
    pub username: String,
    pub expires_at: Option<String>,
    pub scopes: Vec<String>,
    pub revoked: bool,
    pub expired: bool,
    pub token: String,
}

/// A project's `Ci::Trigger` (pipeline trigger token), owned by a user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub id: u64,
    pub description: String,
    pub token: String,
    pub owner_id: u64,
    pub created_ms: i64,
    pub last_used_ms: Option<i64>,
    pub expires_at: Option<String>,
}

/// Everything above, on both instances.
#[derive(Clone, Debug, Default)]
pub struct SettingsStore {
    pub variables: BTreeMap<Owner, Vec<Variable>>,
    pub hooks: BTreeMap<Owner, Vec<Hook>>,
    pub deploy_keys: Vec<DeployKey>,
    pub schedules: BTreeMap<Owner, Vec<Schedule>>,
    pub deploy_tokens: BTreeMap<Owner, Vec<DeployToken>>,
    pub triggers: BTreeMap<Owner, Vec<Trigger>>,
    pub next_id: u64,
    /// Hook URLs on the local network are accepted (GitLab's "Allow requests to the local network").
    pub allow_local_hooks: bool,
    /// Archived flags, deletion marks, registries and packages (`cutover/`).
    pub cutover: super::cutover::CutoverStore,
}

impl SettingsStore {
    pub fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}
