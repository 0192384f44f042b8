//! The inventory: connect the source, load what the user owns there, select by filter, read the counts (at most
//! 6 requests in flight, with progress and cancel), and say what is flagged and why.

use super::CampaignState;
use crate::components::connect_source::ConnectSource;
use crate::components::error_notice::ErrorNotice;
use crate::components::progress_bar::ProgressBar;
use crate::connection::use_connection;
use crate::data::campaign::{source_catalog, CountRun, Counts};
use crate::i18n::{t_string, use_i18n};
use crate::logic::campaign::flags::{self, Flag};
use crate::logic::campaign::{size_text, Kind, PlanItem};
use leptos::prelude::*;
use std::collections::HashSet;

/// Matches shown under the filter (selecting all matching takes every one, shown or not).
const SHOWN: usize = 12;

#[component]
pub fn Inventory(state: CampaignState) -> impl IntoView {
    let i18n = use_i18n();
    let connection = use_connection();
    let loading = RwSignal::new(false);
    let pages = RwSignal::new((0u32, None::<u32>));
    let load_error = RwSignal::new(None);
    let filter = RwSignal::new(String::new());
    let run = CountRun::new();
    // "Counts read: 12 of 360 (0 unreadable)" beside its bar.
    let percent = Signal::derive(move || {
        let (done, total) = (run.done.get(), run.total.get());
        (total > 0).then(|| (done.min(total) * 100 / total) as u8)
    });
    let label = Signal::derive(move || {
        let (done, total, failed) = (run.done.get(), run.total.get(), run.failed.get());
        t_string!(i18n, campaign_read_progress, done = done, total = total, failed = failed).to_string()
    });
    let default_url = Signal::derive(move || Some(state.plan.with(|p| p.source_url.clone())).filter(|u| !u.is_empty()));

    let load = move |_| {
        let Some(source) = connection.source.get_untracked() else { return };
        loading.set(true);
        load_error.set(None);
        leptos::task::spawn_local(async move {
            let result = source_catalog(&source, |p| {
                let _ = pages.try_set((p.pages_done, p.pages_total));
            })
            .await;
            match result {
                Ok(catalog) => {
                    let url = source.base_url().to_string();
                    state.update(|p| p.source_url = url);
                    let _ = state.catalog.try_set(Some(catalog));
                }
                Err(e) => {
                    let _ = load_error.try_set(Some(e));
                }
            }
            let _ = loading.try_set(false);
        });
    };

    // Matching groups and projects of the catalogue (case-insensitive substring of the path).
    let matches = Memo::new(move |_| {
        let needle = filter.get().trim().to_ascii_lowercase();
        state.catalog.with(|c| {
            let Some(c) = c else { return (Vec::new(), Vec::new()) };
            let hit = |p: &str| needle.is_empty() || p.to_ascii_lowercase().contains(&needle);
            let groups: Vec<String> = c.groups.iter().filter(|g| hit(g)).cloned().collect();
            let projects: Vec<String> = c.projects.iter().filter(|p| hit(&p.path)).map(|p| p.path.clone()).collect();
            (groups, projects)
        })
    });
    let selected = Memo::new(move |_| {
        state.plan.with(|p| p.items.iter().map(|i| (i.kind, i.path.to_ascii_lowercase())).collect::<HashSet<_>>())
    });
    let select_all = move |_| {
        let (groups, projects) = matches.get_untracked();
        select(state, &groups, &projects);
    };
    let toggle = move |kind: Kind, path: String| {
        let on = selected.with_untracked(|s| s.contains(&(kind, path.to_ascii_lowercase())));
        if on {
            state.update(|p| p.items.retain(|i| !(i.kind == kind && i.path.eq_ignore_ascii_case(&path))));
        } else if kind == Kind::Group {
            select(state, &[path], &[]);
        } else {
            select(state, &[], &[path]);
        }
    };
    let read = move |_| {
        let Some(source) = connection.source.get_untracked() else { return };
        let paths: Vec<String> = state.plan.with_untracked(|p| {
            p.items.iter().filter(|i| i.kind == Kind::Project && !i.read).map(|i| i.path.clone()).collect()
        });
        run.start(source, paths, move |batch: Vec<Counts>| apply_counts(state, batch));
    };
    let counts = Memo::new(move |_| {
        state.plan.with(|p| {
            let groups = p.items.iter().filter(|i| i.kind == Kind::Group).count();
            let projects = p.items.len() - groups;
            let unread = p.items.iter().filter(|i| i.kind == Kind::Project && !i.read).count();
            (groups, projects, unread)
        })
    });

    let can_read = move || connection.source.with(Option::is_some) && counts.get().2 != 0 && !loading.get();
    view! {
        <div class="card step" data-testid="campaign-inventory">
            <h2>{move || t_string!(i18n, campaign_inventory)}</h2>
            <ConnectSource default_url=default_url />
            <Show when=move || connection.source.with(Option::is_some)>
                <p>
                    <button
                        type="button"
                        class="button"
                        data-testid="campaign-load"
                        disabled=move || loading.get()
                        on:click=load
                    >
                        {move || t_string!(i18n, campaign_load)}
                    </button>
                    " "
                    <span role="status" class="muted">
                        {move || {
                            loading
                                .get()
                                .then(|| {
                                    let (done, total) = pages.get();
                                    t_string!(
                                        i18n, campaign_loading, done = done, total = total.map(|t| t.to_string()).unwrap_or_else(|| "?".into())
                                    )
                                        .to_string()
                                })
                        }}
                    </span>
                </p>
            </Show>
            {move || load_error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || {
                state
                    .catalog
                    .with(|c| {
                        c.as_ref()
                            .map(|c| {
                                t_string!(i18n, campaign_catalog, groups = c.groups.len(), projects = c.projects.len())
                                    .to_string()
                            })
                    })
                    .map(|text| {
                        view! {
                            <p data-testid="campaign-catalog">{text}</p>
                            <div class="field">
                                <label for="campaign-filter">{move || t_string!(i18n, campaign_filter)}</label>
                                <input
                                    id="campaign-filter"
                                    type="search"
                                    data-testid="campaign-filter"
                                    prop:value=move || filter.get()
                                    on:input=move |ev| filter.set(event_target_value(&ev))
                                />
                            </div>
                            <p>
                                <button
                                    type="button"
                                    class="button"
                                    data-testid="campaign-select-matching"
                                    on:click=select_all
                                >
                                    {move || {
                                        let (g, p) = matches.with(|(g, p)| (g.len(), p.len()));
                                        t_string!(i18n, campaign_select_matching, groups = g, projects = p).to_string()
                                    }}
                                </button>
                            </p>
                            <ul class="campaign-matches" data-testid="campaign-matches">
                                {move || {
                                    let (groups, projects) = matches.get();
                                    let rows: Vec<(Kind, String)> = groups
                                        .into_iter()
                                        .map(|g| (Kind::Group, g))
                                        .chain(projects.into_iter().map(|p| (Kind::Project, p)))
                                        .take(SHOWN)
                                        .collect();
                                    rows.into_iter()
                                        .map(|(kind, path)| {
                                            let key = (kind, path.to_ascii_lowercase());
                                            let label = format!("{} ({})", path, kind.as_str());
                                            let p = path.clone();
                                            view! {
                                                <li>
                                                    <label>
                                                        <input
                                                            type="checkbox"
                                                            prop:checked=move || selected.with(|s| s.contains(&key))
                                                            on:change=move |_| toggle(kind, p.clone())
                                                        />
                                                        " "
                                                        {label}
                                                    </label>
                                                </li>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </ul>
                        }
                    })
            }}
            <p data-testid="campaign-selected">
                {move || {
                    let (g, p, _) = counts.get();
                    t_string!(i18n, campaign_selected, groups = g, projects = p).to_string()
                }} " "
                <button
                    type="button"
                    class="button button-small"
                    disabled=move || state.plan.with(|p| p.items.is_empty() || !p.started.is_empty())
                    on:click=move |_| state.update(|p| p.items.clear())
                >
                    {move || t_string!(i18n, campaign_clear)}
                </button>
            </p>
            <Show when=can_read>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="campaign-read"
                    disabled=move || run.running.get()
                    on:click=read
                >
                    {move || t_string!(i18n, campaign_read, n = counts.get().2)}
                </button>
            </Show>
            <div role="status" aria-live="polite" data-testid="campaign-read-status">
                {move || {
                    (run.total.get() > 0)
                        .then(|| {
                            view! {
                                <div>
                                    <ProgressBar percent=percent label=label />
                                    " "
                                    <Show when=move || run.running.get()>
                                        <button
                                            type="button"
                                            class="button button-small"
                                            data-testid="campaign-read-cancel"
                                            on:click=move |_| run.cancel()
                                        >
                                            {move || t_string!(i18n, campaign_cancel)}
                                        </button>
                                    </Show>
                                </div>
                            }
                        })
                }}
            </div>
            <Flags state=state />
        </div>
    }
}

/// Adds groups (with every catalogue project under them) and projects not in the plan yet.
fn select(state: CampaignState, groups: &[String], projects: &[String]) {
    let catalog = state.catalog.get_untracked().unwrap_or_default();
    state.update(|plan| {
        let mut have: HashSet<(Kind, String)> =
            plan.items.iter().map(|i| (i.kind, i.path.to_ascii_lowercase())).collect();
        let mut add = |item: PlanItem, plan: &mut crate::logic::campaign::plan_io::Plan| {
            // A plan above the file limit could not be read back after a reload: the selection stops there.
            if plan.items.len() >= crate::logic::campaign::plan_io::MAX_ITEMS {
                return;
            }
            if have.insert((item.kind, item.path.to_ascii_lowercase())) {
                plan.items.push(item);
            }
        };
        for g in groups {
            add(PlanItem::new(Kind::Group, g), plan);
            let group = PlanItem::new(Kind::Group, g);
            for p in catalog.projects.iter().filter(|p| p.is_under(&group.path)) {
                add(p.clone(), plan);
            }
        }
        for path in projects {
            if let Some(p) = catalog.projects.iter().find(|p| p.path.eq_ignore_ascii_case(path)) {
                add(p.clone(), plan);
            }
        }
    });
}

fn apply_counts(state: CampaignState, batch: Vec<Counts>) {
    state.update(|plan| {
        for (path, result) in batch {
            let Ok((issues, mrs)) = result else { continue };
            if let Some(item) = plan.items.iter_mut().find(|i| i.kind == Kind::Project && i.path == path) {
                // Over 10,000 GitLab leaves the total out: count it as 10,000 (the estimate says "at least").
                item.issues = issues.unwrap_or(10_000);
                item.merge_requests = mrs.unwrap_or(10_000);
                item.read = true;
            }
        }
    });
}

#[component]
fn Flags(state: CampaignState) -> impl IntoView {
    let i18n = use_i18n();
    let counts = Memo::new(move |_| state.plan.with(|p| flags::counts(&p.items, &p.assumptions)));
    let biggest = Memo::new(move |_| state.plan.with(|p| p.items.iter().map(|i| i.repository_size).max().unwrap_or(0)));
    view! {
        <Show when=move || state.plan.with(|p| !p.items.is_empty())>
            <h3>{move || t_string!(i18n, campaign_flags)}</h3>
            <ul class="campaign-flags" data-testid="campaign-flags">
                {move || {
                    counts
                        .get()
                        .into_iter()
                        .map(|(flag, n)| {
                            let (name, why) = match flag {
                                Flag::HugeRepository => {
                                    (t_string!(i18n, flag_huge).to_string(), t_string!(i18n, flag_huge_why).to_string())
                                }
                                Flag::PersonalNamespace => {
                                    (
                                        t_string!(i18n, flag_personal).to_string(),
                                        t_string!(i18n, flag_personal_why).to_string(),
                                    )
                                }
                                Flag::Archived => {
                                    (
                                        t_string!(i18n, flag_archived).to_string(),
                                        t_string!(i18n, flag_archived_why).to_string(),
                                    )
                                }
                                Flag::NearTimeout => {
                                    (
                                        t_string!(i18n, flag_timeout).to_string(),
                                        t_string!(i18n, flag_timeout_why).to_string(),
                                    )
                                }
                            };
                            view! {
                                <li data-flag=format!("{flag:?}") data-count=n.to_string()>
                                    <strong>{format!("{name}: {n}")}</strong>
                                    " — "
                                    {why}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="muted">
                {move || t_string!(i18n, campaign_biggest, size = size_text(biggest.get())).to_string()}
            </p>
        </Show>
    }
}
