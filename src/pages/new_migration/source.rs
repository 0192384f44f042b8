//! The source instance: connect with a URL and a token, then browse what the user owns there.

use super::{use_start_state, SourceSession};
use crate::api::EntityType;
use crate::components::error_notice::{error_text_in, ErrorNotice};
use crate::components::pager::Pager;
use crate::data::start;
use crate::i18n::{t_string, use_i18n};
use crate::logic::instance_url::{normalize_instance_url, safe_link};
use leptos::prelude::*;
use std::collections::BTreeSet;

#[component]
pub fn SourcePanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_start_state();
    let url = RwSignal::new(state.draft.get_untracked().source_url);
    let token = RwSignal::new(String::new());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let connection = crate::connection::use_connection();
    let connect = Action::new_local(move |_: &()| {
        let (url_text, token_text) = (url.get_untracked(), token.get_untracked());
        let config = connection.config.get_untracked();
        async move {
            let base = match normalize_instance_url(&url_text) {
                Ok(b) => b,
                Err(_) => return Err(t_string!(i18n, err_url_invalid).to_string()),
            };
            if token_text.trim().is_empty() {
                return Err(t_string!(i18n, err_token_empty).to_string());
            }
            let client = config.client(base.clone(), token_text.trim());
            let (version, scopes) =
                start::source_version_and_scopes(&client).await.map_err(|e| error_text_in(i18n, &e))?;
            Ok((base, SourceSession { client, version, scopes }))
        }
    });
    Effect::new(move |_| {
        if let Some(result) = connect.value().get() {
            match result {
                Ok((base, session)) => {
                    state.update_draft(|d| d.source_url = base);
                    state.source.set(Some(session));
                    // The token is not shown again; it lives in the client only.
                    token.set(String::new());
                    error.set(None);
                }
                Err(message) => error.set(Some(message)),
            }
        }
    });
    let disconnect = move |_| state.source.set(None);

    view! {
        <div class="card step">
            <h2>{move || t_string!(i18n, step_source)}</h2>
            <Show
                when=move || state.source.with(Option::is_none)
                fallback=move || {
                    view! {
                        <p class="connected" data-testid="source-connected">
                            <span aria-hidden="true">"✓ "</span>
                            {move || {
                                state
                                    .source
                                    .with(|s| {
                                        s.as_ref()
                                            .map(|s| {
                                                t_string!(
                                                    i18n, source_connected,
                            url = s.client.base_url().to_string(), version = s.version.version.clone()
                                                )
                                                    .to_string()
                                            })
                                    })
                            }}
                            " "
                            <button type="button" class="button button-small" on:click=disconnect>
                                {move || t_string!(i18n, change_source)}
                            </button>
                        </p>
                    }
                }
            >
                <form
                    class="source-form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        if !connect.pending().get_untracked() {
                            connect.dispatch_local(());
                        }
                    }
                >
                    <div class="field">
                        <label for="source-url">{move || t_string!(i18n, source_url)}</label>
                        <input
                            id="source-url"
                            type="url"
                            autocomplete="url"
                            required
                            placeholder="https://gitlab.example.com"
                            prop:value=move || url.get()
                            on:input=move |ev| url.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="source-token">{move || t_string!(i18n, source_token)}</label>
                        <input
                            id="source-token"
                            type="password"
                            autocomplete="off"
                            required
                            prop:value=move || token.get()
                            on:input=move |ev| token.set(event_target_value(&ev))
                        />
                        <p class="help">{move || t_string!(i18n, source_token_help)}</p>
                    </div>
                    {move || {
                        error
                            .get()
                            .map(|m| {
                                view! {
                                    <p class="notice notice-error" role="alert" data-testid="source-error">
                                        {m}
                                    </p>
                                }
                            })
                    }}
                    <button type="submit" class="button button-primary" disabled=move || connect.pending().get()>
                        {move || {
                            if connect.pending().get() { t_string!(i18n, connecting) } else { t_string!(i18n, connect) }
                        }}
                    </button>
                </form>
            </Show>
            <Show when=move || state.source.with(Option::is_some)>
                <SourceBrowser />
            </Show>
        </div>
    }
}

#[component]
fn SourceBrowser() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_start_state();
    let kind = RwSignal::new(EntityType::Group);
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(1u32);
    let per_page = 20u32;
    let selected: RwSignal<BTreeSet<String>> = RwSignal::new(BTreeSet::new());
    // `None` without a source: this panel is shown only with one.
    let items = LocalResource::new(move || {
        let (kind, search, page) = (kind.get(), search.get(), page.get());
        let client = state.source.with(|s| s.as_ref().map(|s| s.client.clone()));
        async move {
            let client = client?;
            Some(start::source_items(&client, kind, search, page, per_page).await)
        }
    });
    let set_kind = move |k: EntityType| {
        kind.set(k);
        page.set(1);
        selected.set(BTreeSet::new());
    };
    let add_selected = move |_| {
        let chosen = selected.get_untracked();
        let k = kind.get_untracked();
        state.update_draft(|d| chosen.iter().for_each(|p| d.add(k, p)));
        selected.set(BTreeSet::new());
    };
    // The two tabs are one stop for Tab; the arrow keys (and Home/End) move between them, as ARIA's tabs pattern.
    let on_tab_key = move |ev: web_sys::KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowLeft" | "ArrowRight" => match kind.get_untracked() {
                EntityType::Group => EntityType::Project,
                EntityType::Project => EntityType::Group,
            },
            "Home" => EntityType::Group,
            "End" => EntityType::Project,
            _ => return,
        };
        ev.prevent_default();
        if next != kind.get_untracked() {
            set_kind(next);
        }
        let id = if next == EntityType::Group { "source-tab-groups" } else { "source-tab-projects" };
        if let Some(tab) = document().get_element_by_id(id) {
            let _ = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(tab).map(|t| t.focus());
        }
    };
    view! {
        <div class="browser" data-testid="source-browser">
            <h3>{move || t_string!(i18n, browse_source)}</h3>
            <div class="tabs" role="tablist" on:keydown=on_tab_key>
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    id="source-tab-groups"
                    aria-controls="source-tabpanel"
                    tabindex=move || if kind.get() == EntityType::Group { "0" } else { "-1" }
                    aria-selected=move || (kind.get() == EntityType::Group).to_string()
                    on:click=move |_| set_kind(EntityType::Group)
                >
                    {move || t_string!(i18n, groups_you_own)}
                </button>
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    id="source-tab-projects"
                    aria-controls="source-tabpanel"
                    tabindex=move || if kind.get() == EntityType::Project { "0" } else { "-1" }
                    aria-selected=move || (kind.get() == EntityType::Project).to_string()
                    on:click=move |_| set_kind(EntityType::Project)
                >
                    {move || t_string!(i18n, projects_you_own)}
                </button>
            </div>
            <div
                role="tabpanel"
                id="source-tabpanel"
                aria-labelledby=move || {
                    if kind.get() == EntityType::Group { "source-tab-groups" } else { "source-tab-projects" }
                }
            >
                <form
                    class="filters"
                    role="search"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        if let Some(input) = ev
                            .target()
                            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(t).ok())
                            .and_then(|f| f.elements().named_item("q"))
                            .and_then(|i| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(i).ok())
                        {
                            search.set(input.value());
                            page.set(1);
                        }
                    }
                >
                    <label class="filter-text">
                        <span class="filter-label">{move || t_string!(i18n, filter_text)}</span>
                        <input type="search" name="q" data-testid="source-search" maxlength="200" />
                    </label>
                    <button type="submit" class="button">
                        {move || t_string!(i18n, search)}
                    </button>
                </form>
                <Transition fallback=move || {
                    view! { <p class="loading">{move || t_string!(i18n, loading)}</p> }
                }>
                    {move || {
                        items
                            .get()
                            .flatten()
                            .map(|result| match result {
                                Err(e) => {
                                    view! { <ErrorNotice error=e on_retry=Callback::new(move |_| items.refetch()) /> }
                                        .into_any()
                                }
                                Ok((rows, _)) if rows.is_empty() => {
                                    view! { <p class="empty">{move || t_string!(i18n, nothing_owned)}</p> }.into_any()
                                }
                                Ok((rows, info)) => {
                                    let shown = rows.len();
                                    view! {
                                        <ul class="pick-list" data-testid="source-items">
                                            {rows
                                                .into_iter()
                                                .map(|item| {
                                                    let path = item.path.clone();
                                                    let path2 = item.path.clone();
                                                    let already = Signal::derive({
                                                        let path = item.path.clone();
                                                        move || {
                                                            state
                                                                .draft
                                                                .with(|d| {
                                                                    d.rows
                                                                        .iter()
                                                                        .any(|r| {
                                                                            r.source_full_path == path && r.kind == kind.get_untracked()
                                                                        })
                                                                })
                                                        }
                                                    });
                                                    view! {
                                                        <li>
                                                            <label>
                                                                <input
                                                                    type="checkbox"
                                                                    disabled=already
                                                                    prop:checked=move || {
                                                                        selected.with(|s| s.contains(&path)) || already.get()
                                                                    }
                                                                    on:change=move |ev| {
                                                                        let on = event_target_checked(&ev);
                                                                        selected
                                                                            .update(|s| {
                                                                                if on {
                                                                                    s.insert(path2.clone());
                                                                                } else {
                                                                                    s.remove(&path2);
                                                                                }
                                                                            });
                                                                    }
                                                                />
                                                                <span class="pick-path">{item.path.clone()}</span>
                                                                <span class="muted">{item.name.clone()}</span>
                                                            </label>
                                                            {item
                                                                .web_url
                                                                .as_deref()
                                                                .and_then(safe_link)
                                                                .map(|href| {
                                                                    view! {
                                                                        <a
                                                                            class="external"
                                                                            href=href.to_string()
                                                                            target="_blank"
                                                                            rel="noopener noreferrer"
                                                                            aria-label=move || {
                                                                                t_string!(i18n, open_on_source).to_string()
                                                                            }
                                                                        >
                                                                            "↗"
                                                                        </a>
                                                                    }
                                                                })}
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                        <Pager
                                            page=page
                                            per_page=Signal::derive(move || per_page)
                                            shown=Signal::derive(move || shown)
                                            total_rows=Signal::derive({
                                                let t = info.total;
                                                move || t
                                            })
                                            has_next=Signal::derive({
                                                let n = info.has_next();
                                                move || n
                                            })
                                            on_page=Callback::new(move |p| page.set(p))
                                        />
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Transition>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="add-selected"
                    disabled=move || selected.with(BTreeSet::is_empty)
                    on:click=add_selected
                >
                    {move || t_string!(i18n, add_selected, n = selected.with(BTreeSet::len)).to_string()}
                </button>
            </div>
        </div>
    }
}
