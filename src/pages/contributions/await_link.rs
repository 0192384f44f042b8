//! "N contributions await reassignment in <group>": the link a migration's overview shows to the
//! Contributions page of its destination's top-level group. Shows nothing when the count is 0 or cannot be
//! read (not an owner, an old server).

use crate::data::contributions::use_awaiting_count;
use crate::i18n::{t_string, use_i18n};
use crate::logic::placeholders::{ContribView, SORTS};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ContributionsAwaitLink(#[prop(into)] group: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let count = use_awaiting_count(group);
    move || {
        let group = group.get()?;
        let n = count.value().flatten().filter(|n| *n > 0)?;
        let href = format!(
            "/contributions{}",
            ContribView { group: group.clone(), sort: SORTS[0], ..Default::default() }.to_query()
        );
        Some(view! {
            <p class="notice notice-info" data-testid="contrib-await-link">
                <A href=href>{move || t_string!(i18n, contrib_await_link, count = n, group = group.clone())}</A>
            </p>
        })
    }
}
