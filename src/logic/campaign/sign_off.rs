//! The campaign's report for its sign-off issue (#27): Markdown with one row per started wave (what it sent,
//! its migrations, where its entities are) and what is left. Server and user strings go through the report's
//! code spans (`report::markdown::code`): nothing in them renders as a link, a mention or HTML.

use super::board::State;
use super::plan_io::Plan;
use crate::logic::report::markdown_code as code;

/// One started wave's entities by state: done, running, failed, pending.
pub type WaveCounts = [usize; 4];

pub fn count(states: impl IntoIterator<Item = State>) -> WaveCounts {
    let mut c = [0; 4];
    for s in states {
        let i = match s {
            State::Done => 0,
            State::Running => 1,
            State::Failed => 2,
            State::Pending => 3,
        };
        c[i] += 1;
    }
    c
}

/// The description (English, like the plan's commit messages: the repository's record).
pub fn markdown(plan: &Plan, file: &str, waves: &[WaveCounts]) -> String {
    let mut m = String::from("## Migration campaign sign-off\n\n");
    m.push_str(&format!("- Plan: {}\n", code(file, false)));
    m.push_str(&format!("- Source: {}\n", code(&plan.source_url, false)));
    m.push_str(&format!("- Destination group: {}\n\n", code(&plan.destination_namespace, false)));
    m.push_str("| Wave | Groups and projects | Migrations | Done | Running | Failed | Pending |\n");
    m.push_str("|---|---|---|---|---|---|---|\n");
    let (mut done, mut failed) = (0, 0);
    for (n, w) in plan.started.iter().enumerate() {
        let c = waves.get(n).copied().unwrap_or_default();
        done += c[0];
        failed += c[2];
        // No "#7": GitLab would link the issue 7 of this project.
        let ids: Vec<String> = w.migrations.iter().map(|id| format!("migration {id}")).collect();
        m.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            n + 1,
            w.paths.len(),
            ids.join(", "),
            c[0],
            c[1],
            c[2],
            c[3]
        ));
    }
    let remaining = plan.remaining().len();
    m.push_str(&format!(
        "\n{} waves started: {done} entities done, {failed} failed. {remaining} groups and projects not started yet.\n",
        plan.started.len()
    ));
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::campaign::plan_io::StartedWave;
    use crate::logic::campaign::{Kind, PlanItem};

    #[test]
    fn the_report_has_a_row_per_wave_and_defuses_server_text() {
        let plan = Plan {
            source_url: "https://src.example/@admin".into(),
            destination_namespace: "migrated".into(),
            items: vec![PlanItem::new(Kind::Project, "a/b"), PlanItem::new(Kind::Project, "a/c")],
            started: vec![StartedWave { paths: vec!["a/b".into()], migrations: vec![7], ..StartedWave::default() }],
            ..Plan::default()
        };
        let md = markdown(&plan, "migrated/plan/migration-campaign.json", &[count([State::Done, State::Failed])]);
        assert!(md.contains("| 1 | 1 | migration 7 | 1 | 0 | 1 | 0 |"), "{md}");
        assert!(md.contains("`https://src.example/@admin`"));
        assert!(md.contains("1 groups and projects not started yet"));
        assert!(!md.contains("#7"));
    }
}
