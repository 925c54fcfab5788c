//! The purge job: removes deleted messages older than their retention from
//! every mailbox's expunged tree (walking the directories, since Dovecot
//! expunges without telling us), and the mailboxes of deleted accounts that
//! can no longer be restored.

use std::path::Path;

use super::{blocking, maildir, retention, EXPUNGED_DIR};
use crate::error::Result;
use crate::Engine;

/// What one run removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    pub messages: u64,
    pub mailboxes: u64,
}

pub async fn run(engine: &Engine) -> Result<Purged> {
    let now = engine.clock().now();
    let mut purged = Purged::default();
    let root = engine.mail().root().to_path_buf();
    let domains = blocking({
        let root = root.clone();
        move || list_dirs(&root)
    })
    .await?;
    for domain in domains.into_iter().filter(|d| !d.starts_with('.')) {
        let oldest = now - retention::of_domain(engine, &domain).await?;
        let dir = root.join(&domain);
        purged.messages += blocking(move || purge_domain(&dir, oldest)).await?;
    }
    // Mailboxes of deleted accounts past the account retention.
    let waiting = blocking({
        let root = root.clone();
        move || list_dirs(&root.join(super::DELETED_DIR))
    })
    .await?;
    let cutoff = now - engine.user_retention().as_secs() as i64;
    for entry in waiting {
        let Ok(user_id) = entry.parse::<i64>() else { continue };
        let expired: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM users WHERE id = $1 AND deleted_at IS NOT NULL AND deleted_at < $2")
                .bind(user_id)
                .bind(cutoff)
                .fetch_optional(engine.db().pool())
                .await?;
        if expired.is_some() {
            let dir = root.join(super::MailStore::deleted_relative_dir(user_id));
            blocking(move || maildir::remove_tree(&dir)).await?;
            sqlx::query("DELETE FROM mail_folders WHERE user_id = $1")
                .bind(user_id)
                .execute(engine.db().pool())
                .await?;
            purged.mailboxes += 1;
        }
    }
    Ok(purged)
}

fn list_dirs(dir: &Path) -> std::io::Result<Vec<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            if let Some(name) = entry.file_name().to_str() {
                names.push(name.to_string());
            }
        }
    }
    Ok(names)
}

/// Unlinks expunged copies deleted before `oldest` in every mailbox of a domain.
fn purge_domain(domain: &Path, oldest: i64) -> std::io::Result<u64> {
    let mut removed = 0;
    for mailbox in list_dirs(domain)? {
        let expunged = domain.join(mailbox).join(EXPUNGED_DIR);
        for folder in list_dirs(&expunged)? {
            for sub in ["new", "cur"] {
                let dir = expunged.join(&folder).join(sub);
                let Ok(entries) = std::fs::read_dir(&dir) else { continue };
                for entry in entries.flatten() {
                    let Ok(meta) = entry.metadata() else { continue };
                    if meta.is_file() && maildir::ctime(&meta) < oldest && std::fs::remove_file(entry.path()).is_ok() {
                        removed += 1;
                    }
                }
            }
        }
    }
    Ok(removed)
}
