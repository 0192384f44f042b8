//! One row per failure, showing what the server sent: relation, the item on the source (its title linked to
//! it), the error, the correlation id to give GitLab support; the step and the date only when some failure
//! carries them (GitLab 14.x to 16.5). A column nobody sent is not drawn.

use crate::api::EntityFailure;
use crate::components::copy_button::CopyButton;
use crate::components::relation_table::relation_label;
use crate::components::time_text::TimeText;
use crate::i18n::{t_string, use_i18n};
use crate::logic::failures::{columns, relation_of, source_link, step_of, FailureColumns};
use leptos::prelude::*;

/// `rows`: (position in the whole list, failure); the position keys the row. `source_instance`: the
/// migration's source URL; a failure's link is followed only when it points there.
#[component]
pub fn FailureTable(
    #[prop(into)] rows: Signal<Vec<(usize, EntityFailure)>>,
    #[prop(into, optional)] source_instance: MaybeProp<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let cols = Memo::new(move |_| rows.with(|r| columns(r.iter().map(|(_, f)| f))));
    view! {
        <div class="table-wrap">
            <table class="table failures-table stack" data-testid="failures-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, col_relation)}</th>
                        <Show when=move || cols.get().step>
                            <th scope="col" data-testid="col-step">
                                {move || t_string!(i18n, col_step)}
                            </th>
                        </Show>
                        <Show when=move || cols.get().title>
                            <th scope="col" data-testid="col-title">
                                {move || t_string!(i18n, col_title)}
                            </th>
                        </Show>
                        <th scope="col">{move || t_string!(i18n, col_error)}</th>
                        <Show when=move || cols.get().correlation>
                            <th scope="col" data-testid="col-correlation">
                                {move || t_string!(i18n, col_correlation)}
                            </th>
                        </Show>
                        <Show when=move || cols.get().date>
                            <th scope="col" data-testid="col-date">
                                {move || t_string!(i18n, col_date)}
                            </th>
                        </Show>
                    </tr>
                </thead>
                // Rows are drawn again only when the set of columns or the source instance changes.
                {move || {
                    let (cols, base) = (cols.get(), source_instance.get());
                    view! {
                        <tbody>
                            <For each=move || rows.get() key=|(i, _)| *i let:row>
                                <FailureRow failure=row.1 cols=cols source_instance=base.clone() />
                            </For>
                        </tbody>
                    }
                }}
            </table>
        </div>
    }
}

#[component]
fn FailureRow(failure: EntityFailure, cols: FailureColumns, source_instance: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let title = failure
        .source_title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| failure.source_url.clone())
        .unwrap_or_else(|| "—".into());
    let link = failure
        .source_url
        .as_deref()
        .and_then(|u| source_link(u, source_instance.as_deref()))
        .map(|href| (href, title.clone()));
    let relation = relation_of(&failure);
    let step = step_of(&failure).map(str::to_string);
    let correlation = failure.correlation_id_value.clone().filter(|c| !c.is_empty());
    let created_at = failure.created_at.clone();
    view! {
        <tr>
            <td data-label=move || {
                t_string!(i18n, col_relation).to_string()
            }>{relation.as_deref().map(relation_label).unwrap_or_else(|| "—".into())}</td>
            {cols
                .step
                .then(|| {
                    view! {
                        <td data-label=move || t_string!(i18n, col_step).to_string() data-testid="failure-step">
                            {step.unwrap_or_else(|| "—".into())}
                        </td>
                    }
                })}
            {cols
                .title
                .then(|| {
                    view! {
                        <td class="path-cell" data-label=move || t_string!(i18n, col_title).to_string()>
                            {match link {
                                Some((href, title)) => {
                                    view! {
                                        <a
                                            href=href
                                            target="_blank"
                                            rel="noopener noreferrer"
                                            data-testid="failure-source-link"
                                        >
                                            {title}
                                        </a>
                                    }
                                        .into_any()
                                }
                                None => view! { <span>{title}</span> }.into_any(),
                            }}
                        </td>
                    }
                })}
            <td class="message" data-label=move || t_string!(i18n, col_error).to_string()>
                <strong class="exception">{failure.exception_class.clone().unwrap_or_default()}</strong>
                <div>{failure.exception_message.clone().unwrap_or_default()}</div>
            </td>
            {cols
                .correlation
                .then(|| {
                    view! {
                        <td data-label=move || {
                            t_string!(i18n, col_correlation).to_string()
                        }>
                            {correlation
                                .map(|c| {
                                    view! {
                                        <code class="correlation">{c.clone()}</code>
                                        <CopyButton
                                            text=c
                                            what=Signal::derive(move || t_string!(i18n, col_correlation).to_string())
                                        />
                                    }
                                })}
                        </td>
                    }
                })}
            {cols
                .date
                .then(|| {
                    view! {
                        <td data-label=move || t_string!(i18n, col_date).to_string()>
                            <TimeText value=created_at />
                        </td>
                    }
                })}
        </tr>
    }
}
