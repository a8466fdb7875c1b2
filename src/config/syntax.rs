//! Text → the TOML tree, and the parser's complaints worded for the person who edits the
//! schedule: what is wrong on the line, in plain words, and what to write instead.
//!
//! It must not let the parser's own English reach the reader, and it stops at the first problem
//! of a line, so that one missing quote does not bury the page.

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::DeTable;

use super::find_day_first_date;
use crate::diagnostic::{Diagnostic, Source, Span};
use crate::t;

/// Parses TOML text into its tree. Syntax errors are reported (at most one per line, so that one
/// missing quote does not bury the page); if there are any, `None` is returned because the tree is
/// only a guess.
pub fn parse_document<'i>(
    src: &Source<'i>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Spanned<DeTable<'i>>> {
    let (doc, errors) = DeTable::parse_recoverable(src.text);
    if errors.is_empty() {
        return Some(doc);
    }
    let mut seen_lines = Vec::new();
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let (line, _) = src.line_col(span.start);
        if seen_lines.contains(&line) {
            continue;
        }
        seen_lines.push(line);
        diags.push(syntax_error(src, span, e.message()));
    }
    None
}

fn syntax_error(src: &Source<'_>, span: Span, message: &str) -> Diagnostic {
    let text = src.text.get(span.clone()).unwrap_or("").trim();
    if message == "duplicate key" {
        return src
            .error(span, t!("toml-duplicate-key", key = text))
            .with_help(t!("toml-duplicate-key-help"));
    }
    // The habits behind most syntax errors, found on the line itself.
    let line = line_around(src.text, span.start);
    if let Some(q) = line.chars().find(|c| CURLY_QUOTES.contains(c)) {
        return src
            .error(span, t!("toml-curly-quotes", quote = q.to_string()))
            .with_help(t!("toml-curly-quotes-help"));
    }
    if let Some((written, iso)) = find_day_first_date(line) {
        return src
            .error(span, t!("date-day-first", written = written, iso = iso))
            .with_help(t!("date-format-help"));
    }
    // "2026-02-30": TOML refuses a day its month does not have; say which month and how long.
    if message.contains("expected day between") {
        let mut parts = text.split('-').map(|p| p.trim().parse::<u32>().ok());
        if let (Some(Some(y)), Some(Some(m)), Some(Some(d))) =
            (parts.next(), parts.next(), parts.next())
        {
            let last = (28..=31)
                .rev()
                .find(|d| NaiveDate::from_ymd_opt(y as i32, m, *d).is_some());
            let key = line_around(src.text, span.start)
                .split('=')
                .next()
                .unwrap_or("")
                .trim();
            let e = src.error(
                span,
                t!(
                    "date-no-such-day",
                    date = format!("{y:04}-{m:02}-{d:02}"),
                    key = key
                ),
            );
            return match last {
                Some(days) => {
                    e.with_help(t!("date-month-has-days", month = m, year = y, days = days))
                }
                None => e.with_help(t!("date-month-range")),
            };
        }
    }
    let d = src.error(span, t!("toml-invalid", why = message));
    if message.contains("must be quoted") {
        d.with_help(t!("toml-quote-help"))
    } else if message.contains("expected month") || message.contains("expected day") {
        d.with_help(t!("date-format-help"))
    } else {
        d
    }
}

/// Quotes Word, Zalo and phones put in for `"`; TOML reads only straight ones.
const CURLY_QUOTES: [char; 6] = ['“', '”', '„', '‘', '’', '«'];

/// The line of `text` that holds byte `at`.
fn line_around(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text.get(start..end).unwrap_or("")
}
