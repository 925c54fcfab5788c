//! Long work that outlives the request that started it (a CSV import): its
//! progress for the page that polls it, and its outcome once done. A job is
//! seen only by whoever started it, under an id nobody can guess; finished
//! jobs are forgotten after an hour, unfinished ones after a day.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::error::{fail, Code, Result};
use crate::identity::token;

const KEEP_FINISHED: i64 = 3600;
const KEEP_RUNNING: i64 = 86_400;

pub struct Job {
    /// The account that started it.
    owner: i64,
    total: usize,
    done: AtomicUsize,
    started: i64,
    outcome: Mutex<Option<(i64, Value)>>,
}

impl Job {
    /// Units done so far.
    pub fn advance_to(&self, done: usize) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// The job's result; it is finished from now on.
    pub fn finish(&self, now: i64, outcome: Value) {
        self.done.store(self.total, Ordering::Relaxed);
        if let Ok(mut slot) = self.outcome.lock() {
            *slot = Some((now, outcome));
        }
    }
}

/// (done, total, the outcome once finished).
pub type Progress = (usize, usize, Option<Value>);

#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    /// Registers a job of `total` units for `owner`: its id, and the handle the work reports to.
    pub fn start(&self, owner: i64, total: usize, now: i64) -> (String, Arc<Job>) {
        let job = Arc::new(Job { owner, total, done: AtomicUsize::new(0), started: now, outcome: Mutex::new(None) });
        let id = token::generate();
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.retain(|_, j| match j.outcome.lock().ok().and_then(|o| o.as_ref().map(|(at, _)| *at)) {
                Some(finished) => now - finished < KEEP_FINISHED,
                None => now - j.started < KEEP_RUNNING,
            });
            jobs.insert(id.clone(), job.clone());
        }
        (id, job)
    }

    /// A job's progress, for its owner only (anyone else: no such job, error 2).
    pub fn progress(&self, id: &str, caller: i64) -> Result<Progress> {
        let job = self.jobs.lock().ok().and_then(|jobs| jobs.get(id).cloned());
        match job {
            Some(job) if job.owner == caller => {
                let outcome = job.outcome.lock().ok().and_then(|o| o.as_ref().map(|(_, v)| v.clone()));
                Ok((job.done.load(Ordering::Relaxed), job.total, outcome))
            }
            _ => fail(Code::NoSuchObject),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_report_to_their_owner_only_and_are_forgotten() {
        let jobs = Jobs::default();
        let (id, job) = jobs.start(7, 10, 1000);
        job.advance_to(4);
        assert_eq!(jobs.progress(&id, 7).ok(), Some((4, 10, None)));
        assert!(jobs.progress(&id, 8).is_err(), "another account");
        assert!(jobs.progress("guess", 7).is_err());
        job.finish(1010, Value::from("done"));
        assert_eq!(jobs.progress(&id, 7).ok(), Some((10, 10, Some(Value::from("done")))));
        // Starting another job an hour later sweeps the finished one.
        let (other, _) = jobs.start(7, 1, 1010 + KEEP_FINISHED);
        assert!(jobs.progress(&id, 7).is_err());
        assert!(jobs.progress(&other, 7).is_ok());
    }
}
