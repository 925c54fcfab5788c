//! Moving message files between folders of a mailbox (move_user_messages) or
//! out of the expunged tree back into their folders (restore_deleted_messages),
//! and the index rows and counters that follow. Files move by rename(), never
//! over another file; the index is written after, in one transaction per
//! call, and a crash in between is mended by the next refresh (the
//! directories are the truth).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::account::Mailbox;
use super::blocking;
use super::index::{self, MessageRow};
use super::listing::Row;
use super::maildir::{self, FileName};
use crate::error::Result;
use crate::Engine;

/// One message to move: its index row and the live folder it goes to.
pub struct Move {
    pub row: Row,
    pub to: String,
}

/// Moves each message into its live folder (created, and subscribed unless
/// INBOX, if missing), syncing each target directory once. `fresh_name`: give
/// the files new unique names (restores do, so that Dovecot never sees an
/// expunged name reappear). Says per move whether it happened (a file gone
/// meanwhile, e.g. moved by another call, is logged and reported as not).
pub async fn relocate(engine: &Engine, mailbox: &Mailbox, moves: Vec<Move>, fresh_name: bool) -> Result<Vec<bool>> {
    if moves.is_empty() {
        return Ok(Vec::new());
    }
    let root = mailbox.dir.clone();
    let plan: Vec<(PathBuf, PathBuf, String, i64)> = moves
        .iter()
        .map(|m| {
            let from = index::folder_path(&root, &m.row.folder, m.row.deleted != 0).join(&m.row.file);
            (from, index::folder_path(&root, &m.to, false), m.row.file.clone(), m.row.size)
        })
        .collect();
    let targets: BTreeSet<String> = moves.iter().map(|m| m.to.clone()).collect();
    let user = mailbox.name.clone();
    let renamed: Vec<Option<FileName>> = blocking(move || {
        for name in &targets {
            maildir::create_folder(&index::folder_path(&root, name, false))?;
            if name != super::folder_name::INBOX {
                subscribe_folder(&root, name)?;
            }
        }
        let mut touched = BTreeSet::new();
        let mut out = Vec::with_capacity(plan.len());
        for (from, to_dir, file, size) in plan {
            let Some(mut new) = FileName::parse(file.rsplit('/').next().unwrap_or_default()) else {
                tracing::warn!(%user, %file, "an indexed file name does not parse");
                out.push(None);
                continue;
            };
            if fresh_name || to_dir.join(new.sub()).join(new.full()).exists() {
                new.base = maildir::unique_base(size as u64);
            }
            let target = to_dir.join(new.sub());
            match maildir::rename_new(&from, &target.join(new.full())) {
                Ok(()) => {
                    touched.insert(target);
                    out.push(Some(new));
                }
                Err(e) => {
                    tracing::warn!(%user, %file, error = %e, "moving a message file failed");
                    out.push(None);
                }
            }
        }
        for dir in touched {
            maildir::sync_dir(&dir)?;
        }
        Ok(out)
    })
    .await?;

    let _guard = engine.mail().lock(mailbox.user_id).await;
    let mut folder_ids = BTreeMap::new();
    for m in &moves {
        if !folder_ids.contains_key(&m.to) {
            folder_ids.insert(m.to.clone(), index::insert_folder(engine, mailbox.user_id, &m.to, false).await?);
        }
    }
    // Per folder: (messages, bytes, unseen) to add.
    let mut deltas: BTreeMap<i64, (i64, i64, i64)> = BTreeMap::new();
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    for (m, new) in moves.iter().zip(&renamed) {
        let Some(new) = new else { continue };
        let row = &m.row;
        let to_id = folder_ids[&m.to];
        let unseen = i64::from(row.seen == 0);
        for (folder, sign) in [(row.folder_id, -1), (to_id, 1)] {
            let d = deltas.entry(folder).or_default();
            *d = (d.0 + sign, d.1 + sign * row.size, d.2 + sign * unseen);
        }
        sqlx::query("DELETE FROM mail_messages WHERE id = $1").bind(row.id).execute(&mut *tx).await?;
        let file = format!("{}/{}", new.sub(), new.full());
        index::insert_message(
            &mut tx,
            to_id,
            MessageRow {
                base: &new.base,
                file: &file,
                size: row.size,
                received: row.received,
                changed: now,
                seen: row.seen != 0,
                sent: row.sent,
                from: &row.from_text,
                subject: &row.subject,
                headers: row.headers.as_str().into(),
            },
        )
        .await?;
    }
    for (folder, (messages, bytes, unseen)) in deltas {
        sqlx::query(
            "UPDATE mail_folders SET messages = messages + $1, bytes = bytes + $2, unseen = unseen + $3 WHERE id = $4",
        )
        .bind(messages)
        .bind(bytes)
        .bind(unseen)
        .bind(folder)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(renamed.iter().map(Option::is_some).collect())
}

/// Adds a folder to the mailbox's IMAP subscriptions (Dovecot's format:
/// `V\t2\n\n`, then one name per line with TAB as the hierarchy separator),
/// so that clients showing only subscribed folders see a recreated folder.
pub fn subscribe_folder(mailbox: &std::path::Path, name: &str) -> std::io::Result<()> {
    let path = mailbox.join("subscriptions");
    let line: String = name.split('.').map(super::folder_name::encode).collect::<Vec<_>>().join("\t");
    let current = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "V\t2\n\n".to_string(),
        Err(e) => return Err(e),
    };
    if current.lines().any(|l| l == line) {
        return Ok(());
    }
    let mut text = current;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&line);
    text.push('\n');
    // Written aside and renamed: a reader never sees half a file.
    super::maildir::replace_file(&path, text.as_bytes())
}
