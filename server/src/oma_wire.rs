//! `POST /api/<method>`: the OMA envelope around the engine's method table.
//!
//! Lenient in: no or any Content-Type, `/api//method`, `[]` for `{}` (engine),
//! numbers as strings (engine). Exact out: compact JSON, `success` first,
//! `audit` last, HTTP 200 for every API-level result.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use engine::oma::{self, Answer};
use engine::{Code, Error};
use serde_json::{Map, Value};

use crate::state::AppState;

/// What the change log records for calls that name no `client`.
pub const APPLICATION: &str = "OMA";

pub async fn handle(
    State(state): State<AppState>,
    Path(path): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let started = Instant::now();
    let audit = state.audit.next();
    let method = path.trim_matches('/');
    let (status, json, error_number) = answer(&state, method, body, &audit).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match error_number {
        Some(0) => {
            tracing::error!(target: "oma", %audit, method, status = status.as_u16(), error_number = 0, ms, "request failed")
        }
        _ => tracing::info!(target: "oma", %audit, method, status = status.as_u16(), error_number, ms, "request"),
    }
    (status, [(header::CONTENT_TYPE, "application/json")], json).into_response()
}

/// (HTTP status, body, OMA error number if any)
async fn answer(
    state: &AppState,
    method: &str,
    body: Result<Bytes, BytesRejection>,
    audit: &str,
) -> (StatusCode, String, Option<i64>) {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let text = format!("Request body too large (limit {} bytes)", state.settings.max_body_bytes);
            return (StatusCode::PAYLOAD_TOO_LARGE, failure_json(None, &text, None, audit), None);
        }
        Err(rejection) => {
            return (rejection.status(), failure_json(None, &rejection.body_text(), None, audit), None);
        }
    };
    if !oma::is_method(method) {
        let text = format!("No such method: {}", method.chars().take(64).collect::<String>());
        return (StatusCode::NOT_FOUND, failure_json(None, &text, None, audit), None);
    }
    let Ok(Value::Object(request)) = serde_json::from_slice::<Value>(&body) else {
        let code = Code::BadRequest;
        return (StatusCode::BAD_REQUEST, failure_json(Some(code.number()), code.text(), None, audit), Some(5));
    };
    let call = oma::call(&state.engine, method, request, APPLICATION);
    let result = match tokio::time::timeout(state.settings.call_timeout, call).await {
        Ok(result) => result,
        Err(_) => Err(Code::TryAgainLater.into()),
    };
    match result {
        Ok(Answer::Verbatim(value)) => (StatusCode::OK, value.to_string(), None),
        Ok(Answer::Fields(fields)) => (StatusCode::OK, success_json(fields, audit), None),
        Err(Error::Internal(detail)) => {
            tracing::error!(target: "oma", %audit, method, detail, "server fault");
            let code = Code::Server;
            (StatusCode::INTERNAL_SERVER_ERROR, failure_json(Some(0), code.text(), None, audit), Some(0))
        }
        Err(e) => {
            let code = e.code();
            let hints = e.hints().map(|h| serde_json::to_value(h).unwrap_or(Value::Null));
            let mut body = failure_map(Some(code.number()), code.text(), hints);
            if let Some(extra) = e.extra() {
                body.extend(extra.clone());
            }
            body.insert("audit".into(), Value::String(audit.into()));
            (StatusCode::OK, Value::Object(body).to_string(), Some(code.number()))
        }
    }
}

fn success_json(fields: Map<String, Value>, audit: &str) -> String {
    let mut out = Map::with_capacity(fields.len() + 2);
    out.insert("success".into(), Value::Bool(true));
    out.extend(fields);
    out.insert("audit".into(), Value::String(audit.into()));
    Value::Object(out).to_string()
}

fn failure_json(number: Option<i64>, text: &str, hints: Option<Value>, audit: &str) -> String {
    let mut out = failure_map(number, text, hints);
    out.insert("audit".into(), Value::String(audit.into()));
    Value::Object(out).to_string()
}

fn failure_map(number: Option<i64>, text: &str, hints: Option<Value>) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("success".into(), Value::Bool(false));
    if let Some(n) = number {
        out.insert("error_number".into(), Value::from(n));
    }
    out.insert("error".into(), Value::String(text.into()));
    if let Some(hints) = hints {
        out.insert("hints".into(), hints);
    }
    out
}

/// Request ids: a random per-process prefix and a counter, so they are unique
/// across restarts and cheap to make.
pub struct AuditIds {
    prefix: String,
    counter: std::sync::atomic::AtomicU64,
}

impl AuditIds {
    pub fn new() -> AuditIds {
        let prefix: String = {
            use rand::Rng;
            let mut rng = rand::thread_rng();
            (0..8).map(|_| char::from(b"abcdefghijkmnpqrstuvwxyz23456789"[rng.gen_range(0..32)])).collect()
        };
        AuditIds { prefix, counter: std::sync::atomic::AtomicU64::new(1) }
    }

    pub fn next(&self) -> String {
        let n = self.counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("{}_{n:x}", self.prefix)
    }
}

impl Default for AuditIds {
    fn default() -> Self {
        Self::new()
    }
}
