//! `postroom-bench`: load benchmark of Postroom's OMA endpoint against a bare
//! axum JSON handler. See `--help`.

mod bare;
mod bulletins;
mod child;
mod cli;
mod http;
mod load;
mod mail;
mod run;
mod scale;
mod stats;
mod usage;
mod users;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Bare { listen }) => bare::serve(listen).map(|()| ExitCode::SUCCESS),
        Some(Command::Domains(args)) => {
            let done = scale::run(&args).map(|()| ExitCode::SUCCESS);
            scale::remove_scratch_mail();
            done
        }
        Some(Command::Mail(args)) => mail::run(&args).map(|()| ExitCode::SUCCESS),
        Some(Command::Bulletins(args)) => {
            let done = bulletins::run(&args).map(|()| ExitCode::SUCCESS);
            scale::remove_scratch_mail();
            done
        }
        Some(Command::Users(args)) => {
            let done = users::run(&args).map(|()| ExitCode::SUCCESS);
            scale::remove_scratch_mail();
            done
        }
        Some(Command::Stats(args)) => {
            let done = usage::run(&args).map(|()| ExitCode::SUCCESS);
            scale::remove_scratch_mail();
            done
        }
        None => bench(&cli.bench),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("postroom-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The load generator gets one thread (a current-thread runtime) so the
/// server under test gets the other core(s).
fn bench(args: &cli::BenchArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let finished = tokio::select! {
            result = run::run(args) => Some(result),
            signal = shutdown_signal() => {
                eprintln!("\npostroom-bench: {signal}, stopping");
                None
            }
        };
        match finished {
            Some(result) => result.map(|()| ExitCode::SUCCESS),
            None => {
                // The run future is dropped by now: its children got SIGKILL
                // (kill_on_drop) and the work directory is removed. Let the
                // runtime's driver run a moment so it reaps them.
                tokio::time::sleep(Duration::from_millis(200)).await;
                Ok(ExitCode::from(130))
            }
        }
    })
}

async fn shutdown_signal() -> &'static str {
    use tokio::signal::unix::{signal, SignalKind};

    async fn on(kind: SignalKind) {
        match signal(kind) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    }

    tokio::select! {
        () = on(SignalKind::interrupt()) => "interrupted",
        () = on(SignalKind::terminate()) => "terminated",
        () = on(SignalKind::hangup()) => "hung up",
    }
}
