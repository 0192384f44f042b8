//! Keeps the browser's plan and the plan in GitLab together (#27): reads the file when the page opens (and on
//! refresh), writes every change after a short pause (one write at a time, each the newest plan), and lets the
//! board write a wave's start before its first request. A file GitLab holds that is not a plan blocks writes
//! (someone's hand edit is not overwritten) and the browser copy stays in use.

use super::lane::Lane;
use super::plan_store::{self, MergeNote, PlanHome, StoreError, Synced};
use super::scope::PageScope;
use super::start::find_lost_create;
use crate::api::{ApiError, Client};
use crate::logic::campaign::plan_file::FileRefusal;
use crate::logic::campaign::plan_io::{Plan, StartedWave};
use crate::logic::campaign::steps;
use crate::logic::lost_create::{LostCreate, PendingSubmission};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum SyncState {
    /// No project chosen: the plan is in this browser only.
    Local,
    Loading,
    Saving,
    Saved,
    /// The file in GitLab is not a plan: nothing is written until it is fixed.
    Refused(FileRefusal),
    /// The user may not push to the project's default branch.
    CannotWrite,
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct PlanSync {
    pub home: Signal<Option<PlanHome>>,
    set_home: WriteSignal<Option<PlanHome>>,
    plan: Signal<Plan>,
    set_plan: WriteSignal<Plan>,
    pub synced: RwSignal<Option<Synced>>,
    pub state: RwSignal<SyncState>,
    pub note: RwSignal<Option<MergeNote>>,
    /// Writes go one after another, each taking the newest plan.
    writes: StoredValue<Lane>,
    /// Reads share the page's lane (at most 6 requests in flight).
    reads: StoredValue<Lane>,
    scope: PageScope,
    edits: StoredValue<u64>,
}

impl PlanSync {
    pub fn new(plan: Signal<Plan>, set_plan: WriteSignal<Plan>, reads: StoredValue<Lane>) -> PlanSync {
        let (home, set_home) = plan_store::use_plan_home();
        let initial = if home.get_untracked().is_some() { SyncState::Loading } else { SyncState::Local };
        let sync = PlanSync {
            home,
            set_home,
            plan,
            set_plan,
            synced: RwSignal::new(None),
            state: RwSignal::new(initial),
            note: RwSignal::new(None),
            writes: StoredValue::new(Lane::default()),
            reads,
            scope: PageScope::new(),
            edits: StoredValue::new(0),
        };
        sync.load();
        // Every change is written after a short pause (typing a target is one commit, not one per key).
        Effect::new(move |prev: Option<()>| {
            plan.track();
            if prev.is_some() {
                sync.edits.update_value(|n| *n += 1);
                let mine = sync.edits.get_value();
                leptos::task::spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(800).await;
                    if sync.edits.try_get_value() == Some(mine) {
                        let _ = sync.save().await;
                    }
                });
            }
        });
        sync
    }

    fn client(self) -> Option<Client> {
        self.scope.client().ok()
    }

    /// Whether writes may go to GitLab now.
    fn may_write(self) -> bool {
        self.home.try_with_untracked(Option::is_some) == Some(true)
            && !matches!(
                self.state.try_get_untracked(),
                None | Some(SyncState::Refused(_) | SyncState::CannotWrite | SyncState::Loading)
            )
    }

    /// Uses `home` for the plan and reads its file (a project the user may not write to is read only).
    pub fn choose(self, home: PlanHome) {
        self.synced.set(None);
        self.note.set(None);
        self.set_home.set(Some(home));
        self.load();
    }

    /// Back to this browser only.
    pub fn forget(self) {
        self.set_home.set(None);
        self.synced.set(None);
        self.state.set(SyncState::Local);
    }

    /// Reads the file; GitLab's plan is taken (started waves only this browser knows are kept) and written
    /// back if that changed it. No file yet: the browser's plan creates it.
    pub fn load(self) {
        let (Some(home), Some(client)) = (self.home.get_untracked(), self.client()) else { return };
        let lane = self.reads.get_value();
        self.state.set(SyncState::Loading);
        leptos::task::spawn_local(async move {
            let read = lane.hold(plan_store::read(&client, &home)).await;
            match read {
                Ok(Some(theirs)) => {
                    let local = self.plan.get_untracked();
                    let unsaved = self.synced.with_untracked(|s| s.as_ref().is_some_and(|s| s.plan != local));
                    let next = if unsaved {
                        let base =
                            self.synced.with_untracked(|s| s.as_ref().map(|s| s.plan.clone())).unwrap_or_default();
                        crate::logic::campaign::merge::merge(&base, &local, &theirs.plan).plan
                    } else {
                        adopt(&local, &theirs.plan)
                    };
                    let _ = self.synced.try_set(Some(theirs));
                    let _ = self.state.try_set(ready(&home));
                    if next != local {
                        let _ = self.set_plan.try_set(next);
                    }
                    self.reconcile(&client).await;
                    let _ = self.save().await;
                }
                Ok(None) => {
                    let _ = self.synced.try_set(None);
                    let _ = self.state.try_set(ready(&home));
                    let _ = self.save().await;
                }
                Err(StoreError::File(r)) => {
                    let _ = self.state.try_set(SyncState::Refused(r));
                }
                Err(StoreError::Api(e)) => {
                    let _ = self.state.try_set(SyncState::Failed(e));
                }
            }
        });
    }

    /// A wave recorded as sending when the tab closed mid-start: its migrations are looked up among the user's
    /// newest by destination and time (as the start form does with a lost answer), never sent again. One not
    /// found stays recorded (a co-owner's start in progress looks the same).
    async fn reconcile(self, client: &Client) {
        let waves: Vec<StartedWave> = self.plan.with_untracked(|p| {
            p.started.iter().filter(|w| w.sending && !w.destinations.is_empty()).cloned().collect()
        });
        for w in waves {
            let pending = PendingSubmission {
                started_ms: w.started_ms,
                destinations: w.destinations.clone(),
                newest_before: w.newest_before,
            };
            let lane = self.reads.get_value();
            if let Ok(LostCreate::CreatedLate { migration_id }) = lane.hold(find_lost_create(client, &pending)).await {
                let _ = self.set_plan.try_update(|p| steps::found_late(p, w.started_ms, migration_id));
            }
        }
    }

    /// Writes the browser's plan if it differs from GitLab's. `Err` with the state set when it could not.
    pub async fn save(self) -> Result<(), ()> {
        let Some(lane) = self.writes.try_get_value() else { return Err(()) };
        lane.hold(async move {
            if !self.may_write() {
                return if self.home.try_with_untracked(Option::is_some) == Some(true) { Err(()) } else { Ok(()) };
            }
            let (Some(home), Some(client), Some(mine)) =
                (self.home.get_untracked(), self.client(), self.plan.try_get_untracked())
            else {
                return Err(());
            };
            let synced = self.synced.get_untracked();
            if synced.as_ref().is_some_and(|s| s.plan == mine && s.last_commit_id.is_some()) {
                return Ok(());
            }
            let _ = self.state.try_set(SyncState::Saving);
            match plan_store::save(&client, &home, synced.as_ref(), &mine).await {
                Ok((now, note)) => {
                    let merged = now.plan.clone();
                    let _ = self.synced.try_set(Some(now));
                    let _ = self.state.try_set(SyncState::Saved);
                    if note.is_some() {
                        let _ = self.note.try_set(note);
                        let _ = self.set_plan.try_set(merged);
                    }
                    Ok(())
                }
                Err(StoreError::File(r)) => {
                    let _ = self.state.try_set(SyncState::Refused(r));
                    Err(())
                }
                Err(StoreError::Api(e)) => {
                    // The Commits API refuses a push with a 403 (`authorize_push_to_branch!`); older paths a 400.
                    let refused = matches!(&e, ApiError::Forbidden(_))
                        || matches!(&e, ApiError::BadRequest(m) if m.contains(crate::api::repository::NOT_ALLOWED));
                    let _ = self.state.try_set(if refused { SyncState::CannotWrite } else { SyncState::Failed(e) });
                    Err(())
                }
            }
        })
        .await
    }

    /// Changes the plan and writes it to GitLab before returning (a wave's start is recorded before its first
    /// request). `Ok` also when the plan lives in this browser only.
    pub async fn record(self, f: impl FnOnce(&mut Plan)) -> Result<(), ()> {
        self.set_plan.try_update(f).ok_or(())?;
        self.save().await
    }
}

fn ready(home: &PlanHome) -> SyncState {
    if home.writable {
        SyncState::Saved
    } else {
        SyncState::CannotWrite
    }
}

/// GitLab's plan, with any wave only this browser knows that holds migrations (a start GitLab never got must
/// not be forgotten).
fn adopt(local: &Plan, theirs: &Plan) -> Plan {
    let mut out = theirs.clone();
    for w in local.started.iter().filter(|w| !w.migrations.is_empty()) {
        match out.started.iter_mut().find(|t| t.started_ms == w.started_ms) {
            Some(t) => {
                t.migrations
                    .extend(w.migrations.iter().filter(|id| !t.migrations.contains(id)).copied().collect::<Vec<_>>());
                if !w.sending {
                    t.sending = false;
                    t.paths = w.paths.clone();
                }
            }
            None => out.started.push(w.clone()),
        }
    }
    out.started.sort_by_key(|w| w.started_ms);
    out
}
