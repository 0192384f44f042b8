//! "N contributions await reassignment in <group>": the link a migration's overview shows to the
//! Contributions page of its destination's top-level group. The number is counted by paging (GitLab's
//! connection has no `count`): "counting… N" while it runs. Shows nothing when the count is 0 or cannot be
//! read (not an owner, an old server).

use crate::data::contrib_counts::use_awaiting_count;
use crate::data::lane::Lane;
use crate::i18n::{t_string, use_i18n};
use crate::logic::placeholders::{ContribView, Count, SORTS};
use crate::logic::verify::group_digits;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ContributionsAwaitLink(
    #[prop(into)] group: Signal<Option<String>>,
    /// The page's lane: each counting request waits for it, so the page stays within its in-flight limit.
    #[prop(optional)]
    lane: Option<Lane>,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = use_awaiting_count(group, lane);
    move || {
        let group = group.get()?;
        let (n, known) = match count.get() {
            Count::Known(n) => (n, true),
            Count::Counting(n) => (n, false),
            Count::Unknown => return None,
        };
        if n == 0 {
            return None;
        }
        let href = format!(
            "/contributions{}",
            ContribView { group: group.clone(), sort: SORTS[0], ..Default::default() }.to_query()
        );
        let text = if known {
            t_string!(i18n, contrib_await_link, count = n, group = group.clone()).to_string()
        } else {
            t_string!(i18n, contrib_await_counting, n = group_digits(n), group = group.clone()).to_string()
        };
        Some(view! {
            <p
                class="notice notice-info"
                data-testid="contrib-await-link"
                data-state=if known { "known" } else { "counting" }
            >
                <A href=href>{text}</A>
            </p>
        })
    }
}
