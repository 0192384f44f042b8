//! Property tests (#7, decoding): arbitrary and mutated JSON and headers fed to every decoder and to the
//! pagination parser never panic. 6 properties × 17,000 cases = 102,000 cases a run, each case through all 11
//! decoders and the error parser.
#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::client::decode;
use migration_console::api::error::{ApiError, NotFoundMeaning};
use migration_console::api::*;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)),
        ".*".prop_map(Value::String),
        prop_oneof![
            Just("finished"),
            Just("started"),
            Just("group"),
            Just("project"),
            Just("-1"),
            Just("2024-01-01T00:00:00Z")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("status".to_string()),
                    Just("stats".to_string()),
                    Just("failures".to_string()),
                    Just("parent_id".to_string()),
                    Just("entity_type".to_string()),
                    Just("source_full_path".to_string()),
                    Just("version".to_string()),
                    Just("scopes".to_string()),
                    Just("source".to_string()),
                    Just("message".to_string()),
                    Just("error".to_string()),
                    ".{0,12}".prop_map(|s| s),
                ],
                inner,
                0..10,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Valid-looking records with one field replaced by anything.
fn mutated_record() -> impl Strategy<Value = Value> {
    let base = json!({"id": 1, "status": "started", "bulk_import_id": 1, "entity_type": "group", "source_full_path": "a/b",
        "destination_full_path": null, "parent_id": null, "failures": [], "stats": {"labels": {"source": 1, "fetched": 1, "imported": 1}},
        "has_failures": false, "created_at": "2024-01-01T00:00:00.000Z", "version": "17.0.0", "username": "u", "scopes": ["api"]});
    let keys: Vec<String> = base.as_object().unwrap().keys().cloned().collect();
    (prop::sample::select(keys), arb_json()).prop_map(move |(k, v)| {
        let mut b = base.clone();
        b[k] = v;
        b
    })
}

fn all_decoders(status: u16, body: &str) {
    let nf = NotFoundMeaning::MissingRecord;
    let _ = decode::<Vec<BulkImport>>(status, body, nf);
    let _ = decode::<BulkImport>(status, body, nf);
    let _ = decode::<Vec<Entity>>(status, body, nf);
    let _ = decode::<Entity>(status, body, nf);
    let _ = decode::<Vec<EntityFailure>>(status, body, nf);
    let _ = decode::<Version>(status, body, nf);
    let _ = decode::<User>(status, body, nf);
    let _ = decode::<Vec<Group>>(status, body, nf);
    let _ = decode::<Vec<Project>>(status, body, nf);
    let _ = decode::<TokenInfo>(status, body, nf);
    let _ = decode::<NamespaceExists>(status, body, nf);
    let e = ApiError::from_response(status, body, NotFoundMeaning::FeatureDisabled);
    let _ = e.redact("secret-token");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 17_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(v in arb_json(), status in prop::sample::select(vec![200u16, 201, 400, 401, 403, 404, 422, 429, 500, 503])) {
        all_decoders(status, &v.to_string());
    }

    #[test]
    fn mutated_records_never_panic(v in mutated_record()) {
        all_decoders(200, &v.to_string());
        all_decoders(200, &Value::Array(vec![v.clone(), v]).to_string());
    }

    #[test]
    fn arbitrary_text_never_panics(body in ".{0,400}", status in any::<u16>()) {
        all_decoders(status, &body);
    }

    #[test]
    fn truncated_json_never_panics(v in arb_json(), cut in any::<prop::sample::Index>()) {
        let text = v.to_string();
        let at = cut.index(text.len() + 1);
        let truncated: String = text.chars().take(at).collect();
        all_decoders(200, &truncated);
    }

    #[test]
    fn arbitrary_pagination_headers_never_panic(total in ".{0,30}", next in ".{0,30}", link in ".{0,200}") {
        let info = PageInfo::from_headers(|name| match name {
            "x-total" | "x-total-pages" | "x-page" | "x-per-page" => Some(total.clone()),
            "x-next-page" | "x-prev-page" => Some(next.clone()),
            "link" => Some(link.clone()),
            _ => None,
        });
        let _ = info.has_next();
    }

    #[test]
    fn link_headers_shaped_like_gitlabs_never_panic(page in any::<i64>(), rel in "(next|prev|first|last|x)", junk in "[<>;,=\"a-z0-9 ]{0,40}") {
        let link = format!("<https://g.example/api/v4/bulk_imports?page={page}&per_page=20>; rel=\"{rel}\", {junk}");
        let _ = PageInfo::from_headers(|name| (name == "link").then(|| link.clone()));
    }
}
