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
            if got == 0 && what == "create a company" {
                ok(e, "delete_company", json!({"credentials": creds(PROVIDER), "company": "Fresh Co"})).await;
            }
        }
    }
    assert!(mismatches.is_empty(), "role matrix mismatches:\n{}", mismatches.join("\n"));
}
on_both!(every_role_against_every_method);
