//! The sandbox's starting world: users and tokens, both instances' contents, and a history that already
//! shows every status (complete, partially completed, failed, timeout, canceled, and one running).

use crate::engine::{self, NewEntitySpec};
use crate::world::*;
use std::collections::{BTreeMap, HashMap, HashSet};

pub struct SeedOptions {
    pub seed: u64,
    pub start_ms: i64,
    pub source_url: String,
    pub settings: Settings,
    /// A finished migration with this many entities (the scale tests).
    pub scale_entities: usize,
    /// An entity with this many failures (the scale tests).
    pub scale_failures: usize,
}

pub fn build_world(opts: SeedOptions) -> World {
    let users = vec![
        User {
            id: OWNER_ID,
            username: "olivia".into(),
            name: "Olivia Owner".into(),
            is_admin: false,
            can_create_group: true,
        },
        User {
            id: ADMIN_ID,
            username: "root".into(),
            name: "Administrator".into(),
            is_admin: true,
            can_create_group: true,
        },
        User {
            id: OTHER_ID,
            username: "otto".into(),
            name: "Otto Other".into(),
            is_admin: false,
            can_create_group: false,
        },
        User {
            id: SECOND_OWNER_ID,
            username: "sam".into(),
            name: "Sam Second".into(),
            is_admin: false,
            can_create_group: true,
        },
        User {
            id: DEVELOPER_ID,
            username: "devon".into(),
            name: "Devon Developer".into(),
            is_admin: false,
            can_create_group: false,
        },
    ];
    let tokens = HashMap::from([
        (OWNER_TOKEN, Token { user_id: OWNER_ID, name: "migration-console", scopes: vec!["api"] }),
        (ADMIN_TOKEN, Token { user_id: ADMIN_ID, name: "admin-console", scopes: vec!["api", "admin_mode"] }),
        (OTHER_TOKEN, Token { user_id: OTHER_ID, name: "other", scopes: vec!["api"] }),
        (READONLY_TOKEN, Token { user_id: OWNER_ID, name: "read-only", scopes: vec!["read_api"] }),
        (SECOND_OWNER_TOKEN, Token { user_id: SECOND_OWNER_ID, name: "second-owner", scopes: vec!["api"] }),
        (DEVELOPER_TOKEN, Token { user_id: DEVELOPER_ID, name: "developer", scopes: vec!["api"] }),
    ]);
    let source_tokens = HashMap::from([
        (SOURCE_TOKEN, Token { user_id: OWNER_ID, name: "source-export", scopes: vec!["api"] }),
        (SOURCE_READONLY_TOKEN, Token { user_id: OWNER_ID, name: "source-read", scopes: vec!["read_api"] }),
        (SOURCE_MAINTAINER_TOKEN, Token { user_id: OTHER_ID, name: "source-maintainer", scopes: vec!["api"] }),
    ]);
    let group = |id: u64, name: &str, full_path: &str, parent_id: Option<u64>, access: &[(u64, u8)]| DestGroup {
        id,
        name: name.into(),
        full_path: full_path.into(),
        parent_id,
        access: access.iter().copied().collect(),
    };
    let dest_groups = vec![
        group(
            100,
            "Migrated",
            "migrated",
            None,
            &[(OWNER_ID, OWNER), (SECOND_OWNER_ID, OWNER), (DEVELOPER_ID, DEVELOPER)],
        ),
        group(101, "Archive", "migrated/archive", Some(100), &[]),
        group(102, "Platform team", "platform-team", None, &[(OWNER_ID, MAINTAINER), (OTHER_ID, OWNER)]),
        group(103, "Docs", "docs", None, &[(OWNER_ID, DEVELOPER)]),
        group(104, "Other team", "other-team", None, &[(OTHER_ID, OWNER)]),
    ];
    let mut dest_paths: HashSet<String> = dest_groups.iter().map(|g| g.full_path.clone()).collect();
    dest_paths.insert("migrated/existing-project".into());
    dest_paths.insert("migrated/acme".into());

    let mut world = World {
        now_ms: opts.start_ms,
        settings: opts.settings.clone(),
        users,
        tokens,
        source_tokens,
        dest_groups,
        dest_paths,
        source_items: source_items(),
        imports: Vec::new(),
        entities: Vec::new(),
        rate_windows: HashMap::new(),
        source_url: opts.source_url.clone(),
        seed: opts.seed,
        next_id: 0,
        next_dest_id: 1000,
        contributions: Default::default(),
        oauth: Default::default(),
        move_settings: Default::default(),
        repositories: Default::default(),
    };
    seed_history(&mut world, &opts);
    crate::contributions::seed::seed_statuses(&mut world);
    crate::settings::seed::seed(&mut world);
    crate::cutover::seed::seed(&mut world);
    if opts.scale_entities > 0 || opts.scale_failures > 0 {
        seed_scale(&mut world, &opts);
    }
    world
}

fn item(
    id: u64,
    kind: Kind,
    path: &str,
    name: &str,
    relations: &[(&'static str, u64)],
    behaviour: Behaviour,
    duration_s: u64,
) -> SourceItem {
    SourceItem {
        id,
        kind,
        full_path: path.into(),
        name: name.into(),
        relations: relations.to_vec(),
        behaviour,
        duration_s,
    }
}

/// What the source instance holds. Paths tell what each one does when migrated.
fn source_items() -> Vec<SourceItem> {
    use Behaviour::*;
    use Kind::*;
    let group_rel: &[(&'static str, u64)] =
        &[("labels", 24), ("milestones", 8), ("badges", 2), ("boards", 3), ("epics", 17), ("members", 12)];
    let project_rel: &[(&'static str, u64)] =
        &[("labels", 15), ("milestones", 4), ("issues", 120), ("merge_requests", 85), ("boards", 1), ("members", 9)];
    vec![
        item(1, Group, "acme", "ACME", group_rel, Clean, 40),
        item(2, Group, "acme/platform", "Platform", &[("labels", 6), ("members", 4)], Clean, 30),
        item(3, Project, "acme/platform/api", "API", project_rel, Clean, 60),
        item(
            4,
            Project,
            "acme/platform/worker",
            "Worker",
            &[("issues", 40), ("merge_requests", 22), ("labels", 5)],
            ItemFailures { relation: "merge_requests", count: 3 },
            45,
        ),
        item(5, Project, "acme/handbook", "Handbook", &[("issues", 12), ("members", 3)], Clean, 25),
        item(6, Group, "acme/web", "Web", &[], Clean, 20),
        item(7, Project, "acme/web/frontend", "Frontend", project_rel, Clean, 70),
        item(10, Group, "legacy", "Legacy", &[("labels", 40), ("milestones", 30)], Clean, 30),
        item(
            11,
            Project,
            "legacy/monolith",
            "Monolith",
            &[("issues", 900), ("merge_requests", 1500), ("labels", 60)],
            ItemFailures { relation: "merge_requests", count: 45 },
            90,
        ),
        item(20, Group, "broken-group", "Broken group", &[("labels", 5)], EntityFails, 30),
        item(21, Project, "broken-group/tooling", "Tooling", &[("issues", 10)], Clean, 20),
        item(30, Group, "stalled-group", "Stalled group", &[("labels", 12), ("epics", 40)], Stalls, 60),
        item(40, Group, "design", "Design", &[("labels", 9), ("boards", 2), ("epics", 11)], Clean, 60),
        item(41, Project, "design/icons", "Icons", &[("issues", 33), ("merge_requests", 12)], Clean, 50),
        item(
            50,
            Group,
            "data",
            "Data",
            &[("labels", 14), ("milestones", 6), ("epics", 25), ("members", 20)],
            Clean,
            150,
        ),
        item(
            51,
            Project,
            "data/pipelines",
            "Pipelines",
            &[("issues", 300), ("merge_requests", 260), ("labels", 30)],
            ItemFailures { relation: "issues", count: 7 },
            200,
        ),
        item(52, Project, "data/warehouse", "Warehouse", &[("issues", 150), ("merge_requests", 95)], Clean, 180),
        item(53, Group, "data/ml", "Machine learning", &[("labels", 8)], Clean, 60),
        item(54, Project, "data/ml/models", "Models", &[("issues", 45), ("merge_requests", 60)], Clean, 160),
        item(60, Project, "tools/cli", "CLI", &[("issues", 20), ("merge_requests", 18)], Clean, 40),
        item(61, Group, "tools", "Tools", &[("labels", 3)], Clean, 20),
    ]
}

fn spec(kind: Kind, source: &str, namespace: &str, slug: &str) -> NewEntitySpec {
    NewEntitySpec {
        kind,
        source_full_path: source.into(),
        destination_slug: slug.into(),
        destination_namespace: namespace.into(),
        migrate_projects: true,
        migrate_memberships: true,
    }
}

/// Runs migrations from hours ago up to now, so history has every ending, and one is still running.
fn seed_history(world: &mut World, opts: &SeedOptions) {
    let start = opts.start_ms;
    let source = opts.source_url.clone();
    world.now_ms = start - 6 * 3_600_000;
    engine::create_import(world, OWNER_ID, &source, vec![spec(Kind::Group, "acme", "migrated", "acme")]);
    engine::advance(world, 15 * 60_000);
    engine::create_import(
        world,
        OWNER_ID,
        &source,
        vec![spec(Kind::Project, "legacy/monolith", "migrated", "monolith")],
    );
    engine::advance(world, 15 * 60_000);
    engine::create_import(
        world,
        OWNER_ID,
        &source,
        vec![spec(Kind::Group, "broken-group", "migrated", "broken-group")],
    );
    engine::advance(world, 15 * 60_000);
    engine::create_import(
        world,
        OWNER_ID,
        &source,
        vec![spec(Kind::Group, "stalled-group", "migrated", "stalled-group")],
    );
    engine::advance(world, 15 * 60_000);
    let canceled =
        engine::create_import(world, OWNER_ID, &source, vec![spec(Kind::Group, "design", "migrated", "design")]);
    engine::advance(world, 20_000);
    engine::cancel_import(world, canceled);
    engine::advance(world, 30 * 60_000);
    // Another user's migration: invisible to the owner (404), cancelable only by them or an admin.
    engine::create_import(world, OTHER_ID, &source, vec![spec(Kind::Project, "tools/cli", "other-team", "cli")]);
    engine::advance(world, (start - world.now_ms - 30_000).max(0));
    // Running now: takes a few minutes at speed 1, and expands into subgroups and projects.
    engine::create_import(world, OWNER_ID, &source, vec![spec(Kind::Group, "data", "migrated", "data")]);
    engine::advance(world, start - world.now_ms);
    // Complete: the canceled `design` again, two hours ago, to a new slug; it ends with no failure at all.
    let design = spec(Kind::Group, "design", "migrated", "design-2");
    seed_complete(world, start - 2 * 3_600_000, design);
}

/// A migration run to its end in a world of its own (so that the running one does not advance with it),
/// then added with the next id: its entity ids come after those of every migration seeded before it.
fn seed_complete(world: &mut World, at_ms: i64, entity: NewEntitySpec) {
    let mut side = World {
        now_ms: at_ms,
        settings: world.settings.clone(),
        users: world.users.clone(),
        tokens: HashMap::new(),
        source_tokens: HashMap::new(),
        dest_groups: world.dest_groups.clone(),
        dest_paths: world.dest_paths.clone(),
        source_items: world.source_items.clone(),
        imports: Vec::new(),
        entities: Vec::new(),
        rate_windows: HashMap::new(),
        source_url: world.source_url.clone(),
        seed: world.seed,
        next_id: world.next_id,
        next_dest_id: world.next_dest_id,
        contributions: Default::default(),
        oauth: Default::default(),
        move_settings: Default::default(),
        repositories: Default::default(),
    };
    let source = world.source_url.clone();
    engine::create_import(&mut side, OWNER_ID, &source, vec![entity]);
    engine::advance(&mut side, 15 * 60_000);
    let id = world.imports.iter().map(|i| i.id).max().unwrap_or(0) + 1;
    for import in side.imports {
        world.imports.push(Import { id, ..import });
    }
    for entity in side.entities {
        world.entities.push(Entity { bulk_import_id: id, ..entity });
    }
    world.dest_paths = side.dest_paths;
    world.next_id = side.next_id;
    world.next_dest_id = side.next_dest_id;
}

/// A finished migration by the owner, an hour ago: its id (the next after every seeded one).
pub(crate) fn finished_import(world: &mut World, has_failures: bool) -> u64 {
    let now = world.now_ms;
    let id = world.imports.iter().map(|i| i.id).max().unwrap_or(0) + 1;
    world.imports.push(Import {
        id,
        user_id: OWNER_ID,
        status: Status::Finished,
        source_url: world.source_url.clone(),
        created_ms: now - 3_600_000,
        updated_ms: now - 60_000,
        has_failures,
    });
    id
}

/// A finished entity of `import_id` from `source_path` to `namespace/slug`, without failures: its 50 issues
/// and 40 merge requests imported. The caller adds it to the world.
pub(crate) fn finished_entity(
    world: &mut World,
    import_id: u64,
    kind: Kind,
    source_path: &str,
    namespace: &str,
    slug: &str,
) -> Entity {
    let now = world.now_ms;
    let mut stats = BTreeMap::new();
    stats.insert("issues".to_string(), Counters { source: 50, fetched: 50, imported: 50 });
    stats.insert("merge_requests".to_string(), Counters { source: 40, fetched: 40, imported: 40 });
    Entity {
        id: world.fresh_id(),
        bulk_import_id: import_id,
        kind,
        source_full_path: source_path.into(),
        destination_slug: slug.into(),
        destination_namespace: namespace.into(),
        destination_full_path: Some(format!("{namespace}/{slug}")),
        parent_id: None,
        namespace_id: None,
        project_id: None,
        status: Status::Finished,
        created_ms: now - 3_600_000,
        updated_ms: now - 60_000,
        started_ms: Some(now - 3_500_000),
        migrate_projects: true,
        migrate_memberships: true,
        has_failures: false,
        stats,
        failures: Vec::new(),
        expanded: true,
        stalled_at: None,
    }
}

/// A large finished migration and an entity with many failures, for the performance suites.
fn seed_scale(world: &mut World, opts: &SeedOptions) {
    let now = world.now_ms;
    let import_id = finished_import(world, opts.scale_failures > 0);
    let entity_count = opts.scale_entities.max(usize::from(opts.scale_failures > 0));
    for n in 0..entity_count {
        let (kind, slug) =
            if n % 10 == 0 { (Kind::Group, format!("group-{n}")) } else { (Kind::Project, format!("project-{n}")) };
        let mut e = finished_entity(world, import_id, kind, &format!("scale/{slug}"), "migrated/scale", &slug);
        if n == 0 && opts.scale_failures > 0 {
            let mut rng = engine::entity_rng(world.seed, e.id);
            for k in 0..opts.scale_failures {
                e.failures.push(engine::item_failure(
                    "merge_requests",
                    &opts.source_url,
                    "scale/project-0",
                    k as u64 + 1,
                    now - 120_000,
                    &mut rng,
                ));
            }
            let mrs = 40 + opts.scale_failures as u64;
            let imported = mrs - e.failures.len() as u64;
            e.stats.insert("merge_requests".to_string(), Counters { source: mrs, fetched: mrs, imported });
            e.has_failures = true;
        }
        world.entities.push(e);
    }
}
