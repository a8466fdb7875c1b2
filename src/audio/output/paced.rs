//! Outputs without a sound card, paced in real time by a thread of their own, so that everything
//! downstream sees true timing: `null` (plays into nothing) and `wav:PATH` (writes exactly what a
//! card would have played: 48 kHz, stereo, 16-bit, silence included, from the moment the output
//! was created). The WAV header is rewritten every second, so the file is valid even if the
//! process is killed; a clean stop rewrites it once more. While idle (`stop`), no thread runs;
//! on `start` the silence of the idle time is written first, so the file's timeline stays the
//! wall-clock timeline: frame *n* is `origin + n / 48000 s`. The WAV grows 11.5 MB a minute:
//! it is for tests and dry runs, not for leaving on.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Feed, Output, OutputError, Renderer, Trouble, WriteError, channel};
use crate::audio::track::OutputSpec;

/// What a paced output renders at: 48 kHz stereo, as the WAV the spec asks for.
pub const PACED_SPEC: OutputSpec = OutputSpec {
    rate: 48_000,
    channels: 2,
};
/// How often the pacing thread renders when nothing wakes it. Each wake costs a context switch
/// (most of the CPU a player uses beside decoding); the frames are placed by the clock, not by
/// the tick, and the player wakes the thread when something changes (a start, a stop, a fade),
/// so a long tick changes no timing.
const TICK: Duration = Duration::from_millis(100);
/// How often the WAV header is brought up to date.
const HEADER_EVERY: Duration = Duration::from_secs(1);

type Writer = hound::WavWriter<BufWriter<File>>;

/// The state a pacing thread hands back when it stops.
struct Paused {
    frames: u64,
    writer: Option<Writer>,
    error: Option<WriteError>,
}

struct Pacer {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Paused>,
}

/// The common part of the paced outputs.
struct Paced {
    origin: Instant,
    frames: u64,
    writer: Option<Writer>,
    path: Option<PathBuf>,
    feed: Option<Feed>,
    pacer: Option<Pacer>,
    error: Option<WriteError>,
}

impl Paced {
    fn start(&mut self) -> Result<(), OutputError> {
        if self.pacer.is_some() {
            return Ok(());
        }
        if let Some(e) = &self.error {
            return Err(self.wav_error(e));
        }
        let (mut feed, renderer) = channel(PACED_SPEC, self.frames);
        let stop = Arc::new(AtomicBool::new(false));
        let paused = Paused {
            frames: self.frames,
            writer: self.writer.take(),
            error: None,
        };
        let origin = self.origin;
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("loa-pacer".into())
            .spawn(move || pace(origin, paused, renderer, &flag))
            .map_err(|e| OutputError::Unavailable {
                device: None,
                why: Trouble::Thread(e.to_string()),
            })?;
        feed.kick = Some(thread.thread().clone());
        self.feed = Some(feed);
        self.pacer = Some(Pacer { stop, thread });
        Ok(())
    }

    fn stop(&mut self) {
        self.feed = None;
        if let Some(p) = self.pacer.take() {
            p.stop.store(true, Ordering::Release);
            p.thread.thread().unpark();
            match p.thread.join() {
                Ok(paused) => {
                    self.frames = paused.frames;
                    self.writer = paused.writer;
                    self.error = paused.error;
                }
                Err(_) => self.error = Some(WriteError::other("the pacing thread failed")),
            }
        }
    }

    fn health(&self) -> Result<(), OutputError> {
        if let Some(p) = &self.pacer
            && p.thread.is_finished()
        {
            return Err(OutputError::PacerEnded);
        }
        match &self.error {
            Some(e) => Err(self.wav_error(e)),
            None => Ok(()),
        }
    }

    fn wav_error(&self, why: &WriteError) -> OutputError {
        OutputError::Wav {
            path: self
                .path
                .as_ref()
                .map_or_else(String::new, |p| p.display().to_string()),
            why: why.clone(),
        }
    }

    fn frame_time(&self, frame: u64) -> Option<Instant> {
        Some(self.origin + Duration::from_secs_f64(frame as f64 / f64::from(PACED_SPEC.rate)))
    }
}

impl Drop for Paced {
    fn drop(&mut self) {
        self.stop();
        if let Some(w) = self.writer.take() {
            let _ = w.finalize();
        }
    }
}

/// Renders in real time from `origin`, catching up first with the frames due since the last stop.
fn pace(origin: Instant, mut st: Paused, mut renderer: Renderer, stop: &AtomicBool) -> Paused {
    let rate = f64::from(PACED_SPEC.rate);
    let ch = PACED_SPEC.channels;
    let mut scratch = vec![0.0f32; 4800 * ch];
    let mut last_header = Instant::now();
    while !stop.load(Ordering::Acquire) {
        let due = (origin.elapsed().as_secs_f64() * rate) as u64;
        while st.frames < due {
            let n = ((due - st.frames) as usize).min(scratch.len() / ch);
            let buf = &mut scratch[..n * ch];
            renderer.render(buf);
            if let Some(w) = st.writer.as_mut() {
                let written = buf.iter().try_for_each(|s| {
                    w.write_sample((s.clamp(-1.0, 1.0) * 32767.0).round() as i16)
                });
                if let Err(e) = written {
                    st.error = Some(WriteError::of(&e));
                    st.writer = None;
                }
            }
            st.frames += n as u64;
        }
        if last_header.elapsed() >= HEADER_EVERY {
            last_header = Instant::now();
            if let Some(w) = st.writer.as_mut()
                && let Err(e) = w.flush()
            {
                st.error = Some(WriteError::of(&e));
                st.writer = None;
            }
        }
        let next = origin + Duration::from_secs_f64((st.frames as f64 / rate) + TICK.as_secs_f64());
        std::thread::park_timeout(next.saturating_duration_since(Instant::now()));
    }
    if let Some(w) = st.writer.as_mut() {
        let _ = w.flush();
    }
    st
}

/// Plays into nothing, in real time.
pub struct NullOutput(Paced);

impl NullOutput {
    pub fn new() -> NullOutput {
        NullOutput(Paced {
            origin: Instant::now(),
            frames: 0,
            writer: None,
            path: None,
            feed: None,
            pacer: None,
            error: None,
        })
    }
}

impl Default for NullOutput {
    fn default() -> Self {
        NullOutput::new()
    }
}

/// Writes what a sound card would play into a WAV file, in real time.
pub struct WavOutput(Paced);

impl WavOutput {
    /// Creates (or truncates) the file now: its first frame is this instant.
    pub fn create(path: &Path) -> Result<WavOutput, OutputError> {
        let spec = hound::WavSpec {
            channels: PACED_SPEC.channels as u16,
            sample_rate: PACED_SPEC.rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let err = |e: hound::Error| OutputError::Wav {
            path: path.display().to_string(),
            why: WriteError::of(&e),
        };
        let mut writer = hound::WavWriter::create(path, spec).map_err(err)?;
        writer.flush().map_err(err)?;
        let origin = Instant::now();
        let wall = crate::clock::wall_time_of(&crate::clock::SystemClock, origin);
        tracing::info!(
            path = %path.display(),
            origin_unix_us = wall.timestamp_micros(),
            "wav output: 48 kHz stereo 16-bit; frame 0 is {}",
            wall.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        );
        Ok(WavOutput(Paced {
            origin,
            frames: 0,
            writer: Some(writer),
            path: Some(path.to_path_buf()),
            feed: None,
            pacer: None,
            error: None,
        }))
    }
}

macro_rules! paced_output {
    ($t:ty, $describe:expr) => {
        impl Output for $t {
            fn spec(&self) -> OutputSpec {
                PACED_SPEC
            }
            fn start(&mut self) -> Result<(), OutputError> {
                self.0.start()
            }
            fn stop(&mut self) {
                self.0.stop()
            }
            fn feed(&mut self) -> Option<&mut Feed> {
                self.0.feed.as_mut()
            }
            fn frame_time(&self, frame: u64) -> Option<Instant> {
                self.0.frame_time(frame)
            }
            fn health(&self) -> Result<(), OutputError> {
                self.0.health()
            }
            fn granule(&self) -> Duration {
                TICK
            }
            fn describe(&self) -> String {
                #[allow(clippy::redundant_closure_call)]
                ($describe)(&self.0)
            }
        }
    };
}

paced_output!(NullOutput, |_: &Paced| "null".to_string());
paced_output!(WavOutput, |p: &Paced| format!(
    "wav:{}",
    p.path
        .as_ref()
        .map_or_else(String::new, |p| p.display().to_string())
));
