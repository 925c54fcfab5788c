//! Command line: the benchmark itself, plus the hidden `bare` subcommand the
//! benchmark re-executes itself with to serve the baseline handler.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "postroom-bench",
    about = "Load benchmark: Postroom's OMA endpoint against a bare axum JSON handler",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub bench: BenchArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the bare baseline handler (`POST /api/echo`); used internally.
    #[command(hide = true)]
    Bare {
        #[arg(long)]
        listen: SocketAddr,
    },
    /// Scale: seed a company with many domains through the engine, then time
    /// search_domains pages (every sort key, with and without match),
    /// get_domain and change_domain, on SQLite and (with --postgres) PostgreSQL.
    Domains(DomainsArgs),
    /// Scale: create a million accounts in one domain through the engine's
    /// bulk path (against a bare SQL insert), then time search_users pages
    /// (every sort key; first, middle, and `match` pages), get_user and
    /// change_user, and plain-password creation against bare bcrypt.
    Users(UsersArgs),
    /// One mailbox of 100,000 messages (10,000 deleted): listings and
    /// restores; then LMTP delivery against direct writes.
    Mail(MailArgs),
    /// A bulletin posted to a domain of 100,000 mailboxes against a hard link
    /// into each; then one with per-recipient variables.
    Bulletins(BulletinsArgs),
    /// Usage statistics: a company of 100,000 accounts with a year of
    /// history (stats_summary by day, week, month), then a million
    /// accounts' events for one day (recording, flush, rollup).
    Stats(StatsArgs),
}

#[derive(Debug, Clone, Args)]
pub struct BulletinsArgs {
    /// Mailboxes in the domain.
    #[arg(long, default_value_t = 100_000)]
    pub mailboxes: usize,
    /// A PostgreSQL admin URL: also measured there.
    #[arg(long, env = "POSTROOM_TEST_PG_URL")]
    pub postgres: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// Accounts of the company whose stats_summary is timed.
    #[arg(long, default_value_t = 100_000)]
    pub users: usize,
    /// Accounts with events on the day rolled up (SQLite).
    #[arg(long, default_value_t = 1_000_000)]
    pub rollup_users: usize,
    /// The same on PostgreSQL.
    #[arg(long, default_value_t = 1_000_000)]
    pub pg_rollup_users: usize,
    /// Calls timed per measurement.
    #[arg(long, default_value_t = 200)]
    pub samples: usize,
    /// A PostgreSQL admin URL (database "postgres"): a fresh database is made there.
    #[arg(long, env = "POSTROOM_TEST_PG_URL")]
    pub postgres: Option<String>,
    /// Keep the seeded databases (and print where).
    #[arg(long)]
    pub keep: bool,
}

#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// Messages in the mailbox.
    #[arg(long, default_value_t = 100_000)]
    pub messages: usize,
    /// Of which deleted (in the expunged tree).
    #[arg(long, default_value_t = 10_000)]
    pub deleted: usize,
    /// Folders they are spread over.
    #[arg(long, default_value_t = 50)]
    pub folders: usize,
    /// Calls timed per measurement.
    #[arg(long, default_value_t = 50)]
    pub samples: usize,
    /// Restore calls of 1,000 ids each.
    #[arg(long, default_value_t = 5)]
    pub restores: usize,
    /// Messages delivered over LMTP (and written directly for the baseline).
    #[arg(long, default_value_t = 2_000)]
    pub lmtp_messages: usize,
    /// LMTP connections delivering at once.
    #[arg(long, default_value_t = 4)]
    pub lmtp_connections: usize,
    /// The postroom binary (for the LMTP figure).
    #[arg(long)]
    pub postroom: Option<std::path::PathBuf>,
    /// A PostgreSQL admin URL: the store's index is also measured there.
    #[arg(long, env = "POSTROOM_TEST_PG_URL")]
    pub postgres: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct UsersArgs {
    /// Accounts to create in one domain.
    #[arg(long, default_value_t = 1_000_000)]
    pub count: usize,
    /// Accounts on PostgreSQL (a million there takes over an hour on two cores).
    #[arg(long, default_value_t = 200_000)]
    pub pg_count: usize,
    /// Calls timed per measurement.
    #[arg(long, default_value_t = 100)]
    pub samples: usize,
    /// Plain-password accounts for the BCRYPT-10 throughput figure.
    #[arg(long, default_value_t = 64)]
    pub bcrypt: usize,
    /// A PostgreSQL admin URL (database "postgres"): fresh databases are made there.
    #[arg(long, env = "POSTROOM_TEST_PG_URL")]
    pub postgres: Option<String>,
    /// Keep the seeded databases (and print where) to look at query plans.
    #[arg(long)]
    pub keep: bool,
    /// Only time the calls, on a database a `--keep` run seeded (its URL).
    #[arg(long, value_name = "URL")]
    pub seeded: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct DomainsArgs {
    /// Domains to seed in one company.
    #[arg(long, default_value_t = 100_000)]
    pub count: usize,
    /// Calls timed per measurement.
    #[arg(long, default_value_t = 200)]
    pub samples: usize,
    /// A PostgreSQL admin URL (database "postgres"): a fresh database is made there.
    #[arg(long, env = "POSTROOM_TEST_PG_URL")]
    pub postgres: Option<String>,
    /// Keep the seeded databases (and print where) to look at query plans.
    #[arg(long)]
    pub keep: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Postroom binary (default: $POSTROOM_BIN, else `postroom` next to this binary).
    #[arg(long, value_name = "PATH")]
    pub postroom: Option<PathBuf>,
    /// Measured seconds per timed scenario.
    #[arg(long, value_name = "SECS", default_value_t = 8.0)]
    pub duration: f64,
    /// Seconds of load before measuring, per timed scenario.
    #[arg(long, value_name = "SECS", default_value_t = 2.0)]
    pub warmup: f64,
    /// Concurrent keep-alive connections (also the number of `auth-first` admins).
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub connections: usize,
    /// Run only these scenarios (bare always runs: it is the baseline).
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub only: Vec<String>,
}

/// The scenarios, in the order they run and are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Bare,
    Echo,
    AuthFirst,
    AuthRepeated,
    AuthToken,
}

impl Scenario {
    pub const ALL: [Scenario; 5] =
        [Scenario::Bare, Scenario::Echo, Scenario::AuthFirst, Scenario::AuthRepeated, Scenario::AuthToken];

    pub fn name(self) -> &'static str {
        match self {
            Scenario::Bare => "bare",
            Scenario::Echo => "echo",
            Scenario::AuthFirst => "auth-first",
            Scenario::AuthRepeated => "auth-repeated",
            Scenario::AuthToken => "auth-token",
        }
    }

    fn from_name(name: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl BenchArgs {
    pub fn duration(&self) -> Result<Duration> {
        seconds("--duration", self.duration, false)
    }

    pub fn warmup(&self) -> Result<Duration> {
        seconds("--warmup", self.warmup, true)
    }

    /// Selected scenarios in canonical order; `bare` is always included.
    pub fn scenarios(&self) -> Result<Vec<Scenario>> {
        if self.only.is_empty() {
            return Ok(Scenario::ALL.to_vec());
        }
        let mut wanted = vec![Scenario::Bare];
        for raw in &self.only {
            let name = raw.trim();
            if name.is_empty() {
                continue;
            }
            match Scenario::from_name(name) {
                Some(s) => wanted.push(s),
                None => {
                    let known: Vec<_> = Scenario::ALL.iter().map(|s| s.name()).collect();
                    bail!("unknown scenario {name:?} (known: {})", known.join(", "));
                }
            }
        }
        Ok(Scenario::ALL.into_iter().filter(|s| wanted.contains(s)).collect())
    }
}

fn seconds(flag: &str, secs: f64, zero_ok: bool) -> Result<Duration> {
    if !secs.is_finite() || secs < 0.0 || (!zero_ok && secs == 0.0) {
        bail!("{flag} must be a {} number of seconds, got {secs}", {
            if zero_ok {
                "non-negative"
            } else {
                "positive"
            }
        });
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("postroom-bench").chain(args.iter().copied())).expect("arguments parse")
    }

    #[test]
    fn defaults() {
        let cli = parse(&[]);
        assert!(cli.command.is_none());
        assert_eq!(cli.bench.connections, 64);
        assert_eq!(cli.bench.duration().expect("valid"), Duration::from_secs(8));
        assert_eq!(cli.bench.warmup().expect("valid"), Duration::from_secs(2));
        assert_eq!(cli.bench.scenarios().expect("valid"), Scenario::ALL.to_vec());
    }

    #[test]
    fn only_keeps_order_and_bare() {
        let cli = parse(&["--only", "auth-token,echo"]);
        assert_eq!(cli.bench.scenarios().expect("valid"), vec![Scenario::Bare, Scenario::Echo, Scenario::AuthToken]);
    }

    #[test]
    fn only_rejects_unknown() {
        let cli = parse(&["--only", "bare,nope"]);
        assert!(cli.bench.scenarios().is_err());
    }

    #[test]
    fn bare_subcommand() {
        let cli = parse(&["bare", "--listen", "127.0.0.1:4000"]);
        assert!(matches!(cli.command, Some(Command::Bare { listen }) if listen.port() == 4000));
    }

    #[test]
    fn zero_duration_rejected() {
        let cli = parse(&["--duration", "0"]);
        assert!(cli.bench.duration().is_err());
    }
}
