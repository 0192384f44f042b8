//! What the pages show, loaded: paging, in-flight limits, progress, live refresh, abort on leave and
//! signed-out handling live here, between the API client and the pages. Knows Leptos, never the DOM.
//!
//! A page asks for what it shows (`use_migration(7)`), not for endpoints; moving a page to another data
//! source touches the module here, not the page.

pub mod activity;
pub mod assignees;
pub mod bounded;
pub mod campaign;
pub mod complete;
pub mod contrib_counts;
pub mod contributions;
pub mod cutover;
pub mod entities;
pub mod failures;
pub mod lane;
pub mod live;
pub mod migration;
pub mod migrations;
pub mod plan_store;
pub mod plan_sync;
pub mod rerun;
pub mod resource;
pub mod running;
pub mod scope;
pub mod sheet;
pub mod start;
pub mod verify;

pub use resource::{use_live, use_live_from, Live};
pub use scope::PageScope;
