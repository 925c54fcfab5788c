//! Moving a whole mailbox directory with the account it belongs to (rename,
//! delete, restore, purge). The move is journalled in `mail_moves` inside the
//! transaction that changes the account, and carried out after the commit;
//! whatever is still journalled at the next start is carried out then. So the
//! directory always ends where the committed database says the account is: a
//! crash leaves the old name or the new one, never both or neither.

use super::blocking;
use super::maildir;
use crate::db::Tx;
use crate::error::Result;
use crate::Engine;

/// Journals the move of `from` to `to` (None: remove it); relative paths.
/// Returns the journal row, for [`finish`] after the commit.
pub async fn journal(tx: &mut Tx, user_id: i64, from: &str, to: Option<&str>, now: i64) -> Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO mail_moves (user_id, from_path, to_path, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(from)
    .bind(to)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Carries out a committed move and clears it from the journal. A failure is
/// logged and left journalled for the next start.
pub async fn finish(engine: &Engine, move_id: i64) {
    if let Err(e) = finish_one(engine, move_id).await {
        tracing::error!(move_id, error = %e, "moving a mailbox directory failed; it is retried at the next start");
    }
}

async fn finish_one(engine: &Engine, move_id: i64) -> Result<()> {
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT from_path, to_path FROM mail_moves WHERE id = $1")
            .bind(move_id)
            .fetch_optional(engine.db().pool())
            .await?;
    let Some((from, to)) = row else { return Ok(()) };
    let root = engine.mail().root().to_path_buf();
    blocking(move || carry_out(&root, &from, to.as_deref())).await?;
    sqlx::query("DELETE FROM mail_moves WHERE id = $1").bind(move_id).execute(engine.db().pool()).await?;
    Ok(())
}

/// Every move still journalled, oldest first (at start).
pub async fn finish_pending(engine: &Engine) -> Result<()> {
    let ids: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM mail_moves ORDER BY id").fetch_all(engine.db().pool()).await?;
    for (id,) in ids {
        finish_one(engine, id).await?;
    }
    Ok(())
}

/// The move itself, idempotent: a source that is gone means it was done.
fn carry_out(root: &std::path::Path, from: &str, to: Option<&str>) -> std::io::Result<()> {
    let source = root.join(from);
    if !source.exists() {
        return Ok(());
    }
    match to {
        None => maildir::remove_tree(&source),
        Some(to) => {
            let target = root.join(to);
            if let Some(parent) = target.parent() {
                maildir::create_dir_all_0700(parent)?;
            }
            if target.exists() {
                // Something made the new name's directory meanwhile (a
                // delivery, a Dovecot login): keep it beside, never merge blindly.
                // A dot first: no account's directory can have that name.
                let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("mailbox");
                let aside = target.with_file_name(format!(".{name}.{}", collision_suffix()));
                tracing::warn!(target = %target.display(), aside = %aside.display(), "mailbox directory exists; moving it aside");
                std::fs::rename(&target, &aside)?;
            }
            std::fs::rename(&source, &target)
        }
    }
}

fn collision_suffix() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    format!("collided-{}", now.as_secs())
}
