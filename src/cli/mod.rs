//! The command line (spec §1): subcommands, global flags and the environment variables behind
//! them. Only the shape of the command line lives here; `commands` carries each one out.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};

use crate::commands::dates::Day;

mod words;
pub use words::{command, error_text, localized};

/// The schedule file when neither --config nor LOA_CONFIG says.
pub const DEFAULT_CONFIG: &str = "/etc/loa/schedule.toml";

#[derive(Debug, Parser)]
#[command(
    name = "loa",
    version,
    long_about = None,
    propagate_version = true
)]
// The help texts are in i18n/{en,vi}/cli.ftl (`cli-…`), put in by [`command`]; the comments here
// only say what each field is for.
pub struct Cli {
    // The schedule file [default: /etc/loa/schedule.toml]
    #[arg(long, global = true, env = "LOA_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    // The daemon's control socket [default: /run/loa/loa.sock, or $XDG_RUNTIME_DIR/loa/loa.sock]
    #[arg(long, global = true, env = "LOA_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,

    // Where the history database lives [default: /var/lib/loa, or $XDG_STATE_HOME/loa]
    #[arg(
        long = "state-dir",
        global = true,
        env = "LOA_STATE_DIR",
        value_name = "DIR"
    )]
    pub state_dir: Option<PathBuf>,

    // Play here, whatever the schedule's `output` says: "default", "null", "wav:PATH", or a
    // name from `loa devices` (for `run` and `play`; on a machine without sound: null)
    #[arg(
        long,
        global = true,
        env = "LOA_OUTPUT",
        value_name = "OUTPUT",
        value_parser = parse_output
    )]
    pub output: Option<crate::schedule::Output>,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    pub fn config_path(&self) -> PathBuf {
        self.config
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    // Run the daemon in the foreground (systemd runs it this way)
    Run,
    // Check the schedule and every audio file it uses; print a summary and the next broadcasts
    Check {
        // Also connect to every relay's streams and decode a few seconds of each
        #[arg(long)]
        online: bool,
    },
    // Print the agenda: every broadcast the schedule produces in a window of days
    Next {
        // First local day of the window, YYYY-MM-DD [default: from now]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = Day::parse)]
        date: Option<Day>,
        // How many local days the window spans
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = |s: &str| whole_number(s, 1u32, 3660))]
        days: u32,
        // Print one JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
    // Play now: an announcement id, an emergency preset id, or an audio file
    Play {
        // Announcement id, emergency preset id, or path of an audio file
        #[arg(required_unless_present = "text")]
        target: Option<String>,
        // A text to read aloud instead (spec §13)
        #[arg(long, value_name = "TEXT", conflicts_with_all = ["target", "for"])]
        text: Option<String>,
        // Play as an emergency: interrupts whatever plays, ignores quiet hours and pause
        #[arg(long)]
        emergency: bool,
        // Play it this many times
        #[arg(long, value_name = "N", value_parser = |s: &str| whole_number(s, 1, crate::schedule::MAX_REPEAT))]
        repeat: Option<u32>,
        // Volume in percent of the station volume
        #[arg(long, value_name = "P", value_parser = |s: &str| whole_number(s, 0, crate::schedule::MAX_VOLUME))]
        volume: Option<u8>,
        // A stream (http:// or https://): relay it for this long ("30m"), else until `loa stop`
        #[arg(long = "for", id = "for", value_name = "DURATION", value_parser = parse_for)]
        for_: Option<std::time::Duration>,
        // Play it even if it is already playing or waiting in the queue
        #[arg(long)]
        again: bool,
    },
    // Speak on air now from a microphone of the station, through the daemon (Ctrl-C ends it)
    Live {
        // The capture device, by the name `loa devices` gives (default: the default input)
        #[arg(long, value_name = "NAME")]
        device: Option<String>,
        // End it after this long ("10m"), else at Ctrl-C or `loa stop`
        #[arg(long = "for", id = "for", value_name = "DURATION", value_parser = parse_for)]
        for_: Option<std::time::Duration>,
        // Cut in at once, as an emergency
        #[arg(long)]
        emergency: bool,
        // Volume in percent of the station volume
        #[arg(long, value_name = "P", value_parser = |s: &str| whole_number(s, 0, crate::schedule::MAX_VOLUME))]
        volume: Option<u8>,
    },
    // Stop what is playing now (scheduled or emergency), and cancel the plays waiting in the queue
    Stop,
    // Suspend scheduled broadcasts (emergencies still play)
    Pause {
        // Resume by itself at this local time: "HH:MM", "YYYY-MM-DD HH:MM", or a duration like "2h"
        #[arg(long, value_name = "WHEN")]
        until: Option<String>,
    },
    // Resume scheduled broadcasts
    Resume,
    // Show the daemon's state: what plays, the queue, the next broadcasts, the output
    Status {
        // Print one JSON object
        #[arg(long)]
        json: bool,
    },
    // Re-read the schedule now
    Reload,
    // Show what was played, skipped, interrupted or failed
    History {
        // Read this history file instead of the station's (the province's, from `loa fleet collect`)
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        // From this local date, YYYY-MM-DD, or a word: "hôm qua", "tuần trước", "tháng trước"
        #[arg(long, value_name = "DATE", value_parser = Day::parse)]
        since: Option<Day>,
        // Up to and including this local date, YYYY-MM-DD, or a word
        #[arg(long, value_name = "DATE", value_parser = Day::parse)]
        until: Option<Day>,
        // Only this announcement or preset
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        // Only this local month, YYYY-MM
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        month: Option<NaiveDate>,
        // Counts per announcement and outcome, and airtime, instead of the rows
        #[arg(long)]
        summary: bool,
        // Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    // List audio output devices by the names the schedule accepts
    Devices,
    // Text to speech (spec §13): how loa reads a text, or its sound in a WAV file
    Tts {
        // The text, as it would be written in the schedule
        text: String,
        // Print the reading (numbers, dates and abbreviations in words)
        #[arg(long)]
        print: bool,
        // Write the sound to this WAV file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    // Bulletins received from the provincial feed, and the commune's decision on a normal one
    Bulletins {
        // Print one JSON array
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<BulletinsCommand>,
    },
    // The province's side of the feed: keys, bulletins, every node's state and history
    Fleet {
        #[command(subcommand)]
        action: FleetCommand,
    },
    // The station's web console
    Web {
        #[command(subcommand)]
        action: WebCommand,
    },
}

/// `loa web …` (spec §11).
#[derive(Debug, Subcommand)]
pub enum WebCommand {
    // The console's accounts, kept in web-users.toml in the state directory
    User {
        #[command(subcommand)]
        action: WebUserCommand,
    },
}

/// `loa web user …` (spec §11).
#[derive(Debug, Subcommand)]
pub enum WebUserCommand {
    // Add an account (asks for its password twice)
    Add {
        // The account's name: a-z, 0-9, ".", "_", "-"
        name: String,
        // What it may do: viewer (sees), operator (also plays, edits, uploads), admin (also accounts and approvals)
        #[arg(long, value_enum, default_value_t = WebRole::Operator)]
        role: WebRole,
        // Read the password from standard input (one line) instead of asking
        #[arg(long)]
        password_stdin: bool,
    },
    // Change an account's password
    Passwd {
        // The account's name
        name: String,
        // Read the password from standard input (one line) instead of asking
        #[arg(long)]
        password_stdin: bool,
    },
    // Remove an account (its open sessions end at their next request)
    Remove {
        // The account's name
        name: String,
    },
    // List the accounts and their roles
    List {
        // Print one JSON array
        #[arg(long)]
        json: bool,
    },
}

/// A console account's role, as the command line names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WebRole {
    Viewer,
    Operator,
    Admin,
}

/// `loa bulletins accept|reject` (spec §9).
#[derive(Debug, Subcommand)]
pub enum BulletinsCommand {
    // Play a held bulletin: now, or at a time
    Accept {
        // The bulletin's id, as `loa bulletins` lists it
        id: String,
        // Play it at this station time: "HH:MM", "YYYY-MM-DD HH:MM", or a duration like "2h"
        #[arg(long, value_name = "WHEN")]
        at: Option<String>,
    },
    // Do not play a held bulletin
    Reject {
        // The bulletin's id, as `loa bulletins` lists it
        id: String,
    },
}

/// `loa fleet …` (spec §9).
#[derive(Debug, Subcommand)]
pub enum FleetCommand {
    // Make a signing key pair: NAME.key (secret, mode 0600) and NAME.pub (for trusted_keys)
    Keygen {
        // NAME: writes NAME.key and NAME.pub
        #[arg(long, value_name = "NAME")]
        out: PathBuf,
    },
    // Sign a bulletin and publish it to every node under a prefix
    Send(Box<SendArgs>),
    // Send one node a new schedule, signed; it checks it as `loa check` does before it runs it
    Push {
        // The node ("quang-nam/duy-xuyen/duy-phuoc/cum-01")
        #[arg(long, value_name = "NODE")]
        to: String,
        // The schedule file to send
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        // The secret key (NAME.key from `loa fleet keygen`) [default: `key` of [province] in --config]
        #[arg(long, env = "LOA_KEY", value_name = "FILE")]
        key: Option<PathBuf>,
        #[command(flatten)]
        broker: BrokerArgs,
    },
    // End a bulletin (or every bulletin) on every node under a prefix: its broadcast, what of it waits, and its repetition
    Stop {
        // The nodes: a node or a prefix of nodes ("quang-nam/duy-xuyen")
        #[arg(long, value_name = "PREFIX")]
        to: String,
        // The bulletin to end [default: every bulletin sent before this stop]
        #[arg(long, value_name = "ID")]
        bulletin: Option<String>,
        // The secret key (NAME.key from `loa fleet keygen`) [default: `key` of [province] in --config]
        #[arg(long, env = "LOA_KEY", value_name = "FILE")]
        key: Option<PathBuf>,
        // Nodes that get it later than this after sending ignore it
        #[arg(long, value_name = "DURATION", default_value = "1h", value_parser = parse_expires)]
        expires: std::time::Duration,
        #[command(flatten)]
        broker: BrokerArgs,
    },
    // Every node's state, from the statuses the nodes keep at the broker
    Status {
        // Only the nodes under this prefix ("quang-nam/duy-xuyen")
        #[arg(long, value_name = "PREFIX")]
        prefix: Option<String>,
        // Print one JSON array
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        broker: BrokerArgs,
    },
    // The province's console: every node at a glance, bulletins from a form, the monthly report (spec §14)
    Serve {
        // Where the console listens ("0.0.0.0:8443")
        #[arg(long, value_name = "ADDRESS:PORT")]
        listen: std::net::SocketAddr,
        // The secret key (NAME.key from `loa fleet keygen`) [default: `key` of [province] in --config]
        #[arg(long, env = "LOA_KEY", value_name = "FILE")]
        key: Option<PathBuf>,
        // The collected history and the console's records [default: fleet.db in the state directory]
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        #[command(flatten)]
        broker: BrokerArgs,
    },
    // Gather every node's history into one SQLite file (read it with `loa history --db`)
    Collect {
        // The collected file (created if missing)
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        // Stop after no row came for this long ("30s") [default: run until stopped]
        #[arg(long, value_name = "DURATION", value_parser = parse_idle)]
        idle: Option<std::time::Duration>,
        #[command(flatten)]
        broker: BrokerArgs,
    },
}

/// `--idle`: a second to a day.
fn parse_idle(s: &str) -> Result<std::time::Duration, String> {
    let d = crate::config::parse_duration(s)?;
    if d.is_zero() || d > std::time::Duration::from_secs(86400) {
        return Err(crate::t!("fleet-idle-range"));
    }
    Ok(d)
}

/// `loa fleet send`.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("sound").required(true))]
pub struct SendArgs {
    // The nodes: a node or a prefix of nodes ("quang-nam/duy-xuyen")
    #[arg(long, value_name = "PREFIX")]
    pub to: String,
    // normal, priority or emergency
    #[arg(long, value_enum)]
    pub level: BulletinLevel,
    // The secret key (NAME.key from `loa fleet keygen`) [default: `key` of [province] in --config]
    #[arg(long, env = "LOA_KEY", value_name = "FILE")]
    pub key: Option<PathBuf>,
    // An emergency preset every node holds (nothing to download)
    #[arg(long, value_name = "ID", group = "sound")]
    pub preset: Option<String>,
    // A recording on a web server the nodes can reach: fetched once here for its size and hash
    #[arg(long, value_name = "URL", group = "sound")]
    pub url: Option<String>,
    // A recording on this machine, stored first with an HTTP PUT to --upload
    #[arg(long, value_name = "FILE", group = "sound", requires = "upload")]
    pub file: Option<PathBuf>,
    // Where to PUT --file (a WebDAV folder, an S3 presigned URL); the nodes fetch it from there
    #[arg(long, value_name = "URL", requires = "file")]
    pub upload: Option<String>,
    // A live stream to relay (http:// or https://), with --for
    #[arg(long, value_name = "URL", group = "sound", requires = "for")]
    pub stream: Option<String>,
    // A notice each node reads aloud with its own [tts] (spec §13)
    #[arg(long = "text", id = "text", value_name = "TEXT", group = "sound")]
    pub text: Option<String>,
    // How long to relay the stream ("30m")
    #[arg(long = "for", id = "for", value_name = "DURATION", value_parser = parse_for)]
    pub for_: Option<std::time::Duration>,
    // The title nodes show and log
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    // Play at this time (RFC 3339, or "HH:MM" today in this machine's zone) [default: at once]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    // Nodes that get it later than this after sending refuse it
    #[arg(long, value_name = "DURATION", default_value = "1h", value_parser = parse_expires)]
    pub expires: std::time::Duration,
    // Play the sound this many times in a row [default: once, or the preset's own count]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=20))]
    pub repeat: Option<u32>,
    // An emergency only: play it again this long after each start ("15m"), until it expires or `loa fleet stop` [default: once]
    #[arg(long, value_name = "DURATION", value_parser = parse_every)]
    pub every: Option<std::time::Duration>,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// `--every`: a minute to a day.
pub(crate) fn parse_every(s: &str) -> Result<std::time::Duration, String> {
    let d = crate::config::parse_duration(s)?;
    if d < std::time::Duration::from_secs(60) || d > std::time::Duration::from_secs(86400) {
        return Err(crate::t!("bulletin-bad-every"));
    }
    Ok(d)
}

/// Where the province's commands reach the broker: each flag, else its variable, else
/// `[province]` (or a station's `[fleet]`) of --config.
#[derive(Debug, clap::Args)]
pub struct BrokerArgs {
    // The broker, mqtt://HOST[:PORT] or mqtts://HOST[:PORT] [default: [province] or [fleet] of --config]
    #[arg(long, env = "LOA_BROKER", value_name = "URL")]
    pub broker: Option<String>,
    // The province's user name on the broker
    #[arg(long, env = "LOA_USERNAME", value_name = "NAME")]
    pub username: Option<String>,
    // A file holding the password
    #[arg(long = "password-file", env = "LOA_PASSWORD_FILE", value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    // The broker's CA certificate (PEM) [default: the system's roots]
    #[arg(long = "ca-file", env = "LOA_CA_FILE", value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BulletinLevel {
    Normal,
    Priority,
    Emergency,
}

/// `--expires`: from a minute to a week.
pub(crate) fn parse_expires(s: &str) -> Result<std::time::Duration, String> {
    let d = crate::config::parse_duration(s)?;
    if d < std::time::Duration::from_secs(60) || d > std::time::Duration::from_secs(7 * 86400) {
        return Err(crate::t!("fleet-expires-range"));
    }
    Ok(d)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    /// For scripts: English machine headers and values, `,` and a decimal point.
    Csv,
    Json,
    /// For a spreadsheet in the reader's language: her headers and words, `;` between fields,
    /// her decimal sign (spec §6).
    Excel,
}

/// `--for`: a duration as the schedule reads them, at most a day.
pub(crate) fn parse_for(s: &str) -> Result<std::time::Duration, String> {
    let d = crate::config::parse_duration(s)?;
    if d.is_zero() || d > crate::dispatch::MAX_RELAY {
        return Err(crate::t!("play-for-range"));
    }
    Ok(d)
}

fn parse_output(s: &str) -> Result<crate::schedule::Output, String> {
    crate::schedule::parse_output(s, std::path::Path::new("."))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        match crate::config::find_day_first_date(s.trim()) {
            Some((written, iso)) => crate::t!("date-day-first", written = written, iso = iso),
            None => crate::t!("cli-not-a-date", value = s),
        }
    })?;
    if !(1900..=9999).contains(&d.year()) {
        return Err(crate::t!("cli-year-range", value = s));
    }
    Ok(d)
}

/// A whole number from `min` to `max`, refused in the reader's words ("0 is not in 1..=100" is
/// clap's own, and English).
fn whole_number<T: TryFrom<u64> + Into<u64> + Copy>(s: &str, min: T, max: T) -> Result<T, String> {
    let (lo, hi) = (min.into(), max.into());
    s.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (lo..=hi).contains(n))
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| crate::t!("cli-not-in-range", value = s, min = lo, max = hi))
}

/// "2026-12" → the first day of that month.
fn parse_month(s: &str) -> Result<NaiveDate, String> {
    parse_date(&format!("{}-01", s.trim())).map_err(|_| crate::t!("cli-not-a-month", value = s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
        for lang in crate::i18n::Lang::ALL {
            crate::i18n::with_lang(lang, || command().debug_assert());
        }
    }

    #[test]
    fn the_help_comes_from_the_catalogue_in_both_languages() {
        use crate::i18n::{Lang, with_lang};
        // Help is wrapped to the terminal: compare words, not lines.
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for lang in Lang::ALL {
            let help = words(&with_lang(lang, || {
                command().render_long_help().to_string()
            }));
            let play = with_lang(lang, || {
                let mut c = command();
                c.build();
                c.find_subcommand_mut("play")
                    .map(|p| p.render_long_help().to_string())
                    .unwrap_or_default()
            });
            let play = words(&play);
            for id in [
                "cli-about",
                "cli-heading-usage",
                "cli-check-about",
                "cli-config",
            ] {
                let want = words(&crate::i18n::message_in(lang, id, &[]));
                assert!(help.contains(&want), "{lang:?}: {id} missing in\n{help}");
            }
            for id in ["cli-play-about", "cli-play-emergency", "cli-play-target"] {
                let want = words(&crate::i18n::message_in(lang, id, &[]));
                assert!(play.contains(&want), "{lang:?}: {id} missing in\n{play}");
            }
        }
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-12-01").is_ok());
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("01/12/2026").is_err());
        assert!(parse_date("0001-01-01").is_err());
    }
}
