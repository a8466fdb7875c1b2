//! Times of day, durations and dates as a commune office writes them ("5h30", "10 phút",
//! "01/12/2026"): read when the habit is unambiguous, answered with the exact text to write when
//! it is not. Pure text in, values or a worded refusal out.

use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};

use crate::t;

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

/// Why a text is not a time of day, and what to write instead when it can tell.
#[derive(Debug, PartialEq, Eq)]
pub struct TimeError {
    pub message: String,
    pub help: Option<String>,
}

impl TimeError {
    pub(super) fn plain(message: String) -> Self {
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
    fn durations_need_a_unit() {
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert!(parse_duration("10").unwrap_err().contains("10m"));
        assert!(parse_duration("ten minutes").is_err());
        assert_eq!(parse_duration("10 phút"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("30 giây"), Ok(Duration::from_secs(30)));
    }
}
