//! Placeholder reassignment, pure: what each status means, which actions it allows (GitLab's transitions),
//! the status groups the page counts, the page's URL state, and which avatar URLs may be shown.

/// `ImportSourceUserStatus`, as GitLab names it. Unknown future values are kept (no action offered).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceStatus {
    Pending,
    Awaiting,
    InProgress,
    Rejected,
    Failed,
    Completed,
    Kept,
    Unknown,
}

pub const ALL: [SourceStatus; 7] = [
    SourceStatus::Pending,
    SourceStatus::Awaiting,
    SourceStatus::InProgress,
    SourceStatus::Rejected,
    SourceStatus::Failed,
    SourceStatus::Completed,
    SourceStatus::Kept,
];

impl SourceStatus {
    pub fn parse(s: &str) -> SourceStatus {
        match s {
            "PENDING_REASSIGNMENT" => SourceStatus::Pending,
            "AWAITING_APPROVAL" => SourceStatus::Awaiting,
            "REASSIGNMENT_IN_PROGRESS" => SourceStatus::InProgress,
            "REJECTED" => SourceStatus::Rejected,
            "FAILED" => SourceStatus::Failed,
            "COMPLETED" => SourceStatus::Completed,
            "KEEP_AS_PLACEHOLDER" => SourceStatus::Kept,
            _ => SourceStatus::Unknown,
        }
    }

    pub fn as_api(self) -> &'static str {
        match self {
            SourceStatus::Pending => "PENDING_REASSIGNMENT",
            SourceStatus::Awaiting => "AWAITING_APPROVAL",
            SourceStatus::InProgress => "REASSIGNMENT_IN_PROGRESS",
            SourceStatus::Rejected => "REJECTED",
            SourceStatus::Failed => "FAILED",
            SourceStatus::Completed => "COMPLETED",
            SourceStatus::Kept => "KEEP_AS_PLACEHOLDER",
            SourceStatus::Unknown => "UNKNOWN",
        }
    }

    /// Short name for the URL (`?status=awaiting`).
    pub fn slug(self) -> &'static str {
        match self {
            SourceStatus::Pending => "pending",
            SourceStatus::Awaiting => "awaiting",
            SourceStatus::InProgress => "in_progress",
            SourceStatus::Rejected => "rejected",
            SourceStatus::Failed => "failed",
            SourceStatus::Completed => "completed",
            SourceStatus::Kept => "kept",
            SourceStatus::Unknown => "unknown",
        }
    }

    pub fn from_slug(s: &str) -> Option<SourceStatus> {
        ALL.into_iter().find(|x| x.slug() == s)
    }

    /// Still changing without the owner: the assignee has to answer, or the worker is moving contributions.
    pub fn is_moving(self) -> bool {
        matches!(self, SourceStatus::Awaiting | SourceStatus::InProgress)
    }
}

/// What the owner may do to one source user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Reassign,
    Keep,
    UndoKeep,
    Cancel,
    Resend,
    Retry,
}

/// GitLab's transitions (`Import::SourceUser`): the actions a status allows, in the order they are offered.
pub fn actions(status: SourceStatus) -> &'static [Action] {
    match status {
        SourceStatus::Pending => &[Action::Reassign, Action::Keep],
        SourceStatus::Awaiting => &[Action::Cancel, Action::Resend],
        SourceStatus::Rejected => &[Action::Reassign, Action::Keep, Action::Cancel],
        SourceStatus::Failed => &[Action::Retry],
        SourceStatus::Kept => &[Action::UndoKeep],
        SourceStatus::InProgress | SourceStatus::Completed | SourceStatus::Unknown => &[],
    }
}

/// The statuses "Keep all as placeholder" changes.
pub const KEEP_ALL_FROM: [SourceStatus; 2] = [SourceStatus::Pending, SourceStatus::Rejected];

/// The counts above the table: three groups, each counted by its own cursor chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// Pending, rejected, failed: the owner has to decide.
    NeedsDecision,
    /// Awaiting approval, in progress: someone else is acting.
    Waiting,
    /// Completed, kept as placeholder.
    Done,
}

pub const GROUPS: [Group; 3] = [Group::NeedsDecision, Group::Waiting, Group::Done];

impl Group {
    /// Its name in the page's markup (`data-group`).
    pub fn slug(self) -> &'static str {
        match self {
            Group::NeedsDecision => "needs",
            Group::Waiting => "waiting",
            Group::Done => "done",
        }
    }

    pub fn statuses(self) -> &'static [SourceStatus] {
        match self {
            Group::NeedsDecision => &[SourceStatus::Pending, SourceStatus::Rejected, SourceStatus::Failed],
            Group::Waiting => &[SourceStatus::Awaiting, SourceStatus::InProgress],
            Group::Done => &[SourceStatus::Completed, SourceStatus::Kept],
        }
    }
}

/// A count read by paging (GitLab's `ImportSourceUserConnection` has no `count`): the number so far while
/// the cursor chain runs, the number once it ended, or nothing when it could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Counting(u64),
    Known(u64),
    Unknown,
}

impl Count {
    pub fn known(self) -> Option<u64> {
        match self {
            Count::Known(n) => Some(n),
            _ => None,
        }
    }

    /// Two counts together: known only when both are.
    pub fn plus(self, other: Count) -> Count {
        match (self, other) {
            (Count::Unknown, _) | (_, Count::Unknown) => Count::Unknown,
            (Count::Known(a), Count::Known(b)) => Count::Known(a.saturating_add(b)),
            (Count::Known(a) | Count::Counting(a), Count::Known(b) | Count::Counting(b)) => {
                Count::Counting(a.saturating_add(b))
            }
        }
    }
}

/// Where each status group's cursor chain stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChainState {
    #[default]
    Running,
    Done,
    Failed,
}

/// The counts of one group's source users, tallied page by page from one cursor chain per status group
/// (`GROUPS`): each page's nodes counted by their status, so that any status's count (a status filter,
/// Keep all's pending and rejected) is known once its group's chain has ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Per status of `ALL`.
    per_status: [u64; 7],
    /// Nodes with a status this console does not know, per group.
    other: [u64; 3],
    pub chains: [ChainState; 3],
}

fn group_index(g: Group) -> usize {
    GROUPS.iter().position(|x| *x == g).unwrap_or(0)
}

impl Tally {
    /// One page of `group`'s chain: the statuses of its nodes.
    pub fn add_page<'a>(&mut self, group: Group, statuses: impl IntoIterator<Item = &'a str>) {
        for s in statuses {
            match ALL.iter().position(|x| x.as_api() == s) {
                Some(i) => self.per_status[i] = self.per_status[i].saturating_add(1),
                None => self.other[group_index(group)] = self.other[group_index(group)].saturating_add(1),
            }
        }
    }

    pub fn end_chain(&mut self, group: Group, state: ChainState) {
        self.chains[group_index(group)] = state;
    }

    fn wrap(&self, group: Group, n: u64) -> Count {
        match self.chains[group_index(group)] {
            ChainState::Running => Count::Counting(n),
            ChainState::Done => Count::Known(n),
            ChainState::Failed => Count::Unknown,
        }
    }

    pub fn status(&self, s: SourceStatus) -> Count {
        let Some(i) = ALL.iter().position(|x| *x == s) else { return Count::Unknown };
        let group = GROUPS.into_iter().find(|g| g.statuses().contains(&s)).unwrap_or(Group::NeedsDecision);
        self.wrap(group, self.per_status[i])
    }

    pub fn group(&self, g: Group) -> Count {
        let n: u64 =
            g.statuses().iter().filter_map(|s| ALL.iter().position(|x| x == s)).map(|i| self.per_status[i]).sum();
        self.wrap(g, n + self.other[group_index(g)])
    }

    pub fn total(&self) -> Count {
        GROUPS.into_iter().map(|g| self.group(g)).fold(Count::Known(0), Count::plus)
    }

    /// What "Keep all as placeholder" changes: pending and rejected.
    pub fn keep_all(&self) -> Count {
        KEEP_ALL_FROM.iter().map(|s| self.status(*s)).fold(Count::Known(0), Count::plus)
    }

    /// How many match `view` when its filter is a status or nothing; a search cannot be counted here.
    pub fn matching(&self, view: &ContribView) -> Option<Count> {
        if !view.search.trim().is_empty() {
            return None;
        }
        Some(view.status.map(|s| self.status(s)).unwrap_or_else(|| self.total()))
    }
}

/// `SourceUserSort`.
pub const SORTS: [&str; 6] = ["SOURCE_NAME_ASC", "SOURCE_NAME_DESC", "STATUS_ASC", "STATUS_DESC", "ID_ASC", "ID_DESC"];

/// The page's state, kept in the URL: group, status filter, search, sort, cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContribView {
    pub group: String,
    pub status: Option<SourceStatus>,
    pub search: String,
    pub sort: &'static str,
    pub after: Option<String>,
}

impl ContribView {
    pub fn parse<'a>(get: impl Fn(&str) -> Option<String> + 'a) -> ContribView {
        let clip = |s: String| s.chars().take(200).collect::<String>();
        let sort = get("sort").and_then(|s| SORTS.into_iter().find(|x| x.eq_ignore_ascii_case(&s)));
        ContribView {
            group: get("group").map(clip).unwrap_or_default(),
            status: get("status").and_then(|s| SourceStatus::from_slug(&s)),
            search: get("search").map(clip).unwrap_or_default(),
            sort: sort.unwrap_or(SORTS[0]),
            after: get("after").map(clip).filter(|s| !s.is_empty()),
        }
    }

    /// No status filter and no search: the page's count is the group's total.
    pub fn is_unfiltered(&self) -> bool {
        self.status.is_none() && self.search.trim().is_empty()
    }

    pub fn to_query(&self) -> String {
        let mut parts = vec![format!("group={}", encode(&self.group))];
        if let Some(s) = self.status {
            parts.push(format!("status={}", s.slug()));
        }
        if !self.search.is_empty() {
            parts.push(format!("search={}", encode(&self.search)));
        }
        if self.sort != SORTS[0] {
            parts.push(format!("sort={}", self.sort));
        }
        if let Some(a) = &self.after {
            parts.push(format!("after={}", encode(a)));
        }
        format!("?{}", parts.join("&"))
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Only `http(s)` avatars are shown; anything else (`javascript:`, `data:`) is dropped.
pub fn safe_avatar(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.to_string())
}

/// The top-level group of a destination path (`migrated/acme` → `migrated`).
pub fn top_level(path: &str) -> &str {
    path.trim_matches('/').split('/').next().unwrap_or_default()
}

/// The top-level destination group of a migration (its first root entity's), for the Contributions link.
pub fn destination_top_level(entities: &[crate::api::Entity]) -> Option<String> {
    let root = entities.iter().find(|e| e.parent_id.is_none())?;
    let namespace = root.destination_namespace.as_deref().unwrap_or_default();
    let path = if namespace.trim_matches('/').is_empty() { root.destination_slug.as_deref()? } else { namespace };
    Some(top_level(path).to_string()).filter(|p| !p.is_empty())
}

/// The top-level destination group of one entity (its full path, else its namespace or slug), for the
/// Contributions link on a group entity's page.
pub fn entity_top_level(e: &crate::api::Entity) -> Option<String> {
    let full = e.destination_full_path.as_deref().filter(|p| !p.trim_matches('/').is_empty());
    let namespace = e.destination_namespace.as_deref().filter(|p| !p.trim_matches('/').is_empty());
    let path = full.or(namespace).or(e.destination_slug.as_deref())?;
    Some(top_level(path).to_string()).filter(|p| !p.is_empty())
}
