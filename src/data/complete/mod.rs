//! "Complete the move" for one migration: its finished groups and projects, their CI/CD variables, webhooks
//! (each read on its own: the list leaves out URL variables and custom headers) and deploy keys on both
//! instances, compared; then the writes the user chose. One lane: at most six requests in flight, progress,
//! Stop, and every request ends when the page is left. Nothing here is stored: values live in this page's
//! memory, and what a person types goes into one request.

mod pick;
mod read;
mod results;
mod tokens;

use super::bounded::run_bounded;
use super::cutover::CutOver;
use super::entities::{EntityLoader, Scope};
use super::verify::{RunState, Side};
use crate::api::settings::owner_path;
use crate::api::{ApiError, Client, Entity, EntityType, MAX_IN_FLIGHT};
use crate::connection::use_connection;
use crate::logic::complete::requests::{outcome, write_for, CopyTally, Write};
use crate::logic::complete::{Item, Setting, SettingKind};
use leptos::prelude::*;
pub use pick::{Choices, Pick, Picks};
pub use read::finished;
use read::{compare_entity, read_jobs, read_list, ListKey, Lists, ReadJob};
pub use results::{Results, RowKey, RowResult};
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
pub use tokens::Tokens;

/// Results are put on the screen in batches: each one compares again only the entities it touched (and redraws
/// their cards). 20 lists, about 7 projects: batches of 40 made tasks of 55–60 ms at 1,000 projects.
const FLUSH_EVERY: usize = 20;
/// Writes' results, in batches of this many.
const WRITES_FLUSH_EVERY: usize = 10;

/// One entity's kinds, compared; shared, so that a page clones a pointer, not the items.
pub type Compared = Arc<Vec<KindRows>>;

/// One kind of one entity, compared (or why it could not be).
#[derive(Clone, Debug, PartialEq)]
pub struct KindRows {
    pub kind: SettingKind,
    pub items: Vec<Item>,
    pub error: Option<ApiError>,
}

#[derive(Clone, Copy)]
pub struct Completion {
    pub loader: EntityLoader,
    lists: StoredValue<Lists>,
    /// Per entity, as it was when compared, with its kinds: shared, so that a batch clones pointers.
    compared: RwSignal<HashMap<u64, (Arc<Entity>, Compared)>>,
    pub results: RwSignal<Results>,
    /// Per entity, how many batches of results touched it: what a row watches (through its card), so that a
    /// batch wakes the rows of the entities it touched, not all of them (a signal's subscribers are removed
    /// one by one in a list, so 1,250 rows on `results` cost seconds over a copy of 11,000 items).
    result_marks: RwSignal<HashMap<u64, u32>>,
    pub done: RwSignal<usize>,
    pub total: RwSignal<usize>,
    pub state: RwSignal<RunState>,
    /// Writes: how many ended of how many, while a copy runs.
    pub copy_progress: RwSignal<Option<(usize, usize)>>,
    /// Stop was pressed during the writes: none starts any more, those in flight end and show their answer.
    pub copy_stopping: RwSignal<bool>,
    /// The last copy, counted: written, failed, not sent.
    pub copy_tally: RwSignal<Option<CopyTally>>,
    /// The source connected in this tab is this migration's source, and was read.
    pub source_read: RwSignal<bool>,
    /// The source's archived flags and registries, and the cut-over's actions.
    pub cutover: CutOver,
    /// Deploy tokens and pipeline triggers on the source, per entity (never a token).
    pub tokens: RwSignal<Tokens>,
    controller: StoredValue<Option<SendWrapper<web_sys::AbortController>>>,
    copy_controller: StoredValue<Option<SendWrapper<web_sys::AbortController>>>,
    source_url: StoredValue<Option<String>>,
}

fn abort(c: StoredValue<Option<SendWrapper<web_sys::AbortController>>>) {
    if let Some(c) = c.try_update_value(Option::take).flatten() {
        c.abort();
    }
}

/// A fresh controller in `slot` (the previous one aborted) and its signal.
fn renew(slot: StoredValue<Option<SendWrapper<web_sys::AbortController>>>) -> Option<web_sys::AbortSignal> {
    abort(slot);
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    slot.set_value(Some(SendWrapper::new(controller)));
    Some(signal)
}

impl Completion {
    pub fn new(id: u64) -> Completion {
        let c = Completion {
            loader: EntityLoader::new(Scope::Migration(id)),
            lists: StoredValue::new(BTreeMap::new()),
            compared: RwSignal::new(HashMap::new()),
            results: RwSignal::new(Results::default()),
            result_marks: RwSignal::new(HashMap::new()),
            done: RwSignal::new(0),
            total: RwSignal::new(0),
            state: RwSignal::new(RunState::Idle),
            copy_progress: RwSignal::new(None),
            copy_stopping: RwSignal::new(false),
            copy_tally: RwSignal::new(None),
            source_read: RwSignal::new(false),
            cutover: CutOver::new(),
            tokens: RwSignal::new(HashMap::new()),
            controller: StoredValue::new(None),
            copy_controller: StoredValue::new(None),
            source_url: StoredValue::new(None),
        };
        on_cleanup(move || {
            abort(c.controller);
            abort(c.copy_controller);
        });
        c
    }

    pub fn is_reading(&self) -> bool {
        matches!(self.state.get(), RunState::LoadingEntities | RunState::Counting)
    }

    /// Stops the comparison or the copy: reads in flight are aborted, what was read or written stays. Writes
    /// are not aborted (one that reached GitLab may have been made, and its row would not say so): none starts
    /// after this, and those in flight end and show GitLab's answer.
    pub fn stop(self) {
        abort(self.controller);
        if self.copy_progress.get_untracked().is_some() {
            let _ = self.copy_stopping.try_set(true);
        } else {
            abort(self.copy_controller);
        }
        if self.is_reading() {
            let _ = self.state.try_set(RunState::Canceled);
        }
    }

    fn clients(&self, signal: &web_sys::AbortSignal) -> (Option<Client>, Option<Client>) {
        let connection = use_connection();
        let url = self.source_url.get_value();
        let same =
            |c: &Client| url.as_deref().is_some_and(|u| u.trim_end_matches('/').eq_ignore_ascii_case(c.base_url()));
        let source = connection.source.get_untracked().filter(same).map(|c| c.cancelled_by(signal.clone()));
        (connection.client().map(|c| c.cancelled_by(signal.clone())), source)
    }

    /// Reads the entities, then every list on both instances (the source only when connected in this tab and
    /// the migration's own). `source_url` is the migration's source instance.
    pub fn start(self, source_url: Option<String>) {
        self.source_url.set_value(source_url);
        let Some(signal) = renew(self.controller) else { return };
        let (Some(destination), source) = self.clients(&signal) else { return };
        self.source_read.set(source.is_some());
        // What was read and compared before stays until each list is read again and replaces it: emptied at
        // once, dropping 8,000 lists was one task of ~130 ms, and the cards of 1,000 projects went with it.
        self.done.set(0);
        self.total.set(0);
        self.state.set(RunState::LoadingEntities);
        let stopped = move || signal.aborted();
        leptos::task::spawn_local(async move {
            if !self.loader.load(destination.clone()).await {
                if !stopped() {
                    let _ = self.state.try_set(RunState::Failed);
                }
                return;
            }
            let jobs = self.loader.rows.try_with_untracked(|rows| read_jobs(rows, source.is_some(), None));
            self.read(jobs.unwrap_or_default(), destination, source.clone(), &stopped).await;
            if let Some(source) = source.filter(|_| !stopped()) {
                self.read_source_lists(source, &stopped).await;
            }
            if !stopped() {
                let _ = self.state.try_set(RunState::Done);
            }
        });
    }

    /// The source connected after the destination was compared alone: only the source's side is read, and
    /// each entity is compared again as its lists come in.
    pub fn add_source(self) {
        let Some(signal) = renew(self.controller) else { return };
        let (Some(destination), Some(source)) = self.clients(&signal) else { return };
        self.source_read.set(true);
        self.done.set(0);
        self.total.set(0);
        let stopped = move || signal.aborted();
        leptos::task::spawn_local(async move {
            let jobs = self.loader.rows.try_with_untracked(|rows| {
                read_jobs(rows, true, None).into_iter().filter(|j| j.key.2 == Side::Source).collect::<Vec<_>>()
            });
            self.read(jobs.unwrap_or_default(), destination, Some(source.clone()), &stopped).await;
            if !stopped() {
                self.read_source_lists(source, &stopped).await;
            }
            if !stopped() {
                let _ = self.state.try_set(RunState::Done);
            }
        });
    }

    /// What only the source has: the cut-over's flags and registries, the deploy tokens and triggers.
    async fn read_source_lists(self, source: Client, stopped: &impl Fn() -> bool) {
        let finished: Option<Vec<Entity>> =
            self.loader.rows.try_with_untracked(|rows| rows.iter().filter(|e| finished(e)).cloned().collect());
        let finished = finished.unwrap_or_default();
        self.cutover.read(finished.clone(), source.clone(), stopped).await;
        if !stopped() {
            tokens::read_tokens(finished, source, self.tokens, stopped).await;
        }
    }

    async fn read(self, jobs: Vec<ReadJob>, destination: Client, source: Option<Client>, stopped: &impl Fn() -> bool) {
        let _ = self.total.try_update(|n| *n += jobs.len());
        let _ = self.state.try_set(RunState::Counting);
        let work = |job: ReadJob| {
            let client = if job.key.2 == Side::Source { source.clone() } else { Some(destination.clone()) };
            async move {
                let got = match client {
                    Some(c) => read_list(&c, &job.owner, job.key.1).await,
                    None => Err(ApiError::Unauthorized),
                };
                (job.key, got)
            }
        };
        let mut batch = Vec::new();
        let on_done = |done| {
            let _ = self.done.try_update(|n| *n += 1);
            batch.push(done);
            if batch.len() >= FLUSH_EVERY {
                self.store(std::mem::take(&mut batch));
            }
        };
        run_bounded(jobs, MAX_IN_FLIGHT, work, on_done, stopped).await;
        self.store(batch);
    }

    /// Keeps what was read and compares again the entities it touched. An entity compared before keeps that
    /// comparison until every kind of it is read again ("Compare again", the source added).
    fn store(self, batch: Vec<(ListKey, Result<Vec<Setting>, ApiError>)>) {
        let touched: BTreeSet<u64> = batch.iter().map(|(k, _)| k.0).collect();
        self.lists.update_value(|l| l.extend(batch));
        let read_source = self.source_read.get_untracked();
        let fresh: Vec<(Entity, Vec<KindRows>, bool)> = self
            .lists
            .try_with_value(|lists| {
                self.loader.rows.with_untracked(|rows| {
                    rows.iter()
                        .filter(|e| touched.contains(&e.id))
                        .map(|e| {
                            let kinds = compare_entity(lists, e, read_source);
                            let all = SettingKind::ALL.iter().filter(|k| k.applies_to(e.kind() == EntityType::Group));
                            let complete = kinds.len() == all.count();
                            (e.clone(), kinds, complete)
                        })
                        .collect()
                })
            })
            .unwrap_or_default();
        let _ = self.compared.try_update(|c| {
            for (e, kinds, complete) in fresh {
                if complete || !c.contains_key(&e.id) {
                    c.insert(e.id, (Arc::new(e), Arc::new(kinds)));
                }
            }
        });
    }

    /// Changes when a write of this entity ended (read it, then `results` untracked).
    pub fn result_mark(self, entity: u64) -> Memo<u32> {
        Memo::new(move |_| self.result_marks.with(|m| m.get(&entity).copied().unwrap_or(0)))
    }

    /// Every finished entity with its kinds compared, from what has been read so far, in the loader's order
    /// (pointers: cloning 1,000 entities on every batch was a third of a 50 ms task).
    pub fn rows(&self) -> Vec<(Arc<Entity>, Compared)> {
        self.compared.with(|c| {
            self.loader
                .rows
                .with(|rows| rows.iter().filter(|e| finished(e)).filter_map(|e| c.get(&e.id).cloned()).collect())
        })
    }

    /// Copies what `choices` picks in `rows` (`total` of them, the button's count): each item is drawn when a
    /// slot frees, so the click walks nothing (a walk over 25,000 items was a task of ~100 ms).
    pub fn copy_chosen(self, rows: Vec<(Arc<Entity>, Compared)>, choices: Choices, total: usize) {
        let results = self.results;
        let picks = Picks::new(rows, choices, move |c, e, k, i| results.with_untracked(|r| c.wants(r, e, k, i)));
        self.copy(picks, total);
    }

    /// Sends the `total` items of `chosen` that can be sent, six at a time, each row's result as it ends; then
    /// reads the destination's lists of what was written again, so a second run finds them there. Each write
    /// is built when a slot frees.
    pub fn copy(self, chosen: impl Iterator<Item = Pick> + 'static, total: usize) {
        let Some(signal) = renew(self.copy_controller) else { return };
        let (Some(destination), source) = self.clients(&signal) else { return };
        let _ = self.copy_progress.try_set(Some((0, total)));
        let _ = self.copy_stopping.try_set(false);
        let _ = self.copy_tally.try_set(Some(CopyTally { chosen: total, ..CopyTally::default() }));
        let stopped = move || signal.aborted() || self.copy_stopping.try_get_untracked().unwrap_or(true);
        leptos::task::spawn_local(async move {
            let work = |(pick, write): (Pick, Write)| {
                let client = destination.clone();
                async move {
                    let entity = &pick.entity;
                    let group = entity.kind() == EntityType::Group;
                    let owner = owner_path(group, entity.destination_full_path.as_deref().unwrap_or_default());
                    let answer = client
                        .write_setting(write.put, &format!("{owner}{}", write.path), &write.body, &write.secrets)
                        .await;
                    let text = answer.as_ref().err().map(error_message);
                    let item = pick.item()?;
                    let result =
                        outcome(item, group, &write, answer.as_ref().map_err(|_| text.as_deref().unwrap_or("")));
                    let error = answer.err().filter(|_| result.is_failure());
                    Some(((entity.id, item.kind, item.identity().to_string()), RowResult { outcome: result, error }))
                }
            };
            let mut batch = Vec::new();
            let flush = |batch: &mut Vec<(RowKey, RowResult)>| {
                let items = std::mem::take(batch);
                let n = items.len();
                let _ = self.copy_progress.try_update(|p| {
                    if let Some((done, _)) = p {
                        *done += n;
                    }
                });
                let _ = self.copy_tally.try_update(|t| {
                    if let Some(t) = t {
                        items.iter().for_each(|(_, r)| t.add(&r.outcome));
                    }
                });
                let _ = self
                    .result_marks
                    .try_update(|m| items.iter().for_each(|((id, _, _), _)| *m.entry(*id).or_default() += 1));
                let _ = self.results.try_update(|r| r.extend(items));
            };
            let on_done = |done: Option<(RowKey, RowResult)>| {
                batch.extend(done);
                if batch.len() >= WRITES_FLUSH_EVERY {
                    flush(&mut batch);
                }
            };
            // A Stop starts no write any more, and drops none in flight: each ends and shows GitLab's answer.
            // What was drawn is read again afterwards (by entity and kind).
            let touched = RefCell::new(BTreeSet::new());
            let starting = chosen
                .take_while(|_| !stopped())
                .filter_map(|pick| Some((write_for(pick.item()?, &pick.entered)?, pick)))
                .filter_map(|(write, pick)| {
                    touched.borrow_mut().insert((pick.entity.id, pick.item()?.kind));
                    Some((pick, write))
                });
            run_bounded(starting, MAX_IN_FLIGHT, work, on_done, || false).await;
            flush(&mut batch);
            let touched: Vec<(u64, SettingKind)> = touched.into_inner().into_iter().collect();
            let _ = self.copy_progress.try_set(None);
            if stopped() {
                let _ = self.copy_tally.try_update(|t| t.iter_mut().for_each(|t| t.stopped = true));
                let _ = self.copy_stopping.try_set(false);
                return;
            }
            let jobs = self.loader.rows.try_with_untracked(|rows| read_jobs(rows, false, Some(&touched)));
            self.read(jobs.unwrap_or_default(), destination, source, &stopped).await;
            if !stopped() {
                let _ = self.state.try_set(RunState::Done);
            }
        });
    }
}

/// The server's own words for "has already been taken" and the like; else the error's English sentence.
fn error_message(e: &ApiError) -> String {
    match e {
        ApiError::BadRequest(m) | ApiError::Unprocessable(m) => m.clone(),
        other => other.to_string(),
    }
}

impl Completion {
    /// Archives (or unarchives) the sources of `entities` on the connected source instance.
    pub fn archive(self, entities: Vec<Entity>, archived: bool) {
        let url = self.source_url.get_value();
        let same =
            |c: &Client| url.as_deref().is_some_and(|u| u.trim_end_matches('/').eq_ignore_ascii_case(c.base_url()));
        if let Some(source) = use_connection().source.get_untracked().filter(same) {
            self.cutover.set_archived(source, entities, archived);
        }
    }

    /// Deletes a failed copy on the destination (GitLab's two steps), so it can be imported again.
    pub fn delete_copy(self, entity: Entity) {
        if let Some(destination) = use_connection().client() {
            self.cutover.delete_copy(destination, entity);
        }
    }
}
