//! The CSV import of users into a domain: a dry run (every row checked,
//! nothing written) or the import itself, each a background job whose
//! progress the page polls.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::PortalError;

/// What became of one row of the file (`error` None: fine, or created).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: u64,
    pub user: String,
    pub error: Option<String>,
}

/// Where a job is; `rows` and `report_csv` once it is finished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportStatus {
    pub done: usize,
    pub total: usize,
    pub dry_run: bool,
    pub finished: bool,
    pub good: usize,
    pub failed: usize,
    /// The failed rows (at most the first 1,000; the report has them all).
    pub failures: Vec<ImportRow>,
    pub report_csv: String,
}

/// Reads the file (errors about the file as a whole answer at once) and
/// starts checking or importing its rows: the job's id.
#[server(prefix = "/srv", endpoint = "start_import")]
pub async fn start_import(domain: String, csv: String, dry_run: bool) -> Result<String, PortalError> {
    use engine::user::bulk_create::Mode;
    use engine::user::import_users::{import, read};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    // A file unusable as a whole: error 5 with the reason as the `file` hint.
    let rows = read(&csv)?;
    let now = engine.clock().now();
    let (id, job) = engine.jobs().start(ctx.caller.user_id, rows.len(), now);
    let mode = if dry_run { Mode::DryRun } else { Mode::Create };
    tokio::spawn(async move {
        let outcomes = import(&engine, &ctx, &domain, rows, mode, &|n| job.advance_to(n)).await;
        let done = serde_json::json!({ "dry_run": dry_run, "rows": outcomes });
        job.finish(engine.clock().now(), done);
    });
    Ok(id)
}

#[server(prefix = "/srv", endpoint = "import_progress")]
pub async fn import_progress(job: String) -> Result<ImportStatus, PortalError> {
    use engine::user::import_users::RowOutcome;
    let engine = super::ssr::engine()?;
    let caller = super::ssr::caller().await?;
    let (done, total, outcome) = engine.jobs().progress(&job, caller.user_id)?;
    let Some(outcome) = outcome else {
        return Ok(ImportStatus {
            done,
            total,
            dry_run: false,
            finished: false,
            good: 0,
            failed: 0,
            failures: Vec::new(),
            report_csv: String::new(),
        });
    };
    let dry_run = outcome["dry_run"].as_bool().unwrap_or(false);
    let rows: Vec<RowOutcome> = serde_json::from_value(outcome["rows"].clone()).unwrap_or_default();
    let failed = rows.iter().filter(|r| r.error.is_some()).count();
    Ok(ImportStatus {
        done,
        total,
        dry_run,
        finished: true,
        good: rows.len() - failed,
        failed,
        failures: rows
            .iter()
            .filter(|r| r.error.is_some())
            .take(1000)
            .map(|r| ImportRow { line: r.line, user: r.user.clone(), error: r.error.clone() })
            .collect(),
        report_csv: engine::user::import_users::report(&rows, dry_run),
    })
}
