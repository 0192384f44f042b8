//! A conflict at every write the campaign board makes to the plan in GitLab (#27): creating the file, recording a
//! wave before its first request, adding a migration id, completing the wave, and a reconciliation that found a
//! lost migration. Between this tab's read and its write a co-owner commits one of their own changes; the write is
//! refused, the file read again and merged (`merge`), the merge written. No change is ever lost: every migration
//! id either side recorded is in the file afterwards, the co-owner's change always, mine unless it is said as not
//! applied (then nothing of it had been sent). The sign-off writes no plan (it posts an issue), so it has no
//! conflict to meet. `Repo` is GitLab's Files API (`last_commit_id`); `Tab::save` mirrors
//! `data::plan_store::save`; the steps are the board's own (`logic::campaign::steps`).

use migration_console::logic::campaign::merge::{merge, NotMerged};
use migration_console::logic::campaign::plan_io::{Plan, StartedWave, Starter};
use migration_console::logic::campaign::steps;
use migration_console::logic::campaign::waves::Target;
use migration_console::logic::campaign::{Kind, PlanItem};
use std::collections::BTreeSet;

/// The file on the default branch and its last commit.
#[derive(Default)]
struct Repo {
    plan: Option<Plan>,
    commit: u32,
}

impl Repo {
    /// GitLab refuses a write that names another commit than the file's last, and a create of a file that exists.
    fn write(&mut self, plan: &Plan, last: Option<u32>) -> Result<u32, &'static str> {
        match (&self.plan, last) {
            (None, None) => {}
            (Some(_), Some(c)) if c == self.commit => {}
            (Some(_), None) => return Err("already exists"),
            _ => return Err("file changed"),
        }
        self.commit += 1;
        self.plan = Some(plan.clone());
        Ok(self.commit)
    }
}

/// One browser tab: its plan and the version of the file it last read or wrote.
#[derive(Clone)]
struct Tab {
    plan: Plan,
    synced: Option<(Plan, u32)>,
}

impl Tab {
    fn local(plan: Plan) -> Tab {
        Tab { plan, synced: None }
    }

    fn open(repo: &Repo) -> Tab {
        let plan = repo.plan.clone().expect("a file");
        Tab { plan: plan.clone(), synced: Some((plan, repo.commit)) }
    }

    /// Write over what was read; refused: read again, merge, write the merge (if it differs from theirs).
    fn save(&mut self, repo: &mut Repo) -> Vec<NotMerged> {
        let last = self.synced.as_ref().map(|s| s.1);
        if let Ok(c) = repo.write(&self.plan, last) {
            self.synced = Some((self.plan.clone(), c));
            return vec![];
        }
        let base = self.synced.as_ref().map(|s| s.0.clone()).unwrap_or_default();
        let theirs = repo.plan.clone().expect("refused: the file exists");
        let m = merge(&base, &self.plan, &theirs);
        let commit = if m.plan == theirs { repo.commit } else { repo.write(&m.plan, Some(repo.commit)).unwrap() };
        self.plan = m.plan.clone();
        self.synced = Some((m.plan, commit));
        m.not_merged
    }
}

fn fleet() -> Vec<PlanItem> {
    let mut items = Vec::new();
    for g in 1..=4 {
        items.push(PlanItem::new(Kind::Group, &format!("fleet-{g}")));
        for p in 1..=3 {
            items.push(PlanItem::new(Kind::Project, &format!("fleet-{g}/svc-{p}")));
        }
    }
    items
}

fn paths_of(group: u32) -> Vec<String> {
    let mut out = vec![format!("fleet-{group}")];
    out.extend((1..=3).map(|p| format!("fleet-{group}/svc-{p}")));
    out
}

fn wave(ms: i64, group: u32, by: &str) -> StartedWave {
    StartedWave {
        paths: paths_of(group),
        started_ms: ms,
        sending: true,
        destinations: vec![format!("migrated/fleet-{group}")],
        started_by: Some(Starter { username: by.into(), name: by.into() }),
        ..StartedWave::default()
    }
}

fn base_plan() -> Plan {
    Plan { items: fleet(), destination_namespace: "migrated".into(), ..Plan::default() }
}

/// What the co-owner (Sam) commits between my read and my write.
#[derive(Clone, Copy, Debug)]
enum Theirs {
    /// Starts a wave of another group and completes it with migration 900.
    StartsOther,
    /// Starts a wave of the group I am about to start (records it, then sends it: migration 901).
    StartsSame,
    /// Changes the target.
    Target,
    /// Adds projects read from the source.
    AddsItems,
    /// Completes a wave of theirs that was recorded before (migration 902).
    CompletesOwnEarlier,
}

const ALL_THEIRS: [Theirs; 5] =
    [Theirs::StartsOther, Theirs::StartsSame, Theirs::Target, Theirs::AddsItems, Theirs::CompletesOwnEarlier];

/// Sam's change, on a tab opened just before it and saved at once (no conflict on their side).
fn sam_commits(repo: &mut Repo, what: Theirs, my_group: u32) {
    let mut sam = Tab::open(repo);
    match what {
        Theirs::StartsOther => {
            steps::record_start(&mut sam.plan, wave(500, 4, "sam"));
            steps::add_migration(&mut sam.plan, 500, 900);
            steps::complete(&mut sam.plan, 500, &paths_of(4));
        }
        Theirs::StartsSame => {
            steps::record_start(&mut sam.plan, wave(600, my_group, "sam"));
            sam.save(repo);
            steps::add_migration(&mut sam.plan, 600, 901);
            steps::complete(&mut sam.plan, 600, &paths_of(my_group));
        }
        Theirs::Target => sam.plan.target = Target::Projects(7),
        Theirs::AddsItems => sam.plan.items.push(PlanItem::new(Kind::Project, "loose/extra")),
        Theirs::CompletesOwnEarlier => {
            steps::add_migration(&mut sam.plan, 50, 902);
            steps::complete(&mut sam.plan, 50, &paths_of(3));
        }
    }
    assert!(sam.save(repo).is_empty());
}

/// Sam's change is in the file.
fn sams_change_kept(file: &Plan, what: Theirs) {
    let wave_of = |ms: i64| file.started.iter().find(|w| w.started_ms == ms);
    match what {
        Theirs::StartsOther => assert_eq!(wave_of(500).map(|w| w.migrations.clone()), Some(vec![900])),
        Theirs::StartsSame => assert_eq!(wave_of(600).map(|w| w.migrations.clone()), Some(vec![901])),
        Theirs::Target => assert_eq!(file.target, Target::Projects(7)),
        Theirs::AddsItems => assert!(file.items.iter().any(|i| i.path == "loose/extra")),
        Theirs::CompletesOwnEarlier => {
            let w = wave_of(50).expect("Sam's earlier wave");
            assert_eq!((w.migrations.clone(), w.sending), (vec![902], false));
        }
    }
}

/// No source path is in two waves, and every migration id in `created` is in the file.
fn nothing_twice_nothing_lost(file: &Plan, created: &[u64]) {
    let mut seen = BTreeSet::new();
    for p in file.started.iter().flat_map(|w| w.paths.iter()) {
        assert!(seen.insert(p.to_ascii_lowercase()), "{p} is in two waves");
    }
    let ids: BTreeSet<u64> = file.started.iter().flat_map(|w| w.migrations.iter().copied()).collect();
    for id in created {
        assert!(ids.contains(id), "migration {id} lost from the plan: {:?}", file.started);
    }
}

/// The file as it stands before my step: Olivia's plan, with a wave of Sam's recorded earlier (group 3) for
/// `CompletesOwnEarlier` to complete.
fn repo_with_plan() -> Repo {
    let mut repo = Repo::default();
    let mut plan = base_plan();
    steps::record_start(&mut plan, wave(50, 3, "sam"));
    repo.write(&plan, None).unwrap();
    repo
}

#[test]
fn creating_the_plan_meets_a_co_owner_who_created_it_first() {
    for what in ALL_THEIRS {
        // Sam created the file a moment earlier (with his change in it); my create is refused as existing.
        let mut repo = repo_with_plan();
        sam_commits(&mut repo, what, 1);
        let mut mine = base_plan();
        mine.assumptions.speed_factor = 2.0;
        let mut me = Tab::local(mine);
        let not_merged = me.save(&mut repo);
        let file = repo.plan.clone().unwrap();
        assert_eq!(me.plan, file, "{what:?}: the tab holds what the file holds");
        sams_change_kept(&file, what);
        if not_merged.is_empty() {
            assert_eq!(file.assumptions.speed_factor, 2.0, "{what:?}: my change kept");
        }
        nothing_twice_nothing_lost(&file, &[]);
    }
}

#[test]
fn recording_a_wave_before_its_first_request_meets_a_co_owners_commit() {
    for what in ALL_THEIRS {
        let mut repo = repo_with_plan();
        let mut me = Tab::open(&repo);
        sam_commits(&mut repo, what, 1);
        steps::record_start(&mut me.plan, wave(700, 1, "olivia"));
        let not_merged = me.save(&mut repo);
        let file = repo.plan.clone().unwrap();
        assert_eq!(me.plan, file);
        sams_change_kept(&file, what);
        match what {
            // Sam started the same group first: mine is not recorded, so the board sends nothing.
            Theirs::StartsSame => {
                assert!(!steps::is_recorded(&me.plan, 700));
                assert_eq!(not_merged, vec![NotMerged::OverlappingWave { wave: 2, shared: 4 }]);
            }
            _ => {
                assert!(steps::is_recorded(&me.plan, 700), "{what:?}: my wave is recorded");
                assert!(not_merged.is_empty());
            }
        }
        nothing_twice_nothing_lost(&file, &[]);
    }
}

#[test]
fn adding_the_migration_id_and_completing_the_wave_meet_a_co_owners_commit() {
    for what in [Theirs::StartsOther, Theirs::Target, Theirs::AddsItems, Theirs::CompletesOwnEarlier] {
        for completing in [false, true] {
            let mut repo = repo_with_plan();
            let mut me = Tab::open(&repo);
            steps::record_start(&mut me.plan, wave(700, 1, "olivia"));
            assert!(me.save(&mut repo).is_empty());
            // GitLab created my migration; Sam commits before my write of it.
            sam_commits(&mut repo, what, 2);
            steps::add_migration(&mut me.plan, 700, 42);
            if completing {
                steps::complete(&mut me.plan, 700, &paths_of(1));
            }
            assert!(me.save(&mut repo).is_empty(), "{what:?}");
            let file = repo.plan.clone().unwrap();
            assert_eq!(me.plan, file);
            sams_change_kept(&file, what);
            let w = file.started.iter().find(|w| w.started_ms == 700).expect("my wave");
            assert_eq!(w.migrations, vec![42]);
            assert_eq!(w.sending, !completing);
            let mut created = vec![42];
            if matches!(what, Theirs::StartsOther) {
                created.push(900);
            }
            nothing_twice_nothing_lost(&file, &created);
        }
    }
}

#[test]
fn a_reconciliation_that_found_a_lost_migration_meets_a_co_owners_commit() {
    for what in [Theirs::StartsOther, Theirs::Target, Theirs::AddsItems, Theirs::CompletesOwnEarlier] {
        // My wave was recorded, then the tab closed before GitLab's answer: the file says it is sending.
        let mut repo = repo_with_plan();
        let mut before = Tab::open(&repo);
        steps::record_start(&mut before.plan, wave(700, 1, "olivia"));
        before.save(&mut repo);
        // The reopened tab reads it, finds migration 42 among my newest, and writes that; Sam committed meanwhile.
        let mut me = Tab::open(&repo);
        sam_commits(&mut repo, what, 2);
        steps::found_late(&mut me.plan, 700, 42);
        assert!(me.save(&mut repo).is_empty());
        let file = repo.plan.clone().unwrap();
        assert_eq!(me.plan, file);
        sams_change_kept(&file, what);
        let w = file.started.iter().find(|w| w.started_ms == 700).expect("my wave");
        assert_eq!((w.migrations.clone(), w.sending), (vec![42], false));
        nothing_twice_nothing_lost(&file, &[42]);
    }
}

#[test]
fn a_co_owner_who_found_my_lost_migration_and_my_completion_both_keep_it_once() {
    // Sam's tab and mine both wrote migration 42 of my wave (his by reconciling, mine by GitLab's late answer).
    let mut repo = repo_with_plan();
    let mut me = Tab::open(&repo);
    steps::record_start(&mut me.plan, wave(700, 1, "olivia"));
    me.save(&mut repo);
    let mut sam = Tab::open(&repo);
    steps::found_late(&mut sam.plan, 700, 42);
    sam.save(&mut repo);
    steps::add_migration(&mut me.plan, 700, 42);
    steps::complete(&mut me.plan, 700, &paths_of(1));
    assert!(me.save(&mut repo).is_empty());
    let file = repo.plan.clone().unwrap();
    let w = file.started.iter().find(|w| w.started_ms == 700).unwrap();
    assert_eq!((w.migrations.clone(), w.sending), (vec![42], false));
}

#[test]
fn a_whole_wave_with_a_co_owners_commit_before_each_of_its_writes_loses_nothing() {
    let mut repo = repo_with_plan();
    let mut me = Tab::open(&repo);
    sam_commits(&mut repo, Theirs::Target, 1);
    steps::record_start(&mut me.plan, wave(700, 1, "olivia"));
    assert!(me.save(&mut repo).is_empty());
    sam_commits(&mut repo, Theirs::StartsOther, 1);
    steps::add_migration(&mut me.plan, 700, 42);
    assert!(me.save(&mut repo).is_empty());
    sam_commits(&mut repo, Theirs::CompletesOwnEarlier, 1);
    steps::complete(&mut me.plan, 700, &paths_of(1));
    assert!(me.save(&mut repo).is_empty());
    sam_commits(&mut repo, Theirs::AddsItems, 1);
    let file = repo.plan.clone().unwrap();
    for what in ALL_THEIRS.into_iter().filter(|t| !matches!(t, Theirs::StartsSame)) {
        sams_change_kept(&file, what);
    }
    nothing_twice_nothing_lost(&file, &[42, 900, 902]);
    assert_eq!(file.started.iter().map(|w| w.started_ms).collect::<Vec<_>>(), vec![50, 500, 700]);
    assert!(file.started.iter().all(|w| !w.sending));
}

#[test]
fn a_wave_nothing_of_which_was_sent_is_taken_out_and_a_co_owners_stays() {
    let mut repo = repo_with_plan();
    let mut me = Tab::open(&repo);
    steps::record_start(&mut me.plan, wave(700, 1, "olivia"));
    me.save(&mut repo);
    sam_commits(&mut repo, Theirs::StartsOther, 1);
    // Every create was refused: the wave is completed with nothing, so it leaves the plan.
    steps::complete(&mut me.plan, 700, &[]);
    assert!(me.save(&mut repo).is_empty());
    let file = repo.plan.clone().unwrap();
    assert!(!steps::is_recorded(&file, 700));
    sams_change_kept(&file, Theirs::StartsOther);
}

#[test]
fn a_wave_says_who_started_it() {
    let w = wave(1, 1, "sam");
    assert_eq!(w.started_by_other(Some("olivia")).map(|s| s.name.as_str()), Some("sam"));
    assert_eq!(w.started_by_other(Some("SAM")), None);
    assert_eq!(w.started_by_other(None), None);
    assert_eq!(StartedWave::default().started_by_other(Some("olivia")), None, "an older plan's wave: taken as mine");
    let text = migration_console::logic::campaign::plan_io::to_json(&Plan { started: vec![w], ..Plan::default() });
    assert!(text.contains("\"started_by\"") && !text.to_lowercase().contains("token"));
}
