//! The mail store against real directories: delivery, folders in modified
//! UTF-7, the header index following what Dovecot does on disk (flags,
//! expunges into the lazy_expunge tree, folder deletion), the seven mail
//! methods with their role scoping, ids that cannot cross mailboxes,
//! restore, reindex, purge, and mailboxes following rename/delete/restore.

use std::path::{Path, PathBuf};

use engine::mailstore::{account, purge, store};
use engine::Engine;
use serde_json::{json, Value};

use crate::common::{call, creds, err, ok, world, PROVIDER};

fn message(subject: &str, from: &str) -> Vec<u8> {
    format!(
        "Return-Path: <{from}>\r\nReceived: from a.example\r\n\tby b.example\r\nReceived: from c.example\r\n\
         From: {from}\r\nTo: joe@example.com\r\nSubject: {subject}\r\nDate: Mon, 21 Nov 2011 21:14:50 +0000\r\n\
         Message-ID: <{subject}@example>\r\n\r\nHello.\r\n"
    )
    .replace(' ', " ")
    .into_bytes()
}

async fn deliver(engine: &Engine, user: &str, folder: &str, subject: &str) {
    let mailbox = account::system(engine, user).await.expect("mailbox");
    store::put(engine, &mailbox, folder, message(subject, "June User <june@example.com>")).await.expect("deliver");
}

fn mailbox_dir(engine: &Engine, user: &str) -> PathBuf {
    engine.mail().mailbox_dir(user).expect("dir")
}

/// Files of a folder's new/ and cur/.
fn files(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in ["new", "cur"] {
        if let Ok(entries) = std::fs::read_dir(folder.join(sub)) {
            out.extend(entries.flatten().map(|e| e.path()));
        }
    }
    out.sort();
    out
}

/// What Dovecot does on EXPUNGE with lazy_expunge: the file goes to the same
/// folder name in the expunged tree (flags kept, `\Deleted` dropped).
fn expunge(mailbox: &Path, folder_dir: &str, file: &Path) {
    let target = mailbox.join("expunged").join(if folder_dir.is_empty() { ".INBOX" } else { folder_dir });
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(target.join(sub)).expect("mkdir");
    }
    let name = file.file_name().expect("name").to_str().expect("utf8").to_string();
    let sub = if name.contains(":2,") { "cur" } else { "new" };
    std::fs::rename(file, target.join(sub).join(name)).expect("expunge");
}

/// What Dovecot does when a client reads a message: new/ → cur/ with `:2,S`.
fn mark_seen(file: &Path) {
    let folder = file.parent().and_then(Path::parent).expect("folder");
    let name = file.file_name().expect("name").to_str().expect("utf8");
    std::fs::rename(file, folder.join("cur").join(format!("{name}:2,S"))).expect("seen");
}

fn subjects(messages: &Value) -> Vec<String> {
    let mut s: Vec<String> = messages
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["headers"]["subject"][0].as_str().unwrap_or_default().to_string())
        .collect();
    s.sort();
    s
}

fn ids(messages: &Value) -> Vec<String> {
    messages.as_array().expect("messages").iter().map(|m| m["id"].as_str().expect("id").to_string()).collect()
}

async fn folders_and_messages(engine: &Engine) {
    world(engine).await;
    let admin = creds("domain_admin@example.com");
    let joe = "joe@example.com";
    // New accounts get their Maildir++ root, every directory 0700.
    let dir = mailbox_dir(engine, joe);
    assert!(dir.join("cur").is_dir() && dir.join("new").is_dir() && dir.join("tmp").is_dir());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&dir).expect("meta").permissions().mode() & 0o777, 0o700);
    }
    let empty = ok(engine, "get_user_folders", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(Value::Object(empty), json!({"folders": ["INBOX"], "deleted_folders": []}));
    let none = ok(engine, "user_notify", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(none["new_mail"], json!(false));

    for subject in ["one", "two", "three"] {
        deliver(engine, joe, "INBOX", subject).await;
    }
    deliver(engine, joe, "plus ça change", "accent").await;
    deliver(engine, joe, "2011.Q1", "quarter").await;
    // On disk as Dovecot names them.
    assert!(dir.join(".plus &AOc-a change").join("new").is_dir());
    assert!(dir.join(".2011.Q1").join("new").is_dir());

    let folders = ok(engine, "get_user_folders", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(folders["folders"], json!(["INBOX", "2011.Q1", "plus ça change"]));
    let notify = ok(engine, "user_notify", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(notify["new_mail"], json!(true));

    let inbox = ok(engine, "get_user_messages", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(inbox["count"], json!(3));
    assert_eq!(subjects(&inbox["messages"]), ["one", "three", "two"]);
    let first = &inbox["messages"][0]["headers"];
    assert_eq!(first["received"], json!(["from a.example by b.example", "from c.example"]));
    assert!(first["INTERNALDATE"][0].is_i64(), "INTERNALDATE is a number: {first}");
    assert_eq!(first["from"], json!(["June User <june@example.com>"]));

    // The IMAP (modified UTF-7) name works as well as the Unicode one.
    let accent =
        ok(engine, "get_user_messages", json!({"credentials": admin, "user": joe, "folder": "plus &AOc-a change"}))
            .await;
    assert_eq!(subjects(&accent["messages"]), ["accent"]);
    assert_eq!(err(engine, "get_user_messages", json!({"credentials": admin, "user": joe, "folder": "Nope"})).await, 2);
    assert_eq!(err(engine, "get_user_messages", json!({"credentials": admin, "user": joe, "folder": "a..b"})).await, 6);

    // Dovecot marks two as read: unseen shows one; limit + recent newest first.
    let on_disk = files(&dir);
    assert_eq!(on_disk.len(), 3);
    mark_seen(&on_disk[0]);
    mark_seen(&on_disk[1]);
    let unseen = ok(engine, "get_user_messages", json!({"credentials": admin, "user": joe, "unseen": true})).await;
    assert_eq!(unseen["count"], json!(1));
    let latest =
        ok(engine, "get_user_messages", json!({"credentials": admin, "user": joe, "limit": 2, "recent": true})).await;
    assert_eq!(latest["count"], json!(2));
    let headers_only =
        ok(engine, "get_user_messages", json!({"credentials": admin, "user": joe, "headers": ["Subject"], "limit": 1}))
            .await;
    let only = headers_only["messages"][0]["headers"].as_object().expect("headers");
    assert_eq!(only.keys().collect::<Vec<_>>(), ["INTERNALDATE", "subject"]);

    // get_user reports the usage and the folders.
    let user = ok(engine, "get_user", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(user["metadata"]["quota"]["messages_used"], json!(5));
    assert!(user["metadata"]["quota"]["bytes_used"].as_i64().expect("bytes") > 500);
    assert_eq!(user["metadata"]["folders"], json!(["INBOX", "2011.Q1", "plus ça change"]));

    // Move two INBOX messages into 2011.Q1; a forged id and a stale one fail alone.
    let inbox_ids = ids(&inbox["messages"]);
    let mut forged = inbox_ids[2].clone();
    forged.replace_range(12..14, if &forged[12..14] == "AA" { "BB" } else { "AA" });
    let moved = ok(
        engine,
        "move_user_messages",
        json!({"credentials": admin, "user": joe, "folder": "2011.Q1", "ids": [inbox_ids[0], inbox_ids[1], forged, "junk"]}),
    )
    .await;
    let results = moved["ids"].as_array().expect("ids");
    assert_eq!(results.len(), 4);
    assert_eq!(results[0], json!({"id": inbox_ids[0], "success": true}));
    assert_eq!(results[1]["success"], json!(true));
    assert_eq!(results[2]["error_number"], json!(2));
    assert_eq!(results[3]["error_number"], json!(2));
    let q1 = ok(engine, "get_user_messages", json!({"credentials": admin, "user": joe, "folder": "2011.Q1"})).await;
    assert_eq!(q1["count"], json!(3));
    assert_eq!(files(&dir.join(".2011.Q1")).len(), 3);
    assert_eq!(files(&dir).len(), 1);
    // A moved message's old id is stale.
    let again = ok(
        engine,
        "move_user_messages",
        json!({"credentials": admin, "user": joe, "folder": "INBOX", "ids": [inbox_ids[0]]}),
    )
    .await;
    assert_eq!(again["ids"][0]["error_number"], json!(2));
    assert_eq!(
        err(engine, "move_user_messages", json!({"credentials": admin, "user": joe, "folder": "Nope", "ids": []}))
            .await,
        2
    );
    assert_eq!(err(engine, "move_user_messages", json!({"credentials": admin, "user": joe})).await, 5);
}
on_both!(folders_and_messages);

async fn deleted_messages_and_restore(engine: &Engine) {
    world(engine).await;
    let admin = creds("domain_admin@example.com");
    let joe = "joe@example.com";
    let dir = mailbox_dir(engine, joe);
    for subject in ["keep", "lose-1", "lose-2"] {
        deliver(engine, joe, "INBOX", subject).await;
    }
    for subject in ["bananas-1", "bananas-2"] {
        deliver(engine, joe, "plus ça change.bananas", subject).await;
    }
    deliver(engine, joe, "Sales", "sales").await;
    let nothing = ok(engine, "get_deleted_messages", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(nothing["count"], json!(0));

    // Dovecot expunges two INBOX messages (one read), one from Sales, and
    // deletes the folder "plus ça change.bananas" (its messages kept).
    let inbox: Vec<PathBuf> = files(&dir);
    let lose: Vec<&PathBuf> =
        inbox.iter().filter(|p| std::fs::read_to_string(p).expect("read").contains("Subject: lose")).collect();
    mark_seen(lose[0]);
    let lose_files: Vec<PathBuf> = files(&dir)
        .into_iter()
        .filter(|p| std::fs::read_to_string(p).expect("read").contains("Subject: lose"))
        .collect();
    for file in &lose_files {
        expunge(&dir, "", file);
    }
    for file in files(&dir.join(".Sales")) {
        expunge(&dir, ".Sales", &file);
    }
    let bananas = dir.join(".plus &AOc-a change.bananas");
    for file in files(&bananas) {
        expunge(&dir, ".plus &AOc-a change.bananas", &file);
    }
    std::fs::remove_dir_all(&bananas).expect("delete folder");

    let folders = ok(engine, "get_user_folders", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(folders["folders"], json!(["INBOX", "Sales"]));
    assert_eq!(folders["deleted_folders"], json!(["plus ça change.bananas"]));

    let all = ok(engine, "get_deleted_messages", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(all["count"], json!(5));
    assert_eq!(subjects(&all["messages"]), ["bananas-1", "bananas-2", "lose-1", "lose-2", "sales"]);
    let banana = all["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|m| m["headers"]["subject"][0] == "bananas-1")
        .expect("banana");
    assert_eq!(banana["folder"], json!("plus &AOc-a change.bananas"));
    assert_eq!(banana["folder-unicode"], json!("plus ça change.bananas"));
    assert_eq!(banana["folder_deleted"], json!(true));
    let lost = all["messages"].as_array().expect("m").iter().find(|m| m["headers"]["subject"][0] == "lose-1");
    let lost = lost.expect("lose-1");
    assert_eq!(lost["folder"], json!("INBOX"));
    assert!(lost.get("folder_deleted").is_none(), "only deleted folders are flagged: {lost}");

    // Filters: one folder (live or deleted), a header selection.
    let in_sales =
        ok(engine, "get_deleted_messages", json!({"credentials": admin, "user": joe, "folder": "Sales"})).await;
    assert_eq!(subjects(&in_sales["messages"]), ["sales"]);
    let in_deleted = ok(
        engine,
        "get_deleted_messages",
        json!({"credentials": admin, "user": joe, "folder": "plus &AOc-a change.bananas", "headers": ["subject", "from"]}),
    )
    .await;
    assert_eq!(in_deleted["count"], json!(2));
    let keys: Vec<&String> = in_deleted["messages"][0]["headers"].as_object().expect("h").keys().collect();
    assert_eq!(keys, ["INTERNALDATE", "subject", "from"]);

    // Another mailbox's ids are refused there; restore brings them back once.
    deliver(engine, "jane@example.com", "INBOX", "jane's").await;
    let jane_dir = mailbox_dir(engine, "jane@example.com");
    for file in files(&jane_dir) {
        expunge(&jane_dir, "", &file);
    }
    let jane = ok(engine, "get_deleted_messages", json!({"credentials": admin, "user": "jane@example.com"})).await;
    let jane_id = ids(&jane["messages"])[0].clone();
    let restore_ids: Vec<String> = all["messages"]
        .as_array()
        .expect("m")
        .iter()
        .filter(|m| m["headers"]["subject"][0] != "sales")
        .map(|m| m["id"].as_str().expect("id").to_string())
        .collect();
    let mut asked = restore_ids.clone();
    asked.push(jane_id.clone());
    let restored =
        ok(engine, "restore_deleted_messages", json!({"credentials": admin, "user": joe, "ids": asked})).await;
    let results = restored["ids"].as_array().expect("ids");
    assert!(results[..4].iter().all(|r| r["success"] == json!(true)), "{results:?}");
    assert_eq!(
        results[4],
        json!({"id": jane_id, "success": false, "error": "The requested object does not exist", "error_number": 2})
    );
    // The deleted folder is back (subscribed), the messages under fresh names with their flags.
    assert_eq!(files(&bananas).len(), 2);
    assert!(std::fs::read_to_string(dir.join("subscriptions")).expect("subs").contains("plus &AOc-a change\tbananas"));
    let inbox_now = files(&dir);
    assert_eq!(inbox_now.len(), 3);
    assert_eq!(inbox_now.iter().filter(|p| p.to_string_lossy().ends_with(":2,S")).count(), 1);
    for p in &inbox_now {
        let name = p.file_name().expect("n").to_string_lossy().to_string();
        assert!(lose_files.iter().all(|l| !l.to_string_lossy().contains(name.split(":2,").next().expect("base"))));
    }
    let folders = ok(engine, "get_user_folders", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(folders["folders"], json!(["INBOX", "plus ça change.bananas", "Sales"]));
    assert_eq!(folders["deleted_folders"], json!([]));
    // Restoring twice does not duplicate.
    let twice =
        ok(engine, "restore_deleted_messages", json!({"credentials": admin, "user": joe, "ids": [restore_ids[0]]}))
            .await;
    assert_eq!(twice["ids"][0]["error_number"], json!(2));
    assert_eq!(files(&dir).len() + files(&bananas).len(), 5);
    let left = ok(engine, "get_deleted_messages", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(subjects(&left["messages"]), ["sales"]);

    // Past the retention (14 days by default) nothing is listed or restorable, and the purge removes it.
    engine.clock().advance(15 * 86_400);
    let expired = ok(engine, "get_deleted_messages", json!({"credentials": admin, "user": joe})).await;
    assert_eq!(expired["count"], json!(0));
    let late = ok(
        engine,
        "restore_deleted_messages",
        json!({"credentials": admin, "user": joe, "ids": ids(&left["messages"])}),
    )
    .await;
    assert_eq!(late["ids"][0]["error_number"], json!(2));
    let purged = purge::run(engine).await.expect("purge");
    assert_eq!(purged.messages, 2 + engine::mailstore::demo::DELETED_MESSAGES, "sales, jane's and the demo's");
    assert!(files(&dir.join("expunged").join(".Sales")).is_empty());
    assert_eq!(files(&dir).len(), 3, "live mail is never purged");
}
on_both!(deleted_messages_and_restore);

/// Expunges (as Dovecot would) the INBOX message of `user` with this subject.
fn expunge_subject(engine: &Engine, user: &str, subject: &str) {
    let dir = mailbox_dir(engine, user);
    let needle = format!("Subject: {subject}\r\n");
    let file = files(&dir)
        .into_iter()
        .find(|f| std::fs::read_to_string(f).is_ok_and(|t| t.contains(&needle)))
        .expect("the message");
    expunge(&dir, "", &file);
}

/// The deleted list comes packed as JSON from the database: quotes,
/// backslashes and non-ASCII text come out as they went in, on both backends.
async fn deleted_list_keeps_text_exact(engine: &Engine) {
    world(engine).await;
    let subject = "say \"hi\" \\ back\\slash, caf\u{e9} \u{1f600}";
    deliver(engine, "joe@example.com", "INBOX", subject).await;
    expunge_subject(engine, "joe@example.com", subject);
    let admin = creds("company_admin@example.com");
    let got = ok(engine, "get_deleted_messages", json!({"credentials": admin, "user": "joe@example.com"})).await;
    assert_eq!(got["messages"][0]["headers"]["subject"], json!([subject]));
    assert_eq!(got["messages"][0]["headers"]["from"], json!(["June User <june@example.com>"]));
    let some = ok(
        engine,
        "get_deleted_messages",
        json!({"credentials": admin, "user": "joe@example.com", "headers": ["SUBJECT", "subject", "x-none"]}),
    )
    .await;
    assert_eq!(some["messages"][0]["headers"].as_object().expect("h").len(), 2, "INTERNALDATE and subject once");
    assert_eq!(some["messages"][0]["headers"]["subject"], json!([subject]));
}
on_both!(deleted_list_keeps_text_exact);

/// Deleted messages stay restorable for the domain's retention, else the
/// company's, else 14 days; the purge follows the same.
async fn retention_per_company_and_domain(engine: &Engine) {
    world(engine).await;
    let admin = creds("company_admin@example.com");
    deliver(engine, "joe@example.com", "INBOX", "joe-gone").await;
    deliver(engine, "bob@example.net", "INBOX", "bob-gone").await;
    expunge_subject(engine, "joe@example.com", "joe-gone");
    expunge_subject(engine, "bob@example.net", "bob-gone");
    let listed = |user: &'static str| {
        let admin = admin.clone();
        async move {
            let got = ok(engine, "get_deleted_messages", json!({"credentials": admin, "user": user})).await;
            subjects(&got["messages"])
        }
    };
    let set_company = |who: &str, value: Value| json!({"credentials": creds(who), "company": "Example Corp", "attributes": {"deleted_message_retention": value}});
    let set_domain = |who: &str, value: Value| json!({"credentials": creds(who), "domain": "example.com", "attributes": {"deleted_message_retention": value}});

    // Days from 1 to 365; a longer retention costs disk, so billing roles only.
    for bad in [json!(0), json!(366), json!("a week")] {
        let got = call(engine, "change_company", set_company("company_admin@example.com", bad)).await.err();
        assert_eq!(
            got.map(|(code, hints)| (code, hints.is_some_and(|h| h.get("deleted_message_retention").is_some()))),
            Some((6, true))
        );
    }
    assert_eq!(err(engine, "change_domain", set_domain("mailco@example.com", json!(3))).await, 9);
    ok(engine, "change_company", set_company("company_admin@example.com", json!(7))).await;
    let domain = ok(engine, "get_domain", json!({"credentials": admin, "domain": "example.com"})).await;
    assert_eq!(domain["metadata"]["inherit"]["deleted_message_retention"], json!(7));
    assert_eq!(domain["metadata"]["options"]["deleted_message_retention"], json!([1, 365]));
    assert!(domain["settable_attributes"].as_array().expect("s").contains(&json!("deleted_message_retention")));
    ok(engine, "change_domain", set_domain("company_admin@example.com", json!(3))).await;

    // Five days on: past example.com's 3 days, within the company's 7 for example.net.
    engine.clock().advance(5 * 86_400);
    assert!(!listed("joe@example.com").await.contains(&"joe-gone".to_string()));
    assert!(listed("bob@example.net").await.contains(&"bob-gone".to_string()));
    purge::run(engine).await.expect("purge");
    let expunged = |user: &str| files(&mailbox_dir(engine, user).join("expunged").join(".INBOX"));
    assert!(expunged("joe@example.com").is_empty());
    assert!(!expunged("bob@example.net").is_empty());

    // Unset on the company: the system's 14 days.
    ok(engine, "change_company", set_company("company_admin@example.com", Value::Null)).await;
    engine.clock().advance(5 * 86_400);
    assert!(listed("bob@example.net").await.contains(&"bob-gone".to_string()));
    engine.clock().advance(5 * 86_400);
    assert!(!listed("bob@example.net").await.contains(&"bob-gone".to_string()));
}
on_both!(retention_per_company_and_domain);

async fn reindex_rebuilds(engine: &Engine) {
    world(engine).await;
    let joe = "joe@example.com";
    let company = creds("company_admin@example.com");
    deliver(engine, joe, "INBOX", "before").await;
    let dir = mailbox_dir(engine, joe);
    // A message written behind the index's back with the same folder mtime
    // would be missed; reindex reads everything again.
    let started = ok(engine, "reindex", json!({"credentials": company, "user": joe, "folder": "INBOX"})).await;
    assert_eq!(started["status"], json!("pending"));
    let id = started["id"].as_str().expect("id").to_string();
    assert_eq!(id.len(), 32);
    let mut status = String::new();
    for _ in 0..200 {
        let polled = ok(engine, "reindex", json!({"credentials": company, "user": joe, "id": id})).await;
        status = polled["status"].as_str().expect("status").to_string();
        if status == "complete" || status.starts_with("error") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(status, "complete");
    assert_eq!(err(engine, "reindex", json!({"credentials": company, "user": joe, "id": "0".repeat(32)})).await, 2);
    assert_eq!(err(engine, "reindex", json!({"credentials": company, "user": "jane@example.com", "id": id})).await, 2);
    // Below company level: refused (the spec's example is a company admin).
    assert_eq!(err(engine, "reindex", json!({"credentials": creds("domain_admin@example.com"), "user": joe})).await, 9);
    assert_eq!(err(engine, "reindex", json!({"credentials": creds("other_admin@other.org"), "user": joe})).await, 9);
    let provider = ok(engine, "reindex", json!({"credentials": creds(PROVIDER), "user": joe})).await;
    assert_eq!(provider["status"], json!("pending"));
    assert!(dir.join("cur").is_dir());
}
on_both!(reindex_rebuilds);

/// Who may use the mail methods: admins over the account (read: every role
/// that reads it; move/restore: roles that change it), the owner itself, and
/// nobody else.
async fn mail_methods_role_scoping(engine: &Engine) {
    world(engine).await;
    let joe = "joe@example.com";
    deliver(engine, joe, "INBOX", "x").await;
    let reads = ["get_user_folders", "get_user_messages", "get_deleted_messages", "user_notify"];
    let writes = ["move_user_messages", "restore_deleted_messages"];
    let body = |who: &str, method: &str| {
        let mut b = json!({"credentials": creds(who), "user": joe});
        if writes.contains(&method) {
            b["ids"] = json!([]);
        }
        b
    };
    let readers = [
        PROVIDER,
        "company_admin@example.com",
        "view@example.com",
        "mailco@example.com",
        "ro@example.com",
        "domain_admin@example.com",
        "mail_admin@example.com",
        "joe@example.com",
    ];
    let strangers = [
        "tok@example.com",
        "mrmanager@example.com",
        "helpdesk@example.com",
        "netadmin@example.net",
        "other_admin@other.org",
        "jane@example.com",
    ];
    for method in reads.iter().chain(writes.iter()) {
        for who in readers {
            let may = !(writes.contains(method) && who == "ro@example.com");
            let got = call(engine, method, body(who, method)).await;
            assert_eq!(got.is_ok(), may, "{method} by {who}: {got:?}");
            if !may {
                assert_eq!(got.err().map(|e| e.0), Some(9));
            }
        }
        for who in strangers {
            assert_eq!(err(engine, method, body(who, method)).await, 9, "{method} by {who}");
        }
    }
    // An alias is not a mailbox of its own; an unknown account is 2 where the caller could see it.
    ok(
        engine,
        "change_user",
        json!({"credentials": creds("domain_admin@example.com"), "user": joe, "attributes": {"aliases": ["joey@example.com"]}}),
    )
    .await;
    assert_eq!(
        err(
            engine,
            "get_user_folders",
            json!({"credentials": creds("domain_admin@example.com"), "user": "joey@example.com"})
        )
        .await,
        3
    );
    assert_eq!(
        err(
            engine,
            "get_user_folders",
            json!({"credentials": creds("domain_admin@example.com"), "user": "nobody@example.com"})
        )
        .await,
        2
    );
    assert_eq!(
        err(
            engine,
            "get_user_folders",
            json!({"credentials": creds("domain_admin@example.com"), "user": "nobody@other.org"})
        )
        .await,
        9
    );
}
on_both!(mail_methods_role_scoping);

/// The mailbox directory follows its account: rename moves it, delete puts it
/// aside (a new account of the same name starts empty), restore brings it
/// back, and a move interrupted by a crash is finished at the next start.
async fn mailbox_follows_account(engine: &Engine) {
    world(engine).await;
    let admin = creds("domain_admin@example.com");
    deliver(engine, "joe@example.com", "INBOX", "hello").await;
    ok(
        engine,
        "rename_user",
        json!({"credentials": admin, "user": "joe@example.com", "new_name": "joseph@example.com"}),
    )
    .await;
    assert!(!mailbox_dir(engine, "joe@example.com").exists());
    let renamed = ok(engine, "get_user_messages", json!({"credentials": admin, "user": "joseph@example.com"})).await;
    assert_eq!(subjects(&renamed["messages"]), ["hello"]);

    ok(engine, "delete_user", json!({"credentials": admin, "user": "joseph@example.com"})).await;
    assert!(!mailbox_dir(engine, "joseph@example.com").exists());
    ok(
        engine,
        "change_user",
        json!({"credentials": admin, "user": "joseph@example.com", "attributes": {"password": "An0ther-pass"}}),
    )
    .await;
    let fresh = ok(engine, "get_user_messages", json!({"credentials": admin, "user": "joseph@example.com"})).await;
    assert_eq!(fresh["count"], json!(0));
    ok(engine, "delete_user", json!({"credentials": admin, "user": "joseph@example.com"})).await;

    let deleted = ok(
        engine,
        "search_users",
        json!({"credentials": admin, "criteria": {"domain": "example.com", "deleted": true, "match": "joseph*"}}),
    )
    .await;
    let first_id = deleted["users"]
        .as_array()
        .expect("users")
        .iter()
        .filter_map(|u| u["id"].as_i64().or_else(|| u["id"].as_str().and_then(|s| s.parse().ok())))
        .min()
        .expect("an id");
    ok(
        engine,
        "restore_user",
        json!({"credentials": admin, "user": "joseph@example.com", "id": first_id.to_string(), "new_name": "joe@example.com"}),
    )
    .await;
    let back = ok(engine, "get_user_messages", json!({"credentials": admin, "user": "joe@example.com"})).await;
    assert_eq!(subjects(&back["messages"]), ["hello"]);

    // Past the account retention the purge removes a deleted account's mailbox.
    ok(engine, "delete_user", json!({"credentials": admin, "user": "joe@example.com"})).await;
    let aside = engine.mail().root().join(".deleted");
    assert_eq!(std::fs::read_dir(&aside).expect("aside").count(), 2);
    engine.clock().advance(31 * 86_400);
    let purged = purge::run(engine).await.expect("purge");
    assert_eq!(purged.mailboxes, 2);
    assert_eq!(std::fs::read_dir(&aside).expect("aside").count(), 0);
}
on_both!(mailbox_follows_account);
