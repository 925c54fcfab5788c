//! Putting messages into many INBOXes at once (bulletins): a batch of files,
//! one flush of the file system for all of them, and one index transaction.
//!
//! Letters that share their bytes (the same `Arc`) are written once to a spool
//! file and hard-linked into each mailbox; the others are written each. Every
//! letter has a name its sender chose, so that a batch redone after a crash
//! finds the letters it had already placed instead of placing them twice.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::folder_name::INBOX;
use super::{blocking, headers, maildir};
use crate::db::{Arg, Sql};
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

/// Places `letters` and indexes them. `recheck`: the batch may have been
/// placed in part before (a crash), so look for each letter first, in `new/`
/// and in `cur/` (where a mail client may have moved it since).
/// Returns, per letter, whether it is in its mailbox now; a mailbox that
/// cannot be written is logged and skipped.
pub async fn put(engine: &Engine, letters: Vec<Letter>, recheck: bool) -> Result<Vec<bool>> {
    let spool = engine.mail().root().join(".spool");
    let (letters, files) = blocking(move || {
        let files = place(&spool, &letters, recheck)?;
        Ok((letters, files))
    })
    .await?;
    index(engine, &letters, &files).await?;
    Ok(files.iter().map(Option::is_some).collect())
}

/// The files (`new/<base>` or where a client moved it) of the letters placed.
fn place(spool: &Path, letters: &[Letter], recheck: bool) -> io::Result<Vec<Option<String>>> {
    maildir::create_dir_all_0700(spool)?;
    let mut spooled: HashMap<*const Vec<u8>, PathBuf> = HashMap::new();
    let mut files = Vec::with_capacity(letters.len());
    for (i, letter) in letters.iter().enumerate() {
        let placed = (|| -> io::Result<String> {
            if recheck {
                if let Some(file) = find(&letter.dir, &letter.base)? {
                    return Ok(file);
                }
            }
            if !letter.dir.join("new").is_dir() {
                maildir::create_folder(&letter.dir)?;
            }
            let target = letter.dir.join("new").join(&letter.base);
            let shared = Arc::strong_count(&letter.message) > 1;
            let linked = if shared {
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
                match fs::hard_link(&source, &target) {
                    Ok(()) => true,
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => true,
                    // Another file system, or the link limit: a copy of its own.
                    Err(_) => false,
                }
            } else {
                false
            };
            if !linked {
                let tmp = letter.dir.join("tmp").join(&letter.base);
                write_file(&tmp, &letter.message)?;
                if let Err(e) = maildir::rename_new(&tmp, &target) {
                    let _ = fs::remove_file(&tmp);
                    if e.kind() != io::ErrorKind::AlreadyExists {
                        return Err(e);
                    }
                }
            }
            Ok(format!("new/{}", letter.base))
        })();
        match placed {
            Ok(file) => files.push(Some(file)),
            Err(e) => {
                tracing::warn!(mailbox = %letter.dir.display(), error = %e, "a bulletin could not be delivered");
                files.push(None);
            }
        }
    }
    // One flush for the whole batch (files, links and renames) before the
    // caller records the batch as done.
    fs::File::open(spool).and_then(|dir| rustix::fs::syncfs(&dir).map_err(io::Error::from))?;
    for path in spooled.into_values() {
        let _ = fs::remove_file(path);
    }
    Ok(files)
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

/// Index rows for the letters placed, and their INBOXes' counts, in one
/// transaction (rows already there, from a batch redone, count once).
async fn index(engine: &Engine, letters: &[Letter], files: &[Option<String>]) -> Result<()> {
    let placed: Vec<(&Letter, &String)> =
        letters.iter().zip(files).filter_map(|(l, f)| Some((l, f.as_ref()?))).collect();
    if placed.is_empty() {
        return Ok(());
    }
    let user_ids: Vec<i64> = placed.iter().map(|(l, _)| l.user_id).collect();
    let mut folders = Sql::new("INSERT INTO mail_folders (user_id, name, deleted) VALUES ");
    for (i, id) in user_ids.iter().enumerate() {
        folders.push(if i == 0 { "(" } else { ", (" }).arg(Arg::Int(*id)).push(", ").arg(Arg::Text(INBOX.into()));
        folders.push(", 0)");
    }
    folders.push(" ON CONFLICT DO NOTHING");
    folders.query().execute(engine.db().pool()).await?;
    let mut lookup = Sql::new("SELECT user_id, id FROM mail_folders WHERE deleted = 0 AND name = ");
    lookup
        .arg(Arg::Text(INBOX.into()))
        .push(" AND user_id IN (")
        .list(user_ids.iter().map(|id| Arg::Int(*id)))
        .push(")");
    let folder_of: HashMap<i64, i64> =
        lookup.query_as::<(i64, i64)>().fetch_all(engine.db().pool()).await?.into_iter().collect();

    // The header summary of each distinct message, parsed once.
    let mut summaries: HashMap<usize, (headers::Summary, String)> = HashMap::new();
    for (letter, _) in &placed {
        summaries.entry(Arc::as_ptr(&letter.message) as usize).or_insert_with(|| {
            let summary = headers::parse(&letter.message);
            let json = serde_json::Value::Object(summary.headers.clone()).to_string();
            (summary, json)
        });
    }
    let now = engine.clock().now();
    let mut rows = Sql::new(
        "INSERT INTO mail_messages (folder_id, base, file, size, received, changed, seen, sent, from_text, subject, headers) VALUES ",
    );
    let mut size_of: HashMap<i64, i64> = HashMap::new();
    let mut first = true;
    for (letter, file) in &placed {
        let Some(folder) = folder_of.get(&letter.user_id) else { continue };
        let (summary, json) = &summaries[&(Arc::as_ptr(&letter.message) as usize)];
        let size = letter.message.len() as i64;
        size_of.insert(*folder, size);
        rows.push(if first { "(" } else { ", (" });
        first = false;
        rows.arg(Arg::Int(*folder)).push(", ").arg(Arg::Text(letter.base.clone())).push(", ");
        rows.arg(Arg::Text((*file).clone())).push(", ").arg(Arg::Int(size)).push(", ");
        rows.arg(Arg::Int(now)).push(", ").arg(Arg::Int(now)).push(", 0, ");
        match summary.date {
            Some(date) => rows.arg(Arg::Int(date)),
            None => rows.push("NULL"),
        };
        rows.push(", ").arg(Arg::Text(summary.from.clone())).push(", ").arg(Arg::Text(summary.subject.clone()));
        rows.push(", ").arg(Arg::Text(json.clone())).push(")");
    }
    if first {
        return Ok(());
    }
    rows.push(" ON CONFLICT DO NOTHING RETURNING folder_id");
    let _guards = engine.mail().lock_all(&user_ids).await;
    let mut tx = engine.db().begin_write().await?;
    let inserted: Vec<(i64,)> = rows.query_as().fetch_all(&mut *tx).await?;
    let mut by_size: HashMap<i64, Vec<i64>> = HashMap::new();
    for (folder,) in inserted {
        by_size.entry(size_of[&folder]).or_default().push(folder);
    }
    for (size, folders) in by_size {
        let mut update = Sql::new("UPDATE mail_folders SET messages = messages + 1, bytes = bytes + ");
        update.arg(Arg::Int(size)).push(", unseen = unseen + 1 WHERE id IN (");
        update.list(folders.into_iter().map(Arg::Int)).push(")");
        update.query().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The distinct lock stripes of `user_ids`, in order (see [`super::MailStore::lock_all`]).
pub(crate) fn stripes(user_ids: &[i64], count: usize) -> BTreeSet<usize> {
    user_ids.iter().map(|id| (id.unsigned_abs() % count as u64) as usize).collect()
}
