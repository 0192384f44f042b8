use crate::i18n::{td_string, use_i18n, Locale};
use crate::logic::display_status::DisplayStatus;
use leptos::prelude::*;

/// The translated label of a status, in GitLab's wording.
pub fn status_label(status: &DisplayStatus) -> String {
    status_label_in(use_i18n(), status)
}

/// The same, for async code, where the context is gone: take `i18n` before the first `.await`.
pub fn status_label_in(i18n: leptos_i18n::I18nContext<Locale>, status: &DisplayStatus) -> String {
    status_label_in_locale(i18n.get_locale(), status)
}

/// The same, in `locale`.
pub fn status_label_in_locale(locale: Locale, status: &DisplayStatus) -> String {
    match status {
        DisplayStatus::Pending => td_string!(locale, status_pending).to_string(),
        DisplayStatus::Importing => td_string!(locale, status_importing).to_string(),
        DisplayStatus::Complete => td_string!(locale, status_complete).to_string(),
        DisplayStatus::PartiallyCompleted => td_string!(locale, status_partial).to_string(),
        DisplayStatus::Failed => td_string!(locale, status_failed).to_string(),
        DisplayStatus::Timeout => td_string!(locale, status_timeout).to_string(),
        DisplayStatus::Canceled => td_string!(locale, status_canceled).to_string(),
        DisplayStatus::Unknown(raw) => format!("{} ({raw})", td_string!(locale, status_unknown)),
    }
}

/// A status as icon + label + colour: never colour alone.
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<DisplayStatus>) -> impl IntoView {
    move || status.with(|s| status_badge(s, status_label(s)))
}

/// The same, drawn once: for rows rebuilt whenever their status or the language changes.
pub fn status_badge(status: &DisplayStatus, label: String) -> impl IntoView {
    view! {
        <span class=format!("badge badge-{}", status.key())>
            <span class="badge-icon" aria-hidden="true">
                {status.icon()}
            </span>
            {label}
        </span>
    }
}
