//! The player thread: owns the output, takes jobs (what to play, how loud, from when), reports
//! what happened. One job at a time: a new job while one plays interrupts it with a fade. Between
//! jobs the output is kept open for [`LINGER`] (back-to-back broadcasts share it), then
//! released, so an idle player holds no device and does not wake.
//!
//! It decides nothing about schedules; the daemon (or `loa play`) does, and sends commands.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::decode::AudioError;
use super::output::{Output, OutputError};
use super::track::Track;

/// How long the output stays open after a job, waiting for the next.
pub const LINGER: Duration = Duration::from_secs(2);
/// The most a block pushed to the ring holds.
const BLOCK_FRAMES: usize = 2048;
/// How often, at most, device errors are summarised in the log.
const ERROR_LOG_EVERY: Duration = Duration::from_secs(10);

/// One step of a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    File(PathBuf),
    Silence(Duration),
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
    pub items: Vec<Item>,
    /// Amplitude, 0..=1 (see `convert::volume_gain`).
    pub gain: f32,
    pub start: Start,
}

#[derive(Debug)]
pub enum Command {
    /// Play a job; interrupts the one playing, with a fade.
    Play(Job),
    /// Fade out and end the job playing, if any.
    Stop,
    /// Fade out what plays and end the thread.
    Shutdown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything that could be played was.
    Played,
    /// Ended by `Command::Stop` or `Shutdown`.
    Stopped,
    /// Ended by another job.
    Interrupted,
    /// Nothing could be played, or the output failed; the reason.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The job's first sample played at `at` (by the output's account: [`Output::frame_time`]).
    Started {
        id: String,
        at: Instant,
    },
    /// A file of the job could not be played; the rest goes on.
    ItemFailed {
        id: String,
        path: PathBuf,
        error: String,
    },
    Finished {
        id: String,
        outcome: Outcome,
    },
    /// The output could not be opened or stopped working.
    OutputFailed {
        error: String,
    },
}

/// Handle to the player thread; dropping it fades out and joins the thread.
pub struct Player {
    commands: Sender<Command>,
    thread: Option<JoinHandle<()>>,
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
                        events(Event::OutputFailed {
                            error: e.to_string(),
                        });
                        // Still answer jobs, so callers waiting for an outcome are not left hanging.
                        for cmd in rx {
                            match cmd {
                                Command::Play(job) => events(Event::Finished {
                                    id: job.id,
                                    outcome: Outcome::Failed(e.to_string()),
                                }),
                                Command::Shutdown => break,
                                Command::Stop => {}
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
    Job(Job),
    Failed(String),
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
                        Command::Stop => continue,
                        Command::Shutdown => return,
                    }
                }
            };
            let id = job.id.clone();
            match self.play(job) {
                Ok(()) => {}
                Err(Break::Stop) => (self.events)(Event::Finished {
                    id,
                    outcome: Outcome::Stopped,
                }),
                Err(Break::Shutdown) => {
                    (self.events)(Event::Finished {
                        id,
                        outcome: Outcome::Stopped,
                    });
                    return;
                }
                Err(Break::Job(j)) => {
                    (self.events)(Event::Finished {
                        id,
                        outcome: Outcome::Interrupted,
                    });
                    next = Some(j);
                }
                Err(Break::Failed(why)) => {
                    (self.events)(Event::Finished {
                        id,
                        outcome: Outcome::Failed(why),
                    });
                }
            }
            idle_since = Some(Instant::now());
        }
    }

    /// Plays a job to its end (`Ok`) or until something breaks in.
    fn play(&mut self, job: Job) -> Result<(), Break> {
        if let Err(e) = self.output.start() {
            (self.events)(Event::OutputFailed {
                error: e.to_string(),
            });
            return Err(Break::Failed(e.to_string()));
        }
        let spec = self.output.spec();
        let mut run = Run {
            id: job.id.clone(),
            first_played: None,
            start_frame: None,
            items_played: 0,
        };
        {
            let feed = self.feed()?;
            feed.set_gain(job.gain);
            run.first_played = Some(feed.shared().played());
            // Now is a frame too: a paced output renders in steps, and the first sample must
            // not land in the step already past.
            let gate = match job.start {
                Start::Now => self.frame_for(Instant::now()),
                Start::At(t) => self.frame_for(t),
            };
            let feed = self.feed()?;
            feed.set_gate(gate);
            feed.set_active(true);
        }
        let mut failures = Vec::new();
        let mut block = Vec::with_capacity(BLOCK_FRAMES * spec.channels);
        for item in &job.items {
            match item {
                Item::File(path) => {
                    let mut failed = |e: AudioError, events: &mut dyn FnMut(Event)| {
                        failures.push(e.to_string());
                        events(Event::ItemFailed {
                            id: job.id.clone(),
                            path: path.clone(),
                            error: e.reason(),
                        });
                    };
                    let mut track = match Track::open(path, spec) {
                        Ok(t) => t,
                        Err(e) => {
                            failed(e, &mut *self.events);
                            continue;
                        }
                    };
                    loop {
                        block.clear();
                        match track.fill(&mut block, BLOCK_FRAMES) {
                            Ok(more) => {
                                self.push(&block, &mut run)?;
                                if !more {
                                    break;
                                }
                            }
                            Err(e) => {
                                failed(e, &mut *self.events);
                                break;
                            }
                        }
                    }
                    if let Some(p) = track.problems() {
                        tracing::warn!(id = %job.id, file = %path.display(), "{p}");
                    }
                    run.items_played += 1;
                }
                Item::Silence(d) => {
                    let mut left = (d.as_secs_f64() * f64::from(spec.rate)) as usize;
                    while left > 0 {
                        let n = left.min(BLOCK_FRAMES);
                        block.clear();
                        block.resize(n * spec.channels, 0.0);
                        self.push(&block, &mut run)?;
                        left -= n;
                    }
                }
            }
        }
        if run.items_played == 0 {
            if let Ok(f) = self.feed() {
                f.set_active(false);
            }
            return Err(Break::Failed(if failures.is_empty() {
                "nothing to play".to_string()
            } else {
                failures.join("; ")
            }));
        }
        self.drain(&mut run)?;
        (self.events)(Event::Finished {
            id: job.id,
            outcome: Outcome::Played,
        });
        Ok(())
    }

    fn feed(&mut self) -> Result<&mut super::output::Feed, Break> {
        self.output
            .feed()
            .ok_or_else(|| Break::Failed("the audio output is not open".into()))
    }

    /// The device frame that plays at `t` (0 if `t` has passed or the output cannot tell).
    fn frame_for(&mut self, t: Instant) -> u64 {
        let rate = f64::from(self.output.spec().rate);
        // A stream just opened has not run yet, and cannot tell its time: give it a moment
        // (without this, a broadcast handed over ahead of its time would start at once).
        let deadline = Instant::now() + Duration::from_millis(500);
        let (frames, at) = loop {
            let Some(frames) = self.output.feed().map(|f| f.shared().frames()) else {
                return 0;
            };
            if let Some(at) = self.output.frame_time(frames) {
                break (frames, at);
            }
            if Instant::now() >= deadline {
                tracing::warn!("the output cannot tell its time; starting without a precise gate");
                return 0;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        if t <= at {
            return 0;
        }
        frames + ((t - at).as_secs_f64() * rate).round() as u64
    }

    /// Pushes a block, waiting for room; between waits, listens for commands, notices the start
    /// and watches the output's health.
    fn push(&mut self, mut samples: &[f32], run: &mut Run) -> Result<(), Break> {
        while !samples.is_empty() {
            let taken = self.feed()?.push(samples);
            samples = &samples[taken..];
            self.observe(run)?;
            if !samples.is_empty() {
                let nap = self.refill_wait()?;
                self.wait(nap)?;
            }
        }
        Ok(())
    }

    /// How long the ring can go on without us: until it is half empty (a command still wakes
    /// the wait at once). Fewer wakes, less CPU: each costs a context switch.
    fn refill_wait(&mut self) -> Result<Duration, Break> {
        let feed = self.feed()?;
        let rate = f64::from(feed.spec().rate);
        let half = (feed.queued() + feed.space()) / 2;
        let above = feed.queued().saturating_sub(half);
        Ok(Duration::from_secs_f64(above as f64 / rate).max(Duration::from_millis(10)))
    }

    /// Waits until everything queued has played.
    fn drain(&mut self, run: &mut Run) -> Result<(), Break> {
        self.feed()?.set_active(false);
        loop {
            self.observe(run)?;
            if self.feed()?.queued() == 0 {
                // The last block is in the device's buffer; let it out before reporting the end.
                return self.wait(Duration::from_millis(30));
            }
            self.wait(Duration::from_millis(10))?;
        }
    }

    /// Waits up to `d` for a command; a command that ends the job fades out first.
    fn wait(&mut self, d: Duration) -> Result<(), Break> {
        match self.commands.recv_timeout(d) {
            Err(RecvTimeoutError::Timeout) => Ok(()),
            Err(RecvTimeoutError::Disconnected) => {
                self.fade_out();
                Err(Break::Shutdown)
            }
            Ok(cmd) => {
                self.fade_out();
                Err(match cmd {
                    Command::Stop => Break::Stop,
                    Command::Shutdown => Break::Shutdown,
                    Command::Play(j) => Break::Job(j),
                })
            }
        }
    }

    /// Ramps the gain to zero, then drops what is queued; the next job starts from silence.
    fn fade_out(&mut self) {
        // From the frame of this moment: where the device renders behind, what it renders of
        // the past keeps its level, and the fade takes its real time.
        let from = self.frame_for(Instant::now());
        let Some(feed) = self.output.feed() else {
            return;
        };
        feed.set_active(false);
        feed.set_gain_from(0.0, from);
        let deadline = Instant::now() + Duration::from_millis(300);
        while (feed.shared().current_gain() > 0.0 || feed.shared().frames() <= from)
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(2));
            feed.kick();
        }
        feed.flush(Duration::from_millis(200));
    }

    /// Notices the first sample going out, and an output that stopped working.
    fn observe(&mut self, run: &mut Run) -> Result<(), Break> {
        if let Err(e) = self.output.health() {
            (self.events)(Event::OutputFailed {
                error: e.to_string(),
            });
            self.output.stop();
            return Err(Break::Failed(e.to_string()));
        }
        let Some(feed) = self.output.feed() else {
            return Err(Break::Failed("the audio output closed".into()));
        };
        let shared = feed.shared();
        let (errors, kind) = shared.errors();
        if errors > self.errors_logged.0 && self.errors_logged.1.elapsed() >= ERROR_LOG_EVERY {
            tracing::warn!(
                id = %run.id,
                "the audio output reported {} error(s) (last of kind {kind}) in the last {} s",
                errors - self.errors_logged.0,
                self.errors_logged.1.elapsed().as_secs()
            );
            self.errors_logged = (errors, Instant::now());
        }
        if run.start_frame.is_none()
            && let Some(before) = run.first_played
        {
            let played = shared.played();
            if played > before {
                // Frames have flowed without a break since the first one: count back.
                let frames = shared.frames();
                let start = frames.saturating_sub(played - before);
                run.start_frame = Some(start);
                let at = self.output.frame_time(start).unwrap_or_else(Instant::now);
                (self.events)(Event::Started {
                    id: run.id.clone(),
                    at,
                });
            }
        }
        Ok(())
    }
}

/// Progress of the job being played.
struct Run {
    id: String,
    first_played: Option<u64>,
    start_frame: Option<u64>,
    items_played: usize,
}
