//! The habits behind most syntax errors, looked for on the refused line itself rather than in
//! what the parser made of them: an invisible character pasted from Word or Zalo, curly quotes,
//! a day-first date, a `// note`, `at: "17h"`; and the key meant by a Vietnamese name. The
//! parser's complaint about such a line is only their symptom.

use super::scan::{Line, invisible};
use super::{Found, Kind};
use crate::config::find_day_first_date;
use crate::diagnostic::{Diagnostic, Source};
use crate::t;

/// Quotes Word, Zalo and phones put in for `"`; TOML reads only straight ones.
const CURLY_QUOTES: [char; 6] = ['“', '”', '„', '‘', '’', '«'];

/// The key an officer means by a Vietnamese name ("tiêu đề", "giờ phát"), when it is plain.
pub(super) fn vietnamese_key(written: &str) -> Option<&'static str> {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = written
        .to_lowercase()
        .replace('đ', "d")
        .nfd()
        .filter(char::is_ascii)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match folded.as_str() {
        "tieu de" | "ten" | "ten ban tin" => "title",
        "ma" | "ma so" => "id",
        "tep" | "tep am thanh" | "ban ghi" | "file" => "files",
        "gio" | "gio phat" | "luc" => "at",
        "ngay" | "thu" | "ngay phat" => "days",
        "am luong" => "volume",
        "lap lai" | "so lan" => "repeat",
        "tu ngay" => "from",
        "den ngay" => "until",
        "mui gio" => "timezone",
        "ten dai" => "name",
        _ => return None,
    })
}

/// The habits behind most syntax errors, found on the line itself rather than in what the
/// parser made of them.
pub(super) fn habit(src: &Source<'_>, line: &Line<'_>, f: &Found) -> Option<Diagnostic> {
    // A character the parser itself refused (a control character in a text or a note).
    if matches!(f.kind, Kind::BadChar | Kind::CommentChar)
        && let Some(c) = src.text.get(f.span.start..).and_then(|s| s.chars().next())
        && let Some(kind) = invisible(c)
    {
        return Some(invisible_char(src, f.span.start, c, kind));
    }
    if let Some((i, c, kind)) = line.first_invisible() {
        return Some(invisible_char(src, line.start + i, c, kind));
    }
    if let Some(q) = line.text.chars().find(|c| CURLY_QUOTES.contains(c)) {
        return Some(
            src.error(
                f.span.clone(),
                t!("toml-curly-quotes", quote = q.to_string()),
            )
            .with_help(t!("toml-curly-quotes-help")),
        );
    }
    if let Some((written, iso)) = find_day_first_date(line.text) {
        return Some(
            src.error(
                f.span.clone(),
                t!("date-day-first", written = written, iso = iso),
            )
            .with_help(t!("date-format-help")),
        );
    }
    // "// note", as in the programs some staff have seen; not the "//" of "http://".
    if let Some(i) = line.find_in_code("//")
        && !line.text.get(..i).unwrap_or("").ends_with(':')
    {
        let fixed = format!(
            "{}#{}",
            line.text.get(..i).unwrap_or(""),
            line.text.get(i + 2..).unwrap_or("")
        );
        return Some(
            src.error(line.start + i..line.start + i + 2, t!("toml-slash-comment"))
                .with_help(t!("toml-slash-comment-help", fixed = fixed.trim())),
        );
    }
    // `at: "17h"`: a colon, as in a form or YAML, where TOML has "=".
    let trimmed = line.text.trim_start();
    let key_len = trimmed
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    let after_key = trimmed.get(key_len..).unwrap_or("");
    if key_len > 0
        && let Some(value) = after_key.trim_start().strip_prefix(':')
    {
        let key = trimmed.get(..key_len).unwrap_or("");
        let colon = line.start
            + (line.text.len() - trimmed.len())
            + key_len
            + (after_key.len() - after_key.trim_start().len());
        let value = value.trim();
        let plain = value.parse::<f64>().is_ok()
            || value == "true"
            || value == "false"
            || value.starts_with(['"', '\'', '[', '{']);
        let fixed = if plain || value.is_empty() {
            format!("{key} = {value}")
        } else {
            format!("{key} = \"{value}\"")
        };
        return Some(
            src.error(colon..colon + 1, t!("toml-colon", key = key))
                .with_help(t!("toml-write-help", fixed = fixed.trim_end())),
        );
    }
    None
}

fn invisible_char(src: &Source<'_>, at: usize, c: char, kind: &str) -> Diagnostic {
    let (_, column) = src.line_col(at);
    src.error(
        at..at + c.len_utf8(),
        t!(
            "toml-invisible",
            column = column,
            name = t!("toml-char-name", char = kind),
            code = format!("{:04X}", c as u32)
        ),
    )
    .with_help(t!("toml-invisible-help"))
}
