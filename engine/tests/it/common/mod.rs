//! Shared fixtures for engine tests: a fresh database per test on SQLite (a file
//! in a temp dir) and on PostgreSQL (a new database in the cluster the test
//! command started), and a small world of companies, domains and admins.
#![allow(dead_code)]

pub mod smtp_sink;

use std::sync::Arc;

use engine::changes::Actor;
use engine::directory::provision;
use engine::identity::password::{self, Encoding};
use engine::oma::{self, Answer};
use engine::{Code, Config, Engine};
use serde_json::{json, Map, Value};

pub struct TestDb {
    pub engine: Arc<Engine>,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/postroom.db", dir.path().display());
    // Marks every 3 rows: every deep-page path runs on the small test data.
    let config = Config { page_mark_every: 3, mail_root: dir.path().join("mail"), ..Config::default() };
    let engine = Engine::open(&url, config).await.expect("open sqlite");
    TestDb { engine, _dir: Some(dir) }
}

/// None when no PostgreSQL is configured, unless POSTROOM_REQUIRE_PG=1 (the
/// test command sets it), where a missing cluster fails the test.
pub async fn postgres() -> Option<TestDb> {
    let Ok(admin_url) = std::env::var("POSTROOM_TEST_PG_URL") else {
        assert!(std::env::var("POSTROOM_REQUIRE_PG").is_err(), "POSTROOM_TEST_PG_URL is not set");
        eprintln!("skipping the PostgreSQL half: POSTROOM_TEST_PG_URL is not set");
        return None;
    };
    let name = format!("t_{}", engine::identity::token::generate());
    let admin = sqlx::PgPool::connect(&admin_url).await.expect("connect to the test cluster");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create database");
    admin.close().await;
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).expect("URL has a database");
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config { mail_root: dir.path().join("mail"), ..Config::default() };
    let engine = Engine::open(&format!("{base}/{name}"), config).await.expect("open postgres");
    Some(TestDb { engine, _dir: Some(dir) })
}

/// Runs a scenario once on SQLite and once on PostgreSQL, as two tests.
#[macro_export]
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::common::sqlite().await;
                super::$name(&db.engine).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = $crate::common::postgres().await {
                    super::$name(&db.engine).await;
                }
            }
        }
    };
}

/// Calls an OMA method as the wire endpoint does. Ok: the fields after
/// `success`; Err: the error number and hints.
pub async fn call(engine: &Engine, method: &str, body: Value) -> Result<Map<String, Value>, (i64, Option<Value>)> {
    let Value::Object(body) = body else { panic!("body must be an object") };
    match oma::call(engine, method, body, "test").await {
        Ok(Answer::Fields(map)) => Ok(map),
        Ok(Answer::Verbatim(v)) => Ok(v.as_object().cloned().unwrap_or_default()),
        Err(e) => Err((e.code().number(), e.hints().map(|h| json!(h)))),
    }
}

/// A call's outcome with the engine's whole error (for its extra fields).
pub async fn call_full(engine: &Engine, method: &str, body: Value) -> Result<Map<String, Value>, engine::Error> {
    let Value::Object(body) = body else { panic!("body must be an object") };
    match oma::call(engine, method, body, "test").await? {
        Answer::Fields(map) => Ok(map),
        Answer::Verbatim(v) => Ok(v.as_object().cloned().unwrap_or_default()),
    }
}

/// The error number of a call that must fail.
pub async fn err(engine: &Engine, method: &str, body: Value) -> i64 {
    match call(engine, method, body).await {
        Ok(fields) => panic!("{method} succeeded but should fail: {fields:?}"),
        Err((n, _)) => n,
    }
}

pub async fn ok(engine: &Engine, method: &str, body: Value) -> Map<String, Value> {
    match call(engine, method, body).await {
        Ok(fields) => fields,
        Err(e) => panic!("{method} failed: {e:?}"),
    }
}

pub fn creds(user: &str) -> Value {
    json!({"user": user, "password": PASSWORD})
}

pub const PASSWORD: &str = "sw0rdf1sh";
pub const PROVIDER: &str = "root";

/// Every admin of the world: (account, role, object).
pub const ADMINS: &[(&str, &str, &str)] = engine::demo::ADMINS;

/// The demo data (see engine::demo: Example Corp with example.com and
/// example.net, Other Inc with other.org, admins of every role, plain users)
/// plus provider admin `root`. All passwords are [`PASSWORD`].
pub async fn world(engine: &Engine) {
    let hashed = password::hash(PASSWORD, Encoding::Ssha256);
    provision::create_provider_admin(engine, &Actor::system("test"), PROVIDER, &hashed).await.expect("provider");
    engine::demo::seed(engine, &hashed).await.expect("demo data");
}

pub fn code(c: Code) -> i64 {
    c.number()
}
