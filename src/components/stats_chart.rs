//! Per-relation statistics: source, fetched and imported as bars with their numbers, or as a table.

use crate::api::{RelationStats, Stats};
use crate::components::relation_table::{missing, number, relation_label, RelationTable};
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

fn width(value: Option<u64>, max: u64) -> String {
    let v = value.unwrap_or(0);
    let pct = if max == 0 { 0.0 } else { (v as f64 / max as f64 * 100.0).clamp(0.0, 100.0) };
    format!("{pct:.1}%")
}

#[component]
pub fn StatsChart(
    #[prop(into)] stats: Signal<Stats>,
    /// While importing, a gap is "to go" and no counts yet is not a finding.
    #[prop(optional, into)]
    running: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let as_table = RwSignal::new(false);
    move || {
        let stats = stats.get();
        if stats.is_empty() {
            return view! {
                <p class="empty" data-testid="no-stats">
                    {move || {
                        if running.get() { t_string!(i18n, no_statistics_yet) } else { t_string!(i18n, no_statistics) }
                    }}
                </p>
            }
            .into_any();
        }
        let rows: Vec<(String, RelationStats)> = stats.into_iter().collect();
        view! {
            <div class="stats">
                <div class="stats-tools">
                    <ul class="legend" aria-hidden="true">
                        <li>
                            <span class="swatch bar-source"></span>
                            {move || t_string!(i18n, stat_source)}
                        </li>
                        <li>
                            <span class="swatch bar-fetched"></span>
                            {move || t_string!(i18n, stat_fetched)}
                        </li>
                        <li>
                            <span class="swatch bar-imported"></span>
                            {move || t_string!(i18n, stat_imported)}
                        </li>
                    </ul>
                    <button
                        type="button"
                        class="button button-small"
                        aria-pressed=move || as_table.get().to_string()
                        on:click=move |_| as_table.update(|t| *t = !*t)
                    >
                        {move || if as_table.get() { t_string!(i18n, show_chart) } else { t_string!(i18n, show_table) }}
                    </button>
                </div>
                {move || {
                    if as_table.get() {
                        view! { <RelationTable rows=rows.clone() test_id="stats-table" running=running /> }.into_any()
                    } else {
                        view! { <StatsBars rows=rows.clone() running=running.get() /> }.into_any()
                    }
                }}
            </div>
        }
        .into_any()
    }
}

#[component]
fn StatsBars(rows: Vec<(String, RelationStats)>, running: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (source, fetched, imported) =
        (t_string!(i18n, stat_source), t_string!(i18n, stat_fetched), t_string!(i18n, stat_imported));
    view! {
        <ul class="chart" data-testid="stats-chart">
            {rows
                .into_iter()
                .map(|(relation, s)| {
                    let max = s.source.unwrap_or(0).max(s.fetched.unwrap_or(0)).max(s.imported.unwrap_or(0));
                    let missing = missing(&s).filter(|m| *m > 0);
                    let summary = format!(
                        "{}: {source} {}, {fetched} {}, {imported} {}",
                        relation_label(&relation),
                        number(s.source),
                        number(s.fetched),
                        number(s.imported),
                    );
                    view! {
                        <li class="chart-row" aria-label=summary>
                            <span class="chart-label">
                                {relation_label(&relation)}
                                {missing
                                    .map(|m| {
                                        view! {
                                            <span class=if running {
                                                "gap-tag gap-to-go"
                                            } else {
                                                "gap-tag"
                                            }>
                                                {if running {
                                                    t_string!(i18n, to_go_n, n = m).to_string()
                                                } else {
                                                    t_string!(i18n, missing_n, n = m).to_string()
                                                }}
                                            </span>
                                        }
                                    })}
                            </span>
                            <span class="chart-bars" aria-hidden="true">
                                <span class="bar-line">
                                    <span class="bar bar-source" style:width=width(s.source, max)></span>
                                    <span class="bar-value">{number(s.source)}</span>
                                </span>
                                <span class="bar-line">
                                    <span class="bar bar-fetched" style:width=width(s.fetched, max)></span>
                                    <span class="bar-value">{number(s.fetched)}</span>
                                </span>
                                <span class="bar-line">
                                    <span class="bar bar-imported" style:width=width(s.imported, max)></span>
                                    <span class="bar-value">{number(s.imported)}</span>
                                </span>
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
