//! A top-level group's import source users, loaded for the Contributions page: one page of the table (one
//! request; refreshed live only while someone else is acting: awaiting approval or in progress), the owner's
//! actions, the assignee search, the top-level groups the user owns. The counts are `contrib_counts.rs`.

use super::resource::{use_live, Live};
use super::scope::PageScope;
use crate::api::graphql::{Operation, SourceUser, SourceUserPage, SourceUserQuery};
use crate::api::{ApiError, BrowseQuery, Client, Group};
use crate::logic::placeholders::{ContribView, SourceStatus};
use leptos::prelude::*;

pub const PAGE_SIZE: u32 = 20;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contributions {
    pub page: SourceUserPage,
}

impl Contributions {
    /// Something may still change without the owner: refresh while so.
    pub fn is_moving(&self) -> bool {
        self.page.nodes.iter().any(|n| SourceStatus::parse(&n.status).is_moving())
    }
}

/// Why the page cannot show the list, in one sentence (the page picks the words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// No GraphQL endpoint or no `importSourceUsers` field: GitLab before 17.x.
    OldServer,
    /// Not an owner of the top-level group (GitLab answers `null` and the resource-access sentence).
    NotOwner,
    /// No such group.
    NoGroup,
}

pub fn unavailable(e: &ApiError) -> Option<Unavailable> {
    match e {
        ApiError::FeatureDisabled | ApiError::NotGitLab => Some(Unavailable::OldServer),
        ApiError::Forbidden(_) => Some(Unavailable::NotOwner),
        ApiError::NotFound => Some(Unavailable::NoGroup),
        _ => None,
    }
}

async fn load(client: Client, view: ContribView) -> Result<Contributions, ApiError> {
    let query = SourceUserQuery {
        full_path: view.group.clone(),
        statuses: view.status.map(|s| vec![s.as_api()]).unwrap_or_default(),
        search: view.search.clone(),
        sort: view.sort,
        first: PAGE_SIZE,
        after: view.after.clone(),
    };
    Ok(Contributions { page: client.source_users(&query).await? })
}

/// The page's table for `view`: one request per load (search, filter, sort and paging each cost one).
pub fn use_contributions(view: Memo<ContribView>) -> Live<ContribView, Contributions> {
    use_live(move || view.get(), load, Contributions::is_moving)
}

/// What the owner asked for on one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowRequest {
    Reassign { id: String, assignee: u64 },
    Other { id: String, op: Operation },
}

impl RowRequest {
    pub fn id(&self) -> &str {
        match self {
            RowRequest::Reassign { id, .. } | RowRequest::Other { id, .. } => id,
        }
    }
}

/// The answer to a row request: GitLab's refusal sentence, or done.
pub type RowAnswer = Result<Result<Option<SourceUser>, String>, ApiError>;

/// Runs a row request; on success the list is refreshed.
pub fn use_row_action(list: Live<ContribView, Contributions>) -> Action<RowRequest, (String, RowAnswer)> {
    let scope = PageScope::new();
    Action::new_local(move |req: &RowRequest| {
        let (client, req) = (scope.client(), req.clone());
        async move {
            let answer = match client {
                Ok(c) => match &req {
                    RowRequest::Reassign { id, assignee } => c.reassign_source_user(id, *assignee).await,
                    RowRequest::Other { id, op } => c.source_user_operation(*op, id).await,
                },
                Err(e) => Err(e),
            };
            if matches!(answer, Ok(Ok(_))) {
                list.refresh();
            }
            (req.id().to_string(), answer)
        }
    })
}

pub async fn keep_all(scope: PageScope, namespace_id: String) -> Result<Result<u64, String>, ApiError> {
    scope.client()?.keep_all_as_placeholder(&namespace_id).await
}

/// The top-level groups the user owns: the groups that have a Contributions page. Read only while
/// `wanted` (no group in the URL, or the owner opened the group list): not one of the page's first requests.
pub fn use_owned_groups(wanted: Signal<bool>) -> Live<bool, Vec<Group>> {
    use_live(
        move || wanted.get(),
        |client, wanted| async move {
            if !wanted {
                return Ok(Vec::new());
            }
            let query = BrowseQuery {
                page: 1,
                per_page: 100,
                min_access_level: 50,
                top_level_only: true,
                ..Default::default()
            };
            Ok(client.list_groups(&query).await?.items)
        },
        |_| false,
    )
}
