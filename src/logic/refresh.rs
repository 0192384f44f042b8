//! When the live views poll: only while something can change, slower after errors.

/// GitLab's own pages poll every 3 s; the console asks a little less often.
pub const BASE_DELAY_MS: u32 = 5_000;
pub const MAX_DELAY_MS: u32 = 60_000;

/// The wait before the next refresh after `consecutive_errors` failed ones: 5 s, 10 s, 20 s, 40 s, 60 s…
pub fn delay_ms(consecutive_errors: u32) -> u32 {
    let factor = 1u32.checked_shl(consecutive_errors.min(16)).unwrap_or(u32::MAX);
    BASE_DELAY_MS.saturating_mul(factor).min(MAX_DELAY_MS)
}

/// How long to wait from `now_ms` before the next refresh, given the last attempt: 0 when it is already
/// due (never tried, or back in a tab that was hidden for longer than the delay).
pub fn wait_ms(last_attempt_ms: Option<i64>, now_ms: i64, consecutive_errors: u32) -> u32 {
    match last_attempt_ms {
        None => 0,
        Some(t) => {
            let waited = now_ms.saturating_sub(t).clamp(0, u32::MAX as i64) as u32;
            delay_ms(consecutive_errors).saturating_sub(waited)
        }
    }
}

/// "5 s", "3 min", "2 h" ago, as a count and a unit key for translation.
pub fn age(since_ms: i64, now_ms: i64) -> (i64, AgeUnit) {
    let s = (now_ms.saturating_sub(since_ms) / 1000).max(0);
    match s {
        0..=59 => (s, AgeUnit::Seconds),
        60..=3599 => (s / 60, AgeUnit::Minutes),
        _ => (s / 3600, AgeUnit::Hours),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgeUnit {
    Seconds,
    Minutes,
    Hours,
}
