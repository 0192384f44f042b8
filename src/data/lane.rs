//! One page's lane for its requests: the entity loader holds it while it loads or refreshes; reads that only
//! add detail (the re-run links) take it for one request at a time. So a page never has more than
//! `MAX_IN_FLIGHT` requests out, and its table comes first.

use futures::lock::Mutex;
use std::future::Future;
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct Lane(Arc<Mutex<()>>);

impl Lane {
    /// Runs `work` once nothing else holds the lane (first come, first served).
    pub async fn hold<T>(&self, work: impl Future<Output = T>) -> T {
        let _held = self.0.lock().await;
        work.await
    }
}
