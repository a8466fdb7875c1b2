//! `loa history`: what was played, skipped, interrupted or failed, read from the state directory
//! (works while the daemon writes, and when it is not running). A table, CSV or JSON for scripts
//! (English machine headers and values), or `--format excel` for a spreadsheet in the reader's
//! language; with `--summary`, counts per announcement and outcome and the airtime, for the
//! monthly report. `rows` writes the rows, `summary` the summary.
//!
//! Times are shown in the station's zone (the schedule's `timezone` when a schedule can be read,
//! else the system's). CSV begins with a UTF-8 byte-order mark: without it Excel reads UTF-8 as
//! the local code page and Vietnamese titles turn to mojibake; LibreOffice recognises the mark
//! and preselects UTF-8. Lines end in CRLF (RFC 4180).

mod rows;
mod summary;

pub use rows::row_json;

use crate::t;
use std::io::{self, Write};
use std::path::Path;

use chrono::{DateTime, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::cli::Format;
use crate::history::{Filter, History, HistoryError, Row};
use crate::plan::start_of_day;

use super::dates::Day;
use super::{OK, USER_ERROR};

pub struct Request<'a> {
    pub state_dir: &'a Path,
    /// Another history file (the province's, from `loa fleet collect`).
    pub db: Option<&'a Path>,
    pub config: Option<&'a Path>,
    pub since: Option<Day>,
    pub until: Option<Day>,
    pub month: Option<NaiveDate>,
    pub id: Option<&'a str>,
    pub summary: bool,
    pub format: Format,
    /// Now, for the days a word names ("hôm qua").
    pub now: DateTime<Utc>,
}

/// The rows (or the summary) `req` asks for, written in its format into bytes, in the zone
/// `tz`: what the console's API answers. A history not made yet is no rows.
pub fn render(req: &Request<'_>, tz: Tz) -> Result<Vec<u8>, String> {
    let filter = filter(req, tz);
    let h = match History::open_read_only(req.state_dir) {
        Ok(h) => Some(h),
        Err(HistoryError::Missing { .. }) => None,
        Err(e) => return Err(e.to_string()),
    };
    let mut out = Vec::new();
    let written = if req.summary {
        let rows = h.as_ref().map(|h| h.summary(&filter)).transpose();
        let rows = rows.map_err(|e| e.to_string())?.unwrap_or_default();
        summary::write(&mut out, &rows, req, tz)
    } else {
        let rows = h.as_ref().map(|h| h.query(&filter)).transpose();
        let rows = rows.map_err(|e| e.to_string())?.unwrap_or_default();
        match req.format {
            Format::Table => rows::table(&mut out, &rows, tz),
            Format::Csv => rows::csv(&mut out, &rows, tz),
            Format::Excel => rows::excel(&mut out, &rows, tz),
            Format::Json => rows::json(&mut out, &rows, tz),
        }
    };
    written.map_err(|e| e.to_string())?;
    Ok(out)
}

/// The rows `req` asks for (its `summary` and `format` aside), for a page that words them itself
/// ([`words`]). A history not made yet is no rows.
pub fn rows(req: &Request<'_>, tz: Tz) -> Result<Vec<Row>, String> {
    match History::open_read_only(req.state_dir) {
        Ok(h) => h.query(&filter(req, tz)).map_err(|e| e.to_string()),
        Err(HistoryError::Missing { .. }) => Ok(Vec::new()),
        Err(e) => Err(e.to_string()),
    }
}

/// The summary's rows for `req`.
pub fn summary_rows(req: &Request<'_>, tz: Tz) -> Result<Vec<crate::history::SummaryRow>, String> {
    match History::open_read_only(req.state_dir) {
        Ok(h) => h.summary(&filter(req, tz)).map_err(|e| e.to_string()),
        Err(HistoryError::Missing { .. }) => Ok(Vec::new()),
        Err(e) => Err(e.to_string()),
    }
}

/// A row's source, outcome, who asked and why, in the reader's words (what the table and
/// `--format excel` print).
pub mod words {
    pub use super::rows::source_words as source;
    pub use super::rows::{by_words as by, outcome_words as outcome, reason_words as reason};
}

pub fn run(req: &Request<'_>) -> i32 {
    let tz = zone(req.config);
    let filter = filter(req, tz);
    let opened = match req.db {
        Some(db) => History::open_read_only_file(db),
        None => History::open_read_only(req.state_dir),
    };
    let h = match opened {
        Ok(h) => Some(h),
        Err(HistoryError::Missing { path }) => {
            eprintln!("loa: {}", t!("history-nothing-yet", path = path.as_str()));
            None
        }
        Err(e) => {
            eprintln!("loa: {e}");
            return USER_ERROR;
        }
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = if req.summary {
        let rows = match h.as_ref().map(|h| h.summary(&filter)).transpose() {
            Ok(r) => r.unwrap_or_default(),
            Err(e) => {
                eprintln!("loa: {e}");
                return USER_ERROR;
            }
        };
        summary::write(&mut out, &rows, req, tz)
    } else {
        let rows = match h.as_ref().map(|h| h.query(&filter)).transpose() {
            Ok(r) => r.unwrap_or_default(),
            Err(e) => {
                eprintln!("loa: {e}");
                return USER_ERROR;
            }
        };
        match req.format {
            Format::Table => rows::table(&mut out, &rows, tz),
            Format::Csv => rows::csv(&mut out, &rows, tz),
            Format::Excel => rows::excel(&mut out, &rows, tz),
            Format::Json => rows::json(&mut out, &rows, tz),
        }
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            eprintln!("loa: {e}");
            USER_ERROR
        }
    }
}

/// The station's zone if a schedule can be read (quietly), else the system's.
fn zone(config: Option<&Path>) -> Tz {
    let (system, _) = crate::clock::system_timezone();
    config
        .filter(|p| p.exists())
        .and_then(|p| crate::schedule::load(p, system).ok())
        .map_or(system, |l| l.schedule.station.timezone)
}

/// The first and last local day asked for, words resolved against today in the station's zone.
fn days(req: &Request<'_>, tz: Tz) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let today = req.now.with_timezone(&tz).date_naive();
    (
        req.since.map(|d| d.first(today)),
        req.until.map(|d| d.last(today)),
    )
}

fn filter(req: &Request<'_>, tz: Tz) -> Filter {
    let (since, until) = days(req, tz);
    let mut since = since.map(|d| start_of_day(tz, d));
    let mut until = until
        .and_then(|d| d.succ_opt())
        .map(|d| start_of_day(tz, d));
    if let Some(m) = req.month {
        since = Some(start_of_day(tz, m));
        until = m
            .checked_add_months(Months::new(1))
            .map(|d| start_of_day(tz, d));
    }
    Filter {
        since,
        until,
        id: req.id.map(str::to_string),
    }
}

/// A time in the station's zone, as a person and a spreadsheet read it.
fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// From the first sample to the end.
fn duration(r: &Row) -> Option<f64> {
    Some((r.ended? - r.started?).num_milliseconds().max(0) as f64 / 1000.0)
}

/// The outcome's machine word; a row still open is `playing` (sounded) or `starting`.
fn outcome(r: &Row) -> &'static str {
    match (r.outcome, r.started) {
        (Some(o), _) => o.as_str(),
        (None, Some(_)) => "playing",
        (None, None) => "starting",
    }
}

/// A cell a spreadsheet will not take for a formula (CSV injection, CWE-1236): a value that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, as OWASP
/// advises. Titles, notices and names are typed by people; the exports open in spreadsheets.
pub(crate) fn inert(field: String) -> String {
    match field.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{field}"),
        _ => field,
    }
}

/// The writer for `--format excel`: `;` between fields, CRLF, after a byte-order mark.
pub(crate) fn excel_writer<W: Write>(mut out: W) -> io::Result<::csv::Writer<W>> {
    out.write_all(b"\xEF\xBB\xBF")?;
    Ok(::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out))
}

/// A number for a spreadsheet in the reader's language: one decimal, her decimal sign, no
/// thousands separator ("1250,5" in Vietnamese, "1250.5" in English).
pub(crate) fn excel_number(x: f64) -> String {
    let text = format!("{x:.1}");
    match crate::i18n::lang() {
        crate::i18n::Lang::Vi => text.replace('.', ","),
        crate::i18n::Lang::En => text,
    }
}
