//! The assignee picker: a combobox. Typing searches active users (debounced, in `data::assignees`); the
//! arrow keys move through the options and Enter chooses one; a click on an option chooses it. The search
//! box keeps the focus throughout (`aria-activedescendant`), so a click never blurs it into a redraw.

use crate::api::Assignee;
use crate::components::error_notice::error_text;
use crate::data::assignees::use_assignees;
use crate::i18n::{t_string, use_i18n};
use crate::logic::placeholders::safe_avatar;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use web_sys::HtmlElement;

static PICKERS: AtomicUsize = AtomicUsize::new(0);

/// The option after (`forward`) or before the active one, wrapping around; the first or last when none is.
fn next_active(options: &[Assignee], active: Option<u64>, forward: bool) -> Option<u64> {
    let n = options.len();
    if n == 0 {
        return None;
    }
    let at = active.and_then(|id| options.iter().position(|u| u.id == id));
    let i = match (at, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    options.get(i).map(|u| u.id)
}

#[component]
pub fn AssigneePicker(on_pick: Callback<u64>, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let found = use_assignees(typed.into());
    // While a mouse button or finger is down on an option, the list stays as it is: an answer arriving between
    // press and release would otherwise redraw it under the pointer and lose the click.
    let pressing = RwSignal::new(false);
    let options = Memo::new(move |previous: Option<&Vec<Assignee>>| {
        let hold = pressing.get();
        match previous {
            Some(shown) if hold => shown.clone(),
            _ => found.list.get().unwrap_or_default(),
        }
    });
    let release = window_event_listener(leptos::ev::pointerup, move |_| {
        // After the click that follows this release.
        set_timeout(move || _ = pressing.try_set(false), std::time::Duration::ZERO);
    });
    on_cleanup(move || release.remove());
    let active: RwSignal<Option<u64>> = RwSignal::new(None);
    // The active option is the one the keys moved to, as long as it is still offered.
    let current = Memo::new(move |_| active.get().filter(|id| options.with(|o| o.iter().any(|u| u.id == *id))));
    let base = format!("assignee-picker-{}", PICKERS.fetch_add(1, Ordering::Relaxed));
    let list_id = format!("{base}-list");
    let option_id = {
        let base = base.clone();
        move |id: u64| format!("{base}-option-{id}")
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input_ref.get() {
            let _ = input.focus();
        }
    });
    let scroll_to = {
        let option_id = option_id.clone();
        // Only the list scrolls (the page stays where it is): just enough to show the option.
        move |id: u64| {
            use wasm_bindgen::JsCast;
            let option = document().get_element_by_id(&option_id(id)).and_then(|e| e.dyn_into::<HtmlElement>().ok());
            let Some(option) = option else { return };
            let Some(list) = option.parent_element() else { return };
            let (top, height) = (option.offset_top(), option.offset_height());
            let (scrolled, visible) = (list.scroll_top(), list.client_height());
            if top < scrolled {
                list.set_scroll_top(top);
            } else if top + height > scrolled + visible {
                list.set_scroll_top(top + height - visible);
            }
        }
    };
    let on_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            let next = options.with(|o| next_active(o, current.get_untracked(), ev.key() == "ArrowDown"));
            active.set(next);
            if let Some(id) = next {
                scroll_to(id);
            }
        }
        "Enter" => {
            ev.prevent_default();
            if let Some(id) = current.get_untracked() {
                on_pick.run(id);
            }
        }
        "Escape" => {
            ev.prevent_default();
            on_close.run(());
        }
        _ => {}
    };
    let descendant = {
        let option_id = option_id.clone();
        move || current.get().map(&option_id)
    };
    let expanded = move || options.with(|o| !o.is_empty()).to_string();
    view! {
        <div class="card assignee-picker" data-testid="assignee-picker">
            <label class="filter-text">
                <span class="filter-label">{move || t_string!(i18n, contrib_pick_user)}</span>
                <input
                    type="text"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-controls=list_id.clone()
                    aria-expanded=expanded
                    aria-activedescendant=descendant
                    autocomplete="off"
                    spellcheck="false"
                    maxlength="100"
                    data-testid="assignee-search"
                    node_ref=input_ref
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                    on:keydown=on_key
                />
            </label>
            <span class="muted small">{move || t_string!(i18n, contrib_pick_hint)}</span>
            <button type="button" class="button button-quiet button-small" on:click=move |_| on_close.run(())>
                {move || t_string!(i18n, contrib_close)}
            </button>
            <p class="muted small" role="status" data-testid="assignee-status">
                {move || {
                    if found.searching.get() {
                        t_string!(i18n, contrib_pick_searching).to_string()
                    } else if found.list.with(|l| l.as_ref().is_some_and(Vec::is_empty)) {
                        t_string!(i18n, contrib_pick_none).to_string()
                    } else if found.list.with(Option::is_some) {
                        t_string!(i18n, contrib_pick_count, n = options.with(Vec::len)).to_string()
                    } else {
                        String::new()
                    }
                }}
            </p>
            {move || {
                found
                    .error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="notice notice-error" role="alert">
                                {error_text(&e)}
                            </p>
                        }
                    })
            }}
            <ul
                class="assignee-list"
                role="listbox"
                id=list_id
                aria-label=move || t_string!(i18n, contrib_pick_user).to_string()
                data-testid="assignee-options"
            >
                <For each=move || options.get() key=|u| u.id let:user>
                    <AssigneeOption
                        element_id=option_id(user.id)
                        user=user
                        active=current
                        pressing=pressing
                        on_pick=on_pick
                    />
                </For>
            </ul>
        </div>
    }
}

#[component]
fn AssigneeOption(
    user: Assignee,
    element_id: String,
    active: Memo<Option<u64>>,
    pressing: RwSignal<bool>,
    on_pick: Callback<u64>,
) -> impl IntoView {
    let id = user.id;
    let avatar = safe_avatar(user.avatar_url.as_deref());
    view! {
        <li
            role="option"
            id=element_id
            aria-selected=move || (active.get() == Some(id)).to_string()
            data-testid="assignee-option"
            data-username=user.username.clone()
            // The search box keeps the focus: no blur, nothing redrawn between press and release.
            on:pointerdown=move |_| pressing.set(true)
            on:mousedown=|ev| ev.prevent_default()
            on:click=move |_| on_pick.run(id)
        >
            {avatar
                .map(|src| {
                    view! { <img src=src alt="" width="20" height="20" loading="lazy" referrerpolicy="no-referrer" /> }
                })}
            <span class="user-name">{user.name.clone().unwrap_or_default()}</span>
            <span class="user-handle">{format!("@{}", user.username)}</span>
        </li>
    }
}
