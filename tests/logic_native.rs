//! Native tests of the pure logic: status derivation, instance URLs, safe links, time, progress.
#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::{RelationStats, Stats, Status};
use migration_console::logic::display_status::DisplayStatus;
use migration_console::logic::instance_url::*;
use migration_console::logic::progress::totals;
use migration_console::logic::time::*;

#[test]
fn partially_completed_is_finished_with_failures() {
    assert_eq!(DisplayStatus::derive(&Status::Finished, true), DisplayStatus::PartiallyCompleted);
    assert_eq!(DisplayStatus::derive(&Status::Finished, false), DisplayStatus::Complete);
    assert_eq!(DisplayStatus::derive(&Status::Created, true), DisplayStatus::Pending);
    assert_eq!(DisplayStatus::derive(&Status::Started, false), DisplayStatus::Importing);
    assert_eq!(DisplayStatus::from_key("partial").and_then(|s| s.server_status()), Some(Status::Finished));
    assert_eq!(DisplayStatus::FILTERS.len(), 7);
}

#[test]
fn instance_urls_are_normalized_and_unsafe_ones_refused() {
    assert_eq!(normalize_instance_url(" gitlab.example.com/ ").unwrap(), "https://gitlab.example.com");
    assert_eq!(normalize_instance_url("https://GitLab.Example.com/api/v4/").unwrap(), "https://gitlab.example.com");
    assert_eq!(normalize_instance_url("http://127.0.0.1:3000").unwrap(), "http://127.0.0.1:3000");
    assert_eq!(normalize_instance_url("https://example.com/gitlab/").unwrap(), "https://example.com/gitlab");
    assert_eq!(normalize_instance_url(""), Err(InstanceUrlError::Empty));
    assert_eq!(normalize_instance_url("javascript:alert(1)"), Err(InstanceUrlError::Scheme));
    assert_eq!(normalize_instance_url("ftp://x.example"), Err(InstanceUrlError::Scheme));
    assert_eq!(normalize_instance_url("https://user:pw@x.example"), Err(InstanceUrlError::Credentials));
    assert_eq!(normalize_instance_url("https://exa mple.com"), Err(InstanceUrlError::Invalid));
}

#[test]
fn only_http_links_are_links() {
    assert_eq!(safe_link("https://gitlab.example/g/p/-/issues/1"), Some("https://gitlab.example/g/p/-/issues/1"));
    for bad in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>",
        "vbscript:msgbox",
        " //evil.example",
        "https://x\n.example",
    ] {
        assert_eq!(safe_link(bad), None, "{bad}");
    }
    assert_eq!(web_url("https://g.example", "group/sub").as_deref(), Some("https://g.example/group/sub"));
    assert_eq!(web_url("https://g.example", "../../etc"), None);
}

#[test]
fn timestamps_and_durations() {
    assert_eq!(parse_timestamp_ms("1970-01-01T00:00:01.500Z"), Some(1500));
    assert_eq!(parse_timestamp_ms("2021-06-18T09:45:55.358Z"), Some(1_624_009_555_358));
    assert_eq!(parse_timestamp_ms("2021-06-18T11:45:55.358+02:00"), Some(1_624_009_555_358));
    assert_eq!(parse_timestamp_ms("yesterday"), None);
    assert_eq!(parse_timestamp_ms("2021-13-18T09:45:55Z"), None);
    assert_eq!(format_duration_ms(45_000), "45s");
    assert_eq!(format_duration_ms(3_725_000), "1h 02m");
    assert_eq!(duration_ms(Some("2021-06-18T09:45:55.358Z"), Some("2021-06-18T09:46:27.003Z"), false, 0), Some(31_645));
}

#[test]
fn progress_is_none_without_stats() {
    assert_eq!(totals(&Stats::new()), None);
    let mut s = Stats::new();
    s.insert("issues".into(), RelationStats { source: Some(200), fetched: Some(150), imported: Some(100) });
    s.insert("labels".into(), RelationStats { source: Some(0), fetched: None, imported: None });
    let t = totals(&s).unwrap();
    assert_eq!((t.percent(), t.missing()), (Some(50), 100));
}

#[test]
fn timestamps_are_shown_in_the_viewers_zone_as_each_language_writes_them() {
    use migration_console::logic::time::{format_local, parse_timestamp_ms, DateStyle::*};
    let ms = parse_timestamp_ms("2021-06-18T09:45:55.358Z").unwrap();
    assert_eq!(format_local(ms, 0, English), "6/18/2021, 9:45:55 AM");
    assert_eq!(format_local(ms, 0, Chinese), "2021/6/18 09:45:55");
    assert_eq!(format_local(ms, -180, English), "6/18/2021, 12:45:55 PM", "UTC+3, noon is PM");
    assert_eq!(format_local(ms, 600, English), "6/17/2021, 11:45:55 PM", "UTC-10 crosses midnight backwards");
    let midnight = parse_timestamp_ms("2024-02-29T23:30:00Z").unwrap();
    assert_eq!(format_local(midnight, -30, English), "3/1/2024, 12:00:00 AM", "leap day rolls over; midnight is 12 AM");
    assert_eq!(format_local(parse_timestamp_ms("1969-12-31T23:59:59Z").unwrap(), 0, Chinese), "1969/12/31 23:59:59");
}

#[test]
fn durations_use_the_readers_units() {
    use migration_console::logic::time::{format_duration_in, DateStyle};
    assert_eq!(format_duration_in(187_000, DateStyle::Chinese), "3分 07秒");
    assert_eq!(format_duration_in(90_061_000, DateStyle::Chinese), "1天 01小时");
    assert_eq!(format_duration_in(187_000, DateStyle::English), "3m 07s");
}

#[test]
fn relations_are_named_in_the_readers_language() {
    use migration_console::logic::relations::relation_name;
    assert_eq!(relation_name("merge_requests", false), "merge requests");
    assert_eq!(relation_name("merge_requests", true), "合并请求");
    assert_eq!(relation_name("some_new_relation", true), "some new relation", "unknown keys stay readable");
}
