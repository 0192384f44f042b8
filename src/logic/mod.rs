//! Pure logic: no HTTP, no DOM. Tested natively with `cargo test`.

pub mod display_status;
pub mod instance_url;
pub mod progress;
pub mod time;
