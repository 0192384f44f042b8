//! The entities behind the migration and entities pages: every page loaded with a bounded number of
//! requests in flight, then kept fresh by asking only for the ones that can still change.

use super::lane::Lane;
use super::live::{use_live_refresh, LiveRefresh};
use super::scope::PageScope;
use crate::api::all_pages::with_retry;
use crate::api::{fetch_all_pages, ApiError, Client, Entity, ListQuery, LoadProgress, Page, Status, MAX_IN_FLIGHT};
use crate::logic::display_status::DisplayStatus;
use crate::logic::entities::{any_active, merge, vanished_active, ACTIVE_STATUSES};
use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use std::collections::HashMap;

const PER_PAGE: u32 = 100;
const RETRIES: u32 = 3;
const FLUSH_EVERY: u32 = 10;

/// Which entities: one migration's, or all of the user's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Migration(u64),
    All,
}

#[derive(Clone, Copy)]
pub struct EntityLoader {
    pub rows: RwSignal<Vec<Entity>>,
    /// `None` until the first page arrived.
    pub progress: RwSignal<Option<LoadProgress>>,
    pub complete: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// `/bulk_imports/entities` answered 500 (GitLab #591217, CE 18.9): entities are read migration by migration.
    pub per_migration: RwSignal<bool>,
    scope: Scope,
    lane: StoredValue<Lane>,
}

/// Status changes seen by a refresh: (source path, new status), for the screen-reader announcement.
pub type Changes = Vec<(String, DisplayStatus)>;

impl EntityLoader {
    pub fn new(scope: Scope) -> EntityLoader {
        EntityLoader {
            rows: RwSignal::new(Vec::new()),
            progress: RwSignal::new(None),
            complete: RwSignal::new(false),
            error: RwSignal::new(None),
            per_migration: RwSignal::new(false),
            scope,
            lane: StoredValue::new(Lane::default()),
        }
    }

    /// The lane the live loads hold: the page's other reads take it too, to stay within the in-flight bound.
    pub fn lane(&self) -> Lane {
        self.lane.get_value()
    }

    /// Loads now, then keeps the rows fresh while any can still change or `also_active` says so. `also` runs
    /// with every refresh (the migration page re-reads its record); `on_changes` hears status changes.
    pub fn live(
        self,
        also_active: Signal<bool>,
        also: Option<Callback<()>>,
        on_changes: Option<Callback<Changes>>,
    ) -> LiveRefresh {
        // Runs from timers too, where no context can be looked up: everything it needs is captured here.
        let scope = PageScope::new();
        let run = move |live: Option<LiveRefresh>| {
            let Ok(client) = scope.client() else { return };
            let lane = self.lane();
            leptos::task::spawn_local(async move {
                let ok = match lane.hold(self.refresh(client)).await {
                    Ok(changes) => {
                        if let (Some(hear), false) = (on_changes, changes.is_empty()) {
                            // The page may have been left while this ran.
                            let _ = hear.try_run(changes);
                        }
                        true
                    }
                    Err(e) => {
                        let _ = self.error.try_set(Some(e));
                        false
                    }
                };
                if let Some(live) = live {
                    live.report(ok);
                }
            });
        };
        let active = Signal::derive(move || also_active.get() || self.rows.with(|r| any_active(r)));
        // The hook's trigger reports to the hook itself: it gets its handle once created.
        let slot: StoredValue<Option<LiveRefresh>> = StoredValue::new(None);
        let live = use_live_refresh(active, move || {
            if let Some(also) = also {
                also.run(());
            }
            run(slot.get_value());
        });
        slot.set_value(Some(live));
        run(Some(live));
        live
    }

    async fn page(&self, client: &Client, page: u32, status: Option<Status>) -> Result<Page<Entity>, ApiError> {
        let query = ListQuery { page, per_page: PER_PAGE, sort: None, status };
        with_retry(RETRIES, || async {
            match self.scope {
                Scope::Migration(id) => client.list_bulk_import_entities(id, &query).await,
                Scope::All => client.list_all_entities(&query).await,
            }
        })
        .await
    }

    /// Loads every page. Rows already shown stay shown (a retry merges into them).
    pub async fn load(self, client: Client) -> bool {
        let _ = self.error.try_set(None);
        let fresh = self.rows.try_with_untracked(Vec::is_empty).unwrap_or(true);
        // Every write re-runs the overview and the filters over all rows: write the first page at once (first
        // rows on screen), then every FLUSH_EVERY pages, not 100 times for 10,000 entities.
        let mut buffer: Vec<Entity> = Vec::new();
        let flush = |buffer: &mut Vec<Entity>| {
            let items = std::mem::take(buffer);
            let _ = self.rows.try_update(|rows| {
                if fresh {
                    rows.extend(items)
                } else {
                    merge(rows, items);
                }
            });
        };
        let mut on_page = |progress: LoadProgress, items: Vec<Entity>| {
            let _ = self.progress.try_set(Some(progress));
            buffer.extend(items);
            if progress.pages_done == 1 || progress.pages_done.is_multiple_of(FLUSH_EVERY) {
                flush(&mut buffer);
            }
        };
        let result = if self.per_migration.try_get_untracked().unwrap_or(false) {
            self.load_per_migration(&client, &mut on_page).await
        } else {
            match fetch_all_pages(
                |p| {
                    let c = client.clone();
                    async move { self.page(&c, p, None).await }
                },
                PER_PAGE,
                MAX_IN_FLIGHT,
                &mut on_page,
            )
            .await
            {
                Err(ApiError::Server { status: 500, .. }) if self.scope == Scope::All => {
                    let _ = self.per_migration.try_set(true);
                    self.load_per_migration(&client, &mut on_page).await
                }
                other => other,
            }
        };
        flush(&mut buffer);
        match result {
            Ok(_) => {
                let _ = self.complete.try_set(true);
                true
            }
            Err(e) => {
                let _ = self.error.try_set(Some(e));
                false
            }
        }
    }

    /// The #591217 fallback: every migration, then each one's pages (six migrations at a time). Progress
    /// counts migrations.
    async fn load_per_migration(
        &self,
        client: &Client,
        on_page: &mut impl FnMut(LoadProgress, Vec<Entity>),
    ) -> Result<LoadProgress, ApiError> {
        let mut ids = Vec::new();
        let list = |p| {
            let c = client.clone();
            let query = ListQuery::page(p, PER_PAGE);
            async move { with_retry(RETRIES, || c.list_bulk_imports(&query)).await }
        };
        fetch_all_pages(list, PER_PAGE, MAX_IN_FLIGHT, |_, items| ids.extend(items.into_iter().map(|m| m.id))).await?;
        let mut progress = LoadProgress { pages_done: 0, pages_total: Some((ids.len() as u32).max(1)) };
        let mut per_import = stream::iter(ids)
            .map(|id| {
                let c = client.clone();
                async move {
                    let mut rows = Vec::new();
                    let pages = |p| {
                        let c = c.clone();
                        let query = ListQuery::page(p, PER_PAGE);
                        async move { with_retry(RETRIES, || c.list_bulk_import_entities(id, &query)).await }
                    };
                    fetch_all_pages(pages, PER_PAGE, 1, |_, items| rows.extend(items)).await.map(|_| rows)
                }
            })
            .buffer_unordered(MAX_IN_FLIGHT);
        while let Some(rows) = per_import.next().await {
            progress.pages_done += 1;
            on_page(progress, rows?);
        }
        Ok(progress)
    }

    /// Asks for the entities still pending or importing, then for each one that left those lists.
    pub async fn refresh(self, client: Client) -> Result<Changes, ApiError> {
        // Without a working all-entities list (#591217) there are no status filters to ask: read everything again.
        if !self.complete.try_get_untracked().unwrap_or(false)
            || self.per_migration.try_get_untracked().unwrap_or(false)
        {
            return if self.load(client).await {
                Ok(Vec::new())
            } else {
                Err(self.error.try_get_untracked().flatten().unwrap_or(ApiError::Network(String::new())))
            };
        }
        let mut fresh: Vec<Entity> = Vec::new();
        for status in ACTIVE_STATUSES {
            let c = &client;
            fetch_all_pages(
                |p| {
                    let status = status.clone();
                    async move { self.page(c, p, Some(status)).await }
                },
                PER_PAGE,
                MAX_IN_FLIGHT,
                |_, items| fresh.extend(items),
            )
            .await?;
        }
        let vanished: Vec<(u64, u64)> = self
            .rows
            .try_with_untracked(|rows| {
                let index: HashMap<u64, Option<u64>> = rows.iter().map(|e| (e.id, e.bulk_import_id)).collect();
                vanished_active(rows, &fresh)
                    .into_iter()
                    .filter_map(|id| {
                        let import = match self.scope {
                            Scope::Migration(m) => Some(m),
                            Scope::All => index.get(&id).copied().flatten(),
                        };
                        import.map(|m| (m, id))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let ended: Vec<Result<Entity, ApiError>> = stream::iter(vanished)
            .map(|(m, id)| {
                let c = client.clone();
                async move { with_retry(RETRIES, || c.get_entity(m, id)).await }
            })
            .buffer_unordered(MAX_IN_FLIGHT)
            .collect()
            .await;
        for e in ended {
            fresh.push(e?);
        }
        let changes = self
            .rows
            .try_with_untracked(|rows| {
                let before: HashMap<u64, DisplayStatus> =
                    rows.iter().map(|e| (e.id, DisplayStatus::of_entity(e))).collect();
                fresh
                    .iter()
                    .filter_map(|e| {
                        let now = DisplayStatus::of_entity(e);
                        (before.get(&e.id) != Some(&now)).then(|| (e.source_full_path.clone(), now))
                    })
                    .collect::<Changes>()
            })
            .unwrap_or_default();
        let _ = self.rows.try_update(|rows| {
            merge(rows, fresh);
        });
        let _ = self.error.try_set(None);
        Ok(changes)
    }
}
