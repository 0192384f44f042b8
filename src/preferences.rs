//! What the console remembers about the user's choices (never secrets): theme, language, page size.

use crate::browser::use_stored;
use crate::i18n::{use_i18n, Locale};
use leptos::prelude::*;
use leptos_i18n::Locale as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Preferences {
    pub theme: Signal<Theme>,
    set_theme: WriteSignal<String>,
    set_locale: WriteSignal<String>,
    pub page_size: Signal<u32>,
    set_page_size: WriteSignal<String>,
}

impl Preferences {
    pub fn set_theme(&self, theme: Theme) {
        self.set_theme.set(theme.as_str().to_string());
    }

    pub fn set_locale(&self, locale: Locale) {
        use_i18n().set_locale(locale);
        self.set_locale.set(locale.as_str().to_string());
    }

    pub fn set_page_size(&self, size: u32) {
        self.set_page_size.set(size.to_string());
    }
}

pub use crate::logic::paging::PAGE_SIZES;

const PAGE_SIZE_KEY: &str = "gmc-page-size";

/// The stored page size, read without a reactive owner (start-up asks for the first page before it mounts).
pub fn stored_page_size() -> u32 {
    page_size_from(
        &crate::browser::storage::get(crate::browser::storage::Kind::Local, PAGE_SIZE_KEY).unwrap_or_default(),
    )
}

fn page_size_from(stored: &str) -> u32 {
    stored.parse().ok().filter(|s| PAGE_SIZES.contains(s)).unwrap_or(PAGE_SIZES[0])
}

/// Reads the stored preferences, applies theme and language, and provides them as context.
pub fn provide_preferences() -> Preferences {
    let text = |key| use_stored(key, Option::unwrap_or_default, String::clone);
    let (theme_raw, set_theme) = text("gmc-theme");
    let (locale_raw, set_locale) = text("gmc-locale");
    let (size_raw, set_page_size) = text(PAGE_SIZE_KEY);
    let theme = Signal::derive(move || Theme::parse(&theme_raw.get()));
    let page_size = Signal::derive(move || page_size_from(&size_raw.get()));

    // In an effect: the i18n provider's own first effect sets the browser's locale, and this must come after it.
    let stored = Locale::get_all().iter().find(|l| l.as_str() == locale_raw.get_untracked()).copied();
    let i18n = use_i18n();
    Effect::new(move |_| {
        if let Some(locale) = stored {
            i18n.set_locale(locale);
        }
    });
    Effect::new(move |_| {
        let theme = theme.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", theme.as_str());
        }
    });
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.as_str());
        }
    });

    let prefs = Preferences { theme, set_theme, set_locale, page_size, set_page_size };
    provide_context(prefs);
    prefs
}

pub fn use_preferences() -> Preferences {
    expect_context::<Preferences>()
}
