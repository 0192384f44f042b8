//! Complete the move (#26): per finished group and project of a migration, its CI/CD variables, webhooks and
//! deploy keys on the source against the destination, what needs a person, and a copy of what the API can
//! carry, after the user chose kinds, entities and overwrites.

mod cutover;
mod report;
mod rows;
mod tokens;

use crate::api::Entity;
use crate::components::connect_source::ConnectSource;
use crate::components::error_notice::ErrorNotice;
use crate::components::progress_bar::ProgressBar;
use crate::components::report_download::ReportDownload;
use crate::components::show_more::ShowMore;
use crate::data::complete::{Choices, Compared, Completion, Picks, RowKey};
use crate::data::migration::use_migration;
use crate::data::verify::RunState;
use crate::i18n::{t_string, use_i18n};
use crate::logic::complete::{SettingKind, Tally};
use cutover::{CleanupSection, CutOverSection};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use rows::{EntityCard, Filter};
use std::collections::HashSet;
use std::sync::Arc;

/// Groups and projects rendered at first, and added by each "Show more".
pub(crate) const SHOWN_STEP: usize = 50;

#[component]
pub fn CompletePage() -> impl IntoView {
    let params = use_params_map();
    let i18n = use_i18n();
    move || match params.with(|p| p.get("id").and_then(|id| id.parse::<u64>().ok())) {
        Some(id) => view! { <CompleteView id=id /> }.into_any(),
        None => view! { <p class="notice notice-error">{move || t_string!(i18n, err_not_found)}</p> }.into_any(),
    }
}

/// What the user chose: kinds to copy, entities left out, differing items to overwrite.
#[derive(Clone, Copy)]
pub(crate) struct Choice {
    pub kinds: RwSignal<HashSet<SettingKind>>,
    pub skipped: RwSignal<HashSet<u64>>,
    pub overwrite: RwSignal<HashSet<RowKey>>,
    pub filter: RwSignal<Filter>,
}

impl Choice {
    /// What is chosen now (tracked).
    fn snapshot(&self) -> Choices {
        Choices { kinds: self.kinds.get(), skipped: self.skipped.get(), overwrite: self.overwrite.get() }
    }
}

#[component]
fn CompleteView(id: u64) -> impl IntoView {
    let i18n = use_i18n();
    let import = use_migration(id);
    let run = Completion::new(id);
    crate::components::page_title::use_page_title(Signal::derive(move || {
        t_string!(i18n, complete_title, id = id).to_string()
    }));
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        import.value().map(|m| run.start(m.source_url.clone())).is_some()
    });
    // The source connected in place: its side is read (the destination's, when already read, is kept).
    let connection = crate::connection::use_connection();
    Effect::new(move |seen: Option<bool>| {
        let connected = connection.source.with(Option::is_some);
        if connected && seen == Some(false) && !run.source_read.get_untracked() {
            match untrack(|| run.state.get()) {
                RunState::Done => run.add_source(),
                _ => run.start(untrack(|| import.value()).and_then(|m| m.source_url)),
            }
        }
        connected
    });
    let choice = Choice {
        kinds: RwSignal::new(SettingKind::ALL.into_iter().collect()),
        skipped: RwSignal::new(HashSet::new()),
        overwrite: RwSignal::new(HashSet::new()),
        filter: RwSignal::new(Filter::All),
    };
    let rows = Memo::new_with_compare(move |_| run.rows(), rows_changed);
    let tally = Memo::new(move |_| {
        let mut t = Tally::default();
        rows.with(|r| r.iter().flat_map(|(_, kinds)| kinds.iter()).for_each(|k| t.add(Tally::of(&k.items))));
        t
    });
    // What "Copy" sends (`Choices::wants`): counted on every change, drawn one by one when clicked.
    let chosen_count = Memo::new(move |prev: Option<&usize>| {
        // Not while a copy runs (the button is hidden): every batch of results would count 25,000 items again.
        if run.copy_progress.with(Option::is_some) {
            return prev.copied().unwrap_or(0);
        }
        let choices = choice.snapshot();
        run.results.with(|results| {
            rows.with(|r| Picks::new(r.clone(), choices, |c, e, k, i| c.wants(results, e, k, i)).count())
        })
    });
    let copy = Callback::new(move |_| {
        let (rows, choices, total) = untrack(|| (rows.get(), choice.snapshot(), chosen_count.get()));
        run.copy_chosen(rows, choices, total);
    });
    // Entities with something to do first, SHOWN_STEP at a time; the summary above counts them all.
    let shown = RwSignal::new(SHOWN_STEP);
    let order = Memo::new(move |_| {
        rows.with(|r| {
            let mut order: Vec<(bool, usize)> = r
                .iter()
                .enumerate()
                .map(|(i, (_, kinds))| {
                    let t = kinds.iter().fold(Tally::default(), |mut t, k| {
                        t.add(Tally::of(&k.items));
                        t
                    });
                    (t.needs_person + t.missing + t.differs == 0, i)
                })
                .collect();
            order.sort();
            order.into_iter().map(|(_, i)| i).collect::<Vec<_>>()
        })
    });
    let visible = Memo::new_with_compare(
        move |_| {
            let n = shown.get();
            rows.with(|r| order.with(|o| o.iter().take(n).filter_map(|i| r.get(*i).cloned()).collect::<Vec<_>>()))
        },
        rows_changed,
    );
    let total_entities = Memo::new(move |_| rows.with(Vec::len));
    let percent = Signal::derive(move || {
        let (done, total) = (run.done.get(), run.total.get());
        (total > 0).then(|| ((done.min(total) * 100) / total) as u8)
    });
    let progress_label = Signal::derive(move || match run.state.get() {
        RunState::LoadingEntities | RunState::Idle => t_string!(i18n, complete_loading).to_string(),
        _ => t_string!(i18n, complete_progress, done = run.done.get(), total = run.total.get()).to_string(),
    });
    let source_url = Signal::derive(move || import.value().and_then(|m| m.source_url.clone()));
    let copying = Signal::derive(move || run.copy_progress.get().is_some());
    let build = Callback::new(move |_| report::make_report(id, import.value(), run));
    let ready = Signal::derive(move || run.state.get() == RunState::Done && !copying.get());

    view! {
        <section data-testid="complete">
            <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs).to_string()>
                <A href="/migrations">{move || t_string!(i18n, migrations_title)}</A>
                " / "
                <A href=format!("/migrations/{id}")>{format!("#{id}")}</A>
            </nav>
            <h1 tabindex="-1">{move || t_string!(i18n, complete_title, id = id)}</h1>
            <p class="muted">{move || t_string!(i18n, complete_intro)}</p>
            {move || import.error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <Show when=move || !run.source_read.get()>
                <p class="notice notice-info" data-testid="complete-source-missing">
                    {move || t_string!(i18n, complete_source_missing)}
                </p>
                <ConnectSource default_url=source_url />
            </Show>
            <div class="card" data-testid="complete-progress" data-state=move || format!("{:?}", run.state.get())>
                <Show when=move || run.is_reading()>
                    <ProgressBar percent=percent label=progress_label />
                </Show>
                <Show when=move || run.is_reading() || (copying.get() && !run.copy_stopping.get())>
                    <button
                        type="button"
                        class="button button-small"
                        data-testid="complete-stop"
                        on:click=move |_| run.stop()
                    >
                        {move || t_string!(i18n, complete_stop)}
                    </button>
                </Show>
                <Show when=move || copying.get() && run.copy_stopping.get()>
                    <p class="notice notice-info" role="status" data-testid="complete-stopping">
                        {move || t_string!(i18n, complete_stopping)}
                    </p>
                </Show>
                <Show when=move || run.state.get() == RunState::Canceled>
                    <p class="notice notice-info" role="status">
                        {move || t_string!(i18n, complete_stopped)}
                    </p>
                </Show>
                <Show when=move || run.state.get() == RunState::Failed>
                    <p class="notice notice-error" role="alert">
                        {move || t_string!(i18n, complete_failed)}
                    </p>
                    {move || run.loader.error.get().map(|e| view! { <ErrorNotice error=e /> })}
                </Show>
                <p data-testid="complete-summary" role="status">
                    {move || {
                        let t = tally.get();
                        t_string!(
                            i18n, complete_summary, needs = t.needs_person, missing = t.missing, differs = t.differs, same = t.same
                        )
                            .to_string()
                    }}
                </p>
                <Show when=move || !run.is_reading() && !copying.get()>
                    <button
                        type="button"
                        class="button button-small"
                        data-testid="complete-again"
                        on:click=move |_| run.start(import.value().and_then(|m| m.source_url))
                    >
                        {move || t_string!(i18n, complete_again)}
                    </button>
                </Show>
                <ReportDownload migration_id=id make_report=build ready=ready />
            </div>
            <CopyBar run=run choice=choice count=chosen_count copy=copy />
            <Show when=move || run.state.get() == RunState::Done && rows.with(Vec::is_empty)>
                <p class="muted" data-testid="complete-none">
                    {move || t_string!(i18n, complete_no_entities)}
                </p>
            </Show>
            <Show when=move || total_entities.get().gt(&SHOWN_STEP)>
                <p class="muted" data-testid="complete-shown">
                    {move || t_string!(i18n, verify_differences_first)}
                    " "
                    {move || {
                        t_string!(
                            i18n, verify_shown, shown = shown.get().min(total_entities.get()), total = total_entities.get()
                        )
                    }}
                </p>
            </Show>
            <For
                each=move || visible.get()
                key=|(e, kinds)| (e.id, Arc::as_ptr(kinds) as usize)
                children=move |(e, kinds)| view! { <EntityCard run=run choice=choice entity=e kinds=kinds /> }
            />
            <ShowMore shown=shown total=total_entities step=SHOWN_STEP testid="complete-show-more" />
            <Show when=move || run.source_read.get()>
                <CutOverSection id=id run=run />
            </Show>
            <CleanupSection id=id run=run />
            <section class="card" data-testid="complete-cannot">
                <h2>{move || t_string!(i18n, complete_cannot_title)}</h2>
                <p>{move || t_string!(i18n, complete_cannot_tokens)}</p>
                <p>{move || t_string!(i18n, complete_cannot_registry)}</p>
            </section>
        </section>
    }
}

/// Whether the compared entities changed: one came or went, was compared again (a new `Compared`) or changed
/// on GitLab. Pointers, not the items: comparing 25,000 items deeply on every batch of lists was most of a
/// 50 ms task at 1,000 projects.
fn rows_changed(old: Option<&Vec<(Arc<Entity>, Compared)>>, new: Option<&Vec<(Arc<Entity>, Compared)>>) -> bool {
    match (old, new) {
        (Some(a), Some(b)) => {
            a.len() != b.len()
                || a.iter().zip(b).any(|((e, k), (f, l))| {
                    e.id != f.id || e.status != f.status || e.updated_at != f.updated_at || !Arc::ptr_eq(k, l)
                })
        }
        (None, None) => false,
        _ => true,
    }
}

/// The kinds to copy, the filter, and the one button that copies what was chosen, with its progress.
#[component]
fn CopyBar(run: Completion, choice: Choice, count: Memo<usize>, copy: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let kind_box = move |kind: SettingKind| {
        view! {
            <label class="field-check">
                <input
                    type="checkbox"
                    data-testid=format!("complete-kind-{}", kind.list())
                    prop:checked=move || choice.kinds.with(|k| k.contains(&kind))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        choice
                            .kinds
                            .update(|k| {
                                if on {
                                    k.insert(kind);
                                } else {
                                    k.remove(&kind);
                                }
                            });
                    }
                />
                <span>{move || rows::kind_name(i18n, kind)}</span>
            </label>
        }
    };
    view! {
        <div class="card" data-testid="complete-copy">
            <div class="filters">
                <fieldset class="row-buttons">
                    <legend class="filter-label">{move || t_string!(i18n, complete_kinds)}</legend>
                    {SettingKind::ALL.into_iter().map(kind_box).collect_view()}
                </fieldset>
                <label>
                    <span class="filter-label">{move || t_string!(i18n, complete_filter)}</span>
                    <select
                        class="select-compact"
                        data-testid="complete-filter"
                        prop:value=move || choice.filter.get().key()
                        on:change=move |ev| choice.filter.set(Filter::parse(&event_target_value(&ev)))
                    >
                        {Filter::ALL
                            .into_iter()
                            .map(|f| view! { <option value=f.key()>{move || f.name(i18n)}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
            {move || match run.copy_progress.get() {
                Some((done, total)) => {
                    let percent = Signal::derive(move || Some(((done.min(total) * 100) / total.max(1)) as u8));
                    let label = t_string!(i18n, complete_copying, done = done, total = total).to_string();
                    view! { <ProgressBar percent=percent label=label /> }.into_any()
                }
                None => {
                    let n = count.get();
                    view! {
                        <button
                            type="button"
                            class="button button-primary"
                            data-testid="complete-copy-button"
                            disabled=move || n == 0 || run.is_reading()
                            on:click=move |_| copy.run(())
                        >
                            {move || {
                                if n == 0 {
                                    t_string!(i18n, complete_copy_nothing).to_string()
                                } else {
                                    t_string!(i18n, complete_copy, count = n).to_string()
                                }
                            }}
                        </button>
                    }
                        .into_any()
                }
            }}
            {move || {
                let t = run.copy_tally.get().filter(|_| run.copy_progress.with(Option::is_none))?;
                let (written, failed, not_sent) = (t.written, t.failed, t.not_sent());
                let text = if t.stopped {
                    t_string!(
                        i18n, complete_copy_stopped_tally, written = written, failed = failed, not_sent = not_sent
                    )
                        .to_string()
                } else {
                    t_string!(i18n, complete_copy_tally, written = written, failed = failed, not_sent = not_sent)
                        .to_string()
                };
                Some(
                    view! {
                        <p
                            role="status"
                            data-testid="complete-copy-tally"
                            data-written=written.to_string()
                            data-failed=failed.to_string()
                            data-not-sent=not_sent.to_string()
                            data-stopped=t.stopped.to_string()
                        >
                            {text}
                        </p>
                    },
                )
            }}
        </div>
    }
}
