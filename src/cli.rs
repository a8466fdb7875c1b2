//! The command line (spec §1): subcommands, global flags and the environment variables behind
//! them. Only the shape of the command line lives here; `commands` carries each one out.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};

/// The schedule file when neither --config nor LOA_CONFIG says.
pub const DEFAULT_CONFIG: &str = "/etc/loa/schedule.toml";

#[derive(Debug, Parser)]
#[command(
    name = "loa",
    version,
    about = "Plays a commune's scheduled announcements and emergency warnings through the loudspeakers",
    long_about = None,
    propagate_version = true
)]
pub struct Cli {
    /// The schedule file [default: /etc/loa/schedule.toml]
    #[arg(long, global = true, env = "LOA_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// The daemon's control socket [default: /run/loa/loa.sock, or $XDG_RUNTIME_DIR/loa/loa.sock]
    #[arg(long, global = true, env = "LOA_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,

    /// Where the history database lives [default: /var/lib/loa, or $XDG_STATE_HOME/loa]
    #[arg(
        long = "state-dir",
        global = true,
        env = "LOA_STATE_DIR",
        value_name = "DIR"
    )]
    pub state_dir: Option<PathBuf>,

    /// Play here, whatever the schedule's `output` says: "default", "null", "wav:PATH", or a
    /// name from `loa devices` (for `run` and `play`; on a machine without sound: null)
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
    /// Run the daemon in the foreground (systemd runs it this way)
    Run,
    /// Check the schedule and every audio file it uses; print a summary and the next broadcasts
    Check,
    /// Print the agenda: every broadcast the schedule produces in a window of days
    Next {
        /// First local day of the window, YYYY-MM-DD [default: from now]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// How many local days the window spans
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=3660))]
        days: u32,
        /// Print one JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Play now: an announcement id, an emergency preset id, or an audio file
    Play {
        /// Announcement id, emergency preset id, or path of an audio file
        target: String,
        /// Play as an emergency: interrupts whatever plays, ignores quiet hours and pause
        #[arg(long)]
        emergency: bool,
        /// Play it this many times
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::schedule::MAX_REPEAT)))]
        repeat: Option<u32>,
        /// Volume in percent of the station volume
        #[arg(long, value_name = "P", value_parser = clap::value_parser!(u8).range(0..=i64::from(crate::schedule::MAX_VOLUME)))]
        volume: Option<u8>,
    },
    /// Stop what is playing now (scheduled or emergency)
    Stop,
    /// Suspend scheduled broadcasts (emergencies still play)
    Pause {
        /// Resume by itself at this local time: "HH:MM", "YYYY-MM-DD HH:MM", or a duration like "2h"
        #[arg(long, value_name = "WHEN")]
        until: Option<String>,
    },
    /// Resume scheduled broadcasts
    Resume,
    /// Show the daemon's state: what plays, the queue, the next broadcasts, the output
    Status {
        /// Print one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Re-read the schedule now
    Reload,
    /// Show what was played, skipped, interrupted or failed
    History {
        /// From this local date, YYYY-MM-DD
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        since: Option<NaiveDate>,
        /// Up to and including this local date, YYYY-MM-DD
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        until: Option<NaiveDate>,
        /// Only this announcement or preset
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// Only this local month, YYYY-MM
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        month: Option<NaiveDate>,
        /// Counts per announcement and outcome, and airtime, instead of the rows
        #[arg(long)]
        summary: bool,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List audio output devices by the names the schedule accepts
    Devices,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

fn parse_output(s: &str) -> Result<crate::schedule::Output, String> {
    crate::schedule::parse_output(s, std::path::Path::new("."))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is not a date written YYYY-MM-DD, like 2026-12-01"))?;
    if !(1900..=9999).contains(&d.year()) {
        return Err(format!("{s}: the year must be between 1900 and 9999"));
    }
    Ok(d)
}

/// "2026-12" → the first day of that month.
fn parse_month(s: &str) -> Result<NaiveDate, String> {
    parse_date(&format!("{}-01", s.trim()))
        .map_err(|_| format!("\"{s}\" is not a month written YYYY-MM, like 2026-12"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-12-01").is_ok());
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("01/12/2026").is_err());
        assert!(parse_date("0001-01-01").is_err());
    }
}
