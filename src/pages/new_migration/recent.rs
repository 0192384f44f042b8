//! The notice on a row whose source was migrated recently: where, with a link, and that it may be imported again.

use crate::i18n::{t_string, use_i18n};
use crate::logic::recent_sources::{RecentMatch, RecentState};
use leptos::prelude::*;
use leptos_router::components::A;

/// The row's source is in one of the user's recent migrations (same path, same source instance): say where, with
/// a link, and that it may still be imported again. Shown above the row, before a destination collision.
#[component]
pub fn RecentNotice(found: RecentMatch) -> impl IntoView {
    let i18n = use_i18n();
    let id = found.migration_id;
    view! {
        <p class="notice notice-warn row-recent" role="status" data-testid="recent-migration">
            {move || match found.state {
                RecentState::BeingMigrated => t_string!(i18n, recent_being_migrated),
                RecentState::WasMigrated => t_string!(i18n, recent_was_migrated),
            }}
            " "
            <A href=format!("/migrations/{id}")>{format!("#{id}")}</A>
            {move || t_string!(i18n, recent_sentence_end)}
            " "
            {move || t_string!(i18n, recent_import_again)}
        </p>
    }
}
