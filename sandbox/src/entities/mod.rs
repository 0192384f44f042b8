//! GitLab's REST entities for groups, projects, users and the version, as an owner of the group or project
//! reads them (`lib/api/entities/*.rb`): every key GitLab always sends to that caller, with the sandbox's
//! values. The key lists are test data in `tests/fixtures/gitlab-fields/`, checked against every answer.
//! Both instances render through these; each says where it lives (`base`, its external URL).

pub mod group;
pub mod project;
pub mod repository;
pub mod source_item;
pub mod user;

pub use group::{group, group_detail, GroupView};
pub use project::{basic_project, project, NamespaceView, ProjectView};
pub use user::{user_basic, user_public, version};

/// When the sandbox's groups, projects and users were created (2026-01-05T10:00:00Z): a fixed instant, so
/// that `created_at` never moves between two reads.
pub const EPOCH_MS: i64 = 1_767_607_200_000;

/// The last segment of a full path.
pub fn last_segment(full_path: &str) -> &str {
    full_path.rsplit('/').next().unwrap_or(full_path)
}
