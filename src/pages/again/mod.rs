//! Import again (`/migrations/:id/again`, `?entity=N` for one entity): a new migration of exactly the failed,
//! timed-out, canceled and partially completed entities of a migration, from the same source. Free destination
//! paths are proposed and checked as the start form checks them; the user may edit them; the source token is
//! asked here (memory only); sending goes through the start form's own queue (`send_batch`: 6 a minute, no
//! duplicates, lost answers looked up).

mod rows;

use crate::api::{Client, Group};
use crate::components::connect_source::ConnectSource;
use crate::components::error_notice::ErrorNotice;
use crate::components::labels::Loading;
use crate::components::queue_status::{Phase, QueueStatus};
use crate::connection::use_connection;
use crate::data::rerun::{collision, destination_groups, migration_with_entities};
use crate::data::start::CollisionState;
use crate::data::PageScope;
use crate::i18n::{t_string, use_i18n};
use crate::logic::draft::{self, DraftRow};
use crate::logic::recent_sources::same_instance;
use crate::logic::rerun;
use crate::pages::new_migration::submit::send_batch;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::collections::{HashMap, HashSet};

/// What the destination said about a row's path.
#[derive(Clone, Debug, PartialEq)]
pub enum RowCheck {
    Checking,
    Free,
    /// The first proposal was taken: `from` is the path GitLab has already.
    Moved {
        from: String,
    },
    /// Taken, and the user chose it: they must change it.
    Taken,
    /// Could not be checked (the server will tell).
    Unknown,
}

/// Shared by the parts of this page.
#[derive(Clone, Copy)]
pub struct AgainState {
    pub rows: RwSignal<Vec<DraftRow>>,
    pub checks: RwSignal<HashMap<u64, RowCheck>>,
    pub server_errors: RwSignal<HashMap<u64, String>>,
    groups: StoredValue<Vec<Group>>,
    taken: StoredValue<HashSet<String>>,
}

impl AgainState {
    /// Asks the destination about row `key`; while it is taken and the path is a proposal, proposes the next.
    pub fn check(self, client: Client, key: u64, proposal: bool) {
        leptos::task::spawn_local(async move {
            let _ = self.checks.try_update(|c| c.insert(key, RowCheck::Checking));
            let mut moved_from: Option<String> = None;
            for _ in 0..8 {
                let Some(row) = self.rows.try_with_untracked(|r| r.iter().find(|r| r.key == key).cloned()).flatten()
                else {
                    return;
                };
                let groups = self.groups.try_get_value().unwrap_or_default();
                let verdict =
                    match collision(&client, &groups, &row.destination_namespace, row.destination_slug.trim()).await {
                        CollisionState::Free => Some(match moved_from.clone() {
                            Some(from) => RowCheck::Moved { from },
                            None => RowCheck::Free,
                        }),
                        CollisionState::Taken { .. } if !proposal => Some(RowCheck::Taken),
                        CollisionState::Taken { .. } => {
                            let mut taken = self.taken.try_get_value().unwrap_or_default();
                            let next = rerun::repropose(&row, &mut taken);
                            let _ = self.taken.try_set_value(taken);
                            moved_from.get_or_insert(row.destination_full_path());
                            let _ = self.rows.try_update(|rows| {
                                if let Some(r) = rows.iter_mut().find(|r| r.key == key) {
                                    r.destination_slug = next;
                                }
                            });
                            None
                        }
                        CollisionState::Checking | CollisionState::Unknown => Some(RowCheck::Unknown),
                    };
                if let Some(v) = verdict {
                    let _ = self.checks.try_update(|c| c.insert(key, v));
                    return;
                }
            }
            let _ = self.checks.try_update(|c| c.insert(key, RowCheck::Unknown));
        });
    }
}

#[component]
pub fn AgainPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let i18n = use_i18n();
    move || {
        let entity = query.with(|q| q.get("entity").and_then(|e| e.parse::<u64>().ok()));
        let freed = query.with(|q| q.get("freed").is_some_and(|f| f == "1"));
        match params.with(|p| p.get("id").and_then(|id| id.parse::<u64>().ok())) {
            Some(id) => view! { <Again id=id entity=entity freed=freed /> }.into_any(),
            None => view! { <p class="notice notice-error">{move || t_string!(i18n, err_not_found)}</p> }.into_any(),
        }
    }
}

#[component]
fn Again(id: u64, entity: Option<u64>, freed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let connection = use_connection();
    let scope = PageScope::new();
    let state = AgainState {
        rows: RwSignal::new(Vec::new()),
        checks: RwSignal::new(HashMap::new()),
        server_errors: RwSignal::new(HashMap::new()),
        groups: StoredValue::new(Vec::new()),
        taken: StoredValue::new(HashSet::new()),
    };
    let source_url: RwSignal<Option<String>> = RwSignal::new(None);
    let loaded = RwSignal::new(false);
    let load_error = RwSignal::new(None);
    crate::components::page_title::use_page_title(Signal::derive(move || {
        t_string!(i18n, again_title, id = id).to_string()
    }));

    // The migration, its entities and the destination groups; then the rows and their checks.
    if let Ok(client) = scope.client() {
        leptos::task::spawn_local(async move {
            let (plan, groups) = futures::join!(migration_with_entities(&client, id), destination_groups(&client));
            let (record, entities) = match plan {
                Ok(p) => p,
                Err(e) => {
                    let _ = load_error.try_set(Some(e));
                    return;
                }
            };
            let _ = state.groups.try_set_value(groups.unwrap_or_default());
            let chosen: Vec<&crate::api::Entity> = match entity {
                Some(eid) => entities.iter().filter(|e| e.id == eid && rerun::qualifies(e)).collect(),
                None => rerun::to_import_again(&entities),
            };
            let rows = rerun::plan_rows_freed(&chosen, &HashSet::new(), freed);
            let keys: Vec<u64> = rows.iter().map(|r| r.key).collect();
            let _ = source_url.try_set(record.source_url);
            let _ = state.rows.try_set(rows);
            let _ = loaded.try_set(true);
            for key in keys {
                state.check(client.clone(), key, true);
            }
        });
    }

    let source_ok = Signal::derive(move || {
        connection
            .source
            .with(|s| s.as_ref().is_some_and(|c| source_url.with(|u| same_instance(Some(c.base_url()), u.as_deref()))))
    });

    view! {
        <section class="start">
            <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs).to_string()>
                <A href="/migrations">{move || t_string!(i18n, migrations_title)}</A>
                " / "
                <A href=format!("/migrations/{id}")>{format!("#{id}")}</A>
            </nav>
            <h1 tabindex="-1">{move || t_string!(i18n, again_title, id = id)}</h1>
            <p class="muted">{move || t_string!(i18n, again_intro)}</p>
            {move || load_error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <Show when=move || loaded.get() fallback=Loading>
                <Show
                    when=move || state.rows.with(|r| !r.is_empty())
                    fallback=move || {
                        view! {
                            <p class="notice notice-info" data-testid="again-none">
                                {move || t_string!(i18n, again_none)}
                            </p>
                        }
                    }
                >
                    <ConnectSource default_url=source_url />
                    <rows::AgainRows state=state />
                    <AgainSubmit state=state source_ok=source_ok />
                </Show>
            </Show>
        </section>
    }
}

#[component]
fn AgainSubmit(state: AgainState, source_ok: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let connection = use_connection();
    let phase = RwSignal::new(Phase::Idle);
    let skip_wait = RwSignal::new(false);
    let created: RwSignal<Vec<u64>> = RwSignal::new(Vec::new());
    let busy = Signal::derive(move || phase.with(Phase::busy));
    let ready = Signal::derive(move || {
        let valid = state.rows.with(|r| !r.is_empty() && draft::validate(r).is_empty());
        let checked = state
            .checks
            .with(|c| c.values().all(|v| matches!(v, RowCheck::Free | RowCheck::Moved { .. } | RowCheck::Unknown)));
        valid && checked && source_ok.get() && created.with(Vec::is_empty)
    });
    let submit = move |_| {
        if busy.get_untracked() || !ready.get_untracked() {
            return;
        }
        let (Some(session), Some(source)) = (connection.session.get_untracked(), connection.source.get_untracked())
        else {
            return;
        };
        phase.set(Phase::Checking);
        leptos::task::spawn_local(async move {
            let rows = state.rows.get_untracked();
            for (kind, batch) in draft::batches(&rows) {
                let sent =
                    send_batch(state.server_errors, &session.client, &source, kind, &batch, phase, skip_wait, i18n)
                        .await;
                match sent {
                    Ok(new_id) => {
                        let _ = created.try_update(|c| c.push(new_id));
                    }
                    Err(message) => {
                        let _ = phase.try_set(Phase::Failed(message));
                        return;
                    }
                }
            }
            let _ = phase.try_set(Phase::Idle);
        });
    };
    view! {
        <div class="card step submit">
            <Show when=move || !source_ok.get()>
                <p class="help">{move || t_string!(i18n, again_need_source)}</p>
            </Show>
            <button
                type="button"
                class="button button-primary"
                data-testid="again-start"
                disabled=move || busy.get() || !ready.get()
                on:click=submit
            >
                {move || t_string!(i18n, again_submit)}
            </button>
            <div role="status" aria-live="polite" data-testid="again-status">
                <QueueStatus phase=phase skip_wait=skip_wait say_sending=true error_testid="again-error" />
                {move || {
                    (!created.with(Vec::is_empty))
                        .then(|| {
                            view! {
                                <p class="notice notice-info" data-testid="again-created">
                                    {move || t_string!(i18n, again_started)}
                                    {created
                                        .get()
                                        .into_iter()
                                        .map(|n| {
                                            view! {
                                                " "
                                                <A href=format!("/migrations/{n}")>{format!("#{n}")}</A>
                                            }
                                        })
                                        .collect_view()}
                                </p>
                            }
                        })
                }}
            </div>
        </div>
    }
}
