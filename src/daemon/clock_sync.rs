//! Whether the system clock is synchronised (spec §3, `require_clock_sync`), as the daemon
//! follows it: read from the kernel before every look at the schedule (one system call, no
//! timer of its own), and every [`POLL`] while it is not and the schedule requires it, so that
//! held broadcasts go out as soon as NTP has set the time. A change is logged once.

use std::time::{Duration, Instant};

/// How often the kernel is asked while scheduled broadcasts wait for it.
pub const POLL: Duration = Duration::from_secs(1);

#[derive(Debug, Default)]
pub struct ClockSync {
    /// What the kernel said last: `None` until asked, or when it cannot tell.
    state: Option<bool>,
    asked: bool,
    /// When to ask again, if the loop has nothing else to do by then.
    pub poll_at: Option<Instant>,
}

impl ClockSync {
    /// Whether the clock was synchronised at the last look (`None`: cannot tell).
    pub fn state(&self) -> Option<bool> {
        self.state
    }

    /// Asks the kernel; returns the new state when it changed (or on the first look). A clock
    /// whose state cannot be read counts as synchronised: the schedule is not silenced for a
    /// question the system cannot answer (logged once).
    pub fn look(&mut self, required: bool) -> Option<bool> {
        let first = !self.asked;
        let now = match crate::clock::clock_synced() {
            Ok(s) => Some(s),
            Err(e) => {
                if first || self.state.is_some() {
                    tracing::warn!("cannot tell whether the system clock is synchronised: {e}");
                }
                None
            }
        };
        let changed = first || now != self.state;
        self.asked = true;
        self.state = now;
        let synced = now.unwrap_or(true);
        self.poll_at = (required && !synced).then(|| Instant::now() + POLL);
        if !changed {
            return None;
        }
        match now {
            Some(false) if required => tracing::warn!(
                "the system clock is not synchronised: scheduled broadcasts are held until it is (require_clock_sync); emergencies still play"
            ),
            Some(false) => {
                tracing::warn!("the system clock is not synchronised (require_clock_sync is off)")
            }
            Some(true) if !first => tracing::info!("the system clock is synchronised"),
            _ => {}
        }
        Some(synced)
    }
}
