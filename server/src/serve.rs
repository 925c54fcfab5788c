//! `postroom serve`: the HTTP server.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get, post};
use axum::Router;
use engine::changes::Actor;
use engine::directory::provision;
use engine::{Config, Engine};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::cli::ServeArgs;
use crate::oma_wire::{self, AuditIds};
use crate::portal;
use crate::state::{AppState, Settings};

pub async fn run(args: ServeArgs) -> Result<(), String> {
    let config = Config { credential_cache_ttl: Duration::from_secs(args.credential_cache), ..Config::default() };
    let engine = crate::open_with(&args.db, config).await?;
    bootstrap_admin(&engine).await?;
    tokio::spawn(purge_regularly(engine.clone()));
    if let Some(addr) = args.lmtp {
        let relay = match args.smtp_relay.as_deref() {
            Some(text) => Some(
                engine::delivery::relay::Relay::parse(text)
                    .ok_or_else(|| format!("--smtp-relay {text}: expected host[:port]"))?,
            ),
            None => None,
        };
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen for LMTP on {addr}: {e}"))?;
        let settings = crate::lmtp::Settings { relay, max_message_bytes: args.max_message_bytes, hostname: hostname() };
        tracing::info!(lmtp = %addr, "LMTP is listening");
        println!("LMTP is listening on {addr}");
        tokio::spawn(crate::lmtp::serve(engine.clone(), listener, settings));
    }
    let router = router(engine, &args)?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    tracing::info!(listen = %args.listen, database = %engine::db::redact_url(&args.db.url()), "Postroom is serving");
    println!("Postroom is serving on http://{}", args.listen);
    axum::serve(listener, router).with_graceful_shutdown(shutdown()).await.map_err(|e| e.to_string())
}

/// Builds the whole HTTP surface. Public so that tests can serve it in-process.
pub fn router(engine: Arc<Engine>, args: &ServeArgs) -> Result<Router, String> {
    let site_root = args.site_root.display().to_string();
    let site_built = args.site_root.join("pkg").join("postroom.wasm").is_file();
    let mut leptos_options = LeptosOptions::builder().output_name("postroom").site_root(site_root).build();
    leptos_options.site_addr = args.listen;
    let state = AppState {
        engine: engine.clone(),
        audit: Arc::new(AuditIds::new()),
        settings: Arc::new(Settings {
            max_body_bytes: args.max_body_bytes,
            call_timeout: Duration::from_secs(args.call_timeout),
            secure_cookies: args.secure_cookies,
        }),
        leptos_options: leptos_options.clone(),
    };

    let api =
        Router::new().route("/api/{*method}", post(oma_wire::handle)).layer(DefaultBodyLimit::max(args.max_body_bytes));

    let portal = if site_built {
        let settings = app::api::ssr::PortalSettings { secure_cookies: args.secure_cookies };
        let context = move || {
            provide_context(engine.clone());
            provide_context(settings);
        };
        let routes = generate_route_list(app::App);
        Router::new()
            .route("/sso", get(portal::sso))
            .route("/export/users.csv", get(crate::export::users_csv))
            // PLACEHOLDER (stats-portal branch): the stats-engine branch serves the real snapshot files.
            .route("/placeholder/stats_snapshot", get(crate::stats_placeholder::snapshot))
            .leptos_routes_with_context(&state, routes, context.clone(), {
                let options = leptos_options.clone();
                move || app::shell(options.clone())
            })
            .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, app::shell))
    } else {
        tracing::warn!(site_root = %args.site_root.display(), "portal site not built: portal pages explain how to build it");
        Router::new().route("/sso", get(portal::sso)).fallback(any(portal::not_built))
    }
    .layer(RequestBodyLimitLayer::new(args.max_body_bytes));

    Ok(Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .merge(api)
        .merge(portal)
        .layer(axum::middleware::from_fn(portal::same_origin_only))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(args.request_timeout),
        ))
        .with_state(state))
}

/// On the first start there is no admin at all: create `postmaster`, with the
/// password from POSTROOM_ADMIN_PASSWORD or a random one printed once.
async fn bootstrap_admin(engine: &Engine) -> Result<(), String> {
    if provision::provider_admin_exists(engine).await.map_err(|e| e.to_string())? {
        return Ok(());
    }
    let (password, generated) = match std::env::var("POSTROOM_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => (p, false),
        _ => (random_password(), true),
    };
    provision::create_provider_admin(engine, &Actor::system("bootstrap"), "postmaster", &password)
        .await
        .map_err(|e| crate::describe(&e))?;
    if generated {
        // Printed, never logged: this is the only time it is shown.
        println!("Created the bootstrap provider admin: user postmaster, password {password}");
        println!(
            "(shown once; set POSTROOM_ADMIN_PASSWORD to choose it, or create admins with `postroom admin create`)"
        );
    } else {
        println!("Created the bootstrap provider admin postmaster with the password from POSTROOM_ADMIN_PASSWORD.");
    }
    Ok(())
}

/// This machine's name, for LMTP greetings.
fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "postroom".to_string())
}

fn random_password() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..20).map(|_| char::from(CHARS[rng.gen_range(0..CHARS.len())])).collect()
}

/// The mail store's purge (expired deleted messages and mailboxes), hourly.
async fn purge_regularly(engine: Arc<Engine>) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match engine::mailstore::purge::run(&engine).await {
            Ok(p) if p.messages + p.mailboxes > 0 => {
                tracing::info!(messages = p.messages, mailboxes = p.mailboxes, "purged expired deleted mail")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "purging expired deleted mail failed"),
        }
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
