//! Playing one job on the player thread: the gate that lets its first sample out (on its frame,
//! once armed), the files decoded into the ring, the fade when a command breaks in, and the
//! report of what went out.

use std::path::Path;
use std::time::{Duration, Instant};

use super::{
    ARM_AHEAD, ARM_GRACE, Break, Command, Event, Item, Job, LiveInput, LiveReport, Report, Worker,
};
use crate::audio::convert::fade_out;
use crate::audio::decode::AudioError;
use crate::audio::live::LiveTrack;
use crate::audio::output::{Feed, GAIN_RAMP_SECONDS};
use crate::audio::probe::mmss;
use crate::audio::track::Track;
use crate::i18n::Said;
use crate::t;

mod live;

/// The most a block pushed to the ring holds.
const BLOCK_FRAMES: usize = 2048;
/// How often, at most, device errors are summarised in the log.
const ERROR_LOG_EVERY: Duration = Duration::from_secs(10);

/// What one file of a job played.
#[derive(Default)]
struct FilePlayed {
    frames: u64,
    limit_reached: bool,
}

/// How a job's first sample is let out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gate {
    /// Held back until the arm (asked for `ARM_AHEAD` before the start), or until `ARM_GRACE`
    /// after it.
    Held { asked: bool },
    /// Let out from the start's frame.
    Open,
}

/// Progress of the job being played.
struct Run {
    id: String,
    /// When the first sample is due.
    at: Instant,
    gate: Gate,
    first_played: u64,
    last_played: u64,
    start_frame: Option<u64>,
    /// Frames handed to the ring.
    pushed: u64,
    limit: Option<u64>,
    draining: bool,
}

impl Worker<'_> {
    /// Plays a job to its end (`Ok`) or until something breaks in; says in `report` what went
    /// out and what did not, either way.
    pub(super) fn play(&mut self, job: Job, report: &mut Report) -> Result<(), Break> {
        if let Err(e) = self.output.start_for(job.is_voice()) {
            (self.events)(Event::OutputFailed { error: e.clone() });
            return Err(Break::Failed(Said::new(|| e.to_string())));
        }
        let rate = f64::from(self.output.spec().rate);
        let played = self.feed()?.shared().played();
        let mut run = Run {
            id: job.id.clone(),
            at: match job.start {
                super::Start::Now => Instant::now(),
                super::Start::At(t) => t,
            },
            gate: Gate::Held { asked: false },
            first_played: played,
            last_played: played,
            start_frame: None,
            pushed: 0,
            limit: job.limit.map(|d| (d.as_secs_f64() * rate) as u64),
            draining: false,
        };
        let result = self.play_items(&job, &mut run, report);
        if let Some(f) = self.output.feed() {
            run.last_played = run.last_played.max(f.shared().played());
        }
        if let Some(start) = run.start_frame {
            let last = start + run.last_played.saturating_sub(run.first_played);
            report.last_sample = self.output.frame_time(last);
        }
        report.played =
            Duration::from_secs_f64(run.last_played.saturating_sub(run.first_played) as f64 / rate);
        result
    }

    fn play_items(&mut self, job: &Job, run: &mut Run, report: &mut Report) -> Result<(), Break> {
        let spec = self.output.spec();
        {
            let feed = self.feed()?;
            feed.set_gain(job.gain);
            feed.set_active(false);
            feed.set_gate(u64::MAX);
        }
        if job.arm {
            self.tend_gate(run)?;
        } else {
            self.open_gate(run)?;
        }
        let (mut files, mut files_played, mut live) = (0, 0, false);
        let mut block = Vec::with_capacity(BLOCK_FRAMES * spec.channels);
        for item in job.playlist.items() {
            if let Some((path, level)) = file_of(&item) {
                files += 1;
                let f = self.play_file(&job.id, path, level, run, report, &mut block)?;
                files_played += usize::from(f.frames > 0);
                if f.limit_reached {
                    break;
                }
                continue;
            }
            match item {
                Item::File(_) | Item::Leveled(..) => {}
                Item::Silence(d) => {
                    if self.play_silence(d, run, report, &mut block)? {
                        break;
                    }
                }
                Item::Live(input) => {
                    live = true;
                    if self.play_live(&job.id, &input, run, report, &mut block)? {
                        break;
                    }
                }
            }
        }
        if files > 0 && files_played == 0 && !live {
            if let Ok(f) = self.feed() {
                f.set_active(false);
            }
            return Err(Break::Failed(if report.incomplete.is_empty() {
                Said::new(|| t!("reason-nothing-to-play"))
            } else {
                Said::join(&report.incomplete, || "; ".into())
            }));
        }
        self.drain(run)
    }

    /// Plays one file of the job (at `level` on top of the job's gain).
    fn play_file(
        &mut self,
        id: &str,
        path: &Path,
        level: f32,
        run: &mut Run,
        report: &mut Report,
        block: &mut Vec<f32>,
    ) -> Result<FilePlayed, Break> {
        let spec = self.output.spec();
        let mut played = FilePlayed::default();
        let mut track = match Track::open(path, spec) {
            Ok(t) => t,
            Err(e) => {
                self.item_failed(run, path, &e, None, report);
                return Ok(played);
            }
        };
        let ended = loop {
            block.clear();
            match track.fill(block, BLOCK_FRAMES) {
                Ok(more) => {
                    if level != 1.0 {
                        block.iter_mut().for_each(|s| *s *= level);
                    }
                    let cut = self.cut(run, block);
                    self.push(block, run)?;
                    played.frames += (block.len() / spec.channels) as u64;
                    if cut {
                        report.limit_reached = true;
                        played.limit_reached = true;
                        break false;
                    }
                    if !more {
                        break true;
                    }
                }
                Err(e) => {
                    let after =
                        Duration::from_secs_f64(played.frames as f64 / f64::from(spec.rate));
                    self.item_failed(run, path, &e, Some(after), report);
                    break false;
                }
            }
        };
        if ended {
            let name = file_name(path);
            if let Some((got, expected)) = track.shortfall() {
                let what = Said::new(|| {
                    t!(
                        "reason-file-short",
                        file = name.as_str(),
                        got = mmss(got.as_secs_f64()),
                        expected = mmss(expected.as_secs_f64())
                    )
                });
                tracing::warn!(id = %id, "{}", what.en());
                report.incomplete.push(what);
            }
            if let Some(d) = track.damage() {
                tracing::warn!(id = %id, file = %path.display(), "{}", d.en());
                report.notes.push(Said::new(|| {
                    t!(
                        "reason-file-damage",
                        file = name.as_str(),
                        why = d.to_string()
                    )
                }));
            }
        }
        Ok(played)
    }

    /// Plays `d` of silence; says whether the job's limit was reached.
    fn play_silence(
        &mut self,
        d: Duration,
        run: &mut Run,
        report: &mut Report,
        block: &mut Vec<f32>,
    ) -> Result<bool, Break> {
        let spec = self.output.spec();
        let mut left = (d.as_secs_f64() * f64::from(spec.rate)) as usize;
        while left > 0 {
            let n = left.min(BLOCK_FRAMES);
            block.clear();
            block.resize(n * spec.channels, 0.0);
            let cut = self.cut(run, block);
            self.push(block, run)?;
            if cut {
                report.limit_reached = true;
                return Ok(true);
            }
            left -= n;
        }
        Ok(false)
    }

    /// A file of the job could not be played (or stopped playing after `after`).
    fn item_failed(
        &mut self,
        run: &Run,
        path: &Path,
        e: &AudioError,
        after: Option<Duration>,
        report: &mut Report,
    ) {
        let name = file_name(path);
        report.incomplete.push(Said::new(|| match after {
            Some(d) if !d.is_zero() => t!(
                "reason-file-failed-after",
                file = name.as_str(),
                why = e.reason(),
                after = mmss(d.as_secs_f64())
            ),
            _ => t!("reason-file-failed", file = name.as_str(), why = e.reason()),
        }));
        (self.events)(Event::ItemFailed {
            id: run.id.clone(),
            path: path.to_path_buf(),
            error: Said::new(|| e.reason()),
        });
    }

    /// Shortens a block that would take the job past its limit, fading it out; says whether
    /// the limit is reached.
    fn cut(&mut self, run: &mut Run, block: &mut Vec<f32>) -> bool {
        let ch = self.output.spec().channels;
        let frames = (block.len() / ch) as u64;
        let Some(limit) = run.limit else {
            run.pushed += frames;
            return false;
        };
        let room = limit.saturating_sub(run.pushed);
        if frames < room {
            run.pushed += frames;
            return false;
        }
        block.truncate(room as usize * ch);
        let fade = (GAIN_RAMP_SECONDS * self.output.spec().rate as f32) as usize;
        fade_out(block, ch, fade);
        run.pushed += room;
        true
    }

    pub(super) fn feed(&mut self) -> Result<&mut Feed, Break> {
        self.output
            .feed()
            .ok_or_else(|| Break::Failed(Said::new(|| t!("reason-output-not-open"))))
    }

    /// Lets the first sample out on the frame of its time (at once if that has passed).
    fn open_gate(&mut self, run: &mut Run) -> Result<(), Break> {
        let frame = self.frame_for(run.at);
        let feed = self.feed()?;
        feed.set_gate(frame);
        feed.set_active(!run.draining);
        run.gate = Gate::Open;
        Ok(())
    }

    /// Asks for the arm when it is time; past the grace, opens the gate without it.
    fn tend_gate(&mut self, run: &mut Run) -> Result<(), Break> {
        let Gate::Held { asked } = run.gate else {
            return Ok(());
        };
        let now = Instant::now();
        if !asked && now + ARM_AHEAD >= run.at {
            (self.events)(Event::Arming {
                id: run.id.clone(),
                at: run.at,
            });
            run.gate = Gate::Held { asked: true };
        }
        if now >= run.at + ARM_GRACE {
            tracing::warn!(id = %run.id, "its history row was not confirmed in time; it plays without waiting");
            self.open_gate(run)?;
        }
        Ok(())
    }

    /// The next moment the gate needs attention, while it is held.
    fn gate_moment(run: &Run) -> Option<Instant> {
        match run.gate {
            Gate::Held { asked: false } => Some(run.at.checked_sub(ARM_AHEAD).unwrap_or(run.at)),
            Gate::Held { asked: true } => Some(run.at + ARM_GRACE),
            Gate::Open => None,
        }
    }

    /// The device frame that plays at `t` (0 if `t` has passed or the output cannot tell).
    pub(super) fn frame_for(&mut self, t: Instant) -> u64 {
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
                self.wait(run, nap)?;
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
        run.draining = true;
        self.feed()?.set_active(false);
        loop {
            self.observe(run)?;
            if run.gate == Gate::Open && self.feed()?.queued() == 0 {
                // The last block is in the device's buffer; let it out before reporting the end.
                return self.wait(run, Duration::from_millis(30));
            }
            let d = match run.gate {
                Gate::Open => Duration::from_millis(10),
                // The wait ends at the gate's next moment, or with the arm.
                Gate::Held { .. } => Duration::from_secs(1),
            };
            self.wait(run, d)?;
        }
    }

    /// Waits up to `d` for a command, and no longer than the gate's next moment; an arm for
    /// this job opens its gate; a command that ends the job fades out first.
    fn wait(&mut self, run: &mut Run, d: Duration) -> Result<(), Break> {
        let mut until = Instant::now() + d;
        if let Some(m) = Self::gate_moment(run) {
            until = until.min(m);
        }
        let left = until.saturating_duration_since(Instant::now());
        match self.commands.recv_timeout(left) {
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => self.tend_gate(run),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                self.fade_out();
                Err(Break::Shutdown)
            }
            Ok(Command::Arm(id)) => {
                if id == run.id && run.gate != Gate::Open {
                    self.open_gate(run)?;
                }
                Ok(())
            }
            Ok(cmd) => {
                self.fade_out();
                Err(match cmd {
                    Command::Stop => Break::Stop,
                    Command::Shutdown => Break::Shutdown,
                    Command::Play(j) => Break::Job(Box::new(j)),
                    Command::Arm(_) => Break::Stop,
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
            (self.events)(Event::OutputFailed { error: e.clone() });
            self.output.stop();
            return Err(Break::Failed(Said::new(|| e.to_string())));
        }
        let Some(feed) = self.output.feed() else {
            return Err(Break::Failed(Said::new(|| t!("reason-output-closed"))));
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
        let played = shared.played();
        run.last_played = played;
        if run.start_frame.is_none() && played > run.first_played {
            // Frames have flowed without a break since the first one: count back.
            let frames = shared.frames();
            let start = frames.saturating_sub(played - run.first_played);
            run.start_frame = Some(start);
            let at = self.output.frame_time(start).unwrap_or_else(Instant::now);
            (self.events)(Event::Started {
                id: run.id.clone(),
                at,
            });
        }
        Ok(())
    }
}

/// A file item's path and its own gain (the station's `loudness`, in hundredths of a dB).
fn file_of(item: &Item) -> Option<(&Path, f32)> {
    match item {
        Item::File(p) => Some((p, 1.0)),
        Item::Leveled(p, cdb) => Some((p, 10f32.powf(*cdb as f32 / 2000.0))),
        Item::Silence(_) | Item::Live(_) => None,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
