//! Posting bulletins: durable background work. A post is a row that walks its
//! recipients in account-id order, a batch at a time; each batch is placed
//! (files flushed) before its cursor is committed, and its files have names
//! derived from (post, account), so a crash at any point neither loses a
//! recipient (the batch is redone on restart) nor gives one two copies (the
//! redone batch finds the files it placed).

use std::sync::Arc;

use serde_json::Value;

use super::text::{Recipient, Template};
use super::{Bulletin, Scope};
use crate::changes::{self, Actor, Change};
use crate::db::Tx;
use crate::error::Result;
use crate::mailstore::inboxes::{self, Letter};
use crate::mailstore::maildir;
use crate::Engine;

/// Recipients per batch (one file-system flush and one transaction each; a
/// restart redoes at most two).
const BATCH: i64 = 5000;

/// One post at a time per server.
#[derive(Default)]
pub struct Worker {
    running: tokio::sync::Mutex<()>,
}

#[derive(Debug, sqlx::FromRow)]
struct Post {
    id: i64,
    bulletin_id: i64,
    user_id: Option<i64>,
    body: String,
    posted_at: i64,
    last_id: i64,
    cursor: i64,
    done: i64,
    runs: i64,
    company_id: i64,
    domain_id: Option<i64>,
}

/// An account a bulletin goes to.
#[derive(Debug, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub domain: String,
    pub full_name: Option<String>,
    pub attrs: String,
}

impl Account {
    pub fn recipient(&self) -> Recipient {
        let title = serde_json::from_str::<serde_json::Map<String, Value>>(&self.attrs)
            .ok()
            .and_then(|a| a.get("title").and_then(Value::as_str).map(String::from))
            .unwrap_or_default();
        Recipient {
            account: self.name.clone(),
            domain: self.domain.clone(),
            name: self.full_name.clone().unwrap_or_default(),
            title,
        }
    }
}

const ACCOUNT: &str = "SELECT u.id, u.name, d.name AS domain, u.full_name, u.attrs \
                       FROM users u JOIN domains d ON d.id = u.domain_id";
/// Who a post to everyone reaches: live mailboxes (not aliases, forwards or
/// filters) of live domains. `$1` is the company or domain id.
const EVERYONE_COMPANY: &str = " WHERE d.company_id = $1 AND d.deleted_at IS NULL AND u.deleted_at IS NULL \
                                AND u.kind = 'mailbox'";
const EVERYONE_DOMAIN: &str = " WHERE u.domain_id = $1 AND d.deleted_at IS NULL AND u.deleted_at IS NULL \
                               AND u.kind = 'mailbox'";

fn everyone(company_id: i64, domain_id: Option<i64>) -> (&'static str, i64) {
    match domain_id {
        Some(d) => (EVERYONE_DOMAIN, d),
        None => (EVERYONE_COMPANY, company_id),
    }
}

/// Starts a post of `bulletin` to everyone in `scope`: its row, the
/// bulletin's counters reset to 0 of the recipients, a change-log line; the
/// work itself runs in the background ([`kick`]). Returns the post's id.
pub async fn start(engine: &Engine, actor: &Actor, scope: &Scope, bulletin: &Bulletin) -> Result<i64> {
    let (filter, owner) = everyone(scope.company_id(), scope.domain_id());
    let (total, last_id): (i64, Option<i64>) = sqlx::query_as(&format!(
        "SELECT COUNT(*), MAX(u.id) FROM users u JOIN domains d ON d.id = u.domain_id{filter}"
    ))
    .bind(owner)
    .fetch_one(engine.db().pool())
    .await?;
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO bulletin_posts (bulletin_id, body, posted_at, last_id, total) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(bulletin.id)
    .bind(&bulletin.body)
    .bind(now)
    .bind(last_id.unwrap_or(0))
    .bind(total)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE bulletins SET sent_count = 0, sent_total = $1, sent_at = $2 WHERE id = $3")
        .bind(total)
        .bind(now)
        .bind(bulletin.id)
        .execute(&mut *tx)
        .await?;
    let (kind, object) = scope.log();
    let msg = format!("posted {} bulletin {} to {total} accounts", bulletin.kind, bulletin.name);
    changes::record(&mut tx, actor, now, Change::new(kind, object, msg)).await?;
    tx.commit().await?;
    kick(engine);
    Ok(id)
}

/// Queues the auto bulletins of the account's company and domain for a new
/// account, in the transaction that creates it (so none is lost); [`kick`]
/// after committing.
pub async fn queue_auto(tx: &mut Tx, user_id: i64, company_id: i64, domain_id: i64, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO bulletin_posts (bulletin_id, user_id, body, posted_at, last_id, total) \
         SELECT id, $1, body, $2, $1, 1 FROM bulletins \
         WHERE kind = 'auto' AND ((company_id = $3 AND domain_id IS NULL) OR domain_id = $4) ORDER BY id",
    )
    .bind(user_id)
    .bind(now)
    .bind(company_id)
    .bind(domain_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Runs the pending posts in the background.
pub fn kick(engine: &Engine) {
    let engine = engine.arc();
    tokio::spawn(async move {
        if let Err(e) = drain(&engine).await {
            tracing::error!(error = %e, "posting bulletins failed; retried at the next start or post");
        }
    });
}

/// Runs pending posts until none is left (one runner at a time; a second
/// caller waits, then finds nothing or what arrived meanwhile). Returns how
/// many posts it finished.
pub async fn drain(engine: &Engine) -> Result<usize> {
    let _only = engine.bulletin_worker().running.lock().await;
    let mut finished = 0;
    loop {
        let post: Option<Post> = sqlx::query_as(
            "SELECT p.id, p.bulletin_id, p.user_id, p.body, p.posted_at, p.last_id, p.cursor, p.done, p.runs, \
             b.company_id, b.domain_id FROM bulletin_posts p JOIN bulletins b ON b.id = p.bulletin_id \
             WHERE p.finished_at IS NULL ORDER BY p.id LIMIT 1",
        )
        .fetch_optional(engine.db().pool())
        .await?;
        let Some(post) = post else { return Ok(finished) };
        run(engine, post).await?;
        finished += 1;
    }
}

async fn run(engine: &Engine, mut post: Post) -> Result<()> {
    sqlx::query("UPDATE bulletin_posts SET runs = runs + 1 WHERE id = $1")
        .bind(post.id)
        .execute(engine.db().pool())
        .await?;
    // After a run that stopped part-way, the two batches after the cursor (the
    // one being flushed and the one being placed) may be placed in part.
    let mut recheck = if post.runs > 0 { 2 } else { 0 };
    let template = match Template::parse(&post.body) {
        Ok(t) => t,
        Err(e) => {
            // Checked when saved; a text that no longer parses is not retried forever.
            tracing::error!(post = post.id, error = %e, "a bulletin post's text does not parse; dropped");
            return finish(engine, &post).await;
        }
    };
    let shared =
        (!template.is_personal()).then(|| Arc::new(template.render(&Recipient::default(), post.posted_at, post.id)));
    // A flush costs as much as placing and recording a batch, so each batch's
    // flush runs while the next one is placed and the one before recorded; a
    // batch is recorded only once its own flush is done.
    let mut fetched = post.cursor;
    let mut flushing: Option<(Batch, tokio::task::JoinHandle<Result<()>>)> = None;
    loop {
        let batch = recipients(engine, &post, fetched).await?;
        let Some(last) = batch.last().map(|a| a.id) else { break };
        fetched = last;
        let mut letters = Vec::with_capacity(batch.len());
        for account in &batch {
            let Ok(dir) = engine.mail().mailbox_dir(&account.name) else { continue };
            let message = match &shared {
                Some(message) => message.clone(),
                None => Arc::new(template.render(&account.recipient(), post.posted_at, post.id)),
            };
            let base =
                format!("{}.B{}U{}.{},S={}", post.posted_at, post.id, account.id, maildir::host(), message.len());
            letters.push(Letter { user_id: account.id, dir, base, message });
        }
        let (letters, outcomes) = inboxes::place(engine, letters, recheck > 0).await?;
        recheck = (recheck - 1).max(0);
        // The batch before is recorded once flushed, while this one flushes.
        let flushed = match flushing.take() {
            Some((batch, flush)) => Some(flushed(batch, flush).await?),
            None => None,
        };
        let flush = tokio::spawn({
            let engine = engine.arc();
            async move { inboxes::flush(&engine).await }
        });
        flushing = Some((Batch { letters, outcomes, last }, flush));
        if let Some(batch) = flushed {
            record(engine, &mut post, batch).await?;
        }
    }
    if let Some((batch, flush)) = flushing {
        record(engine, &mut post, flushed(batch, flush).await?).await?;
    }
    finish(engine, &post).await
}

/// `batch` once its flush is done.
async fn flushed(batch: Batch, flush: tokio::task::JoinHandle<Result<()>>) -> Result<Batch> {
    flush.await.map_err(|e| crate::Error::Internal(format!("flushing a bulletin batch: {e}")))??;
    Ok(batch)
}

/// A batch placed, waiting for its flush.
struct Batch {
    letters: Vec<Letter>,
    outcomes: Vec<inboxes::Placed>,
    /// Its last recipient.
    last: i64,
}

/// A flushed batch: its counts in the INBOXes and the post's cursor and
/// progress, in one transaction.
async fn record(engine: &Engine, post: &mut Post, batch: Batch) -> Result<()> {
    let mut tx = engine.db().begin_write().await?;
    inboxes::count(engine, &mut tx, &batch.letters, &batch.outcomes).await?;
    post.cursor = batch.last;
    post.done += batch.outcomes.iter().filter(|p| **p != inboxes::Placed::Failed).count() as i64;
    sqlx::query("UPDATE bulletin_posts SET cursor = $1, done = $2 WHERE id = $3")
        .bind(post.cursor)
        .bind(post.done)
        .bind(post.id)
        .execute(&mut *tx)
        .await?;
    if post.user_id.is_none() {
        sqlx::query("UPDATE bulletins SET sent_count = $1 WHERE id = $2")
            .bind(post.done)
            .bind(post.bulletin_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The next batch of a post's recipients after `after`.
async fn recipients(engine: &Engine, post: &Post, after: i64) -> Result<Vec<Account>> {
    if let Some(user) = post.user_id {
        return Ok(sqlx::query_as(&format!("{ACCOUNT} WHERE u.id = $1 AND u.id > $2 AND u.deleted_at IS NULL"))
            .bind(user)
            .bind(after)
            .fetch_all(engine.db().pool())
            .await?);
    }
    let (filter, owner) = everyone(post.company_id, post.domain_id);
    Ok(sqlx::query_as(&format!("{ACCOUNT}{filter} AND u.id > $2 AND u.id <= $3 ORDER BY u.id LIMIT {BATCH}"))
        .bind(owner)
        .bind(after)
        .bind(post.last_id)
        .fetch_all(engine.db().pool())
        .await?)
}

/// Marks a post done: a post to everyone leaves count = total (accounts gone
/// meanwhile are no longer counted); a new account's auto bulletin adds one.
async fn finish(engine: &Engine, post: &Post) -> Result<()> {
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    sqlx::query("UPDATE bulletin_posts SET finished_at = $1, total = done WHERE id = $2")
        .bind(now)
        .bind(post.id)
        .execute(&mut *tx)
        .await?;
    let counters = match post.user_id {
        None => "UPDATE bulletins SET sent_count = $1, sent_total = $1 WHERE id = $2",
        Some(_) => {
            "UPDATE bulletins SET sent_count = sent_count + $1, sent_total = sent_total + $1, \
                    sent_at = $3 WHERE id = $2"
        }
    };
    let mut update = sqlx::query(counters).bind(post.done).bind(post.bulletin_id);
    if post.user_id.is_some() {
        update = update.bind(post.posted_at);
    }
    update.execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Delivers `bulletin` to one account now (a test send), outside any post.
pub async fn send_one(engine: &Engine, bulletin: &Bulletin, account: &Account) -> Result<bool> {
    let template = Template::parse(&bulletin.body)?;
    let now = engine.clock().now();
    let message = Arc::new(template.render(&account.recipient(), now, 0));
    let dir = engine.mail().mailbox_dir(&account.name)?;
    let base = maildir::unique_base(message.len() as u64);
    let placed = inboxes::put(engine, Letter { user_id: account.id, dir, base, message }).await?;
    Ok(placed != inboxes::Placed::Failed)
}

/// The live mailbox account `id`, as a recipient.
pub(crate) async fn account(engine: &Engine, id: i64) -> Result<Option<Account>> {
    Ok(sqlx::query_as(&format!("{ACCOUNT} WHERE u.id = $1 AND u.deleted_at IS NULL AND u.kind = 'mailbox'"))
        .bind(id)
        .fetch_optional(engine.db().pool())
        .await?)
}
