//! GitLab as an OAuth 2 provider (Doorkeeper): one registered public application, `sandbox-console`, the
//! authorization code grant with PKCE (S256), refresh with rotation, revocation, and the access tokens it
//! issues, which the API accepts as `Authorization: Bearer`. Lifetimes run on real time (not the simulated
//! clock), so a frozen sandbox still expires tokens; tests shorten them with `POST /-/sandbox/oauth`.

pub mod authorize;
pub mod control;
pub mod token;

use crate::render;
pub use crate::world::oauth::OAuthStore;
use crate::world::oauth::{Grant, Issued};
use crate::world::{Token, OWNER_ID};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine as _;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The one registered application: public (no secret), scope `api`.
pub const CLIENT_ID: &str = "sandbox-console";
pub const APPLICATION_NAME: &str = "Migration console (sandbox)";
/// Doorkeeper's defaults in GitLab: access tokens live 2 hours, codes 10 minutes.
pub const ACCESS_TOKEN_LIFETIME_S: u64 = 7200;
pub const CODE_LIFETIME_S: u64 = 600;

/// What the API's token check learns about a Bearer token that is not a personal one.
pub enum Access {
    Valid(Token),
    Expired,
    Revoked,
    Unknown,
}

/// Why `/oauth/token` refuses (RFC 6749 §5.2), with Doorkeeper's descriptions and GitLab's statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    InvalidRequest(&'static str),
    InvalidClient,
    InvalidGrant,
    UnsupportedGrantType,
}

impl Default for OAuthStore {
    fn default() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(7);
        OAuthStore {
            grants: HashMap::new(),
            tokens: HashMap::new(),
            refresh: HashMap::new(),
            access_lifetime: Duration::from_secs(ACCESS_TOKEN_LIFETIME_S),
            code_lifetime: Duration::from_secs(CODE_LIFETIME_S),
            config_application: false,
            rng: rand::rngs::SmallRng::seed_from_u64(seed),
        }
    }
}

/// The answer of a successful grant.
pub struct TokenSet {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
    pub scope: String,
}

/// Any redirect URI on the loopback host, over http or https, is registered for the sandbox's application.
pub fn redirect_uri_allowed(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("http://").or_else(|| uri.strip_prefix("https://")) else {
        return false;
    };
    let host_port = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host_port.contains('@') || uri.contains('#') {
        return false;
    }
    let host =
        host_port
            .rsplit_once(':')
            .map_or(host_port, |(h, p)| if p.chars().all(|c| c.is_ascii_digit()) { h } else { host_port });
    host == "127.0.0.1" || host.eq_ignore_ascii_case("localhost")
}

/// `BASE64URL(SHA256(verifier))` without padding (RFC 7636 §4.2).
pub fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl OAuthStore {
    fn secret(&mut self) -> String {
        let bytes: [u8; 32] = self.rng.random();
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The user clicked Authorize: a single-use code for this redirect URI and challenge.
    pub fn grant(&mut self, redirect_uri: &str, challenge: &str) -> String {
        let code = self.secret();
        let grant = Grant {
            user_id: OWNER_ID,
            redirect_uri: redirect_uri.to_string(),
            challenge: challenge.to_string(),
            scopes: vec!["api"],
            issued: Instant::now(),
            lifetime: self.code_lifetime,
            used: false,
        };
        self.grants.insert(code.clone(), grant);
        code
    }

    fn issue(&mut self, user_id: u64, scopes: Vec<&'static str>) -> TokenSet {
        let (access, refresh) = (self.secret(), self.secret());
        let scope = scopes.join(" ");
        let lifetime = self.access_lifetime;
        let issued = Issued { user_id, scopes, issued: Instant::now(), lifetime, revoked: false };
        self.tokens.insert(access.clone(), issued);
        self.refresh.insert(refresh.clone(), access.clone());
        TokenSet { access_token: access, refresh_token: refresh, expires_in: lifetime.as_secs(), scope }
    }

    /// `grant_type=authorization_code`: the code must be fresh, unused, for this redirect URI, and the
    /// verifier must hash to the challenge.
    pub fn exchange(&mut self, code: &str, redirect_uri: &str, verifier: &str) -> Result<TokenSet, TokenError> {
        let grant = self.grants.get_mut(code).ok_or(TokenError::InvalidGrant)?;
        if grant.used || grant.issued.elapsed() >= grant.lifetime || grant.redirect_uri != redirect_uri {
            return Err(TokenError::InvalidGrant);
        }
        // RFC 7636 §4.1: 43 to 128 characters of the unreserved set.
        let well_formed = (43..=128).contains(&verifier.len())
            && verifier.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
        if !well_formed || s256(verifier) != grant.challenge {
            return Err(TokenError::InvalidGrant);
        }
        grant.used = true;
        let (user_id, scopes) = (grant.user_id, grant.scopes.clone());
        Ok(self.issue(user_id, scopes))
    }

    /// `grant_type=refresh_token`: a new pair; the old access and refresh tokens are revoked at once.
    pub fn refresh(&mut self, refresh_token: &str) -> Result<TokenSet, TokenError> {
        let access = self.refresh.get(refresh_token).cloned().ok_or(TokenError::InvalidGrant)?;
        let old = self.tokens.get_mut(&access).ok_or(TokenError::InvalidGrant)?;
        if old.revoked {
            return Err(TokenError::InvalidGrant);
        }
        old.revoked = true;
        let (user_id, scopes) = (old.user_id, old.scopes.clone());
        Ok(self.issue(user_id, scopes))
    }

    /// `/oauth/revoke` with an access or a refresh token: both of the pair end. Unknown tokens are fine.
    pub fn revoke(&mut self, token: &str) {
        let access =
            if self.tokens.contains_key(token) { Some(token.to_string()) } else { self.refresh.get(token).cloned() };
        if let Some(issued) = access.and_then(|a| self.tokens.get_mut(&a)) {
            issued.revoked = true;
        }
    }

    /// Every access token issued so far expires now (tests of the console's renewal after a 401).
    pub fn expire_all(&mut self) {
        for t in self.tokens.values_mut() {
            t.lifetime = Duration::ZERO;
        }
    }

    /// The API's view of a Bearer token.
    pub fn access(&self, token: &str) -> Access {
        let Some(t) = self.tokens.get(token) else { return Access::Unknown };
        if t.revoked {
            Access::Revoked
        } else if t.issued.elapsed() >= t.lifetime {
            Access::Expired
        } else {
            Access::Valid(Token { user_id: t.user_id, name: APPLICATION_NAME, scopes: t.scopes.clone() })
        }
    }
}

impl OAuthStore {
    /// The token check of `/api/*` for a token that is not a personal one: GitLab's `API::APIGuard` answers.
    pub fn check(&self, token: &str) -> Result<Token, Response> {
        let description = match self.access(token) {
            Access::Valid(t) => return Ok(t),
            Access::Unknown => return Err(render::unauthorized()),
            Access::Expired => "Token is expired. You can either do re-authorization or token refresh.",
            Access::Revoked => "Token was revoked. You have to re-authorize from the user.",
        };
        let challenge = format!(
            "Bearer realm=\"Protected by OAuth 2.0\", error=\"invalid_token\", error_description=\"{description}\""
        );
        let body = serde_json::json!({"error": "invalid_token", "error_description": description});
        Err((StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, challenge)], Json(body)).into_response())
    }
}
