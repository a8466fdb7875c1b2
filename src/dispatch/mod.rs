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
//! - A broadcast's row is opened in history just before its first sample ([`Event::Starting`]:
//!   the shell lets the sample out once the row is on disk), given its start when the first
//!   sample has sounded, and completed at the end. From the moment its row is opened, an
//!   occurrence is never released again: a crash at any instant cannot make it play twice.
//!
//! The module is split by concern: `queue` (what is released, expires, plays next; reload),
//! `requests` (play, stop, pause, resume), `status`, and `when` (moments a person writes).

use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, TimeDelta, Utc};
use serde::Serialize;

use crate::audio::convert::volume_gain;
use crate::audio::player::{Item, Outcome as PlayerOutcome, Playlist, Report};
use crate::history::{Finish, NewBroadcast, Outcome, Source};
use crate::i18n::Said;
use crate::plan::{self, Occurrence};
use crate::schedule::{AudioRef, Schedule};
use crate::t;

/// How long before its time a scheduled broadcast is handed to the player, which opens the
/// output, decodes the first packets and holds them until the exact frame.
pub const LEAD: Duration = Duration::from_secs(2);
/// The most one manual play (not an emergency) may hold the output for; past it, it is cut
/// with a fade and recorded stopped.
pub const MANUAL_LIMIT: Duration = Duration::from_secs(3600);
/// The longest a relay may last (a window, or `loa play URL --for`).
pub const MAX_RELAY: Duration = Duration::from_secs(24 * 3600);
/// The most manual plays that may wait for the output at once.
pub const MAX_WAITING: usize = 10;
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

/// Why scheduled broadcasts wait, when they do: each is also the reason of one that waited too
/// long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Held {
    Paused,
    Emergency,
    ClockUnsynced,
}

impl Held {
    fn said(self) -> Said {
        Said::new(|| match self {
            Held::Paused => t!("reason-why-paused"),
            Held::Emergency => t!("reason-why-emergency"),
            Held::ClockUnsynced => t!("reason-why-clock"),
        })
    }
}

mod amplifier;
mod finish;
mod live;
mod queue;
mod relay;
mod requests;
mod status;
mod stop;
mod when;

pub use amplifier::Switch;
pub use live::{LiveEnd, Waiting};
pub use requests::{Answer, FromBulletin, Refusal, Request, Target};
pub use status::{Playing, Repeating, Status, Upcoming};
pub use stop::Stopped;
pub use when::parse_when;

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
    pub playlist: Playlist,
    pub gain: f32,
    pub start: StartAt,
    pub source: Source,
    /// The most audio it may play (a manual play: [`MANUAL_LIMIT`]; a relay: until its
    /// window's end).
    pub limit: Option<Duration>,
    /// A relay: the live stream it plays; `playlist` then holds its fallback.
    pub live: Option<Live>,
    /// A person speaking live (spec §12): the name the shell knows their sound by. Not a relay:
    /// nothing cuts into it but an emergency, and it ends when they finish.
    pub voice: Option<String>,
}

impl Broadcast {
    /// Files to play now under `source`: no limit, no stream (a scheduled broadcast sets its
    /// token and start; a relay adds its window and stream).
    fn of_files(id: &str, title: &str, playlist: Playlist, gain: f32, source: Source) -> Self {
        Broadcast {
            token: 0,
            id: id.to_owned(),
            title: title.to_owned(),
            playlist,
            gain,
            start: StartAt::Now,
            source,
            limit: None,
            live: None,
            voice: None,
        }
    }
}

/// The schedule's files as the player plays them: `prelude` (a chime or an alert) once, then
/// `body` `repeat` times with `gap` between.
fn playlist<'a>(
    prelude: impl IntoIterator<Item = &'a AudioRef>,
    body: &[AudioRef],
    repeat: u32,
    gap: Duration,
) -> Playlist {
    let item = |f: &AudioRef| Item::File(f.path.clone());
    Playlist {
        prelude: prelude.into_iter().map(item).collect(),
        body: body.iter().map(item).collect(),
        repeat,
        gap,
    }
}

/// A relay's stream, as the dispatcher knows it: names only (it never sees a byte).
#[derive(Clone, Debug, PartialEq)]
pub struct Live {
    /// Names the stream's connection, which outlives the parts of a relay cut by something
    /// else ("id@local time" for a relay occurrence).
    pub link: String,
    pub streams: Vec<String>,
    pub fallback_after: Duration,
    /// The window's end (none for `loa play URL` without `--for`).
    pub end: Option<DateTime<Utc>>,
    /// Its history row is already open: a relay resuming after something cut in (the player
    /// lets it out at once, without waiting for a row).
    pub resumed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Play(Broadcast),
    /// Fade out and end what plays.
    Stop,
    /// Open the broadcast's row; once it is on disk, the player may let the first sample out.
    RecordStart {
        token: Token,
        row: NewBroadcast,
    },
    /// Its first sample sounded at `at`.
    RecordStarted {
        token: Token,
        at: DateTime<Utc>,
    },
    RecordFinish {
        token: Token,
        end: Finish,
    },
    /// Run the amplifier's command.
    Amplifier(Switch),
    /// Open a relay's stream (ahead of its window) and keep it open until `Disconnect`, and in
    /// any case no later than `until`.
    Connect {
        link: String,
        streams: Vec<String>,
        until: Option<DateTime<Utc>>,
    },
    /// Close a relay's stream.
    Disconnect {
        link: String,
    },
    Record {
        row: NewBroadcast,
        outcome: Outcome,
        reason: Said,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Time has passed (a timer, a clock step): look again.
    Tick,
    /// Whether the system clock is synchronised now (told when it changes).
    ClockSync(bool),
    /// The player is about to let the broadcast's first sample out, and waits for its row.
    Starting {
        token: Token,
    },
    Started {
        token: Token,
        at: DateTime<Utc>,
    },
    Finished {
        token: Token,
        outcome: PlayerOutcome,
        report: Report,
        /// When its last sample sounded, when the player can tell.
        ended: Option<DateTime<Utc>>,
    },
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
    /// Its history row has been opened (it was about to sound).
    opened: bool,
    /// For a scheduled broadcast: its occurrence, to requeue if it never sounded.
    pending: Option<Pending>,
    /// Why it is being ended, if the dispatcher asked.
    ending: Option<Ending>,
    /// A relay: what its earlier parts aired, when something cut in.
    aired: relay::Aired,
}

#[derive(Clone, Debug, PartialEq)]
enum Ending {
    StoppedBy(String),
    /// Stopped for a reason of the province's (`loa fleet stop`, a revoked key).
    StoppedFor(Said),
    /// What it gave way to, in words ("emergency \"bao\"").
    InterruptedBy(Said),
    /// A relay giving way to a broadcast with a higher priority (it resumes afterwards).
    CutIn(Said),
    /// A relay past its window's end.
    WindowEnd,
    /// Ended by the shell for what it saw fail (a stream played by hand that answered 404).
    Failed(Said),
    /// A speaker's sound stopped coming (spec §12): interrupted, saying why.
    Lost(Said),
    Shutdown,
}

/// A repeating emergency (`every`), active until `loa stop` (or, a bulletin's, until it
/// expires or the province stops it).
#[derive(Clone, Debug)]
struct Latched {
    b: Broadcast,
    row: NewBroadcast,
    every: Duration,
    next: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
}

/// How many days back the occurrences already recorded are remembered: the daemon reads as much
/// of its history at start-up, and forgets older ones once a day as it runs (a box that runs for
/// years would otherwise hold every occurrence it ever played).
pub const REMEMBERED_DAYS: i64 = 35;

pub struct Dispatcher {
    schedule: Arc<Schedule>,
    done: HashSet<Key>,
    /// When `done` last forgot what is older than `REMEMBERED_DAYS`.
    forgot_at: DateTime<Utc>,
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
    /// The amplifier's switch, when the schedule has one.
    amp: Option<amplifier::Amp>,
    /// When the output last fell silent (the amplifier's off delay counts from it).
    last_ended: Option<DateTime<Utc>>,
    /// Whether the system clock is synchronised, as last told (`require_clock_sync`).
    clock_synced: bool,
    /// A relay cut by something with a higher priority, waiting to resume within its window.
    suspended: Option<Current>,
    /// The relays' streams the shell has been told to keep open.
    links: Vec<String>,
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
        Dispatcher::start_with(schedule, done, last_active, now, true)
    }

    /// The same, knowing at once whether the clock is synchronised (a box that boots with a
    /// stale time must not catch up by it).
    pub fn start_with(
        schedule: Arc<Schedule>,
        done: impl IntoIterator<Item = Key>,
        last_active: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        clock_synced: bool,
    ) -> (Dispatcher, Vec<Effect>) {
        let catch_up = delta(schedule.station.catch_up);
        let mut d = Dispatcher {
            schedule,
            done: done.into_iter().collect(),
            forgot_at: now,
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
            amp: None,
            last_ended: None,
            clock_synced,
            suspended: None,
            links: Vec::new(),
        };
        d.amp = d
            .schedule
            .station
            .amplifier
            .clone()
            .map(amplifier::Amp::new);
        let mut fx = Vec::new();
        // Whatever a crash left it at, the amplifier starts off (the next broadcast switches it
        // on): not humming all night after a restart.
        if let Some(a) = &mut d.amp {
            fx.push(Effect::Amplifier(a.reset(now)));
        }
        // Missed while down: from the last sign of life (at most LOOKBACK ago), older than
        // catch_up. Younger ones are released now and play once, as catch-up.
        let from = last_active.unwrap_or(now).max(now - LOOKBACK).min(now);
        let why = || Said::new(|| t!("reason-daemon-down"));
        let missed: (Outcome, &dyn Fn() -> Said) = (Outcome::Missed, &why);
        fx.extend(d.admit(from, now, now, catch_up, Source::CatchUp, missed));
        d.join_open_windows(now);
        fx.extend(d.advance(now));
        (d, fx)
    }

    pub fn schedule(&self) -> &Arc<Schedule> {
        &self.schedule
    }

    fn key(&self, o: &Occurrence) -> Key {
        Key {
            id: self.id_title(o).0.to_string(),
            local: o.local,
        }
    }

    /// The id and title of an occurrence's announcement or relay.
    fn id_title(&self, o: &Occurrence) -> (&str, &str) {
        let s = &self.schedule;
        match o.relay {
            Some(_) => s
                .relays
                .get(o.index)
                .map_or(("?", ""), |r| (r.id.as_str(), r.title.as_str())),
            None => s
                .announcements
                .get(o.index)
                .map_or(("?", ""), |a| (a.id.as_str(), a.title.as_str())),
        }
    }

    fn token(&mut self) -> Token {
        let t = self.next_token;
        self.next_token += 1;
        t
    }

    /// Handles an event from the clock or the player.
    pub fn handle(&mut self, ev: Event, now: DateTime<Utc>) -> Vec<Effect> {
        let mut fx = Vec::new();
        match ev {
            Event::Tick => {}
            Event::ClockSync(synced) => self.clock_synced = synced,
            Event::Starting { token } => fx.extend(self.open_row(token)),
            Event::Started { token, at } => {
                let first = self
                    .find_mut(token)
                    .filter(|c| c.started.is_none())
                    .map(|c| c.started = Some(at))
                    .is_some();
                if first {
                    fx.extend(self.open_row(token));
                    fx.push(Effect::RecordStarted { token, at });
                }
            }
            Event::Finished {
                token,
                outcome,
                report,
                ended,
            } => fx.extend(self.finished(token, outcome, &report, ended, now)),
        }
        fx.extend(self.advance(now));
        fx
    }

    /// Opens a broadcast's row (once): from now on its occurrence is done, whatever happens.
    fn open_row(&mut self, token: Token) -> Option<Effect> {
        let c = self.find_mut(token).filter(|c| !c.opened)?;
        c.opened = true;
        let (row, key) = (c.row.clone(), c.pending.as_ref().map(|p| p.key.clone()));
        if let Some(k) = key {
            self.done.insert(k);
        }
        Some(Effect::RecordStart { token, row })
    }

    fn find_mut(&mut self, token: Token) -> Option<&mut Current> {
        if self.current.as_ref().is_some_and(|c| c.b.token == token) {
            return self.current.as_mut();
        }
        self.leaving.iter_mut().find(|c| c.b.token == token)
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
        // A bulletin's repetition ends when the bulletin expires.
        if self
            .latched
            .as_ref()
            .is_some_and(|l| l.until.is_some_and(|u| l.next >= u))
        {
            self.latched = None;
        }
        self.forget(now);
        fx.extend(self.release(now));
        fx.extend(self.expire(now));
        fx.extend(self.end_windows(now));
        fx.extend(self.cut_in(now));
        if self.current.is_none() {
            fx.extend(self.dispatch(now));
        }
        fx.extend(self.keep_links(now));
        let (busy, next) = (self.busy(), self.next_start(now));
        if let Some(a) = &mut self.amp
            && let Some(sw) = a.step(now, busy, next, self.last_ended)
        {
            fx.push(Effect::Amplifier(sw));
        }
        fx
    }

    /// Once a day, forgets the occurrences older than `REMEMBERED_DAYS` (what start-up reads).
    fn forget(&mut self, now: DateTime<Utc>) {
        if now - self.forgot_at < TimeDelta::days(1) {
            return;
        }
        self.forgot_at = now;
        let cutoff = (now - TimeDelta::days(REMEMBERED_DAYS))
            .with_timezone(&self.schedule.station.timezone)
            .naive_local();
        self.done.retain(|k| k.local >= cutoff);
    }

    /// When the next broadcast wants its first sample: a manual play now, a repeating
    /// emergency at its time, the head of the queue unless it is held.
    fn next_start(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if !self.manual.is_empty() {
            return Some(now);
        }
        if let Some(l) = &self.latched {
            return Some(l.next);
        }
        if self.held().is_some() {
            return None;
        }
        self.queue.first().map(|p| p.occ.at)
    }

    /// Why scheduled broadcasts are held, if they are.
    fn held(&self) -> Option<Held> {
        if self.paused.is_some() {
            Some(Held::Paused)
        } else if self.latched.is_some() {
            Some(Held::Emergency)
        } else if self.schedule.station.require_clock_sync && !self.clock_synced {
            Some(Held::ClockUnsynced)
        } else {
            None
        }
    }

    /// When a broadcast handed over now should start: at `at` (now, if `None`), but not before
    /// the amplifier has had its lead since it was switched on — unless it is an emergency.
    fn start_at(&self, at: Option<DateTime<Utc>>, emergency: bool, now: DateTime<Utc>) -> StartAt {
        let earliest = match &self.amp {
            Some(a) if !emergency => Some(a.ready_at(now)),
            _ => None,
        };
        match at.max(earliest).filter(|t| *t > now) {
            Some(t) => StartAt::At(t),
            None => StartAt::Now,
        }
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
            opened: false,
            pending,
            ending: None,
            aired: relay::Aired::default(),
        });
        vec![Effect::Play(b)]
    }

    /// Whether anything is still handed to the player.
    pub fn busy(&self) -> bool {
        self.current.is_some() || !self.leaving.is_empty()
    }
}

#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod tests;
