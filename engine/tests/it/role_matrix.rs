//! Every role against every method of this issue, on objects inside and outside
//! its reach. `0` in a row means success; any other number is the error expected.

use crate::common::*;
use serde_json::{json, Value};

/// Callers, in the column order of the table below.
const CALLERS: [&str; 11] = [
    PROVIDER,
    "company_admin@example.com",
    "view@example.com",
    "mailco@example.com",
    "ro@example.com",
    "tok@example.com",
    "domain_admin@example.com",
    "mail_admin@example.com",
    "mrmanager@example.com", // workgroup admin of example.com/sales
    "other_admin@other.org", // company admin of another company
    "joe@example.com",       // a mailbox owner
];

/// (what, request without credentials, expected per caller)
fn cases() -> Vec<(&'static str, &'static str, Value, [i64; 11])> {
    vec![
        //                                                                      prov co  view mlco ro  tok dom mail wg  other owner
        (
            "sso token, same workgroup",
            "generate_token",
            json!({"user": "jane@example.com", "type": "sso", "reason": "r"}),
            [0, 0, 0, 0, 9, 0, 0, 0, 0, 9, 9],
        ),
        (
            "sso token, other workgroup",
            "generate_token",
            json!({"user": "joe@example.com", "type": "sso", "reason": "r"}),
            [0, 0, 0, 0, 9, 0, 0, 0, 9, 9, 9],
        ),
        (
            "sso token, other company",
            "generate_token",
            json!({"user": "alice@other.org", "type": "sso", "reason": "r"}),
            [0, 9, 9, 9, 9, 9, 9, 9, 9, 0, 9],
        ),
        (
            "oma token",
            "generate_token",
            json!({"user": "joe@example.com", "type": "oma", "reason": "r"}),
            [0, 0, 9, 9, 9, 9, 0, 9, 9, 9, 9],
        ),
        (
            "sso token with oma",
            "generate_token",
            json!({"user": "joe@example.com", "type": "sso", "oma": true, "reason": "r"}),
            [0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9],
        ),
        (
            "token for a missing user",
            "generate_token",
            json!({"user": "ghost@example.com", "reason": "r"}),
            [2, 2, 2, 2, 2, 9, 2, 2, 2, 9, 9],
        ),
        (
            "token for a provider admin",
            "generate_token",
            json!({"user": PROVIDER, "type": "oma", "reason": "r"}),
            [0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9],
        ),
        (
            "logout, same workgroup",
            "logout_user",
            json!({"user": "jane@example.com"}),
            [0, 0, 0, 0, 9, 9, 0, 0, 0, 9, 9],
        ),
        ("logout, other company", "logout_user", json!({"user": "alice@other.org"}), [0, 9, 9, 9, 9, 9, 9, 9, 9, 0, 9]),
        (
            "logout the company admin",
            "logout_user",
            json!({"user": "company_admin@example.com"}),
            [0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9],
        ),
        (
            "grant mail role",
            "set_role",
            json!({"user": "bob@example.net", "role": "mail", "object": "example.net"}),
            [0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9],
        ),
        (
            "grant in own domain",
            "set_role",
            json!({"user": "jane@example.com", "role": "mail", "object": "example.com"}),
            [0, 0, 9, 9, 9, 9, 0, 9, 9, 9, 9],
        ),
        ("search admins", "search_admins", json!({}), [0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 9]),
        ("search companies", "search_companies", json!({}), [0, 0, 0, 0, 0, 9, 9, 9, 9, 0, 9]),
        (
            "change own company",
            "change_company",
            json!({"company": "Example Corp", "attributes": {}}),
            [0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9],
        ),
        (
            "create a company",
            "change_company",
            json!({"company": "Fresh Co", "attributes": {}}),
            [0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9],
        ),
        ("delete a company", "delete_company", json!({"company": "Example Corp"}), [10, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]),
        ("authenticate", "authenticate", json!({"fetch_extra_info": true}), [0; 11]),
        //                                                                      prov co  view mlco ro  tok dom mail wg  other owner
        ("read a company", "get_company", json!({"company": "Example Corp"}), [0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 9]),
        ("company log", "get_company_changes", json!({"company": "Example Corp"}), [0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 9]),
        (
            "company setting",
            "change_company",
            json!({"company": "Example Corp", "attributes": {"spamtag": "[X]"}}),
            [0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9],
        ),
        (
            "domain setting",
            "change_domain",
            json!({"domain": "example.com", "attributes": {"spamtag": "[X]"}}),
            [0, 0, 0, 9, 9, 9, 0, 9, 9, 9, 9],
        ),
        (
            "domain quota",
            "change_domain",
            json!({"domain": "example.com", "attributes": {"quota": 100}}),
            [0, 0, 4, 9, 9, 9, 4, 9, 9, 9, 9],
        ),
        (
            "create a domain",
            "change_domain",
            json!({"domain": "new.com", "attributes": {}}),
            [6, 0, 9, 9, 9, 9, 9, 9, 9, 0, 9],
        ),
        ("read a domain", "get_domain", json!({"domain": "example.com"}), [0, 0, 0, 0, 0, 9, 0, 0, 0, 9, 9]),
        ("domain log", "get_domain_changes", json!({"domain": "example.com"}), [0, 0, 0, 0, 0, 9, 0, 0, 0, 9, 9]),
        (
            "delete a full domain",
            "delete_domain",
            json!({"domain": "example.net"}),
            [10, 10, 9, 9, 9, 9, 9, 9, 9, 9, 9],
        ),
        (
            "restore a domain",
            "restore_domain",
            json!({"domain": "gone.com", "id": "424242", "new_name": "back.com"}),
            [2, 2, 9, 9, 9, 9, 9, 9, 9, 2, 9],
        ),
        ("search domains", "search_domains", json!({}), [0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 9]),
        (
            "create a workgroup",
            "create_workgroup",
            json!({"domain": "example.com", "workgroup": "tmpwg"}),
            [0, 0, 9, 9, 9, 9, 0, 9, 9, 9, 9],
        ),
        (
            "delete a missing workgroup",
            "delete_workgroup",
            json!({"domain": "example.com", "workgroup": "nope"}),
            [2, 2, 2, 2, 2, 9, 2, 2, 2, 9, 9],
        ),
        (
            "delete a workgroup",
            "delete_workgroup",
            json!({"domain": "example.com", "workgroup": "support"}),
            [10, 10, 9, 9, 9, 9, 10, 9, 9, 9, 9],
        ),
        (
            "search workgroups",
            "search_workgroups",
            json!({"criteria": {"domain": "example.com"}}),
            [0, 0, 0, 0, 0, 9, 0, 0, 0, 9, 9],
        ),
        ("search brands", "search_brands", json!({}), [0, 0, 0, 0, 0, 9, 9, 9, 9, 0, 9]),
        (
            "make a brand",
            "change_brand",
            json!({"brand": "Tmp Brand", "attributes": {}}),
            [0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9],
        ),
        ("delete a brand", "delete_brand", json!({"brand": "Nope"}), [2, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]),
        ("brand members", "search_brand_members", json!({"brand": "Nope"}), [2, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]),
        //                                                                      prov co  view mlco ro  tok dom mail wg  other owner
        ("read a user", "get_user", json!({"user": "jane@example.com"}), [0, 0, 0, 0, 0, 9, 0, 0, 0, 9, 9]),
        ("read own account", "get_user", json!({"user": "joe@example.com"}), [0, 0, 0, 0, 0, 9, 0, 0, 9, 9, 0]),
        (
            "a user's changes",
            "get_user_changes",
            json!({"user": "jane@example.com"}),
            [0, 0, 0, 0, 0, 9, 0, 0, 0, 9, 9],
        ),
        (
            "change a user's title",
            "change_user",
            json!({"user": "jane@example.com", "attributes": {"title": "T"}}),
            [0, 0, 0, 0, 9, 9, 0, 0, 0, 9, 9],
        ),
        (
            "change a user's quota",
            "change_user",
            json!({"user": "jane@example.com", "attributes": {"quota": 100}}),
            [0, 0, 4, 4, 9, 9, 0, 4, 0, 9, 9],
        ),
        (
            "change own title",
            "change_user",
            json!({"user": "joe@example.com", "attributes": {"title": "T"}}),
            [0, 0, 0, 0, 9, 9, 0, 0, 9, 9, 0],
        ),
        (
            "create a user",
            "change_user",
            json!({"user": "newbie@example.com", "attributes": {}}),
            [0, 0, 9, 9, 9, 9, 0, 9, 9, 9, 9],
        ),
        (
            "delete a missing user",
            "delete_user",
            json!({"user": "ghost@example.com"}),
            [2, 2, 2, 2, 2, 9, 2, 2, 2, 9, 9],
        ),
        (
            "restore with a wrong id",
            "restore_user",
            json!({"user": "ghost@example.com", "id": "1", "new_name": "ghost@example.com"}),
            [2, 2, 2, 2, 2, 9, 2, 2, 2, 9, 9],
        ),
        (
            "search users",
            "search_users",
            json!({"criteria": {"domain": "example.com"}}),
            [0, 0, 0, 0, 0, 9, 0, 0, 0, 9, 9],
        ),
    ]
}

async fn every_role_against_every_method(e: &engine::Engine) {
    world(e).await;
    let mut mismatches = Vec::new();
    for (what, method, request, expected) in cases() {
        for (caller, want) in CALLERS.iter().zip(expected) {
            let mut body = request.clone();
            body["credentials"] = creds(caller);
            let got = match call(e, method, body).await {
                Ok(_) => 0,
                Err((n, _)) => n,
            };
            if got != want {
                mismatches.push(format!("{what} ({method}) as {caller}: got {got}, want {want}"));
            }
            // Undo what succeeded, so that every caller meets the same world.
            if got == 0 && method == "set_role" {
                let undo = json!({"credentials": creds(PROVIDER), "user": request["user"], "role": null});
                ok(e, "set_role", undo).await;
            }
            let root = creds(PROVIDER);
            if got == 0 {
                match what {
                    "create a company" => {
                        ok(e, "delete_company", json!({"credentials": root, "company": "Fresh Co"})).await;
                    }
                    "create a domain" => {
                        ok(e, "delete_domain", json!({"credentials": root, "domain": "new.com"})).await;
                    }
                    "create a workgroup" => {
                        ok(
                            e,
                            "delete_workgroup",
                            json!({"credentials": root, "domain": "example.com", "workgroup": "tmpwg"}),
                        )
                        .await;
                    }
                    "create a user" => {
                        ok(e, "delete_user", json!({"credentials": root, "user": "newbie@example.com"})).await;
                    }
                    "make a brand" => {
                        ok(e, "delete_brand", json!({"credentials": root, "brand": "Tmp Brand"})).await;
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "role matrix mismatches:\n{}", mismatches.join("\n"));
}
on_both!(every_role_against_every_method);
