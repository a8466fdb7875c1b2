//! Decoding a stream as it arrives: symphonia over a source that cannot seek, packet by packet
//! into the live buffer.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use symphonia::core::codecs::CodecParameters;
use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions, ReadOnlySource};
use symphonia::core::meta::MetadataOptions;

use super::Phrase;
use super::{Sounded, StopFlag, StreamError};
use crate::audio::decode::codecs;
use crate::audio::live::LiveBuffer;

/// Damaged packets in a row after which the stream is taken as broken.
const MAX_DAMAGED_IN_A_ROW: u32 = 50;

/// A reader that ends (with an error) once the link is told to stop, or once the connection
/// has given no sound for its stall time ([`super::STALL`]; longer for HLS, which sends a
/// segment at a time) however many bytes trickle in (a server that sends a byte a
/// second is as silent as one that sends nothing).
struct Stoppable<R> {
    inner: R,
    stop: StopFlag,
    epoch: Instant,
    /// Milliseconds since `epoch` when sound last came (or the connection was made).
    last_sound: Arc<AtomicU64>,
    stall: Duration,
}

impl<R: Read> Read for Stoppable<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.stop.stopped() {
            return Err(std::io::Error::other("stopped"));
        }
        let quiet = (self.epoch.elapsed().as_millis() as u64)
            .saturating_sub(self.last_sound.load(Ordering::Relaxed));
        if quiet > self.stall.as_millis() as u64 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "no sound",
            ));
        }
        self.inner.read(buf)
    }
}

/// An I/O error of the source: what the HLS reader said (it speaks in [`StreamError`]s), or
/// what the connection did.
fn source_error(io: std::io::Error) -> StreamError {
    if io.get_ref().is_some_and(|x| x.is::<StreamError>())
        && let Some(inner) = io.into_inner()
        && let Ok(e) = inner.downcast::<StreamError>()
    {
        return *e;
    }
    // (`into_inner` consumed it only when it held a StreamError.)
    StreamError::Broken(Phrase::Said("stream-why-broke"))
}

fn sym_error(e: SymError) -> StreamError {
    match e {
        SymError::IoError(io) if io.get_ref().is_some_and(|x| x.is::<StreamError>()) => {
            source_error(io)
        }
        SymError::IoError(io) => super::io_error("the server", &io),
        SymError::Unsupported(what) => StreamError::Format(Phrase::Raw(what.to_string())),
        other => StreamError::Format(Phrase::Raw(other.to_string())),
    }
}

/// "MP3, 44100 Hz, stereo" (Vietnamese: "MP3, 44100 Hz, 2 kênh").
pub(super) fn describe(codec: &str, rate: u32, channels: usize) -> crate::i18n::Said {
    let codec = codec.to_uppercase();
    crate::i18n::Said::new(|| {
        crate::t!(
            "stream-format-words",
            codec = codec.as_str(),
            rate = rate,
            channels = channels
        )
    })
}

/// Decodes `reader` (sound, in a container the prober recognises) into `buf` until it ends,
/// breaks or the link stops. `on_sound` is told the format when sound comes (and whether it is
/// this connection's first), and again when it changes. A panic in the demuxers or decoders
/// (code not ours, on bytes from the network) ends this connection as a broken stream, as
/// `audio::decode::guarded` does for files.
pub(super) fn decode<R: Read + Send + Sync + 'static>(
    reader: R,
    hint: Option<&str>,
    buf: &LiveBuffer,
    stop: &StopFlag,
    sounded: &mut Sounded,
    on_sound: &dyn Fn(&crate::i18n::Said, bool),
    stall: Duration,
) -> Result<(), StreamError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let epoch = Instant::now();
        let last_sound = Arc::new(AtomicU64::new(0));
        let source = ReadOnlySource::new(Stoppable {
            inner: reader,
            stop: stop.clone(),
            epoch,
            last_sound: last_sound.clone(),
            stall,
        });
        let mss = MediaSourceStream::new(Box::new(source), MediaSourceStreamOptions::default());
        let mut h = Hint::new();
        if let Some(ext) = hint {
            h.with_extension(ext);
        }
        let mut format = symphonia::default::get_probe()
            .probe(
                &h,
                mss,
                FormatOptions::default(),
                MetadataOptions::default(),
            )
            .map_err(|e| {
                // A probe that ran out of time on a trickle is a stall, whatever it says.
                let quiet = epoch.elapsed() > stall;
                match e {
                    _ if quiet => StreamError::Stalled,
                    e @ SymError::IoError(_) => sym_error(e),
                    _ => StreamError::Format(Phrase::Said("stream-why-not-mp3-aac-ogg")),
                }
            })?;
        let track = format
            .default_track(TrackType::Audio)
            .ok_or(StreamError::Format(Phrase::Said("stream-why-no-sound")))?;
        let Some(CodecParameters::Audio(params)) = &track.codec_params else {
            return Err(StreamError::Format(Phrase::Said("stream-why-no-sound")));
        };
        let (track_id, params) = (track.id, params.clone());
        let registry = codecs();
        let mut decoder = registry
            .make_audio_decoder(&params, &AudioDecoderOptions::default())
            .map_err(sym_error)?;
        let codec = registry
            .get_audio_decoder(params.codec)
            .map_or_else(|| "?".to_string(), |c| c.codec.info.short_name.to_string());
        let mut samples: Vec<f32> = Vec::new();
        let mut damaged = 0u32;
        let mut told: Option<(u32, usize)> = None;
        loop {
            if stop.stopped() {
                return Ok(());
            }
            let packet = match format.next_packet() {
                Ok(Some(p)) => p,
                Ok(None) => return Err(StreamError::Ended),
                Err(SymError::ResetRequired) => {
                    return Err(StreamError::Format(Phrase::Said("stream-why-changed")));
                }
                Err(e) => return Err(sym_error(e)),
            };
            if packet.track_id != track_id {
                continue;
            }
            match decoder.decode(&packet) {
                Ok(b) => {
                    damaged = 0;
                    let spec = b.spec();
                    let (rate, channels) = (spec.rate(), spec.channels().count());
                    if b.frames() == 0 || rate == 0 || channels == 0 {
                        continue;
                    }
                    let positions = match spec.channels() {
                        symphonia::core::audio::Channels::Positioned(p) => {
                            u32::try_from(p.bits()).ok()
                        }
                        _ => None,
                    };
                    b.copy_to_vec_interleaved(&mut samples);
                    buf.push(rate, channels, positions, &samples);
                    if told != Some((rate, channels)) {
                        told = Some((rate, channels));
                        on_sound(&describe(&codec, rate, channels), sounded.first.is_none());
                    }
                    sounded.first.get_or_insert_with(Instant::now);
                    last_sound.store(epoch.elapsed().as_millis() as u64, Ordering::Relaxed);
                }
                Err(SymError::DecodeError(_)) => {
                    damaged += 1;
                    if damaged >= MAX_DAMAGED_IN_A_ROW {
                        return Err(StreamError::Format(Phrase::Said("stream-why-damaged")));
                    }
                }
                Err(e) => return Err(sym_error(e)),
            }
        }
    }))
    .unwrap_or(Err(StreamError::Format(Phrase::Said(
        "stream-why-decoder-failed",
    ))))
}
