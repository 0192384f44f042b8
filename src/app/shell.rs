//! The frame around every page: header, navigation, who is signed in; the sign-in screen when nobody is.

use crate::components::announcer::{provide_announcer, AnnouncerRegion};
use crate::components::error_notice::ErrorNotice;
use crate::connection::use_connection;
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::pages::sign_in::SignIn;
use crate::preferences::{use_preferences, Theme};
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::components::{Outlet, A};

#[component]
pub fn Shell() -> impl IntoView {
    let connection = use_connection();
    let i18n = use_i18n();
    let announcer = provide_announcer();
    // "Migrations" covers /migrations and a migration's pages, but not the start form, which has its own entry
    // (the router's <A> would mark both on /migrations/new).
    let base = super::base_path();
    let location = leptos_router::hooks::use_location();
    let migrations_href = format!("{base}/migrations");
    let migrations_current = Signal::derive(move || {
        let path = location.pathname.get();
        let path = path.strip_prefix(base.as_str()).unwrap_or(&path).to_string();
        let on = path == "/migrations" || (path.starts_with("/migrations/") && !path.starts_with("/migrations/new"));
        on.then_some("page")
    });
    view! {
        <AnnouncerRegion announcer=announcer />
        <header class="topbar">
            <a class="brand" href="#main">
                <span class="brand-title">{move || t_string!(i18n, app_title)}</span>
                <span class="brand-subtitle">{move || t_string!(i18n, app_subtitle)}</span>
            </a>
            <Show when=move || connection.session.with(Option::is_some)>
                <nav class="nav" aria-label=move || t_string!(i18n, nav_main).to_string()>
                    <a href=migrations_href.clone() aria-current=migrations_current>
                        {move || t_string!(i18n, nav_migrations)}
                    </a>
                    <A href="entities">{move || t_string!(i18n, nav_entities)}</A>
                    <A href="migrations/new">{move || t_string!(i18n, nav_new)}</A>
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
                    view! { <SignIn /> }
                        .into_any()
                }
            }}
        </main>
    }
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
                    <span class="user-instance">
                        {session.instance().to_string()} " · " {t!(i18n, gitlab_version, version = version.clone())}
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
    view! {
        <label class="visually-hidden" for="language">
            {move || t_string!(i18n, language)}
        </label>
        <select id="language" class="select-compact" on:change=on_change prop:value=move || i18n.get_locale().as_str()>
            <option value="en">"English"</option>
            <option value="zh-CN">"简体中文"</option>
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
