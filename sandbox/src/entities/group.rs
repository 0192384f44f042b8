//! `API::Entities::Group` (group lists: `lib/api/entities/{basic_group_details,group}.rb`) and `GroupDetail`
//! (`GET /groups/:id`: `group_detail.rb`), as a member who may not see statistics reads them (GitLab sends
//! `statistics` on lists to administrators only).

use crate::render::timestamp;
use serde_json::{json, Value};

/// What the sandbox knows of a group, on either instance.
#[derive(Clone, Debug)]
pub struct GroupView {
    pub id: u64,
    pub name: String,
    /// Ancestors' names and its own, joined with " / ".
    pub full_name: String,
    pub full_path: String,
    pub parent_id: Option<u64>,
    /// The instance's external URL (no trailing slash).
    pub base: String,
    pub created_ms: i64,
    pub archived: bool,
    /// When it was marked for deletion (`marked_for_deletion_on`, a date).
    pub marked_for_deletion_ms: Option<i64>,
}

/// `API::Entities::Group`.
pub fn group(g: &GroupView) -> Value {
    json!({
        "id": g.id,
        "web_url": format!("{}/groups/{}", g.base, g.full_path),
        "name": g.name,
        "path": super::last_segment(&g.full_path),
        "description": "",
        "visibility": "private",
        "share_with_group_lock": false,
        "require_two_factor_authentication": false,
        "two_factor_grace_period": 48,
        "project_creation_level": "maintainer",
        "auto_devops_enabled": null,
        "subgroup_creation_level": "maintainer",
        "emails_disabled": false,
        "emails_enabled": true,
        "show_diff_preview_in_email": true,
        "mentions_disabled": null,
        "lfs_enabled": true,
        "archived": g.archived,
        "math_rendering_limits_enabled": true,
        "lock_math_rendering_limits_enabled": false,
        "default_branch": null,
        "default_branch_protection": 2,
        "default_branch_protection_defaults": {
            "allowed_to_push": [{"access_level": 40}],
            "allow_force_push": false,
            "allowed_to_merge": [{"access_level": 40}],
        },
        "avatar_url": null,
        "request_access_enabled": true,
        "full_name": g.full_name,
        "full_path": g.full_path,
        "created_at": timestamp(g.created_ms),
        "parent_id": g.parent_id,
        "organization_id": 1,
        "shared_runners_setting": "enabled",
        "max_artifacts_size": null,
        "marked_for_deletion_on": g.marked_for_deletion_ms.map(crate::render::date),
    })
}

/// `API::Entities::GroupDetail`: the group, who it is shared with, its runners token for an owner
/// (`user_can_admin_group`), the hierarchy setting of a top-level group, and (`with_projects`, the default)
/// its own projects (`Entities::Project`) and those shared with it (none here).
pub fn group_detail(g: &GroupView, can_admin: bool, projects: Option<Vec<Value>>) -> Value {
    let mut v = group(g);
    if let Some(m) = v.as_object_mut() {
        m.insert("shared_with_groups".into(), json!([]));
        if can_admin {
            m.insert("runners_token".into(), Value::Null);
        }
        if g.parent_id.is_none() {
            m.insert("prevent_sharing_groups_outside_hierarchy".into(), json!(false));
        }
        if let Some(projects) = projects {
            m.insert("projects".into(), Value::Array(projects));
            m.insert("shared_projects".into(), json!([]));
        }
    }
    v
}
