//! `loa live`'s sound (spec §12): a capture device of the station, through cpal. The device's
//! callback only copies whole callbacks into a lock-free ring (rtrb: no allocation, no lock, no
//! system call); a thread of its own moves what came, every 10 ms, into the voice (and so to the
//! loudspeakers and the recording). The stream lives on that thread (a cpal stream may not move
//! between threads) and ends when the capture is dropped, when the device fails, or when it
//! gives nothing for [`super::SILENCE`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SizedSample};

use super::{Finish, Voice};

/// Seconds of sound the ring holds between the callback and the thread.
const RING_SECONDS: usize = 2;
/// The capture's period asked for (10 ms at 48 kHz).
const PERIOD_FRAMES: u32 = 480;
/// How often the thread moves sound on.
const EVERY: Duration = Duration::from_millis(10);

/// A capture running; dropping it stops it.
pub struct Capture {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Capture {
    /// Asks the thread to stop; it drops the stream itself within [`EVERY`] (not joined here: the
    /// daemon's loop drops a capture, and must not wait on a thread that may be telling it
    /// something).
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.take();
    }
}

struct Opened {
    stream: cpal::Stream,
    rate: u32,
    channels: usize,
    ring: rtrb::Consumer<f32>,
    failed: Arc<AtomicBool>,
}

fn input_device(name: Option<&str>) -> Result<cpal::Device, String> {
    crate::audio::output::quiet_alsa();
    let host = cpal::default_host();
    match name {
        None => host
            .default_input_device()
            .ok_or_else(|| crate::t!("live-no-input")),
        Some(n) => crate::audio::output::find_input(&host, n)
            .ok_or_else(|| crate::t!("live-no-such-input", name = n)),
    }
}

fn build<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    mut ring: rtrb::Producer<f32>,
    failed: Arc<AtomicBool>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + 'static,
    f32: FromSample<T>,
{
    device.build_input_stream(
        *config,
        move |data: &[T], _: &cpal::InputCallbackInfo| {
            // Whole callbacks only (a sample dropped alone would swap the channels); when the
            // thread is behind, this callback's sound is lost, never waited for.
            if let Ok(chunk) = ring.write_chunk_uninit(data.len()) {
                chunk.fill_from_iter(data.iter().map(|s| s.to_sample::<f32>()));
            }
        },
        // An overrun is reported here too, and the stream recovers: only a device gone ends
        // it (a stream that stops giving sound is ended by the silence rule).
        move |e: cpal::Error| {
            if e.kind() == cpal::ErrorKind::DeviceNotAvailable {
                failed.store(true, Ordering::Relaxed)
            }
        },
        None,
    )
}

fn open_stream(name: Option<&str>) -> Result<Opened, String> {
    let device = input_device(name)?;
    let trouble = |e: cpal::Error| crate::audio::output::trouble(&e).to_string();
    let config = device.default_input_config().map_err(trouble)?;
    let (rate, channels) = (config.sample_rate(), usize::from(config.channels()));
    // A short period: a capture's default one (PulseAudio's through ALSA: seconds) would be
    // the latency of everything said.
    let buffer_size = match config.buffer_size() {
        cpal::SupportedBufferSize::Range { min, max } => {
            cpal::BufferSize::Fixed(PERIOD_FRAMES.clamp(*min, *max))
        }
        cpal::SupportedBufferSize::Unknown => cpal::BufferSize::Default,
    };
    let stream_config = cpal::StreamConfig {
        channels: config.channels(),
        sample_rate: rate,
        buffer_size,
    };
    let (tx, rx) = rtrb::RingBuffer::new((rate as usize * channels * RING_SECONDS).max(4096));
    let failed = Arc::new(AtomicBool::new(false));
    use cpal::SampleFormat as F;
    let stream = match config.sample_format() {
        F::F32 => build::<f32>(&device, &stream_config, tx, failed.clone()),
        F::I16 => build::<i16>(&device, &stream_config, tx, failed.clone()),
        F::I32 => build::<i32>(&device, &stream_config, tx, failed.clone()),
        F::U16 => build::<u16>(&device, &stream_config, tx, failed.clone()),
        other => return Err(crate::t!("live-input-format", format = other.to_string())),
    }
    .map_err(trouble)?;
    stream.play().map_err(trouble)?;
    Ok(Opened {
        stream,
        rate,
        channels,
        ring: rx,
        failed,
    })
}

/// Starts capturing from `device` (the default input when `None`) into `voice`; `ended` is
/// told once if the device fails or falls silent (not when the capture is dropped).
pub fn open(
    device: Option<String>,
    voice: Voice,
    ended: impl FnOnce(Finish) + Send + 'static,
) -> Result<Capture, String> {
    let stop = Arc::new(AtomicBool::new(false));
    let (ready_tx, ready_rx) = std::sync::mpsc::sync_channel::<Result<(), String>>(1);
    let flag = stop.clone();
    let thread = std::thread::Builder::new()
        .name("loa-capture".into())
        .spawn(move || {
            let mut o = match open_stream(device.as_deref()) {
                Ok(o) => {
                    let _ = ready_tx.send(Ok(()));
                    o
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            let mut buf: Vec<f32> = Vec::with_capacity(o.rate as usize * o.channels);
            let mut heard = Instant::now();
            let why = loop {
                if flag.load(Ordering::Relaxed) {
                    break None;
                }
                std::thread::sleep(EVERY);
                let n = o.ring.slots() / o.channels * o.channels;
                if n > 0
                    && let Ok(chunk) = o.ring.read_chunk(n)
                {
                    let (a, b) = chunk.as_slices();
                    buf.clear();
                    buf.extend_from_slice(a);
                    buf.extend_from_slice(b);
                    chunk.commit_all();
                    voice.push(o.rate, o.channels, &buf);
                    heard = Instant::now();
                }
                if o.failed.load(Ordering::Relaxed) {
                    break Some(Finish::Device(crate::t!("live-input-failed")));
                }
                if heard.elapsed() > super::SILENCE {
                    break Some(Finish::Silent);
                }
            };
            drop(o.stream);
            if let Some(how) = why {
                ended(how);
            }
        })
        .map_err(|e| crate::i18n::io_why(&e))?;
    match ready_rx.recv() {
        Ok(Ok(())) => Ok(Capture {
            stop,
            thread: Some(thread),
        }),
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(_) => Err(crate::t!("live-input-failed")),
    }
}
