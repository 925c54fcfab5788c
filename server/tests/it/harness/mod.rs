//! Starts the real `postroom` binary on a free port with demo data, and talks to
//! it over HTTP.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

pub const PASSWORD: &str = "demo-Pass1";
pub const ROOT_PASSWORD: &str = "root-Pass1";
pub const BIN: &str = env!("CARGO_BIN_EXE_postroom");

pub struct Server {
    child: tokio::process::Child,
    dir: tempfile::TempDir,
    pub port: u16,
    pub client: reqwest::Client,
}

/// Runs a `postroom` command to completion: (exit code, stdout, stderr).
pub async fn postroom(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.args(args).env("RUST_LOG", "warn").env_remove("DATABASE_URL").env_remove("POSTROOM_ADMIN_PASSWORD");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().await.expect("run postroom");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `postroom` with `input` on standard input: (exit code, stdout, stderr).
pub async fn postroom_stdin(args: &[&str], input: &[u8]) -> (i32, String, String) {
    use tokio::io::AsyncWriteExt;
    let mut child = tokio::process::Command::new(BIN)
        .args(args)
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run postroom");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).await.expect("write stdin");
    drop(stdin);
    let out = child.wait_with_output().await.expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

impl Server {
    /// Demo data, bootstrap admin `postmaster` with [`ROOT_PASSWORD`], no portal site.
    pub async fn start(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let data_arg = data.display().to_string();
        let (code, out, err) = postroom(&["demo", "--data", &data_arg, "--password", PASSWORD], &[]).await;
        assert_eq!(code, 0, "demo failed: {out}{err}");
        Server::serve(dir, extra).await
    }

    /// Serves an existing temp dir (its `data` subdirectory).
    pub async fn serve(dir: tempfile::TempDir, extra: &[&str]) -> Server {
        let port = free_port();
        let data = dir.path().join("data").display().to_string();
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log file");
        let listen = format!("127.0.0.1:{port}");
        let mut args = vec!["serve", "--listen", &listen, "--data", &data, "--site-root", "/nonexistent-site"];
        args.extend_from_slice(extra);
        let child = tokio::process::Command::new(BIN)
            .args(&args)
            .env("POSTROOM_ADMIN_PASSWORD", ROOT_PASSWORD)
            .env("RUST_LOG", "info,sqlx=warn")
            .env_remove("DATABASE_URL")
            .stdout(Stdio::from(log.try_clone().expect("clone")))
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .expect("spawn postroom");
        // No pooling: after a 413 the server closes the connection, and a pooled
        // client could race that close on its next request.
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .build()
            .expect("client");
        let server = Server { child, dir, port, client };
        for _ in 0..300 {
            if let Ok(r) = server.client.get(server.url("/healthz")).send().await {
                if r.status().is_success() {
                    return server;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("server did not become healthy: {}", server.log().await);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// POST with `Content-Type: application/json`: (status, body).
    pub async fn post(&self, path: &str, body: &str) -> (u16, String) {
        self.request(reqwest::Method::POST, path, Some(body.to_string()), Some("application/json")).await
    }

    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<String>,
        content_type: Option<&str>,
    ) -> (u16, String) {
        let mut req = self.client.request(method, self.url(path));
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        if let Some(body) = body {
            req = req.body(body);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        (status, resp.text().await.expect("body"))
    }

    pub async fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Whether the server log holds `needle` (waits briefly: logging is asynchronous).
    pub async fn log_contains(&self, needle: &str) -> bool {
        for _ in 0..40 {
            if self.log().await.contains(needle) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    pub async fn stop(mut self) -> tempfile::TempDir {
        let _ = self.child.kill().await;
        let _ = self.child.wait().await;
        let Server { dir, .. } = self;
        dir
    }
}
