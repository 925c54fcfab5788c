//! Company and domain bulletins: the six methods with their role scoping,
//! texts checked and rendered per recipient, posts delivered into real
//! INBOX directories (hard links when every copy is the same), redone after a
//! crash without duplicates or losses, auto bulletins for new accounts.

use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use engine::bulletin::worker;
use engine::Engine;
use serde_json::{json, Value};

use crate::common::{call, creds, err, ok, world, PROVIDER};

const FRIDGE: &str = "From: Mister Manager <mrmanager@example.com>\nSubject: Please empty the fridge!\n\
                      Content-Type: text/plain; charset=us-ascii\nContent-Disposition: inline\n\
                      Dear {'title'} {'name'},\nPlease empty kitchen refrigerator regularly.\nThank you.\nM. Manager";

const PLAIN: &str = "From: IT <it@example.com>\nSubject: Maintenance tonight\n\nThe mail servers restart at 22:00.\n";

/// The bulletins (by their generated Message-ID) among the INBOX message
/// files (new/ and cur/) of `user` (the demo world has mail of its own).
fn inbox(engine: &Engine, user: &str) -> Vec<PathBuf> {
    let dir = engine.mail().mailbox_dir(user).expect("dir");
    let mut out = Vec::new();
    for sub in ["new", "cur"] {
        if let Ok(entries) = std::fs::read_dir(dir.join(sub)) {
            out.extend(entries.flatten().map(|e| e.path()));
        }
    }
    out.retain(|f| std::fs::read_to_string(f).is_ok_and(|t| t.contains("\nMessage-ID: <bulletin.")));
    out
}

fn texts(engine: &Engine, user: &str) -> Vec<String> {
    inbox(engine, user).iter().map(|p| std::fs::read_to_string(p).expect("read")).collect()
}

/// (messages, bytes, unseen) of `user`'s INBOX as its index row counts them.
async fn counted(engine: &Engine, user: &str) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT f.messages, f.bytes, f.unseen FROM mail_folders f JOIN users u ON u.id = f.user_id \
         WHERE u.name = $1 AND f.deleted = 0 AND f.name = 'INBOX'",
    )
    .bind(user)
    .fetch_optional(engine.db().pool())
    .await
    .expect("counts")
    .unwrap_or_default()
}

/// (messages, bytes, unseen) of `user`'s INBOX on disk.
fn on_disk(engine: &Engine, user: &str) -> (i64, i64, i64) {
    let dir = engine.mail().mailbox_dir(user).expect("dir");
    let mut counts = (0, 0, 0);
    for sub in ["new", "cur"] {
        for entry in std::fs::read_dir(dir.join(sub)).into_iter().flatten().flatten() {
            counts.0 += 1;
            counts.1 += entry.metadata().expect("meta").len() as i64;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.split_once(":2,").is_some_and(|(_, flags)| flags.contains('S')) {
                counts.2 += 1;
            }
        }
    }
    counts
}

async fn list_inbox(engine: &Engine, user: &str) {
    let admin = creds("company_admin@example.com");
    ok(engine, "get_user_messages", json!({"credentials": admin, "user": user, "folder": "INBOX"})).await;
}

/// Live mailbox accounts of Example Corp's domains in the demo world.
const EXAMPLE_COM: &[&str] = &[
    "company_admin@example.com",
    "view@example.com",
    "mailco@example.com",
    "ro@example.com",
    "tok@example.com",
    "domain_admin@example.com",
    "mail_admin@example.com",
    "mrmanager@example.com",
    "helpdesk@example.com",
    "joe@example.com",
    "jane@example.com",
    "june@example.com",
    "sam@example.com",
];
const EXAMPLE_NET: &[&str] = &["netadmin@example.net", "bob@example.net"];

fn listed(fields: &serde_json::Map<String, Value>) -> Value {
    fields["metadata"]["bulletins"].clone()
}

async fn bulletins_are_kept_checked_and_listed(engine: &Engine) {
    world(engine).await;
    let admin = creds("company_admin@example.com");
    let company = |extra: Value| {
        let mut body = json!({"credentials": admin, "company": "Example Corp", "bulletin": "Fridge", "type": "manual"});
        body.as_object_mut().expect("object").extend(extra.as_object().cloned().unwrap_or_default());
        body
    };
    ok(engine, "change_company_bulletin", company(json!({"bulletin_text": FRIDGE}))).await;
    let got = ok(engine, "get_company_bulletin", company(json!({}))).await;
    assert_eq!(got["bulletin_text"], json!(FRIDGE), "the text as stored, no Date added");
    // An auto bulletin of the same name is another bulletin.
    ok(engine, "change_company_bulletin", company(json!({"type": "auto", "bulletin_text": PLAIN}))).await;
    assert_eq!(
        ok(engine, "get_company_bulletin", company(json!({"type": "auto"}))).await["bulletin_text"],
        json!(PLAIN)
    );
    let fields = ok(engine, "get_company", json!({"credentials": admin, "company": "Example Corp"})).await;
    assert_eq!(
        listed(&fields),
        json!({
            "manual": [{"count": 0, "last": null, "mtime": null, "name": "Fridge", "total": 0}],
            "auto": [{"count": 0, "last": null, "mtime": null, "name": "Fridge", "total": 0}],
        })
    );

    // Invalid texts: error 6 with a hint, and the stored text unchanged.
    for (text, hint) in [
        ("Subject: x\n\nbody", "A bulletin needs a From header"),
        ("From: a@example.com\n\nbody", "A bulletin needs a Subject header"),
        ("From: a@example.com\nSubject: x\nDate: yesterday\n\nbody", "The Date header is not a date: \"yesterday\""),
    ] {
        let e = call(engine, "change_company_bulletin", company(json!({"bulletin_text": text}))).await;
        assert_eq!(e.err(), Some((6, Some(json!({"bulletin_text": hint})))), "{text}");
    }
    let big = format!("From: a@example.com\nSubject: big\n\n{}", "x\n".repeat(600_000));
    assert_eq!(err(engine, "change_company_bulletin", company(json!({"bulletin_text": big}))).await, 6);
    assert_eq!(ok(engine, "get_company_bulletin", company(json!({}))).await["bulletin_text"], json!(FRIDGE));
    let e = call(engine, "change_company_bulletin", company(json!({"type": "weekly", "bulletin_text": PLAIN}))).await;
    assert_eq!(e.err(), Some((6, Some(json!({"type": "auto or manual"})))));
    assert_eq!(
        err(engine, "change_company_bulletin", company(json!({"bulletin": " ", "bulletin_text": PLAIN}))).await,
        6
    );
    assert_eq!(err(engine, "get_company_bulletin", json!({"credentials": admin, "company": "Example Corp"})).await, 5);

    // Replace, then delete by leaving the text out; deleting again: no such bulletin.
    ok(engine, "change_company_bulletin", company(json!({"bulletin_text": PLAIN}))).await;
    assert_eq!(ok(engine, "get_company_bulletin", company(json!({}))).await["bulletin_text"], json!(PLAIN));
    ok(engine, "change_company_bulletin", company(json!({}))).await;
    assert_eq!(err(engine, "get_company_bulletin", company(json!({}))).await, 2);
    assert_eq!(err(engine, "change_company_bulletin", company(json!({}))).await, 2);
    assert_eq!(err(engine, "post_company_bulletin", company(json!({}))).await, 2);

    // Domain bulletins are the domain's own.
    let domain = json!({"credentials": creds("domain_admin@example.com"), "domain": "example.com",
                        "bulletin": "Welcome", "type": "auto", "bulletin_text": PLAIN});
    ok(engine, "change_domain_bulletin", domain.clone()).await;
    let fields = ok(engine, "get_domain", json!({"credentials": admin, "domain": "example.com"})).await;
    assert_eq!(listed(&fields)["auto"][0]["name"], json!("Welcome"));
    let fields = ok(engine, "get_domain", json!({"credentials": admin, "domain": "example.net"})).await;
    assert_eq!(listed(&fields), json!({"manual": [], "auto": []}));

    let log = ok(engine, "get_company_changes", json!({"credentials": admin, "company": "Example Corp"})).await;
    let msgs: Vec<&str> =
        log["changes"].as_array().expect("changes").iter().filter_map(|c| c["msg"].as_str()).collect();
    for line in ["created manual bulletin Fridge", "changed manual bulletin Fridge", "deleted manual bulletin Fridge"] {
        assert!(msgs.contains(&line), "{line} in {msgs:?}");
    }
}
on_both!(bulletins_are_kept_checked_and_listed);

async fn posting_delivers_into_every_inbox(engine: &Engine) {
    world(engine).await;
    let admin = creds("company_admin@example.com");
    ok(
        engine,
        "change_user",
        json!({"credentials": admin, "user": "jane@example.com", "attributes": {"title": "Dr."}}),
    )
    .await;
    let domain = |extra: Value| {
        let mut body = json!({"credentials": admin, "domain": "example.com", "bulletin": "Fridge", "type": "manual"});
        body.as_object_mut().expect("object").extend(extra.as_object().cloned().unwrap_or_default());
        body
    };
    ok(engine, "change_domain_bulletin", domain(json!({"bulletin_text": FRIDGE}))).await;

    // A test goes to one account at once, rendered for it.
    ok(engine, "post_domain_bulletin", domain(json!({"test_email": "jane@example.com"}))).await;
    let jane = texts(engine, "jane@example.com");
    assert_eq!(jane.len(), 1);
    let (head, body) = jane[0].split_once("\n\n").expect("a blank line after the header block");
    assert!(head.starts_with("From: Mister Manager <mrmanager@example.com>\nSubject: Please empty the fridge!\n"));
    assert!(head.contains("\nDate: ") && head.contains("\nMessage-ID: <bulletin."), "{head}");
    assert_eq!(body, "Dear Dr. Jane User,\nPlease empty kitchen refrigerator regularly.\nThank you.\nM. Manager\n");
    // Not a user, or outside the domain: error 13 and nothing sent.
    for nobody in ["ghost@example.com", "bob@example.net", "alice@other.org", "nonsense"] {
        assert_eq!(err(engine, "post_domain_bulletin", domain(json!({"test_email": nobody}))).await, 13, "{nobody}");
    }
    assert!(inbox(engine, "bob@example.net").is_empty());
    let fields = ok(engine, "get_domain", json!({"credentials": admin, "domain": "example.com"})).await;
    assert_eq!(listed(&fields)["manual"][0]["count"], json!(0), "a test is not a post");

    // The post: every mailbox of the domain once, nobody outside it.
    list_inbox(engine, "sam@example.com").await;
    let before = counted(engine, "sam@example.com").await;
    ok(engine, "post_domain_bulletin", domain(json!({}))).await;
    // It runs in the background; drain waits for it (or runs it first).
    worker::drain(engine).await.expect("drain");
    // Counted at once (quota, unseen), before anyone lists the INBOX, and
    // exactly what the disk holds once listed.
    let size = std::fs::metadata(&inbox(engine, "sam@example.com")[0]).expect("meta").len() as i64;
    assert_eq!(counted(engine, "sam@example.com").await, (before.0 + 1, before.1 + size, before.2 + 1));
    list_inbox(engine, "sam@example.com").await;
    assert_eq!(counted(engine, "sam@example.com").await, on_disk(engine, "sam@example.com"));
    for user in EXAMPLE_COM {
        let want = if *user == "jane@example.com" { 2 } else { 1 };
        assert_eq!(inbox(engine, user).len(), want, "{user}");
    }
    assert!(inbox(engine, "bob@example.net").is_empty());
    let joe = texts(engine, "joe@example.com");
    assert!(joe[0].contains("\n\nDear  Joe User,\n"), "no title: an empty value");
    let fields = ok(engine, "get_domain", json!({"credentials": admin, "domain": "example.com"})).await;
    let manual = &listed(&fields)["manual"][0];
    assert_eq!((manual["count"].clone(), manual["total"].clone()), (json!(13), json!(13)));
    let mtime = manual["mtime"].as_i64().expect("mtime");
    assert!((engine.clock().now() - mtime).abs() < 60);
    assert_eq!(manual["last"], json!(engine::bulletin::text::ctime_text(mtime)));

    // The index has it: listed, counted, unseen.
    let listing = ok(
        engine,
        "get_user_messages",
        json!({"credentials": admin, "user": "joe@example.com", "folder": "INBOX", "fields": ["subject"]}),
    )
    .await;
    assert_eq!(listing["messages"][0]["headers"]["subject"], json!(["Please empty the fridge!"]), "{listing:?}");
    let notify = ok(engine, "user_notify", json!({"credentials": admin, "user": "joe@example.com"})).await;
    assert_eq!(notify["new_mail"], json!(true));

    // The same message for all: one file, hard-linked into each mailbox.
    let company = json!({"credentials": admin, "company": "Example Corp", "bulletin": "Notice", "type": "manual"});
    let mut create = company.clone();
    create["bulletin_text"] = json!(PLAIN);
    ok(engine, "change_company_bulletin", create).await;
    ok(engine, "post_company_bulletin", company.clone()).await;
    worker::drain(engine).await.expect("drain");
    let copies: Vec<PathBuf> = EXAMPLE_COM
        .iter()
        .chain(EXAMPLE_NET)
        .map(|user| {
            let files: Vec<PathBuf> = inbox(engine, user)
                .into_iter()
                .filter(|f| std::fs::read_to_string(f).is_ok_and(|t| t.contains("Maintenance tonight")))
                .collect();
            assert_eq!(files.len(), 1, "{user}");
            files[0].clone()
        })
        .collect();
    let inodes: std::collections::HashSet<u64> =
        copies.iter().map(|f| std::fs::metadata(f).expect("meta").ino()).collect();
    assert_eq!(inodes.len(), 1, "one inode for all 15 copies");
    assert_eq!(std::fs::metadata(&copies[0]).expect("meta").nlink(), 15, "the spool copy is gone");
    assert!(inbox(engine, "alice@other.org").is_empty(), "another company");
    let fields = ok(engine, "get_company", json!({"credentials": admin, "company": "Example Corp"})).await;
    let manual = &listed(&fields)["manual"][0];
    assert_eq!(
        (manual["name"].clone(), manual["count"].clone(), manual["total"].clone()),
        (json!("Notice"), json!(15), json!(15))
    );
}
on_both!(posting_delivers_into_every_inbox);

/// A crash after a batch's files were placed but before its cursor was
/// committed redoes the batch: nobody gets a second copy; a copy that never
/// made it to disk is delivered.
async fn a_post_redone_after_a_crash_neither_loses_nor_duplicates(engine: &Engine) {
    world(engine).await;
    let admin = creds("company_admin@example.com");
    let body = json!({"credentials": admin, "domain": "example.com", "bulletin": "Hello", "type": "manual"});
    let mut create = body.clone();
    create["bulletin_text"] = json!("From: it@example.com\nSubject: Hello {'name'}\n\nHi {'account'}\n");
    ok(engine, "change_domain_bulletin", create).await;
    ok(engine, "post_domain_bulletin", body.clone()).await;
    worker::drain(engine).await.expect("drain");
    // Joe's copy was read by his mail client (moved to cur/); Jane's never reached the disk.
    let joe = inbox(engine, "joe@example.com").pop().expect("joe's copy");
    let seen = joe
        .parent()
        .and_then(|p| p.parent())
        .expect("dir")
        .join("cur")
        .join(format!("{}:2,S", joe.file_name().and_then(|n| n.to_str()).expect("name")));
    std::fs::rename(&joe, &seen).expect("mark seen");
    let jane = inbox(engine, "jane@example.com").pop().expect("jane's copy");
    std::fs::remove_file(jane).expect("lose it");
    sqlx::query("UPDATE bulletin_posts SET finished_at = NULL, cursor = 0, done = 0, runs = 1")
        .execute(engine.db().pool())
        .await
        .expect("rewind");
    // The runner the post started may still be queued and take the redo
    // itself; once this drain returns, whichever ran it has finished.
    worker::drain(engine).await.expect("drain");
    let (pending,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bulletin_posts WHERE finished_at IS NULL")
        .fetch_one(engine.db().pool())
        .await
        .expect("posts");
    assert_eq!(pending, 0);
    for user in EXAMPLE_COM {
        assert_eq!(inbox(engine, user).len(), 1, "{user}");
    }
    assert!(inbox(engine, "joe@example.com")[0].ends_with(seen.file_name().expect("name")));
    assert!(texts(engine, "jane@example.com")[0].contains("Hi jane@example.com\n"));
    // The counts come out exact (joe's copy read, jane's new) once listed.
    for user in ["joe@example.com", "jane@example.com"] {
        list_inbox(engine, user).await;
        assert_eq!(counted(engine, user).await, on_disk(engine, user), "{user}");
    }
    let fields = ok(engine, "get_domain", json!({"credentials": admin, "domain": "example.com"})).await;
    assert_eq!(listed(&fields)["manual"][0]["count"], json!(13));
}
on_both!(a_post_redone_after_a_crash_neither_loses_nor_duplicates);

async fn new_accounts_get_the_auto_bulletins(engine: &Engine) {
    world(engine).await;
    let admin = creds("company_admin@example.com");
    let welcome = "From: hr@example.com\nSubject: Welcome, {'name'}\n\nYour address is {'account'} in {'domain'}.\n";
    ok(
        engine,
        "change_company_bulletin",
        json!({"credentials": admin, "company": "Example Corp", "bulletin": "Welcome", "type": "auto", "bulletin_text": welcome}),
    )
    .await;
    ok(
        engine,
        "change_domain_bulletin",
        json!({"credentials": admin, "domain": "example.net", "bulletin": "Net rules", "type": "auto", "bulletin_text": PLAIN}),
    )
    .await;
    ok(
        engine,
        "change_domain_bulletin",
        json!({"credentials": admin, "domain": "example.com", "bulletin": "Manual only", "type": "manual", "bulletin_text": PLAIN}),
    )
    .await;
    ok(
        engine,
        "change_user",
        json!({"credentials": admin, "user": "newbie@example.net", "attributes": {"password": "pw-12345678", "name": "New Bie"}}),
    )
    .await;
    // A forward-only account has no INBOX to put them in.
    ok(
        engine,
        "change_user",
        json!({"credentials": admin, "user": "fwd@example.net",
               "attributes": {"type": "forward", "forward_recipients": ["x@elsewhere.test"]}}),
    )
    .await;
    worker::drain(engine).await.expect("drain");
    let mut got = texts(engine, "newbie@example.net");
    got.sort();
    assert_eq!(got.len(), 2, "the company's and the domain's auto bulletins, not the manual one");
    assert!(got.iter().any(|t| t.contains("Subject: Welcome, New Bie\n")
        && t.ends_with("\n\nYour address is newbie@example.net in example.net.\n")));
    assert!(got.iter().any(|t| t.contains("Subject: Maintenance tonight\n")));
    assert!(inbox(engine, "fwd@example.net").is_empty());
    assert!(inbox(engine, "bob@example.net").is_empty(), "existing accounts get auto bulletins only when posted");
    let fields = ok(engine, "get_company", json!({"credentials": admin, "company": "Example Corp"})).await;
    let auto = &listed(&fields)["auto"][0];
    assert_eq!((auto["count"].clone(), auto["total"].clone()), (json!(1), json!(1)));
    assert!(auto["mtime"].is_i64());
}
on_both!(new_accounts_get_the_auto_bulletins);

/// Who may do what: company bulletins are the company admins' (readable by
/// company_view/ro/mail), domain bulletins also the domain admin's; nobody
/// learns of another company's.
async fn bulletin_role_scoping(engine: &Engine) {
    world(engine).await;
    let company =
        |who: &str| json!({"credentials": creds(who), "company": "Example Corp", "bulletin": "B", "type": "manual"});
    let domain =
        |who: &str| json!({"credentials": creds(who), "domain": "example.com", "bulletin": "B", "type": "manual"});
    let with_text = |mut body: Value| {
        body["bulletin_text"] = json!(PLAIN);
        body
    };
    ok(engine, "change_company_bulletin", with_text(company("company_admin@example.com"))).await;
    ok(engine, "change_domain_bulletin", with_text(domain("domain_admin@example.com"))).await;
    let test = |mut body: Value| {
        body["test_email"] = json!("joe@example.com");
        body
    };
    // (who, company: change/get/post, domain: change/get/post); true = allowed.
    let table: &[(&str, [bool; 6])] = &[
        (PROVIDER, [true, true, true, true, true, true]),
        ("company_admin@example.com", [true, true, true, true, true, true]),
        ("view@example.com", [false, true, false, true, true, true]),
        ("mailco@example.com", [false, true, false, false, true, false]),
        ("ro@example.com", [false, true, false, false, true, false]),
        ("tok@example.com", [false, false, false, false, false, false]),
        ("domain_admin@example.com", [false, false, false, true, true, true]),
        ("mail_admin@example.com", [false, false, false, false, true, false]),
        ("mrmanager@example.com", [false, false, false, false, true, false]),
        ("netadmin@example.net", [false, false, false, false, false, false]),
        ("other_admin@other.org", [false, false, false, false, false, false]),
        ("joe@example.com", [false, false, false, false, false, false]),
    ];
    for (who, allowed) in table {
        let calls = [
            ("change_company_bulletin", with_text(company(who))),
            ("get_company_bulletin", company(who)),
            ("post_company_bulletin", test(company(who))),
            ("change_domain_bulletin", with_text(domain(who))),
            ("get_domain_bulletin", domain(who)),
            ("post_domain_bulletin", test(domain(who))),
        ];
        for ((method, body), allowed) in calls.into_iter().zip(allowed) {
            match call(engine, method, body).await {
                Ok(_) => assert!(allowed, "{who} may not {method}"),
                Err((n, _)) => {
                    assert!(!allowed, "{who} may {method} but got {n}");
                    assert_eq!(n, 9, "{who} {method}");
                }
            }
        }
    }
    // Another company's bulletin, whether or not it exists: 9 (the provider: 2/11).
    let other = json!({"credentials": creds("company_admin@example.com"), "company": "Other Inc", "bulletin": "x", "type": "manual"});
    assert_eq!(err(engine, "get_company_bulletin", other).await, 9);
    let missing = json!({"credentials": creds("company_admin@example.com"), "company": "Nope Inc", "bulletin": "x", "type": "manual"});
    assert_eq!(err(engine, "get_company_bulletin", missing).await, 9);
}
on_both!(bulletin_role_scoping);
