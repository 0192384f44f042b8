//! Every test of the console in one test binary per target: `src/lib.rs` includes this file under `cfg(test)`,
//! so `cargo test --lib` builds one harness natively (the `*_native` suites, the decoder properties) and one for
//! wasm (`browser`, in headless Chromium), and no rlib of the whole console is built just to link eighteen
//! binaries (README: the test run's time). The files stay as they were, with `migration_console::` paths.

#[path = "api_native.rs"]
mod api_native;
#[path = "browser.rs"]
mod browser;
#[path = "campaign_native.rs"]
mod campaign_native;
#[path = "decoding_props.rs"]
mod decoding_props;
#[path = "draft_native.rs"]
mod draft_native;
#[path = "graphql_native.rs"]
mod graphql_native;
#[path = "logic_native.rs"]
mod logic_native;
#[path = "oauth_native.rs"]
mod oauth_native;
#[path = "placeholders_native.rs"]
mod placeholders_native;
#[path = "plan_conflict_native.rs"]
mod plan_conflict_native;
#[path = "recent_sources_native.rs"]
mod recent_sources_native;
#[path = "report_native.rs"]
mod report_native;
#[path = "rerun_native.rs"]
mod rerun_native;
#[path = "sheet_native.rs"]
mod sheet_native;
#[path = "start_logic_native.rs"]
mod start_logic_native;
#[path = "verify_native.rs"]
mod verify_native;
#[path = "watch_logic_native.rs"]
mod watch_logic_native;
