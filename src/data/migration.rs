//! One migration and one entity, each a live resource; the migration's entities are `entities::EntityLoader`.

use super::resource::{use_live, Live};
use super::scope::PageScope;
use crate::api::{ApiError, BulkImport, Entity};
use leptos::prelude::*;

/// The migration record. It does not poll by itself: the page refreshes it together with its entities
/// (one poller per page), while it or any of its entities is pending or running.
pub fn use_migration(id: u64) -> Live<u64, BulkImport> {
    use_live(move || id, |client, id| async move { client.get_bulk_import(id).await }, |_| false)
}

/// Cancels the migration; its answer is shown at once, then `after` runs (a refresh of the rest).
pub fn use_cancel(
    id: u64,
    record: Live<u64, BulkImport>,
    after: Callback<()>,
) -> Action<(), Result<BulkImport, ApiError>> {
    let scope = PageScope::new();
    Action::new_local(move |_: &()| {
        let client = scope.client();
        async move {
            let result = match client {
                Ok(c) => c.cancel_bulk_import(id).await,
                Err(e) => Err(e),
            };
            if let Ok(m) = &result {
                // The page may have been left while the cancel ran.
                record.replace(m.clone());
                let _ = after.try_run(());
            }
            result
        }
    })
}

/// One entity, refreshed while it is pending or running.
pub fn use_entity(id: u64, entity_id: u64) -> Live<(u64, u64), Entity> {
    use_live(
        move || (id, entity_id),
        |client, (id, entity_id)| async move { client.get_entity(id, entity_id).await },
        |e| e.status.is_active(),
    )
}

/// The source instance of a migration, for links to the source; unknown (`None`) when it cannot be read.
pub fn use_source_url(id: u64) -> Signal<Option<String>> {
    let scope = PageScope::new();
    let record = LocalResource::new(move || {
        let client = scope.client();
        async move { client.ok()?.get_bulk_import(id).await.ok()?.source_url }
    });
    Signal::derive(move || record.get().flatten())
}
