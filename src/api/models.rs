//! The shapes GitLab's Bulk Imports API sends, decoded leniently.
//!
//! Old servers (14.1) send far fewer fields than current ones, and any server may send a field with the
//! wrong type. Only `id` and `status` are required; every other field falls back to "absent" instead of
//! failing the whole page, so one odd field never blanks a table.

use super::lenient;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A migration's or an entity's status, as GitLab names it. Unknown future values are kept, not refused.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Created,
    Started,
    Finished,
    Timeout,
    Failed,
    Canceled,
    Unknown(String),
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::Created, Status::Started, Status::Finished, Status::Timeout, Status::Failed, Status::Canceled];

    /// The name GitLab uses in JSON and in the `status` query parameter.
    pub fn as_str(&self) -> &str {
        match self {
            Status::Created => "created",
            Status::Started => "started",
            Status::Finished => "finished",
            Status::Timeout => "timeout",
            Status::Failed => "failed",
            Status::Canceled => "canceled",
            Status::Unknown(s) => s,
        }
    }

    pub fn parse(s: &str) -> Status {
        match s {
            "created" => Status::Created,
            "started" => Status::Started,
            "finished" => Status::Finished,
            "timeout" => Status::Timeout,
            "failed" => Status::Failed,
            // GitLab's UI says "cancelled"; the API says "canceled". Accept both.
            "canceled" | "cancelled" => Status::Canceled,
            other => Status::Unknown(other.chars().take(64).collect()),
        }
    }

    /// The integer values of GitLab's state machine, in case a server sends those.
    fn from_code(code: i64) -> Status {
        match code {
            0 => Status::Created,
            1 => Status::Started,
            2 => Status::Finished,
            3 => Status::Timeout,
            -1 => Status::Failed,
            -2 => Status::Canceled,
            other => Status::Unknown(other.to_string()),
        }
    }

    /// Still moving: worth polling for.
    pub fn is_active(&self) -> bool {
        matches!(self, Status::Created | Status::Started)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StatusVisitor;
        impl Visitor<'_> for StatusVisitor {
            type Value = Status;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a status name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Status, E> {
                Ok(Status::parse(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Status, E> {
                Ok(Status::from_code(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Status, E> {
                Ok(Status::from_code(i64::try_from(v).unwrap_or(i64::MAX)))
            }
        }
        d.deserialize_any(StatusVisitor)
    }
}

/// A migration (`BulkImport`): one POST /bulk_imports request.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct BulkImport {
    pub id: u64,
    pub status: Status,
    #[serde(default, deserialize_with = "lenient::string")]
    pub source_type: Option<String>,
    /// Not sent by old servers.
    #[serde(default, deserialize_with = "lenient::string")]
    pub source_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub updated_at: Option<String>,
    /// 16.6+; set only once the migration has ended.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub has_failures: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Group,
    Project,
}

/// Per-relation counters (`Entity#checksums`, 16.9+).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationStats {
    #[serde(default, deserialize_with = "lenient::count")]
    pub source: Option<u64>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub fetched: Option<u64>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub imported: Option<u64>,
}

/// Relation name to counters; often empty, which means "no statistics", not zero.
pub type Stats = BTreeMap<String, RelationStats>;

/// One group or project inside a migration.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Entity {
    pub id: u64,
    pub status: Status,
    #[serde(default, deserialize_with = "lenient::id")]
    pub bulk_import_id: Option<u64>,
    /// Not sent before ~15.11; 14.x servers only migrated groups.
    #[serde(default, deserialize_with = "lenient::known")]
    pub entity_type: Option<EntityType>,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub source_full_path: String,
    /// Null until the group or project exists on the destination; stays null on failure.
    #[serde(default, deserialize_with = "lenient::string")]
    pub destination_full_path: Option<String>,
    /// Deprecated alias of `destination_slug`; the only one 14.x sends.
    #[serde(default, deserialize_with = "lenient::string")]
    pub destination_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub destination_slug: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub destination_namespace: Option<String>,
    #[serde(default, deserialize_with = "lenient::id")]
    pub parent_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::id")]
    pub namespace_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::id")]
    pub project_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub updated_at: Option<String>,
    /// Inline and unpaginated; the `/failures` endpoint is the complete list.
    #[serde(default, deserialize_with = "lenient::list")]
    pub failures: Vec<EntityFailure>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub migrate_projects: Option<bool>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub migrate_memberships: Option<bool>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub has_failures: Option<bool>,
    #[serde(default, deserialize_with = "lenient::map")]
    pub stats: Stats,
}

impl Entity {
    /// Group unless the server says otherwise or the entity points at a project.
    pub fn kind(&self) -> EntityType {
        match (self.entity_type, self.project_id) {
            (Some(t), _) => t,
            (None, Some(_)) => EntityType::Project,
            (None, None) => EntityType::Group,
        }
    }

    pub fn slug(&self) -> Option<&str> {
        self.destination_slug.as_deref().or(self.destination_name.as_deref())
    }

    /// Where the entity lands: the real path once it exists, otherwise `namespace/slug`.
    pub fn destination_display(&self) -> String {
        super::entity_route::destination_display(&self.destination_full_path, self.slug(), &self.destination_namespace)
    }
}

/// One item that failed to import (`/failures`, or inline in an entity). GitLab 16.6 and later send exactly
/// `relation, exception_message (cut to 72 characters), exception_class, correlation_id_value, source_url,
/// source_title` (`lib/api/entities/bulk_imports/entity_failure.rb`); `step`, `created_at`, `pipeline_class`
/// and `pipeline_step` come only from 14.x to 16.5 (14.1 sends no `relation`). Every field is optional; the
/// old ones are written back (JSON export) only when the server sent them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct EntityFailure {
    #[serde(default, deserialize_with = "lenient::string")]
    pub relation: Option<String>,
    #[serde(default, deserialize_with = "lenient::string", skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub exception_message: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub exception_class: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub correlation_id_value: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub source_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub source_title: Option<String>,
    #[serde(default, deserialize_with = "lenient::string", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::string", skip_serializing_if = "Option::is_none")]
    pub pipeline_class: Option<String>,
    #[serde(default, deserialize_with = "lenient::string", skip_serializing_if = "Option::is_none")]
    pub pipeline_step: Option<String>,
}

/// A group as `/groups` lists it (source browser and destination picker).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Group {
    pub id: u64,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub full_path: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub full_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub web_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::id")]
    pub parent_id: Option<u64>,
}

/// A project as `/projects` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Project {
    pub id: u64,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub path_with_namespace: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name_with_namespace: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub web_url: Option<String>,
}

/// `GET /personal_access_tokens/self` (15.5+): what the token may do.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct TokenInfo {
    #[serde(default, deserialize_with = "lenient::list")]
    pub scopes: Vec<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub expires_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub active: Option<bool>,
}

/// `GET /namespaces/:path/exists`: whether a path is taken, and a free one if it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct NamespaceExists {
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub exists: Option<bool>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub suggests: Vec<String>,
}

/// `GET /version`. Old releases send only `version` and `revision`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Version {
    #[serde(deserialize_with = "lenient::required_string")]
    pub version: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub revision: Option<String>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub enterprise: Option<bool>,
}

impl Version {
    /// (major, minor) from "17.5.1-ee"; None when the text is not a version.
    pub fn major_minor(&self) -> Option<(u32, u32)> {
        let mut parts = self.version.split(|c: char| !c.is_ascii_digit());
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
        Some((major, minor))
    }
}

/// `GET /user`: who the token belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct User {
    pub id: u64,
    #[serde(deserialize_with = "lenient::required_string")]
    pub username: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub web_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub avatar_url: Option<String>,
    /// Sent only to administrators.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_admin: Option<bool>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub can_create_group: Option<bool>,
}

/// The body of `POST /bulk_imports`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewBulkImport {
    pub configuration: SourceConfiguration,
    pub entities: Vec<NewEntity>,
}

#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct SourceConfiguration {
    pub url: String,
    pub access_token: String,
}

impl fmt::Debug for SourceConfiguration {
    // The source token must never reach a log line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceConfiguration").field("url", &self.url).field("access_token", &"[redacted]").finish()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceType {
    GroupEntity,
    ProjectEntity,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewEntity {
    pub source_type: SourceType,
    pub source_full_path: String,
    pub destination_slug: String,
    pub destination_namespace: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migrate_projects: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migrate_memberships: Option<bool>,
}

/// A destination user offered by the picker (`GET /users?search=`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Assignee {
    pub id: u64,
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub username: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub avatar_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub bot: Option<bool>,
    /// Matches a sheet row's "GitLab public email".
    #[serde(default, deserialize_with = "lenient::string")]
    pub public_email: Option<String>,
}
