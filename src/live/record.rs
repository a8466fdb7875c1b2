//! What was said, kept (spec §12): each live broadcast encoded to Ogg Opus in the state
//! directory's `live/` as it goes, on a thread of its own (never on an audio callback, never on
//! the daemon's loop), named by its history row (`live/live-20261206-091500.opus`). The file is
//! written as `NAME.opus.part` and renamed when the broadcast ends; pages are flushed as they
//! fill, so a power cut loses at most the last second.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::mpsc;

use ogg::writing::{PacketWriteEndInfo, PacketWriter};
use opusic_c::{Application, Bandwidth, Bitrate, Channels, Encoder, SampleRate, Signal};
use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Async, FixedAsync, PolynomialDegree, Resampler};

/// The state directory's folder of recordings.
pub const DIR: &str = "live";
/// Opus's rate, and 20 ms frames of it.
const RATE: u32 = 48_000;
const FRAME: usize = 960;
/// A voice needs no more (24 kb/s Opus is clear speech; 11 MB an hour).
const BITRATE: i32 = 24_000;
/// How hard the encoder works (0–10): 1, a record of speech, not a master (2.9× less CPU than
/// 5 on a minute of a recorded notice, and the file a fifth smaller).
const COMPLEXITY: u8 = 1;
/// The encoder's look-ahead, as the Ogg header says (what a player skips at the start).
const PRE_SKIP: u16 = 312;
const SERIAL: u32 = 0x6c6f_6121;

/// Sound on its way to the file: rate, channels, interleaved samples.
pub type Sound = (u32, usize, Vec<f32>);

/// Starts recording into `file`: send it sound; drop the sender to finish it.
pub fn start(file: PathBuf) -> std::io::Result<mpsc::Sender<Sound>> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let part = file.with_extension("opus.part");
    let out = BufWriter::new(File::create(&part)?);
    let (tx, rx) = mpsc::channel::<Sound>();
    std::thread::Builder::new()
        .name("loa-live-record".into())
        .spawn(move || {
            let result = write(out, &rx).and_then(|()| std::fs::rename(&part, &file));
            match result {
                Ok(()) => tracing::info!(file = %file.display(), "what was said is kept"),
                Err(e) => {
                    tracing::warn!(file = %file.display(), "what was said could not be kept: {e}")
                }
            }
        })?;
    Ok(tx)
}

fn other(e: impl std::fmt::Debug) -> std::io::Error {
    std::io::Error::other(format!("{e:?}"))
}

/// OpusHead (RFC 7845 §5.1) for one channel at 48 kHz.
fn head() -> Vec<u8> {
    let mut h = b"OpusHead".to_vec();
    h.push(1);
    h.push(1);
    h.extend_from_slice(&PRE_SKIP.to_le_bytes());
    h.extend_from_slice(&RATE.to_le_bytes());
    h.extend_from_slice(&0i16.to_le_bytes());
    h.push(0);
    h
}

fn tags() -> Vec<u8> {
    let vendor = b"loa";
    let mut t = b"OpusTags".to_vec();
    t.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    t.extend_from_slice(vendor);
    t.extend_from_slice(&0u32.to_le_bytes());
    t
}

/// Mono at 48 kHz, whatever comes.
struct Mono {
    rate: u32,
    resampler: Option<Async<f32>>,
    pending: Vec<f32>,
    scratch: Vec<f32>,
}

impl Mono {
    fn new() -> Mono {
        Mono {
            rate: RATE,
            resampler: None,
            pending: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Appends `sound` to `out` as 48 kHz mono.
    fn convert(&mut self, (rate, channels, samples): &Sound, out: &mut Vec<f32>) {
        let ch = (*channels).max(1);
        let mono = samples
            .chunks_exact(ch)
            .map(|f| f.iter().sum::<f32>() / ch as f32);
        if *rate == RATE {
            out.extend(mono);
            return;
        }
        if *rate != self.rate || self.resampler.is_none() {
            self.rate = *rate;
            self.pending.clear();
            self.resampler = Async::<f32>::new_poly(
                f64::from(RATE) / f64::from(*rate),
                1.0,
                PolynomialDegree::Cubic,
                1024,
                1,
                FixedAsync::Input,
            )
            .ok();
        }
        self.pending.extend(mono);
        let Some(r) = self.resampler.as_mut() else {
            return;
        };
        loop {
            let need = r.input_frames_next();
            if self.pending.len() < need {
                break;
            }
            let max = r.output_frames_max();
            self.scratch.resize(max, 0.0);
            let (Ok(inp), Ok(mut outp)) = (
                InterleavedSlice::new(&self.pending[..need], 1, need),
                InterleavedSlice::new_mut(&mut self.scratch, 1, max),
            ) else {
                return;
            };
            let Ok((_, produced)) = r.process_into_buffer(&inp, &mut outp, None) else {
                return;
            };
            self.pending.drain(..need);
            out.extend_from_slice(&self.scratch[..produced]);
        }
    }
}

fn write(out: BufWriter<File>, rx: &mpsc::Receiver<Sound>) -> std::io::Result<()> {
    let mut enc =
        Encoder::new(Channels::Mono, SampleRate::Hz48000, Application::Voip).map_err(other)?;
    enc.set_bitrate(Bitrate::Value(BITRATE as u32))
        .map_err(other)?;
    // Told it is speech, kept to speech's band (8 kHz, SILK alone: no CELT layer to compute)
    // and at a low effort — together 0.35× the CPU of the defaults but for the bit rate, on a
    // minute of a recorded notice (BENCHMARKS.md "Live").
    enc.set_complexity(COMPLEXITY).map_err(other)?;
    enc.set_signal(Signal::Voice).map_err(other)?;
    enc.set_max_bandwidth(Bandwidth::Wide).map_err(other)?;
    let mut w = PacketWriter::new(out);
    w.write_packet(head(), SERIAL, PacketWriteEndInfo::EndPage, 0)?;
    w.write_packet(tags(), SERIAL, PacketWriteEndInfo::EndPage, 0)?;
    let mut mono = Mono::new();
    let (mut samples, mut packet) = (Vec::new(), vec![0u8; 4000]);
    let mut granule = u64::from(PRE_SKIP);
    let mut last: Option<Vec<u8>> = None;
    let mut since_page = 0;
    let mut encode = |frame: &[f32],
                      w: &mut PacketWriter<BufWriter<File>>,
                      last: &mut Option<Vec<u8>>|
     -> std::io::Result<()> {
        let n = enc
            .encode_float_to_slice(frame, &mut packet)
            .map_err(other)?;
        // Each packet is written once the next is known (the last one ends the stream).
        if let Some(p) = last.replace(packet[..n].to_vec()) {
            since_page += 1;
            let end = if since_page >= 50 {
                since_page = 0;
                PacketWriteEndInfo::EndPage
            } else {
                PacketWriteEndInfo::NormalPacket
            };
            w.write_packet(p, SERIAL, end, granule)?;
            if end == PacketWriteEndInfo::EndPage {
                w.inner_mut().flush()?;
            }
        }
        granule += FRAME as u64;
        Ok(())
    };
    for sound in rx {
        mono.convert(&sound, &mut samples);
        let whole = samples.len() / FRAME * FRAME;
        for frame in samples[..whole].chunks_exact(FRAME) {
            encode(frame, &mut w, &mut last)?;
        }
        samples.drain(..whole);
    }
    if !samples.is_empty() {
        samples.resize(FRAME, 0.0);
        let frame = std::mem::take(&mut samples);
        encode(&frame, &mut w, &mut last)?;
    }
    match last {
        Some(p) => w.write_packet(p, SERIAL, PacketWriteEndInfo::EndStream, granule)?,
        None => w.write_packet(Vec::new(), SERIAL, PacketWriteEndInfo::EndStream, granule)?,
    }
    w.into_inner().flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is kept decodes (with the same decoder the daemon plays Opus files with) to as long
    /// as what was said, at any rate it came.
    #[test]
    fn what_was_said_is_kept_as_ogg_opus_that_plays_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("live/live-20261206-091500.opus");
        let tx = start(file.clone()).unwrap();
        // 2 s at 44.1 kHz stereo, in 20 ms messages.
        for k in 0..100 {
            let s: Vec<f32> = (0..882 * 2)
                .map(|i| ((k * 882 + i / 2) as f32 * 0.0627).sin() * 0.4)
                .collect();
            tx.send((44_100, 2, s)).unwrap();
        }
        drop(tx);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !file.exists() {
            assert!(std::time::Instant::now() < deadline, "not finished");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let seconds = crate::audio::probe::probe(&file, crate::audio::probe::Depth::Full)
            .unwrap()
            .duration
            .as_secs_f64();
        assert!((seconds - 2.0).abs() < 0.05, "{seconds}");
    }
}
