//! The header index: what the directories hold, in SQL, so that listing a
//! folder of 100,000 messages reads rows, not files. A folder is read again
//! only when the mtime of its `new/` or `cur/` moved (every delivery, flag
//! change, move and expunge renames a file there); only files the index does
//! not know are opened, and only their header block.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::account::Mailbox;
use super::folder_name::{self, INBOX};
use super::maildir::{self, FileName};
use super::{blocking, headers, EXPUNGED_DIR};
use crate::error::Result;
use crate::Engine;

/// A stamp this recent may still change within the same clock tick: such a
/// folder is read again next time rather than trusted.
const SETTLE_NS: i64 = 2_000_000_000;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FolderRow {
    pub id: i64,
    pub name: String,
    pub deleted: i64,
    pub new_stamp: Option<i64>,
    pub cur_stamp: Option<i64>,
    pub messages: i64,
    pub bytes: i64,
    pub unseen: i64,
}

impl FolderRow {
    pub fn is_deleted(&self) -> bool {
        self.deleted != 0
    }
}

/// A folder as found on disk.
#[derive(Debug, Clone)]
struct DiskFolder {
    name: String,
    deleted: bool,
    path: PathBuf,
    stamps: (Option<i64>, Option<i64>),
}

/// The directory of a folder of `mailbox`, live or in the expunged tree.
pub fn folder_path(mailbox: &Path, name: &str, deleted: bool) -> PathBuf {
    if deleted {
        mailbox.join(EXPUNGED_DIR).join(folder_name::expunged_dir_name(name))
    } else {
        mailbox.join(folder_name::dir_name(name))
    }
}

/// Every folder of the mailbox on disk, live and expunged.
fn scan_folders(mailbox: &Path) -> std::io::Result<Vec<DiskFolder>> {
    let mut found = Vec::new();
    if mailbox.join("cur").is_dir() {
        found.push(DiskFolder {
            name: INBOX.into(),
            deleted: false,
            path: mailbox.to_path_buf(),
            stamps: maildir::stamps(mailbox),
        });
    }
    for (dir, deleted) in [(mailbox.to_path_buf(), false), (mailbox.join(EXPUNGED_DIR), true)] {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let Some(name) = entry.file_name().to_str().and_then(folder_name::from_dir_name) else { continue };
            let path = entry.path();
            if (name == INBOX && !deleted) || !path.join("cur").is_dir() {
                continue;
            }
            let stamps = maildir::stamps(&path);
            found.push(DiskFolder { name, deleted, path, stamps });
        }
    }
    Ok(found)
}

/// Brings the whole mailbox's index up to date: every folder, live and
/// deleted. Returns the folder rows.
pub async fn refresh(engine: &Engine, mailbox: &Mailbox) -> Result<Vec<FolderRow>> {
    let _guard = engine.mail().lock(mailbox.user_id).await;
    let dir = mailbox.dir.clone();
    let disk = blocking(move || scan_folders(&dir)).await?;
    let mut rows = folder_rows(engine, mailbox.user_id).await?;
    // Folders gone from disk leave the index (their messages with them).
    for row in &rows {
        if !disk.iter().any(|d| d.name == row.name && d.deleted == row.is_deleted()) {
            sqlx::query("DELETE FROM mail_folders WHERE id = $1").bind(row.id).execute(engine.db().pool()).await?;
        }
    }
    rows.retain(|row| disk.iter().any(|d| d.name == row.name && d.deleted == row.is_deleted()));
    let mut out = Vec::with_capacity(disk.len());
    for folder in disk {
        let row = rows.iter().find(|r| r.name == folder.name && r.is_deleted() == folder.deleted).cloned();
        out.push(sync_folder(engine, mailbox.user_id, folder, row).await?);
    }
    Ok(out)
}

/// Brings one folder's index up to date; None when the folder does not exist.
pub async fn refresh_folder(
    engine: &Engine,
    mailbox: &Mailbox,
    name: &str,
    deleted: bool,
) -> Result<Option<FolderRow>> {
    let _guard = engine.mail().lock(mailbox.user_id).await;
    let path = folder_path(&mailbox.dir, name, deleted);
    let probe = path.clone();
    let stamps = blocking(move || Ok(probe.join("cur").is_dir().then(|| maildir::stamps(&probe)))).await?;
    let row = folder_row(engine, mailbox.user_id, name, deleted).await?;
    let Some(stamps) = stamps else {
        if let Some(row) = row {
            sqlx::query("DELETE FROM mail_folders WHERE id = $1").bind(row.id).execute(engine.db().pool()).await?;
        }
        return Ok(None);
    };
    let folder = DiskFolder { name: name.to_string(), deleted, path, stamps };
    Ok(Some(sync_folder(engine, mailbox.user_id, folder, row).await?))
}

/// Forgets the index of a mailbox (or one folder) so that the next refresh
/// reads every file again: `reindex`.
pub async fn forget(engine: &Engine, user_id: i64, folder: Option<&str>) -> Result<()> {
    let _guard = engine.mail().lock(user_id).await;
    match folder {
        Some(name) => {
            sqlx::query("DELETE FROM mail_folders WHERE user_id = $1 AND name = $2")
                .bind(user_id)
                .bind(name)
                .execute(engine.db().pool())
                .await?
        }
        None => {
            sqlx::query("DELETE FROM mail_folders WHERE user_id = $1").bind(user_id).execute(engine.db().pool()).await?
        }
    };
    Ok(())
}

pub async fn folder_rows(engine: &Engine, user_id: i64) -> Result<Vec<FolderRow>> {
    Ok(sqlx::query_as(&format!("{FOLDER_COLUMNS} WHERE user_id = $1 ORDER BY deleted, name"))
        .bind(user_id)
        .fetch_all(engine.db().pool())
        .await?)
}

async fn folder_row(engine: &Engine, user_id: i64, name: &str, deleted: bool) -> Result<Option<FolderRow>> {
    Ok(sqlx::query_as(&format!("{FOLDER_COLUMNS} WHERE user_id = $1 AND deleted = $2 AND name = $3"))
        .bind(user_id)
        .bind(deleted as i64)
        .bind(name)
        .fetch_optional(engine.db().pool())
        .await?)
}

const FOLDER_COLUMNS: &str =
    "SELECT id, name, deleted, new_stamp, cur_stamp, messages, bytes, unseen FROM mail_folders";

/// A new message file, read from disk.
struct NewFile {
    base: String,
    file: String,
    size: i64,
    received: i64,
    changed: i64,
    seen: bool,
    summary: headers::Summary,
}

/// What a folder's directories hold that its index does not.
#[derive(Default)]
struct Diff {
    added: Vec<NewFile>,
    /// (row id, file, seen) of known messages whose flags changed.
    renamed: Vec<(i64, String, bool)>,
    removed: Vec<i64>,
}

async fn sync_folder(engine: &Engine, user_id: i64, folder: DiskFolder, row: Option<FolderRow>) -> Result<FolderRow> {
    let now_ns = engine.clock().now_ms() * 1_000_000;
    let settled = |stamp: Option<i64>| stamp.filter(|s| now_ns - s > SETTLE_NS);
    if let Some(row) = &row {
        let unchanged = row.new_stamp.is_some()
            && row.cur_stamp.is_some()
            && row.new_stamp == folder.stamps.0
            && row.cur_stamp == folder.stamps.1;
        if unchanged {
            return Ok(row.clone());
        }
    }
    let folder_id = match &row {
        Some(row) => row.id,
        None => insert_folder(engine, user_id, &folder.name, folder.deleted).await?,
    };
    let known: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, base, file FROM mail_messages WHERE folder_id = $1")
            .bind(folder_id)
            .fetch_all(engine.db().pool())
            .await?;
    let path = folder.path.clone();
    let diff = blocking(move || read_diff(&path, known)).await?;
    write_diff(engine, folder_id, diff).await?;
    let (stamp_new, stamp_cur) = (settled(folder.stamps.0), settled(folder.stamps.1));
    sqlx::query(
        "UPDATE mail_folders SET new_stamp = $1, cur_stamp = $2, \
         messages = (SELECT COUNT(*) FROM mail_messages WHERE folder_id = $3), \
         bytes = (SELECT COALESCE(SUM(size), 0) FROM mail_messages WHERE folder_id = $3), \
         unseen = (SELECT COUNT(*) FROM mail_messages WHERE folder_id = $3 AND seen = 0) \
         WHERE id = $3",
    )
    .bind(stamp_new)
    .bind(stamp_cur)
    .bind(folder_id)
    .execute(engine.db().pool())
    .await?;
    folder_row(engine, user_id, &folder.name, folder.deleted)
        .await?
        .ok_or_else(|| crate::Error::Internal("a folder row vanished while indexing".into()))
}

/// The index row of a folder, made (unread: NULL stamps) if missing.
pub(crate) async fn insert_folder(engine: &Engine, user_id: i64, name: &str, deleted: bool) -> Result<i64> {
    sqlx::query("INSERT INTO mail_folders (user_id, name, deleted) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(user_id)
        .bind(name)
        .bind(deleted as i64)
        .execute(engine.db().pool())
        .await?;
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM mail_folders WHERE user_id = $1 AND deleted = $2 AND name = $3")
        .bind(user_id)
        .bind(deleted as i64)
        .bind(name)
        .fetch_one(engine.db().pool())
        .await?;
    Ok(id)
}

fn read_diff(folder: &Path, known: Vec<(i64, String, String)>) -> std::io::Result<Diff> {
    let mut known: HashMap<String, (i64, String)> =
        known.into_iter().map(|(id, base, file)| (base, (id, file))).collect();
    let mut diff = Diff::default();
    for (sub, name) in maildir::list(folder)? {
        let file = format!("{sub}/{}", name.full());
        match known.remove(&name.base) {
            Some((id, old)) => {
                if old != file {
                    diff.renamed.push((id, file, name.seen()));
                }
            }
            None => match read_new(folder, &file, &name) {
                Ok(new) => diff.added.push(new),
                // Gone between the listing and the read (moved, expunged): the
                // next refresh sees where it went.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            },
        }
    }
    diff.removed = known.into_values().map(|(id, _)| id).collect();
    Ok(diff)
}

fn read_new(folder: &Path, file: &str, name: &FileName) -> std::io::Result<NewFile> {
    let path = folder.join(file);
    let meta = std::fs::metadata(&path)?;
    let summary = headers::read(&path)?;
    Ok(NewFile {
        base: name.base.clone(),
        file: file.to_string(),
        size: meta.len() as i64,
        received: maildir::mtime_ns(&meta).unwrap_or(0) / 1_000_000_000,
        changed: maildir::ctime(&meta),
        seen: name.seen(),
        summary,
    })
}

async fn write_diff(engine: &Engine, folder_id: i64, diff: Diff) -> Result<()> {
    if diff.added.is_empty() && diff.renamed.is_empty() && diff.removed.is_empty() {
        return Ok(());
    }
    let mut tx = engine.db().begin_write().await?;
    for id in diff.removed {
        sqlx::query("DELETE FROM mail_messages WHERE id = $1").bind(id).execute(&mut *tx).await?;
    }
    for (id, file, seen) in diff.renamed {
        sqlx::query("UPDATE mail_messages SET file = $1, seen = $2 WHERE id = $3")
            .bind(file)
            .bind(seen as i64)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    for new in &diff.added {
        insert_message(&mut tx, folder_id, new.into()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A message row to write.
pub struct MessageRow<'a> {
    pub base: &'a str,
    pub file: &'a str,
    pub size: i64,
    pub received: i64,
    pub changed: i64,
    pub seen: bool,
    pub sent: Option<i64>,
    pub from: &'a str,
    pub subject: &'a str,
    /// JSON text of the header map.
    pub headers: std::borrow::Cow<'a, str>,
}

impl<'a> From<&'a NewFile> for MessageRow<'a> {
    fn from(new: &'a NewFile) -> MessageRow<'a> {
        MessageRow {
            base: &new.base,
            file: &new.file,
            size: new.size,
            received: new.received,
            changed: new.changed,
            seen: new.seen,
            sent: new.summary.date,
            from: &new.summary.from,
            subject: &new.summary.subject,
            headers: serde_json::Value::Object(new.summary.headers.clone()).to_string().into(),
        }
    }
}

pub async fn insert_message(tx: &mut crate::db::Tx, folder_id: i64, row: MessageRow<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO mail_messages (folder_id, base, file, size, received, changed, seen, sent, from_text, subject, headers) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING",
    )
    .bind(folder_id)
    .bind(row.base)
    .bind(row.file)
    .bind(row.size)
    .bind(row.received)
    .bind(row.changed)
    .bind(row.seen as i64)
    .bind(row.sent)
    .bind(row.from)
    .bind(row.subject)
    .bind(row.headers.as_ref())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
