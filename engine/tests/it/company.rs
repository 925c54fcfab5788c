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
    // Attributes are not stored yet: refused with hints, nothing created.
    let got =
        call(e, "change_company", json!({"credentials": root, "company": "Beta", "attributes": {"spamtag": "[JUNK]"}}))
            .await;
    assert_eq!(got.err(), Some((6, Some(json!({"spamtag": "Unknown attribute"})))));
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
