//! The migration report (HTML and Markdown): only its own markup whatever the server's strings, and what it
//! states about the verification.

#![cfg(not(target_arch = "wasm32"))]

use migration_console::api::{EntityFailure, RelationStats};
use migration_console::logic::failures::group;
use migration_console::logic::report::{to_html, to_markdown, AfterCopyRow, Report, ReportEntity, ReportText};
use migration_console::logic::verify::*;

fn stats(source: u64, fetched: u64, imported: u64) -> Option<RelationStats> {
    Some(RelationStats { source: Some(source), fetched: Some(fetched), imported: Some(imported) })
}

fn row(source: Option<Count>, st: Option<RelationStats>, destination: Option<Count>, failures: u64) -> VerifyRow {
    VerifyRow { relation: "merge_requests".into(), source, stats: st, destination, failures }
}

fn failure(relation: &str, class: &str) -> EntityFailure {
    EntityFailure {
        relation: Some(relation.into()),
        exception_class: Some(class.into()),
        exception_message: Some("Validation failed".into()),
        ..Default::default()
    }
}

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
        after_copy: w("After the copy"),
        after_kind: w("Kind"),
        after_copied: w("Copied"),
        after_needs_person: w("Needs a person"),
        after_same: w("The same"),
        after_cannot_move: w("Cannot move"),
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
        after_copy: vec![AfterCopyRow {
            kind: "CI/CD variables".into(),
            copied: 3,
            needs_person: 1,
            same: 2,
            cannot_move: 0,
        }],
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
        assert!(matches!(cells, 3 | 5 | 6 | 8), "{cells} pipes in {line}");
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
fn a_report_of_complete_the_move_counts_per_kind_and_leaves_the_verification_out() {
    let r = Report {
        migration_id: 4,
        after_copy: vec![
            AfterCopyRow { kind: "Webhooks".into(), copied: 2, needs_person: 1, same: 0, cannot_move: 0 },
            AfterCopyRow { kind: "Packages".into(), copied: 0, needs_person: 0, same: 0, cannot_move: 4 },
        ],
        ..Default::default()
    };
    let t = ReportText { after_copy: "After the copy".into(), summary: "Summary".into(), ..text() };
    let md = to_markdown(&r, &t);
    assert!(md.contains("### After the copy") && md.contains("| Webhooks | 2 | 1 | 0 | 0 |"), "{md}");
    assert!(md.contains("| Packages | 0 | 0 | 0 | 4 |"), "{md}");
    assert!(!md.contains("### Summary"), "no verification summary without a verification: {md}");
    let html = to_html(&r, &t);
    assert!(html.contains("<h2>After the copy</h2>") && html.contains("<td class=\"n\">4</td>"), "{html}");
    // With a verification, both.
    assert!(to_markdown(&hostile_report(), &t).contains("### After the copy"));
}
