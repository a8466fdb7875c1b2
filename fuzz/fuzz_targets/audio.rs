//! The audio probe and decoder: any bytes as a recording, named with the extension the first
//! byte picks, probed and decoded in full as `loa check` does before air time.
#![no_main]

use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 8] = ["mp3", "ogg", "wav", "flac", "m4a", "opus", "aac", "bin"];

/// libfuzzer-sys's panic hook aborts on every panic, even one loa catches on purpose (a panic in
/// the demuxers or decoders is the file's or the stream's damage: `audio::decode::guarded`). The
/// default hook instead: a caught panic is the handled error it is, an uncaught one still ends the
/// run (libfuzzer-sys aborts when it reaches the target's edge) with its message.
static HOOK: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| drop(std::panic::take_hook()));
    let Some((&head, body)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[usize::from(head) % EXTENSIONS.len()];
    let path = std::env::temp_dir().join(format!("loa-fuzz-{}.{ext}", std::process::id()));
    if std::fs::write(&path, body).is_err() {
        return;
    }
    let _ = loa::audio::probe(&path, loa::audio::Depth::Full);
    let _ = std::fs::remove_file(&path);
});
