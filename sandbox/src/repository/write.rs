//! One file written in one commit, as `Files::CreateService` / `Files::UpdateService` do it
//! (`app/services/files/{base,create,update}_service.rb` on `app/services/commits/create_service.rb`), with
//! the refusals Gitaly's `UserCommitFiles` sends back (`lib/gitlab/gitaly_client/operation_service.rb`).

use super::object_id;
use crate::world::repository::{Blob, Commit, Repository};
use crate::world::MAINTAINER;

/// `Commits::CreateService#validate_permissions!`.
pub const NOT_ALLOWED: &str = "You are not allowed to push into this branch";
/// `Commits::CreateService#validate_on_branch!`.
pub const NOT_ON_BRANCH: &str = "You can only create or edit files when you are on a branch";
/// `Files::UpdateService#validate!` when `last_commit_id` is not the file's last commit.
pub const FILE_CHANGED: &str = "You are attempting to update a file that has changed since you started editing it.";
/// Gitaly's `ERROR_TYPE_FILE_EXISTS` (a create).
pub const FILE_EXISTS: &str = "A file with this name already exists";
/// Gitaly's `ERROR_TYPE_FILE_NOT_FOUND` (an update).
pub const FILE_MISSING: &str = "A file with this name doesn't exist";

/// Who writes: the person the commit names as author, and the signed-in user who commits.
pub struct Person {
    pub name: String,
    pub email: String,
}

/// A create or update of one file (the API's parameters, content already decoded).
pub struct FileCommit {
    pub create: bool,
    pub path: String,
    pub branch: String,
    pub start_branch: Option<String>,
    pub message: String,
    pub content: Vec<u8>,
    pub last_commit_id: Option<String>,
    pub execute_filemode: Option<bool>,
    pub author: Person,
    pub committer: Person,
    pub now_ms: i64,
}

/// What a commit is, apart from its files.
pub struct CommitHead {
    pub branch: String,
    pub start_branch: Option<String>,
    pub message: String,
    pub author: Person,
    pub committer: Person,
    pub now_ms: i64,
}

/// One file's create or update within a commit.
pub struct FileChange {
    pub create: bool,
    pub path: String,
    pub content: Vec<u8>,
    pub last_commit_id: Option<String>,
    pub execute_filemode: Option<bool>,
}

/// `Files::MultiService#validate_file_status!` (the Commits API's actions).
pub fn multi_file_changed(path: &str) -> String {
    format!("The file has changed since you started editing it: {path}")
}

/// `UserAccess#can_push_to_branch?`: a protected branch (the default one, by GitLab's default branch
/// protection) takes Maintainers and Owners; any other branch takes whoever has `push_code`.
pub(crate) fn can_push(repo: &Repository, level: u8, branch: &str) -> bool {
    !repo.protected.contains(branch) || level >= MAINTAINER
}

/// The Files API's one file: the checks in GitLab's order, then the commit (the new commit's id, or GitLab's
/// message for a 400).
pub fn commit_file(repo: &mut Repository, level: u8, c: FileCommit) -> Result<String, String> {
    let head = CommitHead {
        branch: c.branch,
        start_branch: c.start_branch,
        message: c.message,
        author: c.author,
        committer: c.committer,
        now_ms: c.now_ms,
    };
    let change = FileChange {
        create: c.create,
        path: c.path,
        content: c.content,
        last_commit_id: c.last_commit_id,
        execute_filemode: c.execute_filemode,
    };
    commit_files(repo, level, head, vec![change], |_| FILE_CHANGED.to_string())
}

/// Several files in one commit (`Files::MultiService` as well as the Files API): the branch checks, each
/// file's `last_commit_id` (`changed` words the refusal), then each create or update on the start branch's
/// tree. Nothing is written unless every change can be.
pub fn commit_files(
    repo: &mut Repository,
    level: u8,
    c: CommitHead,
    changes: Vec<FileChange>,
    changed: impl Fn(&str) -> String,
) -> Result<String, String> {
    if !can_push(repo, level, &c.branch) {
        return Err(NOT_ALLOWED.into());
    }
    let start = c.start_branch.clone().unwrap_or_else(|| c.branch.clone());
    if !repo.is_empty() && !repo.branches.contains_key(&start) {
        return Err(NOT_ON_BRANCH.into());
    }
    if !repo.is_empty() && start != c.branch && repo.branches.contains_key(&c.branch) {
        return Err(format!(
            "A branch called '{}' already exists. Switch to that branch in order to make changes",
            c.branch
        ));
    }
    let base = repo.branches.get(&start).and_then(|h| repo.commit(h)).cloned();
    for f in changes.iter().filter(|f| !f.create) {
        if let (Some(known), Some(base)) = (f.last_commit_id.as_deref(), base.as_ref()) {
            let last = repo.history_of_path(&base.id, &f.path).first().map(|l| l.id.clone());
            if last.is_some_and(|l| l != known) {
                return Err(changed(&f.path));
            }
        }
    }
    let mut tree = base.as_ref().map(|b| b.tree.clone()).unwrap_or_default();
    let mut paths = Vec::new();
    for f in changes {
        let existing = tree.get(&f.path);
        match (f.create, existing) {
            (true, Some(_)) => return Err(FILE_EXISTS.into()),
            (false, None) => return Err(FILE_MISSING.into()),
            _ => {}
        }
        let executable = f.execute_filemode.unwrap_or_else(|| existing.is_some_and(|b| b.executable));
        let blob = Blob { id: object_id(&[b"blob", &f.content]), data: f.content, executable };
        tree.insert(f.path.clone(), blob);
        paths.push(f.path);
    }
    let parent_ids: Vec<String> = base.iter().map(|b| b.id.clone()).collect();
    let count = repo.commits.len().to_string();
    let time = c.now_ms.to_string();
    let parents = parent_ids.join(" ");
    let paths = paths.join("\n");
    let id =
        object_id(&[parents.as_bytes(), c.message.as_bytes(), paths.as_bytes(), time.as_bytes(), count.as_bytes()]);
    repo.commits.push(Commit {
        id: id.clone(),
        parent_ids,
        message: c.message,
        author_name: c.author.name,
        author_email: c.author.email,
        authored_ms: c.now_ms,
        committer_name: c.committer.name,
        committer_email: c.committer.email,
        committed_ms: c.now_ms,
        tree,
    });
    repo.branches.insert(c.branch, id.clone());
    Ok(id)
}
