//! The number of importing migrations in the tab's title while the tab is in the background ("(2) Migrations ·
//! Migration console"), and the browser notifications when a watched migration ends or one of its entities stalls.

use crate::components::page_title::set_running_prefix;
use crate::components::status_badge::status_label_in;
use crate::connection::{use_connection, Connection};
use crate::data::running::{provide_running, Running};
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// Inside the router: reads the number each time the tab is hidden. The pages' watch buttons find `Running` at
/// once; the title and the notifications start after the first paint (nothing of them is on it).
#[component]
pub fn RunningTitle() -> impl IntoView {
    let connection = use_connection();
    let running = provide_running(connection);
    crate::browser::after_paint(move || title_and_notifications(connection, running));
}

fn title_and_notifications(connection: Connection, running: Running) {
    let i18n = use_i18n();
    let hidden = crate::browser::use_page_hidden();
    let signed_in = Memo::new(move |_| connection.session.with(Option::is_some));
    // Only a background tab shows the number, so it is read when the tab goes to the background: not at
    // start-up (it competed with the first page's requests) nor on every navigation.
    Effect::new(move |_| {
        if hidden.get() && signed_in.get() {
            running.refresh();
        }
    });
    Effect::new(move |_| {
        let n = if hidden.get() && signed_in.get() { running.count.get().unwrap_or(0) } else { 0 };
        set_running_prefix(n);
    });
    Effect::new(move |_| {
        let ended = running.ended.get();
        if ended.is_empty() {
            return;
        }
        running.ended.set(Vec::new());
        for (id, status) in ended {
            let title = t_string!(i18n, notify_finished, id = id, status = status_label_in(i18n, &status)).to_string();
            let _ = web_sys::Notification::new(&title);
        }
    });
    Effect::new(move |_| {
        let stalled = running.stalled.get();
        if stalled.is_empty() {
            return;
        }
        running.stalled.set(Vec::new());
        for s in stalled {
            let title = t_string!(i18n, notify_stalled, id = s.migration, path = s.path.as_str(), minutes = s.minutes)
                .to_string();
            let _ = web_sys::Notification::new(&title);
        }
    });
}
