//! The schedule reader and validator: any bytes as a schedule file, through the text decoding,
//! the parser and every check `loa check` makes (the same path as a schedule the province pushes).
#![no_main]

use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = loa::config::decode_text("fuzz.toml", data) else {
        return;
    };
    let now = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
    let base = std::env::temp_dir();
    let _ =
        loa::commands::check::errors("fuzz.toml", text, &base, chrono_tz::Asia::Ho_Chi_Minh, now);
});
