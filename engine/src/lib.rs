//! Postroom's engine: everything behind the OpenSRS Mail API methods (data model,
//! validation, roles and scoping, change log, tokens), as plain async Rust. The
//! OMA wire endpoint, the portal's server functions, jobs and tests all call it.

pub mod admin;
pub mod attributes;
pub mod auth;
pub mod authz;
pub mod brand;
pub mod bulletin;
pub mod changes;
pub mod clock;
pub mod company;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod directory;
pub mod domain;
pub mod error;
pub mod identity;
pub mod jobs;
pub mod keys;
pub mod mailstore;
pub mod oma;
pub mod stats;
pub mod user;
pub mod workgroup;

use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::Duration;

pub use error::{Code, Error, Result};
pub use identity::{Caller, Credentials, Role};

use clock::Clock;
use db::Db;
use identity::cache::CredentialCache;
use keys::Keys;

/// Settings the engine needs from the server's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long a verified password or token is remembered (0 = never).
    pub credential_cache_ttl: Duration,
    /// How many password hashes may run at once (they run on blocking threads).
    pub hashing_threads: usize,
    /// How long a deleted account can be restored.
    pub user_retention: Duration,
    /// Rows between the marks deep search_users pages start from (tests
    /// make it small so that every deep-page path runs on little data).
    pub page_mark_every: i64,
    /// The mail store's root: `<root>/<domain>/<local>/` per mailbox.
    pub mail_root: PathBuf,
    /// uid and gid for everything the mail store creates (when run as root).
    pub mail_owner: Option<(u32, u32)>,
    /// The server's public base URL (`https://mail.example.com`), for links it
    /// hands out (stats snapshots); None: links are relative.
    pub public_url: Option<String>,
    /// Most database connections the pool opens (None: 8 on SQLite, 16 on
    /// PostgreSQL). On SQLite each connection is a thread of its own.
    pub database_connections: Option<u32>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            credential_cache_ttl: Duration::from_secs(10),
            hashing_threads: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            user_retention: Duration::from_secs(30 * 86_400),
            page_mark_every: user::page_marks::EVERY,
            mail_root: PathBuf::from("data/mail"),
            mail_owner: None,
            public_url: None,
            database_connections: None,
        }
    }
}

pub struct Engine {
    db: Db,
    keys: Keys,
    clock: Clock,
    credentials: CredentialCache,
    hashing: tokio::sync::Semaphore,
    hashing_threads: usize,
    jobs: jobs::Jobs,
    bulletin_worker: bulletin::worker::Worker,
    dummy_hash: tokio::sync::OnceCell<String>,
    user_retention: Duration,
    page_marks: user::page_marks::Marks,
    mail: mailstore::MailStore,
    stats: stats::Recorder,
    public_url: Option<String>,
    /// This engine's own Arc, for background work it starts (reindex).
    me: Weak<Engine>,
}

impl Engine {
    /// Connects, applies migrations and loads the server key.
    pub async fn open(database_url: &str, config: Config) -> Result<Arc<Engine>> {
        let db = Db::connect(database_url, config.database_connections).await?;
        db.migrate().await?;
        let keys = Keys::load_or_create(&db).await?;
        if let Some((uid, gid)) = config.mail_owner {
            mailstore::maildir::set_owner(uid, gid);
        }
        let engine = Arc::new_cyclic(|me| Engine {
            db,
            keys,
            clock: Clock::default(),
            credentials: CredentialCache::new(config.credential_cache_ttl.as_millis() as i64),
            hashing: tokio::sync::Semaphore::new(config.hashing_threads.max(1)),
            hashing_threads: config.hashing_threads.max(1),
            jobs: jobs::Jobs::default(),
            bulletin_worker: bulletin::worker::Worker::default(),
            dummy_hash: tokio::sync::OnceCell::new(),
            user_retention: config.user_retention,
            page_marks: user::page_marks::Marks::new(config.page_mark_every),
            mail: mailstore::MailStore::new(config.mail_root),
            stats: stats::Recorder::default(),
            public_url: config.public_url.filter(|u| !u.trim().is_empty()),
            me: me.clone(),
        });
        // Mailbox moves a crash interrupted end where the database says.
        mailstore::moves::finish_pending(&engine).await?;
        Ok(engine)
    }

    pub fn mail(&self) -> &mailstore::MailStore {
        &self.mail
    }

    /// The Arc this engine lives in.
    pub(crate) fn arc(&self) -> Arc<Engine> {
        self.me.upgrade().expect("the engine is alive while its methods run")
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// How many passwords are hashed at once (bulk work keeps them all busy).
    pub fn hashing_threads(&self) -> usize {
        self.hashing_threads
    }

    /// How long a deleted account can be restored.
    pub fn user_retention(&self) -> Duration {
        self.user_retention
    }

    /// Long work in progress (imports), for the pages that follow it.
    pub fn jobs(&self) -> &jobs::Jobs {
        &self.jobs
    }

    /// The one runner of bulletin posts.
    pub(crate) fn bulletin_worker(&self) -> &bulletin::worker::Worker {
        &self.bulletin_worker
    }

    /// Where deep search_users pages start.
    pub(crate) fn page_marks(&self) -> &user::page_marks::Marks {
        &self.page_marks
    }

    /// The public base URL links start with, if configured.
    pub fn public_url(&self) -> Option<&str> {
        self.public_url.as_deref()
    }

    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// Forget every cached credential: call after committing a change to who an
    /// account is or what it may do.
    pub(crate) fn identities_changed(&self) {
        self.credentials.invalidate_all();
    }
}

/// One method call: who calls, and through what (recorded in the change log).
#[derive(Debug, Clone)]
pub struct Ctx {
    pub caller: Arc<Caller>,
    pub application: String,
}

impl Ctx {
    pub fn new(caller: Arc<Caller>, application: impl Into<String>) -> Ctx {
        Ctx { caller, application: application.into() }
    }
}
