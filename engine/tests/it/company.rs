//! change_company (creation by the provider), search_companies, delete_company.

use crate::common::*;
use engine::changes::{self, Actor, Kind};
use engine::directory::{find_company, provision};
use serde_json::json;

async fn the_provider_creates_and_deletes_companies(e: &engine::Engine) {
    world(e).await;
    let root = creds(PROVIDER);
    ok(e, "change_company", json!({"credentials": root, "company": "Acme Widgets", "attributes": []})).await;
    let acme = find_company(e.db(), "ACME widgets").await.expect("db").expect("created");
    assert_eq!(acme.name, "Acme Widgets", "display name keeps its case");
    let (log, _) = changes::list(e.db(), Kind::Company, acme.id, 0, 10).await.expect("log");
    assert_eq!(log[0].msg, "created Acme Widgets");
    assert_eq!(log[0].user, PROVIDER);
    // Existing company, no attributes: nothing to do, still success.
    ok(e, "change_company", json!({"credentials": root, "company": "acme widgets", "attributes": {}})).await;
    // Bad attributes on creation: refused with hints, nothing created.
    let bad = json!({"credentials": root, "company": "Beta", "attributes": {"spamtag": "[JUNK]", "colour": "red"}});
    assert_eq!(call(e, "change_company", bad).await.err(), Some((6, Some(json!({"colour": "Unknown attribute"})))));
    assert!(find_company(e.db(), "beta").await.expect("db").is_none());
    // Bad requests and names.
    assert_eq!(err(e, "change_company", json!({"credentials": root, "company": "X"})).await, 5);
    assert_eq!(err(e, "change_company", json!({"credentials": root, "company": "X", "attributes": "a"})).await, 5);
    let got = call(e, "change_company", json!({"credentials": root, "company": "Caf\u{e9}", "attributes": {}})).await;
    assert_eq!(got.err().map(|e| e.0), Some(6));
    // Only the provider creates; a company admin learns nothing about names outside its reach.
    let company = creds("company_admin@example.com");
    assert_eq!(
        err(e, "change_company", json!({"credentials": company, "company": "New Co", "attributes": {}})).await,
        9
    );
    assert_eq!(
        err(e, "change_company", json!({"credentials": company, "company": "Other Inc", "attributes": {}})).await,
        9
    );
    ok(e, "change_company", json!({"credentials": company, "company": "Example Corp", "attributes": {}})).await;
    assert_eq!(
        err(
            e,
            "change_company",
            json!({"credentials": creds("ro@example.com"), "company": "Example Corp", "attributes": {}})
        )
        .await,
        9
    );

    // delete_company: empty only; provider only.
    assert_eq!(err(e, "delete_company", json!({"credentials": company, "company": "Acme Widgets"})).await, 9);
    assert_eq!(err(e, "delete_company", json!({"credentials": company, "company": "Example Corp"})).await, 9);
    assert_eq!(err(e, "delete_company", json!({"credentials": root, "company": "Example Corp"})).await, 10);
    assert_eq!(err(e, "delete_company", json!({"credentials": root, "company": "Nope"})).await, 2);
    ok(e, "delete_company", json!({"credentials": root, "company": "ACME WIDGETS"})).await;
    assert!(find_company(e.db(), "acme widgets").await.expect("db").is_none());
    let (log, _) = changes::list(e.db(), Kind::Company, acme.id, 0, 10).await.expect("log");
    assert_eq!(log.last().map(|c| c.msg.as_str()), Some("deleted Acme Widgets"), "the log outlives the company");
    assert_eq!(err(e, "delete_company", json!({"credentials": root, "company": "Acme Widgets"})).await, 2);
}
on_both!(the_provider_creates_and_deletes_companies);

async fn companies_are_searched(e: &engine::Engine) {
    world(e).await;
    let sys = Actor::system("test");
    for name in ["Zeta Mail", "alpha hosting", "Beta Net"] {
        provision::create_company(e, &sys, name).await.expect("company");
    }
    let root = creds(PROVIDER);
    let got = ok(e, "search_companies", json!({"credentials": root})).await;
    let names: Vec<_> = got["companies"].as_array().expect("list").iter().map(|c| c["company"].clone()).collect();
    assert_eq!(
        names,
        [json!("alpha hosting"), json!("Beta Net"), json!("Example Corp"), json!("Other Inc"), json!("Zeta Mail")]
    );
    assert_eq!(got["companies"][2], json!({"company": "Example Corp", "domains": 2}));
    assert_eq!((got["count"].clone(), got["total_count"].clone()), (json!(5), json!(5)));
    let got = ok(e, "search_companies", json!({"credentials": root, "sort": {"by": "domains", "direction": "descending"}, "range": {"first": 0, "limit": 2}})).await;
    assert_eq!(
        got["companies"],
        json!([{"company": "Example Corp", "domains": 2}, {"company": "Other Inc", "domains": 1}])
    );
    assert_eq!((got["count"].clone(), got["total_count"].clone()), (json!(2), json!(5)));
    let got = ok(e, "search_companies", json!({"credentials": root, "criteria": {"match": "*ET"}})).await;
    assert_eq!(got["companies"], json!([{"company": "Beta Net", "domains": 0}]));
    // A company admin sees its own company; domain admins and owners none.
    let got = ok(e, "search_companies", json!({"credentials": creds("ro@example.com")})).await;
    assert_eq!(got["companies"], json!([{"company": "Example Corp", "domains": 2}]));
    assert_eq!(err(e, "search_companies", json!({"credentials": creds("domain_admin@example.com")})).await, 9);
    assert_eq!(err(e, "search_companies", json!({"credentials": creds("joe@example.com")})).await, 9);
    assert_eq!(err(e, "search_companies", json!({"credentials": root, "sort": {"by": "x"}})).await, 5);
}
on_both!(companies_are_searched);

async fn company_attributes_change_and_show(e: &engine::Engine) {
    world(e).await;
    let admin = creds("company_admin@example.com");
    // The spec's examples.
    ok(e, "change_company", json!({"credentials": admin, "company": "Example Corp", "attributes": {"spamtag": "[JUNK]", "block": ["*@spammers.com"]}})).await;
    ok(e, "change_company", json!({"credentials": admin, "company": "Example Corp", "attributes": {"notes_external": "Talk to Bob before changing any settings here"}})).await;
    let contacts = json!([
        {"email": "mrmanager@example.com", "types": ["business"], "name": "Mister Manager", "phone": "416 555 1234"},
        {"email": "jack_user@example.com", "types": ["emergency", "abuse"], "notes": "Surly after 2am", "name": "Jack User", "phone": "647 555 5309"}
    ]);
    ok(e, "change_company", json!({"credentials": admin, "company": "Example Corp", "attributes": {"contacts": contacts, "spamtage": "[SPAM]", "spamlevel": "High", "quota": "2048"}})).await;
    let got = ok(e, "get_company", json!({"credentials": admin, "company": "example corp"})).await;
    let a = &got["attributes"];
    assert_eq!(a["account"], json!("Example Corp"));
    assert_eq!(a["spamtag"], json!("[SPAM]"));
    assert_eq!(a["block"], json!(["*@spammers.com"]));
    assert_eq!(a["allow"], json!([]), "unset lists are empty");
    assert_eq!(a["brand"], json!(null), "unset values are null");
    assert_eq!(a["notes_external"], json!("Talk to Bob before changing any settings here"));
    assert_eq!(
        a["contacts"][1],
        json!({"email": "jack_user@example.com", "name": "Jack User", "phone": "647 555 5309", "notes": "Surly after 2am", "types": ["emergency", "abuse"]})
    );
    assert_eq!(
        (a["quota"].clone(), a["quota_maximum"].clone(), a["language"].clone()),
        (json!(2048), json!(15360), json!("en"))
    );
    assert_eq!(a["service_imap4"], json!("enabled"));
    assert_eq!(a["osrs_id"], json!(null));
    let m = &got["metadata"];
    assert_eq!(m["inherit"]["default_password_encoding"], json!("BCRYPT-10"));
    assert_eq!(m["inherit"]["spamlevel"], json!("Normal"));
    assert_eq!(m["options"]["quota"], json!([0, 15360]));
    assert_eq!(m["options"]["spamlevel"], json!([null, "Very High", "High", "Normal"]));
    assert_eq!(m["options"]["default_password_encoding"][0], json!(null));
    assert_eq!(m["options"]["language"].as_array().map(Vec::len), Some(11));
    assert_eq!(m["bulletins"], json!({"manual": [], "auto": []}));
    assert!(m["createtime"].as_i64().is_some_and(|t| t > 1_700_000_000));
    let settable: Vec<String> = serde_json::from_value(got["settable_attributes"].clone()).expect("list");
    assert!(settable.contains(&"spamtag".to_string()) && settable.contains(&"quota".to_string()));
    assert!(!settable.contains(&"limit_users".to_string()), "limits are the provider's");
    // Read-only roles see it but may set nothing; domain admins do not see it.
    let got = ok(e, "get_company", json!({"credentials": creds("ro@example.com"), "company": "Example Corp"})).await;
    assert_eq!(got["settable_attributes"], json!([]));
    assert_eq!(
        err(e, "get_company", json!({"credentials": creds("domain_admin@example.com"), "company": "Example Corp"}))
            .await,
        9
    );
    assert_eq!(err(e, "get_company", json!({"credentials": admin, "company": "Other Inc"})).await, 9);
    assert_eq!(err(e, "get_company", json!({"credentials": creds(PROVIDER), "company": "Nope"})).await, 2);
    let got = ok(e, "get_company", json!({"credentials": creds(PROVIDER), "company": "Example Corp"})).await;
    assert!(got["settable_attributes"].as_array().expect("list").contains(&json!("limit_users")));

    // Every problem at once, nothing applied.
    let bad = json!({"credentials": admin, "company": "Example Corp", "attributes": {
        "spamtag": "x".repeat(31), "allow": "*@x.com", "spamheader": "no colon", "timezone": "Mars/Base", "language": null,
        "contacts": [{"name": "nobody"}], "quota": 2000000, "smtp_sent_limit": 10001}});
    let (code, hints) = call(e, "change_company", bad).await.expect_err("refused");
    assert_eq!(code, 6);
    let hints = hints.expect("hints");
    for key in ["spamtag", "allow", "spamheader", "timezone", "language", "contacts", "quota", "smtp_sent_limit"] {
        assert!(hints.get(key).is_some(), "hint for {key}: {hints}");
    }
    assert_eq!(hints["spamtag"], json!("Not a valid Text[1-30]"));
    assert_eq!(hints["allow"], json!("Not a list"));
    let got = ok(e, "get_company", json!({"credentials": admin, "company": "Example Corp"})).await;
    assert_eq!(got["attributes"]["spamtag"], json!("[SPAM]"));
    // quota within quota_maximum.
    let over = json!({"credentials": admin, "company": "Example Corp", "attributes": {"quota": 20000}});
    assert_eq!(
        call(e, "change_company", over).await.err(),
        Some((6, Some(json!({"quota": "More than quota_maximum (15360)"}))))
    );
    // Provider-only limits: 4 with a hint.
    let limits =
        json!({"credentials": admin, "company": "Example Corp", "attributes": {"limit_users": 10, "spamtag": null}});
    assert_eq!(
        call(e, "change_company", limits).await.err(),
        Some((4, Some(json!({"limit_users": "Only the provider may change this"}))))
    );
    ok(
        e,
        "change_company",
        json!({"credentials": creds(PROVIDER), "company": "Example Corp", "attributes": {"limit_users": 10}}),
    )
    .await;
    // null unsets.
    ok(e, "change_company", json!({"credentials": admin, "company": "Example Corp", "attributes": {"spamtag": null}}))
        .await;
    let got = ok(e, "get_company", json!({"credentials": admin, "company": "Example Corp"})).await;
    assert_eq!(
        (got["attributes"]["spamtag"].clone(), got["attributes"]["limit_users"].clone()),
        (json!(null), json!(10))
    );

    // A service the provider suspended stays suspended for the company admin.
    ok(
        e,
        "change_company",
        json!({"credentials": creds(PROVIDER), "company": "Example Corp", "attributes": {"service_pop3": "suspended"}}),
    )
    .await;
    let back = json!({"credentials": admin, "company": "Example Corp", "attributes": {"service_pop3": "enabled"}});
    assert_eq!(
        call(e, "change_company", back).await.err(),
        Some((4, Some(json!({"service_pop3": "Suspended by a higher-level administrator"}))))
    );
    ok(
        e,
        "change_company",
        json!({"credentials": creds(PROVIDER), "company": "Example Corp", "attributes": {"service_pop3": "enabled"}}),
    )
    .await;
    ok(
        e,
        "change_company",
        json!({"credentials": admin, "company": "Example Corp", "attributes": {"service_pop3": "suspended"}}),
    )
    .await;
    ok(
        e,
        "change_company",
        json!({"credentials": admin, "company": "Example Corp", "attributes": {"service_pop3": "disabled"}}),
    )
    .await;

    // The change log, earliest first, paged.
    let got = ok(
        e,
        "get_company_changes",
        json!({"credentials": admin, "company": "Example Corp", "range": {"first": 1, "limit": 2}}),
    )
    .await;
    assert_eq!(got["total_count"].as_i64().map(|n| n >= 10), Some(true));
    assert_eq!(got["count"], json!(2));
    let all = ok(e, "get_company_changes", json!({"credentials": admin, "company": "Example Corp"})).await;
    let msgs: Vec<&str> =
        all["changes"].as_array().expect("list").iter().map(|c| c["msg"].as_str().unwrap_or("")).collect();
    assert_eq!(msgs[0], "created Example Corp");
    assert!(msgs.contains(&"changed spamtag [[JUNK]]"), "{msgs:?}");
    assert!(msgs.contains(&"changed block [*@spammers.com]"));
    assert!(
        msgs.contains(&"changed contacts [352 bytes]") || msgs.iter().any(|m| m.starts_with("changed contacts [")),
        "{msgs:?}"
    );
    assert_eq!(all["changes"][1]["user"], json!("company_admin@example.com"));
    assert_eq!(all["changes"][1]["application"], json!("test"));
    assert!(all["changes"][1]["time"].is_i64());
    assert_eq!(
        err(
            e,
            "get_company_changes",
            json!({"credentials": creds("mail_admin@example.com"), "company": "Example Corp"})
        )
        .await,
        9
    );
    // A company created with attributes.
    ok(e, "change_company", json!({"credentials": creds(PROVIDER), "company": "Gamma", "attributes": {"language": "fr", "timezone": "Europe/London"}})).await;
    let got = ok(e, "get_company", json!({"credentials": creds(PROVIDER), "company": "gamma"})).await;
    assert_eq!(
        (got["attributes"]["language"].clone(), got["attributes"]["timezone"].clone()),
        (json!("fr"), json!("Europe/London"))
    );
}
on_both!(company_attributes_change_and_show);
