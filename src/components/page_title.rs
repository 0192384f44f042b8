//! The document title of each page ("Migration 7 · Migration console"), translated, so that a tab, the history
//! and a screen reader say where one is (WCAG 2.4.2).

use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Every page that names itself takes a new number; only the newest may write the title. The previous page's
/// effects can still run (and its clean-up comes) after the next page has set its title: they leave it alone.
static NEXT: AtomicU64 = AtomicU64::new(1);
static NEWEST: AtomicU64 = AtomicU64::new(0);
/// Who wrote the title last (0: nobody, or reset).
static WRITER: AtomicU64 = AtomicU64::new(0);
/// The number of importing migrations shown before the title ("(2) "), 0 for none.
static RUNNING: AtomicU64 = AtomicU64::new(0);

fn claim() -> u64 {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    NEWEST.store(id, Ordering::Relaxed);
    id
}

/// Sets the document title to `page · console name` while the calling page is shown; back to the console's
/// name when it is left, unless the next page has already set its own.
pub fn use_page_title(page: Signal<String>) {
    let i18n = use_i18n();
    let me = claim();
    // The console's name as last shown, for the clean-up (no reactive read while the page is being disposed).
    let app = Arc::new(Mutex::new(String::new()));
    let shown = app.clone();
    Effect::new(move |_| {
        let name = t_string!(i18n, app_title).to_string();
        let page = page.get();
        if NEWEST.load(Ordering::Relaxed) == me {
            write_title(&page, &name);
            WRITER.store(me, Ordering::Relaxed);
        }
        if let Ok(mut last) = shown.lock() {
            *last = name;
        }
    });
    on_cleanup(move || {
        if WRITER.compare_exchange(me, 0, Ordering::Relaxed, Ordering::Relaxed).is_ok() {
            if let Ok(name) = app.lock() {
                write_title("", &name);
            }
        }
    });
}

/// Sets `page · app` (or `app` alone when `page` is empty) for a view without `use_page_title`, as the newest
/// title: a page being left does not overwrite or reset it.
pub fn set_document_title(page: &str, app: &str) {
    let me = claim();
    write_title(page, app);
    WRITER.store(me, Ordering::Relaxed);
}

fn write_title(page: &str, app: &str) {
    let title = if page.is_empty() { app.to_string() } else { format!("{page} · {app}") };
    document().set_title(&with_running(&title));
}

/// Shows `n` importing migrations before the title ("(2) Migration 7 · Migration console"); 0 removes it.
pub fn set_running_prefix(n: u64) {
    RUNNING.store(n, Ordering::Relaxed);
    let title = document().title();
    document().set_title(&with_running(strip_running(&title)));
}

fn with_running(title: &str) -> String {
    match RUNNING.load(Ordering::Relaxed) {
        0 => title.to_string(),
        n => format!("({n}) {title}"),
    }
}

/// The title without a "(n) " that this module put before it.
fn strip_running(title: &str) -> &str {
    title
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(") "))
        .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .map_or(title, |(_, rest)| rest)
}
