//! Child processes: the bare handler and Postroom. Every child is killed when
//! its handle drops (normal end, error, Ctrl-C) and, on Linux, also when the
//! bench process itself dies (SIGKILL included) via `PR_SET_PDEATHSIG`.

use std::ffi::OsStr;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use tokio::process::{Child, Command};

use crate::http::Conn;

/// A free loopback port: bind port 0, read the port, drop the listener.
pub fn free_addr() -> Result<SocketAddr> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("binding 127.0.0.1:0 for a port")?;
    listener.local_addr().context("reading the bound port")
}

/// A server running as a child process.
pub struct Server {
    pub name: &'static str,
    pub addr: SocketAddr,
    pub log: PathBuf,
    child: Child,
}

/// A command whose child dies with us and writes stdout+stderr to `log`.
fn command(program: &Path, log: &Path) -> Result<Command> {
    let out = std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let err = out.try_clone().context("duplicating the log handle")?;
    let mut cmd = Command::new(program);
    cmd.stdin(Stdio::null()).stdout(Stdio::from(out)).stderr(Stdio::from(err)).kill_on_drop(true);
    die_with_parent(&mut cmd);
    Ok(cmd)
}

impl Server {
    pub fn spawn<I, S>(
        name: &'static str,
        program: &Path,
        args: I,
        envs: &[(&str, &str)],
        addr: SocketAddr,
        log: PathBuf,
    ) -> Result<Server>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = command(program, &log)?;
        cmd.args(args);
        for (key, value) in envs {
            cmd.env(key, value);
        }
        let child = cmd.spawn().with_context(|| format!("starting {name} ({})", program.display()))?;
        Ok(Server { name, addr, log, child })
    }

    /// Poll `GET /healthz` every 100 ms until it answers 200.
    pub async fn wait_healthy(&mut self, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().context("polling the child")? {
                bail!("{} exited before it was healthy ({status})", self.name);
            }
            let Err(e) = healthz(self.addr).await else {
                return Ok(());
            };
            if Instant::now() >= deadline {
                bail!("{} not healthy on {} after {:?}: {e:#}", self.name, self.addr, timeout);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether the child already exited on its own (a crash, for a server).
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Kill the child and reap it.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

async fn healthz(addr: SocketAddr) -> Result<()> {
    let mut conn = Conn::open(addr).await?;
    let (status, body) = conn.get("/healthz").await?;
    if status != hyper::StatusCode::OK {
        bail!("GET /healthz: HTTP {status}: {}", String::from_utf8_lossy(&body));
    }
    Ok(())
}

/// Run a one-shot command (e.g. `postroom admin create`) to completion,
/// failing with its output if it does not exit 0.
pub async fn run_to_completion<I, S>(program: &Path, args: I, envs: &[(&str, &str)]) -> Result<()>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(program);
    cmd.args(args).stdin(Stdio::null()).kill_on_drop(true);
    for (key, value) in envs {
        cmd.env(key, value);
    }
    die_with_parent(&mut cmd);
    let output = cmd.output().await.with_context(|| format!("running {}", program.display()))?;
    if !output.status.success() {
        bail!(
            "{} exited with {}\n--- stdout\n{}\n--- stderr\n{}",
            program.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout).trim_end(),
            String::from_utf8_lossy(&output.stderr).trim_end()
        );
    }
    Ok(())
}

/// The last `lines` lines of a log file, for error messages.
pub fn log_tail(path: &Path, lines: usize) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) => format!("(cannot read {}: {e})", path.display()),
    }
}

/// Ask the kernel to SIGKILL the child when the thread that spawned it dies.
/// The load generator runs on a current-thread runtime, so that thread is
/// the main thread and lives as long as the bench process.
#[cfg(target_os = "linux")]
fn die_with_parent(cmd: &mut Command) {
    use std::ffi::{c_int, c_ulong};

    const PR_SET_PDEATHSIG: c_int = 1;
    const SIGKILL: c_ulong = 9;

    unsafe extern "C" {
        fn prctl(option: c_int, arg2: c_ulong, ...) -> c_int;
    }

    // SAFETY: the closure runs in the forked child before exec; it only
    // makes one async-signal-safe system call and touches no shared state.
    unsafe {
        cmd.pre_exec(|| {
            if prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_cmd: &mut Command) {}
