//! One module per route. Pages read what `data` loads and arrange components; no HTTP, paging or retry here.
//!
//! Every page but the list is a lazy route: on the split build (`--cfg split`, see `scripts/split.mjs`) its code
//! is a separate wasm chunk fetched on first visit, so the first load does not grow with features. Without the
//! cfg the same routes are ordinary code in the main module.

pub mod contributions;
pub mod entities;
pub mod entity;
pub mod migration;
pub mod migrations;
pub mod new_migration;
pub mod not_found;
pub mod sign_in;

/// Declares `$route`, a lazy route that shows the component `$page`. New pages add one line here.
macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        pub struct $route;

        #[cfg_attr(split, leptos_router::lazy_route)]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_page!(MigrationRoute, migration::MigrationPage);
lazy_page!(EntityRoute, entity::EntityPage);
lazy_page!(EntitiesRoute, entities::EntitiesPage);
lazy_page!(NewMigrationRoute, new_migration::NewMigrationPage);
lazy_page!(ContributionsRoute, contributions::ContributionsPage);
