//! What the "Complete the move" suites share: tokens, the recorder of every answer's body (searched for
//! secrets), and the field-list checks against `tests/fixtures/gitlab-fields/`.
#![allow(dead_code)] // each suite uses its part

use super::support::{start, Answer, Peer, OWNER, SOURCE};
use reqwest::Method;
use serde_json::Value;
use std::collections::BTreeSet;

pub const READONLY: &str = "sandbox-readonly-token";
pub const OTHER: &str = "sandbox-other-token";
pub const SOURCE_READONLY: &str = "sandbox-source-readonly-token";

/// Every body any request of a test received, searched for secrets at the end.
#[derive(Default)]
pub struct Seen(pub std::sync::Mutex<Vec<String>>);

pub struct Client {
    pub p: Peer,
    pub seen: Seen,
}

impl Client {
    pub async fn new() -> Client {
        Client { p: start().await, seen: Seen::default() }
    }

    pub async fn call(&self, source: bool, method: Method, path: &str, token: &str, body: Option<Value>) -> Answer {
        let base = if source { &self.p.source } else { &self.p.dest };
        let mut req = self.p.http.request(method, format!("{base}/api/v4{path}")).header("PRIVATE-TOKEN", token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let text = res.text().await.unwrap();
        self.seen.0.lock().unwrap().push(text.clone());
        Answer { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
    }

    pub async fn dest(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Answer {
        self.call(false, method, path, token, body).await
    }

    pub async fn src(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.call(true, method, path, SOURCE, body).await
    }

    pub async fn dest_id(&self, kind: &str, path: &str) -> u64 {
        let a = self.dest(Method::GET, &format!("/{kind}/{}", path.replace('/', "%2F")), OWNER, None).await;
        a.body["id"].as_u64().unwrap_or_else(|| panic!("{path}: {}", a.body))
    }

    pub fn assert_no_secret(&self, secrets: &[&str]) {
        let seen = self.seen.0.lock().unwrap();
        assert!(seen.len() > 5, "bodies were recorded");
        for body in seen.iter() {
            for s in secrets {
                assert!(!body.contains(s), "secret {s:?} in an answer: {body}");
            }
        }
    }
}

pub fn fields(name: &str) -> BTreeSet<String> {
    let path = format!("{}/../tests/fixtures/gitlab-fields/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(v["source"].as_str().is_some_and(|s| s.contains("gitlabhq/gitlabhq")), "{name}: names its source");
    v["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect()
}

pub fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap_or_else(|| panic!("not an object: {v}")).keys().cloned().collect()
}

pub fn check_fields(what: &str, name: &str, v: &Value) {
    assert_eq!(keys(v), fields(name), "{what}: keys against {name}.json");
}

/// The list's fields: the fixture's, less what its `when` condition for lists removes.
pub fn check_list_fields(what: &str, name: &str, v: &Value) {
    let path = format!("{}/../tests/fixtures/gitlab-fields/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let f: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let (_, cond) = f["when"].as_object().unwrap().iter().next().unwrap();
    let mut expected = fields(name);
    for k in cond["remove"].as_array().unwrap() {
        expected.remove(k.as_str().unwrap());
    }
    assert_eq!(keys(v), expected, "{what}: keys against {name}.json (list)");
}

pub fn message(a: &Answer) -> Value {
    a.body["message"].clone()
}
