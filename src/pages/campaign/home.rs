//! Where the plan lives (#27): a destination project chosen or created here, the file linked, who changed it
//! last and when, and what the last write met (saved, a co-owner's change merged, a file refused, no right to
//! write). The writing itself is `data::plan_sync`.

use super::CampaignState;
use crate::components::error_notice::ErrorNotice;
use crate::data::plan_store::{self, may_write, PlanHome};
use crate::data::plan_sync::SyncState;
use crate::data::PageScope;
use crate::i18n::{t_string, use_i18n, Locale};
use crate::logic::campaign::merge::NotMerged;
use crate::logic::campaign::plan_file::FileRefusal;
use crate::logic::campaign::size_text;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[component]
pub fn PlanHomeCard(state: CampaignState) -> impl IntoView {
    let i18n = use_i18n();
    let scope = PageScope::new();
    let sync = state.sync;
    let typed = RwSignal::new(String::new());
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);

    let choose = move |create: bool| {
        let path = typed.get_untracked().trim().trim_matches('/').to_string();
        error.set(None);
        let Some((group, name)) = path.rsplit_once('/').filter(|(g, n)| !g.is_empty() && !n.is_empty()) else {
            problem.set(Some(t_string!(i18n, plan_need_path).to_string()));
            return;
        };
        let (group, name) = (group.to_string(), name.to_string());
        let Ok(client) = scope.client() else { return };
        let groups = state.groups.get_untracked();
        let namespace = groups.iter().find(|g| g.full_path.eq_ignore_ascii_case(&group)).map(|g| g.id);
        if create && namespace.is_none() {
            problem.set(Some(t_string!(i18n, plan_cannot_create, group = group).to_string()));
            return;
        }
        problem.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let found = match namespace.filter(|_| create) {
                Some(ns) => plan_store::create_project(&client, &name, ns).await,
                None => plan_store::find_project(&client, &path).await,
            };
            let _ = busy.try_set(false);
            match found {
                Ok(project) => {
                    let writable = may_write(&project, &groups);
                    if !writable {
                        let p = project.path_with_namespace.clone();
                        let _ = problem.try_set(Some(t_string!(i18n, plan_cannot_write, project = p).to_string()));
                    }
                    sync.choose(PlanHome { writable, ..PlanHome::of(&project) });
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };

    let last_change = move || {
        let locale = i18n.get_locale();
        sync.synced.with(|s| {
            let s = s.as_ref()?;
            let who = s.author.clone()?;
            let when = s.authored_at.as_deref().map(|t| crate::components::time_text::local_time(t, locale));
            Some(t_string!(i18n, plan_last_change, who = who, when = when.unwrap_or_default()).to_string())
        })
    };

    view! {
        <div class="card step" data-testid="plan-home">
            <h2>{move || t_string!(i18n, plan_home_title)}</h2>
            {move || match sync.home.get() {
                None => {
                    view! {
                        <p class="help">{t_string!(i18n, plan_home_help, file = plan_store::PLAN_FILE).to_string()}</p>
                        <div class="field">
                            <label for="plan-project">{t_string!(i18n, plan_project_label)}</label>
                            <input
                                id="plan-project"
                                data-testid="plan-project"
                                type="text"
                                placeholder="migrated/migration-campaign"
                                prop:value=move || typed.get()
                                on:input=move |ev| typed.set(event_target_value(&ev))
                            />
                        </div>
                        <p>
                            {[
                                (false, "button button-primary", "plan-use", t_string!(i18n, plan_use).to_string()),
                                (true, "button", "plan-create", t_string!(i18n, plan_create).to_string()),
                            ]
                                .into_iter()
                                .map(|(create, class, id, text)| {
                                    view! {
                                        <button
                                            type="button"
                                            class=class
                                            data-testid=id
                                            disabled=move || busy.get()
                                            on:click=move |_| choose(create)
                                        >
                                            {text}
                                        </button>
                                        " "
                                    }
                                })
                                .collect_view()}
                        </p>
                    }
                        .into_any()
                }
                Some(home) => {
                    let label = format!("{}/{} ({})", home.project_path, home.file, home.branch);
                    view! {
                        <p data-testid="plan-where">
                            {t_string!(i18n, plan_where)} " "
                            <a
                                href=home.file_url()
                                target="_blank"
                                rel="noopener noreferrer"
                                data-testid="plan-file-link"
                            >
                                {label}
                            </a> " "
                            <button
                                type="button"
                                class="button"
                                data-testid="plan-forget"
                                on:click=move |_| sync.forget()
                            >
                                {t_string!(i18n, plan_local_only)}
                            </button>
                        </p>
                        <p class="muted" data-testid="plan-last-change">
                            {last_change}
                        </p>
                    }
                        .into_any()
                }
            }}
            <div role="status" aria-live="polite" data-testid="plan-sync-status">
                {move || problem.get().map(|p| view! { <p class="notice notice-error">{p}</p> })}
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                {move || state_view(
                    i18n,
                    sync.state.get(),
                    sync.home.with(|h| h.as_ref().map(|h| h.project_path.clone())),
                )}
                {move || {
                    sync.note
                        .get()
                        .map(|n| {
                            let who = n.by.clone().unwrap_or_else(|| t_string!(i18n, plan_someone).to_string());
                            let merged = t_string!(i18n, plan_merged, who = who, change = n.theirs.clone()).to_string();
                            let lost: Vec<String> = n.not_merged.iter().map(|x| not_merged_text(i18n, x)).collect();
                            let lost = (!lost.is_empty())
                                .then(|| t_string!(i18n, plan_not_merged, what = lost.join("; ")).to_string());
                            view! {
                                <p class="notice notice-info" data-testid="plan-merge-note">
                                    {merged}
                                    {lost
                                        .map(|l| {
                                            view! {
                                                " "
                                                <strong>{l}</strong>
                                            }
                                        })}
                                </p>
                            }
                        })
                }}
            </div>
        </div>
    }
}

fn state_view(i18n: I18nContext<Locale>, s: SyncState, project: Option<String>) -> impl IntoView {
    let (class, text) = match s {
        SyncState::Local => ("muted", t_string!(i18n, plan_state_local).to_string()),
        SyncState::Loading => ("muted", t_string!(i18n, plan_state_loading).to_string()),
        SyncState::Saving => ("muted", t_string!(i18n, plan_state_saving).to_string()),
        SyncState::Saved => ("muted", t_string!(i18n, plan_state_saved).to_string()),
        SyncState::CannotWrite => (
            "notice notice-error",
            t_string!(i18n, plan_cannot_write, project = project.unwrap_or_default()).to_string(),
        ),
        SyncState::Refused(r) => ("notice notice-error", refusal_text(i18n, &r)),
        SyncState::Failed(e) => return view! { <ErrorNotice error=e /> }.into_any(),
    };
    view! {
        <p class=class data-testid="plan-sync-state">
            {text}
        </p>
    }
    .into_any()
}

fn refusal_text(i18n: I18nContext<Locale>, r: &FileRefusal) -> String {
    match r {
        FileRefusal::TooLarge { bytes, max } => {
            t_string!(i18n, plan_refused_large, size = size_text(*bytes as u64), max = size_text(*max as u64))
                .to_string()
        }
        FileRefusal::InvalidJson { line, reason } => {
            t_string!(i18n, plan_refused_json, line = *line, reason = reason.clone()).to_string()
        }
        FileRefusal::Token { line } => t_string!(i18n, plan_refused_token, line = *line).to_string(),
        FileRefusal::Plan(e) => t_string!(i18n, plan_refused_plan, reason = super::waves::refusal(i18n, e)).to_string(),
    }
}

fn not_merged_text(i18n: I18nContext<Locale>, n: &NotMerged) -> String {
    match n {
        NotMerged::Target => t_string!(i18n, plan_nm_target).to_string(),
        NotMerged::Assumptions => t_string!(i18n, plan_nm_assumptions).to_string(),
        NotMerged::DestinationNamespace => t_string!(i18n, plan_nm_namespace).to_string(),
        NotMerged::SourceUrl => t_string!(i18n, plan_nm_source).to_string(),
        NotMerged::OverlappingWave { wave, shared } => {
            t_string!(i18n, plan_nm_wave, n = *wave, shared = *shared).to_string()
        }
    }
}
