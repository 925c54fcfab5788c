//! change_domain, get_domain, delete_domain, restore_domain, search_domains,
//! get_domain_changes.

use crate::common::*;
use serde_json::{json, Map, Value};

fn names(got: &Map<String, Value>) -> Vec<String> {
    got["domains"].as_array().expect("domains").iter().map(|d| d["domain"].as_str().unwrap_or("").to_string()).collect()
}

async fn domains_are_created_with_company_defaults(e: &engine::Engine) {
    world(e).await;
    let admin = creds("company_admin@example.com");
    ok(e, "change_company", json!({"credentials": admin, "company": "Example Corp", "attributes": {"language": "de", "quota": 1024, "service_pop3": "disabled", "spamtag": "[CO]"}})).await;
    // The "could create it" shape first.
    let got =
        call_full(e, "get_domain", json!({"credentials": admin, "domain": "fresh.com"})).await.expect_err("missing");
    assert_eq!(got.code().number(), 2);
    let extra = got.extra().expect("creation form data");
    assert_eq!(extra["metadata"]["defaults"]["language"], json!("de"));
    assert_eq!(extra["metadata"]["defaults"]["quota"], json!(1024));
    assert_eq!(extra["metadata"]["defaults"]["service_pop3"], json!("disabled"));
    assert_eq!(extra["metadata"]["defaults"]["workgroup"], json!("staff"));
    assert_eq!(extra["metadata"]["defaults"]["disabled"], json!(false));
    assert!(extra["settable_attributes"].as_array().expect("list").contains(&json!("aliases")));
    // Others learn nothing.
    let got =
        call_full(e, "get_domain", json!({"credentials": creds("domain_admin@example.com"), "domain": "fresh.com"}))
            .await
            .expect_err("9");
    assert_eq!((got.code().number(), got.extra().is_none()), (9, true));

    ok(e, "change_domain", json!({"credentials": admin, "domain": "Fresh.com", "attributes": {"timezone": "Europe/London", "allow": ["*@example.com", "important_stuff@otherco.com"]}})).await;
    let got = ok(e, "get_domain", json!({"credentials": admin, "domain": "fresh.com"})).await;
    let a = &got["attributes"];
    assert_eq!((a["account"].clone(), a["company"].clone()), (json!("fresh.com"), json!("Example Corp")));
    assert_eq!(
        (a["language"].clone(), a["timezone"].clone(), a["quota"].clone()),
        (json!("de"), json!("Europe/London"), json!(1024))
    );
    assert_eq!(a["allow"], json!(["*@example.com", "important_stuff@otherco.com"]));
    assert_eq!(
        (a["workgroup"].clone(), a["disabled"].clone(), a["catchall"].clone(), a["password"].clone()),
        (json!("staff"), json!(false), json!(null), json!(null))
    );
    assert_eq!(a["spamtag"], json!(null), "inherited, not copied");
    let m = &got["metadata"];
    assert_eq!(m["inherit"]["spamtag"], json!("[CO]"), "inherited from the company");
    assert_eq!(m["inherit"]["default_password_encoding"], json!("BCRYPT-10"));
    assert_eq!(m["options"]["workgroup"], json!(["staff"]));
    assert_eq!(m["options"]["quota"], json!([0, 15360]));
    // A change at the company shows at once.
    ok(
        e,
        "change_company",
        json!({"credentials": admin, "company": "Example Corp", "attributes": {"spamtag": "[NEW]"}}),
    )
    .await;
    let got = ok(e, "get_domain", json!({"credentials": admin, "domain": "fresh.com"})).await;
    assert_eq!(got["metadata"]["inherit"]["spamtag"], json!("[NEW]"));

    // create_only on an existing domain: 23; creation rules.
    let again = json!({"credentials": admin, "domain": "fresh.com", "attributes": {}, "create_only": true});
    assert_eq!(err(e, "change_domain", again).await, 23);
    let catchall = json!({"credentials": admin, "domain": "new.com", "attributes": {"catchall": "joe@new.com"}});
    assert_eq!(
        call(e, "change_domain", catchall).await.err(),
        Some((6, Some(json!({"catchall": "Cannot be enabled for a new domain"}))))
    );
    let moved = json!({"credentials": admin, "domain": "new.com", "attributes": {"company": "Other Inc"}});
    assert_eq!(
        call(e, "change_domain", moved).await.err(),
        Some((4, Some(json!({"company": "Only the provider may set this"}))))
    );
    assert_eq!(
        err(e, "change_domain", json!({"credentials": admin, "domain": "bad_name.com", "attributes": {}})).await,
        6
    );
    assert_eq!(err(e, "change_domain", json!({"credentials": admin, "domain": "x.com"})).await, 5);
    // The provider names the company; a missing one is 11.
    let root = creds(PROVIDER);
    assert_eq!(err(e, "change_domain", json!({"credentials": root, "domain": "p.com", "attributes": {}})).await, 6);
    assert_eq!(
        err(e, "change_domain", json!({"credentials": root, "domain": "p.com", "attributes": {"company": "Nope"}}))
            .await,
        11
    );
    ok(e, "change_domain", json!({"credentials": root, "domain": "p.com", "attributes": {"company": "Other Inc"}}))
        .await;
    let got = ok(e, "get_domain", json!({"credentials": creds("other_admin@other.org"), "domain": "p.com"})).await;
    assert_eq!(got["attributes"]["company"], json!("Other Inc"));
    // Domain admins cannot create domains.
    assert_eq!(
        err(
            e,
            "change_domain",
            json!({"credentials": creds("domain_admin@example.com"), "domain": "mine.com", "attributes": {}})
        )
        .await,
        9
    );
    // Quotas nest.
    let over = json!({"credentials": admin, "domain": "fresh.com", "attributes": {"quota_maximum": 20000}});
    assert_eq!(err(e, "change_domain", over).await, 6);
    let over = json!({"credentials": admin, "domain": "fresh.com", "attributes": {"quota_maximum": 100, "quota": 200}});
    assert_eq!(
        call(e, "change_domain", over).await.err(),
        Some((6, Some(json!({"quota": "More than quota_maximum (100)"}))))
    );
}
on_both!(domains_are_created_with_company_defaults);

async fn domain_rights_follow_roles(e: &engine::Engine) {
    world(e).await;
    let set =
        |user: &str, attrs: Value| json!({"credentials": creds(user), "domain": "example.com", "attributes": attrs});
    // Domain admin: non-billable yes, billable 4.
    ok(
        e,
        "change_domain",
        set("domain_admin@example.com", json!({"spamtag": "[D]", "filtermx": "mx.example.com:2525"})),
    )
    .await;
    assert_eq!(
        call(e, "change_domain", set("domain_admin@example.com", json!({"quota": 10, "spamtag": "[D2]"}))).await.err(),
        Some((4, Some(json!({"quota": "Your role may not change this"}))))
    );
    // company_view: non-billable only; company_mail and workgroup/mail admins: not at all.
    ok(e, "change_domain", set("view@example.com", json!({"notes_external": "Gold support"}))).await;
    assert_eq!(err(e, "change_domain", set("view@example.com", json!({"limit_users": 5}))).await, 4);
    assert_eq!(err(e, "change_domain", set("mailco@example.com", json!({"spamtag": "x"}))).await, 9);
    assert_eq!(err(e, "change_domain", set("ro@example.com", json!({"spamtag": "x"}))).await, 9);
    assert_eq!(err(e, "change_domain", set("mail_admin@example.com", json!({"spamtag": "x"}))).await, 9);
    assert_eq!(err(e, "change_domain", set("mrmanager@example.com", json!({"spamtag": "x"}))).await, 9);
    assert_eq!(err(e, "change_domain", set("other_admin@other.org", json!({"spamtag": "x"}))).await, 9);
    // Reading: everyone with a reach into the domain; settable lists follow rights.
    for user in ["ro@example.com", "mail_admin@example.com", "mrmanager@example.com", "view@example.com"] {
        ok(e, "get_domain", json!({"credentials": creds(user), "domain": "example.com"})).await;
    }
    let got =
        ok(e, "get_domain", json!({"credentials": creds("domain_admin@example.com"), "domain": "example.com"})).await;
    let settable: Vec<String> = serde_json::from_value(got["settable_attributes"].clone()).expect("list");
    assert!(settable.contains(&"spamtag".to_string()) && !settable.contains(&"quota".to_string()));
    let got = ok(e, "get_domain", json!({"credentials": creds("ro@example.com"), "domain": "example.com"})).await;
    assert_eq!(got["settable_attributes"], json!([]));
    for user in ["tok@example.com", "joe@example.com", "other_admin@other.org", "netadmin@example.net"] {
        assert_eq!(
            err(e, "get_domain", json!({"credentials": creds(user), "domain": "example.com"})).await,
            9,
            "{user}"
        );
    }
    // The default workgroup must exist.
    assert_eq!(
        call(e, "change_domain", set("domain_admin@example.com", json!({"workgroup": "nope"}))).await.err(),
        Some((6, Some(json!({"workgroup": "No such workgroup in this domain"}))))
    );
    ok(e, "change_domain", set("domain_admin@example.com", json!({"workgroup": "sales"}))).await;
    let got =
        ok(e, "get_domain", json!({"credentials": creds("domain_admin@example.com"), "domain": "example.com"})).await;
    assert_eq!(got["attributes"]["workgroup"], json!("sales"));
    // The change log.
    let got = ok(e, "get_domain_changes", json!({"credentials": creds("domain_admin@example.com"), "domain": "example.com", "range": {"first": 1, "limit": 2}})).await;
    assert_eq!(got["count"], json!(2));
    let all =
        ok(e, "get_domain_changes", json!({"credentials": creds("mail_admin@example.com"), "domain": "example.com"}))
            .await;
    let msgs: Vec<&str> =
        all["changes"].as_array().expect("list").iter().map(|c| c["msg"].as_str().unwrap_or("")).collect();
    assert_eq!(msgs[0], "created example.com");
    assert!(
        msgs.contains(&"changed spamtag [[D]]") && msgs.contains(&"changed notes_external [Gold support]"),
        "{msgs:?}"
    );
    assert_eq!(
        err(e, "get_domain_changes", json!({"credentials": creds("tok@example.com"), "domain": "example.com"})).await,
        9
    );
}
on_both!(domain_rights_follow_roles);

async fn alias_domains(e: &engine::Engine) {
    world(e).await;
    let admin = creds("company_admin@example.com");
    ok(e, "change_domain", json!({"credentials": admin, "domain": "example.com", "attributes": {"aliases": ["schmexample.com", "example.org"]}})).await;
    let got = ok(e, "search_domains", json!({"credentials": admin, "criteria": {"type": ["alias"]}})).await;
    assert_eq!(
        got["domains"],
        json!([
            {"domain": "example.org", "type": "alias", "alias_target": "example.com", "counts": {"filter": 0, "forward": 0, "deleted": 0, "mailbox": 0, "total": 0, "alias": 0}},
            {"domain": "schmexample.com", "type": "alias", "alias_target": "example.com", "counts": {"filter": 0, "forward": 0, "deleted": 0, "mailbox": 0, "total": 0, "alias": 0}}
        ])
    );
    // An alias is changed through its domain only (3); its name is taken (7).
    assert_eq!(
        err(e, "change_domain", json!({"credentials": admin, "domain": "example.org", "attributes": {}})).await,
        3
    );
    assert_eq!(err(e, "get_domain", json!({"credentials": admin, "domain": "example.org"})).await, 3);
    assert_eq!(err(e, "delete_domain", json!({"credentials": admin, "domain": "example.org"})).await, 3);
    assert_eq!(
        err(
            e,
            "change_domain",
            json!({"credentials": admin, "domain": "example.net", "attributes": {"aliases": ["example.org"]}})
        )
        .await,
        7
    );
    assert_eq!(
        err(
            e,
            "change_domain",
            json!({"credentials": admin, "domain": "example.net", "attributes": {"aliases": ["other.org"]}})
        )
        .await,
        7
    );
    assert_eq!(
        err(
            e,
            "change_domain",
            json!({"credentials": admin, "domain": "example.net", "attributes": {"aliases": ["example.net"]}})
        )
        .await,
        7
    );
    // Replacing the list drops the missing ones.
    ok(
        e,
        "change_domain",
        json!({"credentials": admin, "domain": "example.com", "attributes": {"aliases": ["example.org"]}}),
    )
    .await;
    let got = ok(e, "search_domains", json!({"credentials": admin, "criteria": {"type": "alias"}})).await;
    assert_eq!(names(&got), ["example.org"]);
    ok(
        e,
        "change_domain",
        json!({"credentials": admin, "domain": "example.net", "attributes": {"aliases": ["schmexample.com"]}}),
    )
    .await;
    let got = ok(e, "get_domain", json!({"credentials": admin, "domain": "example.net"})).await;
    assert_eq!(got["attributes"]["aliases"], json!(["schmexample.com"]));
    // Domain admins see their domain and its aliases.
    let got = ok(e, "search_domains", json!({"credentials": creds("domain_admin@example.com")})).await;
    assert_eq!(names(&got), ["example.com", "example.org"]);
    ok(e, "change_domain", json!({"credentials": admin, "domain": "example.com", "attributes": {"aliases": null}}))
        .await;
    let got = ok(e, "search_domains", json!({"credentials": admin, "criteria": {"type": ["alias"]}})).await;
    assert_eq!(names(&got), ["schmexample.com"]);
}
on_both!(alias_domains);

async fn deleting_and_restoring_domains(e: &engine::Engine) {
    world(e).await;
    let admin = creds("company_admin@example.com");
    assert_eq!(
        err(e, "delete_domain", json!({"credentials": admin, "domain": "example.com"})).await,
        10,
        "holds accounts"
    );
    assert_eq!(
        err(e, "delete_domain", json!({"credentials": creds("domain_admin@example.com"), "domain": "example.com"}))
            .await,
        9
    );
    assert_eq!(err(e, "delete_domain", json!({"credentials": admin, "domain": "nope.com"})).await, 9);
    assert_eq!(err(e, "delete_domain", json!({"credentials": creds(PROVIDER), "domain": "nope.com"})).await, 2);
    ok(
        e,
        "change_domain",
        json!({"credentials": admin, "domain": "example2.com", "attributes": {"aliases": ["ex2.net"]}}),
    )
    .await;
    ok(e, "delete_domain", json!({"credentials": admin, "domain": "example2.com"})).await;
    assert_eq!(err(e, "get_domain", json!({"credentials": creds(PROVIDER), "domain": "example2.com"})).await, 2);
    let got = ok(e, "search_domains", json!({"credentials": admin})).await;
    assert_eq!(names(&got), ["example.com", "example.net"], "the alias went with it");
    let got = ok(e, "search_domains", json!({"credentials": admin, "criteria": {"deleted": true}})).await;
    assert_eq!(names(&got), ["example2.com"]);
    let id = got["domains"][0]["id"].as_str().expect("string id").to_string();
    // The name is free again; a new example2.com blocks a restore under that name.
    ok(e, "change_domain", json!({"credentials": admin, "domain": "example2.com", "attributes": {}})).await;
    let restore =
        |new_name: &str| json!({"credentials": admin, "domain": "example2.com", "id": id, "new_name": new_name});
    assert_eq!(err(e, "restore_domain", restore("example2.com")).await, 7);
    assert_eq!(err(e, "restore_domain", json!({"credentials": admin, "domain": "example2.com", "id": id})).await, 5);
    assert_eq!(
        err(e, "restore_domain", json!({"credentials": admin, "domain": "example.com", "id": id, "new_name": "x.com"}))
            .await,
        2
    );
    assert_eq!(
        err(
            e,
            "restore_domain",
            json!({"credentials": admin, "domain": "example2.com", "id": "999999", "new_name": "x.com"})
        )
        .await,
        2
    );
    assert_eq!(err(e, "restore_domain", json!({"credentials": creds("other_admin@other.org"), "domain": "example2.com", "id": id, "new_name": "x.com"})).await, 2);
    assert_eq!(err(e, "restore_domain", json!({"credentials": creds("domain_admin@example.com"), "domain": "example2.com", "id": id, "new_name": "x.com"})).await, 9);
    ok(e, "restore_domain", restore("example2-restored.com")).await;
    let got = ok(e, "get_domain", json!({"credentials": admin, "domain": "example2-restored.com"})).await;
    assert_eq!(got["attributes"]["aliases"], json!(["ex2.net"]), "its alias came back");
    let got = ok(e, "search_domains", json!({"credentials": admin, "criteria": {"deleted": true}})).await;
    assert_eq!(got["total_count"], json!(0));
    let got =
        ok(e, "search_companies", json!({"credentials": creds(PROVIDER), "criteria": {"match": "example*"}})).await;
    assert_eq!(got["companies"][0]["domains"], json!(4));
    let all = ok(e, "get_domain_changes", json!({"credentials": admin, "domain": "example2-restored.com"})).await;
    let msgs: Vec<&str> =
        all["changes"].as_array().expect("list").iter().map(|c| c["msg"].as_str().unwrap_or("")).collect();
    assert!(
        msgs.contains(&"deleted example2.com") && msgs.contains(&"restored example2.com as example2-restored.com"),
        "{msgs:?}"
    );
}
on_both!(deleting_and_restoring_domains);

async fn domains_are_searched(e: &engine::Engine) {
    world(e).await;
    let admin = creds("company_admin@example.com");
    for d in ["alpha.com", "beta.com", "gamma.org"] {
        ok(e, "change_domain", json!({"credentials": admin, "domain": d, "attributes": {}})).await;
    }
    let got = ok(e, "search_domains", json!({"credentials": admin})).await;
    assert_eq!(names(&got), ["alpha.com", "beta.com", "example.com", "example.net", "gamma.org"]);
    assert_eq!(
        got["domains"][2],
        json!({"domain": "example.com", "type": "domain", "counts": {"filter": 0, "forward": 0, "deleted": 0, "mailbox": 13, "total": 13, "alias": 0}})
    );
    let keys: Vec<&String> = got.keys().collect();
    assert_eq!(keys, ["domains", "count", "total_count"]);
    let got =
        ok(e, "search_domains", json!({"credentials": admin, "criteria": {"match": "*.COM", "type": ["domain"]}}))
            .await;
    assert_eq!(names(&got), ["alpha.com", "beta.com", "example.com"]);
    let got = ok(e, "search_domains", json!({"credentials": admin, "sort": {"by": "users", "direction": "descending"}, "range": {"first": 0, "limit": 3}})).await;
    assert_eq!(names(&got), ["example.com", "example.net", "gamma.org"], "ties break descending too");
    assert_eq!((got["count"].clone(), got["total_count"].clone()), (json!(3), json!(5)));
    let got =
        ok(e, "search_domains", json!({"credentials": admin, "sort": {"by": "users/mailbox"}, "range": {"first": 3}}))
            .await;
    assert_eq!(names(&got), ["example.net", "example.com"]);
    for by in ["id", "type", "users/filter", "users/forward", "users/alias", "users/deleted", "domain"] {
        let got = ok(e, "search_domains", json!({"credentials": admin, "sort": {"by": by}})).await;
        assert_eq!(got["total_count"], json!(5), "{by}");
    }
    assert_eq!(err(e, "search_domains", json!({"credentials": admin, "sort": {"by": "delete_time"}})).await, 5);
    assert_eq!(err(e, "search_domains", json!({"credentials": admin, "sort": {"by": "name; drop"}})).await, 5);
    assert_eq!(err(e, "search_domains", json!({"credentials": admin, "criteria": {"type": ["bogus"]}})).await, 5);
    // Scope.
    assert_eq!(err(e, "search_domains", json!({"credentials": admin, "criteria": {"company": "Other Inc"}})).await, 9);
    let got =
        ok(e, "search_domains", json!({"credentials": creds(PROVIDER), "criteria": {"company": "Other Inc"}})).await;
    assert_eq!(names(&got), ["other.org"]);
    let got = ok(e, "search_domains", json!({"credentials": creds(PROVIDER)})).await;
    assert_eq!(got["total_count"], json!(6));
    let got = ok(e, "search_domains", json!({"credentials": creds("mrmanager@example.com")})).await;
    assert_eq!(names(&got), ["example.com"]);
    assert_eq!(err(e, "search_domains", json!({"credentials": creds("tok@example.com")})).await, 9);
    assert_eq!(err(e, "search_domains", json!({"credentials": creds("joe@example.com")})).await, 9);
}
on_both!(domains_are_searched);

/// Totals read from maintained counts agree with a recount (a `match` of `*`
/// makes the search count rows) through alias changes, moves and deletes.
async fn search_totals_stay_true(e: &engine::Engine) {
    world(e).await;
    let admin = creds("company_admin@example.com");
    let root = creds(PROVIDER);
    let totals = |who: Value, company: &'static str| {
        let who = who.clone();
        async move {
            let mut out = Vec::new();
            for types in [json!(["domain", "alias"]), json!(["domain"]), json!(["alias"])] {
                let criteria = json!({"company": company, "type": types});
                let kept = ok(e, "search_domains", json!({"credentials": who, "criteria": criteria})).await;
                let mut recount = criteria.clone();
                recount["match"] = json!("*");
                let counted = ok(e, "search_domains", json!({"credentials": who, "criteria": recount})).await;
                assert_eq!(kept["total_count"], counted["total_count"], "{company} {types}");
                out.push(kept["total_count"].as_i64().unwrap_or(-1));
            }
            out
        }
    };
    assert_eq!(totals(admin.clone(), "Example Corp").await, [2, 2, 0]);
    ok(e, "change_domain", json!({"credentials": admin, "domain": "example.net", "attributes": {"aliases": ["a1.net", "a2.net", "a3.net"]}})).await;
    ok(e, "change_domain", json!({"credentials": admin, "domain": "spare.com", "attributes": {"aliases": ["s1.com"]}}))
        .await;
    assert_eq!(totals(admin.clone(), "Example Corp").await, [7, 3, 4]);
    ok(
        e,
        "change_domain",
        json!({"credentials": admin, "domain": "example.net", "attributes": {"aliases": ["a2.net", "a4.net"]}}),
    )
    .await;
    assert_eq!(totals(admin.clone(), "Example Corp").await, [6, 3, 3]);
    // The provider moves a domain with its aliases, changing them in the same call.
    let moved = json!({"company": "Other Inc", "aliases": ["a2.net", "a5.net", "a6.net"]});
    ok(e, "change_domain", json!({"credentials": root, "domain": "example.net", "attributes": moved})).await;
    assert_eq!(totals(admin.clone(), "Example Corp").await, [3, 2, 1]);
    assert_eq!(totals(root.clone(), "Other Inc").await, [5, 2, 3]);
    ok(e, "delete_domain", json!({"credentials": admin, "domain": "spare.com"})).await;
    assert_eq!(totals(admin.clone(), "Example Corp").await, [1, 1, 0]);
    let all = ok(e, "search_domains", json!({"credentials": root})).await;
    assert_eq!(all["total_count"], json!(6));
}
on_both!(search_totals_stay_true);

/// Every sort key, both directions, paged two at a time: the pages join up
/// into the whole list, and descending is ascending reversed (ties too).
async fn deep_pages_join_up(e: &engine::Engine) {
    world(e).await;
    let admin = creds("company_admin@example.com");
    for d in ["b.com", "a.org", "c.net", "ab.com", "abc.org"] {
        ok(e, "change_domain", json!({"credentials": admin, "domain": d, "attributes": {}})).await;
    }
    ok(
        e,
        "change_domain",
        json!({"credentials": admin, "domain": "b.com", "attributes": {"aliases": ["zz.com", "ab.net"]}}),
    )
    .await;
    let list = |sort: Value, criteria: Value, first: i64, limit: i64| {
        let body = json!({"credentials": admin, "sort": sort, "criteria": criteria, "range": {"first": first, "limit": limit}});
        async move { ok(e, "search_domains", body).await }
    };
    for by in search_domains_keys() {
        for criteria in [json!({}), json!({"match": "ab*"}), json!({"type": "domain"})] {
            let mut both = Vec::new();
            for direction in ["ascending", "descending"] {
                let sort = json!({"by": by, "direction": direction});
                let whole = list(sort.clone(), criteria.clone(), 0, 100).await;
                let mut paged = Vec::new();
                for first in (0..12).step_by(2) {
                    paged.extend(names(&list(sort.clone(), criteria.clone(), first, 2).await));
                }
                assert_eq!(paged, names(&whole), "{by} {direction} {criteria}");
                assert_eq!(whole["total_count"].as_i64(), Some(paged.len() as i64), "{by} {criteria}");
                both.push(paged);
            }
            both[1].reverse();
            assert_eq!(both[0], both[1], "{by} {criteria}");
        }
    }
    let got = list(json!({"by": "domain"}), json!({"match": "AB*"}), 0, 100).await;
    assert_eq!(names(&got), ["ab.com", "ab.net", "abc.org"]);
    let got = list(json!({"by": "type"}), json!({}), 0, 100).await;
    assert_eq!(
        names(&got),
        ["a.org", "ab.com", "abc.org", "b.com", "c.net", "example.com", "example.net", "ab.net", "zz.com"]
    );
}
on_both!(deep_pages_join_up);

fn search_domains_keys() -> Vec<&'static str> {
    engine::domain::search_domains::SORT_KEYS.iter().copied().filter(|k| *k != "delete_time").collect()
}
