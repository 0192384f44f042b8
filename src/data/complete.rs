//! "Complete the move" for one migration: its finished groups and projects, their CI/CD variables, webhooks
//! (each read on its own: the list leaves out URL variables and custom headers) and deploy keys on both
//! instances, compared; then the writes the user chose. One lane: at most six requests in flight, progress,
//! Stop, and every request ends when the page is left. Nothing here is stored: values live in this page's
//! memory, and what a person types goes into one request.

use super::bounded::run_bounded;
use super::cutover::CutOver;
use super::entities::{EntityLoader, Scope};
use super::verify::{RunState, Side};
use crate::api::settings::owner_path;
use crate::api::{ApiError, Client, Entity, EntityType, MAX_IN_FLIGHT};
use crate::connection::use_connection;
use crate::logic::complete::requests::{outcome, write_for, Entered, Outcome, Write};
use crate::logic::complete::{compare, Item, Setting, SettingKind};
use crate::logic::display_status::DisplayStatus;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::collections::{BTreeMap, HashMap};

/// Pages of one list read at most (100 rows each): GitLab's limit is 8,000 variables per project.
const MAX_LIST_PAGES: u32 = 80;

/// An item's place: entity, kind, identity.
pub type RowKey = (u64, SettingKind, String);
type Lists = BTreeMap<(u64, SettingKind, Side), Result<Vec<Setting>, ApiError>>;

/// One kind of one entity, compared (or why it could not be).
#[derive(Clone, Debug, PartialEq)]
pub struct KindRows {
    pub kind: SettingKind,
    pub items: Vec<Item>,
    pub error: Option<ApiError>,
}

/// What one write came to, and GitLab's error when it failed.
#[derive(Clone, Debug, PartialEq)]
pub struct RowResult {
    pub outcome: Outcome,
    pub error: Option<ApiError>,
}

struct ReadJob {
    entity: u64,
    kind: SettingKind,
    side: Side,
    owner: String,
}

#[derive(Clone, Copy)]
pub struct Completion {
    pub loader: EntityLoader,
    lists: RwSignal<Lists>,
    pub results: RwSignal<HashMap<RowKey, RowResult>>,
    pub done: RwSignal<usize>,
    pub total: RwSignal<usize>,
    pub state: RwSignal<RunState>,
    /// Writes: how many ended of how many, while a copy runs.
    pub copy_progress: RwSignal<Option<(usize, usize)>>,
    /// The source connected in this tab is this migration's source, and was read.
    pub source_read: RwSignal<bool>,
    /// The source's archived flags and registries, and the cut-over's actions.
    pub cutover: CutOver,
    controller: StoredValue<Option<SendWrapper<web_sys::AbortController>>>,
    copy_controller: StoredValue<Option<SendWrapper<web_sys::AbortController>>>,
    source_url: StoredValue<Option<String>>,
}

/// The entities whose settings are compared: finished, and on the destination.
pub fn finished(e: &Entity) -> bool {
    e.destination_full_path.as_deref().is_some_and(|p| !p.is_empty())
        && matches!(DisplayStatus::of_entity(e), DisplayStatus::Complete | DisplayStatus::PartiallyCompleted)
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

/// Every item of one list, pages in order; each webhook then read on its own.
async fn read_list(client: &Client, owner: &str, kind: SettingKind) -> Result<Vec<Setting>, ApiError> {
    let mut raw = Vec::new();
    for page in 1..=MAX_LIST_PAGES {
        let got = client.list_settings(owner, kind.list(), page).await?;
        let full = got.items.len() as u32 >= crate::api::settings::SETTINGS_PER_PAGE;
        raw.extend(got.items);
        if !(got.info.next_page.is_some() || (got.info.next_page.is_none() && got.info.page.is_none() && full)) {
            break;
        }
    }
    let mut settings = Vec::with_capacity(raw.len());
    for item in raw {
        let item = match (kind, item.get("id").and_then(serde_json::Value::as_u64)) {
            (SettingKind::Hook, Some(id)) => client.get_hook(owner, id).await?,
            _ => item,
        };
        settings.extend(Setting::read(kind, item));
    }
    Ok(settings)
}

impl Completion {
    pub fn new(id: u64) -> Completion {
        let c = Completion {
            loader: EntityLoader::new(Scope::Migration(id)),
            lists: RwSignal::new(BTreeMap::new()),
            results: RwSignal::new(HashMap::new()),
            done: RwSignal::new(0),
            total: RwSignal::new(0),
            state: RwSignal::new(RunState::Idle),
            copy_progress: RwSignal::new(None),
            source_read: RwSignal::new(false),
            cutover: CutOver::new(),
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

    /// Stops the comparison or the copy: requests in flight are aborted, what was read or written stays.
    pub fn stop(self) {
        abort(self.controller);
        abort(self.copy_controller);
        let _ = self.copy_progress.try_set(None);
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
        self.lists.set(BTreeMap::new());
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
                let finished =
                    self.loader.rows.try_with_untracked(|rows| rows.iter().filter(|e| finished(e)).cloned().collect());
                self.cutover.read(finished.unwrap_or_default(), source, &stopped).await;
            }
            if !stopped() {
                let _ = self.state.try_set(RunState::Done);
            }
        });
    }

    async fn read(self, jobs: Vec<ReadJob>, destination: Client, source: Option<Client>, stopped: &impl Fn() -> bool) {
        let _ = self.total.try_update(|n| *n += jobs.len());
        let _ = self.state.try_set(RunState::Counting);
        let work = |job: ReadJob| {
            let client = if job.side == Side::Source { source.clone() } else { Some(destination.clone()) };
            async move {
                let got = match client {
                    Some(c) => read_list(&c, &job.owner, job.kind).await,
                    None => Err(ApiError::Unauthorized),
                };
                ((job.entity, job.kind, job.side), got)
            }
        };
        let on_done = |(key, got)| {
            let _ = self.done.try_update(|n| *n += 1);
            let _ = self.lists.try_update(|l| l.insert(key, got));
        };
        run_bounded(jobs, MAX_IN_FLIGHT, work, on_done, stopped).await;
    }

    /// Every finished entity with its kinds compared, from what has been read so far.
    pub fn rows(&self) -> Vec<(Entity, Vec<KindRows>)> {
        let read_source = self.source_read.get();
        self.lists.with(|lists| {
            self.loader.rows.with(|rows| {
                rows.iter()
                    .filter(|e| finished(e))
                    .map(|e| {
                        let group = e.kind() == EntityType::Group;
                        let kinds = SettingKind::ALL
                            .into_iter()
                            .filter(|k| k.applies_to(group))
                            .filter_map(|kind| {
                                let d = lists.get(&(e.id, kind, Side::Destination))?;
                                let s =
                                    if read_source { lists.get(&(e.id, kind, Side::Source))? } else { &Ok(Vec::new()) };
                                Some(match (s, d) {
                                    (Ok(s), Ok(d)) => KindRows { kind, items: compare(kind, s, d), error: None },
                                    (Err(e), _) | (_, Err(e)) => {
                                        KindRows { kind, items: Vec::new(), error: Some(e.clone()) }
                                    }
                                })
                            })
                            .collect();
                        (e.clone(), kinds)
                    })
                    .collect()
            })
        })
    }

    /// Sends `chosen` (entity, item, what a person typed), six at a time, each row's result as it ends; then
    /// reads the destination's lists of what was written again, so a second run finds them there.
    pub fn copy(self, chosen: Vec<(Entity, Item, Entered)>) {
        let Some(signal) = renew(self.copy_controller) else { return };
        let (Some(destination), source) = self.clients(&signal) else { return };
        let writes: Vec<(Entity, Item, Write)> = chosen
            .into_iter()
            .filter_map(|(e, item, entered)| write_for(&item, &entered).map(|w| (e, item, w)))
            .collect();
        let mut touched: Vec<(u64, SettingKind)> = writes.iter().map(|(e, i, _)| (e.id, i.kind)).collect();
        touched.sort();
        touched.dedup();
        let _ = self.copy_progress.try_set(Some((0, writes.len())));
        let stopped = move || signal.aborted();
        leptos::task::spawn_local(async move {
            let work = |(entity, item, write): (Entity, Item, Write)| {
                let client = destination.clone();
                async move {
                    let group = entity.kind() == EntityType::Group;
                    let owner = owner_path(group, entity.destination_full_path.as_deref().unwrap_or_default());
                    let answer = client
                        .write_setting(write.put, &format!("{owner}{}", write.path), &write.body, &write.secrets)
                        .await;
                    let text = answer.as_ref().err().map(error_message);
                    let result =
                        outcome(&item, group, &write, answer.as_ref().map_err(|_| text.as_deref().unwrap_or("")));
                    let error = answer.err().filter(|_| result.is_failure());
                    ((entity.id, item.kind, item.identity().to_string()), RowResult { outcome: result, error })
                }
            };
            let on_done = |(key, result)| {
                let _ = self.copy_progress.try_update(|p| {
                    if let Some((done, _)) = p {
                        *done += 1;
                    }
                });
                let _ = self.results.try_update(|r| r.insert(key, result));
            };
            run_bounded(writes, MAX_IN_FLIGHT, work, on_done, &stopped).await;
            let _ = self.copy_progress.try_set(None);
            if stopped() {
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

/// The lists to read: each kind of each finished entity, on the destination and (when connected) the
/// source; only `only`'s (entity, kind) pairs on the destination when given.
fn read_jobs(rows: &[Entity], with_source: bool, only: Option<&[(u64, SettingKind)]>) -> Vec<ReadJob> {
    let mut jobs = Vec::new();
    for e in rows.iter().filter(|e| finished(e)) {
        let group = e.kind() == EntityType::Group;
        for kind in SettingKind::ALL.into_iter().filter(|k| k.applies_to(group)) {
            if only.is_some_and(|o| !o.contains(&(e.id, kind))) {
                continue;
            }
            let destination = e.destination_full_path.as_deref().unwrap_or_default();
            jobs.push(ReadJob { entity: e.id, kind, side: Side::Destination, owner: owner_path(group, destination) });
            if with_source && only.is_none() && !e.source_full_path.is_empty() {
                let owner = owner_path(group, &e.source_full_path);
                jobs.push(ReadJob { entity: e.id, kind, side: Side::Source, owner });
            }
        }
    }
    jobs
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
