//! Local delivery of one message to one recipient address: the account it
//! names (directly or through an alias), refused when unknown, deleted,
//! suspended (account, its incoming-mail service, or its domain) or over
//! quota; stored atomically in INBOX or a named folder. `postroom deliver`
//! uses it as is; the LMTP listener adds the per-type delivery rules.

use serde_json::Value;

use super::account::{self, Mailbox};
use super::folder_name;
use super::store::{self, Stored};
use crate::error::Code;
use crate::Engine;

/// Why a message was not delivered, with the SMTP/LMTP status it maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No such (live) recipient: 550 5.1.1.
    NoSuchUser,
    /// Account, service or domain suspended: 550 5.2.1.
    Suspended,
    /// Delivering would exceed the mailbox's quota: 552 5.2.2.
    OverQuota,
    /// A folder name that cannot exist: 550 5.2.0.
    BadFolder(&'static str),
    /// Our fault (disk, database): try again later, 451 4.3.0.
    Temporary(String),
}

impl Refusal {
    pub fn lmtp_reply(&self) -> &'static str {
        match self {
            Refusal::NoSuchUser => "550 5.1.1 No such user here",
            Refusal::Suspended => "550 5.2.1 Mailbox disabled",
            Refusal::OverQuota => "552 5.2.2 Mailbox full",
            Refusal::BadFolder(_) => "550 5.2.0 No such folder",
            Refusal::Temporary(_) => "451 4.3.0 Temporary failure, try again later",
        }
    }

    /// sysexits.h codes, what an MTA expects from a delivery command.
    pub fn exit_code(&self) -> u8 {
        match self {
            Refusal::NoSuchUser => 67,                        // EX_NOUSER
            Refusal::Suspended | Refusal::BadFolder(_) => 77, // EX_NOPERM
            Refusal::OverQuota | Refusal::Temporary(_) => 75, // EX_TEMPFAIL
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::BadFolder(why) => write!(f, "{}: {why}", self.lmtp_reply()),
            Refusal::Temporary(why) => write!(f, "{}: {why}", self.lmtp_reply()),
            _ => f.write_str(self.lmtp_reply()),
        }
    }
}

/// The mailbox `recipient` delivers to, if it may receive mail now.
pub async fn recipient(engine: &Engine, recipient: &str) -> Result<Mailbox, Refusal> {
    let mailbox = match account::system(engine, recipient).await {
        Ok(m) => m,
        Err(e) if e.code() == Code::NoSuchUser => return Err(Refusal::NoSuchUser),
        Err(e) => return Err(Refusal::Temporary(e.to_string())),
    };
    let row: Option<(String, String, Option<i64>)> = sqlx::query_as(
        "SELECT u.status, u.attrs, d.disabled FROM users u JOIN domains d ON d.id = u.domain_id WHERE u.id = $1",
    )
    .bind(mailbox.user_id)
    .fetch_optional(engine.db().pool())
    .await
    .map_err(|e| Refusal::Temporary(e.to_string()))?;
    let Some((status, attrs, domain_disabled)) = row else { return Err(Refusal::NoSuchUser) };
    let attrs: serde_json::Map<String, Value> = serde_json::from_str(&attrs).unwrap_or_default();
    let smtpin = attrs.get("service_smtpin").and_then(Value::as_str).unwrap_or("enabled");
    if status != "active" || smtpin != "enabled" || domain_disabled.unwrap_or(0) != 0 {
        return Err(Refusal::Suspended);
    }
    Ok(mailbox)
}

/// Delivers `message` to `recipient`'s `folder` (INBOX when None).
pub async fn deliver(
    engine: &Engine,
    recipient_address: &str,
    folder: Option<&str>,
    message: Vec<u8>,
) -> Result<Stored, Refusal> {
    let folder = folder_name::normalize(folder.unwrap_or(folder_name::INBOX)).map_err(Refusal::BadFolder)?;
    let mailbox = recipient(engine, recipient_address).await?;
    check_quota(engine, &mailbox, message.len() as i64).await?;
    store::put(engine, &mailbox, &folder, message).await.map_err(|e| Refusal::Temporary(e.to_string()))
}

/// Refuses a message that would take the mailbox past its quota (MB; 0 is no limit).
pub async fn check_quota(engine: &Engine, mailbox: &Mailbox, size: i64) -> Result<(), Refusal> {
    let (attrs,): (String,) = sqlx::query_as("SELECT attrs FROM users WHERE id = $1")
        .bind(mailbox.user_id)
        .fetch_one(engine.db().pool())
        .await
        .map_err(|e| Refusal::Temporary(e.to_string()))?;
    let attrs: serde_json::Map<String, Value> = serde_json::from_str(&attrs).unwrap_or_default();
    let quota_mb = attrs.get("quota").and_then(Value::as_i64).unwrap_or(0);
    if quota_mb <= 0 {
        return Ok(());
    }
    let (used, _) = store::usage(engine, mailbox.user_id).await.map_err(|e| Refusal::Temporary(e.to_string()))?;
    if used + size > quota_mb * 1024 * 1024 {
        return Err(Refusal::OverQuota);
    }
    Ok(())
}
