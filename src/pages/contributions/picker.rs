//! The assignee picker: search active users (name, username, avatar) and choose one.

use crate::data::contributions::use_assignees;
use crate::i18n::{t_string, use_i18n};
use crate::logic::placeholders::safe_avatar;
use leptos::prelude::*;

#[component]
pub fn AssigneePicker(on_pick: Callback<u64>, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let users = use_assignees(search.into());
    view! {
        <div class="card" data-testid="assignee-picker">
            <label class="filter-text">
                <span class="filter-label">{move || t_string!(i18n, contrib_pick_user)}</span>
                <input
                    type="search"
                    data-testid="assignee-search"
                    prop:value=move || search.get()
                    on:change=move |ev| search.set(event_target_value(&ev))
                />
            </label>
            <span class="muted small">{move || t_string!(i18n, contrib_pick_hint)}</span>
            <button class="button button-quiet button-small" on:click=move |_| on_close.run(())>
                {move || t_string!(i18n, contrib_close)}
            </button>
            <Transition fallback=crate::components::labels::Loading>
                {users.loading_marker()}
                {move || {
                    users
                        .value()
                        .map(|list| {
                            if list.is_empty() {
                                return view! { <p class="muted">{move || t_string!(i18n, contrib_pick_none)}</p> }
                                    .into_any();
                            }
                            view! {
                                <ul class="pick-list">
                                    {list
                                        .into_iter()
                                        .map(|u| {
                                            let avatar = safe_avatar(u.avatar_url.as_deref());
                                            let label = t_string!(
                                                i18n, contrib_pick_choose, username = u.username.clone()
                                            )
                                                .to_string();
                                            let id = u.id;
                                            view! {
                                                <li>
                                                    <button
                                                        class="button button-small"
                                                        data-testid="assignee-option"
                                                        data-username=u.username.clone()
                                                        aria-label=label
                                                        on:click=move |_| on_pick.run(id)
                                                    >
                                                        {avatar
                                                            .map(|src| {
                                                                view! {
                                                                    <img
                                                                        src=src
                                                                        alt=""
                                                                        width="20"
                                                                        height="20"
                                                                        loading="lazy"
                                                                        referrerpolicy="no-referrer"
                                                                    />
                                                                }
                                                            })}
                                                        " "
                                                        <span class="user-name">
                                                            {u.name.clone().unwrap_or_default()}
                                                        </span>
                                                        " "
                                                        <span class="user-handle">{format!("@{}", u.username)}</span>
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        })
                }}
            </Transition>
        </div>
    }
}
