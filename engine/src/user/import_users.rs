//! Importing users from a CSV file (see `csv_file` for its columns) into one
//! domain: every row is checked as change_user would check it, in a dry run
//! that writes nothing or for real, through `bulk_create`.

use serde::{Deserialize, Serialize};

use super::bulk_create::{create_users, Mode, NewUser};
use super::csv_file;
use crate::directory::names;
use crate::error::{Code, Error, Result};
use crate::{Ctx, Engine};

/// Largest file taken at once (rows).
pub const MAX_ROWS: usize = 100_000;

/// What became of one row of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowOutcome {
    pub line: u64,
    pub user: String,
    /// None: created (or, in a dry run, would be).
    pub error: Option<String>,
}

/// Reads `csv`; Err(error 5 with a hint) when the file as a whole is unusable.
pub fn read(csv: &str) -> Result<Vec<csv_file::ImportRow>> {
    let rows = csv_file::read(csv).map_err(|why| Error::hint(Code::BadRequest, "file", why))?;
    if rows.is_empty() {
        return Err(Error::hint(Code::BadRequest, "file", "The file holds no rows"));
    }
    if rows.len() > MAX_ROWS {
        return Err(Error::hint(Code::BadRequest, "file", format!("More than {MAX_ROWS} rows: split the file")));
    }
    Ok(rows)
}

/// Runs the rows of a read file into `domain`; rows naming another domain
/// fail. `progress` hears how many rows are done.
pub async fn import(
    engine: &Engine,
    ctx: &Ctx,
    domain: &str,
    rows: Vec<csv_file::ImportRow>,
    mode: Mode,
    progress: &(dyn Fn(usize) + Send + Sync),
) -> Vec<RowOutcome> {
    let domain = domain.trim().to_lowercase();
    let mut outcomes: Vec<RowOutcome> = Vec::with_capacity(rows.len());
    let mut wanted: Vec<NewUser> = Vec::new();
    let mut slots: Vec<usize> = Vec::new();
    for row in rows {
        let error = match &row.row {
            Err(why) => Some(why.clone()),
            Ok(new) => match names::mailbox(&new.user) {
                Ok((_, d)) if d == domain => {
                    wanted.push(new.clone());
                    slots.push(outcomes.len());
                    None
                }
                Ok(_) => Some(format!("Not an address of {domain}")),
                Err(why) => Some(format!("user: {why}")),
            },
        };
        outcomes.push(RowOutcome { line: row.line, user: row.user, error });
    }
    let skipped = outcomes.len() - wanted.len();
    let results = create_users(engine, ctx, &wanted, mode, &|n| progress(skipped + n)).await;
    for (slot, result) in slots.into_iter().zip(results) {
        outcomes[slot].error = result.err().map(|e| describe(&e));
    }
    outcomes
}

/// An engine error as one line for a person: what, and each attribute's hint.
pub fn describe(e: &Error) -> String {
    if let Error::Internal(detail) = e {
        tracing::error!(target: "import", detail, "import row failed");
        return "Server error (logged)".into();
    }
    match e.hints().filter(|h| !h.is_empty()) {
        Some(hints) => hints.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("; "),
        None => e.code().text().to_string(),
    }
}

/// The outcome of every row as CSV: line, user, result.
pub fn report(rows: &[RowOutcome], dry_run: bool) -> String {
    let ok = if dry_run { "ok" } else { "created" };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["line", "user", "result"]);
    for r in rows {
        let _ = writer.write_record([r.line.to_string().as_str(), &r.user, r.error.as_deref().unwrap_or(ok)]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
