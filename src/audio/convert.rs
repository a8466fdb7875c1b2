//! Turning decoded audio into what the output plays: channel mapping, resampling, volume and
//! fades. Pure DSP over sample buffers: no I/O, no clock, no threads.
//!
//! - **Channels**: mono goes to both sides at full level; stereo as is; more channels are
//!   downmixed to stereo with the ITU-R BS.775 coefficients (centre and surrounds at −3 dB,
//!   LFE dropped), scaled so that no output can exceed the loudest input (no clipping). An output
//!   with one channel gets the average of left and right; an output with more than two gets
//!   left and right on its first two channels and silence on the rest.
//! - **Rate**: rubato's synchronous FFT resampler (`Fft`, Blackman-Harris² anti-aliasing window,
//!   1024-frame chunks, sub-chunks of about 512 frames). Its stopband removes what lies above the
//!   lower of the two Nyquist frequencies, so a 30 kHz tone in a 96 kHz file does not fold into
//!   the audible band and 8 kHz material leaves no images at 7 and 9 kHz (tests/audio_wav.rs
//!   measures both). The resampler's start-up delay is trimmed and its tail flushed, so a file
//!   keeps its exact length.
//! - **Volume**: percent → amplitude on a cubic curve, `(p/100)³`, as PulseAudio's and ALSA's
//!   sliders: 80 % ≈ −5.8 dB, 50 % ≈ −18 dB, 0 % silent. Station and announcement percentages
//!   multiply (80 % of 90 % = 72 %), which the cubic curve turns into a product of gains.
//! - **Fades**: 5 ms in at the start of every file and out at its end, so a recording that starts
//!   or stops on a loud sample does not click. Stop and preemption fade in the output
//!   (`output::Renderer`).

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

/// Length of the fade at the start and end of every file.
pub const FILE_FADE_SECONDS: f32 = 0.005;

/// Frames the resampler takes per call.
const CHUNK: usize = 1024;

/// Amplitude for a volume in percent (clamped to 0..=100), on the cubic curve.
pub fn volume_gain(percent: f32) -> f32 {
    let x = (percent / 100.0).clamp(0.0, 1.0);
    x * x * x
}

/// (left, right) gain of each input channel, before normalisation. `positions` is the bitmask of
/// symphonia's `Position` when the file names its channels; otherwise the usual WAV order for
/// the channel count is assumed.
fn stereo_gains(channels: usize, positions: Option<u32>) -> Vec<[f32; 2]> {
    const H: f32 = std::f32::consts::FRAC_1_SQRT_2;
    if channels == 1 {
        return vec![[1.0, 1.0]];
    }
    // Bit → gains, for symphonia's positions: FL FR FC LFE1 RL RR FLC FRC RC SL SR TC TFL TFC TFR
    // TRL TRC TRR LFE2 TSL TSR BFC BFL BFR FLW FRW.
    const BY_BIT: [[f32; 2]; 26] = [
        [1.0, 0.0],
        [0.0, 1.0],
        [H, H],
        [0.0, 0.0],
        [H, 0.0],
        [0.0, H],
        [H, 0.0],
        [0.0, H],
        [0.5, 0.5],
        [H, 0.0],
        [0.0, H],
        [0.5, 0.5],
        [H, 0.0],
        [0.5, 0.5],
        [0.0, H],
        [H, 0.0],
        [0.5, 0.5],
        [0.0, H],
        [0.0, 0.0],
        [H, 0.0],
        [0.0, H],
        [0.5, 0.5],
        [H, 0.0],
        [0.0, H],
        [H, 0.0],
        [0.0, H],
    ];
    let positions = positions
        .filter(|p| p.count_ones() as usize == channels)
        .unwrap_or(
            // FL FR | FC | LFE | RL RR | SL SR, as WAV lays out 2.0, 3.0, 4.0, 5.0, 5.1, 6.1, 7.1.
            match channels {
                2 => 0b11,
                3 => 0b111,
                4 => 0b11_0011,
                5 => 0b11_0111,
                6 => 0b110_0000_1111,
                7 => 0b111_0000_1111,
                _ => 0b110_0011_1111,
            },
        );
    let mut gains: Vec<[f32; 2]> = (0..26)
        .filter(|bit| positions & (1 << bit) != 0)
        .map(|bit| BY_BIT[bit])
        .collect();
    gains.resize(channels, [0.0, 0.0]);
    gains
}

/// Maps interleaved frames of one channel count to another, by a fixed matrix.
#[derive(Clone, Debug)]
pub struct ChannelMap {
    inputs: usize,
    outputs: usize,
    /// `outputs × inputs`, row-major.
    matrix: Vec<f32>,
}

impl ChannelMap {
    /// The mapping from a file's channels to `outputs` channels, as the module doc says.
    pub fn new(inputs: usize, positions: Option<u32>, outputs: usize) -> ChannelMap {
        let gains = stereo_gains(inputs.max(1), positions);
        let sum = |side: usize| gains.iter().map(|g| g[side]).sum::<f32>();
        let scale = if inputs <= 2 {
            1.0
        } else {
            1.0 / sum(0).max(sum(1)).max(1.0)
        };
        let mut matrix = vec![0.0; outputs * inputs];
        for (i, g) in gains.iter().enumerate().take(inputs) {
            match outputs {
                0 => {}
                1 => {
                    matrix[i] = if inputs == 1 {
                        1.0
                    } else {
                        (g[0] + g[1]) * 0.5 * scale
                    }
                }
                _ => {
                    matrix[i] = g[0] * scale;
                    matrix[inputs + i] = g[1] * scale;
                }
            }
        }
        ChannelMap {
            inputs,
            outputs,
            matrix,
        }
    }

    /// Identity for the same count.
    pub fn identity(channels: usize) -> ChannelMap {
        let mut matrix = vec![0.0; channels * channels];
        for c in 0..channels {
            matrix[c * channels + c] = 1.0;
        }
        ChannelMap {
            inputs: channels,
            outputs: channels,
            matrix,
        }
    }

    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// Whether it maps every channel to itself (and so needs no pass over the samples).
    pub fn is_identity(&self) -> bool {
        self.inputs == self.outputs
            && self.matrix.iter().enumerate().all(|(i, g)| {
                *g == if i / self.inputs == i % self.inputs {
                    1.0
                } else {
                    0.0
                }
            })
    }

    /// Appends the mapped frames of `input` (interleaved, `inputs` channels) to `out`.
    pub fn apply(&self, input: &[f32], out: &mut Vec<f32>) {
        let frames = input.len() / self.inputs.max(1);
        out.reserve(frames * self.outputs);
        // The common cases, without the matrix.
        if self.is_identity() {
            out.extend_from_slice(&input[..frames * self.inputs]);
            return;
        }
        if self.inputs == 1 && self.outputs == 2 && self.matrix == [1.0, 1.0] {
            for s in &input[..frames] {
                out.extend_from_slice(&[*s, *s]);
            }
            return;
        }
        for frame in input.chunks_exact(self.inputs) {
            for row in self.matrix.chunks_exact(self.inputs) {
                out.push(row.iter().zip(frame).map(|(g, s)| g * s).sum());
            }
        }
    }
}

/// A streaming resampler from one rate to another that keeps a file's exact length: it trims the
/// filter's start-up delay and flushes its tail at the end.
pub struct RateConverter {
    channels: usize,
    ratio: f64,
    inner: Option<Fft<f32>>,
    pending: Vec<f32>,
    scratch: Vec<f32>,
    to_trim: usize,
    frames_in: u64,
    frames_out: u64,
}

/// The resampler could not be built (rates out of bounds are refused before this).
#[derive(Debug, thiserror::Error)]
#[error("cannot convert {from} Hz to {to} Hz: {why}")]
pub struct RateError {
    pub from: u32,
    pub to: u32,
    pub why: String,
}

impl RateConverter {
    pub fn new(from: u32, to: u32, channels: usize) -> Result<RateConverter, RateError> {
        let err = |why: String| RateError { from, to, why };
        let inner = if from == to {
            None
        } else {
            let sub_chunks = 2;
            let r = Fft::<f32>::new_custom(
                from as usize,
                to as usize,
                CHUNK,
                sub_chunks,
                channels,
                rubato::WindowFunction::BlackmanHarris2,
                FixedSync::Input,
            )
            .map_err(|e| err(e.to_string()))?;
            Some(r)
        };
        let to_trim = inner.as_ref().map_or(0, |r| r.output_delay());
        let scratch_len = inner
            .as_ref()
            .map_or(0, |r| r.output_frames_max() * channels);
        Ok(RateConverter {
            channels,
            ratio: f64::from(to) / f64::from(from),
            inner,
            pending: Vec::with_capacity(CHUNK * channels * 2),
            scratch: vec![0.0; scratch_len],
            to_trim,
            frames_in: 0,
            frames_out: 0,
        })
    }

    /// Feeds interleaved frames; appends whatever output is ready to `out`.
    pub fn push(&mut self, input: &[f32], out: &mut Vec<f32>) -> Result<(), RateError> {
        self.frames_in += (input.len() / self.channels) as u64;
        let Some(r) = self.inner.as_mut() else {
            out.extend_from_slice(input);
            self.frames_out = self.frames_in;
            return Ok(());
        };
        self.pending.extend_from_slice(input);
        let ch = self.channels;
        while self.pending.len() >= r.input_frames_next() * ch {
            let need = r.input_frames_next();
            let produced = Self::run(r, &self.pending[..need * ch], None, &mut self.scratch, ch)?;
            self.pending.drain(..need * ch);
            Self::emit(
                &self.scratch[..produced * ch],
                ch,
                &mut self.to_trim,
                &mut self.frames_out,
                u64::MAX,
                out,
            );
        }
        Ok(())
    }

    /// Ends the stream: converts what is pending and flushes the filter, so that the output has
    /// exactly `input frames × ratio` frames (rounded).
    pub fn finish(&mut self, out: &mut Vec<f32>) -> Result<(), RateError> {
        let Some(r) = self.inner.as_mut() else {
            return Ok(());
        };
        let ch = self.channels;
        let total = (self.frames_in as f64 * self.ratio).round() as u64;
        let mut rounds = 0;
        while self.frames_out < total && rounds < 64 {
            rounds += 1;
            let have = self.pending.len() / ch;
            let need = r.input_frames_next();
            let take = have.min(need);
            let input: Vec<f32> = if take > 0 {
                self.pending.drain(..take * ch).collect()
            } else {
                Vec::new()
            };
            let mut padded = input;
            padded.resize(need * ch, 0.0);
            let produced = Self::run(r, &padded, Some(take), &mut self.scratch, ch)?;
            Self::emit(
                &self.scratch[..produced * ch],
                ch,
                &mut self.to_trim,
                &mut self.frames_out,
                total,
                out,
            );
        }
        Ok(())
    }

    fn run(
        r: &mut Fft<f32>,
        input: &[f32],
        partial: Option<usize>,
        scratch: &mut [f32],
        ch: usize,
    ) -> Result<usize, RateError> {
        let frames_in = input.len() / ch;
        let frames_out = scratch.len() / ch;
        let wrap = |e: String| RateError {
            from: 0,
            to: 0,
            why: e,
        };
        let inp = InterleavedSlice::new(input, ch, frames_in).map_err(|e| wrap(e.to_string()))?;
        let mut outp =
            InterleavedSlice::new_mut(scratch, ch, frames_out).map_err(|e| wrap(e.to_string()))?;
        let indexing = partial.map(|p| Indexing::new().partial_len(p));
        let (_, produced) = r
            .process_into_buffer(&inp, &mut outp, indexing.as_ref())
            .map_err(|e| wrap(e.to_string()))?;
        Ok(produced)
    }

    fn emit(
        produced: &[f32],
        ch: usize,
        to_trim: &mut usize,
        frames_out: &mut u64,
        limit: u64,
        out: &mut Vec<f32>,
    ) {
        let frames = produced.len() / ch;
        let skip = (*to_trim).min(frames);
        *to_trim -= skip;
        let keep = ((frames - skip) as u64).min(limit.saturating_sub(*frames_out)) as usize;
        out.extend_from_slice(&produced[skip * ch..(skip + keep) * ch]);
        *frames_out += keep as u64;
    }
}

/// Multiplies the first frames of `buf` by a rising ramp over `frames` frames.
pub fn fade_in(buf: &mut [f32], channels: usize, frames: usize) {
    let n = frames.min(buf.len() / channels.max(1));
    for (i, frame) in buf.chunks_exact_mut(channels).take(n).enumerate() {
        let g = (i as f32 + 1.0) / (n as f32 + 1.0);
        frame.iter_mut().for_each(|s| *s *= g);
    }
}

/// Multiplies the last frames of `buf` by a falling ramp over `frames` frames.
pub fn fade_out(buf: &mut [f32], channels: usize, frames: usize) {
    let total = buf.len() / channels.max(1);
    let n = frames.min(total);
    for (i, frame) in buf.chunks_exact_mut(channels).skip(total - n).enumerate() {
        let g = (n - i) as f32 / (n as f32 + 1.0);
        frame.iter_mut().for_each(|s| *s *= g);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_volume_curve() {
        assert_eq!(volume_gain(100.0), 1.0);
        assert_eq!(volume_gain(0.0), 0.0);
        assert!((volume_gain(50.0) - 0.125).abs() < 1e-6);
        assert_eq!(volume_gain(150.0), 1.0);
        // Percentages multiply into gains.
        assert!((volume_gain(72.0) - volume_gain(80.0) * volume_gain(90.0)).abs() < 1e-6);
    }

    #[test]
    fn mono_goes_to_both_sides_at_full_level() {
        let m = ChannelMap::new(1, None, 2);
        let mut out = Vec::new();
        m.apply(&[0.5, -0.25], &mut out);
        assert_eq!(out, [0.5, 0.5, -0.25, -0.25]);
    }

    #[test]
    fn five_one_downmix_never_exceeds_unity() {
        let m = ChannelMap::new(6, None, 2);
        let mut out = Vec::new();
        m.apply(&[1.0; 6], &mut out);
        assert!(out.iter().all(|s| *s <= 1.0 + 1e-6 && *s > 0.9), "{out:?}");
        // Left alone stays left; the LFE is dropped.
        out.clear();
        m.apply(&[1.0, 0.0, 0.0, 0.0, 0.0, 0.0], &mut out);
        assert!(out[0] > 0.3 && out[1] == 0.0);
        out.clear();
        m.apply(&[0.0, 0.0, 0.0, 1.0, 0.0, 0.0], &mut out);
        assert_eq!(out, [0.0, 0.0]);
    }

    #[test]
    fn stereo_to_mono_averages() {
        let m = ChannelMap::new(2, None, 1);
        let mut out = Vec::new();
        m.apply(&[1.0, 0.0], &mut out);
        assert_eq!(out, [0.5]);
    }

    #[test]
    fn resampling_keeps_the_length() {
        for (from, to) in [
            (44_100, 48_000),
            (8_000, 48_000),
            (96_000, 48_000),
            (22_050, 44_100),
        ] {
            let mut rc = RateConverter::new(from, to, 2).unwrap();
            let mut out = Vec::new();
            let input = vec![0.1f32; 2 * 12_345];
            for chunk in input.chunks(2 * 1000) {
                rc.push(chunk, &mut out).unwrap();
            }
            rc.finish(&mut out).unwrap();
            let expected = (12_345.0 * f64::from(to) / f64::from(from)).round() as usize;
            assert_eq!(out.len() / 2, expected, "{from} → {to}");
            // DC passes at unity once the filter has settled.
            let mid = out[out.len() / 2];
            assert!((mid - 0.1).abs() < 1e-3, "{from} → {to}: {mid}");
        }
    }

    #[test]
    fn fades_are_monotonic_and_bounded() {
        let mut b = vec![1.0f32; 20];
        fade_in(&mut b, 2, 5);
        assert!(b[0] > 0.0 && b[0] < b[2] && b[8] < 1.0 && b[10] == 1.0);
        let mut b = vec![1.0f32; 20];
        fade_out(&mut b, 2, 5);
        assert!(b[19] > 0.0 && b[19] < b[17] && b[10] < 1.0 && b[9] == 1.0);
    }
}
