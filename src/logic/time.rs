//! Timestamps as GitLab sends them ("2021-06-18T09:45:55.358Z"), without a date library.

/// Milliseconds since the Unix epoch, or None for anything that is not an RFC 3339 timestamp.
pub fn parse_timestamp_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let padded: String = frac[..digits].chars().chain("000".chars()).take(3).collect();
        millis = padded.parse().ok()?;
        rest = &frac[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" | "" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hm = rest[1..].replace(':', "");
            if hm.len() != 4 || !hm.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            sign * (hm[..2].parse::<i64>().ok()? * 60 + hm[2..].parse::<i64>().ok()?)
        }
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(secs * 1000 + millis)
}

/// How the console's languages write a date and time, as the browser's `toLocaleString()` does for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateStyle {
    /// en: "11/22/2026, 6:24:47 AM"
    English,
    /// zh-CN: "2026/11/22 06:24:47"
    Chinese,
}

/// A timestamp in the viewer's time zone, written for their language. `utc_minus_local` is what the browser's
/// `Date.getTimezoneOffset()` gives for that instant (-120 in UTC+2). Done here rather than with `Intl`, whose
/// first formatter costs ~20 ms of the first paint, for the two languages the console speaks.
pub fn format_local(ms: i64, utc_minus_local: i64, style: DateStyle) -> String {
    let local_s = (ms - utc_minus_local * 60_000).div_euclid(1000);
    let (days, secs) = (local_s.div_euclid(86_400), local_s.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let (hour, minute, second) = (secs / 3600, secs % 3600 / 60, secs % 60);
    match style {
        DateStyle::English => {
            let h12 = if hour % 12 == 0 { 12 } else { hour % 12 };
            let half = if hour < 12 { "AM" } else { "PM" };
            format!("{m}/{d}/{y}, {h12}:{minute:02}:{second:02} {half}")
        }
        DateStyle::Chinese => format!("{y}/{m}/{d} {hour:02}:{minute:02}:{second:02}"),
    }
}

/// The proleptic Gregorian date of a day number since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// "2h 05m", "3m 07s", "12s": compact and unambiguous (English units; see `format_duration_in`).
pub fn format_duration_ms(ms: i64) -> String {
    format_duration_in(ms, DateStyle::English)
}

/// A duration with the units of the reader's language: "2h 05m" in English, "2小时 05分" in Chinese.
pub fn format_duration_in(ms: i64, style: DateStyle) -> String {
    let [day, hour, minute, second] = match style {
        DateStyle::English => ["d", "h", "m", "s"],
        DateStyle::Chinese => ["天", "小时", "分", "秒"],
    };
    let total = ms.max(0) / 1000;
    let (d, h, m, s) = (total / 86_400, total % 86_400 / 3600, total % 3600 / 60, total % 60);
    if d > 0 {
        format!("{d}{day} {h:02}{hour}")
    } else if h > 0 {
        format!("{h}{hour} {m:02}{minute}")
    } else if m > 0 {
        format!("{m}{minute} {s:02}{second}")
    } else {
        format!("{s}{second}")
    }
}

/// How long something ran: from creation to the last update, or to `now_ms` while it is still running.
pub fn duration_ms(created_at: Option<&str>, updated_at: Option<&str>, running: bool, now_ms: i64) -> Option<i64> {
    let start = parse_timestamp_ms(created_at?)?;
    let end = if running { now_ms } else { parse_timestamp_ms(updated_at?)? };
    Some((end - start).max(0))
}
