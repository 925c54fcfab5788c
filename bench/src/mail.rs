//! `postroom-bench mail`: the mail store at scale. One mailbox of 100,000
//! messages over 50 folders, 10,000 of them deleted (in the lazy_expunge
//! tree, as Dovecot leaves them): the first index build, get_deleted_messages
//! (all headers, and two), get_user_messages pages of 50, restores of 1,000
//! ids; then LMTP delivery of 10 KB messages through a running `postroom
//! serve --lmtp` against writing and fsyncing the same files directly.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use engine::changes::Actor;
use engine::directory::provision;
use engine::mailstore::restore_deleted_messages;
use engine::mailstore::{folder_name, get_deleted_messages, get_user_folders, get_user_messages, maildir};
use engine::oma::search::{Direction, Range, Sort};
use engine::{Config, Engine};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::child::{free_addr, Server};
use crate::cli::MailArgs;
use crate::scale::{company_admin, each_backend, report, time};

const DOMAIN: &str = "mail.example";
const USER: &str = "box@mail.example";

pub fn run(args: &MailArgs) -> Result<()> {
    each_backend(false, args.postgres.as_deref(), async |label, url| backend(label, url, args).await)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(lmtp_rate(args))
}

async fn backend(label: &str, url: &str, args: &MailArgs) -> Result<()> {
    let scratch = tempfile::tempdir()?;
    let config = Config { mail_root: scratch.path().join("mail"), ..Config::default() };
    let engine = Engine::open(url, config).await.map_err(|e| anyhow!("{e}"))?;
    let actor = Actor::system("bench");
    let company = provision::create_company(&engine, &actor, "Mail Co").await.map_err(|e| anyhow!("{e}"))?;
    provision::create_domain(&engine, &actor, &company, DOMAIN).await.map_err(|e| anyhow!("{e}"))?;
    provision::create_mailbox(
        &engine,
        &actor,
        provision::NewMailbox { address: USER, password: "bench-Pass1", workgroup: None, full_name: None },
    )
    .await
    .map_err(|e| anyhow!("{e}"))?;
    let ctx = company_admin(company.id);
    let dir = engine.mail().mailbox_dir(USER).map_err(|e| anyhow!("{e}"))?;
    println!(
        "\n{label}: one mailbox, {} messages over {} folders, {} of them deleted",
        args.messages, args.folders, args.deleted
    );
    let t = Instant::now();
    let (messages, deleted, folders) = (args.messages, args.deleted, args.folders);
    let fill_dir = dir.clone();
    tokio::task::spawn_blocking(move || fill(&fill_dir, messages, deleted, folders)).await??;
    println!("{:<44} {:>9.1} s", "writing the files (setup)", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let first = get_user_folders::get_user_folders(&engine, &ctx, get_user_folders::Request { user: USER.into() })
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let took = t.elapsed().as_secs_f64();
    println!(
        "{:<44} {took:>9.1} s  ({:.0} messages/s; {} folders, {} deleted folders)",
        "first index build (get_user_folders)",
        args.messages as f64 / took,
        first.folders.len(),
        first.deleted_folders.len()
    );
    // The index trusts a directory's stamp only once it is 2 s old; until then
    // every call lists the folders again. Timed below: the settled state.
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    get_user_folders::get_user_folders(&engine, &ctx, get_user_folders::Request { user: USER.into() })
        .await
        .map_err(|e| anyhow!("{e}"))?;

    println!("{:<44} {:>9} {:>9} {:>9}", "call", "p50 ms", "p99 ms", "max ms");
    for (what, headers) in [
        ("get_deleted_messages, all headers", vec![]),
        ("get_deleted_messages, subject+from", vec!["subject".to_string(), "from".to_string()]),
    ] {
        let times = time(args.samples, || {
            let req =
                get_deleted_messages::Request { user: USER.into(), headers: headers.clone(), ..Default::default() };
            let (engine, ctx) = (&engine, &ctx);
            async move {
                let r = get_deleted_messages::get_deleted_messages(engine, ctx, req).await?;
                // What the wire does with it: the JSON text.
                Ok(serde_json::to_vec(&r).map(|v| v.len() as i64).unwrap_or(0) + r.count as i64)
            }
        })
        .await?;
        report(what, &times);
    }
    let mut n = 0usize;
    for (what, sort, deep) in [
        ("get_user_messages limit 50 (newest)", None, false),
        ("get_user_messages page of 50 by subject", Some("subject"), true),
        ("get_user_messages page of 50 by size", Some("size"), true),
    ] {
        let times = time(args.samples, || {
            n += 1;
            let folder = format!("Folder {:02}", n % folders.max(1));
            let req = get_user_messages::Request {
                user: USER.into(),
                folder: Some(folder),
                limit: (!deep).then_some(50),
                recent: Some(true),
                range: deep.then_some(Range { first: Some(((n * 7919) % 1500) as i64), limit: Some(50) }),
                sort: Sort { by: sort.map(String::from), direction: Direction::Ascending },
                ..Default::default()
            };
            let (engine, ctx) = (&engine, &ctx);
            async move {
                let r = get_user_messages::get_user_messages(engine, ctx, req).await?;
                Ok(serde_json::to_vec(&r).map(|v| v.len() as i64).unwrap_or(0))
            }
        })
        .await?;
        report(what, &times);
    }

    // Restores of 1,000 ids at a time, as long as deleted messages last.
    let all = get_deleted_messages::get_deleted_messages(
        &engine,
        &ctx,
        get_deleted_messages::Request { user: USER.into(), headers: vec!["subject".into()], ..Default::default() },
    )
    .await
    .map_err(|e| anyhow!("{e}"))?;
    let ids: Vec<String> = all.messages.iter().map(|m| m.message.id.clone()).collect();
    let mut times = Vec::new();
    for chunk in ids.chunks(1000).take(args.restores) {
        let t = Instant::now();
        let r = restore_deleted_messages::restore_deleted_messages(
            &engine,
            &ctx,
            restore_deleted_messages::Request { user: USER.into(), ids: chunk.to_vec() },
        )
        .await
        .map_err(|e| anyhow!("{e}"))?;
        if r.ids.iter().any(|i| !i.success) {
            bail!("a restore failed");
        }
        times.push(t.elapsed().as_micros() as u32);
    }
    report(&format!("restore_deleted_messages, 1,000 ids ({} calls)", times.len()), &times);
    engine.db().close().await;
    Ok(())
}

/// Writes the mailbox: `messages` files over `folders` folders (INBOX is
/// folder 0), the last `deleted` of them into the expunged tree, two
/// folders there only (deleted folders).
fn fill(dir: &Path, messages: usize, deleted: usize, folders: usize) -> Result<()> {
    let live = messages - deleted;
    let folder_of = |i: usize| format!("Folder {:02}", i % folders.max(1));
    for i in 0..messages {
        let folder = folder_of(i);
        let is_deleted = i >= live;
        let folder = if is_deleted && i % 500 == 0 { format!("Gone {}", (i / 500) % 2) } else { folder };
        let path = if is_deleted {
            dir.join("expunged").join(folder_name::expunged_dir_name(&folder))
        } else {
            dir.join(folder_name::dir_name(&folder))
        };
        let body = message(i, 2_000);
        let base = maildir::unique_base(body.len() as u64);
        let (sub, name) = if i % 5 == 0 { ("new", base) } else { ("cur", format!("{base}:2,S")) };
        let target = path.join(sub);
        if !target.is_dir() {
            maildir::create_folder(&path)?;
        }
        std::fs::write(target.join(name), &body)?;
    }
    Ok(())
}

/// A plausible message of about `size` bytes.
fn message(i: usize, size: usize) -> Vec<u8> {
    let mut text = format!(
        "Return-Path: <sender{s}@example.net>\r\nReceived: from mx{r}.example.net by mail.example with LMTP\r\n\
         From: Sender {s} <sender{s}@example.net>\r\nTo: {USER}\r\nSubject: Report number {i} about topic {t}\r\n\
         Date: Mon, 21 Nov 2011 21:14:50 +0000\r\nMessage-ID: <{i}@example.net>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=UTF-8\r\n\r\n",
        s = (i * 7919) % 1000,
        r = i % 7,
        t = (i * 104_729) % 977,
    );
    while text.len() < size {
        text.push_str("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n");
    }
    text.into_bytes()
}

/// LMTP delivery of `lmtp_messages` 10 KB messages to one mailbox, over
/// `lmtp_connections` connections, against the same files written with the
/// same fsyncs directly.
async fn lmtp_rate(args: &MailArgs) -> Result<()> {
    let Some(program) = args.postroom.as_deref() else {
        println!("\n(LMTP rate skipped: --postroom names no binary)");
        return Ok(());
    };
    let n = args.lmtp_messages;
    let body = message(1, 10 * 1024);
    let scratch = tempfile::tempdir()?;

    // Baseline: tmp/ write, fsync, rename into new/, fsync new/ (what a Maildir delivery must do).
    let base_dir = scratch.path().join("bare");
    maildir::create_folder(&base_dir)?;
    let t = Instant::now();
    let per = n.div_ceil(args.lmtp_connections.max(1));
    let mut tasks = Vec::new();
    for c in 0..args.lmtp_connections.max(1) {
        let (dir, body) = (base_dir.clone(), body.clone());
        tasks.push(tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            for _ in 0..per.min(n.saturating_sub(c * per)) {
                maildir::deliver(&dir, &body)?;
            }
            Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let bare = n as f64 / t.elapsed().as_secs_f64();

    let data = scratch.path().join("data");
    let data_arg = data.display().to_string();
    let status = tokio::process::Command::new(program)
        .args(["demo", "--data", &data_arg, "--password", "bench-Pass1"])
        .stdout(std::process::Stdio::null())
        .status()
        .await
        .context("postroom demo")?;
    if !status.success() {
        bail!("postroom demo failed");
    }
    let http = free_addr()?;
    let lmtp = free_addr()?;
    let (http_arg, lmtp_arg) = (http.to_string(), lmtp.to_string());
    let mut server = Server::spawn(
        "postroom",
        program,
        ["serve", "--listen", &http_arg, "--lmtp", &lmtp_arg, "--data", &data_arg, "--site-root", "/nonexistent"],
        &[("POSTROOM_ADMIN_PASSWORD", "bench-Pass1"), ("RUST_LOG", "warn")],
        http,
        scratch.path().join("postroom.log"),
    )?;
    server.wait_healthy(Duration::from_secs(60)).await?;
    let t = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..args.lmtp_connections.max(1) {
        let count = per.min(n.saturating_sub(c * per));
        let body = body.clone();
        tasks.push(tokio::spawn(async move { lmtp_send(lmtp, count, &body).await }));
    }
    for task in tasks {
        task.await??;
    }
    let rate = n as f64 / t.elapsed().as_secs_f64();
    println!("\nLMTP delivery, {n} messages of 10 KB over {} connection(s)", args.lmtp_connections.max(1));
    println!("{:<44} {:>12} {:>12} {:>7}", "", "direct/s", "LMTP/s", "ratio");
    println!("{:<44} {bare:>12.0} {rate:>12.0} {:>6.2}x", "messages per second", rate / bare);
    drop(server);
    Ok(())
}

/// One LMTP session delivering `count` messages to joe@example.com.
async fn lmtp_send(addr: std::net::SocketAddr, count: usize, body: &[u8]) -> Result<()> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    let mut line = String::new();
    let mut expect = async |r: &mut BufReader<_>, code: &str| -> Result<()> {
        loop {
            line.clear();
            r.read_line(&mut line).await?;
            if !line.starts_with(code) {
                bail!("LMTP said {line:?}, expected {code}");
            }
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(());
            }
        }
    };
    expect(&mut r, "220").await?;
    w.write_all(b"LHLO bench\r\n").await?;
    expect(&mut r, "250").await?;
    let mut data = body.to_vec();
    data.extend_from_slice(b".\r\n");
    for _ in 0..count {
        w.write_all(b"MAIL FROM:<bench@example.net>\r\nRCPT TO:<joe@example.com>\r\nDATA\r\n").await?;
        expect(&mut r, "250").await?;
        expect(&mut r, "250").await?;
        expect(&mut r, "354").await?;
        w.write_all(&data).await?;
        expect(&mut r, "250").await?;
    }
    w.write_all(b"QUIT\r\n").await?;
    Ok(())
}
