//! Stats over real HTTP against the real binary: stats_list and stats_summary
//! byte for byte on a fresh server (period keys follow today's date), a
//! delivery by `postroom deliver` in the figures, `postroom stats rollup`,
//! stats_snapshot's link and the download route (CSV, JSON, refusals).

use engine::stats::calendar::{self, Period};

use crate::harness::{postroom, postroom_stdin, Server, ROOT_PASSWORD};

fn masked(body: &str) -> String {
    match body.rfind(",\"audit\":\"") {
        Some(at) if body.ends_with("\"}") => format!("{},\"audit\":\"*\"}}", &body[..at]),
        _ => body.to_string(),
    }
}

fn today() -> i64 {
    calendar::day_of(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs() as i64)
}

fn root() -> String {
    format!(r#""credentials":{{"user":"postmaster","password":"{ROOT_PASSWORD}"}}"#)
}

const ZERO: &str = r#"{"messages":{"autorespond_count":0,"in_size":0,"out_msg_count":0,"in_spam":0,"out_size":0,"forward_count":0,"in_ham":0,"out_rcpt_count":0,"denied":0},"services":{"smtprelay":0,"smtpin":0,"imap4":0,"pop3":0,"webmail":0},"deleted_users":{"storage_items_stored":0,"storage_current_size":0},"users":{"filter":0,"forward":0,"deleted":0,"mailbox":0,"alias":0},"logins":{"imap4":0,"pop3":0,"webmail":0},"storage":{"items_stored":0,"current_size":0}}"#;

#[tokio::test]
async fn stats_on_the_wire_byte_for_byte() {
    let dir = tempfile::tempdir().expect("dir");
    let s = Server::serve(dir, &[]).await;
    let day = today();
    // A fresh server lists the current day, week and month.
    let (status, body) = s.post("/api/stats_list", &format!("{{{}}}", root())).await;
    assert_eq!(status, 200);
    assert_eq!(
        masked(&body),
        format!(
            r#"{{"success":true,"snapshots":{{"month":["{}"],"week":["{}"],"day":["{}"]}},"audit":"*"}}"#,
            Period::Month.key(Period::Month.start_of(day)),
            Period::Week.key(Period::Week.start_of(day)),
            calendar::day_key(day)
        )
    );

    // A company, a domain, one mailbox; one message delivered by `postroom deliver`.
    let ok = r#"{"success":true,"audit":"*"}"#;
    let (_, b) =
        s.post("/api/change_company", &format!(r#"{{{},"company":"Acme Co","attributes":{{}}}}"#, root())).await;
    assert_eq!(masked(&b), ok);
    let (_, b) = s
        .post(
            "/api/change_domain",
            &format!(r#"{{{},"domain":"acme.test","attributes":{{"company":"Acme Co"}},"create_only":true}}"#, root()),
        )
        .await;
    assert_eq!(masked(&b), ok);
    let (_, b) = s
        .post(
            "/api/change_user",
            &format!(
                r#"{{{},"user":"ann@acme.test","attributes":{{"password":"ann-Pass1"}},"create_only":true}}"#,
                root()
            ),
        )
        .await;
    assert_eq!(masked(&b), ok);
    let data = s.data_dir().display().to_string();
    let message = b"From: x@y.test\r\nSubject: hi\r\n\r\nHello.\r\n";
    let (code, out, err) = postroom_stdin(&["deliver", "--data", &data, "ann@acme.test"], message).await;
    assert_eq!(code, 0, "{out}{err}");
    // The rollup from the command line (the server runs it too).
    let (code, out, err) = postroom(&["stats", "rollup", "--data", &data, "--day", &calendar::day_key(day)], &[]).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), format!("Rolled up {}: 1 domain(s), 1 company(ies).", calendar::day_key(day)));

    // The domain by day: 29 empty days, then today.
    let size = std::fs::read_dir(std::path::Path::new(&data).join("mail/acme.test/ann/new"))
        .expect("new/")
        .flatten()
        .map(|f| f.metadata().expect("meta").len())
        .sum::<u64>();
    let todays = format!(
        r#"{{"messages":{{"autorespond_count":0,"in_size":{len},"out_msg_count":0,"in_spam":0,"out_size":0,"forward_count":0,"in_ham":1,"out_rcpt_count":0,"denied":0}},"services":{{"smtprelay":1,"smtpin":1,"imap4":1,"pop3":1,"webmail":1}},"deleted_users":{{"storage_items_stored":0,"storage_current_size":0}},"users":{{"filter":0,"forward":0,"deleted":0,"mailbox":1,"alias":0}},"logins":{{"imap4":0,"pop3":0,"webmail":0}},"storage":{{"items_stored":1,"current_size":{size}}}}}"#,
        len = message.len()
    );
    let mut expected = String::from(r#"{"success":true,"summary":{"#);
    for (i, start) in Period::Day.last_n(day, 30).into_iter().enumerate() {
        let figures = if i == 29 { todays.as_str() } else { ZERO };
        expected.push_str(&format!(r#"{}"{}":{figures}"#, if i == 0 { "" } else { "," }, calendar::day_key(start)));
    }
    expected.push_str(r#"},"audit":"*"}"#);
    let (_, body) = s
        .post("/api/stats_summary", &format!(r#"{{{},"type":"domain","object":"acme.test","by":"day"}}"#, root()))
        .await;
    assert_eq!(masked(&body), expected);
    // Numbers as strings and unknown keys are fine; a bad `by` is error 6 with a hint.
    let (_, body) = s
        .post("/api/stats_summary", &format!(r#"{{{},"type":"company","object":"Acme Co","by":"year"}}"#, root()))
        .await;
    assert_eq!(
        masked(&body),
        r#"{"success":false,"error_number":6,"error":"One or more attributes badly formatted","hints":{"by":"day, week or month"},"audit":"*"}"#
    );

    // stats_snapshot: a relative link, then the files.
    let month = Period::Month.key(Period::Month.start_of(day));
    let (_, body) = s
        .post(
            "/api/stats_snapshot",
            &format!(r#"{{{},"type":"domain","object":"acme.test","date":"{month}"}}"#, root()),
        )
        .await;
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    let link = v["snapshot"].as_str().expect("link").to_string();
    let prefix = format!("/api/oma_file/get?type=snapshot&id=acme.test%3Adomain%3A{month}&user=postmaster&expires=");
    assert!(link.starts_with(&prefix), "{link}");
    let token = link.rsplit_once("&token=").expect("token").1;
    assert_eq!(token.len(), 32);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    let (_, body) = s
        .post(
            "/api/stats_snapshot",
            &format!(r#"{{{},"type":"domain","object":"acme.test","date":"1999-01"}}"#, root()),
        )
        .await;
    assert_eq!(
        masked(&body),
        r#"{"success":false,"error_number":2,"error":"The requested object does not exist","audit":"*"}"#
    );

    let csv = s.client.get(s.url(&link)).send().await.expect("csv");
    assert_eq!(csv.status(), 200);
    assert_eq!(
        csv.headers()["content-disposition"].to_str().expect("text"),
        format!("attachment; filename=\"acme.test-{month}.csv\"")
    );
    assert!(csv.headers()["content-type"].to_str().expect("text").starts_with("text/csv"));
    let text = csv.text().await.expect("body");
    let len = message.len();
    assert_eq!(
        text,
        format!(
            "user,account_type,logins_imap4,logins_pop3,logins_webmail,in_ham,in_spam,in_size,denied,forward_count,autorespond_count,out_msg_count,out_rcpt_count,out_size,items_stored,current_size\n\
             ann@acme.test,mailbox,0,0,0,1,0,{len},0,0,0,0,0,0,1,{size}\n\
             TOTAL,,0,0,0,1,0,{len},0,0,0,0,0,0,1,{size}\n"
        )
    );
    let json = s.client.get(s.url(&format!("{link}&format=json"))).send().await.expect("json");
    assert_eq!(json.status(), 200);
    assert_eq!(
        json.headers()["content-disposition"].to_str().expect("text"),
        format!("attachment; filename=\"acme.test-{month}.json\"")
    );
    let v: serde_json::Value = json.json().await.expect("json");
    assert_eq!(v["type"], "domain");
    assert_eq!(v["object"], "acme.test");
    assert_eq!(v["period"], month.as_str());
    assert_eq!(v["totals"]["messages"]["in_ham"], 1);
    assert_eq!(v["users"][0]["user"], "ann@acme.test");
    assert_eq!(v["users"][0]["in_size"], len);

    // Altered links: 403 with a reason.
    let other = link.replace("acme.test%3Adomain", "other.test%3Adomain");
    let r = s.client.get(s.url(&other)).send().await.expect("altered");
    assert_eq!(r.status(), 403);
    assert_eq!(r.text().await.expect("text"), "Forbidden: link signature does not match.\n");
    let r = s.client.get(s.url(&link.replace("user=postmaster", "user=someone"))).send().await.expect("altered");
    assert_eq!(r.status(), 403);
    let r = s.client.get(s.url(&format!("{link}&format=xml"))).send().await.expect("format");
    assert_eq!(r.status(), 403);
}
