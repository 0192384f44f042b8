//! GitLab's OAuth 2 endpoints (Doorkeeper): the code exchange, refresh and revocation, as form-encoded
//! POSTs; and `OAuthGrant`, the live credential a client signed in this way carries: the access token
//! that every clone of the client sends as `Authorization: Bearer`, renewed in one place (with rotation)
//! before it expires or once after a 401. Tokens, codes and verifiers never reach an error text.

use super::decode::decode;
use super::error::{ApiError, NotFoundMeaning};
use futures::future::{select, Either};
use gloo_net::http::Request;
use serde::Deserialize;
use std::fmt;
use std::sync::{Arc, Mutex};

const TIMEOUT_SECONDS: u32 = 30;

/// A token answer. Never printed.
#[derive(Clone, Deserialize, PartialEq, Eq)]
pub struct TokenSet {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Seconds (GitLab: 7200). Absent means no expiry was announced: then only a 401 renews it.
    #[serde(default)]
    pub expires_in: Option<u64>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet").field("expires_in", &self.expires_in).finish_non_exhaustive()
    }
}

/// The registered application on an instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthApp {
    /// The instance's normalized URL.
    pub instance: String,
    pub client_id: String,
    pub redirect_uri: String,
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", super::pagination::encode_component(v))).collect::<Vec<_>>().join("&")
}

/// POSTs a form and reads the JSON answer; every secret in `secrets` is redacted from any error.
async fn post_form<T: serde::de::DeserializeOwned>(url: &str, body: String, secrets: &[&str]) -> Result<T, ApiError> {
    let result = async {
        let abort = web_sys::AbortController::new().ok();
        let request = Request::post(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .abort_signal(abort.as_ref().map(|a| a.signal()).as_ref())
            .body(body)
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let send = Box::pin(request.send());
        let timer = Box::pin(gloo_timers::future::TimeoutFuture::new(TIMEOUT_SECONDS * 1000));
        let response = match select(send, timer).await {
            Either::Left((response, _)) => response.map_err(|e| ApiError::Network(e.to_string()))?,
            Either::Right(_) => {
                if let Some(abort) = abort {
                    abort.abort();
                }
                return Err(ApiError::Timeout { seconds: TIMEOUT_SECONDS });
            }
        };
        let status = response.status();
        let text = response.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
        decode(status, &text, NotFoundMeaning::NotGitLab)
    }
    .await;
    result.map_err(|e| secrets.iter().fold(e, |e, s| e.redact(s)))
}

/// `grant_type=authorization_code` with the PKCE verifier. A refused code (expired, used, wrong verifier)
/// is `BadRequest("invalid_grant")`.
pub async fn exchange_code(app: &OAuthApp, code: &str, verifier: &str) -> Result<TokenSet, ApiError> {
    let body = form(&[
        ("grant_type", "authorization_code"),
        ("client_id", &app.client_id),
        ("code", code),
        ("redirect_uri", &app.redirect_uri),
        ("code_verifier", verifier),
    ]);
    post_form(&format!("{}/oauth/token", app.instance), body, &[code, verifier]).await
}

/// `grant_type=refresh_token`: a new pair; the old refresh token is spent. Renewal and revocation are split
/// points of their own (`leptos::lazy` only moves code): a session with a pasted token never runs them, so the
/// first load does not carry the form request.
#[cfg_attr(split, leptos::lazy)]
pub async fn refresh(instance: String, client_id: String, refresh_token: String) -> Result<TokenSet, ApiError> {
    let body = form(&[("grant_type", "refresh_token"), ("client_id", &client_id), ("refresh_token", &refresh_token)]);
    post_form(&format!("{instance}/oauth/token"), body, &[&refresh_token]).await
}

/// RFC 7009: the access token and its refresh token end (GitLab answers 200 `{}` even for unknown ones).
#[cfg_attr(split, leptos::lazy)]
pub async fn revoke(instance: String, client_id: String, token: String) -> Result<(), ApiError> {
    let body = form(&[("client_id", &client_id), ("token", &token)]);
    post_form::<serde::de::IgnoredAny>(&format!("{instance}/oauth/revoke"), body, &[&token]).await.map(|_| ())
}

struct Tokens {
    access: String,
    refresh: Option<String>,
    expires_at_ms: Option<i64>,
    lifetime_s: Option<u64>,
    /// Bumped by every renewal: a request that failed with an older one just tries again.
    generation: u64,
    renewing: bool,
}

type OnRenew = Box<dyn Fn(&OAuthGrant) + Send + Sync>;

/// A grant's tokens as kept on the device of a user who asked to be remembered. Never printed.
#[derive(Clone, serde::Serialize, Deserialize, PartialEq, Eq)]
pub struct GrantRecord {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_at_ms: Option<i64>,
    pub lifetime_s: Option<u64>,
}

impl fmt::Debug for GrantRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GrantRecord").field("expires_at_ms", &self.expires_at_ms).finish_non_exhaustive()
    }
}

/// The OAuth credential of a signed-in client, shared by all its clones.
pub struct OAuthGrant {
    instance: String,
    client_id: String,
    tokens: Mutex<Tokens>,
    /// Told of every renewal (a remembered session keeps the new pair).
    on_renew: Mutex<Option<OnRenew>>,
}

impl fmt::Debug for OAuthGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthGrant").field("instance", &self.instance).finish_non_exhaustive()
    }
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

impl OAuthGrant {
    /// A grant from a token answer received now.
    pub fn new(instance: &str, client_id: &str, tokens: TokenSet) -> Arc<OAuthGrant> {
        let record = GrantRecord {
            expires_at_ms: expires_at_ms(now_ms(), tokens.expires_in),
            lifetime_s: tokens.expires_in,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
        };
        OAuthGrant::from_record(instance, client_id, record)
    }

    /// A grant kept from an earlier visit.
    pub fn from_record(instance: &str, client_id: &str, r: GrantRecord) -> Arc<OAuthGrant> {
        Arc::new(OAuthGrant {
            instance: instance.to_string(),
            client_id: client_id.to_string(),
            tokens: Mutex::new(Tokens {
                access: r.access_token,
                refresh: r.refresh_token,
                expires_at_ms: r.expires_at_ms,
                lifetime_s: r.lifetime_s,
                generation: 0,
                renewing: false,
            }),
            on_renew: Mutex::new(None),
        })
    }

    /// The tokens, to keep on the device (only when the user asked to be remembered).
    pub fn record(&self) -> GrantRecord {
        let t = self.lock();
        GrantRecord {
            access_token: t.access.clone(),
            refresh_token: t.refresh.clone(),
            expires_at_ms: t.expires_at_ms,
            lifetime_s: t.lifetime_s,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Tokens> {
        self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn on_renew(&self, f: impl Fn(&OAuthGrant) + Send + Sync + 'static) {
        *self.on_renew.lock().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(f));
    }

    /// The access token to send now, and its generation.
    pub fn current(&self) -> (String, u64) {
        let t = self.lock();
        (t.access.clone(), t.generation)
    }

    pub fn expires_at_ms(&self) -> Option<i64> {
        self.lock().expires_at_ms
    }

    /// How long until the access token should be renewed; `None` when there is nothing to renew it with.
    pub fn renew_in_ms(&self) -> Option<i64> {
        let t = self.lock();
        t.refresh.as_ref()?;
        let at = t.expires_at_ms?;
        Some(refresh_in_ms(now_ms(), at, t.lifetime_s.unwrap_or(7200)))
    }

    /// Renews the pair unless someone already did since `seen` (then returns at once); one renewal at a
    /// time. A refused refresh token (spent, revoked, expired) is `Unauthorized`: the session is over.
    pub async fn renew(&self, seen: u64) -> Result<(), ApiError> {
        let refresh_token = loop {
            {
                let mut t = self.lock();
                if t.generation != seen {
                    return Ok(());
                }
                if !t.renewing {
                    let Some(r) = t.refresh.clone() else { return Err(ApiError::Unauthorized) };
                    t.renewing = true;
                    break r;
                }
            }
            gloo_timers::future::TimeoutFuture::new(100).await;
        };
        let result = refresh(self.instance.clone(), self.client_id.clone(), refresh_token).await;
        let mut t = self.lock();
        t.renewing = false;
        match result {
            Ok(set) => {
                t.access = set.access_token;
                t.refresh = set.refresh_token.or(t.refresh.take());
                t.expires_at_ms = expires_at_ms(now_ms(), set.expires_in);
                t.lifetime_s = set.expires_in;
                t.generation += 1;
                drop(t);
                if let Some(f) = self.on_renew.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
                    f(self);
                }
                Ok(())
            }
            Err(ApiError::BadRequest(_) | ApiError::Unauthorized) => Err(ApiError::Unauthorized),
            Err(e) => Err(e),
        }
    }

    /// Ends the grant on the server (sign-out). Best effort: the local session ends either way.
    pub async fn revoke(&self) -> Result<(), ApiError> {
        let access = self.lock().access.clone();
        revoke(self.instance.clone(), self.client_id.clone(), access).await
    }
}

/// When an access token expires, from the token answer (GitLab: `expires_in` 7200 s).
pub fn expires_at_ms(now_ms: i64, expires_in_s: Option<u64>) -> Option<i64> {
    let s = i64::try_from(expires_in_s?).ok()?;
    Some(now_ms.saturating_add(s.saturating_mul(1000)))
}

/// How long to wait before refreshing: a tenth of the lifetime early (at least 1 s, at most 5 min, never
/// more than half the lifetime), so a 2-hour token is renewed 5 minutes ahead, a 5-second test token 1 second
/// ahead, and even a 1-second token is not renewed in a loop. Never negative.
pub fn refresh_in_ms(now_ms: i64, expires_at_ms: i64, lifetime_s: u64) -> i64 {
    let lifetime_ms = i64::try_from(lifetime_s.saturating_mul(1000)).unwrap_or(i64::MAX);
    let margin = (lifetime_ms / 10).clamp(1_000, 300_000).min(lifetime_ms / 2);
    (expires_at_ms - margin - now_ms).max(0)
}
