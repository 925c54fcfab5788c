//! Putting messages into many INBOXes at once (bulletins): a batch of files,
//! one flush of the file system for all of them, and their counts in the
//! caller's transaction.
//!
//! Letters that share their bytes (the same `Arc`) are written once to a spool
//! file and hard-linked into each mailbox; the others are written each. Every
//! letter has a name its sender chose, so that a batch redone after a crash
//! finds the letters it had already placed instead of placing them twice.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::folder_name::INBOX;
use super::{blocking, maildir};
use crate::db::Tx;
use crate::error::Result;
use crate::Engine;

/// One message for one mailbox's INBOX.
#[derive(Debug, Clone)]
pub struct Letter {
    pub user_id: i64,
    /// The mailbox directory (its INBOX is the root folder).
    pub dir: PathBuf,
    /// The file's base name (unique, and the same when the letter is redone).
    pub base: String,
    pub message: Arc<Vec<u8>>,
}

/// What became of a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// Put into its INBOX now.
    New,
    /// Already there: placed by a run that stopped before its batch was recorded.
    Found,
    /// The mailbox could not be written (logged).
    Failed,
}

/// Places one letter, flushed, and counts it: a single delivery (a test send).
pub async fn put(engine: &Engine, letter: Letter) -> Result<Placed> {
    let (letters, placed) = place(engine, vec![letter], false).await?;
    flush(engine).await?;
    let mut tx = engine.db().begin_write().await?;
    count(engine, &mut tx, &letters, &placed).await?;
    tx.commit().await?;
    Ok(placed[0])
}

/// Places `letters` in their INBOXes, not yet flushed (see [`flush`]); the
/// letters come back with what became of each. `recheck`: the batch may have
/// been placed in part before (a crash), so look for each letter first, in
/// `new/` and in `cur/` (where a mail client may have moved it since).
pub async fn place(engine: &Engine, letters: Vec<Letter>, recheck: bool) -> Result<(Vec<Letter>, Vec<Placed>)> {
    let spool = engine.mail().root().join(".spool");
    blocking(move || {
        let placed = place_files(&spool, &letters, recheck)?;
        Ok((letters, placed))
    })
    .await
}

/// Makes everything placed so far durable: one flush of the store's file
/// system for a whole batch of files, links and renames, rather than one
/// per file and directory.
pub async fn flush(engine: &Engine) -> Result<()> {
    let root = engine.mail().root().to_path_buf();
    blocking(move || fs::File::open(root).and_then(|dir| rustix::fs::syncfs(&dir).map_err(io::Error::from))).await
}

/// A hard link to a spool copy when letters share their bytes, else a file
/// of its own.
fn place_files(spool: &Path, letters: &[Letter], recheck: bool) -> io::Result<Vec<Placed>> {
    maildir::create_dir_all_0700(spool)?;
    let mut spooled: HashMap<*const Vec<u8>, PathBuf> = HashMap::new();
    let mut placed = Vec::with_capacity(letters.len());
    for (i, letter) in letters.iter().enumerate() {
        let outcome = (|| -> io::Result<Placed> {
            if recheck && find(&letter.dir, &letter.base)?.is_some() {
                return Ok(Placed::Found);
            }
            let target = letter.dir.join("new").join(&letter.base);
            if Arc::strong_count(&letter.message) > 1 {
                let key = Arc::as_ptr(&letter.message);
                let source = match spooled.get(&key) {
                    Some(path) => path.clone(),
                    None => {
                        let path = spool.join(format!("{}.{i}", letter.base));
                        write_file(&path, &letter.message)?;
                        spooled.insert(key, path.clone());
                        path
                    }
                };
                match in_folder(&letter.dir, || fs::hard_link(&source, &target)) {
                    Ok(()) => return Ok(Placed::New),
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(Placed::Found),
                    // Another file system, or the link limit: a copy of its own.
                    Err(_) => {}
                }
            }
            let tmp = letter.dir.join("tmp").join(&letter.base);
            in_folder(&letter.dir, || write_file(&tmp, &letter.message))?;
            match maildir::rename_new(&tmp, &target) {
                Ok(()) => Ok(Placed::New),
                Err(e) => {
                    let _ = fs::remove_file(&tmp);
                    match e.kind() {
                        io::ErrorKind::AlreadyExists => Ok(Placed::Found),
                        _ => Err(e),
                    }
                }
            }
        })();
        placed.push(outcome.unwrap_or_else(|e| {
            tracing::warn!(mailbox = %letter.dir.display(), error = %e, "a bulletin could not be delivered");
            Placed::Failed
        }));
    }
    // The links hold the data; the spool names can go before the flush.
    for path in spooled.into_values() {
        let _ = fs::remove_file(path);
    }
    Ok(placed)
}

/// `op` on a file of the folder `dir`, which is made (and `op` tried again)
/// if it is missing: the mailbox's directories are made on first need, not
/// looked for each time, since a failed call costs less than a stat.
fn in_folder(dir: &Path, op: impl Fn() -> io::Result<()>) -> io::Result<()> {
    match op() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            maildir::create_folder(dir)?;
            op()
        }
        done => done,
    }
}

/// Where a letter placed earlier is now: `new/<base>`, or `cur/<base>:2,<flags>`.
fn find(dir: &Path, base: &str) -> io::Result<Option<String>> {
    if dir.join("new").join(base).exists() {
        return Ok(Some(format!("new/{base}")));
    }
    let entries = match fs::read_dir(dir.join("cur")) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let name = entry?.file_name();
        let Some(name) = name.to_str() else { continue };
        if maildir::FileName::parse(name).is_some_and(|f| f.base == base) {
            return Ok(Some(format!("cur/{name}")));
        }
    }
    Ok(None)
}

/// Writes a whole file, owned like the store (not flushed: the batch is).
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().write(true).create(true).truncate(true).open(path)?;
    maildir::own(path)?;
    file.write_all(bytes)
}

/// Counts placed letters in their INBOXes' index rows, in the caller's
/// transaction: each new letter adds one unseen message of its size (the row
/// is made, unread, where missing). No message rows are written: the index
/// reads a folder's new files when its `new/` moved, which every letter
/// does, so the first listing of each mailbox picks its letter up (one small
/// file) while the counts (quota, unseen) are right at once. The folders are
/// also marked for reading again, so that an index refresh between placing
/// and counting (which counted the letter itself) or a letter found from an
/// earlier run comes out exact at the next listing, without locking the
/// mailboxes for a whole batch.
///
/// One upsert for the batch: every row goes through the unique index, a plan
/// that no table statistics can turn into a scan per row (PostgreSQL, on
/// rows made moments ago, joined the id list that way: seconds per batch).
pub async fn count(engine: &Engine, tx: &mut Tx, letters: &[Letter], placed: &[Placed]) -> Result<()> {
    let rows: Vec<(i64, i64, i64)> = letters
        .iter()
        .zip(placed)
        .filter_map(|(letter, outcome)| match outcome {
            Placed::New => Some((letter.user_id, letter.message.len() as i64, 1)),
            Placed::Found => Some((letter.user_id, 0, 0)),
            Placed::Failed => None,
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let rows_json = serde_json::to_string(&rows).map_err(|e| crate::Error::Internal(format!("index counts: {e}")))?;
    let counts = engine.db().json_ints("$1", &["user_id", "bytes", "messages"]);
    sqlx::query(&format!(
        "INSERT INTO mail_folders (user_id, name, deleted, messages, bytes, unseen) \
         SELECT user_id, $2, 0, messages, bytes, messages FROM ({counts}) r WHERE true \
         ON CONFLICT (user_id, deleted, name) DO UPDATE SET messages = mail_folders.messages + excluded.messages, \
         bytes = mail_folders.bytes + excluded.bytes, unseen = mail_folders.unseen + excluded.unseen, \
         new_stamp = NULL, cur_stamp = NULL"
    ))
    .bind(rows_json)
    .bind(INBOX)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
