//! set_role and search_admins.

use crate::common::*;
use serde_json::{json, Value};

async fn roles_are_granted_replaced_and_removed(e: &engine::Engine) {
    world(e).await;
    let admin = creds("domain_admin@example.com");
    let info = json!({"credentials": creds("joe@example.com"), "fetch_extra_info": true});
    // The spec's example: a domain admin makes a workgroup admin.
    ok(
        e,
        "set_role",
        json!({"credentials": admin, "user": "jane@example.com", "role": "workgroup", "object": "example.com/sales"}),
    )
    .await;
    // Replacing: mail admin, then removal with null and with "".
    ok(
        e,
        "set_role",
        json!({"credentials": admin, "user": "joe@example.com", "role": "mail", "object": "Example.COM"}),
    )
    .await;
    assert_eq!(ok(e, "authenticate", info.clone()).await["extra_info"]["roles"], json!({"mail": ["example.com"]}));
    ok(
        e,
        "set_role",
        json!({"credentials": admin, "user": "joe@example.com", "role": "domain", "object": "example.com"}),
    )
    .await;
    assert_eq!(ok(e, "authenticate", info.clone()).await["extra_info"]["roles"], json!({"domain": ["example.com"]}));
    ok(e, "set_role", json!({"credentials": admin, "user": "joe@example.com", "role": null, "object": "example.com"}))
        .await;
    assert_eq!(ok(e, "authenticate", info.clone()).await["extra_info"]["roles"], json!({}));
    ok(
        e,
        "set_role",
        json!({"credentials": admin, "user": "joe@example.com", "role": "mail", "object": "example.com"}),
    )
    .await;
    ok(e, "set_role", json!({"credentials": admin, "user": "joe@example.com", "role": ""})).await;
    assert_eq!(ok(e, "authenticate", info).await["extra_info"]["roles"], json!({}));

    // Errors: unknown role 12; not a member 17; missing object 5; bad shape 5.
    let set = |user: &str, role: Value, object: &str| json!({"credentials": admin, "user": user, "role": role, "object": object});
    assert_eq!(err(e, "set_role", set("joe@example.com", json!("company_mail2"), "example.com")).await, 12);
    assert_eq!(err(e, "set_role", set("joe@example.com", json!("provider"), "example.com")).await, 12);
    assert_eq!(err(e, "set_role", set("joe@example.com", json!("workgroup"), "example.com/sales")).await, 17);
    assert_eq!(err(e, "set_role", set("joe@example.com", json!("workgroup"), "example.com/nope")).await, 2);
    assert_eq!(err(e, "set_role", set("joe@example.com", json!("workgroup"), "example.com")).await, 5);
    assert_eq!(err(e, "set_role", json!({"credentials": admin, "user": "joe@example.com", "role": "mail"})).await, 5);
    assert_eq!(err(e, "set_role", json!({"credentials": admin, "user": "joe@example.com"})).await, 5);
    // A domain admin cannot grant company roles, nor roles elsewhere, nor touch a company admin.
    assert_eq!(err(e, "set_role", set("joe@example.com", json!("company"), "Example Corp")).await, 9);
    assert_eq!(err(e, "set_role", set("joe@example.com", json!("domain"), "example.net")).await, 9);
    assert_eq!(err(e, "set_role", set("company_admin@example.com", json!(null), "")).await, 9);
    assert_eq!(err(e, "set_role", set("bob@example.net", json!("mail"), "example.net")).await, 9);
    // The company admin can, inside its company; membership still applies.
    let company = creds("company_admin@example.com");
    ok(
        e,
        "set_role",
        json!({"credentials": company, "user": "bob@example.net", "role": "company_ro", "object": "example corp"}),
    )
    .await;
    let bad = json!({"credentials": company, "user": "bob@example.net", "role": "domain", "object": "example.com"});
    assert_eq!(err(e, "set_role", bad).await, 17);
    let bad = json!({"credentials": company, "user": "bob@example.net", "role": "company", "object": "Other Inc"});
    assert_eq!(err(e, "set_role", bad).await, 9);
    // The provider is told a company does not exist; others are not.
    let provider =
        json!({"credentials": creds(PROVIDER), "user": "bob@example.net", "role": "company", "object": "Nope Ltd"});
    assert_eq!(err(e, "set_role", provider).await, 2);
    let company_nope =
        json!({"credentials": company, "user": "bob@example.net", "role": "company", "object": "Nope Ltd"});
    assert_eq!(err(e, "set_role", company_nope).await, 9);
    // Provider accounts hold no OMA role.
    let bad = json!({"credentials": creds(PROVIDER), "user": PROVIDER, "role": "company", "object": "Example Corp"});
    assert_eq!(err(e, "set_role", bad).await, 17);
    // A role change takes effect at once, even for cached credentials.
    let info = json!({"credentials": creds("bob@example.net"), "fetch_extra_info": true});
    assert_eq!(
        ok(e, "authenticate", info.clone()).await["extra_info"]["roles"],
        json!({"company_ro": ["Example Corp"]})
    );
    ok(e, "set_role", json!({"credentials": company, "user": "bob@example.net", "role": null})).await;
    assert_eq!(ok(e, "authenticate", info).await["extra_info"]["roles"], json!({}));
    // Logged: role changes land in the user's change log.
    let id = engine::directory::find_user(e.db(), "bob@example.net").await.expect("db").expect("bob").id;
    let (log, total) = engine::changes::list(e.db(), engine::changes::Kind::User, id, 0, 50).await.expect("log");
    let msgs: Vec<&str> = log.iter().map(|c| c.msg.as_str()).collect();
    assert_eq!(total, 3);
    assert_eq!(msgs, ["created bob@example.net", "changed role [company_ro example corp]", "changed role []"]);
    assert_eq!(log[1].user, "company_admin@example.com");
    assert_eq!(log[1].application.as_deref(), Some("test"));
}
on_both!(roles_are_granted_replaced_and_removed);

fn users(got: &serde_json::Map<String, Value>) -> Vec<String> {
    got["admins"].as_array().expect("admins").iter().map(|a| a["user"].as_str().unwrap_or("").to_string()).collect()
}

async fn admins_are_searched_within_reach(e: &engine::Engine) {
    world(e).await;
    let company = creds("company_admin@example.com");
    // Default: the caller's company, sorted by name.
    let got = ok(e, "search_admins", json!({"credentials": company})).await;
    assert_eq!(got["count"], json!(10));
    assert_eq!(got["total_count"], json!(10));
    assert_eq!(
        users(&got),
        [
            "company_admin@example.com",
            "domain_admin@example.com",
            "helpdesk@example.com",
            "mail_admin@example.com",
            "mailco@example.com",
            "mrmanager@example.com",
            "netadmin@example.net",
            "ro@example.com",
            "tok@example.com",
            "view@example.com"
        ]
    );
    let keys: Vec<&String> = got.keys().collect();
    assert_eq!(keys, ["count", "total_count", "admins"]);
    let manager =
        got["admins"].as_array().expect("admins").iter().find(|a| a["user"] == "mrmanager@example.com").cloned();
    assert_eq!(
        manager,
        Some(json!({"user": "mrmanager@example.com", "type": "workgroup", "control": ["example.com/sales"]}))
    );
    assert_eq!(got["admins"][0]["control"], json!(["Example Corp"]));
    // Type and match filters, combined; a single type may be a string.
    let got =
        ok(e, "search_admins", json!({"credentials": company, "criteria": {"type": ["domain", "workgroup"]}})).await;
    assert_eq!(
        users(&got),
        ["domain_admin@example.com", "helpdesk@example.com", "mrmanager@example.com", "netadmin@example.net"]
    );
    let got =
        ok(e, "search_admins", json!({"credentials": company, "criteria": {"type": "company", "match": "COMPANY*"}}))
            .await;
    assert_eq!(users(&got), ["company_admin@example.com"]);
    let got = ok(e, "search_admins", json!({"credentials": company, "criteria": {"match": "m?il*"}})).await;
    assert_eq!(users(&got), ["mail_admin@example.com", "mailco@example.com"]);
    assert_eq!(err(e, "search_admins", json!({"credentials": company, "criteria": {"type": ["boss"]}})).await, 5);
    // Paging: count is the page, total_count all matches.
    let got = ok(e, "search_admins", json!({"credentials": company, "range": {"first": "2", "limit": 3}})).await;
    assert_eq!((got["count"].clone(), got["total_count"].clone()), (json!(3), json!(10)));
    assert_eq!(users(&got), ["helpdesk@example.com", "mail_admin@example.com", "mailco@example.com"]);
    let got = ok(e, "search_admins", json!({"credentials": company, "range": {"first": 100}})).await;
    assert_eq!((got["count"].clone(), got["total_count"].clone()), (json!(0), json!(10)));
    // Sorting by type descending, ties by name ascending.
    let got = ok(
        e,
        "search_admins",
        json!({"credentials": company, "sort": {"by": "type", "direction": "descending"}, "range": {"limit": 2}}),
    )
    .await;
    assert_eq!(users(&got), ["helpdesk@example.com", "mrmanager@example.com"]);
    let got = ok(e, "search_admins", json!({"credentials": company, "sort": {"by": "control"}})).await;
    assert_eq!(got["admins"][0]["control"], json!(["Example Corp"]));
    assert_eq!(got["admins"][9]["control"], json!(["example.net"]));
    assert_eq!(got["admins"][8]["control"], json!(["example.com/support"]));
    assert_eq!(err(e, "search_admins", json!({"credentials": company, "sort": {"by": "password"}})).await, 5);
    // Another company is out of reach; the provider sees everything, provider admins included.
    assert_eq!(err(e, "search_admins", json!({"credentials": company, "criteria": {"company": "Other Inc"}})).await, 9);
    let got = ok(e, "search_admins", json!({"credentials": creds(PROVIDER)})).await;
    assert_eq!(got["total_count"], json!(12));
    let root = got["admins"].as_array().expect("admins").iter().find(|a| a["user"] == PROVIDER).cloned();
    assert_eq!(root, Some(json!({"user": PROVIDER, "type": "provider", "control": []})));
    let got =
        ok(e, "search_admins", json!({"credentials": creds(PROVIDER), "criteria": {"company": "other inc"}})).await;
    assert_eq!(users(&got), ["other_admin@other.org"]);
    assert_eq!(
        err(e, "search_admins", json!({"credentials": creds(PROVIDER), "criteria": {"company": "Nope"}})).await,
        2
    );
    // Narrower admins see the admins living inside their grant.
    let got = ok(e, "search_admins", json!({"credentials": creds("domain_admin@example.com")})).await;
    assert_eq!(got["total_count"], json!(9), "all but netadmin live in example.com");
    let got = ok(e, "search_admins", json!({"credentials": creds("mrmanager@example.com")})).await;
    assert_eq!(users(&got), ["mrmanager@example.com"]);
    let got = ok(e, "search_admins", json!({"credentials": creds("other_admin@other.org")})).await;
    assert_eq!(users(&got), ["other_admin@other.org"]);
    // Token-only admins and mailbox owners list nothing.
    assert_eq!(err(e, "search_admins", json!({"credentials": creds("tok@example.com")})).await, 9);
    assert_eq!(err(e, "search_admins", json!({"credentials": creds("joe@example.com")})).await, 9);
}
on_both!(admins_are_searched_within_reach);
