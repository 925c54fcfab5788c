//! Creating many accounts at once (CSV import, provisioning scripts): each row
//! is what `change_user` with `create_only` would do, with the same checks,
//! rights and change log, but rows are prepared (passwords hashed) on every
//! hashing thread at once and written a chunk per transaction. A bad row fails
//! alone, leaving nothing behind; the rows around it go in.

use std::collections::HashMap;
use std::sync::Arc;

use futures_util::stream::{self, StreamExt};
use serde_json::{Map, Value};

use super::change_user::{insert, prepare, Hashing, Home, Prepared};
use super::Tally;
use crate::changes::Actor;
use crate::db::Tx;
use crate::directory::names;
use crate::error::{Error, Result};
use crate::{Ctx, Engine};

/// One account to create: its address and attributes, as `change_user` takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUser {
    pub user: String,
    pub attributes: Map<String, Value>,
}

/// Whether rows are written, or only checked (every check, writes rolled back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Create,
    DryRun,
}

/// Rows per write transaction: large enough that commits cost little, small
/// enough that others wait little for the write lock.
pub const CHUNK: usize = 500;

/// Creates (or, in a dry run, checks) `rows` in order and returns one result
/// per row. `progress` hears how many rows are done after each chunk.
pub async fn create_users(
    engine: &Engine,
    ctx: &Ctx,
    rows: &[NewUser],
    mode: Mode,
    progress: &(dyn Fn(usize) + Send + Sync),
) -> Vec<Result<()>> {
    let mut homes: HashMap<String, Arc<Home>> = HashMap::new();
    let mut results = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        match create_chunk(engine, ctx, chunk, mode, &mut homes).await {
            Ok(done) => results.extend(done),
            // The chunk's transaction failed as a whole (the database, not a row).
            Err(e) => results.extend(chunk.iter().map(|_| Err(Error::Internal(e.to_string())))),
        }
        progress(results.len());
    }
    results
}

async fn create_chunk(
    engine: &Engine,
    ctx: &Ctx,
    chunk: &[NewUser],
    mode: Mode,
    homes: &mut HashMap<String, Arc<Home>>,
) -> Result<Vec<Result<()>>> {
    // Each row's domain, loaded once per import.
    let mut placed: Vec<Result<(String, Arc<Home>)>> = Vec::with_capacity(chunk.len());
    for row in chunk {
        placed.push(place(engine, ctx, row, homes).await);
    }
    let hashing = if mode == Mode::Create { Hashing::Hash } else { Hashing::CheckOnly };
    // Futures made in a loop, not by a closure: a spawned import must be Send,
    // and closures over borrowed rows trip the compiler's lifetime inference.
    let mut work = Vec::with_capacity(chunk.len());
    for (row, placed) in chunk.iter().zip(placed) {
        work.push(prepare_row(engine, ctx, row, placed, hashing));
    }
    let prepared: Vec<Result<(Arc<Home>, Prepared)>> =
        stream::iter(work).buffered(engine.hashing_threads() * 2).collect().await;
    let actor = Actor::from(ctx);
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let mut tally = Tally::default();
    let mut results = Vec::with_capacity(chunk.len());
    let mut created = Vec::new();
    for row in prepared {
        results.push(match row {
            Ok((home, new)) => {
                let inserted = insert_alone(&mut tx, &mut tally, &home, &new, &actor, now).await;
                if inserted.is_ok() {
                    created.push(new.name().to_string());
                }
                inserted
            }
            Err(e) => Err(e),
        });
    }
    match mode {
        Mode::Create => {
            tally.flush(&mut tx).await?;
            tx.commit().await?;
            crate::mailstore::created(engine, created).await;
            crate::bulletin::worker::kick(engine);
        }
        Mode::DryRun => tx.rollback().await?,
    }
    Ok(results)
}

async fn prepare_row(
    engine: &Engine,
    ctx: &Ctx,
    row: &NewUser,
    placed: Result<(String, Arc<Home>)>,
    hashing: Hashing,
) -> Result<(Arc<Home>, Prepared)> {
    let (local, home) = placed?;
    let new = prepare(engine, ctx, &home, &local, &row.attributes, hashing).await?;
    Ok((home, new))
}

/// The local part and domain of a row's address.
async fn place(
    engine: &Engine,
    ctx: &Ctx,
    row: &NewUser,
    homes: &mut HashMap<String, Arc<Home>>,
) -> Result<(String, Arc<Home>)> {
    let (local, domain) =
        names::mailbox(&row.user).map_err(|why| Error::hint(crate::error::Code::BadAttributes, "user", why))?;
    if let Some(home) = homes.get(&domain) {
        return Ok((local, home.clone()));
    }
    let home = Arc::new(Home::of_new(engine, ctx, &domain).await?);
    homes.insert(domain, home.clone());
    Ok((local, home))
}

/// One row; inside a savepoint when it has aliases, so that a row failing
/// half-way (an alias taken after the account went in) leaves nothing of
/// itself. Without aliases a row fails before it writes anything.
async fn insert_alone(
    tx: &mut Tx,
    tally: &mut Tally,
    home: &Home,
    new: &Prepared,
    actor: &Actor,
    now: i64,
) -> Result<()> {
    if !new.has_aliases() {
        return insert(tx, tally, home, new, actor, now).await.map(|_| ());
    }
    sqlx::query("SAVEPOINT bulk_row").execute(&mut **tx).await?;
    match insert(tx, tally, home, new, actor, now).await {
        Ok(_) => {
            sqlx::query("RELEASE SAVEPOINT bulk_row").execute(&mut **tx).await?;
            Ok(())
        }
        Err(e) => {
            sqlx::query("ROLLBACK TO SAVEPOINT bulk_row").execute(&mut **tx).await?;
            sqlx::query("RELEASE SAVEPOINT bulk_row").execute(&mut **tx).await?;
            Err(e)
        }
    }
}
