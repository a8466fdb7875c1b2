//! Moments given by a person, for `loa pause --until`.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::plan;

use super::delta;

/// A moment given by a person: "HH:MM" (the next such time), "YYYY-MM-DD HH:MM" (station
/// time), RFC 3339, or a duration from now ("2h", "30m").
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
        return Ok(now + delta(d));
    }
    Err(crate::t!("reply-bad-when", value = t))
}
