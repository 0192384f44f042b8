//! What the pages show, loaded: paging, in-flight limits, progress, live refresh, abort on leave and
//! signed-out handling live here, between the API client and the pages. Knows Leptos, never the DOM.

pub mod start;
