//! The queue: which occurrences are released, when they expire, which plays next, when to look
//! again, and what a reload keeps.

use super::*;

impl Dispatcher {
    /// Occurrences in `[from, to)`, from the planned window when it covers them.
    pub(super) fn occurrences(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<Occurrence> {
        let (a, b, _) = &self.planned;
        if from < *a || to > *b {
            let end = to.max(from + SCAN);
            self.planned = (from, end, plan::broadcasts(&self.schedule, from, end));
        }
        self.planned
            .2
            .iter()
            .filter(|o| o.at >= from && o.at < to)
            .cloned()
            .collect()
    }

    pub(super) fn sort_queue(&mut self) {
        self.queue.sort_by(|a, b| {
            a.occ
                .at
                .cmp(&b.occ.at)
                .then(b.occ.priority.cmp(&a.occ.priority))
                .then(a.occ.relay.is_some().cmp(&b.occ.relay.is_some()))
                .then(a.occ.index.cmp(&b.occ.index))
        });
    }

    /// A history row for an occurrence.
    pub(super) fn row_for(&self, o: &Occurrence, source: Source) -> NewBroadcast {
        if o.relay.is_some() {
            return self.relay_row(o, source);
        }
        let a = &self.schedule.announcements[o.index];
        NewBroadcast {
            id: a.id.clone(),
            title: a.title.clone(),
            source,
            requested_by: "schedule".into(),
            requested: o.at,
            scheduled: Some(o.at),
            occurrence: Some(o.local),
            files: super::requests::written(&a.files[o.file_indexes(a)], a.speech.is_some()),
            bulletin: None,
            text: a.speech.as_ref().map(|s| s.text.clone()),
        }
    }

    /// Records an occurrence decided without playing it.
    pub(super) fn decide(
        &mut self,
        o: &Occurrence,
        source: Source,
        outcome: Outcome,
        reason: Said,
    ) -> Effect {
        self.done.insert(self.key(o));
        Effect::Record {
            row: self.row_for(o, source),
            outcome,
            reason,
        }
    }

    /// How far ahead occurrences are considered: [`LEAD`], or the amplifier's lead if longer
    /// (it is switched on for the head of the queue).
    /// A relay's occurrences are considered `connect_ahead` before their window (plus the lead),
    /// so that their stream is opened in time.
    pub(super) fn release_lead(&self) -> TimeDelta {
        let relays = self
            .schedule
            .relays
            .iter()
            .filter(|r| r.enabled)
            .map(|r| delta(r.connect_ahead) + lead())
            .max()
            .unwrap_or(lead());
        self.amp
            .as_ref()
            .map_or(lead(), |a| a.lead().max(lead()))
            .max(relays)
    }

    /// Considers the occurrences up to `now + release_lead` (included) not considered yet.
    pub(super) fn release(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let upto = now + self.release_lead() + TimeDelta::milliseconds(1);
        if upto <= self.released_until {
            return Vec::new();
        }
        let from = self.released_until.max(now - LOOKBACK);
        self.released_until = upto;
        let max_delay = delta(self.schedule.station.max_delay);
        let max_delay_words = self.schedule.station.max_delay;
        let why = || {
            Said::new(|| {
                t!(
                    "reason-clock-jumped",
                    max_delay = crate::i18n::words::duration(max_delay_words)
                )
            })
        };
        let skipped: (Outcome, &dyn Fn() -> Said) = (Outcome::Skipped, &why);
        self.admit(from, upto, now, max_delay, Source::Schedule, skipped)
    }

    /// Queues (as `source`) the occurrences in `[from, upto)` that are not handled yet; one
    /// already more than `limit` late at `now` is recorded with `late` instead (its source is
    /// the schedule either way).
    pub(super) fn admit(
        &mut self,
        from: DateTime<Utc>,
        upto: DateTime<Utc>,
        now: DateTime<Utc>,
        limit: TimeDelta,
        source: Source,
        late: (Outcome, &dyn Fn() -> Said),
    ) -> Vec<Effect> {
        let mut fx = Vec::new();
        for o in self.occurrences(from, upto) {
            let key = self.key(&o);
            if self.done.contains(&key)
                || self.queue.iter().any(|p| p.key == key)
                || self.in_flight(&key)
            {
                continue;
            }
            // A relay is late only once its window has closed: it joins what is left of it.
            let too_late = match o.relay {
                Some(end) => end <= now,
                None => o.at + limit < now,
            };
            if too_late {
                fx.push(self.decide(&o, Source::Schedule, late.0, (late.1)()));
            } else {
                self.queue.push(Pending {
                    key,
                    occ: o,
                    source,
                });
            }
        }
        self.sort_queue();
        fx
    }

    pub(super) fn in_flight(&self, key: &Key) -> bool {
        self.current
            .iter()
            .chain(self.leaving.iter())
            .any(|c| c.pending.as_ref().is_some_and(|p| &p.key == key))
    }

    /// The last moment a pending occurrence may start: `max_delay` after its time, or
    /// `catch_up` for one caught up after a restart.
    pub(super) fn deadline(&self, p: &Pending) -> DateTime<Utc> {
        let st = &self.schedule.station;
        // A relay may start late: it plays what is left of its window.
        if let Some(end) = p.occ.relay {
            return end;
        }
        let allowance = match p.source {
            Source::CatchUp => st.catch_up.max(st.max_delay),
            _ => st.max_delay,
        };
        p.occ.at + delta(allowance)
    }

    /// Skips what can no longer start in time.
    pub(super) fn expire(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let clock = self.held() == Some(Held::ClockUnsynced);
        // Nothing scheduled sounds before the amplifier has had its lead: one whose deadline
        // falls within the lead cannot start in time either.
        let earliest = self.amp.as_ref().map_or(now, |a| a.ready_at(now).max(now));
        let queue = std::mem::take(&mut self.queue);
        let (late, keep): (Vec<Pending>, Vec<Pending>) = queue
            .into_iter()
            .partition(|p| self.deadline(p) <= now || self.deadline(p) < earliest);
        self.queue = keep;
        if late.is_empty() {
            return Vec::new();
        }
        let why = match (self.held(), self.current.as_ref()) {
            (Some(held), _) => held.said(),
            (None, Some(c)) if c.b.source == Source::Emergency => Held::Emergency.said(),
            // A relay holds the output for its window: say which, so that the officer sees the
            // same words `loa check` warned with.
            (None, Some(c)) if c.b.live.is_some() && c.pending.is_some() => {
                let id = c.b.id.clone();
                Said::new(|| t!("reason-why-relay", id = id.as_str()))
            }
            _ => Said::new(|| t!("reason-why-busy")),
        };
        let max_delay = self.schedule.station.max_delay;
        late.into_iter()
            .map(|p| {
                let on_lead = self.deadline(&p) > now;
                let why = if on_lead {
                    Said::new(|| t!("reason-why-on-lead"))
                } else {
                    why.clone()
                };
                // The clock's own words, as the operator looks for them (spec §3); the rest
                // say which limit it passed.
                let reason = if p.occ.relay.is_some() {
                    Said::new(|| t!("reason-window-ended", why = why.to_string()))
                } else if clock && !on_lead {
                    why
                } else {
                    Said::new(|| {
                        t!(
                            "reason-too-late-why",
                            max_delay = crate::i18n::words::duration(max_delay),
                            why = why.to_string()
                        )
                    })
                };
                self.decide(&p.occ, p.source, Outcome::Skipped, reason)
            })
            .collect()
    }

    /// Hands the next thing to the player, if anything is due.
    pub(super) fn dispatch(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        if let Some((mut b, row)) = self
            .latched
            .as_ref()
            .filter(|l| l.next <= now)
            .map(|l| (l.b.clone(), l.row.clone()))
        {
            b.token = self.token();
            b.start = StartAt::Now;
            // Each repeat has its own place in time: when it was due.
            let row = NewBroadcast {
                requested: self.latched.as_ref().map_or(now, |l| l.next),
                ..row
            };
            return self.hand_over(b, row, None);
        }
        if let Some((mut b, row)) = self.manual.pop_front() {
            b.start = self.start_at(None, b.source == Source::Emergency, now);
            // A relay asked for `--for` a while: its window runs from now.
            if let (Some(l), Some(d)) = (&mut b.live, b.limit) {
                l.end = Some(now + delta(d));
            }
            return self.hand_over(b, row, None);
        }
        if self.held().is_some() {
            return Vec::new();
        }
        // While a relay waits to resume, only what may cut into it goes first.
        let i = match &self.suspended {
            Some(r) => match self.cutting_in(r, now) {
                Some(i) => i,
                None => return self.resume(now),
            },
            None => 0,
        };
        let Some(head) = self.queue.get(i) else {
            return Vec::new();
        };
        if head.occ.at - lead() > now {
            return Vec::new();
        }
        let p = self.queue.remove(i);
        let start = self.start_at(Some(p.occ.at), false, now);
        let token = self.token();
        let b = self.scheduled_broadcast(&p, token, start, now);
        let row = self.row_for(&p.occ, p.source);
        self.hand_over(b, row, Some(p))
    }

    pub(super) fn scheduled_broadcast(
        &self,
        p: &Pending,
        token: Token,
        start: StartAt,
        now: DateTime<Utc>,
    ) -> Broadcast {
        let s = &self.schedule;
        if p.occ.relay.is_some() {
            return self.relay_broadcast(p, token, start, now);
        }
        let a = &s.announcements[p.occ.index];
        // As `plan::playlist` lists it: the chime, then the files `repeat` times with gaps.
        let files = playlist(
            s.chime_for(a),
            &a.files[p.occ.file_indexes(a)],
            a.repeat,
            a.gap,
        );
        Broadcast {
            token,
            start,
            ..Broadcast::of_files(&a.id, &a.title, files, self.gain(a.volume), p.source)
        }
    }

    /// The station's volume times an entry's, as a gain.
    pub(super) fn gain(&self, volume: u8) -> f32 {
        volume_gain(f32::from(self.schedule.station.volume)) * volume_gain(f32::from(volume))
    }

    /// A new schedule: what plays goes on; what waits and is still in the schedule keeps
    /// waiting. A reload releases only what the running daemon would have released itself:
    /// occurrences the new schedule adds in the window already released, from now on — never
    /// one whose time has passed (the previous ten minutes did not exist for this daemon).
    pub fn reload(&mut self, schedule: Arc<Schedule>, now: DateTime<Utc>) -> Vec<Effect> {
        let old = std::mem::take(&mut self.queue);
        let mut fx = Vec::new();
        // The amplifier keeps its state under its new settings; one gone from the schedule is
        // switched off with the command it had.
        self.amp = match (self.amp.take(), schedule.station.amplifier.clone()) {
            (Some(a), Some(cfg)) => Some(a.reconfigured(cfg)),
            (Some(mut a), None) => {
                fx.extend(a.off(now).map(Effect::Amplifier));
                None
            }
            (None, cfg) => cfg.map(amplifier::Amp::new),
        };
        self.schedule = schedule;
        self.planned = (now, now, Vec::new());
        let released = self.released_until.max(now);
        // Waiting occurrences the new schedule still has stay (with its files and priority);
        // the others are gone with the old schedule.
        if let Some(earliest) = old.iter().map(|p| p.occ.at).min() {
            let fresh = plan::broadcasts(
                &self.schedule,
                earliest,
                released + lead() + TimeDelta::seconds(1),
            );
            for p in old {
                if let Some(o) = fresh.iter().find(|o| self.key(o) == p.key) {
                    self.queue.push(Pending {
                        key: p.key,
                        occ: o.clone(),
                        source: p.source,
                    });
                }
            }
        }
        let max_delay = delta(self.schedule.station.max_delay);
        let max_delay_words = self.schedule.station.max_delay;
        let why = || {
            Said::new(|| {
                t!(
                    "reason-too-late",
                    max_delay = crate::i18n::words::duration(max_delay_words)
                )
            })
        };
        let skipped: (Outcome, &dyn Fn() -> Said) = (Outcome::Skipped, &why);
        fx.extend(self.admit(now, released, now, max_delay, Source::Schedule, skipped));
        fx.extend(self.advance(now));
        fx
    }

    /// When the dispatcher next has something to do, if no event comes first.
    pub fn next_wake(&mut self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.shutting_down {
            return None;
        }
        let mut wake: Vec<DateTime<Utc>> = Vec::new();
        // While something plays, its end (an event) comes first.
        if let Some(l) = &self.latched
            && self.current.is_none()
        {
            wake.push(l.next);
        }
        if let Some(Some(until)) = self.paused {
            wake.push(until);
        }
        if let Some(head) = self.queue.first() {
            let held = self.held().is_some() || self.current.is_some();
            if !held {
                wake.push(head.occ.at - lead());
            }
            // Whatever waits is skipped at its deadline.
            if let Some(first_deadline) = self.queue.iter().map(|p| self.deadline(p)).min() {
                wake.push(first_deadline);
            }
        }
        if let Some(a) = &self.amp {
            wake.extend(a.wake(self.busy(), self.next_start(now)));
        }
        wake.extend(self.relay_wakes());
        // The next occurrence not released yet (at most SCAN ahead; else look again then).
        let from = self.released_until;
        let upcoming = self.occurrences(from, from + SCAN);
        match upcoming
            .into_iter()
            .find(|o| !self.done.contains(&self.key(o)))
        {
            Some(o) => wake.push(o.at - self.release_lead()),
            None => wake.push(from + SCAN),
        }
        wake.into_iter().min().map(|t| t.max(now))
    }
}
