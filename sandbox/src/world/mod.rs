//! The sandbox's in-memory state: users and tokens, both instances' groups and projects, migrations, and (in
//! the modules below) contribution mapping's records, the OAuth provider's codes and tokens and the source
//! export fault. Plain state that knows no feature: the features build on it, never the reverse.

pub mod cutover;
pub mod faults;
pub mod oauth;
pub mod repository;
pub mod settings;
pub mod source_users;

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::time::Instant;

pub const OWNER_TOKEN: &str = "sandbox-owner-token";
pub const ADMIN_TOKEN: &str = "sandbox-admin-token";
pub const OTHER_TOKEN: &str = "sandbox-other-token";
pub const READONLY_TOKEN: &str = "sandbox-readonly-token";
pub const SOURCE_TOKEN: &str = "sandbox-source-token";
pub const SOURCE_READONLY_TOKEN: &str = "sandbox-source-readonly-token";
/// Sam, a second owner of `migrated`.
pub const SECOND_OWNER_TOKEN: &str = "sandbox-second-owner-token";
/// Devon, a Developer of `migrated` (refused on its projects' protected default branches).
pub const DEVELOPER_TOKEN: &str = "sandbox-developer-token";
pub const SOURCE_MAINTAINER_TOKEN: &str = "sandbox-source-maintainer-token";

pub const OWNER_ID: u64 = 1;
pub const ADMIN_ID: u64 = 2;
pub const OTHER_ID: u64 = 3;
pub const SECOND_OWNER_ID: u64 = 4;
pub const DEVELOPER_ID: u64 = 5;

/// GitLab's access levels.
pub const OWNER: u8 = 50;
pub const MAINTAINER: u8 = 40;
pub const DEVELOPER: u8 = 30;
pub const REPORTER: u8 = 20;

#[derive(Clone, Debug)]
pub struct User {
    pub id: u64,
    pub username: String,
    pub name: String,
    pub is_admin: bool,
    pub can_create_group: bool,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub user_id: u64,
    pub name: &'static str,
    pub scopes: Vec<&'static str>,
}

impl Token {
    pub fn has_api(&self) -> bool {
        self.scopes.contains(&"api")
    }
}

/// A group on the destination, with each user's access level.
#[derive(Clone, Debug)]
pub struct DestGroup {
    pub id: u64,
    pub name: String,
    pub full_path: String,
    pub parent_id: Option<u64>,
    pub access: HashMap<u64, u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Group,
    Project,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Group => "group",
            Kind::Project => "project",
        }
    }
}

/// How a source group or project behaves when migrated.
#[derive(Clone, Debug, PartialEq)]
pub enum Behaviour {
    Clean,
    /// Items of one relation fail to import; the entity still finishes ("Partially completed").
    ItemFailures {
        relation: &'static str,
        count: u64,
    },
    /// The whole entity fails early.
    EntityFails,
    /// The source stops answering: the entity stays started until it is stale, then times out.
    Stalls,
}

#[derive(Clone, Debug)]
pub struct SourceItem {
    pub id: u64,
    pub kind: Kind,
    pub full_path: String,
    pub name: String,
    /// Relation name and how many items the source has.
    pub relations: Vec<(&'static str, u64)>,
    pub behaviour: Behaviour,
    /// Simulated seconds the import takes at speed 1.
    pub duration_s: u64,
}

impl SourceItem {
    pub fn parent_path(&self) -> Option<&str> {
        self.full_path.rsplit_once('/').map(|(p, _)| p)
    }

    pub fn last_segment(&self) -> &str {
        self.full_path.rsplit('/').next().unwrap_or(&self.full_path)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Created,
    Started,
    Finished,
    Timeout,
    Failed,
    Canceled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Started => "started",
            Status::Finished => "finished",
            Status::Timeout => "timeout",
            Status::Failed => "failed",
            Status::Canceled => "canceled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "created" => Status::Created,
            "started" => Status::Started,
            "finished" => Status::Finished,
            "timeout" => Status::Timeout,
            "failed" => Status::Failed,
            "canceled" => Status::Canceled,
            _ => return None,
        })
    }

    pub fn is_active(self) -> bool {
        matches!(self, Status::Created | Status::Started)
    }
}

#[derive(Clone, Debug)]
pub struct Import {
    pub id: u64,
    pub user_id: u64,
    pub status: Status,
    pub source_url: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub has_failures: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    pub source: u64,
    pub fetched: u64,
    pub imported: u64,
}

#[derive(Clone, Debug)]
pub struct Failure {
    pub relation: String,
    pub exception_class: String,
    pub exception_message: String,
    pub correlation_id_value: String,
    pub source_url: Option<String>,
    pub source_title: Option<String>,
    pub created_ms: i64,
    pub pipeline_class: String,
}

#[derive(Clone, Debug)]
pub struct Entity {
    pub id: u64,
    pub bulk_import_id: u64,
    pub kind: Kind,
    pub source_full_path: String,
    pub destination_slug: String,
    pub destination_namespace: String,
    pub destination_full_path: Option<String>,
    pub parent_id: Option<u64>,
    pub namespace_id: Option<u64>,
    pub project_id: Option<u64>,
    pub status: Status,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub started_ms: Option<i64>,
    pub migrate_projects: bool,
    pub migrate_memberships: bool,
    pub has_failures: bool,
    pub stats: BTreeMap<String, Counters>,
    pub failures: Vec<Failure>,
    /// Children expanded already (groups with `migrate_projects`).
    pub expanded: bool,
    /// Simulated progress when the source stalled.
    pub stalled_at: Option<f64>,
}

/// Switches and knobs, settable at start and at run time.
#[derive(Clone, Debug)]
pub struct Settings {
    pub bulk_import_enabled: bool,
    pub destination_version: String,
    pub source_version: String,
    /// Simulated seconds per real second.
    pub speed: f64,
    /// Entities whose `updated_at` is older than this become `timeout` (GitLab: 24 hours).
    pub stale_after_s: u64,
    pub rate_limit_per_minute: usize,
    /// `GET /bulk_imports/entities` answers 500, as on CE 18.9 (GitLab #591217).
    pub all_entities_broken: bool,
    /// Set with the faults (`POST /-/sandbox/faults {"source_export": "stuck"}`).
    pub source_export_fault: Option<faults::SourceExportFault>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bulk_import_enabled: true,
            destination_version: "18.5.1-ee".into(),
            source_version: "17.11.3-ee".into(),
            speed: 1.0,
            stale_after_s: 120,
            rate_limit_per_minute: 6,
            all_entities_broken: false,
            source_export_fault: None,
        }
    }
}

pub struct World {
    pub now_ms: i64,
    pub settings: Settings,
    pub users: Vec<User>,
    pub tokens: HashMap<&'static str, Token>,
    pub source_tokens: HashMap<&'static str, Token>,
    pub dest_groups: Vec<DestGroup>,
    /// Full paths of every group and project on the destination.
    pub dest_paths: HashSet<String>,
    pub source_items: Vec<SourceItem>,
    pub imports: Vec<Import>,
    pub entities: Vec<Entity>,
    pub rate_windows: HashMap<u64, VecDeque<Instant>>,
    pub source_url: String,
    pub seed: u64,
    pub next_id: u64,
    pub next_dest_id: u64,
    /// Import source users and the people they may be reassigned to (`contributions/`).
    pub contributions: source_users::Contributions,
    /// The OAuth application, its codes and the tokens it issued.
    pub oauth: oauth::OAuthStore,
    /// CI/CD variables, webhooks and deploy keys on both instances (`settings/`).
    pub move_settings: settings::SettingsStore,
    /// Repositories, projects created through the API and their issues (`repository/`).
    pub repositories: repository::RepositoryStore,
}

impl World {
    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn import(&self, id: u64) -> Option<&Import> {
        self.imports.iter().find(|i| i.id == id)
    }

    pub fn source_item(&self, kind: Kind, path: &str) -> Option<&SourceItem> {
        self.source_items.iter().find(|s| s.kind == kind && s.full_path.eq_ignore_ascii_case(path))
    }

    pub fn dest_group(&self, path: &str) -> Option<&DestGroup> {
        self.dest_groups.iter().find(|g| g.full_path.eq_ignore_ascii_case(path))
    }

    /// The access level a user has on a destination group, inherited from its ancestors.
    pub fn access_level(&self, user: &User, group: &DestGroup) -> u8 {
        if user.is_admin {
            return OWNER;
        }
        let mut level = 0;
        let mut current = Some(group);
        while let Some(g) = current {
            level = level.max(*g.access.get(&user.id).unwrap_or(&0));
            current = g.parent_id.and_then(|p| self.dest_groups.iter().find(|x| x.id == p));
        }
        level
    }

    pub fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}
