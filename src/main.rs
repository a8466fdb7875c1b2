//! The `loa` binary: parse the command line, start logging, hand over to `loa::commands`.

use std::process::ExitCode;

use clap::Parser;
use loa::cli::{Cli, Command};
use loa::clock::SystemClock;
use loa::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The daemon tells what it does; the other commands speak only of trouble.
    // symphonia narrates every stream it opens, and warns about damage loa reports itself.
    init_logging(if matches!(cli.command, Command::Run) {
        "info,symphonia=warn"
    } else {
        "warn,symphonia=off"
    });
    let clock = SystemClock;
    let code = match &cli.command {
        Command::Check => commands::check::run(&cli.config_path(), &clock),
        Command::Next { date, days, json } => {
            commands::next::run(&cli.config_path(), *date, *days, *json, &clock)
        }
        Command::Play {
            target,
            emergency,
            repeat,
            volume,
        } => {
            let default = std::path::PathBuf::from(loa::cli::DEFAULT_CONFIG);
            commands::play::run(&commands::play::Request {
                config: Some(cli.config.as_deref().unwrap_or(&default)),
                config_explicit: cli.config.is_some(),
                target,
                emergency: *emergency,
                repeat: *repeat,
                volume: *volume,
            })
        }
        Command::Devices => commands::devices::run(),
        Command::History {
            since,
            until,
            id,
            month,
            summary,
            format,
        } => {
            let state = loa::paths::state_dir(cli.state_dir.as_deref(), loa::paths::Role::Client);
            let default = std::path::PathBuf::from(loa::cli::DEFAULT_CONFIG);
            commands::history::run(&commands::history::Request {
                state_dir: &state,
                config: Some(cli.config.as_deref().unwrap_or(&default)),
                since: *since,
                until: *until,
                month: *month,
                id: id.as_deref(),
                summary: *summary,
                format: *format,
            })
        }
        other => {
            eprintln!("loa: `{}` is not available in this build yet", name(other));
            commands::USER_ERROR
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn name(c: &Command) -> &'static str {
    match c {
        Command::Run => "run",
        Command::Check => "check",
        Command::Next { .. } => "next",
        Command::Play { .. } => "play",
        Command::Stop => "stop",
        Command::Pause { .. } => "pause",
        Command::Resume => "resume",
        Command::Status { .. } => "status",
        Command::Reload => "reload",
        Command::History { .. } => "history",
        Command::Devices => "devices",
    }
}

/// Logs go to stderr, one event per line; `LOA_LOG` (or `RUST_LOG`) overrides the filter.
fn init_logging(default_filter: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("LOA_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new(default_filter));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}
