//! From a status and a body to a value or the one error type: pure, so it is tested natively.

use super::error::{ApiError, NotFoundMeaning};
use serde::de::DeserializeOwned;

/// Larger bodies are refused rather than parsed: no real Bulk Imports page comes near this.
pub(super) const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Turns a status and a body into the value or the error. Pure, so it is tested natively.
pub fn decode<T: DeserializeOwned>(status: u16, body: &str, not_found: NotFoundMeaning) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        return Err(ApiError::from_response(status, body, not_found));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::Malformed { status, html: false, detail: "the answer is too large".into() });
    }
    serde_json::from_str(body).map_err(|e| ApiError::malformed(status, body, e))
}
