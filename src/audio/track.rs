//! One file on its way to the output: decoded, mapped to the output's channels, resampled to its
//! rate, faded in and out, delivered in blocks. Streams: holds a few thousand frames at a time
//! whatever the file's length.

use std::path::Path;

use super::convert::{ChannelMap, FILE_FADE_SECONDS, RateConverter, fade_in, fade_out};
use super::decode::{AudioError, Decoder};

/// What the output plays: its rate and channel count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputSpec {
    pub rate: u32,
    pub channels: usize,
}

/// A file being converted for an output.
pub struct Track {
    decoder: Decoder,
    /// File channels → the channels that go through the resampler (1 or 2).
    down: ChannelMap,
    rate: RateConverter,
    /// Resampled channels → the output's channels.
    up: ChannelMap,
    out_channels: usize,
    fade: usize,
    /// Converted frames not yet delivered; the last `fade` frames are held back until the end is
    /// known, so that the fade-out can be applied to them.
    ready: Vec<f32>,
    faded_in: bool,
    ended: bool,
    block: Vec<f32>,
    mapped: Vec<f32>,
    resampled: Vec<f32>,
}

impl Track {
    pub fn open(path: &Path, out: OutputSpec) -> Result<Track, AudioError> {
        let decoder = Decoder::open(path)?;
        let info = decoder.info().clone();
        // Resample as few channels as the output needs: mono stays mono until the end.
        let working = if info.channels == 1 || out.channels == 1 {
            1
        } else {
            2
        };
        let down = if info.channels == working {
            ChannelMap::identity(working)
        } else {
            ChannelMap::new(info.channels, info.positions, working)
        };
        let up = if working == out.channels {
            ChannelMap::identity(working)
        } else {
            ChannelMap::new(working, None, out.channels)
        };
        let rate = RateConverter::new(info.sample_rate, out.rate, working).map_err(|e| {
            AudioError::Unsupported {
                path: path.to_path_buf(),
                what: e.to_string(),
            }
        })?;
        Ok(Track {
            decoder,
            down,
            rate,
            up,
            out_channels: out.channels,
            fade: (FILE_FADE_SECONDS * out.rate as f32) as usize,
            ready: Vec::new(),
            faded_in: false,
            ended: false,
            block: Vec::new(),
            mapped: Vec::new(),
            resampled: Vec::new(),
        })
    }

    pub fn decoder(&self) -> &Decoder {
        &self.decoder
    }

    /// Appends up to `max_frames` output frames to `out`. Returns `Ok(false)` once the whole
    /// track has been delivered.
    pub fn fill(&mut self, out: &mut Vec<f32>, max_frames: usize) -> Result<bool, AudioError> {
        let ch = self.out_channels;
        while !self.ended && self.ready.len() < (max_frames + self.fade) * ch {
            self.block.clear();
            match self.decoder.next_block(&mut self.block)? {
                Some(_) => self.convert(false)?,
                None => {
                    self.convert(true)?;
                    self.ended = true;
                    fade_out(&mut self.ready, ch, self.fade);
                }
            }
        }
        if !self.faded_in && (self.ended || self.ready.len() >= self.fade * ch) {
            fade_in(&mut self.ready, ch, self.fade);
            self.faded_in = true;
        }
        if !self.faded_in {
            return Ok(true);
        }
        let deliverable = if self.ended {
            self.ready.len() / ch
        } else {
            (self.ready.len() / ch).saturating_sub(self.fade)
        };
        let n = deliverable.min(max_frames);
        out.extend(self.ready.drain(..n * ch));
        Ok(!(self.ended && self.ready.is_empty()))
    }

    fn convert(&mut self, last: bool) -> Result<(), AudioError> {
        let Track {
            decoder,
            down,
            rate,
            up,
            ready,
            block,
            mapped,
            resampled,
            ..
        } = self;
        let fail = |e: super::convert::RateError| AudioError::Unsupported {
            path: decoder.path().to_path_buf(),
            what: e.to_string(),
        };
        // Each stage that has nothing to do is skipped rather than copied through: a stereo file
        // on a stereo output goes from the decoder's block through the resampler into `ready`.
        let input: &[f32] = if down.is_identity() {
            block
        } else {
            mapped.clear();
            down.apply(block, mapped);
            mapped
        };
        let target = if up.is_identity() {
            &mut *ready
        } else {
            resampled.clear();
            &mut *resampled
        };
        rate.push(input, target).map_err(fail)?;
        if last {
            rate.finish(target).map_err(fail)?;
        }
        if !up.is_identity() {
            up.apply(resampled, ready);
        }
        Ok(())
    }

    /// After the end: how much of the file played against the length its header declares, when
    /// it stopped well short of it (a file cut or rewritten while it played).
    pub fn shortfall(&self) -> Option<(std::time::Duration, std::time::Duration)> {
        let d = &self.decoder;
        let expected = d.info().frames?;
        let rate = f64::from(d.info().sample_rate);
        ((d.decoded_frames() as f64) < expected as f64 * 0.98).then(|| {
            (
                std::time::Duration::from_secs_f64(d.decoded_frames() as f64 / rate),
                std::time::Duration::from_secs_f64(expected as f64 / rate),
            )
        })
    }

    /// After the end: audio lost to damage while decoding, in words.
    pub fn damage(&self) -> Option<crate::i18n::Said> {
        self.decoder.damage().map(|(places, at)| {
            crate::i18n::Said::new(|| crate::t!("reason-damage", places = places, at = at.as_str()))
        })
    }
}
