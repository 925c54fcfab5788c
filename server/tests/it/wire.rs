//! The OMA wire contract over real HTTP against the real binary: status codes,
//! the envelope byte for byte, exact error texts, lenient inputs, body limits.

use crate::harness::{Server, PASSWORD, ROOT_PASSWORD};
use serde_json::{json, Value};

/// Replaces the audit id (random per process) so bodies compare byte for byte.
fn masked(body: &str) -> String {
    match body.rfind(",\"audit\":\"") {
        Some(at) if body.ends_with("\"}") => format!("{},\"audit\":\"*\"}}", &body[..at]),
        _ => body.to_string(),
    }
}

#[tokio::test]
async fn envelopes_are_exact() {
    let s = Server::start(&[]).await;
    let (status, body) =
        s.post("/api/authenticate", r#"{"credentials":{"user":"postmaster","password":"wrong"}}"#).await;
    assert_eq!(status, 200);
    assert_eq!(
        masked(&body),
        r#"{"success":false,"error_number":1,"error":"Invalid credentials supplied in request","audit":"*"}"#
    );
    let body = format!(r#"{{"credentials":{{"user":"postmaster","password":"{ROOT_PASSWORD}"}}}}"#);
    let (status, body) = s.post("/api/authenticate", &body).await;
    assert_eq!((status, masked(&body)), (200, r#"{"success":true,"audit":"*"}"#.to_string()));
    // Roles come back in the spec's shape, success first, audit last, compact.
    let (_, body) = s
        .post("/api/authenticate", &format!(r#"{{"credentials":{{"user":"domain_admin@example.com","password":"{PASSWORD}"}},"fetch_extra_info":true}}"#))
        .await;
    assert_eq!(
        masked(&body),
        r#"{"success":true,"extra_info":{"roles":{"domain":["example.com"]},"macsettings":null},"audit":"*"}"#
    );
    // Hints name the attributes at fault.
    let (_, body) = s
        .post("/api/change_company", &format!(r#"{{"credentials":{{"user":"postmaster","password":"{ROOT_PASSWORD}"}},"company":"X Co","attributes":{{"spamtag":"[JUNK]","colour":"red","allow":"*@x.com"}}}}"#))
        .await;
    assert_eq!(
        masked(&body),
        r#"{"success":false,"error_number":6,"error":"One or more attributes badly formatted","hints":{"allow":"Not a list","colour":"Unknown attribute"},"audit":"*"}"#
    );
    // Permission and missing-field errors.
    let (_, body) = s
        .post(
            "/api/search_admins",
            &format!(r#"{{"credentials":{{"user":"joe@example.com","password":"{PASSWORD}"}}}}"#),
        )
        .await;
    assert_eq!(
        masked(&body),
        r#"{"success":false,"error_number":9,"error":"Requestor does not own this object or lacks permission to perform this action","audit":"*"}"#
    );
    let (_, body) = s
        .post("/api/logout_user", &format!(r#"{{"credentials":{{"user":"joe@example.com","password":"{PASSWORD}"}}}}"#))
        .await;
    assert_eq!(
        masked(&body),
        r#"{"success":false,"error_number":5,"error":"Request badly formatted (missing required field, or field is not the correct data type)","audit":"*"}"#
    );
}

#[tokio::test]
async fn a_missing_domain_the_caller_could_create_comes_with_its_form() {
    let s = Server::start(&[]).await;
    let (status, body) = s
        .post("/api/get_domain", &format!(r#"{{"credentials":{{"user":"company_admin@example.com","password":"{PASSWORD}"}},"domain":"example3.com"}}"#))
        .await;
    assert_eq!(status, 200);
    assert!(
        body.starts_with(r#"{"success":false,"error_number":2,"error":"The requested object does not exist","settable_attributes":["aliases","#),
        "{body}"
    );
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["metadata"]["defaults"]["workgroup"], json!("staff"));
    assert_eq!(v["metadata"]["options"]["workgroup"], json!([]));
    assert!(body.ends_with(&format!(r#","audit":"{}"}}"#, v["audit"].as_str().expect("audit"))));
    // create_only on an existing domain: the examples' error 23.
    let (_, body) = s
        .post("/api/change_domain", &format!(r#"{{"attributes":{{}},"domain":"example.com","create_only":true,"credentials":{{"user":"company_admin@example.com","password":"{PASSWORD}"}}}}"#))
        .await;
    assert_eq!(masked(&body), r#"{"success":false,"error_number":23,"error":"Object already exists","audit":"*"}"#);
}

#[tokio::test]
async fn user_methods_on_the_wire() {
    let s = Server::start(&[]).await;
    let creds = format!(r#""credentials":{{"user":"domain_admin@example.com","password":"{PASSWORD}"}}"#);
    let (status, body) = s
        .post(
            "/api/change_user",
            &format!(r#"{{{creds},"user":"fresh@example.com","attributes":{{"name":"Fresh","quota":"100"}}}}"#),
        )
        .await;
    assert_eq!((status, masked(&body)), (200, r#"{"success":true,"audit":"*"}"#.to_string()));
    let (_, body) = s
        .post(
            "/api/change_user",
            &format!(r#"{{{creds},"user":"fresh@example.com","attributes":{{}},"create_only":true}}"#),
        )
        .await;
    assert_eq!(masked(&body), r#"{"success":false,"error_number":23,"error":"Object already exists","audit":"*"}"#);
    let (_, body) = s.post("/api/get_user", &format!(r#"{{{creds},"user":"fresh@example.com"}}"#)).await;
    assert!(body.starts_with(r#"{"success":true,"settable_attributes":["aliases","#), "{body}");
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!((v["type"].clone(), v["attributes"]["quota"].clone()), (json!("mailbox"), json!(100)));
    let (_, body) = s
        .post("/api/search_users", &format!(r#"{{{creds},"criteria":{{"domain":"example.com","match":"fresh*"}}}}"#))
        .await;
    assert_eq!(
        masked(&body),
        r#"{"success":true,"users":[{"user":"fresh@example.com","type":"mailbox","workgroup":"staff","status":"active"}],"count":1,"total_count":1,"audit":"*"}"#
    );
    // Postroom's `quota` field: the demo's sam@example.com holds 94% of 1 MB.
    let (_, body) = s
        .post(
            "/api/search_users",
            &format!(r#"{{{creds},"criteria":{{"domain":"example.com","match":"sam*"}},"fields":["quota"]}}"#),
        )
        .await;
    assert_eq!(
        masked(&body),
        r#"{"success":true,"users":[{"user":"sam@example.com","type":"mailbox","quota":{"bytes_max":1048576,"bytes_used":986670,"messages_used":2}}],"count":1,"total_count":1,"audit":"*"}"#
    );
}

#[tokio::test]
async fn status_codes() {
    let s = Server::start(&[]).await;
    let creds = format!(r#"{{"credentials":{{"user":"postmaster","password":"{ROOT_PASSWORD}"}}}}"#);
    assert_eq!(s.post("/api/no_such_method", &creds).await.0, 404);
    assert_eq!(s.post("/api/get_deleted_contacts", &creds).await.0, 404, "methods not built do not pretend");
    for bad in ["", "not json", "[1,2]", "\"x\"", "{\"a\":", "null"] {
        let (status, body) = s.post("/api/authenticate", bad).await;
        assert_eq!(status, 400, "body {bad:?}");
        assert_eq!(
            masked(&body),
            r#"{"success":false,"error_number":5,"error":"Request badly formatted (missing required field, or field is not the correct data type)","audit":"*"}"#
        );
    }
    let (status, _) = s.request(reqwest::Method::GET, "/api/echo", None, None).await;
    assert_eq!(status, 405);
    let (status, body) = s.request(reqwest::Method::GET, "/healthz", None, None).await;
    assert_eq!((status, body.as_str()), (200, "ok"));
}

#[tokio::test]
async fn lenient_inputs() {
    let s = Server::start(&[]).await;
    let body = format!(
        r#"{{"credentials":{{"user":"DOMAIN_ADMIN@example.com","password":"{PASSWORD}","client":"My OMA Client v1.0"}},"generate_session_token":"true","session_token_duration":"60","unknown_key":[1,2,3]}}"#
    );
    // No Content-Type, a wrong one, and a doubled slash in the path.
    for (path, ctype) in [
        ("/api/authenticate", None),
        ("/api//authenticate", Some("text/plain")),
        ("/api/authenticate/", Some("application/x-www-form-urlencoded")),
    ] {
        let (status, text) = s.request(reqwest::Method::POST, path, Some(body.clone()), ctype).await;
        assert_eq!(status, 200, "{path}");
        let v: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v["success"], json!(true), "{path}: {text}");
        assert_eq!(v["session_token_duration"], json!(60));
        // The token works as `token` and as `session_token`.
        let token = v["session_token"].as_str().expect("token");
        for key in ["token", "session_token"] {
            let again = format!(r#"{{"credentials":{{"user":"domain_admin@example.com","{key}":"{token}"}}}}"#);
            let (_, text) = s.post("/api/authenticate", &again).await;
            assert_eq!(masked(&text), r#"{"success":true,"audit":"*"}"#);
        }
    }
    // PHP's [] for an empty attribute map.
    let body = format!(
        r#"{{"credentials":{{"user":"postmaster","password":"{ROOT_PASSWORD}"}},"company":"Php Co","attributes":[]}}"#
    );
    assert_eq!(masked(&s.post("/api/change_company", &body).await.1), r#"{"success":true,"audit":"*"}"#);
}

#[tokio::test]
async fn echo_returns_the_body_as_received() {
    let s = Server::start(&[]).await;
    let body = r#"{"Animal Count":{"dog":5,"cat":10,"cow":2,"chicken":9},"Farm":"MacDonald Farm LLC","cluck-cluck":["here","there","everywhere"]}"#;
    let (status, text) = s.post("/api/echo", body).await;
    assert_eq!((status, text.as_str()), (200, body));
    let (_, text) =
        s.post("/api/echo", r#"{"credentials":{"user":"u","password":"secret","token":"t"},"x":"é"}"#).await;
    assert_eq!(text, r#"{"credentials":{"user":"u","password":"*****","token":"*****"},"x":"é"}"#);
}

#[tokio::test]
async fn oversized_bodies_get_413_and_the_server_lives_on() {
    let s = Server::start(&["--max-body-bytes", "4096"]).await;
    let padding = "x".repeat(3000);
    let fits = format!(r#"{{"pad":"{padding}"}}"#);
    assert_eq!(s.post("/api/echo", &fits).await.0, 200);
    let big = format!(r#"{{"pad":"{}"}}"#, "x".repeat(5000));
    let (status, text) = s.post("/api/echo", &big).await;
    assert_eq!(status, 413);
    assert_eq!(masked(&text), r#"{"success":false,"error":"Request body too large (limit 4096 bytes)","audit":"*"}"#);
    // Chunked (no Content-Length) too.
    let stream = futures_stream(big.into_bytes());
    let response =
        s.client.post(s.url("/api/echo")).body(reqwest::Body::wrap_stream(stream)).send().await.expect("send");
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(s.post("/api/echo", &fits).await.0, 200);
    assert_eq!(s.request(reqwest::Method::GET, "/healthz", None, None).await.0, 200);
}

fn futures_stream(bytes: Vec<u8>) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = bytes.chunks(1000).map(|c| Ok(c.to_vec())).collect();
    futures_util::stream::iter(chunks)
}

#[tokio::test]
async fn server_faults_are_500_with_error_0_and_logged() {
    let s = Server::start(&[]).await;
    // Break the database under the server: the token table disappears.
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}/postroom.db", s.data_dir().display())).await.expect("db");
    sqlx::query("DROP TABLE tokens").execute(&db).await.expect("drop");
    let body = format!(
        r#"{{"credentials":{{"user":"postmaster","password":"{ROOT_PASSWORD}"}},"generate_session_token":true}}"#
    );
    let (status, text) = s.post("/api/authenticate", &body).await;
    assert_eq!(status, 500);
    assert_eq!(masked(&text), r#"{"success":false,"error_number":0,"error":"Server error","audit":"*"}"#);
    let audit: Value = serde_json::from_str(&text).expect("json");
    let audit = audit["audit"].as_str().expect("audit").to_string();
    assert!(s.log_contains(&audit).await, "the failing request's audit id is in the log");
    assert!(!s.log_contains(ROOT_PASSWORD).await, "passwords never reach the log");
}

#[tokio::test]
async fn every_response_is_logged_with_its_audit_id() {
    let s = Server::start(&[]).await;
    let (_, text) = s.post("/api/authenticate", r#"{"credentials":{"user":"postmaster","password":"nope"}}"#).await;
    let v: Value = serde_json::from_str(&text).expect("json");
    let audit = v["audit"].as_str().expect("audit");
    assert!(s.log_contains(&format!("audit={audit}")).await);
    assert!(!s.log_contains("nope").await, "no secret in the log");
}

/// Each `"id":"…"` value replaced by `*` (message ids are sealed with the
/// server's random key), in order, and returned beside the masked body.
fn ids_masked(body: &str) -> (String, Vec<String>) {
    let (mut out, mut ids, mut rest) = (String::new(), Vec::new(), body);
    while let Some(at) = rest.find("\"id\":\"") {
        let start = at + 6;
        let end = start + rest[start..].find('"').expect("closing quote");
        out.push_str(&rest[..start]);
        out.push('*');
        ids.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    out.push_str(rest);
    (masked(&out), ids)
}

/// The mail methods over HTTP, byte for byte, on the demo mailbox of
/// june@example.com (its demo mail has fixed dates, so INTERNALDATE is fixed).
#[tokio::test]
async fn mail_methods_on_the_wire() {
    let s = Server::start(&[]).await;
    let creds = format!(r#""credentials":{{"user":"company_admin@example.com","password":"{PASSWORD}"}}"#);
    let call = |method: &'static str, args: String| {
        let s = &s;
        let creds = creds.clone();
        async move {
            let (status, body) = s.post(&format!("/api/{method}"), &format!(r#"{{{creds},{args}}}"#)).await;
            assert_eq!(status, 200, "{body}");
            body
        }
    };
    let june = r#""user":"june@example.com""#;
    let body = call("get_user_folders", june.to_string()).await;
    assert_eq!(
        masked(&body),
        r#"{"success":true,"folders":["INBOX","plus ça change","Projects.2024"],"deleted_folders":["Old folder"],"audit":"*"}"#
    );
    let (body, projects) = ids_masked(&call("get_user_messages", format!(r#"{june},"folder":"Projects.2024""#)).await);
    let received = |date: &str| {
        format!(
            r#""received":["from mx.example.net (mx.example.net [192.0.2.25]) by mail.example.com with ESMTPS; {date}","from client.example (client.example [198.51.100.7]) by mx.example.net with ESMTPSA; {date}"]"#
        )
    };
    let (jan, feb) = ("Tue, 02 Jan 2024 10:00:00 +0000", "Thu, 08 Feb 2024 14:20:00 +0000");
    assert_eq!(
        body,
        format!(
            r#"{{"success":true,"count":2,"messages":[{{"headers":{{"INTERNALDATE":[1704189600],"return-path":["<joe@example.com>"],{},"from":["Joe User <joe@example.com>"],"to":["june@example.com"],"subject":["Project kickoff"],"date":["{jan}"],"message-id":["<demo-6-june@postroom.example>"],"mime-version":["1.0"],"content-type":["text/plain; charset=utf-8"]}},"id":"*"}},{{"headers":{{"INTERNALDATE":[1707402000],"return-path":["<jane@example.com>"],{},"from":["Jane User <jane@example.com>"],"to":["june@example.com"],"subject":["Budget draft v2"],"date":["{feb}"],"message-id":["<demo-7-june@postroom.example>"],"mime-version":["1.0"],"content-type":["text/plain; charset=utf-8"]}},"id":"*"}}],"audit":"*"}}"#,
            received(jan),
            received(feb)
        )
    );
    // A deleted folder's message: the folder flagged, only the headers asked for (any case).
    let (body, deleted) = ids_masked(
        &call("get_deleted_messages", format!(r#"{june},"folder":"Old folder","headers":["subject","From"]"#)).await,
    );
    assert_eq!(
        body,
        r#"{"success":true,"count":1,"messages":[{"folder":"Old folder","folder-unicode":"Old folder","folder_deleted":true,"headers":{"INTERNALDATE":[1702641600],"subject":["Notes from 2023"],"from":["Joe User <joe@example.com>"]},"id":"*"}],"audit":"*"}"#
    );
    let body = call("restore_deleted_messages", format!(r#"{june},"ids":["{}","forged"]"#, deleted[0])).await;
    assert_eq!(
        masked(&body),
        format!(
            r#"{{"success":true,"ids":[{{"id":"{}","success":true}},{{"id":"forged","success":false,"error":"The requested object does not exist","error_number":2}}],"audit":"*"}}"#,
            deleted[0]
        )
    );
    let body = call("get_user_folders", june.to_string()).await;
    assert_eq!(
        masked(&body),
        r#"{"success":true,"folders":["INBOX","Old folder","plus ça change","Projects.2024"],"deleted_folders":[],"audit":"*"}"#
    );
    let body = call("move_user_messages", format!(r#"{june},"folder":"INBOX","ids":["{}"]"#, projects[0])).await;
    assert_eq!(
        masked(&body),
        format!(r#"{{"success":true,"count":1,"ids":[{{"id":"{}","success":true}}],"audit":"*"}}"#, projects[0])
    );
    let body = call("move_user_messages", format!(r#"{june},"folder":"Nowhere","ids":["{}"]"#, projects[1])).await;
    assert_eq!(
        masked(&body),
        r#"{"success":false,"error_number":2,"error":"The requested object does not exist","hints":{"folder":"No such folder"},"audit":"*"}"#
    );
    assert_eq!(masked(&call("user_notify", june.to_string()).await), r#"{"success":true,"new_mail":true,"audit":"*"}"#);
    let (body, job) = ids_masked(&call("reindex", june.to_string()).await);
    assert_eq!(body, r#"{"success":true,"status":"pending","id":"*","audit":"*"}"#);
    assert!(job[0].len() == 32 && job[0].bytes().all(|b| b.is_ascii_hexdigit()), "{job:?}");
    let (body, _) = ids_masked(&call("reindex", format!(r#"{june},"id":"{}""#, job[0])).await);
    assert!(
        ["pending", "active", "complete"]
            .iter()
            .any(|status| body == format!(r#"{{"success":true,"status":"{status}","id":"*","audit":"*"}}"#)),
        "{body}"
    );
}

/// The bulletin methods over HTTP, byte for byte, with the spec's own text
/// (no blank line before the body), and a post reaching real INBOXes.
#[tokio::test]
async fn bulletin_methods_on_the_wire() {
    let s = Server::start(&[]).await;
    let creds = format!(r#""credentials":{{"user":"company_admin@example.com","password":"{PASSWORD}"}}"#);
    let call = |method: &'static str, args: String| {
        let s = &s;
        let creds = creds.clone();
        async move {
            let (status, body) = s.post(&format!("/api/{method}"), &format!(r#"{{{creds},{args}}}"#)).await;
            assert_eq!(status, 200, "{body}");
            masked(&body)
        }
    };
    let fridge = r#""company":"Example Corp","bulletin":"Fridge","type":"auto""#;
    let text = r#"From: Mister Manager <mrmanager@example.com>\nSubject: Please empty the fridge!\nContent-Type: text/plain; charset=us-ascii\nContent-Disposition: inline\nDear {'title'} {'name'},\nPlease empty kitchen refrigerator regularly.\nThank you.\nM. Manager"#;
    let ok = r#"{"success":true,"audit":"*"}"#;
    assert_eq!(call("change_company_bulletin", format!(r#"{fridge},"bulletin_text":"{text}""#)).await, ok);
    assert_eq!(
        call("get_company_bulletin", fridge.to_string()).await,
        format!(r#"{{"success":true,"bulletin_text":"{text}","audit":"*"}}"#)
    );
    assert_eq!(
        call("change_company_bulletin", format!(r#"{fridge},"bulletin_text":"Subject: no sender\n\nHi""#)).await,
        r#"{"success":false,"error_number":6,"error":"One or more attributes badly formatted","hints":{"bulletin_text":"A bulletin needs a From header"},"audit":"*"}"#
    );
    let company = call("get_company", r#""company":"Example Corp""#.to_string()).await;
    assert!(
        company.contains(
            r#""bulletins":{"manual":[],"auto":[{"count":0,"last":null,"mtime":null,"name":"Fridge","total":0}]},"#
        ),
        "{company}"
    );
    assert_eq!(call("post_company_bulletin", format!(r#"{fridge},"test_email":"mrmanager@example.com""#)).await, ok);
    assert_eq!(
        call("post_company_bulletin", format!(r#"{fridge},"test_email":"nobody@example.com""#)).await,
        r#"{"success":false,"error_number":13,"error":"User does not exist","audit":"*"}"#
    );
    assert_eq!(call("post_company_bulletin", fridge.to_string()).await, ok);
    // The post runs in the background: its progress shows in get_company.
    let mut listed = Value::Null;
    for _ in 0..100 {
        let body = call("get_company", r#""company":"Example Corp""#.to_string()).await;
        let v: Value = serde_json::from_str(&body).expect("json");
        listed = v["metadata"]["bulletins"]["auto"][0].clone();
        if listed["count"] == listed["total"] && listed["count"].as_i64() > Some(0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let total = listed["total"].as_i64().expect("total");
    assert!(total >= 15, "{listed}");
    assert_eq!(listed["count"], json!(total), "{listed}");
    assert_eq!(listed["last"].as_str().map(|l| l.split(' ').count()), Some(5), "ctime-like text: {listed}");
    let inbox = |user: &str| {
        let dir = s
            .data_dir()
            .join("mail")
            .join(user.split('@').nth(1).expect("domain"))
            .join(user.split('@').next().expect("local"));
        std::fs::read_dir(dir.join("new"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .filter(|t| t.contains("fridge"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let joe: Vec<String> = inbox("joe@example.com");
    assert_eq!(joe.len(), 1);
    assert!(
        joe[0].ends_with("\n\nDear  Joe User,\nPlease empty kitchen refrigerator regularly.\nThank you.\nM. Manager\n"),
        "{}",
        joe[0]
    );
    assert_eq!(inbox("bob@example.net").len(), 1);
    assert_eq!(inbox("mrmanager@example.com").len(), 2, "the test and the post");
    assert!(inbox("alice@other.org").is_empty());
}
