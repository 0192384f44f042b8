//! Verifying a finished migration: per entity and relation, the source, the statistics and the destination
//! side by side, ✔ or the difference with a link to the failures that explain it; and the report to share.

use crate::api::{BulkImport, Entity};
use crate::components::connect_source::ConnectSource;
use crate::components::error_notice::ErrorNotice;
use crate::components::labels::kind_label;
use crate::components::progress_bar::ProgressBar;
use crate::components::report_download::ReportDownload;
use crate::components::show_more::ShowMore;
use crate::components::status_badge::{status_label, StatusBadge};
use crate::components::time_text::now_ms;
use crate::connection::use_connection;
use crate::data::migration::use_migration;
use crate::data::rerun::use_rerun_links;
use crate::data::verify::{RunState, Verification};
use crate::i18n::{t_string, use_i18n, Locale};
use crate::logic::display_status::DisplayStatus;
use crate::logic::failures::group;
use crate::logic::report::{Report, ReportEntity};
use crate::logic::rerun::RerunLinks;
use crate::logic::time::{duration_ms, format_duration_ms};
use crate::logic::verify::{display_order, group_digits, summarize, Verdict, VerifyRow};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// Entities rendered at first, and added by each "Show more": a thousand tables at once froze the page.
const SHOWN_STEP: usize = 50;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let i18n = use_i18n();
    move || match params.with(|p| p.get("id").and_then(|id| id.parse::<u64>().ok())) {
        Some(id) => view! { <VerifyView id=id /> }.into_any(),
        None => view! { <p class="notice notice-error">{move || t_string!(i18n, err_not_found)}</p> }.into_any(),
    }
}

#[component]
fn VerifyView(id: u64) -> impl IntoView {
    let i18n = use_i18n();
    let import = use_migration(id);
    let run = Verification::new(id);
    crate::components::page_title::use_page_title(Signal::derive(move || {
        t_string!(i18n, verify_title, id = id).to_string()
    }));
    // Starts once the migration's record (its source instance) is known.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        match import.value() {
            Some(m) => {
                run.start(m.source_url.clone());
                true
            }
            None => false,
        }
    });
    // The source connected in place (below): verify again with it, once, unless a run is going on.
    let connection = use_connection();
    Effect::new(move |seen: Option<bool>| {
        let connected = connection.source.with(Option::is_some);
        if connected && seen == Some(false) && !run.is_running() && !run.source_counted.get_untracked() {
            run.start(untrack(|| import.value()).and_then(|m| m.source_url));
        }
        connected
    });
    let rows = Memo::new(move |_| run.rows());
    let summary = Memo::new(move |_| rows.with(|r| summarize(r.iter().flat_map(|(_, rows)| rows.iter()))));
    // Differences first, SHOWN_STEP at a time; the summary above counts them all.
    let shown = RwSignal::new(SHOWN_STEP);
    let order = Memo::new(move |_| rows.with(|r| display_order(r.iter().map(|(_, rows)| rows.as_slice()))));
    let visible = Memo::new(move |_| {
        let n = shown.get();
        rows.with(|r| order.with(|o| o.iter().take(n).filter_map(|i| r.get(*i).cloned()).collect::<Vec<_>>()))
    });
    let total_entities = Memo::new(move |_| rows.with(Vec::len));
    let percent = Signal::derive(move || {
        let (done, total) = (run.done.get(), run.total.get());
        (total > 0).then(|| ((done.min(total) * 100) / total) as u8)
    });
    let progress_label = Signal::derive(move || match run.state.get() {
        RunState::LoadingEntities | RunState::Idle => t_string!(i18n, verify_loading_entities).to_string(),
        _ => t_string!(i18n, verify_progress, done = run.done.get(), total = run.total.get()).to_string(),
    });
    // Re-runs for the report, read once the counts are in: during the verification they would be a seventh
    // request beside its six.
    let reruns = RwSignal::new(RerunLinks::default());
    let source_counted = run.source_counted;
    let build = Callback::new(move |_| {
        let record = import.value();
        let mut report = build_report(
            id,
            record.as_ref(),
            &rows.get_untracked(),
            summary.get_untracked(),
            source_counted.get_untracked(),
        );
        report.reruns = rerun_lines(i18n, &reruns.get_untracked());
        report
    });
    let done = Signal::derive(move || run.state.get() == RunState::Done);
    let source_url = Signal::derive(move || import.value().and_then(|m| m.source_url.clone()));
    let paths =
        Signal::derive(move || rows.with(|r| r.iter().map(|(e, _)| e.source_full_path.clone()).collect::<Vec<_>>()));

    view! {
        <section data-testid="verify">
            <Show when=move || done.get()>
                <RerunsReader id=id source_url=source_url paths=paths out=reruns />
            </Show>
            <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs).to_string()>
                <A href="/migrations">{move || t_string!(i18n, migrations_title)}</A>
                " / "
                <A href=format!("/migrations/{id}")>{format!("#{id}")}</A>
            </nav>
            <h1 tabindex="-1">{move || t_string!(i18n, verify_title, id = id)}</h1>
            <p class="muted">{move || t_string!(i18n, verify_intro)}</p>
            <p data-testid="complete-link">
                <A href=format!("/migrations/{id}/complete")>{move || t_string!(i18n, complete_link)}</A>
            </p>
            {move || import.error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <Show when=move || !source_counted.get()>
                <p class="notice notice-info" data-testid="verify-source-missing">
                    {move || t_string!(i18n, verify_source_missing)}
                </p>
                <ConnectSource default_url=source_url />
            </Show>
            <div class="card" data-testid="verify-progress" data-state=move || format!("{:?}", run.state.get())>
                <Show when=move || run.is_running()>
                    <ProgressBar percent=percent label=progress_label />
                    <button
                        type="button"
                        class="button button-small"
                        data-testid="verify-cancel"
                        on:click=move |_| run.cancel()
                    >
                        {move || t_string!(i18n, verify_cancel)}
                    </button>
                </Show>
                <Show when=move || run.state.get() == RunState::Canceled>
                    <p class="notice notice-info" role="status">
                        {move || t_string!(i18n, verify_canceled)}
                    </p>
                </Show>
                <Show when=move || run.state.get() == RunState::Failed>
                    <p class="notice notice-error" role="alert">
                        {move || t_string!(i18n, verify_failed)}
                    </p>
                </Show>
                <p data-testid="verify-summary" role="status">
                    {move || {
                        summary
                            .with(|s| {
                                t_string!(
                                    i18n, verify_summary, matching = s.matching, differing = s.differing, unexplained = s.unexplained, unknown = s.unknown
                                )
                                    .to_string()
                            })
                    }}
                </p>
                <Show when=move || run.unreadable.get().gt(&0)>
                    <p class="muted">{move || t_string!(i18n, verify_unreadable, n = run.unreadable.get())}</p>
                </Show>
                <Show when=move || !run.is_running()>
                    <button
                        type="button"
                        class="button button-small"
                        data-testid="verify-again"
                        on:click=move |_| run.start(import.value().and_then(|m| m.source_url))
                    >
                        {move || t_string!(i18n, verify_again)}
                    </button>
                </Show>
                <ReportDownload migration_id=id make_report=build ready=done />
            </div>
            <Show when=move || done.get() && rows.with(Vec::is_empty)>
                <p class="muted">{move || t_string!(i18n, verify_no_entities)}</p>
            </Show>
            <Show when=move || total_entities.get().gt(&SHOWN_STEP)>
                <p class="muted" data-testid="verify-shown">
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
                key=|(e, rows)| (e.id, format!("{rows:?}"))
                children=move |(e, rows)| view! { <EntityVerification id=id entity=e rows=rows /> }
            />
            <ShowMore shown=shown total=total_entities step=SHOWN_STEP testid="verify-show-more" />
        </section>
    }
}

#[component]
fn EntityVerification(id: u64, entity: Entity, rows: Vec<VerifyRow>) -> impl IntoView {
    let i18n = use_i18n();
    let status = DisplayStatus::of_entity(&entity);
    let eid = entity.id;
    view! {
        <section class="card verify-entity" data-testid="verify-entity" data-entity-id=eid.to_string()>
            <h2 class="path-cell">
                {
                    let kind = entity.kind();
                    move || kind_label(kind)
                } " " {entity.source_full_path.clone()} " → " {entity.destination_display()} " "
                <StatusBadge status=status />
            </h2>
            <table class="table stack">
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, verify_col_relation)}</th>
                        <th scope="col">{move || t_string!(i18n, verify_col_source)}</th>
                        <th scope="col">{move || t_string!(i18n, verify_col_stats_source)}</th>
                        <th scope="col">{move || t_string!(i18n, verify_col_fetched)}</th>
                        <th scope="col">{move || t_string!(i18n, verify_col_imported)}</th>
                        <th scope="col">{move || t_string!(i18n, verify_col_destination)}</th>
                        <th scope="col">{move || t_string!(i18n, verify_col_result)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! { <VerifyRowView id=id entity_id=eid row=row /> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn VerifyRowView(id: u64, entity_id: u64, row: VerifyRow) -> impl IntoView {
    let i18n = use_i18n();
    let num = |n: Option<u64>| n.map(group_digits).unwrap_or_else(|| "—".into());
    let stats = row.stats.unwrap_or_default();
    let verdict = row.verdict();
    // Missing subgroups and projects are child entities that failed; other relations are this entity's failures.
    // A plain link (the router takes its clicks): it carries the path the console is served under itself.
    let base = crate::browser::base_path();
    let failures_href = if matches!(row.relation.as_str(), "subgroups" | "projects") {
        format!("{base}/migrations/{id}?status=failed")
    } else {
        format!("{base}/migrations/{id}/entities/{entity_id}")
    };
    let result = match verdict {
        Verdict::Match => view! { <span class="verify-ok">"✔ " {move || t_string!(i18n, verify_ok)}</span> }.into_any(),
        Verdict::Missing { missing, explained } => view! {
            <span class="verify-bad">"−" {group_digits(missing)} " " {move || t_string!(i18n, verify_missing)}</span>
            {(explained > 0)
                .then(|| {
                    view! {
                        " ("
                        <a href=failures_href.clone() data-testid="verify-failures-link">
                            {move || t_string!(i18n, verify_explained)}
                            ": "
                            {group_digits(explained)}
                        </a>
                        ")"
                    }
                })}
        }
        .into_any(),
        Verdict::Extra(n) => {
            view! { <span class="verify-bad">"+" {group_digits(n)} " " {move || t_string!(i18n, verify_extra)}</span> }
                .into_any()
        }
        Verdict::Unknown => {
            view! { <span class="muted">"? " {move || t_string!(i18n, verify_unknown)}</span> }.into_any()
        }
    };
    view! {
        <tr data-relation=row.relation.clone() data-verdict=format!("{verdict:?}")>
            <th scope="row">{row.relation.clone()}</th>
            <td class="num" data-label=move || t_string!(i18n, verify_col_source).to_string()>
                {row.source.map(|c| c.text()).unwrap_or_else(|| "—".into())}
            </td>
            <td class="num" data-label=move || t_string!(i18n, verify_col_stats_source).to_string()>
                {num(stats.source)}
            </td>
            <td class="num" data-label=move || t_string!(i18n, verify_col_fetched).to_string()>
                {num(stats.fetched)}
            </td>
            <td class="num" data-label=move || t_string!(i18n, verify_col_imported).to_string()>
                {num(stats.imported)}
            </td>
            <td class="num" data-label=move || t_string!(i18n, verify_col_destination).to_string()>
                {row.destination.map(|c| c.text()).unwrap_or_else(|| "—".into())}
            </td>
            <td class="message" data-label=move || t_string!(i18n, verify_col_result).to_string()>
                {result}
            </td>
        </tr>
    }
}

/// The report's model from what the page shows. No token: only paths, counts, statuses and names.
pub(crate) fn build_report(
    id: u64,
    record: Option<&BulkImport>,
    rows: &[(Entity, Vec<VerifyRow>)],
    summary: crate::logic::verify::Summary,
    source_counted: bool,
) -> Report {
    let connection = use_connection();
    let (destination, started_by) = connection
        .session
        .with_untracked(|s| {
            s.as_ref().map(|s| {
                let name = s.user.name.clone().unwrap_or_default();
                (s.instance().to_string(), format!("{name} (@{})", s.user.username))
            })
        })
        .unwrap_or_default();
    let status = record.map(DisplayStatus::of_import);
    let duration = record
        .and_then(|m| duration_ms(m.created_at.as_deref(), m.updated_at.as_deref(), m.status.is_active(), now_ms()));
    Report {
        migration_id: id,
        destination,
        source: record.and_then(|m| m.source_url.clone()),
        source_counted,
        started_by,
        created: record.and_then(|m| m.created_at.clone()).unwrap_or_default(),
        updated: record.and_then(|m| m.updated_at.clone()).unwrap_or_default(),
        duration: duration.map(format_duration_ms).unwrap_or_default(),
        status: status.as_ref().map(status_label).unwrap_or_default(),
        status_key: status.as_ref().map(|s| s.key().to_string()).unwrap_or_default(),
        generated: js_sys::Date::new_0().to_iso_string().into(),
        summary,
        entities: rows
            .iter()
            .map(|(e, rows)| {
                let status = DisplayStatus::of_entity(e);
                ReportEntity {
                    kind: kind_label(e.kind()).to_string(),
                    source_path: e.source_full_path.clone(),
                    destination_path: e.destination_display(),
                    status: status_label(&status),
                    status_key: status.key().to_string(),
                    rows: rows.clone(),
                    failure_groups: group(&e.failures),
                }
            })
            .collect(),
        // The re-run feature fills this ("imported again in migration #N"); nothing is known here yet.
        reruns: Vec::new(),
        after_copy: Vec::new(),
    }
}

/// Reads a migration's re-runs while it is shown and hands them to `out` (the report's section).
#[component]
fn RerunsReader(
    id: u64,
    source_url: Signal<Option<String>>,
    paths: Signal<Vec<String>>,
    out: RwSignal<RerunLinks>,
) -> impl IntoView {
    let links = use_rerun_links(id, source_url, paths, None);
    Effect::new(move |_| out.set(links.get()));
}

/// "Imported again in migration #9", "Re-import of migration #4", and whether the search was partial.
fn rerun_lines(i18n: leptos_i18n::I18nContext<Locale>, links: &RerunLinks) -> Vec<String> {
    let again_in = links.again_in.iter().map(|n| format!("{} #{n}", t_string!(i18n, rerun_again_in)));
    let again_of = links.again_of.iter().map(|n| format!("{} #{n}", t_string!(i18n, rerun_again_of)));
    let partial = links
        .partial
        .map(|(lowest, highest)| t_string!(i18n, rerun_partial, lowest = lowest, highest = highest).to_string());
    again_in.chain(again_of).chain(partial).collect()
}
