//! The state of the sandbox's OAuth provider: the codes waiting for their exchange and the tokens issued,
//! with their lifetimes. Plain data; the grants, checks and routes live in `oauth/`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// An authorization code, waiting for its exchange.
#[derive(Clone, Debug)]
pub(crate) struct Grant {
    pub(crate) user_id: u64,
    pub(crate) redirect_uri: String,
    pub(crate) challenge: String,
    pub(crate) scopes: Vec<&'static str>,
    pub(crate) issued: Instant,
    pub(crate) lifetime: Duration,
    pub(crate) used: bool,
}

/// An access token and the refresh token issued with it (Doorkeeper keeps both in one record).
#[derive(Clone, Debug)]
pub(crate) struct Issued {
    pub(crate) user_id: u64,
    pub(crate) scopes: Vec<&'static str>,
    pub(crate) issued: Instant,
    pub(crate) lifetime: Duration,
    pub(crate) revoked: bool,
}

/// The one registered application's codes and tokens, and the lifetimes it gives them.
pub struct OAuthStore {
    pub(crate) grants: HashMap<String, Grant>,
    pub(crate) tokens: HashMap<String, Issued>,
    /// Refresh token → its access token.
    pub(crate) refresh: HashMap<String, String>,
    pub access_lifetime: Duration,
    pub code_lifetime: Duration,
    /// Serve a `config.json` naming the application (the OAuth end-to-end suite turns this on).
    pub config_application: bool,
    pub(crate) rng: rand::rngs::SmallRng,
}
