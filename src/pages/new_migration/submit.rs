//! Sending: one request per entity type, within GitLab's 6 a minute, never twice for one click, and never a
//! duplicate after a timeout or a reload (the console looks for the migration before sending again).

use super::checks::run_checks;
use super::use_start_state;
use crate::api::{ApiError, Client, EntityType, NewBulkImport, SourceConfiguration};
use crate::browser::storage;
use crate::components::error_notice::error_text_in;
use crate::components::queue_status::{Phase, QueueStatus};
use crate::components::time_text::now_ms;
use crate::connection::use_connection;
use crate::data::start;
use crate::i18n::{t_string, use_i18n};
use crate::logic::draft::{self, DraftRow};
use crate::logic::lost_create::{self, LostCreate, PendingSubmission};
use crate::logic::preflight::blocking;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

const PENDING_KEY: &str = "gmc-pending-submission";
const CREATIONS_KEY: &str = "gmc-creations";

fn save_pending(p: Option<&PendingSubmission>) {
    match p.and_then(|p| serde_json::to_string(p).ok()) {
        Some(json) => storage::set(storage::Kind::Session, PENDING_KEY, &json),
        None => storage::remove(storage::Kind::Session, PENDING_KEY),
    }
}

fn load_pending() -> Option<PendingSubmission> {
    serde_json::from_str(&storage::get(storage::Kind::Session, PENDING_KEY)?).ok()
}

/// When this browser created migrations lately (for the 6-a-minute limit). Not a secret.
fn creations() -> Vec<i64> {
    storage::get(storage::Kind::Local, CREATIONS_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

fn record_creation(at: i64) {
    let mut all: Vec<i64> = creations().into_iter().filter(|t| at - t < draft::RATE_WINDOW_MS).collect();
    all.push(at);
    if let Ok(json) = serde_json::to_string(&all) {
        storage::set(storage::Kind::Local, CREATIONS_KEY, &json);
    }
}

#[component]
pub fn SubmitPanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_start_state();
    let connection = use_connection();
    let navigate = use_navigate();
    let phase = RwSignal::new(Phase::Idle);
    let started: RwSignal<Vec<u64>> = RwSignal::new(Vec::new());
    let skip_wait = RwSignal::new(false);
    let busy = Signal::derive(move || phase.with(Phase::busy));

    let submit = move |_| {
        // One click, one submission: the button is disabled too, but a double click can beat the render.
        if busy.get_untracked() {
            return;
        }
        let Some(session) = connection.session.get_untracked() else {
            return;
        };
        let Some(source) = state.source.get_untracked() else {
            phase.set(Phase::Failed(t_string!(i18n, connect_source_first).to_string()));
            return;
        };
        phase.set(Phase::Checking);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let client = session.client.clone();
            let checks = run_checks(
                state,
                client.clone(),
                session.user.can_create_group.unwrap_or(false),
                session.version.major_minor(),
            )
            .await;
            let blocked = blocking(&checks);
            let _ = state.checks.try_set(Some(checks));
            if blocked {
                let _ = phase.try_set(Phase::Failed(t_string!(i18n, checks_failed).to_string()));
                return;
            }
            let rows = state.draft.with_untracked(|d| d.rows.clone());
            let mut created = Vec::new();
            for (kind, batch) in draft::batches(&rows) {
                let sent =
                    send_batch(state.server_errors, &client, &source.client, kind, &batch, phase, skip_wait, i18n)
                        .await;
                match sent {
                    Ok(id) => {
                        created.push(id);
                        let _ = started.try_update(|s| s.push(id));
                        // Started rows leave the draft, so a retry never sends them again.
                        let keys: Vec<u64> = batch.iter().map(|r| r.key).collect();
                        state.update_draft(|d| d.rows.retain(|r| !keys.contains(&r.key)));
                    }
                    Err(message) => {
                        let _ = phase.try_set(Phase::Failed(message));
                        return;
                    }
                }
            }
            let _ = phase.try_set(Phase::Idle);
            match created.as_slice() {
                [one] => navigate(&format!("/migrations/{one}"), NavigateOptions::default()),
                _ => navigate("/migrations", NavigateOptions::default()),
            }
        });
    };

    view! {
        <div class="card step submit">
            <h2>{move || t_string!(i18n, step_submit)}</h2>
            <p class="help">{move || t_string!(i18n, submit_help)}</p>
            <button
                type="button"
                class="button button-primary"
                data-testid="start-migration"
                disabled=busy
                on:click=submit
            >
                {move || match phase.get() {
                    Phase::Checking => t_string!(i18n, checking).to_string(),
                    Phase::Sending(_) | Phase::Reconciling => t_string!(i18n, starting).to_string(),
                    Phase::Waiting { .. } => t_string!(i18n, waiting).to_string(),
                    _ => t_string!(i18n, start_migration).to_string(),
                }}
            </button>
            <div role="status" aria-live="polite" data-testid="submit-status">
                <QueueStatus phase=phase skip_wait=skip_wait error_testid="submit-error" />
                {move || {
                    (!started.with(Vec::is_empty))
                        .then(|| {
                            view! {
                                <p class="notice notice-info">
                                    {move || t_string!(i18n, started_already)} " "
                                    {started
                                        .get()
                                        .into_iter()
                                        .map(|id| {
                                            view! {
                                                <A href=format!("/migrations/{id}")>{format!("#{id}")}</A>
                                                " "
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

/// Sends one request, waiting for the rate limit first; after a lost answer, finds the migration instead of
/// sending again. Gives the migration's id, or the sentence to show; row-specific refusals also go on their rows.
/// `server_errors` gets GitLab's refusal per row key.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn send_batch(
    server_errors: RwSignal<std::collections::HashMap<u64, String>>,
    client: &Client,
    source: &Client,
    kind: EntityType,
    batch: &[DraftRow],
    phase: RwSignal<Phase>,
    skip_wait: RwSignal<bool>,
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
) -> Result<u64, String> {
    let body = NewBulkImport {
        configuration: SourceConfiguration {
            url: source.base_url().to_string(),
            access_token: source.token().to_string(),
        },
        entities: batch.iter().map(DraftRow::to_new_entity).collect(),
    };
    // An earlier attempt whose answer was lost may have landed since: look before sending again.
    let destinations: Vec<String> = batch.iter().map(DraftRow::destination_full_path).collect();
    if let Some(earlier) = load_pending().filter(|p| p.concerns(&destinations)) {
        let _ = phase.try_set(Phase::Reconciling);
        if let Ok(LostCreate::CreatedLate { migration_id }) = start::find_lost_create(client, &earlier).await {
            save_pending(None);
            record_creation(now_ms());
            return Ok(migration_id);
        }
    }
    let mut after_429 = false;
    loop {
        let mut wait = if after_429 { 60_000 } else { draft::rate_wait_ms(now_ms(), &creations()) };
        let _ = skip_wait.try_set(false);
        while wait > 0 {
            match skip_wait.try_get_untracked() {
                // The page was left during the countdown: nothing is sent behind the user's back.
                None => return Err(t_string!(i18n, submit_abandoned).to_string()),
                Some(true) => break,
                Some(false) => {}
            }
            let _ = phase.try_set(Phase::Waiting { seconds: (wait + 999) / 1000, after_429 });
            gloo_timers::future::TimeoutFuture::new(1_000).await;
            wait -= 1_000;
        }
        let _ = phase.try_set(Phase::Sending(kind));
        let pending = PendingSubmission {
            started_ms: now_ms(),
            destinations: destinations.clone(),
            newest_before: start::newest_migration_id(client).await.ok(),
        };
        save_pending(Some(&pending));
        match start::create_migration(client, &body).await {
            Ok(m) => {
                record_creation(now_ms());
                save_pending(None);
                return Ok(m.id);
            }
            Err(ApiError::RateLimited) => {
                save_pending(None);
                after_429 = true;
            }
            // The answer was lost: it may have been created all the same.
            Err(
                e @ (ApiError::Timeout { .. }
                | ApiError::Network(_)
                | ApiError::Server { .. }
                | ApiError::Malformed { .. }),
            ) => {
                let _ = phase.try_set(Phase::Reconciling);
                // Not found yet is not "never": a slow server may still create it. The pending record stays, so
                // that the next Start looks again before sending.
                return match start::find_lost_create(client, &pending).await {
                    Ok(LostCreate::CreatedLate { migration_id }) => {
                        save_pending(None);
                        record_creation(now_ms());
                        Ok(migration_id)
                    }
                    Ok(LostCreate::NotFound) => {
                        Err(format!("{} {}", error_text_in(i18n, &e), t_string!(i18n, not_started_retry)))
                    }
                    Err(_) => Err(format!("{} {}", error_text_in(i18n, &e), t_string!(i18n, unknown_if_started))),
                };
            }
            Err(e) => {
                save_pending(None);
                let message = match &e {
                    ApiError::BadRequest(m) | ApiError::Unprocessable(m) => Some(m.clone()),
                    _ => None,
                };
                if let Some(m) = &message {
                    let keys = draft::rows_concerned(m, batch);
                    let _ = server_errors.try_update(|errors| {
                        keys.iter().for_each(|k| {
                            errors.insert(*k, m.clone());
                        })
                    });
                }
                return Err(error_text_in(i18n, &e));
            }
        }
    }
}

/// After a reload during a submission: was the migration created? Say so, and drop its rows from the draft.
#[component]
pub fn InterruptedSubmission() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_start_state();
    let connection = use_connection();
    let outcome: RwSignal<Option<Result<LostCreate, ()>>> = RwSignal::new(None);
    if let (Some(pending), Some(client)) = (load_pending(), connection.client()) {
        leptos::task::spawn_local(async move {
            let found = start::find_lost_create(&client, &pending).await;
            save_pending(None);
            if let Ok(decided @ LostCreate::CreatedLate { .. }) = found {
                record_creation(pending.started_ms);
                let rows = state.draft.with_untracked(|d| lost_create::sort_rows(&pending, decided, &d.rows));
                state.update_draft(|d| d.rows.retain(|r| !rows.created_late.contains(&r.key)));
            }
            let _ = outcome.try_set(Some(found.map_err(|_| ())));
        });
    }
    move || {
        outcome.get().map(|o| match o {
            Ok(LostCreate::CreatedLate { migration_id }) => view! {
                <p class="notice notice-info" data-testid="interrupted-found">
                    {move || t_string!(i18n, interrupted_found)}
                    " "
                    <A href=format!("/migrations/{migration_id}")>{format!("#{migration_id}")}</A>
                </p>
            }
            .into_any(),
            Ok(LostCreate::NotFound) => view! {
                <p class="notice notice-warn" data-testid="interrupted-none">
                    {move || t_string!(i18n, interrupted_none)}
                </p>
            }
            .into_any(),
            Err(()) => {
                view! { <p class="notice notice-warn">{move || t_string!(i18n, interrupted_unknown)}</p> }.into_any()
            }
        })
    }
}
