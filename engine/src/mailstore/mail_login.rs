//! Logins of mail clients (IMAP, POP3) that Dovecot asks Postroom about
//! (`postroom dovecot-auth`, a checkpassword program): the password checked
//! like any other login, then the account's service for that protocol, its
//! status and its domain; the answer is the canonical name and the mailbox
//! directory. A successful login is the account's last login.

use std::path::PathBuf;

use serde_json::Value;

use crate::error::{fail, Code, Result};
use crate::identity::credentials::{Purpose, Secret};
use crate::identity::Credentials;
use crate::Engine;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Imap,
    Pop3,
}

impl Protocol {
    /// Dovecot's SERVICE name.
    pub fn from_service(service: &str) -> Option<Protocol> {
        match service {
            "imap" => Some(Protocol::Imap),
            "pop3" => Some(Protocol::Pop3),
            _ => None,
        }
    }

    fn attribute(self) -> &'static str {
        match self {
            Protocol::Imap => "service_imap4",
            Protocol::Pop3 => "service_pop3",
        }
    }
}

/// Who logged in, and where their mail is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailUser {
    pub name: String,
    pub home: PathBuf,
}

/// Checks a mail client's login. Every refusal is error 1, whatever the
/// reason (unknown, wrong password, service off, suspended): the client
/// learns nothing more.
pub async fn login(engine: &Engine, user: &str, password: &str, protocol: Protocol) -> Result<MailUser> {
    let creds = Credentials { user: user.to_string(), secret: Secret::Password(password.to_string()), client: None };
    let caller = engine.authenticate_credentials(&creds, Purpose::Portal).await?;
    let Some(found) = lookup(engine, &caller.name).await? else { return fail(Code::InvalidCredentials) };
    let row: Option<(String, String)> = sqlx::query_as("SELECT status, attrs FROM users WHERE id = $1")
        .bind(caller.user_id)
        .fetch_optional(engine.db().pool())
        .await?;
    let Some((status, attrs)) = row else { return fail(Code::InvalidCredentials) };
    let attrs: serde_json::Map<String, Value> = serde_json::from_str(&attrs).unwrap_or_default();
    let service = attrs.get(protocol.attribute()).and_then(Value::as_str).unwrap_or("enabled");
    if status != "active" || service != "enabled" {
        return fail(Code::InvalidCredentials);
    }
    sqlx::query("UPDATE users SET last_login = $1 WHERE id = $2")
        .bind(engine.clock().now())
        .bind(caller.user_id)
        .execute(engine.db().pool())
        .await?;
    // Counted straight into the database: Dovecot runs a fresh process per login.
    let kind = match protocol {
        Protocol::Imap => crate::stats::Login::Imap4,
        Protocol::Pop3 => crate::stats::Login::Pop3,
    };
    engine.record(caller.user_id, crate::stats::Event::Login(kind));
    if let Err(e) = crate::stats::flush(engine).await {
        tracing::warn!(error = %e, "recording a mail login in the stats failed");
    }
    Ok(found)
}

/// A live mailbox account by name (Dovecot's userdb lookup: no password).
pub async fn lookup(engine: &Engine, user: &str) -> Result<Option<MailUser>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT u.name FROM users u JOIN domains d ON d.id = u.domain_id \
         WHERE u.name = $1 AND u.deleted_at IS NULL AND u.alias_of IS NULL AND d.disabled = 0",
    )
    .bind(user.trim().to_lowercase())
    .fetch_optional(engine.db().pool())
    .await?;
    match row {
        Some((name,)) => Ok(Some(MailUser { home: engine.mail().mailbox_dir(&name)?, name })),
        None => Ok(None),
    }
}
