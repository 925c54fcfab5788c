//! Putting a message into a folder: the Maildir write (fsynced before this
//! returns, so an accepted message survives a crash) and its index row, so
//! that quota and listings see it without reading the folder again.

use std::collections::HashMap;

use super::account::Mailbox;
use super::folder_name::INBOX;
use super::index::{self, MessageRow};
use super::{blocking, headers, maildir};
use crate::db::{Arg, Sql};
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
    Ok(usage_of(engine, &[user_id]).await?.remove(&user_id).unwrap_or_default())
}

/// [`usage`] of many mailboxes in one grouped query (a page of search_users);
/// mailboxes without mail are left out.
pub async fn usage_of(engine: &Engine, user_ids: &[i64]) -> Result<HashMap<i64, (i64, i64)>> {
    if user_ids.is_empty() {
        return Ok(HashMap::new());
    }
    // PostgreSQL's SUM of BIGINT is NUMERIC: cast back for both backends.
    let mut sql = Sql::new(
        "SELECT user_id, CAST(SUM(bytes) AS BIGINT), CAST(SUM(messages) AS BIGINT) \
         FROM mail_folders WHERE deleted = 0 AND user_id IN (",
    );
    sql.list(user_ids.iter().map(|id| Arg::Int(*id))).push(") GROUP BY user_id");
    let rows: Vec<(i64, i64, i64)> = sql.query_as().fetch_all(engine.db().pool()).await?;
    Ok(rows.into_iter().map(|(id, bytes, messages)| (id, (bytes, messages))).collect())
}
