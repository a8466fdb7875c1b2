//! The amplifier's switch (spec §3, `[station.amplifier]`): on `on_lead` before a broadcast's
//! first sample, so that no syllable is cut; off `off_delay` after the last sample, unless another
//! broadcast needs it by then (back-to-back broadcasts, repeats and a chime keep it on); on at once
//! for an emergency, which does not wait for the lead; off at once after `loa stop` and when the
//! daemon stops.
//!
//! Pure, like the rest of the dispatcher: it is told the time, whether the output is busy and
//! when the next broadcast wants to start, and answers what to switch and when it next needs a
//! look. The shell runs the commands.

use chrono::{DateTime, TimeDelta, Utc};

use super::delta;
use crate::schedule::Amplifier;

/// Switch the amplifier on or off with this command (run without a shell).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Switch {
    pub on: bool,
    pub command: Vec<String>,
}

#[derive(Clone, Debug)]
pub(super) struct Amp {
    config: Amplifier,
    /// Since when it is on, if it is.
    on: Option<DateTime<Utc>>,
    /// When the output last went idle, while the amplifier is on and nothing needs it.
    idle_since: Option<DateTime<Utc>>,
    /// A stop asked for it off as soon as nothing plays.
    stopped: bool,
}

impl Amp {
    pub(super) fn new(config: Amplifier) -> Amp {
        Amp {
            config,
            on: None,
            idle_since: None,
            stopped: false,
        }
    }

    /// The same amplifier with another configuration (a reload), in the state it is in.
    pub(super) fn reconfigured(&self, config: Amplifier) -> Amp {
        Amp {
            config,
            ..self.clone()
        }
    }

    pub(super) fn lead(&self) -> TimeDelta {
        delta(self.config.on_lead)
    }

    /// The earliest a broadcast that waits for the lead may start, if handed over at `now`.
    pub(super) fn ready_at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.on.unwrap_or(now) + self.lead()
    }

    fn switch(&mut self, on: bool, now: DateTime<Utc>) -> Switch {
        self.on = on.then_some(now);
        self.idle_since = None;
        self.stopped = false;
        Switch {
            on,
            command: if on {
                self.config.on.clone()
            } else {
                self.config.off.clone()
            },
        }
    }

    /// `loa stop`: off as soon as nothing plays, without `off_delay`.
    pub(super) fn stop(&mut self) {
        self.stopped = true;
    }

    /// Off, whatever it is now (a start-up after a crash cannot know).
    pub(super) fn reset(&mut self, now: DateTime<Utc>) -> Switch {
        self.switch(false, now)
    }

    /// Off now, if on (the daemon stops, or the amplifier left the schedule).
    pub(super) fn off(&mut self, now: DateTime<Utc>) -> Option<Switch> {
        self.on.is_some().then(|| self.switch(false, now))
    }

    /// What to switch at `now`: `busy` when something is handed to the player, `next` when the
    /// next broadcast wants its first sample, `ended` when the output last fell silent.
    pub(super) fn step(
        &mut self,
        now: DateTime<Utc>,
        busy: bool,
        next: Option<DateTime<Utc>>,
        ended: Option<DateTime<Utc>>,
    ) -> Option<Switch> {
        // A broadcast still to start wants it: a stop before it no longer counts.
        let coming = next.is_some_and(|t| t - self.lead() <= now);
        if coming {
            self.stopped = false;
        }
        if busy || coming {
            self.idle_since = None;
            return self.on.is_none().then(|| self.switch(true, now));
        }
        self.on?;
        if self.stopped {
            return Some(self.switch(false, now));
        }
        let since = *self.idle_since.get_or_insert(ended.unwrap_or(now).min(now));
        (now >= since + delta(self.config.off_delay)).then(|| self.switch(false, now))
    }

    /// When it next needs a look, if nothing happens first.
    pub(super) fn wake(&self, busy: bool, next: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
        match (self.on.is_some(), busy) {
            (_, true) => None,
            (false, false) => next.map(|t| t - self.lead()),
            // Off at the delay's end; the next broadcast, if it wants it sooner, cancels that
            // at its next look, which comes before the end anyway.
            (true, false) => self.idle_since.map(|t| t + delta(self.config.off_delay)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::time::Duration;

    fn amp() -> Amp {
        Amp::new(Amplifier {
            on: vec!["relay".into(), "on".into()],
            on_lead: Duration::from_secs(3),
            off: vec!["relay".into(), "off".into()],
            off_delay: Duration::from_secs(30),
        })
    }

    fn t(s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 5, 30, 0).unwrap() + TimeDelta::seconds(s)
    }

    #[test]
    fn on_a_lead_before_off_a_delay_after() {
        let mut a = amp();
        let next = Some(t(10));
        assert_eq!(a.step(t(0), false, next, None), None);
        assert_eq!(a.wake(false, next), Some(t(7)));
        assert_eq!(a.step(t(7), false, next, None).map(|s| s.on), Some(true));
        assert_eq!(a.step(t(10), true, None, None), None);
        // Ended at 40 (told at 40.1): off 30 s after the last sample.
        assert_eq!(a.step(t(40), false, None, Some(t(40))), None);
        assert_eq!(a.wake(false, None), Some(t(70)));
        assert_eq!(a.step(t(69), false, None, Some(t(40))), None);
        let off = a.step(t(70), false, None, Some(t(40))).unwrap();
        assert_eq!((off.on, off.command[1].as_str()), (false, "off"));
    }

    #[test]
    fn broadcasts_closer_than_the_delay_and_the_lead_keep_it_on() {
        let mut a = amp();
        a.step(t(0), true, None, None);
        // Ended at 10; the next is due at 40 (on wanted from 37 < 10 + 30): never off.
        for s in 10..40 {
            assert_eq!(a.step(t(s), false, Some(t(40)), Some(t(10))), None, "{s}");
        }
        assert_eq!(a.step(t(40), true, None, None), None);
        // The next after is far: off at the end plus the delay.
        a.step(t(50), false, Some(t(500)), Some(t(50)));
        assert_eq!(a.wake(false, Some(t(500))), Some(t(80)));
        // The next one wanting it sooner: the look at the delay's end keeps it on.
        assert_eq!(a.step(t(80), false, Some(t(82)), Some(t(50))), None);
    }

    #[test]
    fn a_stop_switches_it_off_without_the_delay() {
        let mut a = amp();
        a.step(t(0), true, None, None);
        a.stop();
        assert_eq!(
            a.step(t(1), false, None, Some(t(1))).map(|s| s.on),
            Some(false)
        );
        assert_eq!(a.off(t(2)), None);
    }

    #[test]
    fn a_broadcast_waits_for_the_whole_lead_since_the_switch() {
        let mut a = amp();
        assert_eq!(a.ready_at(t(0)), t(3));
        a.step(t(7), false, Some(t(10)), None);
        // Handed over at 8 (the one due at 10 was cancelled, another came): from 10, not 8.
        assert_eq!(a.ready_at(t(8)), t(10));
        assert_eq!(a.ready_at(t(20)), t(10));
    }

    #[test]
    fn a_broadcast_coming_after_a_stop_keeps_it_on_for_the_delay() {
        let mut a = amp();
        a.step(t(0), true, None, None);
        a.stop();
        // A held broadcast follows the stopped one at once: on it stays, and the delay counts
        // after it again.
        assert_eq!(a.step(t(1), false, Some(t(1)), Some(t(1))), None);
        assert_eq!(a.step(t(2), true, None, None), None);
        assert_eq!(a.step(t(9), false, None, Some(t(9))), None);
        assert_eq!(a.wake(false, None), Some(t(39)));
    }
}
