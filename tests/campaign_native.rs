//! Native tests of campaign planning (#18): the estimate from GitLab's per-object timings and 5 workers, its
//! re-fit from finished migrations, wave splitting (groups stay with their projects, the target holds), flags,
//! the plan file (CSV and JSON round trips, bad files refused with a reason), and the board's figures.
#![cfg(not(target_arch = "wasm32"))]

use migration_console::logic::campaign::board::{self, State};
use migration_console::logic::campaign::estimate::*;
use migration_console::logic::campaign::flags::{self, Flag};
use migration_console::logic::campaign::plan_io::*;
use migration_console::logic::campaign::waves::*;
use migration_console::logic::campaign::{duration_text, size_text, Kind, PlanItem};

fn project(path: &str, issues: u64, mrs: u64, wiki: bool) -> PlanItem {
    PlanItem {
        issues,
        merge_requests: mrs,
        wiki_size: if wiki { 1024 } else { 0 },
        repository_size: 5 << 20,
        read: true,
        ..PlanItem::new(Kind::Project, path)
    }
}

fn group(path: &str) -> PlanItem {
    PlanItem { read: true, ..PlanItem::new(Kind::Group, path) }
}

/// `groups` groups of `per` projects each, then `loose` projects without a group.
fn fleet(groups: usize, per: usize, loose: usize) -> Vec<PlanItem> {
    let mut items = Vec::new();
    for g in 0..groups {
        items.push(group(&format!("fleet-{g:02}")));
        for p in 0..per {
            items.push(project(&format!("fleet-{g:02}/svc-{p:03}"), 50 + p as u64, 10 + (p % 7) as u64, p % 2 == 0));
        }
    }
    for p in 0..loose {
        items.push(project(&format!("loose/p-{p:03}"), 20, 5, false));
    }
    items
}

#[test]
fn a_project_costs_what_gitlabs_published_timings_say() {
    let a = Assumptions::default();
    // 2.4 own + repository 20 + wiki 10 + 30 merge requests at 1 + 100 issues at 0.1.
    assert!((item_seconds(&project("a/b", 100, 30, true), &a) - 72.4).abs() < 1e-9);
    assert!((item_seconds(&project("a/c", 0, 0, false), &a) - 22.4).abs() < 1e-9);
    assert!((item_seconds(&group("a"), &a) - 5.0).abs() < 1e-9);
    let slow = Assumptions { speed_factor: 2.0, ..a.clone() };
    assert!((item_seconds(&project("a/b", 100, 30, true), &slow) - 144.8).abs() < 1e-9);
}

#[test]
fn five_workers_share_a_wave() {
    // Ten equal entities on five workers: two rounds.
    assert!((makespan(vec![10.0; 10], 5) - 20.0).abs() < 1e-9);
    // One long entity bounds the wave however many workers there are.
    assert!((makespan(vec![100.0, 1.0, 1.0], 5) - 100.0).abs() < 1e-9);
    assert_eq!(makespan(vec![], 5), 0.0);
    // Zero workers typed by the user is one worker, not a division by zero.
    let weird = Assumptions { concurrency: 0, speed_factor: f64::NAN, issue_s: -3.0, ..Assumptions::default() };
    let s = weird.sanitized();
    assert_eq!((s.concurrency, s.speed_factor, s.issue_s), (1, 1.0, 0.0));
}

#[test]
fn the_speed_is_refitted_from_finished_migrations() {
    let a = Assumptions::default();
    let sample = |issues, mrs, seconds| Finished { item: project("x/y", issues, mrs, false), seconds };
    // Model: 22.4 + 10 + 10 = 42.4 s each; measured twice that.
    let finished = vec![sample(100, 10, 84.8), sample(100, 10, 84.8), sample(100, 10, 84.8)];
    let (factor, n) = refit(&finished, &a).expect("three samples");
    assert_eq!(n, 3);
    assert!((factor - 2.0).abs() < 1e-9);
    assert_eq!(refit(&finished[..2], &a), None, "too few to say");
    let groups_only = vec![Finished { item: group("g"), seconds: 50.0 }; 5];
    assert_eq!(refit(&groups_only, &a), None);
}

#[test]
fn a_group_stays_in_one_wave_with_its_projects() {
    let items = fleet(6, 40, 30);
    let waves = split(&items, Target::Projects(100), &Assumptions::default());
    assert!(waves.len() >= 3, "{}", waves.len());
    for w in &waves {
        assert!(w.projects <= 100, "target respected: {}", w.projects);
        for &i in &w.items {
            if let Some((g, _)) = items[i].path.split_once('/') {
                let gi = items.iter().position(|x| x.path == g);
                if let Some(gi) = gi {
                    assert!(w.items.contains(&gi), "{} left its group", items[i].path);
                }
            }
        }
    }
    // Every item is in exactly one wave; only groups and loose projects are sent.
    let mut all: Vec<usize> = waves.iter().flat_map(|w| w.items.clone()).collect();
    all.sort();
    assert_eq!(all, (0..items.len()).collect::<Vec<_>>());
    let heads: usize = waves.iter().map(|w| w.heads.len()).sum();
    assert_eq!(heads, 6 + 30);
}

#[test]
fn a_duration_target_holds_and_an_oversized_group_gets_a_wave_of_its_own() {
    let items = fleet(4, 40, 10);
    let a = Assumptions::default();
    let target = 1800;
    let waves = split(&items, Target::Seconds(target), &a);
    for w in &waves {
        assert!(w.seconds <= target as f64 || (w.over_target && w.heads.len() == 1), "{w:?}");
    }
    let total = total_seconds(&waves);
    assert!((total - waves.iter().map(|w| w.seconds).sum::<f64>()).abs() < 1e-9);
    // A group larger than the target is never split.
    let tiny = split(&items, Target::Projects(5), &a);
    let group_waves: Vec<_> = tiny.iter().filter(|w| w.over_target).collect();
    assert_eq!(group_waves.len(), 4);
    assert!(group_waves.iter().all(|w| w.projects == 40 && w.heads.len() == 1));
}

#[test]
fn nested_groups_go_with_the_top_most_selected_one() {
    let items = vec![group("a"), group("a/b"), project("a/b/c", 1, 1, false), project("ab/d", 1, 1, false)];
    let u = units(&items);
    assert_eq!(u.len(), 2, "`ab/d` is not under `a`");
    assert_eq!(u[0].members.len(), 3);
}

#[test]
fn replanning_two_thousand_projects_places_every_item_once() {
    // Its speed is a bench figure (README: Performance), not a timed test.
    let items = fleet(50, 40, 0);
    let a = Assumptions::default();
    for n in 0..5 {
        let waves = split(&items, Target::Seconds(3600 + n * 60), &a);
        let mut placed: Vec<usize> = waves.iter().flat_map(|w| w.items.iter().copied()).collect();
        placed.sort_unstable();
        assert_eq!(placed, (0..items.len()).collect::<Vec<_>>(), "every item in exactly one wave");
    }
}

#[test]
fn units_made_once_give_the_same_waves_for_every_target() {
    // The page sorts the selection into units once and re-plans from them at every keystroke.
    let items = fleet(12, 9, 30);
    let a = Assumptions::default();
    let u = units(&items);
    for target in [Target::Projects(1), Target::Projects(25), Target::Projects(500), Target::Seconds(1800)] {
        assert_eq!(split_units(&items, &u, target, &a), split(&items, target, &a), "{target:?}");
    }
}

#[test]
fn a_group_keeps_its_projects_when_a_sibling_name_sorts_between_them() {
    // Byte-wise "platform-tools" sorts between "platform" and "platform/api": the project must stay with its group.
    let items = vec![
        group("platform"),
        group("platform-tools"),
        project("platform-tools/x", 1, 1, false),
        project("platform/api", 1, 1, false),
    ];
    let u = units(&items);
    assert_eq!(u.len(), 2, "two groups, each with its project");
    let platform = u.iter().find(|u| u.head == 0).expect("platform leads a unit");
    assert_eq!(platform.members.len(), 2, "platform/api goes with platform, not on its own");
}

#[test]
fn flags_say_what_direct_transfer_may_struggle_with() {
    let a = Assumptions::default();
    let mut huge = project("g/huge", 1, 1, false);
    huge.repository_size = 11 << 30;
    let mut personal = project("olivia/scratch", 1, 1, false);
    personal.personal = true;
    let mut archived = project("g/old", 1, 1, false);
    archived.archived = true;
    let long = project("g/long", 0, 30_000, false);
    assert_eq!(flags::flags_of(&huge, &a), vec![Flag::HugeRepository]);
    assert_eq!(flags::flags_of(&personal, &a), vec![Flag::PersonalNamespace]);
    assert_eq!(flags::flags_of(&archived, &a), vec![Flag::Archived]);
    assert_eq!(flags::flags_of(&long, &a), vec![Flag::NearTimeout]);
    assert!(flags::flags_of(&project("g/ok", 10, 10, true), &a).is_empty());
    let counts = flags::counts(&[huge, personal, archived, long], &a);
    assert!(counts.iter().all(|(_, n)| *n == 1));
}

#[test]
fn the_plan_round_trips_as_json_and_csv() {
    let items = fleet(2, 3, 2);
    let plan = Plan {
        source_url: "https://source.example".into(),
        destination_namespace: "migrated".into(),
        target: Target::Seconds(7200),
        items: items.clone(),
        started: vec![StartedWave {
            paths: vec!["fleet-00".into()],
            migrations: vec![7],
            started_ms: 5,
            estimate_s: 9.0,
            ..StartedWave::default()
        }],
        ..Plan::default()
    };
    let json = to_json(&plan);
    assert!(!json.to_lowercase().contains("token"));
    assert_eq!(from_json(&json), Ok(plan.clone()));
    assert_eq!(plan.remaining().len(), items.len() - 1);

    let waves = split(&items, Target::Projects(3), &Assumptions::default());
    let csv = to_csv(&items, &waves);
    assert!(csv.starts_with("wave,kind,path,repository_size"));
    assert_eq!(csv.lines().count(), items.len() + 1);
    assert_eq!(from_csv(&csv), Ok(items));
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    assert_eq!(from_json(""), Err(PlanError::Empty));
    assert_eq!(from_json("<html>nope</html>"), Err(PlanError::NotAPlan));
    assert_eq!(from_json("[1,2]"), Err(PlanError::NotAPlan));
    assert_eq!(from_json(r#"{"version": 9, "items": []}"#), Err(PlanError::UnknownVersion(9)));
    assert_eq!(from_json(r#"{"items": []}"#), Err(PlanError::NotAPlan));
    assert_eq!(
        from_json(r#"{"version": 1, "items": [], "source": {"access_token": "glpat-x"}}"#),
        Err(PlanError::HasToken)
    );
    assert_eq!(
        from_json(r#"{"version": 1, "items": [{"kind": "project", "path": "javascript:alert(1)"}]}"#),
        Err(PlanError::BadPath { row: 1 })
    );
    assert_eq!(
        from_json(
            r#"{"version": 1, "items": [{"kind": "project", "path": "a/b"}, {"kind": "project", "path": "A/B"}]}"#
        ),
        Err(PlanError::Duplicate { row: 2 })
    );
    assert_eq!(from_csv("name,size\nx,1\n"), Err(PlanError::MissingColumn("kind")));
    assert_eq!(from_csv("kind,path\nrepo,a/b\n"), Err(PlanError::BadValue { row: 1, column: "kind" }));
    assert_eq!(from_csv("kind,path,issues\nproject,a/b,many\n"), Err(PlanError::BadValue { row: 1, column: "issues" }));
    assert_eq!(from_csv("kind,path\n"), Err(PlanError::Empty));
    assert_eq!(from_csv("kind,path,token\nproject,a/b,x\n"), Err(PlanError::HasToken));
    assert_eq!(from_csv("kind,path\nproject,=cmd()\n"), Err(PlanError::BadPath { row: 1 }));
    let ok = from_csv("\u{feff}kind,path\ngroup,a\nproject,a/b\n").expect("minimal CSV");
    assert_eq!(ok.len(), 2);
}

#[test]
fn the_board_recomputes_the_finish_from_the_throughput_so_far() {
    let items: Vec<(String, f64)> = (0..4).map(|n| (format!("g/p{n}"), 100.0)).collect();
    let start = 1_000_000;
    // Nothing finished: the estimate stands.
    let p = board::progress(&items, 200.0, &[("g/p0".into(), State::Running)], start, start + 50_000, None);
    assert_eq!((p.total, p.running, p.finish_ms), (4, 1, start + 200_000));
    // Half the work ended in 300 s: the whole takes 600 s.
    let entities = vec![
        ("g/p0".to_string(), State::Done),
        ("g/p1".to_string(), State::Failed),
        ("g/p2".to_string(), State::Running),
        ("g/p3".to_string(), State::Pending),
    ];
    let p = board::progress(&items, 200.0, &entities, start, start + 300_000, None);
    assert_eq!((p.done, p.failed, p.running, p.pending), (1, 1, 1, 1));
    assert_eq!(p.finish_ms, start + 600_000);
    assert!(!p.finished);
    let all_done: Vec<_> = items.iter().map(|(p, _)| (p.clone(), State::Done)).collect();
    assert!(board::progress(&items, 200.0, &all_done, start, start + 10_000, None).finished);
}

#[test]
fn a_finished_wave_keeps_the_time_gitlab_took_not_the_browsers_clock_since_the_start() {
    let items: Vec<(String, f64)> = (0..2).map(|n| (format!("g/p{n}"), 100.0)).collect();
    let entity = |path: &str, created: i64, updated: i64| board::WaveEntity {
        migration: 7,
        path: path.into(),
        state: State::Done,
        created_ms: Some(created),
        updated_ms: Some(updated),
    };
    let wave = [entity("g/p0", 5_000, 65_000), entity("g/p1", 6_000, 125_000)];
    let span = board::server_span_s(&wave);
    assert_eq!(span, Some(120.0), "first created to last update");
    let done: Vec<_> = wave.iter().map(|e| (e.path.clone(), e.state)).collect();
    // Looked at a day later: still 2 minutes.
    let p = board::progress(&items, 200.0, &done, 0, 86_400_000, span);
    assert!(p.finished);
    assert_eq!(p.elapsed_s, 120.0);
    // Without GitLab's times, the browser's clock is all there is.
    assert_eq!(board::progress(&items, 200.0, &done, 0, 30_000, None).elapsed_s, 30.0);
    assert_eq!(board::server_span_s(&[]), None);
}

#[test]
fn numbers_read_well() {
    assert_eq!(duration_text(40.0), "40 s");
    assert_eq!(duration_text(61.0), "2 min");
    assert_eq!(duration_text(3.0 * 3600.0 + 300.0), "3 h 05 min");
    assert_eq!(duration_text(3.0 * 86_400.0 + 7200.0), "3 d 2 h");
    assert_eq!(duration_text(f64::NAN), "0 s");
    assert_eq!(size_text(512), "512 B");
    assert_eq!(size_text(11 << 30), "11.0 GiB");
}
