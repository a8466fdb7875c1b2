//! A provincial bulletin's life on this station (spec §9), as a pure state machine: events in
//! ([`Event`]: a verified bulletin arrived, its recordings came, the commune decided, time
//! passed, the dispatcher answered, a broadcast started or ended, the province stopped it, the
//! keys changed), decisions out ([`Decision`]: ack this, keep this record, fetch, play, stop
//! these broadcasts, answer the commune). No clock (the time is passed in), no I/O, no MQTT, no
//! dispatcher: the shell (`daemon/shell/feed.rs`, `ending.rs`) carries the decisions out and,
//! where one needs an answer (the dispatcher's, a look on disk), sends it back as an event.
//! Every door that decides on a held bulletin — the socket's `loa bulletins accept|reject`, the
//! web — sends the same [`Event::Decided`].
//!
//! A bulletin's life: `received` → `fetching` (an `audio` one) → `held` (a normal one under
//! `normal = "hold"`, until the commune decides) | `waiting` (for its `play_at` or the commune's
//! `--at`) → `queued` (handed to the dispatcher) → `playing` → the broadcast's outcome
//! (`played`, `interrupted`, `stopped`, …); or `refused` (with a code), `rejected`, `expired`.
//! Acks: `received`, `queued` (as it begins to wait, or as it is handed over if it did not wait),
//! the outcome, `refused` (with a code: a rejection is `refused` with code `rejected`),
//! `expired`, `stopped`.
//!
//! What is refused as it arrives — unsigned, altered, expired, … (decided by
//! [`super::bulletin::open`]), replayed (an id already seen, also across restarts: history's
//! records come back with [`Event::Restored`]) or stopped by the province before it arrived — is
//! acked and never kept. Reasons are kinds with a code ([`Reason::code`]) and words from the
//! catalogue ([`Reason::words`]), as [`super::bulletin::Refusal`]'s are.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::bulletin::{AudioFile, Bulletin, Refusal};
use super::keys::PublicKey;
use super::stop::Stop;
use crate::dispatch::{Request, Stopped, Token};
use crate::history::{BulletinRecord, Outcome};
use crate::schedule::{NormalBulletins, Schedule};
use crate::t;

mod arrival;
mod ending;

/// What the life cycle needs to know of the running schedule, asked afresh for each event (a
/// reload may change it between two).
pub trait Station {
    /// `normal = "hold"`: a normal bulletin waits for the commune's decision.
    fn hold_normal(&self) -> bool;
    /// Whether the schedule holds the emergency preset `id` (a `preset` bulletin plays it).
    fn has_preset(&self, id: &str) -> bool;
}

impl Station for Schedule {
    fn hold_normal(&self) -> bool {
        self.fleet
            .as_ref()
            .is_some_and(|f| f.normal == NormalBulletins::Hold)
    }

    fn has_preset(&self, id: &str) -> bool {
        self.emergency(id).is_some()
    }
}

/// Where a bulletin is in its life (a record's `state`, an ack's `state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Received,
    Fetching,
    Held,
    Waiting,
    Queued,
    Playing,
    Refused,
    Rejected,
    Expired,
    /// Its broadcast ended (`played`, `interrupted`, …), or the province stopped it (`stopped`).
    Ended(Outcome),
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Received => "received",
            State::Fetching => "fetching",
            State::Held => "held",
            State::Waiting => "waiting",
            State::Queued => "queued",
            State::Playing => "playing",
            State::Refused => "refused",
            State::Rejected => "rejected",
            State::Expired => "expired",
            State::Ended(o) => o.as_str(),
        }
    }

    /// Not over yet: it may still play (or plays).
    pub fn is_live(self) -> bool {
        matches!(
            self,
            State::Received
                | State::Fetching
                | State::Held
                | State::Waiting
                | State::Queued
                | State::Playing
        )
    }
}

/// Whether a record's state (as history keeps it) is one of a bulletin not over yet.
pub fn is_live(state: &str) -> bool {
    [
        State::Received,
        State::Fetching,
        State::Held,
        State::Waiting,
        State::Queued,
        State::Playing,
    ]
    .iter()
    .any(|s| s.as_str() == state)
}

/// Why a bulletin went where it went: a code for machines (the ack's `code`) and words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Refused as it arrived, or its key was removed from `trusted_keys` since (`revoked`).
    Refusal(Refusal),
    /// A `preset` bulletin for a preset this station's schedule does not hold.
    UnknownPreset(String),
    /// To play before its recordings are here.
    NotFetched,
    /// Its recordings could not be fetched or checked (the fetch's words).
    Download(String),
    /// The dispatcher would not take it (its words).
    Dispatcher(String),
    /// The commune rejected it.
    Rejected { by: String },
    /// The province's stop (its id) ended it.
    Stopped { stop: String },
    /// How its broadcast ended, in the words of the broadcast's row.
    Outcome(String),
}

impl Reason {
    /// For machines (the `ack` topic's `code`).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Refusal(r) => r.code(),
            Reason::UnknownPreset(_) => "unknown-preset",
            Reason::NotFetched | Reason::Download(_) => "download",
            Reason::Dispatcher(_) => "refused",
            Reason::Rejected { .. } => "rejected",
            Reason::Stopped { .. } => "stopped",
            Reason::Outcome(_) => "outcome",
        }
    }

    /// For people, in the language of the thread.
    pub fn words(&self) -> String {
        match self {
            Reason::Refusal(r) => r.to_string(),
            Reason::UnknownPreset(id) => t!("bulletin-unknown-preset", preset = id.as_str()),
            Reason::NotFetched => t!("bulletin-audio-not-yet"),
            Reason::Download(w) | Reason::Dispatcher(w) | Reason::Outcome(w) => w.clone(),
            Reason::Rejected { by } => t!("bulletin-rejected-by", by = by.as_str()),
            Reason::Stopped { stop } => t!("reason-province-stopped", stop = stop.as_str()),
        }
    }
}

/// What is said to the province on `loa/v1/ack/NODE` about a bulletin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ack {
    /// The bulletin's id (the one it claimed, if it was refused before it was believed).
    pub id: String,
    pub state: State,
    pub reason: Option<Reason>,
}

/// The answer to the commune's decision ([`Event::Decided`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// It plays at `at`, or now (as soon as what plays ends) when none.
    Accepted {
        at: Option<DateTime<Utc>>,
    },
    Rejected,
    /// No bulletin of this id was received.
    NotFound,
    /// It is past deciding: its state (`played`, `rejected`, `queued`, …).
    NotOpen(String),
}

/// What became of a province's stop (`loa/v1/ack/NODE` with `kind: stop`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StopAnswer {
    Refused(Refusal),
    /// Carried out: the bulletins it ended.
    Done(Vec<String>),
}

/// Bulletins being ended (by a stop, or a key revoked): what the dispatcher must stop of them.
/// The shell hands it back, with what the dispatcher stopped, in [`Event::BroadcastsStopped`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ending {
    /// The bulletins to end: their broadcasts, what of them waits, their repetition.
    pub ids: Vec<String>,
    /// Why (the history's reason for what the dispatcher stops).
    pub reason: Reason,
    /// Those ended already (they were held or waiting).
    ended: Vec<String>,
}

impl Ending {
    /// The one on air is answered at once (a revoked key), not when its fade ends.
    fn at_once(&self) -> bool {
        matches!(self.reason, Reason::Refusal(_))
    }
}

#[derive(Debug)]
pub enum Event {
    /// The bulletins history keeps, at start: ids for the replay check; held and waiting ones
    /// taken up again (or expired, if they no longer open) when the schedule has `[fleet]`
    /// (its `trusted_keys`).
    Restored {
        records: Vec<BulletinRecord>,
        trusted: Option<Vec<PublicKey>>,
    },
    /// A bulletin opened by [`super::bulletin::open`] (signature, fields and time checked), with
    /// its body as received.
    Arrived { bulletin: Bulletin, body: String },
    /// A message on a bulletin topic that did not open: the id it claimed, and why.
    Unopened { claimed: String, why: Refusal },
    /// A [`Decision::Fetch`] is over.
    Fetched {
        id: String,
        result: Result<Vec<PathBuf>, String>,
    },
    /// A [`Decision::Look`]'s answer: the recordings fetched before a restart, if all are there.
    Found {
        id: String,
        files: Option<Vec<PathBuf>>,
    },
    /// The commune's decision on a held (or waiting) bulletin: accepted (at a time, or now) or
    /// rejected, by whom.
    Decided {
        id: String,
        accept: bool,
        at: Option<DateTime<Utc>>,
        by: String,
    },
    /// Time passed: what is due plays, what expired is said so.
    Tick,
    /// The dispatcher's answer to a [`Decision::Play`]: its broadcast's token (if it has one),
    /// or its refusal in words.
    Handed {
        id: String,
        answer: Result<Option<Token>, String>,
    },
    /// A broadcast's first sample sounded.
    Started(Token),
    /// A broadcast ended, with its outcome and why.
    Ended {
        token: Token,
        outcome: Outcome,
        reason: Option<String>,
    },
    /// A bulletin's broadcast recorded without playing (waiting when the daemon stopped…).
    Recorded {
        id: String,
        outcome: Outcome,
        reason: String,
    },
    /// A province's stop, opened by [`super::stop::open`].
    Stop(Stop),
    /// A message that looked like a stop and did not open.
    StopUnopened { claimed: String, why: Refusal },
    /// The dispatcher's answer to a [`Decision::StopBroadcasts`].
    BroadcastsStopped { ending: Ending, stopped: Stopped },
    /// The schedule was loaded: every bulletin not over yet (or `repeating`, the one a repeating
    /// emergency plays) is verified again against the keys now trusted.
    Recheck {
        trusted: Vec<PublicKey>,
        repeating: Option<String>,
    },
}

/// What to do, in the order given. A decision that asks for an answer (a fetch, a look, the
/// dispatcher) names the event that brings it; the shell sends it when it has it — at once for
/// the dispatcher's and a look's, before it carries out the next decision.
#[derive(Debug)]
pub enum Decision {
    /// Say it to the province (`loa/v1/ack/NODE`).
    Ack(Ack),
    /// Keep this record (history's bulletins): it is as `loa bulletins` lists it now.
    Keep(BulletinRecord),
    /// Recordings of bulletins that are over may be removed ([`Lifecycle::not_over`] says
    /// which stay).
    Sweep,
    /// Fetch a bulletin's recordings (within `within`: never past its time to play or its
    /// expiry); answer with [`Event::Fetched`].
    Fetch {
        id: String,
        files: Vec<AudioFile>,
        within: Duration,
    },
    /// Render a bulletin's text into sound (before it can be held, timed or played; after a
    /// restart too, from the cache); answer with [`Event::Fetched`].
    Render { id: String, text: String },
    /// Look for a bulletin's recordings fetched before a restart; answer with [`Event::Found`].
    Look { id: String, files: Vec<AudioFile> },
    /// Hand this to the dispatcher; answer with [`Event::Handed`].
    Play { id: String, request: Request },
    /// Stop these bulletins in the dispatcher; answer with [`Event::BroadcastsStopped`].
    StopBroadcasts(Ending),
    /// Say what became of a stop (`kind: stop` on the ack topic).
    StopAck { id: String, answer: StopAnswer },
    /// These bulletins were ended: the key that signed them is no longer trusted.
    Revoked(Vec<String>),
    /// The answer to [`Event::Decided`].
    Answer(Answer),
}

/// The time and the schedule an event is taken with.
struct Here<'a> {
    now: DateTime<Utc>,
    station: &'a dyn Station,
}

/// A bulletin still to be decided or played.
#[derive(Debug)]
struct Open {
    b: Bulletin,
    /// When it is due to play (`waiting`), if it is.
    due: Option<DateTime<Utc>>,
    /// Its recordings, once fetched (an `audio` bulletin).
    files: Option<Vec<PathBuf>>,
}

/// Every bulletin this station knows, and where each is.
#[derive(Debug, Default)]
pub struct Lifecycle {
    /// Ids already taken, of bulletins and stops (a replay is refused).
    seen: HashSet<String>,
    /// Every bulletin kept, by id, as `loa bulletins` lists them.
    kept: BTreeMap<String, BulletinRecord>,
    /// Those not handed to the dispatcher yet: received, fetching, held or waiting.
    open: BTreeMap<String, Open>,
    /// Broadcasts that play a bulletin, to say how they ended.
    playing: HashMap<Token, String>,
    /// The province's stops until they expire: a bulletin one of them ends that arrives late is
    /// refused.
    stops: Vec<Stop>,
}

impl Lifecycle {
    /// Every bulletin kept (in the order of their ids).
    pub fn records(&self) -> impl Iterator<Item = &BulletinRecord> {
        self.kept.values()
    }

    /// When a waiting bulletin plays.
    pub fn due(&self, id: &str) -> Option<DateTime<Utc>> {
        self.open.get(id).and_then(|o| o.due)
    }

    /// How many wait for the commune's decision.
    pub fn held(&self) -> usize {
        self.open
            .keys()
            .filter(|id| self.state_of(id) == Some(State::Held.as_str()))
            .count()
    }

    /// The bulletins not over yet, and `repeating` (the one a repeating emergency plays): those
    /// whose recordings stay.
    pub fn not_over<'a>(&'a self, repeating: Option<&'a str>) -> impl Iterator<Item = &'a str> {
        self.kept
            .values()
            .filter(move |r| is_live(&r.state) || repeating == Some(r.id.as_str()))
            .map(|r| r.id.as_str())
    }

    /// The next instant an open bulletin needs a [`Event::Tick`]: its time to play, or its
    /// expiry.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.open
            .values()
            .map(|o| o.due.map_or(o.b.expires, |d| d.min(o.b.expires)))
            .min()
    }

    fn state_of(&self, id: &str) -> Option<&str> {
        self.kept.get(id).map(|r| r.state.as_str())
    }

    /// Takes `e` at `now` and says what to do.
    pub fn handle(&mut self, e: Event, now: DateTime<Utc>, station: &dyn Station) -> Vec<Decision> {
        let here = &Here { now, station };
        let mut out = Vec::new();
        match e {
            Event::Restored { records, trusted } => {
                self.restore(records, trusted.as_deref(), now, &mut out)
            }
            Event::Arrived { bulletin, body } => self.arrived(bulletin, body, here, &mut out),
            Event::Unopened { claimed, why } => unopened(claimed, why, &mut out),
            Event::Fetched { id, result } => self.fetched(&id, result, here, &mut out),
            Event::Found { id, files } => {
                if let Some(o) = self.open.get_mut(&id) {
                    o.files = files;
                }
            }
            Event::Decided { id, accept, at, by } => {
                self.decided(&id, accept, at, by, here, &mut out)
            }
            Event::Tick => self.tick(here, &mut out),
            Event::Handed { id, answer } => self.handed(&id, answer, &mut out),
            Event::Started(token) => {
                if let Some(id) = self.playing.get(&token).cloned() {
                    self.set_state(&id, State::Playing, None, &mut out);
                }
            }
            Event::Ended {
                token,
                outcome,
                reason,
            } => {
                if let Some(id) = self.playing.remove(&token) {
                    let reason = reason.map(Reason::Outcome);
                    self.say(&id, State::Ended(outcome), reason, &mut out);
                }
            }
            Event::Recorded {
                id,
                outcome,
                reason,
            } => {
                if let Some(t) = self.token_of(&id) {
                    self.playing.remove(&t);
                    let reason = Some(Reason::Outcome(reason));
                    self.say(&id, State::Ended(outcome), reason, &mut out);
                }
            }
            Event::Stop(stop) => self.stop(stop, now, &mut out),
            Event::StopUnopened { claimed, why } => out.push(Decision::StopAck {
                id: claimed,
                answer: StopAnswer::Refused(why),
            }),
            Event::BroadcastsStopped { ending, stopped } => {
                self.broadcasts_stopped(ending, stopped, &mut out)
            }
            Event::Recheck { trusted, repeating } => {
                self.recheck(&trusted, repeating.as_deref(), &mut out)
            }
        }
        out
    }

    fn token_of(&self, id: &str) -> Option<Token> {
        self.playing
            .iter()
            .find(|(_, b)| b.as_str() == id)
            .map(|(t, _)| *t)
    }

    /// A bulletin's new state, kept; once it is over, its recordings may go.
    fn set_state(
        &mut self,
        id: &str,
        state: State,
        reason: Option<&Reason>,
        out: &mut Vec<Decision>,
    ) {
        if let Some(rec) = self.kept.get_mut(id) {
            rec.state = state.as_str().into();
            rec.reason = reason.map(Reason::words);
            out.push(Decision::Keep(rec.clone()));
        }
        if !state.is_live() {
            out.push(Decision::Sweep);
        }
    }

    fn ack(&self, id: &str, state: State, reason: Option<Reason>, out: &mut Vec<Decision>) {
        out.push(Decision::Ack(Ack {
            id: id.to_string(),
            state,
            reason,
        }));
    }

    /// Its new state, kept and said to the province.
    fn say(&mut self, id: &str, state: State, reason: Option<Reason>, out: &mut Vec<Decision>) {
        self.set_state(id, state, reason.as_ref(), out);
        self.ack(id, state, reason, out);
    }

    fn refuse(&mut self, id: &str, reason: Reason, out: &mut Vec<Decision>) {
        self.say(id, State::Refused, Some(reason), out);
    }
}

/// A message refused before it was believed (or a replay, or one stopped before it came): said
/// to the province about the id it claimed, never kept.
fn unopened(claimed: String, why: Refusal, out: &mut Vec<Decision>) {
    let state = match why {
        Refusal::Expired { .. } => State::Expired,
        _ => State::Refused,
    };
    out.push(Decision::Ack(Ack {
        id: claimed,
        state,
        reason: Some(Reason::Refusal(why)),
    }));
}

#[cfg(test)]
mod tests;
