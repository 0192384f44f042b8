//! Fault injection for the console's error handling: latency, 5xx shares, 429 storms, malformed bodies,
//! HTML error pages, dropped connections. Applies to `/api/*` only; the choice of which requests fail
//! is a deterministic function of the request count, so a test sees the same sequence every run.

pub use crate::world::faults::SourceExportFault;
use crate::Shared;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum FaultMode {
    #[value(name = "500")]
    #[serde(rename = "500")]
    E500,
    #[value(name = "502")]
    #[serde(rename = "502")]
    E502,
    #[value(name = "503")]
    #[serde(rename = "503")]
    E503,
    #[value(name = "429")]
    #[serde(rename = "429")]
    E429,
    /// JSON with the wrong shape.
    Malformed,
    /// JSON cut in the middle.
    Truncated,
    /// A proxy's HTML error page with status 200.
    Html,
    /// The connection is closed in the middle of the answer.
    Drop,
    /// No answer for `slow_ms` (past the console's timeout).
    Slow,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Faults {
    #[serde(default)]
    pub mode: Option<FaultMode>,
    /// Share of requests hit by `mode`, from 0 to 1.
    #[serde(default)]
    pub rate: f64,
    /// Added to every answer.
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default = "default_slow")]
    pub slow_ms: u64,
    /// Hit only POST requests (a create whose answer is lost), leaving every read alone.
    #[serde(default)]
    pub only_post: bool,
    /// Hit only writes (POST, PUT, PATCH, DELETE): the settings a "Complete the move" page copies.
    #[serde(default)]
    pub only_writes: bool,
    /// Hit only requests whose path contains this (`/bulk_imports`: the create, not the plan's commits).
    #[serde(default)]
    pub only_path: Option<String>,
    /// The source instance's relation exports misbehave (see `source/export.rs`).
    #[serde(default)]
    pub source_export: Option<SourceExportFault>,
    #[serde(skip)]
    pub counter: u64,
}

fn default_slow() -> u64 {
    35_000
}

impl Faults {
    /// True for `rate` of the requests, spread evenly.
    fn hit(&mut self) -> bool {
        let n = self.counter as f64;
        self.counter += 1;
        self.rate > 0.0 && ((n + 1.0) * self.rate).floor() > (n * self.rate).floor()
    }
}

pub async fn inject(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let (mode, latency, slow) = {
        let mut f = state.faults.lock().unwrap_or_else(|p| p.into_inner());
        let method = request.method();
        let write =
            !matches!(*method, axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS);
        let on_path = f.only_path.as_deref().is_none_or(|p| request.uri().path().contains(p));
        let hit =
            (!f.only_post || method == axum::http::Method::POST) && (!f.only_writes || write) && on_path && f.hit();
        (f.mode.filter(|_| hit), f.latency_ms, f.slow_ms)
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let json = |status: StatusCode, body: &'static str| {
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    match mode {
        None => next.run(request).await,
        Some(FaultMode::E500) => json(StatusCode::INTERNAL_SERVER_ERROR, r#"{"message":"500 Internal Server Error"}"#),
        Some(FaultMode::E502) => html(StatusCode::BAD_GATEWAY, "502 Bad Gateway"),
        Some(FaultMode::E503) => html(StatusCode::SERVICE_UNAVAILABLE, "503 Service Unavailable"),
        Some(FaultMode::E429) => crate::render::rate_limited(),
        Some(FaultMode::Malformed) => json(StatusCode::OK, r#"{"unexpected": [1, 2, 3], "id": "not-a-number"}"#),
        Some(FaultMode::Truncated) => json(StatusCode::OK, r#"[{"id": 1, "status": "fini"#),
        Some(FaultMode::Html) => html(StatusCode::OK, "Sign in · GitLab"),
        Some(FaultMode::Drop) => {
            let stream = futures_util::stream::iter([Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other(
                "dropped",
            ))]);
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], Body::from_stream(stream)).into_response()
        }
        // Like Rails, the server finishes the work even when the client gave up and closed the connection:
        // a create that timed out in the browser still creates.
        Some(FaultMode::Slow) => {
            let work = tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(slow)).await;
                next.run(request).await
            });
            work.await.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}

fn html(status: StatusCode, title: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>nginx</p></body></html>"
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}
