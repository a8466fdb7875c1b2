//! What systemd is told (`Type=notify`): ready, stopping, a `STATUS=` line when what plays or
//! what comes next changes, and the watchdog — fed only by the scheduler loop itself, at its own
//! deadline, so that a loop that hangs stops feeding it and systemd restarts the daemon.

use std::time::{Duration, Instant};

use chrono::DateTime;
use sd_notify::NotifyState;

use crate::dispatch::Status;

/// The watchdog, when systemd asked for one (`WatchdogSec=`): fed every half of it.
pub struct Watchdog {
    every: Option<Duration>,
    pub next: Option<Instant>,
}

impl Watchdog {
    pub fn from_env() -> Watchdog {
        let every = sd_notify::watchdog_enabled().map(|d| d / 2);
        Watchdog {
            every,
            next: every.map(|e| Instant::now() + e),
        }
    }

    /// Feeds it, from the loop; the next feed is due half a period later.
    pub fn feed(&mut self) {
        let _ = sd_notify::notify(&[NotifyState::Watchdog]);
        self.next = self.every.map(|e| Instant::now() + e);
    }
}

/// The one line `systemctl status loa` shows under the unit, sent when it changes.
#[derive(Default)]
pub struct StatusLine {
    /// Whether anybody listens (NOTIFY_SOCKET is set): the line is not even made otherwise.
    listening: bool,
    last: String,
}

impl StatusLine {
    pub fn from_env() -> StatusLine {
        StatusLine {
            listening: std::env::var_os("NOTIFY_SOCKET").is_some(),
            last: String::new(),
        }
    }

    pub fn listening(&self) -> bool {
        self.listening
    }

    pub fn update(&mut self, line: String) {
        if self.listening && line != self.last {
            let _ = sd_notify::notify(&[NotifyState::Status(&line)]);
            self.last = line;
        }
    }
}

/// "playing "ban-tin-sang" (schedule); next: "the-duc" at 17:00", with what holds the schedule.
pub fn status_line(st: &Status, clock_held: bool) -> String {
    // `at` is already in the station's time, with its offset.
    let local = |at: &str| {
        DateTime::parse_from_rfc3339(at)
            .map(|t| t.format("%a %H:%M").to_string())
            .unwrap_or_else(|_| at.to_string())
    };
    let mut parts = vec![match &st.playing {
        Some(p) => format!("playing \"{}\" ({})", p.id, p.source),
        None => "idle".to_string(),
    }];
    if let Some(e) = &st.emergency {
        parts.push(format!("emergency \"{}\" repeats", e.id));
    }
    if st.paused {
        parts.push("scheduled broadcasts paused".into());
    }
    if clock_held {
        parts.push("clock not synchronised: scheduled broadcasts held".into());
    }
    match st.next.first() {
        Some(n) => parts.push(format!("next: \"{}\" at {}", n.id, local(&n.at))),
        None => parts.push("nothing in the next two days".into()),
    }
    parts.join("; ")
}

/// A fault to inject, for the test that proves the watchdog: with `LOA_FAULT_STALL_SECS=N`, a
/// SIGUSR2 makes the scheduler loop hang for N seconds, as a bug would.
pub struct Stall {
    secs: u64,
    signal: tokio::signal::unix::Signal,
}

impl Stall {
    pub fn from_env() -> Option<Stall> {
        let secs = std::env::var("LOA_FAULT_STALL_SECS").ok()?.parse().ok()?;
        let signal =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::user_defined2()).ok()?;
        Some(Stall { secs, signal })
    }

    pub async fn next(stall: &mut Option<Stall>) -> u64 {
        match stall {
            Some(s) => {
                s.signal.recv().await;
                s.secs
            }
            None => std::future::pending().await,
        }
    }
}
