//! The GraphQL subset GitLab serves for placeholder reassignment (async-graphql), shaped as GitLab's schema
//! (`tests/fixtures/gitlab/graphql-subset.graphql`, compared in `tests/contributions_schema.rs`):
//! `namespace`/`group { importSourceUsers }` as a plain connection (edges, nodes, pageInfo; no count),
//! `currentUser`, `users`, and the owner mutations (`mutations.rs`).

use super::connection::{connect, connection_types, PageArgs};
use super::model::*;
use super::scalars::{GroupId, ImportSourceUserId, Time};
use super::search;
use super::seed::sync;
use super::users::{self, user_data, CurrentUser, UserCore, UserFilter};
use crate::world::World;
use crate::Shared;
use async_graphql::{Context, Enum, Error, Object, Result, SimpleObject, ID};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Who is asking, set per request by the HTTP handler.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: Option<u64>,
    pub can_write: bool,
}

/// Counts `importSourceUsers` resolutions in one request (GitLab's `FieldCallCount` extension allows one).
#[derive(Default)]
pub struct CallCount(pub AtomicUsize);

/// `ImportSource` (`Import::HasImportSource::IMPORT_SOURCES`, upcased).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportSource {
    None,
    GitlabMigration,
    GitlabProject,
    GitlabGroup,
    Github,
    Bitbucket,
    BitbucketServer,
    Fogbugz,
    Gitea,
    Git,
    Manifest,
    CustomTemplate,
    Jira,
}

impl ImportSource {
    fn of(key: &str) -> ImportSource {
        match key {
            "gitlab_migration" => ImportSource::GitlabMigration,
            "gitlab_project" => ImportSource::GitlabProject,
            "gitlab_group" => ImportSource::GitlabGroup,
            "github" => ImportSource::Github,
            "bitbucket" => ImportSource::Bitbucket,
            "bitbucket_server" => ImportSource::BitbucketServer,
            "fogbugz" => ImportSource::Fogbugz,
            "gitea" => ImportSource::Gitea,
            "git" => ImportSource::Git,
            "manifest" => ImportSource::Manifest,
            "custom_template" => ImportSource::CustomTemplate,
            "jira" => ImportSource::Jira,
            _ => ImportSource::None,
        }
    }
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceUserSort {
    StatusAsc,
    StatusDesc,
    SourceNameAsc,
    SourceNameDesc,
    IdAsc,
    IdDesc,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "ImportSourceUser")]
pub struct GqlSourceUser {
    id: ImportSourceUserId,
    placeholder_user: Option<UserCore>,
    reassign_to_user: Option<UserCore>,
    reassigned_by_user: Option<UserCore>,
    source_user_identifier: String,
    source_username: Option<String>,
    source_name: Option<String>,
    source_hostname: String,
    import_type: ImportSource,
    namespace: Option<NamespaceObject>,
    status: SuStatus,
    reassignment_error: Option<String>,
    created_at: Time,
}

fn user_core(world: &World, id: Option<u64>) -> Option<UserCore> {
    user_data(world, id?).map(UserCore)
}

connection_types!(ImportSourceUserConnection, ImportSourceUserEdge, GqlSourceUser);

pub fn render(world: &World, u: &SourceUser) -> GqlSourceUser {
    GqlSourceUser {
        id: ImportSourceUserId(format!("gid://gitlab/Import::SourceUser/{}", u.id)),
        placeholder_user: user_core(world, Some(u.placeholder_id)),
        reassign_to_user: user_core(world, u.reassign_to),
        reassigned_by_user: user_core(world, u.reassigned_by),
        source_user_identifier: u.identifier.clone(),
        source_username: Some(u.username.clone()),
        source_name: Some(u.name.clone()),
        source_hostname: u.hostname.clone(),
        import_type: ImportSource::of(u.import_type),
        namespace: world.dest_groups.iter().find(|g| g.id == u.namespace_id).map(|g| NamespaceObject(Namespace::of(g))),
        status: u.status,
        reassignment_error: u.error.as_ref().map(|e| e.chars().take(255).collect()),
        created_at: Time(crate::render::timestamp(u.created_ms)),
    }
}

pub(super) fn caller<'a>(ctx: &Context<'a>) -> Result<&'a Caller> {
    ctx.data::<Caller>()
}

/// A destination group as GraphQL's `Namespace` or `Group` shows it.
#[derive(Clone)]
pub struct Namespace {
    group_id: u64,
    top_level: bool,
    full_path: String,
    name: String,
}

impl Namespace {
    fn of(g: &crate::world::DestGroup) -> Namespace {
        Namespace {
            group_id: g.id,
            top_level: g.parent_id.is_none(),
            full_path: g.full_path.clone(),
            name: g.name.clone(),
        }
    }
}

/// The filters of `importSourceUsers`.
struct SourceUserFilter {
    statuses: Option<Vec<SuStatus>>,
    search: Option<String>,
    sort: Option<SourceUserSort>,
}

/// `Resolvers::Import::SourceUsersResolver`: once per request, owners of the top-level group only.
fn import_source_users(
    ctx: &Context<'_>,
    owner_type: &str,
    ns: &Namespace,
    f: SourceUserFilter,
    args: PageArgs,
) -> Result<Option<ImportSourceUserConnection>> {
    if ctx.data::<CallCount>()?.0.fetch_add(1, Ordering::SeqCst) > 0 {
        return Err(Error::new(format!(
            "\"importSourceUsers\" field can be requested only for 1 {owner_type}(s) at a time."
        )));
    }
    let shared = ctx.data::<Shared>()?;
    let mut world = shared.world();
    sync(&mut world);
    let allowed = ns.top_level && caller(ctx)?.user_id.is_some_and(|u| may_admin(&world, u, ns.group_id));
    if !allowed {
        return Err(Error::new(NO_ACCESS));
    }
    let query = f.search.unwrap_or_default();
    let mut rows: Vec<&SourceUser> = world
        .contributions
        .source_users
        .iter()
        .filter(|u| u.namespace_id == ns.group_id)
        .filter(|u| f.statuses.as_ref().is_none_or(|s| s.is_empty() || s.contains(&u.status)))
        .filter(|u| search::matches(&query, &u.name, &u.username))
        .collect();
    let status_rank = |u: &SourceUser| ALL_STATUSES.iter().position(|s| *s == u.status).unwrap_or(0);
    match f.sort.unwrap_or(SourceUserSort::SourceNameAsc) {
        SourceUserSort::SourceNameAsc => rows.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id))),
        SourceUserSort::SourceNameDesc => rows.sort_by(|a, b| b.name.cmp(&a.name).then(b.id.cmp(&a.id))),
        SourceUserSort::StatusAsc => rows.sort_by_key(|u| (status_rank(u), u.id)),
        SourceUserSort::StatusDesc => rows.sort_by_key(|u| std::cmp::Reverse((status_rank(u), u.id))),
        SourceUserSort::IdAsc => rows.sort_by_key(|u| u.id),
        SourceUserSort::IdDesc => rows.sort_by_key(|u| std::cmp::Reverse(u.id)),
    }
    Ok(Some(ImportSourceUserConnection::new(connect(&rows, &args, |u| render(&world, u))?)))
}

/// `Namespace` and `Group` (GroupType < NamespaceType): the same fields.
macro_rules! namespace_object {
    ($ty:ident, $name:literal) => {
        #[derive(Clone)]
        pub struct $ty(pub Namespace);

        #[Object(name = $name)]
        impl $ty {
            async fn id(&self) -> ID {
                ID(format!("gid://gitlab/Group/{}", self.0.group_id))
            }
            async fn full_path(&self) -> ID {
                ID(self.0.full_path.clone())
            }
            async fn name(&self) -> String {
                self.0.name.clone()
            }
            #[allow(clippy::too_many_arguments)]
            async fn import_source_users(
                &self,
                ctx: &Context<'_>,
                statuses: Option<Vec<SuStatus>>,
                search: Option<String>,
                #[graphql(default_with = "Some(SourceUserSort::SourceNameAsc)")] sort: Option<SourceUserSort>,
                after: Option<String>,
                before: Option<String>,
                first: Option<i32>,
                last: Option<i32>,
            ) -> Result<Option<ImportSourceUserConnection>> {
                let filter = SourceUserFilter { statuses, search, sort };
                import_source_users(ctx, $name, &self.0, filter, PageArgs { after, before, first, last })
            }
        }
    };
}
namespace_object!(NamespaceObject, "Namespace");
namespace_object!(GroupObject, "Group");

pub struct Query;

#[Object]
impl Query {
    async fn namespace(&self, ctx: &Context<'_>, full_path: ID) -> Result<Option<NamespaceObject>> {
        let world = ctx.data::<Shared>()?.world();
        Ok(world.dest_group(&full_path).map(|g| NamespaceObject(Namespace::of(g))))
    }

    async fn group(&self, ctx: &Context<'_>, full_path: ID) -> Result<Option<GroupObject>> {
        let world = ctx.data::<Shared>()?.world();
        Ok(world.dest_group(&full_path).map(|g| GroupObject(Namespace::of(g))))
    }

    async fn current_user(&self, ctx: &Context<'_>) -> Result<Option<CurrentUser>> {
        let id = caller(ctx)?.user_id;
        let world = ctx.data::<Shared>()?.world();
        Ok(id.and_then(|id| user_data(&world, id)).map(CurrentUser))
    }

    #[allow(clippy::too_many_arguments)]
    async fn users(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        active: Option<bool>,
        humans: Option<bool>,
        group_id: Option<GroupId>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<Option<users::UserCoreConnection>> {
        if caller(ctx)?.user_id.is_none() {
            return Ok(None);
        }
        let mut world = ctx.data::<Shared>()?.world();
        sync(&mut world);
        let filter = UserFilter { search, active, humans, group_id };
        users::users(&world, &filter, &PageArgs { after, before, first, last }).map(Some)
    }
}
