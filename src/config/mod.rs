//! Reading the schedule file: bytes → text → the TOML tree with spans → typed values, each with
//! the span it came from.
//!
//! This module owns everything about the *form* of the file: encoding, TOML syntax, which keys a
//! table may have, and the type of each value (text, number, date, duration, time of day). It
//! collects every problem it finds instead of stopping at the first, and words each one for the
//! person who edits the schedule. It does not know what the values mean together; that is
//! `schedule`'s job.
//!
//! Why not `#[derive(Deserialize)]` with `deny_unknown_fields`: serde stops at the first problem in
//! a table and says "invalid type: string \"80\", expected i64". We walk the span-carrying tree the
//! toml crate's own deserializer is built on (`toml::de::DeTable`) and say "`volume` must be a whole
//! number from 0 to 100; found the text "80"" for every problem at once.
//!
//! # Layout
//!
//! - `mod.rs`: bytes → text ([`decode_text`]), and the types shared by the rest (`Sp`, `Value`).
//! - `syntax/`: text → TOML tree ([`parse_document`]), and the parser's complaints worded for
//!   the person who edits the schedule (`mod.rs` chooses, `words.rs` words, `scan.rs` reads a
//!   line without the parser: its quoted parts, invisible characters, open brackets).
//! - `fields.rs`: one table's keys read by name and type ([`Fields`]), each problem collected.
//! - `pieces.rs`: a big file's `[[announcement]]` entries cut apart, each parsed when it is read.
//! - `when.rs`: times of day, durations and day-first dates as people write them.

use toml::Spanned;
use toml::de::DeValue;

use crate::diagnostic::{Diagnostic, Source, Span};
use crate::t;

mod fields;
pub mod pieces;
mod syntax;
mod when;

pub use fields::{Fields, describe};
pub use syntax::parse_document;
pub use when::{TimeError, find_day_first_date, parse_duration, parse_time_of_day};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

/// A parsed TOML value with its span.
pub type Value<'i> = Spanned<DeValue<'i>>;

/// Turns the raw bytes of a schedule into text, or says plainly why they are not a schedule.
pub fn decode_text(name: &str, bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Box::new(
            Diagnostic::file_error(name, t!("file-empty")).with_help(t!("file-empty-help")),
        ));
    }
    if let Some(utf16) = utf16_kind(bytes) {
        return Err(Box::new(
            Diagnostic::file_error(name, t!("file-utf16", kind = utf16))
                .with_help(t!("file-save-utf8-help")),
        ));
    }
    if bytes.contains(&0) {
        return Err(Box::new(Diagnostic::file_error(name, t!("file-binary"))));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            // Locate the bad byte using the valid prefix, which is text.
            let prefix = String::from_utf8_lossy(&bytes[..at]).into_owned();
            let src = Source::new(name, &prefix);
            let (line, column) = src.line_col(at);
            let mut d = Diagnostic::file_error(
                name,
                t!("file-not-utf8", byte = format!("0x{:02X}", bytes[at])),
            )
            .with_help(t!("file-save-utf8-help"));
            d.line = Some(line);
            d.column = Some(column);
            Err(Box::new(d))
        }
    }
}

/// "UTF-16 LE"/"UTF-16 BE" for text Notepad saved as "Unicode": a byte-order mark, or every
/// other byte zero in a mostly-ASCII file.
fn utf16_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("UTF-16 LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 BE");
    }
    let head = &bytes[..bytes.len().min(256)];
    if head.len() < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let half = head.len() / 2;
    if zeros_at(1) * 10 >= half * 9 && zeros_at(0) == 0 {
        Some("UTF-16 LE")
    } else if zeros_at(0) * 10 >= half * 9 && zeros_at(1) == 0 {
        Some("UTF-16 BE")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_is_recognised() {
        let text = "[station]\nname = \"x\"\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let e = decode_text("f", &le).unwrap_err();
        assert!(e.message.contains("UTF-16 LE"), "{}", e.message);
        assert!(e.help.as_deref().unwrap_or("").contains("UTF-8"));
        let be_no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(
            decode_text("f", &be_no_bom)
                .unwrap_err()
                .message
                .contains("UTF-16 BE")
        );
    }

    #[test]
    fn text_that_is_not_a_schedule() {
        assert!(decode_text("f", b"").unwrap_err().message.contains("empty"));
        assert!(
            decode_text("f", b" \n\t")
                .unwrap_err()
                .message
                .contains("empty")
        );
        assert!(
            decode_text("f", b"ID3\x03\x00\x00")
                .unwrap_err()
                .message
                .contains("not a text file")
        );
        let e = decode_text("f", b"a = 1\ntitle = \"caf\xE9\"\n").unwrap_err();
        assert_eq!(
            e.headline(),
            "f:2:13: error: the file is not UTF-8 text (byte 0xE9 cannot be read); save it as UTF-8"
        );
        assert_eq!(decode_text("f", b"\xEF\xBB\xBFa = 1").unwrap(), "a = 1");
    }
}
