//! Native tests of verification and of the migration report: counts from headers (X-Total dropped above
//! 10,000), verdicts and what failures explain, the rows of an entity, and both renderings escaping every
//! hostile string (HTML: only our own tags, no script, no event attribute; Markdown: nothing outside code spans).
#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::{Entity, EntityFailure, EntityType, PageInfo, RelationStats, Status};
use migration_console::logic::failures::group;
use migration_console::logic::report::{to_html, to_markdown, Report, ReportEntity, ReportText};
use migration_console::logic::verify::*;
use std::collections::BTreeMap;

fn stats(source: u64, fetched: u64, imported: u64) -> Option<RelationStats> {
    Some(RelationStats { source: Some(source), fetched: Some(fetched), imported: Some(imported) })
}

fn row(source: Option<Count>, st: Option<RelationStats>, destination: Option<Count>, failures: u64) -> VerifyRow {
    VerifyRow { relation: "merge_requests".into(), source, stats: st, destination, failures }
}

#[test]
fn counts_come_from_x_total_and_survive_its_absence() {
    let with_total = PageInfo { total: Some(1455), page: Some(1), per_page: Some(1), ..Default::default() };
    assert_eq!(Count::from_page(&with_total, 1), Count::Exact(1455));
    // GitLab drops X-Total above 10,000 rows but still says there is a next page.
    let over = PageInfo { page: Some(1), per_page: Some(1), next_page: Some(2), ..Default::default() };
    assert_eq!(Count::from_page(&over, 1), Count::AtLeast(10_001));
    assert_eq!(Count::from_page(&over, 1).text(), "≥ 10,001");
    // Headers but no total and no next page: this page is everything.
    let last = PageInfo { page: Some(1), per_page: Some(1), ..Default::default() };
    assert_eq!(Count::from_page(&last, 1), Count::Exact(1));
    // A proxy stripped every header: an empty list is still zero, one row is "at least one".
    assert_eq!(Count::from_page(&PageInfo::default(), 0), Count::Exact(0));
    assert_eq!(Count::from_page(&PageInfo::default(), 1), Count::AtLeast(1));
    assert_eq!(group_digits(1_234_567), "1,234,567");
    assert_eq!(group_digits(12), "12");
}

#[test]
fn list_paths_encode_the_full_path_and_leave_out_inherited_rows() {
    assert_eq!(
        list_path(EntityType::Project, "migrated/acme/api", "issues"),
        "/projects/migrated%2Facme%2Fapi/issues?per_page=1"
    );
    assert!(list_path(EntityType::Project, "a/b", "labels").ends_with("&include_ancestor_groups=false"));
    assert!(list_path(EntityType::Group, "a", "projects").contains("with_shared=false"));
    assert!(list_path(EntityType::Group, "a", "labels").contains("only_group_labels=true"));
    // A hostile path stays one path segment: no slash, no query, no fragment of its own.
    let p = list_path(EntityType::Group, "x/../../admin?#<script>", "subgroups");
    assert_eq!(p, "/groups/x%2F..%2F..%2Fadmin%3F%23%3Cscript%3E/subgroups?per_page=1");
    assert_eq!(lists_for(EntityType::Group), &GROUP_LISTS);
}

#[test]
fn verdicts_say_ok_or_the_difference_and_what_failures_explain() {
    use Count::*;
    // Source 22, stats 22/22/19, destination 19, 3 failures: 3 missing, all explained.
    let r = row(Some(Exact(22)), stats(22, 22, 19), Some(Exact(19)), 3);
    assert_eq!(r.verdict(), Verdict::Missing { missing: 3, explained: 3 });
    assert_eq!(r.verdict().unexplained(), 0);
    // Only one failure for three missing: two unexplained.
    let r = row(Some(Exact(22)), stats(22, 22, 19), Some(Exact(19)), 1);
    assert_eq!(r.verdict(), Verdict::Missing { missing: 3, explained: 1 });
    assert_eq!(r.verdict().unexplained(), 2);
    // Everything equal.
    assert_eq!(row(Some(Exact(5)), stats(5, 5, 5), Some(Exact(5)), 0).verdict(), Verdict::Match);
    // Source not connected: the stats' source is what should be there.
    assert_eq!(row(None, stats(85, 85, 85), Some(Exact(85)), 0).verdict(), Verdict::Match);
    assert_eq!(
        row(None, stats(85, 85, 80), Some(Exact(80)), 5).verdict(),
        Verdict::Missing { missing: 5, explained: 5 }
    );
    // Counts agree but the stats admit a loss: still reported.
    assert_eq!(
        row(None, stats(10, 10, 9), Some(Exact(10)), 0).verdict(),
        Verdict::Missing { missing: 1, explained: 0 }
    );
    // More on the destination than on the source.
    assert_eq!(row(Some(Exact(3)), None, Some(Exact(5)), 0).verdict(), Verdict::Extra(2));
    // Nothing to compare with.
    assert_eq!(row(None, None, Some(Exact(4)), 0).verdict(), Verdict::Unknown);
    assert_eq!(row(None, None, Some(Exact(0)), 0).verdict(), Verdict::Match);
    assert_eq!(row(None, None, Some(Exact(0)), 2).verdict(), Verdict::Unknown);
    assert_eq!(row(Some(AtLeast(10_001)), None, Some(Exact(4)), 0).verdict(), Verdict::Unknown);
    // Both over GitLab's limit: as equal as anyone can tell.
    assert_eq!(row(Some(AtLeast(10_001)), None, Some(AtLeast(10_001)), 0).verdict(), Verdict::Match);
    // Stats alone (a relation the destination API cannot count).
    assert_eq!(row(None, stats(12, 12, 12), None, 0).verdict(), Verdict::Match);
    // More failures than missing items: only the missing ones are "explained".
    assert_eq!(row(None, stats(5, 5, 4), None, 9).verdict(), Verdict::Missing { missing: 1, explained: 1 });
}

fn entity(id: u64, kind: EntityType, parent: Option<u64>, status: Status, dest: Option<&str>) -> Entity {
    serde_json::from_value::<Entity>(serde_json::json!({"id": id, "status": "finished"}))
        .map(|e| Entity {
            entity_type: Some(kind),
            parent_id: parent,
            status,
            source_full_path: format!("src/{id}"),
            destination_full_path: dest.map(str::to_string),
            ..e
        })
        .unwrap()
}

fn failure(relation: &str, class: &str) -> EntityFailure {
    EntityFailure {
        relation: Some(relation.into()),
        exception_class: Some(class.into()),
        exception_message: Some("Validation failed".into()),
        ..Default::default()
    }
}

#[test]
fn an_entitys_rows_cover_the_counted_lists_its_stats_and_its_children() {
    let mut g = entity(1, EntityType::Group, None, Status::Finished, Some("migrated/acme"));
    g.stats.insert("labels".into(), stats(24, 24, 24).unwrap());
    g.stats.insert("epics".into(), stats(17, 17, 15).unwrap());
    g.failures = vec![failure("epics", "NoMethodError"), failure("epics", "NoMethodError")];
    let all = vec![
        g.clone(),
        entity(2, EntityType::Group, Some(1), Status::Finished, Some("migrated/acme/platform")),
        entity(3, EntityType::Group, Some(1), Status::Failed, None),
        entity(4, EntityType::Project, Some(1), Status::Finished, Some("migrated/acme/handbook")),
        entity(5, EntityType::Project, Some(2), Status::Finished, Some("migrated/acme/platform/api")),
    ];
    let source = BTreeMap::from([("subgroups".to_string(), Count::Exact(2)), ("labels".to_string(), Count::Exact(24))]);
    let dest = BTreeMap::from([
        ("subgroups".to_string(), Count::Exact(1)),
        ("projects".to_string(), Count::Exact(1)),
        ("labels".to_string(), Count::Exact(24)),
        ("milestones".to_string(), Count::Exact(0)),
    ]);
    let rows = rows_for(&g, &all, &source, &dest);
    let names: Vec<&str> = rows.iter().map(|r| r.relation.as_str()).collect();
    assert_eq!(names, ["subgroups", "projects", "labels", "milestones", "epics"]);
    // Two subgroups in the migration, one failed: one missing, explained by the failed child entity.
    assert_eq!(rows[0].stats, stats(2, 2, 1));
    assert_eq!(rows[0].verdict(), Verdict::Missing { missing: 1, explained: 1 });
    // Only direct children count (entity 5 is under entity 2).
    assert_eq!(rows[1].stats, stats(1, 1, 1));
    assert_eq!(rows[1].verdict(), Verdict::Match);
    assert_eq!(rows[2].verdict(), Verdict::Match);
    // No stats and nothing on the destination: GitLab keeps no stats for an empty relation.
    assert_eq!(rows[3].verdict(), Verdict::Match);
    // Epics: stats only, two failures explain the two missing.
    assert_eq!(rows[4].verdict(), Verdict::Missing { missing: 2, explained: 2 });
    let s = summarize(&rows);
    assert_eq!((s.rows, s.matching, s.differing, s.unknown, s.unexplained), (5, 3, 2, 0, 0));
}

#[test]
fn failures_of_a_relation_without_stats_or_count_still_make_a_row() {
    let mut p = entity(9, EntityType::Project, None, Status::Finished, Some("m/p"));
    p.failures = vec![failure("snippets", "RuntimeError")];
    let rows = rows_for(&p, std::slice::from_ref(&p), &BTreeMap::new(), &BTreeMap::new());
    assert_eq!(rows.len(), PROJECT_LISTS.len() + 1);
    assert_eq!(rows.last().map(|r| (r.relation.as_str(), r.failures)), Some(("snippets", 1)));
}

/// A representative part of the sandbox's hostile corpus (sandbox/src/hostile.rs).
fn hostile() -> Vec<String> {
    let mut v: Vec<String> = [
        "<script>__canary('script')</script>",
        "<img src=x onerror=\"__canary('img')\">",
        "<svg onload=\"__canary('svg')\"></svg>",
        "\"><script>__canary('attr-break')</script>",
        "' onmouseover='__canary(\"single-quote\")' x='",
        "javascript:__canary('js-url')",
        " javascript:__canary('js-space')",
        "data:text/html,<script>__canary('data')</script>",
        "<a href=\"javascript:__canary('anchor')\">click me</a>",
        "</td></tr></table><h1>broken markup</h1>",
        "<!-- a comment --><style>body{display:none}</style>",
        "\u{202E}gnp.exe",
        "&lt;script&gt;__canary('entity')&lt;/script&gt;",
        "<math><mtext><table><mglyph><style><img src=x onerror=\"__canary('mxss')\">",
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+cmd|' /C calc'!A0",
        "http://127.0.0.1/\"onmouseover=\"__canary('url-attr')",
        "line one\nline two\r\nline three",
        // Markdown's own weapons.
        "[click](javascript:alert(1))",
        "![x](http://evil.example/track.png)",
        "`` ` `` <b>x</b> ```",
        "@all #1 !2 ~label %milestone &epic :smile:",
        "| a | b |\n|---|---|",
        "https://evil.example/phish",
        "www.evil.example",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("a".repeat(10_000));
    v
}

fn text() -> ReportText {
    let w = |s: &str| s.to_string();
    ReportText {
        title: w("Migration report"),
        instances: w("Instances"),
        destination: w("Destination"),
        source: w("Source"),
        started_by: w("Started by"),
        created: w("Created"),
        updated: w("Updated"),
        duration: w("Duration"),
        status: w("Status"),
        generated: w("Generated"),
        summary: w("Summary"),
        entities: w("Entities"),
        relation: w("Relation"),
        source_count: w("On the source"),
        stats_source: w("Stats: source"),
        fetched: w("Fetched"),
        imported: w("Imported"),
        destination_count: w("On the destination"),
        result: w("Result"),
        ok: w("OK"),
        missing: w("missing"),
        extra: w("extra"),
        explained: w("explained by failures"),
        unknown: w("not comparable"),
        not_counted: w("not counted"),
        source_not_connected: w("Connect the source to count it too."),
        failures: w("Failures"),
        exception_class: w("Exception"),
        count: w("Count"),
        example: w("Example"),
        no_failures: w("No failures."),
        reruns: w("Re-runs"),
        no_reruns: w("None known."),
        rows_matching: w("Rows that match"),
        rows_differing: w("Rows that differ"),
        unexplained: w("Items missing without a failure"),
    }
}

fn hostile_report() -> Report {
    let strings = hostile();
    let entities = strings
        .iter()
        .map(|s| {
            let failures = vec![
                EntityFailure {
                    relation: Some(s.clone()),
                    exception_class: Some(s.clone()),
                    exception_message: Some(s.clone()),
                    source_title: Some(s.clone()),
                    source_url: Some(s.clone()),
                    ..Default::default()
                };
                2
            ];
            ReportEntity {
                kind: "Group".into(),
                source_path: s.clone(),
                destination_path: s.clone(),
                status: s.clone(),
                status_key: "partial".into(),
                rows: vec![VerifyRow {
                    relation: s.clone(),
                    source: None,
                    stats: stats(3, 3, 1),
                    destination: None,
                    failures: 2,
                }],
                failure_groups: group(&failures),
            }
        })
        .collect();
    Report {
        migration_id: 7,
        destination: strings[5].clone(),
        source: Some(strings[16].clone()),
        source_counted: false,
        started_by: strings[0].clone(),
        created: strings[1].clone(),
        updated: strings[2].clone(),
        duration: strings[3].clone(),
        status: strings[4].clone(),
        status_key: "partial".into(),
        generated: "2026-12-01 17:00".into(),
        summary: Default::default(),
        entities,
        reruns: strings.clone(),
    }
}

/// Every tag of an HTML text: (name, the whole tag).
fn tags(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').map(|e| e + 1).unwrap_or(after.len());
        let tag = &after[..end];
        let name: String =
            tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
        out.push((name.to_ascii_lowercase(), format!("<{tag}")));
        rest = &after[end..];
    }
    out
}

#[test]
fn the_html_report_has_only_its_own_markup_whatever_the_strings() {
    let html = to_html(&hostile_report(), &text());
    const ALLOWED: [&str; 27] = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "dl", "dt", "dd", "ul", "li",
        "p", "section", "span", "table", "caption", "thead", "tbody", "tr", "th", "td", "bdi", "a",
    ];
    let found = tags(&html);
    assert!(found.len() > 100);
    for (name, tag) in &found {
        assert!(ALLOWED.contains(&name.as_str()), "unexpected tag {tag}");
        let lower = tag.to_ascii_lowercase();
        assert!(!lower.contains(" on"), "event attribute in {tag}");
        assert!(!lower.contains("javascript:") && !lower.contains("data:"), "unsafe URL in {tag}");
        if name == "a" && !tag.starts_with("</") {
            assert!(tag.starts_with("<a href=\"http"), "a link that is not http(s): {tag}");
        }
    }
    // Exactly one style element and no script, whatever the strings said.
    assert_eq!(found.iter().filter(|(n, t)| n == "style" && !t.starts_with("</")).count(), 1);
    assert!(!html.to_ascii_lowercase().contains("<script"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("&lt;script&gt;__canary(&#39;script&#39;)&lt;/script&gt;"));
    // The entity text of the corpus is shown as typed, not decoded.
    assert!(html.contains("&amp;lt;script&amp;gt;"));
    // Dark and light, and print.
    assert!(html.contains("prefers-color-scheme:dark") && html.contains("@media print"));
    // 10,000 characters are clipped to a readable length.
    assert!(!html.contains(&"a".repeat(400)));
}

/// The Markdown with every code span taken out: what GitLab would interpret.
fn outside_code(md: &str) -> String {
    let mut out = String::new();
    let b = md.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'`' {
            let run = b[i..].iter().take_while(|c| **c == b'`').count();
            let fence = "`".repeat(run);
            let body = &md[i + run..];
            // The closing fence: the same run, not part of a longer one.
            let mut search = 0;
            let mut close = None;
            while let Some(pos) = body[search..].find(&fence) {
                let at = search + pos;
                let longer =
                    body.as_bytes().get(at + run) == Some(&b'`') || (at > 0 && body.as_bytes()[at - 1] == b'`');
                if !longer {
                    close = Some(at);
                    break;
                }
                search = at + run;
                while body.as_bytes().get(search) == Some(&b'`') {
                    search += 1;
                }
            }
            match close {
                Some(at) => {
                    out.push_str("CODE");
                    i += run + at + run;
                }
                None => panic!("unclosed code span at {i}: {}", &md[i..(i + 80).min(md.len())]),
            }
        } else {
            let c = md[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

#[test]
fn the_markdown_report_interprets_nothing_it_was_sent() {
    let report = hostile_report();
    let md = to_markdown(&report, &text());
    let plain = outside_code(&md);
    for bad in ["<", ">", "javascript", "http", "www.", "@", "](", "![", "canary", "#1", "!2", ":smile:"] {
        assert!(
            !plain.contains(bad),
            "{bad:?} outside a code span:\n{}",
            plain.lines().find(|l| l.contains(bad)).unwrap_or("")
        );
    }
    // Every table row keeps its number of cells: an escaped pipe never splits one.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells == 3 || cells == 5 || cells == 8, "{cells} pipes in {line}");
    }
    // No line break from a string: every line that holds a hostile string is a table row, heading or item.
    assert!(!md.contains("line one\n"));
    // The hostile re-run lines are listed, in code.
    assert!(md.contains("- `javascript:__canary('js-url')`"));
}

#[test]
fn code_spans_outlast_backticks_and_keep_their_spaces() {
    let md = to_markdown(
        &Report { reruns: vec!["a ``` b".into(), "`x`".into(), " ".into()], ..Default::default() },
        &text(),
    );
    assert!(md.contains("- ````a ``` b````"), "{md}");
    assert!(md.contains("- `` `x` ``"), "{md}");
    assert!(md.contains("- ` `"), "{md}");
}

#[test]
fn the_report_states_the_verification() {
    let mut r = Report { migration_id: 12, source_counted: true, ..Default::default() };
    r.entities.push(ReportEntity {
        kind: "Project".into(),
        source_path: "acme/platform/worker".into(),
        destination_path: "migrated/acme/platform/worker".into(),
        status: "Partially completed".into(),
        status_key: "partial".into(),
        rows: vec![
            row(Some(Count::Exact(22)), stats(22, 22, 19), Some(Count::Exact(19)), 3),
            VerifyRow {
                relation: "issues".into(),
                ..row(Some(Count::Exact(40)), stats(40, 40, 40), Some(Count::Exact(40)), 0)
            },
        ],
        failure_groups: group(&vec![failure("merge_requests", "ActiveRecord::RecordInvalid"); 3]),
    });
    r.summary = summarize(&r.entities[0].rows);
    let md = to_markdown(&r, &text());
    assert!(
        md.contains("| `merge_requests` | 22 | 22 | 22 | 19 | 19 | −3 missing (explained by failures: 3) |"),
        "{md}"
    );
    assert!(md.contains("| `issues` | 40 | 40 | 40 | 40 | 40 | ✔ OK |"), "{md}");
    assert!(md.contains("| `merge_requests` | `ActiveRecord::RecordInvalid` | 3 | `Validation failed` |"), "{md}");
    assert!(md.contains("- Rows that differ: 1"));
    let html = to_html(&r, &text());
    assert!(html.contains("<td class=\"bad\">−3 missing (explained by failures: 3)</td>"), "{html}");
    assert!(html.contains("<td class=\"ok\">✔ OK</td>"));
}

#[test]
fn the_page_lists_unexplained_differences_first_then_explained_then_unknown_then_matches() {
    use Count::*;
    let matching = vec![row(Some(Exact(5)), stats(5, 5, 5), Some(Exact(5)), 0)];
    let explained = vec![row(Some(Exact(22)), stats(22, 22, 19), Some(Exact(19)), 3)];
    let unexplained = vec![
        row(Some(Exact(5)), stats(5, 5, 5), Some(Exact(5)), 0),
        row(Some(Exact(22)), stats(22, 22, 19), Some(Exact(19)), 1),
    ];
    let unknown = vec![row(None, None, None, 0)];
    let extra = vec![row(None, stats(5, 5, 5), Some(Exact(7)), 0)];
    assert_eq!(rank(&unexplained), 0);
    assert_eq!(rank(&extra), 0);
    assert_eq!(rank(&explained), 1);
    assert_eq!(rank(&unknown), 2);
    assert_eq!(rank(&matching), 3);
    assert_eq!(rank(&[]), 3, "no rows: nothing to look at");
    let entities = [&matching, &unknown, &explained, &matching, &unexplained, &extra];
    // Each rank keeps the migration's order.
    assert_eq!(display_order(entities.iter().map(|r| r.as_slice())), vec![4, 5, 2, 1, 0, 3]);
}
