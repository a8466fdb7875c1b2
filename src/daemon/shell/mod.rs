//! The shell's state and what it does: carries out the dispatcher's effects (the player, the
//! history), turns player events into dispatcher events, answers requests from the socket, and
//! says what `loa status` shows.
//!
//! A `loa play` that starts now is answered when its first sample sounds, or with why it could
//! not play — never "playing now" for a broadcast that failed. `requests` holds what answers the
//! socket (requests, reloads, status); this file, what carries out effects and player events.

use crate::audio::level::{Gains, Leveller};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;
use tokio::sync::{mpsc, oneshot};

use super::amplifier::Amplifier;
use super::clock_sync::ClockSync;
use super::{Loading, Options, effective_output, load};
use crate::audio::output::{self, OutputError};
use crate::audio::player::{
    self, Command, Event as PlayerEvent, Item, Job, LiveInput, Outcome as PlayerOutcome, Player,
    Playlist, Report, Start,
};
use crate::clock::{Clock, SystemClock, wall_time_of};
use crate::control::protocol::{ErrorKind, Request as Wire, Response};
use crate::control::server::Incoming;
use crate::dispatch::{self, Dispatcher, Effect, Event, Refusal, Request, StartAt, Target, Token};
use crate::history::Recorder;
use crate::schedule;

mod ending;
mod feed;
mod links;
mod live;
mod pushed;
mod requests;
mod speech;
mod web;

/// How long a stop waits for the fade before giving up.
const SHUTDOWN_WAIT: Duration = Duration::from_millis(1500);
/// Everything a stop does is done within this (the unit's TimeoutStopSec is 5 s).
const STOP_WITHIN: Duration = Duration::from_secs(4);
/// Retry of a failed output: first after this, doubling up to [`PROBE_MAX`].
const PROBE_FIRST: Duration = Duration::from_secs(5);
const PROBE_MAX: Duration = Duration::from_secs(300);
const PROBE_ID: &str = "output-probe";
/// How long a `loa play` waits for its broadcast's first sample before it is answered anyway.
const FOLLOW_WAIT: Duration = Duration::from_secs(5);
/// How often a playing broadcast's row is told it still plays (the end a crash leaves).
const SEEN_EVERY: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, PartialEq)]
enum OutputState {
    Idle,
    Playing,
    Failed(crate::audio::output::OutputError),
}

/// A `loa play` waiting for its broadcast to sound.
struct Follow {
    reply: oneshot::Sender<Response>,
    /// The client's language, for the words of a later answer.
    lang: crate::i18n::Lang,
    message: String,
    id: String,
    deadline: Instant,
    /// A stream played by hand: its link. The answer waits for live sound (or the stream's
    /// failure), not for the first sample, which is the silence of connecting.
    link: Option<String>,
}

/// How long a `loa play URL` waits for the stream's first sound before it is answered anyway
/// (a connection and an answer may take [`crate::stream::CONNECT_TIMEOUT`] and
/// [`crate::stream::ANSWER_TIMEOUT`]).
const STREAM_FOLLOW_WAIT: Duration = Duration::from_secs(12);
/// How often a waiting `loa play URL` looks at its stream.
const STREAM_FOLLOW_POLL: Duration = Duration::from_millis(100);

/// A reload in flight: why, and who waits for its answer.
pub struct Reload {
    why: String,
    /// Who waits, and in which language to answer.
    waiters: Vec<(oneshot::Sender<Response>, crate::i18n::Lang)>,
}

/// What the shell knows of a broadcast handed to the player, for logs.
struct Known {
    id: String,
    scheduled: Option<DateTime<Utc>>,
}

pub struct Shell {
    opts: Options,
    pub clock: SystemClock,
    pub dispatcher: Dispatcher,
    player: Player,
    player_output: schedule::Output,
    /// A new output named by a reload, waiting for the player to be free.
    output_change: bool,
    recorder: Recorder,
    amplifier: Amplifier,
    pub clock_sync: ClockSync,
    loader: load::Loader,
    known: HashMap<Token, Known>,
    loaded_at: DateTime<Utc>,
    /// Errors of a schedule that was refused (the last good one runs).
    schedule_errors: Vec<crate::i18n::Said>,
    last_error: Option<crate::i18n::Said>,
    /// The last error is a schedule refused: a good schedule loading since clears it.
    last_error_schedule: bool,
    output: OutputState,
    pub probe_at: Option<Instant>,
    probe_backoff: Duration,
    events_tx: mpsc::UnboundedSender<PlayerEvent>,
    follow: HashMap<Token, Follow>,
    /// A reload asked for and not begun yet (one is read at a time).
    reload_wanted: Option<Reload>,
    /// The broadcast on air, and when its row is next told so.
    on_air: Option<Token>,
    pub seen_at: Option<Instant>,
    /// The gains that level each file to the station's `loudness`, as far as measured; filled by
    /// the leveller's thread, read when a broadcast is handed to the player.
    gains: Arc<std::sync::Mutex<Gains>>,
    leveller: Option<Leveller>,
    /// Relays' stream connections, by the dispatcher's name for each.
    links: HashMap<String, crate::stream::Link>,
    /// The provincial feed, when the schedule has `[fleet]`.
    pub feed: feed::FeedState,
    /// The web console, when the schedule has `[web]`.
    web: web::WebState,
    /// Texts read at once come back through the request channel.
    speaking: speech::Speaking,
    /// People speaking live (spec §12).
    voices: live::Voices,
}

fn token_id(t: Token) -> String {
    format!("broadcast-{t}")
}

fn parse_token(id: &str) -> Option<Token> {
    id.strip_prefix("broadcast-")?.parse().ok()
}

fn spawn_player(
    out: &schedule::Output,
    events: mpsc::UnboundedSender<PlayerEvent>,
) -> std::io::Result<Player> {
    let out = out.clone();
    Player::spawn(
        move || -> Result<Box<dyn output::Output>, OutputError> { output::open(&out) },
        move |e| {
            let _ = events.send(e);
        },
    )
}

impl Shell {
    pub fn new(
        opts: Options,
        clock: SystemClock,
        dispatcher: Dispatcher,
        recorder: Recorder,
        loader: load::Loader,
        schedule_errors: Vec<crate::i18n::Said>,
        events_tx: mpsc::UnboundedSender<PlayerEvent>,
    ) -> std::io::Result<Shell> {
        let player_output = effective_output(&opts, dispatcher.schedule());
        let player = spawn_player(&player_output, events_tx.clone())?;
        let amplifier = Amplifier::spawn(clock)?;
        let now = clock.now();
        let gains = Arc::new(std::sync::Mutex::new(Gains::default()));
        let done = gains.clone();
        let leveller = Leveller::spawn(opts.state_dir.clone(), move |g| {
            if let Ok(mut shared) = done.lock() {
                *shared = g;
            }
        })
        .map_err(|e| tracing::warn!("cannot start measuring loudness: {e}"))
        .ok();
        let mut shell = Shell {
            opts,
            clock,
            dispatcher,
            player,
            player_output,
            output_change: false,
            recorder,
            amplifier,
            clock_sync: ClockSync::default(),
            loader,
            known: HashMap::new(),
            loaded_at: now,
            schedule_errors,
            last_error: None,
            last_error_schedule: false,
            output: OutputState::Idle,
            probe_at: None,
            probe_backoff: PROBE_FIRST,
            events_tx,
            follow: HashMap::new(),
            reload_wanted: None,
            on_air: None,
            seen_at: None,
            gains,
            leveller,
            links: HashMap::new(),
            feed: feed::FeedState::default(),
            web: web::WebState::default(),
            speaking: speech::Speaking::default(),
            voices: live::Voices::default(),
        };
        shell.level();
        live::prune(&shell.opts.state_dir, shell.dispatcher.schedule().live.keep);
        Ok(shell)
    }

    /// Asks for the gains of the running schedule's files when it sets `loudness`; without it,
    /// every file plays at its own level.
    pub fn level(&mut self) {
        let s = self.dispatcher.schedule();
        match (s.station.loudness, &self.leveller) {
            (Some(target), Some(l)) => l.level(s.audio_files(), target),
            _ => {
                if let Ok(mut g) = self.gains.lock() {
                    *g = Gains::default();
                }
            }
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn output_name(&self) -> String {
        self.player_output.to_string()
    }

    fn id_of(&self, t: Token) -> &str {
        self.known.get(&t).map_or("?", |k| k.id.as_str())
    }

    /// Carries out the dispatcher's effects.
    pub fn execute(&mut self, fx: Vec<Effect>) {
        self.voices_see(&fx);
        for e in fx {
            match e {
                Effect::Play(b) => {
                    let start = match b.start {
                        StartAt::Now => Start::Now,
                        StartAt::At(t) => {
                            let ahead = (t - self.now()).to_std().unwrap_or_default();
                            Start::At(Instant::now() + ahead)
                        }
                    };
                    match b.start {
                        StartAt::At(t) => {
                            tracing::info!(id = %b.id, source = %b.source, at = %t.to_rfc3339_opts(SecondsFormat::Millis, true), "preparing")
                        }
                        StartAt::Now => {
                            tracing::info!(id = %b.id, source = %b.source, "playing now")
                        }
                    }
                    self.known.insert(
                        b.token,
                        Known {
                            id: b.id.clone(),
                            scheduled: match b.start {
                                StartAt::At(t) => Some(t),
                                StartAt::Now => None,
                            },
                        },
                    );
                    let mut playlist = match self.gains.lock() {
                        Ok(g) => g.apply(b.playlist),
                        Err(_) => b.playlist,
                    };
                    // A relay: its stream, with the fallback files; a person speaking: their
                    // voice.
                    if let Some(input) = b.voice.as_deref().and_then(|l| self.voice_input(l)) {
                        playlist = Playlist::of(vec![Item::Live(input)]);
                    }
                    let arm = match &b.live {
                        Some(live) => {
                            let buffer = self.link(&live.link, &live.streams, None);
                            playlist = Playlist {
                                prelude: playlist.prelude,
                                body: vec![Item::Live(LiveInput {
                                    buffer,
                                    fallback: playlist.body,
                                    fallback_after: live.fallback_after,
                                    voice: false,
                                })],
                                repeat: 1,
                                gap: Duration::ZERO,
                            };
                            !live.resumed
                        }
                        None => true,
                    };
                    self.player.send(Command::Play(Job {
                        id: token_id(b.token),
                        playlist,
                        gain: b.gain,
                        start,
                        arm,
                        limit: b.limit,
                    }));
                }
                Effect::Stop => self.player.send(Command::Stop),
                Effect::RecordStart { token, row } => {
                    if let Some(k) = self.known.get_mut(&token) {
                        k.scheduled = row.scheduled;
                    }
                    // The first sample goes out once the row is on disk (or the disk refused it:
                    // the broadcast goes ahead, its row waits in memory).
                    let (arm, id) = (self.player.commander(), token_id(token));
                    self.recorder.start(
                        token,
                        row,
                        Some(Box::new(move |_on_disk| arm.send(Command::Arm(id)))),
                    );
                }
                Effect::RecordStarted { token, at } => {
                    let k = self.known.get(&token);
                    let id = k.map_or("?", |k| k.id.as_str());
                    match k.and_then(|k| k.scheduled) {
                        Some(s) => {
                            let us = (at - s).num_microseconds().unwrap_or(0);
                            // Tenths of a millisecond, as a number (and no "-0").
                            let late_ms = (us as f64 / 100.0).round() / 10.0 + 0.0;
                            tracing::info!(id = %id, late_ms, "started")
                        }
                        None => tracing::info!(id = %id, "started"),
                    }
                    self.recorder.started(token, at);
                    self.bulletin_started(token);
                    self.on_air = Some(token);
                    self.seen_at = Some(Instant::now() + SEEN_EVERY);
                }
                Effect::RecordFinish { token, end } => {
                    let id = self.id_of(token).to_string();
                    match &end.reason {
                        Some(r) => {
                            tracing::info!(id = %id, outcome = %end.outcome, "ended: {}", r.en())
                        }
                        None => tracing::info!(id = %id, outcome = %end.outcome, "ended"),
                    }
                    self.known.remove(&token);
                    if self.on_air == Some(token) {
                        self.on_air = None;
                        self.seen_at = None;
                    }
                    let reason = end.reason.clone();
                    let outcome = end.outcome;
                    self.recorder.finish(token, end);
                    self.bulletin_ended(token, outcome, reason.as_ref().map(|r| r.en()));
                    self.history_changed();
                }
                Effect::Amplifier(sw) => self.amplifier.switch(sw),
                Effect::Connect {
                    link,
                    streams,
                    until,
                } => {
                    self.link(&link, &streams, until);
                }
                Effect::Disconnect { link } => {
                    if self.links.remove(&link).is_some() {
                        tracing::info!(relay = %link, "stream closed");
                    }
                }
                Effect::Record {
                    row,
                    outcome,
                    reason,
                } => {
                    let tz = self.dispatcher.schedule().station.timezone;
                    let at = row.requested.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S");
                    tracing::warn!(id = %row.id, due = %at, outcome = %outcome, "{}", reason.en());
                    self.bulletin_recorded(&row, outcome, &reason);
                    self.recorder.record(row, outcome, reason);
                    self.history_changed();
                }
            }
        }
        self.voices_waiting();
        self.maybe_swap_output();
    }

    /// Asks the kernel whether the clock is synchronised; tells the dispatcher when that changed.
    pub fn check_clock(&mut self) {
        let required = self.dispatcher.schedule().station.require_clock_sync;
        if let Some(synced) = self.clock_sync.look(required) {
            let fx = self
                .dispatcher
                .handle(Event::ClockSync(synced), self.clock.now());
            self.execute(fx);
        }
    }

    /// Whether `require_clock_sync` holds scheduled broadcasts now.
    pub fn clock_holding(&self) -> bool {
        self.dispatcher.schedule().station.require_clock_sync
            && self.clock_sync.state() == Some(false)
    }

    /// Tells the history that the broadcast on air still plays.
    pub fn seen(&mut self) {
        self.seen_at = None;
        if let Some(t) = self.on_air {
            self.recorder.seen(t, self.now());
            self.seen_at = Some(Instant::now() + SEEN_EVERY);
        }
    }

    pub fn player_event(&mut self, e: PlayerEvent) {
        let now = self.now();
        match e {
            PlayerEvent::Arming { id, .. } => {
                if let Some(token) = parse_token(&id) {
                    let fx = self.dispatcher.handle(Event::Starting { token }, now);
                    self.execute(fx);
                }
            }
            PlayerEvent::Started { id, at } => {
                if id == PROBE_ID {
                    return;
                }
                if self.output != OutputState::Playing {
                    if let OutputState::Failed(_) = self.output {
                        tracing::info!("the audio output is back");
                    }
                    self.output = OutputState::Playing;
                    self.probe_at = None;
                    self.probe_backoff = PROBE_FIRST;
                }
                if let Some(token) = parse_token(&id) {
                    // A stream's first sample is silence while it connects: its answer waits.
                    if self.follow.get(&token).is_some_and(|f| f.link.is_none())
                        && let Some(f) = self.follow.remove(&token)
                    {
                        let _ = f.reply.send(Response::ok(f.message));
                    }
                    let fx = self.dispatcher.handle(
                        Event::Started {
                            token,
                            at: wall_time_of(&self.clock, at),
                        },
                        now,
                    );
                    self.execute(fx);
                }
            }
            PlayerEvent::Finished {
                id,
                outcome,
                report,
            } => {
                if id == PROBE_ID {
                    match outcome {
                        PlayerOutcome::Played => {
                            tracing::info!("the audio output is back");
                            self.output = OutputState::Idle;
                            self.probe_at = None;
                            self.probe_backoff = PROBE_FIRST;
                        }
                        _ => self.schedule_probe(),
                    }
                    return;
                }
                if self.output == OutputState::Playing {
                    self.output = OutputState::Idle;
                }
                if let Some(token) = parse_token(&id) {
                    if let Some(f) = self.follow.remove(&token) {
                        let message = crate::i18n::with_lang(f.lang, || {
                            let why = never_sounded(&outcome, &report);
                            crate::t!("reply-did-not-play", id = f.id.as_str(), why = why)
                        });
                        let _ = f.reply.send(Response::error(ErrorKind::Failed, message));
                    }
                    let ended = report.last_sample.map(|t| wall_time_of(&self.clock, t));
                    let fx = self.dispatcher.handle(
                        Event::Finished {
                            token,
                            outcome,
                            report,
                            ended,
                        },
                        now,
                    );
                    self.execute(fx);
                }
            }
            PlayerEvent::ItemFailed { id, path, error } => {
                let who = parse_token(&id).map_or(id.clone(), |t| self.id_of(t).to_string());
                let file = path.display().to_string();
                let msg = crate::i18n::Said::new(|| {
                    crate::t!(
                        "play-cannot-play",
                        file = file.as_str(),
                        why = error.to_string()
                    )
                });
                tracing::error!(id = %who, "{}", msg.en());
                self.last_error = Some(msg);
                self.last_error_schedule = false;
            }
            PlayerEvent::OutputFailed { error } => {
                // Logged once per failure, not once per attempt.
                let said = crate::i18n::Said::new(|| error.to_string());
                if !matches!(self.output, OutputState::Failed(_)) {
                    tracing::error!(
                        "{}; retrying in {} s",
                        said.en(),
                        self.probe_backoff.as_secs()
                    );
                }
                self.last_error = Some(said);
                self.last_error_schedule = false;
                self.output = OutputState::Failed(error);
                self.schedule_probe();
            }
        }
    }

    fn schedule_probe(&mut self) {
        self.probe_at = Some(Instant::now() + self.probe_backoff);
        self.probe_backoff = (self.probe_backoff * 2).min(PROBE_MAX);
    }

    /// Tries the failed output with a moment of silence, when nothing else needs the player.
    pub fn probe(&mut self) {
        self.probe_at = None;
        if self.dispatcher.busy() {
            self.schedule_probe();
            return;
        }
        self.player.send(Command::Play(Job {
            id: PROBE_ID.into(),
            playlist: Playlist::of(vec![player::Item::Silence(Duration::from_millis(50))]),
            gain: 0.0,
            start: Start::Now,
            arm: false,
            limit: None,
        }));
    }

    /// A reload may name another output: the player is replaced once it is free.
    fn maybe_swap_output(&mut self) {
        if !self.output_change || self.dispatcher.busy() {
            return;
        }
        let wanted = effective_output(&self.opts, self.dispatcher.schedule());
        match spawn_player(&wanted, self.events_tx.clone()) {
            Ok(p) => {
                tracing::info!(output = %wanted, "the output is now {wanted}");
                self.player = p;
                self.player_output = wanted;
                self.output = OutputState::Idle;
                self.output_change = false;
            }
            Err(e) => tracing::error!("cannot start a player for {wanted}: {e}"),
        }
    }

    /// Fades out what plays, records it interrupted (or stopped, if someone had stopped it),
    /// waits (briefly) for the player to confirm, and makes sure the history is written.
    pub async fn shutdown(&mut self, events: &mut mpsc::UnboundedReceiver<PlayerEvent>) {
        // The service manager kills what is still running after its stop timeout
        // (systemd/loa.service's TimeoutStopSec=5): everything here is done before.
        let stop_by = Instant::now() + STOP_WITHIN;
        let fx = self.dispatcher.shutdown();
        self.execute(fx);
        let deadline = tokio::time::Instant::now() + SHUTDOWN_WAIT;
        while self.dispatcher.busy() {
            match tokio::time::timeout_at(deadline, events.recv()).await {
                Ok(Some(e)) => self.player_event(e),
                _ => break,
            }
        }
        for (_, f) in self.follow.drain() {
            let message = crate::i18n::with_lang(f.lang, || {
                crate::t!("reply-daemon-stopping", id = f.id.as_str())
            });
            let _ = f.reply.send(Response::error(ErrorKind::Refused, message));
        }
        let fx = self.dispatcher.finish_shutdown(self.clock.now());
        self.execute(fx);
        // History first: the amplifier's last command may take until the deadline.
        match self.recorder.sync() {
            Ok(0) => {}
            Ok(n) => tracing::error!(
                "{n} history row(s) could not be written before stopping and are lost"
            ),
            Err(e) => tracing::error!("{e}"),
        }
        self.amplifier.finish_by(stop_by);
    }
}

/// Why a broadcast that was asked for never sounded, in the language of the thread.
fn never_sounded(outcome: &PlayerOutcome, report: &Report) -> String {
    match outcome {
        PlayerOutcome::Failed(why) => why.to_string(),
        PlayerOutcome::Stopped => crate::t!("reply-stopped-before-sound"),
        PlayerOutcome::Interrupted => crate::t!("reply-emergency-before-sound"),
        PlayerOutcome::Played if !report.incomplete.is_empty() => {
            crate::i18n::Said::join(&report.incomplete, || "; ".into()).to_string()
        }
        PlayerOutcome::Played => crate::t!("reason-nothing-to-play"),
    }
}
