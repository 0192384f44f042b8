//! Screen-reader announcements of status changes: one polite live region for the whole console.

use leptos::prelude::*;

/// Shared by every page through context.
#[derive(Clone, Copy)]
pub struct Announcer(RwSignal<String>);

impl Announcer {
    pub fn say(&self, text: String) {
        let _ = self.0.try_set(text);
    }
}

pub fn use_announcer() -> Announcer {
    use_context::<Announcer>().unwrap_or_else(|| Announcer(RwSignal::new(String::new())))
}

/// Creates the announcer for the pages under the shell.
pub fn provide_announcer() -> Announcer {
    let announcer = Announcer(RwSignal::new(String::new()));
    provide_context(announcer);
    announcer
}

/// The polite live region; placed once in the shell.
#[component]
pub fn AnnouncerRegion(announcer: Announcer) -> impl IntoView {
    view! {
        <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
            {move || announcer.0.get()}
        </div>
    }
}
