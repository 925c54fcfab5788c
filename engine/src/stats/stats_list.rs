//! PLACEHOLDER (stats-portal branch): replaced by the stats-engine branch.
//!
//! `stats_list`: the periods snapshots can be downloaded for.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::{Ctx, Engine};

#[derive(Debug, Default, Deserialize)]
pub struct Request {}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub snapshots: Snapshots,
}

#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Snapshots {
    pub month: Vec<String>,
    pub week: Vec<String>,
    pub day: Vec<String>,
}

pub async fn stats_list(engine: &Engine, _ctx: &Ctx, _req: Request) -> Result<Response> {
    let today = super::today(engine);
    // The current period is not complete yet: snapshots are of finished ones.
    let finished = |by: &str| -> Result<Vec<String>> {
        let mut all = super::periods(by, today)?;
        all.pop();
        Ok(all.into_iter().rev().take(12).rev().collect())
    };
    Ok(Response { snapshots: Snapshots { month: finished("month")?, week: finished("week")?, day: finished("day")? } })
}
