//! The frame around every page: header, navigation, who is signed in; the sign-in screen when nobody is.

use crate::components::announcer::{provide_announcer, AnnouncerRegion};
use crate::components::error_notice::ErrorNotice;
use crate::components::labels::Loading;
use crate::components::page_focus;
use crate::components::page_title::set_document_title;
use crate::connection::use_connection;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::pages::sign_in_view;
use crate::preferences::{use_preferences, Theme};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_i18n::Locale as _;
use leptos_router::components::Outlet;

#[component]
pub fn Shell() -> impl IntoView {
    let connection = use_connection();
    let i18n = use_i18n();
    let announcer = provide_announcer();
    let location = leptos_router::hooks::use_location();
    let brand_href = format!("{}/migrations", crate::browser::base_path());
    let signed_in = Memo::new(move |_| connection.session.with(Option::is_some));
    // The header's tools and what nobody sees (prefetch, focus and title on navigation) come after the first
    // paint: the first frame builds the page and the navigation only (the tools' room is kept by the CSS).
    let painted = RwSignal::new(false);
    let at_mount = (location.pathname.get_untracked(), signed_in.get_untracked());
    crate::browser::after_paint(move || {
        painted.set(true);
        super::prefetch::prefetch_likely_routes();
        focus_heading_on_navigation(location.pathname, signed_in, at_mount);
        name_the_start_form(location.pathname, signed_in);
    });
    let skip = move |ev: leptos::ev::MouseEvent| {
        // The router would treat "#main" as a navigation: move the focus (and the view) to <main> directly.
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("main").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
            main.scroll_into_view();
        }
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip>
            {move || t_string!(i18n, skip_to_main)}
        </a>
        <AnnouncerRegion announcer=announcer />
        <header class="topbar">
            <a class="brand" href=brand_href>
                <span class="brand-title">{move || t_string!(i18n, app_title)}</span>
                <span class="brand-subtitle">{move || t_string!(i18n, app_subtitle)}</span>
            </a>
            <Show when=move || connection.session.with(Option::is_some)>
                <nav class="nav" aria-label=move || t_string!(i18n, nav_main).to_string()>
                    <NavLink to=MIGRATIONS label=|l| td_string!(l, nav_migrations) />
                    <NavLink to=ENTITIES label=|l| td_string!(l, nav_entities) />
                    <NavLink to=CONTRIBUTIONS label=|l| td_string!(l, contrib_nav) />
                    <NavLink to=START label=|l| td_string!(l, nav_new) />
                    <NavLink to=CAMPAIGN label=|l| td_string!(l, campaign_nav) />
                </nav>
            </Show>
            // Empty until the first paint; the CSS keeps the room of what comes (`.nav ~ .topbar-tools:empty`).
            <div class="topbar-tools">
                {move || {
                    painted
                        .get()
                        .then(|| {
                            view! {
                                <LanguageSwitch />
                                <ThemeToggle />
                                <UserMenu />
                            }
                        })
                }}
            </div>
        </header>
        <main id="main" class="main" tabindex="-1">
            {move || {
                if connection.session.with(Option::is_some) {
                    view! { <Outlet /> }.into_any()
                } else if connection.restoring.get() {
                    view! {
                        <p class="loading" aria-busy="true">
                            {move || t_string!(i18n, restoring)}
                        </p>
                        // A server error is not a refused token: say what happened, keep the session, retry.
                        {move || {
                            connection
                                .restore_error
                                .get()
                                .map(|e| {
                                    let retry = Callback::new(move |_| connection.restore_retry.update(|n| *n += 1));
                                    view! {
                                        <div data-testid="restore-error">
                                            <ErrorNotice error=e on_retry=retry />
                                            <button
                                                type="button"
                                                class="button button-quiet"
                                                on:click=move |_| connection.sign_out()
                                            >
                                                {move || t_string!(i18n, sign_out)}
                                            </button>
                                        </div>
                                    }
                                })
                        }}
                    }
                        .into_any()
                } else {
                    // The URL stays as it is, so a deep link opens once signed in.
                    view! { <Suspense fallback=Loading>{Suspend::new(sign_in_view())}</Suspense> }
                        .into_any()
                }
            }}
        </main>
    }
}

/// The sections of the navigation, each a path after the base. "Migrations" covers /migrations and a
/// migration's pages, but not the start form, which has its own entry.
const MIGRATIONS: &str = "/migrations";
const ENTITIES: &str = "/entities";
const CONTRIBUTIONS: &str = "/contributions";
const START: &str = "/migrations/new";
const CAMPAIGN: &str = "/campaign";

/// The section `pathname` (with the base) is in, if any.
fn nav_section(pathname: &str) -> Option<&'static str> {
    let base = crate::browser::base_path();
    let path = pathname.strip_prefix(base.as_str()).unwrap_or(pathname);
    let inside =
        |section: &str| path.strip_prefix(section).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    // The start form first: it is under /migrations too.
    [START, MIGRATIONS, ENTITIES, CONTRIBUTIONS, CAMPAIGN].into_iter().find(|s| inside(s))
}

/// An entry of the navigation: a plain link (the router takes its clicks), `aria-current` in its own section.
#[component]
fn NavLink(to: &'static str, label: fn(Locale) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let href = format!("{}{to}", crate::browser::base_path());
    view! {
        <a href=href aria-current=move || location.pathname.with(|p| nav_section(p) == Some(to)).then_some("page")>
            {move || label(i18n.get_locale())}
        </a>
    }
}

/// After a client-side navigation (and right after signing in) the focus goes to the new page's `<h1>`. Lazy
/// pages take it themselves once their code has arrived (`page_focus`); the shell does it for the list and
/// for "not found", which are always there. Started after the first paint: `at_mount` is what the first
/// frame showed, so a change in between still counts.
fn focus_heading_on_navigation(pathname: Memo<String>, signed_in: Memo<bool>, at_mount: (String, bool)) {
    let base = crate::browser::base_path();
    let mut at_mount = Some(at_mount);
    Effect::new(move |previous: Option<(String, bool)>| {
        let now = (pathname.get(), signed_in.get());
        if let Some(previous) = previous.or_else(|| at_mount.take()).filter(|p| *p != now) {
            page_focus::note_navigation();
            let path = now.0.strip_prefix(base.as_str()).unwrap_or(&now.0).trim_end_matches('/').to_string();
            let before = previous.0.strip_prefix(base.as_str()).unwrap_or(&previous.0).trim_end_matches('/');
            // A lazy page built anew takes the focus itself. The shell does it for the other pages, for the same
            // page with other ids (nothing is built anew), and on signing in (the form gives way on the same path).
            let same_page = super::prefetch::page_kind(before) == super::prefetch::page_kind(&path);
            if !super::prefetch::is_lazy(&path) || same_page {
                // Render effects have swapped the page by now; the timeout lets the browser settle the new DOM.
                set_timeout(|| page_focus::focus_heading(0), std::time::Duration::ZERO);
            }
        }
        now
    });
}

/// The start form and "not found" have no title of their own (their pages are not this module's): named here.
fn name_the_start_form(pathname: Memo<String>, signed_in: Memo<bool>) {
    let i18n = use_i18n();
    let start_path = format!("{}{START}", crate::browser::base_path());
    Effect::new(move |_| {
        let (signed_in, path) = (signed_in.get(), pathname.get()); // both tracked, always
        if signed_in && path == start_path {
            let page = t_string!(i18n, start_title).to_string();
            let app = t_string!(i18n, app_title).to_string();
            // After the previous page is fully gone (the router can rebuild it once on the way out).
            let start_path = start_path.clone();
            request_animation_frame(move || {
                if window().location().pathname().ok().as_deref() == Some(start_path.as_str()) {
                    set_document_title(&page, &app);
                }
            });
        }
    });
}

#[component]
fn UserMenu() -> impl IntoView {
    let connection = use_connection();
    let i18n = use_i18n();
    move || {
        connection.session.get().map(|session| {
            let name = session.user.name.clone().unwrap_or_else(|| session.user.username.clone());
            let version = session.version.version.clone();
            let admin = session.is_admin();
            view! {
                <div class="user" data-testid="signed-in-user">
                    <span class="user-name" title=format!("@{}", session.user.username)>
                        {name}
                    </span>
                    " "
                    <span class="user-handle">"@"{session.user.username.clone()}</span>
                    {admin.then(|| view! { <span class="tag">{move || t_string!(i18n, admin)}</span> })}
                    // Cut short on a phone: the whole line stays in its title.
                    <span class="user-instance" title=format!("{} · GitLab {}", session.instance(), version)>
                        {session.instance().to_string()}
                        " · "
                        {t!(i18n, gitlab_version, version = version.clone())}
                    </span>
                </div>
                <button type="button" class="button button-quiet" on:click=move |_| connection.sign_out()>
                    {move || t_string!(i18n, sign_out)}
                </button>
            }
        })
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_preferences();
    let on_change = move |ev| {
        let value = event_target_value(&ev);
        if let Some(locale) = Locale::get_all().iter().find(|l| l.as_str() == value) {
            prefs.set_locale(*locale);
        }
    };
    // Built after the first paint, so the first layout never has "简体中文" in it: where no CJK font is installed,
    // laying it out has the browser search every font (18 ms, measured on the bench machine). `selected` as built
    // (the select's value is set before its options are there); `prop:value` after a change.
    let now = i18n.get_locale_untracked().as_str();
    view! {
        <label class="visually-hidden" for="language">
            {move || t_string!(i18n, language)}
        </label>
        <select id="language" class="select-compact" on:change=on_change prop:value=move || i18n.get_locale().as_str()>
            <option value="en" selected=now == "en">
                "English"
            </option>
            <option value="zh-CN" selected=now == "zh-CN">
                "简体中文"
            </option>
        </select>
    }
}

#[component]
fn ThemeToggle() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_preferences();
    let label = move || match prefs.theme.get() {
        Theme::System => t_string!(i18n, theme_system).to_string(),
        Theme::Light => t_string!(i18n, theme_light).to_string(),
        Theme::Dark => t_string!(i18n, theme_dark).to_string(),
    };
    let icon = move || match prefs.theme.get() {
        Theme::System => "◑",
        Theme::Light => "☀",
        Theme::Dark => "☾",
    };
    view! {
        <button
            type="button"
            class="button button-quiet theme-toggle"
            title=label
            aria-label=label
            on:click=move |_| prefs.set_theme(prefs.theme.get_untracked().next())
        >
            <span aria-hidden="true">{icon}</span>
        </button>
    }
}
