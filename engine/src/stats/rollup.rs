//! The rollup: a day's domain and company rows rebuilt from the accounts'
//! events plus gauges (accounts by type and service, storage) read from the
//! live tables, then the week and the month around the day rebuilt from their
//! days. Rebuilding replaces rows, so running it again gives the same figures.
//! A closed day keeps the gauges measured while it was current (the live
//! tables only know today); it is measured now only if it never was.

use std::collections::{BTreeMap, HashMap};

use sqlx::{AnyConnection, Row};

use super::calendar::{self, Period};
use super::{all_columns, figures_at, flush, Figures, FLOWS, GAUGES, ROWS_PER_INSERT};
use crate::db::{Arg, Sql};
use crate::error::Result;
use crate::Engine;

/// Which domains gauges are measured for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Company(i64),
    Domain(i64),
}

impl Scope {
    fn filter(self, sql: &mut Sql) {
        match self {
            Scope::All => {}
            Scope::Company(id) => {
                sql.push(" AND d.company_id = ").arg(Arg::Int(id));
            }
            Scope::Domain(id) => {
                sql.push(" AND d.id = ").arg(Arg::Int(id));
            }
        }
    }
}

/// What a rollup wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Done {
    pub day: i64,
    pub domains: usize,
    pub companies: usize,
}

/// Gauges per live domain, measured now.
pub async fn gauges(conn: &mut AnyConnection, scope: Scope) -> Result<HashMap<i64, [i64; 14]>> {
    let dead = "CAST(CASE WHEN u.deleted_at IS NULL THEN 0 ELSE 1 END AS BIGINT)";
    let services: Vec<String> = ["smtprelay", "smtpin", "imap4", "pop3", "webmail"]
        .iter()
        .map(|s| {
            format!("CAST(SUM(CASE WHEN u.attrs LIKE '%\"service_{s}\":\"enabled\"%' THEN 1 ELSE 0 END) AS BIGINT)")
        })
        .collect();
    let mut sql = Sql::new(format!(
        "SELECT u.domain_id, u.kind, {dead}, CAST(COUNT(*) AS BIGINT), {} \
         FROM users u JOIN domains d ON d.id = u.domain_id WHERE d.deleted_at IS NULL AND d.alias_of IS NULL",
        services.join(", ")
    ));
    scope.filter(&mut sql);
    sql.push(&format!(" GROUP BY u.domain_id, u.kind, {dead}"));
    let mut out: HashMap<i64, [i64; 14]> = HashMap::new();
    for row in sql.query().fetch_all(&mut *conn).await? {
        let domain: i64 = row.try_get(0)?;
        let kind: String = row.try_get(1)?;
        let is_dead: i64 = row.try_get(2)?;
        let count: i64 = row.try_get(3)?;
        let g = out.entry(domain).or_default();
        if kind == "alias" {
            if is_dead == 0 {
                g[3] += count;
            }
            continue;
        }
        if is_dead == 1 {
            g[4] += count;
        } else {
            match kind.as_str() {
                "forward" => g[1] += count,
                "filter" => g[2] += count,
                _ => g[0] += count,
            }
        }
        // Services: every non-alias account, recoverable ones too (as the spec's example counts them).
        for i in 0..5 {
            g[5 + i] += row.try_get::<i64, _>(4 + i)?;
        }
    }
    let mut sql = Sql::new(format!(
        "SELECT u.domain_id, {dead}, CAST(SUM(f.messages) AS BIGINT), CAST(SUM(f.bytes) AS BIGINT) \
         FROM mail_folders f JOIN users u ON u.id = f.user_id JOIN domains d ON d.id = u.domain_id \
         WHERE f.deleted = 0 AND d.deleted_at IS NULL AND d.alias_of IS NULL"
    ));
    scope.filter(&mut sql);
    sql.push(&format!(" GROUP BY u.domain_id, {dead}"));
    let rows: Vec<(i64, i64, i64, i64)> = sql.query_as().fetch_all(&mut *conn).await?;
    for (domain, is_dead, items, bytes) in rows {
        let g = out.entry(domain).or_default();
        let at = if is_dead == 1 { 12 } else { 10 };
        g[at] += items;
        g[at + 1] += bytes;
    }
    Ok(out)
}

/// Each domain's company (alias domains hold nothing).
async fn companies_of(conn: &mut AnyConnection) -> Result<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, company_id FROM domains WHERE alias_of IS NULL").fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().collect())
}

/// Rebuilds `day`'s rows and the week and month around it.
pub async fn rollup_day(engine: &Engine, day: i64) -> Result<Done> {
    flush(engine).await?;
    let today = super::today(engine);
    let mut tx = engine.db().begin_write().await?;
    let cols = FLOWS.iter().map(|c| format!("CAST(SUM(e.{c}) AS BIGINT)")).collect::<Vec<_>>().join(", ");
    let flows = sqlx::query(&format!(
        "SELECT u.domain_id, {cols} FROM stats_events e JOIN users u ON u.id = e.user_id \
         WHERE e.day = $1 AND u.domain_id IS NOT NULL GROUP BY u.domain_id"
    ))
    .bind(day)
    .fetch_all(&mut *tx)
    .await?;
    let mut domains: BTreeMap<i64, Figures> = BTreeMap::new();
    for row in flows {
        let f = domains.entry(row.try_get(0)?).or_default();
        for i in 0..FLOWS.len() {
            f.flows[i] = row.try_get(1 + i)?;
        }
    }
    // Gauges: measured now for today; a closed day keeps what it had.
    let kept = sqlx::query(&format!(
        "SELECT object_id, {} FROM stats_periods WHERE scope = 'domain' AND period = 'day' AND start_day = $1 \
         AND gauged = 1",
        GAUGES.join(", ")
    ))
    .bind(day)
    .fetch_all(&mut *tx)
    .await?;
    let measured: HashMap<i64, [i64; 14]> = if day < today && !kept.is_empty() {
        let mut m = HashMap::new();
        for row in kept {
            let mut g = [0i64; 14];
            for (i, v) in g.iter_mut().enumerate() {
                *v = row.try_get(1 + i)?;
            }
            m.insert(row.try_get::<i64, _>(0)?, g);
        }
        m
    } else {
        gauges(&mut tx, Scope::All).await?
    };
    for (domain, g) in measured {
        domains.entry(domain).or_default().gauges = g;
    }
    let company_of = companies_of(&mut tx).await?;
    let companies = Figures::per_company(&domains, &company_of);
    sqlx::query("DELETE FROM stats_periods WHERE period = 'day' AND start_day = $1")
        .bind(day)
        .execute(&mut *tx)
        .await?;
    let rows: Vec<(&str, i64, Figures)> = domains
        .iter()
        .map(|(id, f)| ("domain", *id, *f))
        .chain(companies.iter().map(|(id, f)| ("company", *id, *f)))
        .collect();
    insert_rows(&mut tx, Period::Day, day, &rows, true).await?;
    for period in [Period::Week, Period::Month] {
        rebuild(&mut tx, period, period.start_of(day)).await?;
    }
    tx.commit().await?;
    Ok(Done { day, domains: domains.len(), companies: companies.len() })
}

/// Rolls up yesterday and today (what the schedule and `postroom stats rollup` do).
pub async fn rollup_recent(engine: &Engine) -> Result<Vec<Done>> {
    let today = super::today(engine);
    Ok(vec![rollup_day(engine, today - 1).await?, rollup_day(engine, today).await?])
}

/// Writes rows of one period.
pub(crate) async fn insert_rows(
    conn: &mut AnyConnection,
    period: Period,
    start: i64,
    rows: &[(&str, i64, Figures)],
    gauged: bool,
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        // Numbers in the text (see stats::flush); scopes are our own words.
        let mut sql = format!(
            "INSERT INTO stats_periods (scope, object_id, period, start_day, {}, gauged) VALUES ",
            all_columns()
        );
        for (i, (scope, id, f)) in chunk.iter().enumerate() {
            let scope = if *scope == "company" { "company" } else { "domain" };
            sql.push_str(&format!(
                "{}('{scope}', {id}, '{}', {start}, ",
                if i == 0 { "" } else { ", " },
                period.as_str()
            ));
            super::push_numbers(&mut sql, f.flows.iter().chain(f.gauges.iter()).copied());
            sql.push_str(if gauged { ", 1)" } else { ", 0)" });
        }
        sqlx::query(&sql).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Rebuilds a week's or a month's rows from its days: flows summed, gauges
/// of the last measured day.
pub(crate) async fn rebuild(conn: &mut AnyConnection, period: Period, start: i64) -> Result<()> {
    let end = period.next(start);
    let rows = sqlx::query(&format!(
        "SELECT scope, object_id, start_day, gauged, {} FROM stats_periods \
         WHERE period = 'day' AND start_day >= $1 AND start_day < $2",
        all_columns()
    ))
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    let mut sums: BTreeMap<(String, i64), (Figures, i64, bool)> = BTreeMap::new();
    for row in rows {
        let scope: String = row.try_get(0)?;
        let id: i64 = row.try_get(1)?;
        let day: i64 = row.try_get(2)?;
        let gauged: i64 = row.try_get(3)?;
        let f = figures_at(&row, 4)?;
        let entry = sums.entry((scope, id)).or_insert((Figures::default(), i64::MIN, false));
        entry.0.add_flows(&f.flows);
        if gauged == 1 && day > entry.1 {
            entry.0.gauges = f.gauges;
            entry.1 = day;
            entry.2 = true;
        }
    }
    sqlx::query("DELETE FROM stats_periods WHERE period = $1 AND start_day = $2")
        .bind(period.as_str())
        .bind(start)
        .execute(&mut *conn)
        .await?;
    let (gauged, not): (Vec<_>, Vec<_>) = sums.into_iter().partition(|(_, (_, _, g))| *g);
    let gauged: Vec<(&str, i64, Figures)> = gauged.iter().map(|((s, id), (f, _, _))| (s.as_str(), *id, *f)).collect();
    let not: Vec<(&str, i64, Figures)> = not.iter().map(|((s, id), (f, _, _))| (s.as_str(), *id, *f)).collect();
    insert_rows(conn, period, start, &gauged, true).await?;
    insert_rows(conn, period, start, &not, false).await?;
    Ok(())
}

/// The first day any stats exist for (None on a fresh server).
pub async fn first_day(engine: &Engine) -> Result<Option<i64>> {
    let (first,): (Option<i64>,) = sqlx::query_as("SELECT MIN(start_day) FROM stats_periods WHERE period = 'day'")
        .fetch_one(engine.db().pool())
        .await?;
    Ok(first)
}

/// The periods that have stats, oldest first: from the first day with any
/// (or today) to today.
pub async fn available(engine: &Engine, period: Period) -> Result<Vec<i64>> {
    let today = super::today(engine);
    // At most 4 years back, what stats_summary can show.
    let first = first_day(engine).await?.unwrap_or(today).clamp(today - 4 * 366, today);
    let mut out = Vec::new();
    let mut start = period.start_of(first);
    while start <= today {
        out.push(start);
        start = period.next(start);
    }
    Ok(out)
}

/// A period key of [`available`]'s, or None.
pub async fn known_period(engine: &Engine, key: &str) -> Result<Option<(Period, i64)>> {
    let Some((period, start)) = calendar::parse_key(key) else { return Ok(None) };
    Ok(available(engine, period).await?.contains(&start).then_some((period, start)))
}
