//! PLACEHOLDER (stats-portal branch): replaced by the stats-engine branch.
//!
//! `GET /placeholder/stats_snapshot?kind=…&object=…&date=…&format=csv|json`:
//! the download behind the placeholder stats_snapshot's URL, for the signed-in
//! portal user. The real engine's URL (`/api/oma_file/get?...`) replaces it.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use engine::stats::stats_snapshot::{render, stats_snapshot, Request};
use engine::Ctx;

use crate::state::AppState;

pub async fn snapshot(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(token) = app::api::ssr::cookie_value(&headers, app::api::ssr::COOKIE) else {
        return (StatusCode::UNAUTHORIZED, "Sign in first.").into_response();
    };
    let Ok(caller) = state.engine.portal_caller(&token).await else {
        return (StatusCode::UNAUTHORIZED, "Sign in first.").into_response();
    };
    let ctx = Ctx::new(caller, app::api::ssr::APPLICATION);
    let text = |k: &str| query.get(k).cloned().unwrap_or_default();
    let request = Request { kind: text("kind"), object: text("object"), date: text("date") };
    if let Err(e) = stats_snapshot(&state.engine, &ctx, request).await {
        return (StatusCode::FORBIDDEN, e.to_string()).into_response();
    }
    let (file, content_type, body) = render(&text("object"), &text("date"), &text("format"));
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}
