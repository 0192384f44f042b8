//! Small pieces every page says the same way: "Loading…", and what kind of thing an entity is.

use crate::api::EntityType;
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// "Group" or "Project", in the current language.
pub fn kind_label(kind: EntityType) -> &'static str {
    let i18n = use_i18n();
    match kind {
        EntityType::Group => t_string!(i18n, type_group),
        EntityType::Project => t_string!(i18n, type_project),
    }
}

/// The placeholder shown until the first answer arrives.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading">{move || t_string!(i18n, loading)}</p> }
}
