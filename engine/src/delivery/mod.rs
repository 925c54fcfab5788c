//! Incoming mail for the accounts Postroom hosts, by each account's type and
//! delivery flags: stored locally (spam into the spam folder when the
//! account's filterdelivery says quarantine), forwarded, auto-replied, or
//! handed to the domain's filter host. The LMTP listener and `postroom
//! deliver` both come here; the mail store does the storing.

pub mod autoreply;
pub mod filters;
pub mod relay;
pub mod route;

use crate::mailstore::account::Mailbox;
use crate::mailstore::{folder_name, headers, store};
use crate::stats::Event;
use crate::Engine;
use relay::Relay;
use route::Account;

/// Where unconfigured spam goes.
const DEFAULT_SPAM_FOLDER: &str = "Spam";

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
    /// The message already went through this account: 554 5.4.6.
    Loop,
    /// The sender is on the account's block list: 550 5.7.1.
    Blocked,
    /// Spam, and the account rejects spam: 550 5.7.1.
    Spam,
    /// Our fault (disk, database, relay): try again later, 451 4.3.0.
    Temporary(String),
}

impl Refusal {
    pub fn lmtp_reply(&self) -> &'static str {
        match self {
            Refusal::NoSuchUser => "550 5.1.1 No such user here",
            Refusal::Suspended => "550 5.2.1 Mailbox disabled",
            Refusal::OverQuota => "552 5.2.2 Mailbox full",
            Refusal::BadFolder(_) => "550 5.2.0 No such folder",
            Refusal::Loop => "554 5.4.6 Mail loop detected",
            Refusal::Blocked => "550 5.7.1 Sender blocked by the recipient",
            Refusal::Spam => "550 5.7.1 Message rejected as spam",
            Refusal::Temporary(_) => "451 4.3.0 Temporary failure, try again later",
        }
    }

    /// sysexits.h codes, what an MTA expects from a delivery command.
    pub fn exit_code(&self) -> u8 {
        match self {
            Refusal::NoSuchUser => 67, // EX_NOUSER
            Refusal::Suspended | Refusal::BadFolder(_) | Refusal::Blocked | Refusal::Spam => 77, // EX_NOPERM
            Refusal::Loop => 65,       // EX_DATAERR
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

/// What delivering to one recipient did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// The folder it was stored in.
    pub stored: Option<String>,
    pub forwarded: usize,
    pub autoreplied: bool,
    pub filtered: bool,
}

/// The account `address` reaches, if it may receive mail now (RCPT time).
pub async fn accept(engine: &Engine, address: &str) -> Result<Account, Refusal> {
    match route::resolve(engine, address).await {
        Ok(Some(account)) if account.receives() => Ok(account),
        Ok(Some(account)) => {
            engine.record(account.id, Event::Denied);
            Err(Refusal::Suspended)
        }
        Ok(None) => Err(Refusal::NoSuchUser),
        Err(e) => Err(Refusal::Temporary(e.to_string())),
    }
}

/// Delivers `message` from `sender` (envelope; empty for bounces) to
/// `account`. Forwarding happens before local storage, so that a relay
/// failure (451, retried by the sender) never leaves a stored copy behind.
pub async fn deliver(
    engine: &Engine,
    relay: Option<&Relay>,
    sender: &str,
    account: &Account,
    message: &[u8],
) -> Result<Report, Refusal> {
    let summary = headers::parse(message);
    let sender = sender.trim().trim_start_matches('<').trim_end_matches('>').to_lowercase();
    let delivered_to = format!("Delivered-To: {}", account.name);
    if header_lines(message).any(|line| line.eq_ignore_ascii_case(&delivered_to)) {
        return Err(Refusal::Loop);
    }
    let allowed = filters::any_matches(&account.list("allow"), &sender);
    if !allowed && filters::any_matches(&account.list("block"), &sender) {
        engine.record(account.id, Event::Denied);
        return Err(Refusal::Blocked);
    }
    let spam = !allowed && filters::is_spam(&summary);
    if spam && account.flag("reject_spam") {
        engine.record(account.id, Event::Denied);
        return Err(Refusal::Spam);
    }
    // Counted once the message is taken (stored, forwarded or handed on).
    let received = Event::Received { spam, size: message.len() as i64 };
    let mut report = Report::default();
    if account.flag("delivery_filter") {
        let filter = account.text("filtermx").or_else(|| account.domain_attrs.get("filtermx").and_then(|v| v.as_str()));
        let Some(filter) = filter.and_then(Relay::parse) else {
            return Err(Refusal::Temporary(format!("{} filters mail but its domain has no filtermx", account.name)));
        };
        filter.send(&sender, std::slice::from_ref(&account.name), message).await.map_err(Refusal::Temporary)?;
        report.filtered = true;
        engine.record(account.id, received);
        return Ok(report);
    }
    if account.flag("delivery_forward") {
        report.forwarded = forward(relay, &sender, account, message).await?;
    }
    if account.flag("delivery_local") {
        report.stored = Some(store_locally(engine, account, &sender, message, spam).await?);
    }
    engine.record(account.id, received);
    if report.forwarded > 0 {
        engine.record(account.id, Event::Forwarded);
    }
    match autoreply::maybe_reply(engine, relay, account, &sender, &summary, spam).await {
        Ok(sent) => {
            report.autoreplied = sent;
            if sent {
                engine.record(account.id, Event::Autoresponded);
            }
        }
        // The message itself is delivered; a failed auto-reply is only logged.
        Err(e) => tracing::warn!(account = %account.name, error = %e, "auto-reply failed"),
    }
    Ok(report)
}

/// The header lines of a message, unfolded enough to compare whole lines.
fn header_lines(message: &[u8]) -> impl Iterator<Item = &str> {
    let text = std::str::from_utf8(message).unwrap_or("");
    let end = text.find("\r\n\r\n").or_else(|| text.find("\n\n")).unwrap_or(text.len());
    text[..end].lines().map(str::trim_end)
}

async fn store_locally(
    engine: &Engine,
    account: &Account,
    sender: &str,
    message: &[u8],
    spam: bool,
) -> Result<String, Refusal> {
    let quarantine = account.inherited("filterdelivery").unwrap_or("quarantine") == "quarantine";
    let folder = if spam && quarantine { spam_folder(account) } else { folder_name::INBOX.to_string() };
    let mut bytes = format!("Return-Path: <{sender}>\r\nDelivered-To: {}\r\n", account.name).into_bytes();
    if spam && !quarantine {
        // Passed through: marked with the account's spam header and subject tag.
        if let Some(header) = account.inherited("spamheader") {
            bytes.extend_from_slice(header.as_bytes());
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(&tag_subject(message, account.inherited("spamtag")));
    } else {
        bytes.extend_from_slice(message);
    }
    let mailbox = mailbox_of(engine, account)?;
    check_quota(engine, account, bytes.len() as i64).await?;
    let stored = store::put(engine, &mailbox, &folder, bytes).await.map_err(|e| Refusal::Temporary(e.to_string()))?;
    Ok(stored.folder)
}

/// The account's spam folder as a folder name: the spec writes it with `/`
/// or a leading `.` ("Archive/Junk/Spam", ".Spam").
fn spam_folder(account: &Account) -> String {
    let raw = account.inherited("spamfolder").unwrap_or(DEFAULT_SPAM_FOLDER);
    let name = raw.trim().trim_start_matches('.').replace('/', ".");
    folder_name::normalize(&name)
        .ok()
        .filter(|n| n != folder_name::INBOX)
        .unwrap_or_else(|| DEFAULT_SPAM_FOLDER.to_string())
}

/// The message with `tag` put before its Subject (a Subject made when missing).
fn tag_subject(message: &[u8], tag: Option<&str>) -> Vec<u8> {
    let Some(tag) = tag.filter(|t| !t.is_empty()) else { return message.to_vec() };
    rewrite_subject(message, |subject| format!("{tag} {subject}"))
}

/// Rewrites the first Subject header line (or adds one at the top).
fn rewrite_subject(message: &[u8], change: impl Fn(&str) -> String) -> Vec<u8> {
    let text = String::from_utf8_lossy(message);
    // The end of the header block, its last line break included.
    let end =
        text.find("\r\n\r\n").map(|at| at + 2).or_else(|| text.find("\n\n").map(|at| at + 1)).unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + 32);
    let mut done = false;
    for line in text[..end].split_inclusive('\n') {
        if !done && line.len() >= 8 && line[..8].eq_ignore_ascii_case("subject:") {
            let value = line[8..].trim();
            out.push_str(&format!("Subject: {}\r\n", change(value)));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    if !done {
        out.insert_str(0, &format!("Subject: {}\r\n", change("")));
    }
    out.push_str(&text[end..]);
    // Bodies that are not UTF-8 go through untouched.
    if std::str::from_utf8(message).is_err() {
        return message.to_vec();
    }
    out.into_bytes()
}

/// Forwards to the account's forward recipients through the relay: with the
/// subject prefix and Reply-To the account sets; when restricted, only mail
/// from one of those recipients. Returns how many it went to.
async fn forward(relay: Option<&Relay>, sender: &str, account: &Account, message: &[u8]) -> Result<usize, Refusal> {
    let recipients = account.list("forward_recipients");
    if recipients.is_empty() {
        return Ok(0);
    }
    if account.flag("forward_option_restricted") && !recipients.iter().any(|r| r == sender) {
        return Ok(0);
    }
    let Some(relay) = relay else {
        return Err(Refusal::Temporary(format!("{} forwards mail but no SMTP relay is configured", account.name)));
    };
    let mut bytes = format!("Delivered-To: {}\r\n", account.name).into_bytes();
    if let Some(reply_to) = account.text("forward_option_reply_to") {
        bytes.extend_from_slice(format!("Reply-To: {reply_to}\r\n").as_bytes());
    }
    match account.text("forward_option_subject_prefix") {
        Some(prefix) => bytes.extend_from_slice(&rewrite_subject(message, |s| format!("{prefix} {s}"))),
        None => bytes.extend_from_slice(message),
    }
    relay.send(sender, &recipients, &bytes).await.map_err(Refusal::Temporary)?;
    Ok(recipients.len())
}

/// Refuses a message that would take the account past its quota (MB; 0 is no limit).
async fn check_quota(engine: &Engine, account: &Account, size: i64) -> Result<(), Refusal> {
    let max = crate::user::quota_bytes(&account.attrs);
    if max == 0 {
        return Ok(());
    }
    let (used, _) = store::usage(engine, account.id).await.map_err(|e| Refusal::Temporary(e.to_string()))?;
    if used + size > max {
        return Err(Refusal::OverQuota);
    }
    Ok(())
}

/// Stores `message` as it is into `folder` of `account` (`postroom deliver
/// --folder`): no forwarding, spam sorting or auto-reply.
pub async fn store_in_folder(
    engine: &Engine,
    account: &Account,
    folder: &str,
    message: Vec<u8>,
) -> Result<String, Refusal> {
    let folder = folder_name::normalize(folder).map_err(Refusal::BadFolder)?;
    let mailbox = mailbox_of(engine, account)?;
    let size = message.len() as i64;
    check_quota(engine, account, size).await?;
    let stored = store::put(engine, &mailbox, &folder, message).await.map_err(|e| Refusal::Temporary(e.to_string()))?;
    engine.record(account.id, Event::Received { spam: false, size });
    Ok(stored.folder)
}

fn mailbox_of(engine: &Engine, account: &Account) -> Result<Mailbox, Refusal> {
    Mailbox::of(engine, account.id, &account.name).map_err(|e| Refusal::Temporary(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_tagged() {
        let m = b"From: a@b.c\r\nSubject: Hello\r\n\r\nSubject: body\r\n";
        assert_eq!(tag_subject(m, Some("[SPAM]")), b"From: a@b.c\r\nSubject: [SPAM] Hello\r\n\r\nSubject: body\r\n");
        assert_eq!(tag_subject(b"From: a@b.c\r\n\r\nx", Some("[SPAM]")), b"Subject: [SPAM] \r\nFrom: a@b.c\r\n\r\nx");
        assert_eq!(tag_subject(m, None), m);
    }
}
