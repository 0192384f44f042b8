//! Importing again: the migration's entities for the new one, destination collisions (as the start form checks
//! them), the re-run links of a migration (from the user's newest migrations, so that they show in any
//! browser), and connecting the source instance for this tab. The rules are in `crate::logic::rerun`.

use super::scope::PageScope;
use super::start::{self, CollisionState};
use crate::api::{ApiError, BulkImport, Client, Entity, Group, ListQuery};
use crate::connection::{verify, DeployConfig};
use crate::logic::instance_url::normalize_instance_url;
use crate::logic::recent_sources::RecentMigration;
use crate::logic::rerun::{self, RerunLinks};
use leptos::prelude::*;

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

/// The re-run links of a migration carrying `paths` from `source_url`: read once per page from the user's
/// newest migrations (those the start form reads too). Empty while loading or when they cannot be read.
pub fn use_rerun_links(id: u64, source_url: Signal<Option<String>>, paths: Signal<Vec<String>>) -> Signal<RerunLinks> {
    let scope = PageScope::new();
    let recent = LocalResource::new(move || {
        let client = scope.client();
        async move {
            match client {
                Ok(c) => start::recent_migrations(&c).await.unwrap_or_default(),
                Err(_) => Vec::<RecentMigration>::new(),
            }
        }
    });
    Signal::derive(move || {
        let Some(others) = recent.get() else { return RerunLinks::default() };
        paths.with(|p| source_url.with(|u| rerun::links(id, u.as_deref(), p, &others)))
    })
}

/// Checks a source URL and token against the source's `/version` and `/user` (both at once) and gives the
/// client to keep in memory. The token is never stored.
pub async fn connect_source(config: DeployConfig, url: &str, token: &str) -> Result<Client, ApiError> {
    let base = normalize_instance_url(url).map_err(|_| ApiError::Network("invalid URL".into()))?;
    let client = config.client(base, token.trim());
    verify(client).await.map(|session| session.client)
}
