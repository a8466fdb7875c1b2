//! A relay's part of a job: the live stream while it gives sound, the fallback files while it
//! does not, and what went out of each.

use super::*;

/// How far ahead of what the device takes at once a person's voice is kept (the output's ring
/// would hold half a second: half a second late).
const VOICE_AHEAD: Duration = Duration::from_millis(15);
/// A voice's block: 10 ms at 48 kHz.
const VOICE_BLOCK: usize = 480;

impl Worker<'_> {
    /// Plays a relay's live sound until the job's limit (or a command ends it): silence where
    /// the stream gives none, and the fallback files each time it has given none for
    /// `fallback_after`; back to the stream at the end of a fallback file, if it has sound
    /// again. Says whether the limit was reached (always, but for a job without one).
    pub(super) fn play_live(
        &mut self,
        id: &str,
        input: &LiveInput,
        run: &mut Run,
        report: &mut Report,
        block: &mut Vec<f32>,
    ) -> Result<bool, Break> {
        let spec = self.output.spec();
        let rate = f64::from(spec.rate);
        // Handed over ahead of its time: take no sound until the ring's worth before the first
        // sample, or it would wait in the ring, a second or two older than live (and the level,
        // a second or two above its target, would bend the pitch while it came back).
        let ring = Duration::from_secs_f64(f64::from(crate::audio::output::RING_SECONDS));
        loop {
            let left = run
                .at
                .saturating_duration_since(Instant::now() + ring + Duration::from_millis(100));
            if left.is_zero() {
                break;
            }
            self.wait(run, left.min(Duration::from_millis(200)))?;
        }
        let room = |w: &mut Self| w.feed().map_or(0.0, |f| f.space() as f64 / rate);
        let keep = (self.output.granule() + VOICE_AHEAD).as_secs_f64();
        let (prime, block_frames) = match input.voice {
            true => (keep, VOICE_BLOCK),
            false => (room(self), BLOCK_FRAMES),
        };
        let ahead = (keep * rate) as usize * spec.channels;
        let mut track = match input.voice {
            true => LiveTrack::voice(
                input.buffer.clone(),
                spec,
                self.output.granule().as_secs_f64(),
                prime,
            ),
            false => LiveTrack::primed(input.buffer.clone(), spec, prime),
        };
        let before = input.buffer.state();
        let reconnects = (before.reconnects, before.failed_tries);
        let mut live = report.live.take().unwrap_or_default();
        let after = (input.fallback_after.as_secs_f64() * rate) as u64;
        // No sound at the window's start (the stream had `connect_ahead` to give some): the
        // fallback at once; later, after `fallback_after` without sound.
        let mut dry = if input.buffer.sounding() { 0 } else { after };
        let result = loop {
            if dry >= after && !input.fallback.is_empty() {
                tracing::warn!(id = %id, "no sound from the stream: playing the fallback");
                let before = run.pushed;
                let played = self.play_fallback(id, input, run, report, block);
                live.fallback += Duration::from_secs_f64((run.pushed - before) as f64 / rate);
                match played {
                    Ok(true) => break Ok(true),
                    Ok(false) => {}
                    Err(b) => break Err(b),
                }
                dry = 0;
                // Back to the stream from its newest sound, if it has any.
                track = LiveTrack::primed(input.buffer.clone(), spec, room(self));
            }
            if input.voice {
                // Only a few milliseconds ahead of the device: asleep until the device has
                // taken what is over, and never less than a period (it takes a period at a
                // time: waking sooner finds the same) — each wake is a context switch, much of
                // what live costs.
                let period = self.output.granule();
                loop {
                    let over = self.feed()?.queued().saturating_sub(ahead);
                    if over == 0 {
                        break;
                    }
                    let left = over as f64 / (rate * spec.channels as f64);
                    self.wait(run, Duration::from_secs_f64(left).max(period))?;
                    self.observe(run)?;
                }
            }
            block.clear();
            let f = track.fill(block, block_frames);
            if input.voice && f.live == 0 && input.buffer.drained() {
                // The speaker has finished, and all of it has gone out.
                break Ok(false);
            }
            dry = if f.silent > 0 {
                dry + f.silent as u64
            } else {
                0
            };
            let cut = self.cut(run, block);
            // What goes out of it (the limit may have shortened the block).
            let kept = block.len() / spec.channels;
            let on_air = f.live.min(kept);
            live.on_air += Duration::from_secs_f64(on_air as f64 / rate);
            live.silent += Duration::from_secs_f64((kept - on_air) as f64 / rate);
            if let Err(b) = self.push(block, run) {
                break Err(b);
            }
            if cut {
                report.limit_reached = true;
                break Ok(true);
            }
        };
        report.live = Some(self.live_report(live, input, reconnects));
        result
    }

    /// Plays the fallback files in turn, until the stream has sound again (checked at the end of
    /// each: a file is never cut, and the relay takes over at its boundary). Says whether the
    /// job's limit was reached.
    fn play_fallback(
        &mut self,
        id: &str,
        input: &LiveInput,
        run: &mut Run,
        report: &mut Report,
        block: &mut Vec<f32>,
    ) -> Result<bool, Break> {
        for (path, level) in input.fallback.iter().filter_map(file_of) {
            if self
                .play_file(id, path, level, run, report, block)?
                .limit_reached
            {
                return Ok(true);
            }
            if input.buffer.sounding() {
                tracing::info!(id = %id, "the stream has sound again: back to it");
                break;
            }
        }
        Ok(false)
    }

    /// What this part of a relay aired; `before`: the link's reconnects and failed tries when
    /// it began.
    fn live_report(
        &self,
        mut live: LiveReport,
        input: &LiveInput,
        before: (u32, u32),
    ) -> LiveReport {
        let state = input.buffer.state();
        live.reconnects += state.reconnects.saturating_sub(before.0);
        live.failed_tries += state.failed_tries.saturating_sub(before.1);
        for t in state.trouble {
            if !live.trouble.contains(&t) {
                live.trouble.push(t);
            }
        }
        live
    }
}
