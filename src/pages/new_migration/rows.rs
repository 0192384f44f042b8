//! The rows to migrate: each checked as GitLab would check it, next to the field concerned.

use super::fields::{problem_text, NamespaceInput};
use super::recent::RecentNotice;
use super::{use_start_state, CollisionState};
use crate::api::EntityType;
use crate::i18n::{t_string, use_i18n};
use crate::logic::draft::{self, DraftRow, Field};
use crate::logic::recent_sources::{self, RecentMatch};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use std::collections::HashMap;
use std::time::Duration;

#[component]
pub fn RowsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_start_state();
    let problems = Memo::new(move |_| state.draft.with(|d| draft::validate(&d.rows)));
    let recent = Memo::new(move |_| {
        state
            .recent
            .with(|recent| state.draft.with(|d| recent_sources::recent_for_rows(&d.rows, &d.source_url, recent)))
    });

    // Ask the destination whether each `namespace/slug` is taken, 500 ms after the last edit.
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let connection = crate::connection::use_connection();
    Effect::new(move |_| {
        let rows = state.draft.with(|d| d.rows.clone());
        let destinations = state.destinations.get();
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let client = connection.client();
        let handle = set_timeout_with_handle(
            move || {
                let Some(client) = client else { return };
                for row in rows {
                    let slug = row.destination_slug.trim().to_string();
                    let ns = row.destination_namespace.trim().trim_matches('/').to_string();
                    if !draft::valid_slug(&slug) || (!ns.is_empty() && !draft::valid_full_path(&ns)) {
                        continue;
                    }
                    let key = row.destination_full_path().to_ascii_lowercase();
                    if state.collisions.with_untracked(|c| c.contains_key(&key)) {
                        continue;
                    }
                    let parent = if ns.is_empty() {
                        Some(None)
                    } else {
                        destinations.iter().find(|g| g.full_path.eq_ignore_ascii_case(&ns)).map(|g| Some(g.id))
                    };
                    let Some(parent) = parent else {
                        continue; // not a group the user may import into: the checks say so
                    };
                    state.collisions.update(|c| {
                        c.insert(key.clone(), CollisionState::Checking);
                    });
                    let client = client.clone();
                    leptos::task::spawn_local(async move {
                        let answer = crate::data::start::destination_collision(&client, &slug, parent).await;
                        let _ = state.collisions.try_update(|c| {
                            c.insert(key, answer);
                        });
                    });
                }
            },
            Duration::from_millis(500),
        )
        .ok();
        timer.set_value(handle);
    });

    let add_row = move |kind: EntityType| state.update_draft(|d| d.add(kind, ""));
    view! {
        <div class="card step">
            <h2>{move || t_string!(i18n, step_rows)}</h2>
            <div class="field field-inline">
                <label for="default-namespace">{move || t_string!(i18n, default_namespace)}</label>
                <NamespaceInput
                    id="default-namespace".to_string()
                    value=Signal::derive(move || state.draft.with(|d| d.default_namespace.clone()))
                    on_change=Callback::new(move |v: String| state.update_draft(|d| d.default_namespace = v))
                />
            </div>
            <datalist id="destination-groups">
                <option value="">{move || t_string!(i18n, top_level)}</option>
                {move || {
                    state
                        .destinations
                        .get()
                        .into_iter()
                        .map(|g| {
                            view! {
                                <option value=g.full_path.clone()>{g.full_name.clone().unwrap_or_default()}</option>
                            }
                        })
                        .collect_view()
                }}
            </datalist>
            {move || {
                state
                    .destinations_error
                    .get()
                    .map(|e| view! { <crate::components::error_notice::ErrorNotice error=e /> })
            }}
            <Show
                when=move || !state.draft.with(|d| d.rows.is_empty())
                fallback=move || {
                    view! {
                        <p class="empty" data-testid="no-rows">
                            {move || t_string!(i18n, no_rows)}
                        </p>
                    }
                }
            >
                <ol class="rows" data-testid="rows">
                    <For
                        each=move || state.draft.with(|d| d.rows.iter().map(|r| r.key).collect::<Vec<_>>())
                        key=|k| *k
                        let:key
                    >
                        <RowEditor key=key problems=problems recent=recent />
                    </For>
                </ol>
            </Show>
            <div class="row-buttons">
                <button
                    type="button"
                    class="button"
                    data-testid="add-group-row"
                    on:click=move |_| add_row(EntityType::Group)
                >
                    {move || t_string!(i18n, add_group_row)}
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="add-project-row"
                    on:click=move |_| add_row(EntityType::Project)
                >
                    {move || t_string!(i18n, add_project_row)}
                </button>
                <Show when=move || !state.draft.with(|d| d.rows.is_empty())>
                    <button
                        type="button"
                        class="button button-quiet"
                        on:click=move |_| state.update_draft(|d| d.rows.clear())
                    >
                        {move || t_string!(i18n, clear_rows)}
                    </button>
                </Show>
            </div>
        </div>
    }
}

#[component]
fn RowEditor(
    key: u64,
    problems: Memo<HashMap<u64, draft::RowProblems>>,
    recent: Memo<HashMap<u64, RecentMatch>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_start_state();
    let row = Memo::new(move |_| state.draft.with(|d| d.rows.iter().find(|r| r.key == key).cloned()));
    let edit = move |f: &dyn Fn(&mut DraftRow)| {
        state.update_draft(|d| {
            if let Some(r) = d.rows.iter_mut().find(|r| r.key == key) {
                f(r)
            }
        });
        state.server_errors.update(|e| {
            e.remove(&key);
        });
    };
    let problem = move |field: Field| problems.with(|p| p.get(&key).and_then(|r| r.get(&field).copied()));
    let collision = Memo::new(move |_| {
        let full = row.with(|r| r.as_ref().map(|r| r.destination_full_path().to_ascii_lowercase()))?;
        state.collisions.with(|c| c.get(&full).cloned())
    });
    let field_id = move |name: &str| format!("row-{key}-{name}");
    view! {
        <li class="row-card" data-testid=format!("row-{key}") data-row-key=key.to_string()>
            {move || recent.with(|r| r.get(&key).copied()).map(|m| view! { <RecentNotice found=m /> })}
            {move || {
                row.get()
                    .map(|r| {
                        let is_group = r.kind == EntityType::Group;
                        view! {
                            <div class="row-grid">
                                <div class="field">
                                    <label for=field_id("kind")>{move || t_string!(i18n, col_type)}</label>
                                    <select
                                        id=field_id("kind")
                                        class="select-compact"
                                        prop:value=if is_group { "group" } else { "project" }
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            edit(
                                                &|r| {
                                                    r.kind = if v == "project" {
                                                        EntityType::Project
                                                    } else {
                                                        EntityType::Group
                                                    };
                                                },
                                            )
                                        }
                                    >
                                        <option value="group">{move || t_string!(i18n, type_group)}</option>
                                        <option value="project">{move || t_string!(i18n, type_project)}</option>
                                    </select>
                                </div>
                                <div class="field">
                                    <label for=field_id("source")>{move || t_string!(i18n, source_full_path)}</label>
                                    <input
                                        id=field_id("source")
                                        type="text"
                                        spellcheck="false"
                                        data-field="source"
                                        prop:value=r.source_full_path.clone()
                                        aria-invalid=move || problem(Field::Source).is_some().to_string()
                                        aria-describedby=field_id("source-error")
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev).trim().to_string();
                                            edit(
                                                &|r| {
                                                    if r.destination_slug.is_empty()
                                                        || r.destination_slug
                                                            == draft::propose_slug(&r.source_full_path)
                                                    {
                                                        r.destination_slug = draft::propose_slug(&v);
                                                    }
                                                    r.source_full_path = v.clone();
                                                },
                                            )
                                        }
                                    />
                                    <p class="field-error" id=field_id("source-error")>
                                        {move || problem(Field::Source).map(problem_text)}
                                    </p>
                                </div>
                                <div class="field">
                                    <label for=field_id(
                                        "namespace",
                                    )>{move || t_string!(i18n, destination_namespace)}</label>
                                    <NamespaceInput
                                        id=field_id("namespace")
                                        value=Signal::derive(move || {
                                            row.with(|r| {
                                                r.as_ref().map(|r| r.destination_namespace.clone()).unwrap_or_default()
                                            })
                                        })
                                        invalid=Signal::derive(move || problem(Field::Namespace).is_some())
                                        described_by=field_id("namespace-error")
                                        on_change=Callback::new(move |v: String| edit(
                                            &|r| r.destination_namespace = v.clone(),
                                        ))
                                    />
                                    <p class="field-error" id=field_id("namespace-error")>
                                        {move || problem(Field::Namespace).map(problem_text)}
                                    </p>
                                </div>
                                <div class="field">
                                    <label for=field_id("slug")>{move || t_string!(i18n, destination_slug)}</label>
                                    <input
                                        id=field_id("slug")
                                        type="text"
                                        spellcheck="false"
                                        data-field="slug"
                                        prop:value=r.destination_slug.clone()
                                        aria-describedby=format!(
                                            "{} {}",
                                            field_id("slug-error"),
                                            field_id("slug-taken"),
                                        )
                                        aria-invalid=move || {
                                            (problem(Field::Slug).is_some()
                                                || matches!(collision.get(), Some(CollisionState::Taken { .. })))
                                                .to_string()
                                        }
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev).trim().to_string();
                                            edit(&|r| r.destination_slug = v.clone())
                                        }
                                    />
                                    <p class="field-error" id=field_id("slug-error")>
                                        {move || problem(Field::Slug).map(problem_text)}
                                    </p>
                                    {move || match collision.get() {
                                        Some(CollisionState::Taken { suggestion }) => {
                                            view! {
                                                <p class="field-error" data-testid="taken" id=field_id("slug-taken")>
                                                    {move || t_string!(i18n, v_taken)}
                                                    {suggestion
                                                        .map(|s| {
                                                            let s2 = s.clone();
                                                            view! {
                                                                " "
                                                                <button
                                                                    type="button"
                                                                    class="button button-small"
                                                                    on:click=move |_| edit(&|r| r.destination_slug = s2.clone())
                                                                >
                                                                    {t_string!(i18n, use_suggestion, slug = s.clone())
                                                                        .to_string()}
                                                                </button>
                                                            }
                                                        })}
                                                </p>
                                            }
                                                .into_any()
                                        }
                                        Some(CollisionState::Free) => {
                                            view! {
                                                <p class="help ok-text">
                                                    "✓ " {move || t_string!(i18n, destination_free)}
                                                </p>
                                            }
                                                .into_any()
                                        }
                                        Some(CollisionState::Checking) => {
                                            view! { <p class="help">{move || t_string!(i18n, checking)}</p> }.into_any()
                                        }
                                        _ => ().into_any(),
                                    }}
                                </div>
                                <div class="row-options">
                                    {is_group
                                        .then(|| {
                                            view! {
                                                <label>
                                                    <input
                                                        type="checkbox"
                                                        prop:checked=r.migrate_projects
                                                        on:change=move |ev| {
                                                            let on = event_target_checked(&ev);
                                                            edit(&|r| r.migrate_projects = on)
                                                        }
                                                    />
                                                    " "
                                                    {move || t_string!(i18n, migrate_projects)}
                                                </label>
                                            }
                                        })} <label>
                                        <input
                                            type="checkbox"
                                            prop:checked=r.migrate_memberships
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                edit(&|r| r.migrate_memberships = on)
                                            }
                                        />
                                        " "
                                        {move || t_string!(i18n, migrate_memberships)}
                                    </label>
                                    <button
                                        type="button"
                                        class="button button-small button-quiet"
                                        data-testid="remove-row"
                                        on:click=move |_| state.update_draft(|d| d.rows.retain(|r| r.key != key))
                                    >
                                        {move || t_string!(i18n, remove_row)}
                                    </button>
                                </div>
                            </div>
                            {move || {
                                state
                                    .server_errors
                                    .with(|e| e.get(&key).cloned())
                                    .map(|m| {
                                        view! {
                                            <p
                                                class="notice notice-error row-server-error"
                                                role="alert"
                                                data-testid="row-server-error"
                                            >
                                                {move || t_string!(i18n, gitlab_refused)}
                                                " "
                                                <q>{m}</q>
                                            </p>
                                        }
                                    })
                            }}
                        }
                    })
            }}
        </li>
    }
}
