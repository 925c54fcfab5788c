//! The `postroom` command line: admin create, migrate, bootstrap admin, help.

use crate::harness::{postroom, postroom_stdin, Server};

#[tokio::test]
async fn admin_create_works_before_the_first_serve_and_refuses_duplicates() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data").display().to_string();
    let (code, out, err) = postroom(&["admin", "create", "Ops", "--password", "s3cret-pw", "--data", &data], &[]).await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.trim(), "Created provider admin ops.");
    assert!(!out.contains("s3cret-pw") && !err.contains("s3cret-pw"));
    let (code, out, err) = postroom(&["admin", "create", "ops", "--password", "other-pw", "--data", &data], &[]).await;
    assert_eq!(code, 1);
    assert_eq!(err.trim(), "error: an account named ops exists already; nothing changed", "{out}");
    let (code, _, err) = postroom(&["admin", "create", "a@b.c", "--password", "pw", "--data", &data], &[]).await;
    assert_eq!(code, 1);
    assert!(err.contains("no '@'"), "{err}");
    let (code, _, err) = postroom(&["admin", "create", "x", "--password", "has space", "--data", &data], &[]).await;
    assert_eq!(code, 1);
    assert!(err.contains("password"), "{err}");
    // An admin exists, so serve creates no bootstrap admin; ops can log in.
    let s = Server::serve(dir, &[]).await;
    let (_, body) = s.post("/api/authenticate", r#"{"credentials":{"user":"OPS","password":"s3cret-pw"}}"#).await;
    assert!(body.starts_with(r#"{"success":true"#), "{body}");
    let (_, body) = s
        .post(
            "/api/authenticate",
            &format!(r#"{{"credentials":{{"user":"postmaster","password":"{}"}}}}"#, crate::harness::ROOT_PASSWORD),
        )
        .await;
    assert!(body.starts_with(r#"{"success":false,"error_number":1"#), "{body}");
}

#[tokio::test]
async fn the_first_serve_prints_a_random_bootstrap_password_once() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data").display().to_string();
    let port = crate::harness::free_port().to_string();
    let listen = format!("127.0.0.1:{port}");
    let mut child = tokio::process::Command::new(crate::harness::BIN)
        .args(["serve", "--listen", &listen, "--data", &data])
        .env_remove("POSTROOM_ADMIN_PASSWORD")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut password = None;
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(rest) = line.strip_prefix("Created the bootstrap provider admin: user postmaster, password ") {
            password = Some(rest.trim().to_string());
        }
        if line.starts_with("Postroom is serving") {
            break;
        }
    }
    let password = password.expect("a password was printed");
    assert_eq!(password.len(), 20);
    let client = reqwest::Client::new();
    let body = format!(r#"{{"credentials":{{"user":"postmaster","password":"{password}"}}}}"#);
    let text = client
        .post(format!("http://{listen}/api/authenticate"))
        .body(body)
        .send()
        .await
        .expect("send")
        .text()
        .await
        .expect("text");
    assert!(text.starts_with(r#"{"success":true"#), "{text}");
    child.kill().await.expect("kill");
    // Second start: no new admin, nothing printed about one.
    let out = tokio::process::Command::new(crate::harness::BIN)
        .args(["migrate", "--data", &data])
        .output()
        .await
        .expect("migrate");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "Database is up to date.");
}

#[tokio::test]
async fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["admin", "--help"],
        vec!["admin", "create", "--help"],
        vec!["migrate", "--help"],
        vec!["demo", "--help"],
    ] {
        let (code, out, err) = postroom(&args, &[]).await;
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("Usage: postroom"), "{args:?}: {out}");
    }
    let (code, _, err) = postroom(&["frobnicate"], &[]).await;
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized subcommand"), "{err}");
}

#[tokio::test]
async fn demo_refuses_to_run_twice() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data").display().to_string();
    assert_eq!(postroom(&["demo", "--data", &data, "--password", "pw-one1"], &[]).await.0, 0);
    let (code, _, err) = postroom(&["demo", "--data", &data, "--password", "pw-one1"], &[]).await;
    assert_eq!((code, err.trim()), (1, "error: demo data is present already; nothing changed"));
}

#[tokio::test]
async fn deliver_puts_one_message_in_a_mailbox_with_sysexits_codes() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data").display().to_string();
    let (code, out, err) = postroom(&["demo", "--data", &data, "--password", crate::harness::PASSWORD], &[]).await;
    assert_eq!(code, 0, "{out}{err}");
    let message = b"From: June <june@example.com>\r\nSubject: Hello Joe\r\n\r\nHi.\r\n";
    let (code, out, err) = postroom_stdin(&["deliver", "Joe@Example.com", "--data", &data], message).await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.trim(), format!("Delivered {} bytes to joe@example.com: stored in INBOX.", message.len()));
    let new = dir.path().join("data/mail/example.com/joe/new");
    let files: Vec<_> = std::fs::read_dir(&new).expect("new/").flatten().collect();
    assert_eq!(files.len(), 1);
    let stored = std::fs::read(files[0].path()).expect("read");
    assert_eq!(&stored[..], [&b"Return-Path: <>\r\nDelivered-To: joe@example.com\r\n"[..], &message[..]].concat());
    let (code, _, _) =
        postroom_stdin(&["deliver", "joe@example.com", "--folder", "Archive.2024", "--data", &data], message).await;
    assert_eq!(code, 0);
    assert!(dir.path().join("data/mail/example.com/joe/.Archive.2024/new").is_dir());
    // Refusals: unknown recipient 67, bad folder 77, empty input 65; nothing written.
    let (code, _, err) = postroom_stdin(&["deliver", "nobody@example.com", "--data", &data], message).await;
    assert_eq!(code, 67, "{err}");
    assert!(err.contains("5.1.1"), "{err}");
    let (code, _, err) =
        postroom_stdin(&["deliver", "joe@example.com", "--folder", "a..b", "--data", &data], message).await;
    assert_eq!(code, 77, "{err}");
    let (code, _, _) = postroom_stdin(&["deliver", "joe@example.com", "--data", &data], b"").await;
    assert_eq!(code, 65);
    assert_eq!(std::fs::read_dir(&new).expect("new/").count(), 1);
    // The portal's server sees it through the OMA.
    let s = Server::serve(dir, &[]).await;
    let (_, body) = s
        .post(
            "/api/get_user_messages",
            &format!(
                r#"{{"credentials":{{"user":"domain_admin@example.com","password":"{}"}},"user":"joe@example.com"}}"#,
                crate::harness::PASSWORD
            ),
        )
        .await;
    assert!(body.contains(r#""subject":["Hello Joe"]"#), "{body}");
    assert!(body.starts_with(r#"{"success":true,"count":1,"messages":[{"headers":{"INTERNALDATE":["#), "{body}");
}
