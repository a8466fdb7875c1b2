//! `loa history --summary`: per announcement, how many broadcasts ended each way and how much
//! sound went out (a relay's live sound only: spec §6), for the monthly report. A table and
//! `--format excel` in the reader's language; CSV and JSON in machine words for scripts.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use super::{Request, days, excel_number, excel_writer, inert};
use crate::cli::Format;
use crate::commands::fit;
use crate::history::{Outcome, SummaryRow};
use crate::t;

/// The period in machine words ("2026-12", "2026-11-01 to 2026-11-30", "all time").
fn machine_period(
    month: Option<NaiveDate>,
    span: (Option<NaiveDate>, Option<NaiveDate>),
) -> String {
    match (month, span) {
        (Some(m), _) => format!("{}-{:02}", m.year(), m.month()),
        (None, (None, None)) => "all time".to_string(),
        (None, (s, u)) => format!(
            "{} to {}",
            s.map_or_else(|| "the start".into(), |d| d.to_string()),
            u.map_or_else(|| "now".into(), |d| d.to_string())
        ),
    }
}

/// The period in the reader's words ("tháng 12/2026").
fn period_words(month: Option<NaiveDate>, span: (Option<NaiveDate>, Option<NaiveDate>)) -> String {
    match (month, span) {
        (Some(m), _) => t!("history-month", month = m.month(), year = m.year()),
        (None, (None, None)) => t!("history-all-time"),
        (None, (s, u)) => t!(
            "history-period",
            from = s.map_or_else(|| t!("history-the-start"), |d| d.to_string()),
            to = u.map_or_else(|| t!("history-now"), |d| d.to_string())
        ),
    }
}

pub fn write(
    out: &mut impl Write,
    rows: &[SummaryRow],
    req: &Request<'_>,
    tz: Tz,
) -> io::Result<()> {
    let span = days(req, tz);
    let outcomes: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
    let count = |r: &SummaryRow, o: &str| r.counts.get(o).copied().unwrap_or(0);
    let total: f64 =
        (rows.iter().map(|r| r.airtime_seconds).sum::<f64>() * 1000.0).round() / 1000.0;
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
                    period: &machine_period(req.month, span),
                    time_zone: tz.name(),
                    announcements: rows,
                    airtime_seconds: total,
                },
            )?;
            writeln!(out)
        }
        Format::Csv => {
            out.write_all(b"\xEF\xBB\xBF")?;
            let mut w = ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(out);
            let mut header = vec!["id", "title"];
            header.extend(&outcomes);
            header.push("airtime_seconds");
            w.write_record(&header)?;
            for r in rows {
                let mut rec = vec![inert(r.id.clone()), inert(r.title.clone())];
                rec.extend(outcomes.iter().map(|o| count(r, o).to_string()));
                rec.push(format!("{:.0}", r.airtime_seconds));
                w.write_record(&rec)?;
            }
            w.flush()
        }
        Format::Excel => {
            let mut w = excel_writer(out)?;
            let mut header = vec![t!("excel-col-id"), t!("excel-col-title")];
            header.extend(outcomes.iter().map(|o| t!("history-outcome", value = *o)));
            header.push(t!("excel-col-airtime-minutes"));
            w.write_record(&header)?;
            for r in rows {
                let mut rec = vec![inert(r.id.clone()), inert(r.title.clone())];
                rec.extend(outcomes.iter().map(|o| count(r, o).to_string()));
                rec.push(excel_number(r.airtime_seconds / 60.0));
                w.write_record(&rec)?;
            }
            let mut rec = vec![t!("excel-total"), period_words(req.month, span)];
            rec.extend(
                outcomes
                    .iter()
                    .map(|o| rows.iter().map(|r| count(r, o)).sum::<u64>().to_string()),
            );
            rec.push(excel_number(total / 60.0));
            w.write_record(&rec)?;
            w.flush()
        }
        Format::Table => {
            writeln!(
                out,
                "{}",
                t!(
                    "history-summary-head",
                    period = period_words(req.month, span),
                    zone = tz.name()
                )
            )?;
            let words: Vec<String> = outcomes
                .iter()
                .map(|o| t!("history-outcome", value = *o))
                .collect();
            let widths: Vec<usize> = words
                .iter()
                .map(|w| crate::commands::width(w).max(5))
                .collect();
            write!(
                out,
                "{}  {}",
                fit(&t!("history-col-id"), 22),
                fit(&t!("history-col-title"), 28)
            )?;
            for (word, width) in words.iter().zip(&widths) {
                let pad = width.saturating_sub(crate::commands::width(word));
                write!(out, "  {}{word}", " ".repeat(pad))?;
            }
            writeln!(out, "  {:>9}", t!("history-col-airtime"))?;
            for r in rows {
                write!(out, "{}  {}", fit(&r.id, 22), fit(&r.title, 28))?;
                for (o, width) in outcomes.iter().zip(&widths) {
                    write!(out, "  {:>width$}", count(r, o))?;
                }
                writeln!(out, "  {:>9}", crate::audio::probe::mmss(r.airtime_seconds))?;
            }
            writeln!(
                out,
                "{}",
                t!(
                    "history-total-airtime",
                    airtime = crate::i18n::words::seconds(total)
                )
            )
        }
    }
}
