//! Relays (spec §8): a broadcast whose sound is a live stream for a window.
//!
//! The dispatcher treats a relay as any broadcast — released, queued, handed over at its time,
//! one row in history — with three differences, all decided here from state and the clock:
//!
//! - its stream is opened `connect_ahead` before the window and kept open until the relay's row
//!   is complete ([`Effect::Connect`]/[`Effect::Disconnect`], recomputed after every event from
//!   what is queued, playing or waiting to resume);
//! - what has a higher priority cuts in: the relay is faded out [`CUT_AHEAD`] before it, waits
//!   (its stream still open, its row still open) and resumes live when the output is free again
//!   — the same after an emergency; a manual play cuts in too (someone asked for it now); what has
//!   a lower or equal priority waits for the window's end under `max_delay`;
//! - it ends at its window's end (the player cuts it there; past it by [`OVERRUN`], the
//!   dispatcher stops it), and its row says how much of the window was on air, and why the rest
//!   was not.
//!
//! A relay started by hand (`loa play URL`) yields to every scheduled announcement: the daily
//! programme goes on, and the relay resumes after each.

use super::*;
use crate::audio::player::LiveReport;

/// How long before what cuts into a relay the relay is faded out (the fade, and the player's
/// hand-over, fit in it).
pub const CUT_AHEAD: Duration = Duration::from_millis(1000);
/// How long past its window a relay may play before the dispatcher stops it itself.
pub const OVERRUN: Duration = Duration::from_secs(2);
/// Losses below this are not worth a reason (fades, hand-overs).
const NOTABLE: f64 = 1.0;

/// What the earlier parts of a relay aired (a part ends each time something cuts in).
#[derive(Clone, Debug, Default)]
pub(super) struct Aired {
    pub(super) played: f64,
    on_air: f64,
    fallback: f64,
    silent: f64,
    reconnects: u32,
    failed_tries: u32,
    trouble: Vec<Said>,
    /// Seconds given to what cut in, by what it was.
    cut: Vec<(Said, f64)>,
    /// The current cut: since when, and by what.
    cut_since: Option<(DateTime<Utc>, Said)>,
}

impl Aired {
    fn add(&mut self, played: Duration, live: Option<&LiveReport>) {
        self.played += played.as_secs_f64();
        if let Some(l) = live {
            self.on_air += l.on_air.as_secs_f64();
            self.fallback += l.fallback.as_secs_f64();
            self.silent += l.silent.as_secs_f64();
            self.reconnects += l.reconnects;
            self.failed_tries += l.failed_tries;
            for t in &l.trouble {
                if !self.trouble.contains(t) {
                    self.trouble.push(t.clone());
                }
            }
        }
    }

    /// The current cut ends at `at`.
    fn uncut(&mut self, at: DateTime<Utc>) {
        if let Some((since, by)) = self.cut_since.take() {
            let secs = (at - since).num_milliseconds().max(0) as f64 / 1000.0;
            match self.cut.iter_mut().find(|(b, _)| *b == by) {
                Some((_, s)) => *s += secs,
                None => self.cut.push((by, secs)),
            }
        }
    }
}

/// Seconds in words: "12 phút", "12 minutes".
fn secs(x: f64) -> String {
    crate::i18n::words::seconds(x)
}

/// Where a relay's window ends, if it has one.
fn window_end(c: &Current) -> Option<DateTime<Utc>> {
    c.b.live.as_ref().and_then(|l| l.end)
}

impl Dispatcher {
    /// A relay occurrence's stream connection name.
    fn link(&self, o: &Occurrence) -> String {
        format!(
            "{}@{}",
            self.id_title(o).0,
            o.local.format("%Y-%m-%dT%H:%M:%S")
        )
    }

    /// The history row of a relay occurrence: its streams stand for its files.
    pub(super) fn relay_row(&self, o: &Occurrence, source: Source) -> NewBroadcast {
        let (id, title) = self.id_title(o);
        NewBroadcast {
            id: id.to_string(),
            title: title.to_string(),
            source,
            requested_by: "schedule".into(),
            requested: o.at,
            scheduled: Some(o.at),
            occurrence: Some(o.local),
            files: self
                .schedule
                .relays
                .get(o.index)
                .map(|r| r.streams.clone())
                .unwrap_or_default(),
            bulletin: None,
            text: None,
        }
    }

    /// What the player is handed for a relay occurrence: the chime, then the stream until the
    /// window's end, its fallback ready.
    pub(super) fn relay_broadcast(
        &self,
        p: &Pending,
        token: Token,
        start: StartAt,
        now: DateTime<Utc>,
    ) -> Broadcast {
        let s = &self.schedule;
        let r = &s.relays[p.occ.index];
        let end = p.occ.relay.unwrap_or(p.occ.at);
        let from = match start {
            StartAt::At(t) => t,
            StartAt::Now => now,
        };
        let fallback = playlist(s.chime_of(&r.chime), &r.fallback, 1, Duration::ZERO);
        Broadcast {
            token,
            start,
            limit: Some((end - from.max(p.occ.at)).to_std().unwrap_or_default()),
            live: Some(Live {
                link: self.link(&p.occ),
                streams: r.streams.clone(),
                fallback_after: r.fallback_after,
                end: Some(end),
                resumed: false,
            }),
            ..Broadcast::of_files(&r.id, &r.title, fallback, self.gain(r.volume), p.source)
        }
    }

    /// The priority of what plays as a relay: its occurrence's; a relay started by hand yields
    /// to every scheduled announcement.
    fn relay_priority(c: &Current) -> i32 {
        c.pending.as_ref().map_or(i32::MIN, |p| p.occ.priority)
    }

    /// The first queued announcement that may cut into the relay `r`: a higher priority, due
    /// within the lead.
    pub(super) fn cutting_in(&self, r: &Current, now: DateTime<Utc>) -> Option<usize> {
        self.first_cutting(r, now + lead())
    }

    fn first_cutting(&self, r: &Current, by: DateTime<Utc>) -> Option<usize> {
        if self.held().is_some() {
            return None;
        }
        let rp = Self::relay_priority(r);
        self.queue
            .iter()
            .position(|p| p.occ.relay.is_none() && p.occ.priority > rp && p.occ.at <= by)
    }

    /// Fades out a relay on air when something comes that goes before it: a manual play, a
    /// repeating emergency due again, an announcement with a higher priority [`CUT_AHEAD`] before
    /// its time.
    pub(super) fn cut_in(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(c) = self
            .current
            .as_ref()
            .filter(|c| c.b.live.is_some() && c.started.is_some() && c.ending.is_none())
        else {
            return Vec::new();
        };
        let broadcast = |id: &str| Said::new(|| t!("reason-what-broadcast", id = id));
        let what = if let Some((m, _)) = self.manual.front() {
            Some(broadcast(&m.id))
        } else if let Some(l) = self.latched.as_ref().filter(|l| l.next <= now) {
            Some(Said::new(|| {
                t!("reason-what-emergency", id = l.b.id.as_str())
            }))
        } else {
            self.first_cutting(c, now + delta(CUT_AHEAD))
                .map(|i| broadcast(&self.queue[i].key.id))
        };
        let Some(what) = what else {
            return Vec::new();
        };
        if let Some(c) = &mut self.current {
            c.ending = Some(Ending::CutIn(what));
        }
        vec![Effect::Stop]
    }

    /// A relay part that ended: kept to resume when something cut in while its window is open
    /// (`None`), or handed back to be recorded.
    pub(super) fn suspend(
        &mut self,
        mut c: Current,
        outcome: &PlayerOutcome,
        report: &Report,
        now: DateTime<Utc>,
    ) -> Option<Current> {
        let by = match &c.ending {
            Some(Ending::CutIn(w) | Ending::InterruptedBy(w)) => w.clone(),
            _ => return Some(c),
        };
        if c.b.live.is_none()
            || self.shutting_down
            || c.started.is_none()
            || matches!(outcome, PlayerOutcome::Failed(_))
        {
            return Some(c);
        }
        c.aired.add(report.played, report.live.as_ref());
        c.aired.cut_since = Some((now, by));
        c.ending = None;
        // A part that ended before the cut began (an emergency started at once) has no more
        // to say: its stream stays open.
        self.suspended = Some(c);
        None
    }

    /// Puts the relay waiting to resume back on air, live, until its window's end.
    pub(super) fn resume(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(mut c) = self.suspended.take() else {
            return Vec::new();
        };
        c.aired.uncut(now);
        c.b.start = StartAt::Now;
        c.b.playlist.prelude.clear();
        if let Some(end) = window_end(&c) {
            c.b.limit = Some((end - now).to_std().unwrap_or_default());
        }
        if let Some(l) = &mut c.b.live {
            l.resumed = true;
        }
        let b = c.b.clone();
        self.current = Some(c);
        vec![Effect::Play(b)]
    }

    /// Ends what is past its window: a relay waiting to resume (its row completed), a relay on
    /// air the player did not end ([`OVERRUN`] past it).
    pub(super) fn end_windows(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let mut fx = Vec::new();
        if let Some(end) = self.suspended.as_ref().and_then(window_end)
            && end <= now
            && let Some(c) = self.suspended.take()
        {
            fx.extend(self.close_suspended(c, (Outcome::Played, None), end));
        }
        if let Some(c) = &mut self.current
            && c.ending.is_none()
            && c.started.is_some()
            && window_end(c).is_some_and(|end| end + delta(OVERRUN) <= now)
        {
            c.ending = Some(Ending::WindowEnd);
            fx.push(Effect::Stop);
        }
        fx
    }

    /// The daemon stops: a relay waiting to resume is recorded interrupted, ended when it left
    /// the air.
    pub(super) fn close_suspended_at_shutdown(&mut self) -> Vec<Effect> {
        let Some(c) = self.suspended.take() else {
            return Vec::new();
        };
        let at = c
            .aired
            .cut_since
            .as_ref()
            .map_or(self.released_until, |(t, _)| *t);
        let why = Said::new(|| t!("reason-shutdown"));
        self.close_suspended(c, (Outcome::Interrupted, Some(why)), at)
    }

    /// Completes the row of a relay that was waiting to resume: its window ended (`Played`), the
    /// daemon stops (`Interrupted`, why), or its stream was seen to fail (`Failed`, why).
    pub(super) fn close_suspended(
        &mut self,
        mut c: Current,
        (outcome, reason): (Outcome, Option<Said>),
        at: DateTime<Utc>,
    ) -> Vec<Effect> {
        c.aired.uncut(at);
        if let Some(p) = &c.pending {
            self.done.insert(p.key.clone());
        }
        let (outcome, reason, on_air) =
            self.judge_relay(&c, &Report::default(), at, outcome, reason);
        vec![Effect::RecordFinish {
            token: c.b.token,
            end: Finish {
                ended: Some(at),
                outcome,
                reason,
                played_seconds: Some((c.aired.played * 1000.0).round() / 1000.0),
                on_air_seconds: on_air,
            },
        }]
    }

    /// A relay's outcome and reason from all its parts: `played` when it was on air for the
    /// whole window, else `played` saying how much was lost and why; `fallback` when no stream
    /// gave sound and the fallback played instead; `failed` when nothing went out at all.
    /// Another outcome (stopped, interrupted, failed output) stays, with what was lost added.
    pub(super) fn judge_relay(
        &self,
        c: &Current,
        report: &Report,
        ended: DateTime<Utc>,
        outcome: Outcome,
        reason: Option<Said>,
    ) -> (Outcome, Option<Said>, Option<f64>) {
        let mut a = c.aired.clone();
        a.add(report.played, report.live.as_ref());
        a.uncut(ended);
        let on_air = (a.on_air * 1000.0).round() / 1000.0;
        // ", 3 reconnects (the server answered 404…)": what the streams did, when they failed.
        let trouble = Said::join(&a.trouble, || "; ".into());
        let streams = Said::new(|| {
            let mut s = String::new();
            if a.reconnects > 0 {
                s.push_str(", ");
                s.push_str(&t!("reason-relay-reconnects", n = a.reconnects));
            }
            if a.failed_tries > 0 {
                s.push_str(", ");
                s.push_str(&t!(
                    "reason-relay-failed-tries",
                    n = a.failed_tries,
                    count = crate::i18n::words::count(u64::from(a.failed_tries))
                ));
            }
            if !trouble.is_empty() {
                s.push_str(&format!(" ({trouble})"));
            }
            s
        });
        // The window as scheduled (a relay started by hand: from its first sample).
        let (from, to) = match (c.pending.as_ref(), window_end(c)) {
            (Some(p), Some(end)) => (p.occ.at, end.min(ended.max(p.occ.at))),
            _ => (c.started.unwrap_or(ended), ended),
        };
        let window = (to - from).num_milliseconds().max(0) as f64 / 1000.0;
        let mut why: Vec<Said> = Vec::new();
        if let (Some(p), Some(s)) = (c.pending.as_ref(), c.started) {
            let late = (s - p.occ.at).num_milliseconds() as f64 / 1000.0;
            if late >= NOTABLE {
                let source = p.source;
                why.push(Said::new(|| {
                    let cause = match source {
                        Source::CatchUp => t!("reason-daemon-down"),
                        _ => t!("reason-why-busy"),
                    };
                    t!("reason-relay-late", late = secs(late), cause = cause)
                }));
            }
        }
        if a.silent >= NOTABLE {
            why.push(Said::new(|| {
                format!(
                    "{}{streams}",
                    t!("reason-relay-silent", silent = secs(a.silent))
                )
            }));
        }
        if a.fallback >= NOTABLE {
            why.push(Said::new(|| {
                t!("reason-relay-fallback", fallback = secs(a.fallback))
            }));
        }
        for (by, s) in a.cut.iter().filter(|(_, s)| *s >= NOTABLE) {
            why.push(Said::new(|| {
                t!("reason-relay-cut", cut = secs(*s), by = by.to_string())
            }));
        }
        let lost = (window - a.on_air).max(0.0);
        if outcome != Outcome::Played {
            let reason = match (reason, lost >= NOTABLE) {
                (Some(r), true) => Some(Said::new(|| {
                    t!("reason-and-lost", reason = r.to_string(), lost = secs(lost))
                })),
                (r, _) => r,
            };
            return (outcome, reason, Some(on_air));
        }
        if a.on_air <= 0.0 {
            // No live sound at all: the relay did not happen, whatever else went out.
            return if a.fallback > 0.0 {
                let reason = Said::new(|| {
                    format!(
                        "{}{streams}",
                        t!("reason-relay-fallback-only", fallback = secs(a.fallback))
                    )
                });
                (Outcome::Fallback, Some(reason), Some(on_air))
            } else {
                let reason = Said::new(|| format!("{}{streams}", t!("reason-relay-no-sound")));
                (Outcome::Failed, Some(reason), Some(on_air))
            };
        }
        let reason = (lost >= NOTABLE).then(|| {
            let why = Said::join(&why, || ", ".into());
            Said::new(|| {
                if why.is_empty() {
                    t!("reason-relay-lost", lost = secs(lost))
                } else {
                    t!(
                        "reason-relay-lost-why",
                        lost = secs(lost),
                        why = why.to_string()
                    )
                }
            })
        });
        (Outcome::Played, reason, Some(on_air))
    }

    /// At start-up: a relay whose window is open now joins it live, however long ago it opened
    /// (what is left of it plays, as catch-up).
    pub(super) fn join_open_windows(&mut self, now: DateTime<Utc>) {
        let longest = self
            .schedule
            .relays
            .iter()
            .map(|r| delta(r.duration))
            .max()
            .unwrap_or_default();
        for o in plan::relay_occurrences(&self.schedule, now - longest, now) {
            let o = Occurrence {
                index: o.index,
                local: o.local,
                at: o.at,
                priority: o.priority,
                rotation: None,
                relay: Some(o.end),
            };
            let key = self.key(&o);
            if o.relay.is_some_and(|end| end > now)
                && !self.done.contains(&key)
                && !self.queue.iter().any(|p| p.key == key)
            {
                self.queue.push(Pending {
                    key,
                    occ: o,
                    source: Source::CatchUp,
                });
            }
        }
        self.sort_queue();
    }

    /// Tells the shell which streams to keep open: those of relays queued within their
    /// `connect_ahead`, on air, or waiting to resume.
    pub(super) fn keep_links(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let mut want: Vec<(String, Vec<String>, Option<DateTime<Utc>>)> = Vec::new();
        for p in &self.queue {
            let Some(end) = p.occ.relay else { continue };
            let Some(r) = self.schedule.relays.get(p.occ.index) else {
                continue;
            };
            if p.occ.at - delta(r.connect_ahead) <= now {
                want.push((self.link(&p.occ), r.streams.clone(), Some(end)));
            }
        }
        for c in self
            .current
            .iter()
            .chain(self.leaving.iter())
            .chain(self.suspended.iter())
        {
            if let Some(l) = &c.b.live {
                want.push((l.link.clone(), l.streams.clone(), window_end(c)));
            }
        }
        let mut fx = Vec::new();
        self.links.retain(|link| {
            let keep = want.iter().any(|(l, _, _)| l == link);
            if !keep {
                fx.push(Effect::Disconnect { link: link.clone() });
            }
            keep
        });
        for (link, streams, until) in want {
            if !self.links.contains(&link) {
                self.links.push(link.clone());
                fx.push(Effect::Connect {
                    link,
                    streams,
                    until,
                });
            }
        }
        fx
    }

    /// The moments relays need the dispatcher: a stream to open, a window's end, something to
    /// cut in.
    /// Each moment, once reached, changes what it is computed from (the stream is linked, the
    /// relay cut or ended), so that none keeps the dispatcher awake.
    pub(super) fn relay_wakes(&self) -> Vec<DateTime<Utc>> {
        let mut wake = Vec::new();
        for p in &self.queue {
            if p.occ.relay.is_some()
                && let Some(r) = self.schedule.relays.get(p.occ.index)
                && !self.links.contains(&self.link(&p.occ))
            {
                wake.push(p.occ.at - delta(r.connect_ahead));
            }
        }
        // (One waiting to resume is put back on air as soon as the output is free.)
        if let Some(c) = &self.suspended {
            wake.extend(window_end(c));
        }
        if let Some(c) = self
            .current
            .as_ref()
            .filter(|c| c.b.live.is_some() && c.started.is_some() && c.ending.is_none())
        {
            wake.extend(window_end(c).map(|e| e + delta(OVERRUN)));
            if let Some(i) = self.first_cutting(c, DateTime::<Utc>::MAX_UTC) {
                wake.push(self.queue[i].occ.at - delta(CUT_AHEAD));
            }
            if let Some(l) = &self.latched {
                wake.push(l.next);
            }
        }
        wake
    }
}
