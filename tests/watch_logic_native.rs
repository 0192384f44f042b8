//! Native tests of the watch views' logic: entity tree and filters, overview, failures grouping and export,
//! 14.1 failures, refresh timing, paging, URL state, and the multi-page loader.
#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::{fetch_all_pages, ApiError, Entity, EntityFailure, EntityType, Page, PageInfo, Sort};
use migration_console::logic::display_status::DisplayStatus;
use migration_console::logic::entities::*;
use migration_console::logic::failures;
use migration_console::logic::paging;
use migration_console::logic::refresh;
use migration_console::logic::view_state::{EntitiesView, MigrationsView};
use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

fn entity(id: u64, parent: Option<u64>, path: &str, status: &str) -> Entity {
    serde_json::from_value(serde_json::json!({
        "id": id, "status": status, "parent_id": parent, "source_full_path": path,
        "entity_type": if path.contains("proj") { "project" } else { "group" },
        "destination_namespace": "dest", "destination_slug": path.rsplit('/').next().unwrap(),
    }))
    .unwrap()
}

#[test]
fn tree_puts_children_under_their_parent_and_survives_cycles() {
    let rows = vec![
        entity(5, Some(1), "top/proj-b", "finished"),
        entity(1, None, "top", "finished"),
        entity(3, Some(1), "top/sub", "started"),
        entity(4, Some(3), "top/sub/proj-a", "created"),
        entity(9, Some(42), "orphan", "failed"), // parent not loaded: a root
    ];
    let order: Vec<(u64, usize)> = tree_order(&rows).iter().map(|r| (rows[r.index].id, r.depth)).collect();
    assert_eq!(order, vec![(1, 0), (3, 1), (4, 2), (5, 1), (9, 0)]);

    let cycle = vec![
        entity(1, Some(2), "a", "started"),
        entity(2, Some(1), "b", "started"),
        entity(3, Some(3), "c", "started"),
    ];
    let order = tree_order(&cycle);
    assert_eq!(order.len(), 3, "every entity shown exactly once");
}

#[test]
fn entity_filter_combines_status_type_and_text() {
    let rows = vec![
        entity(1, None, "acme", "finished"),
        entity(2, Some(1), "acme/proj-api", "failed"),
        entity(3, Some(1), "acme/proj-web", "finished"),
        entity(4, None, "Legacy", "started"),
    ];
    let ids = |f: &EntityFilter| f.apply(&rows).iter().map(|r| rows[r.index].id).collect::<Vec<_>>();
    assert_eq!(ids(&EntityFilter::default()), vec![1, 2, 3, 4]);
    assert_eq!(ids(&EntityFilter { status: Some(DisplayStatus::Failed), ..Default::default() }), vec![2]);
    assert_eq!(ids(&EntityFilter { kind: Some(EntityType::Project), ..Default::default() }), vec![2, 3]);
    assert_eq!(ids(&EntityFilter { text: "LEGACY".into(), ..Default::default() }), vec![4]);
    assert_eq!(
        ids(&EntityFilter { text: "dest/proj-web".into(), ..Default::default() }),
        vec![3],
        "matches the destination"
    );
    assert_eq!(
        ids(&EntityFilter {
            kind: Some(EntityType::Project),
            text: "api".into(),
            status: Some(DisplayStatus::Complete),
            ..Default::default()
        }),
        Vec::<u64>::new()
    );
}

#[test]
fn overview_counts_statuses_in_reading_order_and_sums_relations() {
    let mut rows = vec![
        entity(1, None, "a", "finished"),
        entity(2, None, "b", "started"),
        entity(3, None, "c", "finished"),
        entity(4, None, "proj-d", "mystery"),
    ];
    rows[0].has_failures = Some(true);
    rows[0].stats = serde_json::from_str(
        r#"{"labels":{"source":10,"fetched":10,"imported":9},"issues":{"source":5,"fetched":5,"imported":5}}"#,
    )
    .unwrap();
    rows[2].stats = serde_json::from_str(r#"{"labels":{"source":2,"fetched":2,"imported":2}}"#).unwrap();
    let o = Overview::of(&rows);
    assert_eq!(o.entities, 4);
    assert_eq!((o.groups, o.projects), (3, 1));
    let keys: Vec<(&str, usize)> = o.by_status.iter().map(|(s, n)| (s.key(), *n)).collect();
    assert_eq!(keys, vec![("importing", 1), ("complete", 1), ("partial", 1), ("unknown", 1)]);
    assert_eq!(o.relations["labels"].source, 12);
    assert_eq!(o.relations["labels"].imported, 11);
    assert_eq!(o.relation_totals().missing(), 1);
    assert_eq!(o.with_failures, 1);
    assert_eq!(o.ended(), 3);
}

#[test]
fn merge_updates_by_id_appends_new_children_and_counts_status_changes() {
    let mut rows = vec![entity(1, None, "a", "started"), entity(2, Some(1), "a/b", "created")];
    let changed = merge(&mut rows, vec![entity(2, Some(1), "a/b", "started"), entity(3, Some(1), "a/c", "created")]);
    assert_eq!(changed, 1);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1].status.as_str(), "started");
    // Entity 1 is no longer in the active lists: it ended and must be fetched on its own.
    assert_eq!(vanished_active(&rows, &[rows[1].clone(), rows[2].clone()]), vec![1]);
    assert!(any_active(&rows));
}

fn failure(relation: &str, class: &str, message: &str, title: &str) -> EntityFailure {
    EntityFailure {
        relation: Some(relation.into()),
        exception_class: Some(class.into()),
        exception_message: Some(message.into()),
        source_title: Some(title.into()),
        correlation_id_value: Some("01J0CORRELATION".into()),
        ..Default::default()
    }
}

#[test]
fn failures_group_by_relation_and_class_largest_first() {
    let rows = vec![
        failure("merge_requests", "ActiveRecord::RecordInvalid", "Validation failed", "MR 1"),
        failure("issues", "NoMethodError", "undefined method", "Issue 1"),
        failure("merge_requests", "ActiveRecord::RecordInvalid", "Validation failed: Title", "MR 2"),
        failure("merge_requests", "Gitlab::Import::Error", "timeout", "MR 3"),
    ];
    let groups = failures::group(&rows);
    assert_eq!(groups[0].relation, "merge_requests");
    assert_eq!(groups[0].exception_class, "ActiveRecord::RecordInvalid");
    assert_eq!(groups[0].count, 2);
    assert_eq!(groups[0].example, "Validation failed");
    assert_eq!(groups.len(), 3);
    let haystacks: Vec<String> = rows.iter().map(failures::haystack).collect();
    assert_eq!(failures::filter_haystacks(&haystacks, "mr 2"), vec![2]);
    assert_eq!(failures::filter_haystacks(&haystacks, "noMETHOD"), vec![1]);
    assert_eq!(failures::filter_haystacks(&haystacks, "  ").len(), 4);
}

#[test]
fn failures_from_a_14_1_server_get_their_relation_from_the_pipeline_and_show_the_step() {
    // 14.1 sends no `relation`, only the pipeline that failed and its step.
    let old = |class: &str, step: &str| EntityFailure {
        pipeline_class: Some(class.into()),
        pipeline_step: Some(step.into()),
        exception_class: Some("NoMethodError".into()),
        ..Default::default()
    };
    let rows = vec![
        old("BulkImports::Common::Pipelines::MergeRequestsPipeline", "loader"),
        old("BulkImports::Projects::Pipelines::IssuesPipeline", "extractor"),
        old("BulkImports::Groups::Pipelines::GroupPipeline", "transformer"),
        old("BulkImports::Projects::Pipelines::IssuesPipeline", "loader"),
    ];
    assert_eq!(failures::relation_of(&rows[0]).as_deref(), Some("merge_requests"));
    assert_eq!(failures::relation_of(&rows[2]).as_deref(), Some("group"));
    assert_eq!(failures::step_of(&rows[1]), Some("extractor"));
    let groups = failures::group(&rows);
    assert_eq!((groups[0].relation.as_str(), groups[0].count), ("issues", 2), "grouped by the derived relation");
    let haystacks: Vec<String> = rows.iter().map(failures::haystack).collect();
    assert_eq!(failures::filter_haystacks(&haystacks, "merge_requests"), vec![0], "searchable by it too");
    // A relation the server sent wins; junk pipeline names give none rather than nonsense.
    let current =
        EntityFailure { relation: Some("labels".into()), ..old("BulkImports::Common::Pipelines::IssuesPipeline", "x") };
    assert_eq!(failures::relation_of(&current).as_deref(), Some("labels"));
    assert_eq!(failures::pipeline_relation("<script>alert(1)</script>"), None);
    assert_eq!(failures::pipeline_relation("Pipeline"), None);
    assert_eq!(failures::step_of(&EntityFailure { step: Some("  ".into()), ..Default::default() }), None);
}

#[test]
fn csv_export_quotes_every_tricky_value_and_defuses_formulas() {
    let rows = vec![
        failure("issues", "X", "line one\nline \"two\", with comma", "=HYPERLINK(\"http://evil\")"),
        failure("labels", "Y", "ok", "<script>alert(1)</script>"),
    ];
    let csv = failures::to_csv("acme/api", &rows);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), failures::CSV_COLUMNS.to_vec());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][5], "line one\nline \"two\", with comma", "the message survives a round trip");
    assert_eq!(&records[0][2], "'=HYPERLINK(\"http://evil\")", "a formula is not run by a spreadsheet");
    assert_eq!(&records[1][2], "<script>alert(1)</script>", "text stays text");
    assert_eq!(&records[1][0], "acme/api");

    let json: serde_json::Value = serde_json::from_str(&failures::to_json("acme/api", &rows)).unwrap();
    assert_eq!(json["count"], 2);
    assert_eq!(json["failures"][1]["source_title"], "<script>alert(1)</script>");
    assert_eq!(failures::export_file_name("acme/<api>", 7, "csv"), "failures-acme--api-7.csv");
    assert_eq!(failures::export_file_name("../..", 7, "json"), "failures-entity-7.json");
}

#[test]
fn refresh_backs_off_after_errors_and_catches_up_on_return() {
    assert_eq!(refresh::delay_ms(0), 5_000);
    assert_eq!(refresh::delay_ms(1), 10_000);
    assert_eq!(refresh::delay_ms(3), 40_000);
    assert_eq!(refresh::delay_ms(4), 60_000);
    assert_eq!(refresh::delay_ms(1_000), 60_000);
    assert_eq!(refresh::wait_ms(Some(0), 6_000, 0), 0, "back in a tab hidden for longer than the delay: at once");
    assert_eq!(refresh::wait_ms(Some(0), 4_000, 0), 1_000);
    assert_eq!(refresh::wait_ms(Some(0), 4_000, 1), 6_000, "after an error the wait doubles");
    assert_eq!(refresh::wait_ms(None, 0, 0), 0, "never tried: at once");
    assert_eq!(refresh::wait_ms(Some(10_000), 0, 0), 5_000, "a clock that went back waits the whole delay");
    assert_eq!(refresh::age(0, 4_500), (4, refresh::AgeUnit::Seconds));
    assert_eq!(refresh::age(0, 125_000), (2, refresh::AgeUnit::Minutes));
    assert_eq!(refresh::age(10_000, 0), (0, refresh::AgeUnit::Seconds), "a clock going back is 0 s, not negative");
}

#[test]
fn page_windows_bounds_and_counts() {
    assert_eq!(paging::window(1, 1), vec![Some(1)]);
    assert_eq!(paging::window(5, 10), vec![Some(1), None, Some(3), Some(4), Some(5), Some(6), Some(7), None, Some(10)]);
    assert_eq!(paging::window(99, 3), vec![Some(1), Some(2), Some(3)], "a page past the end is clamped");
    assert_eq!(paging::page_count(0, 20), 1);
    assert_eq!(paging::page_count(41, 20), 3);
    assert_eq!(paging::bounds(45, 3, 20), 40..45);
    assert_eq!(paging::bounds(45, 9, 20), 45..45);
    assert_eq!(paging::range_text_figures(2, 20, 20), (21, 40));
}

fn query(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |k| map.get(k).cloned()
}

#[test]
fn view_state_round_trips_through_the_url_and_ignores_junk() {
    let v = MigrationsView::parse(query(&[("status", "partial"), ("sort", "asc"), ("page", "3"), ("per_page", "50")]));
    assert_eq!(v.status, Some(DisplayStatus::PartiallyCompleted));
    assert_eq!(v.sort, Sort::Asc);
    assert_eq!(v.to_query(), "?status=partial&sort=asc&page=3&per_page=50");
    let junk =
        MigrationsView::parse(query(&[("status", "<script>"), ("sort", "up"), ("page", "-1"), ("per_page", "5000")]));
    assert_eq!(junk, MigrationsView { page: 1, ..Default::default() });
    assert_eq!(junk.to_query(), "");

    let e = EntitiesView::parse(query(&[("status", "failed"), ("type", "project"), ("q", "a&b c"), ("page", "2")]));
    assert_eq!(e.kind, Some(EntityType::Project));
    assert_eq!(e.to_query(), "?status=failed&type=project&q=a%26b%20c&page=2");
    let troubled = EntitiesView::parse(query(&[("failures", "1")]));
    assert!(troubled.troubled);
    assert_eq!(troubled.to_query(), "?failures=1");
    assert!(!EntitiesView::parse(query(&[("failures", "yes")])).troubled);
}

#[test]
fn anything_that_went_wrong_is_failed_timed_out_or_with_failures() {
    let mut partial = entity(3, None, "acme/proj-web", "finished");
    partial.has_failures = Some(true);
    let rows = vec![
        entity(1, None, "acme", "finished"),
        entity(2, None, "acme/proj-api", "failed"),
        partial,
        entity(4, None, "legacy", "timeout"),
        entity(5, None, "other", "started"),
    ];
    let filter = EntityFilter { troubled: true, ..Default::default() };
    let ids: Vec<u64> = filter.apply(&rows).iter().map(|r| rows[r.index].id).collect();
    assert_eq!(ids, vec![2, 3, 4]);
}

fn page_of(items: Vec<u32>, info: PageInfo) -> Page<u32> {
    Page { items, info }
}

#[test]
fn all_pages_are_fetched_with_at_most_six_in_flight() {
    // 10,000 rows at 100 a page: 100 requests.
    let in_flight = Rc::new(Cell::new(0usize));
    let max_seen = Rc::new(Cell::new(0usize));
    let calls = Rc::new(Cell::new(0u32));
    let fetch = |p: u32| {
        let (in_flight, max_seen, calls) = (in_flight.clone(), max_seen.clone(), calls.clone());
        async move {
            calls.set(calls.get() + 1);
            in_flight.set(in_flight.get() + 1);
            max_seen.set(max_seen.get().max(in_flight.get()));
            YieldNow(false).await; // let the other requests start, so that they overlap
            in_flight.set(in_flight.get() - 1);
            let info = PageInfo {
                total: Some(10_000),
                total_pages: Some(100),
                page: Some(p as u64),
                per_page: Some(100),
                ..Default::default()
            };
            Ok::<_, ApiError>(page_of(((p - 1) * 100..p * 100).collect(), info))
        }
    };
    let mut rows = Vec::new();
    let mut last = None;
    let result = futures::executor::block_on(fetch_all_pages(fetch, 100, 6, |progress, items| {
        rows.extend(items);
        last = Some(progress);
    }));
    let progress = result.unwrap();
    assert_eq!(calls.get(), 100);
    assert!(max_seen.get() <= 6 && max_seen.get() >= 2, "in flight at once: {}", max_seen.get());
    assert_eq!(rows.len(), 10_000);
    rows.sort_unstable();
    rows.dedup();
    assert_eq!(rows.len(), 10_000, "no page twice");
    assert_eq!(progress.pages_done, 100);
    assert_eq!(last.unwrap().percent(), Some(100));
}

#[test]
fn without_totals_pages_are_fetched_until_the_last_one() {
    // Above 10,000 rows GitLab sends X-Next-Page but no X-Total-Pages.
    let fetch = |p: u32| async move {
        let last = 13;
        let info = PageInfo {
            page: Some(p as u64),
            per_page: Some(100),
            next_page: (p < last).then_some(p as u64 + 1),
            ..Default::default()
        };
        let items = if p <= last { vec![p] } else { vec![] };
        Ok::<_, ApiError>(page_of(items, info))
    };
    let mut seen = Vec::new();
    let progress = futures::executor::block_on(fetch_all_pages(fetch, 100, 6, |_, items| seen.extend(items))).unwrap();
    seen.sort_unstable();
    assert_eq!(seen, (1..=13).collect::<Vec<_>>());
    assert_eq!(progress.pages_total, Some(13));
}

#[test]
fn a_failing_page_stops_the_load_with_its_error() {
    let fetch = |p: u32| async move {
        if p == 3 {
            return Err(ApiError::Server { status: 502, message: None });
        }
        Ok(page_of(vec![p], PageInfo { total_pages: Some(5), ..Default::default() }))
    };
    let result = futures::executor::block_on(fetch_all_pages(fetch, 100, 2, |_, _| {}));
    assert!(matches!(result, Err(ApiError::Server { status: 502, .. })));
}

/// Pending once, after asking to be polled again (what an executor's yield does).
struct YieldNow(bool);
impl std::future::Future for YieldNow {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

#[test]
fn typing_on_narrows_the_previous_matches_and_always_agrees_with_a_full_search() {
    let haystacks: Vec<String> = (0..500)
        .map(|i| {
            format!(
                "merge_requests validation failed: source branch {} is invalid #{i}",
                ["main", "dev", "feature/x"][i % 3]
            )
        })
        .collect();
    let mut previous: Option<(String, Vec<usize>)> = None;
    // Typing, deleting, pasting something else, and a text that matches nothing.
    for text in
        ["v", "va", "val", "valid", "valid", "vali", "BRANCH DEV", "branch dev", "branch devx", "", "#49", "#499"]
    {
        let got =
            failures::refine_haystacks(&haystacks, text, previous.as_ref().map(|(n, m)| (n.as_str(), m.as_slice())));
        assert_eq!(got, failures::filter_haystacks(&haystacks, text), "after typing {text:?}");
        previous = Some((failures::needle(text), got));
    }
    assert_eq!(previous.map(|p| p.1), Some(vec![499]));
}

fn fixture<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_current_failure_gets_no_date_or_step_column_and_a_14_1_failure_keeps_its_step() {
    // GitLab 16.6+: exactly the six fields of `entity_failure.rb`, no date, no step.
    let current: EntityFailure = fixture("current_failures");
    let cols = failures::columns([&current]);
    assert_eq!((cols.title, cols.correlation, cols.step, cols.date), (true, true, false, false));
    // 14.1: the pipeline and its step, a date, no title.
    let old: Vec<Entity> = fixture("v14_list_all_entities");
    let old = old[1].failures[0].clone();
    let cols = failures::columns([&old]);
    assert_eq!((cols.title, cols.correlation, cols.step, cols.date), (false, true, true, true));
    assert_eq!(
        failures::columns([&current, &old]),
        failures::FailureColumns { title: true, correlation: true, step: true, date: true }
    );
    assert_eq!(failures::columns(std::iter::empty()), failures::FailureColumns::default());

    // The export follows: a current server's CSV has no date or pipeline columns, a 14.1 one has them.
    let csv = failures::to_csv("acme", std::slice::from_ref(&current));
    assert_eq!(csv.lines().next().unwrap(), failures::CSV_COLUMNS.join(","));
    let csv = failures::to_csv("acme", &[current.clone(), old.clone()]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&headers[7..], ["step", "created_at", "pipeline_class"]);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!((&records[1][1], &records[1][7]), ("group", "extractor"), "14.1: relation from the pipeline, its step");
    assert_eq!(&records[0][7], "", "a current failure has no step");
    // JSON carries what the server sent, not empty fields it never sent.
    let json: serde_json::Value = serde_json::from_str(&failures::to_json("acme", &[current, old])).unwrap();
    assert!(json["failures"][0].get("created_at").is_none(), "{}", json["failures"][0]);
    assert_eq!(json["failures"][1]["pipeline_step"], "extractor");
    assert_eq!(failures::group(&[]).len(), 0);
}

#[test]
fn a_failure_links_only_to_its_source_instance_over_http() {
    let src = Some("https://source.example/gitlab");
    let link = |u: &str, base: Option<&str>| failures::source_link(u, base);
    let issue = "https://source.example/gitlab/acme/-/issues/1";
    assert_eq!(link(issue, src).as_deref(), Some(issue));
    assert_eq!(link("HTTPS://Source.Example/gitlab/x", src).as_deref(), Some("HTTPS://Source.Example/gitlab/x"));
    for bad in [
        "javascript:alert(1)",
        "https://evil.example/gitlab/acme/-/issues/1",
        "http://source.example/gitlab/acme",
        "https://source.example:8443/gitlab/acme",
        "https://source.example/gitlabx/acme",
        "https://source.example@evil.example/gitlab/a",
        "https://evil.example\\@source.example/gitlab/a",
        "https://source.example/gitlab/a b",
        "",
    ] {
        assert_eq!(link(bad, src), None, "{bad}");
    }
    // The source unknown (an old server sends no `source_url` for the migration): any http(s) link.
    assert_eq!(link("https://elsewhere.example/a", None).as_deref(), Some("https://elsewhere.example/a"));
    assert_eq!(link("data:text/html,x", None), None);
}

/// A Stop during writes (the jobs taken while not stopped, the run never stopped): no job starts after it, every
/// job that started is handed over, at most `limit` at once.
#[test]
fn bounded_run_of_jobs_taken_until_stop_hands_over_what_was_in_flight() {
    use migration_console::data::bounded::run_bounded;
    let (stopped, started, open, most, after_stop) =
        (Cell::new(false), Cell::new(0), Cell::new(0), Cell::new(0), Cell::new(0));
    let work = |j: usize| {
        started.set(started.get() + 1);
        after_stop.set(after_stop.get() + usize::from(stopped.get()));
        open.set(open.get() + 1);
        most.set(most.get().max(open.get()));
        let (open, mut yielded) = (&open, false);
        futures::future::poll_fn(move |cx| {
            if yielded {
                open.set(open.get() - 1);
                return std::task::Poll::Ready(j);
            }
            yielded = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        })
    };
    let mut handed = Vec::new();
    let on_done = |j| {
        handed.push(j);
        if handed.len() == 3 {
            stopped.set(true);
        }
    };
    let jobs = (0..20).take_while(|_| !stopped.get());
    let ended = futures::executor::block_on(run_bounded(jobs, 6, work, on_done, || false));
    assert_eq!(after_stop.get(), 0);
    assert!(started.get() < 20 && started.get() > 3, "{}", started.get());
    assert_eq!((ended, handed.len()), (started.get(), started.get()));
    assert_eq!((most.get(), open.get()), (6, 0));
}
