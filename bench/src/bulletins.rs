//! `postroom-bench bulletins`: a bulletin posted to a domain of 100,000
//! mailboxes, mailboxes/second, against a hard link of one file into each
//! mailbox's `new/` (the least any single-instance delivery does) in the same
//! run; then the same for a bulletin with per-recipient variables (a file of
//! its own per mailbox), for information.

use std::time::Instant;

use anyhow::{anyhow, bail, Result};
use engine::bulletin::{change, post, worker};
use engine::changes::Actor;
use engine::directory::provision;
use engine::identity::password::{self, Encoding};
use engine::mailstore::inboxes;
use engine::user::bulk_create::{self, Mode, NewUser};
use engine::{Config, Engine};
use serde_json::{Map, Value};

use crate::cli::BulletinsArgs;
use crate::scale::{company_admin, each_backend};

const DOMAIN: &str = "bulletins.example";

pub fn run(args: &BulletinsArgs) -> Result<()> {
    each_backend(false, args.postgres.as_deref(), async |label, url| backend(label, url, args).await)
}

async fn backend(label: &str, url: &str, args: &BulletinsArgs) -> Result<()> {
    let scratch = tempfile::tempdir()?;
    let config = Config { mail_root: scratch.path().join("mail"), ..Config::default() };
    let engine = Engine::open(url, config).await.map_err(|e| anyhow!("{e}"))?;
    let actor = Actor::system("bench");
    let company = provision::create_company(&engine, &actor, "Bulletin Co").await.map_err(|e| anyhow!("{e}"))?;
    provision::create_domain(&engine, &actor, &company, DOMAIN).await.map_err(|e| anyhow!("{e}"))?;
    let ctx = company_admin(company.id);
    println!("\n{label}: a domain of {} mailboxes", args.mailboxes);

    let t = Instant::now();
    let stored = password::hash("bench-password", Encoding::DEFAULT);
    let rows: Vec<NewUser> = (0..args.mailboxes)
        .map(|i| {
            let mut attributes = Map::new();
            attributes.insert("password".into(), Value::from(stored.as_str()));
            attributes.insert("name".into(), Value::from(format!("User {i}")));
            NewUser { user: format!("u{i:06}@{DOMAIN}"), attributes }
        })
        .collect();
    let results = bulk_create::create_users(&engine, &ctx, &rows, Mode::Create, &|_| ()).await;
    if let Some(Err(e)) = results.iter().find(|r| r.is_err()) {
        bail!("creating the mailboxes failed: {e}");
    }
    println!("{:<44} {:>9.1} s", "creating the mailboxes (setup)", t.elapsed().as_secs_f64());

    let message = format!(
        "From: IT <it@{DOMAIN}>\nSubject: Maintenance tonight\n\n{}\n",
        "The mail servers restart at 22:00 for about ten minutes.\n".repeat(30)
    );
    // The baseline: one file, hard-linked into every mailbox, one flush at the end.
    let dirs: Vec<std::path::PathBuf> = rows
        .iter()
        .map(|r| engine.mail().mailbox_dir(&r.user))
        .collect::<engine::Result<_>>()
        .map_err(|e| anyhow!("{e}"))?;
    // Each figure starts from a clean file system: nothing the setup left
    // unwritten is flushed on the clock of what is measured.
    inboxes::flush(&engine).await.map_err(|e| anyhow!("{e}"))?;
    let spool = scratch.path().join("mail").join("baseline.eml");
    let bytes = message.clone().into_bytes();
    let link_secs = tokio::task::spawn_blocking(move || -> std::io::Result<f64> {
        std::fs::write(&spool, &bytes)?;
        let t = Instant::now();
        for (i, dir) in dirs.iter().enumerate() {
            // A fresh inode every 60,000 links (ext4 allows 65,000 per inode).
            if i > 0 && i % 60_000 == 0 {
                std::fs::remove_file(&spool)?;
                std::fs::write(&spool, &bytes)?;
            }
            std::fs::hard_link(&spool, dir.join("new").join(format!("baseline.{i}")))?;
        }
        std::fs::File::open(dirs[0].join("new"))?.sync_all()?;
        Ok(t.elapsed().as_secs_f64())
    })
    .await??;
    let link_rate = args.mailboxes as f64 / link_secs;

    let posted = post_one(&engine, &ctx, "Same for all", &message).await?;
    let personal = message.replace("Subject: Maintenance tonight", "Subject: Maintenance tonight, {'name'}");
    let personal_secs = post_one(&engine, &ctx, "Personal", &personal).await?;

    println!("{:<44} {:>12} {:>9} {:>7}", "delivery", "mailboxes/s", "seconds", "ratio");
    println!("{:<44} {link_rate:>12.0} {link_secs:>9.1} {:>6.2}x", "baseline: a hard link each", 1.0);
    let line = |what: &str, secs: f64| {
        let rate = args.mailboxes as f64 / secs;
        println!("{what:<44} {rate:>12.0} {secs:>9.1} {:>6.2}x", rate / link_rate);
    };
    line("post_domain_bulletin, the same for all", posted);
    line("post_domain_bulletin, {'name'} per recipient", personal_secs);
    engine.db().close().await;
    Ok(())
}

/// Saves and posts a bulletin, and waits for the post to finish: seconds.
async fn post_one(engine: &Engine, ctx: &engine::Ctx, name: &str, text: &str) -> Result<f64> {
    let change = change::Request { bulletin: name.into(), kind: "manual".into(), bulletin_text: Some(text.into()) };
    change::change_domain_bulletin(engine, ctx, change::DomainRequest { domain: DOMAIN.into(), fields: change })
        .await
        .map_err(|e| anyhow!("{e}"))?;
    inboxes::flush(engine).await.map_err(|e| anyhow!("{e}"))?;
    let t = Instant::now();
    let post = post::Request { bulletin: name.into(), kind: "manual".into(), test_email: None };
    post::post_domain_bulletin(engine, ctx, post::DomainRequest { domain: DOMAIN.into(), fields: post })
        .await
        .map_err(|e| anyhow!("{e}"))?;
    worker::drain(engine).await.map_err(|e| anyhow!("{e}"))?;
    let secs = t.elapsed().as_secs_f64();
    let (done, total): (i64, i64) = sqlx::query_as("SELECT sent_count, sent_total FROM bulletins WHERE name = $1")
        .bind(name)
        .fetch_one(engine.db().pool())
        .await?;
    if done != total || done == 0 {
        bail!("the post reached {done} of {total} mailboxes");
    }
    Ok(secs)
}
