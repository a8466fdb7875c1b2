//! The player thread: owns the output, takes jobs (what to play, how loud, from when), reports
//! what happened. One job at a time: a new job while one plays interrupts it with a fade. Between
//! jobs the output is kept open for [`LINGER`] (back-to-back broadcasts share it), then
//! released, so an idle player holds no device and does not wake.
//!
//! A job's first sample can wait for a word from outside: with `arm`, the player says
//! [`Event::Arming`] shortly before the first sample is due and holds it back until
//! [`Command::Arm`] (the daemon sends it once the broadcast's history row is on disk, so that a
//! crash at any instant leaves a row and nothing plays twice), or until [`ARM_GRACE`] past its
//! time, when it goes ahead anyway: a slow disk never silences the station.
//!
//! It decides nothing about schedules; the daemon (or `loa play`) does, and sends commands.
//! `job` plays one job; this file holds the types and the thread's loop.

mod job;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::live::LiveBuffer;
use crate::i18n::Said;

use super::output::{Output, OutputError};

/// How long the output stays open after a job, waiting for the next.
pub const LINGER: Duration = Duration::from_secs(2);
/// How long before its first sample is due an armed job asks for its arm.
pub const ARM_AHEAD: Duration = Duration::from_millis(500);
/// How long past its time an armed job waits for its arm before it plays anyway.
pub const ARM_GRACE: Duration = Duration::from_millis(250);

/// One step of a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    File(PathBuf),
    /// A file played with its own gain on top of the job's (the station's `loudness`), in
    /// hundredths of a decibel (a whole number, so that playlists compare exactly).
    Leveled(PathBuf, i32),
    Silence(Duration),
    /// A relay's live sound, until the job's limit.
    Live(LiveInput),
}

/// A relay's live sound, as the player plays it.
#[derive(Clone)]
pub struct LiveInput {
    /// The buffer its stream's thread fills.
    pub buffer: Arc<LiveBuffer>,
    /// Played when the stream has given no sound for `fallback_after` (only files).
    pub fallback: Vec<Item>,
    pub fallback_after: Duration,
    /// A person speaking (spec §12), not a stream: the output is kept only a few milliseconds
    /// ahead (live sound stays live), and the sound ends when its sender has finished and what
    /// it sent has played.
    pub voice: bool,
}

impl PartialEq for LiveInput {
    fn eq(&self, other: &LiveInput) -> bool {
        Arc::ptr_eq(&self.buffer, &other.buffer)
            && self.fallback == other.fallback
            && self.fallback_after == other.fallback_after
            && self.voice == other.voice
    }
}

impl Eq for LiveInput {}

impl std::fmt::Debug for LiveInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveInput")
            .field("fallback", &self.fallback)
            .field("fallback_after", &self.fallback_after)
            .field("voice", &self.voice)
            .finish_non_exhaustive()
    }
}

/// What a job plays, in order: `prelude` once (a chime, an alert), then `body` `repeat` times
/// with `gap` of silence between. Its items are produced as they are played, never listed
/// whole, so a request for many repeats costs nothing until it plays.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Playlist {
    pub prelude: Vec<Item>,
    pub body: Vec<Item>,
    pub repeat: u32,
    pub gap: Duration,
}

impl Playlist {
    /// The items once each, in order.
    pub fn of(items: Vec<Item>) -> Playlist {
        Playlist {
            prelude: Vec::new(),
            body: items,
            repeat: 1,
            gap: Duration::ZERO,
        }
    }

    /// Every item in the order it plays.
    pub fn items(&self) -> impl Iterator<Item = Item> + '_ {
        let gap = (!self.gap.is_zero()).then_some(Item::Silence(self.gap));
        self.prelude
            .iter()
            .cloned()
            .chain((0..self.repeat).flat_map(move |r| {
                (r > 0)
                    .then(|| gap.clone())
                    .flatten()
                    .into_iter()
                    .chain(self.body.iter().cloned())
            }))
    }
}

/// When a job's first sample should play.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    Now,
    At(Instant),
}

#[derive(Clone, Debug)]
pub struct Job {
    /// Names the job in events and logs (an announcement id, a file).
    pub id: String,
    pub playlist: Playlist,
    /// Amplitude, 0..=1 (see `convert::volume_gain`).
    pub gain: f32,
    pub start: Start,
    /// Hold the first sample until [`Command::Arm`] (see the module's notes).
    pub arm: bool,
    /// The most audio the job may play; past it, it ends with a fade.
    pub limit: Option<Duration>,
}

impl Job {
    /// A person's live voice (spec §12), whose every millisecond of delay is heard.
    pub fn is_voice(&self) -> bool {
        (self.playlist.prelude.iter())
            .chain(&self.playlist.body)
            .any(|i| matches!(i, Item::Live(l) if l.voice))
    }
}

#[derive(Debug)]
pub enum Command {
    /// Play a job; interrupts the one playing, with a fade.
    Play(Job),
    /// The job of this id may let its first sample out.
    Arm(String),
    /// Fade out and end the job playing, if any.
    Stop,
    /// Fade out what plays and end the thread.
    Shutdown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything that could be played was (see the [`Report`] for what could not).
    Played,
    /// Ended by `Command::Stop` or `Shutdown`.
    Stopped,
    /// Ended by another job.
    Interrupted,
    /// Nothing could be played, or the output failed; the reason.
    Failed(Said),
}

/// What went out of a job, and what did not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Audio that reached the output.
    pub played: Duration,
    /// Files that did not play in full, each with why ("x.mp3: only 0:04 of 1:00 played…").
    pub incomplete: Vec<Said>,
    /// What went wrong without costing the listener the message (a damaged packet skipped).
    pub notes: Vec<Said>,
    /// The job reached its `limit` and was cut there.
    pub limit_reached: bool,
    /// When its last sample sounded, by the output's account (the amplifier's off delay counts
    /// from it).
    pub last_sample: Option<Instant>,
    /// For a relay: what came through of the stream.
    pub live: Option<LiveReport>,
}

/// What went out of a relay's stream while its job played.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveReport {
    /// Live sound that reached the output.
    pub on_air: Duration,
    /// The fallback files played meanwhile.
    pub fallback: Duration,
    /// Silence while no stream gave sound.
    pub silent: Duration,
    /// Times the stream was connected again after the first.
    pub reconnects: u32,
    /// Tries that gave no sound.
    pub failed_tries: u32,
    /// Why it was not on air, in a few words each, without repeats ("connection refused").
    pub trouble: Vec<Said>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// An armed job's first sample is due at `at`: it waits for [`Command::Arm`].
    Arming { id: String, at: Instant },
    /// The job's first sample played at `at` (by the output's account: [`Output::frame_time`]).
    Started { id: String, at: Instant },
    /// A file of the job could not be played; the rest goes on.
    ItemFailed {
        id: String,
        path: PathBuf,
        /// Why, in each language (the daemon answers each reader in hers).
        error: Said,
    },
    Finished {
        id: String,
        outcome: Outcome,
        report: Report,
    },
    /// The output could not be opened or stopped working.
    OutputFailed { error: OutputError },
}

/// Handle to the player thread; dropping it fades out and joins the thread.
pub struct Player {
    commands: Sender<Command>,
    thread: Option<JoinHandle<()>>,
}

/// Sends commands to a player from another thread (the history writer arms jobs).
#[derive(Clone, Debug)]
pub struct Commander(Sender<Command>);

impl Commander {
    pub fn send(&self, command: Command) {
        let _ = self.0.send(command);
    }
}

impl Player {
    /// Starts the thread. `make_output` runs on it (a cpal stream must be built where it lives);
    /// `events` receives everything that happens, from the player thread.
    pub fn spawn<M, E>(make_output: M, mut events: E) -> std::io::Result<Player>
    where
        M: FnOnce() -> Result<Box<dyn Output>, OutputError> + Send + 'static,
        E: FnMut(Event) + Send + 'static,
    {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("loa-player".into())
            .spawn(move || {
                match make_output() {
                    Ok(output) => Worker {
                        output,
                        commands: rx,
                        events: &mut events,
                        errors_logged: (0, Instant::now()),
                    }
                    .run(),
                    Err(e) => {
                        events(Event::OutputFailed { error: e.clone() });
                        // Still answer jobs, so callers waiting for an outcome are not left hanging.
                        for cmd in rx {
                            match cmd {
                                Command::Play(job) => events(Event::Finished {
                                    id: job.id,
                                    outcome: Outcome::Failed(Said::new(|| e.to_string())),
                                    report: Report::default(),
                                }),
                                Command::Shutdown => break,
                                Command::Stop | Command::Arm(_) => {}
                            }
                        }
                    }
                }
            })?;
        Ok(Player {
            commands: tx,
            thread: Some(thread),
        })
    }

    pub fn send(&self, command: Command) {
        // The thread only ends on Shutdown or drop; a send after that has nobody to tell.
        let _ = self.commands.send(command);
    }

    pub fn commander(&self) -> Commander {
        Commander(self.commands.clone())
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Shutdown);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Worker<'a> {
    output: Box<dyn Output>,
    commands: Receiver<Command>,
    events: &'a mut dyn FnMut(Event),
    errors_logged: (u64, Instant),
}

/// What interrupted a job.
enum Break {
    Stop,
    Shutdown,
    Job(Box<Job>),
    Failed(Said),
}

impl Worker<'_> {
    fn run(&mut self) {
        let mut next: Option<Job> = None;
        let mut idle_since: Option<Instant> = None;
        loop {
            let job = match next.take() {
                Some(j) => j,
                None => {
                    let cmd = match idle_since {
                        Some(since) => match self
                            .commands
                            .recv_timeout(LINGER.saturating_sub(since.elapsed()))
                        {
                            Ok(c) => c,
                            Err(RecvTimeoutError::Timeout) => {
                                self.output.stop();
                                idle_since = None;
                                continue;
                            }
                            Err(RecvTimeoutError::Disconnected) => return,
                        },
                        None => match self.commands.recv() {
                            Ok(c) => c,
                            Err(_) => return,
                        },
                    };
                    match cmd {
                        Command::Play(j) => j,
                        Command::Stop | Command::Arm(_) => continue,
                        Command::Shutdown => return,
                    }
                }
            };
            let id = job.id.clone();
            let mut report = Report::default();
            let (outcome, after, shutdown) = match self.play(job, &mut report) {
                Ok(()) => (Outcome::Played, None, false),
                Err(Break::Stop) => (Outcome::Stopped, None, false),
                Err(Break::Shutdown) => (Outcome::Stopped, None, true),
                Err(Break::Job(j)) => (Outcome::Interrupted, Some(*j), false),
                Err(Break::Failed(why)) => (Outcome::Failed(why), None, false),
            };
            (self.events)(Event::Finished {
                id,
                outcome,
                report,
            });
            if shutdown {
                return;
            }
            next = after;
            idle_since = Some(Instant::now());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_playlist_plays_its_prelude_once_and_its_body_with_gaps() {
        let f = |n: &str| Item::File(PathBuf::from(n));
        let p = Playlist {
            prelude: vec![f("chime")],
            body: vec![f("a"), f("b")],
            repeat: 3,
            gap: Duration::from_secs(2),
        };
        let gap = Item::Silence(Duration::from_secs(2));
        assert_eq!(
            p.items().collect::<Vec<_>>(),
            [
                f("chime"),
                f("a"),
                f("b"),
                gap.clone(),
                f("a"),
                f("b"),
                gap,
                f("a"),
                f("b")
            ]
        );
        // A billion repeats cost nothing until they play.
        let huge = Playlist {
            repeat: 1_000_000_000,
            ..p
        };
        assert_eq!(huge.items().take(4).count(), 4);
    }
}
