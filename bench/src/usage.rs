//! `postroom-bench stats`: usage statistics at scale. A company of 100,000
//! accounts with a year of history: stats_summary by day (and week, month)
//! call by call; then a million accounts' events for one day: recording them
//! in memory, writing them (flush), and the rollup of that day.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, Result};
use engine::changes::Actor;
use engine::directory::provision;
use engine::stats::history::{self, Options};
use engine::stats::stats_summary::{self, stats_summary};
use engine::stats::{rollup, Event, Login};
use engine::Engine;

use crate::cli::StatsArgs;
use crate::scale::{company_admin, each_backend, engine_config, report, time};

pub fn run(args: &StatsArgs) -> Result<()> {
    each_backend(args.keep, args.postgres.as_deref(), async |label, url| {
        let (users, rollup_users) =
            if label == "SQLite" { (args.users, args.rollup_users) } else { (args.users, args.pg_rollup_users) };
        backend(label, url, users, rollup_users, args.samples).await
    })
}

const DOMAINS: usize = 10;

async fn backend(label: &str, url: &str, users: usize, rollup_users: usize, samples: usize) -> Result<()> {
    println!("\n{label}: a company of {users} accounts in {DOMAINS} domains with a year of history");
    let engine = Engine::open(url, engine_config()).await.map_err(|e| anyhow!("{e}"))?;
    let actor = Actor::system("bench");
    let company = provision::create_company(&engine, &actor, "Stats Co").await.map_err(|e| anyhow!("{e}"))?;
    let mut domains = Vec::new();
    for d in 0..DOMAINS {
        let domain = provision::create_domain(&engine, &actor, &company, &format!("d{d}.stats.test"))
            .await
            .map_err(|e| anyhow!("{e}"))?;
        domains.push(domain.id);
    }
    let t = Instant::now();
    insert_accounts(&engine, &domains, 0, users).await?;
    println!("{:<44} {:>9.1} s", format!("seeding {users} accounts (bare SQL)"), t.elapsed().as_secs_f64());
    let t = Instant::now();
    history::seed(&engine, Options { days: 365, per_account: false }).await.map_err(|e| anyhow!("{e}"))?;
    rollup::rollup_day(&engine, engine::stats::today(&engine)).await.map_err(|e| anyhow!("{e}"))?;
    println!("{:<44} {:>9.1} s", "a year of history + today's rollup", t.elapsed().as_secs_f64());

    println!("{:<44} {:>9} {:>9} {:>9}", "call (ms)", "p50", "p99", "max");
    let ctx = company_admin(company.id);
    for by in ["day", "week", "month"] {
        let times = time(samples, || async {
            let req = stats_summary::Request {
                kind: Some("company".into()),
                object: Some("Stats Co".into()),
                by: Some(by.into()),
            };
            stats_summary(&engine, &ctx, req).await.map(|r| r.summary.len() as i64)
        })
        .await?;
        report(&format!("stats_summary company by {by}"), &times);
    }
    let times = time(samples, || async {
        let req =
            stats_summary::Request { kind: Some("domain".into()), object: Some("d0.stats.test".into()), by: None };
        stats_summary(&engine, &ctx, req).await.map(|r| r.summary.len() as i64)
    })
    .await?;
    report("stats_summary domain by day", &times);

    // A million accounts' events for one day.
    if rollup_users > users {
        let t = Instant::now();
        insert_accounts(&engine, &domains, users, rollup_users).await?;
        println!(
            "\n{:<44} {:>9.1} s",
            format!("seeding {} more accounts (bare SQL)", rollup_users - users),
            t.elapsed().as_secs_f64()
        );
    }
    let (first_id,): (i64,) =
        sqlx::query_as("SELECT MIN(id) FROM users WHERE domain_id IS NOT NULL").fetch_one(engine.db().pool()).await?;
    let t = Instant::now();
    for i in 0..rollup_users as i64 {
        let id = first_id + i;
        engine.record(id, Event::Received { spam: i % 5 == 0, size: 20_000 + i % 7_000 });
        engine.record(id, Event::Login(if i % 3 == 0 { Login::Pop3 } else { Login::Imap4 }));
    }
    let recorded = t.elapsed();
    println!(
        "{:<44} {:>9.1} s ({:.0} ns per event)",
        format!("recording {} events in memory", 2 * rollup_users),
        recorded.as_secs_f64(),
        recorded.as_nanos() as f64 / (2 * rollup_users) as f64
    );
    let t = Instant::now();
    engine::stats::flush(&engine).await.map_err(|e| anyhow!("{e}"))?;
    println!("{:<44} {:>9.1} s", format!("flush: {rollup_users} account-days written"), t.elapsed().as_secs_f64());
    let today = engine::stats::today(&engine);
    for run in ["rollup of today (first run)", "rollup of today (again)"] {
        let t = Instant::now();
        let done = rollup::rollup_day(&engine, today).await.map_err(|e| anyhow!("{e}"))?;
        println!("{:<44} {:>9.1} s ({} domains)", run, t.elapsed().as_secs_f64(), done.domains);
    }
    let times = time(samples.min(50), || async {
        let req = stats_summary::Request {
            kind: Some("company".into()),
            object: Some("Stats Co".into()),
            by: Some("day".into()),
        };
        stats_summary(&engine, &ctx, req).await.map(|r| r.summary.len() as i64)
    })
    .await?;
    report(&format!("stats_summary company by day ({rollup_users} accounts)"), &times);
    engine.db().close().await;
    Ok(())
}

/// Accounts `from..to`, spread over the domains, by multi-row INSERTs (the
/// attributes as the engine writes them: services enabled).
async fn insert_accounts(engine: &Arc<Engine>, domains: &[i64], from: usize, to: usize) -> Result<()> {
    const ROWS: usize = 400;
    const PER_TX: usize = 50_000;
    let attrs = r#"{"delivery_local":true,"name":"x","service_imap4":"enabled","service_pop3":"enabled","service_smtpin":"enabled","service_smtprelay":"enabled","service_smtprelay_webmail":"enabled","service_webmail":"enabled"}"#;
    let mut i = from;
    while i < to {
        let end = (i + PER_TX).min(to);
        let mut tx = engine.db().begin_write().await.map_err(|e| anyhow!("{e}"))?;
        while i < end {
            let stop = (i + ROWS).min(end);
            let mut sql = String::from("INSERT INTO users (name, domain_id, attrs, kind, created_at) VALUES ");
            for n in i..stop {
                let domain = domains[n % domains.len()];
                if n > i {
                    sql.push(',');
                }
                sql.push_str(&format!("('u{n}@d{}.stats.test', {domain}, '{attrs}', 'mailbox', 0)", n % domains.len()));
            }
            sqlx::query(&sql).execute(&mut *tx).await?;
            i = stop;
        }
        tx.commit().await?;
    }
    Ok(())
}
