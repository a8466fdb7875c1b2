//! Decoding audio files with symphonia 0.6, packet by packet: a file is never held whole in
//! memory, whatever its length.
//!
//! This module owns opening a file (container, track, codec), refusing what loa will not play
//! (a sample rate outside 8–192 kHz, more than 8 channels: a WAV header can claim 4,294,967,295 Hz,
//! and believing it makes a resampler allocate gigabytes), and turning packets into interleaved
//! `f32` blocks. Every error names the file and says in plain words what is wrong with it. It does
//! not resample, mix or pace; that is `convert` and the player.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use symphonia::core::codecs::CodecParameters;
use symphonia::core::codecs::audio::{AudioDecoder, AudioDecoderOptions};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;

/// The sample rates loa accepts, inclusive.
pub const MIN_RATE: u32 = 8_000;
pub const MAX_RATE: u32 = 192_000;
/// The most channels loa accepts (7.1).
pub const MAX_CHANNELS: usize = 8;

/// What is wrong with an audio file, in words for the person who chose it. `Display` gives
/// "PATH: reason"; [`AudioError::reason`] the reason alone, for messages that name the file
/// their own way.
#[derive(Debug)]
pub enum AudioError {
    Missing {
        path: PathBuf,
    },
    NotAFile {
        path: PathBuf,
    },
    /// A pipe, a device or a socket where a recording should be.
    NotRegular {
        path: PathBuf,
    },
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    Empty {
        path: PathBuf,
    },
    NotAudio {
        path: PathBuf,
    },
    NoAudioTrack {
        path: PathBuf,
    },
    Unsupported {
        path: PathBuf,
        what: String,
    },
    BadRate {
        path: PathBuf,
        rate: u32,
    },
    BadChannels {
        path: PathBuf,
        channels: usize,
    },
    Corrupt {
        path: PathBuf,
        at: String,
        detail: String,
    },
}

impl AudioError {
    pub fn path(&self) -> &Path {
        match self {
            AudioError::Missing { path }
            | AudioError::NotAFile { path }
            | AudioError::NotRegular { path }
            | AudioError::Unreadable { path, .. }
            | AudioError::Empty { path }
            | AudioError::NotAudio { path }
            | AudioError::NoAudioTrack { path }
            | AudioError::Unsupported { path, .. }
            | AudioError::BadRate { path, .. }
            | AudioError::BadChannels { path, .. }
            | AudioError::Corrupt { path, .. } => path,
        }
    }

    pub fn reason(&self) -> String {
        use crate::t;
        let name = self
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = self
            .path()
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let convert = || {
            t!(
                "audio-convert-help",
                file = name.as_str(),
                stem = stem.as_str()
            )
        };
        match self {
            AudioError::Missing { .. } => t!("audio-missing"),
            AudioError::NotAFile { .. } => t!("audio-folder"),
            AudioError::NotRegular { .. } => t!("audio-not-regular"),
            AudioError::Unreadable { source, .. } => {
                t!("audio-unreadable", why = crate::i18n::io_why(source))
            }
            AudioError::Empty { .. } => t!("audio-empty"),
            AudioError::NotAudio { .. } => match known_unplayable(self.path()) {
                Some(kind) => format!(
                    "{}; {}",
                    t!("audio-kind-unplayable", kind = kind),
                    convert()
                ),
                None => t!("audio-not-audio"),
            },
            AudioError::NoAudioTrack { .. } => t!("audio-no-track"),
            // The decoder's own words ("core (codec): unsupported", "aac too complex") are for
            // the log; the officer gets what to do.
            AudioError::Unsupported { what, .. } => {
                tracing::debug!(file = %self.path().display(), what = %what, "unsupported audio");
                let kind = known_unplayable(self.path()).unwrap_or("other");
                format!(
                    "{}; {}",
                    t!("audio-kind-unplayable", kind = kind),
                    convert()
                )
            }
            AudioError::BadRate { rate, .. } => t!(
                "audio-bad-rate",
                rate = *rate,
                min = MIN_RATE,
                max = MAX_RATE
            ),
            AudioError::BadChannels { channels, .. } => {
                t!("audio-bad-channels", n = *channels, max = MAX_CHANNELS)
            }
            AudioError::Corrupt { at, detail, .. } => {
                tracing::debug!(file = %self.path().display(), detail = %detail, "damaged audio");
                t!("audio-damaged", at = at.as_str())
            }
        }
    }
}

/// Kinds of recording people send that loa does not play, by file name: "WMA", "AMR"…
fn known_unplayable(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    Some(match ext.as_str() {
        "wma" | "asf" => "WMA",
        "amr" | "3ga" | "awb" => "AMR",
        "ac3" => "AC-3",
        "aiff" | "aif" => "AIFF",
        "mid" | "midi" => "MIDI",
        "mp4" | "m4a" | "aac" => "AAC",
        "webm" | "mkv" => "WebM",
        "mp2" => "MP2",
        _ => return None,
    })
}

impl std::fmt::Display for AudioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path().display(), self.reason())
    }
}

impl std::error::Error for AudioError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AudioError::Unreadable { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// symphonia's decoders and Opus (Zalo voice messages, WhatsApp and Telegram notes, `.opus`
/// and Opus in Ogg), which symphonia does not decode itself: libopus, Xiph's reference decoder,
/// through `symphonia-adapter-libopus` (built into the binary; no library to install).
pub(crate) fn codecs() -> &'static symphonia::core::codecs::registry::CodecRegistry {
    static REGISTRY: std::sync::OnceLock<symphonia::core::codecs::registry::CodecRegistry> =
        std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut r = symphonia::core::codecs::registry::CodecRegistry::new();
        symphonia::default::register_enabled_codecs(&mut r);
        r.register_audio_decoder::<symphonia_adapter_libopus::OpusDecoder>();
        r
    })
}

/// Facts about a file, known after opening it.
#[derive(Clone, Debug, PartialEq)]
pub struct AudioInfo {
    /// Short codec name, e.g. "mp3", "vorbis".
    pub codec: String,
    pub sample_rate: u32,
    pub channels: usize,
    /// Which speaker each channel is for (symphonia's `Position` bits), when the file says.
    pub positions: Option<u32>,
    /// Playable frames, when the container says.
    pub frames: Option<u64>,
}

impl AudioInfo {
    pub fn duration(&self) -> Option<Duration> {
        self.frames
            .map(|f| Duration::from_secs_f64(f as f64 / f64::from(self.sample_rate)))
    }
}

/// An open file, giving interleaved `f32` blocks at the file's own rate and channel count.
pub struct Decoder {
    path: PathBuf,
    format: Box<dyn FormatReader>,
    decoder: Box<dyn AudioDecoder>,
    track_id: u32,
    info: AudioInfo,
    decoded: u64,
    damaged: u32,
    first_damage: Option<String>,
    /// Where the next packet should start, to notice packets the demuxer lost (a damaged Ogg page
    /// is dropped with only a log line).
    next_pts: Option<i64>,
}

impl Decoder {
    /// Opens and checks a file; reads the container headers but decodes nothing yet (except the
    /// first packet of the rare container that only tells its format there).
    pub fn open(path: &Path) -> Result<Decoder, AudioError> {
        let mut d = Decoder::open_unchecked(path)?;
        if d.info.sample_rate == 0 || d.info.channels == 0 {
            let (rate, channels) = d.spec_of_first_block()?;
            d = Decoder::open_unchecked(path)?;
            d.info.sample_rate = rate;
            d.info.channels = channels;
        }
        check_spec(path, d.info.sample_rate, d.info.channels)?;
        Ok(d)
    }

    fn open_unchecked(path: &Path) -> Result<Decoder, AudioError> {
        guarded(path, || "the start".into(), || Decoder::open_inner(path))
    }

    fn open_inner(path: &Path) -> Result<Decoder, AudioError> {
        let p = || path.to_path_buf();
        let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
        if meta.is_dir() {
            return Err(AudioError::NotAFile { path: p() });
        }
        // Checked before opening: opening a FIFO would wait for a writer.
        if !meta.is_file() {
            return Err(AudioError::NotRegular { path: p() });
        }
        if meta.len() == 0 {
            return Err(AudioError::Empty { path: p() });
        }
        let file = File::open(path).map_err(|e| io_error(path, e))?;
        let mss = MediaSourceStream::new(Box::new(file), MediaSourceStreamOptions::default());
        let mut hint = Hint::new();
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            hint.with_extension(ext);
        }
        let format = symphonia::default::get_probe()
            .probe(
                &hint,
                mss,
                FormatOptions::default(),
                MetadataOptions::default(),
            )
            .map_err(|e| match e {
                SymError::IoError(io) if io.kind() != std::io::ErrorKind::UnexpectedEof => {
                    io_error(path, io)
                }
                SymError::Unsupported(_) | SymError::IoError(_) => {
                    AudioError::NotAudio { path: p() }
                }
                other => AudioError::Corrupt {
                    path: p(),
                    at: "the start".into(),
                    detail: other.to_string(),
                },
            })?;
        let track = format
            .default_track(TrackType::Audio)
            .ok_or_else(|| AudioError::NoAudioTrack { path: p() })?;
        let Some(CodecParameters::Audio(params)) = &track.codec_params else {
            return Err(AudioError::NoAudioTrack { path: p() });
        };
        let (track_id, frames, params) = (track.id, track.num_frames, params.clone());
        let sample_rate = params.sample_rate.unwrap_or(0);
        let channels = params.channels.as_ref().map_or(0, |c| c.count());
        let positions = match &params.channels {
            Some(symphonia::core::audio::Channels::Positioned(p)) => u32::try_from(p.bits()).ok(),
            _ => None,
        };
        // Refuse absurd headers before a decoder sizes its buffers from them.
        check_spec(
            path,
            if sample_rate == 0 {
                MIN_RATE
            } else {
                sample_rate
            },
            channels.max(1),
        )?;
        let registry = codecs();
        let decoder = registry
            .make_audio_decoder(&params, &AudioDecoderOptions::default())
            .map_err(|e| AudioError::Unsupported {
                path: p(),
                what: match e {
                    SymError::Unsupported(w) => w.to_string(),
                    other => other.to_string(),
                },
            })?;
        let codec = registry.get_audio_decoder(params.codec).map_or_else(
            || "unknown".to_string(),
            |c| c.codec.info.short_name.to_string(),
        );
        Ok(Decoder {
            path: p(),
            format,
            decoder,
            track_id,
            info: AudioInfo {
                codec,
                sample_rate,
                channels,
                positions,
                frames,
            },
            decoded: 0,
            damaged: 0,
            first_damage: None,
            next_pts: None,
        })
    }

    pub fn info(&self) -> &AudioInfo {
        &self.info
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Frames decoded so far.
    pub fn decoded_frames(&self) -> u64 {
        self.decoded
    }

    /// Places where audio was lost: packets that could not be decoded, or that the demuxer
    /// dropped (a damaged Ogg page), with the position of the first.
    pub fn damage(&self) -> Option<(u32, String)> {
        self.first_damage.clone().map(|at| (self.damaged, at))
    }

    fn note_damage(&mut self) {
        self.damaged += 1;
        if self.first_damage.is_none() {
            self.first_damage = Some(self.position());
        }
    }

    /// Decodes the next block into `out` (resized to `frames × channels`). Returns the number of
    /// frames, or `None` at the end. A damaged packet is skipped and counted; a file that stops
    /// being readable is an error.
    pub fn next_block(&mut self, out: &mut Vec<f32>) -> Result<Option<usize>, AudioError> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.next_block_inner(out)))
        {
            Ok(r) => r,
            Err(_) => Err(decoder_panicked(&self.path, self.position())),
        }
    }

    fn next_block_inner(&mut self, out: &mut Vec<f32>) -> Result<Option<usize>, AudioError> {
        loop {
            let packet = match self.format.next_packet() {
                Ok(Some(p)) => p,
                Ok(None) => return Ok(None),
                Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    return Ok(None);
                }
                Err(SymError::ResetRequired) => return Ok(None),
                Err(SymError::IoError(e)) => return Err(io_error(&self.path, e)),
                Err(e) => {
                    return Err(AudioError::Corrupt {
                        path: self.path.clone(),
                        at: self.position(),
                        detail: e.to_string(),
                    });
                }
            };
            if packet.track_id != self.track_id {
                continue;
            }
            let pts = packet.pts.get();
            // Ignore the start: Vorbis begins with a priming packet of negative time.
            if self
                .next_pts
                .is_some_and(|expected| expected > 0 && pts > expected)
            {
                self.note_damage();
            }
            self.next_pts = i64::try_from(packet.dur.get())
                .ok()
                .and_then(|d| pts.checked_add(d));
            match self.decoder.decode(&packet) {
                Ok(buf) => {
                    let spec = buf.spec();
                    if spec.rate() != self.info.sample_rate
                        || spec.channels().count() != self.info.channels
                    {
                        return Err(AudioError::Unsupported {
                            path: self.path.clone(),
                            what: format!(
                                "the format changes mid-file (to {} Hz, {} channels) at {}",
                                spec.rate(),
                                spec.channels().count(),
                                self.position()
                            ),
                        });
                    }
                    let frames = buf.frames();
                    if frames == 0 {
                        continue;
                    }
                    buf.copy_to_vec_interleaved(out);
                    self.decoded += frames as u64;
                    return Ok(Some(frames));
                }
                Err(SymError::DecodeError(_)) => {
                    self.note_damage();
                    continue;
                }
                Err(SymError::IoError(e)) => return Err(io_error(&self.path, e)),
                Err(e) => {
                    return Err(AudioError::Corrupt {
                        path: self.path.clone(),
                        at: self.position(),
                        detail: e.to_string(),
                    });
                }
            }
        }
    }

    /// "1:23", where decoding has got to.
    pub fn position(&self) -> String {
        let secs = if self.info.sample_rate > 0 {
            self.decoded / u64::from(self.info.sample_rate)
        } else {
            0
        };
        format!("{}:{:02}", secs / 60, secs % 60)
    }

    /// Some containers (raw ADTS, some MP3) only tell the rate and channels in the first decoded
    /// packet. Decodes up to that packet; the caller reopens the file to start from the top.
    fn spec_of_first_block(&mut self) -> Result<(u32, usize), AudioError> {
        let path = self.path.clone();
        guarded(
            &path,
            || "the start".into(),
            || self.spec_of_first_block_inner(),
        )
    }

    fn spec_of_first_block_inner(&mut self) -> Result<(u32, usize), AudioError> {
        loop {
            let Some(packet) = self.format.next_packet().ok().flatten() else {
                return Err(AudioError::Corrupt {
                    path: self.path.clone(),
                    at: "the start".into(),
                    detail: "no audio could be decoded".into(),
                });
            };
            if packet.track_id != self.track_id {
                continue;
            }
            if let Ok(buf) = self.decoder.decode(&packet) {
                return Ok((buf.spec().rate(), buf.spec().channels().count()));
            }
        }
    }
}

/// Runs a call into the demuxers and decoders, whose code is not ours: a panic there (an
/// arithmetic overflow on a header no encoder writes, where overflow checks are on; an index past
/// a buffer) is the file's damage, refused with its name like any other, not a dead player
/// thread. `at` is where decoding had got to.
pub(crate) fn guarded<T>(
    path: &Path,
    at: impl FnOnce() -> String,
    f: impl FnOnce() -> Result<T, AudioError>,
) -> Result<T, AudioError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(decoder_panicked(path, at())))
}

fn decoder_panicked(path: &Path, at: String) -> AudioError {
    AudioError::Corrupt {
        path: path.to_path_buf(),
        at,
        detail: "the decoder stopped on something in the file it did not expect".into(),
    }
}

fn check_spec(path: &Path, rate: u32, channels: usize) -> Result<(), AudioError> {
    if !(MIN_RATE..=MAX_RATE).contains(&rate) {
        return Err(AudioError::BadRate {
            path: path.to_path_buf(),
            rate,
        });
    }
    if !(1..=MAX_CHANNELS).contains(&channels) {
        return Err(AudioError::BadChannels {
            path: path.to_path_buf(),
            channels,
        });
    }
    Ok(())
}

fn io_error(path: &Path, e: std::io::Error) -> AudioError {
    match e.kind() {
        std::io::ErrorKind::NotFound => AudioError::Missing {
            path: path.to_path_buf(),
        },
        _ => AudioError::Unreadable {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_where_a_recording_should_be_is_named_and_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("ban-tin.mp3");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        // Opening it would wait for a writer that never comes: this returns at once.
        let e = Decoder::open(&fifo).err().unwrap();
        assert!(matches!(e, AudioError::NotRegular { .. }), "{e:?}");
    }
}
