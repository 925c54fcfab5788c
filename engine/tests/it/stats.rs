//! Stats: events recorded by deliveries and logins (IMAP, POP3, portal) show
//! in stats_summary the same day and after the rollup; the rollup is
//! idempotent; periods (30 days, 52 Monday weeks, 48 months); stats_list on a
//! fresh server; role scoping; snapshot links (signature, expiry, files).

use std::collections::HashMap;

use engine::delivery::relay::Relay;
use engine::delivery::{self, Refusal};
use engine::identity::credentials::{Purpose, Secret};
use engine::mailstore::mail_login::{self, Protocol};
use engine::stats::calendar::{self, Period};
use engine::stats::{rollup, snapshot_file};
use engine::Engine;
use serde_json::{json, Map, Value};

use crate::common::smtp_sink::Sink;
use crate::common::{creds, err, ok, world, PASSWORD, PROVIDER};

fn mail(subject: &str, extra: &str) -> Vec<u8> {
    format!("From: a@b.test\r\nTo: joe@example.com\r\nSubject: {subject}\r\n{extra}\r\nBody.\r\n").into_bytes()
}

async fn to(engine: &Engine, relay: Option<&Relay>, rcpt: &str, sender: &str, m: &[u8]) -> Result<(), Refusal> {
    let account = delivery::accept(engine, rcpt).await?;
    delivery::deliver(engine, relay, sender, &account, m).await.map(|_| ())
}

async fn summary(engine: &Engine, who: &str, kind: &str, object: &str, by: &str) -> Map<String, Value> {
    let got =
        ok(engine, "stats_summary", json!({"credentials": creds(who), "type": kind, "object": object, "by": by})).await;
    got["summary"].as_object().expect("summary").clone()
}

/// The last (current) period's figures.
fn last(s: &Map<String, Value>) -> Value {
    s.values().next_back().expect("a period").clone()
}

/// Every stats_periods row, for comparing rollups.
async fn all_rows(engine: &Engine) -> Vec<String> {
    type Row = (String, i64, String, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT scope, object_id, period, start_day, in_ham, in_size, users_mailbox, current_size, gauged \
         FROM stats_periods ORDER BY scope, object_id, period, start_day",
    )
    .fetch_all(engine.db().pool())
    .await
    .expect("rows");
    rows.into_iter().map(|r| format!("{r:?}")).collect()
}

async fn events_show_today_and_after_rollup(engine: &Engine) {
    world(engine).await;
    let sink = Sink::start().await;
    let relay = Relay::parse(&sink.addr).expect("relay");
    let before = last(&summary(engine, "company_admin@example.com", "domain", "example.com", "day").await);
    assert_eq!(before["messages"]["in_ham"], 0);
    assert!(before["users"]["mailbox"].as_i64().expect("mailboxes") >= 10, "{before}");
    assert!(before["storage"]["items_stored"].as_i64().expect("items") > 0, "the demo's mail: {before}");

    // Ham (twice), spam, a blocked sender, a forward, an auto-reply.
    let ham = mail("hello", "");
    to(engine, None, "joe@example.com", "x@y.test", &ham).await.expect("ham");
    to(engine, None, "joe@example.com", "x@y.test", &ham).await.expect("ham");
    to(engine, None, "joe@example.com", "x@y.test", &mail("cheap", "X-Spam-Flag: YES\r\n")).await.expect("spam");
    ok(
        engine,
        "change_user",
        json!({"credentials": creds("domain_admin@example.com"), "user": "jane@example.com",
               "attributes": {"block": ["*@blocked.test"], "delivery_forward": true, "delivery_local": true,
                              "forward_recipients": ["jane@elsewhere.test"], "delivery_autoresponder": true,
                              "autoresponder": "Away."}}),
    )
    .await;
    assert_eq!(to(engine, None, "jane@example.com", "s@blocked.test", &ham).await, Err(Refusal::Blocked));
    to(engine, Some(&relay), "jane@example.com", "friend@x.test", &ham).await.expect("forwarded");
    // Logins: IMAP, POP3 (through Dovecot's checkpassword path), the portal.
    mail_login::login(engine, "joe@example.com", PASSWORD, Protocol::Imap).await.expect("imap");
    mail_login::login(engine, "joe@example.com", PASSWORD, Protocol::Pop3).await.expect("pop3");
    mail_login::login(engine, "joe@example.com", PASSWORD, Protocol::Pop3).await.expect("pop3");
    let joe =
        engine::Credentials { user: "joe@example.com".into(), secret: Secret::Password(PASSWORD.into()), client: None };
    let caller = engine.authenticate_credentials(&joe, Purpose::Portal).await.expect("joe");
    engine.open_portal_session(&caller).await.expect("portal session");

    let check = |day: &Value| {
        let m = &day["messages"];
        assert_eq!(m["in_ham"], 3, "{day}"); // two to joe, one to jane
        assert_eq!(m["in_spam"], 1);
        assert_eq!(m["in_size"], json!(3 * ham.len()));
        assert_eq!(m["denied"], 1);
        assert_eq!(m["forward_count"], 1);
        assert_eq!(m["autorespond_count"], 1);
        assert_eq!(m["out_msg_count"], 0);
        assert_eq!(day["logins"], json!({"imap4": 1, "pop3": 2, "webmail": 1}));
    };
    // Today's partial figures, before any rollup.
    let domain_today = last(&summary(engine, "company_admin@example.com", "domain", "example.com", "day").await);
    check(&domain_today);
    let company = summary(engine, "company_admin@example.com", "company", "Example Corp", "day").await;
    check(&last(&company));
    let week = last(&summary(engine, "company_admin@example.com", "domain", "example.com", "week").await);
    check(&week);
    let month = last(&summary(engine, "company_admin@example.com", "domain", "example.com", "month").await);
    check(&month);

    // After the rollup: the same; twice: the same rows.
    rollup::rollup_recent(engine).await.expect("rollup");
    let after = last(&summary(engine, "company_admin@example.com", "domain", "example.com", "day").await);
    assert_eq!(after, domain_today);
    let rows = all_rows(engine).await;
    assert!(rows.len() >= 6, "{rows:?}");
    rollup::rollup_recent(engine).await.expect("rollup again");
    assert_eq!(all_rows(engine).await, rows);
    check(&last(&summary(engine, "company_admin@example.com", "domain", "example.com", "week").await));
    check(&last(&summary(engine, "company_admin@example.com", "company", "Example Corp", "month").await));
    // Other Inc saw nothing.
    let other = last(&summary(engine, PROVIDER, "company", "Other Inc", "day").await);
    assert_eq!(other["messages"]["in_ham"], 0);
    assert_eq!(other["logins"]["imap4"], 0);

    // The account's own shape: strings.
    let joe = summary(engine, "domain_admin@example.com", "user", "joe@example.com", "day").await;
    assert_eq!(joe.len(), 30);
    let today = last(&joe);
    assert_eq!(today["messages"]["in_ham"], "2");
    assert_eq!(today["messages"]["in_spam"], "1");
    assert_eq!(today["logins"]["imap4"], "1");
    assert_eq!(today["logins"]["pop3"], "2");
    assert_eq!(today["logins"]["webmail"], "1");
    assert!(today["logins"]["last_imap4"].as_str().expect("text").ends_with(" UTC"), "{today}");
    assert_eq!(today["account_type"], "mailbox");
    assert_eq!(today["services"]["imap4"], "enabled");
    assert_eq!(today["deletetime"], "");
    let yesterday = joe.values().nth(28).expect("yesterday");
    assert_eq!(yesterday["messages"]["in_ham"], "");
    let jane = last(&summary(engine, "domain_admin@example.com", "user", "jane@example.com", "day").await);
    assert_eq!(jane["delivery"], json!({"autoresponder": "1", "fonly": "0"}));
    assert_eq!(jane["forward"], "jane@elsewhere.test");
    assert_eq!(jane["workgroup"], "sales");
    assert_eq!(jane["messages"]["denied"], "1");
}
on_both!(events_show_today_and_after_rollup);

/// A closed day keeps the gauges measured while it was current; the rollup
/// after midnight finishes it and starts the new day.
async fn days_close_and_gauges_stay(engine: &Engine) {
    world(engine).await;
    rollup::rollup_recent(engine).await.expect("rollup");
    let today = engine::stats::today(engine);
    let mailboxes = |s: &Map<String, Value>, key: &str| s[key]["users"]["mailbox"].as_i64().expect("n");
    let s = summary(engine, "company_admin@example.com", "domain", "example.com", "day").await;
    let n = mailboxes(&s, &calendar::day_key(today));
    ok(
        engine,
        "change_user",
        json!({"credentials": creds("domain_admin@example.com"), "user": "newbie@example.com",
               "attributes": {"password": "s3cret-Pass"}, "create_only": true}),
    )
    .await;
    // A day later: yesterday keeps its count, today has the new account.
    engine.clock().advance(86_400);
    rollup::rollup_recent(engine).await.expect("rollup");
    rollup::rollup_recent(engine).await.expect("rollup again");
    let s = summary(engine, "company_admin@example.com", "domain", "example.com", "day").await;
    assert_eq!(mailboxes(&s, &calendar::day_key(today)), n);
    assert_eq!(mailboxes(&s, &calendar::day_key(today + 1)), n + 1);
}
on_both!(days_close_and_gauges_stay);

async fn periods_and_fresh_list(engine: &Engine) {
    world(engine).await;
    let today = engine::stats::today(engine);
    // A fresh server lists the current day, week and month.
    let list = ok(engine, "stats_list", json!({"credentials": creds("company_admin@example.com")})).await;
    assert_eq!(
        Value::Object(list),
        json!({"snapshots": {
            "month": [Period::Month.key(Period::Month.start_of(today))],
            "week": [Period::Week.key(Period::Week.start_of(today))],
            "day": [calendar::day_key(today)],
        }})
    );
    for (by, n) in [("day", 30), ("week", 52), ("month", 48)] {
        let s = summary(engine, "company_admin@example.com", "company", "Example Corp", by).await;
        assert_eq!(s.len(), n, "{by}");
        let keys: Vec<&String> = s.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{by}: oldest first");
        let period = Period::parse(by).expect("period");
        assert_eq!(**keys.last().expect("last"), period.key(period.start_of(today)));
        // The company's shape, numbers.
        assert!(last(&s)["services"]["imap4"].as_i64().expect("n") > 0);
    }
    // Weeks run Monday to Sunday.
    let s = summary(engine, "company_admin@example.com", "company", "Example Corp", "week").await;
    for key in s.keys() {
        let (period, start) = calendar::parse_key(key).expect("a week key");
        assert_eq!(period, Period::Week);
        assert_eq!(calendar::days_from_civil(2026, 11, 23).rem_euclid(7), start.rem_euclid(7), "Mondays");
    }
    // Defaults: by day, the caller's own company / domain / account.
    let own = ok(engine, "stats_summary", json!({"credentials": creds("company_admin@example.com")})).await;
    assert_eq!(own["summary"].as_object().expect("s").len(), 30);
    assert_eq!(own, ok(engine, "stats_summary", json!({"credentials": creds("company_admin@example.com"), "type": "company", "object": "Example Corp", "by": "day"})).await);
    let domain = ok(engine, "stats_summary", json!({"credentials": creds("domain_admin@example.com")})).await;
    assert_eq!(
        domain,
        ok(
            engine,
            "stats_summary",
            json!({"credentials": creds("domain_admin@example.com"), "type": "domain", "object": "example.com"})
        )
        .await
    );
    let mine = ok(engine, "stats_summary", json!({"credentials": creds("joe@example.com")})).await;
    assert!(last(mine["summary"].as_object().expect("s"))["account_type"].is_string());
    // Bad by / type: 6.
    let bad = |body: Value| async move { err(engine, "stats_summary", body).await };
    assert_eq!(bad(json!({"credentials": creds("company_admin@example.com"), "by": "year"})).await, 6);
    assert_eq!(
        bad(json!({"credentials": creds("company_admin@example.com"), "type": "brand", "object": "x"})).await,
        6
    );
    assert_eq!(bad(json!({"credentials": creds(PROVIDER)})).await, 5);
}
on_both!(periods_and_fresh_list);

async fn role_scoping(engine: &Engine) {
    world(engine).await;
    let summary_of = |who: &'static str, kind: &'static str, object: &'static str| async move {
        match crate::common::call(
            engine,
            "stats_summary",
            json!({"credentials": creds(who), "type": kind, "object": object}),
        )
        .await
        {
            Ok(_) => 0,
            Err((n, _)) => n,
        }
    };
    let cases: &[(&str, &str, &str, i64)] = &[
        (PROVIDER, "company", "Other Inc", 0),
        (PROVIDER, "company", "No Such Co", 2),
        ("company_admin@example.com", "company", "Example Corp", 0),
        ("company_admin@example.com", "domain", "example.net", 0),
        ("company_admin@example.com", "user", "bob@example.net", 0),
        ("company_admin@example.com", "company", "Other Inc", 9),
        ("company_admin@example.com", "domain", "other.org", 9),
        ("company_admin@example.com", "company", "No Such Co", 9),
        ("company_admin@example.com", "user", "alice@other.org", 9),
        ("view@example.com", "company", "Example Corp", 0),
        ("domain_admin@example.com", "domain", "example.com", 0),
        ("domain_admin@example.com", "user", "jane@example.com", 0),
        ("domain_admin@example.com", "company", "Example Corp", 9),
        ("domain_admin@example.com", "domain", "example.net", 9),
        ("domain_admin@example.com", "user", "bob@example.net", 9),
        ("mrmanager@example.com", "user", "jane@example.com", 0),
        ("mrmanager@example.com", "user", "sam@example.com", 9),
        ("mrmanager@example.com", "domain", "example.com", 9),
        ("joe@example.com", "user", "joe@example.com", 0),
        ("joe@example.com", "user", "jane@example.com", 9),
        ("joe@example.com", "domain", "example.com", 9),
        ("joe@example.com", "company", "Example Corp", 9),
        ("other_admin@other.org", "domain", "example.com", 9),
    ];
    for (who, kind, object, want) in cases {
        assert_eq!(summary_of(who, kind, object).await, *want, "{who} {kind} {object}");
    }
    // Snapshots: companies and domains only, same scoping.
    let today = calendar::day_key(engine::stats::today(engine));
    let snap = |who: &'static str, kind: &'static str, object: &'static str, date: String| async move {
        match crate::common::call(
            engine,
            "stats_snapshot",
            json!({"credentials": creds(who), "type": kind, "object": object, "date": date}),
        )
        .await
        {
            Ok(_) => 0,
            Err((n, _)) => n,
        }
    };
    assert_eq!(snap("company_admin@example.com", "company", "Example Corp", today.clone()).await, 0);
    assert_eq!(snap("domain_admin@example.com", "domain", "example.com", today.clone()).await, 0);
    assert_eq!(snap("domain_admin@example.com", "company", "Example Corp", today.clone()).await, 9);
    assert_eq!(snap("other_admin@other.org", "domain", "example.com", today.clone()).await, 9);
    assert_eq!(snap("joe@example.com", "domain", "example.com", today.clone()).await, 9);
    assert_eq!(snap("company_admin@example.com", "user", "joe@example.com", today.clone()).await, 6);
    // Unknown period: 2.
    assert_eq!(snap("company_admin@example.com", "company", "Example Corp", "2001-01".into()).await, 2);
    assert_eq!(snap("company_admin@example.com", "company", "Example Corp", "yesterday".into()).await, 2);
    // stats_list answers everyone (it names no object).
    for who in ["company_admin@example.com", "domain_admin@example.com", "joe@example.com", PROVIDER] {
        ok(engine, "stats_list", json!({"credentials": creds(who)})).await;
    }
}
on_both!(role_scoping);

/// The query of a link, decoded.
fn query_of(url: &str) -> HashMap<String, String> {
    let q = url.split_once('?').expect("a query").1;
    q.split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("k=v");
            (k.to_string(), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

async fn snapshot_links(engine: &Engine) {
    world(engine).await;
    to(engine, None, "joe@example.com", "x@y.test", &mail("hello", "")).await.expect("ham");
    let month = Period::Month.key(Period::Month.start_of(engine::stats::today(engine)));
    let got = ok(
        engine,
        "stats_snapshot",
        json!({"credentials": creds("company_admin@example.com"), "type": "domain", "object": "example.com", "date": month}),
    )
    .await;
    let url = got["snapshot"].as_str().expect("url").to_string();
    let prefix = format!(
        "/api/oma_file/get?type=snapshot&id=example.com%3Adomain%3A{month}&user=company_admin%40example.com&expires="
    );
    assert!(url.starts_with(&prefix), "{url}");
    let q = query_of(&url);
    assert_eq!(q["token"].len(), 32);
    assert_eq!(q["expires"].parse::<i64>().expect("n"), engine.clock().now() + 900);

    // CSV (default) and JSON.
    let file = snapshot_file::download(engine, &q).await.expect("csv");
    assert_eq!(file.filename, format!("example.com-{month}.csv"));
    let text = String::from_utf8(file.body).expect("utf-8");
    assert!(text.starts_with("user,account_type,logins_imap4,"), "{text}");
    assert!(text.contains("\njoe@example.com,mailbox,0,0,0,1,"), "{text}");
    assert!(text.lines().last().expect("a line").starts_with("TOTAL,,0,0,0,1,"), "{text}");
    let mut json_q = q.clone();
    json_q.insert("format".into(), "json".into());
    let file = snapshot_file::download(engine, &json_q).await.expect("json");
    assert_eq!(file.filename, format!("example.com-{month}.json"));
    let v: Value = serde_json::from_slice(&file.body).expect("json");
    assert_eq!(v["type"], "domain");
    assert_eq!(v["object"], "example.com");
    assert_eq!(v["period"], json!(month));
    assert_eq!(v["totals"]["messages"]["in_ham"], 1);
    let joe = v["users"].as_array().expect("users").iter().find(|u| u["user"] == "joe@example.com").expect("joe");
    assert_eq!(joe["in_ham"], 1);

    // Altered: refused.
    for (key, value) in [
        ("id", format!("example.net:domain:{month}")),
        ("id", format!("Example Corp:company:{month}")),
        ("user", "root".to_string()),
        ("expires", (q["expires"].parse::<i64>().expect("n") + 3600).to_string()),
        ("token", "0".repeat(32)),
        ("type", "migrationtrace".to_string()),
    ] {
        let mut bad = q.clone();
        bad.insert(key.into(), value);
        assert!(
            matches!(snapshot_file::download(engine, &bad).await, Err(snapshot_file::Refused::Forbidden(_))),
            "{key}"
        );
    }
    // Expired after 15 minutes.
    engine.clock().advance(14 * 60);
    snapshot_file::download(engine, &q).await.expect("still valid");
    engine.clock().advance(61);
    assert_eq!(snapshot_file::download(engine, &q).await, Err(snapshot_file::Refused::Forbidden("link expired")));
}
on_both!(snapshot_links);

/// The demo's year of history: every day listed, weekdays busier than weekends.
async fn demo_history(engine: &Engine) {
    world(engine).await;
    engine::stats::history::seed_demo(engine).await.expect("history");
    let list = ok(engine, "stats_list", json!({"credentials": creds("company_admin@example.com")})).await;
    assert!(list["snapshots"]["day"].as_array().expect("days").len() >= 365);
    assert!(list["snapshots"]["month"].as_array().expect("months").len() >= 12);
    let s = summary(engine, "company_admin@example.com", "company", "Example Corp", "day").await;
    let today = engine::stats::today(engine);
    let yesterday = &s[&calendar::day_key(today - 1)];
    assert!(yesterday["messages"]["in_ham"].as_i64().expect("n") > 0, "{yesterday}");
    let weeks = summary(engine, "company_admin@example.com", "domain", "example.com", "week").await;
    let values: Vec<i64> = weeks.values().map(|w| w["logins"]["webmail"].as_i64().expect("n")).collect();
    assert!(values[..51].iter().all(|n| *n > 0), "{values:?}");
    let joe = summary(engine, "company_admin@example.com", "user", "joe@example.com", "month").await;
    let months_with_mail = joe.values().filter(|m| m["messages"]["in_ham"] != "").count();
    assert!(months_with_mail >= 12, "{months_with_mail}");
}
on_both!(demo_history);
