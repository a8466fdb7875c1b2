//! Time as the system knows it. The only module that reads the system clock or the system's time
//! zone (enforced by `clippy.toml`): everything else takes time as a parameter, so that tests can
//! run a month of schedule in a second.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The system's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The wall-clock time of a moment on the monotonic clock (in the past or the near future).
pub fn wall_time_of(clock: &dyn Clock, at: std::time::Instant) -> DateTime<Utc> {
    let now = std::time::Instant::now();
    let wall = clock.now();
    let delta = if at >= now {
        chrono::TimeDelta::from_std(at - now).unwrap_or(chrono::TimeDelta::MAX)
    } else {
        -chrono::TimeDelta::from_std(now - at).unwrap_or(chrono::TimeDelta::MAX)
    };
    wall.checked_add_signed(delta).unwrap_or(wall)
}

/// The system's time zone: `TZ` if set to a zone name, else the zone `/etc/localtime` names.
/// Falls back to UTC, with a note saying so, when neither can be read.
pub fn system_timezone() -> (Tz, Option<String>) {
    if let Ok(tz) = std::env::var("TZ") {
        let name = tz.trim_start_matches(':');
        let name = name.strip_prefix("/usr/share/zoneinfo/").unwrap_or(name);
        if let Ok(z) = name.parse::<Tz>() {
            return (z, None);
        }
    }
    match iana_time_zone::get_timezone() {
        Ok(name) => match name.parse::<Tz>() {
            Ok(z) => (z, None),
            Err(_) => (
                Tz::UTC,
                Some(format!(
                    "the system time zone \"{name}\" is unknown; using UTC (set `timezone` in [station])"
                )),
            ),
        },
        Err(_) => (
            Tz::UTC,
            Some(
                "the system time zone cannot be read; using UTC (set `timezone` in [station])"
                    .to_string(),
            ),
        ),
    }
}
