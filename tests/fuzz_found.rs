//! Inputs the fuzzers found (scripts/fuzz.sh; docs/reliability.md), kept so that what they broke
//! stays mended.

use std::path::Path;

use loa::audio::{AudioError, Depth, probe};

/// A recording whose WAVE header claims 65,528 channels: symphonia's WAV reader multiplies the
/// channel count by the sample size in 16 bits and panics on the overflow where overflow checks
/// are on (debug builds, the fuzzers). It is refused as damaged, with its name, and nothing
/// panics. Found by the `audio` target.
#[test]
fn a_wave_header_that_overflows_the_decoder_is_refused_as_damaged_not_a_panic() {
    let path = Path::new("tests/fuzz_found/riff-channel-overflow.mp3");
    match probe(path, Depth::Full) {
        Err(e @ AudioError::Corrupt { .. }) => assert_eq!(e.path(), path),
        other => panic!("expected the file refused as damaged, got {other:?}"),
    }
}
