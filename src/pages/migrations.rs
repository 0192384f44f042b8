//! The signed-in user's migrations.

use crate::api::{BulkImport, ListQuery};
use crate::components::error_notice::ErrorNotice;
use crate::components::status_badge::StatusBadge;
use crate::components::time_text::TimeText;
use crate::connection::use_connection;
use crate::i18n::{t, use_i18n};
use crate::logic::display_status::DisplayStatus;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn MigrationsPage() -> impl IntoView {
    let connection = use_connection();
    let i18n = use_i18n();
    let imports = LocalResource::new(move || {
        let client = connection.client();
        async move {
            match client {
                Some(c) => c.list_bulk_imports(&ListQuery::default()).await,
                None => Err(crate::api::ApiError::Unauthorized),
            }
        }
    });

    view! {
        <section>
            <h1>{t!(i18n, migrations_title)}</h1>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || imports.get().map(|result| match result {
                    Ok(page) if page.items.is_empty() => view! { <p class="empty">{t!(i18n, no_migrations)}</p> }.into_any(),
                    Ok(page) => view! { <MigrationTable rows=page.items/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=Signal::derive(move || e.clone()) on_retry=Callback::new(move |_| imports.refetch())/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MigrationTable(rows: Vec<BulkImport>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="migrations-table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, col_id)}</th>
                        <th scope="col">{t!(i18n, col_source)}</th>
                        <th scope="col">{t!(i18n, col_status)}</th>
                        <th scope="col">{t!(i18n, col_created)}</th>
                        <th scope="col">{t!(i18n, col_updated)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.clone() key=|m| (m.id, m.updated_at.clone(), m.status.clone()) let:m>
                        <tr>
                            <td><A href=format!("/migrations/{}", m.id)>{m.id}</A></td>
                            <td>{m.source_url.clone().unwrap_or_else(|| "—".into())}</td>
                            <td><StatusBadge status=DisplayStatus::of_import(&m)/></td>
                            <td><TimeText value=m.created_at.clone()/></td>
                            <td><TimeText value=m.updated_at.clone()/></td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}
