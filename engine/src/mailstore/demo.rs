//! Demo mail: a few realistic messages in two demo mailboxes, some of them
//! read, and a few deleted ones where Dovecot's lazy_expunge would have put
//! them (one from a folder that no longer exists), so that the portal's
//! mailbox screens have something to show. june@example.com is for looking
//! at; bob@example.net is for changing (the browser tests move and restore
//! there); sam@example.com's photos fill most of its 1 MB quota.

use base64::Engine as _;

use super::account;
use super::folder_name;
use super::maildir::{self, FileName};
use super::{blocking, store, EXPUNGED_DIR};
use crate::error::Result;
use crate::Engine;

/// One demo message: (folder, read, from, subject, date, extra headers, body).
type Demo = (&'static str, bool, &'static str, &'static str, &'static str, &'static str, &'static str);

const JUNE: &[Demo] = &[
    (
        "INBOX",
        true,
        "Jane User <jane@example.com>",
        "Q3 sales figures",
        "Mon, 01 Jul 2024 09:12:00 +0000",
        "Cc: mrmanager@example.com\r\n",
        "Hi June,\r\n\r\nThe Q3 figures are in the shared folder. Can you check the totals before Friday?\r\n\r\nJane\r\n",
    ),
    (
        "INBOX",
        true,
        "Joe User <joe@example.com>",
        "Lunch on Friday?",
        "Wed, 03 Jul 2024 11:40:00 +0000",
        "",
        "Thai place at noon?\r\n",
    ),
    (
        "INBOX",
        false,
        "Vendor Billing <billing@vendor.example>",
        "Invoice 2024-0815",
        "Fri, 05 Jul 2024 06:00:00 +0000",
        "",
        "Please find the invoice attached.\r\n",
    ),
    (
        "INBOX",
        false,
        "Sam Support <sam@example.com>",
        "Re: Printer on 3rd floor",
        "Wed, 10 Jul 2024 15:05:00 +0200",
        "In-Reply-To: <printer-1@example.com>\r\nReferences: <printer-1@example.com>\r\n",
        "It is fixed: the tray was jammed.\r\n\r\n> The printer on the 3rd floor prints blank pages.\r\n",
    ),
    (
        "INBOX",
        false,
        "Example News <news@news.example>",
        "=?UTF-8?Q?Caf=C3=A9_news?=",
        "Fri, 12 Jul 2024 07:30:00 +0000",
        "List-Unsubscribe: <mailto:leave@news.example>\r\nPrecedence: bulk\r\n",
        "This week: the new espresso machine.\r\n",
    ),
    (
        "INBOX",
        false,
        "Alice Other <alice@other.org>",
        "Meeting notes",
        "Mon, 15 Jul 2024 16:45:00 +0000",
        "Cc: Jane User <jane@example.com>\r\n",
        "Notes from today's call attached below.\r\n\r\n1. Pricing\r\n2. Timeline\r\n",
    ),
    (
        "Projects.2024",
        true,
        "Joe User <joe@example.com>",
        "Project kickoff",
        "Tue, 02 Jan 2024 10:00:00 +0000",
        "",
        "Kickoff is on Monday in room 2.\r\n",
    ),
    (
        "Projects.2024",
        false,
        "Jane User <jane@example.com>",
        "Budget draft v2",
        "Thu, 08 Feb 2024 14:20:00 +0000",
        "",
        "Updated with the new rates.\r\n",
    ),
    (
        "plus ça change",
        true,
        "=?UTF-8?Q?Zo=C3=AB_Martin?= <zoe@example.org>",
        "=?UTF-8?Q?Plus_=C3=A7a_change=2C_plus_c=27est_la_m=C3=AAme_chose?=",
        "Sat, 20 Apr 2024 08:00:00 +0000",
        "Content-Language: fr\r\n",
        "Rien de nouveau.\r\n",
    ),
];

const JUNE_DELETED: &[Demo] = &[
    (
        "INBOX",
        true,
        "Jane User <jane@example.com>",
        "Old draft",
        "Tue, 04 Jun 2024 09:00:00 +0000",
        "",
        "Ignore this one.\r\n",
    ),
    (
        "INBOX",
        true,
        "Shop <deals@shop.example>",
        "Summer sale",
        "Sat, 15 Jun 2024 05:00:00 +0000",
        "",
        "Up to 50% off.\r\n",
    ),
    (
        "Old folder",
        false,
        "Joe User <joe@example.com>",
        "Notes from 2023",
        "Fri, 15 Dec 2023 12:00:00 +0000",
        "",
        "Year-end notes.\r\n",
    ),
];

const BOB: &[Demo] = &[
    (
        "INBOX",
        true,
        "Net Admin <netadmin@example.net>",
        "Welcome to example.net",
        "Mon, 06 May 2024 08:00:00 +0000",
        "",
        "Your mailbox is ready.\r\n",
    ),
    (
        "INBOX",
        false,
        "Operations <ops@example.net>",
        "Server maintenance window",
        "Tue, 14 May 2024 18:00:00 +0000",
        "",
        "Saturday 02:00-04:00 UTC.\r\n",
    ),
    (
        "INBOX",
        false,
        "Alice Other <alice@other.org>",
        "Photos from the trip",
        "Sun, 02 Jun 2024 20:15:00 +0000",
        "",
        "Link to the album inside.\r\n",
    ),
    (
        "INBOX",
        false,
        "Jane User <jane@example.com>",
        "Re: Contract",
        "Mon, 03 Jun 2024 09:30:00 +0000",
        "",
        "Signed copy attached.\r\n",
    ),
    (
        "Archive",
        true,
        "Shop <orders@shop.example>",
        "Archived receipt",
        "Wed, 10 Jan 2024 10:10:00 +0000",
        "",
        "Order 1234.\r\n",
    ),
];

const BOB_DELETED: &[Demo] = &[
    (
        "INBOX",
        true,
        "Net Admin <netadmin@example.net>",
        "Deleted note A",
        "Mon, 01 Apr 2024 08:00:00 +0000",
        "",
        "A.\r\n",
    ),
    (
        "INBOX",
        true,
        "Net Admin <netadmin@example.net>",
        "Deleted note B",
        "Tue, 02 Apr 2024 08:00:00 +0000",
        "",
        "B.\r\n",
    ),
    (
        "INBOX",
        false,
        "Net Admin <netadmin@example.net>",
        "Deleted note C",
        "Wed, 03 Apr 2024 08:00:00 +0000",
        "",
        "C.\r\n",
    ),
    (
        "Old folder",
        false,
        "Alice Other <alice@other.org>",
        "From the old folder",
        "Thu, 04 Apr 2024 08:00:00 +0000",
        "",
        "Kept.\r\n",
    ),
];

const SAM: &[Demo] = &[
    (
        "INBOX",
        true,
        "Joe User <joe@example.com>",
        "Site survey photos",
        "Thu, 11 Jul 2024 13:05:00 +0000",
        "",
        "The photos from Tuesday's site survey, as promised.\r\n",
    ),
    (
        "INBOX",
        false,
        "Jane User <jane@example.com>",
        "Re: Site survey photos",
        "Thu, 11 Jul 2024 14:30:00 +0000",
        "In-Reply-To: <demo-0-sam@postroom.example>\r\n",
        "Got them, thanks. Can you send the floor plan too?\r\n",
    ),
];

/// The demo messages that carry an attachment: (subject, file name, type, bytes).
const ATTACHMENTS: &[(&str, &str, &str, usize)] = &[
    ("Invoice 2024-0815", "invoice.pdf", "application/pdf", 48_000),
    // About 0.94 MB with its base64: past the portal's quota warning for sam.
    ("Site survey photos", "site-survey.jpg", "image/jpeg", 720_000),
];

/// How many deleted messages the demo leaves in the expunged trees (a purge
/// past the retention removes them with any others).
pub const DELETED_MESSAGES: u64 = (JUNE_DELETED.len() + BOB_DELETED.len()) as u64;

/// Delivers the demo mail (see the module's comment).
pub async fn seed(engine: &Engine) -> Result<()> {
    let mailboxes = [
        ("june@example.com", JUNE, JUNE_DELETED),
        ("bob@example.net", BOB, BOB_DELETED),
        ("sam@example.com", SAM, &[]),
    ];
    for (user, live, deleted) in mailboxes {
        let mailbox = account::system(engine, user).await?;
        for (i, demo) in live.iter().enumerate() {
            let message = text(user, i, demo);
            let sent = super::headers::parse(&message).date;
            let stored = store::put(engine, &mailbox, demo.0, message).await?;
            let dir = super::index::folder_path(&mailbox.dir, demo.0, false);
            let (base, read) = (stored.base, demo.1);
            blocking(move || {
                let mut file = dir.join("new").join(&base);
                if read {
                    // Read in a mail program: Dovecot moves it to cur/ with the S flag.
                    let seen = dir.join("cur").join(format!("{base}:2,S"));
                    std::fs::rename(&file, &seen)?;
                    file = seen;
                }
                arrived_when_sent(&file, sent)
            })
            .await?;
        }
        let files: Vec<(String, bool, Vec<u8>)> =
            deleted.iter().enumerate().map(|(i, d)| (d.0.to_string(), d.1, text(user, 100 + i, d))).collect();
        let root = mailbox.dir.join(EXPUNGED_DIR);
        blocking(move || {
            files.into_iter().try_for_each(|(folder, seen, bytes)| expunged(&root, &folder, seen, &bytes))
        })
        .await?;
        // The index as a reindex finds it: flags and arrival times from the files.
        super::reindex::rebuild(engine, &mailbox, None).await?;
    }
    Ok(())
}

/// A copy as lazy_expunge keeps it: `expunged/.<folder>/cur/<name>:2,S` when
/// it had been read, `new/<name>` otherwise.
fn expunged(root: &std::path::Path, folder: &str, seen: bool, bytes: &[u8]) -> std::io::Result<()> {
    let dir = root.join(folder_name::expunged_dir_name(folder));
    maildir::create_folder(&dir)?;
    let name = FileName { base: maildir::unique_base(bytes.len() as u64), flags: seen.then(|| "S".to_string()) };
    let path = dir.join(name.sub()).join(name.full());
    std::fs::write(&path, bytes)?;
    arrived_when_sent(&path, super::headers::parse(bytes).date)
}

/// The file's mtime (its IMAP INTERNALDATE) set to the message's Date.
fn arrived_when_sent(path: &std::path::Path, sent: Option<i64>) -> std::io::Result<()> {
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(sent.unwrap_or(0).max(0) as u64);
    std::fs::File::options().write(true).open(path)?.set_modified(at)
}

/// The RFC 5322 text of a demo message, with its attachment if it has one
/// (pseudo-random bytes of a realistic size).
fn text(to: &str, n: usize, (_, _, from, subject, date, extra, body): &Demo) -> Vec<u8> {
    let head = format!(
        "Return-Path: <{sender}>\r\n\
         Received: from mx.example.net (mx.example.net [192.0.2.25])\r\n\tby mail.example.com with ESMTPS; {date}\r\n\
         Received: from client.example (client.example [198.51.100.7])\r\n\tby mx.example.net with ESMTPSA; {date}\r\n\
         From: {from}\r\nTo: {to}\r\n{extra}Subject: {subject}\r\nDate: {date}\r\n\
         Message-ID: <demo-{n}-{local}@postroom.example>\r\nMIME-Version: 1.0\r\n",
        sender = from.rsplit('<').next().unwrap_or(from).trim_end_matches('>'),
        local = to.split('@').next().unwrap_or(to),
    );
    let Some((_, file, kind, size)) = ATTACHMENTS.iter().find(|a| a.0 == *subject) else {
        return format!("{head}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}").into_bytes();
    };
    let bytes: Vec<u8> = (0..*size as u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let lines: Vec<&str> = encoded.as_bytes().chunks(76).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    format!(
        "{head}Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         {body}--b1\r\nContent-Type: {kind}; name=\"{file}\"\r\n\
         Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"{file}\"\r\n\r\n{}\r\n--b1--\r\n",
        lines.join("\r\n")
    )
    .into_bytes()
}
