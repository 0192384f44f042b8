//! The frame around every page: header, navigation, who is signed in; the sign-in screen when nobody is.

use crate::components::announcer::{provide_announcer, AnnouncerRegion};
use crate::components::error_notice::ErrorNotice;
use crate::components::labels::Loading;
use crate::components::page_focus;
use crate::components::page_title::set_document_title;
use crate::connection::use_connection;
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::pages::sign_in_view;
use crate::preferences::{use_preferences, Theme};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_i18n::Locale as _;
use leptos_router::components::{Outlet, A};

#[component]
pub fn Shell() -> impl IntoView {
    let connection = use_connection();
    let i18n = use_i18n();
    let announcer = provide_announcer();
    // "Migrations" covers /migrations and a migration's pages, but not the start form, which has its own entry
    // (the router's <A> would mark both on /migrations/new).
    let base = crate::browser::base_path();
    let location = leptos_router::hooks::use_location();
    super::prefetch::prefetch_likely_routes();
    let migrations_href = format!("{base}/migrations");
    let brand_href = migrations_href.clone();
    let start_path = format!("{base}/migrations/new");
    let migrations_current = Signal::derive(move || {
        let path = location.pathname.get();
        let path = path.strip_prefix(base.as_str()).unwrap_or(&path).to_string();
        let on = path == "/migrations" || (path.starts_with("/migrations/") && !path.starts_with("/migrations/new"));
        on.then_some("page")
    });
    let signed_in = Memo::new(move |_| connection.session.with(Option::is_some));
    focus_heading_on_navigation(location.pathname, signed_in);
    // The start form and "not found" have no title of their own (their pages are not this module's): named here.
    let path_for_title = location.pathname;
    Effect::new(move |_| {
        let (signed_in, path) = (signed_in.get(), path_for_title.get()); // both tracked, always
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
                    <a href=migrations_href.clone() aria-current=migrations_current>
                        {move || t_string!(i18n, nav_migrations)}
                    </a>
                    <A href="entities">{move || t_string!(i18n, nav_entities)}</A>
                    <A href="contributions">{move || t_string!(i18n, contrib_nav)}</A>
                    <A href="migrations/new">{move || t_string!(i18n, nav_new)}</A>
                    <A href="campaign">{move || t_string!(i18n, campaign_nav)}</A>
                </nav>
            </Show>
            <div class="topbar-tools">
                <LanguageSwitch />
                <ThemeToggle />
                <UserMenu />
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

/// After a client-side navigation (and right after signing in) the focus goes to the new page's `<h1>`. Lazy
/// pages take it themselves once their code has arrived (`page_focus`); the shell does it for the list and
/// for "not found", which are always there.
fn focus_heading_on_navigation(pathname: Memo<String>, signed_in: Memo<bool>) {
    let base = crate::browser::base_path();
    Effect::new(move |previous: Option<(String, bool)>| {
        let now = (pathname.get(), signed_in.get());
        if let Some(previous) = previous.as_ref().filter(|p| **p != now) {
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
    // The language not in use is offered once the first frame is painted: where no CJK font is installed, laying
    // out "简体中文" has the browser search every font (18 ms of the first layout, measured on the bench machine).
    let offer_all = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::browser::after_next_paint().await;
        offer_all.try_set(true);
    });
    let offered = move |locale: &'static str| offer_all.get() || i18n.get_locale().as_str() == locale;
    view! {
        <label class="visually-hidden" for="language">
            {move || t_string!(i18n, language)}
        </label>
        <select id="language" class="select-compact" on:change=on_change prop:value=move || i18n.get_locale().as_str()>
            <Show when=move || offered("en")>
                <option value="en">"English"</option>
            </Show>
            <Show when=move || offered("zh-CN")>
                <option value="zh-CN">"简体中文"</option>
            </Show>
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
