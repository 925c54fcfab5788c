//! Server-side helpers of the server functions: the engine, the session cookie,
//! the caller.

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue};
use engine::{Caller, Ctx, Engine};
use leptos::prelude::*;

use super::PortalError;

pub const COOKIE: &str = "postroom_session";
/// What the change log records for changes made in the portal.
pub const APPLICATION: &str = "Portal";

/// Settings the server provides to the portal.
#[derive(Debug, Clone, Copy)]
pub struct PortalSettings {
    pub secure_cookies: bool,
}

pub fn engine() -> Result<Arc<Engine>, PortalError> {
    use_context::<Arc<Engine>>().ok_or_else(|| PortalError::new("The engine is not available"))
}

/// The session token from the request's cookie, if any.
pub async fn session_token() -> Option<String> {
    let headers: HeaderMap = leptos_axum::extract().await.ok()?;
    cookie_value(&headers, COOKIE)
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Whether the request is a browser's plain form submission (no JavaScript):
/// those accept HTML, the hydrated app's calls do not.
pub async fn plain_form_post() -> bool {
    let headers: Option<HeaderMap> = leptos_axum::extract().await.ok();
    headers
        .and_then(|h| h.get(header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// The signed-in caller, or a "please sign in" error.
pub async fn caller() -> Result<Arc<Caller>, PortalError> {
    let token = session_token().await.ok_or_else(PortalError::signed_out)?;
    engine()?.portal_caller(&token).await.map_err(|_| PortalError::signed_out())
}

pub async fn ctx() -> Result<Ctx, PortalError> {
    Ok(Ctx::new(caller().await?, APPLICATION))
}

/// An engine `quota` object (search_users' rows, get_user's metadata); the
/// warning share is get_user's where given, else the engine's.
pub fn quota(value: &serde_json::Value) -> super::types::Quota {
    let number = |key: &str| value.get(key).and_then(serde_json::Value::as_i64);
    super::types::Quota {
        bytes_max: number("bytes_max").unwrap_or(0),
        bytes_used: number("bytes_used").unwrap_or(0),
        warning_percent: number("warning_percent").unwrap_or(engine::user::get_user::QUOTA_WARNING_PERCENT),
    }
}

/// `Set-Cookie` for a session (empty value and Max-Age 0 to clear it).
pub fn session_cookie(token: &str, max_age: i64) -> HeaderValue {
    let secure = use_context::<PortalSettings>().is_some_and(|s| s.secure_cookies);
    let value = format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("postroom_session=; Max-Age=0"))
}

pub fn set_cookie(value: HeaderValue) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// Only same-site paths: `/x`, never `//host` or `https://...` (no open redirect).
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => "/".to_string(),
    }
}

/// A page window for an engine search.
pub fn range(first: i64, limit: i64) -> engine::oma::search::Range {
    engine::oma::search::Range { first: Some(first.max(0)), limit: Some(limit.clamp(1, 500)) }
}

/// A sort for an engine search (the engine checks the key).
pub fn sort(by: Option<String>, descending: bool) -> engine::oma::search::Sort {
    use engine::oma::search::{Direction, Sort};
    Sort { by, direction: if descending { Direction::Descending } else { Direction::Ascending } }
}
