//! Reading the schedule file: bytes → text → the TOML tree with spans → typed values, each with
//! the span it came from.
//!
//! This module owns everything about the *form* of the file: encoding, TOML syntax, which keys a
//! table may have, and the type of each value (text, number, date, duration, time of day). It
//! collects every problem it finds instead of stopping at the first, and words each one for the
//! person who edits the schedule. It does not know what the values mean together; that is
//! `schedule`'s job.
//!
//! Why not `#[derive(Deserialize)]` with `deny_unknown_fields`: serde stops at the first problem in
//! a table and says "invalid type: string \"80\", expected i64". We walk the span-carrying tree the
//! toml crate's own deserializer is built on (`toml::de::DeTable`) and say "`volume` must be a whole
//! number from 0 to 100; found the text "80"" for every problem at once.

use std::ops::RangeInclusive;
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Source, Span};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

/// A parsed TOML value with its span.
pub type Value<'i> = Spanned<DeValue<'i>>;

/// Turns the raw bytes of a schedule into text, or says plainly why they are not a schedule.
pub fn decode_text(name: &str, bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Box::new(
            Diagnostic::file_error(
                name,
                "the schedule file is empty; it needs at least a [station] table or one [[announcement]]",
            )
            .with_help("start from the example in config/schedule.toml"),
        ));
    }
    if bytes.contains(&0) {
        return Err(Box::new(Diagnostic::file_error(
            name,
            "this is not a text file (it contains NUL bytes); is it the schedule, or an audio file?",
        )));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            // Locate the bad byte using the valid prefix, which is text.
            let prefix = String::from_utf8_lossy(&bytes[..at]).into_owned();
            let src = Source::new(name, &prefix);
            let (line, column) = src.line_col(at);
            let mut d = Diagnostic::file_error(
                name,
                format!(
                    "the file is not UTF-8 text (byte 0x{:02X} cannot be read); save it as UTF-8",
                    bytes[at]
                ),
            )
            .with_help("in most editors: Save As… → Encoding: UTF-8");
            d.line = Some(line);
            d.column = Some(column);
            Err(Box::new(d))
        }
    }
}

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
            .error(span, format!("`{text}` is written twice; keep only one"))
            .with_help("a [table] may appear once, and a key once in each table");
    }
    let d = src.error(span, format!("this is not valid TOML: {message}"));
    if message.contains("must be quoted") {
        d.with_help("write text in double quotes, for example title = \"Bản tin buổi sáng\"")
    } else if message.contains("expected month") || message.contains("expected day") {
        d.with_help("dates are written YYYY-MM-DD, for example 2026-12-01")
    } else {
        d
    }
}

/// The keys of one TOML table, read by name with types checked, every problem collected.
pub struct Fields<'a, 'i> {
    src: Source<'a>,
    table: &'a DeTable<'i>,
    span: Span,
    what: String,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// `what` names the table to the user, e.g. `[station]` or `[[announcement]] #2`.
    /// Reports an error and returns `None` if `value` is not a table.
    pub fn new(
        src: Source<'a>,
        value: &'a Value<'i>,
        what: impl Into<String>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let what = what.into();
        match value.get_ref() {
            DeValue::Table(table) => Some(Fields {
                src,
                table,
                span: value.span(),
                what,
            }),
            other => {
                diags.push(src.error(
                    value.span(),
                    format!("{what} must be a table; found {}", describe(other)),
                ));
                None
            }
        }
    }

    /// Wraps an already-unpacked table (the document root).
    pub fn root(src: Source<'a>, doc: &'a Spanned<DeTable<'i>>) -> Self {
        Fields {
            src,
            table: doc.get_ref(),
            span: 0..0,
            what: "the schedule".to_string(),
        }
    }

    pub fn source(&self) -> Source<'a> {
        self.src
    }

    /// Where the table starts (its header), for errors about something missing from it.
    pub fn span(&self) -> Span {
        self.span.clone()
    }

    pub fn what(&self) -> &str {
        &self.what
    }

    pub fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table.get(key)
    }

    /// Reports every key not in `known`, with the nearest known key when it looks like a typo.
    pub fn deny_unknown(&self, known: &[&str], diags: &mut Vec<Diagnostic>) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if known.contains(&name) {
                continue;
            }
            let mut d = self
                .src
                .error(key.span(), format!("unknown key `{name}` in {}", self.what));
            let best = known
                .iter()
                .map(|k| (strsim::damerau_levenshtein(name, k), *k))
                .min();
            d = match best {
                Some((dist, k)) if dist <= 2 || k.starts_with(name) || name.starts_with(k) => {
                    d.with_help(format!("did you mean `{k}`?"))
                }
                _ => d.with_help(format!("the keys allowed here are: {}", known.join(", "))),
            };
            diags.push(d);
        }
    }

    /// An error for a key that must be present, at the table's header.
    pub fn missing(&self, key: &str, example: &str, diags: &mut Vec<Diagnostic>) {
        diags.push(
            self.src
                .error(self.span(), format!("{} has no `{key}`", self.what))
                .with_help(format!("add a line such as {example}")),
        );
    }

    fn wrong(&self, key: &str, value: &Value<'i>, expected: &str, diags: &mut Vec<Diagnostic>) {
        diags.push(self.src.error(
            value.span(),
            format!(
                "`{key}` must be {expected}; found {}",
                describe(value.get_ref())
            ),
        ));
    }

    pub fn string(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Sp<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Sp::new(s.to_string(), v.span())),
            _ => {
                self.wrong(key, v, "text in double quotes", diags);
                None
            }
        }
    }

    pub fn bool(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Sp<bool>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Sp::new(*b, v.span())),
            _ => {
                self.wrong(key, v, "true or false (without quotes)", diags);
                None
            }
        }
    }

    pub fn integer(
        &self,
        key: &str,
        range: RangeInclusive<i64>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Sp<i64>> {
        let v = self.get(key)?;
        let expected = format!("a whole number from {} to {}", range.start(), range.end());
        let n = match v.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
            }
            _ => None,
        };
        match n {
            Some(n) if range.contains(&n) => Some(Sp::new(n, v.span())),
            _ => {
                self.wrong(key, v, &expected, diags);
                None
            }
        }
    }

    pub fn date(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Sp<NaiveDate>> {
        let v = self.get(key)?;
        let d = as_date(v);
        if d.is_none() {
            self.wrong(key, v, "a date like 2026-12-01", diags);
        }
        d
    }

    /// A list of dates (a single date is taken as a list of one).
    pub fn dates(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<Sp<NaiveDate>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let items: Vec<&Value<'i>> = match v.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            _ => vec![v],
        };
        let mut out = Vec::new();
        for item in items {
            match as_date(item) {
                Some(d) => out.push(d),
                None => self.wrong(
                    key,
                    item,
                    "a list of dates like [2026-12-25, 2027-02-16]",
                    diags,
                ),
            }
        }
        out
    }

    /// A list of text values (a single text is taken as a list of one).
    pub fn strings(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Sp<Vec<Sp<String>>>> {
        let v = self.get(key)?;
        let items: Vec<&Value<'i>> = match v.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            DeValue::String(_) => vec![v],
            _ => {
                self.wrong(
                    key,
                    v,
                    "a list of texts in quotes, like [\"a.mp3\", \"b.ogg\"]",
                    diags,
                );
                return None;
            }
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => out.push(Sp::new(s.to_string(), item.span())),
                _ => self.wrong(key, item, "text in double quotes", diags),
            }
        }
        Some(Sp::new(out, v.span()))
    }

    /// A duration written for people: "10m", "90s", "1h 30m", "2 minutes".
    pub fn duration(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Sp<Duration>> {
        let s = self.string(key, diags)?;
        match parse_duration(&s.value) {
            Ok(d) => Some(Sp::new(d, s.span)),
            Err(why) => {
                diags.push(
                    self.src
                        .error(
                            s.span,
                            format!("`{key}` = \"{}\" is not a duration: {why}", s.value),
                        )
                        .with_help("write a duration like \"30s\", \"10m\", \"1h 30m\""),
                );
                None
            }
        }
    }

    /// Times of day: "05:30", "17:00:30", or TOML local times (05:30:00); one or a list.
    pub fn times(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Sp<Vec<Sp<NaiveTime>>>> {
        let v = self.get(key)?;
        let items: Vec<&Value<'i>> = match v.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            _ => vec![v],
        };
        if items.is_empty() {
            diags.push(
                self.src
                    .error(
                        v.span(),
                        format!("`{key}` is an empty list: give at least one time"),
                    )
                    .with_help("for example at = [\"05:30\", \"17:00\"]"),
            );
            return None;
        }
        let mut out = Vec::new();
        for item in items {
            let parsed = match item.get_ref() {
                DeValue::String(s) => parse_time_of_day(s),
                DeValue::Datetime(dt) if dt.date.is_none() && dt.offset.is_none() => dt
                    .time
                    .and_then(|t| {
                        NaiveTime::from_hms_opt(
                            t.hour.into(),
                            t.minute.into(),
                            t.second.unwrap_or(0).into(),
                        )
                    })
                    .ok_or_else(|| "not a time of day".to_string()),
                other => Err(format!("found {}", describe(other))),
            };
            match parsed {
                Ok(t) => out.push(Sp::new(t, item.span())),
                Err(why) => diags.push(
                    self.src
                        .error(
                            item.span(),
                            format!(
                                "`{key}` needs times of day like \"05:30\" or \"17:00:30\"; {why}"
                            ),
                        )
                        .with_help("hours 00–23, minutes and seconds 00–59; midnight is \"00:00\""),
                ),
            }
        }
        Some(Sp::new(out, v.span()))
    }
}

fn as_date(v: &Value<'_>) -> Option<Sp<NaiveDate>> {
    let date = match v.get_ref() {
        DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let d = dt.date?;
            NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
        }
        // A date in quotes is what was meant; accept it rather than fail a broadcast over quotes.
        DeValue::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
        _ => None,
    }?;
    Some(Sp::new(date, v.span()))
}

/// How a value looks to someone who did not mean to write it.
pub fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the text \"{s}\""),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(d) => format!("the date/time {d}"),
        DeValue::Array(_) => "a list".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

/// "HH:MM" or "HH:MM:SS", one- or two-digit hours. Says what is wrong in words.
pub fn parse_time_of_day(s: &str) -> Result<NaiveTime, String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("\"{s}\" is not written HH:MM or HH:MM:SS"));
    }
    let num = |p: &str| p.parse::<u32>().unwrap_or(u32::MAX);
    let (h, m) = (num(parts[0]), num(parts[1]));
    let sec = parts.get(2).map_or(0, |p| num(p));
    if h == 24 && m == 0 && sec == 0 {
        return Err("\"24:00\" is not a time of day; midnight is \"00:00\"".to_string());
    }
    if h > 23 {
        return Err(format!("\"{s}\" has hour {h}; hours run 00 to 23"));
    }
    if m > 59 || sec > 59 {
        return Err(format!("\"{s}\" has minutes or seconds over 59"));
    }
    NaiveTime::from_hms_opt(h, m, sec).ok_or_else(|| format!("\"{s}\" is not a time of day"))
}

/// Durations as humantime reads them ("10m", "1h 30m", "90s", "2 minutes"); a bare number is
/// refused because "10" could mean seconds or minutes.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("say which unit: \"{t}s\" or \"{t}m\""));
    }
    humantime::parse_duration(t).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day() {
        assert_eq!(
            parse_time_of_day("05:30"),
            Ok(NaiveTime::from_hms_opt(5, 30, 0).unwrap())
        );
        assert_eq!(
            parse_time_of_day("5:30"),
            Ok(NaiveTime::from_hms_opt(5, 30, 0).unwrap())
        );
        assert_eq!(
            parse_time_of_day("17:00:30"),
            Ok(NaiveTime::from_hms_opt(17, 0, 30).unwrap())
        );
        assert!(parse_time_of_day("24:00").unwrap_err().contains("00:00"));
        assert!(parse_time_of_day("25:00").unwrap_err().contains("00 to 23"));
        assert!(parse_time_of_day("05:60").is_err());
        assert!(parse_time_of_day("0530").is_err());
        assert!(parse_time_of_day("5h30").is_err());
        assert!(parse_time_of_day("").is_err());
        assert!(parse_time_of_day("05:30:00:00").is_err());
    }

    #[test]
    fn durations_need_a_unit() {
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert!(parse_duration("10").unwrap_err().contains("10m"));
        assert!(parse_duration("ten minutes").is_err());
    }

    #[test]
    fn text_that_is_not_a_schedule() {
        assert!(decode_text("f", b"").unwrap_err().message.contains("empty"));
        assert!(
            decode_text("f", b" \n\t")
                .unwrap_err()
                .message
                .contains("empty")
        );
        assert!(
            decode_text("f", b"ID3\x03\x00\x00")
                .unwrap_err()
                .message
                .contains("not a text file")
        );
        let e = decode_text("f", b"a = 1\ntitle = \"caf\xE9\"\n").unwrap_err();
        assert_eq!(
            e.headline(),
            "f:2:13: error: the file is not UTF-8 text (byte 0xE9 cannot be read); save it as UTF-8"
        );
        assert_eq!(decode_text("f", b"\xEF\xBB\xBFa = 1").unwrap(), "a = 1");
    }
}
