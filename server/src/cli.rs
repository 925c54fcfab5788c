//! The `postroom` command line. Every option can also come from the
//! environment (names in `--help`).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "postroom",
    version,
    about = "Postroom: a mail-hosting provisioning server speaking the OpenSRS Mail API, with an admin portal"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server: OMA API on /api, portal on /, health on /healthz.
    Serve(ServeArgs),
    /// Manage provider-level admins.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Fill the database with a demo company, domains, users and admins.
    Demo(DemoArgs),
    /// Dovecot's checkpassword program: `passdb { driver = checkpassword args =
    /// /path/to/script }` where the script runs `postroom dovecot-auth [options]
    /// "$@"`. Checks IMAP/POP3 logins against Postroom's accounts and answers
    /// userdb lookups; see the README's Dovecot section.
    DovecotAuth(DovecotAuthArgs),
    /// Deliver one message (read from standard input) to a mailbox, as the
    /// LMTP listener would. Exit codes follow sysexits.h: 67 no such user,
    /// 77 mailbox disabled or bad folder, 75 over quota or temporary failure.
    Deliver(DeliverArgs),
    /// Usage statistics.
    Stats {
        #[command(subcommand)]
        command: StatsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum StatsCommand {
    /// Rebuild the day, week and month figures of a day (default: yesterday
    /// and today) from the recorded events; safe to run again. The server
    /// also runs it every ten minutes.
    Rollup(RollupArgs),
}

#[derive(Debug, Clone, Args)]
pub struct RollupArgs {
    /// The day to roll up, as YYYYMMDD (UTC).
    #[arg(long)]
    pub day: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a provider admin (the role above company admins). Refuses an existing name.
    Create(AdminCreateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Data directory (SQLite database, mail store).
    #[arg(long, env = "POSTROOM_DATA", default_value = "./data")]
    pub data: PathBuf,
    /// Database URL: sqlite://PATH or postgres://USER:PASS@HOST/DB. Default: SQLite in the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Root of the mail store (Maildir++ per mailbox). Default: `mail` in the data directory.
    #[arg(long, env = "POSTROOM_MAIL_ROOT")]
    pub mail_root: Option<PathBuf>,
    /// UID:GID that owns the mail store (Dovecot's mail user) when Postroom
    /// runs as root. Default: whoever runs Postroom.
    #[arg(long, env = "POSTROOM_MAIL_OWNER", value_parser = parse_owner)]
    pub mail_owner: Option<(u32, u32)>,
}

fn parse_owner(text: &str) -> Result<(u32, u32), String> {
    let (uid, gid) = text.split_once(':').ok_or("expected UID:GID, e.g. 5000:5000")?;
    let number = |s: &str| s.trim().parse::<u32>().map_err(|_| format!("not a number: {s}"));
    let owner = (number(uid)?, number(gid)?);
    if owner.0 == 0 {
        return Err("the mail store cannot belong to root (Dovecot refuses uid 0)".into());
    }
    Ok(owner)
}

impl DbArgs {
    pub fn mail_root(&self) -> PathBuf {
        self.mail_root.clone().unwrap_or_else(|| self.data.join("mail"))
    }

    pub fn url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data.join("postroom.db").display()),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "POSTROOM_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// Directory holding the built portal (pkg/postroom.js, .wasm, .css).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Largest request body accepted, in bytes (larger: HTTP 413).
    #[arg(long, env = "POSTROOM_MAX_BODY_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Longest one OMA call may run before answering error 20 (seconds).
    #[arg(long, env = "POSTROOM_CALL_TIMEOUT", default_value_t = 30)]
    pub call_timeout: u64,
    /// Longest a whole request, body upload included, may take (seconds).
    #[arg(long, env = "POSTROOM_REQUEST_TIMEOUT", default_value_t = 120)]
    pub request_timeout: u64,
    /// How long verified credentials are remembered (seconds; 0 = never).
    /// Bounds how long another instance on a shared PostgreSQL may lag behind
    /// a password or role change.
    #[arg(long, env = "POSTROOM_CREDENTIAL_CACHE", default_value_t = 10)]
    pub credential_cache: u64,
    /// Listen for LMTP deliveries (e.g. 127.0.0.1:24) so an MTA can deliver
    /// into the mail store. Off unless given.
    #[arg(long, env = "POSTROOM_LMTP")]
    pub lmtp: Option<SocketAddr>,
    /// SMTP relay (host[:port]) for forwards, auto-replies and the like.
    #[arg(long, env = "POSTROOM_SMTP_RELAY")]
    pub smtp_relay: Option<String>,
    /// Largest message LMTP accepts, in bytes.
    #[arg(long, env = "POSTROOM_MAX_MESSAGE_BYTES", default_value_t = 50 * 1024 * 1024)]
    pub max_message_bytes: usize,
    /// Mark the session cookie Secure (set when the portal is served over TLS).
    #[arg(long, env = "POSTROOM_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// The server's public base URL (e.g. https://mail.example.com), for links
    /// it hands out such as stats_snapshot's. Default: relative links.
    #[arg(long, env = "POSTROOM_PUBLIC_URL")]
    pub public_url: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct AdminCreateArgs {
    /// Login name: letters, digits, '.', '_', '-' (no '@').
    pub name: String,
    /// The admin's password (1-54 printable ASCII characters, no space or '"').
    #[arg(long, env = "POSTROOM_NEW_ADMIN_PASSWORD", hide_env_values = true)]
    pub password: String,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Password given to every demo account.
    #[arg(long, env = "POSTROOM_DEMO_PASSWORD", default_value = "demo-pass", hide_env_values = true)]
    pub password: String,
}

#[derive(Debug, Clone, Args)]
pub struct DeliverArgs {
    /// Recipient address (an account or one of its aliases).
    pub user: String,
    /// Store into this folder as is ('.'-separated, e.g. "Archive.2024"; created
    /// if missing), skipping forwarding, spam sorting and auto-replies.
    #[arg(long)]
    pub folder: Option<String>,
    /// Envelope sender (empty: the null sender, as for bounces).
    #[arg(long, default_value = "")]
    pub sender: String,
    /// SMTP relay (host[:port]) for forwards and auto-replies.
    #[arg(long, env = "POSTROOM_SMTP_RELAY")]
    pub smtp_relay: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DovecotAuthArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The reply program Dovecot passes (checkpassword-reply) and its arguments.
    #[arg(trailing_var_arg = true, required = true, allow_hyphen_values = true)]
    pub reply: Vec<String>,
}
