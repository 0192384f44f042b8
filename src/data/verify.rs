//! The verification of one migration: its entities, then every count on the destination (and on the source
//! when the user connected it in this tab), at most six requests in flight, with progress, cancel, and abort
//! when the page is left.

use super::bounded::run_bounded;
use super::entities::{EntityLoader, Scope};
use crate::api::{ApiError, Client, Entity, EntityFailure, EntityType, MAX_IN_FLIGHT};
use crate::connection::use_connection;
use crate::logic::display_status::DisplayStatus;
use crate::logic::verify::{list_path, lists_for, rows_for, Count, VerifyRow};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::collections::{BTreeMap, HashMap};

/// Results are written to the screen in batches: every write re-derives the rows of the page.
const FLUSH_EVERY: usize = 60;
/// Failures read per entity at most (pages of 100): beyond, the entity's inline list stands in.
const FAILURE_PAGES: u32 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Source,
    Destination,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunState {
    Idle,
    LoadingEntities,
    Counting,
    Done,
    Canceled,
    Failed,
}

type Counts = BTreeMap<(u64, Side), BTreeMap<String, Count>>;

#[derive(Clone, Copy)]
pub struct Verification {
    pub loader: EntityLoader,
    counts: RwSignal<Counts>,
    /// Every failure of the entities that have some, read from `/failures` (16.6+) after the counts; where
    /// absent, the entity's inline list stands in.
    failures: RwSignal<HashMap<u64, Vec<EntityFailure>>>,
    pub done: RwSignal<usize>,
    pub total: RwSignal<usize>,
    /// Counts that could not be read (the group or project is not there, or the request failed).
    pub unreadable: RwSignal<usize>,
    pub state: RwSignal<RunState>,
    /// The connected source instance is this migration's source, and was counted.
    pub source_counted: RwSignal<bool>,
    controller: StoredValue<Option<SendWrapper<web_sys::AbortController>>>,
    id: u64,
}

/// One count to read.
struct Job {
    entity: u64,
    side: Side,
    list: &'static str,
    path: String,
}

impl Verification {
    /// Ready to run; every request it makes ends when the page is left.
    pub fn new(id: u64) -> Verification {
        let v = Verification {
            loader: EntityLoader::new(Scope::Migration(id)),
            counts: RwSignal::new(BTreeMap::new()),
            failures: RwSignal::new(HashMap::new()),
            done: RwSignal::new(0),
            total: RwSignal::new(0),
            unreadable: RwSignal::new(0),
            state: RwSignal::new(RunState::Idle),
            source_counted: RwSignal::new(false),
            controller: StoredValue::new(None),
            id,
        };
        on_cleanup(move || v.abort());
        v
    }

    fn abort(self) {
        if let Some(c) = self.controller.try_update_value(Option::take).flatten() {
            c.abort();
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state.get(), RunState::LoadingEntities | RunState::Counting)
    }

    /// Stops the run: requests in flight are aborted, what was counted stays.
    pub fn cancel(self) {
        self.abort();
        let _ = self.state.try_set(RunState::Canceled);
    }

    /// Reads the entities and counts everything again. `source_url` is the migration's source instance:
    /// the connected source is counted only when it is that one.
    pub fn start(self, source_url: Option<String>) {
        let connection = use_connection();
        self.abort();
        let Some(controller) = web_sys::AbortController::new().ok() else { return };
        let signal = controller.signal();
        self.controller.set_value(Some(SendWrapper::new(controller)));
        let Some(destination) = connection.client().map(|c| c.cancelled_by(signal.clone())) else { return };
        let same = |c: &Client| {
            source_url.as_deref().is_some_and(|u| u.trim_end_matches('/').eq_ignore_ascii_case(c.base_url()))
        };
        let source = connection.source.get_untracked().filter(same).map(|c| c.cancelled_by(signal.clone()));
        self.source_counted.set(source.is_some());
        self.counts.set(BTreeMap::new());
        self.failures.set(HashMap::new());
        self.done.set(0);
        self.total.set(0);
        self.unreadable.set(0);
        self.state.set(RunState::LoadingEntities);
        let stopped = move || signal.aborted();
        leptos::task::spawn_local(async move {
            let _ = self.loader.rows.try_set(Vec::new());
            if !self.loader.load(destination.clone()).await {
                if !stopped() {
                    let _ = self.state.try_set(RunState::Failed);
                }
                return;
            }
            let (jobs, failing) = self
                .loader
                .rows
                .try_with_untracked(|rows| (jobs(rows, source.is_some()), with_failures(rows)))
                .unwrap_or_default();
            let _ = self.total.try_set(jobs.len() + failing.len());
            let _ = self.state.try_set(RunState::Counting);
            let mut batch: Vec<(u64, Side, &'static str, Option<Count>)> = Vec::new();
            let flush = |batch: &mut Vec<(u64, Side, &'static str, Option<Count>)>| {
                let items = std::mem::take(batch);
                let failed = items.iter().filter(|i| i.3.is_none()).count();
                let _ = self.unreadable.try_update(|n| *n += failed);
                let _ = self.counts.try_update(|counts| {
                    for (entity, side, list, count) in items {
                        if let Some(count) = count {
                            counts.entry((entity, side)).or_default().insert(list.to_string(), count);
                        }
                    }
                });
            };
            let work = |job: Job| {
                let client = if job.side == Side::Source { source.clone() } else { Some(destination.clone()) };
                async move {
                    let count = match client {
                        Some(c) => c.count_list(&job.path).await.ok().map(|p| Count::from_page(&p.info, p.items.len())),
                        None => None,
                    };
                    (job.entity, job.side, job.list, count)
                }
            };
            run_bounded(
                jobs,
                MAX_IN_FLIGHT,
                work,
                |result| {
                    let _ = self.done.try_update(|n| *n += 1);
                    batch.push(result);
                    if batch.len() >= FLUSH_EVERY {
                        flush(&mut batch);
                    }
                },
                &stopped,
            )
            .await;
            flush(&mut batch);
            if stopped() {
                return;
            }
            // Then every failure of the entities that have some (the report groups them, the rows count them).
            let read = |entity: u64| {
                let c = destination.clone();
                async move { (entity, all_failures(&c, self.id, entity).await) }
            };
            let mut loaded: Vec<(u64, Vec<EntityFailure>)> = Vec::new();
            run_bounded(
                failing,
                MAX_IN_FLIGHT,
                read,
                |(entity, result)| {
                    let _ = self.done.try_update(|n| *n += 1);
                    if let Some(list) = result {
                        loaded.push((entity, list));
                    }
                },
                &stopped,
            )
            .await;
            let _ = self.failures.try_update(|f| f.extend(loaded));
            if !stopped() {
                let _ = self.state.try_set(RunState::Done);
            }
        });
    }

    /// Every entity (tree order is the page's business) with its rows, from what has been counted so far.
    pub fn rows(&self) -> Vec<(Entity, Vec<VerifyRow>)> {
        let counts = self.counts.get();
        let loaded = self.failures.get();
        self.loader.rows.with(|rows| {
            let mut children: HashMap<u64, Vec<Entity>> = HashMap::new();
            for e in rows {
                if let Some(p) = e.parent_id {
                    children.entry(p).or_default().push(e.clone());
                }
            }
            let none = BTreeMap::new();
            rows.iter()
                .map(|e| {
                    let kids = children.get(&e.id).map(Vec::as_slice).unwrap_or(&[]);
                    let source = counts.get(&(e.id, Side::Source)).unwrap_or(&none);
                    let destination = counts.get(&(e.id, Side::Destination)).unwrap_or(&none);
                    let mut e = e.clone();
                    if let Some(list) = loaded.get(&e.id) {
                        e.failures = list.clone();
                    }
                    let rows = rows_for(&e, kids, source, destination);
                    (e, rows)
                })
                .collect()
        })
    }
}

/// The counts to read: every list of every entity on the destination where it exists, and on the source.
fn jobs(rows: &[Entity], with_source: bool) -> Vec<Job> {
    let mut jobs = Vec::new();
    for e in rows {
        let kind: EntityType = e.kind();
        for list in lists_for(kind) {
            if let Some(dest) = e.destination_full_path.as_deref().filter(|p| !p.is_empty()) {
                jobs.push(Job { entity: e.id, side: Side::Destination, list, path: list_path(kind, dest, list) });
            }
            if with_source && !e.source_full_path.is_empty() {
                let path = list_path(kind, &e.source_full_path, list);
                jobs.push(Job { entity: e.id, side: Side::Source, list, path });
            }
        }
    }
    jobs
}

/// The entities whose failures are read in full: those with inline failures, or failed or partially completed.
fn with_failures(rows: &[Entity]) -> Vec<u64> {
    rows.iter()
        .filter(|e| {
            !e.failures.is_empty()
                || matches!(DisplayStatus::of_entity(e), DisplayStatus::Failed | DisplayStatus::PartiallyCompleted)
        })
        .map(|e| e.id)
        .collect()
}

/// Every failure of one entity, [`FAILURE_PAGES`] pages at most, one request at a time. `None` when they
/// cannot be read (before 16.6 there is no `/failures`) or there are more: the inline list stands in.
async fn all_failures(client: &Client, id: u64, entity: u64) -> Option<Vec<EntityFailure>> {
    let mut all = Vec::new();
    for page in 1..=FAILURE_PAGES {
        let got: Result<_, ApiError> = client.list_entity_failures(id, entity, page, 100).await;
        let got = got.ok()?;
        let more = got.info.next_page.is_some() || got.items.len() >= 100;
        all.extend(got.items);
        if !more {
            return Some(all);
        }
    }
    None
}
