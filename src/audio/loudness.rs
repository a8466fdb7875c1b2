//! How loud a recording sounds (EBU R128, with the `ebur128` crate): integrated loudness in
//! LUFS, true peak in dBTP, and clipping. `loa check` warns about files that would disappoint on
//! air (silent, very quiet, clipped); with the station's `loudness`, every file plays at the same
//! perceived level, its gain worked out here from the measurement.
//!
//! Pure over sample blocks ([`Meter`]) plus one function that decodes a file to measure it. It
//! does not cache (the daemon's loader does, by file hash) and never runs on the audio callback.

use std::path::Path;

use ebur128::{EbuR128, Mode};

use super::decode::{AudioError, Decoder};

/// Below this a file is silent (EBU R128's absolute gate is −70 LUFS: nothing passes it).
pub const SILENT_BELOW: f64 = -69.0;
/// Below this a recording is very quiet: listeners will not make it out over a street.
pub const QUIET_BELOW: f64 = -35.0;
/// The true peak a gain may bring a file up to (EBU R128 broadcast practice).
pub const MAX_TRUE_PEAK: f64 = -1.0;
/// Samples at or above this magnitude, two in a row on a channel, are a clip.
const CLIP_LEVEL: f32 = 0.999;
/// A recording with at least this many clips sounds distorted.
pub const CLIPS_AUDIBLE: u64 = 10;

/// What a measurement found.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Loudness {
    /// Integrated loudness, LUFS; `None` when the file is silent (nothing passes the gates).
    pub integrated: Option<f64>,
    /// The highest true peak of any channel, dBTP (`None` when silent).
    pub true_peak: Option<f64>,
    /// Places where the signal sat at full scale (two samples in a row).
    pub clips: u64,
    /// One channel: played on both sides of the output, it sounds 3 dB louder than measured.
    #[serde(default)]
    pub mono: bool,
}

impl Loudness {
    pub fn is_silent(&self) -> bool {
        self.integrated.is_none_or(|l| l < SILENT_BELOW)
    }

    /// The gain (linear) that brings this file to `target` LUFS without its true peak passing
    /// [`MAX_TRUE_PEAK`]; 1.0 for a silent file (there is nothing to level).
    pub fn gain_to(&self, target: f64) -> f32 {
        let (Some(level), false) = (self.integrated, self.is_silent()) else {
            return 1.0;
        };
        // As it will sound on the (stereo) output: a mono file comes out on both channels.
        let level = if self.mono { level + 3.01 } else { level };
        let mut db = target - level;
        if let Some(peak) = self.true_peak {
            db = db.min(MAX_TRUE_PEAK - peak);
        }
        10f64.powf(db / 20.0) as f32
    }
}

/// Measures interleaved `f32` blocks as they are decoded.
pub struct Meter {
    ebu: EbuR128,
    channels: usize,
    /// The last sample of each channel was at full scale.
    at_full: Vec<bool>,
    clips: u64,
}

impl Meter {
    pub fn new(channels: usize, rate: u32) -> Option<Meter> {
        let ebu = EbuR128::new(channels as u32, rate, Mode::I | Mode::TRUE_PEAK).ok()?;
        Some(Meter {
            ebu,
            channels,
            at_full: vec![false; channels],
            clips: 0,
        })
    }

    pub fn add(&mut self, block: &[f32]) {
        let _ = self.ebu.add_frames_f32(block);
        for frame in block.chunks_exact(self.channels) {
            for (c, s) in frame.iter().enumerate() {
                let full = s.abs() >= CLIP_LEVEL;
                if full && self.at_full[c] {
                    self.clips += 1;
                }
                self.at_full[c] = full;
            }
        }
    }

    pub fn finish(&self) -> Loudness {
        let integrated = self
            .ebu
            .loudness_global()
            .ok()
            .filter(|l| l.is_finite() && *l >= SILENT_BELOW);
        let peak = (0..self.channels as u32)
            .filter_map(|c| self.ebu.true_peak(c).ok())
            .fold(0.0f64, f64::max);
        Loudness {
            integrated,
            true_peak: (peak > 0.0).then(|| 20.0 * peak.log10()),
            clips: self.clips,
            mono: self.channels == 1,
        }
    }
}

/// Decodes `path` to the end and measures it.
pub fn measure_file(path: &Path) -> Result<Loudness, AudioError> {
    let mut d = Decoder::open(path)?;
    let info = d.info().clone();
    let mut meter = Meter::new(info.channels, info.sample_rate).ok_or(AudioError::Unsupported {
        path: path.to_path_buf(),
        what: "the loudness meter refuses its channels or rate".into(),
    })?;
    let mut block = Vec::new();
    while d.next_block(&mut block)?.is_some() {
        meter.add(&block);
    }
    Ok(meter.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(amplitude: f32, seconds: f32) -> Vec<f32> {
        let rate = 48_000.0;
        (0..(rate * seconds) as usize)
            .flat_map(|i| {
                let s = amplitude * (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / rate).sin();
                [s, s]
            })
            .collect()
    }

    #[test]
    fn a_full_scale_tone_is_loud_a_quiet_one_quiet_silence_silent() {
        let mut m = Meter::new(2, 48_000).unwrap();
        m.add(&tone(1.0, 3.0));
        let loud = m.finish();
        // A 0 dBFS 1 kHz sine measures -3.01 LUFS in one channel (EBU Tech 3341's reference);
        // two channels add 3 dB: about 0 LUFS.
        let l = loud.integrated.unwrap();
        assert!(l.abs() < 0.5, "{l}");
        assert!(loud.true_peak.unwrap() > -0.1);

        let mut m = Meter::new(2, 48_000).unwrap();
        m.add(&tone(0.01, 3.0));
        let quiet = m.finish();
        assert!(quiet.integrated.unwrap() < QUIET_BELOW, "{quiet:?}");

        let mut m = Meter::new(2, 48_000).unwrap();
        m.add(&vec![0.0; 48_000 * 2 * 3]);
        assert!(m.finish().is_silent());
        assert_eq!(m.finish().gain_to(-16.0), 1.0);
    }

    #[test]
    fn the_gain_reaches_the_target_unless_the_true_peak_would_pass_minus_one() {
        let l = Loudness {
            integrated: Some(-26.0),
            true_peak: Some(-12.0),
            clips: 0,
            mono: false,
        };
        // 10 dB up: the peak goes to -2 dBTP, under -1.
        assert!((20.0 * l.gain_to(-16.0).log10() - 10.0).abs() < 1e-3);
        let peaky = Loudness {
            integrated: Some(-26.0),
            true_peak: Some(-4.0),
            clips: 0,
            mono: false,
        };
        // Only 3 dB up, to keep the peak at -1 dBTP.
        assert!((20.0 * peaky.gain_to(-16.0).log10() - 3.0).abs() < 1e-3);
        let loud = Loudness {
            integrated: Some(-8.0),
            true_peak: Some(-0.1),
            clips: 0,
            mono: false,
        };
        // Turned down by 8 dB.
        assert!((20.0 * loud.gain_to(-16.0).log10() + 8.0).abs() < 1e-3);
    }

    #[test]
    fn clips_are_counted() {
        let mut block = tone(0.5, 1.0);
        for s in block.iter_mut().take(100) {
            *s = 1.0;
        }
        let mut m = Meter::new(2, 48_000).unwrap();
        m.add(&block);
        assert!(m.finish().clips >= CLIPS_AUDIBLE);
    }
}
