//! Incoming mail by account type and delivery flags, against real mailboxes
//! and a real SMTP relay (a sink on loopback): addresses through aliases,
//! alias domains and the catch-all; refusals; spam sorting; forwarding with
//! its options; auto-replies with their rules; filter accounts; loops.

use engine::delivery::relay::Relay;
use engine::delivery::{self, Refusal};
use engine::Engine;
use serde_json::{json, Value};

use crate::common::smtp_sink::Sink;
use crate::common::{creds, ok, world};

fn mail(from: &str, subject: &str, extra: &str) -> Vec<u8> {
    format!("From: {from}\r\nTo: joe@example.com\r\nSubject: {subject}\r\nMessage-ID: <{subject}@x>\r\n{extra}\r\nBody.\r\n")
        .into_bytes()
}

async fn set_user(engine: &Engine, user: &str, attributes: Value) {
    ok(
        engine,
        "change_user",
        json!({"credentials": creds("domain_admin@example.com"), "user": user, "attributes": attributes}),
    )
    .await;
}

async fn set_domain(engine: &Engine, attributes: Value) {
    ok(
        engine,
        "change_domain",
        json!({"credentials": creds("company_admin@example.com"), "domain": "example.com", "attributes": attributes}),
    )
    .await;
}

async fn to(
    engine: &Engine,
    relay: Option<&Relay>,
    rcpt: &str,
    sender: &str,
    message: &[u8],
) -> Result<delivery::Report, Refusal> {
    let account = delivery::accept(engine, rcpt).await?;
    delivery::deliver(engine, relay, sender, &account, message).await
}

/// (folder, subject) of every message of an account, sorted.
async fn inbox_of(engine: &Engine, user: &str) -> Vec<(String, String)> {
    let folders =
        ok(engine, "get_user_folders", json!({"credentials": creds("domain_admin@example.com"), "user": user})).await;
    let mut out = Vec::new();
    for folder in folders["folders"].as_array().expect("folders") {
        let got = ok(
            engine,
            "get_user_messages",
            json!({"credentials": creds("domain_admin@example.com"), "user": user, "folder": folder}),
        )
        .await;
        for m in got["messages"].as_array().expect("messages") {
            out.push((
                folder.as_str().unwrap_or_default().to_string(),
                m["headers"]["subject"][0].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    out.sort();
    out
}

async fn addresses_and_refusals(engine: &Engine) {
    world(engine).await;
    let m = mail("June <june@example.net>", "hi", "");
    let report = to(engine, None, "Joe@Example.com", "june@example.net", &m).await.expect("deliver");
    assert_eq!(report.stored.as_deref(), Some("INBOX"));
    // Through an alias, an alias domain, the catch-all.
    set_user(engine, "joe@example.com", json!({"aliases": ["joey@example.com"]})).await;
    set_domain(engine, json!({"aliases": ["example.org"], "catchall": "jane@example.com"})).await;
    to(engine, None, "joey@example.com", "june@example.net", &mail("a", "via alias", "")).await.expect("alias");
    to(engine, None, "joe@example.org", "june@example.net", &mail("a", "via alias domain", ""))
        .await
        .expect("alias domain");
    to(engine, None, "whoever@example.com", "june@example.net", &mail("a", "caught", "")).await.expect("catch-all");
    to(engine, None, "whoever@example.org", "june@example.net", &mail("a", "caught too", "")).await.expect("catch-all");
    assert_eq!(
        inbox_of(engine, "joe@example.com").await,
        [
            ("INBOX".into(), "hi".into()),
            ("INBOX".into(), "via alias".into()),
            ("INBOX".into(), "via alias domain".into())
        ]
    );
    assert_eq!(
        inbox_of(engine, "jane@example.com").await,
        [("INBOX".into(), "caught".into()), ("INBOX".into(), "caught too".into())]
    );
    // The stored copy says who it was for and from whom.
    let dir = engine.mail().mailbox_dir("joe@example.com").expect("dir");
    let file = std::fs::read_dir(dir.join("new")).expect("new").flatten().next().expect("a file").path();
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.starts_with("Return-Path: <june@example.net>\r\nDelivered-To: joe@example.com\r\n"), "{text}");

    // Refusals: unknown (no catch-all on example.net), deleted, suspended, disabled domain.
    assert_eq!(delivery::accept(engine, "nobody@example.net").await.err(), Some(Refusal::NoSuchUser));
    assert_eq!(delivery::accept(engine, "nobody@nowhere.test").await.err(), Some(Refusal::NoSuchUser));
    assert_eq!(delivery::accept(engine, "not an address").await.err(), Some(Refusal::NoSuchUser));
    ok(engine, "delete_user", json!({"credentials": creds("domain_admin@example.com"), "user": "sam@example.com"}))
        .await;
    set_domain(engine, json!({"catchall": null})).await;
    assert_eq!(delivery::accept(engine, "sam@example.com").await.err(), Some(Refusal::NoSuchUser));
    set_user(engine, "june@example.com", json!({"service_smtpin": "suspended"})).await;
    assert_eq!(delivery::accept(engine, "june@example.com").await.err(), Some(Refusal::Suspended));
    ok(engine, "change_domain", json!({"credentials": creds(crate::common::PROVIDER), "domain": "example.net", "attributes": {"disabled": true}})).await;
    assert_eq!(delivery::accept(engine, "bob@example.net").await.err(), Some(Refusal::Suspended));

    // Over quota (1 MB): the message that does not fit is refused, nothing stored.
    set_user(engine, "jane@example.com", json!({"quota": 1})).await;
    let big = [mail("a", "big", "").as_slice(), &vec![b'x'; 1_100_000]].concat();
    assert_eq!(to(engine, None, "jane@example.com", "a@b.c", &big).await.err(), Some(Refusal::OverQuota));
    assert_eq!(inbox_of(engine, "jane@example.com").await.len(), 2);
}
on_both!(addresses_and_refusals);

async fn spam_block_and_loops(engine: &Engine) {
    world(engine).await;
    let spam = mail("a@spam.test", "cheap", "X-Spam-Flag: YES\r\n");
    // Quarantine (the default): into the spam folder.
    assert_eq!(
        to(engine, None, "joe@example.com", "a@spam.test", &spam).await.expect("d").stored.as_deref(),
        Some("Spam")
    );
    // The account's own spam folder, written the spec's ways.
    set_user(engine, "joe@example.com", json!({"spamfolder": "Junk/Caught"})).await;
    assert_eq!(
        to(engine, None, "joe@example.com", "a@spam.test", &spam).await.expect("d").stored.as_deref(),
        Some("Junk.Caught")
    );
    // Allowed senders are never spam.
    set_user(engine, "joe@example.com", json!({"allow": ["*@spam.test"]})).await;
    assert_eq!(
        to(engine, None, "joe@example.com", "a@spam.test", &spam).await.expect("d").stored.as_deref(),
        Some("INBOX")
    );
    // Passthrough: INBOX, tagged and marked.
    set_user(
        engine,
        "jane@example.com",
        json!({"filterdelivery": "passthrough", "spamtag": "[SPAM]", "spamheader": "X-Junk: yes"}),
    )
    .await;
    to(engine, None, "jane@example.com", "a@spam.test", &spam).await.expect("d");
    assert_eq!(inbox_of(engine, "jane@example.com").await, [("INBOX".into(), "[SPAM] cheap".into())]);
    // Rejected outright when the account says so.
    set_user(engine, "june@example.com", json!({"reject_spam": true})).await;
    assert_eq!(to(engine, None, "june@example.com", "a@spam.test", &spam).await.err(), Some(Refusal::Spam));
    // Block list (wildcards), but the allow list wins.
    set_user(engine, "june@example.com", json!({"block": ["*@bad.test", "sp+m@x.test"]})).await;
    assert_eq!(
        to(engine, None, "june@example.com", "Eve@Bad.test", &mail("e", "x", "")).await.err(),
        Some(Refusal::Blocked)
    );
    assert_eq!(
        to(engine, None, "june@example.com", "spam@x.test", &mail("e", "x", "")).await.err(),
        Some(Refusal::Blocked)
    );
    assert!(to(engine, None, "june@example.com", "spam@y.test", &mail("e", "x", "")).await.is_ok());
    // A message that already went through this account is a loop.
    let looped = mail("a", "again", "Delivered-To: june@example.com\r\n");
    assert_eq!(to(engine, None, "june@example.com", "a@b.c", &looped).await.err(), Some(Refusal::Loop));
}
on_both!(spam_block_and_loops);

async fn forwards_autoreplies_and_filters(engine: &Engine) {
    world(engine).await;
    let sink = Sink::start().await;
    let relay = Relay::parse(&sink.addr).expect("relay");
    // Forward and keep, with the subject prefix and Reply-To.
    set_user(
        engine,
        "joe@example.com",
        json!({"delivery_forward": true, "delivery_local": true, "forward_recipients": ["joe@elsewhere.test", "boss@elsewhere.test"],
               "forward_option_subject_prefix": "[Fwd]", "forward_option_reply_to": "joe@example.com"}),
    )
    .await;
    let report =
        to(engine, Some(&relay), "joe@example.com", "june@example.net", &mail("June <june@example.net>", "plans", ""))
            .await
            .expect("d");
    assert_eq!((report.forwarded, report.stored.as_deref()), (2, Some("INBOX")));
    let sent = sink.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].from, "june@example.net");
    assert_eq!(sent[0].to, ["joe@elsewhere.test", "boss@elsewhere.test"]);
    assert!(sent[0].data.contains("Subject: [Fwd] plans\r\n"), "{}", sent[0].data);
    assert!(sent[0].data.contains("Reply-To: joe@example.com\r\n"));
    assert!(sent[0].data.starts_with("Delivered-To: joe@example.com\r\n"));
    // Without a relay a forwarding account defers the message, keeping nothing.
    let before = inbox_of(engine, "joe@example.com").await.len();
    assert!(matches!(
        to(engine, None, "joe@example.com", "a@b.c", &mail("a", "later", "")).await,
        Err(Refusal::Temporary(_))
    ));
    assert_eq!(inbox_of(engine, "joe@example.com").await.len(), before);
    // Restricted: only mail from one of the forward recipients goes on.
    set_user(engine, "joe@example.com", json!({"forward_option_restricted": true})).await;
    let report =
        to(engine, Some(&relay), "joe@example.com", "stranger@x.test", &mail("s", "nope", "")).await.expect("d");
    assert_eq!(report.forwarded, 0);
    let report =
        to(engine, Some(&relay), "joe@example.com", "boss@elsewhere.test", &mail("b", "yes", "")).await.expect("d");
    assert_eq!(report.forwarded, 2);

    // Auto-reply: once per sender per interval, never to lists or robots, from <>.
    let now = engine.clock().now();
    set_user(
        engine,
        "jane@example.com",
        json!({"delivery_autoresponder": true, "autoresponder": "Away until Monday.", "autoresponder_option_interval": 24,
               "autoresponder_option_subject": "Out of office"}),
    )
    .await;
    let sent_before = sink.sent().len();
    let r1 =
        to(engine, Some(&relay), "jane@example.com", "june@example.net", &mail("June <june@example.net>", "q1", ""))
            .await
            .expect("d");
    let r2 =
        to(engine, Some(&relay), "jane@example.com", "june@example.net", &mail("June <june@example.net>", "q2", ""))
            .await
            .expect("d");
    let r3 =
        to(engine, Some(&relay), "jane@example.com", "news@list.test", &mail("n", "news", "List-Id: <l.test>\r\n"))
            .await
            .expect("d");
    let r4 = to(engine, Some(&relay), "jane@example.com", "", &mail("MAILER-DAEMON", "bounce", "")).await.expect("d");
    assert_eq!([r1.autoreplied, r2.autoreplied, r3.autoreplied, r4.autoreplied], [true, false, false, false]);
    let replies: Vec<_> = sink.sent().into_iter().skip(sent_before).collect();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].from, "", "auto-replies go from the null sender");
    assert_eq!(replies[0].to, ["june@example.net"]);
    assert!(replies[0].data.contains("Subject: Out of office"), "{}", replies[0].data);
    assert!(replies[0].data.contains("Auto-Submitted: auto-replied"));
    assert!(replies[0].data.contains("In-Reply-To: <q1@x>"));
    assert!(replies[0].data.contains("Away until Monday."));
    // A day later it answers again; past its end date it does not.
    engine.clock().advance(25 * 3600);
    assert!(
        to(engine, Some(&relay), "jane@example.com", "june@example.net", &mail("j", "q3", ""))
            .await
            .expect("d")
            .autoreplied
    );
    set_user(engine, "jane@example.com", json!({"autoresponder_option_enddate": now + 3600})).await;
    engine.clock().advance(25 * 3600);
    assert!(
        !to(engine, Some(&relay), "jane@example.com", "june@example.net", &mail("j", "q4", ""))
            .await
            .expect("d")
            .autoreplied
    );

    // Filter accounts hand everything to the domain's filter host, keeping nothing.
    set_domain(engine, json!({"filtermx": sink.addr})).await;
    set_user(engine, "june@example.com", json!({"type": "filter"})).await;
    let kept = inbox_of(engine, "june@example.com").await;
    let before = sink.sent().len();
    let report = to(engine, None, "june@example.com", "a@b.c", &mail("a", "scan me", "")).await.expect("d");
    assert!(report.filtered && report.stored.is_none());
    let handed = &sink.sent()[before];
    assert_eq!((handed.from.as_str(), handed.to.as_slice()), ("a@b.c", &["june@example.com".to_string()][..]));
    assert_eq!(inbox_of(engine, "june@example.com").await, kept, "nothing kept");
}
on_both!(forwards_autoreplies_and_filters);
