//! A corpus of hostile strings, and a world seeded with them in every field the console shows: what anyone
//! who can name a group or write an issue title on the source instance could send through GitLab.
//! Scripts call `__canary(tag)`: a test page defines it and fails if it was ever called.

use crate::world::*;
use std::collections::BTreeMap;

pub fn corpus() -> Vec<String> {
    let mut v: Vec<String> = [
        "<script>__canary('script')</script>",
        "<img src=x onerror=\"__canary('img')\">",
        "<svg onload=\"__canary('svg')\"></svg>",
        "\"><script>__canary('attr-break')</script>",
        "' onmouseover='__canary(\"single-quote\")' x='",
        "\" onfocus=\"__canary('focus')\" autofocus=\"",
        "<iframe src=\"javascript:parent.__canary('iframe')\"></iframe>",
        "javascript:__canary('js-url')",
        "JaVaScRiPt:__canary('js-case')",
        " javascript:__canary('js-space')",
        "java\tscript:__canary('js-tab')",
        "data:text/html,<script>__canary('data')</script>",
        "data:text/html;base64,PHNjcmlwdD5fX2NhbmFyeSgnYjY0Jyk8L3NjcmlwdD4=",
        "vbscript:msgbox(\"canary\")",
        "<a href=\"javascript:__canary('anchor')\">click me</a>",
        "<b>bold</b><i>never closed",
        "</td></tr></table><h1>broken markup</h1>",
        "<!-- a comment --><style>body{display:none}</style>",
        "\u{202E}gnp.exe",
        "\u{202B}right-to-left embedding\u{202C} and \u{2066}isolate\u{2069}",
        "{{constructor.constructor('__canary(\"template\")')()}}",
        "${__canary('template-literal')}",
        "%3Cscript%3E__canary('encoded')%3C%2Fscript%3E",
        "&lt;script&gt;__canary('entity')&lt;/script&gt;",
        "<math><mtext><table><mglyph><style><img src=x onerror=\"__canary('mxss')\">",
        "<details open ontoggle=\"__canary('toggle')\">",
        "<object data=\"javascript:__canary('object')\"></object>",
        "<base href=\"javascript:__canary('base')//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:__canary('meta')\">",
        "<form action=\"javascript:__canary('form')\"><button>go</button></form>",
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+cmd|' /C calc'!A0",
        "http://127.0.0.1/\"onmouseover=\"__canary('url-attr')",
        "//evil.example/protocol-relative",
        "Z\u{335}\u{321}a\u{337}l\u{336}g\u{338}o\u{334} 👩\u{200D}👩\u{200D}👧",
        "line one\nline two\r\nline three",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("a".repeat(10_000));
    v.push("very long words ".repeat(700));
    v
}

/// One finished migration per hostile string (its `source_url` is the string), holding a partially
/// completed entity whose paths, relations and failures are all that string, and a failed entity that
/// never got a destination (so the namespace and slug are shown). The source instance gets a group
/// named and pathed with each string; the owner's name becomes the first one.
pub fn seed(world: &mut World) -> (Vec<u64>, Vec<u64>) {
    let now = world.now_ms;
    let mut imports = Vec::new();
    let mut entities = Vec::new();
    for (k, s) in corpus().into_iter().enumerate() {
        let import_id = world.imports.iter().map(|i| i.id).max().unwrap_or(0) + 1;
        let at = now - 3_600_000 + k as i64 * 1000;
        world.imports.push(Import {
            id: import_id,
            user_id: OWNER_ID,
            status: Status::Finished,
            source_url: s.clone(),
            created_ms: at,
            updated_ms: at + 60_000,
            has_failures: true,
        });
        imports.push(import_id);
        let failure = |n: i64| Failure {
            relation: s.clone(),
            exception_class: s.clone(),
            exception_message: s.clone(),
            correlation_id_value: s.clone(),
            source_url: Some(s.clone()),
            source_title: Some(s.clone()),
            created_ms: at + n,
            pipeline_class: s.clone(),
        };
        let mut stats = BTreeMap::new();
        stats.insert(s.clone(), Counters { source: 3, fetched: 3, imported: 1 });
        let base = Entity {
            id: 0,
            bulk_import_id: import_id,
            kind: if k % 2 == 0 { Kind::Group } else { Kind::Project },
            source_full_path: s.clone(),
            destination_slug: s.clone(),
            destination_namespace: s.clone(),
            destination_full_path: Some(s.clone()),
            parent_id: None,
            namespace_id: None,
            project_id: None,
            status: Status::Finished,
            created_ms: at,
            updated_ms: at + 60_000,
            started_ms: Some(at + 1000),
            migrate_projects: true,
            migrate_memberships: true,
            has_failures: true,
            stats,
            failures: vec![failure(1), failure(2)],
            expanded: true,
            stalled_at: None,
        };
        let partial = Entity { id: world.fresh_id(), ..base.clone() };
        let failed = Entity {
            id: world.fresh_id(),
            status: Status::Failed,
            destination_full_path: None,
            stats: BTreeMap::new(),
            failures: vec![failure(3)],
            ..base
        };
        entities.extend([partial.id, failed.id]);
        world.entities.extend([partial, failed]);
        world.source_items.push(SourceItem {
            id: 10_000 + k as u64,
            kind: Kind::Group,
            full_path: s.clone(),
            name: s.clone(),
            relations: vec![],
            behaviour: Behaviour::Clean,
            duration_s: 10,
        });
    }
    (imports, entities)
}
