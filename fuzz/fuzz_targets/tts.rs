//! The reading of written Vietnamese (`tts::read::read_aloud`, spec §13): any text, in both
//! dialects, never panics, and what it gives an engine holds no ASCII digit (the reader's
//! promise: an engine never meets a digit it would misread).
#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::tts::read::{Dialect, Lexicon, read_aloud};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lexicon = Lexicon::default();
    for dialect in [Dialect::North, Dialect::South] {
        let out = read_aloud(text, dialect, &lexicon);
        assert!(
            !out.bytes().any(|b| b.is_ascii_digit()),
            "a digit is left in {out:?} (read from {text:?}, {dialect:?})"
        );
    }
});
