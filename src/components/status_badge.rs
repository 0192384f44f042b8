use crate::i18n::{t_string, use_i18n};
use crate::logic::display_status::DisplayStatus;
use leptos::prelude::*;

/// The translated label of a status, in GitLab's wording.
pub fn status_label(status: &DisplayStatus) -> String {
    status_label_in(use_i18n(), status)
}

/// The same, for async code, where the context is gone: take `i18n` before the first `.await`.
pub fn status_label_in(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, status: &DisplayStatus) -> String {
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
            <span class="badge-icon" aria-hidden="true">
                {move || status.with(|s| s.icon())}
            </span>
            {move || status.with(status_label)}
        </span>
    }
}
