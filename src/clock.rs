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

/// A clock stopped at one instant: `loa check` and `loa next` under `LOA_FAKE_NOW=RFC3339` (a
/// test seam, so that a corpus of warnings that name dates does not change with the day it runs).
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The clock for the one-shot commands: the system's, or the one `LOA_FAKE_NOW` names.
pub fn command_clock() -> Box<dyn Clock> {
    match std::env::var("LOA_FAKE_NOW")
        .ok()
        .and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok())
    {
        Some(t) => Box::new(FixedClock(t.with_timezone(&Utc))),
        None => Box::new(SystemClock),
    }
}

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
            Err(_) => (Tz::UTC, Some(crate::t!("clock-zone-unknown", name = name))),
        },
        Err(_) => (Tz::UTC, Some(crate::t!("clock-zone-unreadable"))),
    }
}

/// Why a wall-clock sleep ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    /// The instant was reached.
    Due,
    /// The wall clock was stepped (NTP, an operator): whatever was computed from it is stale.
    ClockChanged,
}

/// A timer for wall-clock instants that notices a step of the clock.
///
/// On Linux: a timerfd on CLOCK_REALTIME with TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET. The
/// kernel wakes it exactly at the instant, with no polling tick while idle, and cancels it (so
/// we wake at once) when the clock is set. Falls back to a monotonic sleep capped at a minute
/// where timerfd is refused.
pub struct WallTimer {
    fd: Option<tokio::io::unix::AsyncFd<std::os::fd::OwnedFd>>,
}

impl WallTimer {
    pub fn new() -> WallTimer {
        use std::os::fd::FromRawFd;
        // SAFETY: timerfd_create has no memory preconditions; a valid fd is owned right away.
        let raw = unsafe {
            libc::timerfd_create(libc::CLOCK_REALTIME, libc::TFD_NONBLOCK | libc::TFD_CLOEXEC)
        };
        let fd = (raw >= 0)
            .then(|| unsafe { std::os::fd::OwnedFd::from_raw_fd(raw) })
            // SAFETY: an OwnedFd keeps its fd open and the same until the AsyncFd drops it.
            .and_then(|fd| {
                unsafe {
                    tokio::io::unix::AsyncFd::register_with_interest(
                        fd,
                        tokio::io::Interest::READABLE,
                    )
                }
                .ok()
            });
        if fd.is_none() {
            tracing::warn!("no timerfd: clock steps are noticed within a minute only");
        }
        WallTimer { fd }
    }

    /// Sleeps until the wall clock reads `t`, or until the clock is stepped.
    pub async fn sleep_until(&mut self, clock: &dyn Clock, t: DateTime<Utc>) -> Wake {
        use std::os::fd::AsRawFd;
        let Some(fd) = &self.fd else {
            let d = (t - clock.now())
                .to_std()
                .unwrap_or_default()
                .min(std::time::Duration::from_secs(60));
            tokio::time::sleep(d).await;
            return Wake::Due;
        };
        let spec = libc::itimerspec {
            it_interval: libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            it_value: libc::timespec {
                // A zero value would disarm the timer: an instant in the past fires at once.
                tv_sec: t.timestamp().max(1),
                tv_nsec: libc::c_long::from(t.timestamp_subsec_nanos() as i32),
            },
        };
        // SAFETY: the fd is a timerfd we own; `spec` is a valid itimerspec.
        let rc = unsafe {
            libc::timerfd_settime(
                fd.as_raw_fd(),
                libc::TFD_TIMER_ABSTIME | libc::TFD_TIMER_CANCEL_ON_SET,
                &spec,
                std::ptr::null_mut(),
            )
        };
        if rc != 0 {
            // ECANCELED: the clock was set since the last read.
            return Wake::ClockChanged;
        }
        loop {
            let Ok(mut guard) = fd.readable().await else {
                return Wake::Due;
            };
            let mut buf = [0u8; 8];
            // SAFETY: reading 8 bytes into an 8-byte buffer from our timerfd.
            let n = unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if n == 8 {
                return Wake::Due;
            }
            let err = std::io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::ECANCELED) => return Wake::ClockChanged,
                Some(libc::EAGAIN) => guard.clear_ready(),
                _ => return Wake::Due,
            }
        }
    }
}

impl Default for WallTimer {
    fn default() -> Self {
        WallTimer::new()
    }
}

/// Whether the kernel holds the system clock synchronised (NTP, chrony, systemd-timesyncd):
/// `adjtimex` in read-only mode, false when it answers `TIME_ERROR` or sets `STA_UNSYNC` (a box
/// without a battery clock boots with a stale time and stays so until its first sync).
///
/// `LOA_FAKE_CLOCK_SYNC=PATH` replaces the kernel's answer by a file's ("yes" or "no"), read
/// each time: fault injection for tests, since the kernel's state cannot be changed in CI.
pub fn clock_synced() -> std::io::Result<bool> {
    if let Some(path) = std::env::var_os("LOA_FAKE_CLOCK_SYNC") {
        let said = std::fs::read_to_string(path)?;
        return Ok(said.trim() == "yes");
    }
    kernel_clock_synced()
}

#[cfg(target_os = "linux")]
pub fn kernel_clock_synced() -> std::io::Result<bool> {
    // SAFETY: a zeroed timex with modes = 0 asks only to read; the kernel fills it in.
    let mut tx: libc::timex = unsafe { std::mem::zeroed() };
    let state = unsafe { libc::adjtimex(&mut tx) };
    if state == -1 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(state != libc::TIME_ERROR && tx.status & libc::STA_UNSYNC == 0)
}

#[cfg(not(target_os = "linux"))]
pub fn kernel_clock_synced() -> std::io::Result<bool> {
    Err(std::io::Error::other("not known on this system"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_kernel_answers_whether_the_clock_is_synchronised() {
        // One real read: whatever the machine's state, the call itself must work unprivileged.
        assert!(super::kernel_clock_synced().is_ok());
    }
}
