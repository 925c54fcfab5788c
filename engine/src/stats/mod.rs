//! PLACEHOLDER (stats-portal branch): replaced by the stats-engine branch.
//!
//! The stats methods' contract (stats_summary, stats_list, stats_snapshot) with
//! deterministic made-up figures, so that the portal's stats screens can be
//! built and tested before the real engine lands. Not registered as OMA methods.

pub mod stats_list;
pub mod stats_snapshot;
pub mod stats_summary;

use crate::error::{fail, Code, Result};

/// How many periods each granularity reports.
pub const DAYS: i64 = 30;
pub const WEEKS: i64 = 52;
pub const MONTHS: i64 = 48;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
#[cfg(test)]
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
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

fn ymd(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}{m:02}{d:02}")
}

/// The period keys of `by` up to the day `today` (days since the epoch),
/// oldest first: `YYYYMMDD`, `YYYYMMDD-YYYYMMDD` (Monday to Sunday), `YYYY-MM`.
pub(crate) fn periods(by: &str, today: i64) -> Result<Vec<String>> {
    match by {
        "day" => Ok((0..DAYS).rev().map(|back| ymd(today - back)).collect()),
        "week" => {
            // 1970-01-01 was a Thursday: Monday is 3 days before.
            let monday = today - (today + 3).rem_euclid(7);
            Ok((0..WEEKS).rev().map(|back| monday - 7 * back).map(|m| format!("{}-{}", ymd(m), ymd(m + 6))).collect())
        }
        "month" => {
            let (y, m, _) = civil_from_days(today);
            let index = y * 12 + (m - 1);
            Ok((0..MONTHS).rev().map(|back| index - back).map(|i| format!("{:04}-{:02}", i / 12, i % 12 + 1)).collect())
        }
        _ => fail(Code::BadRequest),
    }
}

/// A made-up but stable number in `0..range` for (seed, period, what).
pub(crate) fn figure(seed: &str, period: &str, what: &str, range: u64) -> u64 {
    // FNV-1a: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes().chain([0]).chain(period.bytes()).chain([0]).chain(what.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    if range == 0 {
        0
    } else {
        h % range
    }
}

/// Today as days since the epoch.
pub(crate) fn today(engine: &crate::Engine) -> i64 {
    engine.clock().now().div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_have_their_lengths_and_shapes() {
        let today = days_from_civil(2026, 11, 24); // a Tuesday
        assert_eq!(civil_from_days(today), (2026, 11, 24));
        let days = periods("day", today).expect("days");
        assert_eq!((days.len(), days[29].as_str(), days[0].as_str()), (30, "20261124", "20261026"));
        let weeks = periods("week", today).expect("weeks");
        assert_eq!((weeks.len(), weeks[51].as_str()), (52, "20261123-20261129"));
        let months = periods("month", today).expect("months");
        assert_eq!((months.len(), months[47].as_str(), months[0].as_str()), (48, "2026-11", "2022-12"));
        assert!(periods("year", today).is_err());
    }
}
