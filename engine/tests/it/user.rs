//! change_user, get_user, delete_user, restore_user, search_users,
//! get_user_changes.

use crate::common::*;
use serde_json::{json, Map, Value};

fn users(got: &Map<String, Value>) -> Vec<String> {
    got["users"].as_array().expect("users").iter().map(|u| u["user"].as_str().unwrap_or("").to_string()).collect()
}

async fn hints(e: &engine::Engine, method: &str, body: Value) -> (i64, Vec<String>) {
    match call(e, method, body).await {
        Ok(fields) => panic!("{method} succeeded: {fields:?}"),
        Err((n, h)) => {
            let keys = h.and_then(|h| h.as_object().map(|m| m.keys().cloned().collect())).unwrap_or_default();
            (n, keys)
        }
    }
}

async fn users_are_created_with_domain_defaults(e: &engine::Engine) {
    world(e).await;
    let admin = creds("domain_admin@example.com");
    ok(e, "change_domain", json!({"credentials": creds("company_admin@example.com"), "domain": "example.com", "attributes": {"language": "fr", "service_pop3": "disabled", "spamtag": "[DOM]", "default_password_encoding": "SSHA512"}})).await;
    // The "could create it" shape first.
    let got = call_full(e, "get_user", json!({"credentials": admin, "user": "new@example.com"})).await.expect_err("2");
    assert_eq!(got.code().number(), 2);
    let extra = got.extra().expect("creation form data");
    let defaults = &extra["metadata"]["defaults"];
    assert_eq!((defaults["language"].clone(), defaults["service_pop3"].clone()), (json!("fr"), json!("disabled")));
    assert_eq!((defaults["service_imap4"].clone(), defaults["workgroup"].clone()), (json!("enabled"), json!("staff")));
    assert_eq!(extra["metadata"]["inherit"]["spamtag"], json!("[DOM]"));
    assert!(extra["settable_attributes"].as_array().expect("list").contains(&json!("forward_recipients")));
    let other =
        call_full(e, "get_user", json!({"credentials": creds("netadmin@example.net"), "user": "new@example.com"}))
            .await
            .expect_err("9");
    assert_eq!((other.code().number(), other.extra().is_none()), (9, true));

    ok(e, "change_user", json!({"credentials": admin, "user": "New@Example.com", "attributes": {"name": "New Person", "password": "s3cret-pass", "title": "Boss", "allow": ["*@friends.com"]}})).await;
    let got = ok(e, "get_user", json!({"credentials": admin, "user": "new@example.com"})).await;
    let a = &got["attributes"];
    assert_eq!(got["type"], json!("mailbox"));
    assert_eq!(
        (a["account"].clone(), a["name"].clone(), a["title"].clone()),
        (json!("new@example.com"), json!("New Person"), json!("Boss"))
    );
    assert_eq!(
        (a["password"].clone(), a["language"].clone(), a["service_pop3"].clone()),
        (json!("*****"), json!("fr"), json!("disabled"))
    );
    assert_eq!((a["spamtag"].clone(), a["aliases"].clone(), a["phone"].clone()), (Value::Null, json!([]), Value::Null));
    assert_eq!((a["delivery_local"].clone(), a["delivery_forward"].clone()), (json!(true), json!(false)));
    assert_eq!(got["metadata"]["inherit"]["spamtag"], json!("[DOM]"));
    assert_eq!(got["metadata"]["status"], json!("active"));
    assert_eq!(got["metadata"]["roles"], json!({}));
    // The plain password was hashed with the domain's encoding, and works.
    let (stored,): (String,) = sqlx::query_as("SELECT password FROM users WHERE name = 'new@example.com'")
        .fetch_one(e.db().pool())
        .await
        .expect("row");
    assert!(stored.starts_with("{SSHA512}"), "{stored}");
    ok(e, "authenticate", json!({"credentials": {"user": "new@example.com", "password": "s3cret-pass"}})).await;
    // create_only on an existing account.
    assert_eq!(
        err(
            e,
            "change_user",
            json!({"credentials": admin, "user": "new@example.com", "attributes": {}, "create_only": true})
        )
        .await,
        23
    );
    // Bad attributes: every one reported, nothing created.
    let (n, keys) = hints(e, "change_user", json!({"credentials": admin, "user": "bad@example.com", "attributes": {"name": ["x"], "allow": "a@b.c", "bogus": 1, "quota": 999999999}})).await;
    assert_eq!((n, keys), (6, vec!["allow".to_string(), "bogus".into(), "name".into(), "quota".into()]));
    assert_eq!(err(e, "get_user", json!({"credentials": admin, "user": "bad@example.com"})).await, 2);
    assert_eq!(
        err(e, "change_user", json!({"credentials": creds(PROVIDER), "user": "x@nowhere.com", "attributes": {}})).await,
        8
    );
    assert_eq!(
        err(e, "change_user", json!({"credentials": admin, "user": "x@example.net", "attributes": {}})).await,
        9
    );
    // The domain's user limit.
    let accounts = ok(
        e,
        "search_users",
        json!({"credentials": admin, "criteria": {"domain": "example.com", "type": ["mailbox", "forward", "filter"]}}),
    )
    .await["total_count"]
        .as_i64()
        .unwrap_or(0);
    ok(e, "change_domain", json!({"credentials": creds("company_admin@example.com"), "domain": "example.com", "attributes": {"limit_users": accounts}})).await;
    assert_eq!(
        err(e, "change_user", json!({"credentials": admin, "user": "onemore@example.com", "attributes": {}})).await,
        15
    );
}
on_both!(users_are_created_with_domain_defaults);

async fn types_keep_valid_delivery(e: &engine::Engine) {
    world(e).await;
    let admin = creds("domain_admin@example.com");
    let flags = |user: &'static str| {
        let admin = admin.clone();
        async move {
            let got = ok(e, "get_user", json!({"credentials": admin, "user": user})).await;
            let a = &got["attributes"];
            (
                got["type"].clone(),
                [&a["delivery_local"], &a["delivery_forward"], &a["delivery_autoresponder"], &a["delivery_filter"]]
                    .map(|v| v.as_bool().unwrap_or(false)),
            )
        }
    };
    ok(e, "change_user", json!({"credentials": admin, "user": "joe@example.com", "attributes": {"type": "filter", "delivery_local": true}})).await;
    assert_eq!(flags("joe@example.com").await, (json!("filter"), [false, false, false, true]));
    ok(e, "change_user", json!({"credentials": admin, "user": "joe@example.com", "attributes": {"type": "forward", "forward_recipients": ["joe@elsewhere.com"], "delivery_autoresponder": true}})).await;
    assert_eq!(flags("joe@example.com").await, (json!("forward"), [false, true, true, false]));
    let got =
        ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "match": "joe"}}))
            .await;
    assert_eq!(
        got["users"][0],
        json!({"user": "joe@example.com", "type": "forward", "workgroup": "staff", "status": "active", "forward_recipient": "joe@elsewhere.com", "forward_recipient_count": 1})
    );
    ok(e, "change_user", json!({"credentials": admin, "user": "joe@example.com", "attributes": {"type": "mailbox", "delivery_local": true, "delivery_forward": false}})).await;
    assert_eq!(flags("joe@example.com").await, (json!("mailbox"), [true, false, true, false]));
    // Counts follow the type.
    let got = ok(e, "search_domains", json!({"credentials": admin, "criteria": {"match": "example.com"}})).await;
    assert_eq!(got["domains"][0]["counts"]["forward"], json!(0));
    assert_eq!(
        err(
            e,
            "change_user",
            json!({"credentials": admin, "user": "joe@example.com", "attributes": {"type": "alias"}})
        )
        .await,
        6
    );
}
on_both!(types_keep_valid_delivery);

async fn user_aliases(e: &engine::Engine) {
    world(e).await;
    let admin = creds("company_admin@example.com");
    ok(e, "change_user", json!({"credentials": admin, "user": "joe@example.com", "attributes": {"aliases": ["joseph@example.com", "joe@example.net"]}})).await;
    let got = ok(e, "get_user", json!({"credentials": admin, "user": "joe@example.com"})).await;
    assert_eq!(got["attributes"]["aliases"], json!(["joe@example.net", "joseph@example.com"]));
    let got =
        ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "type": "alias"}}))
            .await;
    assert_eq!(
        got["users"],
        json!([{"user": "joseph@example.com", "type": "alias", "status": "active", "alias_target": "joe@example.com"}])
    );
    // Changing through an alias (3); its name is taken (7); outside the company (6).
    assert_eq!(
        err(e, "change_user", json!({"credentials": admin, "user": "joseph@example.com", "attributes": {}})).await,
        3
    );
    assert_eq!(err(e, "get_user", json!({"credentials": admin, "user": "joseph@example.com"})).await, 3);
    assert_eq!(err(e, "delete_user", json!({"credentials": admin, "user": "joseph@example.com"})).await, 3);
    assert_eq!(
        err(
            e,
            "change_user",
            json!({"credentials": admin, "user": "jane@example.com", "attributes": {"aliases": ["joseph@example.com"]}})
        )
        .await,
        7
    );
    assert_eq!(
        err(
            e,
            "change_user",
            json!({"credentials": admin, "user": "jane@example.com", "attributes": {"aliases": ["sam@example.com"]}})
        )
        .await,
        7
    );
    assert_eq!(
        err(
            e,
            "change_user",
            json!({"credentials": admin, "user": "jane@example.com", "attributes": {"aliases": ["jane@other.org"]}})
        )
        .await,
        6
    );
    assert_eq!(
        err(
            e,
            "change_user",
            json!({"credentials": admin, "user": "new@example.com", "attributes": {"aliases": ["joseph@example.com"]}})
        )
        .await,
        7
    );
    assert_eq!(
        err(e, "get_user", json!({"credentials": admin, "user": "new@example.com"})).await,
        2,
        "nothing half-created"
    );
    // The domain's alias limit.
    ok(
        e,
        "change_domain",
        json!({"credentials": creds(PROVIDER), "domain": "example.com", "attributes": {"limit_aliases": 1}}),
    )
    .await;
    assert_eq!(
        err(
            e,
            "change_user",
            json!({"credentials": admin, "user": "jane@example.com", "attributes": {"aliases": ["janet@example.com"]}})
        )
        .await,
        16
    );
    // Dropping one frees its name.
    ok(
        e,
        "change_user",
        json!({"credentials": admin, "user": "joe@example.com", "attributes": {"aliases": ["joe@example.net"]}}),
    )
    .await;
    ok(
        e,
        "change_user",
        json!({"credentials": admin, "user": "jane@example.com", "attributes": {"aliases": ["joseph@example.com"]}}),
    )
    .await;
    let got =
        ok(e, "search_domains", json!({"credentials": admin, "criteria": {"match": "example.*", "type": "domain"}}))
            .await;
    let aliases: Vec<i64> =
        got["domains"].as_array().expect("list").iter().map(|d| d["counts"]["alias"].as_i64().unwrap_or(-1)).collect();
    assert_eq!(aliases, [1, 1]);
}
on_both!(user_aliases);

async fn deleting_and_restoring_users(e: &engine::Engine) {
    world(e).await;
    let admin = creds("domain_admin@example.com");
    ok(
        e,
        "change_user",
        json!({"credentials": admin, "user": "joe@example.com", "attributes": {"aliases": ["joseph@example.com"]}}),
    )
    .await;
    ok(e, "delete_user", json!({"credentials": admin, "user": "joe@example.com"})).await;
    assert_eq!(err(e, "get_user", json!({"credentials": admin, "user": "joe@example.com"})).await, 2);
    assert_eq!(err(e, "authenticate", json!({"credentials": creds("joe@example.com")})).await, 1);
    let got =
        ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "match": "jo*"}}))
            .await;
    assert_eq!(users(&got), Vec::<String>::new(), "the alias went with it");
    let got =
        ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "deleted": true}}))
            .await;
    assert_eq!(users(&got), ["joe@example.com"]);
    assert_eq!(got["users"][0]["status"], json!("deleted"));
    let id = got["users"][0]["id"].as_str().expect("string id").to_string();
    let got = ok(e, "search_domains", json!({"credentials": admin})).await;
    assert_eq!(got["domains"][0]["counts"]["deleted"], json!(1));
    let restore = |name: &str| json!({"credentials": admin, "user": "joe@example.com", "id": id, "new_name": name});
    assert_eq!(err(e, "restore_user", restore("jane@example.com")).await, 7);
    assert_eq!(err(e, "restore_user", restore("joe@example.net")).await, 6);
    assert_eq!(
        err(
            e,
            "restore_user",
            json!({"credentials": admin, "user": "joe@example.com", "id": "999999", "new_name": "joe@example.com"})
        )
        .await,
        2
    );
    assert_eq!(err(e, "restore_user", json!({"credentials": creds("netadmin@example.net"), "user": "joe@example.com", "id": id, "new_name": "joe@example.com"})).await, 9);
    ok(e, "restore_user", restore("joey@example.com")).await;
    let got = ok(e, "get_user", json!({"credentials": admin, "user": "joey@example.com"})).await;
    assert_eq!(
        (got["attributes"]["name"].clone(), got["attributes"]["aliases"].clone()),
        (json!("Joe User"), json!(["joseph@example.com"]))
    );
    ok(e, "authenticate", json!({"credentials": creds("joey@example.com")})).await;
    // Past the retention period the id no longer restores.
    ok(e, "delete_user", json!({"credentials": admin, "user": "joey@example.com"})).await;
    let got =
        ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "deleted": true}}))
            .await;
    let id = got["users"][0]["id"].as_str().expect("id").to_string();
    e.clock().advance(31 * 86_400);
    assert_eq!(
        err(
            e,
            "restore_user",
            json!({"credentials": admin, "user": "joey@example.com", "id": id, "new_name": "joey@example.com"})
        )
        .await,
        2
    );
    let changes = ok(e, "get_user_changes", json!({"credentials": admin, "user": "jane@example.com"})).await;
    assert!(changes["total_count"].as_i64().unwrap_or(0) >= 1);
}
on_both!(deleting_and_restoring_users);

async fn users_are_searched(e: &engine::Engine) {
    world(e).await;
    let admin = creds("domain_admin@example.com");
    let all = ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com"}})).await;
    let names = users(&all);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "alphabetical by default");
    assert_eq!(all["total_count"].as_i64(), Some(names.len() as i64));
    let page = ok(
        e,
        "search_users",
        json!({"credentials": admin, "criteria": {"domain": "example.com"}, "range": {"first": 3, "limit": 3}}),
    )
    .await;
    assert_eq!(users(&page), names[3..6].to_vec());
    assert_eq!((page["count"].clone(), page["total_count"].clone()), (json!(3), all["total_count"].clone()));
    // Ties break by name in the sort's direction: descending is ascending reversed.
    let got = ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "workgroup": "sales"}, "sort": {"by": "workgroup", "direction": "descending"}})).await;
    assert_eq!(users(&got), ["mrmanager@example.com", "june@example.com", "jane@example.com"]);
    let got = ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "match": "j*"}, "fields": ["createtime", "lastlogin"]})).await;
    let first = got["users"][0].as_object().expect("row");
    assert_eq!(first.keys().collect::<Vec<_>>(), ["user", "type", "createtime", "lastlogin"]);
    // A workgroup admin sees its workgroup.
    let got = ok(
        e,
        "search_users",
        json!({"credentials": creds("mrmanager@example.com"), "criteria": {"domain": "example.com"}}),
    )
    .await;
    assert_eq!(users(&got), ["jane@example.com", "june@example.com", "mrmanager@example.com"]);
    assert_eq!(err(e, "search_users", json!({"credentials": admin, "criteria": {}})).await, 5);
    assert_eq!(
        err(
            e,
            "search_users",
            json!({"credentials": admin, "criteria": {"domain": "example.com"}, "sort": {"by": "bogus"}})
        )
        .await,
        5
    );
    assert_eq!(err(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.net"}})).await, 9);
    assert_eq!(
        err(e, "search_users", json!({"credentials": creds("joe@example.com"), "criteria": {"domain": "example.com"}}))
            .await,
        9
    );
    assert_eq!(
        err(e, "search_users", json!({"credentials": creds("tok@example.com"), "criteria": {"domain": "example.com"}}))
            .await,
        9
    );
    // Suspended accounts by status.
    ok(e, "change_user", json!({"credentials": admin, "user": "sam@example.com", "attributes": {"service_smtpin": "suspended", "service_smtprelay": "suspended"}})).await;
    let got = ok(
        e,
        "search_users",
        json!({"credentials": admin, "criteria": {"domain": "example.com", "status": ["suspended"]}}),
    )
    .await;
    assert_eq!(users(&got), ["sam@example.com"]);
}
on_both!(users_are_searched);

/// Postroom's `quota` field of search_users: each account's limit and what its
/// live folders hold, the same numbers get_user reports.
async fn search_reports_quota(e: &engine::Engine) {
    use engine::mailstore::{account, store};
    world(e).await;
    let admin = creds("domain_admin@example.com");
    ok(e, "change_user", json!({"credentials": admin, "user": "jane@example.com", "attributes": {"quota": 10, "aliases": ["jane.alias@example.com"]}})).await;
    ok(e, "change_user", json!({"credentials": admin, "user": "joe@example.com", "attributes": {"type": "forward", "forward_recipients": ["joe@elsewhere.com"], "quota": 0}})).await;
    let jane = account::system(e, "jane@example.com").await.expect("mailbox");
    let mut stored = 0;
    for (folder, body) in [("INBOX", "a".repeat(3000)), ("Archive", "b".repeat(500))] {
        let message = format!("From: a@b.c\r\nSubject: {folder}\r\n\r\n{body}\r\n").into_bytes();
        stored += store::put(e, &jane, folder, message).await.expect("put").size;
    }
    // The rows that have a quota, by user.
    let search = |fields: Value| {
        let body = json!({"credentials": admin, "criteria": {"domain": "example.com"}, "range": {"limit": 100}, "fields": fields});
        async move {
            let got = ok(e, "search_users", body).await;
            let rows = got["users"].as_array().expect("users").iter();
            rows.filter_map(|u| Some((u["user"].as_str()?.to_string(), u.get("quota")?.clone()))).collect::<Map<_, _>>()
        }
    };
    let quota = search(json!(["quota"])).await;
    assert_eq!(quota["jane@example.com"], json!({"bytes_max": 10 << 20, "bytes_used": stored, "messages_used": 2}));
    assert!(!quota.contains_key("jane.alias@example.com"), "an alias has no quota");
    assert!(!quota.contains_key("joe@example.com"), "a forward without a quota keeps no mail");
    assert_eq!(
        quota["mrmanager@example.com"],
        json!({"bytes_max": 5120_i64 << 20, "bytes_used": 0, "messages_used": 0})
    );
    // Demo mail: june's deleted messages do not count; sam is past 90% of 1 MB.
    for user in ["june@example.com", "sam@example.com"] {
        let got = ok(e, "get_user", json!({"credentials": admin, "user": user})).await;
        let mut expected = got["metadata"]["quota"].clone();
        for key in ["messages_max", "warning_percent"] {
            expected.as_object_mut().expect("quota").remove(key);
        }
        assert_eq!(quota[user], expected, "{user}");
    }
    let sam = &quota["sam@example.com"];
    assert_eq!(sam["bytes_max"], json!(1 << 20));
    assert!((sam["bytes_used"].as_i64().unwrap_or(0) * 100 / (1 << 20)) >= 90, "{sam}");
    ok(e, "change_user", json!({"credentials": admin, "user": "joe@example.com", "attributes": {"quota": 5}})).await;
    assert_eq!(
        search(json!(["quota"])).await["joe@example.com"]["bytes_max"],
        json!(5 << 20),
        "a forward with a quota"
    );
    // Not asked for: not there.
    assert_eq!(search(json!(["status"])).await, Map::new());
    assert_eq!(search(Value::Null).await, Map::new());
}
on_both!(search_reports_quota);

async fn user_rights_follow_roles(e: &engine::Engine) {
    world(e).await;
    let change =
        |who: &str, user: &str, attrs: Value| json!({"credentials": creds(who), "user": user, "attributes": attrs});
    // Mail admins make non-billable changes only.
    ok(e, "change_user", change("mail_admin@example.com", "joe@example.com", json!({"phone": "555"}))).await;
    let (n, keys) =
        hints(e, "change_user", change("mail_admin@example.com", "joe@example.com", json!({"quota": 10}))).await;
    assert_eq!((n, keys), (4, vec!["quota".to_string()]));
    assert_eq!(err(e, "change_user", change("mail_admin@example.com", "new@example.com", json!({}))).await, 9);
    // company_view: non-billable; company_ro: nothing.
    ok(e, "change_user", change("view@example.com", "joe@example.com", json!({"title": "T"}))).await;
    assert_eq!(err(e, "change_user", change("ro@example.com", "joe@example.com", json!({"title": "T"}))).await, 9);
    ok(e, "get_user", json!({"credentials": creds("ro@example.com"), "user": "joe@example.com"})).await;
    // Workgroup admins: their workgroup only.
    ok(e, "change_user", change("mrmanager@example.com", "new@example.com", json!({"workgroup": "sales"}))).await;
    assert_eq!(err(e, "change_user", change("mrmanager@example.com", "new2@example.com", json!({}))).await, 9);
    assert_eq!(
        err(e, "change_user", change("mrmanager@example.com", "joe@example.com", json!({"title": "x"}))).await,
        9
    );
    assert_eq!(
        err(e, "delete_user", json!({"credentials": creds("mrmanager@example.com"), "user": "joe@example.com"})).await,
        9
    );
    // A mail admin may not take over the domain admin's account.
    assert_eq!(
        err(
            e,
            "change_user",
            change("mail_admin@example.com", "domain_admin@example.com", json!({"password": "x12345678"}))
        )
        .await,
        9
    );
    // Owners: their own account, owner attributes only.
    ok(e, "change_user", change("joe@example.com", "joe@example.com", json!({"name": "Joseph", "autoresponder": "Away", "autoresponder_option_subject": "Out", "autoresponder_option_startdate": 1_700_000_000}))).await;
    let (n, keys) = hints(
        e,
        "change_user",
        change(
            "joe@example.com",
            "joe@example.com",
            json!({"quota": 1, "workgroup": "sales", "service_pop3": "disabled"}),
        ),
    )
    .await;
    assert_eq!((n, keys), (4, vec!["quota".to_string(), "service_pop3".into(), "workgroup".into()]));
    assert_eq!(err(e, "change_user", change("joe@example.com", "jane@example.com", json!({"name": "x"}))).await, 9);
    let got = ok(e, "get_user", json!({"credentials": creds("joe@example.com"), "user": "joe@example.com"})).await;
    assert!(got["settable_attributes"].as_array().expect("list").contains(&json!("password")));
    assert!(!got["settable_attributes"].as_array().expect("list").contains(&json!("quota")));
    // A service suspended by the domain admin stays suspended for a mail admin.
    ok(e, "change_user", change("domain_admin@example.com", "jane@example.com", json!({"service_imap4": "suspended"})))
        .await;
    let (n, keys) =
        hints(e, "change_user", change("mailco@example.com", "jane@example.com", json!({"service_imap4": "enabled"})))
            .await;
    assert_eq!((n, keys), (4, vec!["service_imap4".to_string()]));
    ok(e, "change_user", change("company_admin@example.com", "jane@example.com", json!({"service_imap4": "enabled"})))
        .await;
    // A password change ends the old password at once (no cached login survives).
    ok(e, "authenticate", json!({"credentials": creds("jane@example.com")})).await;
    ok(e, "change_user", change("domain_admin@example.com", "jane@example.com", json!({"password": "n3w-passw0rd"})))
        .await;
    assert_eq!(err(e, "authenticate", json!({"credentials": creds("jane@example.com")})).await, 1);
    // The change log never shows a password.
    let log = ok(
        e,
        "get_user_changes",
        json!({"credentials": creds("domain_admin@example.com"), "user": "jane@example.com"}),
    )
    .await;
    assert!(!serde_json::to_string(&log).unwrap_or_default().contains("n3w-passw0rd"));
}
on_both!(user_rights_follow_roles);

async fn renaming_users_and_attribute_history(e: &engine::Engine) {
    world(e).await;
    let admin = creds("domain_admin@example.com");
    ok(e, "change_user", json!({"credentials": admin, "user": "jane@example.com", "attributes": {"name": "Janet", "aliases": ["jj@example.com"]}})).await;
    e.clock().advance(60);
    ok(e, "change_user", json!({"credentials": admin, "user": "jane@example.com", "attributes": {"name": "Jane Q"}}))
        .await;
    let rename = |new: &str| json!({"credentials": admin, "user": "jane@example.com", "new_name": new});
    assert_eq!(err(e, "rename_user", rename("june@example.com")).await, 7);
    assert_eq!(err(e, "rename_user", rename("jj@example.com")).await, 7);
    assert_eq!(err(e, "rename_user", rename("jane@example.net")).await, 6);
    assert_eq!(
        err(e, "rename_user", json!({"credentials": admin, "user": "jj@example.com", "new_name": "x@example.com"}))
            .await,
        3
    );
    assert_eq!(err(e, "rename_user", json!({"credentials": creds("mail_admin@example.com"), "user": "jane@example.com", "new_name": "x@example.com"})).await, 9);
    assert_eq!(
        err(
            e,
            "rename_user",
            json!({"credentials": creds("joe@example.com"), "user": "joe@example.com", "new_name": "joey@example.com"})
        )
        .await,
        9
    );
    ok(e, "rename_user", rename("janet@example.com")).await;
    assert_eq!(err(e, "get_user", json!({"credentials": admin, "user": "jane@example.com"})).await, 2);
    let got = ok(e, "get_user", json!({"credentials": admin, "user": "janet@example.com"})).await;
    assert_eq!(
        (got["attributes"]["name"].clone(), got["attributes"]["aliases"].clone()),
        (json!("Jane Q"), json!(["jj@example.com"]))
    );
    ok(e, "authenticate", json!({"credentials": creds("janet@example.com")})).await;
    assert_eq!(err(e, "authenticate", json!({"credentials": creds("jane@example.com")})).await, 1);
    // The history followed the account.
    let got = ok(
        e,
        "get_user_attribute_history",
        json!({"credentials": admin, "user": "janet@example.com", "attribute": "name"}),
    )
    .await;
    let values: Vec<&Value> = got["history"].as_object().expect("map").values().collect();
    assert_eq!(values, [&json!("Janet"), &json!("Jane Q")]);
    let times: Vec<i64> = got["history"].as_object().expect("map").keys().map(|k| k.parse().unwrap_or(0)).collect();
    assert_eq!(times[1] - times[0], 60);
    assert_eq!(
        err(
            e,
            "get_user_attribute_history",
            json!({"credentials": admin, "user": "janet@example.com", "attribute": "bogus"})
        )
        .await,
        6
    );
    assert_eq!(
        err(
            e,
            "get_user_attribute_history",
            json!({"credentials": creds("netadmin@example.net"), "user": "janet@example.com", "attribute": "name"})
        )
        .await,
        9
    );
    ok(
        e,
        "change_user",
        json!({"credentials": admin, "user": "janet@example.com", "attributes": {"password": "an0ther-one"}}),
    )
    .await;
    let got = ok(
        e,
        "get_user_attribute_history",
        json!({"credentials": admin, "user": "janet@example.com", "attribute": "password"}),
    )
    .await;
    assert_eq!(got["history"].as_object().expect("map").values().collect::<Vec<_>>(), [&json!("*****")]);
}
on_both!(renaming_users_and_attribute_history);

/// A mailbox owner changes its password in the portal: the current one is
/// checked, the new one obeys the password rules, other sessions end.
async fn owners_change_their_own_password(e: &engine::Engine) {
    use engine::identity::credentials::{Purpose, Secret};
    use engine::user::change_password::{change_own_password, Request, CURRENT};
    world(e).await;
    let login = |user: &str, pw: &str| {
        let creds = engine::Credentials { user: user.into(), secret: Secret::Password(pw.into()), client: None };
        async move { e.authenticate_credentials(&creds, Purpose::Portal).await }
    };
    let joe = login("joe@example.com", PASSWORD).await.expect("joe signs in");
    let here = e.open_portal_session(&joe).await.expect("session");
    let elsewhere = e.open_portal_session(&joe).await.expect("session");
    let ctx = engine::Ctx::new(joe.clone(), "Portal");
    let change =
        |current: &str, new: &str| Request { current: current.into(), new: new.into(), session: Some(here.clone()) };

    let wrong = change_own_password(e, &ctx, change("not-it", "N3w-secret")).await.expect_err("wrong current");
    assert_eq!((wrong.code().number(), wrong.hints().map(|h| h.contains_key(CURRENT))), (6, Some(true)));
    let bad = change_own_password(e, &ctx, change(PASSWORD, "has space")).await.expect_err("bad new");
    assert_eq!((bad.code().number(), bad.hints().map(|h| h.contains_key("password"))), (6, Some(true)));
    assert!(login("joe@example.com", PASSWORD).await.is_ok(), "nothing changed yet");
    assert!(e.portal_caller(&elsewhere).await.is_ok());

    change_own_password(e, &ctx, change(PASSWORD, "N3w-secret")).await.expect("changed");
    assert!(login("joe@example.com", PASSWORD).await.is_err(), "the old password is gone");
    assert!(login("joe@example.com", "N3w-secret").await.is_ok());
    assert!(e.portal_caller(&here).await.is_ok(), "this session stays");
    assert!(e.portal_caller(&elsewhere).await.is_err(), "other sessions end");

    let root = login(PROVIDER, PASSWORD).await.expect("root");
    let refused = change_own_password(e, &engine::Ctx::new(root, "Portal"), change(PASSWORD, "x-Y-z-123"))
        .await
        .expect_err("no mailbox");
    assert_eq!(refused.code().number(), 9);
}
on_both!(owners_change_their_own_password);
