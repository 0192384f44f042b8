//! A bounded-concurrency runner: many independent requests, at most `limit` in flight, each result handed
//! over as it arrives, stopped at once when asked (the futures still running are dropped). Jobs are taken
//! from their iterator only as a place frees up: `jobs.take_while(|_| !stopped())` with a `stop` that never
//! says true lets a Stop start nothing more and still hands over every job in flight (writes).

use futures::stream::{self, StreamExt};
use std::future::Future;

/// Runs `work(job)` for every job with at most `limit` at once. `on_done` gets each job's result as it ends;
/// `stop()` is asked after each one: true ends the run (cancel, page left). Returns how many ended.
pub async fn run_bounded<J, T, F, Fut>(
    jobs: impl IntoIterator<Item = J>,
    limit: usize,
    work: F,
    mut on_done: impl FnMut(T),
    stop: impl Fn() -> bool,
) -> usize
where
    F: Fn(J) -> Fut,
    Fut: Future<Output = T>,
{
    let mut done = 0;
    let mut results = stream::iter(jobs).map(work).buffer_unordered(limit.max(1));
    while let Some(result) = results.next().await {
        if stop() {
            break;
        }
        done += 1;
        on_done(result);
    }
    done
}
