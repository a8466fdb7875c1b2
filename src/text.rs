//! Text from outside (a bulletin's title, an id) made safe to print on a terminal or in a log:
//! control characters (an `ESC[2J` that clears the officer's screen) and the invisible marks that
//! reorder text (U+202E, which shows "gpj.exe" as "exe.jpg") become U+FFFD, visibly.

use std::borrow::Cow;

/// Whether `c` may not be printed as it is.
pub fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s`, each unprintable character replaced by U+FFFD.
pub fn printable(s: &str) -> Cow<'_, str> {
    if s.chars().any(unprintable) {
        Cow::Owned(
            s.chars()
                .map(|c| if unprintable(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// The first `max` characters of `s` on one line (runs of white space as one space), with `…`
/// when it was cut: a text as a title.
pub fn shortened(s: &str, max: usize) -> Cow<'_, str> {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return if one_line == s {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(one_line)
        };
    }
    let mut out: String = one_line.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_reordering_marks_are_shown_not_obeyed() {
        assert_eq!(printable("Bản tin sáng"), "Bản tin sáng");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(printable("x\u{202E}gpj.exe"), "x\u{FFFD}gpj.exe");
        assert_eq!(printable("dòng\nmới\t"), "dòng\u{FFFD}mới\u{FFFD}");
        assert_eq!(printable("\u{2067}\u{200F}"), "\u{FFFD}\u{FFFD}");
    }
}
