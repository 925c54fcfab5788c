//! Outgoing mail (forwards, auto-replies, filter hand-off) through an SMTP
//! relay: the configured smart host, or a domain's `filtermx`.

use std::time::Duration;

use lettre::address::{Address, Envelope};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// Where outgoing mail goes: `host:port` of an SMTP relay that accepts mail
/// from this server without authentication (a local Postfix, typically).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relay {
    pub host: String,
    pub port: u16,
}

impl Relay {
    /// `host[:port]` (port 25 when absent).
    pub fn parse(text: &str) -> Option<Relay> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match text.rsplit_once(':') {
            Some((host, port)) if !host.is_empty() => Some(Relay { host: host.to_string(), port: port.parse().ok()? }),
            Some(_) => None,
            None => Some(Relay { host: text.to_string(), port: 25 }),
        }
    }

    /// Sends `message` as is, from `sender` (empty: the null sender `<>`) to
    /// `recipients`. An error is temporary from the caller's point of view.
    pub async fn send(&self, sender: &str, recipients: &[String], message: &[u8]) -> Result<(), String> {
        let from = if sender.is_empty() {
            None
        } else {
            Some(sender.parse::<Address>().map_err(|e| format!("sender {sender}: {e}"))?)
        };
        let to = recipients
            .iter()
            .map(|r| r.parse::<Address>().map_err(|e| format!("recipient {r}: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let envelope = Envelope::new(from, to).map_err(|e| e.to_string())?;
        // Plain SMTP to a relay the operator named (no TLS to a local smart host).
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            .port(self.port)
            .timeout(Some(Duration::from_secs(60)))
            .build();
        transport
            .send_raw(&envelope, message)
            .await
            .map(|_| ())
            .map_err(|e| format!("relay {}:{}: {e}", self.host, self.port))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relays() {
        assert_eq!(Relay::parse("mx.example:2525"), Some(Relay { host: "mx.example".into(), port: 2525 }));
        assert_eq!(Relay::parse("127.0.0.1"), Some(Relay { host: "127.0.0.1".into(), port: 25 }));
        assert_eq!(Relay::parse(":25"), None);
        assert_eq!(Relay::parse("x:y"), None);
        assert_eq!(Relay::parse(""), None);
    }
}
