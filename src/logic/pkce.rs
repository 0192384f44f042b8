//! Sign in with GitLab (OAuth 2 authorization code + PKCE), the pure part: the verifier, state and
//! challenge encodings, the authorize URL, reading the callback's query, and when to refresh a token.
//!
//! SHA-256 itself comes from the browser's SubtleCrypto (no crate in the wasm): this module turns its
//! digest into the challenge, so the RFC 7636 appendix B vector tests everything but the hash natively,
//! and the end-to-end suite checks the hash against the sandbox, which recomputes it with `sha2`.

/// Base64url without padding (RFC 4648 §5), the encoding of verifiers, states and challenges.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Random bytes the verifier is made of: 32 give 43 characters, the shortest RFC 7636 allows.
pub const VERIFIER_BYTES: usize = 32;
pub const STATE_BYTES: usize = 16;

/// The code verifier from random bytes (`crypto.getRandomValues`).
pub fn verifier_from_bytes(random: &[u8]) -> String {
    base64url(random)
}

/// The S256 challenge from the SHA-256 digest of the verifier's ASCII bytes.
pub fn challenge_from_digest(digest: &[u8]) -> String {
    base64url(digest)
}

/// The state from random bytes.
pub fn state_from_bytes(random: &[u8]) -> String {
    base64url(random)
}

/// Whether a verifier is what RFC 7636 §4.1 allows (43 to 128 unreserved characters).
pub fn is_valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// The state that came back is the one we sent: both present, equal (compared without an early exit).
pub fn state_matches(sent: Option<&str>, returned: &str) -> bool {
    let Some(sent) = sent.filter(|s| !s.is_empty()) else { return false };
    sent.len() == returned.len() && sent.bytes().zip(returned.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Percent-encoding of a query value (everything but the unreserved characters): the API layer's.
pub use crate::api::pagination::encode_component as encode;

/// Decodes a form-encoded query value (`+` is a space); `None` for invalid UTF-8.
pub fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// What GitLab's `/oauth/authorize` needs to know.
pub struct AuthorizeRequest<'a> {
    /// The instance's normalized URL (no trailing slash).
    pub instance: &'a str,
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub state: &'a str,
    pub challenge: &'a str,
}

/// The address the browser is sent to. Scope `api`: the console creates and cancels migrations.
pub fn authorize_url(r: &AuthorizeRequest) -> String {
    format!(
        "{}/oauth/authorize?client_id={}&redirect_uri={}&response_type=code&state={}&scope=api&code_challenge={}&code_challenge_method=S256",
        r.instance,
        encode(r.client_id),
        encode(r.redirect_uri),
        encode(r.state),
        encode(r.challenge)
    )
}

/// What the redirect back to the console carried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    Code {
        code: String,
        state: String,
    },
    /// `error=access_denied` when the user clicked Deny; any other RFC 6749 §4.1.2.1 code otherwise.
    Error {
        error: String,
        state: String,
    },
}

/// Reads `?code=…&state=…` or `?error=…&state=…` (with or without the `?`). `None` when the query is not
/// an OAuth callback at all (a normal visit).
pub fn parse_callback(query: &str) -> Option<Callback> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut code = None;
    let mut error = None;
    let mut state = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = decode(v).unwrap_or_default();
        match k {
            "code" => code = Some(v),
            "error" => error = Some(v),
            "state" => state = Some(v),
            _ => {}
        }
    }
    let state = state.unwrap_or_default();
    match (error, code) {
        (Some(error), _) => Some(Callback::Error { error, state }),
        (None, Some(code)) if !code.is_empty() => Some(Callback::Code { code, state }),
        _ => None,
    }
}

/// The query without the callback's parameters (`code`, `state`, `error`, `error_description`), with its
/// `?`, or "" when nothing else was there.
pub fn strip_callback(query: &str) -> String {
    let query = query.strip_prefix('?').unwrap_or(query);
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let k = p.split_once('=').map_or(*p, |(k, _)| k);
            !matches!(k, "code" | "state" | "error" | "error_description")
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// A deep link to return to after the round trip: a path of this console (starts with one `/`), never
/// another origin (`//host`, `/\host`, a scheme).
pub fn safe_return_path(path: &str) -> Option<&str> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.contains(['\r', '\n'])
        && path.len() <= 2048;
    ok.then_some(path)
}

// A grant's timing lives with the grant, in the API layer (it renews there).
pub use crate::api::oauth::{expires_at_ms, refresh_in_ms};
