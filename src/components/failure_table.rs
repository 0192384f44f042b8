//! One row per failure: relation (and the step that failed), the item on the source, the error, the
//! correlation id to give GitLab support, and when.

use crate::api::EntityFailure;
use crate::components::copy_button::CopyButton;
use crate::components::relation_table::relation_label;
use crate::components::time_text::TimeText;
use crate::i18n::{t_string, use_i18n};
use crate::logic::failures::{relation_of, step_of};
use crate::logic::instance_url::safe_link;
use leptos::prelude::*;

/// `rows`: (position in the whole list, failure); the position keys the row.
#[component]
pub fn FailureTable(#[prop(into)] rows: Signal<Vec<(usize, EntityFailure)>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table failures-table stack" data-testid="failures-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, col_relation)}</th>
                        <th scope="col">{move || t_string!(i18n, col_title)}</th>
                        <th scope="col">{move || t_string!(i18n, col_error)}</th>
                        <th scope="col">{move || t_string!(i18n, col_correlation)}</th>
                        <th scope="col">{move || t_string!(i18n, col_date)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|(i, _)| *i let:row>
                        <FailureRow failure=row.1 />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn FailureRow(failure: EntityFailure) -> impl IntoView {
    let i18n = use_i18n();
    let title = failure
        .source_title
        .clone()
        .filter(|t| !t.is_empty())
        .or_else(|| failure.source_url.clone())
        .unwrap_or_else(|| "—".into());
    let link = failure.source_url.as_deref().and_then(safe_link).map(str::to_string);
    let relation = relation_of(&failure);
    let step = step_of(&failure).map(str::to_string);
    let correlation = failure.correlation_id_value.clone().filter(|c| !c.is_empty());
    view! {
        <tr>
            <td data-label=move || {
                t_string!(i18n, col_relation).to_string()
            }>
                {relation.as_deref().map(relation_label).unwrap_or_else(|| "—".into())}
                {step
                    .map(|s| {
                        view! {
                            <div class="muted small" data-testid="failure-step">
                                {s}
                            </div>
                        }
                    })}
            </td>
            <td class="path-cell" data-label=move || t_string!(i18n, col_title).to_string()>
                {match link {
                    Some(href) => {
                        view! {
                            <a href=href target="_blank" rel="noopener noreferrer">
                                {title}
                            </a>
                        }
                            .into_any()
                    }
                    None => view! { <span>{title}</span> }.into_any(),
                }}
            </td>
            <td class="message" data-label=move || t_string!(i18n, col_error).to_string()>
                <strong class="exception">{failure.exception_class.clone().unwrap_or_default()}</strong>
                <div>{failure.exception_message.clone().unwrap_or_default()}</div>
            </td>
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
            <td data-label=move || t_string!(i18n, col_date).to_string()>
                <TimeText value=failure.created_at.clone() />
            </td>
        </tr>
    }
}
