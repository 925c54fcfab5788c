//! The LMTP listener over a real socket (RFC 2033): greeting, LHLO
//! capabilities, per-recipient checks at RCPT and one reply per recipient
//! after DATA, dot-unstuffing, pipelining, the size limit, and the messages
//! landing in the mailboxes the OMA then lists.

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::harness::{free_port, Server, PASSWORD};

struct Client {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Client {
    async fn connect(port: u16) -> Client {
        let stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect LMTP");
        let (r, w) = stream.into_split();
        Client { reader: BufReader::new(r), writer: w }
    }

    /// One whole reply (continuation lines included), lines joined by '\n'.
    async fn reply(&mut self) -> String {
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).await.expect("read");
            assert!(n > 0, "connection closed; got {lines:?}");
            let line = line.trim_end().to_string();
            let last = line.as_bytes().get(3) != Some(&b'-');
            lines.push(line);
            if last {
                return lines.join("\n");
            }
        }
    }

    async fn send(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).await.expect("write");
    }

    async fn cmd(&mut self, line: &str) -> String {
        self.send(&format!("{line}\r\n")).await;
        self.reply().await
    }
}

#[tokio::test]
async fn lmtp_delivers_with_a_reply_per_recipient() {
    let port = free_port();
    let lmtp = format!("127.0.0.1:{port}");
    let s = Server::start(&["--lmtp", &lmtp, "--max-message-bytes", "100000"]).await;
    let mut c = Client::connect(port).await;
    assert!(c.reply().await.starts_with("220 "));
    assert!(c.cmd("MAIL FROM:<june@example.net>").await.starts_with("503 5.5.1"), "LHLO first");
    assert!(c.cmd("EHLO client").await.starts_with("500 5.5.1"), "this is LMTP");
    let caps = c.cmd("LHLO client.example").await;
    assert!(
        caps.contains("250-PIPELINING")
            && caps.contains("250-ENHANCEDSTATUSCODES")
            && caps.ends_with("250 SIZE 100000"),
        "{caps}"
    );
    assert!(c.cmd("DATA").await.starts_with("503"), "no recipients yet");
    assert_eq!(c.cmd("MAIL FROM:<june@example.net>").await, "250 2.1.0 Sender ok");
    assert_eq!(c.cmd("RCPT TO:<joe@example.com>").await, "250 2.1.5 Recipient ok");
    assert_eq!(c.cmd("RCPT TO:<nobody@example.com>").await, "550 5.1.1 No such user here");
    assert_eq!(c.cmd("RCPT TO:<Jane@Example.com>").await, "250 2.1.5 Recipient ok");
    assert!(c.cmd("DATA").await.starts_with("354 "));
    c.send("From: June <june@example.net>\r\nSubject: Over LMTP\r\n\r\nLine one.\r\n..starts with a dot\r\n.\r\n")
        .await;
    assert_eq!(c.reply().await, "250 2.0.0 <joe@example.com> Delivered");
    assert_eq!(c.reply().await, "250 2.0.0 <jane@example.com> Delivered");

    // Pipelined: the whole transaction in one write, replies in order.
    c.send("MAIL FROM:<>\r\nRCPT TO:<joe@example.com>\r\nDATA\r\n").await;
    assert_eq!(c.reply().await, "250 2.1.0 Sender ok");
    assert_eq!(c.reply().await, "250 2.1.5 Recipient ok");
    assert!(c.reply().await.starts_with("354"));
    c.send("Subject: Second\r\n\r\nx\r\n.\r\nNOOP\r\n").await;
    assert_eq!(c.reply().await, "250 2.0.0 <joe@example.com> Delivered");
    assert_eq!(c.reply().await, "250 2.0.0 Ok");

    // Too big: read to the end, refused per recipient, nothing stored.
    c.cmd("MAIL FROM:<a@b.c>").await;
    c.cmd("RCPT TO:<joe@example.com>").await;
    c.cmd("DATA").await;
    let big = format!("Subject: Big\r\n\r\n{}\r\n.\r\n", "y".repeat(120_000));
    c.send(&big).await;
    assert_eq!(c.reply().await, "552 5.3.4 Message too big");
    assert!(c.cmd("BDAT 10 LAST").await.starts_with("502"));
    assert_eq!(c.cmd("QUIT").await, "221 2.0.0 Bye");

    let (_, body) = s
        .post(
            "/api/get_user_messages",
            &format!(r#"{{"credentials":{{"user":"domain_admin@example.com","password":"{PASSWORD}"}},"user":"joe@example.com","sort":{{"by":"subject"}}}}"#),
        )
        .await;
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["count"], 2, "{body}");
    assert_eq!(v["messages"][0]["headers"]["subject"][0], "Over LMTP");
    assert_eq!(v["messages"][0]["headers"]["return-path"][0], "<june@example.net>");
    assert_eq!(v["messages"][0]["headers"]["delivered-to"][0], "joe@example.com");
    assert_eq!(v["messages"][1]["headers"]["subject"][0], "Second");
    // The dot-stuffed line arrived with one dot.
    let new = s.data_dir().join("mail/example.com/joe/new");
    let texts: Vec<String> = std::fs::read_dir(new)
        .expect("new")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).expect("read"))
        .collect();
    assert!(texts.iter().any(|t| t.contains("\r\n.starts with a dot\r\n")), "{texts:?}");
}
