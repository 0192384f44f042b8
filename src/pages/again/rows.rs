//! The rows of the new migration: where each entity goes, whether the destination has that path already, and
//! GitLab's own refusal when it sent one.

use super::{AgainState, RowCheck};
use crate::components::labels::kind_label;
use crate::connection::use_connection;
use crate::i18n::{t_string, use_i18n};
use crate::logic::draft::{self, DraftRow};
use leptos::prelude::*;

#[component]
pub fn AgainRows(state: AgainState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="again-rows">
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, col_type)}</th>
                        <th scope="col">{move || t_string!(i18n, col_source_path)}</th>
                        <th scope="col">{move || t_string!(i18n, again_namespace)}</th>
                        <th scope="col">{move || t_string!(i18n, again_slug)}</th>
                        <th scope="col">{move || t_string!(i18n, again_check)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || state.rows.with(|r| r.iter().map(|r| r.key).collect::<Vec<_>>())
                        key=|k| *k
                        let:key
                    >
                        <AgainRow state=state key=key />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AgainRow(state: AgainState, key: u64) -> impl IntoView {
    let i18n = use_i18n();
    let connection = use_connection();
    let row = Memo::new(move |_| state.rows.with(|r| r.iter().find(|r| r.key == key).cloned()));
    let field =
        move |f: fn(&DraftRow) -> String| Signal::derive(move || row.with(|r| r.as_ref().map(f)).unwrap_or_default());
    let namespace = field(|r| r.destination_namespace.clone());
    let slug = field(|r| r.destination_slug.clone());
    let edit = move |update: Box<dyn FnOnce(&mut DraftRow)>| {
        state.rows.update(|rows| {
            if let Some(r) = rows.iter_mut().find(|r| r.key == key) {
                update(r);
            }
        });
        state.server_errors.update(|e| {
            e.remove(&key);
        });
        if let Some(client) = connection.client() {
            state.check(client, key, false);
        }
    };
    let slug_bad = Signal::derive(move || !draft::valid_slug(slug.get().trim()));
    view! {
        <tr data-testid="again-row">
            <td>{move || row.with(|r| r.as_ref().map(|r| kind_label(r.kind)))}</td>
            <td class="path-cell">{move || row.with(|r| r.as_ref().map(|r| r.source_full_path.clone()))}</td>
            <td>
                <input
                    type="text"
                    aria-label=move || t_string!(i18n, again_namespace).to_string()
                    prop:value=namespace
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        edit(Box::new(move |r| r.destination_namespace = v.trim().to_string()));
                    }
                />
            </td>
            <td>
                <input
                    type="text"
                    data-testid="again-slug"
                    aria-label=move || t_string!(i18n, again_slug).to_string()
                    aria-invalid=move || slug_bad.get().to_string()
                    prop:value=slug
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        edit(Box::new(move |r| r.destination_slug = v.trim().to_string()));
                    }
                />
            </td>
            <td data-testid="again-check">
                {move || {
                    let full = row.with(|r| r.as_ref().map(DraftRow::destination_full_path)).unwrap_or_default();
                    match state.checks.with(|c| c.get(&key).cloned()) {
                        None | Some(RowCheck::Checking) => {
                            view! { <span class="muted">{t_string!(i18n, checking).to_string()}</span> }.into_any()
                        }
                        Some(RowCheck::Free) => {
                            view! { <span>{t_string!(i18n, again_free).to_string()}</span> }.into_any()
                        }
                        Some(RowCheck::Moved { from }) => {
                            view! {
                                <span class="notice-warn" data-testid="again-moved">
                                    {t_string!(i18n, again_moved, path = from, proposal = full).to_string()}
                                </span>
                            }
                                .into_any()
                        }
                        Some(RowCheck::Taken) => {
                            view! {
                                <span class="field-error" role="alert">
                                    {t_string!(i18n, again_taken, path = full).to_string()}
                                </span>
                            }
                                .into_any()
                        }
                        Some(RowCheck::Unknown) => {
                            view! { <span class="muted">{t_string!(i18n, again_unknown).to_string()}</span> }.into_any()
                        }
                    }
                }}
                {move || {
                    state
                        .server_errors
                        .with(|e| e.get(&key).cloned())
                        .map(|m| {
                            view! {
                                <p class="field-error" role="alert">
                                    {m}
                                </p>
                            }
                        })
                }}
            </td>
        </tr>
    }
}
