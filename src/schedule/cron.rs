//! The `cron` key: parsing with the cron crate (0.17), explained in plain words.
//!
//! Facts about that crate, measured, that loa's users must know (also in docs/schedule.md):
//! - an expression has 6 or 7 fields and the first is **seconds**: `sec min hour dom month dow
//!   [year]`; a 5-field crontab line is refused with the fix spelled out;
//! - day-of-week numbers run 1 = Sunday .. 7 = Saturday (standard cron: 0 or 7 = Sunday); names
//!   (`Mon-Fri`) are clearer and recommended;
//! - day-of-month and day-of-week combine with AND (standard cron: OR).
//!
//! loa uses the crate for parsing and for its field sets only. It never asks the crate for fire
//! times: the crate skips a 02:30 job on a spring-forward day and fires it twice on a fall-back
//! day, while loa's rule (§2) is the same for `cron` as for `at`. The planner expands the sets.

use chrono::{Datelike, NaiveDate, NaiveTime};
use cron::TimeUnitSpec;

use crate::t;

/// A parsed cron expression: which dates, and which times of day on each of them.
#[derive(Clone, Debug)]
pub struct CronRule {
    pub expr: String,
    /// The date fields as bits (the crate's sets take a kilobyte or two an expression, and a
    /// year of planning asks them every day): years from [`FIRST_YEAR`], months and days from 1,
    /// weekdays numbered from Sunday = 1.
    years: [u64; 3],
    months: u16,
    days_of_month: u32,
    days_of_week: u8,
    times: Vec<NaiveTime>,
}

/// The first year a cron expression can name (the `cron` crate's range is 1970–2100).
const FIRST_YEAR: u32 = 1970;

/// Why an expression was refused, and what to write instead.
#[derive(Debug, PartialEq, Eq)]
pub struct CronError {
    pub message: String,
    pub help: Option<String>,
}

/// A crontab day-of-week field with its numbers (0 or 7 = Sunday, 1 = Monday … 6 = Saturday)
/// written as names: "1-5" → "Mon-Fri", "0,6" → "Sun,Sat". Other tokens are kept.
fn crontab_days_as_names(field: &str) -> String {
    const NAMES: [&str; 8] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let name = |t: &str| match t.parse::<usize>() {
        Ok(n) if n < NAMES.len() => NAMES[n].to_string(),
        _ => t.to_string(),
    };
    field
        .split(',')
        .map(|item| {
            let (range, step) = match item.split_once('/') {
                Some((r, s)) => (r, Some(s)),
                None => (item, None),
            };
            let range = match range.split_once('-') {
                Some((a, b)) => format!("{}-{}", name(a), name(b)),
                None => name(range),
            };
            match step {
                Some(s) => format!("{range}/{s}"),
                None => range,
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl CronRule {
    /// Parses `expr`; on success also returns notes worth a warning.
    pub fn parse(expr: &str) -> Result<(CronRule, Vec<String>), CronError> {
        let fields: Vec<&str> = expr.split_whitespace().collect();
        match fields.len() {
            6 | 7 => {}
            5 => {
                // A crontab line: its day-of-week numbers count 0/7 = Sunday, 1 = Monday, which
                // loa's cron does not; the fix spells the days out so they stay the ones meant.
                let mut fixed: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
                fixed[4] = crontab_days_as_names(fields[4]);
                return Err(CronError {
                    message: t!("cron-five-fields", expr = expr, fields = t!("cron-fields")),
                    help: Some(t!(
                        "cron-five-fields-help",
                        fixed = format!("0 {}", fixed.join(" "))
                    )),
                });
            }
            n => {
                return Err(CronError {
                    message: t!(
                        "cron-field-count",
                        expr = expr,
                        n = n,
                        fields = t!("cron-fields")
                    ),
                    help: Some(t!("cron-example-help")),
                });
            }
        }
        let dow = fields[5];
        let numeric_dow = dow.split([',', '-', '/']).any(|t| t.parse::<u32>().is_ok());
        if dow.split([',', '-', '/']).any(|t| t == "0") {
            return Err(CronError {
                message: t!("cron-dow-zero", expr = expr),
                help: Some(t!("cron-day-names-help")),
            });
        }
        if fields[0] == "*" {
            return Err(CronError {
                message: t!("cron-every-second", expr = expr),
                help: Some(t!(
                    "cron-every-second-help",
                    fixed = format!("0 {}", fields[1..].join(" "))
                )),
            });
        }
        let schedule: cron::Schedule = expr.parse().map_err(|e: cron::error::Error| CronError {
            message: t!("cron-invalid", expr = expr, why = e.to_string()),
            help: Some(t!("cron-fields-help", fields = t!("cron-fields"))),
        })?;
        let mut times = Vec::with_capacity(
            schedule.hours().count() as usize
                * schedule.minutes().count() as usize
                * schedule.seconds().count() as usize,
        );
        for h in schedule.hours().iter() {
            for m in schedule.minutes().iter() {
                for s in schedule.seconds().iter() {
                    if let Some(t) = NaiveTime::from_hms_opt(h, m, s) {
                        times.push(t);
                    }
                }
            }
        }
        let mut notes = Vec::new();
        let restricted = |f: &str| f != "*" && f != "?";
        if restricted(fields[3]) && restricted(dow) {
            notes.push(t!("cron-note-both-days", expr = expr));
        }
        if numeric_dow {
            notes.push(t!("cron-note-dow-numbers", expr = expr));
        }
        let mut years = [0u64; 3];
        for y in schedule.years().iter() {
            if let Some(bit) = y.checked_sub(FIRST_YEAR).filter(|b| *b < 192) {
                years[(bit / 64) as usize] |= 1 << (bit % 64);
            }
        }
        Ok((
            CronRule {
                expr: expr.to_string(),
                years,
                months: schedule.months().iter().fold(0, |b, m| b | 1 << m),
                days_of_month: schedule.days_of_month().iter().fold(0, |b, d| b | 1 << d),
                days_of_week: schedule.days_of_week().iter().fold(0, |b, d| b | 1 << d),
                times,
            },
            notes,
        ))
    }

    /// Whether the expression's date fields (year, month, day-of-month AND day-of-week) match.
    pub fn matches_date(&self, d: NaiveDate) -> bool {
        let Ok(year) = u32::try_from(d.year()) else {
            return false;
        };
        let Some(bit) = year.checked_sub(FIRST_YEAR).filter(|b| *b < 192) else {
            return false;
        };
        self.years[(bit / 64) as usize] & 1 << (bit % 64) != 0
            && self.months & 1 << d.month() != 0
            && self.days_of_month & 1 << d.day() != 0
            && self.days_of_week & 1 << d.weekday().number_from_sunday() != 0
    }

    /// Every time of day it fires on a matching date, ascending.
    pub fn times(&self) -> &[NaiveTime] {
        &self.times
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_spec_example() {
        let (r, notes) = CronRule::parse("0 15 6,17 * * Mon-Sat").unwrap();
        assert!(notes.is_empty());
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(r.times(), &[t(6, 15), t(17, 15)]);
        assert!(r.matches_date(d(2026, 12, 5))); // Saturday
        assert!(!r.matches_date(d(2026, 12, 6))); // Sunday
    }

    #[test]
    fn five_fields_explain_seconds_first() {
        let e = CronRule::parse("30 5 * * *").unwrap_err();
        assert!(e.message.contains("seconds first"), "{}", e.message);
        assert_eq!(
            e.help.as_deref(),
            Some("write \"0 30 5 * * *\" to start at second 0")
        );
        // crontab's 1-5 is Monday to Friday: the fix keeps those days.
        let e = CronRule::parse("30 5 * * 1-5").unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("write \"0 30 5 * * Mon-Fri\" to start at second 0")
        );
        assert_eq!(crontab_days_as_names("0,6"), "Sun,Sat");
        assert_eq!(crontab_days_as_names("7"), "Sun");
        assert_eq!(crontab_days_as_names("1-5/2"), "Mon-Fri/2");
        assert_eq!(crontab_days_as_names("*"), "*");
    }

    #[test]
    fn day_of_week_numbers_start_at_sunday_one() {
        let (r, notes) = CronRule::parse("0 0 8 * * 2").unwrap();
        assert!(notes[0].contains("1 = Sunday"));
        assert!(r.matches_date(d(2026, 11, 30))); // Monday
        assert!(
            CronRule::parse("0 0 8 * * 0")
                .unwrap_err()
                .message
                .contains("1 = Sunday")
        );
    }

    #[test]
    fn day_of_month_and_day_of_week_combine_with_and() {
        let (r, notes) = CronRule::parse("0 0 8 13 * Fri").unwrap();
        assert!(notes[0].contains("both"));
        assert!(r.matches_date(d(2026, 11, 13))); // Friday 13th
        assert!(!r.matches_date(d(2026, 12, 13))); // Sunday
        assert!(!r.matches_date(d(2026, 12, 4))); // a Friday, not the 13th
    }

    #[test]
    fn nonsense_is_refused_in_words() {
        assert!(
            CronRule::parse("* * * * * *")
                .unwrap_err()
                .message
                .contains("every second")
        );
        assert!(
            CronRule::parse("0 61 * * * *")
                .unwrap_err()
                .message
                .contains("cannot understand")
        );
        assert!(
            CronRule::parse("")
                .unwrap_err()
                .message
                .contains("0 fields")
        );
        assert!(
            CronRule::parse("0 0 8 * * Mon 2027 x")
                .unwrap_err()
                .message
                .contains("8 fields")
        );
    }
}
