//! The mail store: one Maildir++ tree per account at
//! `<root>/<domain>/<local>/`, Dovecot's lazy_expunge copies of deleted
//! messages under `<mailbox>/expunged/`, and a header index in SQL that keeps
//! listings fast. The directories are the truth: the index follows them
//! (incrementally, by the mtimes of `new/` and `cur/`) and can be rebuilt.

pub mod account;
pub mod demo;
pub mod folder_name;
pub mod get_deleted_messages;
pub mod get_user_folders;
pub mod get_user_messages;
pub mod headers;
pub mod inboxes;
pub mod index;
pub mod listing;
pub mod mail_login;
pub mod maildir;
pub mod message_id;
pub mod move_user_messages;
pub mod moves;
pub mod purge;
pub mod reindex;
pub mod relocate;
pub mod restore_deleted_messages;
pub mod retention;
pub mod store;
pub mod user_notify;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::directory::names;
use crate::error::{Error, Result};

/// Where deleted accounts' mailboxes wait for restore or purge (a name no
/// domain can have).
const DELETED_DIR: &str = ".deleted";
/// The lazy_expunge namespace's root inside a mailbox (`location = maildir:~/expunged`).
pub const EXPUNGED_DIR: &str = "expunged";

pub struct MailStore {
    root: PathBuf,
    /// Index refreshes of one account run one at a time (striped by account id).
    locks: Vec<Arc<tokio::sync::Mutex<()>>>,
    pub(crate) reindex_jobs: reindex::Jobs,
}

impl MailStore {
    pub fn new(root: PathBuf) -> MailStore {
        MailStore {
            root,
            locks: (0..64).map(|_| Arc::new(tokio::sync::Mutex::new(()))).collect(),
            reindex_jobs: reindex::Jobs::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The mailbox directory of a live account, relative to the root.
    pub fn relative_dir(name: &str) -> Result<String> {
        let (local, domain) = names::mailbox(name).map_err(|why| Error::Internal(format!("mailbox {name}: {why}")))?;
        Ok(format!("{domain}/{local}"))
    }

    /// Where a deleted account's mailbox is kept until it is restored or purged.
    pub fn deleted_relative_dir(user_id: i64) -> String {
        format!("{DELETED_DIR}/{user_id}")
    }

    pub fn mailbox_dir(&self, name: &str) -> Result<PathBuf> {
        Ok(self.root.join(Self::relative_dir(name)?))
    }

    /// Makes the Maildir++ root of a new account (INBOX). Existing is fine.
    pub async fn create_mailbox(&self, name: &str) -> Result<()> {
        let dir = self.mailbox_dir(name)?;
        blocking(move || maildir::create_folder(&dir)).await
    }

    pub(crate) async fn lock(&self, user_id: i64) -> tokio::sync::OwnedMutexGuard<()> {
        let stripe = self.locks[(user_id.unsigned_abs() % self.locks.len() as u64) as usize].clone();
        stripe.lock_owned().await
    }
}

/// Runs file-system work off the async threads; an I/O failure is a server error.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(Error::Internal(format!("mail store: {e}"))),
        Err(e) => Err(Error::Internal(format!("mail store task: {e}"))),
    }
}

/// After an account was created: its Maildir++ root. A failure is logged, not
/// returned (the account exists; the first delivery makes the directory).
pub async fn created(engine: &crate::Engine, names: Vec<String>) {
    let dirs: Vec<PathBuf> = names.iter().filter_map(|n| engine.mail().mailbox_dir(n).ok()).collect();
    let made = blocking(move || dirs.iter().try_for_each(|d| maildir::create_folder(d))).await;
    if let Err(e) = made {
        tracing::warn!(error = %e, "creating mailbox directories failed");
    }
}

/// What get_user shows of a mailbox: its live folders and (bytes, messages)
/// used. The store being unreadable is logged and shows as empty, so that the
/// account itself can still be read and fixed.
pub async fn summary(engine: &crate::Engine, user_id: i64, name: &str) -> (Vec<String>, i64, i64) {
    let Ok(mailbox) = account::Mailbox::of(engine, user_id, name) else {
        return (vec![folder_name::INBOX.into()], 0, 0);
    };
    match index::refresh(engine, &mailbox).await {
        Ok(rows) => {
            let shaped = get_user_folders::shape(rows);
            let live: Vec<_> = shaped.details.iter().filter(|r| !r.is_deleted()).collect();
            let bytes = live.iter().map(|r| r.bytes).sum();
            let messages = live.iter().map(|r| r.messages).sum();
            let folders = if shaped.folders.is_empty() { vec![folder_name::INBOX.into()] } else { shaped.folders };
            (folders, bytes, messages)
        }
        Err(e) => {
            tracing::warn!(user = %name, error = %e, "reading the mailbox failed");
            (vec![folder_name::INBOX.into()], 0, 0)
        }
    }
}
