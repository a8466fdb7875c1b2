//! A sender whose clock runs 0.1 % fast or slow, relayed for an hour (spec §8): the buffer
//! neither runs dry nor grows, and the sound has no skip. Time is simulated (the test drives both
//! clocks: the sender pushes what it would send in 10 ms of its clock, the card takes 10 ms of
//! its own), so an hour takes seconds.

use loa::audio::live::{LiveBuffer, LiveTrack, MAX_SECONDS, TARGET_SECONDS};
use loa::audio::track::OutputSpec;

const IN_RATE: u32 = 22_050;
const OUT: OutputSpec = OutputSpec {
    rate: 24_000,
    channels: 1,
};
const TONE: f64 = 440.0;

struct Relayed {
    min_level: f64,
    max_level: f64,
    end_level: f64,
    silent_after_start: usize,
    /// The largest step between two samples of the output, as a share of the largest a clean
    /// 440 Hz sine can make.
    worst_step: f64,
}

/// `minutes` of a sender whose clock runs at `speed` × the card's.
fn relay(speed: f64, minutes: u32) -> Relayed {
    let buf = LiveBuffer::new();
    let mut track = LiveTrack::new(buf.clone(), OUT);
    let mut sent = 0u64;
    let mut owed = 0.0f64;
    let mut chunk = Vec::new();
    let mut out = Vec::new();
    let mut r = Relayed {
        min_level: f64::MAX,
        max_level: 0.0,
        end_level: 0.0,
        silent_after_start: 0,
        worst_step: 0.0,
    };
    let clean_step = 2.0 * std::f64::consts::PI * TONE / f64::from(OUT.rate);
    let mut last: Option<f32> = None;
    // The sender runs ahead by a second before the window, as a connection made ahead does.
    let steps = u64::from(minutes) * 60 * 100;
    for step in 0..steps + 100 {
        owed += f64::from(IN_RATE) * speed / 100.0;
        let n = owed as u64;
        owed -= n as f64;
        chunk.clear();
        chunk.extend((sent..sent + n).map(|k| {
            (0.5 * (2.0 * std::f64::consts::PI * TONE * k as f64 / f64::from(IN_RATE)).sin()) as f32
        }));
        sent += n;
        buf.push(IN_RATE, 1, None, &chunk);
        if step < 100 {
            continue;
        }
        out.clear();
        let f = track.fill(&mut out, (OUT.rate / 100) as usize);
        if step > 200 {
            r.silent_after_start += f.silent;
            r.min_level = r.min_level.min(buf.level());
            r.max_level = r.max_level.max(buf.level());
            for s in &out {
                if let Some(p) = last {
                    r.worst_step = r
                        .worst_step
                        .max(f64::from((s - p).abs()) / (0.5 * clean_step));
                }
                last = Some(*s);
            }
        } else {
            last = out.last().copied();
        }
    }
    r.end_level = buf.level();
    r
}

fn assert_steady(r: &Relayed, what: &str) {
    assert_eq!(
        r.silent_after_start, 0,
        "{what}: the buffer ran dry (levels {:.2}..{:.2} s)",
        r.min_level, r.max_level
    );
    assert!(
        r.min_level > 0.2 && r.max_level < 2.5,
        "{what}: the level wandered to {:.2}..{:.2} s (target {TARGET_SECONDS} s, at most {MAX_SECONDS} s)",
        r.min_level,
        r.max_level
    );
    assert!(
        (r.end_level - TARGET_SECONDS).abs() < 1.0,
        "{what}: the level ended at {:.2} s",
        r.end_level
    );
    // A skip or a repeat of even one sample jumps far beyond a clean sine's steepest step.
    assert!(
        r.worst_step < 1.2,
        "{what}: the sound jumps ({:.2}× a clean sine's largest step)",
        r.worst_step
    );
}

#[test]
fn a_sender_0_1_percent_fast_plays_an_hour_without_growing_or_skipping() {
    assert_steady(&relay(1.001, 60), "1.001×");
}

#[test]
fn a_sender_0_1_percent_slow_plays_an_hour_without_running_dry_or_skipping() {
    assert_steady(&relay(0.999, 60), "0.999×");
}
