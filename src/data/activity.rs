//! "What is it doing now": an entity's stage and whether it has stalled, refreshed as the entity refreshes.
//! When the user connected the migration's source (`Connection::source`, memory only), the source's export
//! status of the entity is read too (one request per change of the entity). The rules are in
//! `crate::logic::stage`.

use crate::api::{ApiError, Entity, ExportRelation};
use crate::browser::now_ms;
use crate::connection::use_connection;
use crate::logic::recent_sources::same_instance;
use crate::logic::stage::{self, Observation, Stage, Stall, DEFAULT_STALL_MS};
use leptos::prelude::*;
use std::collections::HashMap;
use std::time::Duration;

/// How often the stall rule looks at the clock again when nothing else changes.
const CLOCK_EVERY: Duration = Duration::from_secs(20);

#[derive(Clone, Copy)]
pub struct Activity {
    pub stage: Signal<Option<Stage>>,
    pub stall: Signal<Option<Stall>>,
    /// The source's export status, when read (`Some(vec![])`: the source has not started).
    pub export: RwSignal<Option<Vec<ExportRelation>>>,
    /// Why the source's export status could not be read.
    pub export_error: RwSignal<Option<ApiError>>,
    /// Whether a source matching the migration's is connected.
    pub source_connected: Signal<bool>,
}

/// The browser's clock as a signal, ticking every [`CLOCK_EVERY`] while the page shows.
fn use_clock() -> RwSignal<i64> {
    let clock = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || clock.set(now_ms()), CLOCK_EVERY) {
        on_cleanup(move || handle.clear());
    }
    clock
}

/// The stall threshold: `config.json`'s `stall_minutes`, else 15 minutes.
fn threshold_ms() -> Signal<i64> {
    let connection = use_connection();
    Signal::derive(move || {
        connection.config.with(|c| c.stall_minutes).map(|m| i64::from(m.max(1)) * 60_000).unwrap_or(DEFAULT_STALL_MS)
    })
}

/// The stage and stall of one entity of the migration from `source_url`.
pub fn use_activity(entity: Signal<Option<Entity>>, source_url: Signal<Option<String>>) -> Activity {
    let connection = use_connection();
    let export: RwSignal<Option<Vec<ExportRelation>>> = RwSignal::new(None);
    let export_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let observation: RwSignal<Option<Observation>> = RwSignal::new(None);
    let clock = use_clock();
    let threshold = threshold_ms();
    let source = Memo::new(move |_| {
        let url = source_url.get();
        connection.source.get().filter(|c| url.is_some() && same_instance(Some(c.base_url()), url.as_deref()))
    });
    let source_connected = Signal::derive(move || source.with(Option::is_some));

    // The source's export status, read again whenever the entity changes while it runs.
    Effect::new(move |_| {
        let target = entity
            .with(|e| e.as_ref().filter(|e| e.status.is_active()).map(|e| (e.kind(), e.source_full_path.clone())));
        let client = source.get();
        let (Some((kind, path)), Some(client)) = (target, client) else {
            export.set(None);
            return;
        };
        leptos::task::spawn_local(async move {
            match client.export_relations(kind, &path).await {
                Ok(list) => {
                    let _ = export.try_set(Some(list));
                    let _ = export_error.try_set(None);
                }
                Err(e) => {
                    let _ = export_error.try_set(Some(e));
                }
            }
        });
    });

    // What moved, as this page saw it.
    Effect::new(move |_| {
        let print = entity.with(|e| e.as_ref().map(stage::fingerprint));
        if let Some(print) = print {
            observation.update(|o| *o = Some(stage::observe(o.as_ref(), print, now_ms())));
        }
    });

    let stage = Signal::derive(move || {
        entity.with(|e| e.as_ref().and_then(|e| export.with(|x| stage::stage(e, x.as_deref()))))
    });
    let stall = Signal::derive(move || {
        let now = clock.get();
        entity.with(|e| {
            let e = e.as_ref()?;
            export.with(|x| observation.with(|o| stage::stall(e, x.as_deref(), o.as_ref(), now, threshold.get())))
        })
    });
    Activity { stage, stall, export, export_error, source_connected }
}

/// One running entity of a migration, with its stage and stall (from its statistics alone).
#[derive(Clone, Debug, PartialEq)]
pub struct RunningEntity {
    pub entity_id: u64,
    pub source_full_path: String,
    pub stage: Stage,
    pub stall: Option<Stall>,
}

/// The running entities of a migration (stalled first, at most `limit`), and how many run in all.
pub fn use_running(rows: Signal<Vec<Entity>>, limit: usize) -> Signal<(Vec<RunningEntity>, usize)> {
    let observations: RwSignal<HashMap<u64, Observation>> = RwSignal::new(HashMap::new());
    let clock = use_clock();
    let threshold = threshold_ms();
    Effect::new(move |_| {
        let now = now_ms();
        let prints: Vec<(u64, String)> = rows
            .with(|rows| rows.iter().filter(|e| e.status.is_active()).map(|e| (e.id, stage::fingerprint(e))).collect());
        observations.update(|map| {
            let mut next = HashMap::new();
            for (id, print) in prints {
                next.insert(id, stage::observe(map.get(&id), print, now));
            }
            *map = next;
        });
    });
    Signal::derive(move || {
        let now = clock.get();
        let threshold = threshold.get();
        rows.with(|rows| {
            observations.with(|seen| {
                let mut running: Vec<RunningEntity> = rows
                    .iter()
                    .filter_map(|e| {
                        let stage = stage::stage(e, None)?;
                        let stall = stage::stall(e, None, seen.get(&e.id), now, threshold);
                        Some(RunningEntity {
                            entity_id: e.id,
                            source_full_path: e.source_full_path.clone(),
                            stage,
                            stall,
                        })
                    })
                    .collect();
                let total = running.len();
                running.sort_by_key(|r| (r.stall.is_none(), r.entity_id));
                running.truncate(limit);
                (running, total)
            })
        })
    })
}
