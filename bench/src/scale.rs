//! `postroom-bench domains`: lists at scale. Seeds one company with many
//! domains through the engine (batched transactions), then times, call by
//! call, what the portal and OMA clients do with such a company.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use engine::changes::Actor;
use engine::db::Backend;
use engine::directory::provision;
use engine::domain::{aliases, change_domain, get_domain, search_domains};
use engine::identity::{Caller, Grant, Home, Role};
use engine::oma::search::{Direction, Range, Search, Sort};
use engine::{Config, Ctx, Engine};
use serde_json::{Map, Value};

use crate::cli::DomainsArgs;
use crate::stats::percentile;

pub fn run(args: &DomainsArgs) -> Result<()> {
    each_backend(args.keep, args.postgres.as_deref(), async |label, url| backend(label, url, args).await)
}

/// Runs `bench` on a fresh SQLite file, then on a fresh PostgreSQL database
/// made at `postgres` (an admin URL) when there is one; `keep` keeps both.
pub fn each_backend(keep: bool, postgres: Option<&str>, bench: impl AsyncFn(&str, &str) -> Result<()>) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        let sqlite = format!("sqlite://{}/scale.db", dir.path().display());
        bench("SQLite", &sqlite).await?;
        if keep {
            println!("(kept {sqlite})");
            std::mem::forget(dir);
        }
        match postgres {
            Some(admin) => {
                let url = fresh_database(admin, "scale").await?;
                bench("PostgreSQL", &url).await?;
                if keep {
                    println!("(kept {url})");
                } else {
                    drop_database(admin, &url).await?;
                }
            }
            None => println!("\n(PostgreSQL not measured: pass --postgres URL or set POSTROOM_TEST_PG_URL)"),
        }
        Ok(())
    })
}

/// A new, empty database next to the `admin` URL's: its URL.
pub async fn fresh_database(admin: &str, prefix: &str) -> Result<String> {
    let name = format!("{prefix}_{}", std::process::id());
    let pool = sqlx::PgPool::connect(admin).await.context("connecting to PostgreSQL")?;
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await?;
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin);
    Ok(format!("{base}/{name}"))
}

pub async fn drop_database(admin: &str, url: &str) -> Result<()> {
    let name = url.rsplit_once('/').map(|(_, n)| n).unwrap_or(url);
    let pool = sqlx::PgPool::connect(admin).await.context("connecting to PostgreSQL")?;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&pool).await?;
    Ok(())
}

async fn backend(label: &str, url: &str, args: &DomainsArgs) -> Result<()> {
    let engine = Engine::open(url, engine_config()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let started = Instant::now();
    let company = seed(&engine, args.count).await?;
    let seeded = started.elapsed().as_secs_f64();
    println!(
        "\n{label}: {} domains in one company, seeded in {seeded:.1} s ({:.0} domains/s)",
        args.count,
        args.count as f64 / seeded
    );
    let ctx = company_admin(company);
    println!("{:<44} {:>9} {:>9} {:>9}", "call", "p50 ms", "p99 ms", "max ms");
    let middle = (args.count / 2) as i64;
    let keys = [
        "domain",
        "id",
        "type",
        "users",
        "users/mailbox",
        "users/forward",
        "users/filter",
        "users/alias",
        "users/deleted",
    ];
    for key in keys {
        for (what, pattern, first) in [
            ("first page", None, 0),
            ("page at the middle", None, middle),
            ("match ab*", Some("ab*"), 0),
            ("match *ab*", Some("*ab*"), 0),
        ] {
            let times = time(args.samples, || {
                let req = Search {
                    criteria: search_domains::Criteria { pattern: pattern.map(String::from), ..Default::default() },
                    range: Range { first: Some(first), limit: Some(50) },
                    sort: Sort { by: Some(key.to_string()), direction: Direction::Descending },
                };
                let (engine, ctx) = (&engine, &ctx);
                async move { search_domains::search_domains(engine, ctx, req).await.map(|r| r.count) }
            })
            .await?;
            report(&format!("search_domains {key}, {what}"), &times);
        }
    }
    let names: Vec<String> = (0..args.samples).map(|i| domain_name((i * 7919) % args.count)).collect();
    let mut i = 0;
    let times = time(args.samples, || {
        i += 1;
        let req = get_domain::Request { domain: names[i % names.len()].clone() };
        let (engine, ctx) = (&engine, &ctx);
        async move { get_domain::get_domain(engine, ctx, req).await.map(|_| 0) }
    })
    .await?;
    report("get_domain", &times);
    let mut i = 0;
    let times = time(args.samples, || {
        i += 1;
        let mut attributes = Map::new();
        attributes.insert("spamtag".into(), Value::from(format!("[S{i}]")));
        let req = change_domain::Request { domain: names[i % names.len()].clone(), attributes, create_only: None };
        let (engine, ctx) = (&engine, &ctx);
        async move { change_domain::change_domain(engine, ctx, req).await.map(|_| 0) }
    })
    .await?;
    report("change_domain (one attribute)", &times);
    engine.db().close().await;
    Ok(())
}

/// Pronounceable, varied names so that `match` patterns hit some and miss most.
fn domain_name(i: usize) -> String {
    const SYLLABLES: [&str; 16] =
        ["ab", "ka", "lo", "mi", "nu", "or", "pe", "qu", "ra", "si", "tu", "ve", "wo", "xi", "yo", "ze"];
    let a = SYLLABLES[i % 16];
    let b = SYLLABLES[(i / 16) % 16];
    let tld = ["com", "net", "org"][i % 3];
    format!("{a}{b}{i}.{tld}")
}

/// One company with `count` domains; user counts spread so that sorting by them means something.
async fn seed(engine: &Engine, count: usize) -> Result<i64> {
    let actor = Actor::system("bench");
    let company = provision::create_company(engine, &actor, "Scale Co").await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let attrs = engine::domain::new_domain_attrs(&engine::attributes::company_defaults());
    let now = engine.clock().now();
    for batch in (0..count).collect::<Vec<_>>().chunks(2000) {
        let mut tx = engine.db().begin_write().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        for i in batch {
            let name = domain_name(*i);
            let domain = provision::insert_domain(&mut tx, &actor, now, company.id, &name, &attrs)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            // One domain in twenty has an alias domain, so that `type` means something.
            if i % 20 == 0 {
                let alias = [format!("alias-{name}")];
                aliases::set(&mut tx, domain.id, company.id, &name, &alias, now)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
            }
        }
        tx.commit().await?;
    }
    sqlx::query(
        "UPDATE domains SET users_mailbox = (id * 7919) % 400, users_forward = (id * 31) % 20, \
         users_filter = (id * 17) % 5, users_alias = (id * 13) % 30, users_deleted = (id * 11) % 7 \
         WHERE is_alias = 0",
    )
    .execute(engine.db().pool())
    .await?;
    sqlx::query("UPDATE domains SET user_count = users_mailbox + users_forward + users_filter + users_alias")
        .execute(engine.db().pool())
        .await?;
    analyze(engine).await?;
    Ok(company.id)
}

/// Fresh statistics (and on PostgreSQL a current visibility map, for
/// index-only scans), as autovacuum gives a long-running database.
pub async fn analyze(engine: &Engine) -> Result<()> {
    let analyze = match engine.db().backend() {
        Backend::Sqlite => "ANALYZE",
        Backend::Postgres => "VACUUM ANALYZE",
    };
    sqlx::query(analyze).execute(engine.db().pool()).await?;
    Ok(())
}

pub fn company_admin(company_id: i64) -> Ctx {
    let caller = Caller {
        user_id: 0,
        name: "bench-admin".into(),
        grant: Some(Grant { role: Role::Company, company_id: Some(company_id), domain_id: None, workgroup_id: None }),
        home: Home { company_id: Some(company_id), domain_id: None, workgroup_id: None },
    };
    Ctx::new(Arc::new(caller), "bench")
}

/// Runs `call` `samples` times one after another (after a few warm-up calls)
/// and returns each call's microseconds.
pub async fn time<F, Fut>(samples: usize, mut call: F) -> Result<Vec<u32>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = engine::Result<i64>>,
{
    for _ in 0..5 {
        call().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let mut times = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t = Instant::now();
        call().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(t.elapsed().as_micros() as u32);
    }
    Ok(times)
}

pub fn report(what: &str, times: &[u32]) {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let ms = |us: u32| f64::from(us) / 1000.0;
    let max = sorted.last().copied().unwrap_or(0);
    let at = |p: f64| ms(percentile(&sorted, p).unwrap_or(0));
    println!("{what:<44} {:>9.2} {:>9.2} {:>9.2}", at(50.0), at(99.0), ms(max));
}

/// The engine's settings for a benchmark: its mail store in a scratch
/// directory of its own (removed when the process ends normally).
pub fn engine_config() -> Config {
    let root = std::env::temp_dir().join(format!("postroom-bench-mail-{}", std::process::id()));
    Config { mail_root: root, ..Config::default() }
}

/// Removes the scratch mail store of [`engine_config`].
pub fn remove_scratch_mail() {
    let _ = std::fs::remove_dir_all(engine_config().mail_root);
}
