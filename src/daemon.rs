//! The daemon (`loa run`): the async shell around the dispatcher. It owns the clock, the player
//! thread, the history writer, the control socket, the schedule file watcher and the signals,
//! turns what happens into dispatcher events, and carries out the effects the dispatcher returns.
//! It decides nothing itself.
//!
//! One thread runs it (tokio's current-thread runtime), beside the player and the history writer.
//! Idle, it sleeps on a timerfd until the next broadcast is near: no polling tick.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde_json::json;
use tokio::sync::mpsc;

use crate::audio::output::{self, OutputError};
use crate::audio::player::{
    self, Command, Event as PlayerEvent, Job, Outcome as PlayerOutcome, Player, Start,
};
use crate::clock::{Clock, SystemClock, Wake, WallTimer, wall_time_of};
use crate::control::protocol::{ErrorKind, Request as Wire, Response};
use crate::control::server::{self, Incoming};
use crate::dispatch::{self, Dispatcher, Effect, Event, Refusal, Request, StartAt, Target, Token};
use crate::history::{self, History, Recorder};
use crate::schedule::{self, Schedule};

/// Where things are.
#[derive(Clone, Debug)]
pub struct Options {
    pub config: PathBuf,
    pub socket: PathBuf,
    pub state_dir: PathBuf,
}

/// The copy of the last schedule that loaded, in the state directory: started with a broken
/// schedule (a typo saved before a power cut), the daemon runs this one rather than nothing.
const LAST_GOOD: &str = "last-good-schedule.toml";
/// Quiet time after a change to the schedule file before it is read (editors write in steps).
const DEBOUNCE: Duration = Duration::from_millis(400);
/// How long a stop waits for the fade before giving up.
const SHUTDOWN_WAIT: Duration = Duration::from_millis(1500);
/// Retry of a failed output: first after this, doubling up to [`PROBE_MAX`].
const PROBE_FIRST: Duration = Duration::from_secs(5);
const PROBE_MAX: Duration = Duration::from_secs(300);
const PROBE_ID: &str = "output-probe";

/// Runs the daemon until SIGTERM or SIGINT; returns the exit code.
pub fn run(opts: Options) -> i32 {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("loa: cannot start: {e}");
            return 1;
        }
    };
    rt.block_on(main(opts))
}

#[derive(Clone, Debug, PartialEq)]
enum OutputState {
    Idle,
    Playing,
    Failed(String),
}

struct Shell {
    opts: Options,
    clock: SystemClock,
    dispatcher: Dispatcher,
    player: Player,
    player_output: schedule::Output,
    /// A new output named by a reload, waiting for the player to be free.
    output_change: bool,
    recorder: Recorder,
    /// Broadcast id by token, for logs.
    ids: HashMap<Token, String>,
    loaded_at: DateTime<Utc>,
    /// Errors of a schedule that was refused (the last good one runs).
    schedule_errors: Vec<String>,
    last_error: Option<String>,
    output: OutputState,
    probe_at: Option<Instant>,
    probe_backoff: Duration,
    events_tx: mpsc::UnboundedSender<PlayerEvent>,
}

async fn main(opts: Options) -> i32 {
    let clock = SystemClock;
    let (tz, note) = crate::clock::system_timezone();
    let (loaded, schedule_errors) = match load(&opts, tz) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if let Some(n) = note
        && !loaded.station.timezone_from_file
    {
        tracing::warn!("{n}");
    }
    let history = match History::open(&opts.state_dir) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("loa: {e}");
            return 1;
        }
    };
    let now = clock.now();
    let done = history
        .occurrences_since(now - TimeDelta::days(35))
        .unwrap_or_else(|e| {
            tracing::error!("cannot read the history: {e}");
            Vec::new()
        });
    let last_active = history.last(1).ok().and_then(|r| {
        r.first()
            .and_then(|r| r.ended.or(r.started).or(r.scheduled))
    });
    let recorder = match Recorder::spawn(history) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("loa: cannot start the history writer: {e}");
            return 1;
        }
    };
    let (listener, _socket_guard) = match server::bind(&opts.socket) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("loa: {e}");
            return 1;
        }
    };
    let (events_tx, mut events) = mpsc::unbounded_channel();
    let schedule = Arc::new(loaded);
    let player_output = schedule.station.output.clone();
    let player = match spawn_player(&player_output, events_tx.clone()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("loa: cannot start the player: {e}");
            return 1;
        }
    };
    let keys = done
        .into_iter()
        .map(|(id, local)| dispatch::Key { id, local });
    let (dispatcher, fx) = Dispatcher::start(schedule.clone(), keys, last_active, now);
    tracing::info!(
        schedule = %opts.config.display(),
        station = %schedule.station.name,
        announcements = schedule.announcements.len(),
        output = %player_output,
        socket = %opts.socket.display(),
        history = %opts.state_dir.join(history::FILE_NAME).display(),
        "loa is running"
    );
    let mut shell = Shell {
        opts: opts.clone(),
        clock,
        dispatcher,
        player,
        player_output,
        output_change: false,
        recorder,
        ids: HashMap::new(),
        loaded_at: now,
        schedule_errors,
        last_error: None,
        output: OutputState::Idle,
        probe_at: None,
        probe_backoff: PROBE_FIRST,
        events_tx,
    };
    shell.execute(fx);

    let (requests_tx, mut requests) = mpsc::channel::<Incoming>(64);
    let (stop_server, server_stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::serve(listener, requests_tx, async {
        let _ = server_stopped.await;
    }));
    let (changes_tx, mut changes) = mpsc::unbounded_channel::<()>();
    let _watcher = watch(&opts.config, changes_tx);
    let signals = Signals::new();
    let Some(mut signals) = signals else {
        eprintln!("loa: cannot catch signals");
        return 1;
    };
    let _ = sd_notify::notify(&[sd_notify::NotifyState::Ready]);
    let watchdog = sd_notify::watchdog_enabled().map(|d| d / 2);
    let mut timer = WallTimer::new();
    let mut reload_at: Option<Instant> = None;

    loop {
        let now = shell.clock.now();
        let wake = shell
            .dispatcher
            .next_wake(now)
            .unwrap_or(now + TimeDelta::days(1));
        tokio::select! {
            w = timer.sleep_until(&shell.clock, wake) => {
                if w == Wake::ClockChanged {
                    tracing::warn!(now = %shell.clock.now().to_rfc3339_opts(SecondsFormat::Secs, true), "the system clock was set; working out again what is due");
                }
                let fx = shell.dispatcher.handle(Event::Tick, shell.clock.now());
                shell.execute(fx);
            }
            Some(e) = events.recv() => shell.player_event(e),
            Some(incoming) = requests.recv() => {
                let reply = shell.request(incoming.request, &incoming.user);
                let _ = incoming.reply.send(reply);
            }
            Some(()) = changes.recv() => reload_at = Some(Instant::now() + DEBOUNCE),
            () = sleep_until_opt(reload_at) => {
                reload_at = None;
                let _ = shell.reload("the schedule file changed");
            }
            () = sleep_until_opt(shell.probe_at) => shell.probe(),
            () = sleep_opt(watchdog) => { let _ = sd_notify::notify(&[sd_notify::NotifyState::Watchdog]); }
            s = signals.next() => match s {
                Sig::Hangup => { let _ = shell.reload("SIGHUP"); }
                Sig::Terminate(name) => {
                    tracing::info!("{name}: stopping");
                    let _ = sd_notify::notify(&[sd_notify::NotifyState::Stopping]);
                    shell.shutdown(&mut events).await;
                    let _ = stop_server.send(());
                    let _ = server.await;
                    return 0;
                }
            },
        }
    }
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(t) => tokio::time::sleep_until(t.into()).await,
        None => std::future::pending().await,
    }
}

async fn sleep_opt(d: Option<Duration>) {
    match d {
        Some(d) => tokio::time::sleep(d).await,
        None => std::future::pending().await,
    }
}

/// Loads the schedule; on errors, the last good copy. Returns the schedule and the errors of the
/// file (empty when it loaded).
fn load(opts: &Options, tz: chrono_tz::Tz) -> Result<(Schedule, Vec<String>), i32> {
    match schedule::load(&opts.config, tz) {
        Ok(l) => {
            for w in &l.warnings {
                tracing::warn!("{}", w.headline());
            }
            save_last_good(opts, &l.schedule);
            Ok((l.schedule, Vec::new()))
        }
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| e.headline()).collect();
            for e in &errors {
                eprintln!("{e}");
            }
            let saved = opts.state_dir.join(LAST_GOOD);
            let base = opts.config.parent().unwrap_or(Path::new("."));
            let fallback = std::fs::read_to_string(&saved).ok().and_then(|text| {
                schedule::parse(&opts.config.display().to_string(), text, base, tz).ok()
            });
            match fallback {
                Some(l) => {
                    tracing::error!(
                        "the schedule has errors; running the last good one, saved in {}",
                        saved.display()
                    );
                    Ok((l.schedule, lines))
                }
                None => {
                    eprintln!(
                        "loa: the schedule has errors and there is no good one to fall back on; fix it and start again"
                    );
                    Err(1)
                }
            }
        }
    }
}

fn save_last_good(opts: &Options, s: &Schedule) {
    let path = opts.state_dir.join(LAST_GOOD);
    let tmp = opts.state_dir.join(format!("{LAST_GOOD}.tmp"));
    let written = std::fs::create_dir_all(&opts.state_dir)
        .and_then(|()| std::fs::write(&tmp, &s.text))
        .and_then(|()| std::fs::rename(&tmp, &path));
    if let Err(e) = written {
        tracing::warn!(
            "cannot keep a copy of the schedule in {}: {e}",
            path.display()
        );
    }
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

/// Watches the schedule file's folder (editors replace the file by renaming a temporary one).
fn watch(config: &Path, tx: mpsc::UnboundedSender<()>) -> Option<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let dir = config
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = config.file_name()?.to_os_string();
    let mut w = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev
            && !ev.kind.is_access()
            && ev
                .paths
                .iter()
                .any(|p| p.file_name() == Some(name.as_os_str()))
        {
            let _ = tx.send(());
        }
    })
    .map_err(|e| {
        tracing::warn!("cannot watch the schedule file: {e}; reload with SIGHUP or `loa reload`")
    })
    .ok()?;
    w.watch(dir, RecursiveMode::NonRecursive)
        .map_err(|e| {
            tracing::warn!(
                "cannot watch {}: {e}; reload with SIGHUP or `loa reload`",
                dir.display()
            )
        })
        .ok()?;
    Some(w)
}

enum Sig {
    Hangup,
    Terminate(&'static str),
}

struct Signals {
    hup: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Option<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Some(Signals {
            hup: signal(SignalKind::hangup()).ok()?,
            term: signal(SignalKind::terminate()).ok()?,
            int: signal(SignalKind::interrupt()).ok()?,
        })
    }

    async fn next(&mut self) -> Sig {
        tokio::select! {
            _ = self.hup.recv() => Sig::Hangup,
            _ = self.term.recv() => Sig::Terminate("SIGTERM"),
            _ = self.int.recv() => Sig::Terminate("SIGINT"),
        }
    }
}

fn token_id(t: Token) -> String {
    format!("broadcast-{t}")
}

fn parse_token(id: &str) -> Option<Token> {
    id.strip_prefix("broadcast-")?.parse().ok()
}

impl Shell {
    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn id_of(&self, t: Token) -> &str {
        self.ids.get(&t).map_or("?", String::as_str)
    }

    /// Carries out the dispatcher's effects.
    fn execute(&mut self, fx: Vec<Effect>) {
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
                            tracing::info!(id = %b.id, source = b.source.as_str(), at = %t.to_rfc3339_opts(SecondsFormat::Millis, true), "preparing")
                        }
                        StartAt::Now => {
                            tracing::info!(id = %b.id, source = b.source.as_str(), "playing now")
                        }
                    }
                    self.ids.insert(b.token, b.id.clone());
                    self.player.send(Command::Play(Job {
                        id: token_id(b.token),
                        items: b.items,
                        gain: b.gain,
                        start,
                    }));
                }
                Effect::Stop => self.player.send(Command::Stop),
                Effect::RecordStart {
                    token,
                    row,
                    started,
                } => {
                    let late = row
                        .scheduled
                        .map(|s| (started - s).num_microseconds().unwrap_or(0) as f64 / 1000.0);
                    match late {
                        Some(ms) => {
                            tracing::info!(id = %row.id, late_ms = format!("{ms:.1}"), "started")
                        }
                        None => tracing::info!(id = %row.id, by = %row.requested_by, "started"),
                    }
                    self.recorder.start(token, row, started);
                }
                Effect::RecordFinish {
                    token,
                    ended,
                    outcome,
                    reason,
                } => {
                    let id = self.id_of(token).to_string();
                    match &reason {
                        Some(r) => {
                            tracing::info!(id = %id, outcome = outcome.as_str(), "ended: {r}")
                        }
                        None => tracing::info!(id = %id, outcome = outcome.as_str(), "ended"),
                    }
                    self.ids.remove(&token);
                    self.recorder.finish(token, ended, outcome, reason);
                }
                Effect::Record {
                    row,
                    outcome,
                    reason,
                } => {
                    let at = row
                        .scheduled
                        .map(|t| {
                            t.with_timezone(&self.dispatcher.schedule().station.timezone)
                                .format("%Y-%m-%d %H:%M:%S")
                                .to_string()
                        })
                        .unwrap_or_default();
                    tracing::warn!(id = %row.id, due = %at, outcome = outcome.as_str(), "{reason}");
                    self.recorder.record(row, outcome, reason);
                }
            }
        }
        self.maybe_swap_output();
    }

    fn player_event(&mut self, e: PlayerEvent) {
        let now = self.now();
        match e {
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
            PlayerEvent::Finished { id, outcome } => {
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
                    let fx = self
                        .dispatcher
                        .handle(Event::Finished { token, outcome }, now);
                    self.execute(fx);
                }
            }
            PlayerEvent::ItemFailed { id, path, error } => {
                let who = parse_token(&id).map_or(id.clone(), |t| self.id_of(t).to_string());
                let msg = format!("cannot play {}: {error}", path.display());
                tracing::error!(id = %who, "{msg}");
                self.last_error = Some(msg);
            }
            PlayerEvent::OutputFailed { error } => {
                // Logged once per failure, not once per attempt.
                if !matches!(self.output, OutputState::Failed(_)) {
                    tracing::error!("{error}; retrying in {} s", self.probe_backoff.as_secs());
                }
                self.last_error = Some(error.clone());
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
    fn probe(&mut self) {
        self.probe_at = None;
        if self.dispatcher.busy() {
            self.schedule_probe();
            return;
        }
        self.player.send(Command::Play(Job {
            id: PROBE_ID.into(),
            items: vec![player::Item::Silence(Duration::from_millis(50))],
            gain: 0.0,
            start: Start::Now,
        }));
    }

    /// A reload may name another output: the player is replaced once it is free.
    fn maybe_swap_output(&mut self) {
        if !self.output_change || self.dispatcher.busy() {
            return;
        }
        let wanted = self.dispatcher.schedule().station.output.clone();
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

    fn reload(&mut self, why: &str) -> Result<String, Vec<String>> {
        let (tz, _) = crate::clock::system_timezone();
        match schedule::load(&self.opts.config, tz) {
            Ok(l) => {
                for w in &l.warnings {
                    tracing::warn!("{}", w.headline());
                }
                save_last_good(&self.opts, &l.schedule);
                let s = Arc::new(l.schedule);
                let n = s.announcements.len();
                self.output_change = s.station.output != self.player_output;
                let fx = self.dispatcher.reload(s, self.now());
                self.loaded_at = self.now();
                self.schedule_errors.clear();
                tracing::info!(announcements = n, "schedule reloaded ({why})");
                self.execute(fx);
                Ok(format!("schedule reloaded: {n} announcements"))
            }
            Err(errors) => {
                let lines: Vec<String> = errors.iter().map(|e| e.headline()).collect();
                for l in &lines {
                    tracing::error!("{l}");
                }
                tracing::error!(
                    "the new schedule was refused ({why}); the last good one keeps running"
                );
                self.last_error = Some(format!(
                    "the schedule was refused: {}",
                    lines.first().cloned().unwrap_or_default()
                ));
                self.schedule_errors = lines.clone();
                Err(lines)
            }
        }
    }

    fn request(&mut self, r: Wire, user: &str) -> Response {
        let now = self.now();
        let by = user.to_string();
        let req = match r {
            Wire::Status => return Response::Status(Box::new(self.status())),
            Wire::Reload => {
                return match self.reload(&format!("asked by {user}")) {
                    Ok(m) => Response::ok(m),
                    Err(details) => Response::Error {
                        kind: ErrorKind::Refused,
                        message: "the schedule has errors; the last good one keeps running".into(),
                        details,
                    },
                };
            }
            Wire::Stop => Request::Stop { by },
            Wire::Resume => Request::Resume { by },
            Wire::Pause { until } => {
                let tz = self.dispatcher.schedule().station.timezone;
                let until = match until.map(|u| dispatch::parse_when(&u, now, tz)).transpose() {
                    Ok(u) => u,
                    Err(e) => return Response::error(ErrorKind::BadRequest, e),
                };
                Request::Pause { until, by }
            }
            Wire::Play {
                target,
                emergency,
                repeat,
                volume,
            } => {
                let target = if target.starts_with('/') {
                    match self.allowed_file(&target) {
                        Ok(p) => Target::File(p),
                        Err(r) => return r,
                    }
                } else {
                    Target::Id(target)
                };
                Request::Play {
                    target,
                    emergency,
                    repeat,
                    volume,
                    by,
                }
            }
        };
        tracing::info!(by = %user, "request: {req:?}");
        let (reply, fx) = self.dispatcher.request(req, now);
        self.execute(fx);
        match reply {
            Ok(m) => Response::ok(m),
            Err(Refusal::NotFound(m)) => Response::error(ErrorKind::NotFound, m),
            Err(Refusal::Refused(m)) => Response::error(ErrorKind::Refused, m),
        }
    }

    /// A file the daemon may play: under `audio_dir` or an `allow_dirs` folder, after following
    /// symbolic links and `..`.
    fn allowed_file(&self, path: &str) -> Result<PathBuf, Response> {
        let real = std::fs::canonicalize(path).map_err(|e| {
            Response::error(ErrorKind::NotFound, format!("cannot open {path}: {e}"))
        })?;
        let st = &self.dispatcher.schedule().station;
        let roots: Vec<PathBuf> = std::iter::once(&st.audio_dir)
            .chain(st.allow_dirs.iter())
            .filter_map(|d| std::fs::canonicalize(d).ok())
            .collect();
        if roots.iter().any(|r| real.starts_with(r)) && real.is_file() {
            return Ok(real);
        }
        let dirs: Vec<String> = std::iter::once(&st.audio_dir)
            .chain(st.allow_dirs.iter())
            .map(|d| d.display().to_string())
            .collect();
        Err(Response::error(
            ErrorKind::Forbidden,
            format!(
                "{path} is outside the folders the daemon plays from ({}); copy it there, or add its folder to `allow_dirs`",
                dirs.join(", ")
            ),
        ))
    }

    fn status(&mut self) -> serde_json::Value {
        let now = self.now();
        let s = self.dispatcher.schedule().clone();
        let tz = s.station.timezone;
        let d = self.dispatcher.status(now);
        let mut v = serde_json::to_value(&d).unwrap_or_else(|_| json!({}));
        let (state, error) = match &self.output {
            OutputState::Idle => ("idle", None),
            OutputState::Playing => ("playing", None),
            OutputState::Failed(e) => ("failed", Some(e.clone())),
        };
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "output".into(),
                json!({ "name": self.player_output.to_string(), "state": state, "error": error }),
            );
            obj.insert(
                "schedule".into(),
                json!({
                    "file": self.opts.config.display().to_string(),
                    "loaded_at": self.loaded_at.with_timezone(&tz).to_rfc3339_opts(SecondsFormat::Secs, false),
                    "station": s.station.name,
                    "errors": self.schedule_errors,
                }),
            );
            obj.insert("last_error".into(), json!(self.last_error));
            obj.insert("time_zone".into(), json!(tz.name()));
            obj.insert(
                "now".into(),
                json!(
                    now.with_timezone(&tz)
                        .to_rfc3339_opts(SecondsFormat::Secs, false)
                ),
            );
        }
        v
    }

    /// Fades out what plays, records it interrupted, waits (briefly) for the player to confirm,
    /// and makes sure the history is written.
    async fn shutdown(&mut self, events: &mut mpsc::UnboundedReceiver<PlayerEvent>) {
        let fx = self.dispatcher.shutdown();
        self.execute(fx);
        let deadline = tokio::time::Instant::now() + SHUTDOWN_WAIT;
        while self.dispatcher.busy() {
            match tokio::time::timeout_at(deadline, events.recv()).await {
                Ok(Some(e)) => self.player_event(e),
                _ => break,
            }
        }
        if let Err(e) = self.recorder.sync() {
            tracing::error!("{e}");
        }
    }
}
