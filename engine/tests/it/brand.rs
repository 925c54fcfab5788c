//! change_brand, delete_brand, search_brands, search_brand_members, and brands
//! chosen by companies and domains.

use crate::common::*;
use serde_json::json;

async fn brands(e: &engine::Engine) {
    world(e).await;
    let root = creds(PROVIDER);
    let admin = creds("company_admin@example.com");
    ok(e, "change_brand", json!({"credentials": root, "brand": "Default Brand", "attributes": {}})).await;
    ok(
        e,
        "change_brand",
        json!({"credentials": root, "brand": "Example Co Brand", "attributes": {"company": "Example Corp"}}),
    )
    .await;
    ok(e, "change_brand", json!({"credentials": root, "brand": "Example Co Test Brand", "attributes": {"company": "Example Corp", "notes": "for tests"}})).await;
    ok(e, "change_brand", json!({"credentials": root, "brand": "Other Brand", "attributes": {"company": "Other Inc"}}))
        .await;
    assert_eq!(err(e, "change_brand", json!({"credentials": admin, "brand": "Mine", "attributes": {}})).await, 9);
    assert_eq!(
        err(e, "change_brand", json!({"credentials": root, "brand": "X", "attributes": {"company": "Nope"}})).await,
        11
    );
    assert_eq!(
        err(e, "change_brand", json!({"credentials": root, "brand": "X", "attributes": {"colour": "red"}})).await,
        6
    );

    // search_brands: the spec's examples.
    let got = ok(e, "search_brands", json!({"credentials": admin})).await;
    assert_eq!(
        serde_json::Value::Object(got),
        json!({"brands": [{"brand": "Example Co Brand", "counts": {"domain": 0, "user": 0, "total": 0}}, {"brand": "Example Co Test Brand", "counts": {"domain": 0, "user": 0, "total": 0}}], "count": 2, "total_count": 2})
    );
    let got = ok(e, "search_brands", json!({"credentials": admin, "criteria": {"match": "*Test*"}})).await;
    assert_eq!(
        got["brands"],
        json!([{"brand": "Example Co Test Brand", "counts": {"domain": 0, "user": 0, "total": 0}}])
    );
    assert_eq!(err(e, "search_brands", json!({"credentials": admin, "criteria": {"company": "Other Inc"}})).await, 9);
    assert_eq!(err(e, "search_brands", json!({"credentials": creds("domain_admin@example.com")})).await, 9);
    let got = ok(e, "search_brands", json!({"credentials": root, "range": {"first": 1, "limit": 2}})).await;
    assert_eq!((got["count"].clone(), got["total_count"].clone()), (json!(2), json!(4)));

    // Choosing brands: own or unowned only; options list what may be chosen.
    ok(
        e,
        "change_company",
        json!({"credentials": admin, "company": "Example Corp", "attributes": {"brand": "Default Brand"}}),
    )
    .await;
    ok(e, "change_domain", json!({"credentials": creds("domain_admin@example.com"), "domain": "example.com", "attributes": {"brand": "example co brand"}})).await;
    let foreign = json!({"credentials": admin, "company": "Example Corp", "attributes": {"brand": "Other Brand"}});
    assert_eq!(
        call(e, "change_company", foreign).await.err(),
        Some((6, Some(json!({"brand": "No such brand for this company"}))))
    );
    let got = ok(e, "get_domain", json!({"credentials": admin, "domain": "example.com"})).await;
    assert_eq!(got["attributes"]["brand"], json!("Example Co Brand"));
    assert_eq!(got["metadata"]["inherit"]["brand"], json!("Default Brand"));
    assert_eq!(
        got["metadata"]["options"]["brand"],
        json!([null, "Default Brand", "Example Co Brand", "Example Co Test Brand"])
    );
    let got = ok(e, "search_brands", json!({"credentials": admin})).await;
    assert_eq!(got["brands"][0]["counts"], json!({"domain": 1, "user": 0, "total": 1}));

    // Members, and deletion blocked while in use.
    let got = ok(e, "search_brand_members", json!({"credentials": root, "brand": "Default Brand"})).await;
    assert_eq!(got["members"], json!([{"type": "company", "name": "Example Corp"}]));
    assert_eq!(err(e, "search_brand_members", json!({"credentials": admin, "brand": "Default Brand"})).await, 9);
    assert_eq!(err(e, "delete_brand", json!({"credentials": root, "brand": "Default Brand"})).await, 14);
    assert_eq!(err(e, "delete_brand", json!({"credentials": root, "brand": "Example Co Brand"})).await, 14);
    // Giving a used brand to another company would strand its users: 14.
    assert_eq!(
        err(
            e,
            "change_brand",
            json!({"credentials": root, "brand": "Example Co Brand", "attributes": {"company": "Other Inc"}})
        )
        .await,
        14
    );
    ok(e, "change_domain", json!({"credentials": admin, "domain": "example.com", "attributes": {"brand": null}})).await;
    ok(e, "delete_brand", json!({"credentials": root, "brand": "Example Co Brand"})).await;
    assert_eq!(err(e, "delete_brand", json!({"credentials": root, "brand": "Example Co Brand"})).await, 2);
    assert_eq!(err(e, "delete_brand", json!({"credentials": admin, "brand": "Example Co Test Brand"})).await, 9);
    let got = ok(e, "search_brands", json!({"credentials": admin, "criteria": {"deleted": true}})).await;
    assert_eq!(got["brands"][0]["brand"], json!("Example Co Brand"));
    // A deleted domain gives its brand back.
    ok(
        e,
        "change_domain",
        json!({"credentials": admin, "domain": "tmp.com", "attributes": {"brand": "Example Co Test Brand"}}),
    )
    .await;
    ok(e, "delete_domain", json!({"credentials": admin, "domain": "tmp.com"})).await;
    ok(e, "delete_brand", json!({"credentials": root, "brand": "Example Co Test Brand"})).await;
}
on_both!(brands);
