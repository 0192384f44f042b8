//! How many of the user's migrations are importing (the tab title's number), and the migrations the user
//! asked to be told about when they end. No poller of its own while nothing is watched: the number is read
//! on each navigation and when the tab is hidden; while a watched migration runs, every 30 s.

use crate::api::{ListQuery, Status};
use crate::connection::Connection;
use crate::logic::display_status::DisplayStatus;
use leptos::prelude::*;
use std::collections::HashSet;
use std::time::Duration;

const WATCH_EVERY: Duration = Duration::from_secs(30);

#[derive(Clone, Copy)]
pub struct Running {
    /// Migrations with status `started`; `None` until read.
    pub count: RwSignal<Option<u64>>,
    /// Migrations the user asked to be notified about.
    pub watched: RwSignal<Vec<u64>>,
    /// Watched migrations that ended since, for the notifier to announce (it empties the list).
    pub ended: RwSignal<Vec<(u64, DisplayStatus)>>,
    /// Entities of watched migrations that stalled, for the notifier to announce (it empties the list).
    pub stalled: RwSignal<Vec<StallNotice>>,
    /// (migration, entity) already announced as stalled: once each per tab.
    announced: StoredValue<HashSet<(u64, u64)>>,
    connection: Connection,
}

/// A stalled entity of a watched migration, as the notification says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StallNotice {
    pub migration: u64,
    pub path: String,
    pub minutes: i64,
}

/// Provided once by the app, under the connection.
pub fn provide_running(connection: Connection) -> Running {
    let running = Running {
        count: RwSignal::new(None),
        watched: RwSignal::new(Vec::new()),
        ended: RwSignal::new(Vec::new()),
        stalled: RwSignal::new(Vec::new()),
        announced: StoredValue::new(HashSet::new()),
        connection,
    };
    provide_context(running);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if running.watched.try_with_untracked(|w| !w.is_empty()).unwrap_or(false) {
                running.refresh();
            }
        },
        WATCH_EVERY,
    ) {
        on_cleanup(move || handle.clear());
    }
    running
}

pub fn use_running() -> Option<Running> {
    use_context::<Running>()
}

impl Running {
    /// Reads the number of importing migrations (one request), and each watched one.
    pub fn refresh(self) {
        let Some(client) = self.connection.client() else {
            let _ = self.count.try_set(None);
            return;
        };
        let watched = self.watched.get_untracked();
        leptos::task::spawn_local(async move {
            let query = ListQuery { page: 1, per_page: 1, sort: None, status: Some(Status::Started) };
            if let Ok(page) = client.list_bulk_imports(&query).await {
                let n = page.info.total.unwrap_or(page.items.len() as u64);
                let _ = self.count.try_set(Some(n));
            }
            for id in watched {
                let Ok(m) = client.get_bulk_import(id).await else { continue };
                if !m.status.is_active() {
                    let _ = self.watched.try_update(|w| w.retain(|x| *x != id));
                    let _ = self.ended.try_update(|e| e.push((id, DisplayStatus::of_import(&m))));
                }
            }
        });
    }

    pub fn watch(self, id: u64) {
        self.watched.update(|w| {
            if !w.contains(&id) {
                w.push(id);
            }
        });
    }

    /// An entity of migration `migration` stalled (quiet for `quiet_ms`): announced once, and only when the
    /// user asked to be told about this migration (the same opt-in as its end).
    pub fn report_stall(self, migration: u64, entity: u64, path: String, quiet_ms: i64) {
        if !self.watched.try_with_untracked(|w| w.contains(&migration)).unwrap_or(false) {
            return;
        }
        if self.announced.try_update_value(|a| a.insert((migration, entity))) != Some(true) {
            return;
        }
        let notice = StallNotice { migration, path, minutes: quiet_ms.max(0) / 60_000 };
        let _ = self.stalled.try_update(|s| s.push(notice));
    }

    pub fn is_watched(&self, id: u64) -> bool {
        self.watched.with(|w| w.contains(&id))
    }
}
