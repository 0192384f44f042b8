//! A campaign's data: the source's catalogue (every group and project the user owns there, with statistics),
//! the counts of the selected projects (issues, merge requests: at most 6 requests in flight, with progress and
//! cancel), finished migrations for the re-fit, the entities of the started waves for the board, and the plan
//! itself, kept in browser storage (`campaign-plan`; never a token).

use super::bounded::run_bounded;
use crate::api::pagination::encode_component;
use crate::api::{fetch_all_pages, ApiError, BrowseQuery, Client, ListQuery, LoadProgress, Status, MAX_IN_FLIGHT};
use crate::logic::campaign::board::{self, WaveEntity};
use crate::logic::campaign::estimate::Assumptions;
use crate::logic::campaign::plan_io::{self, Plan};
use crate::logic::campaign::{Kind, PlanItem};
use crate::logic::draft::DraftRow;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

const PER_PAGE: u32 = 100;
const STORAGE_KEY: &str = "campaign-plan";

/// The plan, read from and written to localStorage (other tabs follow).
pub fn use_plan() -> (Signal<Plan>, WriteSignal<Plan>) {
    crate::browser::use_stored(
        STORAGE_KEY,
        |raw| raw.and_then(|t| plan_io::from_json(&t).ok()).unwrap_or_default(),
        plan_io::to_stored_json,
    )
}

/// Changes the plan in browser storage directly: for an answer that arrives after the page was left (a wave's
/// migration was created; the board must find it on return). The stored signal of a page still open follows
/// through the storage event of other tabs only, so this is for a page that is gone.
pub fn update_stored_plan(f: impl FnOnce(&mut Plan)) {
    use crate::browser::storage::{self, Kind};
    let mut plan = storage::get(Kind::Local, STORAGE_KEY).and_then(|t| plan_io::from_json(&t).ok()).unwrap_or_default();
    f(&mut plan);
    storage::set(Kind::Local, STORAGE_KEY, &plan_io::to_stored_json(&plan));
}

/// What the source holds: group paths and projects (sizes and flags read, counts not yet).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    pub groups: Vec<String>,
    pub projects: Vec<PlanItem>,
}

/// Every group and project the user owns on the source, all pages, at most 6 requests in flight.
pub async fn source_catalog(source: &Client, mut progress: impl FnMut(LoadProgress)) -> Result<Catalog, ApiError> {
    let mut catalog = Catalog::default();
    fetch_all_pages(
        |page| {
            let q = BrowseQuery {
                search: String::new(),
                page,
                per_page: PER_PAGE,
                min_access_level: 50,
                top_level_only: false,
            };
            async move { source.list_groups(&q).await }
        },
        PER_PAGE,
        MAX_IN_FLIGHT,
        |_, groups| catalog.groups.extend(groups.into_iter().map(|g| g.full_path).filter(|p| !p.is_empty())),
    )
    .await?;
    fetch_all_pages(
        |page| source.list_projects_with_statistics(page, PER_PAGE),
        PER_PAGE,
        MAX_IN_FLIGHT,
        |p, projects| {
            progress(p);
            catalog.projects.extend(projects.into_iter().filter(|p| !p.path_with_namespace.is_empty()).map(|p| {
                let stats = p.statistics.unwrap_or_default();
                PlanItem {
                    repository_size: stats.repository_size.unwrap_or(0),
                    wiki_size: stats.wiki_size.unwrap_or(0),
                    archived: p.archived == Some(true),
                    personal: p.namespace.and_then(|n| n.kind).as_deref() == Some("user"),
                    ..PlanItem::new(Kind::Project, &p.path_with_namespace)
                }
            }))
        },
    )
    .await?;
    catalog.groups.sort_by_key(|p| p.to_ascii_lowercase());
    catalog.projects.sort_by_key(|p| p.path.to_ascii_lowercase());
    Ok(catalog)
}

/// One project's counts: issues and merge requests (`None` where the source would not tell).
pub type Counts = (String, Result<(Option<u64>, Option<u64>), ApiError>);

/// A run of count reads that can be cancelled (the button, or leaving the page).
#[derive(Clone, Copy)]
pub struct CountRun {
    controller: StoredValue<Option<SendWrapper<web_sys::AbortController>>>,
    pub running: RwSignal<bool>,
    pub done: RwSignal<usize>,
    pub total: RwSignal<usize>,
    pub failed: RwSignal<usize>,
}

impl CountRun {
    pub fn new() -> CountRun {
        let run = CountRun {
            controller: StoredValue::new(None),
            running: RwSignal::new(false),
            done: RwSignal::new(0),
            total: RwSignal::new(0),
            failed: RwSignal::new(0),
        };
        on_cleanup(move || run.cancel());
        run
    }

    pub fn cancel(self) {
        if let Some(Some(c)) = self.controller.try_get_value() {
            c.abort();
        }
        let _ = self.running.try_set(false);
    }

    /// Reads the counts of `paths` on `source`, 6 requests at most in flight; `apply` gets them in batches
    /// (so the stored plan is not rewritten for every answer).
    pub fn start(self, source: Client, paths: Vec<String>, apply: impl Fn(Vec<Counts>) + 'static) {
        self.cancel();
        let Some(controller) = web_sys::AbortController::new().ok() else { return };
        let signal = controller.signal();
        self.controller.set_value(Some(SendWrapper::new(controller)));
        let source = source.cancelled_by(signal.clone());
        self.total.set(paths.len());
        self.done.set(0);
        self.failed.set(0);
        self.running.set(true);
        leptos::task::spawn_local(async move {
            let mut batch: Vec<Counts> = Vec::new();
            let stopped = move || signal.aborted();
            run_bounded(
                paths,
                MAX_IN_FLIGHT,
                |path| {
                    let source = source.clone();
                    async move {
                        let id = encode_component(&path);
                        let issues = source.list_total(&format!("/projects/{id}/issues")).await;
                        let counts = match issues {
                            Ok(i) => source.list_total(&format!("/projects/{id}/merge_requests")).await.map(|m| (i, m)),
                            Err(e) => Err(e),
                        };
                        (path, counts)
                    }
                },
                |result: Counts| {
                    if result.1.is_err() {
                        let _ = self.failed.try_update(|n| *n += 1);
                    }
                    batch.push(result);
                    let _ = self.done.try_update(|n| *n += 1);
                    if batch.len() >= 50 {
                        apply(std::mem::take(&mut batch));
                    }
                },
                stopped,
            )
            .await;
            if !batch.is_empty() {
                apply(batch);
            }
            let _ = self.running.try_set(false);
        });
    }
}

impl Default for CountRun {
    fn default() -> Self {
        CountRun::new()
    }
}

/// The newest finished entities on this destination (one page), for the re-fit.
pub async fn refit_from_finished(client: &Client, a: &Assumptions) -> Result<Option<(Assumptions, usize)>, ApiError> {
    let q = ListQuery { page: 1, per_page: 100, sort: None, status: Some(Status::Finished) };
    let page = client.list_all_entities(&q).await?;
    Ok(board::refitted(&page.items, a))
}

/// Every entity of these migrations, with GitLab's times.
pub type WaveEntities = Vec<WaveEntity>;

/// The entities of the started waves' migrations: up to 6 migrations read at once, each one's pages in turn (at
/// most 6 requests in flight), in the waves' order. A migration another user started (404 to this one) is left
/// out.
pub async fn wave_entities(client: Client, migrations: Vec<u64>) -> Result<WaveEntities, ApiError> {
    let order = migrations.clone();
    let mut read = Vec::new();
    let work = |id: u64| {
        let client = client.clone();
        async move { (id, migration_entities(&client, id).await) }
    };
    run_bounded(migrations, MAX_IN_FLIGHT, work, |r| read.push(r), || false).await;
    read.sort_by_key(|(id, _)| order.iter().position(|o| o == id));
    let mut out = Vec::new();
    for (_, entities) in read {
        match entities {
            Ok(e) => out.extend(e),
            // A co-owner's migration (#27): GitLab shows a migration to the user who started it only.
            Err(ApiError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// One migration's entities, page after page.
async fn migration_entities(client: &Client, id: u64) -> Result<Vec<WaveEntity>, ApiError> {
    let mut out = Vec::new();
    fetch_all_pages(
        |page| {
            let q = ListQuery { page, per_page: PER_PAGE, sort: None, status: None };
            let client = client.clone();
            async move { client.list_bulk_import_entities(id, &q).await }
        },
        PER_PAGE,
        1,
        |_, entities| out.extend(entities.iter().map(|e| WaveEntity::of(id, e))),
    )
    .await?;
    Ok(out)
}

/// The destination paths of a wave's rows that are already taken (GitLab would refuse each with its 422, one by
/// one, after the wave had begun), asked at most 6 at a time under the group `parent_id`. A path the destination
/// would not answer for is not counted: GitLab still checks it when the wave is sent.
pub async fn taken_destinations(client: &Client, rows: &[DraftRow], parent_id: Option<u64>) -> Vec<String> {
    let mut taken = Vec::new();
    run_bounded(
        rows.iter(),
        MAX_IN_FLIGHT,
        |row: &DraftRow| async move {
            let state = super::start::destination_collision(client, row.destination_slug.trim(), parent_id).await;
            (row.destination_full_path(), matches!(state, super::start::CollisionState::Taken { .. }))
        },
        |(path, is_taken)| {
            if is_taken {
                taken.push(path);
            }
        },
        || false,
    )
    .await;
    taken.sort();
    taken
}
