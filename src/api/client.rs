//! The one HTTP client for a GitLab instance: how a request is sent (token header, timeout, cancel, OAuth renewal
//! and retry) and the small endpoints; the endpoints of one area live beside it (`bulk_imports.rs`, `campaign.rs`…).

pub use super::decode::decode;
use super::decode::MAX_BODY_BYTES;
use super::error::{ApiError, NotFoundMeaning};
use super::models::{Group, NamespaceExists, Project, TokenInfo, User, Version};
use super::pagination::encode_component;
use super::pagination::{BrowseQuery, Page, PageInfo};
use futures::future::{select, Either};
use gloo_net::http::{Method, RequestBuilder};
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;

pub const DEFAULT_TIMEOUT_SECONDS: u32 = 30;
/// How a client proves who it is: a personal access token (`PRIVATE-TOKEN`) or an OAuth access token
/// (`Authorization: Bearer`), renewed in place for every clone.
#[derive(Clone)]
enum Auth {
    Personal(String),
    OAuth(Arc<super::oauth::OAuthGrant>),
}

impl PartialEq for Auth {
    fn eq(&self, other: &Auth) -> bool {
        match (self, other) {
            (Auth::Personal(a), Auth::Personal(b)) => a == b,
            (Auth::OAuth(a), Auth::OAuth(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// A GitLab instance and the token to talk to it with.
#[derive(Clone)]
pub struct Client {
    base_url: String,
    auth: Auth,
    timeout_seconds: u32,
    /// Aborts every request of this client at once (the data layer's "page left").
    cancel: Option<SendWrapper<web_sys::AbortSignal>>,
}

// Two clients are the same when they talk to the same instance as the same user, whoever may cancel them.
impl PartialEq for Client {
    fn eq(&self, other: &Client) -> bool {
        (&self.base_url, &self.auth, self.timeout_seconds) == (&other.base_url, &other.auth, other.timeout_seconds)
    }
}

impl Eq for Client {}

impl fmt::Debug for Client {
    // Never print the token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("base_url", &self.base_url).finish_non_exhaustive()
    }
}

/// What a request carries: JSON, or a multipart form (the sheet upload).
#[derive(Clone)]
pub(super) enum Body {
    Json(String),
    Form(FormBody),
}

#[derive(Clone)]
pub(super) struct FormBody(pub(super) SendWrapper<web_sys::FormData>);

impl FormBody {
    fn take(self) -> web_sys::FormData {
        (*self.0).clone()
    }
}

impl Client {
    /// `base_url` is the instance's normalized URL (see `logic::instance_url`), without `/api/v4`.
    pub fn new(base_url: impl Into<String>, token: impl Into<String>) -> Client {
        Client {
            base_url: base_url.into(),
            auth: Auth::Personal(token.into()),
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            cancel: None,
        }
    }

    /// A client signed in with GitLab (OAuth): it sends the grant's current access token as Bearer.
    pub fn with_oauth(base_url: impl Into<String>, grant: Arc<super::oauth::OAuthGrant>) -> Client {
        Client {
            base_url: base_url.into(),
            auth: Auth::OAuth(grant),
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            cancel: None,
        }
    }

    /// The OAuth grant of a client signed in with GitLab.
    pub fn oauth(&self) -> Option<&Arc<super::oauth::OAuthGrant>> {
        match &self.auth {
            Auth::OAuth(grant) => Some(grant),
            Auth::Personal(_) => None,
        }
    }

    /// The same client, whose requests all end when `signal` aborts.
    pub fn cancelled_by(mut self, signal: web_sys::AbortSignal) -> Client {
        self.cancel = Some(SendWrapper::new(signal));
        self
    }

    pub fn with_timeout(mut self, seconds: u32) -> Client {
        self.timeout_seconds = seconds.max(1);
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The personal access token (a source's, sent inside a migration request); empty for an OAuth client,
    /// whose token is only ever sent as its own Bearer header.
    pub fn token(&self) -> &str {
        match &self.auth {
            Auth::Personal(token) => token,
            Auth::OAuth(_) => "",
        }
    }

    pub async fn version(&self) -> Result<Version, ApiError> {
        self.get("/version", NotFoundMeaning::NotGitLab).await
    }

    pub async fn current_user(&self) -> Result<User, ApiError> {
        self.get("/user", NotFoundMeaning::NotGitLab).await
    }

    /// 15.5+. Older servers answer 404: the scopes are then unknown, not missing.
    pub async fn token_self(&self) -> Result<TokenInfo, ApiError> {
        self.get("/personal_access_tokens/self", NotFoundMeaning::MissingRecord).await
    }

    /// Groups where the user has at least `query.min_access_level` (subgroups included unless top-level only).
    pub async fn list_groups(&self, query: &BrowseQuery) -> Result<Page<Group>, ApiError> {
        self.get_page(&format!("/groups?{}", query.to_query()), NotFoundMeaning::NotGitLab).await
    }

    pub async fn list_projects(&self, query: &BrowseQuery) -> Result<Page<Project>, ApiError> {
        self.get_page(&format!("/projects?{}&simple=true", query.to_query()), NotFoundMeaning::NotGitLab).await
    }

    /// On a source: whether direct transfer may export this group or project (404: disabled or unknown, 403: not allowed).
    pub async fn export_relations_status(
        &self,
        kind: super::models::EntityType,
        full_path: &str,
    ) -> Result<(), ApiError> {
        let collection = match kind {
            super::models::EntityType::Group => "groups",
            super::models::EntityType::Project => "projects",
        };
        self.get::<serde_json::Value>(
            &format!("/{collection}/{}/export_relations/status", encode_component(full_path)),
            NotFoundMeaning::MissingRecord,
        )
        .await
        .map(|_| ())
    }

    /// On a source: how far its export of each relation of this group or project is (an empty list: not started).
    pub async fn export_relations(
        &self,
        kind: super::models::EntityType,
        full_path: &str,
    ) -> Result<Vec<super::export_status::ExportRelation>, ApiError> {
        let collection = match kind {
            super::models::EntityType::Group => "groups",
            super::models::EntityType::Project => "projects",
        };
        let path = format!("/{collection}/{}/export_relations/status", encode_component(full_path));
        let all: Vec<serde_json::Value> = self.get(&path, NotFoundMeaning::MissingRecord).await?;
        Ok(all.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect())
    }

    /// Whether `slug` is taken under the group `parent_id` (at the top level without one).
    pub async fn namespace_exists(&self, slug: &str, parent_id: Option<u64>) -> Result<NamespaceExists, ApiError> {
        let parent = parent_id.map(|p| format!("?parent_id={p}")).unwrap_or_default();
        self.get(&format!("/namespaces/{}/exists{parent}", encode_component(slug)), NotFoundMeaning::MissingRecord)
            .await
    }

    pub(super) async fn get<T: DeserializeOwned>(&self, path: &str, not_found: NotFoundMeaning) -> Result<T, ApiError> {
        self.request(Method::GET, path, None, not_found).await.map(|(v, _)| v)
    }

    pub(super) async fn get_page<T: DeserializeOwned>(
        &self,
        path: &str,
        not_found: NotFoundMeaning,
    ) -> Result<Page<T>, ApiError> {
        let (items, info) = self.request::<Vec<T>>(Method::GET, path, None, not_found).await?;
        Ok(Page { items, info })
    }

    /// Generic over the answer's type only in decoding: the sending, renewal and retry below exist once in the
    /// wasm instead of once per endpoint type (it kept the first load smaller by ~15 KB).
    pub(super) async fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        json_body: Option<String>,
        not_found: NotFoundMeaning,
    ) -> Result<(T, PageInfo), ApiError> {
        self.request_body(method, path, json_body.map(Body::Json), not_found).await
    }

    pub(super) async fn request_body<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Body>,
        not_found: NotFoundMeaning,
    ) -> Result<(T, PageInfo), ApiError> {
        let (status, body, info, token) = self.fetch(method, path, body).await?;
        decode(status, &body, not_found).map(|v| (v, info)).map_err(|e| e.redact(&token))
    }

    /// Sends with the current credential; an OAuth token may have expired or been rotated meanwhile, so a 401
    /// renews it (or takes the one renewed by another request) and sends once more. Returns the token used.
    pub(super) async fn fetch(
        &self,
        method: Method,
        path: &str,
        json_body: Option<Body>,
    ) -> Result<(u16, String, PageInfo, String), ApiError> {
        let _counted = InFlight::start();
        let (header, token, generation) = self.credential();
        let first = self.send(method.clone(), path, json_body.clone(), (header, &token)).await;
        let first = first.map_err(|e| e.redact(&token))?;
        match &self.auth {
            Auth::OAuth(grant) if first.0 == 401 => {
                grant.renew(generation).await.map_err(|_| ApiError::Unauthorized)?;
                let (header, fresh, _) = self.credential();
                let (status, body, info) =
                    self.send(method, path, json_body, (header, &fresh)).await.map_err(|e| e.redact(&fresh))?;
                Ok((status, body, info, fresh))
            }
            _ => Ok((first.0, first.1, first.2, token)),
        }
    }

    /// The header name and value to send now, the bare token (for redaction) and the OAuth generation.
    fn credential(&self) -> (&'static str, String, u64) {
        match &self.auth {
            Auth::Personal(token) => ("PRIVATE-TOKEN", token.clone(), 0),
            Auth::OAuth(grant) => {
                let (token, generation) = grant.current();
                ("Authorization", token, generation)
            }
        }
    }

    /// The request's own (timeout) signal, joined with the client's cancel signal when it has one.
    fn abort_signal(&self, own: Option<&web_sys::AbortController>) -> Option<web_sys::AbortSignal> {
        let own = own.map(|a| a.signal());
        match (own, self.cancel.as_deref()) {
            (Some(own), Some(cancel)) => Some(web_sys::AbortSignal::any(&js_sys::Array::of2(&own, cancel))),
            (own, cancel) => own.or_else(|| cancel.cloned()),
        }
    }

    /// One HTTP exchange: the status, the body as text and the paging headers.
    async fn send(
        &self,
        method: Method,
        path: &str,
        json_body: Option<Body>,
        (header, token): (&str, &str),
    ) -> Result<(u16, String, PageInfo), ApiError> {
        // `/api/graphql` (see `graphql.rs`) sits beside `/api/v4`; every REST path is relative to the latter.
        let url = match path.strip_prefix("/api/graphql") {
            Some("") => format!("{}/api/graphql", self.base_url),
            _ => format!("{}/api/v4{}", self.base_url, path),
        };
        let abort = web_sys::AbortController::new().ok();
        let value = if header == "Authorization" { format!("Bearer {token}") } else { token.to_string() };
        let builder = RequestBuilder::new(&url)
            .method(method)
            .header(header, &value)
            .header("Accept", "application/json")
            .abort_signal(self.abort_signal(abort.as_ref()).as_ref());
        let request = match json_body {
            Some(Body::Json(json)) => builder.header("Content-Type", "application/json").body(json),
            // The browser writes the multipart Content-Type with its boundary.
            Some(Body::Form(form)) => builder.body(wasm_bindgen::JsValue::from(form.take())),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;

        let send = Box::pin(request.send());
        let timer = Box::pin(gloo_timers::future::TimeoutFuture::new(self.timeout_seconds.saturating_mul(1000)));
        let response = match select(send, timer).await {
            Either::Left((response, _)) => response.map_err(|e| ApiError::Network(e.to_string()))?,
            Either::Right(_) => {
                if let Some(abort) = abort {
                    abort.abort();
                }
                return Err(ApiError::Timeout { seconds: self.timeout_seconds });
            }
        };

        let status = response.status();
        let headers = response.headers();
        let info = PageInfo::from_headers(|name| headers.get(name));
        let too_big = headers
            .get("content-length")
            .and_then(|v| v.trim().parse::<usize>().ok())
            .is_some_and(|len| len > MAX_BODY_BYTES);
        if too_big {
            return Err(ApiError::Malformed { status, html: false, detail: "the answer is too large".into() });
        }
        let body = response.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
        Ok((status, body, info))
    }
}

thread_local! {
    static IN_FLIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// How many API requests are on their way now (idle prefetch waits until none is).
pub fn requests_in_flight() -> u32 {
    IN_FLIGHT.with(|n| n.get())
}

/// Counts one request while it lives, however it ends (answer, error, timeout, abort).
struct InFlight;

impl InFlight {
    fn start() -> InFlight {
        IN_FLIGHT.with(|n| n.set(n.get().saturating_add(1)));
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.with(|n| n.set(n.get().saturating_sub(1)));
    }
}
