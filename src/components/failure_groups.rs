//! Failures grouped by relation and exception class: the patterns behind generic messages.

use crate::components::relation_table::relation_label;
use crate::i18n::{t_string, use_i18n};
use crate::logic::failures::FailureGroup;
use leptos::prelude::*;

#[component]
pub fn FailureGroups(#[prop(into)] groups: Signal<Vec<FailureGroup>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table stack" data-testid="failure-groups">
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, col_relation)}</th>
                        <th scope="col">{move || t_string!(i18n, col_exception)}</th>
                        <th scope="col" class="num">
                            {move || t_string!(i18n, col_count)}
                        </th>
                        <th scope="col">{move || t_string!(i18n, col_example)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        groups
                            .get()
                            .into_iter()
                            .map(|g| {
                                view! {
                                    <tr>
                                        // Words are not broken inside ("merge request s" on a phone).
                                        <td
                                            class="word-cell"
                                            data-label=move || t_string!(i18n, col_relation).to_string()
                                        >
                                            {relation_label(&g.relation)}
                                        </td>
                                        <td data-label=move || t_string!(i18n, col_exception).to_string()>
                                            <code>{g.exception_class}</code>
                                        </td>
                                        <td class="num" data-label=move || t_string!(i18n, col_count).to_string()>
                                            {g.count}
                                        </td>
                                        <td class="message" data-label=move || t_string!(i18n, col_example).to_string()>
                                            {g.example}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
