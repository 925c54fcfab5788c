//! The stats screens: stats_summary's figures of a company, a domain or an
//! account, shaped into charts (one per subject, a line per figure), and the
//! snapshot downloads of a company or domain (stats_list, stats_snapshot).

use leptos::prelude::*;
use serde_json::{Map, Value};

use super::types::{SnapshotChoice, StatChart, StatSeries, StatUnit, StatsView};
use super::PortalError;

/// The granularities stats_summary offers; anything else reads as the first.
pub const BY: [&str; 3] = ["day", "week", "month"];

/// `by` if it is one of [`BY`], else `day`.
pub fn granularity(by: &str) -> &'static str {
    BY.iter().find(|b| **b == by).copied().unwrap_or(BY[0])
}

/// The figures of `kind` ("company", "domain" or "user") for `object`, by
/// day, week or month.
#[server(prefix = "/srv", endpoint = "stats")]
pub async fn load_stats(kind: String, object: String, by: String) -> Result<StatsView, PortalError> {
    use engine::stats::stats_summary::{stats_summary, Request};
    let engine = super::ssr::engine()?;
    let by = granularity(&by);
    let request = Request { kind: Some(kind.clone()), object: Some(object), by: Some(by.to_string()) };
    let found = stats_summary(&engine, &super::ssr::ctx().await?, request).await?;
    Ok(view_of(&kind, by, &found.summary))
}

/// The snapshot periods of a company or domain, and the download URL of
/// `period` (the newest month when None).
#[server(prefix = "/srv", endpoint = "stats_snapshots")]
pub async fn load_snapshots(
    kind: String,
    object: String,
    period: Option<String>,
) -> Result<SnapshotChoice, PortalError> {
    use engine::stats::{stats_list, stats_snapshot};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let list = stats_list::stats_list(&engine, &ctx, stats_list::Request {}).await?.snapshots;
    let newest_first = |mut v: Vec<String>| {
        v.sort_by(|a, b| b.cmp(a));
        v
    };
    let mut choice = SnapshotChoice {
        months: newest_first(list.month),
        weeks: newest_first(list.week),
        days: newest_first(list.day),
        period: None,
        url: None,
    };
    let known = |p: &String| choice.months.contains(p) || choice.weeks.contains(p) || choice.days.contains(p);
    let period = match period.filter(|p| !p.trim().is_empty()) {
        Some(p) if known(&p) => Some(p),
        Some(_) => {
            return Err(PortalError::new("There is no snapshot for that period").with_hint("period", "not in the list"))
        }
        None => choice.months.first().or(choice.weeks.first()).or(choice.days.first()).cloned(),
    };
    if let Some(date) = period {
        let request = stats_snapshot::Request { kind, object, date: date.clone() };
        choice.url = Some(stats_snapshot::stats_snapshot(&engine, &ctx, request).await?.snapshot);
        choice.period = Some(date);
    }
    Ok(choice)
}

/// A figure of the summary: numbers as numbers or as text ("" or missing = 0).
fn number(period: &Value, group: &str, key: &str) -> i64 {
    match period.get(group).and_then(|g| g.get(key)) {
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)).unwrap_or(0),
        Some(Value::String(s)) => {
            s.trim().parse::<i64>().ok().or_else(|| s.trim().parse::<f64>().ok().map(|f| f as i64)).unwrap_or(0)
        }
        _ => 0,
    }
}

/// (key, title, unit, [(group, field, series name)]) of each chart.
type ChartSpec = (&'static str, &'static str, StatUnit, &'static [(&'static str, &'static str, &'static str)]);

const LOGINS: ChartSpec = (
    "logins",
    "Logins by protocol",
    StatUnit::Count,
    &[("logins", "imap4", "IMAP4"), ("logins", "pop3", "POP3"), ("logins", "webmail", "Webmail")],
);

const MESSAGES: ChartSpec = (
    "messages",
    "Messages in and out",
    StatUnit::Count,
    &[
        ("messages", "in_ham", "Received"),
        ("messages", "in_spam", "Spam"),
        ("messages", "out_msg_count", "Sent"),
        ("messages", "denied", "Denied"),
        ("messages", "forward_count", "Forwarded"),
        ("messages", "autorespond_count", "Auto-replies"),
    ],
);

const STORAGE: ChartSpec =
    ("storage", "Storage used", StatUnit::Bytes, &[("storage", "current_size", "Mailboxes"), DELETED_SIZE]);
const DELETED_SIZE: (&str, &str, &str) = ("deleted_users", "storage_current_size", "Deleted accounts");

const ITEMS: ChartSpec =
    ("items", "Messages stored", StatUnit::Count, &[("storage", "items_stored", "Mailboxes"), DELETED_ITEMS]);
const DELETED_ITEMS: (&str, &str, &str) = ("deleted_users", "storage_items_stored", "Deleted accounts");

const USERS: ChartSpec = (
    "users",
    "Users by type",
    StatUnit::Count,
    &[
        ("users", "mailbox", "Mailboxes"),
        ("users", "forward", "Forwards"),
        ("users", "filter", "Filters"),
        ("users", "alias", "Aliases"),
        ("users", "deleted", "Deleted"),
    ],
);

const SERVICES: ChartSpec = (
    "services",
    "Users by service",
    StatUnit::Count,
    &[
        ("services", "imap4", "IMAP4"),
        ("services", "pop3", "POP3"),
        ("services", "webmail", "Webmail"),
        ("services", "smtpin", "SMTP in"),
        ("services", "smtprelay", "SMTP relay"),
    ],
);

/// stats_summary's answer as charts. An account has no user counts, no
/// services counts and no deleted accounts.
pub fn view_of(kind: &str, by: &str, summary: &Map<String, Value>) -> StatsView {
    // Keys sort in time order in all three shapes.
    let mut periods: Vec<String> = summary.keys().cloned().collect();
    periods.sort();
    let account = kind == "user";
    let specs: Vec<ChartSpec> = if account {
        vec![LOGINS, MESSAGES, STORAGE, ITEMS]
    } else {
        vec![LOGINS, MESSAGES, STORAGE, ITEMS, USERS, SERVICES]
    };
    let charts = specs
        .into_iter()
        .map(|(key, title, unit, lines)| StatChart {
            key: key.to_string(),
            title: title.to_string(),
            unit,
            series: lines
                .iter()
                .filter(|(group, _, _)| !(account && *group == "deleted_users"))
                .map(|(group, field, name)| StatSeries {
                    name: name.to_string(),
                    values: periods.iter().map(|p| summary.get(p).map_or(0, |v| number(v, group, field))).collect(),
                })
                .collect(),
        })
        .collect();
    StatsView { by: granularity(by).to_string(), periods, charts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_strings_and_gaps() {
        let summary = json!({
            "20120111": {"logins": {"imap4": "3", "pop3": "", "webmail": "7"}, "storage": {"current_size": "733839", "items_stored": "31"}},
            "20120110": {"logins": {"imap4": 1}, "messages": {"in_ham": 5}},
        });
        let view = view_of("user", "day", summary.as_object().expect("an object"));
        assert_eq!(view.periods, ["20120110", "20120111"]);
        let names: Vec<&str> = view.charts.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(names, ["logins", "messages", "storage", "items"]);
        let logins = &view.charts[0].series;
        assert_eq!((logins[0].values.clone(), logins[1].values.clone()), (vec![1, 3], vec![0, 0]));
        assert_eq!(logins[2].values, [0, 7]);
        assert_eq!(view.charts[2].series.len(), 1, "an account has no deleted accounts");
        assert_eq!(view.charts[2].series[0].values, [0, 733_839]);

        let company = view_of("company", "year", summary.as_object().expect("an object"));
        assert_eq!(company.by, "day");
        assert_eq!(company.charts.len(), 6);
        assert_eq!(company.charts[2].series.len(), 2);
        assert_eq!(company.charts[4].series[0].values, [0, 0]);
    }
}
