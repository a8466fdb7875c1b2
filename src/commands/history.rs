//! `loa history`: what was played, skipped, interrupted or failed, read from the state directory
//! (works while the daemon writes, and when it is not running). Table, CSV or JSON; with
//! `--summary`, counts per announcement and outcome and the airtime, for the monthly report.
//!
//! Times are shown in the station's zone (the schedule's `timezone` when a schedule can be read,
//! else the system's). CSV begins with a UTF-8 byte-order mark: without it Excel reads UTF-8 as
//! the local code page and Vietnamese titles turn to mojibake; LibreOffice recognises the mark
//! and preselects UTF-8. Lines end in CRLF (RFC 4180).

use crate::t;
use std::io::{self, Write};
use std::path::Path;

use chrono::{DateTime, Datelike, Months, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::cli::Format;
use crate::history::{Filter, History, HistoryError, Outcome, Row, SummaryRow};
use crate::plan::start_of_day;

use super::{OK, USER_ERROR, fit};

pub struct Request<'a> {
    pub state_dir: &'a Path,
    /// Another history file (the province's, from `loa fleet collect`).
    pub db: Option<&'a Path>,
    pub config: Option<&'a Path>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub month: Option<NaiveDate>,
    pub id: Option<&'a str>,
    pub summary: bool,
    pub format: Format,
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
        write_summary(&mut out, &rows, req, tz)
    } else {
        let rows = match h.as_ref().map(|h| h.query(&filter)).transpose() {
            Ok(r) => r.unwrap_or_default(),
            Err(e) => {
                eprintln!("loa: {e}");
                return USER_ERROR;
            }
        };
        match req.format {
            Format::Table => write_table(&mut out, &rows, tz),
            Format::Csv => write_csv(&mut out, &rows, tz),
            Format::Json => write_json(&mut out, &rows, tz),
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

fn filter(req: &Request<'_>, tz: Tz) -> Filter {
    let mut since = req.since.map(|d| start_of_day(tz, d));
    let mut until = req
        .until
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

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string()
}

fn duration(r: &Row) -> Option<f64> {
    Some((r.ended? - r.started?).num_milliseconds().max(0) as f64 / 1000.0)
}

fn outcome(r: &Row) -> &'static str {
    match (r.outcome, r.started) {
        (Some(o), _) => o.as_str(),
        (None, Some(_)) => "playing",
        (None, None) => "starting",
    }
}

fn write_table(out: &mut impl Write, rows: &[Row], tz: Tz) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "{}", t!("history-none"));
    }
    // The province's collected file: which node each row came from, first.
    let nodes = rows.iter().any(|r| r.node.is_some());
    let width = rows
        .iter()
        .filter_map(|r| r.node.as_ref())
        .map(|(n, _)| super::width(n))
        .max()
        .unwrap_or(0);
    if nodes {
        write!(out, "{}  ", fit(&t!("history-col-node"), width))?;
    }
    writeln!(
        out,
        "{}  {}  {}  {}  {:>8}  {}  {}  {}",
        fit(&t!("history-col-when"), 19),
        fit(&t!("history-col-id"), 22),
        fit(&t!("history-col-source"), 9),
        fit(&t!("history-col-outcome"), 11),
        t!("history-col-duration"),
        fit(&t!("history-col-due"), 8),
        fit(&t!("history-col-by"), 10),
        t!("history-col-reason")
    )?;
    for r in rows {
        if nodes {
            let node = r.node.as_ref().map_or("", |(n, _)| n.as_str());
            write!(out, "{}  ", fit(node, width))?;
        }
        // When it started, or else when it was due or asked for.
        let when = local(r.started.unwrap_or(r.requested), tz);
        let due = r.scheduled.map_or_else(
            || "-".to_string(),
            |t| t.with_timezone(&tz).format("%H:%M:%S").to_string(),
        );
        writeln!(
            out,
            "{:<19}  {}  {}  {}  {:>8}  {:<8}  {}  {}",
            when,
            fit(&r.id, 22),
            fit(&t!("history-source", value = r.source.as_str()), 9),
            fit(&t!("history-outcome", value = outcome(r)), 11),
            duration(r).map_or_else(|| "-".into(), crate::audio::probe::mmss),
            due,
            fit(&r.requested_by, 10),
            r.reason.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

fn write_csv(out: &mut impl Write, rows: &[Row], tz: Tz) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record([
        "id",
        "title",
        "source",
        "requested_by",
        "requested",
        "scheduled",
        "started",
        "ended",
        "duration_seconds",
        "played_seconds",
        "outcome",
        "reason",
        "files",
        "on_air_seconds",
        "bulletin",
        "node",
    ])?;
    for r in rows {
        w.write_record([
            r.id.as_str(),
            &r.title,
            r.source.as_str(),
            &r.requested_by,
            &local(r.requested, tz),
            &r.scheduled.map_or_else(String::new, |t| local(t, tz)),
            &r.started.map_or_else(String::new, |t| local(t, tz)),
            &r.ended.map_or_else(String::new, |t| local(t, tz)),
            &duration(r).map_or_else(String::new, |d| format!("{d:.1}")),
            &r.played_seconds
                .map_or_else(String::new, |d| format!("{d:.1}")),
            outcome(r),
            r.reason.as_deref().unwrap_or(""),
            &r.files.join(" + "),
            // Last, so that the columns before keep their places in existing reports.
            &r.on_air_seconds
                .map_or_else(String::new, |d| format!("{d:.1}")),
            r.bulletin.as_deref().unwrap_or(""),
            r.node.as_ref().map_or("", |(n, _)| n.as_str()),
        ])?;
    }
    w.flush()
}

/// One row of `loa history --format json`.
#[derive(Serialize)]
struct JsonRow<'a> {
    /// In the province's collected file: the node the row came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    node: Option<&'a str>,
    id: &'a str,
    title: &'a str,
    source: &'static str,
    requested_by: &'a str,
    requested: String,
    scheduled: Option<String>,
    occurrence: Option<String>,
    started: Option<String>,
    ended: Option<String>,
    duration_seconds: Option<f64>,
    played_seconds: Option<f64>,
    /// A relay's seconds of live sound (spec §6); absent for other rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    on_air_seconds: Option<f64>,
    /// The bulletin a row played (spec §6); absent for other rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    bulletin: Option<&'a str>,
    outcome: Option<&'static str>,
    reason: Option<&'a str>,
    files: &'a [String],
}

fn rfc3339(t: Option<DateTime<Utc>>, tz: Tz, precision: SecondsFormat) -> Option<String> {
    t.map(|t| t.with_timezone(&tz).to_rfc3339_opts(precision, false))
}

/// One row as `loa history --format json` prints it (and as a node publishes it, spec §9).
fn json_row(r: &Row, tz: Tz) -> JsonRow<'_> {
    JsonRow {
        node: r.node.as_ref().map(|(n, _)| n.as_str()),
        id: &r.id,
        title: &r.title,
        source: r.source.as_str(),
        requested_by: &r.requested_by,
        requested: r
            .requested
            .with_timezone(&tz)
            .to_rfc3339_opts(SecondsFormat::Millis, false),
        scheduled: rfc3339(r.scheduled, tz, SecondsFormat::Secs),
        occurrence: r
            .occurrence
            .map(|o| o.format("%Y-%m-%dT%H:%M:%S").to_string()),
        started: rfc3339(r.started, tz, SecondsFormat::Millis),
        ended: rfc3339(r.ended, tz, SecondsFormat::Millis),
        duration_seconds: duration(r),
        played_seconds: r.played_seconds,
        on_air_seconds: r.on_air_seconds,
        bulletin: r.bulletin.as_deref(),
        outcome: r.outcome.map(Outcome::as_str),
        reason: r.reason.as_deref(),
        files: &r.files,
    }
}

/// A row as JSON, in the station's time.
pub fn row_json(r: &Row, tz: Tz) -> serde_json::Value {
    serde_json::to_value(json_row(r, tz)).unwrap_or_default()
}

fn write_json(out: &mut impl Write, rows: &[Row], tz: Tz) -> io::Result<()> {
    let items: Vec<JsonRow<'_>> = rows.iter().map(|r| json_row(r, tz)).collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

fn write_summary(
    out: &mut impl Write,
    rows: &[SummaryRow],
    req: &Request<'_>,
    tz: Tz,
) -> io::Result<()> {
    let period = match (req.month, req.since, req.until) {
        (Some(m), _, _) => format!("{}-{:02}", m.year(), m.month()),
        (None, None, None) => "all time".to_string(),
        (None, s, u) => format!(
            "{} to {}",
            s.map_or_else(|| "the start".into(), |d| d.to_string()),
            u.map_or_else(|| "now".into(), |d| d.to_string())
        ),
    };
    let outcomes: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
    let total: f64 = rows.iter().map(|r| r.airtime_seconds).sum();
    match req.format {
        Format::Json => {
            #[derive(Serialize)]
            struct Summary<'a> {
                period: &'a str,
                time_zone: &'a str,
                announcements: &'a [SummaryRow],
                airtime_seconds: f64,
            }
            serde_json::to_writer_pretty(
                &mut *out,
                &Summary {
                    period: &period,
                    time_zone: tz.name(),
                    announcements: rows,
                    airtime_seconds: total,
                },
            )?;
            writeln!(out)
        }
        Format::Csv => {
            out.write_all(b"\xEF\xBB\xBF")?;
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out);
            let mut header = vec!["id", "title"];
            header.extend(&outcomes);
            header.push("airtime_seconds");
            w.write_record(&header)?;
            for r in rows {
                let mut rec = vec![r.id.clone(), r.title.clone()];
                rec.extend(
                    outcomes
                        .iter()
                        .map(|o| r.counts.get(o).copied().unwrap_or(0).to_string()),
                );
                rec.push(format!("{:.0}", r.airtime_seconds));
                w.write_record(&rec)?;
            }
            w.flush()
        }
        Format::Table => {
            let period = match (req.month, req.since, req.until) {
                (Some(_), _, _) => period,
                (None, None, None) => t!("history-all-time"),
                (None, s, u) => t!(
                    "history-period",
                    from = s.map_or_else(|| t!("history-the-start"), |d| d.to_string()),
                    to = u.map_or_else(|| t!("history-now"), |d| d.to_string())
                ),
            };
            writeln!(
                out,
                "{}",
                t!("history-summary-head", period = period, zone = tz.name())
            )?;
            write!(
                out,
                "{}  {}",
                fit(&t!("history-col-id"), 22),
                fit(&t!("history-col-title"), 28)
            )?;
            for o in &outcomes {
                let word = t!("history-outcome", value = *o);
                write!(
                    out,
                    "  {}{word}",
                    " ".repeat(11usize.saturating_sub(super::width(&word)))
                )?;
            }
            writeln!(out, "  {:>9}", t!("history-col-airtime"))?;
            for r in rows {
                write!(out, "{}  {}", fit(&r.id, 22), fit(&r.title, 28))?;
                for o in &outcomes {
                    write!(out, "  {:>11}", r.counts.get(o).copied().unwrap_or(0))?;
                }
                writeln!(out, "  {:>9}", crate::audio::probe::mmss(r.airtime_seconds))?;
            }
            writeln!(
                out,
                "{}",
                t!(
                    "history-total-airtime",
                    airtime = crate::audio::probe::mmss(total)
                )
            )
        }
    }
}
