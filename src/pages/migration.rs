//! One migration: its entities.

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MigrationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    view! { <h1>{move || t!(i18n, migration_title, id = id())}</h1> }
}
