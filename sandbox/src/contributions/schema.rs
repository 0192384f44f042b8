//! The GraphQL subset GitLab serves for placeholder reassignment (async-graphql): `namespace { importSourceUsers }`
//! with cursor pages, and the seven owner mutations with their payload `errors`.

use super::model::*;
use super::seed::sync;
use crate::world::{World, OWNER};
use crate::Shared;
use async_graphql::{scalar, Context, Enum, Error, Object, Result, SimpleObject, ID};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Who is asking, set per request by the HTTP handler.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: Option<u64>,
    pub can_write: bool,
}

/// Counts `importSourceUsers` resolutions in one request (GitLab allows one).
#[derive(Default)]
pub struct CallCount(pub AtomicUsize);

macro_rules! gid_scalar {
    ($ty:ident, $name:literal) => {
        #[derive(Clone, Debug, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $ty(pub String);
        scalar!($ty, $name);
    };
}
gid_scalar!(ImportSourceUserId, "ImportSourceUserID");
gid_scalar!(UserId, "UserID");
gid_scalar!(NamespaceId, "NamespaceID");
gid_scalar!(Time, "Time");

pub(super) fn gid_number(raw: &str, class: &str) -> Result<u64> {
    raw.strip_prefix("gid://gitlab/")
        .and_then(|r| r.strip_prefix(class))
        .and_then(|r| r.strip_prefix('/'))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| Error::new(format!("\"{raw}\" does not represent an instance of {class}")))
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportSource {
    GitlabMigration,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceUserSort {
    SourceNameAsc,
    SourceNameDesc,
    StatusAsc,
    StatusDesc,
    IdAsc,
    IdDesc,
}

#[derive(SimpleObject, Clone)]
pub struct UserCore {
    id: UserId,
    username: String,
    name: String,
    avatar_url: Option<String>,
    web_url: String,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "ImportSourceUser")]
pub struct GqlSourceUser {
    id: ImportSourceUserId,
    source_user_identifier: String,
    source_username: Option<String>,
    source_name: Option<String>,
    source_hostname: String,
    import_type: ImportSource,
    status: SuStatus,
    reassignment_error: Option<String>,
    created_at: Option<Time>,
    placeholder_user: Option<UserCore>,
    reassign_to_user: Option<UserCore>,
    reassigned_by_user: Option<UserCore>,
}

#[derive(SimpleObject, Clone)]
pub struct PageInfo {
    has_next_page: bool,
    has_previous_page: bool,
    start_cursor: Option<String>,
    end_cursor: Option<String>,
}

#[derive(SimpleObject)]
pub struct ImportSourceUserConnection {
    count: i32,
    nodes: Vec<GqlSourceUser>,
    page_info: PageInfo,
}

fn user_core(world: &World, id: Option<u64>) -> Option<UserCore> {
    let id = id?;
    let (username, name, avatar) = match world.user(id) {
        Some(u) => (u.username.clone(), u.name.clone(), None),
        None => {
            let p = world.contributions.person(id)?;
            (p.username.clone(), p.name.clone(), p.avatar_url.clone())
        }
    };
    Some(UserCore {
        id: UserId(format!("gid://gitlab/User/{id}")),
        web_url: format!("http://localhost/{username}"),
        username,
        name,
        avatar_url: avatar,
    })
}

pub fn render(world: &World, u: &SourceUser) -> GqlSourceUser {
    GqlSourceUser {
        id: ImportSourceUserId(format!("gid://gitlab/Import::SourceUser/{}", u.id)),
        source_user_identifier: u.identifier.clone(),
        source_username: Some(u.username.clone()),
        source_name: Some(u.name.clone()),
        source_hostname: u.hostname.clone(),
        import_type: ImportSource::GitlabMigration,
        status: u.status,
        reassignment_error: u.error.as_ref().map(|e| e.chars().take(255).collect()),
        created_at: Some(Time(crate::render::timestamp(u.created_ms))),
        placeholder_user: user_core(world, Some(u.placeholder_id)),
        reassign_to_user: user_core(world, u.reassign_to),
        reassigned_by_user: user_core(world, u.reassigned_by),
    }
}

pub(super) fn caller<'a>(ctx: &Context<'a>) -> Result<&'a Caller> {
    ctx.data::<Caller>()
}

pub(super) fn is_owner(world: &World, user_id: Option<u64>, group_id: u64) -> bool {
    let Some(user) = user_id.and_then(|id| world.user(id)) else { return false };
    let Some(group) = world.dest_groups.iter().find(|g| g.id == group_id) else { return false };
    world.access_level(user, group) >= OWNER
}

pub struct Namespace {
    group_id: u64,
    full_path: String,
    name: String,
}

#[Object]
impl Namespace {
    async fn id(&self) -> NamespaceId {
        NamespaceId(format!("gid://gitlab/Group/{}", self.group_id))
    }
    async fn full_path(&self) -> ID {
        ID(self.full_path.clone())
    }
    async fn name(&self) -> &str {
        &self.name
    }

    #[allow(clippy::too_many_arguments)]
    async fn import_source_users(
        &self,
        ctx: &Context<'_>,
        statuses: Option<Vec<SuStatus>>,
        search: Option<String>,
        sort: Option<SourceUserSort>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Option<ImportSourceUserConnection>> {
        if ctx.data::<CallCount>()?.0.fetch_add(1, Ordering::SeqCst) > 0 {
            return Err(Error::new("Field can only be requested once per request: importSourceUsers"));
        }
        let shared = ctx.data::<Shared>()?;
        let mut world = shared.world();
        sync(&mut world);
        if !is_owner(&world, caller(ctx)?.user_id, self.group_id) {
            return Err(Error::new(NO_ACCESS));
        }
        let needle = search.map(|s| s.to_lowercase()).filter(|s| !s.is_empty());
        let mut rows: Vec<&SourceUser> = world
            .contributions
            .source_users
            .iter()
            .filter(|u| u.namespace_id == self.group_id)
            .filter(|u| statuses.as_ref().is_none_or(|s| s.is_empty() || s.contains(&u.status)))
            .filter(|u| {
                needle
                    .as_ref()
                    .is_none_or(|n| u.name.to_lowercase().contains(n) || u.username.to_lowercase().contains(n))
            })
            .collect();
        let status_rank = |u: &SourceUser| ALL_STATUSES.iter().position(|s| *s == u.status).unwrap_or(0);
        match sort.unwrap_or(SourceUserSort::SourceNameAsc) {
            SourceUserSort::SourceNameAsc => rows.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id))),
            SourceUserSort::SourceNameDesc => rows.sort_by(|a, b| b.name.cmp(&a.name).then(b.id.cmp(&a.id))),
            SourceUserSort::StatusAsc => rows.sort_by_key(|u| (status_rank(u), u.id)),
            SourceUserSort::StatusDesc => rows.sort_by_key(|u| std::cmp::Reverse((status_rank(u), u.id))),
            SourceUserSort::IdAsc => rows.sort_by_key(|u| u.id),
            SourceUserSort::IdDesc => rows.sort_by_key(|u| std::cmp::Reverse(u.id)),
        }
        let first = first.unwrap_or(100).clamp(0, 100) as usize;
        let start = match after {
            Some(c) => c
                .strip_prefix("cursor:")
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| Error::new("Please provide a valid cursor"))?,
            None => 0,
        };
        let end = (start + first).min(rows.len());
        let start = start.min(end);
        let nodes = rows[start..end].iter().map(|u| render(&world, u)).collect();
        Ok(Some(ImportSourceUserConnection {
            count: rows.len() as i32,
            nodes,
            page_info: PageInfo {
                has_next_page: end < rows.len(),
                has_previous_page: start > 0,
                start_cursor: (end > start).then(|| format!("cursor:{}", start + 1)),
                end_cursor: (end > start).then(|| format!("cursor:{end}")),
            },
        }))
    }
}

pub struct Query;

#[Object]
impl Query {
    async fn namespace(&self, ctx: &Context<'_>, full_path: ID) -> Result<Option<Namespace>> {
        let shared = ctx.data::<Shared>()?;
        let world = shared.world();
        Ok(world.dest_group(&full_path).map(|g| Namespace {
            group_id: if g.parent_id.is_none() { g.id } else { 0 },
            full_path: g.full_path.clone(),
            name: g.name.clone(),
        }))
    }
}
