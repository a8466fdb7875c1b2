//! A sound card through cpal (0.18), on its ALSA host: on a box with PulseAudio, ALSA's
//! `default` goes through the server; cpal's own PulseAudio host buffers about 2 s, too much for
//! an emergency that must cut in at once.
//!
//! The stream is built on the player thread (a cpal stream may not move between threads) when a
//! broadcast is near and dropped when the output goes idle, so an idle daemon keeps no device
//! open and wakes nobody. Faults, as measured with cpal 0.18.2 here: when the audio server dies
//! mid-stream the error callback fires ~192,000 times a second and the stream never ends, and a
//! healthy stream can report ~450 transient errors in its first 3 ms. So errors are only counted
//! (the player logs a rate-limited summary), and health is judged by progress: a started stream
//! whose frame counter stops moving for [`STALL`] is lost.

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SizedSample};

use super::{Feed, Output, OutputError, Renderer, Shared, Trouble, channel};
use crate::audio::track::OutputSpec;

/// A started stream that renders nothing for this long is lost.
const STALL: Duration = Duration::from_millis(1500);
/// Frames per device buffer asked for (about 21 ms at 48 kHz), when the device allows: the box's
/// margin against underruns, for recordings and streams, whose delay nobody hears.
const BUFFER_FRAMES: u32 = 1024;
/// The same for a person's live voice (about 5 ms): every frame the device holds is that much
/// later on air, and spec §12 allows 150 ms from the sender to the output, 60 of them the jitter
/// buffer's.
const VOICE_FRAMES: u32 = 256;

/// When a device frame plays, in the stream's clock: the frame 0 reference of a [`SteadyOrigin`],
/// written by the callback as a sequence lock (the writer never waits).
#[derive(Debug, Default)]
struct CallbackClock {
    seq: AtomicU64,
    nanos: AtomicU64,
    frame: AtomicU64,
}

impl CallbackClock {
    fn write(&self, nanos: u64, frame: u64) {
        let s = self.seq.load(Ordering::Relaxed);
        self.seq.store(s.wrapping_add(1), Ordering::Release);
        self.nanos.store(nanos, Ordering::Release);
        self.frame.store(frame, Ordering::Release);
        self.seq.store(s.wrapping_add(2), Ordering::Release);
    }

    fn read(&self) -> Option<(u64, u64)> {
        for _ in 0..8 {
            let s1 = self.seq.load(Ordering::Acquire);
            let (n, f) = (
                self.nanos.load(Ordering::Acquire),
                self.frame.load(Ordering::Acquire),
            );
            let s2 = self.seq.load(Ordering::Acquire);
            if s1 == s2 && s1.is_multiple_of(2) {
                return (s1 > 0).then_some((n, f));
            }
        }
        None
    }
}

/// How fast the estimate of frame 0's time may move later: 0.5 ms a second, far more than any
/// sound card's clock drifts against the system's (≤ 0.1 ms a second), far less than jitter.
const MAX_DRIFT: f64 = 500e-6;

/// When frame 0 played, estimated from callbacks so that one frame's time does not jump about.
///
/// Each callback tells when its first frame will play (cpal's `playback` timestamp: the callback's
/// time plus the delay the device reports). Those times jitter — on PulseAudio through ALSA the
/// callbacks come on a 10 ms timer, so "when the callback ran" alone wanders by 10 ms — but the
/// device plays frames at a steady rate. So the estimate follows any callback that says frame 0
/// was earlier, and moves later by at most [`MAX_DRIFT`] of the time elapsed. A gate computed from
/// it and the start read back from it agree, and both say when the sample is heard.
#[derive(Debug, Default)]
struct SteadyOrigin {
    /// Nanoseconds (stream clock) when frame 0 played, and the callback that last moved it.
    origin: Option<(f64, f64)>,
}

impl SteadyOrigin {
    /// A callback says frame `frame` plays at `nanos`; returns when it plays by the estimate.
    fn observe(&mut self, nanos: u64, frame: u64, rate: u32) -> u64 {
        let now = nanos as f64;
        let span = frame as f64 * 1e9 / f64::from(rate);
        let said = now - span;
        let origin = match self.origin {
            Some((origin, last)) => said.min(origin + (now - last).max(0.0) * MAX_DRIFT),
            None => said,
        };
        self.origin = Some((origin, now));
        (origin + span).max(0.0) as u64
    }
}

struct Running {
    stream: cpal::Stream,
    feed: Feed,
    clock: Arc<CallbackClock>,
    /// The period asked for, and what the device said it takes at once.
    asked: u32,
    period: u32,
    /// Frames seen at the last health check, and when they last moved.
    progress: Cell<(u64, Instant)>,
}

/// A sound card by name (`None`: the system's default output).
pub struct CpalOutput {
    name: Option<String>,
    spec: OutputSpec,
    running: Option<Running>,
    /// The period the next start asks for.
    period: u32,
}

impl CpalOutput {
    /// Does not touch the device yet; `start` does.
    pub fn new(name: Option<String>) -> Result<CpalOutput, OutputError> {
        Ok(CpalOutput {
            name,
            spec: OutputSpec {
                rate: 48_000,
                channels: 2,
            },
            running: None,
            period: BUFFER_FRAMES,
        })
    }

    fn device(&self) -> Result<cpal::Device, OutputError> {
        quiet_alsa();
        let host = cpal::default_host();
        match &self.name {
            None => host
                .default_output_device()
                .ok_or(OutputError::Unavailable {
                    device: None,
                    why: Trouble::NoDevice,
                }),
            Some(name) => find_device(&host, name)
                .ok_or_else(|| OutputError::NoSuchDevice { name: name.clone() }),
        }
    }

    fn open(&mut self) -> Result<Running, OutputError> {
        let device = self.device()?;
        let label = self.name.clone();
        let config = device
            .default_output_config()
            .map_err(|e| unavailable(&label, &e))?;
        let channels = usize::from(config.channels());
        let rate = config.sample_rate();
        let asked = self.period;
        let (buffer_size, period) = match config.buffer_size() {
            cpal::SupportedBufferSize::Range { min, max } => {
                let p = asked.clamp(*min, *max);
                (cpal::BufferSize::Fixed(p), p)
            }
            cpal::SupportedBufferSize::Unknown => (cpal::BufferSize::Default, BUFFER_FRAMES),
        };
        let stream_config = cpal::StreamConfig {
            channels: config.channels(),
            sample_rate: rate,
            buffer_size,
        };
        let spec = OutputSpec { rate, channels };
        let (feed, renderer) = channel(spec, 0);
        let clock = Arc::new(CallbackClock::default());
        let shared = feed_shared(&feed);
        use cpal::SampleFormat as F;
        let stream = match config.sample_format() {
            F::F32 => build::<f32>(&device, stream_config, renderer, clock.clone(), shared),
            F::I16 => build::<i16>(&device, stream_config, renderer, clock.clone(), shared),
            F::I32 => build::<i32>(&device, stream_config, renderer, clock.clone(), shared),
            F::U16 => build::<u16>(&device, stream_config, renderer, clock.clone(), shared),
            F::U8 => build::<u8>(&device, stream_config, renderer, clock.clone(), shared),
            F::F64 => build::<f64>(&device, stream_config, renderer, clock.clone(), shared),
            other => {
                return Err(OutputError::Unavailable {
                    device: label,
                    why: Trouble::SampleFormat(other.to_string()),
                });
            }
        }
        .map_err(|e| unavailable(&label, &e))?;
        stream.play().map_err(|e| unavailable(&label, &e))?;
        self.spec = spec;
        Ok(Running {
            stream,
            feed,
            clock,
            asked,
            period,
            progress: Cell::new((0, Instant::now())),
        })
    }
}

fn feed_shared(feed: &Feed) -> Arc<Shared> {
    feed.shared.clone()
}

fn unavailable(label: &Option<String>, e: &cpal::Error) -> OutputError {
    OutputError::Unavailable {
        device: label.clone(),
        why: trouble(e),
    }
}

/// What a device's error means to the person on duty (a microphone's too); the audio library's
/// own words only in the log.
pub fn trouble(e: &cpal::Error) -> Trouble {
    tracing::debug!("audio device: {e}");
    match e.kind() {
        cpal::ErrorKind::DeviceNotAvailable => Trouble::NotAvailable,
        cpal::ErrorKind::DeviceBusy => Trouble::Busy,
        cpal::ErrorKind::PermissionDenied => Trouble::Permission,
        _ => Trouble::Other(e.to_string()),
    }
}

/// Builds the stream for the device's own sample type; the callback renders `f32` into a scratch
/// buffer allocated here, then converts. The callback neither allocates nor locks.
fn build<T>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    mut renderer: Renderer,
    clock: Arc<CallbackClock>,
    shared: Arc<Shared>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + FromSample<f32> + 'static,
{
    let channels = usize::from(config.channels);
    let mut scratch = vec![0.0f32; 8192 * channels];
    let errors = shared.clone();
    let rate = config.sample_rate;
    let mut steady = SteadyOrigin::default();
    device.build_output_stream(
        config,
        move |data: &mut [T], info: &cpal::OutputCallbackInfo| {
            let nanos = u64::try_from(info.timestamp().playback.as_nanos()).unwrap_or(u64::MAX);
            let frame = shared.frames();
            clock.write(steady.observe(nanos, frame, rate), frame);
            for chunk in data.chunks_mut(scratch.len()) {
                let buf = &mut scratch[..chunk.len()];
                renderer.render(buf);
                for (o, s) in chunk.iter_mut().zip(buf.iter()) {
                    *o = T::from_sample(*s);
                }
            }
        },
        move |e: cpal::Error| errors.note_error(e.kind() as u32),
        Some(Duration::from_secs(2)),
    )
}

impl Output for CpalOutput {
    fn describe(&self) -> String {
        super::device_words(self.name.as_deref())
    }

    fn spec(&self) -> OutputSpec {
        self.spec
    }

    fn granule(&self) -> Duration {
        let frames = self.running.as_ref().map_or(self.period, |r| r.period);
        Duration::from_secs_f64(f64::from(frames) / f64::from(self.spec.rate.max(1)))
    }

    fn start(&mut self) -> Result<(), OutputError> {
        if self.running.is_none() {
            self.running = Some(self.open()?);
        }
        Ok(())
    }

    fn start_for(&mut self, voice: bool) -> Result<(), OutputError> {
        self.period = if voice { VOICE_FRAMES } else { BUFFER_FRAMES };
        if self
            .running
            .as_ref()
            .is_some_and(|r| r.asked != self.period)
        {
            // Idle between two broadcasts (a job starts here): closed and opened again the
            // other way, a few milliseconds before the first sample is due.
            self.running = None;
        }
        self.start()
    }

    fn stop(&mut self) {
        self.running = None;
    }

    fn feed(&mut self) -> Option<&mut Feed> {
        self.running.as_mut().map(|r| &mut r.feed)
    }

    fn frame_time(&self, frame: u64) -> Option<Instant> {
        let r = self.running.as_ref()?;
        let (cb_nanos, cb_frame) = r.clock.read()?;
        let stream_now = u64::try_from(r.stream.now().as_nanos()).ok()?;
        let now = Instant::now();
        let rate = f64::from(self.spec.rate);
        let offset_ns = (frame as f64 - cb_frame as f64) / rate * 1e9;
        let frame_ns = cb_nanos as f64 + offset_ns;
        let ahead = frame_ns - stream_now as f64;
        if ahead >= 0.0 {
            Some(now + Duration::from_nanos(ahead as u64))
        } else {
            now.checked_sub(Duration::from_nanos((-ahead) as u64))
        }
    }

    fn health(&self) -> Result<(), OutputError> {
        let Some(r) = &self.running else {
            return Ok(());
        };
        let frames = r.feed.shared.frames();
        let (seen, since) = r.progress.get();
        if frames != seen {
            r.progress.set((frames, Instant::now()));
            return Ok(());
        }
        if since.elapsed() < STALL {
            return Ok(());
        }
        let (errors, _) = r.feed.shared.errors();
        Err(OutputError::Stalled {
            device: self.name.clone(),
            millis: since.elapsed().as_millis() as u64,
            errors,
        })
    }
}

/// An output device as `loa devices` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceInfo {
    /// The name to write in the schedule's `output`.
    pub name: String,
    pub description: String,
    pub is_default: bool,
    /// Rate, channels and sample format it opens with, or why it cannot be opened.
    pub format: Result<(u32, u16, String), String>,
}

/// The name the schedule takes for a device: the ALSA name in its cpal id
/// ("alsa:hw:CARD=PCH,DEV=0" → "hw:CARD=PCH,DEV=0"), except ALSA's own "null" device, which keeps
/// its prefix because `output = "null"` means loa's null output.
pub(crate) fn short_name(id: &cpal::DeviceId) -> String {
    let s = id.to_string();
    match s.strip_prefix("alsa:") {
        Some("null") | None => s.clone(),
        Some(rest) => rest.to_string(),
    }
}

fn find_device(host: &cpal::Host, name: &str) -> Option<cpal::Device> {
    find_among(host, name, || {
        host.output_devices().ok().map(|d| d.collect::<Vec<_>>())
    })
}

/// A device by the name `loa devices` gives it: by its id, else among `all` (outputs or inputs).
fn find_among(
    host: &cpal::Host,
    name: &str,
    all: impl FnOnce() -> Option<Vec<cpal::Device>>,
) -> Option<cpal::Device> {
    let wanted = name.strip_prefix("alsa:").unwrap_or(name);
    if let Ok(id) = format!("alsa:{wanted}").parse::<cpal::DeviceId>()
        && let Some(d) = host.device_by_id(&id)
    {
        return Some(d);
    }
    quietly(all)?
        .into_iter()
        .find(|d| d.id().is_ok_and(|id| short_name(&id) == wanted))
}

/// Every capture device (`loa live --device`), with the default first.
pub fn list_inputs() -> Result<Vec<DeviceInfo>, OutputError> {
    quiet_alsa();
    let host = cpal::default_host();
    quietly(|| {
        let default = host.default_input_device().and_then(|d| d.id().ok());
        let devices = host.input_devices().map_err(|e| OutputError::Unavailable {
            device: None,
            why: Trouble::CannotList(e.to_string()),
        })?;
        let mut out: Vec<DeviceInfo> = devices
            .filter_map(|d| {
                let id = d.id().ok()?;
                let format = d
                    .default_input_config()
                    .map(|c| (c.sample_rate(), c.channels(), c.sample_format().to_string()))
                    .map_err(|e| e.to_string());
                Some(DeviceInfo {
                    name: short_name(&id),
                    description: d.description().map(|x| x.to_string()).unwrap_or_default(),
                    is_default: default.as_ref() == Some(&id),
                    format,
                })
            })
            .filter(|d| d.format.is_ok())
            .collect();
        out.sort_by_key(|d| !d.is_default);
        Ok(out)
    })
}

/// A capture device by the name `loa devices` gives it.
pub(crate) fn find_input(host: &cpal::Host, name: &str) -> Option<cpal::Device> {
    find_among(host, name, || {
        host.input_devices().ok().map(|d| d.collect::<Vec<_>>())
    })
}

/// Every output device, with the default first.
pub fn list_devices() -> Result<Vec<DeviceInfo>, OutputError> {
    quiet_alsa();
    let host = cpal::default_host();
    quietly(|| {
        let default = host.default_output_device().and_then(|d| d.id().ok());
        let devices = host
            .output_devices()
            .map_err(|e| OutputError::Unavailable {
                device: None,
                why: Trouble::CannotList(e.to_string()),
            })?;
        let mut out: Vec<DeviceInfo> = devices
            .filter_map(|d| {
                let id = d.id().ok()?;
                let format = d
                    .default_output_config()
                    .map(|c| (c.sample_rate(), c.channels(), c.sample_format().to_string()))
                    .map_err(|e| match e.kind() {
                        cpal::ErrorKind::DeviceNotAvailable => "not available".to_string(),
                        _ => e.to_string(),
                    });
                Some(DeviceInfo {
                    name: short_name(&id),
                    description: d.description().map(|x| x.to_string()).unwrap_or_default(),
                    is_default: default.as_ref() == Some(&id),
                    format,
                })
            })
            .collect();
        out.sort_by_key(|d| (!d.is_default, d.format.is_err()));
        Ok(out)
    })
}

/// Keeps ALSA from printing its own "ALSA lib file.c:123:(function) ..." lines on this thread
/// (a machine without a sound card gets a dozen for every attempt to open one): loa says what
/// is wrong in its own words. They go to the debug log instead, by function and error number.
pub fn quiet_alsa() {
    #[cfg(target_os = "linux")]
    {
        unsafe extern "C" fn said(
            _file: *const std::ffi::c_char,
            _line: std::ffi::c_int,
            func: *const std::ffi::c_char,
            err: std::ffi::c_int,
            _fmt: *const std::ffi::c_char,
            _args: *mut alsa_sys::__va_list_tag,
        ) {
            let func = if func.is_null() {
                std::borrow::Cow::Borrowed("?")
            } else {
                // SAFETY: ALSA passes a NUL-terminated function name that outlives the call.
                unsafe { std::ffi::CStr::from_ptr(func) }.to_string_lossy()
            };
            tracing::debug!(target: "alsa", "ALSA reported an error in {func} ({err})");
        }
        // SAFETY: installs a thread-local handler with the signature ALSA expects; the handler
        // reads only the function name.
        unsafe {
            alsa_sys::snd_lib_error_set_local(Some(said));
        }
    }
}

/// Runs `f` with the process's stderr pointed at /dev/null: probing ALSA's plugins makes ALSA
/// and libjack print to stderr directly ("Cannot connect to server socket"), which would bury
/// what loa has to say. Used only around enumeration, never during playback.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: dup/dup2/close on file descriptors this function owns; stderr is restored before
    // returning, whatever `f` does short of aborting.
    unsafe {
        let saved = libc::dup(2);
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
        if saved < 0 || null < 0 {
            if saved >= 0 {
                libc::close(saved);
            }
            if null >= 0 {
                libc::close(null);
            }
            return f();
        }
        libc::dup2(null, 2);
        libc::close(null);
        let out = f();
        libc::dup2(saved, 2);
        libc::close(saved);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 48_000;

    /// Nanoseconds at which frame `f` plays, for a device whose frame 0 plays at `origin_ms`.
    fn at(origin_ms: f64, f: u64) -> f64 {
        origin_ms * 1e6 + f as f64 * 1e9 / f64::from(RATE)
    }

    /// A device's error (an output's or a microphone's) reaches the person on duty in their
    /// language: the audio library's English stays in the log.
    #[test]
    fn a_device_error_is_said_in_vietnamese_without_the_library_s_words() {
        let e = cpal::Error::with_message(cpal::ErrorKind::BackendError, "snd_pcm_open failed");
        let kinds = [
            cpal::Error::new(cpal::ErrorKind::DeviceBusy),
            cpal::Error::new(cpal::ErrorKind::PermissionDenied),
            cpal::Error::new(cpal::ErrorKind::DeviceNotAvailable),
            e,
        ];
        for e in kinds {
            let said = crate::i18n::with_lang(crate::i18n::Lang::Vi, || trouble(&e).to_string());
            assert!(
                !said.contains("snd_pcm") && !said.to_lowercase().contains("device"),
                "{said}"
            );
            assert!(
                said.contains("thiết bị") || said.contains("âm thanh") || said.contains("quyền"),
                "{said}"
            );
        }
    }

    #[test]
    fn jittery_callbacks_give_a_steady_time() {
        let mut s = SteadyOrigin::default();
        // Callbacks every 682 frames, each told up to 10 ms late (as PulseAudio's timer does).
        for i in 0..200u64 {
            let f = i * 682;
            let late = ((i * 7919) % 11) as f64 * 1e6;
            let got = s.observe((at(5.0, f) + late) as u64, f, RATE) as f64;
            if i > 2 {
                assert!(
                    (got - at(5.0, f)).abs() < 0.5e6,
                    "callback {i}: {got} ≠ {}",
                    at(5.0, f)
                );
            }
        }
    }

    #[test]
    fn a_device_clock_slower_than_the_system_is_followed() {
        let mut s = SteadyOrigin::default();
        // 100 ppm slow: frame f plays at f / (rate × (1 − 1e-4)); ten minutes of callbacks.
        let slow = |f: u64| f as f64 * 1e9 / (f64::from(RATE) * (1.0 - 1e-4));
        let mut worst: f64 = 0.0;
        for i in 0..(600 * 48_000 / 960) {
            let f = i * 960;
            let got = s.observe(slow(f) as u64, f, RATE) as f64;
            worst = worst.max((got - slow(f)).abs());
        }
        // Ten minutes at 100 ppm is 60 ms of drift; the estimate stays within a frame of it.
        assert!(worst < 0.1e6, "drifted {:.3} ms", worst / 1e6);
    }

    #[test]
    fn a_callback_that_says_earlier_is_believed() {
        let mut s = SteadyOrigin::default();
        s.observe(at(20.0, 0) as u64, 0, RATE);
        let got = s.observe(at(10.0, 960) as u64, 960, RATE) as f64;
        assert!((got - at(10.0, 960)).abs() < 1e3);
    }
}
