use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::page_title::use_page_title(Signal::derive(move || t_string!(i18n, not_found_title).to_string()));
    view! {
        <section class="card">
            <h1>{move || t_string!(i18n, not_found_title)}</h1>
            <p>{move || t_string!(i18n, not_found_body)}</p>
            <A href="/migrations">{move || t_string!(i18n, back_to_migrations)}</A>
        </section>
    }
}
