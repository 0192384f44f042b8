//! Deploy tokens and pipeline triggers of each finished group and project, read on the source (where they
//! were made and whoever uses them points), at most six requests in flight, every page of each list. What is
//! kept has no token: `logic::complete::tokens` drops it as it reads.

use crate::api::settings::{owner_path, SETTINGS_PER_PAGE};
use crate::api::{ApiError, Client, Entity, EntityType, MAX_IN_FLIGHT};
use crate::data::bounded::run_bounded;
use crate::logic::complete::tokens::{read_token, TokenKind, TokenRow};
use leptos::prelude::*;
use std::collections::HashMap;

/// Pages of one list read at most (100 rows each).
const MAX_PAGES: u32 = 20;

/// Per entity id: its deploy tokens and triggers on the source, or why they could not be read.
pub type Tokens = HashMap<u64, Result<Vec<TokenRow>, ApiError>>;

async fn read_list(client: &Client, owner: &str, kind: TokenKind) -> Result<Vec<TokenRow>, ApiError> {
    let mut rows = Vec::new();
    for page in 1..=MAX_PAGES {
        let got = client.list_settings(owner, kind.list(), page).await?;
        let full = got.items.len() as u32 >= SETTINGS_PER_PAGE;
        rows.extend(got.items.into_iter().filter_map(|m| read_token(kind, &serde_json::Value::Object(m))));
        if !(got.info.next_page.is_some() || (got.info.page.is_none() && full)) {
            break;
        }
    }
    Ok(rows)
}

/// Reads every entity's lists on `source` into `into`, entity by entity as they end.
pub async fn read_tokens(entities: Vec<Entity>, source: Client, into: RwSignal<Tokens>, stopped: impl Fn() -> bool) {
    let _ = into.try_set(HashMap::new());
    let work = |e: Entity| {
        let c = source.clone();
        async move {
            let group = e.kind() == EntityType::Group;
            let owner = owner_path(group, &e.source_full_path);
            let mut all = Vec::new();
            for kind in [TokenKind::DeployToken, TokenKind::Trigger].into_iter().filter(|k| k.applies_to(group)) {
                match read_list(&c, &owner, kind).await {
                    Ok(rows) => all.extend(rows),
                    Err(err) => return (e.id, Err(err)),
                }
            }
            (e.id, Ok(all))
        }
    };
    let on_done = |(id, got)| {
        let _ = into.try_update(|t| t.insert(id, got));
    };
    let jobs = entities.into_iter().filter(|e| !e.source_full_path.is_empty());
    run_bounded(jobs, MAX_IN_FLIGHT, work, on_done, stopped).await;
}
