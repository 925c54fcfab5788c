//! The benchmark run: start the children, run the scenarios, print the report.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use bytes::Bytes;
use serde_json::{json, Value};

use crate::child::{self, Server};
use crate::cli::{BenchArgs, Scenario};
use crate::http::Conn;
use crate::load::{self, Check, Target};
use crate::stats::{self, Facts, Row};

const HEALTH_TIMEOUT: Duration = Duration::from_secs(60);
const ECHO_BODY: &str = r#"{"credentials":{"user":"x"},"Farm":"MacDonald"}"#;
const ADMIN_USER: &str = "postmaster";

pub async fn run(args: &BenchArgs) -> Result<()> {
    let scenarios = args.scenarios()?;
    let settings = Settings { connections: args.connections, duration: args.duration()?, warmup: args.warmup()? };
    if settings.connections == 0 {
        bail!("--connections must be at least 1");
    }
    let postroom = if scenarios.iter().any(|s| *s != Scenario::Bare) { Some(postroom_binary(args)?) } else { None };

    print!(
        "{}",
        stats::render_facts(&Facts {
            nproc: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu: cpu_model(),
            postroom: postroom.as_ref().map(|p| p.display().to_string()),
            connections: settings.connections,
            duration: settings.duration,
            warmup: settings.warmup,
        })
    );
    println!();

    let mut work =
        tempfile::Builder::new().prefix("postroom-bench-").tempdir().context("creating the work directory")?;
    match bench(&settings, &scenarios, postroom.as_deref(), work.path()).await {
        Ok((rows, crashed)) => {
            print!("{}", stats::render_report(&rows));
            if crashed {
                work.disable_cleanup(true);
                bail!("postroom exited during the run; work directory kept: {}", work.path().display());
            }
            Ok(())
        }
        Err(e) => {
            work.disable_cleanup(true);
            eprintln!("work directory kept: {}", work.path().display());
            Err(e)
        }
    }
}

struct Settings {
    connections: usize,
    duration: Duration,
    warmup: Duration,
}

/// `--postroom`, else `$POSTROOM_BIN`, else `postroom` next to this binary.
fn postroom_binary(args: &BenchArgs) -> Result<PathBuf> {
    let path = match (&args.postroom, std::env::var_os("POSTROOM_BIN")) {
        (Some(path), _) => path.clone(),
        (None, Some(env)) if !env.is_empty() => PathBuf::from(env),
        _ => std::env::current_exe()
            .context("locating this binary")?
            .parent()
            .context("this binary has no directory")?
            .join("postroom"),
    };
    if !path.is_file() {
        bail!(
            "postroom binary not found at {} (build it with `cargo build --release -p server`, \
             or pass --postroom PATH / POSTROOM_BIN; `--only bare` needs no server)",
            path.display()
        );
    }
    Ok(std::path::absolute(&path).unwrap_or(path))
}

fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
}

/// A password nobody guesses, with upper, lower, digit and symbol in case
/// the server has a password policy. No `rand` dependency: std's randomly
/// keyed hasher over time, pid and a tag.
fn random_password(tag: u64) -> String {
    let mut words = [0u64; 2];
    for (i, word) in words.iter_mut().enumerate() {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(tag);
        h.write_usize(i);
        h.write_u32(std::process::id());
        h.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        *word = h.finish();
    }
    format!("Pb-{:016x}{:016x}-9", words[0], words[1])
}

fn json_bytes(value: &Value) -> Bytes {
    Bytes::from(value.to_string())
}

/// Start the children, run the scenarios; the bool says postroom crashed.
async fn bench(
    settings: &Settings,
    scenarios: &[Scenario],
    postroom_bin: Option<&Path>,
    dir: &Path,
) -> Result<(Vec<Row>, bool)> {
    let me = std::env::current_exe().context("locating this binary")?;
    let bare_addr = child::free_addr()?;
    let mut bare = Server::spawn(
        "bare handler",
        &me,
        ["bare", "--listen", &bare_addr.to_string()],
        &[],
        bare_addr,
        dir.join("bare.log"),
    )?;
    healthy(&mut bare).await?;

    let admin_password = random_password(u64::MAX);
    let mut postroom = None;
    let mut first_users = Vec::new();
    if let Some(bin) = postroom_bin {
        let data = dir.join("data");
        std::fs::create_dir_all(&data).with_context(|| format!("creating {}", data.display()))?;
        let data_arg = data.display().to_string();
        let envs = [("POSTROOM_ADMIN_PASSWORD", admin_password.as_str()), ("RUST_LOG", "warn")];
        if scenarios.contains(&Scenario::AuthFirst) {
            first_users = create_admins(bin, &data_arg, &envs, settings.connections).await?;
        }
        let addr = child::free_addr()?;
        let mut server = Server::spawn(
            "postroom",
            bin,
            ["serve", "--listen", &addr.to_string(), "--data", &data_arg],
            &envs,
            addr,
            dir.join("postroom.log"),
        )?;
        healthy(&mut server).await?;
        postroom = Some(server);
    }

    let ctx =
        Ctx { settings, bare: bare_addr, postroom: postroom.as_ref().map(|s| s.addr), admin_password, first_users };
    let mut rows = Vec::new();
    for &scenario in scenarios {
        let name = scenario.name();
        eprint!("{name}: ");
        let row = match run_scenario(scenario, &ctx).await {
            Ok(row) => row,
            Err(e) => {
                // Keep going: the other scenarios' figures are still worth
                // printing, and the row shows what went wrong.
                let mut why = format!("{e:#}");
                if let Some(status) = postroom.as_mut().and_then(Server::exited) {
                    why = format!("postroom exited ({status}); {why}");
                }
                Row::failed(name, why)
            }
        };
        eprintln!("{} requests, {:.1} req/s, {} errors", row.requests, row.rps, row.errors);
        rows.push(row);
    }

    let mut crashed = false;
    if let Some(mut server) = postroom {
        if let Some(status) = server.exited() {
            crashed = true;
            eprintln!(
                "postroom exited during the run ({status}); log {}:\n{}",
                server.log.display(),
                child::log_tail(&server.log, 40)
            );
        }
        server.stop().await;
    }
    bare.stop().await;
    Ok((rows, crashed))
}

/// What the scenarios need to know.
struct Ctx<'a> {
    settings: &'a Settings,
    bare: SocketAddr,
    postroom: Option<SocketAddr>,
    admin_password: String,
    /// `(user, password)` of the admins made for `auth-first`.
    first_users: Vec<(String, String)>,
}

impl Ctx<'_> {
    fn postroom(&self) -> Result<SocketAddr> {
        self.postroom.context("postroom is not running")
    }
}

async fn run_scenario(scenario: Scenario, ctx: &Ctx<'_>) -> Result<Row> {
    let name = scenario.name();
    let echo = Bytes::from_static(ECHO_BODY.as_bytes());
    let authenticate =
        |addr, body: Value| Target { addr, path: "/api/authenticate", body: json_bytes(&body), check: Check::Success };
    let target = match scenario {
        Scenario::Bare => Target { addr: ctx.bare, path: "/api/echo", body: echo, check: Check::Ok200 },
        Scenario::Echo => Target { addr: ctx.postroom()?, path: "/api/echo", body: echo, check: Check::Ok200 },
        Scenario::AuthFirst => {
            let bodies = ctx
                .first_users
                .iter()
                .map(|(user, password)| {
                    let body = json!({"credentials": {"user": user, "password": password}});
                    (json_bytes(&body), Check::Success)
                })
                .collect::<Vec<_>>();
            let calls = bodies.len() as u64;
            let sample = load::once_each(ctx.postroom()?, "/api/authenticate", bodies).await?;
            return Ok(Row::once(name, calls, sample));
        }
        Scenario::AuthRepeated => {
            let body = json!({"credentials": {"user": ADMIN_USER, "password": ctx.admin_password}});
            let target = authenticate(ctx.postroom()?, body);
            prime(&target).await?;
            target
        }
        Scenario::AuthToken => {
            let addr = ctx.postroom()?;
            let token = session_token(addr, &ctx.admin_password).await?;
            authenticate(addr, json!({"credentials": {"user": ADMIN_USER, "token": token}}))
        }
    };
    let settings = ctx.settings;
    let sample = load::timed(&target, settings.connections, settings.warmup, settings.duration).await?;
    Ok(Row::timed(name, sample))
}

async fn healthy(server: &mut Server) -> Result<()> {
    if let Err(e) = server.wait_healthy(HEALTH_TIMEOUT).await {
        bail!("{e:#}\n--- {} (last 40 lines)\n{}", server.log.display(), child::log_tail(&server.log, 40));
    }
    Ok(())
}

/// Send `target` once, so the server's credential cache is warm before the
/// connections all start (otherwise each one's first call pays a full
/// password hash at once and the herd can outlast the warmup).
async fn prime(target: &Target) -> Result<()> {
    let mut conn = Conn::open(target.addr).await?;
    let (status, answer) = conn.post(target.path, target.body.clone()).await?;
    if let Err(bad) = target.check.verify(status, &answer) {
        bail!("priming {}: {bad}", target.path);
    }
    Ok(())
}

/// `postroom admin create bench<i> --password <pw_i> --data <dir>`, one
/// after the other; returns the (user, password) pairs.
async fn create_admins(bin: &Path, data: &str, envs: &[(&str, &str)], count: usize) -> Result<Vec<(String, String)>> {
    eprintln!("creating {count} provider admins with `admin create`");
    let started = Instant::now();
    // With any admin present, serve bootstraps none: create the one the other
    // scenarios use as well.
    let admin_password =
        envs.iter().find(|(k, _)| *k == "POSTROOM_ADMIN_PASSWORD").map(|(_, v)| *v).unwrap_or_default();
    child::run_to_completion(bin, ["admin", "create", ADMIN_USER, "--password", admin_password, "--data", data], envs)
        .await
        .with_context(|| format!("postroom admin create {ADMIN_USER}"))?;
    let mut users = Vec::with_capacity(count);
    for i in 0..count {
        let user = format!("bench{i}");
        let password = random_password(i as u64);
        child::run_to_completion(bin, ["admin", "create", &user, "--password", &password, "--data", data], envs)
            .await
            .with_context(|| format!("postroom admin create {user}"))?;
        users.push((user, password));
    }
    eprintln!("  done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(users)
}

/// Authenticate once with a password, asking for a session token.
async fn session_token(addr: SocketAddr, password: &str) -> Result<String> {
    let body = json!({
        "credentials": {"user": ADMIN_USER, "password": password},
        "generate_session_token": true,
        "session_token_duration": 86400,
    });
    let mut conn = Conn::open(addr).await?;
    let (status, answer) = conn.post("/api/authenticate", json_bytes(&body)).await?;
    if let Err(bad) = Check::Success.verify(status, &answer) {
        bail!("getting a session token: {bad}");
    }
    let value: Value = serde_json::from_slice(&answer).context("session token answer is not JSON")?;
    match find_string(&value, "session_token") {
        Some(token) => Ok(token.to_string()),
        None => bail!("no session_token in the answer: {}", String::from_utf8_lossy(&answer)),
    }
}

/// The first string field named `key`, at the top level or nested.
fn find_string<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    match value {
        Value::Object(map) => {
            map.get(key).and_then(Value::as_str).or_else(|| map.values().find_map(|v| find_string(v, key)))
        }
        Value::Array(items) => items.iter().find_map(|v| find_string(v, key)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_differ_and_mix_classes() {
        let a = random_password(1);
        let b = random_password(1);
        assert_ne!(a, b);
        assert!(a.len() >= 20);
        assert!(a.chars().any(|c| c.is_ascii_uppercase()));
        assert!(a.chars().any(|c| c.is_ascii_digit()));
        assert!(a.contains('-'));
    }

    #[test]
    fn finds_token_top_level_or_nested() {
        let top = json!({"success": true, "session_token": "abc"});
        assert_eq!(find_string(&top, "session_token"), Some("abc"));
        let nested = json!({"success": true, "data": {"session_token": "xyz"}});
        assert_eq!(find_string(&nested, "session_token"), Some("xyz"));
        assert_eq!(find_string(&json!({"success": true}), "session_token"), None);
    }

    #[test]
    fn echo_body_is_json() {
        let v: Value = serde_json::from_str(ECHO_BODY).expect("valid JSON");
        assert_eq!(v["Farm"], "MacDonald");
    }
}
