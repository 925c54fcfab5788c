//! Times as people read them, the same on the server and in the browser.

/// A date for people (UTC).
pub fn date(epoch: i64) -> String {
    let secs = epoch.rem_euclid(86_400);
    format!("{} {:02}:{:02} UTC", day(epoch), secs / 3600, secs % 3600 / 60)
}

/// The UTC day of a time, as `YYYY-MM-DD` (what a date input holds).
pub fn day(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The UTC midnight starting a `YYYY-MM-DD` day; None if it is no such day.
pub fn parse_day(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=9999).contains(&y) {
        return None;
    }
    // Days-from-civil (Howard Hinnant's algorithm), checked by the round trip.
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let epoch = (era * 146_097 + doe - 719_468) * 86_400;
    (day(epoch) == format!("{y:04}-{m:02}-{d:02}")).then_some(epoch)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::date(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::date(1_321_901_788), "2011-11-21 18:56 UTC");
        assert_eq!(super::date(1_709_164_800), "2024-02-29 00:00 UTC");
    }

    #[test]
    fn days_round_trip() {
        assert_eq!(super::parse_day("1970-01-01"), Some(0));
        assert_eq!(super::parse_day("2024-02-29"), Some(1_709_164_800));
        assert_eq!(super::parse_day(" 2011-11-21 "), Some(1_321_833_600));
        assert_eq!(super::parse_day("2023-02-29"), None);
        assert_eq!(super::parse_day("2024-13-01"), None);
        assert_eq!(super::parse_day("tomorrow"), None);
        assert_eq!(super::day(1_321_901_788), "2011-11-21");
    }
}
