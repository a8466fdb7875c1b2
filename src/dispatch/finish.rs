//! How broadcasts end: what the player reports becomes an outcome and a reason for history
//! (a relay's judged from all its parts), a scheduled broadcast that never sounded goes back to
//! the queue, and the daemon's stop records what played and what waited.

use super::*;

impl Dispatcher {
    pub(super) fn finished(
        &mut self,
        token: Token,
        outcome: PlayerOutcome,
        report: &Report,
        ended: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let c = if self.current.as_ref().is_some_and(|c| c.b.token == token) {
            self.current.take()
        } else {
            self.leaving
                .iter()
                .position(|c| c.b.token == token)
                .map(|i| self.leaving.remove(i))
        };
        let Some(c) = c else { return Vec::new() };
        let mut fx = Vec::new();
        let ended = ended.unwrap_or(now).min(now);
        self.last_ended = Some(ended);
        let Some(c) = self.suspend(c, &outcome, report, now) else {
            return fx;
        };
        // A person speaking for as long as they asked (`loa live --for`) has been heard out.
        let asked_for = c.b.voice.is_some() && c.b.limit != Some(MANUAL_LIMIT);
        let (result, reason) = match (&c.b.live, &outcome, &c.ending) {
            // A relay that reached its limit reached its window's end: played, as it should.
            (Some(_), PlayerOutcome::Played, None) => (Outcome::Played, None),
            (None, PlayerOutcome::Played, None) if asked_for => (Outcome::Played, None),
            _ => judge(&outcome, report, c.ending.as_ref()),
        };
        let (result, reason, on_air) = match &c.b.live {
            Some(_) => self.judge_relay(&c, report, ended, result, reason),
            None => (result, reason, None),
        };
        match (c.opened, c.started, c.pending) {
            // Handed over but never sounded: a scheduled one goes back to the queue (its row, if
            // it was opened, waits for it), unless the player failed or the daemon stops.
            (_, None, Some(p)) if result == Outcome::Interrupted && !self.shutting_down => {
                self.queue.push(p);
                self.sort_queue();
            }
            (true, started, pending) => {
                if let Some(p) = pending {
                    self.done.insert(p.key);
                }
                let reason = match (started, reason) {
                    (None, None) => Some(Said::new(|| t!("reason-never-started"))),
                    (_, r) => r,
                };
                fx.push(Effect::RecordFinish {
                    token,
                    end: Finish {
                        ended: started.map(|_| ended),
                        outcome: result,
                        reason,
                        played_seconds: Some(
                            ((report.played.as_secs_f64() + c.aired.played) * 1000.0).round()
                                / 1000.0,
                        ),
                        on_air_seconds: on_air,
                    },
                });
            }
            // Never opened: when the daemon stops, left for the next start.
            (false, _, Some(_)) if self.shutting_down && result != Outcome::Failed => {}
            (false, _, pending) => {
                if let Some(p) = &pending {
                    self.done.insert(p.key.clone());
                }
                let why = reason.unwrap_or_else(|| Said::new(|| t!("reason-never-started")));
                fx.push(Effect::Record {
                    row: c.row,
                    outcome: result,
                    reason: why,
                });
            }
        }
        // A repeating emergency plays again `every` after this start, until stopped.
        if let Some(l) = &mut self.latched
            && l.b.id == c.b.id
            && c.b.source == Source::Emergency
        {
            if matches!(
                c.ending,
                Some(Ending::StoppedBy(_) | Ending::StoppedFor(_) | Ending::Shutdown)
            ) {
                self.latched = None;
            } else {
                l.next = c.started.unwrap_or(now) + delta(l.every);
            }
        }
        fx
    }

    /// Stopping the daemon: fade out what plays; it is recorded interrupted ("daemon stopped"),
    /// unless someone had already stopped it: a stop is a stop.
    /// Plays that were asked for and still wait are recorded, so that none vanishes from the
    /// report.
    pub fn shutdown(&mut self) -> Vec<Effect> {
        if let Some(a) = &mut self.amp {
            a.stop();
        }
        self.shutting_down = true;
        self.latched = None;
        let mut fx: Vec<Effect> = self
            .manual
            .drain(..)
            .map(|(_, row)| Effect::Record {
                row,
                outcome: Outcome::Interrupted,
                reason: Said::new(|| t!("reason-shutdown-waiting")),
            })
            .collect();
        if let Some(c) = &mut self.current {
            if c.ending.is_none() {
                c.ending = Some(Ending::Shutdown);
            }
            fx.push(Effect::Stop);
        }
        // A relay waiting to resume ends here, with what it aired.
        fx.extend(self.close_suspended_at_shutdown());
        fx.extend(self.links.drain(..).map(|link| Effect::Disconnect { link }));
        fx
    }

    /// Once what played has faded out: the amplifier off.
    pub fn finish_shutdown(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.amp
            .as_mut()
            .and_then(|a| a.off(now))
            .map(Effect::Amplifier)
            .into_iter()
            .collect()
    }
}

/// How a broadcast ended, for history: the outcome and why.
fn judge(
    outcome: &PlayerOutcome,
    report: &Report,
    ending: Option<&Ending>,
) -> (Outcome, Option<Said>) {
    let joined = |v: &[Said]| (!v.is_empty()).then(|| Said::join(v, || "; ".into()));
    match (outcome, ending) {
        (PlayerOutcome::Failed(why), _) => (Outcome::Failed, Some(why.clone())),
        (_, Some(Ending::Shutdown)) => (
            Outcome::Interrupted,
            Some(Said::new(|| t!("reason-shutdown"))),
        ),
        (_, Some(Ending::WindowEnd)) => (Outcome::Played, None),
        (_, Some(Ending::Failed(why))) => (Outcome::Failed, Some(why.clone())),
        (_, Some(Ending::Lost(why))) => (Outcome::Interrupted, Some(why.clone())),
        (_, Some(Ending::StoppedBy(by))) => (
            Outcome::Stopped,
            Some(Said::new(|| t!("reason-stopped-by", by = by.as_str()))),
        ),
        (_, Some(Ending::StoppedFor(why))) => (Outcome::Stopped, Some(why.clone())),
        (_, Some(Ending::InterruptedBy(what) | Ending::CutIn(what))) => (
            Outcome::Interrupted,
            Some(what.then(|w| t!("reason-interrupted-by", what = w))),
        ),
        (PlayerOutcome::Played, None) if report.limit_reached => (
            Outcome::Stopped,
            Some(Said::new(|| {
                t!(
                    "reason-limit",
                    limit = crate::i18n::words::duration(MANUAL_LIMIT)
                )
            })),
        ),
        // Something of it did not go out: the broadcast as planned did not happen.
        (PlayerOutcome::Played, None) if !report.incomplete.is_empty() => {
            (Outcome::Failed, joined(&report.incomplete))
        }
        (PlayerOutcome::Played, None) => (Outcome::Played, joined(&report.notes)),
        (PlayerOutcome::Stopped, None) => (Outcome::Stopped, None),
        (PlayerOutcome::Interrupted, None) => (Outcome::Interrupted, None),
    }
}
