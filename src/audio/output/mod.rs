//! Outputs behind one trait: a sound card through cpal, a WAV file standing in for one, or
//! nothing. All three are fed the same way: the player thread pushes interleaved `f32` frames into
//! a lock-free single-producer single-consumer ring (rtrb); on the other side a [`Renderer`]
//! pops them for the device. The renderer runs in cpal's real-time callback, so it only pops,
//! multiplies by a gain that ramps towards a target read from an atomic, fills silence when the
//! ring is empty, and counts: no allocation, no lock, no system call, no logging.
//!
//! Control travels as atomics in [`Shared`]: the target gain (a ramp of [`GAIN_RAMP_SECONDS`]
//! fades a stop or a preemption instead of clicking), a gate (the device frame from which queued
//! audio may start, so a broadcast starts on a chosen frame), and a flush request (drop what is
//! queued, after the fade).

mod device;
mod paced;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub use device::{CpalOutput, DeviceInfo, list_devices, list_inputs};
pub(crate) use device::{find_input, quiet_alsa, trouble};
pub use paced::{NullOutput, WavOutput};

use super::track::OutputSpec;

/// How long a change of gain (stop, preemption, volume) takes.
pub const GAIN_RAMP_SECONDS: f32 = 0.030;
/// Audio the ring can hold ahead of the device.
pub const RING_SECONDS: f32 = 0.5;

/// Why an output cannot play. Worded when shown (`Display`), in the reader's language: the
/// same error reads in Vietnamese to one reader and in English to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputError {
    /// No output to play on: `device` names it (`None`: the default one).
    Unavailable {
        device: Option<String>,
        why: Trouble,
    },
    NoSuchDevice {
        name: String,
    },
    /// The device took nothing for `millis` milliseconds.
    Stalled {
        device: Option<String>,
        millis: u64,
        errors: u64,
    },
    /// The paced output's thread ended.
    PacerEnded,
    Wav {
        path: String,
        why: WriteError,
    },
}

/// What went wrong with a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    NoDevice,
    NotAvailable,
    Busy,
    Permission,
    /// It wants samples in a format loa does not produce.
    SampleFormat(String),
    /// A thread could not start (the system's words).
    Thread(String),
    /// The devices could not be listed (the audio library's words).
    CannotList(String),
    /// The audio library's own words.
    Other(String),
}

/// Why a file could not be written: the system's error number (worded by `i18n::io_why`), or
/// the library's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    pub os: Option<i32>,
    pub detail: String,
}

impl WriteError {
    pub fn of(e: &hound::Error) -> WriteError {
        match e {
            hound::Error::IoError(io) => WriteError {
                os: io.raw_os_error(),
                detail: io.to_string(),
            },
            other => WriteError {
                os: None,
                detail: other.to_string(),
            },
        }
    }

    pub fn other(detail: impl Into<String>) -> WriteError {
        WriteError {
            os: None,
            detail: detail.into(),
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.os {
            Some(code) => f.write_str(&crate::i18n::io_why(&std::io::Error::from_raw_os_error(
                code,
            ))),
            None => f.write_str(&crate::t!("output-why-other", why = self.detail.as_str())),
        }
    }
}

/// "the default audio output", or `audio output "NAME"`.
pub fn device_words(device: Option<&str>) -> String {
    match device {
        None => crate::t!("play-default-output"),
        Some(n) => crate::t!("output-named", name = n),
    }
}

impl std::fmt::Display for Trouble {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::t;
        f.write_str(&match self {
            Trouble::NoDevice => t!("output-why-no-device"),
            Trouble::NotAvailable => t!("output-why-not-available"),
            Trouble::Busy => t!("output-why-busy"),
            Trouble::Permission => t!("output-why-permission"),
            Trouble::SampleFormat(format) => t!("output-why-format", format = format.as_str()),
            Trouble::Thread(why) => t!("output-why-thread", why = why.as_str()),
            Trouble::CannotList(why) => t!("output-why-list", why = why.as_str()),
            Trouble::Other(why) => t!("output-why-other", why = why.as_str()),
        })
    }
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::t;
        f.write_str(&match self {
            OutputError::Unavailable { device, why } => t!(
                "output-unavailable",
                device = device_words(device.as_deref()),
                why = why.to_string()
            ),
            OutputError::NoSuchDevice { name } => t!("output-not-found", name = name.as_str()),
            OutputError::Stalled {
                device,
                millis,
                errors,
            } => t!(
                "output-stalled",
                device = device_words(device.as_deref()),
                silent = crate::i18n::words::seconds(*millis as f64 / 1000.0),
                errors = *errors
            ),
            OutputError::PacerEnded => t!("output-pacer-ended"),
            OutputError::Wav { path, why } => {
                t!("output-wav", path = path.as_str(), why = why.to_string())
            }
        })
    }
}

impl std::error::Error for OutputError {}

/// State shared by the player thread and the renderer; every field is an atomic.
#[derive(Debug)]
pub struct Shared {
    target_gain: AtomicU32,
    /// The device frame from which `target_gain` applies: a change made at a moment applies
    /// from that moment's frame, even where the device renders behind (a paced output that
    /// wakes every 100 ms) — a fade never starts before the command that asked for it.
    target_from: AtomicU64,
    current_gain: AtomicU32,
    /// Device frame from which queued audio may play; `u64::MAX` holds it all back.
    gate: AtomicU64,
    /// Set by the player; the renderer drops everything queued and clears it.
    flush: AtomicBool,
    /// Device frames rendered since the output started.
    frames: AtomicU64,
    /// Audio frames taken from the ring since the output started.
    played: AtomicU64,
    /// Set while the player is feeding a broadcast: an empty ring then is an underrun.
    active: AtomicBool,
    underruns: AtomicU64,
    /// Errors the device reported (cpal's error callback), and the kind of the last one.
    errors: AtomicU64,
    last_error: AtomicU32,
}

impl Shared {
    fn new(initial_frames: u64) -> Arc<Shared> {
        Arc::new(Shared {
            target_gain: AtomicU32::new(1.0f32.to_bits()),
            target_from: AtomicU64::new(0),
            current_gain: AtomicU32::new(1.0f32.to_bits()),
            gate: AtomicU64::new(0),
            flush: AtomicBool::new(false),
            frames: AtomicU64::new(initial_frames),
            played: AtomicU64::new(0),
            active: AtomicBool::new(false),
            underruns: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            last_error: AtomicU32::new(0),
        })
    }

    pub fn frames(&self) -> u64 {
        self.frames.load(Ordering::Acquire)
    }

    pub fn played(&self) -> u64 {
        self.played.load(Ordering::Acquire)
    }

    pub fn underruns(&self) -> u64 {
        self.underruns.load(Ordering::Relaxed)
    }

    pub fn errors(&self) -> (u64, u32) {
        (
            self.errors.load(Ordering::Relaxed),
            self.last_error.load(Ordering::Relaxed),
        )
    }

    pub fn current_gain(&self) -> f32 {
        f32::from_bits(self.current_gain.load(Ordering::Acquire))
    }

    fn note_error(&self, kind: u32) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        self.last_error.store(kind, Ordering::Relaxed);
    }
}

/// The consumer side, run by the device: cpal's callback, or a pacing thread.
pub struct Renderer {
    ring: rtrb::Consumer<f32>,
    shared: Arc<Shared>,
    channels: usize,
    gain: f32,
    /// The target in force before `target_from`.
    before: f32,
    step: f32,
}

impl Renderer {
    /// Fills `out` (interleaved) with queued audio from the gate on, silence elsewhere.
    /// Real-time safe: pops, multiplies, fills, counts.
    pub fn render(&mut self, out: &mut [f32]) {
        let ch = self.channels;
        let sh = &*self.shared;
        if sh.flush.load(Ordering::Acquire) {
            let n = self.ring.slots();
            if let Ok(chunk) = self.ring.read_chunk(n) {
                chunk.commit_all();
            }
            sh.flush.store(false, Ordering::Release);
        }
        let new_target = f32::from_bits(sh.target_gain.load(Ordering::Acquire));
        let from = sh.target_from.load(Ordering::Acquire);
        let gate = sh.gate.load(Ordering::Acquire);
        let start = sh.frames.load(Ordering::Relaxed);
        let frames = out.len() / ch;
        // Silence before the gate; then what the ring holds; then silence again.
        let held = usize::try_from(gate.saturating_sub(start))
            .unwrap_or(usize::MAX)
            .min(frames);
        let n = (self.ring.slots() / ch).min(frames - held);
        out[..held * ch].fill(0.0);
        if n > 0
            && let Ok(chunk) = self.ring.read_chunk(n * ch)
        {
            let (a, b) = chunk.as_slices();
            let dst = &mut out[held * ch..(held + n) * ch];
            dst[..a.len()].copy_from_slice(a);
            dst[a.len()..].copy_from_slice(b);
            chunk.commit_all();
            // Frames before `from` keep the old target; the rest ramp to the new one.
            let first = start + held as u64;
            let split = usize::try_from(from.saturating_sub(first))
                .unwrap_or(usize::MAX)
                .min(n);
            let (old, new) = dst.split_at_mut(split * ch);
            ramp(&mut self.gain, self.step, ch, old, self.before);
            ramp(&mut self.gain, self.step, ch, new, new_target);
        }
        out[(held + n) * ch..].fill(0.0);
        if held + n < frames && sh.active.load(Ordering::Relaxed) {
            sh.underruns.fetch_add(1, Ordering::Relaxed);
        }
        let target = if start + frames as u64 >= from {
            new_target
        } else {
            self.before
        };
        if start + frames as u64 >= from {
            self.before = new_target;
        }
        if n == 0 {
            // Nothing flowing: the gain may jump, as nothing is audible.
            self.gain = target;
        }
        sh.current_gain
            .store(self.gain.to_bits(), Ordering::Release);
        sh.played.fetch_add(n as u64, Ordering::AcqRel);
        sh.frames.store(start + frames as u64, Ordering::Release);
    }
}

/// Multiplies frames by `gain`, ramping it towards `target` by `step` a frame.
fn ramp(gain: &mut f32, step: f32, channels: usize, frames: &mut [f32], target: f32) {
    if *gain == target {
        if target != 1.0 {
            frames.iter_mut().for_each(|s| *s *= target);
        }
        return;
    }
    for frame in frames.chunks_exact_mut(channels) {
        if *gain < target {
            *gain = (*gain + step).min(target);
        } else if *gain > target {
            *gain = (*gain - step).max(target);
        }
        frame.iter_mut().for_each(|s| *s *= *gain);
    }
}

/// The producer side, used by the player thread.
pub struct Feed {
    ring: rtrb::Producer<f32>,
    shared: Arc<Shared>,
    spec: OutputSpec,
    /// A paced output's thread, woken when something changes so that it renders at once
    /// instead of at its next tick (a card's callback needs no waking).
    kick: Option<std::thread::Thread>,
}

impl Feed {
    pub fn spec(&self) -> OutputSpec {
        self.spec
    }

    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Frames the ring can take now.
    pub fn space(&self) -> usize {
        self.ring.slots() / self.spec.channels
    }

    /// Frames queued and not yet played.
    pub fn queued(&self) -> usize {
        (self.ring.buffer().capacity() - self.ring.slots()) / self.spec.channels
    }

    /// Pushes as many whole frames of `samples` as fit; returns how many samples were taken.
    pub fn push(&mut self, samples: &[f32]) -> usize {
        let n = (self.ring.slots().min(samples.len()) / self.spec.channels) * self.spec.channels;
        if n == 0 {
            return 0;
        }
        let was_empty = self.queued() == 0;
        let taken = match self.ring.write_chunk_uninit(n) {
            Ok(chunk) => chunk.fill_from_iter(samples[..n].iter().copied()),
            Err(_) => 0,
        };
        if was_empty {
            self.kick();
        }
        taken
    }

    /// Wakes a paced output's thread to render what is due now.
    pub fn kick(&self) {
        if let Some(t) = &self.kick {
            t.unpark();
        }
    }

    /// Sets the gain from now on (from the next frame the device renders).
    pub fn set_gain(&self, gain: f32) {
        self.set_gain_from(gain, 0);
    }

    /// Sets the gain from device frame `frame` on; earlier frames keep the gain they had.
    pub fn set_gain_from(&self, gain: f32, frame: u64) {
        self.shared.target_from.store(frame, Ordering::Release);
        self.shared
            .target_gain
            .store(gain.clamp(0.0, 1.0).to_bits(), Ordering::Release);
        self.kick();
    }

    /// Queued audio plays from device frame `frame` on (0: at once).
    pub fn set_gate(&self, frame: u64) {
        self.shared.gate.store(frame, Ordering::Release);
        self.kick();
    }

    pub fn set_active(&self, active: bool) {
        self.shared.active.store(active, Ordering::Relaxed);
    }

    /// Asks the renderer to drop everything queued at its next turn.
    pub fn request_flush(&self) {
        self.shared.flush.store(true, Ordering::Release);
        self.kick();
    }

    /// Whether the last flush requested has been done.
    pub fn flushed(&self) -> bool {
        !self.shared.flush.load(Ordering::Acquire)
    }

    /// Asks the renderer to drop everything queued; returns once it has (or after `timeout`).
    pub fn flush(&self, timeout: Duration) -> bool {
        self.request_flush();
        let deadline = Instant::now() + timeout;
        while !self.flushed() {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(1));
            self.kick();
        }
        true
    }
}

/// A ring and its two ends for an output of `spec`, the device frame counter starting at
/// `initial_frames`.
pub fn channel(spec: OutputSpec, initial_frames: u64) -> (Feed, Renderer) {
    let shared = Shared::new(initial_frames);
    let capacity = ((spec.rate as f32 * RING_SECONDS) as usize).max(1024) * spec.channels;
    let (producer, consumer) = rtrb::RingBuffer::new(capacity);
    let step = 1.0 / (GAIN_RAMP_SECONDS * spec.rate as f32).max(1.0);
    (
        Feed {
            ring: producer,
            shared: shared.clone(),
            spec,
            kick: None,
        },
        Renderer {
            ring: consumer,
            shared,
            channels: spec.channels,
            gain: 1.0,
            before: 1.0,
            step,
        },
    )
}

/// A place audio goes. Lives on the player thread (a cpal stream may not move between threads).
pub trait Output {
    fn spec(&self) -> OutputSpec;
    /// Opens the device (or starts pacing) if it is not open; cheap when it is.
    fn start(&mut self) -> Result<(), OutputError>;
    /// Starts it for a job: a person's live voice (`voice`) wants the device's short period (its
    /// delay is heard), anything else the longer, safer one; an output open the other way is
    /// opened again. Outputs without a period just start.
    fn start_for(&mut self, voice: bool) -> Result<(), OutputError> {
        let _ = voice;
        self.start()
    }
    /// Releases the device while idle, so an idle daemon wakes nobody.
    fn stop(&mut self);
    /// The feed while started.
    fn feed(&mut self) -> Option<&mut Feed>;
    /// When device frame `frame` plays (or played), estimated on the monotonic clock: for a sound
    /// card, when the device says it reaches the speaker; for a paced output, its place on the
    /// timeline. `None` while stopped or before the device has run.
    fn frame_time(&self, frame: u64) -> Option<Instant>;
    /// An error if the output has stopped working (device gone, stream stalled).
    fn health(&self) -> Result<(), OutputError>;
    /// How to name it in logs and `loa status`.
    fn describe(&self) -> String;
    /// The most it takes from the ring at once: what a live voice keeps ahead of it, so that it
    /// never runs dry between two takes.
    fn granule(&self) -> Duration {
        Duration::from_millis(25)
    }
}

/// Opens the output a schedule names (not started yet).
pub fn open(output: &crate::schedule::Output) -> Result<Box<dyn Output>, OutputError> {
    use crate::schedule::Output as O;
    Ok(match output {
        O::Null => Box::new(NullOutput::new()),
        O::Wav(path) => Box::new(WavOutput::create(path)?),
        O::Default => Box::new(CpalOutput::new(None)?),
        O::Device(name) => Box::new(CpalOutput::new(Some(name.clone()))?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> OutputSpec {
        OutputSpec {
            rate: 1000,
            channels: 2,
        }
    }

    #[test]
    fn renders_silence_when_empty_and_audio_when_fed() {
        let (mut feed, mut r) = channel(spec(), 0);
        let mut out = vec![1.0; 8];
        r.render(&mut out);
        assert_eq!(out, [0.0; 8]);
        assert_eq!(feed.push(&[0.5, -0.5, 0.25, -0.25]), 4);
        r.render(&mut out);
        assert_eq!(out, [0.5, -0.5, 0.25, -0.25, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(feed.shared().played(), 2);
        assert_eq!(feed.shared().frames(), 8);
        assert_eq!(feed.shared().underruns(), 0);
    }

    #[test]
    fn the_gate_holds_audio_until_its_frame() {
        let (mut feed, mut r) = channel(spec(), 100);
        feed.set_gate(103);
        feed.push(&[1.0; 4]);
        let mut out = vec![9.0; 10];
        r.render(&mut out);
        assert_eq!(out, [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]);
    }

    #[test]
    fn a_stop_ramps_down_without_a_jump() {
        let (mut feed, mut r) = channel(spec(), 0);
        feed.push(&vec![1.0; 200]);
        let mut out = vec![0.0; 20];
        r.render(&mut out);
        feed.set_gain(0.0);
        let mut out = vec![0.0; 100];
        r.render(&mut out);
        let left: Vec<f32> = out.iter().step_by(2).copied().collect();
        assert!(
            left.windows(2).all(|w| w[1] <= w[0] && w[0] - w[1] < 0.05),
            "{left:?}"
        );
        assert_eq!(*left.last().unwrap(), 0.0);
        assert!(feed.queued() > 0);
        feed.request_flush();
        r.render(&mut out);
        assert!(feed.flushed());
        assert_eq!(feed.queued(), 0);
    }

    #[test]
    fn an_empty_ring_while_active_is_an_underrun() {
        let (feed, mut r) = channel(spec(), 0);
        feed.set_active(true);
        r.render(&mut [0.0; 4]);
        assert_eq!(feed.shared().underruns(), 1);
    }
}
