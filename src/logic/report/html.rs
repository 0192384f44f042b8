//! The report as one self-contained HTML file: no script (a Content-Security-Policy forbids any), inline CSS,
//! light and dark through `prefers-color-scheme`, print-friendly. Every server string is HTML-escaped.

use super::{clip, number_cells, verdict_text, Report, ReportText};
use crate::logic::instance_url::safe_link;
use crate::logic::verify::Verdict;

/// Escapes the five characters that matter in text and in quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Untrusted text: clipped, escaped, isolated from the text around it (bidi overrides stay inside).
fn text(s: &str) -> String {
    format!("<bdi>{}</bdi>", escape(&clip(s)))
}

/// A link only for http(s) URLs; anything else is text.
fn link(url: &str) -> String {
    match safe_link(url) {
        Some(u) => format!("<a href=\"{}\" rel=\"noreferrer\">{}</a>", escape(u), text(u)),
        None => text(url),
    }
}

const STYLE: &str = "
:root{color-scheme:light dark;--fg:#1f1e24;--bg:#fff;--muted:#626168;--line:#dcdcde;--ok:#108548;--bad:#c91c00;--head:#f6f6f7}
@media (prefers-color-scheme:dark){:root{--fg:#ececef;--bg:#18171d;--muted:#a4a3a8;--line:#434248;--ok:#52b87a;--bad:#f57f6c;--head:#232228}}
body{font:14px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:2rem auto;max-width:72rem;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem;margin:1.5rem 0 .5rem;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--head)}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:var(--ok)}.bad{color:var(--bad);font-weight:600}.muted{color:var(--muted)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
@media print{body{margin:0;max-width:none;color:#000;background:#fff}section{break-inside:avoid}th{background:#eee}a{color:#000}}
";

pub fn to_html(report: &Report, t: &ReportText) -> String {
    let mut h = String::new();
    let title = format!("{} #{}", t.title, report.migration_id);
    h.push_str("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
    h.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
    );
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.push_str(&format!("<title>{}</title><style>{STYLE}</style></head><body>\n", escape(&title)));
    h.push_str(&format!("<h1>{}</h1>\n<dl>", escape(&title)));
    let mut fact = |label: &str, value: String| h.push_str(&format!("<dt>{}</dt><dd>{value}</dd>", escape(label)));
    fact(&t.destination, link(&report.destination));
    fact(&t.source, report.source.as_deref().map(link).unwrap_or_else(|| "—".into()));
    fact(&t.started_by, text(&report.started_by));
    fact(&t.status, text(&report.status));
    fact(&t.created, text(&report.created));
    fact(&t.updated, text(&report.updated));
    fact(&t.duration, text(&report.duration));
    fact(&t.generated, text(&report.generated));
    h.push_str("</dl>\n");

    if report.has_verification() {
        let s = report.summary;
        h.push_str(&format!("<h2>{}</h2><ul>", escape(&t.summary)));
        h.push_str(&format!("<li>{}: {}</li>", escape(&t.entities), report.entities.len()));
        h.push_str(&format!("<li class=\"ok\">{}: {}</li>", escape(&t.rows_matching), s.matching));
        let bad = if s.differing > 0 { " class=\"bad\"" } else { "" };
        h.push_str(&format!("<li{bad}>{}: {}</li>", escape(&t.rows_differing), s.differing));
        h.push_str(&format!("<li>{}: {}</li></ul>\n", escape(&t.unexplained), s.unexplained));
        if !report.source_counted {
            h.push_str(&format!("<p class=\"muted\">{}</p>\n", escape(&t.source_not_connected)));
        }

        h.push_str(&format!("<h2>{}</h2>\n", escape(&t.entities)));
        for e in &report.entities {
            h.push_str("<section>");
            h.push_str(&format!(
                "<h3>{} {} → {} <span class=\"muted\">({})</span></h3>",
                escape(&e.kind),
                text(&e.source_path),
                text(&e.destination_path),
                text(&e.status)
            ));
            h.push_str("<table><thead><tr>");
            for head in [
                &t.relation,
                &t.source_count,
                &t.stats_source,
                &t.fetched,
                &t.imported,
                &t.destination_count,
                &t.result,
            ] {
                h.push_str(&format!("<th scope=\"col\">{}</th>", escape(head)));
            }
            h.push_str("</tr></thead><tbody>");
            for row in &e.rows {
                let class = match row.verdict() {
                    Verdict::Match => "ok",
                    Verdict::Unknown => "muted",
                    _ => "bad",
                };
                h.push_str(&format!("<tr><th scope=\"row\">{}</th>", text(&row.relation)));
                for cell in number_cells(row, report, t) {
                    h.push_str(&format!("<td class=\"n\">{}</td>", escape(&cell)));
                }
                h.push_str(&format!("<td class=\"{class}\">{}</td></tr>", escape(&verdict_text(row, t))));
            }
            h.push_str("</tbody></table>");
            if e.failure_groups.is_empty() {
                h.push_str(&format!("<p class=\"muted\">{}</p>", escape(&t.no_failures)));
            } else {
                h.push_str(&format!("<table><caption>{}</caption><thead><tr>", escape(&t.failures)));
                for head in [&t.relation, &t.exception_class, &t.count, &t.example] {
                    h.push_str(&format!("<th scope=\"col\">{}</th>", escape(head)));
                }
                h.push_str("</tr></thead><tbody>");
                for g in &e.failure_groups {
                    h.push_str(&format!(
                        "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                        text(&g.relation),
                        text(&g.exception_class),
                        g.count,
                        text(&g.example)
                    ));
                }
                h.push_str("</tbody></table>");
            }
            h.push_str("</section>\n");
        }
    }

    if !report.after_copy.is_empty() {
        h.push_str(&format!("<h2>{}</h2><table><thead><tr>", escape(&t.after_copy)));
        for head in [&t.after_kind, &t.after_copied, &t.after_needs_person, &t.after_same, &t.after_cannot_move] {
            h.push_str(&format!("<th scope=\"col\">{}</th>", escape(head)));
        }
        h.push_str("</tr></thead><tbody>");
        for r in &report.after_copy {
            h.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(&r.kind)));
            for n in [r.copied, r.needs_person, r.same, r.cannot_move] {
                h.push_str(&format!("<td class=\"n\">{n}</td>"));
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>\n");
    }

    h.push_str(&format!("<h2>{}</h2>", escape(&t.reruns)));
    if report.reruns.is_empty() {
        h.push_str(&format!("<p class=\"muted\">{}</p>", escape(&t.no_reruns)));
    } else {
        h.push_str("<ul>");
        for r in &report.reruns {
            h.push_str(&format!("<li>{}</li>", text(r)));
        }
        h.push_str("</ul>");
    }
    h.push_str("\n</body></html>\n");
    h
}
