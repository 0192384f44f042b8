//! Importing again: the migration's entities for the new one, destination collisions (as the start form checks
//! them), the re-run links of a migration (from the user's newest migrations, so that they show in any
//! browser), and connecting the source instance for this tab. The rules are in `crate::logic::rerun`.

use super::lane::Lane;
use super::scope::PageScope;
use super::start::{self, CollisionState};
use crate::api::{ApiError, BulkImport, Client, Entity, Group, ListQuery, Sort};
use crate::connection::{verify, DeployConfig};
use crate::logic::instance_url::normalize_instance_url;
use crate::logic::recent_sources::RecentMigration;
use crate::logic::rerun::{self, RerunLinks};
use leptos::prelude::*;

/// Migrations listed when looking for re-runs (one request, newest first).
const LISTED: u32 = 100;

/// A migration and all its entities (100 a page, at most 6 requests at once).
pub async fn migration_with_entities(client: &Client, id: u64) -> Result<(BulkImport, Vec<Entity>), ApiError> {
    let record = client.get_bulk_import(id).await?;
    let mut entities = Vec::new();
    let page = |p| {
        let c = client.clone();
        async move { c.list_bulk_import_entities(id, &ListQuery::page(p, 100)).await }
    };
    crate::api::fetch_all_pages(page, 100, crate::api::MAX_IN_FLIGHT, |_, items| entities.extend(items)).await?;
    entities.sort_by_key(|e| e.id);
    Ok((record, entities))
}

/// Destination groups where the user may create (for the collision check's parent ids).
pub async fn destination_groups(client: &Client) -> Result<Vec<Group>, ApiError> {
    start::destination_groups(client).await
}

/// Whether `namespace/slug` is taken, asked as the start form asks: `namespaces/:slug/exists?parent_id=`.
/// A namespace the user cannot create in is not known here: `Unknown` (the server will say).
pub async fn collision(client: &Client, groups: &[Group], namespace: &str, slug: &str) -> CollisionState {
    let ns = namespace.trim().trim_matches('/');
    let parent = if ns.is_empty() {
        None
    } else {
        match groups.iter().find(|g| g.full_path.eq_ignore_ascii_case(ns)) {
            Some(g) => Some(g.id),
            None => return CollisionState::Unknown,
        }
    };
    start::destination_collision(client, slug, parent).await
}

async fn laned<T>(lane: &Option<Lane>, work: impl std::future::Future<Output = T>) -> T {
    match lane {
        Some(l) => l.hold(work).await,
        None => work.await,
    }
}

/// The migrations read for the re-run links of migration `id`: one listing of the user's
/// newest migrations, then the first entities of at most [`rerun::RERUN_SEARCHED`] of them, nearest to `id`
/// first, one request at a time (inside `lane` when the page has one). The second value is the
/// range searched when the search was partial.
async fn rerun_candidates(client: &Client, id: u64, lane: Option<Lane>) -> (Vec<RecentMigration>, Option<(u64, u64)>) {
    let query = ListQuery { sort: Some(Sort::Desc), ..ListQuery::page(1, LISTED) };
    let Ok(page) = laned(&lane, client.list_bulk_imports(&query)).await else { return (Vec::new(), None) };
    let more_listed = page.info.next_page.is_some() || page.info.total.is_some_and(|t| t > page.items.len() as u64);
    let listed: Vec<u64> = page.items.iter().map(|m| m.id).collect();
    let (ids, left_out) = rerun::candidates(id, &listed, rerun::RERUN_SEARCHED);
    let mut found = Vec::new();
    for m in page.items.into_iter().filter(|m| ids.contains(&m.id)) {
        let Ok(entities) = laned(&lane, client.list_bulk_import_entities(m.id, &ListQuery::page(1, 100))).await else {
            continue;
        };
        found.push(RecentMigration {
            id: m.id,
            status: m.status,
            source_url: m.source_url,
            source_paths: entities.items.into_iter().map(|e| e.source_full_path).collect(),
        });
    }
    (found, rerun::partial_range(id, &ids, left_out || more_listed))
}

/// The re-run links of a migration carrying `paths` from `source_url`, read once per page (see
/// [`rerun_candidates`]). Empty while loading or when they cannot be read.
pub fn use_rerun_links(
    id: u64,
    source_url: Signal<Option<String>>,
    paths: Signal<Vec<String>>,
    lane: Option<Lane>,
) -> Signal<RerunLinks> {
    let scope = PageScope::new();
    let recent = LocalResource::new(move || {
        let client = scope.client();
        let lane = lane.clone();
        async move {
            match client {
                Ok(c) => rerun_candidates(&c, id, lane).await,
                Err(_) => (Vec::new(), None),
            }
        }
    });
    Signal::derive(move || {
        recent.with(|r| {
            let Some((others, partial)) = r.as_ref() else { return RerunLinks::default() };
            let mut links = paths.with(|p| source_url.with(|u| rerun::links(id, u.as_deref(), p, others)));
            links.partial = *partial;
            links
        })
    })
}

/// Checks a source URL and token against the source's `/version` and `/user` (both at once) and gives the
/// client to keep in memory. The token is never stored.
pub async fn connect_source(config: DeployConfig, url: &str, token: &str) -> Result<Client, ApiError> {
    let base = normalize_instance_url(url).map_err(|_| ApiError::Network("invalid URL".into()))?;
    let client = config.client(base, token.trim());
    verify(client).await.map(|session| session.client)
}
