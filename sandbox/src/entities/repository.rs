//! The Repository Files API's file (`lib/api/files.rb`, `blob_data` plus `content`), `API::Entities::Commit`
//! (`lib/api/entities/commit.rb`) and `API::Entities::Issue` (`lib/api/entities/{issuable_entity,issue_basic,
//! issue}.rb`), as the destination serves them. Key lists: `tests/fixtures/gitlab-fields/{repository_file,
//! commit,issue}.json`.

use crate::render::timestamp;
use crate::world::repository::{Blob, Commit, Issue};
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A commit's time as Gitaly's commits carry it: with an offset, `+00:00` here.
pub fn commit_time(ms: i64) -> String {
    let t = timestamp(ms);
    t.strip_suffix('Z').map_or(t.clone(), |s| format!("{s}+00:00"))
}

/// `Commit#short_id`: the first 8 digits.
pub fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// `API::Entities::Commit`: `title` is the first line of the message, `web_url` the commit's page.
pub fn commit(c: &Commit, project_url: &str) -> Value {
    let title = c.message.lines().next().unwrap_or("").to_string();
    json!({
        "id": c.id,
        "short_id": short_id(&c.id),
        "created_at": commit_time(c.committed_ms),
        "parent_ids": c.parent_ids,
        "title": title,
        "message": c.message,
        "author_name": c.author_name,
        "author_email": c.author_email,
        "authored_date": commit_time(c.authored_ms),
        "committer_name": c.committer_name,
        "committer_email": c.committer_email,
        "committed_date": commit_time(c.committed_ms),
        "trailers": {},
        "extended_trailers": {},
        "web_url": format!("{project_url}/-/commit/{}", c.id),
    })
}

/// What `blob_data` says of a file at a commit (`ref` as the caller named it).
pub struct FileView<'a> {
    pub path: &'a str,
    pub blob: &'a Blob,
    pub reference: &'a str,
    pub commit_id: &'a str,
    pub last_commit_id: &'a str,
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `blob_data`: every key but `content`, also sent as `X-Gitlab-*` headers.
pub fn file_metadata(f: &FileView) -> Value {
    json!({
        "file_name": file_name(f.path),
        "file_path": f.path,
        "size": f.blob.data.len(),
        "encoding": "base64",
        "content_sha256": format!("{:x}", Sha256::digest(&f.blob.data)),
        "ref": f.reference,
        "blob_id": f.blob.id,
        "commit_id": f.commit_id,
        "last_commit_id": f.last_commit_id,
        "execute_filemode": f.blob.executable,
    })
}

/// `GET /projects/:id/repository/files/:file_path`: the metadata and `content` in strict Base64.
pub fn file(f: &FileView) -> Value {
    let mut v = file_metadata(f);
    v["content"] = Value::String(base64::engine::general_purpose::STANDARD.encode(&f.blob.data));
    v
}

/// `Taskable#task_status` of a description without a task list.
fn task_status(description: Option<&str>) -> &'static str {
    if description.is_none_or(|d| d.trim().is_empty()) {
        ""
    } else {
        "0 of 0 checklist items completed"
    }
}

/// Where an issue lives: its project's id, full path and page, and the API's base URL.
pub struct IssueContext<'a> {
    pub project_full_path: &'a str,
    pub project_url: &'a str,
    pub api_url: &'a str,
    pub author: Value,
}

/// `API::Entities::Issue` of a new issue, as its author reads it: open, no label, milestone, assignee,
/// note, vote or task; the author subscribed.
pub fn issue(i: &Issue, ctx: &IssueContext) -> Value {
    let api_issue = format!("{}/projects/{}/issues/{}", ctx.api_url, i.project_id, i.iid);
    json!({
        "id": i.id,
        "iid": i.iid,
        "project_id": i.project_id,
        "title": i.title,
        "description": i.description,
        "state": "opened",
        "created_at": timestamp(i.created_ms),
        "updated_at": timestamp(i.created_ms),
        "closed_at": null,
        "closed_by": null,
        "labels": [],
        "milestone": null,
        "assignees": [],
        "author": ctx.author,
        "type": "ISSUE",
        "assignee": null,
        "user_notes_count": 0,
        "merge_requests_count": 0,
        "upvotes": 0,
        "downvotes": 0,
        "due_date": null,
        "confidential": false,
        "discussion_locked": null,
        "issue_type": "issue",
        "web_url": format!("{}/-/issues/{}", ctx.project_url, i.iid),
        "time_stats": {
            "time_estimate": 0,
            "total_time_spent": 0,
            "human_time_estimate": null,
            "human_total_time_spent": null,
        },
        "task_completion_status": {"count": 0, "completed_count": 0},
        "has_tasks": true,
        "task_status": task_status(i.description.as_deref()),
        "_links": {
            "self": api_issue,
            "notes": format!("{api_issue}/notes"),
            "award_emoji": format!("{api_issue}/award_emoji"),
            "project": format!("{}/projects/{}", ctx.api_url, i.project_id),
            "closed_as_duplicate_of": null,
        },
        "references": {
            "short": format!("#{}", i.iid),
            "relative": format!("#{}", i.iid),
            "full": format!("{}#{}", ctx.project_full_path, i.iid),
        },
        "severity": "UNKNOWN",
        "subscribed": true,
        "moved_to_id": null,
        "imported": false,
        "imported_from": "none",
        "service_desk_reply_to": null,
    })
}

/// `API::Entities::CommitDetail` (`lib/api/entities/commit_detail.rb`): the commit, `stats` when asked
/// (`include_stats`, the default), `status` (`status_for`: no pipeline here, so null), `project_id` and
/// `last_pipeline` (none). Key list: `tests/fixtures/gitlab-fields/commit_detail.json`.
pub fn commit_detail(c: &Commit, project_url: &str, project_id: u64, stats: Option<(usize, usize)>) -> Value {
    let mut v = commit(c, project_url);
    if let Some((additions, deletions)) = stats {
        v["stats"] = json!({"additions": additions, "deletions": deletions, "total": additions + deletions});
    }
    v["status"] = Value::Null;
    v["project_id"] = json!(project_id);
    v["last_pipeline"] = Value::Null;
    v
}
