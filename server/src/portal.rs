//! The portal's HTTP side that is not a Leptos page: the `/sso` sign-in link,
//! the cross-site request guard, and the notice served when the WASM site has
//! not been built.

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use engine::identity::credentials::{Purpose, Secret};
use engine::Credentials;
use serde::Deserialize;

use crate::state::AppState;

#[derive(Deserialize)]
pub struct SsoLink {
    user: String,
    token: String,
}

/// `GET /sso?user=...&token=...`: signs in with a one-time (sso) or session token
/// and opens a portal session. A token without OMA power signs in for
/// self-service only.
pub async fn sso(State(state): State<AppState>, Query(link): Query<SsoLink>) -> Response {
    let creds = Credentials { user: link.user, secret: Secret::Token(link.token), client: None };
    let session = match state.engine.authenticate_credentials(&creds, Purpose::Portal).await {
        Ok(caller) => state.engine.open_portal_session(&caller).await,
        Err(e) => Err(e),
    };
    match session {
        Ok(token) => {
            let secure = if state.settings.secure_cookies { "; Secure" } else { "" };
            let cookie = format!(
                "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
                app::api::ssr::COOKIE,
                engine::auth::portal::SESSION_SECONDS
            );
            let mut response = Redirect::to("/").into_response();
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            response
        }
        Err(engine::Error::Internal(detail)) => {
            tracing::error!(target: "portal", detail, "sso sign-in failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Server error").into_response()
        }
        Err(_) => Redirect::to("/login?error=sso").into_response(),
    }
}

/// Refuses state-changing requests to the portal from other sites. The session
/// cookie is SameSite=Strict already; this also covers browsers that ignore it.
/// The OMA endpoint is not guarded: its callers are programs with credentials.
pub async fn same_origin_only(request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && !request.uri().path().starts_with("/api/") {
        let headers = request.headers();
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let cross_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site");
        let foreign_origin = match (headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()), host) {
            (Some("null"), _) => true,
            (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) != Some(host),
            _ => false,
        };
        if cross_site || foreign_origin {
            return (StatusCode::FORBIDDEN, "Cross-site request refused").into_response();
        }
    }
    next.run(request).await
}

/// Served for portal pages when `<site root>/pkg/postroom.wasm` is missing: the
/// OMA API works, the portal says how to build itself.
pub async fn not_built() -> Response {
    let page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Postroom: portal not built</title></head>\
        <body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>The portal is not built</h1>\
        <p>Postroom is running: the OpenSRS Mail API answers on <code>/api/&lt;method&gt;</code> and health on <code>/healthz</code>.</p>\
        <p>The portal's WebAssembly site was not found. Build it with <code>scripts/build-site.sh</code> (or start everything with \
        <code>./run.sh</code>), or point <code>--site-root</code> / <code>LEPTOS_SITE_ROOT</code> at a built site.</p></body></html>";
    (StatusCode::SERVICE_UNAVAILABLE, Html(page)).into_response()
}
