//! What every request handler shares.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;
use engine::Engine;
use leptos::prelude::LeptosOptions;

use crate::oma_wire::AuditIds;

#[derive(Debug, Clone)]
pub struct Settings {
    pub max_body_bytes: usize,
    /// Longest one OMA method call may run.
    pub call_timeout: Duration,
    /// Whether the portal cookie gets `Secure` (served over TLS, or behind a TLS proxy).
    pub secure_cookies: bool,
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub engine: Arc<Engine>,
    pub audit: Arc<AuditIds>,
    pub settings: Arc<Settings>,
    pub leptos_options: LeptosOptions,
}
