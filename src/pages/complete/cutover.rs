//! Cutting over: archive the sources of what finished (one by one or all at once, confirmed with the count,
//! undone with unarchive), what their registries hold that cannot move, and deleting a failed copy so it can
//! be imported again to its own path (confirmed by typing that path).

use crate::api::{ApiError, Entity, EntityType};
use crate::components::error_notice::error_text;
use crate::components::labels::kind_label;
use crate::components::show_more::ShowMore;
use crate::components::status_badge::StatusBadge;
use crate::data::complete::{finished, Completion};
use crate::data::cutover::Action;
use crate::i18n::{t_string, use_i18n};
use crate::logic::complete::cutover::{archive_warning, can_delete, deletion_plan, group_archive_supported};
use crate::logic::display_status::DisplayStatus;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::HashMap;

fn failure_text(e: &ApiError) -> String {
    let i18n = use_i18n();
    match e {
        ApiError::Forbidden(_) => t_string!(i18n, cutover_needs_owner).to_string(),
        other => error_text(other),
    }
}

/// The result of the last action on an entity, as a line under its row.
fn action_line(action: Option<Action>, done: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    action.map(|a| match a {
        Action::Working => view! {
            <span class="muted" role="status">
                {t_string!(i18n, cutover_working)}
            </span>
        }
        .into_any(),
        Action::Done => view! {
            <span class="ok-text" role="status" data-testid="cutover-done">
                {done}
            </span>
        }
        .into_any(),
        Action::Kept => view! {
            <span class="ok-text" role="status" data-testid="cutover-kept">
                {t_string!(i18n, cleanup_kept)}
            </span>
        }
        .into_any(),
        Action::Failed(e) => view! {
            <span class="warn-text" role="alert" data-testid="cutover-failed">
                {failure_text(&e)}
            </span>
        }
        .into_any(),
    })
}

#[component]
pub fn CutOverSection(id: u64, run: Completion) -> impl IntoView {
    let i18n = use_i18n();
    let cut = run.cutover;
    let groups_ok = Signal::derive(move || cut.source_version.with(|v| group_archive_supported(v.as_ref())));
    // The sources that can be archived here: finished projects, and groups where the source allows it.
    let entities = Memo::new(move |_| {
        let groups = groups_ok.get() == Some(true);
        run.loader.rows.with(|r| {
            r.iter().filter(|e| finished(e) && (e.kind() == EntityType::Project || groups)).cloned().collect::<Vec<_>>()
        })
    });
    // How many can be archived, and how many of those have unexplained differences; counted on each flag read
    // (1,000 of them), the list itself is built on the click.
    let not_archived = move |e: &Entity, a: &HashMap<u64, Option<bool>>| a.get(&e.id) == Some(&Some(false));
    let counts = Memo::new(move |_| {
        cut.archived.with(|a| {
            entities.with(|list| {
                list.iter()
                    .filter(|e| not_archived(e, a))
                    .fold((0usize, 0usize), |(n, w), e| (n + 1, w + usize::from(archive_warning(e))))
            })
        })
    });
    // The first SHOWN_STEP rows, as the cards above: all of 1,000 projects at once was one long task.
    let shown = RwSignal::new(super::SHOWN_STEP);
    let visible = Memo::new(move |_| {
        let n = shown.get();
        entities.with(|list| list.iter().take(n).cloned().collect::<Vec<_>>())
    });
    let total = Memo::new(move |_| entities.with(Vec::len));
    let confirming = RwSignal::new(false);
    let version_line = move || {
        cut.source_version.get().map(|v| {
            let text = match group_archive_supported(Some(&v)) {
                Some(true) => t_string!(i18n, cutover_groups_yes, version = v.version.clone()).to_string(),
                _ => t_string!(i18n, cutover_groups_no, version = v.version.clone()).to_string(),
            };
            view! {
                <p class="muted" data-testid="cutover-groups">
                    {text}
                </p>
            }
        })
    };
    view! {
        <section class="card" data-testid="cutover">
            <h2>{move || t_string!(i18n, cutover_title)}</h2>
            <p class="muted">{move || t_string!(i18n, cutover_intro)}</p>
            {version_line}
            <Show when=move || counts.get().0.gt(&0)>
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                class="button"
                                data-testid="cutover-archive-all"
                                on:click=move |_| confirming.set(true)
                            >
                                {move || t_string!(i18n, cutover_archive_all, count = counts.get().0)}
                            </button>
                        }
                    }
                >
                    <div class="confirm" role="alertdialog" data-testid="cutover-confirm">
                        <p>{move || t_string!(i18n, cutover_confirm, count = counts.get().0)}</p>
                        <Show when=move || counts.get().1.gt(&0)>
                            <p class="warn-text">
                                {move || t_string!(i18n, cutover_confirm_warn, count = counts.get().1)}
                            </p>
                        </Show>
                        <div class="confirm-buttons">
                            <button
                                type="button"
                                class="button button-danger"
                                data-testid="cutover-confirm-yes"
                                on:click=move |_| {
                                    confirming.set(false);
                                    let list = cut
                                        .archived
                                        .with_untracked(|a| {
                                            entities
                                                .with_untracked(|l| {
                                                    l.iter().filter(|e| not_archived(e, a)).cloned().collect()
                                                })
                                        });
                                    run.archive(list, true);
                                }
                            >
                                {move || t_string!(i18n, cutover_archive_all, count = counts.get().0)}
                            </button>
                            <button type="button" class="button" on:click=move |_| confirming.set(false)>
                                {move || t_string!(i18n, cutover_cancel)}
                            </button>
                        </div>
                    </div>
                </Show>
            </Show>
            <table class="table stack">
                <tbody>
                    <For
                        each=move || visible.get()
                        key=|e| e.id
                        children=move |e| view! { <ArchiveRow id=id run=run entity=e /> }
                    />
                </tbody>
            </table>
            <ShowMore shown=shown total=total step=super::SHOWN_STEP testid="cutover-show-more" />
        </section>
    }
}

#[component]
fn ArchiveRow(id: u64, run: Completion, entity: Entity) -> impl IntoView {
    let i18n = use_i18n();
    let cut = run.cutover;
    let eid = entity.id;
    let warn = archive_warning(&entity);
    let archived = Memo::new(move |_| cut.archived.with(|a| a.get(&eid).copied().flatten()));
    let inventory = Memo::new(move |_| cut.inventory.with(|i| i.get(&eid).cloned()));
    let action = Memo::new(move |_| cut.actions.with(|a| a.get(&eid).cloned()));
    let path = entity.source_full_path.clone();
    let e = StoredValue::new(entity.clone());
    let registries = move || {
        inventory.get().map(|inv| match inv {
            Ok(inv) if inv.is_empty() => t_string!(i18n, cutover_registry_none).to_string(),
            Ok(inv) => t_string!(
                i18n,
                cutover_registry,
                repositories = inv.repositories,
                tags = inv.tags,
                packages = inv.package_count(),
                types = inv.packages_text()
            )
            .to_string(),
            Err(err) => t_string!(i18n, complete_unreadable, error = error_text(&err)).to_string(),
        })
    };
    view! {
        <tr data-testid="cutover-row" data-archived=move || format!("{:?}", archived.get())>
            <th scope="row" class="path-cell">
                {
                    let kind = entity.kind();
                    move || kind_label(kind)
                }
                " "
                {path}
            </th>
            <td data-label=move || {
                t_string!(i18n, cutover_col_state).to_string()
            }>
                {move || match archived.get() {
                    Some(true) => t_string!(i18n, cutover_archived).to_string(),
                    Some(false) => t_string!(i18n, cutover_active).to_string(),
                    None => "—".to_string(),
                }}
                {warn
                    .then(|| {
                        view! {
                            <p class="warn-text" data-testid="cutover-warn">
                                {move || t_string!(i18n, cutover_warn)}
                                " "
                                <A href=format!("/migrations/{id}/verify")>{move || t_string!(i18n, verify_link)}</A>
                            </p>
                        }
                    })}
            </td>
            <td
                class="message"
                data-label=move || t_string!(i18n, cutover_col_registries).to_string()
                data-testid="cutover-registries"
            >
                {registries}
            </td>
            <td class="message">
                <Show when=move || archived.get().is_some()>
                    <button
                        type="button"
                        class="button button-small"
                        data-testid="cutover-toggle"
                        disabled=move || action.get() == Some(Action::Working)
                        on:click=move |_| run.archive(vec![e.get_value()], archived.get_untracked() != Some(true))
                    >
                        {move || {
                            if archived.get() == Some(true) {
                                t_string!(i18n, cutover_unarchive)
                            } else {
                                t_string!(i18n, cutover_archive)
                            }
                        }}
                    </button>
                </Show>
                {move || action_line(action.get(), t_string!(i18n, cutover_done))}
            </td>
        </tr>
    }
}

/// Failed, timed-out, canceled and partial copies: delete and import again to the same path.
#[component]
pub fn CleanupSection(id: u64, run: Completion) -> impl IntoView {
    let i18n = use_i18n();
    let entities =
        Memo::new(move |_| run.loader.rows.with(|r| r.iter().filter(|e| can_delete(e)).cloned().collect::<Vec<_>>()));
    view! {
        <Show when=move || !entities.with(Vec::is_empty)>
            <section class="card" data-testid="cleanup">
                <h2>{move || t_string!(i18n, cleanup_title)}</h2>
                <p class="muted">{move || t_string!(i18n, cleanup_intro)}</p>
                <For
                    each=move || entities.get()
                    key=|e| e.id
                    children=move |e| view! { <CleanupRow id=id run=run entity=e /> }
                />
            </section>
        </Show>
    }
}

#[component]
fn CleanupRow(id: u64, run: Completion, entity: Entity) -> impl IntoView {
    let i18n = use_i18n();
    let eid = entity.id;
    let plan = deletion_plan(&entity);
    let path = plan.as_ref().map(|p| p.full_path.clone()).unwrap_or_default();
    let remove_now = plan.as_ref().is_some_and(|p| p.remove_now);
    let typed = RwSignal::new(String::new());
    let action = Memo::new(move |_| run.cutover.actions.with(|a| a.get(&eid).cloned()));
    let e = StoredValue::new(entity.clone());
    let matches = {
        let path = path.clone();
        move || typed.with(|t| t.trim() == path)
    };
    let again = format!("/migrations/{id}/again?entity={eid}{}", if remove_now { "&freed=1" } else { "" });
    let kind = entity.kind();
    view! {
        <div class="row-card" data-testid="cleanup-row" data-entity-id=eid.to_string()>
            <p class="path-cell">
                {move || kind_label(kind)} " " {entity.source_full_path.clone()} " → " {path.clone()} " "
                <StatusBadge status=DisplayStatus::of_entity(&entity) />
            </p>
            {if remove_now {
                let typed_path = path.clone();
                let label = move || t_string!(i18n, cleanup_type, path = typed_path.clone()).to_string();
                view! {
                    <form
                        class="field"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            run.delete_copy(e.get_value());
                        }
                    >
                        <label for=format!("cleanup-{eid}")>{label}</label>
                        <input
                            id=format!("cleanup-{eid}")
                            type="text"
                            autocomplete="off"
                            spellcheck="false"
                            data-testid="cleanup-confirm"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                        />
                        <button
                            type="submit"
                            class="button button-danger"
                            data-testid="cleanup-delete"
                            disabled=move || !matches() || matches!(action.get(), Some(Action::Working | Action::Done))
                        >
                            {move || t_string!(i18n, cleanup_delete)}
                        </button>
                    </form>
                }
                    .into_any()
            } else {
                view! {
                    <p class="muted" data-testid="cleanup-top-level">
                        {move || t_string!(i18n, cleanup_top_level)}
                    </p>
                }
                    .into_any()
            }}
            {move || action_line(action.get(), t_string!(i18n, cleanup_done))}
            <Show when=move || action.get() == Some(Action::Done) || !remove_now>
                <p>
                    <A href=again.clone() attr:data-testid="cleanup-again">
                        {move || {
                            if remove_now {
                                t_string!(i18n, cleanup_again_same)
                            } else {
                                t_string!(i18n, cleanup_again_new)
                            }
                        }}
                    </A>
                </p>
            </Show>
        </div>
    }
}
