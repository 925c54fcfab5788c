//! create_workgroup, delete_workgroup, search_workgroups.

use crate::common::*;
use serde_json::json;

async fn workgroups(e: &engine::Engine) {
    world(e).await;
    let admin = creds("domain_admin@example.com");
    ok(e, "create_workgroup", json!({"credentials": admin, "domain": "example.com", "workgroup": "Finance"})).await;
    assert_eq!(
        err(e, "create_workgroup", json!({"credentials": admin, "domain": "example.com", "workgroup": "finance"}))
            .await,
        7
    );
    assert_eq!(
        err(e, "create_workgroup", json!({"credentials": creds(PROVIDER), "domain": "nope.com", "workgroup": "x"}))
            .await,
        8
    );
    assert_eq!(
        err(e, "create_workgroup", json!({"credentials": admin, "domain": "nope.com", "workgroup": "x"})).await,
        9
    );
    assert_eq!(
        err(e, "create_workgroup", json!({"credentials": admin, "domain": "example.net", "workgroup": "x"})).await,
        9
    );
    assert_eq!(
        err(
            e,
            "create_workgroup",
            json!({"credentials": creds("mrmanager@example.com"), "domain": "example.com", "workgroup": "x"})
        )
        .await,
        9
    );
    assert_eq!(
        err(e, "create_workgroup", json!({"credentials": admin, "domain": "example.com", "workgroup": "a/b"})).await,
        6
    );
    assert_eq!(err(e, "create_workgroup", json!({"credentials": admin, "domain": "example.com"})).await, 5);

    let got = ok(e, "search_workgroups", json!({"credentials": admin, "criteria": {"domain": "example.com"}})).await;
    let names: Vec<&str> =
        got["workgroups"].as_array().expect("list").iter().map(|w| w["workgroup"].as_str().unwrap_or("")).collect();
    assert_eq!(names, ["finance", "sales", "staff", "support"]);
    assert_eq!(
        got["workgroups"][1],
        json!({"workgroup": "sales", "counts": {"filter": 0, "forward": 0, "deleted": 0, "mailbox": 3, "total": 3}})
    );
    let keys: Vec<&String> = got.keys().collect();
    assert_eq!(keys, ["count", "total_count", "workgroups"]);
    let got = ok(e, "search_workgroups", json!({"credentials": admin, "criteria": {"domain": "example.com", "match": "s*"}, "range": {"first": 0, "limit": 2}, "sort": {"by": "users", "direction": "descending"}})).await;
    let names: Vec<&str> =
        got["workgroups"].as_array().expect("list").iter().map(|w| w["workgroup"].as_str().unwrap_or("")).collect();
    assert_eq!(names, ["staff", "sales"]);
    assert_eq!((got["count"].clone(), got["total_count"].clone()), (json!(2), json!(3)));
    assert_eq!(err(e, "search_workgroups", json!({"credentials": admin, "criteria": {}})).await, 5);
    assert_eq!(err(e, "search_workgroups", json!({"credentials": admin})).await, 5);
    assert_eq!(
        err(e, "search_workgroups", json!({"credentials": admin, "criteria": {"domain": "other.org"}})).await,
        9
    );
    let got = ok(
        e,
        "search_workgroups",
        json!({"credentials": creds("mrmanager@example.com"), "criteria": {"domain": "example.com"}}),
    )
    .await;
    assert_eq!(got["workgroups"][0]["workgroup"], json!("sales"));
    assert_eq!(got["total_count"], json!(1), "a workgroup admin sees its own");

    assert_eq!(
        err(e, "delete_workgroup", json!({"credentials": admin, "domain": "example.com", "workgroup": "staff"})).await,
        18
    );
    assert_eq!(
        err(e, "delete_workgroup", json!({"credentials": admin, "domain": "example.com", "workgroup": "sales"})).await,
        10
    );
    assert_eq!(
        err(e, "delete_workgroup", json!({"credentials": admin, "domain": "example.com", "workgroup": "nope"})).await,
        2
    );
    assert_eq!(
        err(
            e,
            "delete_workgroup",
            json!({"credentials": creds("mail_admin@example.com"), "domain": "example.com", "workgroup": "finance"})
        )
        .await,
        9
    );
    ok(e, "delete_workgroup", json!({"credentials": admin, "domain": "example.com", "workgroup": "finance"})).await;
    let got = ok(e, "search_workgroups", json!({"credentials": admin, "criteria": {"domain": "example.com"}})).await;
    assert_eq!(got["total_count"], json!(3));
    // The default moves with the domain attribute; then the old default can go once empty.
    ok(
        e,
        "change_domain",
        json!({"credentials": admin, "domain": "example.com", "attributes": {"workgroup": "support"}}),
    )
    .await;
    assert_eq!(
        err(e, "delete_workgroup", json!({"credentials": admin, "domain": "example.com", "workgroup": "support"}))
            .await,
        18
    );
    let log = ok(e, "get_domain_changes", json!({"credentials": admin, "domain": "example.com"})).await;
    let msgs: Vec<&str> =
        log["changes"].as_array().expect("list").iter().map(|c| c["msg"].as_str().unwrap_or("")).collect();
    assert!(msgs.contains(&"created workgroup finance") && msgs.contains(&"deleted workgroup finance"), "{msgs:?}");
}
on_both!(workgroups);
