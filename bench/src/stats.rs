//! Latency samples, percentiles and the printed report.

use std::fmt::Write as _;
use std::time::Duration;

/// What a scenario measured.
#[derive(Debug, Default, Clone)]
pub struct Sample {
    /// Latencies of good responses in the measured window, sorted ascending.
    pub latencies_us: Vec<u32>,
    /// The measured window (timed scenarios) or wall time (one-shot ones).
    pub window: Duration,
    /// Bad responses and transport errors.
    pub errors: u64,
    /// The first bad response body or error.
    pub first_error: Option<String>,
}

/// Nearest-rank percentile of ascending `sorted` data (`p` in 0..=100).
pub fn percentile(sorted: &[u32], p: f64) -> Option<u32> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// One line of the table.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: &'static str,
    pub requests: u64,
    pub rps: f64,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub wall_s: f64,
    pub errors: u64,
    pub first_error: Option<String>,
}

fn ms(us: Option<u32>) -> Option<f64> {
    us.map(|us| f64::from(us) / 1000.0)
}

impl Row {
    /// A timed scenario: rate = good responses / measured window.
    pub fn timed(name: &'static str, sample: Sample) -> Row {
        let requests = sample.latencies_us.len() as u64;
        Row::build(name, requests, requests, sample)
    }

    /// A one-shot scenario: rate = calls made / wall time.
    pub fn once(name: &'static str, calls: u64, sample: Sample) -> Row {
        Row::build(name, calls, calls, sample)
    }

    /// A scenario that could not run at all.
    pub fn failed(name: &'static str, why: String) -> Row {
        Row { name, requests: 0, rps: 0.0, p50_ms: None, p99_ms: None, wall_s: 0.0, errors: 1, first_error: Some(why) }
    }

    fn build(name: &'static str, requests: u64, rate_count: u64, sample: Sample) -> Row {
        let secs = sample.window.as_secs_f64();
        Row {
            name,
            requests,
            rps: if secs > 0.0 { rate_count as f64 / secs } else { 0.0 },
            p50_ms: ms(percentile(&sample.latencies_us, 50.0)),
            p99_ms: ms(percentile(&sample.latencies_us, 99.0)),
            wall_s: secs,
            errors: sample.errors,
            first_error: sample.first_error,
        }
    }
}

/// Machine and run facts printed above the table.
pub struct Facts {
    pub nproc: usize,
    pub cpu: Option<String>,
    pub postroom: Option<String>,
    pub connections: usize,
    pub duration: Duration,
    pub warmup: Duration,
}

pub fn render_facts(f: &Facts) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "nproc        {}", f.nproc);
    if let Some(cpu) = &f.cpu {
        let _ = writeln!(s, "cpu          {cpu}");
    }
    let _ = writeln!(s, "postroom     {}", f.postroom.as_deref().unwrap_or("(not started)"));
    let _ = writeln!(s, "connections  {}", f.connections);
    let _ = writeln!(s, "duration     {} s (after {} s warmup)", f.duration.as_secs_f64(), f.warmup.as_secs_f64());
    s
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => "n/a".to_string(),
    }
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0 && a.is_finite()).then(|| a / b)
}

fn truncate(s: &str, max: usize) -> String {
    let one_line = s.replace('\n', "\\n");
    match one_line.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// The table, error notes and target checks.
pub fn render_report(rows: &[Row]) -> String {
    let bare_rps = rows.iter().find(|r| r.name == "bare").map(|r| r.rps);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<14} {:>9} {:>11} {:>9} {:>9} {:>6} {:>7} {:>7}",
        "scenario", "requests", "req/s", "p50 ms", "p99 ms", "ratio", "wall s", "errors"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{:<14} {:>9} {:>11.1} {:>9} {:>9} {:>6} {:>7.2} {:>7}",
            r.name,
            r.requests,
            r.rps,
            opt(r.p50_ms, 3),
            opt(r.p99_ms, 3),
            opt(bare_rps.and_then(|b| ratio(r.rps, b)), 2),
            r.wall_s,
            r.errors
        );
    }
    for r in rows.iter().filter(|r| r.errors > 0) {
        let _ = writeln!(
            s,
            "{}: {} errors; first: {}",
            r.name,
            r.errors,
            truncate(r.first_error.as_deref().unwrap_or("?"), 400)
        );
    }
    s.push('\n');
    s.push_str(&render_targets(rows));
    s
}

fn render_targets(rows: &[Row]) -> String {
    let find = |name: &str| rows.iter().find(|r| r.name == name);
    let (bare, repeated, token) = (find("bare"), find("auth-repeated"), find("auth-token"));
    let mut s = String::new();
    let verdict = |v: Option<f64>, ok: fn(f64) -> bool| match v {
        Some(v) if ok(v) => "ok",
        Some(_) => "MISSED",
        None => "not measured",
    };

    let token_bare = match (token, bare) {
        (Some(t), Some(b)) => ratio(t.rps, b.rps),
        _ => None,
    };
    let _ = writeln!(s, "token/bare = {} (target >= 0.5) {}", opt(token_bare, 2), verdict(token_bare, |v| v >= 0.5));

    let p99s = match (repeated, token) {
        (Some(r), Some(t)) => match (r.p99_ms, t.p99_ms) {
            (Some(rp), Some(tp)) => ratio(rp, tp),
            _ => None,
        },
        _ => None,
    };
    let _ = writeln!(
        s,
        "repeated-password p99 / token p99 = {} (target <= 2.0) {}",
        opt(p99s, 2),
        verdict(p99s, |v| v <= 2.0)
    );

    let rates = match (token, repeated) {
        (Some(t), Some(r)) => ratio(t.rps, r.rps),
        _ => None,
    };
    let _ = writeln!(s, "token req/s / repeated-password req/s = {}", opt(rates, 2));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_nearest_rank() {
        let data: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&data, 50.0), Some(50));
        assert_eq!(percentile(&data, 99.0), Some(99));
        assert_eq!(percentile(&data, 100.0), Some(100));
        assert_eq!(percentile(&data, 0.0), Some(1));
        assert_eq!(percentile(&[7], 99.0), Some(7));
        assert_eq!(percentile(&[1, 2, 3], 50.0), Some(2));
        assert_eq!(percentile(&[], 50.0), None);
    }

    fn sample(latencies_us: Vec<u32>, secs: u64) -> Sample {
        Sample { latencies_us, window: Duration::from_secs(secs), ..Sample::default() }
    }

    #[test]
    fn rows_and_ratios() {
        let bare = Row::timed("bare", sample(vec![1000; 400], 2));
        assert_eq!(bare.requests, 400);
        assert!((bare.rps - 200.0).abs() < 1e-9);
        assert_eq!(bare.p50_ms, Some(1.0));

        let token = Row::timed("auth-token", sample(vec![2000; 120], 2));
        let mut repeated_sample = sample(vec![3000; 100], 2);
        repeated_sample.errors = 2;
        repeated_sample.first_error = Some("HTTP 401 Unauthorized: {\"success\":false}".into());
        let repeated = Row::timed("auth-repeated", repeated_sample);
        let first = Row::once("auth-first", 4, sample(vec![100_000; 4], 1));
        assert!((first.rps - 4.0).abs() < 1e-9);

        let report = render_report(&[bare, first, repeated, token]);
        assert!(report.contains("token/bare = 0.30 (target >= 0.5) MISSED"), "{report}");
        assert!(report.contains("repeated-password p99 / token p99 = 1.50 (target <= 2.0) ok"), "{report}");
        assert!(report.contains("token req/s / repeated-password req/s = 1.20"), "{report}");
        assert!(report.contains("auth-repeated: 2 errors; first: HTTP 401"), "{report}");
        let bare_line = report.lines().find(|l| l.starts_with("bare ")).expect("bare line");
        assert!(bare_line.contains(" 1.00 "), "{bare_line}");
    }

    #[test]
    fn targets_without_scenarios() {
        let report = render_report(&[Row::timed("bare", sample(vec![5; 10], 1))]);
        assert!(report.contains("token/bare = n/a (target >= 0.5) not measured"));
        assert!(report.contains("token req/s / repeated-password req/s = n/a"));
    }

    #[test]
    fn empty_sample_row() {
        let row = Row::timed("echo", sample(vec![], 1));
        assert_eq!(row.requests, 0);
        assert_eq!(row.p99_ms, None);
        let report = render_report(&[row]);
        assert!(report.contains("n/a"));
    }

    #[test]
    fn truncates_long_bodies() {
        let t = truncate(&"é".repeat(500), 10);
        assert_eq!(t.chars().count(), 11);
        assert_eq!(truncate("a\nb", 10), "a\\nb");
    }
}
