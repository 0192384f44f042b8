//! One module per route. Pages read what `data` loads and arrange components; no HTTP, paging or retry here.
//!
//! Every page but the list is a lazy route: on the split build (`--cfg split`, see `scripts/split.mjs`) its code
//! is a separate wasm chunk fetched on first visit, so the first load does not grow with features. Without the
//! cfg the same routes are ordinary code in the main module.

pub mod again;
pub mod campaign;
pub mod complete;
pub mod contributions;
pub mod entities;
pub mod entity;
pub mod migration;
pub mod migration_after;
pub mod migrations;
pub mod new_migration;
pub mod not_found;
pub mod sign_in;
pub mod verify;

/// Declares `$route`, a lazy route that shows the component `$page`. New pages add one line here.
macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        pub struct $route;

        // `#[lazy_route]` wants a plain `view` and makes it async (and a split point); the unsplit build
        // implements the trait's async `view` directly.
        #[cfg(split)]
        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                crate::components::page_focus::focus_new_page();
                view! { <$page /> }.into_any()
            }
        }

        #[cfg(not(split))]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                crate::components::page_focus::focus_new_page();
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_page!(MigrationRoute, migration::MigrationPage);
lazy_page!(EntityRoute, entity::EntityPage);
lazy_page!(EntitiesRoute, entities::EntitiesPage);
lazy_page!(NewMigrationRoute, new_migration::NewMigrationPage);
lazy_page!(AgainRoute, again::AgainPage);
lazy_page!(ContributionsRoute, contributions::ContributionsPage);
lazy_page!(CampaignRoute, campaign::CampaignPage);
lazy_page!(VerificationRoute, verify::VerifyPage);
lazy_page!(CompleteRoute, complete::CompletePage);

/// The sign-in form, a split point of its own: a returning user, whose token is remembered, never loads it.
#[cfg_attr(split, leptos::lazy)]
pub async fn sign_in_view() -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    view! { <sign_in::SignIn /> }.into_any()
}
