//! The dispatcher: decides what plays, when, and what the history says about it (spec §3). A
//! pure state machine: it takes events (time passed, the player started or finished something,
//! a request from the control socket, a new schedule) with the current time, and returns effects
//! (play this, stop, record that). The async shell (`daemon`) carries them out. No clock, no I/O.
//!
//! Decisions are made from state, not from triggers: after every event, `advance` looks at the
//! time and recomputes what is due. So a restart, a reload, a clock stepped forward or back, a
//! late timer all come out the same.
//!
//! Rules, in the order `advance` applies them:
//! - An occurrence is *released* (considered) once, [`LEAD`] before its time; one already
//!   decided (in history: played, skipped, missed…) or queued or playing is never released again,
//!   whatever the clock does. One whose time is more than `max_delay` ago when released is
//!   skipped (a clock jumped forward: no burst); at start-up, `catch_up` replaces `max_delay`,
//!   and older ones are recorded missed.
//! - Queued occurrences that can no longer start within `max_delay` are skipped.
//! - Nothing plays over anything. When the output is free: a repeating emergency that is due,
//!   then manual plays, then — unless paused or held by a repeating emergency — the first queued
//!   occurrence (time, priority high first, order in the file), handed to the player [`LEAD`]
//!   ahead so that its first sample goes out on time.
//! - An emergency is handed over at once; the player fades out what plays (recorded
//!   interrupted; a scheduled broadcast that had not yet sounded goes back to the queue).
//! - A row is started in history when the first sample goes out, and completed at the end.

use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, TimeDelta, Utc};
use serde::Serialize;

use crate::audio::convert::volume_gain;
use crate::audio::player::{Item, Outcome as PlayerOutcome};
use crate::history::{NewBroadcast, Outcome, Source};
use crate::plan::{self, Occurrence};
use crate::schedule::{AudioRef, Schedule};

/// How long before its time a scheduled broadcast is handed to the player, which opens the
/// output, decodes the first packets and holds them until the exact frame.
pub const LEAD: Duration = Duration::from_secs(2);
/// The most history a start-up or a clock jump looks back over.
const LOOKBACK: TimeDelta = TimeDelta::days(31);
/// How far ahead `next_wake` looks for the next occurrence.
const SCAN: TimeDelta = TimeDelta::days(2);

fn lead() -> TimeDelta {
    TimeDelta::from_std(LEAD).unwrap_or(TimeDelta::seconds(2))
}

fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}

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
    Err(format!(
        "\"{t}\" is not a time: write \"18:00\", \"2026-12-01 18:00\" or a duration like \"2h\""
    ))
}

/// Identifies a broadcast handed to the player.
pub type Token = u64;

/// An occurrence's identity: announcement id and scheduled local time.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub id: String,
    pub local: NaiveDateTime,
}

/// When a broadcast's first sample should go out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartAt {
    Now,
    At(DateTime<Utc>),
}

/// What the player is asked to play.
#[derive(Clone, Debug, PartialEq)]
pub struct Broadcast {
    pub token: Token,
    pub id: String,
    pub title: String,
    pub items: Vec<Item>,
    pub gain: f32,
    pub start: StartAt,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Play(Broadcast),
    /// Fade out and end what plays.
    Stop,
    RecordStart {
        token: Token,
        row: NewBroadcast,
        started: DateTime<Utc>,
    },
    RecordFinish {
        token: Token,
        ended: DateTime<Utc>,
        outcome: Outcome,
        reason: Option<String>,
    },
    Record {
        row: NewBroadcast,
        outcome: Outcome,
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Time has passed (a timer, a clock step): look again.
    Tick,
    Started {
        token: Token,
        at: DateTime<Utc>,
    },
    Finished {
        token: Token,
        outcome: PlayerOutcome,
    },
}

/// What `loa play` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An announcement or an emergency preset.
    Id(String),
    /// A file the shell has checked is allowed.
    File(PathBuf),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Play {
        target: Target,
        emergency: bool,
        repeat: Option<u32>,
        volume: Option<u8>,
        by: String,
    },
    Stop {
        by: String,
    },
    Pause {
        until: Option<DateTime<Utc>>,
        by: String,
    },
    Resume {
        by: String,
    },
}

/// Why a request was not carried out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such announcement or preset.
    NotFound(String),
    /// Not possible now (nothing plays, not paused).
    Refused(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotFound(m) | Refusal::Refused(m) => f.write_str(m),
        }
    }
}

/// The dispatcher's part of `loa status`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Status {
    pub playing: Option<Playing>,
    pub paused: bool,
    pub paused_until: Option<String>,
    pub emergency: Option<Repeating>,
    pub queue: Vec<Upcoming>,
    pub next: Vec<Upcoming>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Playing {
    pub id: String,
    pub title: String,
    pub source: Source,
    pub started: Option<String>,
    pub progress_seconds: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Repeating {
    pub id: String,
    pub every_seconds: u64,
    pub next: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Upcoming {
    pub id: String,
    pub title: String,
    pub at: String,
    pub source: Source,
}

/// An occurrence waiting to play.
#[derive(Clone, Debug)]
struct Pending {
    key: Key,
    occ: Occurrence,
    source: Source,
}

/// A broadcast handed to the player.
#[derive(Clone, Debug)]
struct Current {
    b: Broadcast,
    row: NewBroadcast,
    started: Option<DateTime<Utc>>,
    /// For a scheduled broadcast: its occurrence, to requeue if it never sounded.
    pending: Option<Pending>,
    /// Why it is being ended, if the dispatcher asked.
    ending: Option<Ending>,
}

#[derive(Clone, Debug, PartialEq)]
enum Ending {
    StoppedBy(String),
    InterruptedBy(String),
    Shutdown,
}

/// A repeating emergency (`every`), active until `loa stop`.
#[derive(Clone, Debug)]
struct Latched {
    b: Broadcast,
    row: NewBroadcast,
    every: Duration,
    next: DateTime<Utc>,
}

pub struct Dispatcher {
    schedule: Arc<Schedule>,
    done: HashSet<Key>,
    queue: Vec<Pending>,
    manual: VecDeque<(Broadcast, NewBroadcast)>,
    current: Option<Current>,
    /// Broadcasts replaced (by an emergency) whose end the player has not reported yet.
    leaving: Vec<Current>,
    released_until: DateTime<Utc>,
    paused: Option<Option<DateTime<Utc>>>,
    latched: Option<Latched>,
    next_token: Token,
    shutting_down: bool,
    /// Occurrences planned for a window, reused until a query leaves it (planning a big
    /// schedule costs milliseconds; the dispatcher asks after every event).
    planned: (DateTime<Utc>, DateTime<Utc>, Vec<Occurrence>),
}

impl Dispatcher {
    /// A dispatcher starting at `now`. `done` holds the occurrences history already has;
    /// `last_active` is the latest time history shows the daemon at work (to tell what was
    /// missed while it was down).
    pub fn start(
        schedule: Arc<Schedule>,
        done: impl IntoIterator<Item = Key>,
        last_active: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> (Dispatcher, Vec<Effect>) {
        let catch_up = delta(schedule.station.catch_up);
        let mut d = Dispatcher {
            schedule,
            done: done.into_iter().collect(),
            queue: Vec::new(),
            manual: VecDeque::new(),
            current: None,
            leaving: Vec::new(),
            released_until: now,
            paused: None,
            latched: None,
            next_token: 1,
            shutting_down: false,
            planned: (now, now, Vec::new()),
        };
        let mut fx = Vec::new();
        // Missed while down: from the last sign of life (at most LOOKBACK ago), older than
        // catch_up. Younger ones are released now and play once, as catch-up.
        let from = last_active.unwrap_or(now).max(now - LOOKBACK).min(now);
        let missed = (Outcome::Missed, "the daemon was not running".to_string());
        fx.extend(d.admit(from, now, now, catch_up, Source::CatchUp, missed));
        fx.extend(d.advance(now));
        (d, fx)
    }

    pub fn schedule(&self) -> &Arc<Schedule> {
        &self.schedule
    }

    /// Occurrences in `[from, to)`, from the planned window when it covers them.
    fn occurrences(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
        let (a, b, _) = &self.planned;
        if from < *a || to > *b {
            let end = to.max(from + SCAN);
            self.planned = (from, end, plan::occurrences(&self.schedule, from, end));
        }
        self.planned
            .2
            .iter()
            .filter(|o| o.at >= from && o.at < to)
            .cloned()
            .collect()
    }

    fn key(&self, o: &Occurrence) -> Key {
        Key {
            id: self.schedule.announcements[o.index].id.clone(),
            local: o.local,
        }
    }

    fn token(&mut self) -> Token {
        let t = self.next_token;
        self.next_token += 1;
        t
    }

    fn sort_queue(&mut self) {
        self.queue.sort_by(|a, b| {
            a.occ
                .at
                .cmp(&b.occ.at)
                .then(b.occ.priority.cmp(&a.occ.priority))
                .then(a.occ.index.cmp(&b.occ.index))
        });
    }

    /// A history row for an occurrence.
    fn row_for(&self, o: &Occurrence, source: Source) -> NewBroadcast {
        let a = &self.schedule.announcements[o.index];
        NewBroadcast {
            id: a.id.clone(),
            title: a.title.clone(),
            source,
            requested_by: "schedule".into(),
            scheduled: Some(o.at),
            occurrence: Some(o.local),
            files: a.files[o.file_indexes(a)]
                .iter()
                .map(|f| f.written.clone())
                .collect(),
        }
    }

    /// Records an occurrence decided without playing it.
    fn decide(
        &mut self,
        o: &Occurrence,
        source: Source,
        outcome: Outcome,
        reason: String,
    ) -> Effect {
        self.done.insert(self.key(o));
        Effect::Record {
            row: self.row_for(o, source),
            outcome,
            reason,
        }
    }

    /// Handles an event from the clock or the player.
    pub fn handle(&mut self, ev: Event, now: DateTime<Utc>) -> Vec<Effect> {
        let mut fx = Vec::new();
        match ev {
            Event::Tick => {}
            Event::Started { token, at } => {
                let started = self
                    .find_mut(token)
                    .filter(|c| c.started.is_none())
                    .map(|c| {
                        c.started = Some(at);
                        (c.row.clone(), c.pending.as_ref().map(|p| p.key.clone()))
                    });
                if let Some((row, key)) = started {
                    if let Some(k) = key {
                        self.done.insert(k);
                    }
                    fx.push(Effect::RecordStart {
                        token,
                        row,
                        started: at,
                    });
                }
            }
            Event::Finished { token, outcome } => fx.extend(self.finished(token, outcome, now)),
        }
        fx.extend(self.advance(now));
        fx
    }

    fn find_mut(&mut self, token: Token) -> Option<&mut Current> {
        if self.current.as_ref().is_some_and(|c| c.b.token == token) {
            return self.current.as_mut();
        }
        self.leaving.iter_mut().find(|c| c.b.token == token)
    }

    fn finished(
        &mut self,
        token: Token,
        outcome: PlayerOutcome,
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
        let (result, reason) = match (&outcome, &c.ending) {
            (PlayerOutcome::Failed(why), _) => (Outcome::Failed, Some(why.clone())),
            (_, Some(Ending::Shutdown)) => {
                (Outcome::Interrupted, Some("daemon stopped".to_string()))
            }
            (_, Some(Ending::StoppedBy(by))) => {
                (Outcome::Stopped, Some(format!("stopped by {by}")))
            }
            (_, Some(Ending::InterruptedBy(what))) => {
                (Outcome::Interrupted, Some(format!("interrupted by {what}")))
            }
            (PlayerOutcome::Played, None) => (Outcome::Played, None),
            (PlayerOutcome::Stopped, None) => (Outcome::Stopped, None),
            (PlayerOutcome::Interrupted, None) => (Outcome::Interrupted, None),
        };
        match (c.started, c.pending) {
            (Some(_), _) => fx.push(Effect::RecordFinish {
                token,
                ended: now,
                outcome: result,
                reason,
            }),
            // Handed over but never sounded: a scheduled one goes back to the queue (or, when
            // the daemon is stopping, is left for the next start), unless the player failed.
            (None, Some(_)) if self.shutting_down && result != Outcome::Failed => {}
            (None, Some(p)) if result == Outcome::Interrupted => {
                self.queue.push(p);
                self.sort_queue();
            }
            (None, pending) => {
                if let Some(p) = &pending {
                    self.done.insert(p.key.clone());
                }
                let why = reason.unwrap_or_else(|| "it never started".into());
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
                Some(Ending::StoppedBy(_)) | Some(Ending::Shutdown)
            ) {
                self.latched = None;
            } else {
                l.next = c.started.unwrap_or(now) + delta(l.every);
            }
        }
        fx
    }

    /// Looks at the time and does what is due.
    fn advance(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let mut fx = Vec::new();
        if self.shutting_down {
            return fx;
        }
        if let Some(Some(until)) = self.paused
            && now >= until
        {
            self.paused = None;
        }
        fx.extend(self.release(now));
        fx.extend(self.expire(now));
        if self.current.is_none() {
            fx.extend(self.dispatch(now));
        }
        fx
    }

    /// Considers the occurrences up to `now + LEAD` (included) not considered yet.
    fn release(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let upto = now + lead() + TimeDelta::milliseconds(1);
        if upto <= self.released_until {
            return Vec::new();
        }
        let from = self.released_until.max(now - LOOKBACK);
        self.released_until = upto;
        let max_delay = delta(self.schedule.station.max_delay);
        let skipped = (
            Outcome::Skipped,
            format!(
                "could not start within max_delay ({}): the clock jumped forward past it",
                humantime::format_duration(self.schedule.station.max_delay)
            ),
        );
        self.admit(from, upto, now, max_delay, Source::Schedule, skipped)
    }

    /// Queues (as `source`) the occurrences in `[from, upto)` that are not handled yet; one
    /// already more than `limit` late at `now` is recorded with `late` instead (its source is
    /// the schedule either way).
    fn admit(
        &mut self,
        from: DateTime<Utc>,
        upto: DateTime<Utc>,
        now: DateTime<Utc>,
        limit: TimeDelta,
        source: Source,
        late: (Outcome, String),
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
            if o.at + limit < now {
                fx.push(self.decide(&o, Source::Schedule, late.0, late.1.clone()));
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

    fn in_flight(&self, key: &Key) -> bool {
        self.current
            .iter()
            .chain(self.leaving.iter())
            .any(|c| c.pending.as_ref().is_some_and(|p| &p.key == key))
    }

    /// The last moment a pending occurrence may start: `max_delay` after its time, or
    /// `catch_up` for one caught up after a restart.
    fn deadline(&self, p: &Pending) -> DateTime<Utc> {
        let st = &self.schedule.station;
        let allowance = match p.source {
            Source::CatchUp => st.catch_up.max(st.max_delay),
            _ => st.max_delay,
        };
        p.occ.at + delta(allowance)
    }

    /// Skips what can no longer start in time.
    fn expire(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let why = if self.paused.is_some() {
            "broadcasts were paused"
        } else if self.latched.is_some()
            || self
                .current
                .as_ref()
                .is_some_and(|c| c.b.source == Source::Emergency)
        {
            "held by an emergency"
        } else {
            "the output was busy"
        };
        let queue = std::mem::take(&mut self.queue);
        let (late, keep): (Vec<Pending>, Vec<Pending>) =
            queue.into_iter().partition(|p| self.deadline(p) <= now);
        self.queue = keep;
        late.into_iter()
            .map(|p| {
                let reason = format!(
                    "could not start within max_delay ({}): {why}",
                    humantime::format_duration(self.schedule.station.max_delay)
                );
                self.decide(&p.occ, p.source, Outcome::Skipped, reason)
            })
            .collect()
    }

    /// Hands the next thing to the player, if anything is due.
    fn dispatch(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        if let Some((mut b, row)) = self
            .latched
            .as_ref()
            .filter(|l| l.next <= now)
            .map(|l| (l.b.clone(), l.row.clone()))
        {
            b.token = self.token();
            b.start = StartAt::Now;
            return self.hand_over(b, row, None);
        }
        if let Some((mut b, row)) = self.manual.pop_front() {
            b.start = StartAt::Now;
            return self.hand_over(b, row, None);
        }
        if self.paused.is_some() || self.latched.is_some() {
            return Vec::new();
        }
        let Some(head) = self.queue.first() else {
            return Vec::new();
        };
        if head.occ.at - lead() > now {
            return Vec::new();
        }
        let p = self.queue.remove(0);
        let start = if p.occ.at > now {
            StartAt::At(p.occ.at)
        } else {
            StartAt::Now
        };
        let token = self.token();
        let b = self.scheduled_broadcast(&p, token, start);
        let row = self.row_for(&p.occ, p.source);
        self.hand_over(b, row, Some(p))
    }

    fn hand_over(
        &mut self,
        b: Broadcast,
        row: NewBroadcast,
        pending: Option<Pending>,
    ) -> Vec<Effect> {
        self.current = Some(Current {
            b: b.clone(),
            row,
            started: None,
            pending,
            ending: None,
        });
        vec![Effect::Play(b)]
    }

    fn scheduled_broadcast(&self, p: &Pending, token: Token, start: StartAt) -> Broadcast {
        let s = &self.schedule;
        let a = &s.announcements[p.occ.index];
        let items = plan::playlist(s, &p.occ)
            .into_iter()
            .map(|seg| match seg {
                plan::Segment::Audio(f) => Item::File(f.path.clone()),
                plan::Segment::Gap(g) => Item::Silence(g),
            })
            .collect();
        Broadcast {
            token,
            id: a.id.clone(),
            title: a.title.clone(),
            items,
            gain: volume_gain(f32::from(s.station.volume)) * volume_gain(f32::from(a.volume)),
            start,
            source: p.source,
        }
    }

    /// Handles a request from the control socket; the reply is a sentence for the user.
    pub fn request(
        &mut self,
        r: Request,
        now: DateTime<Utc>,
    ) -> (Result<String, Refusal>, Vec<Effect>) {
        let mut fx = Vec::new();
        let reply = match r {
            Request::Play {
                target,
                emergency,
                repeat,
                volume,
                by,
            } => match self.play_request(target, emergency, repeat, volume, &by, now) {
                Ok((msg, effects)) => {
                    fx.extend(effects);
                    Ok(msg)
                }
                Err(e) => Err(e),
            },
            Request::Stop { by } => {
                let stopping_latched = self.latched.take().map(|l| l.b.id);
                match &mut self.current {
                    // A scheduled broadcast handed over ahead of its time is not playing yet.
                    Some(c) if c.started.is_some() || c.pending.is_none() => {
                        c.ending = Some(Ending::StoppedBy(by));
                        fx.push(Effect::Stop);
                        Ok(format!("stopping \"{}\"", c.b.id))
                    }
                    _ => match stopping_latched {
                        Some(id) => Ok(format!("the repeating emergency \"{id}\" is ended")),
                        None => Err(Refusal::Refused("nothing is playing".to_string())),
                    },
                }
            }
            Request::Pause { until, by: _ } => {
                self.paused = Some(until);
                Ok(match until {
                    Some(t) => format!("scheduled broadcasts paused until {}", self.local(t)),
                    None => "scheduled broadcasts paused until `loa resume`".to_string(),
                })
            }
            Request::Resume { by: _ } => {
                if self.paused.take().is_some() {
                    Ok("scheduled broadcasts resumed".to_string())
                } else {
                    Err(Refusal::Refused(
                        "scheduled broadcasts were not paused".to_string(),
                    ))
                }
            }
        };
        fx.extend(self.advance(now));
        (reply, fx)
    }

    fn local(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.schedule.station.timezone)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    fn play_request(
        &mut self,
        target: Target,
        emergency: bool,
        repeat: Option<u32>,
        volume: Option<u8>,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, Vec<Effect>), Refusal> {
        let s = self.schedule.clone();
        let station = volume_gain(f32::from(s.station.volume));
        let gain = |default: u8| station * volume_gain(f32::from(volume.unwrap_or(default)));
        let files_items = |files: &[AudioRef], repeat: u32, gap: Duration| {
            let mut items = Vec::new();
            for r in 0..repeat.max(1) {
                if r > 0 && !gap.is_zero() {
                    items.push(Item::Silence(gap));
                }
                items.extend(files.iter().map(|f| Item::File(f.path.clone())));
            }
            items
        };
        let token = self.token();
        let (b, files, every, is_emergency) = match &target {
            Target::Id(id) => {
                if let Some(e) = s.emergency(id) {
                    let mut items: Vec<Item> =
                        e.alert.iter().map(|a| Item::File(a.path.clone())).collect();
                    items.extend(files_items(&e.files, repeat.unwrap_or(e.repeat), e.gap));
                    let b = Broadcast {
                        token,
                        id: e.id.clone(),
                        title: e.title.clone(),
                        items,
                        gain: gain(e.volume),
                        start: StartAt::Now,
                        source: Source::Emergency,
                    };
                    (
                        b,
                        e.files
                            .iter()
                            .map(|f| f.written.clone())
                            .collect::<Vec<_>>(),
                        e.every,
                        true,
                    )
                } else if let Some(a) = s.announcement(id) {
                    let mut items: Vec<Item> = if emergency {
                        Vec::new()
                    } else {
                        s.chime_for(a)
                            .iter()
                            .map(|c| Item::File(c.path.clone()))
                            .collect()
                    };
                    items.extend(files_items(&a.files, repeat.unwrap_or(a.repeat), a.gap));
                    let source = if emergency {
                        Source::Emergency
                    } else {
                        Source::Manual
                    };
                    let b = Broadcast {
                        token,
                        id: a.id.clone(),
                        title: a.title.clone(),
                        items,
                        gain: gain(a.volume),
                        start: StartAt::Now,
                        source,
                    };
                    (
                        b,
                        a.files.iter().map(|f| f.written.clone()).collect(),
                        None,
                        emergency,
                    )
                } else {
                    return Err(Refusal::NotFound(format!(
                        "no announcement or emergency preset \"{id}\" in {}",
                        s.file_name
                    )));
                }
            }
            Target::File(path) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let items = (0..repeat.unwrap_or(1).max(1))
                    .map(|_| Item::File(path.clone()))
                    .collect();
                let source = if emergency {
                    Source::Emergency
                } else {
                    Source::Manual
                };
                let b = Broadcast {
                    token,
                    id: path.display().to_string(),
                    title: name,
                    items,
                    gain: gain(100),
                    start: StartAt::Now,
                    source,
                };
                (b, vec![path.display().to_string()], None, emergency)
            }
        };
        let row = NewBroadcast {
            id: b.id.clone(),
            title: b.title.clone(),
            source: b.source,
            requested_by: by.to_string(),
            scheduled: None,
            occurrence: None,
            files,
        };
        if is_emergency {
            let what = format!("emergency \"{}\"", b.id);
            let mut fx = Vec::new();
            if let Some(mut c) = self.current.take() {
                c.ending = Some(Ending::InterruptedBy(what.clone()));
                self.leaving.push(c);
            }
            self.latched = every.map(|every| Latched {
                b: b.clone(),
                row: row.clone(),
                every,
                next: now + delta(every),
            });
            fx.extend(self.hand_over(b, row, None));
            let again = every.map_or_else(String::new, |e| {
                format!(
                    ", again every {} until `loa stop`",
                    humantime::format_duration(e)
                )
            });
            return Ok((format!("{what} playing now{again}"), fx));
        }
        let id = b.id.clone();
        self.manual.push_back((b, row));
        if self.current.is_some() {
            Ok((
                format!("\"{id}\" will play when the current broadcast ends"),
                Vec::new(),
            ))
        } else {
            Ok((format!("\"{id}\" playing now"), Vec::new()))
        }
    }

    /// A new schedule: what plays goes on; what is due is worked out again.
    pub fn reload(&mut self, schedule: Arc<Schedule>, now: DateTime<Utc>) -> Vec<Effect> {
        let max_delay = delta(schedule.station.max_delay);
        let old = std::mem::take(&mut self.queue);
        self.schedule = schedule;
        self.planned = (now, now, Vec::new());
        // Waiting occurrences the new schedule still has stay (with its files and priority);
        // the others are gone with the old schedule.
        if let Some(earliest) = old.iter().map(|p| p.occ.at).min() {
            let fresh = plan::occurrences(
                &self.schedule,
                earliest,
                now + lead() + TimeDelta::seconds(1),
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
        // Reconsider everything that could still start.
        self.released_until = now - max_delay;
        self.advance(now)
    }

    /// Stopping the daemon: fade out what plays; it is recorded interrupted ("daemon stopped").
    pub fn shutdown(&mut self) -> Vec<Effect> {
        self.shutting_down = true;
        self.latched = None;
        match &mut self.current {
            Some(c) => {
                c.ending = Some(Ending::Shutdown);
                vec![Effect::Stop]
            }
            None => Vec::new(),
        }
    }

    /// Whether anything is still handed to the player.
    pub fn busy(&self) -> bool {
        self.current.is_some() || !self.leaving.is_empty()
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
            let held = self.paused.is_some() || self.latched.is_some() || self.current.is_some();
            if !held {
                wake.push(head.occ.at - lead());
            }
            // Whatever waits is skipped at its deadline.
            if let Some(first_deadline) = self.queue.iter().map(|p| self.deadline(p)).min() {
                wake.push(first_deadline);
            }
        }
        // The next occurrence not released yet (at most SCAN ahead; else look again then).
        let from = self.released_until;
        let upcoming = self.occurrences(from, from + SCAN);
        match upcoming
            .into_iter()
            .find(|o| !self.done.contains(&self.key(o)))
        {
            Some(o) => wake.push(o.at - lead()),
            None => wake.push(from + SCAN),
        }
        wake.into_iter().min().map(|t| t.max(now))
    }

    pub fn status(&self, now: DateTime<Utc>) -> Status {
        let tz = self.schedule.station.timezone;
        let fmt = |t: DateTime<Utc>| {
            t.with_timezone(&tz)
                .to_rfc3339_opts(SecondsFormat::Secs, false)
        };
        let playing = self
            .current
            .as_ref()
            .filter(|c| c.started.is_some() || c.b.start == StartAt::Now)
            .map(|c| Playing {
                id: c.b.id.clone(),
                title: c.b.title.clone(),
                source: c.b.source,
                started: c.started.map(|t| {
                    t.with_timezone(&tz)
                        .to_rfc3339_opts(SecondsFormat::Millis, false)
                }),
                progress_seconds: c
                    .started
                    .map(|t| (now - t).num_milliseconds().max(0) as f64 / 1000.0),
            });
        let mut queue: Vec<Upcoming> = self
            .current
            .iter()
            .filter(|c| c.started.is_none() && c.b.start != StartAt::Now)
            .filter_map(|c| {
                let p = c.pending.as_ref()?;
                Some(Upcoming {
                    id: p.key.id.clone(),
                    title: c.b.title.clone(),
                    at: fmt(p.occ.at),
                    source: p.source,
                })
            })
            .collect();
        queue.extend(self.manual.iter().map(|(b, _)| Upcoming {
            id: b.id.clone(),
            title: b.title.clone(),
            at: fmt(now),
            source: b.source,
        }));
        queue.extend(self.queue.iter().map(|p| Upcoming {
            id: p.key.id.clone(),
            title: self.schedule.announcements[p.occ.index].title.clone(),
            at: fmt(p.occ.at),
            source: p.source,
        }));
        let next = plan::occurrences(
            &self.schedule,
            self.released_until,
            self.released_until + SCAN,
        )
        .into_iter()
        .filter(|o| !self.done.contains(&self.key(o)))
        .take(5)
        .map(|o| Upcoming {
            id: self.schedule.announcements[o.index].id.clone(),
            title: self.schedule.announcements[o.index].title.clone(),
            at: fmt(o.at),
            source: Source::Schedule,
        })
        .collect();
        Status {
            playing,
            paused: self.paused.is_some(),
            paused_until: self.paused.flatten().map(fmt),
            emergency: self.latched.as_ref().map(|l| Repeating {
                id: l.b.id.clone(),
                every_seconds: l.every.as_secs(),
                next: fmt(l.next),
            }),
            queue,
            next,
        }
    }
}
