//! Every failure of one entity: all pages of `/failures` (16.6+), or the entity's inline list on older servers.

use super::scope::PageScope;
use crate::api::all_pages::with_retry;
use crate::api::{fetch_all_pages, ApiError, Entity, EntityFailure, LoadProgress, MAX_IN_FLIGHT};
use crate::logic::display_status::DisplayStatus;
use leptos::prelude::*;

const FAILURES_PER_REQUEST: u32 = 100;
const RETRIES: u32 = 3;

/// The load's state, as the failures section shows it.
#[derive(Clone, Copy)]
pub struct FailureLoad {
    /// Every failure known so far, whichever way they were read.
    pub all: Memo<Vec<EntityFailure>>,
    pub progress: RwSignal<Option<LoadProgress>>,
    pub complete: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// Old servers have no `/failures`: the inline list from the entity is all there is.
    pub inline_only: RwSignal<bool>,
    rows: RwSignal<Vec<EntityFailure>>,
    scope: PageScope,
    ids: (u64, u64),
}

impl FailureLoad {
    /// Starts loading now, and again whenever the entity's status changes (a running entity gains failures).
    pub fn new(id: u64, entity_id: u64, entity: Signal<Option<Entity>>) -> FailureLoad {
        let rows = RwSignal::new(Vec::new());
        let inline_only = RwSignal::new(false);
        let all = Memo::new(move |_| {
            if inline_only.get() {
                entity.with(|e| e.as_ref().map(|e| e.failures.clone()).unwrap_or_default())
            } else {
                rows.get()
            }
        });
        let load = FailureLoad {
            all,
            progress: RwSignal::new(None),
            complete: RwSignal::new(false),
            error: RwSignal::new(None),
            inline_only,
            rows,
            scope: PageScope::new(),
            ids: (id, entity_id),
        };
        load.reload();
        Effect::new(move |prev: Option<Option<DisplayStatus>>| {
            let now = entity.with(|e| e.as_ref().map(DisplayStatus::of_entity));
            if let Some(Some(before)) = prev {
                if now.as_ref().is_some_and(|n| *n != before) {
                    load.reload();
                }
            }
            now
        });
        load
    }

    /// Reads every page again (Retry, or the entity moved on).
    pub fn reload(self) {
        let Ok(client) = self.scope.client() else { return };
        let (id, entity_id) = self.ids;
        let _ = self.error.try_set(None);
        let _ = self.rows.try_set(Vec::new());
        let _ = self.complete.try_set(false);
        leptos::task::spawn_local(async move {
            let fetch = |p| {
                let c = client.clone();
                async move { with_retry(RETRIES, || c.list_entity_failures(id, entity_id, p, FAILURES_PER_REQUEST)).await }
            };
            let result = fetch_all_pages(fetch, FAILURES_PER_REQUEST, MAX_IN_FLIGHT, |progress, items| {
                let _ = self.progress.try_set(Some(progress));
                let _ = self.rows.try_update(|r| r.extend(items));
            })
            .await;
            match result {
                Ok(_) => {
                    let _ = self.complete.try_set(true);
                }
                // Before 16.6 there is no /failures: use the inline list.
                Err(ApiError::NotFound) => {
                    let _ = self.inline_only.try_set(true);
                    let _ = self.complete.try_set(true);
                }
                Err(e) => {
                    let _ = self.error.try_set(Some(e));
                }
            }
        });
    }
}
