//! `loa play TARGET` in the foreground: what the daemon would play, played by this process on the
//! schedule's output (or the default device when there is no schedule). Ctrl-C fades out.
//!
//! TARGET is an announcement id, an emergency preset id, or an audio file. A schedule with
//! errors does not stop a file from playing (in an emergency, the file matters more than a typo
//! in the schedule): its errors are printed, and the file plays on the default output.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::audio::convert::volume_gain;
use crate::audio::output::{self, Output, OutputError};
use crate::audio::player::{Command, Event, Item, Job, Outcome, Player, Playlist, Start};
use crate::schedule::{self, Found, Schedule};
use crate::t;

use super::{OK, USER_ERROR, print_diagnostics};

/// How long a stream relayed in the foreground may take to give its first sound before it
/// starts anyway (then silence until it comes, or the reason it did not).
const CONNECT_WAIT: Duration = Duration::from_secs(10);

/// Exit code after Ctrl-C, as shells report a process ended by SIGINT.
pub const INTERRUPTED: i32 = 130;

/// What `loa play` was asked.
pub struct Request<'a> {
    pub config: Option<&'a Path>,
    pub config_explicit: bool,
    /// Where the texts' sounds are kept (if it may write there: see [`super::tts::cache_home`]).
    pub state_dir: PathBuf,
    /// `--text`: read this aloud instead of `target`.
    pub text: Option<&'a str>,
    pub target: &'a str,
    pub emergency: bool,
    pub repeat: Option<u32>,
    pub volume: Option<u8>,
    /// `--for`: how long to relay a stream.
    pub for_: Option<Duration>,
    /// `--output`: plays here whatever the schedule says.
    pub output: Option<schedule::Output>,
    /// Why it plays here and not through the daemon, said once the target is found.
    pub no_daemon: Option<String>,
}

/// What to play, worked out from the target and the schedule.
pub struct Plan {
    pub label: String,
    pub playlist: Playlist,
    pub gain: f32,
    /// Play again this long after each start, until interrupted (an emergency preset's `every`).
    pub every: Option<Duration>,
    pub output: schedule::Output,
    /// The most it may play (a stream relayed `--for` a while).
    pub limit: Option<Duration>,
    /// A stream's connection, kept open while it plays.
    pub link: Option<crate::stream::Link>,
}

pub fn run(req: &Request<'_>) -> i32 {
    let mut loaded = load(req);
    let cache = super::tts::cache_home(&req.state_dir);
    if let Some(s) = &mut loaded {
        // An announcement that reads a text plays its sound, rendered now if need be; one that
        // cannot be rendered says why when it is played.
        crate::tts::prepare::prepare(s, &cache);
    }
    // A text is read into a file, then played as one.
    let sound;
    let read_aloud;
    let req = match req.text {
        Some(text) => {
            let tts = loaded.as_ref().map(|s| s.tts.clone()).unwrap_or_default();
            match crate::tts::prepare::text_sound(&tts, text, &cache) {
                Ok((_, path)) => sound = path.display().to_string(),
                Err(e) => {
                    eprintln!("loa: {}", t!("reply-text-failed", why = e.to_string()));
                    return USER_ERROR;
                }
            }
            read_aloud = Request {
                config: req.config,
                config_explicit: req.config_explicit,
                state_dir: req.state_dir.clone(),
                text: None,
                target: &sound,
                emergency: req.emergency,
                repeat: req.repeat,
                volume: req.volume,
                for_: None,
                output: req.output.clone(),
                no_daemon: req.no_daemon.clone(),
            };
            &read_aloud
        }
        None => req,
    };
    let mut plan = match resolve(req, loaded.as_ref()) {
        Ok(p) => p,
        Err(msg) => {
            eprintln!("loa: {msg}");
            return USER_ERROR;
        }
    };
    // The station's `loudness`: each file measured (here, once) and levelled as the daemon does.
    if let Some(target) = loaded.as_ref().and_then(|s| s.station.loudness) {
        let files: Vec<PathBuf> = plan
            .playlist
            .prelude
            .iter()
            .chain(plan.playlist.body.iter())
            .filter_map(|i| match i {
                Item::File(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        let gains =
            crate::audio::level::gains(&mut crate::audio::level::Cache::open(None), &files, target);
        plan.playlist = gains.apply(plan.playlist);
    }
    // Only now that there is something to play: never "playing" before the target is found.
    if let Some(why) = &req.no_daemon {
        eprintln!("loa: {}", t!("play-no-daemon", why = why.as_str()));
        eprintln!("{}", super::control::no_daemon_help());
    }
    play_foreground(plan)
}

/// The schedule, if there is one to use. Errors are printed; a broken schedule is `None`.
fn load(req: &Request<'_>) -> Option<Schedule> {
    let path = req.config?;
    if !req.config_explicit && !path.exists() {
        return None;
    }
    let (tz, _) = crate::clock::system_timezone();
    match schedule::load(path, tz) {
        Ok(l) => Some(l.schedule),
        Err(errors) => {
            print_diagnostics(&errors);
            eprintln!(
                "loa: {}",
                t!(
                    "play-schedule-has-errors",
                    file = path.display().to_string()
                )
            );
            None
        }
    }
}

/// Turns the target into a plan: an announcement or preset of the schedule, else a file.
pub fn resolve(req: &Request<'_>, s: Option<&Schedule>) -> Result<Plan, String> {
    if let Some(url) = crate::stream::stream_url(req.target) {
        return relay_plan(req, &url?, s);
    }
    let station_gain = s.map_or(1.0, |s| volume_gain(f32::from(s.station.volume)));
    let output = req
        .output
        .clone()
        .unwrap_or_else(|| s.map_or(schedule::Output::Default, |s| s.station.output.clone()));
    let user_gain = |default: u8| volume_gain(f32::from(req.volume.unwrap_or(default)));
    // A path that exists here comes first only when it is not also an id.
    let here = PathBuf::from(req.target);
    let found = match s {
        Some(s)
            if s.emergency(req.target).is_some()
                || s.announcement(req.target).is_some()
                || !here.exists() =>
        {
            s.find(req.target)
        }
        _ => Found::Nothing,
    };
    if let Some(s) = s {
        if let Found::Ambiguous(ids) = &found {
            return Err(t!(
                "play-ambiguous",
                target = req.target,
                ids = ids.join(", ")
            ));
        }
        if let Found::Emergency(e) = found {
            return Ok(Plan {
                label: t!(
                    "play-label-emergency",
                    id = e.id.as_str(),
                    title = e.title.as_str()
                ),
                playlist: Playlist {
                    prelude: e.alert.iter().map(item).collect(),
                    body: e.files.iter().map(item).collect(),
                    repeat: req.repeat.unwrap_or(e.repeat),
                    gap: e.gap,
                },
                gain: station_gain * user_gain(e.volume),
                every: e.every,
                output,
                limit: None,
                link: None,
            });
        }
        if let Found::Announcement(a) = found {
            return Ok(Plan {
                label: t!(
                    "play-label-announcement",
                    id = a.id.as_str(),
                    title = a.title.as_str()
                ),
                playlist: Playlist {
                    prelude: s.chime_for(a).iter().map(|c| item(c)).collect(),
                    body: a.files.iter().map(item).collect(),
                    repeat: req.repeat.unwrap_or(a.repeat),
                    gap: a.gap,
                },
                gain: station_gain * user_gain(a.volume),
                every: None,
                output,
                limit: None,
                link: None,
            });
        }
    }
    let path = match found {
        Found::File(p) => p,
        _ if here.exists() => here,
        _ => {
            return Err(match s {
                Some(s) => t!(
                    "play-not-found",
                    target = req.target,
                    ids = s.ids().join(", ")
                ),
                None => t!("play-not-found-no-schedule", target = req.target),
            });
        }
    };
    Ok(Plan {
        label: format!("\"{}\"", path.display()),
        playlist: Playlist {
            repeat: req.repeat.unwrap_or(1),
            ..Playlist::of(vec![Item::File(path)])
        },
        gain: station_gain * user_gain(100),
        every: None,
        output,
        limit: None,
        link: None,
    })
}

/// A stream relayed here: its connection opened now, its sound until `--for` or Ctrl-C.
fn relay_plan(req: &Request<'_>, url: &str, s: Option<&Schedule>) -> Result<Plan, String> {
    let link = crate::stream::Link::open("play", vec![url.to_string()], None)
        .map_err(|e| t!("play-no-player", why = e.to_string()))?;
    let station_gain = s.map_or(1.0, |s| volume_gain(f32::from(s.station.volume)));
    Ok(Plan {
        label: url.to_string(),
        playlist: Playlist::of(vec![Item::Live(crate::audio::player::LiveInput {
            buffer: link.buffer(),
            fallback: Vec::new(),
            fallback_after: Duration::from_secs(20),
            voice: false,
        })]),
        gain: station_gain * volume_gain(f32::from(req.volume.unwrap_or(100))),
        every: None,
        output: req
            .output
            .clone()
            .unwrap_or_else(|| s.map_or(schedule::Output::Default, |s| s.station.output.clone())),
        limit: req.for_,
        link: Some(link),
    })
}

fn item(f: &schedule::AudioRef) -> Item {
    Item::File(f.path.clone())
}

/// What the foreground loop waits for (a handful of messages per play: their size is no cost).
#[allow(clippy::large_enum_variant)]
enum Msg {
    Player(Event),
    Interrupt,
}

/// Plays a plan on this process's own output until it ends or Ctrl-C.
pub fn play_foreground(plan: Plan) -> i32 {
    let (tx, rx) = mpsc::channel();
    // Ctrl-C (or SIGTERM) arrives as a message, so the loop below sleeps until something
    // happens; a second one ends the process at once, should the fade ever hang.
    let second = Arc::new(AtomicBool::new(false));
    let signals = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];
    for sig in signals {
        let _ = signal_hook::flag::register_conditional_shutdown(sig, INTERRUPTED, second.clone());
        let _ = signal_hook::flag::register(sig, second.clone());
    }
    match signal_hook::iterator::Signals::new(signals) {
        Ok(mut it) => {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for _ in it.forever() {
                    if tx.send(Msg::Interrupt).is_err() {
                        break;
                    }
                }
            });
        }
        Err(e) => eprintln!("loa: {}", t!("play-no-ctrl-c", why = e.to_string())),
    }
    let out = plan.output.clone();
    let events = tx.clone();
    let player = match Player::spawn(
        move || -> Result<Box<dyn Output>, OutputError> { output::open(&out) },
        move |e| {
            let _ = events.send(Msg::Player(e));
        },
    ) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("loa: {}", t!("play-no-player", why = e.to_string()));
            return USER_ERROR;
        }
    };
    drop(tx);
    eprintln!(
        "loa: {}",
        t!(
            "play-playing",
            what = plan.label.as_str(),
            output = describe(&plan.output)
        )
    );
    // Said at once: the person at the keyboard must know from the start how it ends.
    if let Some(every) = plan.every {
        eprintln!(
            "loa: {}",
            t!(
                "play-again-every",
                every = crate::i18n::words::duration(every)
            )
        );
    }
    // A stream: wait for its first sound (or a few seconds), so that `--for` is sound, not the
    // time it took to connect.
    // One that answers with an error, or gives nothing in that time, is said at once (exit 1),
    // as a file that cannot play is.
    if let Some(link) = &plan.link {
        let until = Instant::now() + CONNECT_WAIT;
        let buffer = link.buffer();
        while !buffer.sounding() {
            let state = buffer.state();
            let waited_out = Instant::now() >= until;
            let failed = state.failed_by_hand(waited_out);
            if failed.is_some() || waited_out {
                let why = failed.map_or_else(|| t!("play-stream-nothing"), |w| w.to_string());
                eprintln!(
                    "loa: {}",
                    t!("play-stream-silent", url = plan.label.as_str(), why = why)
                );
                return USER_ERROR;
            }
            if let Ok(Msg::Interrupt) = rx.recv_timeout(Duration::from_millis(20)) {
                eprintln!("loa: {}", t!("play-stopped"));
                return INTERRUPTED;
            }
        }
    }
    let mut failed_files = false;
    let mut output_failed = false;
    let mut sounded = false;
    loop {
        let started = Instant::now();
        player.send(Command::Play(Job {
            id: plan.label.clone(),
            playlist: plan.playlist.clone(),
            gain: plan.gain,
            start: Start::Now,
            arm: false,
            limit: plan.limit,
        }));
        let outcome = loop {
            match rx.recv() {
                Ok(Msg::Interrupt) => player.send(Command::Stop),
                Ok(Msg::Player(Event::Finished {
                    outcome, report, ..
                })) => {
                    if !report.incomplete.is_empty() {
                        failed_files = true;
                    }
                    // A stream that never gave sound: say why, not just "done".
                    if let Some(live) = report.live.as_ref().filter(|l| l.on_air.is_zero())
                        && matches!(outcome, Outcome::Played | Outcome::Failed(_))
                    {
                        let why = if live.trouble.is_empty() {
                            t!("play-stream-nothing")
                        } else {
                            crate::i18n::Said::join(&live.trouble, || "; ".into()).to_string()
                        };
                        eprintln!(
                            "loa: {}",
                            t!("play-stream-silent", url = plan.label.as_str(), why = why)
                        );
                        return USER_ERROR;
                    }
                    break outcome;
                }
                Ok(Msg::Player(Event::Arming { .. })) => {}
                Ok(Msg::Player(Event::ItemFailed { path, error, .. })) => {
                    failed_files = true;
                    eprintln!(
                        "loa: {}",
                        t!(
                            "play-cannot-play",
                            file = path.display().to_string(),
                            why = error.to_string()
                        )
                    );
                }
                Ok(Msg::Player(Event::OutputFailed { error })) => {
                    output_failed = true;
                    eprintln!("loa: {error}");
                }
                Ok(Msg::Player(Event::Started { at, .. })) => {
                    sounded = true;
                    let t = crate::clock::wall_time_of(&crate::clock::SystemClock, at);
                    tracing::debug!(
                        first_sample_unix_us = t.timestamp_micros(),
                        "first sample handed to the output"
                    );
                }
                Err(_) => {
                    break Outcome::Failed(crate::i18n::Said::new(|| t!("reason-player-stopped")));
                }
            }
        };
        match outcome {
            Outcome::Played => {}
            Outcome::Stopped | Outcome::Interrupted => {
                eprintln!("loa: {}", t!("play-stopped"));
                return INTERRUPTED;
            }
            Outcome::Failed(why) => {
                match (sounded, output_failed) {
                    (true, _) => eprintln!("loa: {}", t!("play-ended-early")),
                    (false, true) => {}
                    (false, false) => {
                        eprintln!("loa: {}", t!("play-nothing-played", why = why.to_string()))
                    }
                }
                return USER_ERROR;
            }
        }
        let Some(every) = plan.every else { break };
        if let Ok(Msg::Interrupt) = rx.recv_timeout(every.saturating_sub(started.elapsed())) {
            return INTERRUPTED;
        }
    }
    drop(player);
    if failed_files { USER_ERROR } else { OK }
}

fn describe(o: &schedule::Output) -> String {
    match o {
        schedule::Output::Default => t!("play-default-output"),
        other => t!("play-output", output = other.to_string()),
    }
}
