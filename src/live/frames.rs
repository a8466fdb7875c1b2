//! A live sender's sound (spec §12): each binary message 10–60 ms of 16-bit little-endian
//! samples, or one Opus packet, turned into the `f32` frames the buffer takes. A message that
//! cannot be read says why; it never panics, whatever arrives.

use opusic_c::{Channels, Decoder, SampleRate};

use super::hello::{Format, Hello};
use crate::t;

/// The longest message taken, in seconds of sound (the spec says 60 ms; a browser that batches a
/// little more is not refused for it).
pub const MAX_FRAME_SECONDS: f64 = 0.2;
/// Opus packets last at most 120 ms.
const OPUS_MAX_MS: usize = 120;

/// Turns a sender's messages into samples.
pub struct Reader {
    hello: Hello,
    opus: Option<Decoder>,
    out: Vec<f32>,
    /// Opus decodes to 16-bit: kept here between packets.
    pcm: Vec<u16>,
}

impl Reader {
    pub fn new(hello: Hello) -> Result<Reader, String> {
        let opus = match hello.format {
            Format::PcmS16le => None,
            Format::Opus => {
                let channels = match hello.channels {
                    1 => Channels::Mono,
                    _ => Channels::Stereo,
                };
                let rate = match hello.rate {
                    8_000 => SampleRate::Hz8000,
                    12_000 => SampleRate::Hz12000,
                    16_000 => SampleRate::Hz16000,
                    24_000 => SampleRate::Hz24000,
                    _ => SampleRate::Hz48000,
                };
                Some(Decoder::new(channels, rate).map_err(|e| {
                    tracing::debug!("opus: {e:?}");
                    t!("live-frame-opus")
                })?)
            }
        };
        Ok(Reader {
            hello,
            opus,
            out: Vec::new(),
            pcm: Vec::new(),
        })
    }

    pub fn hello(&self) -> Hello {
        self.hello
    }

    /// The samples of one message (interleaved, `hello.channels` of them a frame).
    pub fn read(&mut self, message: &[u8]) -> Result<&[f32], String> {
        let ch = usize::from(self.hello.channels);
        let rate = self.hello.rate as usize;
        self.out.clear();
        match &mut self.opus {
            None => {
                let frame = 2 * ch;
                if message.is_empty() || !message.len().is_multiple_of(frame) {
                    return Err(t!("live-frame-size", bytes = message.len(), frame = frame));
                }
                if message.len() / frame > (rate as f64 * MAX_FRAME_SECONDS) as usize {
                    return Err(t!(
                        "live-frame-long",
                        ms = (MAX_FRAME_SECONDS * 1000.0) as u32
                    ));
                }
                self.out.extend(
                    message
                        .chunks_exact(2)
                        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0),
                );
            }
            Some(d) => {
                if message.is_empty() {
                    return Err(t!("live-frame-size", bytes = 0, frame = 1));
                }
                self.pcm.resize(rate * OPUS_MAX_MS / 1000 * ch, 0);
                let n = d
                    .decode_to_slice(message, &mut self.pcm, false)
                    .map_err(|e| {
                        tracing::debug!("opus: {e:?}");
                        t!("live-frame-opus")
                    })?;
                self.out.extend(
                    self.pcm[..(n * ch).min(self.pcm.len())]
                        .iter()
                        .map(|&s| f32::from(s as i16) / 32768.0),
                );
            }
        }
        Ok(&self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::hello::parse;

    #[test]
    fn pcm_is_read_as_it_is_sent_and_a_broken_message_says_why() {
        let mut r =
            Reader::new(parse(r#"{"format":"pcm_s16le","rate":8000,"channels":1}"#).unwrap())
                .unwrap();
        let bytes: Vec<u8> = [0i16, 16384, -32768, 32767]
            .iter()
            .flat_map(|s| s.to_le_bytes())
            .collect();
        assert_eq!(r.read(&bytes).unwrap(), [0.0, 0.5, -1.0, 32767.0 / 32768.0]);
        assert!(r.read(&bytes[..3]).is_err());
        assert!(r.read(&[]).is_err());
        // 250 ms at 8 kHz: more than a message may hold.
        assert!(r.read(&vec![0; 2 * 2000]).is_err());
    }

    #[test]
    fn opus_packets_decode_and_garbage_is_an_error_not_a_panic() {
        let mut enc = opusic_c::Encoder::new(
            Channels::Mono,
            SampleRate::Hz48000,
            opusic_c::Application::Voip,
        )
        .unwrap();
        let tone: Vec<f32> = (0..960)
            .map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / 48000.0).sin() * 0.5)
            .collect();
        let mut packet = vec![0u8; 4000];
        let n = enc.encode_float_to_slice(&tone, &mut packet).unwrap();
        let mut r =
            Reader::new(parse(r#"{"format":"opus","rate":48000,"channels":1}"#).unwrap()).unwrap();
        assert_eq!(r.read(&packet[..n]).unwrap().len(), 960);
        // The tone comes back (after the codec's first packet).
        let mut back = Vec::new();
        for _ in 0..5 {
            let n = enc.encode_float_to_slice(&tone, &mut packet).unwrap();
            back.extend_from_slice(r.read(&packet[..n]).unwrap());
        }
        let peak = back[960..].iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!((0.4..0.6).contains(&peak), "{peak}");
        for junk in [&[0xffu8; 3][..], &[0u8; 1500][..], &[]] {
            let _ = r.read(junk);
        }
        assert!(r.read(&[]).is_err());
    }
}
