//! Every page of a list, with a bounded number of requests in flight.

use super::error::ApiError;
use super::pagination::Page;
use futures::stream::{self, StreamExt};
use std::future::Future;

/// At most this many requests at once: what browsers allow per host over HTTP/1.1, and gentle on GitLab.
pub const MAX_IN_FLIGHT: usize = 6;
/// A hostile or broken server could announce endless pages; stop at a million rows.
pub const MAX_PAGES: u32 = 10_000;

/// How far a multi-page load has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadProgress {
    pub pages_done: u32,
    /// Unknown when GitLab dropped the totals (more than 10,000 rows) or a proxy stripped the headers.
    pub pages_total: Option<u32>,
}

impl LoadProgress {
    pub fn percent(&self) -> Option<u8> {
        let total = self.pages_total?.max(1);
        Some(((self.pages_done.min(total) as u64 * 100) / total as u64) as u8)
    }
}

/// Fetches page 1, then the rest with at most `max_in_flight` requests at once, handing each page to
/// `on_page` as it arrives (pages after the first may arrive out of order). Stops at the first error.
pub async fn fetch_all_pages<T, F, Fut>(
    fetch: F,
    per_page: u32,
    max_in_flight: usize,
    mut on_page: impl FnMut(LoadProgress, Vec<T>),
) -> Result<LoadProgress, ApiError>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let max_in_flight = max_in_flight.max(1);
    let first = fetch(1).await?;
    let total = first.info.total_pages.map(|t| t.min(MAX_PAGES as u64) as u32);
    let mut more = has_more(&first, per_page);
    let mut progress = LoadProgress { pages_done: 1, pages_total: total.map(|t| t.max(1)) };
    on_page(progress, first.items);

    match total {
        Some(total) => {
            let mut pages = stream::iter(2..=total).map(&fetch).buffer_unordered(max_in_flight);
            while let Some(page) = pages.next().await {
                progress.pages_done += 1;
                on_page(progress, page?.items);
            }
        }
        None => {
            // No count: ask for windows of pages until one says it is the last.
            let mut next = 2u32;
            while more && next <= MAX_PAGES {
                let window: Vec<u32> = (next..next.saturating_add(max_in_flight as u32).min(MAX_PAGES + 1)).collect();
                next = next.saturating_add(window.len() as u32);
                let pages = futures::future::join_all(window.into_iter().map(&fetch)).await;
                for page in pages {
                    let page = page?;
                    if !more {
                        break; // past the end: pages after the last one are empty anyway
                    }
                    more = has_more(&page, per_page);
                    progress.pages_done += 1;
                    on_page(progress, page.items);
                }
            }
        }
    }
    progress.pages_total = Some(progress.pages_done);
    Ok(progress)
}

/// Whether a page says more follow: X-Next-Page or Link when present, else a full page.
fn has_more<T>(page: &Page<T>, per_page: u32) -> bool {
    let info = &page.info;
    if info.next_page.is_some() {
        return true;
    }
    let headers_present = info.page.is_some() || info.per_page.is_some() || info.total.is_some();
    !headers_present && !page.items.is_empty() && page.items.len() as u32 >= per_page
}

/// Runs `attempt` again after a short wait when it fails with an error that may pass (network, timeout, 5xx, 429).
pub async fn with_retry<T, F, Fut>(attempts: u32, mut attempt: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut tried = 0;
    loop {
        tried += 1;
        match attempt().await {
            Err(e) if e.is_transient() && tried < attempts => {
                gloo_timers::future::TimeoutFuture::new(1_000 * tried).await;
            }
            other => return other,
        }
    }
}
