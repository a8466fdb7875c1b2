//! Decodes and converts a file flat out, as `loa play` does but with no output and no pacing:
//! the work of playing it, without waiting for real time. Used by `benches/audio.sh` beside
//! ffmpeg, which also runs flat out.
//!
//!     cargo run --release --example pipeline -- FILE

use std::time::Instant;

use loa::audio::track::{OutputSpec, Track};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os().nth(1).ok_or("usage: pipeline FILE")?;
    let started = Instant::now();
    let spec = OutputSpec {
        rate: 48_000,
        channels: 2,
    };
    let mut track = Track::open(path.as_ref(), spec)?;
    let mut block = Vec::new();
    let mut frames = 0;
    loop {
        block.clear();
        let more = track.fill(&mut block, 4096)?;
        frames += block.len() / spec.channels;
        if !more {
            break;
        }
    }
    eprintln!(
        "{frames} frames at 48 kHz in {:.3} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
