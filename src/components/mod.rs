//! Reusable pieces of UI. None of them knows about HTTP: they take data and callbacks.

pub mod error_notice;
pub mod shell;
pub mod status_badge;
pub mod time_text;
