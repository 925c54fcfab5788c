//! `reindex`: rebuilds the header index of a mailbox (or one folder) from its
//! directories, as a background job: the call answers at once with the job's
//! id and `pending`; called again with `id` it answers the job's status
//! (`pending`, `active`, `complete`, `error:<message>`). Jobs are kept for a
//! day after they finish; an unknown id (or one of another account) is 2.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::account::{self, Access, Mailbox};
use super::{folder_name, index};

use crate::error::{fail, Code, Error, Result};
use crate::identity::role::Level;
use crate::oma::lenient;
use crate::{Ctx, Engine};

const KEEP: i64 = 86_400;

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub folder: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub id: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Response {
    pub status: String,
    pub id: String,
}

#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<String, Job>>,
}

#[derive(Clone)]
struct Job {
    user_id: i64,
    status: String,
    /// When it finished (epoch seconds).
    finished: Option<i64>,
}

impl Jobs {
    fn set(&self, id: &str, status: String, finished: Option<i64>) {
        if let Ok(mut jobs) = self.jobs.lock() {
            if let Some(job) = jobs.get_mut(id) {
                job.status = status;
                job.finished = finished;
            }
        }
    }

    fn get(&self, id: &str) -> Option<Job> {
        self.jobs.lock().ok().and_then(|jobs| jobs.get(id).cloned())
    }

    fn start(&self, user_id: i64, now: i64) -> String {
        let id = hex::encode(rand::random::<[u8; 16]>());
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.retain(|_, j| j.finished.is_none_or(|at| now - at < KEEP));
            jobs.insert(id.clone(), Job { user_id, status: "pending".into(), finished: None });
        }
        id
    }
}

pub async fn reindex(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    // Maintenance of the store: company admins and above (the spec's example).
    if !ctx.caller.role().is_some_and(|r| matches!(r.level(), Level::Company | Level::Provider)) {
        return Err(Code::NotPermitted.into());
    }
    let mailbox = account::open(engine, &ctx.caller, &req.user, Access::Write).await?;
    let jobs = &engine.mail().reindex_jobs;
    if let Some(id) = req.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        return match jobs.get(id) {
            Some(job) if job.user_id == mailbox.user_id => Ok(Response { status: job.status, id: id.to_string() }),
            _ => fail(Code::NoSuchObject),
        };
    }
    let folder = req
        .folder
        .as_deref()
        .map(folder_name::normalize)
        .transpose()
        .map_err(|why| Error::hint(Code::BadAttributes, "folder", why))?;
    let id = jobs.start(mailbox.user_id, engine.clock().now());
    let engine = engine.arc();
    let job_id = id.clone();
    tokio::spawn(async move {
        engine.mail().reindex_jobs.set(&job_id, "active".into(), None);
        let status = match rebuild(&engine, &mailbox, folder.as_deref()).await {
            Ok(()) => "complete".to_string(),
            Err(e) => {
                tracing::warn!(user = %mailbox.name, error = %e, "reindex failed");
                format!("error:{e}")
            }
        };
        engine.mail().reindex_jobs.set(&job_id, status, Some(engine.clock().now()));
    });
    Ok(Response { status: "pending".into(), id })
}

/// Forgets what the index holds for the mailbox (or folder) and reads it all again.
pub async fn rebuild(engine: &Engine, mailbox: &Mailbox, folder: Option<&str>) -> Result<()> {
    index::forget(engine, mailbox.user_id, folder).await?;
    index::refresh(engine, mailbox).await.map(|_| ())
}
