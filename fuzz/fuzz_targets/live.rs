//! A live sender (the console's WebSocket, spec §12): its first message read by
//! `live::hello::parse`, then its binary messages by `live::frames::Reader` (16-bit PCM, or
//! Opus packets through libopus) into the voice's buffer, as `web::live` does.
//!
//! Input: the first message's text up to a NUL byte, then messages, each a little-endian
//! 16-bit length and its bytes. A first message that does not parse still lets the messages
//! through, read with a format the last byte of the input picks, so the frame readers are
//! reached from any input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loa::live::frames::Reader;
use loa::live::hello::{self, Format, Hello, OPUS_RATES};

fn chosen(b: u8) -> Hello {
    let opus = b & 1 == 1;
    let rate = match opus {
        true => OPUS_RATES[usize::from(b >> 1) % OPUS_RATES.len()],
        false => [8_000, 22_050, 44_100, 48_000, 96_000, 192_000][usize::from(b >> 1) % 6],
    };
    Hello {
        format: if opus { Format::Opus } else { Format::PcmS16le },
        rate,
        channels: 1 + u16::from(b >> 7),
        emergency: false,
    }
}

fuzz_target!(|data: &[u8]| {
    let (first, mut rest) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    // A WebSocket's text message is UTF-8.
    let parsed = std::str::from_utf8(first)
        .ok()
        .and_then(|t| hello::parse(t).ok());
    let h = parsed.unwrap_or_else(|| chosen(data.last().copied().unwrap_or(0)));
    let Ok(mut reader) = Reader::new(h) else {
        return;
    };
    let voice = loa::live::Voice::new();
    while let [a, b, tail @ ..] = rest {
        let n = usize::from(u16::from_le_bytes([*a, *b])).min(tail.len());
        let (message, next) = tail.split_at(n);
        rest = next;
        if let Ok(samples) = reader.read(message) {
            assert!(
                samples.len().is_multiple_of(usize::from(h.channels)),
                "a message's samples are whole frames"
            );
            assert!(samples.iter().all(|s| (-1.0..=1.0).contains(s)));
            voice.push(h.rate, usize::from(h.channels), samples);
        }
    }
});
