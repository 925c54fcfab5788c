//! Interop with a real Dovecot (Debian's dovecot-imapd, started here on
//! loopback): Dovecot serves Postroom's store, authenticates against
//! Postroom (`postroom dovecot-auth` as its checkpassword program), and keeps
//! expunged mail with lazy_expunge where Postroom lists and restores it.
//! Skipped when Dovecot is not installed, unless POSTROOM_REQUIRE_DOVECOT=1
//! (the test command sets it and installs Dovecot).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::harness::{free_port, postroom, postroom_stdin, Server, BIN, PASSWORD};

const DOVECOT: &str = "/usr/sbin/dovecot";
const MAIL_UID: u32 = 5000;

struct Dovecot {
    config: PathBuf,
    port: u16,
}

impl Dovecot {
    fn start(root: &Path, mail_root: &Path, auth_program: &Path) -> Dovecot {
        let port = free_port();
        for dir in ["run", "state", "log"] {
            std::fs::create_dir_all(root.join(dir)).expect("mkdir");
        }
        let r = root.display();
        let config = root.join("dovecot.conf");
        // Loopback is trusted and failures are not delayed: Dovecot's per-IP
        // auth penalty (2 s doubling to 15 s after each refused login) made
        // the logins after the refused ones take over 20 s on a loaded machine.
        std::fs::write(
            &config,
            format!(
                "instance_name = postroom-test-{port}\nbase_dir = {r}/run\nstate_dir = {r}/state\nprotocols = imap\n\
                 listen = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n\
                 login_trusted_networks = 127.0.0.0/8\nauth_failure_delay = 0\n\
                 log_path = {r}/log/dovecot.log\ninfo_log_path = {r}/log/dovecot.log\nauth_verbose = yes\n\
                 first_valid_uid = {MAIL_UID}\nlast_valid_uid = {MAIL_UID}\nfirst_valid_gid = {MAIL_UID}\nlast_valid_gid = {MAIL_UID}\n\
                 mail_location = maildir:{m}/%d/%n\n\
                 namespace inbox {{\n  inbox = yes\n  separator = /\n  prefix =\n}}\n\
                 mail_plugins = $mail_plugins lazy_expunge\n\
                 namespace expunged {{\n  prefix = .EXPUNGED/\n  separator = /\n  hidden = yes\n  list = no\n  subscriptions = no\n  location = maildir:~/expunged\n}}\n\
                 plugin {{\n  lazy_expunge = .EXPUNGED/\n}}\n\
                 passdb {{\n  driver = checkpassword\n  args = {a}\n}}\n\
                 userdb {{\n  driver = prefetch\n}}\n\
                 userdb {{\n  driver = checkpassword\n  args = {a}\n}}\n\
                 service auth {{\n  user = root\n}}\nservice auth-worker {{\n  user = root\n}}\n\
                 service imap-login {{\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n  inet_listener imaps {{\n    port = 0\n  }}\n}}\n",
                m = mail_root.display(),
                a = auth_program.display(),
            ),
        )
        .expect("config");
        let status = std::process::Command::new(DOVECOT).arg("-c").arg(&config).status().expect("run dovecot");
        assert!(status.success(), "dovecot did not start");
        Dovecot { config, port }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.config.parent().expect("root").join("log/dovecot.log")).unwrap_or_default()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = std::process::Command::new("doveadm").arg("-c").arg(&self.config).arg("stop").status();
    }
}

/// A minimal IMAP client: tagged commands, all lines up to the tagged reply.
struct Imap {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    tag: u32,
}

impl Imap {
    async fn connect(port: u16) -> Imap {
        let mut last = None;
        for _ in 0..100 {
            match TcpStream::connect(("127.0.0.1", port)).await {
                Ok(stream) => {
                    let (r, w) = stream.into_split();
                    let mut imap = Imap { reader: BufReader::new(r), writer: w, tag: 0 };
                    let mut greeting = String::new();
                    imap.reader.read_line(&mut greeting).await.expect("greeting");
                    assert!(greeting.starts_with("* OK"), "{greeting}");
                    return imap;
                }
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("IMAP did not listen: {last:?}");
    }

    /// (untagged lines, the tagged status line).
    async fn run(&mut self, command: &str) -> (Vec<String>, String) {
        self.tag += 1;
        let tag = format!("t{}", self.tag);
        self.writer.write_all(format!("{tag} {command}\r\n").as_bytes()).await.expect("write");
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            let Ok(read) = tokio::time::timeout(Duration::from_secs(20), self.reader.read_line(&mut line)).await else {
                panic!("IMAP did not answer {command} in 20 s; so far: {lines:?}");
            };
            let n = read.expect("read");
            assert!(n > 0, "IMAP closed the connection after {command}: {lines:?}");
            let line = line.trim_end().to_string();
            if let Some(status) = line.strip_prefix(&format!("{tag} ")) {
                return (lines, status.to_string());
            }
            lines.push(line);
        }
    }

    async fn ok(&mut self, command: &str) -> Vec<String> {
        let (lines, status) = self.run(command).await;
        assert!(status.starts_with("OK"), "{command}: {status} {lines:?}");
        lines
    }
}

fn exists(lines: &[String]) -> usize {
    lines.iter().find_map(|l| l.strip_prefix("* ")?.strip_suffix(" EXISTS")?.parse().ok()).expect("EXISTS")
}

async fn oma(s: &Server, method: &str, mut body: Value) -> Value {
    body["credentials"] = json!({"user": "domain_admin@example.com", "password": PASSWORD});
    let (_, text) = s.post(&format!("/api/{method}"), &body.to_string()).await;
    serde_json::from_str(&text).expect("json")
}

async fn lmtp(port: u16, rcpt: &str, subject: &str) {
    let stream = TcpStream::connect(("127.0.0.1", port)).await.expect("LMTP");
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    let message = format!("From: June <june@example.net>\r\nTo: {rcpt}\r\nSubject: {subject}\r\n\r\nHello.\r\n.\r\n");
    w.write_all(format!("LHLO test\r\nMAIL FROM:<june@example.net>\r\nRCPT TO:<{rcpt}>\r\nDATA\r\n").as_bytes())
        .await
        .expect("w");
    let mut seen = String::new();
    while !seen.contains("354") {
        let mut line = String::new();
        r.read_line(&mut line).await.expect("r");
        seen.push_str(&line);
    }
    w.write_all(format!("{message}QUIT\r\n").as_bytes()).await.expect("w");
    let mut line = String::new();
    r.read_line(&mut line).await.expect("r");
    assert!(line.starts_with("250 2.0.0"), "{seen}{line}");
}

#[tokio::test]
async fn dovecot_serves_postroom_mailboxes_and_restores_round_trip() {
    if !Path::new(DOVECOT).exists() || !Path::new("/usr/lib/dovecot/imap").exists() {
        assert!(std::env::var("POSTROOM_REQUIRE_DOVECOT").is_err(), "Dovecot (dovecot-imapd) is not installed");
        eprintln!("skipping: Dovecot is not installed");
        return;
    }
    if current_uid() != 0 {
        eprintln!("skipping: the Dovecot interop test starts Dovecot's master and needs root");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    // Dovecot's mail processes (uid 5000) walk down to the store.
    set_mode(dir.path(), 0o755);
    let data = dir.path().join("data");
    let data_arg = data.display().to_string();
    let owner = format!("{MAIL_UID}:{MAIL_UID}");
    let (code, out, err) =
        postroom(&["demo", "--data", &data_arg, "--password", PASSWORD, "--mail-owner", &owner], &[]).await;
    assert_eq!(code, 0, "{out}{err}");
    set_mode(&data, 0o755);
    // The checkpassword program Dovecot runs: postroom with its settings.
    let auth = dir.path().join("dovecot-auth");
    std::fs::write(
        &auth,
        format!("#!/bin/sh\nexec {BIN} dovecot-auth --data {data_arg} --mail-owner {owner} \"$@\"\n"),
    )
    .expect("auth script");
    set_mode(&auth, 0o755);
    let lmtp_port = free_port();
    let lmtp_addr = format!("127.0.0.1:{lmtp_port}");
    let s = Server::serve(dir, &["--lmtp", &lmtp_addr, "--mail-owner", &owner]).await;

    // A user made through the OMA; mail delivered through Postroom's LMTP.
    let made =
        oma(&s, "change_user", json!({"user": "imap.user@example.com", "attributes": {"password": "Imap-Pass1"}}))
            .await;
    assert_eq!(made["success"], true, "{made}");
    for subject in ["first", "second", "third"] {
        lmtp(lmtp_port, "imap.user@example.com", subject).await;
    }
    // A folder with a non-ASCII name, written by `postroom deliver`.
    let (code, out, err) = postroom_stdin(
        &["deliver", "imap.user@example.com", "--folder", "Projects.Été", "--data", &data_arg, "--mail-owner", &owner],
        b"From: a@b.c\r\nSubject: filed\r\n\r\nx\r\n",
    )
    .await;
    assert_eq!(code, 0, "{out}{err}");
    let root = s.dir().join("dovecot");
    let dovecot = Dovecot::start(&root, &data.join("mail"), &auth);

    // IMAP sees what Postroom delivered, with Postroom's password.
    let mut imap = Imap::connect(dovecot.port).await;
    let (_, status) = imap.run("LOGIN imap.user@example.com Wrong-Pass1").await;
    assert!(status.starts_with("NO"), "wrong password refused: {status}");
    let (_, status) = imap.run("LOGIN imap.user@example.com Imap-Pass1").await;
    assert!(status.starts_with("OK"), "{status}\n{}", dovecot.log());
    let listed = imap.ok("LIST \"\" \"*\"").await;
    assert!(listed.iter().any(|l| l.ends_with(" INBOX")), "{listed:?}");
    assert!(
        listed.iter().any(|l| l.ends_with("\"Projects/&AMk-t&AOk-\"") || l.ends_with(" Projects/&AMk-t&AOk-")),
        "{listed:?}"
    );
    let filed = imap.ok("SELECT \"Projects/&AMk-t&AOk-\"").await;
    assert_eq!(exists(&filed), 1, "{filed:?}");
    let selected = imap.ok("SELECT INBOX").await;
    assert_eq!(exists(&selected), 3, "{selected:?}\n{}", dovecot.log());
    let fetched = imap.ok("FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])").await;
    for subject in ["first", "second", "third"] {
        assert!(fetched.iter().any(|l| l == &format!("Subject: {subject}")), "{fetched:?}");
    }
    // Delete two over IMAP; lazy_expunge keeps them where Postroom looks.
    imap.ok("STORE 1:2 +FLAGS (\\Deleted)").await;
    imap.ok("EXPUNGE").await;
    let deleted =
        oma(&s, "get_deleted_messages", json!({"user": "imap.user@example.com", "headers": ["subject"]})).await;
    assert_eq!(deleted["count"], 2, "{deleted}");
    let mut subjects: Vec<&str> = deleted["messages"]
        .as_array()
        .expect("m")
        .iter()
        .map(|m| m["headers"]["subject"][0].as_str().unwrap_or(""))
        .collect();
    subjects.sort();
    assert_eq!(subjects, ["first", "second"]);
    assert!(deleted["messages"]
        .as_array()
        .expect("m")
        .iter()
        .all(|m| m["folder"] == "INBOX" && m.get("folder_deleted").is_none()));
    let live = oma(&s, "get_user_messages", json!({"user": "imap.user@example.com"})).await;
    assert_eq!(live["count"], 1);

    // Restore them; Dovecot sees them again (new UIDs) in the open session.
    let ids: Vec<Value> = deleted["messages"].as_array().expect("m").iter().map(|m| m["id"].clone()).collect();
    let restored = oma(&s, "restore_deleted_messages", json!({"user": "imap.user@example.com", "ids": ids})).await;
    assert!(restored["ids"].as_array().expect("ids").iter().all(|r| r["success"] == true), "{restored}");
    let noop = imap.ok("NOOP").await;
    assert!(noop.iter().any(|l| l == "* 3 EXISTS"), "{noop:?}");
    let after = oma(&s, "get_deleted_messages", json!({"user": "imap.user@example.com"})).await;
    assert_eq!(after["count"], 0);
    imap.ok("LOGOUT").await.len();

    // The login counted as the account's last login.
    let user = oma(&s, "get_user", json!({"user": "imap.user@example.com"})).await;
    assert!(user["metadata"]["lastlogin"].as_i64().is_some(), "{}", user["metadata"]);

    // A suspended IMAP service is refused by Dovecot, through Postroom.
    let changed =
        oma(&s, "change_user", json!({"user": "imap.user@example.com", "attributes": {"service_imap4": "suspended"}}))
            .await;
    assert_eq!(changed["success"], true);
    let mut again = Imap::connect(dovecot.port).await;
    let (_, status) = again.run("LOGIN imap.user@example.com Imap-Pass1").await;
    assert!(status.starts_with("NO"), "suspended service refused: {status}\n{}", dovecot.log());
}

/// Dovecot runs its checkpassword program under the auth service's
/// address-space limit (default_vsz_limit = 256M). The program used to start
/// a thread per core and per SQLite connection and, there, panicked or hung
/// now and then; each run is a fresh process, so it is tried many times.
#[tokio::test]
async fn dovecot_auth_answers_within_dovecots_address_space_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let data_arg = data.display().to_string();
    let (code, out, err) = postroom(&["demo", "--data", &data_arg, "--password", PASSWORD], &[]).await;
    assert_eq!(code, 0, "{out}{err}");
    let login = dir.path().join("login");
    std::fs::write(&login, format!("june@example.com\0{PASSWORD}\0")).expect("login");
    for (service, authorized, expected) in
        [("imap", "", "USER=june@example.com"), ("pop3", "", "USER=june@example.com"), ("imap", "1", "AUTHORIZED=2")]
    {
        for run in 0..10 {
            let script = format!(
                "ulimit -v 262144 && exec {BIN} dovecot-auth --data {data_arg} /usr/bin/env 3<{}",
                login.display()
            );
            let out = tokio::time::timeout(
                Duration::from_secs(30),
                tokio::process::Command::new("sh")
                    .arg("-c")
                    .arg(&script)
                    .env("SERVICE", service)
                    .env("AUTHORIZED", authorized)
                    .env("RUST_BACKTRACE", "0")
                    .output(),
            )
            .await
            .unwrap_or_else(|_| panic!("{service} run {run}: no answer in 30 s"))
            .expect("sh");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && stdout.lines().any(|l| l == expected),
                "{service} (AUTHORIZED={authorized}) run {run}: {:?}\n{stdout}{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn current_uid() -> u32 {
    // Read from /proc: no libc call needed.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:").map(|r| r.split_whitespace().next().unwrap_or("1").to_string()))
        })
        .and_then(|u| u.parse().ok())
        .unwrap_or(1)
}
