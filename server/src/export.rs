//! `GET /export/users.csv?domain=…`: every row of a users search as CSV, for
//! the signed-in portal user, with the users table's filters and sort (the
//! same query string). Streamed a page at a time, so a million rows never sit
//! in memory at once.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use engine::oma::search::{Direction, Range, Sort};
use engine::user::csv_file;
use engine::user::search_users::{search_users, Criteria, Request};
use engine::{Ctx, Engine};

use crate::state::AppState;

/// Rows per search call while exporting.
const PAGE: i64 = 2_000;

pub async fn users_csv(
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
    let text = move |k: &str| query.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let domain = text("domain").unwrap_or_default();
    let file =
        format!("users-{}.csv", domain.replace(|c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-', "_"));
    let request = move |first: i64| Request {
        criteria: Some(Criteria {
            domain: Some(domain.clone()),
            workgroup: text("workgroup"),
            types: text("type").into_iter().collect(),
            pattern: text("q"),
            deleted: Some(text("deleted").as_deref() == Some("1")),
            status: text("status").into_iter().collect(),
        }),
        range: Range { first: Some(first), limit: Some(PAGE) },
        sort: Sort {
            by: text("sort"),
            direction: if text("dir").as_deref() == Some("desc") {
                Direction::Descending
            } else {
                Direction::Ascending
            },
        },
        fields: ["workgroup", "status", "createtime", "lastlogin"].map(String::from).to_vec(),
    };
    // The first page answers for rights and bad filters before any byte is sent.
    let engine = state.engine.clone();
    let first = match search_users(&engine, &ctx, request(0)).await {
        Ok(page) => page,
        Err(e) => {
            let status = match e.code().number() {
                9 => StatusCode::FORBIDDEN,
                _ if matches!(e, engine::Error::Internal(_)) => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::BAD_REQUEST,
            };
            return (status, e.to_string()).into_response();
        }
    };
    let body = pages(engine, ctx, first, request);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The CSV text: the header and first page, then each following page.
fn pages(
    engine: Arc<Engine>,
    ctx: Ctx,
    first: engine::user::search_users::Response,
    request: impl Fn(i64) -> Request + Send + 'static,
) -> Body {
    let head = csv_file::write(&first.users, true);
    let more = first.count == PAGE;
    let state = (engine, ctx, request, PAGE, more);
    let rest = futures_util::stream::unfold(state, |(engine, ctx, request, at, more)| async move {
        if !more {
            return None;
        }
        match search_users(&engine, &ctx, request(at)).await {
            Ok(page) => {
                let rows = csv_file::write(&page.users, false);
                let more = page.count == PAGE;
                Some((Ok::<_, std::io::Error>(rows), (engine, ctx, request, at + PAGE, more)))
            }
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), (engine, ctx, request, at, false))),
        }
    });
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(head) });
    Body::from_stream(futures_util::StreamExt::chain(stream, rest))
}
