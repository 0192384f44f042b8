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

/// "1 group" / "3 groups" (and projects, entities): English needs the singular; Chinese says both alike.
pub fn count_groups(n: usize) -> String {
    let i18n = use_i18n();
    if n == 1 {
        t_string!(i18n, count_group_one).to_string()
    } else {
        t_string!(i18n, count_groups, n = n).to_string()
    }
}

pub fn count_projects(n: usize) -> String {
    let i18n = use_i18n();
    if n == 1 {
        t_string!(i18n, count_project_one).to_string()
    } else {
        t_string!(i18n, count_projects, n = n).to_string()
    }
}

pub fn count_entities(n: usize) -> String {
    let i18n = use_i18n();
    if n == 1 {
        t_string!(i18n, count_entity_one).to_string()
    } else {
        t_string!(i18n, count_entities, n = n).to_string()
    }
}

/// The placeholder shown until the first answer arrives.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading">{move || t_string!(i18n, loading)}</p> }
}
