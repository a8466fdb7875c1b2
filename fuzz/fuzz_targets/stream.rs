//! The stream reader: any bytes as what a radio server sends — an HLS playlist, a segment
//! (MPEG-TS or packed audio), an Icecast stream with or without ICY blocks — into the decoder.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    loa::stream::fuzz(data);
});
