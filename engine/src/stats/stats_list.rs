//! `stats_list`: the day, week and month periods that have stats (from the
//! first day any were kept to today; on a fresh server, the current ones).

use serde::{Deserialize, Serialize};

use super::calendar::Period;
use super::rollup::available;
use crate::error::Result;
use crate::{Ctx, Engine};

#[derive(Debug, Default, Deserialize)]
pub struct Request {}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub snapshots: Snapshots,
}

/// Period keys, oldest first.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Snapshots {
    pub month: Vec<String>,
    pub week: Vec<String>,
    pub day: Vec<String>,
}

/// Every caller may list the periods (they say nothing about any object).
pub async fn stats_list(engine: &Engine, _ctx: &Ctx, _req: Request) -> Result<Response> {
    let keys = |period: Period, starts: Vec<i64>| starts.into_iter().map(|s| period.key(s)).collect();
    Ok(Response {
        snapshots: Snapshots {
            month: keys(Period::Month, available(engine, Period::Month).await?),
            week: keys(Period::Week, available(engine, Period::Week).await?),
            day: keys(Period::Day, available(engine, Period::Day).await?),
        },
    })
}
