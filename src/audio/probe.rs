//! Checking an audio file before air time: can it be opened, is it sane, how long is it, and (in
//! depth) does it decode to the end.
//!
//! `loa check` probes in depth (decodes every packet, so a file damaged in the middle is found
//! before the morning bulletin, not during it); `loa next` and the daemon read headers only.
//! In depth, any lost audio is an error: the player would skip it, but the file should be
//! exported again.

use std::path::Path;
use std::time::Duration;

use super::decode::{AudioError, AudioInfo, Decoder};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// Container headers; decodes only when the header does not tell the length.
    Header,
    /// Every packet.
    Full,
    /// Every packet, measuring loudness on the way (EBU R128: `loa check`).
    FullWithLoudness,
}

/// What probing found.
#[derive(Clone, Debug, PartialEq)]
pub struct Probed {
    pub info: AudioInfo,
    pub duration: Duration,
    /// Measured at [`Depth::FullWithLoudness`].
    pub loudness: Option<super::loudness::Loudness>,
}

/// A file that decodes to less than this share of the length its header declares was cut short
/// (one bad byte in an Ogg page silently ends the stream early).
const TRUNCATED_BELOW: f64 = 0.98;

pub fn probe(path: &Path, depth: Depth) -> Result<Probed, AudioError> {
    let mut d = Decoder::open(path)?;
    let info = d.info().clone();
    if depth == Depth::Header
        && let Some(duration) = info.duration()
    {
        return Ok(Probed {
            info,
            duration,
            loudness: None,
        });
    }
    let mut meter = if depth == Depth::FullWithLoudness {
        super::loudness::Meter::new(info.channels, info.sample_rate)
    } else {
        None
    };
    let mut block = Vec::new();
    while d.next_block(&mut block)?.is_some() {
        if let Some(m) = &mut meter {
            m.add(&block);
        }
    }
    let decoded = d.decoded_frames();
    if decoded == 0 {
        return Err(AudioError::Corrupt {
            path: path.to_path_buf(),
            at: "the start".into(),
            detail: "no audio could be decoded from it".into(),
        });
    }
    let rate = f64::from(info.sample_rate);
    if let Some(expected) = info.frames
        && (decoded as f64) < expected as f64 * TRUNCATED_BELOW
    {
        return Err(AudioError::Corrupt {
            path: path.to_path_buf(),
            at: d.position(),
            detail: format!(
                "the audio stops early: it decodes to {} of the {} its header declares",
                mmss(decoded as f64 / rate),
                mmss(expected as f64 / rate)
            ),
        });
    }
    if let Some((places, at)) = d.damage() {
        return Err(AudioError::Corrupt {
            path: path.to_path_buf(),
            at,
            detail: if places == 1 {
                "some audio there cannot be decoded and would be skipped".to_string()
            } else {
                format!("audio in {places} places cannot be decoded and would be skipped")
            },
        });
    }
    Ok(Probed {
        info,
        duration: Duration::from_secs_f64(decoded as f64 / rate),
        loudness: meter.map(|m| m.finish()),
    })
}

/// "2:05" for 125 s; "1:02:03" past an hour.
pub fn mmss(secs: f64) -> String {
    let s = secs.round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}
