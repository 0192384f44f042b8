//! Reusable pieces of UI. None of them knows about HTTP: they take data and callbacks.

pub mod cancel_migration;
pub mod copy_button;
pub mod entity_table;
pub mod error_notice;
pub mod live_refresh;
pub mod pager;
pub mod progress_bar;
pub mod shell;
pub mod stats_chart;
pub mod status_badge;
pub mod time_text;
