//! The ceiling baseline: the smallest axum JSON handler, run as a separate
//! process (`postroom-bench bare --listen ADDR`) so it competes for CPU the
//! way the real server does.

use std::net::SocketAddr;

use anyhow::{Context, Result};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;

/// `POST /api/echo`: parse the JSON body with serde_json and answer it back
/// as compact JSON (`Content-Type: application/json`).
async fn echo(Json(body): Json<Value>) -> Json<Value> {
    Json(body)
}

pub fn router() -> Router {
    Router::new().route("/api/echo", post(echo)).route("/healthz", get(|| async { "ok" }))
}

pub fn serve(listen: SocketAddr) -> Result<()> {
    // Default multi-thread runtime (one worker per core), like a real server.
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("building the tokio runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("binding {listen}"))?;
        axum::serve(listener, router()).await.context("serving the bare handler")
    })
}
