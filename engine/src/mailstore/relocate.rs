//! Moving one message file between folders of a mailbox (move_user_messages)
//! or out of the expunged tree back into its folder (restore_deleted_messages),
//! and the index rows and counters that follow. The file moves by rename(),
//! never over another file; the index is written after, and a crash in
//! between is mended by the next refresh (the directories are the truth).

use std::path::PathBuf;

use super::account::Mailbox;
use super::blocking;
use super::index::{self, MessageRow};
use super::listing::Row;
use super::maildir::{self, FileName};
use crate::error::Result;
use crate::Engine;

/// Moves the message of `row` into live folder `to` (created if missing).
/// `fresh_name`: give the file a new unique name (restores do, so that
/// Dovecot never sees an expunged name reappear).
pub async fn relocate(engine: &Engine, mailbox: &Mailbox, row: &Row, to: &str, fresh_name: bool) -> Result<()> {
    let from_dir = index::folder_path(&mailbox.dir, &row.folder, row.deleted != 0);
    let to_dir = index::folder_path(&mailbox.dir, to, false);
    let old = FileName::parse(row.file.rsplit('/').next().unwrap_or_default())
        .ok_or_else(|| crate::Error::Internal(format!("indexed file name {}", row.file)))?;
    let (size, file) = (row.size, row.file.clone());
    let subscribe = (to != super::folder_name::INBOX).then(|| (mailbox.dir.clone(), to.to_string()));
    let new = blocking(move || {
        maildir::create_folder(&to_dir)?;
        if let Some((root, name)) = subscribe {
            subscribe_folder(&root, &name)?;
        }
        let mut new = old.clone();
        if fresh_name || to_dir.join(new.sub()).join(new.full()).exists() {
            new.base = maildir::unique_base(size as u64);
        }
        let target: PathBuf = to_dir.join(new.sub()).join(new.full());
        maildir::rename_new(&from_dir.join(&file), &target)?;
        maildir::sync_dir(&to_dir.join(new.sub()))?;
        Ok(new)
    })
    .await?;
    let _guard = engine.mail().lock(mailbox.user_id).await;
    let to_id = index::insert_folder(engine, mailbox.user_id, to, false).await?;
    let unseen = i64::from(row.seen == 0);
    let mut tx = engine.db().begin_write().await?;
    sqlx::query("DELETE FROM mail_messages WHERE id = $1").bind(row.id).execute(&mut *tx).await?;
    sqlx::query(
        "UPDATE mail_folders SET messages = messages - 1, bytes = bytes - $1, unseen = unseen - $2 WHERE id = $3",
    )
    .bind(row.size)
    .bind(unseen)
    .bind(row.folder_id)
    .execute(&mut *tx)
    .await?;
    let file = format!("{}/{}", new.sub(), new.full());
    index::insert_message(
        &mut tx,
        to_id,
        MessageRow {
            base: &new.base,
            file: &file,
            size: row.size,
            received: row.received,
            changed: engine.clock().now(),
            seen: row.seen != 0,
            sent: row.sent,
            from: &row.from_text,
            subject: &row.subject,
            headers: row.headers.as_str().into(),
        },
    )
    .await?;
    sqlx::query(
        "UPDATE mail_folders SET messages = messages + 1, bytes = bytes + $1, unseen = unseen + $2 WHERE id = $3",
    )
    .bind(row.size)
    .bind(unseen)
    .bind(to_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
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
