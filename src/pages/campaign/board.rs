//! The board: start the next wave through the start form's queue (`send_batch`: 6 a minute, no duplicates,
//! lost answers looked up) and follow every started wave: done, running, failed and pending entities, elapsed
//! against estimated, a finish time recomputed from the throughput so far, links into each migration.

use super::CampaignState;
use crate::components::error_notice::ErrorNotice;
use crate::components::queue_status::{Phase, QueueStatus};
use crate::connection::use_connection;
use crate::data::campaign::{taken_destinations, wave_entities};
use crate::data::{use_live, PageScope};
use crate::i18n::{t_string, use_i18n};
use crate::logic::campaign::board::{progress, server_span_s, State, WaveEntity};
use crate::logic::campaign::estimate::item_seconds;
use crate::logic::campaign::plan_io::{StartedWave, Starter};
use crate::logic::campaign::steps;
use crate::logic::campaign::{duration_text, PlanItem};
use crate::logic::draft::{self, DraftRow};
use crate::logic::recent_sources::same_instance;
use crate::pages::new_migration::submit::send_batch;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::HashMap;

#[component]
pub fn Board(state: CampaignState) -> impl IntoView {
    let i18n = use_i18n();
    let connection = use_connection();
    let scope = PageScope::new();
    let groups = state.groups;
    let phase = RwSignal::new(Phase::Idle);
    let skip_wait = RwSignal::new(false);
    let server_errors = RwSignal::new(HashMap::new());
    if let Ok(client) = scope.client() {
        let lane = state.lane.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(found) = lane.hold(crate::data::start::destination_groups(&client)).await {
                let _ = groups.try_set(found);
            }
        });
    }
    let busy = Signal::derive(move || phase.with(Phase::busy));
    let source_ok = Signal::derive(move || {
        connection.source.with(|s| {
            s.as_ref()
                .is_some_and(|c| state.plan.with(|p| same_instance(Some(c.base_url()), Some(p.source_url.as_str()))))
        })
    });
    let ready = Signal::derive(move || {
        source_ok.get()
            && !busy.get()
            && state.plan.with(|p| !p.destination_namespace.is_empty())
            && state.waves.with(|w| !w.is_empty())
    });

    let start = move |_| {
        if !ready.get_untracked() {
            return;
        }
        let (Some(session), Some(source)) = (connection.session.get_untracked(), connection.source.get_untracked())
        else {
            return;
        };
        let Some(wave) = state.waves.with_untracked(|w| w.first().cloned()) else { return };
        let items = state.remaining.get_untracked();
        let namespace = state.plan.with_untracked(|p| p.destination_namespace.clone());
        phase.set(Phase::Checking);
        leptos::task::spawn_local(async move {
            let heads: Vec<&PlanItem> = wave.heads.iter().filter_map(|&h| items.get(h)).collect();
            let rows: Vec<DraftRow> = heads
                .iter()
                .enumerate()
                .map(|(n, item)| DraftRow::new(n as u64, item.kind.entity_type(), &item.path, &namespace))
                .collect();
            // Taken destination paths stop the wave before anything is sent (GitLab would refuse them one by one).
            let parent = groups.with_untracked(|g| g.iter().find(|g| g.full_path == namespace).map(|g| g.id));
            let lane = state.lane.get_value();
            let taken = lane.hold(taken_destinations(&session.client, &rows, parent)).await;
            if !taken.is_empty() {
                let mut shown = taken.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
                let more = taken.len().saturating_sub(10);
                if more > 0 {
                    shown = format!("{shown}, {}", t_string!(i18n, campaign_taken_more, n = more));
                }
                let message = if taken.len() == 1 {
                    t_string!(i18n, campaign_taken_one, paths = shown).to_string()
                } else {
                    t_string!(i18n, campaign_taken, n = taken.len(), paths = shown).to_string()
                };
                let _ = phase.try_set(Phase::Failed(message));
                return;
            }
            let started_ms = crate::browser::now_ms();
            // Written to the plan (and to GitLab) before the first request: a tab that closes mid-start leaves a
            // record the next opening reconciles. A co-owner who started the same projects meanwhile wins.
            let newest_before = lane.hold(crate::data::start::newest_migration_id(&session.client)).await.ok();
            let record = StartedWave {
                paths: wave.items.iter().filter_map(|&i| items.get(i)).map(|i| i.path.clone()).collect(),
                started_ms,
                estimate_s: wave.seconds,
                sending: true,
                destinations: rows.iter().map(DraftRow::destination_full_path).collect(),
                newest_before,
                started_by: Some(Starter {
                    name: session.user.name.clone().filter(|n| !n.is_empty()).unwrap_or(session.user.username.clone()),
                    username: session.user.username.clone(),
                }),
                ..StartedWave::default()
            };
            let recorded = state.sync.record(|p| steps::record_start(p, record)).await.is_ok()
                && state.plan.try_with_untracked(|p| steps::is_recorded(p, started_ms)) == Some(true);
            if !recorded {
                state.update(|p| p.started.retain(|w| w.started_ms != started_ms));
                let _ = phase.try_set(Phase::Failed(t_string!(i18n, plan_record_failed).to_string()));
                return;
            }
            let mut carried: Vec<String> = Vec::new();
            let mut failure = None;
            for (kind, batch) in draft::batches(&rows) {
                let sent =
                    send_batch(server_errors, &session.client, &source, kind, &batch, phase, skip_wait, i18n).await;
                match sent {
                    Ok(id) => {
                        // What this migration carries: its heads and everything of the wave under them.
                        carried.extend(
                            wave.items
                                .iter()
                                .filter_map(|&i| items.get(i))
                                .filter(|i| {
                                    batch.iter().any(|r| {
                                        r.source_full_path.eq_ignore_ascii_case(&i.path)
                                            || i.is_under(&r.source_full_path)
                                    })
                                })
                                .map(|i| i.path.clone()),
                        );
                        // Recorded even when the page was left meanwhile: the migration exists on GitLab.
                        state.update_or_store(|p| steps::add_migration(p, started_ms, id));
                    }
                    Err(message) => {
                        failure = Some(message);
                        break;
                    }
                }
            }
            // Completed: what was sent, with its ids (a wave nothing of which was sent is taken out again).
            state.update_or_store(|p| steps::complete(p, started_ms, &carried));
            let _ = state.sync.save().await;
            let _ = phase.try_set(failure.map_or(Phase::Idle, Phase::Failed));
        });
    };

    let ids =
        move || state.plan.with(|p| p.started.iter().flat_map(|w| w.migrations.iter().copied()).collect::<Vec<u64>>());
    let lane = state.lane.get_value();
    let load = move |client, ids| {
        let lane = lane.clone();
        async move { lane.hold(wave_entities(client, ids)).await }
    };
    let entities = use_live(ids, load, |e: &Vec<WaveEntity>| {
        e.is_empty() || e.iter().any(|e| matches!(e.state, State::Pending | State::Running))
    });

    view! {
        <div class="card step" data-testid="campaign-board">
            <h2>{move || t_string!(i18n, campaign_board)}</h2>
            <div class="field">
                <label for="campaign-namespace">{move || t_string!(i18n, campaign_namespace)}</label>
                <select
                    id="campaign-namespace"
                    data-testid="campaign-namespace"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        state.update(|p| p.destination_namespace = v);
                    }
                >
                    <option value="">{move || t_string!(i18n, campaign_namespace_choose)}</option>
                    {move || {
                        groups
                            .get()
                            .into_iter()
                            .map(|g| {
                                let path = g.full_path.clone();
                                let chosen = path.clone();
                                view! {
                                    <option
                                        value=path.clone()
                                        selected=move || state.plan.with(|p| p.destination_namespace == chosen)
                                    >
                                        {path.clone()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <Show when=move || !source_ok.get()>
                <p class="help">{move || t_string!(i18n, campaign_need_source)}</p>
            </Show>
            <p>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="campaign-start-wave"
                    disabled=move || !ready.get()
                    on:click=start
                >
                    {move || {
                        let n = state.plan.with(|p| p.started.len()) + 1;
                        t_string!(i18n, campaign_start_wave, n = n).to_string()
                    }}
                </button>
                " "
                <button
                    type="button"
                    class="button"
                    data-testid="campaign-board-refresh"
                    on:click=move |_| {
                        entities.refresh();
                        state.sync.load();
                    }
                >
                    {move || t_string!(i18n, campaign_refresh)}
                </button>
            </p>
            <div role="status" aria-live="polite" data-testid="campaign-start-status">
                <QueueStatus phase=phase skip_wait=skip_wait say_sending=true />
            </div>
            {move || entities.error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <super::sign_off::SignOff
                state=state
                entities=Signal::derive(move || entities.value().unwrap_or_default())
            />
            <ul class="campaign-board-waves" data-testid="campaign-board-waves">
                {move || {
                    let plan = state.plan.get();
                    let found = entities.value().unwrap_or_default();
                    let me = connection.session.with(|s| s.as_ref().map(|s| s.user.username.clone()));
                    let now = crate::browser::now_ms();
                    plan.started
                        .iter()
                        .enumerate()
                        .map(|(n, w)| {
                            let model: Vec<(String, f64)> = w
                                .paths
                                .iter()
                                .map(|path| {
                                    let s = plan
                                        .items
                                        .iter()
                                        .find(|i| i.path.eq_ignore_ascii_case(path))
                                        .map_or(0.0, |i| item_seconds(i, &plan.assumptions));
                                    (path.clone(), s)
                                })
                                .collect();
                            let of_wave: Vec<&WaveEntity> = found
                                .iter()
                                .filter(|e| w.migrations.contains(&e.migration))
                                .collect();
                            let mine: Vec<(String, State)> = of_wave
                                .iter()
                                .map(|e| (e.path.clone(), e.state))
                                .collect();
                            let span = server_span_s(of_wave.iter().copied());
                            let p = progress(&model, w.estimate_s, &mine, w.started_ms, now, span);
                            let counts = t_string!(
                                i18n, campaign_wave_counts, done = p.done, total = p.total, running = p.running, failed = p.failed, pending = p.pending
                            )
                                .to_string();
                            let time = t_string!(
                                i18n, campaign_wave_time, elapsed = duration_text(p.elapsed_s), estimate = duration_text(w.estimate_s)
                            )
                                .to_string();
                            let finish = if p.finished {
                                t_string!(i18n, campaign_wave_finished).to_string()
                            } else {
                                t_string!(
                                    i18n, campaign_wave_finish, left = duration_text(((p.finish_ms - now).max(0) as f64) / 1000.0)
                                )
                                    .to_string()
                            };
                            let co_owner = w
                                .started_by_other(me.as_deref())
                                .map(|by| t_string!(i18n, plan_wave_co_owner, who = by.name.clone()).to_string());
                            let shared = co_owner.is_some().to_string();
                            view! {
                                <li
                                    data-testid="campaign-board-wave"
                                    data-finished=p.finished.to_string()
                                    data-done=p.done.to_string()
                                    data-co-owner=shared
                                >
                                    <strong>{t_string!(i18n, campaign_wave_n, n = n + 1).to_string()}</strong>
                                    {w
                                        .sending
                                        .then(|| {
                                            view! {
                                                " "
                                                <em>{t_string!(i18n, plan_wave_sending).to_string()}</em>
                                            }
                                        })}
                                    " "
                                    {counts}
                                    " · "
                                    {time}
                                    " · "
                                    {finish}
                                    " "
                                    {w
                                        .migrations
                                        .iter()
                                        .map(|id| {
                                            view! {
                                                " "
                                                <A href=format!("/migrations/{id}")>{format!("#{id}")}</A>
                                            }
                                        })
                                        .collect_view()}
                                    {co_owner
                                        .map(|note| {
                                            view! {
                                                <br />
                                                <span class="muted" data-testid="campaign-wave-co-owner">
                                                    {note}
                                                </span>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
