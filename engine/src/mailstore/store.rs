//! Putting a message into a folder: the Maildir write (fsynced before this
//! returns, so an accepted message survives a crash) and its index row, so
//! that quota and listings see it without reading the folder again.

use super::account::Mailbox;
use super::folder_name::INBOX;
use super::index::{self, MessageRow};
use super::{blocking, headers, maildir};
use crate::error::Result;
use crate::Engine;

/// Where a stored message went.
#[derive(Debug, Clone)]
pub struct Stored {
    pub folder: String,
    pub base: String,
    pub size: i64,
}

/// Stores `message` in `folder` (created if missing) of `mailbox`.
pub async fn put(engine: &Engine, mailbox: &Mailbox, folder: &str, message: Vec<u8>) -> Result<Stored> {
    let path = index::folder_path(&mailbox.dir, folder, false);
    let created_root = folder != INBOX && !mailbox.dir.join("cur").is_dir();
    let root = mailbox.dir.clone();
    let (name, summary, message_len) = blocking(move || {
        if created_root {
            maildir::create_folder(&root)?;
        }
        let name = maildir::deliver(&path, &message)?;
        Ok((name, headers::parse(&message), message.len() as i64))
    })
    .await?;
    let now = engine.clock().now();
    let _guard = engine.mail().lock(mailbox.user_id).await;
    let folder_id = index::insert_folder(engine, mailbox.user_id, folder, false).await?;
    let file = format!("new/{}", name.base);
    let mut tx = engine.db().begin_write().await?;
    index::insert_message(
        &mut tx,
        folder_id,
        MessageRow {
            base: &name.base,
            file: &file,
            size: message_len,
            received: now,
            changed: now,
            seen: false,
            sent: summary.date,
            from: &summary.from,
            subject: &summary.subject,
            headers: serde_json::Value::Object(summary.headers).to_string().into(),
        },
    )
    .await?;
    sqlx::query(
        "UPDATE mail_folders SET messages = messages + 1, bytes = bytes + $1, unseen = unseen + 1 WHERE id = $2",
    )
    .bind(message_len)
    .bind(folder_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Stored { folder: folder.to_string(), base: name.base, size: message_len })
}

/// Bytes and messages the mailbox holds (live folders), as last indexed.
pub async fn usage(engine: &Engine, user_id: i64) -> Result<(i64, i64)> {
    let (bytes, messages): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(bytes), 0) AS BIGINT), CAST(COALESCE(SUM(messages), 0) AS BIGINT) \
         FROM mail_folders WHERE user_id = $1 AND deleted = 0",
    )
    .bind(user_id)
    .fetch_one(engine.db().pool())
    .await?;
    Ok((bytes, messages))
}
