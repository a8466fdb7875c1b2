//! Live sound: the bounded buffer a stream's thread fills with decoded audio, and the player's
//! side of it, which turns it into the output's format at a ratio that follows the buffer.
//! The converter is rubato's asynchronous one with cubic interpolation (docs/design/relay.md says
//! why not the sinc filter: a third of the CPU, and nothing it would add reaches a horn speaker).
//!
//! The sender's clock and the sound card's are not the same clock: a station whose clock runs
//! 0.1 % fast sends 3.6 s an hour more than the card plays. So the converter's ratio is not
//! fixed: it is nudged, by at most [`MAX_NUDGE`], in proportion to how far the buffer's level
//! (smoothed over [`SMOOTHING`]) is from its target. A steady drift of 0.1 % then holds the level
//! 0.1 % / [`GAIN`] = 0.25 s off its target, for as long as the relay lasts; a change of ratio of
//! a tenth of a percent is far below what an ear can hear (a skip or a repeat would be heard).
//! Tested in `tests/relay_drift.rs` over a simulated hour, both ways.
//!
//! The buffer keeps at most [`MAX_SECONDS`] (the oldest is dropped: live sound stays live while
//! nobody plays it, before a window or while something cut in), and the player starts from its
//! newest [`TARGET_SECONDS`] (plus what the output's ring takes at once): the first sample of a
//! relay is what the station sent a moment ago.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Adjustable, Async, FixedAsync, PolynomialDegree, Resampler};

use super::convert::{ChannelMap, fade_in};
use super::output::RING_SECONDS;
use super::track::OutputSpec;

/// The most a buffer holds, in seconds of sound.
pub const MAX_SECONDS: f64 = 12.0;
/// The level the ratio steers the buffer to, and the newest sound a relay starts from.
pub const TARGET_SECONDS: f64 = 1.0;
/// How much the ratio may move from the nominal one, either way (0.2 %: twice the drift the
/// spec asks to follow, and a pitch change of 3.5 cents at most, which no ear notices).
pub const MAX_NUDGE: f64 = 0.002;
/// How much it moves per second of level above or below the target (0.4 % per second).
pub const GAIN: f64 = 0.004;
/// The time constant of the level's smoothing, in seconds.
pub const SMOOTHING: f64 = 8.0;
/// A voice's message as the console's page and `loa live` send it (spec §12 allows 10–60 ms: a
/// sender of longer ones is absorbed a little less late).
const VOICE_MESSAGE: f64 = 0.02;
/// A spoken live broadcast's buffer (spec §12): the level it steers to — a jitter buffer that
/// absorbs 60 ms of late sound —, the most it keeps (more is dropped, oldest first: what a
/// network stall delivered in a burst is not worth the delay it would add to everything after
/// it), and a steering sixty times as firm as a relay's, so that a sender whose clock runs
/// 0.5 % slow (a browser whose audio runs on a timer) costs 0.5 % / [`VOICE_GAIN`] = 20 ms of
/// level, not a gap every few seconds. (An output that takes more than 40 ms at once raises
/// the target: see [`LiveTrack::voice`].)
pub const VOICE_TARGET: f64 = 0.06;
pub const VOICE_MAX: f64 = 0.5;
pub const VOICE_GAIN: f64 = 0.25;
/// And it follows a sender's clock further (1 %: a browser whose audio runs on a timer rather
/// than a sound card was measured 0.4 % slow; a pitch change of 17 cents in speech goes
/// unnoticed, a gap every third of a second does not).
pub const VOICE_MAX_NUDGE: f64 = 0.01;
/// A voice's level is smoothed over 2 s, not 8: it must catch up within the first seconds of
/// speech, not a minute into it.
pub const VOICE_SMOOTHING: f64 = 2.0;
/// After running dry, the level it waits for before it plays again, as a share of the target.
const REFILL: f64 = 0.5;
/// Output frames per call of the resampler.
const CHUNK: usize = 1024;
/// A voice's: 5 ms. The converter holds back what it needs for a whole call, so a call of
/// 21 ms would leave that much of a voice's buffer unusable against a late message.
const VOICE_CHUNK: usize = 240;

/// Decoded sound of one format.
struct Chunk {
    rate: u32,
    channels: usize,
    /// Channel positions (symphonia's bits), when the stream names them.
    positions: Option<u32>,
    samples: Vec<f32>,
    /// Frames already taken from the front.
    taken: usize,
}

impl Chunk {
    fn frames_left(&self) -> usize {
        (self.samples.len() / self.channels.max(1)).saturating_sub(self.taken)
    }
}

/// What `loa status` shows of a stream.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkState {
    /// The URL connected to (or being tried).
    pub url: String,
    /// "MP3, 44100 Hz, 2 channels", once known.
    pub format: Option<crate::i18n::Said>,
    pub connected: bool,
    /// Connections after the first that gave sound again.
    pub reconnects: u32,
    /// Tries that gave no sound (refused, no answer, an error page…): a server down for a
    /// whole window is 0 reconnects and a thousand failed tries, not 0.
    pub failed_tries: u32,
    /// Since when no sound has come (the link opened, or the last connection ended), while
    /// none comes.
    pub silent_since: Option<std::time::Instant>,
    /// What went wrong, each once, oldest first (the last few).
    pub trouble: Vec<crate::i18n::Said>,
    /// Why the latest try gave no sound, and whether trying again cannot help (the server
    /// answered 404, a web page, something that is not a stream; no such host).
    pub last_failure: Option<(crate::i18n::Said, bool)>,
}

impl LinkState {
    /// Whether a stream played by hand should be called failed now, and why: at once when the
    /// server said no for good; once `waited_out`, when a try has failed and none sounded.
    pub fn failed_by_hand(&self, waited_out: bool) -> Option<crate::i18n::Said> {
        let (why, definitive) = self.last_failure.clone()?;
        (definitive || waited_out).then_some(why)
    }
}

struct Inner {
    chunks: VecDeque<Chunk>,
    /// Seconds of sound queued (by each chunk's own rate).
    seconds: f64,
    state: LinkState,
    /// The level to steer to, and the most to keep (see [`LiveBuffer::shape`]).
    target: f64,
    max: f64,
    gain: f64,
    max_nudge: f64,
    smoothing: f64,
    /// After running dry, the share of the target it waits for.
    refill: f64,
    /// The sender has finished: what is queued is the last of it.
    closed: bool,
}

impl Default for Inner {
    fn default() -> Inner {
        Inner {
            chunks: VecDeque::new(),
            seconds: 0.0,
            state: LinkState::default(),
            target: TARGET_SECONDS,
            max: MAX_SECONDS,
            gain: GAIN,
            max_nudge: MAX_NUDGE,
            smoothing: SMOOTHING,
            refill: REFILL,
            closed: false,
        }
    }
}

/// The bounded buffer between a stream's thread (which pushes) and the player (which takes).
#[derive(Default)]
pub struct LiveBuffer {
    inner: Mutex<Inner>,
}

impl LiveBuffer {
    pub fn new() -> Arc<LiveBuffer> {
        Arc::new(LiveBuffer::default())
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A thread that panicked while holding it left whole chunks: go on with them.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Appends decoded frames (interleaved); drops the oldest beyond [`MAX_SECONDS`].
    pub fn push(&self, rate: u32, channels: usize, positions: Option<u32>, samples: &[f32]) {
        if rate == 0 || channels == 0 || samples.is_empty() {
            return;
        }
        let mut g = self.lock();
        // Closed: the sender has finished; what comes after is not theirs to say.
        if g.closed {
            return;
        }
        g.seconds += (samples.len() / channels) as f64 / f64::from(rate);
        match g.chunks.back_mut() {
            // Small pushes join the last chunk of the same format (fewer, larger chunks).
            Some(c)
                if c.rate == rate
                    && c.channels == channels
                    && c.positions == positions
                    && c.samples.len() < 16384 =>
            {
                c.samples.extend_from_slice(samples)
            }
            _ => g.chunks.push_back(Chunk {
                rate,
                channels,
                positions,
                samples: samples.to_vec(),
                taken: 0,
            }),
        }
        let max = g.max;
        trim(&mut g, max);
    }

    /// A stream that sends in bursts (HLS: a segment at a time) steers to a higher level and
    /// keeps more.
    pub fn shape(&self, target: f64, max: f64) {
        let mut g = self.lock();
        g.target = target;
        g.max = max.max(target * 2.0);
    }

    /// A buffer for a person speaking live: a small jitter buffer, firmly steered.
    pub fn voice() -> Arc<LiveBuffer> {
        let b = LiveBuffer::new();
        {
            let mut g = b.lock();
            g.target = VOICE_TARGET;
            g.max = VOICE_MAX;
            g.gain = VOICE_GAIN;
            g.max_nudge = VOICE_MAX_NUDGE;
            g.smoothing = VOICE_SMOOTHING;
            // All of its target: starting there, the ratio need not bend the pitch to get there.
            g.refill = 1.0;
        }
        b
    }

    /// The level a player steers this buffer to.
    pub fn target(&self) -> f64 {
        self.lock().target
    }

    /// The sender has finished: the player plays out what is queued, then ends.
    pub fn close(&self) {
        self.lock().closed = true;
    }

    pub fn closed(&self) -> bool {
        self.lock().closed
    }

    /// Closed, and nothing left in it.
    pub fn drained(&self) -> bool {
        let g = self.lock();
        g.closed && g.chunks.is_empty()
    }

    /// Seconds of sound queued.
    pub fn level(&self) -> f64 {
        self.lock().seconds
    }

    /// Whether it holds enough sound to play from (what a player waits for after running dry).
    pub fn sounding(&self) -> bool {
        let g = self.lock();
        g.seconds >= g.target * g.refill
    }

    /// Drops the oldest sound beyond `seconds`.
    pub fn keep_newest(&self, seconds: f64) {
        trim(&mut self.lock(), seconds);
    }

    /// Drops everything queued (a new connection starts afresh).
    pub fn clear(&self) {
        let mut g = self.lock();
        g.chunks.clear();
        g.seconds = 0.0;
    }

    pub fn state(&self) -> LinkState {
        self.lock().state.clone()
    }

    /// Changes what `loa status` shows.
    pub fn update(&self, f: impl FnOnce(&mut LinkState)) {
        f(&mut self.lock().state)
    }

    /// Notes a problem (each kind once; the last eight kept).
    pub fn trouble(&self, what: crate::i18n::Said) {
        let mut g = self.lock();
        let t = &mut g.state.trouble;
        if !t.contains(&what) {
            t.push(what);
            if t.len() > 8 {
                t.remove(0);
            }
        }
    }
}

fn trim(g: &mut Inner, max: f64) {
    while g.seconds > max {
        let excess = g.seconds - max;
        let Some(c) = g.chunks.front_mut() else {
            g.seconds = 0.0;
            break;
        };
        let rate = f64::from(c.rate);
        let left = c.frames_left();
        let drop = ((excess * rate).ceil() as usize).min(left);
        c.taken += drop;
        g.seconds -= drop as f64 / rate;
        if c.frames_left() == 0 {
            g.chunks.pop_front();
        }
        if drop == 0 {
            break;
        }
    }
    if g.chunks.is_empty() {
        g.seconds = 0.0;
    }
}

/// What one [`LiveTrack::fill`] delivered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filled {
    /// Frames of live sound.
    pub live: usize,
    /// Frames of silence (the buffer ran dry).
    pub silent: usize,
}

/// The player's side of a buffer: live sound in the output's format, at a ratio steered by the
/// buffer's level, silence when it runs dry.
pub struct LiveTrack {
    buf: Arc<LiveBuffer>,
    out: OutputSpec,
    /// The format being converted: rate, channels, positions.
    format: Option<(u32, usize, Option<u32>)>,
    map: ChannelMap,
    resampler: Option<Async<f32>>,
    /// Input frames (mapped to the output's channels) waiting for the resampler.
    pending: Vec<f32>,
    scratch: Vec<f32>,
    /// Converted frames not delivered yet.
    ready: Vec<f32>,
    /// Samples of `ready` already delivered.
    ready_at: usize,
    /// The new converter's start-up delay, still to drop (live sound from the first sample).
    to_trim: usize,
    /// The smoothed level, in seconds.
    level: f64,
    /// The ratio's nudge now (1.0 = none).
    nudge: f64,
    /// Sound is flowing (else it waits for the buffer to refill).
    flowing: bool,
    /// The next sound delivered fades in (after silence).
    fade_next: bool,
    started: bool,
    target: f64,
    /// How firmly the ratio follows the level (per second of error), and how far at most.
    gain: f64,
    max_nudge: f64,
    smoothing: f64,
    refill: f64,
    /// Seconds of sound the output takes at once when it starts (its ring's free room).
    prime: f64,
    /// Output frames per call of the converter.
    chunk: usize,
}

impl LiveTrack {
    /// For an output whose ring is empty (a job's start).
    pub fn new(buf: Arc<LiveBuffer>, out: OutputSpec) -> LiveTrack {
        LiveTrack::primed(buf, out, f64::from(RING_SECONDS))
    }

    /// For an output that will take `prime` seconds at once (the free room in its ring: all of
    /// it at a job's start, little of it after a fallback file), so that once it has, the level
    /// is at its target and the ratio starts unnudged.
    pub fn primed(buf: Arc<LiveBuffer>, out: OutputSpec, prime: f64) -> LiveTrack {
        let target = buf.target();
        let mut t = LiveTrack::with_target(buf, out, target);
        t.prime = prime.max(0.0);
        t
    }

    /// A voice's track. What absorbs a late packet is all that is queued before the device
    /// plays it: this buffer, the output's ring (a few milliseconds past what the device takes
    /// at once) and the device's own take (`granule`). Right after the device takes, the ring
    /// refills a granule from this buffer; so its level steers to the buffer's target (60 ms),
    /// or to a granule and 20 ms where the device takes more at once (the WAV output's 100 ms),
    /// never running it dry at a take. Counting the take twice would add a granule of delay.
    /// Where the device takes less than a message at once (a voice's short period), the level
    /// still swings by a message: it dips 10 ms below its mean just before one arrives, and a
    /// late one is absorbed by what is left at that dip, less the converter's call (it takes a
    /// whole chunk of input or none); so the level keeps a message and a call above.
    pub fn voice(buf: Arc<LiveBuffer>, out: OutputSpec, granule: f64, prime: f64) -> LiveTrack {
        let call = VOICE_CHUNK as f64 / f64::from(out.rate.max(1));
        let target = buf.target() + granule.max(VOICE_MESSAGE + call);
        let mut t = LiveTrack::with_target(buf, out, target);
        t.prime = prime.max(0.0);
        t.chunk = VOICE_CHUNK;
        t
    }

    /// The same with another target level (HLS sends whole segments: its level swings more).
    pub fn with_target(buf: Arc<LiveBuffer>, out: OutputSpec, target: f64) -> LiveTrack {
        let (gain, max_nudge, smoothing, refill) = {
            let g = buf.lock();
            (g.gain, g.max_nudge, g.smoothing, g.refill)
        };
        LiveTrack {
            buf,
            out,
            format: None,
            map: ChannelMap::identity(out.channels),
            resampler: None,
            pending: Vec::new(),
            scratch: Vec::new(),
            ready: Vec::new(),
            ready_at: 0,
            to_trim: 0,
            level: target,
            nudge: 1.0,
            flowing: false,
            fade_next: false,
            started: false,
            target,
            chunk: CHUNK,
            gain,
            max_nudge,
            smoothing,
            refill,
            prime: f64::from(RING_SECONDS),
        }
    }

    /// The smoothed level of the buffer, in seconds.
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The ratio's nudge now (1.0: none; 1.001: 0.1 % more output per input).
    pub fn nudge(&self) -> f64 {
        self.nudge
    }

    /// Appends exactly `frames` frames to `out`: live sound while there is some, silence for
    /// the rest. Never waits.
    pub fn fill(&mut self, out: &mut Vec<f32>, frames: usize) -> Filled {
        let ch = self.out.channels;
        if !self.started {
            // Start from the newest sound: live, not what was sent before the window. The
            // output's ring takes its fill at once: keep that much more, so that the level is at
            // its target once it is primed (and the ratio starts unnudged).
            self.started = true;
            self.buf.keep_newest(self.target + self.prime);
            self.level = self.target;
        }
        let mut filled = Filled::default();
        let level_now = self.buf.level() + self.pending_seconds();
        let dt = frames as f64 / f64::from(self.out.rate);
        self.level += (level_now - self.level) * (dt / self.smoothing).min(1.0);
        // (A closed buffer plays out what is left, however little: the speaker has finished.)
        if !self.flowing
            && (level_now >= self.target * self.refill || (level_now > 0.0 && self.buf.closed()))
        {
            self.flowing = true;
            self.fade_next = true;
        }
        if self.flowing {
            self.steer();
        }
        while filled.live < frames && self.flowing {
            if self.ready_at >= self.ready.len() && !self.convert() {
                // Dry: what is left of the call is silence, and sound comes back only once the
                // buffer has refilled a little (no stutter of scraps).
                self.flowing = false;
                break;
            }
            let n = (frames - filled.live).min((self.ready.len() - self.ready_at) / ch);
            let start = out.len();
            out.extend_from_slice(&self.ready[self.ready_at..self.ready_at + n * ch]);
            self.ready_at += n * ch;
            if self.fade_next {
                self.fade_next = false;
                let fade = (f64::from(self.out.rate) * 0.005) as usize;
                fade_in(&mut out[start..], ch, fade.min(n));
            }
            filled.live += n;
        }
        filled.silent = frames - filled.live;
        out.resize(out.len() + filled.silent * ch, 0.0);
        filled
    }

    fn pending_seconds(&self) -> f64 {
        match self.format {
            Some((rate, _, _)) if rate > 0 => {
                (self.pending.len() / self.out.channels) as f64 / f64::from(rate)
            }
            _ => 0.0,
        }
    }

    /// Sets the ratio's nudge from the smoothed level.
    fn steer(&mut self) {
        let error = self.level - self.target;
        // Fuller than the target: take input faster, i.e. fewer output frames per input frame.
        let nudge = 1.0 - (self.gain * error).clamp(-self.max_nudge, self.max_nudge);
        if (nudge - self.nudge).abs() > 1e-7 {
            self.nudge = nudge;
            if let Some(r) = self.resampler.as_mut() {
                let _ = r.set_resample_ratio_relative(nudge, true);
            }
        }
    }

    /// Converts one chunk of the resampler's output into `ready`; false when the buffer has
    /// not enough input for it.
    fn convert(&mut self) -> bool {
        let ch = self.out.channels;
        loop {
            let need = match &self.resampler {
                Some(r) => r.input_frames_next(),
                None => 1,
            };
            if self.resampler.is_some() && self.pending.len() / ch >= need {
                break;
            }
            if !self.take_input() {
                // The sender has finished: the last of it goes out, padded with silence to
                // what the converter takes (the end of a sentence, not cut).
                if self.resampler.is_some() && !self.pending.is_empty() && self.buf.closed() {
                    self.pending.resize(need * ch, 0.0);
                    break;
                }
                return false;
            }
        }
        let Some(r) = self.resampler.as_mut() else {
            return false;
        };
        let need = r.input_frames_next();
        let max = r.output_frames_max();
        self.scratch.resize(max * ch, 0.0);
        let produced = {
            let (Ok(inp), Ok(mut outp)) = (
                InterleavedSlice::new(&self.pending[..need * ch], ch, need),
                InterleavedSlice::new_mut(&mut self.scratch, ch, max),
            ) else {
                return false;
            };
            match r.process_into_buffer(&inp, &mut outp, None) {
                Ok((_, produced)) => produced,
                Err(e) => {
                    tracing::warn!("live sound could not be converted: {e}");
                    return false;
                }
            }
        };
        self.pending.drain(..need * ch);
        let skip = self.to_trim.min(produced);
        self.to_trim -= skip;
        // (Called only once `ready` is all delivered: start it afresh.)
        self.ready.clear();
        self.ready_at = 0;
        self.ready
            .extend_from_slice(&self.scratch[skip * ch..produced * ch]);
        true
    }

    /// Moves sound from the buffer into `pending` (mapped to the output's channels); on a new
    /// format, starts a new converter. False when the buffer is empty.
    fn take_input(&mut self) -> bool {
        let ch = self.out.channels;
        let mut g = self.buf.lock();
        let Some(c) = g.chunks.front_mut() else {
            return false;
        };
        let format = (c.rate, c.channels, c.positions);
        if self.format != Some(format) {
            self.format = Some(format);
            self.pending.clear();
            self.map = if c.channels == ch {
                ChannelMap::identity(ch)
            } else {
                ChannelMap::new(c.channels, c.positions, ch)
            };
            let ratio = f64::from(self.out.rate) / f64::from(c.rate);
            self.resampler = Async::<f32>::new_poly(
                ratio,
                1.0 + 2.0 * self.max_nudge,
                PolynomialDegree::Cubic,
                self.chunk,
                ch,
                FixedAsync::Output,
            )
            .map_err(|e| tracing::warn!("cannot convert live sound of {} Hz: {e}", c.rate))
            .ok();
            if let Some(r) = self.resampler.as_mut() {
                let _ = r.set_resample_ratio_relative(self.nudge, false);
                self.to_trim = r.output_delay();
            }
        }
        let take = c.frames_left().min(4096);
        let from = c.taken * c.channels;
        let to = from + take * c.channels;
        self.map.apply(&c.samples[from..to], &mut self.pending);
        c.taken += take;
        let rate = f64::from(c.rate);
        if c.frames_left() == 0 {
            g.chunks.pop_front();
        }
        g.seconds = (g.seconds - take as f64 / rate).max(0.0);
        if g.chunks.is_empty() {
            g.seconds = 0.0;
        }
        take > 0 || !g.chunks.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the player does with a voice (job/live.rs), on a simulated clock in steps of 1 ms:
    /// a sender's 20 ms messages arriving at `arrival(k)` ms; the device taking `period`
    /// frames from the output's ring each time its clock has played them; the player waking
    /// every 5 ms and filling the ring in 10 ms blocks until it holds the period and 15 ms.
    /// Returns the frames of silence the track gave once sound had started, and the mean delay
    /// (ms) from a message's arrival to the device taking its first frame.
    fn simulate(period: usize, arrival: impl Fn(usize) -> usize) -> (usize, f64) {
        let rate = 48_000;
        let granule = period as f64 / rate as f64;
        let b = LiveBuffer::voice();
        let out = OutputSpec { rate, channels: 1 };
        let keep = ((granule + 0.015) * rate as f64) as usize;
        let mut t = LiveTrack::voice(b.clone(), out, granule, granule + 0.015);
        let messages = 150; // 3 s
        // Each message starts with a marker; the rest is quiet. The markers come out in order.
        let message = |_: usize| {
            let mut m = vec![0.001f32; 960];
            m[0] = 0.9;
            m
        };
        let (mut marks, mut high) = (0, false);
        let (mut ring, mut silent, mut started) = (std::collections::VecDeque::new(), 0, false);
        let (mut taken, mut delays) = (0usize, Vec::new());
        let mut sent = 0;
        let mut block = Vec::new();
        for ms in 0..4_000usize {
            while sent < messages && arrival(sent) <= ms {
                b.push(48_000, 1, None, &message(sent));
                sent += 1;
            }
            if sent == messages {
                b.close();
            }
            if ms.is_multiple_of(5) {
                while ring.len() <= keep && !b.drained() {
                    block.clear();
                    let f = t.fill(&mut block, 480);
                    if started {
                        silent += f.silent;
                    }
                    started |= f.live > 0;
                    ring.extend(block.iter().copied());
                }
            }
            // The device's clock: a period taken each time it has played one.
            while (taken + period) * 1000 <= ms * rate as usize {
                for s in ring.drain(..period.min(ring.len())) {
                    if s > 0.3 && !high {
                        delays.push(ms as f64 - arrival(marks) as f64);
                        marks += 1;
                    }
                    high = s > 0.3;
                }
                taken += period;
            }
        }
        let mean = delays.iter().sum::<f64>() / delays.len().max(1) as f64;
        (silent, mean)
    }

    /// Spec §12: a message 60 ms late (and those behind it, which then come at once) costs no
    /// silence, on a device that takes 5 ms at once (cpal's period for a voice), one that takes
    /// 21 ms (its period for the rest) and the WAV output that takes 100 ms; and on time, a message waits no longer than those 60 ms, its own 20 ms,
    /// the ring's 15 ms and three of the device's takes (half of one on average in the buffer,
    /// one and a half in the ring, one at the device).
    #[test]
    fn a_voice_absorbs_sixty_milliseconds_of_lateness() {
        for period in [256, 1024, 4800] {
            let on_time = |k: usize| 20 * k;
            let late = |k: usize| if (50..53).contains(&k) { 1060 } else { 20 * k };
            let (silent, delay) = simulate(period, on_time);
            assert_eq!(silent, 0, "on time, period {period}");
            let (silent_late, _) = simulate(period, late);
            assert_eq!(silent_late, 0, "60 ms late, period {period}");
            let take = period as f64 / 48.0;
            let most = 60.0 + 20.0 + 15.0 + 2.0 * take + take.max(20.0);
            assert!(delay <= most, "period {period}: {delay:.1} ms > {most:.1}");
            eprintln!("period {period}: {delay:.1} ms from arrival to the device");
        }
    }

    /// A speaker who stops right after a dry spell, with less than the target sent since: what
    /// they sent still goes out, to its end, and the buffer is drained (the broadcast can end).
    #[test]
    fn a_closed_voice_plays_out_what_is_left_however_little() {
        let b = LiveBuffer::voice();
        let out = OutputSpec {
            rate: 48_000,
            channels: 1,
        };
        let mut t = LiveTrack::voice(b.clone(), out, 0.02, 0.0);
        b.push(48_000, 1, None, &[0.5; 960]);
        let mut o = Vec::new();
        assert_eq!(
            t.fill(&mut o, 480).live,
            0,
            "20 ms: it waits for its target"
        );
        b.close();
        let mut live = 0;
        for _ in 0..10 {
            o.clear();
            live += t.fill(&mut o, 480).live;
        }
        assert!(b.drained());
        assert!(live >= 900, "{live} of 960 frames went out");
    }
}
