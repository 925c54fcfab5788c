//! search_users paging and totals (the index-backed sort columns, maintained
//! counts, the trigram index behind substring matches) and bulk creation.

use std::sync::{Arc, Mutex};

use crate::common::*;
use engine::identity::credentials::{Purpose, Secret};
use engine::user::bulk_create::{create_users, Mode, NewUser};
use engine::{Credentials, Ctx};
use serde_json::{json, Map, Value};

fn users(got: &Map<String, Value>) -> Vec<String> {
    got["users"].as_array().expect("users").iter().map(|u| u["user"].as_str().unwrap_or("").to_string()).collect()
}

async fn ctx_of(e: &engine::Engine, user: &str) -> Ctx {
    let creds = Credentials { user: user.into(), secret: Secret::Password(PASSWORD.into()), client: None };
    Ctx::new(e.authenticate_credentials(&creds, Purpose::Oma).await.expect("signed in"), "test")
}

fn new_user(user: &str, attributes: Value) -> NewUser {
    NewUser { user: user.into(), attributes: attributes.as_object().cloned().unwrap_or_default() }
}

/// A domain with accounts of every type, aliases, forwards, a suspended
/// account and logins, for the sorts to mean something.
async fn crowd(e: &engine::Engine) {
    world(e).await;
    let admin = creds("company_admin@example.com");
    let people = [
        ("abe", json!({"workgroup": "sales", "aliases": ["zed@example.com"]})),
        ("abc", json!({"type": "forward", "forward_recipients": ["out@else.org"]})),
        ("xabcy", json!({"type": "filter", "workgroup": "support"})),
        ("bob", json!({"service_smtpin": "suspended", "service_smtprelay": "suspended"})),
        ("aac", json!({"type": "forward", "forward_recipients": ["a@else.org", "b@else.org"]})),
        ("cab", json!({"aliases": ["abacus@example.com", "cabbie@example.net"]})),
    ];
    for (local, attrs) in people {
        ok(
            e,
            "change_user",
            json!({"credentials": admin, "user": format!("{local}@example.com"), "attributes": attrs}),
        )
        .await;
    }
    sqlx::query("UPDATE users SET last_login = 1700000000 + id * 3600 WHERE name IN ('abe@example.com', 'bob@example.com', 'joe@example.com')")
        .execute(e.db().pool())
        .await
        .expect("logins");
}

/// Every sort key, both directions, with and without the filters that change
/// the query's shape: two-row pages join up into the whole list, descending is
/// ascending reversed, and total_count is the list's length.
async fn user_pages_join_up(e: &engine::Engine) {
    crowd(e).await;
    let admin = creds("domain_admin@example.com");
    let list = |sort: Value, criteria: Value, first: i64, limit: i64| {
        let body = json!({"credentials": admin, "sort": sort, "criteria": criteria, "range": {"first": first, "limit": limit}});
        async move { ok(e, "search_users", body).await }
    };
    let keys = engine::user::search_users::SORT_KEYS.iter().copied().filter(|k| *k != "delete_time");
    for by in keys {
        for mut criteria in [
            json!({}),
            json!({"match": "ab*"}),
            json!({"match": "*abc*"}),
            json!({"match": "a?c*"}),
            json!({"type": ["mailbox", "alias"]}),
            json!({"workgroup": "sales"}),
            json!({"status": "suspended"}),
        ] {
            criteria["domain"] = json!("example.com");
            let mut both = Vec::new();
            for direction in ["ascending", "descending"] {
                let sort = json!({"by": by, "direction": direction});
                let whole = list(sort.clone(), criteria.clone(), 0, 100).await;
                let mut paged = Vec::new();
                for first in (0..30).step_by(2) {
                    paged.extend(users(&list(sort.clone(), criteria.clone(), first, 2).await));
                }
                assert_eq!(paged, users(&whole), "{by} {direction} {criteria}");
                assert_eq!(whole["total_count"].as_i64(), Some(paged.len() as i64), "{by} {criteria}");
                both.push(paged);
            }
            both[1].reverse();
            assert_eq!(both[0], both[1], "{by} {criteria}");
        }
    }
    let names = |c: Value| {
        let c2 = c.clone();
        async move {
            let mut criteria = c2;
            criteria["domain"] = json!("example.com");
            users(&list(json!({"by": "user"}), criteria, 0, 100).await)
        }
    };
    // Substrings (the trigram index on SQLite) match as LIKE does everywhere.
    assert_eq!(names(json!({"match": "*abc*"})).await, ["abc@example.com", "xabcy@example.com"]);
    assert_eq!(names(json!({"match": "*ab*"})).await.len(), 5);
    assert_eq!(names(json!({"match": "*ABC?@example.com"})).await, ["xabcy@example.com"]);
    assert_eq!(names(json!({"match": "a?c*"})).await, ["aac@example.com", "abc@example.com"]);
    // Sort columns hold what they order by.
    let by = |key: &'static str| async move {
        users(&list(json!({"by": key}), json!({"domain": "example.com", "match": "*a*"}), 0, 100).await)
    };
    assert_eq!(
        by("target").await,
        // No single target (''), then by target: abacus -> cab@, abc -> out@else.org.
        [
            "aac@example.com",
            "abe@example.com",
            "cab@example.com",
            "company_admin@example.com",
            "domain_admin@example.com",
            "jane@example.com",
            "mail_admin@example.com",
            "mailco@example.com",
            "mrmanager@example.com",
            "sam@example.com",
            "xabcy@example.com",
            "abacus@example.com",
            "abc@example.com",
        ]
    );
    assert_eq!(by("type").await.first().map(String::as_str), Some("abacus@example.com"));
}
on_both!(user_pages_join_up);

/// Deep pages start from remembered marks on SQLite (every 3 rows in the
/// tests): after accounts are added, deleted, renamed and logged in, pages
/// still join up into the whole list, for a key with NULLs too.
async fn deep_pages_follow_writes(e: &engine::Engine) {
    crowd(e).await;
    let admin = creds("company_admin@example.com");
    async fn walk(e: &engine::Engine, by: &str, direction: &str) -> Vec<String> {
        let page = |first: i64, limit: i64| {
            let body = json!({"credentials": creds("company_admin@example.com"), "criteria": {"domain": "example.com"}, "sort": {"by": by, "direction": direction}, "range": {"first": first, "limit": limit}});
            async move { users(&ok(e, "search_users", body).await) }
        };
        let whole = page(0, 100).await;
        let mut paged = Vec::new();
        for first in (0..whole.len() as i64 + 4).step_by(2) {
            paged.extend(page(first, 2).await);
        }
        assert_eq!(paged, whole, "{by} {direction}");
        whole
    }
    for (by, direction) in [("user", "ascending"), ("lastlogin", "descending"), ("type", "ascending")] {
        let before = walk(e, by, direction).await;
        ok(e, "change_user", json!({"credentials": admin, "user": "aaa@example.com", "attributes": {}})).await;
        ok(e, "delete_user", json!({"credentials": admin, "user": "cab@example.com"})).await;
        ok(e, "rename_user", json!({"credentials": admin, "user": "xabcy@example.com", "new_name": "b0@example.com"}))
            .await;
        sqlx::query("UPDATE users SET last_login = 1800000000 WHERE name = 'sam@example.com'")
            .execute(e.db().pool())
            .await
            .expect("login");
        let after = walk(e, by, direction).await;
        assert_ne!(before, after, "{by}");
        assert!(after.contains(&"aaa@example.com".to_string()) && !after.contains(&"cab@example.com".to_string()));
        // Back as it was for the next key.
        ok(e, "delete_user", json!({"credentials": admin, "user": "aaa@example.com"})).await;
        ok(e, "rename_user", json!({"credentials": admin, "user": "b0@example.com", "new_name": "xabcy@example.com"}))
            .await;
        let gone = ok(
            e,
            "search_users",
            json!({"credentials": admin, "criteria": {"domain": "example.com", "deleted": true, "match": "cab*"}}),
        )
        .await;
        let id = gone["users"][0]["id"].clone();
        ok(
            e,
            "restore_user",
            json!({"credentials": admin, "user": "cab@example.com", "id": id, "new_name": "cab@example.com"}),
        )
        .await;
    }
}
on_both!(deep_pages_follow_writes);

/// A login moves an account only in the last-login order: on SQLite it bumps
/// the logins version alone (the marks of every other order stay), and pages
/// in last-login order still join up after one, with the account moved.
async fn logins_move_only_the_last_login_order(e: &engine::Engine) {
    crowd(e).await;
    let page = |by: &'static str, first: i64, limit: i64| {
        let body = json!({"credentials": creds("company_admin@example.com"), "criteria": {"domain": "example.com"}, "sort": {"by": by, "direction": "descending"}, "range": {"first": first, "limit": limit}});
        async move { users(&ok(e, "search_users", body).await) }
    };
    let walk = |by: &'static str| async move {
        let whole = page(by, 0, 100).await;
        let mut paged = Vec::new();
        for first in (0..whole.len() as i64 + 4).step_by(2) {
            paged.extend(page(by, first, 2).await);
        }
        assert_eq!(paged, whole, "{by}");
        whole
    };
    let versions = || async {
        if e.db().backend() != engine::db::Backend::Sqlite {
            return (0, 0);
        }
        let row: (i64, i64) = sqlx::query_as(
            "SELECT version, login_version FROM user_versions WHERE domain_id = (SELECT id FROM domains WHERE name = 'example.com')",
        )
        .fetch_one(e.db().pool())
        .await
        .expect("versions");
        row
    };
    let (by_login, by_name) = (walk("lastlogin").await, walk("user").await);
    let (version, logins) = versions().await;
    sqlx::query("UPDATE users SET last_login = 1900000000 WHERE name = 'jane@example.com'")
        .execute(e.db().pool())
        .await
        .expect("login");
    if e.db().backend() == engine::db::Backend::Sqlite {
        assert_eq!(versions().await, (version, logins + 1));
    }
    let moved = walk("lastlogin").await;
    assert_ne!(moved, by_login);
    assert_eq!(moved.first().map(String::as_str), Some("jane@example.com"));
    assert_eq!(walk("user").await, by_name);
}
on_both!(logins_move_only_the_last_login_order);

/// `match` patterns of the local part (no `@`) select what the same pattern
/// over the whole address would: a `?` never stands for the `@`, a prefix
/// alone is a range, and `*` is everything.
async fn local_patterns_match_as_addresses(e: &engine::Engine) {
    crowd(e).await;
    let admin = creds("company_admin@example.com");
    for local in ["ab", "abxe", "ab_e", "a_c"] {
        ok(e, "change_user", json!({"credentials": admin, "user": format!("{local}@example.com"), "attributes": {}}))
            .await;
    }
    let all = users(
        &ok(
            e,
            "search_users",
            json!({"credentials": admin, "criteria": {"domain": "example.com"}, "range": {"limit": 1000}}),
        )
        .await,
    );
    let search = |pattern: &'static str| {
        let body = json!({"credentials": admin, "criteria": {"domain": "example.com", "match": pattern}, "range": {"limit": 1000}});
        async move {
            let got = ok(e, "search_users", body).await;
            let found = users(&got);
            assert_eq!(got["total_count"], json!(found.len()), "{pattern}");
            found
        }
    };
    let locals = |keep: &dyn Fn(&str) -> bool| -> Vec<String> {
        all.iter().filter(|n| keep(n.split_once('@').map_or(n.as_str(), |(l, _)| l))).cloned().collect()
    };
    assert_eq!(search("ab?e*").await, locals(&|l| l.len() >= 4 && l.starts_with("ab") && &l[3..4] == "e"));
    assert!(search("ab?e*").await.contains(&"abxe@example.com".to_string()));
    assert_eq!(search("a?c*").await, locals(&|l| l.len() >= 3 && l.starts_with('a') && &l[2..3] == "c"));
    assert_eq!(search("a*").await, locals(&|l| l.starts_with('a')));
    assert_eq!(search("ab_*").await, vec!["ab_e@example.com".to_string()]);
    assert_eq!(search("a_c").await, vec!["a_c@example.com".to_string()]);
    assert_eq!(search("*_e").await, vec!["ab_e@example.com".to_string()]);
    assert_eq!(search("*").await, all);
    assert_eq!(search("*e").await, locals(&|l| l.ends_with('e')));
    assert_eq!(search("ab").await, vec!["ab@example.com".to_string()]);
    assert_eq!(search("*@example.com").await, all);
    assert_eq!(search("ab?e*@example.com").await, search("ab?e*").await);
}
on_both!(local_patterns_match_as_addresses);

/// A prefix `match` sorted by a key of few values (status, type, workgroup;
/// on SQLite each value's slice of the key's index is read in order) lists
/// what the whole sorted list holds with that prefix, in the same order,
/// aliases (no workgroup) and a suspended account included, both directions.
async fn prefix_matches_keep_the_sort(e: &engine::Engine) {
    crowd(e).await;
    let admin = creds("company_admin@example.com");
    let list = |by: &'static str, direction: &'static str, pattern: Option<&'static str>| {
        let mut criteria = json!({"domain": "example.com"});
        if let Some(p) = pattern {
            criteria["match"] = json!(p);
        }
        let body = json!({"credentials": admin, "criteria": criteria, "sort": {"by": by, "direction": direction}, "range": {"limit": 1000}});
        async move { users(&ok(e, "search_users", body).await) }
    };
    for by in ["status", "type", "workgroup", "user", "createtime", "target"] {
        for direction in ["ascending", "descending"] {
            for prefix in ["a", "ab", "b", "z"] {
                let pattern: &'static str = Box::leak(format!("{prefix}*").into_boxed_str());
                let whole = list(by, direction, None).await;
                let expected: Vec<String> = whole.iter().filter(|n| n.starts_with(prefix)).cloned().collect();
                assert!(!expected.is_empty(), "{by} {prefix}");
                let got = list(by, direction, Some(pattern)).await;
                assert_eq!(got, expected, "{by} {direction} {pattern}");
                // Pages of two join up into the same list.
                let mut paged = Vec::new();
                for first in (0..expected.len() as i64).step_by(2) {
                    let body = json!({"credentials": admin, "criteria": {"domain": "example.com", "match": pattern}, "sort": {"by": by, "direction": direction}, "range": {"first": first, "limit": 2}});
                    paged.extend(users(&ok(e, "search_users", body).await));
                }
                assert_eq!(paged, expected, "{by} {direction} {pattern} paged");
            }
        }
    }
}
on_both!(prefix_matches_keep_the_sort);

/// The sort columns follow renames, restores under a new name, workgroup
/// moves and workgroup deletion.
async fn sort_columns_follow_changes(e: &engine::Engine) {
    crowd(e).await;
    let admin = creds("company_admin@example.com");
    let row = |name: &'static str, by: &'static str| {
        let body = json!({"credentials": admin, "criteria": {"domain": "example.com", "match": name}, "sort": {"by": by}, "fields": ["workgroup"]});
        async move { ok(e, "search_users", body).await["users"][0].clone() }
    };
    ok(e, "rename_user", json!({"credentials": admin, "user": "abe@example.com", "new_name": "abel@example.com"}))
        .await;
    assert_eq!(row("zed", "target").await["alias_target"], json!("abel@example.com"));
    let stored: (String,) = sqlx::query_as("SELECT target_name FROM users WHERE name = 'zed@example.com'")
        .fetch_one(e.db().pool())
        .await
        .expect("alias row");
    assert_eq!(stored.0, "abel@example.com");
    ok(
        e,
        "change_user",
        json!({"credentials": admin, "user": "abel@example.com", "attributes": {"workgroup": "support"}}),
    )
    .await;
    assert_eq!(row("abel", "workgroup").await["workgroup"], json!("support"));
    let sorted = ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "workgroup": "support"}, "sort": {"by": "workgroup"}})).await;
    assert!(users(&sorted).contains(&"abel@example.com".to_string()));
    // A deleted account of a deleted workgroup comes back in the default one.
    ok(e, "create_workgroup", json!({"credentials": admin, "domain": "example.com", "workgroup": "temp"})).await;
    ok(e, "change_user", json!({"credentials": admin, "user": "bob@example.com", "attributes": {"workgroup": "temp"}}))
        .await;
    ok(e, "delete_user", json!({"credentials": admin, "user": "bob@example.com"})).await;
    ok(e, "delete_workgroup", json!({"credentials": admin, "domain": "example.com", "workgroup": "temp"})).await;
    let gone = ok(
        e,
        "search_users",
        json!({"credentials": admin, "criteria": {"domain": "example.com", "deleted": true}, "fields": ["workgroup"]}),
    )
    .await;
    let bob = gone["users"].as_array().expect("rows").iter().find(|u| u["user"] == "bob@example.com").expect("bob");
    assert_eq!(bob["workgroup"], json!("staff"));
    ok(
        e,
        "restore_user",
        json!({"credentials": admin, "user": "bob@example.com", "id": bob["id"], "new_name": "rob@example.com"}),
    )
    .await;
    assert_eq!(row("rob", "workgroup").await["workgroup"], json!("staff"));
}
on_both!(sort_columns_follow_changes);

/// Totals read from the maintained counts agree with a recount (a `match`
/// of everything forces one) through creates, type changes, aliases and deletes.
async fn user_totals_stay_true(e: &engine::Engine) {
    crowd(e).await;
    let admin = creds("domain_admin@example.com");
    let check = || async {
        for workgroup in [None, Some("sales"), Some("staff")] {
            for types in [json!([]), json!(["mailbox"]), json!(["alias", "forward"]), json!(["filter"])] {
                let mut criteria = json!({"domain": "example.com", "type": types});
                if let Some(w) = workgroup {
                    criteria["workgroup"] = json!(w);
                }
                let kept = ok(e, "search_users", json!({"credentials": admin, "criteria": criteria})).await;
                let mut recount = criteria.clone();
                recount["match"] = json!("*");
                let counted = ok(e, "search_users", json!({"credentials": admin, "criteria": recount})).await;
                assert_eq!(kept["total_count"], counted["total_count"], "{criteria}");
            }
        }
    };
    check().await;
    ok(e, "change_user", json!({"credentials": admin, "user": "jane@example.com", "attributes": {"type": "filter", "aliases": ["j1@example.com", "j2@example.com"]}})).await;
    check().await;
    ok(e, "delete_user", json!({"credentials": admin, "user": "cab@example.com"})).await;
    ok(
        e,
        "change_user",
        json!({"credentials": admin, "user": "joe@example.com", "attributes": {"workgroup": "sales"}}),
    )
    .await;
    check().await;
}
on_both!(user_totals_stay_true);

/// Bulk creation: good rows go in with what change_user would store and log;
/// each bad row fails alone with change_user's error and leaves nothing; a dry
/// run checks every row and writes nothing; progress is reported.
async fn users_are_created_in_bulk(e: &engine::Engine) {
    world(e).await;
    let ctx = ctx_of(e, "company_admin@example.com").await;
    let admin = creds("company_admin@example.com");
    let rows = vec![
        new_user(
            "b1@example.com",
            json!({"name": "Bulk One", "password": "{SSHA256}aGVsbG8gd29ybGQgYnVsayBvbmUhIQ=="}),
        ),
        new_user(
            "b2@example.com",
            json!({"password": "plain-pass-2", "workgroup": "sales", "aliases": ["b2x@example.com"]}),
        ),
        new_user("joe@example.com", json!({})),
        new_user("b3@example.com", json!({"quota": "lots"})),
        // The account would go in, then its alias collides: nothing of it may remain.
        new_user("b4@example.com", json!({"aliases": ["b2x@example.com"]})),
        new_user("b5@nowhere.example", json!({})),
        new_user("b6@other.org", json!({})),
        new_user("not an address", json!({})),
        new_user("b7@example.com", json!({"type": "forward", "forward_recipients": ["x@else.org"]})),
    ];
    let before = ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com"}})).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let progress = {
        let seen = seen.clone();
        move |n: usize| seen.lock().expect("lock").push(n)
    };
    let dry = create_users(e, &ctx, &rows, Mode::DryRun, &progress).await;
    let codes = |results: &[engine::Result<()>]| -> Vec<i64> {
        results.iter().map(|r| r.as_ref().err().map(|e| e.code().number()).unwrap_or(0)).collect()
    };
    let expected = [0, 0, 23, 6, 7, 8, 9, 6, 0];
    assert_eq!(codes(&dry), expected);
    let after_dry = ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com"}})).await;
    assert_eq!(users(&after_dry), users(&before), "a dry run writes nothing");
    assert_eq!(after_dry["total_count"], before["total_count"]);
    let done = create_users(e, &ctx, &rows, Mode::Create, &progress).await;
    assert_eq!(codes(&done), expected);
    assert_eq!(*seen.lock().expect("lock"), [9, 9]);
    let after =
        ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "match": "b*"}}))
            .await;
    assert_eq!(users(&after), ["b1@example.com", "b2@example.com", "b2x@example.com", "b7@example.com"]);
    let b2 = ok(e, "get_user", json!({"credentials": admin, "user": "b2@example.com"})).await;
    assert_eq!(b2["attributes"]["workgroup"], json!("sales"));
    assert_eq!(b2["attributes"]["aliases"], json!(["b2x@example.com"]));
    let stored: (String,) = sqlx::query_as("SELECT password FROM users WHERE name = 'b2@example.com'")
        .fetch_one(e.db().pool())
        .await
        .expect("b2");
    assert!(stored.0.starts_with("{BLF-CRYPT}$2y$10$"), "plain passwords are hashed: {}", stored.0);
    let b4: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE name = 'b4@example.com'")
        .fetch_optional(e.db().pool())
        .await
        .expect("query");
    assert_eq!(b4, None, "a row that failed half-way leaves nothing");
    let changes = ok(e, "get_user_changes", json!({"credentials": admin, "user": "b1@example.com"})).await;
    assert!(changes["total_count"].as_i64().unwrap_or(0) >= 2, "{changes:?}");
    let total =
        ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "match": "*"}})).await;
    let kept = ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com"}})).await;
    assert_eq!(kept["total_count"], total["total_count"], "counts kept through bulk creation");
    // A workgroup admin creates in its workgroup only.
    let ctx = ctx_of(e, "mrmanager@example.com").await;
    let rows = [new_user("w1@example.com", json!({"workgroup": "sales"})), new_user("w2@example.com", json!({}))];
    assert_eq!(codes(&create_users(e, &ctx, &rows, Mode::Create, &|_| ()).await), [0, 9]);
}
on_both!(users_are_created_in_bulk);

/// A full domain stops bulk creation at its limit (15), row by row.
async fn bulk_creation_respects_domain_limits(e: &engine::Engine) {
    world(e).await;
    let ctx = ctx_of(e, "company_admin@example.com").await;
    let admin = creds("company_admin@example.com");
    let now = ok(
        e,
        "search_users",
        json!({"credentials": admin, "criteria": {"domain": "example.net", "type": ["mailbox", "forward", "filter"]}}),
    )
    .await;
    let limit = now["total_count"].as_i64().unwrap_or(0) + 2;
    ok(
        e,
        "change_domain",
        json!({"credentials": admin, "domain": "example.net", "attributes": {"limit_users": limit}}),
    )
    .await;
    let rows: Vec<NewUser> = (0..4).map(|i| new_user(&format!("l{i}@example.net"), json!({}))).collect();
    let results = create_users(e, &ctx, &rows, Mode::Create, &|_| ()).await;
    let codes: Vec<i64> = results.iter().map(|r| r.as_ref().err().map(|e| e.code().number()).unwrap_or(0)).collect();
    assert_eq!(codes, [0, 0, 15, 15]);
}
on_both!(bulk_creation_respects_domain_limits);

/// Bulk actions go through the per-account methods: rights per account, the
/// change log, and one refusal does not stop the others.
async fn bulk_actions_act_per_account(e: &engine::Engine) {
    use engine::user::bulk_actions::{apply, BulkAction, Target};
    world(e).await;
    let target = |u: &str| Target { user: u.into(), id: None };
    let codes = |results: Vec<engine::Result<()>>| -> Vec<i64> {
        results.iter().map(|r| r.as_ref().err().map(|e| e.code().number()).unwrap_or(0)).collect()
    };
    // A workgroup admin (sales) reaches its own workgroup only.
    let ctx = ctx_of(e, "mrmanager@example.com").await;
    let some = [target("jane@example.com"), target("joe@example.com"), target("nobody@example.com")];
    assert_eq!(codes(apply(e, &ctx, &BulkAction::Suspend, &some).await), [0, 9, 9]);
    let admin = creds("company_admin@example.com");
    let jane = ok(e, "get_user", json!({"credentials": admin, "user": "jane@example.com"})).await;
    assert_eq!(jane["metadata"]["status"], json!("suspended"));
    let ctx = ctx_of(e, "company_admin@example.com").await;
    let two = [target("jane@example.com"), target("joe@example.com")];
    assert_eq!(codes(apply(e, &ctx, &BulkAction::Enable, &two).await), [0, 0]);
    assert_eq!(codes(apply(e, &ctx, &BulkAction::MoveTo { workgroup: "support".into() }, &two).await), [0, 0]);
    let moved = ok(
        e,
        "search_users",
        json!({"credentials": admin, "criteria": {"domain": "example.com", "workgroup": "support"}}),
    )
    .await;
    assert!(users(&moved).contains(&"joe@example.com".to_string()));
    assert_eq!(codes(apply(e, &ctx, &BulkAction::Delete, &two).await), [0, 0]);
    let gone =
        ok(e, "search_users", json!({"credentials": admin, "criteria": {"domain": "example.com", "deleted": true}}))
            .await;
    let back: Vec<Target> = gone["users"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|u| Target { user: u["user"].as_str().unwrap_or("").into(), id: u["id"].as_str().map(String::from) })
        .chain([Target { user: "sam@example.com".into(), id: Some("1".into()) }])
        .collect();
    assert_eq!(codes(apply(e, &ctx, &BulkAction::Restore, &back).await), [0, 0, 2]);
    let changes = ok(e, "get_user_changes", json!({"credentials": admin, "user": "joe@example.com"})).await;
    assert!(changes["total_count"].as_i64().unwrap_or(0) >= 4, "each action is in the change log: {changes:?}");
}
on_both!(bulk_actions_act_per_account);
