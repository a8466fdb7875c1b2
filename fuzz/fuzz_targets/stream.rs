//! The stream reader: any bytes as what a radio server sends — an HLS playlist, a segment
//! (MPEG-TS or packed audio), an Icecast stream with or without ICY blocks — into the decoder.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// libfuzzer-sys's panic hook aborts on every panic, even one loa catches on purpose (a panic in
/// the demuxers or decoders is the file's or the stream's damage: `audio::decode::guarded`). The
/// default hook instead: a caught panic is the handled error it is, an uncaught one still ends the
/// run (libfuzzer-sys aborts when it reaches the target's edge) with its message.
static HOOK: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| drop(std::panic::take_hook()));
    loa::stream::fuzz(data);
});
