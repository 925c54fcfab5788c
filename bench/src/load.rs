//! The load loops: N connections, one task each, request → response → next.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use bytes::Bytes;
use hyper::StatusCode;
use tokio::sync::Barrier;
use tokio::task::JoinHandle;

use crate::http::Conn;
use crate::stats::Sample;

/// What makes a response good.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// HTTP 200.
    Ok200,
    /// HTTP 200 and a body saying `"success":true`.
    Success,
}

impl Check {
    /// `Err(description)` for a bad response.
    pub fn verify(self, status: StatusCode, body: &[u8]) -> Result<(), String> {
        let good = status == StatusCode::OK
            && match self {
                Check::Ok200 => true,
                Check::Success => says_success(body),
            };
        if good {
            Ok(())
        } else {
            Err(format!("HTTP {status}: {}", String::from_utf8_lossy(body)))
        }
    }
}

/// `"success":true`, found cheaply in compact JSON, else by parsing.
fn says_success(body: &[u8]) -> bool {
    const NEEDLE: &[u8] = b"\"success\":true";
    if body.windows(NEEDLE.len()).any(|w| w == NEEDLE) {
        return true;
    }
    serde_json::from_slice::<serde_json::Value>(body)
        .map(|v| v.get("success") == Some(&serde_json::Value::Bool(true)))
        .unwrap_or(false)
}

/// One request kind, sent over and over.
#[derive(Clone)]
pub struct Target {
    pub addr: SocketAddr,
    pub path: &'static str,
    pub body: Bytes,
    pub check: Check,
}

/// What one connection task saw.
#[derive(Default)]
struct TaskOut {
    latencies_us: Vec<u32>,
    errors: u64,
    first_error: Option<String>,
    started: Option<Instant>,
    finished: Option<Instant>,
}

impl TaskOut {
    fn error(&mut self, what: String) {
        self.errors += 1;
        self.first_error.get_or_insert(what);
    }
}

fn micros(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}

/// Open `n` connections concurrently.
async fn open_all(addr: SocketAddr, n: usize) -> Result<Vec<Conn>> {
    let handles: Vec<JoinHandle<Result<Conn>>> = (0..n).map(|_| tokio::spawn(Conn::open(addr))).collect();
    let mut conns = Vec::with_capacity(n);
    for handle in handles {
        conns.push(handle.await.context("connect task")??);
    }
    Ok(conns)
}

async fn join_all(handles: Vec<JoinHandle<TaskOut>>) -> Result<Vec<TaskOut>> {
    let mut outs = Vec::with_capacity(handles.len());
    for handle in handles {
        outs.push(handle.await.context("load task")?);
    }
    Ok(outs)
}

fn merge(outs: Vec<TaskOut>, window: Duration) -> Sample {
    let mut sample = Sample { window, ..Sample::default() };
    for out in outs {
        sample.latencies_us.extend(out.latencies_us);
        sample.errors += out.errors;
        if sample.first_error.is_none() {
            sample.first_error = out.first_error;
        }
    }
    sample.latencies_us.sort_unstable();
    sample
}

/// `connections` tasks send `target` back to back for `warmup + duration`.
/// Responses completing during the warmup are discarded; errors are counted
/// over the whole run. A broken connection is reopened.
pub async fn timed(target: &Target, connections: usize, warmup: Duration, duration: Duration) -> Result<Sample> {
    let conns = open_all(target.addr, connections).await?;
    let start = Instant::now();
    let measure_from = start + warmup;
    let end = measure_from + duration;
    let handles = conns
        .into_iter()
        .map(|conn| {
            let target = target.clone();
            tokio::spawn(timed_task(target, conn, measure_from, end))
        })
        .collect();
    let outs = join_all(handles).await?;
    Ok(merge(outs, duration))
}

async fn timed_task(target: Target, conn: Conn, measure_from: Instant, end: Instant) -> TaskOut {
    let mut out = TaskOut::default();
    let mut conn = Some(conn);
    while Instant::now() < end {
        let c = match conn.as_mut() {
            Some(c) => c,
            None => match Conn::open(target.addr).await {
                Ok(c) => conn.insert(c),
                Err(e) => {
                    out.error(format!("reconnecting: {e:#}"));
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        let sent = Instant::now();
        let result = c.post(target.path, target.body.clone()).await;
        let done = Instant::now();
        match result {
            Ok((status, body)) => match target.check.verify(status, &body) {
                Ok(()) if done >= measure_from && done <= end => {
                    out.latencies_us.push(micros(done - sent));
                }
                Ok(()) => {}
                Err(bad) => out.error(bad),
            },
            Err(e) => {
                out.error(format!("{e:#}"));
                conn = None;
            }
        }
    }
    out
}

/// One request per connection, all released together; `window` of the
/// result is the wall time from the first send to the last answer.
pub async fn once_each(addr: SocketAddr, path: &'static str, bodies: Vec<(Bytes, Check)>) -> Result<Sample> {
    let conns = open_all(addr, bodies.len()).await?;
    let barrier = Arc::new(Barrier::new(bodies.len()));
    let handles = conns
        .into_iter()
        .zip(bodies)
        .map(|(mut conn, (body, check))| {
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                let mut out = TaskOut::default();
                barrier.wait().await;
                let sent = Instant::now();
                let result = conn.post(path, body).await;
                let done = Instant::now();
                out.started = Some(sent);
                out.finished = Some(done);
                match result {
                    Ok((status, body)) => match check.verify(status, &body) {
                        Ok(()) => out.latencies_us.push(micros(done - sent)),
                        Err(bad) => out.error(bad),
                    },
                    Err(e) => out.error(format!("{e:#}")),
                }
                out
            })
        })
        .collect();
    let outs = join_all(handles).await?;
    let first = outs.iter().filter_map(|o| o.started).min();
    let last = outs.iter().filter_map(|o| o.finished).max();
    let wall = match (first, last) {
        (Some(first), Some(last)) => last - first,
        _ => Duration::ZERO,
    };
    Ok(merge(outs, wall))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_check() {
        let ok = StatusCode::OK;
        assert!(Check::Success.verify(ok, br#"{"success":true}"#).is_ok());
        assert!(Check::Success.verify(ok, br#"{ "success" : true, "x": 1 }"#).is_ok());
        assert!(Check::Success.verify(ok, br#"{"success":false}"#).is_err());
        assert!(Check::Success.verify(StatusCode::UNAUTHORIZED, br#"{"success":true}"#).is_err());
        assert!(Check::Ok200.verify(ok, b"anything").is_ok());
        let bad = Check::Ok200.verify(StatusCode::BAD_REQUEST, b"nope").expect_err("400 is bad");
        assert_eq!(bad, "HTTP 400 Bad Request: nope");
    }

    #[test]
    fn micros_saturates() {
        assert_eq!(micros(Duration::from_millis(3)), 3000);
        assert_eq!(micros(Duration::from_secs(1 << 40)), u32::MAX);
    }
}
