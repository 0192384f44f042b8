//! The start form's data: the source's groups and projects, the destination groups the user can create in,
//! whether a destination is taken, the answers the pre-flight checks judge, and the newest migrations that tell
//! whether a lost request was created or which rows were migrated recently. Every request of the form goes
//! through here; the verdicts are in `crate::logic::preflight`, `crate::logic::lost_create` and
//! `crate::logic::recent_sources`.

use crate::api::{
    ApiError, BrowseQuery, BulkImport, Client, EntityType, Group, ListQuery, NewBulkImport, PageInfo, Sort, Version,
};
use crate::logic::draft::{self, DraftRow};
use crate::logic::lost_create::{self, LostCreate, PendingSubmission, SeenMigration};
use crate::logic::preflight::{self, Answer, ExportAnswer};
use crate::logic::recent_sources::{RecentMigration, RecentSources};
use futures::stream::{self, StreamExt};

/// How many of the newest migrations are searched for a lost request's, and for the rows' recent migrations.
const RECENT_SEARCHED: u32 = 20;
/// How many entities of each of those are read (the first page).
const ENTITIES_READ: u32 = 100;

/// The connected source: its version, and its token's scopes (`None` before 15.5, where GitLab cannot tell).
pub async fn source_version_and_scopes(source: &Client) -> Result<(Version, Option<Vec<String>>), ApiError> {
    let version = source.version().await?;
    let scopes = match source.token_self().await {
        Ok(info) => Some(info.scopes),
        Err(ApiError::NotFound) => None,
        Err(e) => return Err(e),
    };
    Ok((version, scopes))
}

/// Whether the signed-in token may start a migration: `Some(false)` for a personal token without the `api`
/// scope (GitLab answers 403 to its POST). `None` when GitLab cannot tell (OAuth tokens, servers before 15.5,
/// any failure): the page then says nothing rather than guess.
pub async fn destination_token_can_write(client: &Client) -> Option<bool> {
    if client.oauth().is_some() {
        return None;
    }
    client.token_self().await.ok().map(|info| info.scopes.iter().any(|s| s == "api"))
}

/// A group or project on the source, for the picker.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceItem {
    pub path: String,
    pub name: String,
    pub web_url: Option<String>,
}

/// One page of what the user owns on the source (Owner: what direct transfer needs to export).
pub async fn source_items(
    source: &Client,
    kind: EntityType,
    search: String,
    page: u32,
    per_page: u32,
) -> Result<(Vec<SourceItem>, PageInfo), ApiError> {
    let q = BrowseQuery { search, page, per_page, min_access_level: 50, top_level_only: false };
    match kind {
        EntityType::Group => source.list_groups(&q).await.map(|p| {
            let items = p.items.into_iter().map(|g| SourceItem {
                name: g.full_name.or(g.name).unwrap_or_default(),
                path: g.full_path,
                web_url: g.web_url,
            });
            (items.collect(), p.info)
        }),
        EntityType::Project => source.list_projects(&q).await.map(|p| {
            let items = p.items.into_iter().map(|g| SourceItem {
                name: g.name_with_namespace.or(g.name).unwrap_or_default(),
                path: g.path_with_namespace,
                web_url: g.web_url,
            });
            (items.collect(), p.info)
        }),
    }
}

/// Every destination group where the user may create subgroups and import projects (Maintainer or more),
/// sorted by full path. All pages, a few requests at a time.
pub async fn destination_groups(client: &Client) -> Result<Vec<Group>, ApiError> {
    let mut found = Vec::new();
    let fetch = |p| {
        let c = client.clone();
        let q = BrowseQuery { page: p, per_page: 100, min_access_level: 40, ..Default::default() };
        async move { c.list_groups(&q).await }
    };
    crate::api::fetch_all_pages(fetch, 100, crate::api::MAX_IN_FLIGHT, |_, items| found.extend(items)).await?;
    found.sort_by(|a: &Group, b: &Group| a.full_path.cmp(&b.full_path));
    Ok(found)
}

/// Whether a destination `namespace/slug` exists already.
#[derive(Clone, Debug, PartialEq)]
pub enum CollisionState {
    Checking,
    Free,
    /// With GitLab's proposal of a free slug, when it made a valid one.
    Taken {
        suggestion: Option<String>,
    },
    Unknown,
}

/// Asks the destination whether `slug` is taken under the group `parent_id` (`None`: the top level).
pub async fn destination_collision(client: &Client, slug: &str, parent_id: Option<u64>) -> CollisionState {
    match client.namespace_exists(slug, parent_id).await {
        Ok(r) if r.exists == Some(true) => {
            CollisionState::Taken { suggestion: r.suggests.into_iter().find(|s| draft::valid_slug(s)) }
        }
        Ok(r) if r.exists == Some(false) => CollisionState::Free,
        _ => CollisionState::Unknown,
    }
}

/// Whether direct transfer is enabled on the destination: it answers the list of migrations.
pub async fn destination_enabled(client: &Client) -> Answer {
    match client.list_bulk_imports(&ListQuery::page(1, 1)).await {
        Ok(_) => Answer::Yes,
        Err(ApiError::FeatureDisabled) => Answer::No,
        Err(_) => Answer::CannotTell,
    }
}

/// Whether the source lets the user export the rows GitLab will check ([`preflight::export_probes`]), asked one
/// after the other.
pub async fn export_answers(source: &Client, rows: &[DraftRow]) -> Vec<ExportAnswer> {
    let mut out = Vec::new();
    for (kind, path) in preflight::export_probes(rows) {
        let may_export = match source.export_relations_status(kind, path.trim()).await {
            Ok(()) => Answer::Yes,
            Err(ApiError::NotFound | ApiError::Forbidden(_)) => Answer::No,
            Err(_) => Answer::CannotTell,
        };
        out.push(ExportAnswer { source_full_path: path, may_export });
    }
    out
}

/// This user's newest migration id, 0 when there is none.
pub async fn newest_migration_id(client: &Client) -> Result<u64, ApiError> {
    let newest = client.list_bulk_imports(&ListQuery { sort: Some(Sort::Desc), ..ListQuery::page(1, 1) }).await?;
    Ok(newest.items.first().map(|m| m.id).unwrap_or(0))
}

/// Starts a migration.
pub async fn create_migration(client: &Client, body: &NewBulkImport) -> Result<BulkImport, ApiError> {
    client.create_bulk_import(body).await
}

/// Looks through the user's newest migrations for one the pending request created. Only those that may be
/// ours ([`lost_create::may_be_ours`]) cost a request for their entities; the search stops at the first found.
pub async fn find_lost_create(client: &Client, pending: &PendingSubmission) -> Result<LostCreate, ApiError> {
    for m in newest_migrations(client).await? {
        if !lost_create::may_be_ours(pending, m.id, m.created_at.as_deref()) {
            continue;
        }
        let entities = client.list_bulk_import_entities(m.id, &ListQuery::page(1, ENTITIES_READ)).await?;
        let seen = SeenMigration {
            id: m.id,
            created_at: m.created_at,
            destinations: entities.items.iter().map(lost_create::entity_destination).collect(),
        };
        let outcome = lost_create::decide(pending, &[seen]);
        if outcome != LostCreate::NotFound {
            return Ok(outcome);
        }
    }
    Ok(LostCreate::NotFound)
}

/// The user's [`RECENT_SEARCHED`] newest migrations, newest first.
async fn newest_migrations(client: &Client) -> Result<Vec<BulkImport>, ApiError> {
    let query = ListQuery { sort: Some(Sort::Desc), ..ListQuery::page(1, RECENT_SEARCHED) };
    Ok(client.list_bulk_imports(&query).await?.items)
}

/// The source paths of the user's newest migrations (the first [`ENTITIES_READ`] entities of each), read with at
/// most [`crate::api::MAX_IN_FLIGHT`] requests at once, for the rows' "already migrated in #N" notices. A
/// migration whose entities cannot be read is left out (the notice is advice, never a blocker); the list
/// failing is an error.
pub async fn recent_sources(client: &Client) -> Result<RecentSources, ApiError> {
    Ok(RecentSources::from_migrations(recent_migrations(client).await?))
}

/// The user's newest migrations with the source paths of their entities (see [`recent_sources`]); also what
/// the re-run links of a migration are derived from.
pub async fn recent_migrations(client: &Client) -> Result<Vec<RecentMigration>, ApiError> {
    let migrations = newest_migrations(client).await?;
    let read = stream::iter(migrations)
        .map(|m| {
            let c = client.clone();
            async move {
                let entities = c.list_bulk_import_entities(m.id, &ListQuery::page(1, ENTITIES_READ)).await.ok()?;
                Some(RecentMigration {
                    id: m.id,
                    status: m.status,
                    source_url: m.source_url,
                    source_paths: entities.items.into_iter().map(|e| e.source_full_path).collect(),
                })
            }
        })
        .buffer_unordered(crate::api::MAX_IN_FLIGHT)
        .filter_map(|m| async move { m })
        .collect::<Vec<_>>()
        .await;
    Ok(read)
}
