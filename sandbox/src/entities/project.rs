//! `API::Entities::Project` (lists and `GET /projects/:id`) and `BasicProjectDetails` (`simple=true`), from
//! `lib/api/entities/{project_identity,basic_project_details,project_details,project}.rb` and
//! `namespace_basic.rb` (with EE's `marked_for_deletion_at`/`_on`: delayed deletion is on every tier since
//! 18.0), as the project's owner reads them: not forked, container registry off, no license
//! asked for, issues and merge requests enabled.

use crate::render::{date, timestamp};
use serde_json::{json, Map, Value};

/// `API::Entities::NamespaceBasic` of a project's namespace.
#[derive(Clone, Debug)]
pub struct NamespaceView {
    pub id: u64,
    pub name: String,
    /// `Namespace#human_name`: a group's full name (ancestors' names joined with " / "), a user's name.
    pub human_name: String,
    pub full_path: String,
    /// `group` or `user`.
    pub kind: &'static str,
    pub parent_id: Option<u64>,
}

/// What the sandbox knows of a project, on either instance.
#[derive(Clone, Debug)]
pub struct ProjectView {
    pub id: u64,
    pub name: String,
    pub full_path: String,
    pub namespace: NamespaceView,
    /// The instance's external URL (no trailing slash).
    pub base: String,
    pub created_ms: i64,
    pub last_activity_ms: i64,
    pub archived: bool,
    /// When it was marked for deletion (the EE entity's `marked_for_deletion_at`/`_on`, dates).
    pub marked_for_deletion_ms: Option<i64>,
    pub open_issues_count: u64,
    pub creator_id: u64,
    /// `statistics` when the caller asked for them (`statistics=true`).
    pub statistics: Option<Value>,
    /// `owner` (UserBasic) of a project in a personal namespace.
    pub owner: Option<Value>,
    /// No commit yet (a project `POST /projects` created and nobody wrote to).
    pub empty_repo: bool,
}

impl ProjectView {
    pub fn path(&self) -> &str {
        super::last_segment(&self.full_path)
    }

    fn web_url(&self) -> String {
        format!("{}/{}", self.base, self.full_path)
    }

    fn host(&self) -> &str {
        let rest = self.base.split_once("://").map_or(self.base.as_str(), |(_, r)| r);
        rest.split([':', '/']).next().unwrap_or(rest)
    }
}

fn namespace(p: &ProjectView) -> Value {
    let ns = &p.namespace;
    let web_url = if ns.kind == "user" {
        format!("{}/{}", p.base, ns.full_path)
    } else {
        format!("{}/groups/{}", p.base, ns.full_path)
    };
    json!({
        "id": ns.id,
        "name": ns.name,
        "path": super::last_segment(&ns.full_path),
        "kind": ns.kind,
        "full_path": ns.full_path,
        "parent_id": ns.parent_id,
        "avatar_url": null,
        "web_url": web_url,
    })
}

/// `BasicProjectDetails` (`ProjectIdentity` first): what `simple=true` sends.
pub fn basic_project(p: &ProjectView) -> Value {
    let name_with_namespace = format!("{} / {}", p.namespace.human_name, p.name);
    json!({
        "id": p.id,
        "description": "",
        "name": p.name,
        "name_with_namespace": name_with_namespace,
        "path": p.path(),
        "path_with_namespace": p.full_path,
        "created_at": timestamp(p.created_ms),
        "default_branch": "main",
        "tag_list": [],
        "topics": [],
        "ssh_url_to_repo": format!("git@{}:{}.git", p.host(), p.full_path),
        "http_url_to_repo": format!("{}.git", p.web_url()),
        "web_url": p.web_url(),
        "readme_url": format!("{}/-/blob/main/README.md", p.web_url()),
        "forks_count": 0,
        "avatar_url": null,
        "star_count": 0,
        "last_activity_at": timestamp(p.last_activity_ms),
        "namespace": namespace(p),
    })
}

/// The `*_access_level` keys of `API::Entities::Project`, all `enabled`.
const ACCESS_LEVELS: [&str; 18] = [
    "issues",
    "repository",
    "merge_requests",
    "forking",
    "wiki",
    "builds",
    "snippets",
    "pages",
    "analytics",
    "container_registry",
    "security_and_compliance",
    "releases",
    "environments",
    "feature_flags",
    "infrastructure",
    "monitor",
    "model_experiments",
    "model_registry",
];

/// `API::Entities::Project`: the full project.
pub fn project(p: &ProjectView) -> Value {
    let mut v = basic_project(p);
    let api = format!("{}/api/v4/projects/{}", p.base, p.id);
    let mut m: Map<String, Value> = Map::new();
    m.insert(
        "_links".into(),
        json!({
            "self": api,
            "issues": format!("{api}/issues"),
            "merge_requests": format!("{api}/merge_requests"),
            "repo_branches": format!("{api}/repository/branches"),
            "labels": format!("{api}/labels"),
            "events": format!("{api}/events"),
            "members": format!("{api}/members"),
            "cluster_agents": format!("{api}/cluster_agents"),
        }),
    );
    let plain = json!({
        "packages_enabled": true,
        "empty_repo": p.empty_repo,
        "archived": p.archived,
        "visibility": "private",
        "resolve_outdated_diff_discussions": false,
        "container_expiration_policy": {
            "cadence": "1d", "enabled": false, "keep_n": 10, "older_than": "90d",
            "name_regex": ".*", "name_regex_keep": null, "next_run_at": timestamp(p.created_ms + 86_400_000),
        },
        "repository_object_format": "sha1",
        "issues_enabled": true,
        "merge_requests_enabled": true,
        "wiki_enabled": true,
        "jobs_enabled": true,
        "snippets_enabled": true,
        "container_registry_enabled": false,
        "service_desk_enabled": false,
        "service_desk_address": null,
        "can_create_merge_request_in": true,
    });
    extend(&mut m, plain);
    for level in ACCESS_LEVELS {
        m.insert(format!("{level}_access_level"), json!("enabled"));
    }
    let rest = json!({
        "emails_disabled": false,
        "emails_enabled": true,
        "shared_runners_enabled": true,
        "lfs_enabled": true,
        "creator_id": p.creator_id,
        "import_url": null,
        "import_type": null,
        "import_status": "none",
        "import_error": null,
        "open_issues_count": p.open_issues_count,
        "description_html": "",
        "updated_at": timestamp(p.last_activity_ms),
        "marked_for_deletion_at": p.marked_for_deletion_ms.map(date),
        "marked_for_deletion_on": p.marked_for_deletion_ms.map(date),
    });
    extend(&mut m, rest);
    // The CI/CD settings an owner (admin_project) reads.
    let ci = json!({
        "ci_default_git_depth": 20,
        "ci_delete_pipelines_in_seconds": null,
        "ci_forward_deployment_enabled": true,
        "ci_forward_deployment_rollback_allowed": true,
        "ci_job_token_scope_enabled": false,
        "ci_separated_caches": true,
        "ci_allow_fork_pipelines_to_run_in_parent_project": true,
        "ci_id_token_sub_claim_components": ["project_path", "ref_type", "ref"],
        "build_git_strategy": "fetch",
        "keep_latest_artifact": true,
        "restrict_user_defined_variables": true,
        "ci_pipeline_variables_minimum_override_role": "developer",
        "runners_token": null,
        "runner_token_expiration_interval": null,
        "group_runners_enabled": true,
        "auto_cancel_pending_pipelines": "enabled",
        "build_timeout": 3600,
        "auto_devops_enabled": false,
        "auto_devops_deploy_strategy": "continuous",
        "ci_push_repository_for_job_token_allowed": false,
    });
    extend(&mut m, ci);
    let merge = json!({
        "ci_config_path": null,
        "public_jobs": true,
        "shared_with_groups": [],
        "only_allow_merge_if_pipeline_succeeds": false,
        "allow_merge_on_skipped_pipeline": null,
        "request_access_enabled": true,
        "only_allow_merge_if_all_discussions_are_resolved": false,
        "remove_source_branch_after_merge": true,
        "printing_merge_request_link_enabled": true,
        "merge_method": "merge",
        "squash_option": "default_off",
        "enforce_auth_checks_on_uploads": true,
        "suggestion_commit_message": null,
        "merge_commit_template": null,
        "squash_commit_template": null,
        "issue_branch_template": null,
        "warn_about_potentially_unwanted_characters": true,
        "autoclose_referenced_issues": true,
        "max_artifacts_size": null,
    });
    extend(&mut m, merge);
    if let Some(owner) = &p.owner {
        m.insert("owner".into(), owner.clone());
    }
    if let Some(stats) = &p.statistics {
        m.insert("statistics".into(), stats.clone());
    }
    if let Some(obj) = v.as_object_mut() {
        obj.extend(m);
    }
    v
}

fn extend(m: &mut Map<String, Value>, more: Value) {
    if let Value::Object(more) = more {
        m.extend(more);
    }
}
