//! Native tests of the API layer: decoding every seed example (14.1 and current), malformed bodies,
//! error mapping for each status, and pagination headers.
#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::client::decode;
use migration_console::api::error::{ApiError, NotFoundMeaning};
use migration_console::api::pagination::{ListQuery, PageInfo, Sort};
use migration_console::api::*;
use migration_console::logic::display_status::DisplayStatus;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"))).expect(name)
}

fn ok<T: serde::de::DeserializeOwned>(name: &str) -> T {
    decode(200, &fixture(name), NotFoundMeaning::MissingRecord).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn decodes_every_14_1_example() {
    let imports: Vec<BulkImport> = ok("v14_list_imports");
    assert_eq!(imports.len(), 2);
    assert_eq!(imports[1].status, Status::Started);
    assert_eq!(imports[0].source_url, None, "14.1 sends no source_url");
    assert_eq!(imports[0].has_failures, None);

    let entities: Vec<Entity> = ok("v14_list_all_entities");
    assert_eq!(entities[1].status, Status::Failed);
    assert_eq!(entities[0].slug(), Some("destination_name"), "14.1 only sends destination_name");
    assert_eq!(entities[0].kind(), EntityType::Group);
    assert_eq!(entities[0].destination_display(), "destination_path/destination_name");
    assert_eq!(entities[1].failures[0].exception_class.as_deref(), Some("Exception"));
    assert!(entities[0].stats.is_empty());

    let import: BulkImport = ok("v14_get_import");
    assert_eq!(import.id, 1);
    // The 14.1 page shows migration-shaped rows on the entity routes: they must still decode.
    let rows: Vec<Entity> = ok("v14_list_import_entities");
    assert_eq!(rows[0].status, Status::Finished);
    let one: Entity = ok("v14_get_entity");
    assert_eq!(one.bulk_import_id, None);
}

#[test]
fn decodes_every_current_example() {
    let created: BulkImport = ok("current_create_response");
    assert_eq!((created.status.clone(), created.has_failures), (Status::Created, Some(false)));
    assert_eq!(created.source_url.as_deref(), Some("https://gitlab.example.com"));
    let imports: Vec<BulkImport> = ok("current_list_imports");
    assert_eq!(imports.len(), 2);
    let entities: Vec<Entity> = ok("current_list_all_entities");
    assert_eq!(entities[0].stats["labels"], RelationStats { source: Some(10), fetched: Some(10), imported: Some(10) });
    assert_eq!(entities[0].destination_display(), "destination/full_path");
    assert_eq!(entities[1].failures[0].relation.as_deref(), Some("group"));
    let _: BulkImport = ok("current_get_import");
    let listed: Vec<Entity> = ok("current_list_import_entities");
    assert_eq!(DisplayStatus::of_entity(&listed[0]), DisplayStatus::PartiallyCompleted);
    let entity: Entity = ok("current_get_entity");
    assert_eq!(entity.migrate_memberships, Some(true));
    let canceled: BulkImport = ok("current_cancel");
    assert_eq!(canceled.status, Status::Canceled);
    let failure: EntityFailure = ok("current_failures");
    assert_eq!(failure.source_title.as_deref(), Some("Issue title"));
}

#[test]
fn unknown_statuses_and_wrong_field_types_do_not_fail_the_decode() {
    let body = r#"[{"id": 5, "status": "paused_for_review", "has_failures": "yes", "created_at": 12,
        "stats": {"issues": {"source": -1, "fetched": "7", "imported": 3.5}, "labels": "n/a"}, "failures": [1, {"relation": "issues"}]}]"#;
    let rows: Vec<Entity> = decode(200, body, NotFoundMeaning::MissingRecord).unwrap();
    assert_eq!(rows[0].status, Status::Unknown("paused_for_review".into()));
    assert_eq!(rows[0].has_failures, None);
    assert_eq!(rows[0].stats["issues"].fetched, Some(7));
    assert_eq!(rows[0].stats["issues"].source, None);
    assert!(!rows[0].stats.contains_key("labels"));
    assert_eq!(rows[0].failures.len(), 1, "the malformed failure is skipped, the good one kept");
    let codes: Vec<BulkImport> =
        decode(200, r#"[{"id":1,"status":-2},{"id":2,"status":3}]"#, NotFoundMeaning::MissingRecord).unwrap();
    assert_eq!((codes[0].status.clone(), codes[1].status.clone()), (Status::Canceled, Status::Timeout));
}

/// Numbers where text belongs are shown as the number (the console prints them without serde_json's float
/// printer, to keep it out of the first load).
#[test]
fn numbers_sent_where_text_belongs_read_as_that_number() {
    let body = r#"[{"id":1,"status":"finished","source_full_path":42,"destination_slug":-7,"destination_namespace":1.25,
        "destination_full_path":3.0,"destination_name":0.000001}]"#;
    let rows: Vec<serde_json::Value> = decode(200, body, NotFoundMeaning::MissingRecord).unwrap();
    let r = &EntityRoute::from_row(&rows[0]);
    assert_eq!(r.source_full_path, "42");
    assert_eq!(r.destination_slug.as_deref(), Some("-7"));
    assert_eq!(r.destination_namespace.as_deref(), Some("1.25"));
    assert_eq!(r.destination_full_path.as_deref(), Some("3"));
    assert_eq!(r.destination_name.as_deref(), Some("0.000001"));
    assert_eq!(r.destination_display(), "3", "the real path wins over namespace/slug");
    let old = EntityRoute::from_row(&serde_json::json!({"source_full_path": "g", "destination_namespace": "n",
        "destination_name": "old-name", "destination_slug": null}));
    assert_eq!(old.destination_display(), "n/old-name", "14.x sends only destination_name");
    assert_eq!(EntityRoute::from_row(&serde_json::json!([1])), EntityRoute::default(), "not an object: nothing");
    // A Grape validation body with a number and a flag in it.
    let e = decode::<BulkImport>(
        422,
        r#"{"message":{"limit":5,"ratio":-0.5,"strict":true,"deep":{"x":1}}}"#,
        NotFoundMeaning::FeatureDisabled,
    )
    .unwrap_err();
    assert!(e.to_string().contains("limit 5; ratio -0.5; strict true"), "{e}");
    let e = decode::<BulkImport>(400, r#"{"message":{"value":["is invalid"]}}"#, NotFoundMeaning::MissingRecord);
    assert_eq!(e.unwrap_err(), ApiError::BadRequest("value is invalid".into()), "the attribute is named");
}

#[test]
fn malformed_bodies_are_errors_not_panics() {
    let html = "<!DOCTYPE html><html><body>Sign in</body></html>";
    match decode::<Vec<BulkImport>>(200, html, NotFoundMeaning::FeatureDisabled) {
        Err(ApiError::Malformed { html: true, status: 200, .. }) => {}
        other => panic!("{other:?}"),
    }
    for body in [r#"[{"id": 1, "status": "fini"#, "", "null", r#"{"id":"x"}"#, "[1,2]"] {
        assert!(
            matches!(
                decode::<Vec<BulkImport>>(200, body, NotFoundMeaning::FeatureDisabled),
                Err(ApiError::Malformed { html: false, .. })
            ),
            "{body}"
        );
    }
}

#[test]
fn every_status_maps_to_its_own_error() {
    let d = |status, body: &str, m| decode::<BulkImport>(status, body, m).unwrap_err();
    let slug = "entities[0][destination_slug] can only include non-accented letters";
    assert_eq!(
        d(400, &format!(r#"{{"error":"{slug}"}}"#), NotFoundMeaning::FeatureDisabled),
        ApiError::BadRequest(slug.into())
    );
    assert_eq!(d(401, r#"{"message":"401 Unauthorized"}"#, NotFoundMeaning::NotGitLab), ApiError::Unauthorized);
    assert_eq!(
        d(403, r#"{"message":"403 Forbidden"}"#, NotFoundMeaning::MissingRecord),
        ApiError::Forbidden(Some("403 Forbidden".into()))
    );
    assert_eq!(d(404, r#"{"message":"404 Not Found"}"#, NotFoundMeaning::FeatureDisabled), ApiError::FeatureDisabled);
    assert_eq!(d(404, r#"{"message":"404 Not found"}"#, NotFoundMeaning::MissingRecord), ApiError::NotFound);
    assert_eq!(d(404, "<html>", NotFoundMeaning::NotGitLab), ApiError::NotGitLab);
    let msg = "Import failed. 'migrated/acme' already exists. Change the destination and try again.";
    assert_eq!(
        d(422, &format!(r#"{{"message":"{msg}"}}"#), NotFoundMeaning::FeatureDisabled),
        ApiError::Unprocessable(msg.into())
    );
    assert_eq!(
        d(
            429,
            r#"{"message":{"error":"This endpoint has been requested too many times. Try again later."}}"#,
            NotFoundMeaning::FeatureDisabled
        ),
        ApiError::RateLimited
    );
    assert_eq!(
        d(503, "<html>down</html>", NotFoundMeaning::MissingRecord),
        ApiError::Server { status: 503, message: None }
    );
    assert_eq!(
        d(500, r#"{"message":"500 Internal Server Error"}"#, NotFoundMeaning::MissingRecord),
        ApiError::Server { status: 500, message: Some("500 Internal Server Error".into()) }
    );
    assert!(matches!(d(418, "", NotFoundMeaning::MissingRecord), ApiError::UnexpectedStatus { status: 418, .. }));
    assert!(ApiError::Server { status: 502, message: None }.is_transient());
    assert!(!ApiError::Unauthorized.is_transient());
}

#[test]
fn a_token_echoed_by_the_server_is_redacted_and_long_messages_are_cut() {
    let e =
        ApiError::from_response(422, r#"{"message":"bad token glpat-SECRET123"}"#, NotFoundMeaning::FeatureDisabled)
            .redact("glpat-SECRET123");
    assert_eq!(e.to_string(), "GitLab could not start the migration: bad token [redacted]");
    let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(10_000));
    let e = ApiError::from_response(422, &long, NotFoundMeaning::FeatureDisabled);
    assert!(e.to_string().chars().count() < 600);
    let c = Client::new("https://gitlab.example.com", "glpat-SECRET123");
    assert!(!format!("{c:?}").contains("SECRET"));
}

#[test]
fn pagination_headers_are_read_with_and_without_totals() {
    let headers = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.to_string())
    };
    let info = PageInfo::from_headers(headers(&[
        ("X-Total", "45"),
        ("X-Total-Pages", "3"),
        ("X-Page", "2"),
        ("X-Per-Page", "20"),
        ("X-Next-Page", "3"),
        ("X-Prev-Page", "1"),
    ]));
    assert_eq!(
        info,
        PageInfo {
            total: Some(45),
            total_pages: Some(3),
            page: Some(2),
            per_page: Some(20),
            next_page: Some(3),
            prev_page: Some(1)
        }
    );
    // Above 10,000 rows GitLab leaves the totals out; the last page has an empty X-Next-Page.
    let big = PageInfo::from_headers(headers(&[("X-Page", "600"), ("X-Next-Page", ""), ("X-Prev-Page", "599")]));
    assert_eq!((big.total, big.next_page, big.has_next()), (None, None, false));
    // A proxy that strips X-* still passes Link.
    let link = PageInfo::from_headers(headers(&[(
        "Link",
        r#"<https://g.example/api/v4/bulk_imports?page=3&per_page=20>; rel="next", <https://g.example/api/v4/bulk_imports?page=1&per_page=20>; rel="prev""#,
    )]));
    assert_eq!((link.next_page, link.prev_page), (Some(3), Some(1)));
    let garbage = PageInfo::from_headers(headers(&[("X-Total", "many"), ("Link", "<<<;;;")]));
    assert_eq!(garbage, PageInfo::default());
}

#[test]
fn list_queries_are_clamped_to_what_gitlab_accepts() {
    let q = ListQuery { page: 0, per_page: 500, sort: Some(Sort::Asc), status: Some(Status::Finished) };
    assert_eq!(q.to_query(), "page=1&per_page=100&sort=asc&status=finished");
    assert_eq!(ListQuery::default().to_query(), "page=1&per_page=20");
}
