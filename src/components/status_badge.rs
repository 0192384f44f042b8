use crate::i18n::{t_string, use_i18n};
use crate::logic::display_status::DisplayStatus;
use leptos::prelude::*;

/// The translated label of a status, in GitLab's wording.
pub fn status_label(status: &DisplayStatus) -> String {
    let i18n = use_i18n();
    match status {
        DisplayStatus::Pending => t_string!(i18n, status_pending).to_string(),
        DisplayStatus::Importing => t_string!(i18n, status_importing).to_string(),
        DisplayStatus::Complete => t_string!(i18n, status_complete).to_string(),
        DisplayStatus::PartiallyCompleted => t_string!(i18n, status_partial).to_string(),
        DisplayStatus::Failed => t_string!(i18n, status_failed).to_string(),
        DisplayStatus::Timeout => t_string!(i18n, status_timeout).to_string(),
        DisplayStatus::Canceled => t_string!(i18n, status_canceled).to_string(),
        DisplayStatus::Unknown(raw) => format!("{} ({raw})", t_string!(i18n, status_unknown)),
    }
}

/// A status as icon + label + colour: never colour alone.
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<DisplayStatus>) -> impl IntoView {
    view! {
        <span class=move || format!("badge badge-{}", status.with(|s| s.key().to_string()))>
            <span class="badge-icon" aria-hidden="true">{move || status.with(|s| s.icon())}</span>
            {move || status.with(status_label)}
        </span>
    }
}
