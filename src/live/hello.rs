//! A live sender's first message (spec §12): which sound follows, and whether it is an
//! emergency. `{"format": "pcm_s16le", "rate": 48000, "channels": 1}`, or `"format": "opus"`;
//! `"emergency": true` optional. Anything else is refused with what is wrong, in words.

use serde::Deserialize;

use crate::t;

/// The lowest and highest sample rates a sender may use.
pub const RATES: std::ops::RangeInclusive<u32> = 8_000..=192_000;
/// The rates Opus decodes to.
pub const OPUS_RATES: [u32; 5] = [8_000, 12_000, 16_000, 24_000, 48_000];
/// The longest first message read.
pub const MAX_HELLO: usize = 1024;

/// How the sound comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// 16-bit little-endian samples, interleaved.
    PcmS16le,
    /// One Opus packet per message.
    Opus,
}

/// What a sender says first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hello {
    pub format: Format,
    pub rate: u32,
    pub channels: u16,
    #[serde(default)]
    pub emergency: bool,
}

/// Reads the first message; an error says what is wrong, in the reader's language.
pub fn parse(text: &str) -> Result<Hello, String> {
    if text.len() > MAX_HELLO {
        return Err(t!("live-hello-too-long", max = MAX_HELLO));
    }
    let h: Hello = serde_json::from_str(text).map_err(|e| why(&e))?;
    if !RATES.contains(&h.rate) || (h.format == Format::Opus && !OPUS_RATES.contains(&h.rate)) {
        return Err(t!("live-hello-rate", rate = h.rate));
    }
    if !(1..=2).contains(&h.channels) {
        return Err(t!("live-hello-channels", channels = h.channels));
    }
    Ok(h)
}

/// serde's words are English: the reader gets hers, naming the field when one is wrong.
fn why(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_string);
    match (
        msg.strip_prefix("unknown field "),
        msg.strip_prefix("missing field "),
    ) {
        (Some(m), _) => t!("live-hello-unknown", field = quoted(m).unwrap_or_default()),
        (_, Some(m)) => t!("live-hello-missing", field = quoted(m).unwrap_or_default()),
        _ => t!("live-hello-bad", column = e.column()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_message_says_the_format_and_nothing_else() {
        let h = parse(r#"{"format":"pcm_s16le","rate":48000,"channels":1}"#).unwrap();
        assert_eq!(
            h,
            Hello {
                format: Format::PcmS16le,
                rate: 48000,
                channels: 1,
                emergency: false
            }
        );
        let h = parse(r#"{"format":"opus","rate":48000,"channels":1,"emergency":true}"#).unwrap();
        assert!(h.emergency && h.format == Format::Opus);
        for bad in [
            "",
            "null",
            r#"{"format":"mp3","rate":48000,"channels":1}"#,
            r#"{"format":"pcm_s16le","rate":4000,"channels":1}"#,
            r#"{"format":"opus","rate":44100,"channels":1}"#,
            r#"{"format":"pcm_s16le","rate":48000,"channels":3}"#,
            r#"{"format":"pcm_s16le","rate":48000,"channels":1,"emergancy":true}"#,
            r#"{"format":"pcm_s16le","rate":-1,"channels":1}"#,
        ] {
            let e = parse(bad).unwrap_err();
            assert!(!e.is_empty(), "{bad}");
        }
        assert!(parse(&" ".repeat(2000)).is_err());
    }
}
