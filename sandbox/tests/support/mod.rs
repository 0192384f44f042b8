//! A sandbox on two free ports for the REST conformance suites (`gitlab_fields.rs`, `rest.rs`,
//! `python_gitlab.rs`), and GET helpers.

#![allow(dead_code)]

use reqwest::{Client, StatusCode};
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::Settings;
use sandbox::{routes, Sandbox};
use serde_json::Value;

pub const OWNER: &str = "sandbox-owner-token";
pub const ADMIN: &str = "sandbox-admin-token";
pub const SOURCE: &str = "sandbox-source-token";

pub struct Peer {
    pub dest: String,
    pub source: String,
    pub http: Client,
}

/// Both instances, time frozen (`speed 0`), the seed every suite knows.
pub async fn start() -> Peer {
    start_with(false).await
}

/// [`start`], with the hostile-string corpus in every shown field when `hostile`.
pub async fn start_with(hostile: bool) -> Peer {
    start_seeded(|world| {
        if hostile {
            sandbox::hostile::seed(world);
        }
    })
    .await
}

/// [`start`], the world changed by `more` before it serves.
pub async fn start_seeded(more: impl FnOnce(&mut sandbox::World)) -> Peer {
    let dest_l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let src_l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dest = format!("http://{}", dest_l.local_addr().unwrap());
    let source = format!("http://{}", src_l.local_addr().unwrap());
    let settings = Settings { speed: 0.0, ..Settings::default() };
    let mut world = build_world(SeedOptions {
        seed: 7,
        start_ms: 1_790_000_000_000,
        source_url: source.clone(),
        settings,
        scale_entities: 0,
        scale_failures: 0,
    });
    more(&mut world);
    let state = Sandbox::new(world, None);
    let (d, s) = (routes::destination(state.clone()), routes::source(state));
    tokio::spawn(async move { axum::serve(dest_l, d).await });
    tokio::spawn(async move { axum::serve(src_l, s).await });
    Peer { dest, source, http: Client::new() }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
    }
}

impl Peer {
    async fn fetch(&self, url: String, token: &str) -> Answer {
        let res = self.http.get(url).header("PRIVATE-TOKEN", token).send().await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let text = res.text().await.unwrap();
        Answer { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
    }

    /// `GET {destination}/api/v4{path}`.
    pub async fn dest_get(&self, path: &str, token: &str) -> Answer {
        self.fetch(format!("{}/api/v4{path}", self.dest), token).await
    }

    /// `GET {source}/api/v4{path}` with the source token.
    pub async fn source_get(&self, path: &str) -> Answer {
        self.fetch(format!("{}/api/v4{path}", self.source), SOURCE).await
    }
}
