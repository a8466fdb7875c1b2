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
use crate::t;

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
            Diagnostic::file_error(name, t!("file-empty")).with_help(t!("file-empty-help")),
        ));
    }
    if let Some(utf16) = utf16_kind(bytes) {
        return Err(Box::new(
            Diagnostic::file_error(name, t!("file-utf16", kind = utf16))
                .with_help(t!("file-save-utf8-help")),
        ));
    }
    if bytes.contains(&0) {
        return Err(Box::new(Diagnostic::file_error(name, t!("file-binary"))));
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
                t!("file-not-utf8", byte = format!("0x{:02X}", bytes[at])),
            )
            .with_help(t!("file-save-utf8-help"));
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

/// "UTF-16 LE"/"UTF-16 BE" for text Notepad saved as "Unicode": a byte-order mark, or every
/// other byte zero in a mostly-ASCII file.
fn utf16_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("UTF-16 LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 BE");
    }
    let head = &bytes[..bytes.len().min(256)];
    if head.len() < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let half = head.len() / 2;
    if zeros_at(1) * 10 >= half * 9 && zeros_at(0) == 0 {
        Some("UTF-16 LE")
    } else if zeros_at(0) * 10 >= half * 9 && zeros_at(1) == 0 {
        Some("UTF-16 BE")
    } else {
        None
    }
}

/// A date written day first, "01/12/2026" or "1-12-2026" or "01.12.2026", anywhere in `text`:
/// what was written and the ISO date it most likely means (Vietnam writes the day first).
pub fn find_day_first_date(text: &str) -> Option<(String, String)> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && let Some((len, iso)) = day_first_at(&text[i..])
        {
            return Some((text[i..i + len].to_string(), iso));
        }
        i += 1;
    }
    None
}

/// `D/M/YYYY` at the start of `s` (separator `/`, `-` or `.`, the same twice): its length and
/// the ISO date, when that day exists.
fn day_first_at(s: &str) -> Option<(usize, String)> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let d_len = digits(s);
    if !(1..=2).contains(&d_len) {
        return None;
    }
    let sep = *s.as_bytes().get(d_len)?;
    if !matches!(sep, b'/' | b'-' | b'.') {
        return None;
    }
    let rest = &s[d_len + 1..];
    let m_len = digits(rest);
    if !(1..=2).contains(&m_len) || rest.as_bytes().get(m_len) != Some(&sep) {
        return None;
    }
    let rest2 = &rest[m_len + 1..];
    if digits(rest2) != 4 {
        return None;
    }
    let day: u32 = s[..d_len].parse().ok()?;
    let month: u32 = rest[..m_len].parse().ok()?;
    let year: i32 = rest2[..4].parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some((d_len + m_len + 6, date.format("%Y-%m-%d").to_string()))
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
                    t!("value-not-table", what = what, found = describe(other)),
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
            what: t!("what-schedule"),
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
        self.deny_unknown_with(known, |_| None, diags);
    }

    /// Like [`Fields::deny_unknown`]; `hint` may explain a key that belongs elsewhere.
    pub fn deny_unknown_with(
        &self,
        known: &[&str],
        hint: impl Fn(&str) -> Option<String>,
        diags: &mut Vec<Diagnostic>,
    ) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if known.contains(&name) {
                continue;
            }
            let d = self.src.error(
                key.span(),
                t!("key-unknown", key = name, table = self.what.as_str()),
            );
            let d = match (hint(name), crate::suggest::key(name, known)) {
                (Some(h), _) => d.with_help(h),
                (None, Some(k)) => d.with_help(t!("did-you-mean-key", key = k)),
                (None, None) => d.with_help(t!("keys-allowed", keys = known.join(", "))),
            };
            diags.push(d);
        }
    }

    /// An error for a key that must be present, at the table's header.
    pub fn missing(&self, key: &str, example: &str, diags: &mut Vec<Diagnostic>) {
        diags.push(
            self.src
                .error(
                    self.span(),
                    t!("key-missing", table = self.what.as_str(), key = key),
                )
                .with_help(t!("key-missing-help", example = example)),
        );
    }

    fn wrong(&self, key: &str, value: &Value<'i>, expected: &str, diags: &mut Vec<Diagnostic>) {
        diags.push(self.src.error(
            value.span(),
            t!(
                "value-wrong-type",
                key = key,
                expected = expected,
                found = describe(value.get_ref())
            ),
        ));
    }

    pub fn string(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Sp<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Sp::new(s.to_string(), v.span())),
            _ => {
                self.wrong(key, v, &t!("expect-text"), diags);
                None
            }
        }
    }

    pub fn bool(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Sp<bool>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Sp::new(*b, v.span())),
            _ => {
                self.wrong(key, v, &t!("expect-bool"), diags);
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
        let expected = t!("expect-integer", min = *range.start(), max = *range.end());
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

    /// A number, whole or not, within `range`.
    pub fn number(
        &self,
        key: &str,
        range: RangeInclusive<f64>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Sp<f64>> {
        let v = self.get(key)?;
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if range.contains(&n) => Some(Sp::new(n, v.span())),
            _ => {
                let expected = t!("expect-number", min = *range.start(), max = *range.end());
                self.wrong(key, v, &expected, diags);
                None
            }
        }
    }

    pub fn date(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Sp<NaiveDate>> {
        let v = self.get(key)?;
        match as_date(v) {
            Ok(d) => Some(d),
            Err(why) => {
                self.bad_date(key, v, why, &t!("expect-date"), diags);
                None
            }
        }
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
                Ok(d) => out.push(d),
                Err(why) => self.bad_date(key, item, why, &t!("expect-dates"), diags),
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
                self.wrong(key, v, &t!("expect-texts"), diags);
                return None;
            }
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => out.push(Sp::new(s.to_string(), item.span())),
                _ => self.wrong(key, item, &t!("expect-text"), diags),
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
                            t!("duration-invalid", key = key, value = s.value, why = why),
                        )
                        .with_help(t!("duration-help")),
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
                    .error(v.span(), t!("times-empty", key = key))
                    .with_help(t!("times-empty-help")),
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
                    .ok_or_else(|| TimeError::plain(t!("time-not-a-time"))),
                other => Err(TimeError::plain(t!("found", what = describe(other)))),
            };
            match parsed {
                Ok(t) => out.push(Sp::new(t, item.span())),
                Err(why) => diags.push(
                    self.src
                        .error(
                            item.span(),
                            t!("time-invalid", key = key, why = why.message),
                        )
                        .with_help(why.help.unwrap_or_else(|| t!("time-help"))),
                ),
            }
        }
        Some(Sp::new(out, v.span()))
    }
}

/// Why a value is not a date.
enum DateError {
    /// Not a date at all (a number, a list, words).
    NotADate,
    /// Written day first, "01/12/2026": the ISO date it most likely means.
    DayFirst(String),
    /// A date that does not exist, "2026-02-30".
    NoSuchDay { year: i32, month: u32, day: u32 },
}

fn as_date(v: &Value<'_>) -> Result<Sp<NaiveDate>, DateError> {
    let date = match v.get_ref() {
        DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let d = dt.date.ok_or(DateError::NotADate)?;
            ymd(d.year.into(), d.month.into(), d.day.into())?
        }
        // A date in quotes is what was meant; accept it rather than fail a broadcast over quotes.
        DeValue::String(s) => parse_date_text(s)?,
        _ => return Err(DateError::NotADate),
    };
    Ok(Sp::new(date, v.span()))
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, DateError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDay { year, month, day })
}

/// "2026-12-01" (quotes and spaces forgiven); a day-first date is answered with its ISO form.
fn parse_date_text(s: &str) -> Result<NaiveDate, DateError> {
    let t = s.trim();
    if let Some((written, iso)) = find_day_first_date(t)
        && written == t
    {
        return Err(DateError::DayFirst(iso));
    }
    let parts: Vec<&str> = t.split('-').collect();
    match parts.as_slice() {
        [y, m, d]
            if y.len() == 4
                && (1..=2).contains(&m.len())
                && (1..=2).contains(&d.len())
                && [y, m, d]
                    .iter()
                    .all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            let num = |p: &str| p.parse::<u32>().unwrap_or(0);
            ymd(num(y) as i32, num(m), num(d))
        }
        _ => Err(DateError::NotADate),
    }
}

impl Fields<'_, '_> {
    fn bad_date(
        &self,
        key: &str,
        v: &Value<'_>,
        why: DateError,
        expected: &str,
        diags: &mut Vec<Diagnostic>,
    ) {
        match why {
            DateError::NotADate => self.wrong(key, v, expected, diags),
            DateError::DayFirst(iso) => diags.push(
                self.src
                    .error(
                        v.span(),
                        t!(
                            "date-day-first",
                            written = self.src.text.get(v.span()).unwrap_or_default(),
                            iso = iso.as_str()
                        ),
                    )
                    .with_help(t!("date-format-help")),
            ),
            DateError::NoSuchDay { year, month, day } => {
                let last = (28..=31)
                    .rev()
                    .find(|d| NaiveDate::from_ymd_opt(year, month, *d).is_some());
                let d = self.src.error(
                    v.span(),
                    t!(
                        "date-no-such-day",
                        date = format!("{year:04}-{month:02}-{day:02}"),
                        key = key
                    ),
                );
                diags.push(match last {
                    Some(last) => d.with_help(t!(
                        "date-month-has-days",
                        month = month,
                        year = year,
                        days = last
                    )),
                    None => d.with_help(t!("date-month-range")),
                });
            }
        }
    }
}

/// How a value looks to someone who did not mean to write it.
pub fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => t!("found-text", text = s.as_ref()),
        DeValue::Integer(i) => t!("found-number", number = i.as_str()),
        DeValue::Float(f) => t!("found-number", number = f.as_str()),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => t!("found-datetime", value = d.to_string()),
        DeValue::Array(_) => t!("found-list"),
        DeValue::Table(_) => t!("found-table"),
    }
}

/// Why a text is not a time of day, and what to write instead when it can tell.
#[derive(Debug, PartialEq, Eq)]
pub struct TimeError {
    pub message: String,
    pub help: Option<String>,
}

impl TimeError {
    fn plain(message: String) -> Self {
        TimeError {
            message,
            help: None,
        }
    }
}

impl std::fmt::Display for TimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

/// A time of day as people write it. "HH:MM" or "HH:MM:SS" with one- or two-digit hours; and,
/// where the habit is unambiguous, the Vietnamese ways: "5h30", "5g30", "17h", "17 giờ 30",
/// "5h30p". Minutes written with one digit ("17:5") are refused: 17:05 or 17:50?
pub fn parse_time_of_day(s: &str) -> Result<NaiveTime, TimeError> {
    let original = s.trim();
    let lowered = original.to_lowercase();
    let compact: String = lowered.chars().filter(|c| !c.is_whitespace()).collect();
    // "17h30", "17g30", "17giờ30", "17h30p", "17h30phút", "17h": the hour-letter forms.
    let hour_form = ["giờ", "gio", "h", "g"].iter().find_map(|sep| {
        compact
            .split_once(sep)
            .map(|(h, m)| (h.to_string(), m.to_string()))
    });
    let parts: Vec<String> = match hour_form {
        Some((h, m)) if !h.is_empty() && h.bytes().all(|b| b.is_ascii_digit()) => {
            let m = ["phút", "phut", "ph", "p", "'"]
                .iter()
                .find_map(|unit| m.strip_suffix(unit))
                .unwrap_or(&m)
                .to_string();
            let m = if m.is_empty() { "00".to_string() } else { m };
            vec![h, m]
        }
        _ => original.split(':').map(str::to_string).collect(),
    };
    let malformed = || TimeError {
        message: t!("time-not-hhmm", value = original),
        help: None,
    };
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(malformed());
    }
    let num = |p: &str| p.parse::<u32>().unwrap_or(u32::MAX);
    let (h, m) = (num(&parts[0]), num(&parts[1]));
    let sec = parts.get(2).map_or(0, |p| num(p));
    if h == 24 && m == 0 && sec == 0 {
        return Err(TimeError::plain(t!("time-24")));
    }
    if h > 23 {
        return Err(TimeError::plain(t!(
            "time-hour-range",
            value = original,
            hour = h
        )));
    }
    if m > 59 || sec > 59 {
        return Err(TimeError::plain(t!("time-minute-range", value = original)));
    }
    // One digit of minutes: "17:5" could be 17:05 or 17:50.
    if let Some(short) = parts[1..].iter().find(|p| p.len() == 1) {
        let d = short.as_str();
        let hh = format!("{h:02}");
        let (a, b) = if parts.len() == 3 && std::ptr::eq(short, &parts[2]) {
            let mm = format!("{m:02}");
            (format!("{hh}:{mm}:0{d}"), format!("{hh}:{mm}:{d}0"))
        } else {
            (format!("{hh}:0{d}"), format!("{hh}:{d}0"))
        };
        return Err(TimeError {
            message: t!("time-one-digit-minutes", value = original),
            help: Some(t!("did-you-mean-either", a = a, b = b)),
        });
    }
    NaiveTime::from_hms_opt(h, m, sec).ok_or_else(malformed)
}

/// Durations as humantime reads them ("10m", "1h 30m", "90s", "2 minutes"); a bare number is
/// refused because "10" could mean seconds or minutes. Vietnamese units are read too: "10 phút",
/// "30 giây", "1 giờ".
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(t!("duration-no-unit", n = t));
    }
    let lowered = t.to_lowercase();
    let english = [
        ("giây", "s"),
        ("giay", "s"),
        ("phút", "m"),
        ("phut", "m"),
        ("giờ", "h"),
        ("tiếng", "h"),
        ("ngày", "d"),
    ]
    .iter()
    .fold(lowered, |acc, (vi, en)| acc.replace(vi, en));
    humantime::parse_duration(&english).map_err(|_| t!("duration-not-understood", value = t))
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
        assert!(
            parse_time_of_day("24:00")
                .unwrap_err()
                .message
                .contains("00:00")
        );
        assert!(
            parse_time_of_day("25:00")
                .unwrap_err()
                .message
                .contains("00 to 23")
        );
        assert!(parse_time_of_day("05:60").is_err());
        assert!(parse_time_of_day("0530").is_err());
        assert!(parse_time_of_day("").is_err());
        assert!(parse_time_of_day("05:30:00:00").is_err());
    }

    #[test]
    fn times_as_a_commune_office_writes_them() {
        let t = |h, m| Ok(NaiveTime::from_hms_opt(h, m, 0).unwrap());
        assert_eq!(parse_time_of_day("5h30"), t(5, 30));
        assert_eq!(parse_time_of_day("5g30"), t(5, 30));
        assert_eq!(parse_time_of_day("17h"), t(17, 0));
        assert_eq!(parse_time_of_day("17H30"), t(17, 30));
        assert_eq!(parse_time_of_day("17 giờ 30"), t(17, 30));
        assert_eq!(parse_time_of_day("5h30p"), t(5, 30));
        assert_eq!(parse_time_of_day("5 giờ 30 phút"), t(5, 30));
        let e = parse_time_of_day("17:5").unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("did you mean \"17:05\" or \"17:50\"?")
        );
        let e = parse_time_of_day("17h5").unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("did you mean \"17:05\" or \"17:50\"?")
        );
        assert!(parse_time_of_day("25h").is_err());
        assert!(parse_time_of_day("h30").is_err());
        assert!(parse_time_of_day("5h30h").is_err());
    }

    #[test]
    fn day_first_dates_are_answered_with_the_iso_date() {
        assert_eq!(
            find_day_first_date("from = 01/12/2026"),
            Some(("01/12/2026".into(), "2026-12-01".into()))
        );
        assert_eq!(
            find_day_first_date("1.2.2027"),
            Some(("1.2.2027".into(), "2027-02-01".into()))
        );
        assert_eq!(find_day_first_date("2026-12-01"), None);
        assert_eq!(find_day_first_date("31/02/2026"), None);
    }

    #[test]
    fn utf16_is_recognised() {
        let text = "[station]\nname = \"x\"\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let e = decode_text("f", &le).unwrap_err();
        assert!(e.message.contains("UTF-16 LE"), "{}", e.message);
        assert!(e.help.as_deref().unwrap_or("").contains("UTF-8"));
        let be_no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(
            decode_text("f", &be_no_bom)
                .unwrap_err()
                .message
                .contains("UTF-16 BE")
        );
    }

    #[test]
    fn durations_need_a_unit() {
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert!(parse_duration("10").unwrap_err().contains("10m"));
        assert!(parse_duration("ten minutes").is_err());
        assert_eq!(parse_duration("10 phút"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("30 giây"), Ok(Duration::from_secs(30)));
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
