//! authenticate, echo, generate_token, logout_user.

use crate::common::*;
use serde_json::json;

async fn password_logins(e: &engine::Engine) {
    world(e).await;
    let got = ok(e, "authenticate", json!({"credentials": creds("joe@example.com")})).await;
    assert!(got.is_empty(), "plain authenticate returns nothing but success: {got:?}");
    // Names are case-insensitive.
    ok(e, "authenticate", json!({"credentials": {"user": "JOE@Example.COM", "password": PASSWORD}})).await;
    // Repeated (cached) calls still answer right, and a wrong password is never cached as right.
    ok(e, "authenticate", json!({"credentials": creds("joe@example.com")})).await;
    let wrong = json!({"credentials": {"user": "joe@example.com", "password": "nope"}});
    assert_eq!(err(e, "authenticate", wrong).await, 1);
    let unknown = json!({"credentials": {"user": "nobody@example.com", "password": PASSWORD}});
    assert_eq!(err(e, "authenticate", unknown).await, 1);
    let empty = json!({"credentials": {"user": "joe@example.com", "password": ""}});
    assert_eq!(err(e, "authenticate", empty).await, 1);
    assert_eq!(err(e, "authenticate", json!({})).await, 5, "no credentials");
    assert_eq!(err(e, "authenticate", json!({"credentials": {"user": "joe@example.com"}})).await, 5);
    assert_eq!(err(e, "authenticate", json!({"credentials": "joe"})).await, 5);
}
on_both!(password_logins);

/// "If set to true, mailboxes in the domain will not function": a disabled
/// domain's mailboxes cannot sign in (password, token or open portal
/// session); admins whose account lives there keep their role.
async fn disabled_domains_shut_mailboxes_out(e: &engine::Engine) {
    use engine::identity::credentials::{Purpose, Secret};
    world(e).await;
    let joe =
        engine::Credentials { user: "joe@example.com".into(), secret: Secret::Password(PASSWORD.into()), client: None };
    let caller = e.authenticate_credentials(&joe, Purpose::Portal).await.expect("joe signs in");
    let session = e.open_portal_session(&caller).await.expect("session");
    let token = ok(e, "generate_token", json!({"credentials": creds("domain_admin@example.com"), "user": "joe@example.com", "reason": "test", "type": "sso"})).await;
    let disable =
        |on: bool| json!({"credentials": creds("root"), "domain": "example.com", "attributes": {"disabled": on}});
    ok(e, "change_domain", disable(true)).await;
    assert_eq!(err(e, "authenticate", json!({"credentials": creds("joe@example.com")})).await, 1);
    assert!(e.portal_caller(&session).await.is_err(), "the open session ends");
    let by_token = engine::Credentials {
        user: "joe@example.com".into(),
        secret: Secret::Token(token["token"].as_str().unwrap_or_default().into()),
        client: None,
    };
    assert!(e.authenticate_credentials(&by_token, Purpose::Portal).await.is_err(), "tokens too");
    ok(e, "authenticate", json!({"credentials": creds("domain_admin@example.com")})).await;
    ok(e, "change_domain", disable(false)).await;
    ok(e, "authenticate", json!({"credentials": creds("joe@example.com")})).await;
    assert!(e.portal_caller(&session).await.is_ok(), "the session was kept, only refused");
}
on_both!(disabled_domains_shut_mailboxes_out);

async fn extra_info_reports_roles(e: &engine::Engine) {
    world(e).await;
    let info = |user: &str| json!({"credentials": creds(user), "fetch_extra_info": true});
    let got = ok(e, "authenticate", info("domain_admin@example.com")).await;
    assert_eq!(got["extra_info"], json!({"roles": {"domain": ["example.com"]}, "macsettings": null}));
    let got = ok(e, "authenticate", info("mrmanager@example.com")).await;
    assert_eq!(got["extra_info"]["roles"], json!({"workgroup": ["example.com/sales"]}));
    let got = ok(e, "authenticate", info("company_admin@example.com")).await;
    assert_eq!(got["extra_info"]["roles"], json!({"company": ["Example Corp"]}));
    let got = ok(e, "authenticate", info(PROVIDER)).await;
    assert_eq!(got["extra_info"]["roles"], json!({"provider": []}));
    let got = ok(e, "authenticate", info("joe@example.com")).await;
    assert_eq!(got["extra_info"]["roles"], json!({}));
    // "fetch_extra_info": "false" as a string is read as false.
    let got =
        ok(e, "authenticate", json!({"credentials": creds("joe@example.com"), "fetch_extra_info": "false"})).await;
    assert!(!got.contains_key("extra_info"));
}
on_both!(extra_info_reports_roles);

async fn session_tokens(e: &engine::Engine) {
    world(e).await;
    let got = ok(
        e,
        "authenticate",
        json!({"credentials": creds("domain_admin@example.com"), "generate_session_token": true}),
    )
    .await;
    assert_eq!(got["session_token_duration"], json!(10800));
    let token = got["session_token"].as_str().expect("token").to_string();
    assert_eq!(token.len(), 32);
    let by_token = json!({"credentials": {"user": "domain_admin@example.com", "token": token}});
    ok(e, "authenticate", by_token.clone()).await;
    ok(e, "authenticate", json!({"credentials": {"user": "domain_admin@example.com", "session_token": token}})).await;
    // Someone else's name with this token: refused.
    assert_eq!(err(e, "authenticate", json!({"credentials": {"user": "joe@example.com", "token": token}})).await, 1);
    // Custom token and duration, numbers as strings.
    let got = ok(
        e,
        "authenticate",
        json!({"credentials": creds("domain_admin@example.com"), "generate_session_token": "1", "session_token_duration": "60", "token": "gabbagabba"}),
    )
    .await;
    assert_eq!((got["session_token"].clone(), got["session_token_duration"].clone()), (json!("gabbagabba"), json!(60)));
    let custom = json!({"credentials": {"user": "domain_admin@example.com", "token": "gabbagabba"}});
    ok(e, "authenticate", custom.clone()).await;
    e.clock().advance(61);
    assert_eq!(err(e, "authenticate", custom).await, 1, "expired");
    ok(e, "authenticate", by_token.clone()).await;
    e.clock().advance(10800);
    assert_eq!(err(e, "authenticate", by_token).await, 1, "expired after 3 hours");
    // Duration bounds; ignored without generate_session_token.
    for bad in [0, 86401, -5] {
        let body = json!({"credentials": creds("joe@example.com"), "generate_session_token": true, "session_token_duration": bad});
        assert_eq!(err(e, "authenticate", body).await, 5);
    }
    let got =
        ok(e, "authenticate", json!({"credentials": creds("joe@example.com"), "session_token_duration": 0})).await;
    assert!(got.is_empty());
    let body = json!({"credentials": creds("joe@example.com"), "generate_session_token": true, "token": "has space"});
    assert_eq!(err(e, "authenticate", body).await, 5);
}
on_both!(session_tokens);

async fn generated_tokens(e: &engine::Engine) {
    world(e).await;
    let admin = creds("domain_admin@example.com");
    // sso, default duration: single use, and no OMA power without `oma`.
    let got = ok(
        e,
        "generate_token",
        json!({"credentials": admin, "user": "joe@example.com", "type": "sso", "reason": "Login via portal"}),
    )
    .await;
    assert_eq!(got["duration"], json!(24));
    let sso = got["token"].as_str().expect("token").to_string();
    assert_eq!(err(e, "authenticate", json!({"credentials": {"user": "joe@example.com", "token": sso}})).await, 1);

    // company admin: sso with oma:true works exactly once.
    let got = ok(
        e,
        "generate_token",
        json!({"credentials": creds("company_admin@example.com"), "user": "joe@example.com", "type": "sso", "oma": true, "reason": "r"}),
    )
    .await;
    let sso = json!({"credentials": {"user": "joe@example.com", "token": got["token"]}});
    ok(e, "authenticate", sso.clone()).await;
    assert_eq!(err(e, "authenticate", sso).await, 1, "sso tokens are single use");

    // A chosen session token for 3 hours, usable repeatedly when oma-typed.
    let got = ok(
        e,
        "generate_token",
        json!({"credentials": admin, "user": "jane@example.com", "reason": "forgot password", "token": "JaneTophatDishwasher", "duration": 3}),
    )
    .await;
    assert_eq!(got, json!({"duration": 3, "token": "JaneTophatDishwasher"}).as_object().cloned().expect("object"));
    let got = ok(
        e,
        "generate_token",
        json!({"credentials": admin, "user": "jane@example.com", "reason": "api", "type": "oma"}),
    )
    .await;
    let oma = json!({"credentials": {"user": "jane@example.com", "token": got["token"]}});
    ok(e, "authenticate", oma.clone()).await;
    ok(e, "authenticate", oma.clone()).await;
    e.clock().advance(24 * 3600);
    assert_eq!(err(e, "authenticate", oma).await, 1);

    // Only company admins (and the provider) may give session/sso tokens OMA power.
    let flag = json!({"credentials": admin, "user": "joe@example.com", "reason": "r", "oma": true});
    assert_eq!(err(e, "generate_token", flag).await, 9);
    // Bad requests.
    assert_eq!(err(e, "generate_token", json!({"credentials": admin, "user": "joe@example.com"})).await, 5);
    assert_eq!(
        err(e, "generate_token", json!({"credentials": admin, "user": "joe@example.com", "reason": "r", "type": "x"}))
            .await,
        5
    );
    assert_eq!(
        err(
            e,
            "generate_token",
            json!({"credentials": admin, "user": "joe@example.com", "reason": "r", "duration": 0})
        )
        .await,
        5
    );
    // Missing user: 2 inside the admin's domain, 9 outside.
    assert_eq!(
        err(e, "generate_token", json!({"credentials": admin, "user": "ghost@example.com", "reason": "r"})).await,
        2
    );
    assert_eq!(
        err(e, "generate_token", json!({"credentials": admin, "user": "ghost@other.org", "reason": "r"})).await,
        9
    );
    assert_eq!(
        err(e, "generate_token", json!({"credentials": admin, "user": "alice@other.org", "reason": "r"})).await,
        9
    );
    // The token shows in the user's change log, with its reason.
    let (entries, _) =
        engine::changes::list(e.db(), engine::changes::Kind::User, user_id(e, "jane@example.com").await, 0, 100)
            .await
            .expect("changes");
    assert!(entries
        .iter()
        .any(|c| c.msg == "generated session token [forgot password]" && c.user == "domain_admin@example.com"));
}
on_both!(generated_tokens);

async fn logout_revokes_tokens(e: &engine::Engine) {
    world(e).await;
    let got =
        ok(e, "authenticate", json!({"credentials": creds("joe@example.com"), "generate_session_token": true})).await;
    let by_token = json!({"credentials": {"user": "joe@example.com", "token": got["session_token"]}});
    ok(e, "authenticate", by_token.clone()).await; // now cached
                                                   // An owner may log itself out; then its token (cached or not) is dead.
    ok(e, "logout_user", json!({"credentials": by_token["credentials"], "user": "joe@example.com"})).await;
    assert_eq!(err(e, "authenticate", by_token).await, 1);
    // Passwords still work after logout.
    ok(e, "authenticate", json!({"credentials": creds("joe@example.com")})).await;
    // Admins log out users in their reach only; owners only themselves.
    ok(e, "logout_user", json!({"credentials": creds("domain_admin@example.com"), "user": "joe@example.com"})).await;
    assert_eq!(
        err(e, "logout_user", json!({"credentials": creds("domain_admin@example.com"), "user": "alice@other.org"}))
            .await,
        9
    );
    assert_eq!(
        err(e, "logout_user", json!({"credentials": creds("joe@example.com"), "user": "jane@example.com"})).await,
        9
    );
    assert_eq!(err(e, "logout_user", json!({"credentials": creds("joe@example.com")})).await, 5);
    // A mail admin may not log out (take over) the domain admin.
    assert_eq!(
        err(
            e,
            "logout_user",
            json!({"credentials": creds("mail_admin@example.com"), "user": "domain_admin@example.com"})
        )
        .await,
        9
    );
}
on_both!(logout_revokes_tokens);

async fn echo_needs_no_credentials(e: &engine::Engine) {
    let body = json!({"Animal Count":{"dog":5,"cat":10,"cow":2,"chicken":9},"Farm":"MacDonald Farm LLC","cluck-cluck":["here","there","everywhere"]});
    let got = ok(e, "echo", body.clone()).await;
    assert_eq!(serde_json::Value::Object(got), body);
}
on_both!(echo_needs_no_credentials);

pub async fn user_id(e: &engine::Engine, name: &str) -> i64 {
    engine::directory::find_user(e.db(), name).await.expect("db").expect("user").id
}
