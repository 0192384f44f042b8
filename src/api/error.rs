//! The one error type of the API layer, built from what the server answered.

use serde_json::Value;
use std::fmt;

/// How long a server message may be before we cut it; hostile servers can send megabytes.
const MAX_MESSAGE_CHARS: usize = 500;

/// What a 404 can mean depends on the route: GitLab answers 404 on *every* Bulk Imports route when
/// direct transfer is disabled, so on a collection route it can only mean that.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotFoundMeaning {
    /// A list or create route: 404 means the feature is off (or this is not a GitLab API).
    FeatureDisabled,
    /// A route with an id: the record is missing, belongs to someone else, or the feature is off.
    MissingRecord,
    /// Anything else (`/version`, `/user`): the URL does not lead to a GitLab API.
    NotGitLab,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer (DNS, refused, CORS, offline).
    Network(String),
    /// No answer within the client's timeout.
    Timeout { seconds: u32 },
    /// 400: GitLab's parameter validation, `{"error": "..."}`.
    BadRequest(String),
    /// 401: no token, a wrong one, or an expired one.
    Unauthorized,
    /// 403, with the server's message when it sent one.
    Forbidden(Option<String>),
    /// 404 on a route where it means direct transfer is disabled.
    FeatureDisabled,
    /// 404 on a route that names a record.
    NotFound,
    /// 404 from a route every GitLab has: the instance URL is wrong.
    NotGitLab,
    /// 422: `BulkImports::CreateService` refused, `{"message": "..."}`.
    Unprocessable(String),
    /// 429: the rate limit (6 migrations a minute per user for creations).
    RateLimited,
    /// 5xx.
    Server { status: u16, message: Option<String> },
    /// Any other status.
    UnexpectedStatus { status: u16, message: Option<String> },
    /// A 2xx whose body is not the JSON expected: an HTML page from a proxy, truncated JSON...
    Malformed { status: u16, html: bool, detail: String },
}

impl ApiError {
    /// Maps a non-2xx answer to an error. `body` may be anything at all.
    pub fn from_response(status: u16, body: &str, not_found: NotFoundMeaning) -> ApiError {
        let message = server_message(body);
        match status {
            400 => ApiError::BadRequest(message.unwrap_or_else(|| "400 Bad request".into())),
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden(message),
            404 => match not_found {
                NotFoundMeaning::FeatureDisabled => ApiError::FeatureDisabled,
                NotFoundMeaning::MissingRecord => ApiError::NotFound,
                NotFoundMeaning::NotGitLab => ApiError::NotGitLab,
            },
            422 => ApiError::Unprocessable(message.unwrap_or_else(|| "422 Unprocessable entity".into())),
            429 => ApiError::RateLimited,
            500..=599 => ApiError::Server { status, message },
            _ => ApiError::UnexpectedStatus { status, message },
        }
    }

    /// A 2xx body that did not decode.
    pub fn malformed(status: u16, body: &str, detail: impl fmt::Display) -> ApiError {
        ApiError::Malformed { status, html: looks_like_html(body), detail: clip(&detail.to_string()) }
    }

    /// Replaces every occurrence of a secret in the error's texts, in case a server echoes it back.
    pub fn redact(self, secret: &str) -> ApiError {
        if secret.is_empty() {
            return self;
        }
        let r = |s: String| s.replace(secret, "[redacted]");
        let ro = |s: Option<String>| s.map(r);
        match self {
            ApiError::Network(s) => ApiError::Network(r(s)),
            ApiError::BadRequest(s) => ApiError::BadRequest(r(s)),
            ApiError::Forbidden(s) => ApiError::Forbidden(ro(s)),
            ApiError::Unprocessable(s) => ApiError::Unprocessable(r(s)),
            ApiError::Server { status, message } => ApiError::Server { status, message: ro(message) },
            ApiError::UnexpectedStatus { status, message } => {
                ApiError::UnexpectedStatus { status, message: ro(message) }
            }
            ApiError::Malformed { status, html, detail } => ApiError::Malformed { status, html, detail: r(detail) },
            other => other,
        }
    }

    /// Worth trying again later by itself (polling backs off on these rather than giving up).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Network(_) | ApiError::Timeout { .. } | ApiError::RateLimited | ApiError::Server { .. }
        ) || matches!(self, ApiError::Malformed { html: true, .. })
    }

    pub fn status(&self) -> Option<u16> {
        Some(match self {
            ApiError::Network(_) | ApiError::Timeout { .. } => return None,
            ApiError::BadRequest(_) => 400,
            ApiError::Unauthorized => 401,
            ApiError::Forbidden(_) => 403,
            ApiError::FeatureDisabled | ApiError::NotFound | ApiError::NotGitLab => 404,
            ApiError::Unprocessable(_) => 422,
            ApiError::RateLimited => 429,
            ApiError::Server { status, .. }
            | ApiError::UnexpectedStatus { status, .. }
            | ApiError::Malformed { status, .. } => *status,
        })
    }
}

/// English text for logs and tests; the UI translates by variant instead.
impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network(d) => write!(f, "Could not reach the server ({d}). Check the URL and your connection."),
            ApiError::Timeout { seconds } => write!(f, "The server did not answer within {seconds} s."),
            ApiError::BadRequest(m) => write!(f, "GitLab refused the request: {m}"),
            ApiError::Unauthorized => f.write_str("The token was refused (401): it is wrong, expired or revoked."),
            ApiError::Forbidden(m) => match m {
                Some(m) => write!(f, "Not allowed (403): {m}"),
                None => f.write_str("Not allowed (403)."),
            },
            ApiError::FeatureDisabled => f.write_str(
                "Migration by direct transfer is disabled on this instance (404). An administrator can enable it.",
            ),
            ApiError::NotFound => f.write_str("Not found (404): it does not exist or belongs to another user."),
            ApiError::NotGitLab => f.write_str("No GitLab API at this URL (404)."),
            ApiError::Unprocessable(m) => write!(f, "GitLab could not start the migration: {m}"),
            ApiError::RateLimited => f.write_str("Too many requests (429). Wait a minute and try again."),
            ApiError::Server { status, message } => match message {
                Some(m) => write!(f, "The server failed ({status}): {m}"),
                None => write!(f, "The server failed ({status})."),
            },
            ApiError::UnexpectedStatus { status, message } => match message {
                Some(m) => write!(f, "Unexpected answer ({status}): {m}"),
                None => write!(f, "Unexpected answer ({status})."),
            },
            ApiError::Malformed { status, html: true, .. } => {
                write!(f, "The server sent an HTML page instead of API data ({status}); a proxy or login page may be in the way.")
            }
            ApiError::Malformed { status, detail, .. } => {
                write!(f, "The server's answer could not be read ({status}): {detail}")
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// GitLab puts its text under `message` (render_api_error!) or `error` (Grape validation); the 429 body
/// nests it: `{"message":{"error":"..."}}`; a model's validation errors are `{"message":{"attr":["..."]}}`.
fn server_message(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    let text = match (v.get("message"), v.get("error")) {
        (Some(Value::String(s)), _) => s.clone(),
        (Some(Value::Object(o)), _) => o
            .iter()
            .map(|(key, v)| {
                (
                    key,
                    match v {
                        Value::String(s) => s.clone(),
                        Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", "),
                        Value::Number(n) => super::lenient::number_text(n),
                        Value::Bool(b) => b.to_string(),
                        // Not serialised back to JSON here: that would bring serde_json's float printer into the
                        // first load (see lenient::number_text). Deeper nesting is not something GitLab sends.
                        Value::Object(_) | Value::Null => String::new(),
                    },
                )
            })
            .filter(|(_, s)| !s.is_empty())
            // A model's errors name their attribute ("value is invalid"); `base` and the 429's `error` do not.
            .map(|(key, s)| if key == "base" || key == "error" { s } else { format!("{key} {s}") })
            .collect::<Vec<_>>()
            .join("; "),
        (_, Some(Value::String(s))) => s.clone(),
        _ => return None,
    };
    let text = clip(text.trim());
    (!text.is_empty()).then_some(text)
}

fn looks_like_html(body: &str) -> bool {
    let head: String = body.trim_start().chars().take(64).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with('<')
}

fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_MESSAGE_CHARS {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX_MESSAGE_CHARS).collect();
        out.push('…');
        out
    }
}
