//! Made-up history, so that a demo (or a benchmark) has a year of stats to
//! show: deterministic figures with a weekly rhythm (quiet weekends) and
//! growth over the year, written for every day before today (today stays
//! live). Per-account events for the demo; per-domain figures alone for the
//! benchmark's large companies.

use std::collections::{BTreeMap, HashMap};

use sqlx::AnyConnection;

use super::calendar::Period;
use super::rollup::{self, insert_rows, rebuild, Scope};
use super::{Figures, FLOWS, ROWS_PER_INSERT};
use crate::error::Result;
use crate::Engine;

/// How much history to write.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Days before today.
    pub days: i64,
    /// Write each account's events (else only the domains' and companies' figures).
    pub per_account: bool,
}

/// The demo: a year of per-account history.
pub async fn seed_demo(engine: &Engine) -> Result<()> {
    seed(engine, Options { days: 365, per_account: true }).await
}

/// splitmix64: the same figures on every run.
fn noise(a: i64, b: i64, salt: u64) -> u64 {
    let mut z = (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (b as u64).rotate_left(32) ^ salt;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Activity of a day relative to a busy weekday at the end of the year.
fn activity(day: i64, progress: f64) -> f64 {
    let weekday = (day + 3).rem_euclid(7); // 0 = Monday
    let week = match weekday {
        5 => 0.35,
        6 => 0.25,
        0 => 1.1,
        _ => 1.0,
    };
    let season = 1.0 + 0.08 * ((day as f64) * std::f64::consts::TAU / 365.0).sin();
    week * (0.55 + 0.45 * progress) * season
}

/// One account's (or, with `users` > 1, a domain's) events for a day.
fn events(id: i64, day: i64, progress: f64, users: f64) -> [i64; 12] {
    let f = activity(day, progress) * users;
    let r = |salt: u64, spread: f64| 1.0 + spread * ((noise(id, day, salt) % 1000) as f64 / 1000.0 - 0.5);
    let n = |base: f64, salt: u64| (base * f * r(salt, 0.8)).round().max(0.0) as i64;
    let ham = n(14.0, 1);
    let out = n(6.0, 9);
    let mut e = [0i64; 12];
    e[super::F_IMAP4] = n(3.0, 2);
    e[super::F_POP3] = n(0.6, 3);
    e[super::F_WEBMAIL] = n(1.2, 4);
    e[super::F_HAM] = ham;
    e[super::F_SPAM] = n(4.0, 5);
    e[super::F_IN_SIZE] = (ham as f64 * 38_000.0 * r(6, 0.6)) as i64;
    e[super::F_DENIED] = n(0.8, 7);
    e[super::F_FORWARDED] = n(0.4, 8);
    e[super::F_AUTORESPONDED] = n(0.15, 10);
    e[super::F_OUT_MSG] = out;
    e[super::F_OUT_RCPT] = (out as f64 * 1.6 * r(11, 0.4)).round() as i64;
    e[super::F_OUT_SIZE] = (out as f64 * 24_000.0 * r(12, 0.6)) as i64;
    e
}

/// Today's gauges, scaled back along the year: fewer accounts and less mail earlier.
fn gauges_then(now: &[i64; 14], progress: f64) -> [i64; 14] {
    let mut g = *now;
    for (i, v) in g.iter_mut().enumerate() {
        let scale = match i {
            0..=3 | 5..=9 => 0.7 + 0.3 * progress,
            10 | 11 => 0.45 + 0.55 * progress,
            _ => 1.0,
        };
        *v = (*v as f64 * scale).round() as i64;
    }
    g
}

/// Writes `options.days` days of history before today, then rebuilds the
/// weeks and months they touch. Replaces what those days had.
pub async fn seed(engine: &Engine, options: Options) -> Result<()> {
    super::flush(engine).await?;
    let today = super::today(engine);
    let first = today - options.days;
    let mut tx = engine.db().begin_write().await?;
    let accounts: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT u.id, u.domain_id, d.company_id FROM users u JOIN domains d ON d.id = u.domain_id \
         WHERE u.deleted_at IS NULL AND u.kind <> 'alias' AND d.deleted_at IS NULL AND d.alias_of IS NULL ORDER BY u.id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let now = rollup::gauges(&mut tx, Scope::All).await?;
    let mut company_of: HashMap<i64, i64> = HashMap::new();
    let mut users_in: BTreeMap<i64, i64> = BTreeMap::new();
    for (_, domain, company) in &accounts {
        company_of.insert(*domain, *company);
        *users_in.entry(*domain).or_default() += 1;
    }
    sqlx::query("DELETE FROM stats_events WHERE day >= $1 AND day < $2")
        .bind(first)
        .bind(today)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM stats_periods WHERE period = 'day' AND start_day >= $1 AND start_day < $2")
        .bind(first)
        .bind(today)
        .execute(&mut *tx)
        .await?;
    let cols = FLOWS.join(", ");
    for day in first..today {
        let progress = (day - first) as f64 / options.days.max(1) as f64;
        let mut domains: BTreeMap<i64, Figures> = BTreeMap::new();
        if options.per_account {
            let mut rows = Vec::with_capacity(accounts.len());
            for (user, domain, _) in &accounts {
                let e = events(*user, day, progress, 1.0);
                domains.entry(*domain).or_default().add_flows(&e);
                rows.push((*user, e));
            }
            for chunk in rows.chunks(ROWS_PER_INSERT) {
                let mut sql = format!("INSERT INTO stats_events (user_id, day, {cols}) VALUES ");
                for (i, (user, e)) in chunk.iter().enumerate() {
                    sql.push_str(if i == 0 { "(" } else { ", (" });
                    super::push_numbers(&mut sql, [*user, day].into_iter().chain(*e));
                    sql.push(')');
                }
                sqlx::query(&sql).execute(&mut *tx).await?;
            }
        } else {
            for (domain, n) in &users_in {
                domains.entry(*domain).or_default().add_flows(&events(*domain, day, progress, *n as f64));
            }
        }
        for (domain, g) in &now {
            domains.entry(*domain).or_default().gauges = gauges_then(g, progress);
        }
        let companies = Figures::per_company(&domains, &company_of);
        let rows: Vec<(&str, i64, Figures)> = domains
            .iter()
            .map(|(id, f)| ("domain", *id, *f))
            .chain(companies.iter().map(|(id, f)| ("company", *id, *f)))
            .collect();
        insert_rows(&mut tx, Period::Day, day, &rows, true).await?;
    }
    rebuild_range(&mut tx, first, today).await?;
    tx.commit().await?;
    Ok(())
}

/// Rebuilds every week and month that touches days `first..=last`.
async fn rebuild_range(conn: &mut AnyConnection, first: i64, last: i64) -> Result<()> {
    for period in [Period::Week, Period::Month] {
        let mut start = period.start_of(first);
        while start <= last {
            rebuild(conn, period, start).await?;
            start = period.next(start);
        }
    }
    Ok(())
}
