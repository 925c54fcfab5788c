//! The LMTP listener (RFC 2033; `postroom serve --lmtp ADDR`), so that an MTA
//! such as Postfix delivers into Postroom's mailboxes. Commands are parsed and
//! DATA is dot-unstuffed by smtp-proto; each recipient is checked at RCPT
//! (unknown, deleted, suspended) and gets its own reply after DATA, given only
//! once its delivery is on disk (fsynced) or refused.

use std::sync::Arc;
use std::time::Duration;

use engine::delivery::{self, relay::Relay, route::Account};
use engine::Engine;
use smtp_proto::request::receiver::{DataReceiver, RequestReceiver};
use smtp_proto::Request;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How long a client may stay silent.
const IDLE: Duration = Duration::from_secs(300);
/// Recipients per transaction (RFC 5321's minimum is 100).
const MAX_RECIPIENTS: usize = 1000;
/// Sessions served at once; more wait in the listen queue.
const MAX_SESSIONS: usize = 256;

#[derive(Clone)]
pub struct Settings {
    pub relay: Option<Relay>,
    pub max_message_bytes: usize,
    pub hostname: String,
}

pub async fn serve(engine: Arc<Engine>, listener: TcpListener, settings: Settings) {
    let sessions = Arc::new(tokio::sync::Semaphore::new(MAX_SESSIONS));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                tracing::warn!(error = %e, "LMTP accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(permit) = sessions.clone().acquire_owned().await else { return };
        let (engine, settings) = (engine.clone(), settings.clone());
        tokio::spawn(async move {
            if let Err(e) = Session::new(engine, settings).run(stream).await {
                tracing::debug!(%peer, error = %e, "LMTP session ended");
            }
            drop(permit);
        });
    }
}

struct Session {
    engine: Arc<Engine>,
    settings: Settings,
    greeted: bool,
    sender: Option<String>,
    recipients: Vec<(String, Account)>,
    out: Vec<u8>,
}

/// What the session does after a command.
enum Next {
    Continue,
    Data,
    Quit,
}

impl Session {
    fn new(engine: Arc<Engine>, settings: Settings) -> Session {
        Session { engine, settings, greeted: false, sender: None, recipients: Vec::new(), out: Vec::new() }
    }

    fn reply(&mut self, line: &str) {
        self.out.extend_from_slice(line.as_bytes());
        self.out.extend_from_slice(b"\r\n");
    }

    fn reset(&mut self) {
        self.sender = None;
        self.recipients.clear();
    }

    async fn run(mut self, mut stream: TcpStream) -> std::io::Result<()> {
        let greeting = format!("220 {} LMTP Postroom ready", self.settings.hostname);
        self.reply(&greeting);
        stream.write_all(&std::mem::take(&mut self.out)).await?;
        let mut commands = RequestReceiver::default();
        let mut data: Option<(DataReceiver, Vec<u8>, bool)> = None;
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = match tokio::time::timeout(IDLE, stream.read(&mut chunk)).await {
                Ok(read) => read?,
                Err(_) => {
                    stream.write_all(b"421 4.4.2 Idle too long, closing\r\n").await?;
                    return Ok(());
                }
            };
            if n == 0 {
                return Ok(());
            }
            let bytes = &chunk[..n];
            let mut iter = bytes.iter();
            loop {
                if let Some((receiver, message, too_big)) = data.as_mut() {
                    let done = receiver.ingest(&mut iter, message);
                    if message.len() > self.settings.max_message_bytes {
                        // Read to the end, keep nothing.
                        *too_big = true;
                        message.clear();
                    }
                    if !done {
                        break;
                    }
                    if let Some((_, message, too_big)) = data.take() {
                        self.finish_data(message, too_big).await;
                    }
                    continue;
                }
                match commands.ingest(&mut iter) {
                    Ok(request) => match self.command(request.into_owned()).await {
                        Next::Continue => {}
                        Next::Data => data = Some((DataReceiver::new(), Vec::new(), false)),
                        Next::Quit => {
                            stream.write_all(&std::mem::take(&mut self.out)).await?;
                            return Ok(());
                        }
                    },
                    Err(smtp_proto::Error::NeedsMoreData { .. }) => break,
                    Err(smtp_proto::Error::UnknownCommand) => self.reply("500 5.5.1 Unknown command"),
                    Err(smtp_proto::Error::ResponseTooLong) => self.reply("500 5.5.2 Line too long"),
                    Err(e) => {
                        let line = format!("501 5.5.4 {e}");
                        self.reply(&line)
                    }
                }
            }
            if !self.out.is_empty() {
                stream.write_all(&std::mem::take(&mut self.out)).await?;
            }
        }
    }

    async fn command(&mut self, request: Request<String>) -> Next {
        match request {
            Request::Lhlo { .. } => {
                self.reset();
                self.greeted = true;
                let lines = format!(
                    "250-{}\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 SIZE {}",
                    self.settings.hostname, self.settings.max_message_bytes
                );
                self.reply(&lines);
            }
            Request::Helo { .. } | Request::Ehlo { .. } => self.reply("500 5.5.1 This is LMTP: say LHLO"),
            Request::Mail { from } => {
                if !self.greeted {
                    self.reply("503 5.5.1 LHLO first");
                } else if self.sender.is_some() {
                    self.reply("503 5.5.1 Sender already given");
                } else if from.size > self.settings.max_message_bytes {
                    self.reply("552 5.3.4 Message too big");
                } else {
                    self.sender = Some(from.address.to_lowercase());
                    self.reply("250 2.1.0 Sender ok");
                }
            }
            Request::Rcpt { to } => {
                if self.sender.is_none() {
                    self.reply("503 5.5.1 MAIL first");
                } else if self.recipients.len() >= MAX_RECIPIENTS {
                    self.reply("452 4.5.3 Too many recipients");
                } else {
                    // Checked now so that unknown recipients bounce at once.
                    let address = to.address.to_lowercase();
                    match delivery::accept(&self.engine, &address).await {
                        Ok(account) => {
                            self.recipients.push((address, account));
                            self.reply("250 2.1.5 Recipient ok");
                        }
                        Err(refusal) => self.reply(refusal.lmtp_reply()),
                    }
                }
            }
            Request::Data => {
                if self.recipients.is_empty() {
                    self.reply("503 5.5.1 No valid recipients");
                } else {
                    self.reply("354 Start mail input; end with <CRLF>.<CRLF>");
                    return Next::Data;
                }
            }
            Request::Rset => {
                self.reset();
                self.reply("250 2.0.0 Ok");
            }
            Request::Noop { .. } => self.reply("250 2.0.0 Ok"),
            Request::Vrfy { .. } => self.reply("252 2.5.0 Cannot verify, send some mail"),
            Request::Quit => {
                self.reply("221 2.0.0 Bye");
                return Next::Quit;
            }
            Request::StartTls => self.reply("454 4.7.0 TLS not available"),
            _ => self.reply("502 5.5.1 Command not implemented"),
        }
        Next::Continue
    }

    /// One reply per accepted recipient, in RCPT order (RFC 2033 §4.2).
    async fn finish_data(&mut self, message: Vec<u8>, too_big: bool) {
        let sender = self.sender.clone().unwrap_or_default();
        let recipients = std::mem::take(&mut self.recipients);
        for (address, account) in &recipients {
            if too_big {
                self.reply("552 5.3.4 Message too big");
                continue;
            }
            let outcome =
                delivery::deliver(&self.engine, self.settings.relay.as_ref(), &sender, account, &message).await;
            match outcome {
                Ok(_) => {
                    let line = format!("250 2.0.0 <{address}> Delivered");
                    self.reply(&line);
                }
                Err(refusal) => {
                    tracing::info!(recipient = %address, %refusal, "LMTP delivery refused");
                    let line = refusal.lmtp_reply();
                    self.reply(line);
                }
            }
        }
        self.reset();
    }
}
