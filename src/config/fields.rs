//! One table's keys read by name, each with its type checked (text, number, date, duration,
//! time of day, lists of them) and its span kept; every problem is collected and worded for the
//! person who edits the schedule. It knows the form of a value, not what values mean together.

use std::ops::RangeInclusive;
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::when::{TimeError, find_day_first_date, parse_duration, parse_time_of_day};
use super::{Sp, Value};
use crate::diagnostic::{Diagnostic, Source, Span};
use crate::t;

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
