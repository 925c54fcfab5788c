//! `postroom-bench users`: accounts at scale. Creates a million accounts in
//! one domain through the engine path CSV import uses (pre-hashed passwords),
//! against a bare SQL insert of the same rows into an identical schema; then
//! times search_users pages, get_user and change_user at that size, and the
//! bulk path's plain-password (BCRYPT-10) throughput against bare bcrypt.

use std::time::Instant;

use anyhow::{bail, Context, Result};
use engine::changes::Actor;
use engine::directory::provision;
use engine::identity::password::{self, Encoding};
use engine::oma::search::{Direction, Range, Sort};
use engine::user::bulk_create::{self, Mode, NewUser};
use engine::user::{change_user, get_user, search_users};
use engine::Engine;
use serde_json::{json, Map, Value};

use crate::cli::UsersArgs;
use crate::scale::{analyze, company_admin, each_backend, report, time};

const DOMAIN: &str = "scale.example";

pub fn run(args: &UsersArgs) -> Result<()> {
    if let Some(url) = &args.seeded {
        return again(url, args);
    }
    each_backend(args.keep, args.postgres.as_deref(), async |label, url| {
        let count = if label == "SQLite" { args.count } else { args.pg_count };
        backend(label, url, count, args).await
    })
}

async fn backend(label: &str, url: &str, count: usize, args: &UsersArgs) -> Result<()> {
    println!("\n{label}: {count} accounts in one domain");
    let stored = password::hash("bench-password", Encoding::DEFAULT);
    let slice = (count / 10).max(1);

    // The baseline: the same rows, inserted by plain SQL into an identical, empty schema.
    let bare_url = sibling(url, args).await?;
    let bare = open(&bare_url).await?;
    let (_, bare_domain, bare_workgroup) = home(&bare).await?;
    let mut bare_rates = Vec::new();
    for first in (0..count).step_by(slice) {
        let rows: Vec<NewUser> = (first..(first + slice).min(count)).map(|i| row(i, &stored)).collect();
        let t = Instant::now();
        bare_insert(&bare, bare_domain, bare_workgroup, &rows).await?;
        bare_rates.push(rows.len() as f64 / t.elapsed().as_secs_f64());
    }
    bare.db().close().await;
    forget(&bare_url, args).await?;

    // The engine path, slice by slice, so that a rate falling with size shows.
    let engine = open(url).await?;
    let (company, _, _) = home(&engine).await?;
    let ctx = company_admin(company);
    let mut rates = Vec::new();
    for first in (0..count).step_by(slice) {
        let rows: Vec<NewUser> = (first..(first + slice).min(count)).map(|i| row(i, &stored)).collect();
        let t = Instant::now();
        let results = bulk_create::create_users(&engine, &ctx, &rows, Mode::Create, &|_| ()).await;
        if let Some((i, Err(e))) = results.iter().enumerate().find(|(_, r)| r.is_err()) {
            bail!("row {} ({}) failed: {e}", first + i, rows[i].user);
        }
        rates.push(rows.len() as f64 / t.elapsed().as_secs_f64());
    }
    println!("{:<44} {:>12} {:>12} {:>7}", "bulk creation, per tenth of the rows", "bare rows/s", "engine/s", "ratio");
    for (i, (b, e)) in bare_rates.iter().zip(&rates).enumerate() {
        println!("{:<44} {b:>12.0} {e:>12.0} {:>6.2}x", format!("rows {}..{}", i * slice, (i + 1) * slice), e / b);
    }
    let mean = |v: &[f64]| v.len() as f64 / v.iter().map(|r| 1.0 / r).sum::<f64>();
    let (b, e) = (mean(&bare_rates), mean(&rates));
    println!("{:<44} {b:>12.0} {e:>12.0} {:>6.2}x", "all rows", e / b);
    println!(
        "{:<44} {:>12} {:>12} {:>6.2}x",
        "engine rate, last tenth to first",
        "",
        "",
        rates.last().copied().unwrap_or(0.0) / rates[0]
    );

    // Last logins over the past year for nine in ten; the rest never logged in.
    sqlx::query("UPDATE users SET last_login = 1700000000 + (id * 7919) % 31536000 WHERE id % 10 <> 0")
        .execute(engine.db().pool())
        .await?;
    analyze(&engine).await?;

    calls(&engine, &ctx, count, args).await?;

    // Plain passwords: the hash is the work. Bare bcrypt on every core, then the bulk path.
    let n = args.bcrypt;
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let t = Instant::now();
    std::thread::scope(|s| {
        for k in 0..threads {
            s.spawn(move || {
                for j in (k..n).step_by(threads) {
                    password::hash(&format!("plain-{j}"), Encoding::DEFAULT);
                }
            });
        }
    });
    let bare_bcrypt = n as f64 / t.elapsed().as_secs_f64();
    let rows: Vec<NewUser> = (0..n)
        .map(|j| NewUser {
            user: format!("plain{j}@{DOMAIN}"),
            attributes: json!({ "password": format!("plain-{j}") }).as_object().cloned().unwrap_or_default(),
        })
        .collect();
    let t = Instant::now();
    let results = bulk_create::create_users(&engine, &ctx, &rows, Mode::Create, &|_| ()).await;
    if results.iter().any(Result::is_err) {
        bail!("plain-password rows failed");
    }
    let engine_bcrypt = n as f64 / t.elapsed().as_secs_f64();
    println!(
        "{:<44} {bare_bcrypt:>9.1} {engine_bcrypt:>9.1} {:>6.2}x  ({n} rows, {threads} cores)",
        "BCRYPT-10: bare hashes/s, engine rows/s",
        engine_bcrypt / bare_bcrypt
    );
    engine.db().close().await;
    Ok(())
}

/// Times search_users pages, get_user and change_user on a seeded domain of `count` accounts.
async fn calls(engine: &Engine, ctx: &engine::Ctx, count: usize, args: &UsersArgs) -> Result<()> {
    println!("{:<44} {:>9} {:>9} {:>9}", "call", "p50 ms", "p99 ms", "max ms");
    let middle = (count / 2) as i64;
    for key in search_users::SORT_KEYS.iter().filter(|k| **k != "delete_time") {
        for (what, pattern, first) in [
            ("first page", None, 0),
            ("page at the middle", None, middle),
            // Each sample a different depth (-1): pages people jump to.
            ("pages at random depths", None, -1),
            ("match abc*", Some("abc*"), 0),
            ("match *abc*", Some("*abc*"), 0),
            ("match a?c*", Some("a?c*"), 0),
            ("match a*", Some("a*"), 0),
        ] {
            let mut sample = 0;
            let times = time(args.samples, || {
                sample += 1;
                let first = if first < 0 { ((sample * 7919 * 104_729) % count) as i64 } else { first };
                let req = search_users::Request {
                    criteria: Some(search_users::Criteria {
                        domain: Some(DOMAIN.into()),
                        pattern: pattern.map(String::from),
                        ..Default::default()
                    }),
                    range: Range { first: Some(first), limit: Some(50) },
                    sort: Sort { by: Some(key.to_string()), direction: Direction::Descending },
                    fields: Vec::new(),
                };
                let (engine, ctx) = (engine, ctx);
                async move { search_users::search_users(engine, ctx, req).await.map(|r| r.count) }
            })
            .await?;
            report(&format!("search_users {key}, {what}"), &times);
        }
    }
    let names: Vec<String> = (0..args.samples).map(|i| row((i * 7919) % count, "").user).collect();
    let mut i = 0;
    let times = time(args.samples, || {
        i += 1;
        let req = get_user::Request { user: names[i % names.len()].clone() };
        let (engine, ctx) = (engine, ctx);
        async move { get_user::get_user(engine, ctx, req).await.map(|_| 0) }
    })
    .await?;
    report("get_user", &times);
    let mut i = 0;
    let times = time(args.samples, || {
        i += 1;
        let mut attributes = Map::new();
        attributes.insert("title".into(), Value::from(format!("Title {i}")));
        let req = change_user::Request { user: names[i % names.len()].clone(), attributes, create_only: None };
        let (engine, ctx) = (engine, ctx);
        async move { change_user::change_user(engine, ctx, req).await.map(|_| 0) }
    })
    .await?;
    report("change_user (one attribute)", &times);

    Ok(())
}

/// The calls again on a database an earlier `--keep` run seeded (as a server
/// started afresh meets it: no page marks yet).
fn again(url: &str, args: &UsersArgs) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let engine = open(url).await?;
        let (company, count): (i64, i64) = sqlx::query_as(
            "SELECT d.company_id, COUNT(*) FROM users u JOIN domains d ON d.id = u.domain_id \
             WHERE d.name = $1 AND u.deleted_at IS NULL AND u.name NOT LIKE 'plain%' GROUP BY d.company_id",
        )
        .bind(DOMAIN)
        .fetch_one(engine.db().pool())
        .await
        .context("no seeded domain there")?;
        println!("\n{url}: {count} accounts in one domain, seeded earlier");
        calls(&engine, &company_admin(company), count as usize, args).await?;
        engine.db().close().await;
        Ok(())
    })
}

/// Row `i`: a pseudo-random six-letter start (so that `abc*`, `*abc*` and
/// `a?c*` hit some and miss most) and one account in twenty a forward.
fn row(i: usize, stored: &str) -> NewUser {
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66;
    let mut local = String::new();
    for _ in 0..6 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        local.push((b'a' + ((x >> 33) % 26) as u8) as char);
    }
    let mut attributes = Map::new();
    attributes.insert("password".into(), Value::from(stored));
    attributes.insert("name".into(), Value::from(format!("User {i}")));
    if i % 20 == 7 {
        attributes.insert("type".into(), Value::from("forward"));
        attributes.insert("forward_recipients".into(), json!([format!("{local}@elsewhere.example")]));
    }
    NewUser { user: format!("{local}{i}@{DOMAIN}"), attributes }
}

async fn open(url: &str) -> Result<std::sync::Arc<Engine>> {
    Engine::open(url, crate::scale::engine_config()).await.map_err(|e| anyhow::anyhow!("{e}"))
}

/// The company, domain and default workgroup the accounts go in.
async fn home(engine: &Engine) -> Result<(i64, i64, i64)> {
    let actor = Actor::system("bench");
    let company = provision::create_company(engine, &actor, "Scale Co").await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let domain =
        provision::create_domain(engine, &actor, &company, DOMAIN).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let (workgroup,): (i64,) = sqlx::query_as("SELECT id FROM workgroups WHERE domain_id = $1")
        .bind(domain.id)
        .fetch_one(engine.db().pool())
        .await?;
    Ok((company.id, domain.id, workgroup))
}

/// What the baseline does: one INSERT per row, a transaction per chunk, as the engine path.
async fn bare_insert(engine: &Engine, domain: i64, workgroup: i64, rows: &[NewUser]) -> Result<()> {
    for chunk in rows.chunks(bulk_create::CHUNK) {
        let mut tx = engine.db().begin_write().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        for r in chunk {
            sqlx::query(
                "INSERT INTO users (name, domain_id, workgroup_id, workgroup_name, password, full_name, attrs, created_at) \
                 VALUES ($1, $2, $3, 'staff', $4, $5, $6, 0)",
            )
            .bind(&r.user)
            .bind(domain)
            .bind(workgroup)
            .bind(r.attributes.get("password").and_then(Value::as_str))
            .bind(r.attributes.get("name").and_then(Value::as_str))
            .bind(Value::Object(r.attributes.clone()).to_string())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// A second database of the same backend for the baseline.
async fn sibling(url: &str, args: &UsersArgs) -> Result<String> {
    match url.strip_prefix("sqlite://") {
        Some(path) => Ok(format!("sqlite://{}", path.replace("scale.db", "bare.db"))),
        None => {
            let admin = args.postgres.as_deref().context("no PostgreSQL admin URL")?;
            crate::scale::fresh_database(admin, "bare").await
        }
    }
}

async fn forget(url: &str, args: &UsersArgs) -> Result<()> {
    match url.strip_prefix("sqlite://") {
        Some(path) => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
            Ok(())
        }
        None => {
            let admin = args.postgres.as_deref().context("no PostgreSQL admin URL")?;
            crate::scale::drop_database(admin, url).await
        }
    }
}
