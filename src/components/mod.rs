//! Reusable pieces of UI. None of them knows about HTTP or data loading: they take data and callbacks.

pub mod announcer;
pub mod cancel_migration;
pub mod connect_source;
pub mod copy_button;
pub mod entity_table;
pub mod error_notice;
pub mod failure_export;
pub mod failure_groups;
pub mod failure_table;
pub mod labels;
pub mod page_focus;
pub mod page_title;
pub mod pager;
pub mod progress_bar;
pub mod queue_status;
pub mod rate_wait;
pub mod refresh_status;
pub mod relation_table;
pub mod report_download;
pub mod rerun_links;
pub mod show_more;
pub mod stage_line;
pub mod stats_chart;
pub mod status_badge;
pub mod time_text;
pub mod watch_button;
