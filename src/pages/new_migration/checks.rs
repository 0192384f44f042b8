//! Pre-flight checks: a verdict and the fix for each thing GitLab would refuse.

use super::{use_start_state, CollisionState, StartState};
use crate::api::Client;
use crate::connection::use_connection;
use crate::data::start;
use crate::i18n::{t_string, use_i18n};
use crate::logic::preflight::{self, Check, CheckKind, Detail, PreflightFacts, SourceFacts, Verdict};
use leptos::prelude::*;

/// Asks both instances what the checks need, then judges. Reads the form once, up front (this runs without
/// context), and the destination collisions last, so that answers which arrived meanwhile count.
pub async fn run_checks(
    state: StartState,
    client: Client,
    can_create_group: bool,
    destination_version: Option<(u32, u32)>,
) -> Vec<Check> {
    let rows = state.draft.with_untracked(|d| d.rows.clone());
    let source = state.source.get_untracked();
    let destination_groups = state.destinations.with_untracked(|g| g.iter().map(|g| g.full_path.clone()).collect());
    let destination_enabled = start::destination_enabled(&client).await;
    let source = match source {
        Some(s) => {
            let exports = start::export_answers(&s.client, &rows).await;
            Some(SourceFacts { version: s.version, scopes: s.scopes, exports })
        }
        None => None,
    };
    let collisions = state.collisions.with_untracked(|c| {
        c.iter()
            .filter_map(|(path, answer)| match answer {
                CollisionState::Free => Some((path.clone(), false)),
                CollisionState::Taken { .. } => Some((path.clone(), true)),
                CollisionState::Checking | CollisionState::Unknown => None,
            })
            .collect()
    });
    preflight::run(&PreflightFacts {
        rows,
        source,
        destination_version,
        destination_enabled,
        can_create_group,
        destination_groups,
        collisions,
    })
}

/// The words after the verdict: a version, scopes or paths.
fn detail_text(detail: &Detail) -> String {
    match detail {
        Detail::None => String::new(),
        Detail::Version(v) => v.clone(),
        Detail::Scopes(items) | Detail::Paths(items) => items.join(", "),
        Detail::Namespaces(namespaces) => {
            let shown: Vec<&str> = namespaces.iter().map(|n| n.as_deref().unwrap_or("(top level)")).collect();
            shown.join(", ")
        }
    }
}

#[component]
pub fn ChecksPanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_start_state();
    let connection = use_connection();
    let running = RwSignal::new(false);
    // The rows and the source as the shown results saw them: edited or (re)connected since, they may no longer
    // hold. Each new set of results (from this button or from Start) is taken against the form as it is then.
    let source_id = move || state.source.with(|s| s.as_ref().map(|s| s.client.base_url().to_string()));
    let checked = RwSignal::new(None::<(super::Draft, Option<String>)>);
    Effect::new(move |_| {
        if state.checks.with(Option::is_some) {
            checked.set(Some((state.draft.get_untracked(), untrack(source_id))));
        }
    });
    let stale = Memo::new(move |_| {
        checked.with(|c| c.as_ref().is_some_and(|(d, s)| state.draft.with(|now| now != d) || source_id() != *s))
    });
    let run = move |_| {
        let Some(session) = connection.session.get_untracked() else {
            return;
        };
        if running.get_untracked() {
            return;
        }
        running.set(true);
        leptos::task::spawn_local(async move {
            let result = run_checks(
                state,
                session.client.clone(),
                session.user.can_create_group.unwrap_or(false),
                session.version.major_minor(),
            )
            .await;
            let _ = state.checks.try_set(Some(result));
            let _ = running.try_set(false);
        });
    };
    view! {
        <div class="card step">
            <h2>{move || t_string!(i18n, step_checks)}</h2>
            <button type="button" class="button" data-testid="run-checks" on:click=run disabled=move || running.get()>
                {move || if running.get() { t_string!(i18n, checking) } else { t_string!(i18n, run_checks) }}
            </button>
            // Present before any result, so that screen readers announce the summary when it arrives.
            <p role="status" class="checks-summary" data-testid="checks-summary">
                {move || {
                    state
                        .checks
                        .with(|checks| {
                            checks
                                .as_ref()
                                .map(|checks| {
                                    let count = |v: Verdict| checks.iter().filter(|c| c.verdict == v).count();
                                    let (passed, unknown) = (count(Verdict::Pass), count(Verdict::Warn));
                                    let failed = count(Verdict::Fail);
                                    t_string!(i18n, checks_summary, passed = passed, unknown = unknown, failed = failed)
                                        .to_string()
                                })
                        })
                }}
            </p>
            <Show when=move || stale.get()>
                <p class="notice notice-warn" data-testid="checks-stale">
                    {move || t_string!(i18n, checks_stale)}
                </p>
            </Show>
            {move || {
                state
                    .checks
                    .get()
                    .map(|checks| {
                        view! {
                            <ul class="checks" data-testid="checks">
                                {checks.into_iter().map(|c| view! { <CheckItem check=c /> }).collect_view()}
                            </ul>
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn CheckItem(check: Check) -> impl IntoView {
    let i18n = use_i18n();
    let (icon, class, verdict) = match check.verdict {
        Verdict::Pass => ("✓", "check check-pass", t_string!(i18n, verdict_pass)),
        Verdict::Fail => ("✕", "check check-fail", t_string!(i18n, verdict_fail)),
        Verdict::Warn => ("?", "check check-unknown", t_string!(i18n, verdict_unknown)),
    };
    let (label, fix) = match check.kind {
        CheckKind::FormValid => (t_string!(i18n, check_form), t_string!(i18n, fix_form)),
        CheckKind::SourceVersion => (t_string!(i18n, check_source_version), t_string!(i18n, fix_source_version)),
        CheckKind::ProjectsSupported => (t_string!(i18n, check_projects), t_string!(i18n, fix_projects)),
        CheckKind::SourceTokenScope => (t_string!(i18n, check_scope), t_string!(i18n, fix_scope)),
        CheckKind::DestinationEnabled => (t_string!(i18n, check_dest_enabled), t_string!(i18n, fix_enabled)),
        CheckKind::SourceEnabled => (t_string!(i18n, check_source_enabled), t_string!(i18n, fix_source_enabled)),
        CheckKind::DestinationPermission => (t_string!(i18n, check_permission), t_string!(i18n, fix_permission)),
        CheckKind::NoCollision => (t_string!(i18n, check_collision), t_string!(i18n, fix_collision)),
    };
    let show_fix = check.verdict != Verdict::Pass;
    let detail = detail_text(&check.detail);
    view! {
        <li class=class>
            <span class="check-icon" aria-hidden="true">
                {icon}
            </span>
            <span class="visually-hidden">{verdict}": "</span>
            <strong>{label}</strong>
            {(!detail.is_empty()).then(|| view! { <span class="muted">" — " {detail.clone()}</span> })}
            {show_fix
                .then(|| {
                    let why = (check.verdict == Verdict::Warn).then(|| t_string!(i18n, check_unknown_advice));
                    // "Cannot tell" is not a failure: say why, and that GitLab checks again.
                    view! {
                        <p class="check-fix">
                            {why
                                .map(|w| {
                                    view! {
                                        {w}
                                        " "
                                    }
                                })} {fix}
                        </p>
                    }
                })}
        </li>
    }
}
