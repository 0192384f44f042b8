//! Pure logic: no HTTP, no DOM. Tested natively with `cargo test`.

pub mod campaign;
pub mod complete;
pub mod display_status;
pub mod draft;
pub mod entities;
pub mod failures;
pub mod instance_url;
pub mod lost_create;
pub mod paging;
pub mod pkce;
pub mod placeholders;
pub mod preflight;
pub mod progress;
pub mod recent_sources;
pub mod refresh;
pub mod relations;
pub mod report;
pub mod rerun;
pub mod sheet;
pub mod stage;
pub mod time;
pub mod verify;
pub mod view_state;
