//! Usage statistics (OMA stats_list, stats_summary, stats_snapshot).
//!
//! Recording is cheap: a delivery or login adds to in-memory counters per
//! account per UTC day ([`Recorder`]); [`flush`] adds them in batches to
//! `stats_events` and to the current day/week/month rows of the account's
//! domain and company (every few seconds in the server, at the end of
//! short-lived commands). The rollup ([`rollup::rollup_day`]) rebuilds a day's
//! domain and company rows from the events plus gauges read from the live
//! tables, and the week and month around it from the days, so running it
//! again gives the same figures. stats_summary reads those rows.

pub mod calendar;
pub mod history;
pub mod rollup;
pub mod snapshot_file;
pub mod stats_list;
pub mod stats_snapshot;
pub mod stats_summary;

use std::collections::HashMap;
use std::sync::Mutex;

use sqlx::Row;

use crate::db::{Arg, Sql};

use crate::error::Result;
use crate::Engine;
use calendar::Period;

/// Counted events: `(column, index)`.
pub const FLOWS: [&str; 12] = [
    "logins_imap4",
    "logins_pop3",
    "logins_webmail",
    "in_ham",
    "in_spam",
    "in_size",
    "denied",
    "forwarded",
    "autoresponded",
    "out_msg",
    "out_rcpt",
    "out_size",
];

/// Measured states.
pub const GAUGES: [&str; 14] = [
    "users_mailbox",
    "users_forward",
    "users_filter",
    "users_alias",
    "users_deleted",
    "svc_smtprelay",
    "svc_smtpin",
    "svc_imap4",
    "svc_pop3",
    "svc_webmail",
    "items_stored",
    "current_size",
    "deleted_items",
    "deleted_size",
];

pub(crate) const F_IMAP4: usize = 0;
pub(crate) const F_POP3: usize = 1;
pub(crate) const F_WEBMAIL: usize = 2;
pub(crate) const F_HAM: usize = 3;
pub(crate) const F_SPAM: usize = 4;
pub(crate) const F_IN_SIZE: usize = 5;
pub(crate) const F_DENIED: usize = 6;
pub(crate) const F_FORWARDED: usize = 7;
pub(crate) const F_AUTORESPONDED: usize = 8;
pub(crate) const F_OUT_MSG: usize = 9;
pub(crate) const F_OUT_RCPT: usize = 10;
pub(crate) const F_OUT_SIZE: usize = 11;

/// One row's figures: flows then gauges, in [`FLOWS`] and [`GAUGES`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub flows: [i64; 12],
    pub gauges: [i64; 14],
}

impl Figures {
    pub fn add_flows(&mut self, other: &[i64; 12]) {
        for (a, b) in self.flows.iter_mut().zip(other) {
            *a += b;
        }
    }

    pub fn add_gauges(&mut self, other: &[i64; 14]) {
        for (a, b) in self.gauges.iter_mut().zip(other) {
            *a += b;
        }
    }

    /// Each company's figures: the sum of its domains'.
    pub fn per_company(
        domains: &std::collections::BTreeMap<i64, Figures>,
        company_of: &std::collections::HashMap<i64, i64>,
    ) -> std::collections::BTreeMap<i64, Figures> {
        let mut companies = std::collections::BTreeMap::new();
        for (domain, f) in domains {
            if let Some(company) = company_of.get(domain) {
                let c: &mut Figures = companies.entry(*company).or_default();
                c.add_flows(&f.flows);
                c.add_gauges(&f.gauges);
            }
        }
        companies
    }

    pub fn flow(&self, name: &str) -> i64 {
        FLOWS.iter().position(|f| *f == name).map(|i| self.flows[i]).unwrap_or(0)
    }

    pub fn gauge(&self, name: &str) -> i64 {
        GAUGES.iter().position(|g| *g == name).map(|i| self.gauges[i]).unwrap_or(0)
    }
}

/// How a user logged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Login {
    Imap4,
    Pop3,
    /// The portal (Postroom's webmail-side sign-in).
    Webmail,
}

/// Something that happened to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Login(Login),
    /// A message stored (or handed on) for the account: ham counts its size.
    Received {
        spam: bool,
        size: i64,
    },
    /// A message refused (blocked sender, rejected spam, suspended account).
    Denied,
    /// A message forwarded (once per message, whatever the recipients).
    Forwarded,
    Autoresponded,
    /// A message the account sent.
    Sent {
        recipients: i64,
        size: i64,
    },
}

#[derive(Debug, Default, Clone, Copy)]
struct Pending {
    flows: [i64; 12],
    /// Last login time per protocol (imap4, pop3, webmail).
    last: [Option<i64>; 3],
}

/// In-memory counters per (account, day) waiting for [`flush`].
#[derive(Default)]
pub struct Recorder {
    pending: Mutex<HashMap<(i64, i64), Pending>>,
}

impl Recorder {
    fn add(&self, user_id: i64, now: i64, event: Event) {
        let day = calendar::day_of(now);
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let p = pending.entry((user_id, day)).or_default();
        match event {
            Event::Login(kind) => {
                let i = match kind {
                    Login::Imap4 => F_IMAP4,
                    Login::Pop3 => F_POP3,
                    Login::Webmail => F_WEBMAIL,
                };
                p.flows[i] += 1;
                p.last[i] = Some(p.last[i].map_or(now, |t| t.max(now)));
            }
            Event::Received { spam: true, .. } => p.flows[F_SPAM] += 1,
            Event::Received { spam: false, size } => {
                p.flows[F_HAM] += 1;
                p.flows[F_IN_SIZE] += size;
            }
            Event::Denied => p.flows[F_DENIED] += 1,
            Event::Forwarded => p.flows[F_FORWARDED] += 1,
            Event::Autoresponded => p.flows[F_AUTORESPONDED] += 1,
            Event::Sent { recipients, size } => {
                p.flows[F_OUT_MSG] += 1;
                p.flows[F_OUT_RCPT] += recipients;
                p.flows[F_OUT_SIZE] += size;
            }
        }
    }

    fn take(&self) -> HashMap<(i64, i64), Pending> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn put_back(&self, taken: HashMap<(i64, i64), Pending>) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        for (key, p) in taken {
            let into = pending.entry(key).or_default();
            for (a, b) in into.flows.iter_mut().zip(p.flows) {
                *a += b;
            }
            for (a, b) in into.last.iter_mut().zip(p.last) {
                *a = (*a).max(b);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).is_empty()
    }
}

impl Engine {
    /// Counts an event for an account now. Never waits on the database.
    pub fn record(&self, user_id: i64, event: Event) {
        self.stats.add(user_id, self.clock().now(), event);
    }
}

/// Rows per multi-row INSERT (SQLite allows 32,766 bound values).
const ROWS_PER_INSERT: usize = 500;

/// Writes the counted events: added to `stats_events` and to the day, week
/// and month rows of each account's domain and company. On failure the
/// counts go back into memory for the next try.
pub async fn flush(engine: &Engine) -> Result<usize> {
    let taken = engine.stats.take();
    if taken.is_empty() {
        return Ok(0);
    }
    match write_pending(engine, &taken).await {
        Ok(()) => Ok(taken.len()),
        Err(e) => {
            engine.stats.put_back(taken);
            Err(e)
        }
    }
}

async fn write_pending(engine: &Engine, taken: &HashMap<(i64, i64), Pending>) -> Result<()> {
    let mut users: Vec<i64> = taken.keys().map(|(u, _)| *u).collect();
    users.sort_unstable();
    users.dedup();
    // Where each account lives (accounts without a domain count for nothing above them).
    let mut homes: HashMap<i64, (i64, i64)> = HashMap::new();
    for chunk in users.chunks(ROWS_PER_INSERT) {
        let mut sql = Sql::new(
            // CROSS JOIN: the ids drive (SQLite would otherwise walk a domain's accounts).
            "SELECT u.id, u.domain_id, d.company_id FROM users u CROSS JOIN domains d WHERE d.id = u.domain_id \
             AND u.id IN (",
        );
        sql.list(chunk.iter().map(|id| Arg::Int(*id))).push(")");
        let rows: Vec<(i64, i64, i64)> = sql.query_as().fetch_all(engine.db().pool()).await?;
        homes.extend(rows.into_iter().map(|(u, d, c)| (u, (d, c))));
    }
    let mut above: HashMap<(&'static str, i64, Period, i64), [i64; 12]> = HashMap::new();
    for ((user, day), p) in taken {
        let Some((domain, company)) = homes.get(user) else { continue };
        for period in Period::ALL {
            let start = period.start_of(*day);
            for (scope, id) in [("domain", *domain), ("company", *company)] {
                let f = above.entry((scope, id, period, start)).or_default();
                for (a, b) in f.iter_mut().zip(p.flows) {
                    *a += b;
                }
            }
        }
    }
    let events: Vec<(&(i64, i64), &Pending)> = taken.iter().collect();
    let mut tx = engine.db().begin_write().await?;
    let cols = FLOWS.join(", ");
    let adds: Vec<String> = FLOWS.iter().map(|c| format!("{c} = stats_events.{c} + excluded.{c}")).collect();
    let lasts: Vec<String> = ["last_imap4", "last_pop3", "last_webmail"]
        .iter()
        .map(|c| {
            format!(
                "{c} = CASE WHEN COALESCE(excluded.{c}, 0) > COALESCE(stats_events.{c}, 0) \
                 THEN excluded.{c} ELSE stats_events.{c} END"
            )
        })
        .collect();
    for chunk in events.chunks(ROWS_PER_INSERT) {
        // Numbers written into the text: SQLite looks each `$n` up by name,
        // so thousands of placeholders in one statement cost quadratic time.
        let mut sql =
            format!("INSERT INTO stats_events (user_id, day, {cols}, last_imap4, last_pop3, last_webmail) VALUES ");
        for (i, ((user, day), p)) in chunk.iter().enumerate() {
            sql.push_str(if i == 0 { "(" } else { ", (" });
            push_numbers(&mut sql, [*user, *day].into_iter().chain(p.flows));
            for last in p.last {
                match last {
                    Some(t) => sql.push_str(&format!(", {t}")),
                    None => sql.push_str(", NULL"),
                }
            }
            sql.push(')');
        }
        sql.push_str(&format!(" ON CONFLICT (user_id, day) DO UPDATE SET {}, {}", adds.join(", "), lasts.join(", ")));
        sqlx::query(&sql).execute(&mut *tx).await?;
    }
    let rows: Vec<_> = above.into_iter().collect();
    let adds: Vec<String> = FLOWS.iter().map(|c| format!("{c} = stats_periods.{c} + excluded.{c}")).collect();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut sql = format!("INSERT INTO stats_periods (scope, object_id, period, start_day, {cols}) VALUES ");
        for (i, ((scope, id, period, start), flows)) in chunk.iter().enumerate() {
            sql.push_str(&format!(
                "{}('{scope}', {id}, '{}', {start}, ",
                if i == 0 { "" } else { ", " },
                period.as_str()
            ));
            push_numbers(&mut sql, flows.iter().copied());
            sql.push(')');
        }
        sql.push_str(&format!(" ON CONFLICT (scope, object_id, period, start_day) DO UPDATE SET {}", adds.join(", ")));
        sqlx::query(&sql).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// `a, b, c` into an SQL text (numbers only: nothing to quote).
pub(crate) fn push_numbers(sql: &mut String, numbers: impl IntoIterator<Item = i64>) {
    use std::fmt::Write as _;
    for (i, n) in numbers.into_iter().enumerate() {
        let _ = write!(sql, "{}{n}", if i == 0 { "" } else { ", " });
    }
}

/// The columns of a stats_periods row as [`Figures`] (selected as `FLOWS, GAUGES`
/// starting at column `first`).
pub(crate) fn figures_at(row: &sqlx::any::AnyRow, first: usize) -> Result<Figures> {
    let mut f = Figures::default();
    for i in 0..FLOWS.len() {
        f.flows[i] = row.try_get::<i64, _>(first + i)?;
    }
    for i in 0..GAUGES.len() {
        f.gauges[i] = row.try_get::<i64, _>(first + FLOWS.len() + i)?;
    }
    Ok(f)
}

/// `FLOWS, GAUGES` as a column list.
pub(crate) fn all_columns() -> String {
    FLOWS.iter().chain(GAUGES.iter()).copied().collect::<Vec<_>>().join(", ")
}

/// Today as an epoch day, by the engine's clock.
pub fn today(engine: &Engine) -> i64 {
    calendar::day_of(engine.clock().now())
}
