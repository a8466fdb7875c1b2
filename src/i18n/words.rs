//! Durations, numbers and days as a person reads them, in the current language (GLOSSARY.md):
//! "15 phút", "1 giờ 30 phút", "0,3", "1.250", "ngày mai (thứ Bảy)" — never `15m` or `0.3` in a
//! Vietnamese sentence. Pure: the caller gives the day it counts from.

use std::time::Duration;

use chrono::{Datelike, NaiveDate, Weekday};

use super::{Lang, lang, message};
use crate::t;

/// A duration in words: "1 giờ 30 phút", "45 giây", "2,5 giây"; whole seconds from 10 s up.
pub fn duration(d: Duration) -> String {
    seconds(d.as_secs_f64())
}

/// The same, from seconds (negative counts as zero).
pub fn seconds(secs: f64) -> String {
    let secs = if secs.is_finite() { secs.max(0.0) } else { 0.0 };
    if secs < 10.0 && secs.fract() >= 0.05 {
        let tenths = (secs * 10.0).round() / 10.0;
        return t!("dur-seconds-decimal", n = decimal(tenths, 1));
    }
    let total = secs.round() as u64;
    let (days, hours, minutes, s) = (
        total / 86_400,
        total / 3600 % 24,
        total / 60 % 60,
        total % 60,
    );
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(t!("dur-days", n = days));
    }
    if hours > 0 {
        parts.push(t!("dur-hours", n = hours));
    }
    if minutes > 0 {
        parts.push(t!("dur-minutes", n = minutes));
    }
    if s > 0 || parts.is_empty() {
        parts.push(t!("dur-seconds", n = s));
    }
    parts.join(" ")
}

/// `x` with `places` decimals, the decimal sign and thousands separator of the language:
/// "1.250,5" in Vietnamese, "1,250.5" in English.
pub fn decimal(x: f64, places: usize) -> String {
    let (point, thousands) = match lang() {
        Lang::Vi => (',', '.'),
        Lang::En => ('.', ','),
    };
    let text = format!("{:.*}", places, x.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{point}{frac}")
    }
}

/// A whole number with the language's thousands separator: "1.503" / "1,503".
pub fn count(n: u64) -> String {
    decimal(n as f64, 0)
}

/// A weekday's full name: "thứ Bảy", "Chủ nhật" / "Saturday".
pub fn weekday(d: Weekday) -> String {
    let key = match d {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    };
    message("weekday-long", &[("day", key.into())])
}

/// A day as a person says it, counted from `today`: "hôm nay (thứ Sáu)", "ngày mai (thứ Bảy)",
/// otherwise "thứ Hai 07/12/2026".
pub fn day(d: NaiveDate, today: NaiveDate) -> String {
    let weekday = weekday(d.weekday());
    match (d - today).num_days() {
        0 => t!("day-today", weekday = weekday),
        1 => t!("day-tomorrow", weekday = weekday),
        -1 => t!("day-yesterday", weekday = weekday),
        _ => t!(
            "day-other",
            weekday = weekday,
            date = match lang() {
                Lang::Vi => d.format("%d/%m/%Y").to_string(),
                Lang::En => d.format("%Y-%m-%d").to_string(),
            }
        ),
    }
}

/// "18:00 ngày mai (thứ Bảy)": a moment as a person says it, counted from `now` (both in the
/// station's zone).
pub fn time_and_day<Z: chrono::TimeZone>(
    t: &chrono::DateTime<Z>,
    now: &chrono::DateTime<Z>,
) -> String {
    let local = t.naive_local();
    t!(
        "reply-pause-when",
        time = local.format("%H:%M").to_string(),
        day = day(local.date(), now.naive_local().date())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::with_lang;

    fn vi<T>(f: impl FnOnce() -> T) -> T {
        with_lang(Lang::Vi, f)
    }

    #[test]
    fn durations_in_words() {
        let s = |x: f64| vi(|| seconds(x));
        assert_eq!(s(900.0), "15 phút");
        assert_eq!(s(5400.0), "1 giờ 30 phút");
        assert_eq!(s(30.0), "30 giây");
        assert_eq!(s(0.0), "0 giây");
        assert_eq!(s(2.5), "2,5 giây");
        assert_eq!(s(720.4), "12 phút");
        assert_eq!(s(90061.0), "1 ngày 1 giờ 1 phút 1 giây");
        assert_eq!(seconds(900.0), "15 minutes");
        assert_eq!(seconds(3601.0), "1 hour 1 second");
        assert_eq!(seconds(2.5), "2.5 seconds");
        assert_eq!(seconds(f64::NAN), "0 seconds");
    }

    #[test]
    fn numbers_with_the_language_s_signs() {
        assert_eq!(vi(|| decimal(0.26, 1)), "0,3");
        assert_eq!(vi(|| decimal(1250.0, 0)), "1.250");
        assert_eq!(vi(|| decimal(1234567.891, 2)), "1.234.567,89");
        assert_eq!(vi(|| decimal(-16.04, 1)), "-16,0");
        assert_eq!(vi(|| decimal(-0.01, 1)), "0,0");
        assert_eq!(decimal(1503.0, 0), "1,503");
        assert_eq!(decimal(0.3, 1), "0.3");
        assert_eq!(vi(|| count(1503)), "1.503");
    }

    #[test]
    fn days_in_words() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(); // a Friday
        let d = |n: i64| today + chrono::TimeDelta::days(n);
        assert_eq!(vi(|| day(d(0), today)), "hôm nay (thứ Sáu)");
        assert_eq!(vi(|| day(d(1), today)), "ngày mai (thứ Bảy)");
        assert_eq!(vi(|| day(d(-1), today)), "hôm qua (thứ Năm)");
        assert_eq!(vi(|| day(d(3), today)), "thứ Hai 07/12/2026");
        assert_eq!(vi(|| day(d(2), today)), "Chủ nhật 06/12/2026");
        assert_eq!(day(d(1), today), "tomorrow (Saturday)");
        assert_eq!(day(d(3), today), "Monday 2026-12-07");
    }
}
