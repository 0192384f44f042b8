//! Where the focus goes when the page changes: to the new page's `<h1>`, so that a screen reader announces it
//! and Tab continues from there. Not on the first load (the skip link comes first).
//!
//! A lazy route's page appears only once its code has arrived, and until then the old page (and its `<h1>`) may
//! still be shown: so a lazy page asks for the focus itself when it is built (`focus_new_page`), and the shell
//! does it only for the pages that are always there.

use leptos::prelude::*;
use std::cell::Cell;
use wasm_bindgen::JsCast;

thread_local! {
    static NAVIGATED: Cell<bool> = const { Cell::new(false) };
}

/// The shell calls this on every client-side navigation (and on signing in).
pub fn note_navigation() {
    NAVIGATED.with(|n| n.set(true));
}

/// A page built after a navigation takes the focus to its heading once it is in the document.
pub fn focus_new_page() {
    if NAVIGATED.with(Cell::get) {
        set_timeout(|| focus_heading(0), std::time::Duration::ZERO);
    }
}

/// Headings of some pages come with their data: keep looking for about three seconds.
pub fn focus_heading(attempt: u32) {
    let heading =
        document().query_selector("main h1").ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match heading {
        Some(h1) => {
            if !h1.has_attribute("tabindex") {
                let _ = h1.set_attribute("tabindex", "-1");
            }
            let _ = h1.focus();
        }
        None if attempt < 60 => set_timeout(move || focus_heading(attempt + 1), std::time::Duration::from_millis(50)),
        None => {}
    }
}
