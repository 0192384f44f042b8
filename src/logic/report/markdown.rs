//! The report as Markdown for a GitLab issue (sign-off). Every server string goes into a code span: GitLab
//! renders no link, HTML, reference (`#1`, `!2`, `@user`) or emoji inside one. Line breaks and bidi controls
//! become spaces, and `|` is escaped inside tables (GitLab Flavored Markdown splits cells before code spans).

use super::{clip, number_cells, verdict_text, Report, ReportText};

/// Untrusted text as an inline code span that nothing can break out of.
pub fn code(s: &str, in_table: bool) -> String {
    let flat: String = clip(s).chars().map(|c| if c.is_control() || is_bidi_control(c) { ' ' } else { c }).collect();
    let flat = if in_table { flat.replace('|', "\\|") } else { flat };
    if flat.trim().is_empty() {
        return "` `".into();
    }
    // A fence longer than any run of backticks inside; padded when the text starts or ends with one.
    let longest = flat.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') || flat.starts_with(' ') { " " } else { "" };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Our own words (translations): trusted, but still free of table pipes and line breaks.
fn word(s: &str) -> String {
    s.replace(['\n', '\r'], " ").replace('|', "\\|")
}

pub fn to_markdown(report: &Report, t: &ReportText) -> String {
    let mut m = String::new();
    // No "#7": GitLab would link issue 7 of the project the report is pasted in.
    m.push_str(&format!("## {} {}\n\n", word(&t.title), report.migration_id));
    m.push_str(&format!("| {} | |\n|---|---|\n", word(&t.instances)));
    let mut fact = |label: &str, value: String| m.push_str(&format!("| {} | {value} |\n", word(label)));
    fact(&t.destination, code(&report.destination, true));
    fact(&t.source, report.source.as_deref().map(|s| code(s, true)).unwrap_or_else(|| "—".into()));
    fact(&t.started_by, code(&report.started_by, true));
    fact(&t.status, code(&report.status, true));
    fact(&t.created, code(&report.created, true));
    fact(&t.updated, code(&report.updated, true));
    fact(&t.duration, code(&report.duration, true));
    fact(&t.generated, code(&report.generated, true));

    if report.has_verification() {
        let s = report.summary;
        m.push_str(&format!("\n### {}\n\n", word(&t.summary)));
        m.push_str(&format!("- {}: {}\n", word(&t.entities), report.entities.len()));
        m.push_str(&format!("- {}: {}\n", word(&t.rows_matching), s.matching));
        m.push_str(&format!("- {}: {}\n", word(&t.rows_differing), s.differing));
        m.push_str(&format!("- {}: {}\n", word(&t.unexplained), s.unexplained));
        if !report.source_counted {
            m.push_str(&format!("\n_{}_\n", word(&t.source_not_connected)));
        }

        m.push_str(&format!("\n### {}\n", word(&t.entities)));
        for e in &report.entities {
            m.push_str(&format!(
                "\n#### {} {} → {} ({})\n\n",
                word(&e.kind),
                code(&e.source_path, false),
                code(&e.destination_path, false),
                code(&e.status, false)
            ));
            let heads = [
                &t.relation,
                &t.source_count,
                &t.stats_source,
                &t.fetched,
                &t.imported,
                &t.destination_count,
                &t.result,
            ];
            m.push_str(&format!("| {} |\n", heads.map(|h| word(h)).join(" | ")));
            m.push_str("|---|---:|---:|---:|---:|---:|---|\n");
            for row in &e.rows {
                let cells = number_cells(row, report, t).map(|c| word(&c));
                m.push_str(&format!(
                    "| {} | {} | {} |\n",
                    code(&row.relation, true),
                    cells.join(" | "),
                    word(&verdict_text(row, t))
                ));
            }
            if e.failure_groups.is_empty() {
                m.push_str(&format!("\n{}\n", word(&t.no_failures)));
            } else {
                m.push_str(&format!("\n**{}**\n\n", word(&t.failures)));
                m.push_str(&format!(
                    "| {} | {} | {} | {} |\n|---|---|---:|---|\n",
                    word(&t.relation),
                    word(&t.exception_class),
                    word(&t.count),
                    word(&t.example)
                ));
                for g in &e.failure_groups {
                    m.push_str(&format!(
                        "| {} | {} | {} | {} |\n",
                        code(&g.relation, true),
                        code(&g.exception_class, true),
                        g.count,
                        code(&g.example, true)
                    ));
                }
            }
        }
    }
    if !report.after_copy.is_empty() {
        m.push_str(&format!("\n### {}\n\n", word(&t.after_copy)));
        let heads = [&t.after_kind, &t.after_copied, &t.after_needs_person, &t.after_same, &t.after_cannot_move];
        m.push_str(&format!("| {} |\n|---|---:|---:|---:|---:|\n", heads.map(|h| word(h)).join(" | ")));
        for r in &report.after_copy {
            let n = [r.copied, r.needs_person, r.same, r.cannot_move].map(|n| n.to_string());
            m.push_str(&format!("| {} | {} |\n", word(&r.kind), n.join(" | ")));
        }
    }
    m.push_str(&format!("\n### {}\n\n", word(&t.reruns)));
    if report.reruns.is_empty() {
        m.push_str(&format!("{}\n", word(&t.no_reruns)));
    } else {
        for r in &report.reruns {
            m.push_str(&format!("- {}\n", code(r, false)));
        }
    }
    m
}
