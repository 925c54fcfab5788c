//! The out-of-office reply: sent to the sender of a message when the account
//! has the autoresponder on, within its start and end dates, at most once
//! per sender per interval (hours; 24 unless set), never to automatic, list,
//! bulk or spam mail (RFC 3834), and from the null sender so that nothing
//! ever answers it back.

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::Message;

use super::filters;
use super::relay::Relay;
use super::route::Account;
use crate::error::{Error, Result};
use crate::mailstore::headers::Summary;
use crate::Engine;

/// Sends the auto-reply if one is due. Ok(true) when sent.
pub async fn maybe_reply(
    engine: &Engine,
    relay: Option<&Relay>,
    account: &Account,
    sender: &str,
    summary: &Summary,
    spam: bool,
) -> Result<bool> {
    let Some(text) = account.text("autoresponder").filter(|_| account.flag("delivery_autoresponder")) else {
        return Ok(false);
    };
    let now = engine.clock().now();
    let day = |name: &str| account.attrs.get(name).and_then(serde_json::Value::as_i64).filter(|d| *d > 0);
    if day("autoresponder_option_startdate").is_some_and(|start| now < start)
        || day("autoresponder_option_enddate").is_some_and(|end| now > end)
    {
        return Ok(false);
    }
    let sender = sender.trim().to_lowercase();
    if spam || filters::is_automatic(summary, &sender) || sender == account.name {
        return Ok(false);
    }
    let Some(relay) = relay else {
        tracing::warn!(account = %account.name, "an auto-reply is due but no SMTP relay is configured");
        return Ok(false);
    };
    let interval_hours =
        account.attrs.get("autoresponder_option_interval").and_then(serde_json::Value::as_i64).unwrap_or(24).max(0);
    let last: Option<(i64,)> = sqlx::query_as("SELECT sent_at FROM autoreplies WHERE user_id = $1 AND sender = $2")
        .bind(account.id)
        .bind(&sender)
        .fetch_optional(engine.db().pool())
        .await?;
    if last.is_some_and(|(at,)| now - at < interval_hours * 3600) {
        return Ok(false);
    }
    let message = build(account, &sender, summary, text)?;
    relay.send("", std::slice::from_ref(&sender), &message).await.map_err(Error::Internal)?;
    sqlx::query(
        "INSERT INTO autoreplies (user_id, sender, sent_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, sender) DO UPDATE SET sent_at = excluded.sent_at",
    )
    .bind(account.id)
    .bind(&sender)
    .bind(now)
    .execute(engine.db().pool())
    .await?;
    Ok(true)
}

fn build(account: &Account, sender: &str, summary: &Summary, text: &str) -> Result<Vec<u8>> {
    let bad = |e: &dyn std::fmt::Display| Error::Internal(format!("building an auto-reply: {e}"));
    let from_name = account.text("name").map(String::from);
    let from = Mailbox::new(from_name, account.name.parse().map_err(|e| bad(&e))?);
    let to: Mailbox = sender.parse().map_err(|e| bad(&e))?;
    let original = summary.subject.trim();
    let subject = match account.text("autoresponder_option_subject") {
        Some(s) => s.to_string(),
        None if original.is_empty() => "Auto: (no subject)".to_string(),
        None => format!("Auto: {original}"),
    };
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-replied".into()));
    if let Some(id) = summary.headers.get("message-id").and_then(|v| v.get(0)).and_then(|v| v.as_str()) {
        builder = builder.in_reply_to(id.to_string()).references(id.to_string());
    }
    let message = builder.header(ContentType::TEXT_PLAIN).body(text.to_string()).map_err(|e| bad(&e))?;
    Ok(message.formatted())
}
