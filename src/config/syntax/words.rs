//! The words for each kind of syntax mistake (see [`Kind`]): what is wrong, where, and the line
//! as it should be written, from the catalogue. Nothing here decides which complaint of a line
//! is told; `mod.rs` does.

use chrono::NaiveDate;

use super::habits::{habit, vietnamese_key};
use super::scan::{Line, open_bracket_at, word_at};
use super::{After, Doc, Found, Kind, LISTS_OF_TABLES};
use crate::diagnostic::{Diagnostic, Source, Span};
use crate::t;

/// Keys whose value is a number, for "volume = 80%".
const NUMBER_KEYS: [&str; 4] = ["volume", "repeat", "priority", "loudness"];
/// Keys whose value is a file or a folder, for a path copied from Windows.
const PATH_KEYS: [&str; 5] = ["files", "chime", "alert", "fallback", "output"];
const DIR_KEYS: [&str; 2] = ["audio_dir", "allow_dirs"];
/// Words meant as true or false.
const YES_NO: [&str; 12] = [
    "yes", "no", "on", "off", "có", "không", "co", "khong", "đúng", "sai", "bật", "tắt",
];

/// The words for one complaint on line `n` (0-based).
pub(super) fn word(
    doc: &mut Doc<'_, '_>,
    n: usize,
    line: &Line<'_>,
    f: &Found,
) -> (Diagnostic, After) {
    let src = doc.src;
    let span = f.span.clone();
    let written = src.text.get(span.clone()).unwrap_or("").trim();
    let at = span.start.saturating_sub(line.start).min(line.text.len());
    let done = |d: Diagnostic| (d, After::Nothing);
    match f.kind {
        Kind::DuplicateKey => return duplicate(doc, n, line, span, written),
        Kind::Dotted => {
            return done(
                src.error(span, t!("toml-dotted", key = written))
                    .with_help(t!("toml-duplicate-key-help")),
            );
        }
        _ => {}
    }
    if let Some(d) = habit(src, line, f) {
        return done(d);
    }
    let key = line.key();
    // Words with no `=` at all: a note without its `#`, or a key without its value.
    if matches!(f.kind, Kind::NoEquals | Kind::KeyChars | Kind::KeyBad)
        && key.is_none()
        && !line.is_header()
    {
        let indent = line.text.len() - line.text.trim_start().len();
        return done(
            src.error(
                line.start + indent..line.start + line.text.len(),
                t!("toml-line-no-equals"),
            )
            .with_help(t!("toml-note-help", line = line.text.trim())),
        );
    }
    let write = |fixed: String| t!("toml-write-help", fixed = fixed);
    let d = match f.kind {
        Kind::Unquoted | Kind::Word => return done(unquoted(src, line, f, written)),
        Kind::MissingOpenQuote => {
            let quote = if f.message.contains('\'') { "'" } else { "\"" };
            let value = line
                .value()
                .unwrap_or(written)
                .trim_end_matches(quote)
                .trim();
            src.error(span, t!("toml-missing-open-quote", quote = quote))
                .with_help(write(quoted(key, value)))
        }
        Kind::Unclosed => return unclosed(doc, n, line, f),
        Kind::Escape => backslash(src, line, at),
        Kind::NoEquals => match key {
            Some(k) if k.contains(char::is_whitespace) => src
                .error(span, t!("toml-key-space", key = k))
                .with_help(t!("toml-key-help")),
            _ => generic(src, f),
        },
        Kind::KeyChars => {
            let k = key.unwrap_or_else(|| line.text.trim());
            let c = src.text.get(span.start..).and_then(|s| s.chars().next());
            let message = match c {
                Some(c) if !c.is_ascii() && c.is_alphabetic() => t!("toml-key-accents", key = k),
                Some(c) => t!("toml-key-char", key = k, char = c.to_string()),
                None => t!("toml-key-bad", key = k),
            };
            let help = match vietnamese_key(k) {
                Some(meant) => t!("did-you-mean-key", key = meant),
                None => t!("toml-key-help"),
            };
            src.error(span, message).with_help(help)
        }
        Kind::KeyEmpty if line.is_header() => src
            .error(span, t!("toml-table-empty"))
            .with_help(t!("toml-table-example-help")),
        Kind::KeyEmpty => src
            .error(span, t!("toml-key-empty"))
            .with_help(t!("toml-key-example-help")),
        Kind::KeyBad => {
            let k = key.unwrap_or_else(|| line.text.trim());
            src.error(span, t!("toml-key-bad", key = k))
                .with_help(t!("toml-key-help"))
        }
        Kind::Header => header(src, line, span),
        Kind::AfterValue if line.is_header() => header(src, line, span),
        Kind::AfterValue => after_value(src, line, at, span, key, f),
        Kind::EqualsTwice => {
            let value = line.value().unwrap_or("").trim_start_matches('=').trim();
            let d = src.error(span, t!("toml-equals-twice"));
            match key {
                Some(k) => d.with_help(write(format!("{k} = {value}"))),
                None => d,
            }
        }
        Kind::MissingValue => match key {
            Some(k) => src
                .error(span, t!("toml-missing-value", key = k))
                .with_help(t!("toml-missing-value-help")),
            None => generic(src, f),
        },
        Kind::ListComma => src
            .error(span, t!("toml-list-comma"))
            .with_help(t!("toml-list-comma-help")),
        Kind::ListExtraComma => src
            .error(span, t!("toml-list-extra-comma"))
            .with_help(t!("toml-list-comma-help")),
        Kind::ListEquals => src
            .error(span, t!("toml-list-equals"))
            .with_help(t!("toml-list-comma-help")),
        Kind::ListUnclosed => {
            // The parser points after the last item; the bracket that opened the list is what
            // the officer looks for.
            let open = if f.synthetic {
                span.start
            } else {
                open_bracket_at(src.text, span.start)
                    .filter(|&o| o >= line.start)
                    .unwrap_or(span.start)
            };
            src.error(open..line.start + line.text.len(), t!("toml-list-unclosed"))
                .with_help(t!("toml-list-unclosed-help"))
        }
        Kind::NoOpening => {
            let close = src.text.get(span.start..).and_then(|s| s.chars().next());
            let (open, close) = if close == Some('}') {
                ("{", "}")
            } else {
                ("[", "]")
            };
            src.error(span, t!("toml-no-opening", open = open, close = close))
                .with_help(t!("toml-brackets-help"))
        }
        Kind::InlineTable | Kind::InlineUnclosed => src.error(span, t!("toml-inline-table")),
        Kind::Number => {
            let w = word_at(line.text, at);
            let w = if w.is_empty() { written } else { w };
            src.error(span, t!("toml-number", written = w))
                .with_help(t!("toml-number-help"))
        }
        Kind::DateTime => date_time(src, line, span, written, f),
        Kind::LoneCr => src
            .error(span, t!("toml-lone-cr"))
            .with_help(t!("toml-lone-cr-help")),
        Kind::TooDeep => src.error(span, t!("toml-too-deep")),
        Kind::BadChar | Kind::CommentChar | Kind::Other => generic(src, f),
        Kind::DuplicateKey | Kind::Dotted => generic(src, f),
    };
    done(d)
}

/// `key = "value"` when the value follows a key, else `"value"` (an item of a list).
fn quoted(key: Option<&str>, value: &str) -> String {
    match key {
        Some(k) => format!("{k} = \"{value}\""),
        None => format!("\"{value}\""),
    }
}

/// Text written without quotes, or a word the parser took for a misspelt true, false, inf, nan.
fn unquoted(src: &Source<'_>, line: &Line<'_>, f: &Found, written: &str) -> Diagnostic {
    let span = f.span.clone();
    let key = line.key();
    let lower = written.to_lowercase();
    if written.is_empty() {
        return match key {
            Some(k) => src
                .error(span, t!("toml-missing-value", key = k))
                .with_help(t!("toml-missing-value-help")),
            None => generic(src, f),
        };
    }
    if matches!(lower.as_str(), "true" | "false") || YES_NO.contains(&lower.as_str()) {
        return src.error(span, t!("toml-bool", written = written));
    }
    if matches!(lower.as_str(), "inf" | "nan" | "+inf" | "-inf") {
        return src
            .error(span, t!("toml-number", written = written))
            .with_help(t!("toml-number-help"));
    }
    // "volume = 80%", "repeat = 2 lần": a number with a unit or a word.
    let number_len = written
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || (*i == 0 && (*c == '-' || *c == '+'))))
        .map_or(written.len(), |(i, _)| i);
    if let Some(k) = key.filter(|k| NUMBER_KEYS.contains(k))
        && written
            .get(..number_len)
            .is_some_and(|n| n.bytes().any(|b| b.is_ascii_digit()))
    {
        let number = written.get(..number_len).unwrap_or("");
        return src
            .error(span, t!("toml-number-alone", key = k))
            .with_help(t!("toml-write-help", fixed = format!("{k} = {number}")));
    }
    let follows_key = line
        .text
        .get(..span.start.saturating_sub(line.start))
        .is_some_and(|before| before.trim_end().ends_with('='));
    src.error(span, t!("toml-unquoted", text = written))
        .with_help(t!(
            "toml-write-help",
            fixed = quoted(key.filter(|_| follows_key), written)
        ))
}

/// A quote opened and not closed: a text broken over two lines, a closing quote forgotten, or
/// a `\"` that the parser reads as a quote inside the text.
fn unclosed(doc: &Doc<'_, '_>, n: usize, line: &Line<'_>, f: &Found) -> (Diagnostic, After) {
    let src = doc.src;
    let Some((open, quote)) = line.unclosed_text() else {
        return (generic(src, f), After::Nothing);
    };
    let body = line.text.get(open..).unwrap_or("");
    if quote == "\"" && body.contains('\\') {
        return (backslash(src, line, line.text.len()), After::Nothing);
    }
    let span = line.start + open..line.start + line.text.len();
    if quote.len() == 1 && n + 1 < doc.starts.len() && closes_text(doc.line(n + 1).text, quote) {
        let d = src
            .error(span, t!("toml-text-split", line = n + 1, next = n + 2))
            .with_help(t!("toml-text-split-help"));
        return (d, After::SkipNextLine);
    }
    let d = src
        .error(span, t!("toml-unclosed-quote", quote = quote))
        .with_help(t!("toml-unclosed-quote-help", quote = quote));
    (d, After::Nothing)
}

/// Whether `next` is the end of a text begun on the line before: it closes the quote, and
/// nothing but the end of a list or a note follows.
fn closes_text(next: &str, quote: &str) -> bool {
    let mut chars = next.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && quote == "\"" {
            chars.next();
            continue;
        }
        if next.get(i..).is_some_and(|s| s.starts_with(quote)) {
            let rest = next.get(i + quote.len()..).unwrap_or("").trim_start();
            return rest.is_empty() || rest.starts_with([',', ']', '}', '#']);
        }
    }
    false
}

/// A backslash inside "…": a path copied from Windows, or a sign TOML does not know.
fn backslash(src: &Source<'_>, line: &Line<'_>, at: usize) -> Diagnostic {
    let (range, quote) = line
        .text_at(at)
        .or_else(|| line.text_at(at.saturating_sub(1)))
        .unwrap_or((0..line.text.len(), "\""));
    let raw = line.text.get(range.clone()).unwrap_or("");
    let content = raw.strip_prefix(quote).unwrap_or(raw);
    let content = match content.strip_suffix(quote) {
        Some(closed) => closed,
        // `"D:\Thu am\"]`: the `\"` made the quote part of the text; the officer meant it
        // as the end.
        None => content.rfind(quote).map_or(content, |i| &content[..i]),
    };
    let key = line.key().unwrap_or("");
    let lower = content.to_lowercase();
    let audio = [".mp3", ".ogg", ".wav", ".flac", ".m4a", ".wma", ".opus"]
        .iter()
        .any(|x| lower.ends_with(x));
    let span = line.start + range.start..line.start + range.end;
    if PATH_KEYS.contains(&key) || DIR_KEYS.contains(&key) || content.contains(":\\") || audio {
        let help = if DIR_KEYS.contains(&key) {
            t!("toml-backslash-dir-help")
        } else {
            let name = content.rsplit(['\\', '/']).next().unwrap_or("").trim();
            let name = if name.is_empty() {
                "ban-tin-sang.mp3"
            } else {
                name
            };
            t!("toml-backslash-path-help", name = name)
        };
        return src
            .error(span, t!("toml-backslash-path", path = content))
            .with_help(help);
    }
    // The sign after the backslash the parser stopped at.
    let slash = line.text.get(..at).and_then(|s| s.rfind('\\'));
    let sign: String = slash
        .and_then(|i| line.text.get(i + 1..))
        .and_then(|s| s.chars().next())
        .map(String::from)
        .unwrap_or_default();
    let at_slash = slash.map_or(span.start, |i| line.start + i);
    let single = if content.contains('\'') {
        "'…'".to_string()
    } else if key.is_empty() {
        format!("'{content}'")
    } else {
        format!("{key} = '{content}'")
    };
    if sign == "\"" {
        return src
            .error(
                at_slash..at_slash + 2,
                t!("toml-unclosed-quote", quote = "\""),
            )
            .with_help(t!("toml-backslash-quote-help"));
    }
    src.error(
        at_slash..at_slash + 1 + sign.len(),
        t!("toml-backslash", sign = sign),
    )
    .with_help(t!("toml-backslash-help", fixed = single))
}

/// The brackets of a `[table]` header that do not match.
fn header(src: &Source<'_>, line: &Line<'_>, span: Span) -> Diagnostic {
    let code_end = line.find_in_code("#").unwrap_or(line.text.len());
    let written = line.text.get(..code_end).unwrap_or("").trim();
    let name = written.trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace());
    if name.is_empty() {
        return src
            .error(span, t!("toml-table-empty"))
            .with_help(t!("toml-table-example-help"));
    }
    let fixed = if LISTS_OF_TABLES.contains(&name) || written.starts_with("[[") {
        format!("[[{name}]]")
    } else {
        format!("[{name}]")
    };
    src.error(span, t!("toml-table-brackets", written = written))
        .with_help(t!("toml-write-help", fixed = fixed))
}

/// More on the line after a value: a list without its brackets, a decimal comma, words after
/// the closing quote.
fn after_value(
    src: &Source<'_>,
    line: &Line<'_>,
    at: usize,
    span: Span,
    key: Option<&str>,
    f: &Found,
) -> Diagnostic {
    let comment = line.find_in_code("#").unwrap_or(line.text.len());
    let rest = line.text.get(at..comment.max(at)).unwrap_or("").trim();
    let value = line.value().unwrap_or("");
    if let Some(close) = rest.chars().next().filter(|c| *c == ']' || *c == '}') {
        let open = if close == '}' { "{" } else { "[" };
        return src
            .error(
                span,
                t!("toml-no-opening", open = open, close = close.to_string()),
            )
            .with_help(t!("toml-brackets-help"));
    }
    if let (Some(k), Some(after_comma)) = (key, rest.strip_prefix(',')) {
        let before = value.split(',').next().unwrap_or("").trim();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let whole = before.trim_start_matches(['-', '+']);
        if digits(whole) && digits(after_comma.trim_end()) {
            let written = format!("{before},{}", after_comma.trim_end());
            return src
                .error(span, t!("toml-decimal-comma", written = written.as_str()))
                .with_help(t!(
                    "toml-write-help",
                    fixed = format!("{k} = {}", written.replace(',', "."))
                ));
        }
        return src
            .error(span, t!("toml-list-brackets"))
            .with_help(t!("toml-write-help", fixed = format!("{k} = [{value}]")));
    }
    if rest.is_empty() {
        return generic(src, f);
    }
    src.error(span, t!("toml-after-value", rest = rest))
        .with_help(t!("toml-after-value-help"))
}

/// A date or a time the parser could not read.
fn date_time(
    src: &Source<'_>,
    line: &Line<'_>,
    span: Span,
    written: &str,
    f: &Found,
) -> Diagnostic {
    // "2026-02-30": TOML refuses a day its month does not have; say which month and how long.
    if f.message.contains("expected day between") {
        let mut parts = written.split('-').map(|p| p.trim().parse::<u32>().ok());
        if let (Some(Some(y)), Some(Some(m)), Some(Some(d))) =
            (parts.next(), parts.next(), parts.next())
        {
            let last = (28..=31)
                .rev()
                .find(|d| NaiveDate::from_ymd_opt(y as i32, m, *d).is_some());
            let key = line.key().unwrap_or("");
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
    // "[2026-12-25 2027-01-01]": two dates without the comma between them.
    let looks_like_date = |s: &str| {
        s.len() >= 5 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-'
    };
    let mut words = written.split_whitespace();
    if let (Some(a), Some(b)) = (words.next(), words.next())
        && looks_like_date(a)
        && looks_like_date(b)
    {
        return src
            .error(span, t!("toml-list-comma"))
            .with_help(t!("toml-list-comma-help"));
    }
    if f.message.starts_with("invalid time") && !written.contains('-') {
        return src
            .error(span, t!("toml-time", written = written))
            .with_help(t!("toml-time-help"));
    }
    let help = if f.message.contains("expected month between") {
        t!("date-month-range")
    } else {
        t!("date-format-help")
    };
    src.error(span, t!("toml-date", written = written))
        .with_help(help)
}

/// A `[table]` or a key written twice.
fn duplicate(
    doc: &mut Doc<'_, '_>,
    n: usize,
    line: &Line<'_>,
    span: Span,
    written: &str,
) -> (Diagnostic, After) {
    let src = doc.src;
    if line.is_header() && LISTS_OF_TABLES.contains(&written) {
        let double = line.text.trim_start().starts_with("[[");
        let first = doc.first_single_header(written);
        if !double {
            let help = match first {
                Some(first) if first != n => {
                    t!("toml-table-repeated-help", key = written, first = first + 1)
                }
                _ => t!("toml-write-help", fixed = format!("[[{written}]]")),
            };
            let header = line.start + (line.text.len() - line.text.trim_start().len());
            let end = line.text.find(']').map_or(span.end, |i| line.start + i + 1);
            let d = src
                .error(header..end, t!("toml-table-repeated", key = written))
                .with_help(help);
            return (d, After::QuietTable);
        }
        // `[announcement]` first, then `[[announcement]]`: the first one is the mistake.
        if let Some(first) = first.filter(|&f| f < n) {
            let l = doc.line(first);
            let header = l.start + (l.text.len() - l.text.trim_start().len());
            let d = src
                .error(
                    header..header + l.text.trim().len(),
                    t!("table-double-brackets", key = written),
                )
                .with_help(t!("table-double-brackets-help", key = written));
            return (d, After::QuietTable);
        }
    }
    let d = src
        .error(span, t!("toml-duplicate-key", key = written))
        .with_help(t!("toml-duplicate-key-help"));
    (d, After::Nothing)
}

/// A complaint with no better words: in English with the parser's own, in Vietnamese without.
fn generic(src: &Source<'_>, f: &Found) -> Diagnostic {
    src.error(f.span.clone(), t!("toml-invalid", why = f.message.as_str()))
        .with_help(t!("toml-invalid-help"))
}
