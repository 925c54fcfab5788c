//! Days, Monday-based weeks and months in UTC, as epoch day numbers (day 0 is
//! 1970-01-01), and the period keys the OMA uses: `YYYYMMDD` (day),
//! `YYYYMMDD-YYYYMMDD` (week, Monday to Sunday), `YYYY-MM` (month).

/// A kind of period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Day, Period::Week, Period::Month];

    pub fn parse(s: &str) -> Option<Period> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" => Some(Period::Day),
            "week" => Some(Period::Week),
            "month" => Some(Period::Month),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// How many periods stats_summary shows: 30 days, 52 weeks, 48 months.
    pub fn shown(self) -> usize {
        match self {
            Period::Day => 30,
            Period::Week => 52,
            Period::Month => 48,
        }
    }

    /// The first day of the period that holds `day`.
    pub fn start_of(self, day: i64) -> i64 {
        match self {
            Period::Day => day,
            Period::Week => day - (day + 3).rem_euclid(7),
            Period::Month => {
                let (y, m, _) = civil(day);
                days_from_civil(y, m, 1)
            }
        }
    }

    /// The first day of the next period (`start` is a period's first day).
    pub fn next(self, start: i64) -> i64 {
        match self {
            Period::Day => start + 1,
            Period::Week => start + 7,
            Period::Month => {
                let (y, m, _) = civil(start);
                if m == 12 {
                    days_from_civil(y + 1, 1, 1)
                } else {
                    days_from_civil(y, m + 1, 1)
                }
            }
        }
    }

    /// The first day of the previous period.
    pub fn prev(self, start: i64) -> i64 {
        self.start_of(start - 1)
    }

    /// The period's last day.
    pub fn last_day(self, start: i64) -> i64 {
        self.next(start) - 1
    }

    /// The OMA key of the period starting on `start`.
    pub fn key(self, start: i64) -> String {
        match self {
            Period::Day => day_key(start),
            Period::Week => format!("{}-{}", day_key(start), day_key(start + 6)),
            Period::Month => {
                let (y, m, _) = civil(start);
                format!("{y:04}-{m:02}")
            }
        }
    }

    /// The `count` periods ending with the one holding `day`, oldest first.
    pub fn last_n(self, day: i64, count: usize) -> Vec<i64> {
        let mut starts = Vec::with_capacity(count);
        let mut start = self.start_of(day);
        for _ in 0..count {
            starts.push(start);
            start = self.prev(start);
        }
        starts.reverse();
        starts
    }
}

/// A period key back to its kind and first day; None unless well formed (a
/// week must run Monday to Sunday).
pub fn parse_key(key: &str) -> Option<(Period, i64)> {
    let key = key.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match key.len() {
        8 if digits(key) => parse_day(key).map(|d| (Period::Day, d)),
        7 if digits(&key[..4]) && &key[4..5] == "-" && digits(&key[5..]) => {
            let y: i64 = key[..4].parse().ok()?;
            let m: u32 = key[5..].parse().ok()?;
            (1..=12).contains(&m).then(|| (Period::Month, days_from_civil(y, m, 1)))
        }
        17 if &key[8..9] == "-" => {
            let (a, b) = (parse_day(&key[..8])?, parse_day(&key[9..])?);
            (Period::Week.start_of(a) == a && b == a + 6).then_some((Period::Week, a))
        }
        _ => None,
    }
}

fn parse_day(s: &str) -> Option<i64> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i64 = s[..4].parse().ok()?;
    let m: u32 = s[4..6].parse().ok()?;
    let d: u32 = s[6..].parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let day = days_from_civil(y, m, d);
    (civil(day) == (y, m, d)).then_some(day)
}

/// The epoch day of epoch seconds `t`.
pub fn day_of(t: i64) -> i64 {
    t.div_euclid(86_400)
}

/// `YYYYMMDD`.
pub fn day_key(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}{m:02}{d:02}")
}

/// (year, month, day) of an epoch day (H. Hinnant's civil_from_days).
pub fn civil(day: i64) -> (i64, u32, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The epoch day of a date (days_from_civil).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Epoch seconds as the spec writes times: `Thu Jul 21 17:46:22 2011 UTC`.
pub fn ctime(t: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let day = day_of(t);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil(day);
    format!(
        "{} {} {} {:02}:{:02}:{:02} {y} UTC",
        DAYS[day.rem_euclid(7) as usize],
        MONTHS[m as usize - 1],
        d,
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_keys() {
        assert_eq!(civil(0), (1970, 1, 1));
        let d = days_from_civil(2011, 1, 5); // a Wednesday
        assert_eq!(civil(d), (2011, 1, 5));
        assert_eq!(Period::Week.key(Period::Week.start_of(d)), "20110103-20110109");
        assert_eq!(Period::Month.key(Period::Month.start_of(d)), "2011-01");
        assert_eq!(Period::Month.next(days_from_civil(2011, 12, 1)), days_from_civil(2012, 1, 1));
        assert_eq!(parse_key("20110103-20110109"), Some((Period::Week, days_from_civil(2011, 1, 3))));
        assert_eq!(parse_key("20110104-20110110"), None);
        assert_eq!(parse_key("2010-11"), Some((Period::Month, days_from_civil(2010, 11, 1))));
        assert_eq!(parse_key("20110230"), None);
        assert_eq!(parse_key("20110228"), Some((Period::Day, days_from_civil(2011, 2, 28))));
        assert_eq!(ctime(1311270382), "Thu Jul 21 17:46:22 2011 UTC");
        assert_eq!(ctime(1323393372), "Fri Dec 9 01:16:12 2011 UTC");
        let weeks = Period::Week.last_n(d, 52);
        assert_eq!(weeks.len(), 52);
        assert!(weeks.windows(2).all(|w| w[1] - w[0] == 7));
    }
}
