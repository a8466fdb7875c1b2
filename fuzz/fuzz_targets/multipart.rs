//! The console's multipart uploads: any bytes as the body of a recording's upload (the API's and
//! the page's), the province's send form (with its recording) or its schedule push, split by
//! axum's `Multipart` (multer) with a fixed boundary and handled by the handlers' own field
//! code (`loa::web::fuzz::multipart`: the first byte picks the form, the language, the limit).
#![no_main]

use libfuzzer_sys::fuzz_target;

/// libfuzzer-sys's panic hook aborts on every panic, even one loa catches on purpose (a panic in
/// the demuxers or decoders is the file's damage: `audio::decode::guarded`, reached when an
/// upload is kept). The default hook instead: a caught panic is the handled error it is, an
/// uncaught one still ends the run (libfuzzer-sys aborts when it reaches the target's edge).
static HOOK: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| drop(std::panic::take_hook()));
    loa::web::fuzz::multipart(data);
});
