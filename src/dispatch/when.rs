//! Moments given by a person, for `loa pause --until`.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::plan;

use super::delta;

/// A moment given by a person: "HH:MM" (the next such time), "YYYY-MM-DD HH:MM" (station
/// time), RFC 3339, or a duration from now ("2h", "30m", "1h30m", "2 tiếng"). A number with `h`
/// alone is a duration, as the docs say ("2h": two hours, not 02:00); a time of day is written
/// with its minutes ("17:00", "17h00") or in words ("2 giờ").
pub fn parse_when(
    text: &str,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&Utc));
    }
    if let Ok(local) = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M") {
        return Ok(plan::resolve(tz, local));
    }
    if !t.contains("giờ")
        && let Ok(d) = crate::config::parse_duration(t)
    {
        return after(now, d, t);
    }
    if let Ok(time) = crate::config::parse_time_of_day(t) {
        let today = now.with_timezone(&tz).date_naive();
        let at = plan::resolve(tz, today.and_time(time));
        return Ok(if at > now {
            at
        } else {
            plan::resolve(tz, today.succ_opt().unwrap_or(today).and_time(time))
        });
    }
    if let Ok(d) = crate::config::parse_duration(t) {
        return after(now, d, t);
    }
    Err(crate::t!("reply-bad-when", value = t))
}

/// `now` and a duration a person gave: refused, not a panic, past what a date can hold.
fn after(now: DateTime<Utc>, d: std::time::Duration, t: &str) -> Result<DateTime<Utc>, String> {
    now.checked_add_signed(delta(d))
        .ok_or_else(|| crate::t!("reply-bad-when", value = t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_h_is_two_hours_and_a_time_has_its_minutes() {
        let tz = chrono_tz::Asia::Ho_Chi_Minh;
        // 14:48 in Hà Nội.
        let now = DateTime::parse_from_rfc3339("2026-12-05T14:48:00+07:00")
            .unwrap()
            .with_timezone(&Utc);
        let at = |s: &str| {
            parse_when(s, now, tz)
                .unwrap()
                .with_timezone(&tz)
                .format("%d %H:%M")
                .to_string()
        };
        assert_eq!(at("2h"), "05 16:48");
        assert_eq!(at("90m"), "05 16:18");
        assert_eq!(at("1h30m"), "05 16:18");
        assert_eq!(at("2 tiếng"), "05 16:48");
        assert_eq!(at("18:00"), "05 18:00");
        assert_eq!(at("17h00"), "05 17:00");
        assert_eq!(at("2 giờ"), "06 02:00");
        assert_eq!(at("2026-12-06 18:00"), "06 18:00");
        // Found by the web_api fuzz target: a duration past the calendar's end.
        assert!(parse_when("99999999999999d", now, tz).is_err());
        assert!(parse_when("999999999999h", now, tz).is_err());
    }
}
