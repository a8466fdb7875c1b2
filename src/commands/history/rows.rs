//! `loa history`'s rows: a table and `--format excel` in the reader's language, CSV and JSON in
//! English machine words for scripts (spec §6).

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::{duration, excel_number, excel_writer, local, outcome};
use crate::commands::fit;
use crate::history::{Outcome, Row};
use crate::t;

/// The reader's words for a row's source and outcome.
pub fn source_words(r: &Row) -> String {
    t!("history-source", value = r.source.as_str())
}

pub fn outcome_words(r: &Row) -> String {
    t!("history-outcome", value = outcome(r))
}

/// Who asked, in the reader's words: the schedule's own broadcasts say so in her language.
pub fn by_words(r: &Row) -> String {
    match r.requested_by.as_str() {
        "schedule" => t!("history-by-schedule"),
        by => match by.strip_prefix("bulletin ") {
            Some(id) => t!("history-by-bulletin", id = id),
            None => by.to_string(),
        },
    }
}

/// Why, in the reader's language.
pub fn reason_words(r: &Row) -> String {
    r.reason.as_ref().map(|r| r.to_string()).unwrap_or_default()
}

pub fn table(out: &mut impl Write, rows: &[Row], tz: Tz) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "{}", t!("history-none"));
    }
    // The province's collected file: which node each row came from, first.
    let nodes = rows.iter().any(|r| r.node.is_some());
    let width = rows
        .iter()
        .filter_map(|r| r.node.as_ref())
        .map(|(n, _)| crate::commands::width(n))
        .max()
        .unwrap_or(0);
    let by = t!("history-col-by");
    let by_width = rows
        .iter()
        .map(|r| crate::commands::width(&by_words(r)))
        .chain([crate::commands::width(&by)])
        .max()
        .unwrap_or(10)
        .min(16);
    if nodes {
        write!(out, "{}  ", fit(&t!("history-col-node"), width))?;
    }
    writeln!(
        out,
        "{}  {}  {}  {}  {:>8}  {}  {}  {}",
        fit(&t!("history-col-when"), 19),
        fit(&t!("history-col-id"), 22),
        fit(&t!("history-col-source"), 11),
        fit(&t!("history-col-outcome"), 13),
        t!("history-col-duration"),
        fit(&t!("history-col-due"), 8),
        fit(&by, by_width),
        t!("history-col-reason")
    )?;
    for r in rows {
        if nodes {
            let node = r.node.as_ref().map_or("", |(n, _)| n.as_str());
            write!(out, "{}  ", fit(node, width))?;
        }
        // A node's row in its station's time.
        let tz = r.node_timezone.unwrap_or(tz);
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
            fit(&source_words(r), 11),
            fit(&outcome_words(r), 13),
            duration(r).map_or_else(|| "-".into(), crate::audio::probe::mmss),
            due,
            fit(&by_words(r), by_width),
            reason_words(r)
        )?;
    }
    Ok(())
}

/// The columns of CSV and of `--format excel`, in order: CSV's machine header and the catalogue
/// id of the reader's header.
const COLUMNS: [(&str, &str); 17] = [
    ("id", "excel-col-id"),
    ("title", "excel-col-title"),
    ("source", "excel-col-source"),
    ("requested_by", "excel-col-requested-by"),
    ("requested", "excel-col-requested"),
    ("scheduled", "excel-col-scheduled"),
    ("started", "excel-col-started"),
    ("ended", "excel-col-ended"),
    ("duration_seconds", "excel-col-duration"),
    ("played_seconds", "excel-col-played"),
    ("outcome", "excel-col-outcome"),
    ("reason", "excel-col-reason"),
    ("files", "excel-col-files"),
    // Last, so that the columns before keep their places in existing reports.
    ("on_air_seconds", "excel-col-on-air"),
    ("bulletin", "excel-col-bulletin"),
    ("node", "excel-col-node"),
    ("text", "excel-col-text"),
];

/// One row's fields in `COLUMNS`' order, none of them a formula ([`super::inert`]); `words` says
/// whether values are for a person (her words, her decimal sign) or for a script.
fn fields(r: &Row, tz: Tz, words: bool) -> Vec<String> {
    let tz = r.node_timezone.unwrap_or(tz);
    let number = |x: Option<f64>| {
        x.map_or_else(String::new, |d| {
            if words {
                excel_number(d)
            } else {
                format!("{d:.1}")
            }
        })
    };
    let time = |t: Option<DateTime<Utc>>| t.map_or_else(String::new, |t| local(t, tz));
    vec![
        r.id.clone(),
        r.title.clone(),
        if words {
            source_words(r)
        } else {
            r.source.as_str().to_string()
        },
        if words {
            by_words(r)
        } else {
            r.requested_by.clone()
        },
        local(r.requested, tz),
        time(r.scheduled),
        time(r.started),
        time(r.ended),
        number(duration(r)),
        number(r.played_seconds),
        if words {
            outcome_words(r)
        } else {
            outcome(r).to_string()
        },
        if words {
            reason_words(r)
        } else {
            r.reason
                .as_ref()
                .map(|r| r.en().to_string())
                .unwrap_or_default()
        },
        r.files.join(" + "),
        number(r.on_air_seconds),
        r.bulletin.clone().unwrap_or_default(),
        r.node.as_ref().map_or_else(String::new, |(n, _)| n.clone()),
        r.text.clone().unwrap_or_default(),
    ]
    .into_iter()
    .map(super::inert)
    .collect()
}

pub fn csv(out: &mut impl Write, rows: &[Row], tz: Tz) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS.map(|(machine, _)| machine))?;
    for r in rows {
        w.write_record(fields(r, tz, false))?;
    }
    w.flush()
}

/// For a spreadsheet in the reader's language: her headers, her words for sources, outcomes
/// and reasons, `;` between fields and her decimal sign, as her Excel expects.
pub fn excel(out: &mut impl Write, rows: &[Row], tz: Tz) -> io::Result<()> {
    let mut w = excel_writer(out)?;
    w.write_record(COLUMNS.map(|(_, id)| crate::i18n::message(id, &[])))?;
    for r in rows {
        w.write_record(fields(r, tz, true))?;
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
    /// What it read aloud (spec §13); absent for other rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

fn rfc3339(t: Option<DateTime<Utc>>, tz: Tz, precision: SecondsFormat) -> Option<String> {
    t.map(|t| t.with_timezone(&tz).to_rfc3339_opts(precision, false))
}

/// One row as `loa history --format json` prints it (and as a node publishes it, spec §9).
fn json_row(r: &Row, tz: Tz) -> JsonRow<'_> {
    // A node's row in its station's time (the offset says which).
    let tz = r.node_timezone.unwrap_or(tz);
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
        reason: r.reason.as_ref().map(|r| r.en()),
        files: &r.files,
        text: r.text.as_deref(),
    }
}

/// A row as JSON, in the station's time.
pub fn row_json(r: &Row, tz: Tz) -> serde_json::Value {
    serde_json::to_value(json_row(r, tz)).unwrap_or_default()
}

pub fn json(out: &mut impl Write, rows: &[Row], tz: Tz) -> io::Result<()> {
    let items: Vec<JsonRow<'_>> = rows.iter().map(|r| json_row(r, tz)).collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Source;

    /// A notice an operator typed as a formula: the spreadsheet shows it, it does not run it.
    #[test]
    fn a_formula_typed_in_a_title_or_notice_reaches_the_spreadsheet_as_text() {
        let at = DateTime::parse_from_rfc3339("2026-12-07T08:00:00+07:00")
            .map(|t| t.with_timezone(&Utc))
            .ok();
        let row = Row {
            rowid: 1,
            id: "text".into(),
            title: "=1+2".into(),
            source: Source::Text,
            requested_by: "@admin".into(),
            requested: at.unwrap_or_default(),
            scheduled: None,
            occurrence: None,
            started: at,
            ended: at,
            outcome: Some(Outcome::Played),
            reason: None,
            files: vec!["-x.wav".into()],
            played_seconds: Some(2.0),
            on_air_seconds: None,
            bulletin: None,
            node: None,
            node_timezone: None,
            text: Some("+84 912 345 678".into()),
        };
        let tz = chrono_tz::Asia::Ho_Chi_Minh;
        for spreadsheet in [false, true] {
            let mut out = Vec::new();
            let rows = std::slice::from_ref(&row);
            match spreadsheet {
                false => csv(&mut out, rows, tz),
                true => excel(&mut out, rows, tz),
            }
            .unwrap();
            let text = String::from_utf8_lossy(&out);
            let line = text.lines().nth(1).unwrap_or_default();
            for cell in ["'=1+2", "'@admin", "'-x.wav", "'+84 912 345 678"] {
                assert!(line.contains(cell), "{cell} not in {line}");
            }
            assert!(line.starts_with("text"), "{line}");
        }
    }
}
