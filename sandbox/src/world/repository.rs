//! What #27 part 4 keeps on the destination: each project's repository (branches, commits and the tree each
//! commit leaves), the projects `POST /projects` created, and the issues `POST /projects/:id/issues` opened.
//! Plain data and the git walks every reader needs; `repository/` serves it and holds GitLab's rules.

use std::collections::{BTreeMap, BTreeSet};

/// One file's content at a commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blob {
    /// 40 hex digits, derived from the content (a stand-in for git's SHA-1).
    pub id: String,
    pub data: Vec<u8>,
    pub executable: bool,
}

/// A commit and the whole tree after it (the sandbox's files are few and small).
#[derive(Clone, Debug)]
pub struct Commit {
    pub id: String,
    pub parent_ids: Vec<String>,
    pub message: String,
    pub author_name: String,
    pub author_email: String,
    pub authored_ms: i64,
    pub committer_name: String,
    pub committer_email: String,
    pub committed_ms: i64,
    pub tree: BTreeMap<String, Blob>,
}

/// A project's repository: commits in the order they were made, branch heads, protected branch names.
#[derive(Clone, Debug, Default)]
pub struct Repository {
    pub commits: Vec<Commit>,
    pub branches: BTreeMap<String, String>,
    pub protected: BTreeSet<String>,
    pub default_branch: String,
}

impl Repository {
    /// An empty repository whose default branch is protected (GitLab's default branch protection).
    pub fn new(default_branch: &str) -> Repository {
        Repository {
            default_branch: default_branch.to_string(),
            protected: BTreeSet::from([default_branch.to_string()]),
            ..Repository::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.commits.is_empty()
    }

    pub fn commit(&self, sha: &str) -> Option<&Commit> {
        self.commits.iter().find(|c| c.id == sha)
    }

    /// A branch name, a full commit id, or an unambiguous prefix of at least 7 digits.
    pub fn resolve(&self, reference: &str) -> Option<&Commit> {
        if let Some(head) = self.branches.get(reference) {
            return self.commit(head);
        }
        let lower = reference.to_ascii_lowercase();
        if lower.len() < 7 || !lower.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut found = self.commits.iter().filter(|c| c.id.starts_with(&lower));
        match (found.next(), found.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }

    /// The commits reachable from `head` along first parents, newest first.
    pub fn history(&self, head: &str) -> Vec<&Commit> {
        let mut out = Vec::new();
        let mut next = self.commit(head);
        while let Some(c) = next {
            out.push(c);
            next = c.parent_ids.first().and_then(|p| self.commit(p));
        }
        out
    }

    /// The commits of [`history`](Self::history) that changed `path` (added, changed or removed it).
    pub fn history_of_path(&self, head: &str, path: &str) -> Vec<&Commit> {
        self.history(head)
            .into_iter()
            .filter(|c| {
                let before = c.parent_ids.first().and_then(|p| self.commit(p)).and_then(|p| p.tree.get(path));
                before != c.tree.get(path)
            })
            .collect()
    }
}

/// A project `POST /projects` created on the destination.
#[derive(Clone, Debug)]
pub struct CreatedProject {
    pub id: u64,
    pub name: String,
    pub path: String,
    pub description: Option<String>,
    /// The group's full path, or the creator's username (a personal project).
    pub namespace_path: String,
    pub personal: bool,
    pub creator_id: u64,
    pub created_ms: i64,
}

impl CreatedProject {
    pub fn full_path(&self) -> String {
        format!("{}/{}", self.namespace_path, self.path)
    }
}

/// An issue opened through the API.
#[derive(Clone, Debug)]
pub struct Issue {
    pub id: u64,
    pub iid: u64,
    pub project_id: u64,
    pub title: String,
    pub description: Option<String>,
    pub author_id: u64,
    pub created_ms: i64,
}

/// Everything above, by project id.
#[derive(Clone, Debug, Default)]
pub struct RepositoryStore {
    pub repositories: BTreeMap<u64, Repository>,
    pub projects: Vec<CreatedProject>,
    pub issues: Vec<Issue>,
    pub next_issue_id: u64,
}
