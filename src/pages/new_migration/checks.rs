//! Pre-flight checks: a verdict and the fix for each thing GitLab would refuse.

use super::{use_start_state, CollisionState, StartState};
use crate::api::{ApiError, EntityType, ListQuery};
use crate::connection::use_connection;
use crate::i18n::{t_string, use_i18n};
use crate::logic::draft;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// GitLab cannot tell (older version) or the check could not run: not a blocker.
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    FormValid,
    SourceVersion,
    ProjectsSupported,
    SourceTokenScope,
    DestinationEnabled,
    SourceEnabled,
    DestinationPermission,
    NoCollision,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub kind: CheckKind,
    pub verdict: Verdict,
    /// Paths or the server's words, shown after the verdict.
    pub detail: String,
}

fn check(kind: CheckKind, verdict: Verdict, detail: impl Into<String>) -> Check {
    Check { kind, verdict, detail: detail.into() }
}

/// Runs every check against both instances. Reads the state once, up front (this runs without context).
pub async fn run_checks(state: StartState, client: crate::api::Client, can_create_group: bool, destination_version: Option<(u32, u32)>) -> Vec<Check> {
    let rows = state.draft.with_untracked(|d| d.rows.clone());
    let source = state.source.get_untracked();
    let destinations = state.destinations.get_untracked();
    let mut out = Vec::new();

    let problems = draft::validate(&rows);
    out.push(check(CheckKind::FormValid, if problems.is_empty() && !rows.is_empty() { Verdict::Pass } else { Verdict::Fail }, ""));

    let source_version = source.as_ref().and_then(|s| s.version.major_minor());
    out.push(match (&source, draft::version_at_least(source_version, (14, 0))) {
        (None, _) => check(CheckKind::SourceVersion, Verdict::Fail, ""),
        (Some(s), Some(true)) => check(CheckKind::SourceVersion, Verdict::Pass, s.version.version.clone()),
        (Some(s), Some(false)) => check(CheckKind::SourceVersion, Verdict::Fail, s.version.version.clone()),
        (Some(s), None) => check(CheckKind::SourceVersion, Verdict::Unknown, s.version.version.clone()),
    });
    if rows.iter().any(|r| r.kind == EntityType::Project) {
        let ok = draft::version_at_least(source_version, (14, 4)).zip(draft::version_at_least(destination_version, (15, 11))).map(|(a, b)| a && b);
        out.push(check(CheckKind::ProjectsSupported, match ok { Some(true) => Verdict::Pass, Some(false) => Verdict::Fail, None => Verdict::Unknown }, ""));
    }
    out.push(match source.as_ref().map(|s| s.scopes.clone()) {
        None => check(CheckKind::SourceTokenScope, Verdict::Fail, ""),
        Some(None) => check(CheckKind::SourceTokenScope, Verdict::Unknown, ""),
        Some(Some(scopes)) if scopes.iter().any(|s| s == "api") => check(CheckKind::SourceTokenScope, Verdict::Pass, scopes.join(", ")),
        Some(Some(scopes)) => check(CheckKind::SourceTokenScope, Verdict::Fail, scopes.join(", ")),
    });
    out.push(match client.list_bulk_imports(&ListQuery::page(1, 1)).await {
        Ok(_) => check(CheckKind::DestinationEnabled, Verdict::Pass, ""),
        Err(ApiError::FeatureDisabled) => check(CheckKind::DestinationEnabled, Verdict::Fail, ""),
        Err(_) => check(CheckKind::DestinationEnabled, Verdict::Unknown, ""),
    });
    // GitLab checks the first entity of a request; the console sends one request per type.
    if let Some(s) = &source {
        let mut verdict = Verdict::Pass;
        let mut detail = Vec::new();
        for kind in [EntityType::Group, EntityType::Project] {
            let Some(first) = rows.iter().find(|r| r.kind == kind && draft::valid_full_path(r.source_full_path.trim())) else { continue };
            match s.client.export_relations_status(kind, first.source_full_path.trim()).await {
                Ok(()) => {}
                Err(ApiError::NotFound | ApiError::Forbidden(_)) => {
                    verdict = Verdict::Fail;
                    detail.push(first.source_full_path.clone());
                }
                Err(_) => {
                    if verdict == Verdict::Pass {
                        verdict = Verdict::Unknown;
                    }
                }
            }
        }
        out.push(check(CheckKind::SourceEnabled, verdict, detail.join(", ")));
    } else {
        out.push(check(CheckKind::SourceEnabled, Verdict::Fail, ""));
    }
    let refused: Vec<String> = rows
        .iter()
        .filter(|r| {
            let ns = r.destination_namespace.trim().trim_matches('/');
            if ns.is_empty() {
                !(r.kind == EntityType::Group && can_create_group)
            } else {
                !destinations.iter().any(|g| g.full_path.eq_ignore_ascii_case(ns))
            }
        })
        .map(|r| if r.destination_namespace.trim().is_empty() { t_top_level() } else { r.destination_namespace.trim().to_string() })
        .collect();
    out.push(check(CheckKind::DestinationPermission, if refused.is_empty() { Verdict::Pass } else { Verdict::Fail }, dedup(refused).join(", ")));
    let collisions = state.collisions.get_untracked();
    let mut verdict = Verdict::Pass;
    let mut taken = Vec::new();
    for r in &rows {
        match collisions.get(&r.destination_full_path().to_ascii_lowercase()) {
            Some(CollisionState::Free) => {}
            Some(CollisionState::Taken { .. }) => {
                verdict = Verdict::Fail;
                taken.push(r.destination_full_path());
            }
            _ if verdict == Verdict::Pass => verdict = Verdict::Unknown,
            _ => {}
        }
    }
    out.push(check(CheckKind::NoCollision, verdict, taken.join(", ")));
    out
}

fn t_top_level() -> String {
    "(top level)".into()
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

pub fn blocking(checks: &[Check]) -> bool {
    checks.iter().any(|c| c.verdict == Verdict::Fail)
}

#[component]
pub fn ChecksPanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_start_state();
    let connection = use_connection();
    let running = RwSignal::new(false);
    let run = move |_| {
        let Some(session) = connection.session.get_untracked() else { return };
        if running.get_untracked() {
            return;
        }
        running.set(true);
        leptos::task::spawn_local(async move {
            let result = run_checks(state, session.client.clone(), session.user.can_create_group.unwrap_or(false), session.version.major_minor()).await;
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
            {move || state.checks.get().map(|checks| view! {
                <ul class="checks" data-testid="checks">
                    {checks.into_iter().map(|c| view! { <CheckItem check=c/> }).collect_view()}
                </ul>
            })}
        </div>
    }
}

#[component]
fn CheckItem(check: Check) -> impl IntoView {
    let i18n = use_i18n();
    let (icon, class, verdict) = match check.verdict {
        Verdict::Pass => ("✓", "check check-pass", t_string!(i18n, verdict_pass)),
        Verdict::Fail => ("✕", "check check-fail", t_string!(i18n, verdict_fail)),
        Verdict::Unknown => ("?", "check check-unknown", t_string!(i18n, verdict_unknown)),
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
    view! {
        <li class=class>
            <span class="check-icon" aria-hidden="true">{icon}</span>
            <span class="visually-hidden">{verdict}": "</span>
            <strong>{label}</strong>
            {(!check.detail.is_empty()).then(|| view! { <span class="muted">" — " {check.detail.clone()}</span> })}
            {show_fix.then(|| view! { <p class="check-fix">{fix}</p> })}
        </li>
    }
}
