//! The control protocol: any bytes as a line a client sends to the daemon's socket (and as an
//! answer a client reads).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = loa::control::protocol::decode_request_with_lang(data);
    let _ = loa::control::protocol::decode_response(&String::from_utf8_lossy(data));
});
