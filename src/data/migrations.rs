//! The migrations list: one page of the user's migrations, and at a glance where each one goes.

use super::scope::PageScope;
use crate::api::{fetch_all_pages, ApiError, BulkImport, Client, EntityRoute, ListQuery, MAX_IN_FLIGHT};
use crate::logic::display_status::DisplayStatus;
use crate::logic::paging;
use crate::logic::view_state::MigrationsView;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;

type PageAnswer = Shared<LocalBoxFuture<'static, Result<MigrationsPage, ApiError>>>;

/// A first page asked for before the list page exists, with who asked and for which view.
struct Warm {
    instance: String,
    token: String,
    key: (MigrationsView, u32),
    answer: PageAnswer,
}

thread_local! {
    static WARM: RefCell<Option<Warm>> = const { RefCell::new(None) };
}

/// Start-up asks for the list's first page together with the token check, so the table does not wait for the
/// check and a render pass before its own request. Only the same instance, token and view may take it.
pub fn warm_first_page(client: Client, view: MigrationsView, per_page: u32) {
    // A personal token identifies the session; an OAuth client's token is rotated and not shown: no warm start.
    if client.token().is_empty() {
        return;
    }
    let (instance, token) = (client.base_url().to_string(), client.token().to_string());
    let answer = migrations_page(client, view.clone(), per_page).boxed_local().shared();
    // Polled now, not when the page mounts: the request leaves at once.
    leptos::task::spawn_local(answer.clone().map(|_| ()));
    WARM.with(|w| *w.borrow_mut() = Some(Warm { instance, token, key: (view, per_page), answer }));
}

impl Warm {
    fn is_for(&self, client: &Client, key: &(MigrationsView, u32)) -> bool {
        self.instance == client.base_url() && self.token == client.token() && &self.key == key
    }
}

fn take_warm(client: &Client, key: &(MigrationsView, u32)) -> Option<PageAnswer> {
    WARM.with(|w| w.borrow_mut().take()).filter(|w| w.is_for(client, key)).map(|w| w.answer)
}

/// The warm first page, if it is for this client and view and has already come (it stays to be taken).
fn warm_page_now(client: &Client, key: &(MigrationsView, u32)) -> Option<MigrationsPage> {
    WARM.with(|w| {
        let w = w.borrow();
        let warm = w.as_ref().filter(|w| w.is_for(client, key))?;
        warm.answer.peek()?.as_ref().ok().cloned()
    })
}

/// Resolves once the warm first page has come (at once where none was asked for): the console mounts with it.
pub fn warm_page_came() -> impl std::future::Future<Output = ()> {
    let answer = WARM.with(|w| w.borrow().as_ref().map(|w| w.answer.clone()));
    async move {
        if let Some(answer) = answer {
            let _ = answer.await;
        }
    }
}

/// One page of the list, whoever paged it.
#[derive(Clone, Debug, PartialEq)]
pub struct MigrationsPage {
    pub rows: Vec<BulkImport>,
    pub total: Option<u64>,
    pub has_next: bool,
}

impl MigrationsPage {
    pub fn any_active(&self) -> bool {
        self.rows.iter().any(|m| m.status.is_active())
    }
}

/// "Complete" and "Partially completed" are both `finished` on the server: those two are fetched whole
/// (a user's migrations are a few pages) and split and paged here, so that totals stay right.
pub async fn migrations_page(client: Client, view: MigrationsView, per_page: u32) -> Result<MigrationsPage, ApiError> {
    let derived_only = matches!(view.status, Some(DisplayStatus::Complete | DisplayStatus::PartiallyCompleted));
    if derived_only {
        let status = view.status.clone().unwrap_or(DisplayStatus::Complete);
        let mut all = Vec::new();
        let fetch = |p| {
            let c = client.clone();
            let q = ListQuery { page: p, per_page: 100, sort: Some(view.sort), status: status.server_status() };
            async move { c.list_bulk_imports(&q).await }
        };
        fetch_all_pages(fetch, 100, MAX_IN_FLIGHT, |_, items| all.extend(items)).await?;
        all.retain(|m| DisplayStatus::of_import(m) == status);
        let range = paging::bounds(all.len(), view.page, per_page);
        let has_next = range.end < all.len();
        return Ok(MigrationsPage { total: Some(all.len() as u64), rows: all[range].to_vec(), has_next });
    }
    let status = view.status.as_ref().and_then(|s| s.server_status());
    let query = ListQuery { page: view.page, per_page, sort: Some(view.sort), status };
    let page = client.list_bulk_imports(&query).await?;
    Ok(MigrationsPage { total: page.info.total, has_next: page.info.has_next(), rows: page.items })
}

/// What a list row says of a migration's groups and projects: how many, and the first one's route.
#[derive(Clone, Debug, PartialEq)]
pub struct Glance {
    pub total: u64,
    pub first: Option<EntityRoute>,
}

/// Neither is in the migration record: one small request per shown migration, once for ended ones, again for
/// running ones each time `shown` changes.
pub fn use_glances(shown: Signal<Option<MigrationsPage>>) -> RwSignal<HashMap<u64, Glance>> {
    let scope = PageScope::new();
    let glances: RwSignal<HashMap<u64, Glance>> = RwSignal::new(HashMap::new());
    Effect::new(move |_| {
        let Some(page) = shown.get() else { return };
        let Ok(client) = scope.client() else { return };
        let wanted: Vec<u64> = glances.with_untracked(|g| {
            page.rows.iter().filter(|m| m.status.is_active() || !g.contains_key(&m.id)).map(|m| m.id).collect()
        });
        leptos::task::spawn_local(async move {
            // After the table is painted: eight requests built and sent cost ~10 ms that the first paint needs.
            crate::browser::after_next_paint().await;
            let found: Vec<(u64, Glance)> = stream::iter(wanted)
                .map(|id| {
                    let c = client.clone();
                    async move {
                        let (first, total) = c.first_entity_route(id).await.ok()?;
                        Some((id, Glance { total: total?, first }))
                    }
                })
                .buffer_unordered(MAX_IN_FLIGHT)
                .filter_map(|found| async move { found })
                .collect()
                .await;
            // Compare before setting: an unchanged glance must not redraw the rows (focus, selection).
            let changed: Vec<(u64, Glance)> = glances
                .try_with_untracked(|g| found.into_iter().filter(|(id, new)| g.get(id) != Some(new)).collect())
                .unwrap_or_default();
            if !changed.is_empty() {
                let _ = glances.try_update(|g| g.extend(changed));
            }
        });
    });
    glances
}

/// Source instances by migration, for the source links of the all-entities view (a few pages at most).
pub fn use_source_urls() -> RwSignal<HashMap<u64, String>> {
    let scope = PageScope::new();
    let source_urls: RwSignal<HashMap<u64, String>> = RwSignal::new(HashMap::new());
    if let Ok(client) = scope.client() {
        leptos::task::spawn_local(async move {
            let mut found = HashMap::new();
            let fetch = |p| {
                let c = client.clone();
                async move { c.list_bulk_imports(&ListQuery::page(p, 100)).await }
            };
            let _ = fetch_all_pages(fetch, 100, MAX_IN_FLIGHT, |_, items| {
                found.extend(items.into_iter().filter_map(|m| m.source_url.map(|u| (m.id, u))))
            })
            .await;
            let _ = source_urls.try_update(|s| s.extend(found));
        });
    }
    source_urls
}

/// The page of the list the URL asks for, refreshed while one of its migrations is pending or running.
pub fn use_migrations_page(
    view: Memo<MigrationsView>,
    per_page: Memo<u32>,
) -> super::Live<(MigrationsView, u32), MigrationsPage> {
    let connection = crate::connection::use_connection();
    super::use_live_from(
        move || (view.get(), per_page.get()),
        |client, (view, per_page)| {
            let warm = take_warm(&client, &(view.clone(), per_page));
            async move {
                match warm {
                    Some(answer) => answer.await,
                    None => migrations_page(client, view, per_page).await,
                }
            }
        },
        MigrationsPage::any_active,
        // Start-up's answer already here: the table is on the page's first render.
        |key| connection.client().and_then(|client| warm_page_now(&client, key)),
    )
}
