//! The `loa` binary: parse the command line, start logging, hand over to `loa::commands`.

use std::path::PathBuf;
use std::process::ExitCode;

use loa::cli::{BulletinsCommand, Cli, Command, DEFAULT_CONFIG, FleetCommand, WebCommand};
use loa::commands;
use loa::control::protocol::Request;
use loa::paths::{self, Role};

fn main() -> ExitCode {
    // The daemon handles SIGHUP, SIGTERM and SIGINT; until its handlers are in place they are
    // held back (pending, not lost), so that one sent as it starts cannot kill it.
    let maybe_daemon = std::env::args_os().any(|a| a == "run");
    if maybe_daemon {
        loa::daemon::hold_signals();
    }
    let cli = match parse_command_line() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    if maybe_daemon && !matches!(cli.command, Command::Run) {
        loa::daemon::release_signals();
    }
    // The daemon tells what it does; the other commands speak only of trouble. symphonia
    // narrates every stream it opens, and warns about damage loa reports itself. The log is the
    // technician's, in English: a one-shot command says what matters to its reader in her
    // language, and in Vietnamese keeps the log for `LOA_LOG=warn`.
    init_logging(if matches!(cli.command, Command::Run) {
        "info,symphonia=warn"
    } else if loa::i18n::lang() == loa::i18n::Lang::En {
        "warn,symphonia=off"
    } else {
        "off"
    });
    let code = dispatch(&cli);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// The command line, with help and mistakes in the reader's language (spec §10).
fn parse_command_line() -> Result<Cli, u8> {
    use clap::FromArgMatches;
    use clap::error::ErrorKind;
    let result = loa::cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    result.map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            0
        }
        _ => {
            eprint!("{}", loa::cli::error_text(&e));
            2
        }
    })
}

fn dispatch(cli: &Cli) -> i32 {
    let clock = loa::clock::command_clock();
    let clock = clock.as_ref();
    let config = cli.config_path();
    let socket = |role| paths::socket(cli.socket.as_deref(), role);
    match &cli.command {
        Command::Run => loa::daemon::run(loa::daemon::Options {
            config,
            socket: socket(Role::Daemon),
            state_dir: paths::state_dir(cli.state_dir.as_deref(), Role::Daemon),
            output: cli.output.clone(),
        }),
        Command::Check { online } => commands::check::run(
            &config,
            clock,
            *online,
            cli.output.as_ref(),
            &paths::state_dir(cli.state_dir.as_deref(), Role::Daemon),
        ),
        Command::Next { date, days, json } => commands::next::run(
            &config,
            *date,
            *days,
            *json,
            clock,
            &paths::state_dir(cli.state_dir.as_deref(), Role::Client),
        ),
        Command::Play {
            target,
            text,
            emergency,
            repeat,
            volume,
            for_,
            again,
        } => {
            let sock = socket(Role::Client);
            let target = target.as_deref().unwrap_or("");
            let request = Request::Play {
                target: target.to_string(),
                emergency: *emergency,
                repeat: *repeat,
                volume: *volume,
                for_seconds: for_.map(|d| d.as_secs().max(1)),
                again: *again,
                text: text.clone(),
                sound: None,
            };
            match commands::control::play_via_daemon(&sock, request) {
                Ok(code) => code,
                Err(why) => commands::play::run(&commands::play::Request {
                    config: Some(&config),
                    config_explicit: cli.config.is_some(),
                    state_dir: paths::state_dir(cli.state_dir.as_deref(), Role::Daemon),
                    text: text.as_deref(),
                    target,
                    emergency: *emergency,
                    repeat: *repeat,
                    volume: *volume,
                    for_: *for_,
                    output: cli.output.clone(),
                    no_daemon: Some(why),
                }),
            }
        }
        Command::Live {
            device,
            for_,
            emergency,
            volume,
        } => commands::control::live(
            &socket(Role::Client),
            Request::Live {
                device: device.clone(),
                emergency: *emergency,
                for_seconds: for_.map(|d| d.as_secs().max(1)),
                volume: *volume,
                voice: None,
            },
        ),
        Command::Stop => commands::control::simple(&socket(Role::Client), Request::Stop),
        Command::Pause { until } => commands::control::simple(
            &socket(Role::Client),
            Request::Pause {
                until: until.clone(),
            },
        ),
        Command::Resume => commands::control::simple(&socket(Role::Client), Request::Resume),
        Command::Reload => commands::control::simple(&socket(Role::Client), Request::Reload),
        Command::Status { json } => commands::control::status(&socket(Role::Client), *json),
        Command::Devices => commands::devices::run(),
        Command::Tts { text, print, out } => {
            commands::tts::run(&config, cli.config.is_some(), text, *print, out.as_deref())
        }
        Command::History {
            db,
            since,
            until,
            id,
            month,
            summary,
            format,
        } => {
            let state = paths::state_dir(cli.state_dir.as_deref(), Role::Client);
            let default = PathBuf::from(DEFAULT_CONFIG);
            commands::history::run(&commands::history::Request {
                state_dir: &state,
                db: db.as_deref(),
                config: Some(cli.config.as_deref().unwrap_or(&default)),
                since: *since,
                until: *until,
                month: *month,
                id: id.as_deref(),
                summary: *summary,
                format: *format,
                now: clock.now(),
            })
        }
        Command::Bulletins { json, action } => {
            let socket = socket(Role::Client);
            match action {
                None => commands::control::bulletins(&socket, *json),
                Some(BulletinsCommand::Accept { id, at }) => commands::control::simple(
                    &socket,
                    Request::BulletinAccept {
                        id: id.clone(),
                        at: at.clone(),
                    },
                ),
                Some(BulletinsCommand::Reject { id }) => {
                    commands::control::simple(&socket, Request::BulletinReject { id: id.clone() })
                }
            }
        }
        Command::Web {
            action: WebCommand::User { action },
        } => commands::web::user(
            &paths::state_dir(cli.state_dir.as_deref(), Role::Daemon),
            action,
        ),
        Command::Fleet { action } => match action {
            FleetCommand::Keygen { out } => commands::fleet::keygen(out),
            FleetCommand::Push {
                to,
                file,
                key,
                broker,
            } => commands::fleet::push(to, file, key.as_deref(), broker, &config, clock),
            FleetCommand::Stop {
                to,
                bulletin,
                key,
                expires,
                broker,
            } => commands::fleet::stop(
                to,
                bulletin.as_deref(),
                key.as_deref(),
                *expires,
                (broker, &config),
                clock,
            ),
            FleetCommand::Status {
                prefix,
                json,
                broker,
            } => commands::fleet::status(prefix.as_deref(), *json, broker, &config),
            FleetCommand::Collect { db, idle, broker } => {
                commands::fleet::collect(db, *idle, broker, &config)
            }
            FleetCommand::Serve {
                listen,
                key,
                db,
                broker,
            } => commands::fleet::serve(
                &commands::fleet::Serve {
                    listen: *listen,
                    key: key.as_deref(),
                    db: db.as_deref(),
                    state_dir: &paths::state_dir(cli.state_dir.as_deref(), Role::Daemon),
                },
                broker,
                &config,
            ),
            FleetCommand::Send(a) => commands::fleet::send(
                &commands::fleet::Send {
                    to: &a.to,
                    level: a.level,
                    key: a.key.as_deref(),
                    preset: a.preset.as_deref(),
                    url: a.url.as_deref(),
                    file: a.file.as_deref().zip(a.upload.as_deref()),
                    stream: a.stream.as_deref().zip(a.for_),
                    text: a.text.as_deref(),
                    title: a.title.as_deref(),
                    at: a.at.as_deref(),
                    expires: a.expires,
                    repeat: a.repeat,
                    every: a.every,
                },
                &a.broker,
                &config,
                clock,
            ),
        },
    }
}

/// Logs go to stderr, one event per line; `LOA_LOG` (or `RUST_LOG`) overrides the filter. Under
/// systemd (stderr is the journal's stream) without a time of their own: the journal stamps
/// every line, and `journalctl -u loa` would show two.
fn init_logging(default_filter: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("LOA_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new(default_filter));
    let fmt = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if loa::paths::stderr_is_journal() {
        fmt.without_time().with_target(false).init();
    } else {
        fmt.init();
    }
}
