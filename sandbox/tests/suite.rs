//! The sandbox's suites in one test binary: each file of tests/ is a module of this crate, with the helpers
//! (`support`, `settings_common`) declared once, so the sandbox's generics are compiled and linked once, not
//! eighteen times (README: the test run's time).

mod settings_common;
mod support;

mod campaign;
mod contributions;
mod contributions_gitlab;
mod contributions_schema;
mod contributions_sheet;
mod counts;
mod cutover;
mod export_status;
mod failure_fields;
mod gitlab_fields;
mod http;
mod oauth;
mod python_gitlab;
mod repository_files;
mod rest;
mod seed;
mod settings_hooks_keys;
mod settings_hostile;
mod settings_schedules;
mod settings_variables;
