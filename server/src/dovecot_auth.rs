//! `postroom dovecot-auth`: the checkpassword program Dovecot runs for every
//! IMAP/POP3 login and userdb lookup (Dovecot's checkpassword protocol: the
//! login on fd 3 as "user\0password\0...", SERVICE and AUTHORIZED in the
//! environment; the answer is the exit status, and on success the fields
//! handed to the reply program Dovecot named, which writes them to fd 4).
//! Exit 1: refused; 3: no such user (userdb lookups); 111: try again later.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::ExitCode;

use engine::mailstore::mail_login::{self, MailUser, Protocol};

use crate::cli::DovecotAuthArgs;

const REFUSED: u8 = 1;
const NO_SUCH_USER: u8 = 3;
const TRY_LATER: u8 = 111;

/// Dovecot runs this under its auth service's address-space limit
/// (default_vsz_limit, 256 MB), where every thread's stack and malloc arena
/// counts: a multi-threaded runtime and a pool of SQLite connections (a
/// thread each) failed to start threads there, panicking or hanging the
/// login. So: one runtime thread, one connection, one hashing thread.
pub fn main(args: DovecotAuthArgs) -> ExitCode {
    match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(run(args)),
        Err(_) => ExitCode::from(TRY_LATER),
    }
}

async fn run(args: DovecotAuthArgs) -> ExitCode {
    let mut input = Vec::new();
    // fd 3 through /dev/fd: no unsafe fd handling needed.
    if std::fs::File::open("/dev/fd/3").and_then(|f| f.take(4096).read_to_end(&mut input)).is_err() {
        return ExitCode::from(TRY_LATER);
    }
    let mut parts = input.split(|b| *b == 0).map(|p| String::from_utf8_lossy(p).into_owned());
    let (user, password) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let userdb_lookup = std::env::var("AUTHORIZED").as_deref() == Ok("1");
    let config = engine::Config { database_connections: Some(1), hashing_threads: 1, ..engine::Config::default() };
    let engine = match crate::open_with(&args.db, config).await {
        Ok(engine) => engine,
        Err(_) => return ExitCode::from(TRY_LATER),
    };
    let found: Result<Option<MailUser>, engine::Error> = if userdb_lookup {
        mail_login::lookup(&engine, &user).await
    } else {
        match std::env::var("SERVICE").ok().as_deref().and_then(Protocol::from_service) {
            None => Ok(None),
            Some(protocol) => match mail_login::login(&engine, &user, &password, protocol).await {
                Ok(found) => Ok(Some(found)),
                Err(e) if e.code() == engine::Code::InvalidCredentials => Ok(None),
                Err(e) => Err(e),
            },
        }
    };
    let found = match found {
        Ok(Some(found)) => found,
        Ok(None) => return ExitCode::from(if userdb_lookup { NO_SUCH_USER } else { REFUSED }),
        Err(_) => return ExitCode::from(TRY_LATER),
    };
    let (uid, gid) = args.db.mail_owner.unwrap_or_else(own_ids);
    let mut reply = std::process::Command::new(&args.reply[0]);
    reply
        .args(&args.reply[1..])
        .env("USER", &found.name)
        .env("HOME", &found.home)
        .env("userdb_uid", uid.to_string())
        .env("userdb_gid", gid.to_string())
        // Without these two in EXTRA the reply would carry root's ids.
        .env("EXTRA", "userdb_uid userdb_gid");
    if userdb_lookup {
        reply.env("AUTHORIZED", "2");
    }
    let failed = reply.exec();
    eprintln!("dovecot-auth: cannot run {}: {failed}", args.reply[0]);
    ExitCode::from(TRY_LATER)
}

/// This process's uid and gid (from /proc: no libc call needed).
fn own_ids() -> (u32, u32) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let id = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(65534)
    };
    (id("Uid:"), id("Gid:"))
}
