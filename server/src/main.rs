//! `postroom`: the one binary. See `postroom --help`.

mod cli;
mod dovecot_auth;
mod export;
mod lmtp;
mod oma_wire;
mod portal;
mod serve;
mod state;
mod stats_file;

use std::process::ExitCode;

use clap::Parser;
use cli::{AdminCommand, Cli, Command};
use engine::changes::Actor;
use engine::directory::provision;
use engine::{Config, Engine};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::DovecotAuth(args) = cli.command {
        // No logging to stdout: Dovecot reads this program's exit and fd 4 only.
        return dovecot_auth::main(args);
    }
    match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(run(cli)),
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_target(true)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();
    let result = match cli.command {
        Command::Serve(args) => serve::run(args).await,
        Command::Migrate(db) => open(&db).await.map(|_| println!("Database is up to date.")),
        Command::Admin { command: AdminCommand::Create(args) } => admin_create(args).await,
        Command::Demo(args) => demo(args).await,
        Command::Deliver(args) => return deliver(args).await,
        Command::Stats { command: cli::StatsCommand::Rollup(args) } => stats_rollup(args).await,
        Command::DovecotAuth(_) => unreachable!("handled above"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the database (creating the data directory for SQLite) and migrates it.
async fn open(db: &cli::DbArgs) -> Result<std::sync::Arc<Engine>, String> {
    open_with(db, Config::default()).await
}

async fn open_with(db: &cli::DbArgs, mut config: Config) -> Result<std::sync::Arc<Engine>, String> {
    config.mail_root = db.mail_root();
    config.mail_owner = db.mail_owner;
    if db.database_url.is_none() {
        std::fs::create_dir_all(&db.data)
            .map_err(|e| format!("cannot create data directory {}: {e}", db.data.display()))?;
    }
    Engine::open(&db.url(), config).await.map_err(|e| e.to_string())
}

async fn admin_create(args: cli::AdminCreateArgs) -> Result<(), String> {
    let engine = open(&args.db).await?;
    match provision::create_provider_admin(&engine, &Actor::system("cli"), &args.name, &args.password).await {
        Ok(admin) => {
            println!("Created provider admin {}.", admin.name);
            Ok(())
        }
        Err(e) if e.code() == engine::Code::NameTaken => {
            Err(format!("an account named {} exists already; nothing changed", args.name.trim().to_lowercase()))
        }
        Err(e) => Err(describe(&e)),
    }
}

async fn demo(args: cli::DemoArgs) -> Result<(), String> {
    let engine = open(&args.db).await?;
    let seeded = match engine::demo::seed(&engine, &args.password).await {
        Ok(()) => engine::stats::history::seed_demo(&engine).await,
        Err(e) => Err(e),
    };
    match seeded {
        Ok(()) => {
            println!("Demo data created: companies Example Corp and Other Inc with a year of stats history; every demo account's password is the one given (--password).");
            for (user, role, object) in engine::demo::ADMINS {
                println!("  {user:<28} {role:<20} {object}");
            }
            Ok(())
        }
        Err(e) if e.code() == engine::Code::NameTaken => Err("demo data is present already; nothing changed".into()),
        Err(e) => Err(describe(&e)),
    }
}

/// `postroom stats rollup [--day YYYYMMDD]`: rebuilds a day's stats (default:
/// yesterday and today) and the week and month around it.
async fn stats_rollup(args: cli::RollupArgs) -> Result<(), String> {
    let engine = open(&args.db).await?;
    let days = match args.day.as_deref() {
        Some(text) => match engine::stats::calendar::parse_key(text) {
            Some((engine::stats::calendar::Period::Day, day)) => vec![day],
            _ => return Err(format!("--day {text}: expected a date as YYYYMMDD")),
        },
        None => {
            let today = engine::stats::today(&engine);
            vec![today - 1, today]
        }
    };
    for day in days {
        let done = engine::stats::rollup::rollup_day(&engine, day).await.map_err(|e| describe(&e))?;
        println!(
            "Rolled up {}: {} domain(s), {} company(ies).",
            engine::stats::calendar::day_key(done.day),
            done.domains,
            done.companies
        );
    }
    Ok(())
}

/// `postroom deliver USER [--folder F] < message`: one local delivery.
async fn deliver(args: cli::DeliverArgs) -> ExitCode {
    use std::io::Read;
    let mut message = Vec::new();
    // Read before the runtime has other work: a blocking read is fine here.
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut message) {
        eprintln!("error: reading the message from standard input: {e}");
        return ExitCode::from(74); // EX_IOERR
    }
    if message.is_empty() {
        eprintln!("error: the message on standard input is empty; nothing delivered");
        return ExitCode::from(65); // EX_DATAERR
    }
    let size = message.len();
    let engine = match open(&args.db).await {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(75);
        }
    };
    let relay = args.smtp_relay.as_deref().and_then(engine::delivery::relay::Relay::parse);
    let outcome = match engine::delivery::accept(&engine, &args.user).await {
        Err(refusal) => Err(refusal),
        Ok(account) => match args.folder.as_deref() {
            Some(folder) => engine::delivery::store_in_folder(&engine, &account, folder, message)
                .await
                .map(|folder| format!("Delivered {size} bytes to {} ({folder}).", account.name)),
            None => engine::delivery::deliver(&engine, relay.as_ref(), &args.sender, &account, &message)
                .await
                .map(|report| describe_report(size, &account.name, &report)),
        },
    };
    // This process ends here: its counted events go to the database now.
    if let Err(e) = engine::stats::flush(&engine).await {
        eprintln!("warning: recording the delivery in the stats failed: {e}");
    }
    match outcome {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(refusal) => {
            eprintln!("error: {refusal}");
            ExitCode::from(refusal.exit_code())
        }
    }
}

/// What a delivery did, in one line.
fn describe_report(size: usize, account: &str, report: &engine::delivery::Report) -> String {
    let mut done = Vec::new();
    if let Some(folder) = &report.stored {
        done.push(format!("stored in {folder}"));
    }
    if report.forwarded > 0 {
        done.push(format!("forwarded to {} recipient(s)", report.forwarded));
    }
    if report.filtered {
        done.push("handed to the domain's filter".to_string());
    }
    if report.autoreplied {
        done.push("auto-replied".to_string());
    }
    if done.is_empty() {
        done.push("nothing to do for this account".to_string());
    }
    format!("Delivered {size} bytes to {account}: {}.", done.join(", "))
}

/// An engine error as a sentence for the console, hints included.
fn describe(e: &engine::Error) -> String {
    let mut text = e.to_string();
    if let Some(hints) = e.hints() {
        for (field, why) in hints {
            text.push_str(&format!("; {field}: {why}"));
        }
    }
    text
}
