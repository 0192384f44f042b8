//! The signed-in instance, shared with every page through context, and where its token is kept.
//!
//! The token lives only in memory (a reload asks for it again) unless the user ticks "remember on this
//! device", then in localStorage. Sign out erases it, and any copy an older version left in sessionStorage.
//! The instance URL is not a secret and is kept.

use crate::api::{ApiError, Client, User, Version};
use crate::browser::storage;
use leptos::prelude::*;
use serde::Deserialize;

const TOKEN_KEY: &str = "gmc-token";
const INSTANCE_KEY: &str = "gmc-instance";

/// Who is signed in, where.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub client: Client,
    pub user: User,
    pub version: Version,
}

impl Session {
    pub fn instance(&self) -> &str {
        self.client.base_url()
    }

    pub fn is_admin(&self) -> bool {
        self.user.is_admin.unwrap_or(false)
    }
}

/// What a deployer can preset in `config.json` next to index.html.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct DeployConfig {
    #[serde(default)]
    pub instance_url: Option<String>,
    /// How long to wait for any answer before calling it a timeout (default 30 s).
    #[serde(default)]
    pub request_timeout_seconds: Option<u32>,
    /// Minutes without progress before a running entity is called stalled (default 15).
    #[serde(default)]
    pub stall_minutes: Option<u32>,
    /// The "Application ID" of the OAuth application registered on the instance: offers "Sign in with
    /// GitLab" (docs/oauth.md).
    pub oauth_application_id: Option<String>,
    /// The redirect URI registered with it, when it is not the console's own root URL.
    pub oauth_redirect_uri: Option<String>,
}

impl DeployConfig {
    /// A client for `base`, with the deployer's timeout when there is one.
    pub fn client(&self, base: impl Into<String>, token: impl Into<String>) -> Client {
        self.apply(Client::new(base, token))
    }

    /// The deployer's timeout on an existing client.
    pub fn apply(&self, client: Client) -> Client {
        match self.request_timeout_seconds {
            Some(seconds) => client.with_timeout(seconds.clamp(1, 600)),
            None => client,
        }
    }
}

/// Shared through context: the session, and whether the start-up restore is still running.
#[derive(Clone, Copy)]
pub struct Connection {
    pub session: RwSignal<Option<Session>>,
    pub restoring: RwSignal<bool>,
    /// Why the start-up restore has not succeeded yet (never a 401: that signs out).
    pub restore_error: RwSignal<Option<ApiError>>,
    /// Bumped by Retry while restoring.
    pub restore_retry: RwSignal<u32>,
    pub config: RwSignal<DeployConfig>,
    /// The source instance the user connected in this tab (import again, stage, verification): its URL and a
    /// personal access token, in memory only, never stored; cleared on sign-out.
    pub source: RwSignal<Option<Client>>,
    /// Why the last sign-in with GitLab did not sign anyone in (shown on the sign-in page).
    pub oauth_failure: RwSignal<Option<crate::oauth::Failure>>,
}

impl Connection {
    pub fn new() -> Connection {
        Connection {
            session: RwSignal::new(None),
            restoring: RwSignal::new(false),
            restore_error: RwSignal::new(None),
            restore_retry: RwSignal::new(0),
            config: RwSignal::new(DeployConfig::default()),
            source: RwSignal::new(None),
            oauth_failure: RwSignal::new(None),
        }
    }

    /// The client of the signed-in session. Pages render only under a session, so this is set there.
    pub fn client(&self) -> Option<Client> {
        self.session.with_untracked(|s| s.as_ref().map(|s| s.client.clone()))
    }

    pub fn sign_out(&self) {
        storage::remove(storage::Kind::Session, TOKEN_KEY);
        storage::remove(storage::Kind::Local, TOKEN_KEY);
        crate::oauth::forget();
        // Signed in with GitLab: the grant ends on the server too (best effort; the session ends here anyway).
        if let Some(grant) = self.session.with_untracked(|s| s.as_ref().and_then(|s| s.client.oauth().cloned())) {
            leptos::task::spawn_local(async move {
                let _ = grant.revoke().await;
            });
        }
        self.session.set(None);
        self.source.set(None);
        self.restoring.set(false);
        self.restore_error.set(None);
        self.oauth_failure.set(None);
    }
}

impl Default for Connection {
    fn default() -> Self {
        Connection::new()
    }
}

pub fn use_connection() -> Connection {
    use_context::<Connection>().unwrap_or_default()
}

/// Checks a token against `/version` and `/user`, both at once.
pub async fn verify(client: Client) -> Result<Session, ApiError> {
    let (version, user) = futures::join!(client.version(), client.current_user());
    // A 401 from /user is the clearer story even when /version also failed.
    let user = user?;
    let version = version?;
    Ok(Session { client, user, version })
}

/// Keeps the instance URL, and the token only when the user asked to be remembered.
pub fn store_credentials(instance: &str, token: &str, remember: bool) {
    crate::oauth::forget();
    storage::set(storage::Kind::Local, INSTANCE_KEY, instance);
    storage::remove(storage::Kind::Session, TOKEN_KEY);
    if remember {
        storage::set(storage::Kind::Local, TOKEN_KEY, token);
    } else {
        storage::remove(storage::Kind::Local, TOKEN_KEY);
    }
}

/// The instance URL and the token remembered by an earlier sign-in.
pub fn stored_credentials() -> Option<(String, String)> {
    let instance = storage::get(storage::Kind::Local, INSTANCE_KEY)?;
    storage::get(storage::Kind::Local, TOKEN_KEY).map(|t| (instance, t))
}

pub fn stored_instance() -> Option<String> {
    storage::get(storage::Kind::Local, INSTANCE_KEY)
}

/// Loads `config.json` from next to index.html; a missing or broken file is the same as none.
pub async fn load_deploy_config() -> DeployConfig {
    let Ok(response) = gloo_net::http::Request::get("config.json").send().await else {
        return DeployConfig::default();
    };
    if !response.ok() {
        return DeployConfig::default();
    }
    let text = response.text().await.unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_default()
}

/// The page's own origin and base path: the default instance when hosted next to GitLab.
pub use crate::browser::page_origin;
