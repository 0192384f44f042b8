//! Sign in with GitLab, the browser's part: random verifier and state (`crypto.getRandomValues`), the
//! S256 challenge (SubtleCrypto), the round trip to `/oauth/authorize` and back, the code exchange, and a
//! remembered grant. Only the verifier and state (not tokens) wait in sessionStorage during the round
//! trip; the tokens are kept like a personal token: in memory, or in localStorage when remembered.

use crate::api::oauth::GrantRecord;
use crate::api::{oauth, ApiError, OAuthApp, OAuthGrant};
use crate::browser::storage::{self, Kind};
use crate::logic::pkce::{self, Callback};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// sessionStorage, for the round trip only: verifier, state, where to return.
const PENDING_KEY: &str = "gmc-oauth-pending";
/// localStorage, only when "remember on this device" was ticked: the tokens of the grant.
const REMEMBERED_KEY: &str = "gmc-oauth";

/// What waits for GitLab's answer.
#[derive(Clone, Serialize, Deserialize)]
struct Pending {
    instance: String,
    client_id: String,
    redirect_uri: String,
    verifier: String,
    state: String,
    /// The page the user asked for (a path of this console, with its query).
    return_to: String,
    remember: bool,
}

#[derive(Serialize, Deserialize)]
struct Remembered {
    instance: String,
    client_id: String,
    grant: GrantRecord,
}

/// Why sign-in with GitLab did not end signed in. Each becomes one sentence with a way to start again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The user clicked Deny.
    Denied,
    /// GitLab answered with another error code (`invalid_scope`, `server_error`...).
    Provider(String),
    /// The state that came back is not the one this tab sent (forged, or an old link).
    StateMismatch,
    /// The code was refused: expired, already used, or the verifier did not match.
    CodeRefused,
    /// GitLab does not know the application (`oauth_application_id` is wrong for this instance).
    UnknownApplication,
    /// The browser cannot make the random values or the hash (no Web Crypto: an http page not on localhost).
    NoCrypto,
    /// Anything else on the way: network, timeout, 5xx, a page that is not GitLab.
    Api(ApiError),
}

/// The signed-in grant after a successful return.
pub struct Returned {
    pub instance: String,
    pub grant: Arc<OAuthGrant>,
    pub remember: bool,
}

fn random_bytes(n: usize) -> Option<Vec<u8>> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = vec![0u8; n];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

async fn sha256(data: &str) -> Option<Vec<u8>> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let promise = subtle.digest_with_str_and_u8_array("SHA-256", data.as_bytes()).ok()?;
    let digest = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    Some(js_sys::Uint8Array::new(&digest).to_vec())
}

/// The redirect URI to register on GitLab: the console's own root (`<base href>`), e.g.
/// `https://host/migration-console/`.
pub fn default_redirect_uri() -> String {
    let base = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
    let path = base.and_then(|b| web_sys::Url::new(&b).ok()).map(|u| u.pathname()).unwrap_or_default();
    format!("{}{}/", crate::browser::page_origin(), path.trim_end_matches('/'))
}

/// Leaves for GitLab's consent page; `Some` when it could not (then nothing was stored).
pub async fn start(app: OAuthApp, return_to: String, remember: bool) -> Option<Failure> {
    let (Some(v), Some(s)) = (random_bytes(pkce::VERIFIER_BYTES), random_bytes(pkce::STATE_BYTES)) else {
        return Some(Failure::NoCrypto);
    };
    let verifier = pkce::verifier_from_bytes(&v);
    let state = pkce::state_from_bytes(&s);
    let Some(digest) = sha256(&verifier).await else { return Some(Failure::NoCrypto) };
    let challenge = pkce::challenge_from_digest(&digest);
    let url = pkce::authorize_url(&pkce::AuthorizeRequest {
        instance: &app.instance,
        client_id: &app.client_id,
        redirect_uri: &app.redirect_uri,
        state: &state,
        challenge: &challenge,
    });
    let return_to = pkce::safe_return_path(&return_to).unwrap_or("/").to_string();
    let pending = Pending {
        instance: app.instance,
        client_id: app.client_id,
        redirect_uri: app.redirect_uri,
        verifier,
        state,
        return_to,
        remember,
    };
    let Ok(json) = serde_json::to_string(&pending) else { return Some(Failure::NoCrypto) };
    storage::set(Kind::Session, PENDING_KEY, &json);
    if web_sys::window().is_some_and(|w| w.location().assign(&url).is_ok()) {
        return None;
    }
    storage::remove(Kind::Session, PENDING_KEY);
    Some(Failure::Api(ApiError::Network("the browser refused to open GitLab's page".into())))
}

/// What the address bar brought back, taken out of it at once: the code and state leave the address bar
/// and the history entry (`replaceState`), and the URL becomes the page the user asked for.
pub struct Taken {
    callback: Callback,
    pending: Option<Pending>,
}

/// At start-up, before the router reads the URL. `None` on a normal visit.
pub fn take_callback() -> Option<Taken> {
    let window = web_sys::window()?;
    let location = window.location();
    let callback = pkce::parse_callback(&location.search().ok()?)?;
    let pending: Option<Pending> =
        storage::get(Kind::Session, PENDING_KEY).and_then(|json| serde_json::from_str(&json).ok());
    storage::remove(Kind::Session, PENDING_KEY);
    let clean = match &pending {
        Some(p) => p.return_to.clone(),
        None => {
            let path = location.pathname().unwrap_or_default();
            format!("{path}{}", pkce::strip_callback(&location.search().unwrap_or_default()))
        }
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
    Some(Taken { callback, pending })
}

/// Checks the state and exchanges the code.
pub async fn finish(taken: Taken) -> Result<Returned, Failure> {
    let Taken { callback, pending } = taken;
    let sent = pending.as_ref().map(|p| p.state.as_str());
    let (code, state) = match callback {
        Callback::Error { error, state } => {
            // An error without our state may be forged too, but it signs nobody in: say what it says.
            let _ = state;
            return Err(if error == "access_denied" { Failure::Denied } else { Failure::Provider(error) });
        }
        Callback::Code { code, state } => (code, state),
    };
    if !pkce::state_matches(sent, &state) {
        return Err(Failure::StateMismatch);
    }
    let Some(p) = pending else { return Err(Failure::StateMismatch) };
    let app = OAuthApp { instance: p.instance.clone(), client_id: p.client_id.clone(), redirect_uri: p.redirect_uri };
    let tokens = oauth::exchange_code(&app, &code, &p.verifier).await.map_err(|e| match e {
        ApiError::BadRequest(ref m) if m == "invalid_grant" => Failure::CodeRefused,
        ApiError::Unauthorized => Failure::UnknownApplication,
        other => Failure::Api(other),
    })?;
    let grant = OAuthGrant::new(&p.instance, &p.client_id, tokens);
    Ok(Returned { instance: p.instance, grant, remember: p.remember })
}

/// Keeps the grant's tokens on this device, and again after every renewal.
pub fn remember(instance: &str, grant: &Arc<OAuthGrant>) {
    let instance = instance.to_string();
    let save = move |grant: &OAuthGrant| {
        let remembered =
            Remembered { instance: instance.clone(), client_id: grant.client_id().to_string(), grant: grant.record() };
        if let Ok(json) = serde_json::to_string(&remembered) {
            storage::set(Kind::Local, REMEMBERED_KEY, &json);
        }
    };
    save(grant);
    grant.on_renew(save);
}

/// A grant remembered by an earlier visit (it keeps itself up to date there).
pub fn remembered() -> Option<(String, Arc<OAuthGrant>)> {
    let r: Remembered = serde_json::from_str(&storage::get(Kind::Local, REMEMBERED_KEY)?).ok()?;
    let grant = OAuthGrant::from_record(&r.instance, &r.client_id, r.grant);
    remember(&r.instance, &grant);
    Some((r.instance, grant))
}

/// Sign-out: nothing of the grant stays in this browser.
pub fn forget() {
    storage::remove(Kind::Local, REMEMBERED_KEY);
    storage::remove(Kind::Session, PENDING_KEY);
}

/// The path (with query and fragment) the user is on now: where to come back to.
pub fn current_path() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return "/".into() };
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    format!("{path}{}{}", location.search().unwrap_or_default(), location.hash().unwrap_or_default())
}

/// Renews the grant a little before it expires, for as long as `signed_in` says this grant is in use.
pub fn keep_fresh(grant: Arc<OAuthGrant>, signed_in: impl Fn() -> bool + 'static) {
    leptos::task::spawn_local(async move {
        let mut failures = 0u32;
        loop {
            let Some(wait) = grant.renew_in_ms() else { return };
            let mut waited = 0i64;
            while waited < wait {
                let step = (wait - waited).clamp(1, 1000);
                gloo_timers::future::TimeoutFuture::new(step as u32).await;
                waited += step;
                if !signed_in() {
                    return;
                }
            }
            if !signed_in() {
                return;
            }
            let (_, generation) = grant.current();
            match grant.renew(generation).await {
                Ok(()) => failures = 0,
                // Spent or revoked: the next request says so (401) and the user signs in again.
                Err(ApiError::Unauthorized) => return,
                Err(_) => {
                    failures = failures.saturating_add(1);
                    let ms = crate::logic::refresh::delay_ms(failures);
                    gloo_timers::future::TimeoutFuture::new(ms).await;
                }
            }
        }
    });
}
