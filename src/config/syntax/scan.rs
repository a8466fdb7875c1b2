//! A rough reading of TOML text without the parser: which parts of a line are quoted text, which
//! are a comment and which are the rest ("code"), which brackets are still open at a point, and
//! which characters cannot be seen on screen.
//!
//! `syntax` uses it to say *why* the parser refused a line ("this line has a non-breaking space
//! at column 6", "the list opened on line 8 is not closed"). It never decides whether the text is
//! valid (the parser does), never panics on any text, and slices only on character boundaries.

use std::ops::Range;

/// What a stretch of one line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    /// Keys, `=`, brackets, numbers, words: what is outside quotes and comments.
    Code,
    /// Quoted text, from its opening quote to its closing one (`closed`) or to the line's end.
    Text { quote: &'static str, closed: bool },
    /// From `#` to the line's end.
    Comment,
}

/// One line cut into its parts, with byte ranges relative to the line's start.
pub(super) struct Line<'t> {
    pub text: &'t str,
    /// Where the line starts in the whole text.
    pub start: usize,
    pub parts: Vec<(Range<usize>, Part)>,
}

impl<'t> Line<'t> {
    /// Cuts `text` (one line, without its newline) that starts at byte `start` of the file.
    pub fn new(text: &'t str, start: usize) -> Self {
        let mut parts: Vec<(Range<usize>, Part)> = Vec::new();
        let mut push = |range: Range<usize>, part: Part| {
            if range.is_empty() {
                return;
            }
            match parts.last_mut() {
                Some((r, Part::Code)) if part == Part::Code && r.end == range.start => {
                    r.end = range.end
                }
                _ => parts.push((range, part)),
            }
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let rest = &text[i..];
            let quote = ["\"\"\"", "'''", "\"", "'"]
                .into_iter()
                .find(|q| rest.starts_with(q));
            if bytes[i] == b'#' {
                push(i..bytes.len(), Part::Comment);
                break;
            }
            let Some(quote) = quote else {
                let len = rest.chars().next().map_or(1, char::len_utf8);
                push(i..i + len, Part::Code);
                i += len;
                continue;
            };
            let body = i + quote.len();
            let escapes = quote.starts_with('"');
            let mut j = body;
            let mut closed = false;
            while j < bytes.len() {
                if escapes && bytes[j] == b'\\' {
                    j += 1 + text[j + 1..].chars().next().map_or(0, char::len_utf8);
                    continue;
                }
                if text[j..].starts_with(quote) {
                    j += quote.len();
                    closed = true;
                    break;
                }
                j += text[j..].chars().next().map_or(1, char::len_utf8);
            }
            let j = j.min(bytes.len());
            push(i..j, Part::Text { quote, closed });
            i = j;
        }
        Line { text, start, parts }
    }

    /// The characters outside quotes and comments, with their offset in the line.
    pub fn code_chars(&self) -> impl Iterator<Item = (usize, char)> + '_ {
        self.parts
            .iter()
            .filter(|(_, p)| *p == Part::Code)
            .flat_map(|(r, _)| {
                self.text
                    .get(r.clone())
                    .unwrap_or("")
                    .char_indices()
                    .map(move |(i, c)| (r.start + i, c))
            })
    }

    /// Where `pattern` first appears outside quotes and comments.
    pub fn find_in_code(&self, pattern: &str) -> Option<usize> {
        self.parts
            .iter()
            .filter(|(_, p)| *p == Part::Code)
            .find_map(|(r, _)| {
                self.text
                    .get(r.clone())
                    .and_then(|s| s.find(pattern))
                    .map(|i| r.start + i)
            })
    }

    /// The quoted text still open at the end of the line: where its quote is, and which quote.
    pub fn unclosed_text(&self) -> Option<(usize, &'static str)> {
        match self.parts.last() {
            Some((
                r,
                Part::Text {
                    quote,
                    closed: false,
                },
            )) => Some((r.start, quote)),
            _ => None,
        }
    }

    /// The quoted text that holds offset `at` of the line.
    pub fn text_at(&self, at: usize) -> Option<(Range<usize>, &'static str)> {
        self.parts.iter().find_map(|(r, p)| match p {
            Part::Text { quote, .. } if r.start <= at && at <= r.end => Some((r.clone(), *quote)),
            _ => None,
        })
    }

    /// The key of a `key = value` line: what comes before the first `=` outside quotes.
    pub fn key(&self) -> Option<&'t str> {
        let eq = self.find_in_code("=")?;
        let key = self.text.get(..eq)?.trim();
        (!key.is_empty()).then_some(key)
    }

    /// The value of a `key = value` line, without its comment.
    pub fn value(&self) -> Option<&'t str> {
        let eq = self.find_in_code("=")?;
        let end = self
            .parts
            .iter()
            .find(|(_, p)| *p == Part::Comment)
            .map_or(self.text.len(), |(r, _)| r.start);
        self.text.get(eq + 1..end).map(str::trim)
    }

    /// Whether the line is a table header, `[…]` or `[[…]]`.
    pub fn is_header(&self) -> bool {
        self.text.trim_start().starts_with('[')
    }

    /// The first character outside quotes and comments that cannot be seen, with its offset in
    /// the line and its kind (see [`invisible`]). Inside quotes such a character is only part
    /// of a title, and a comment may hold anything but control characters.
    pub fn first_invisible(&self) -> Option<(usize, char, &'static str)> {
        let in_comment = self
            .parts
            .iter()
            .filter(|(_, p)| *p == Part::Comment)
            .flat_map(|(r, _)| {
                self.text
                    .get(r.clone())
                    .unwrap_or("")
                    .char_indices()
                    .map(move |(i, c)| (r.start + i, c))
            })
            .filter(|(_, c)| invisible(*c) == Some("control"));
        self.code_chars()
            .filter(|(_, c)| invisible(*c).is_some())
            .chain(in_comment)
            .min_by_key(|(i, _)| *i)
            .and_then(|(i, c)| invisible(c).map(|kind| (i, c, kind)))
    }
}

/// Characters that look like nothing or like an ordinary space, which Word, Zalo, web pages and
/// Chinese or Japanese keyboards put into pasted text, named for the catalogue (`toml-char-name`).
/// `None` for a character a person can see, and for the space, tab and line ends TOML reads.
pub(super) fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        ' ' | '\t' | '\n' | '\r' => return None,
        '\u{00A0}' => "nbsp",
        '\u{202F}' => "narrow-nbsp",
        '\u{200B}' => "zwsp",
        '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{180E}' => "zero-width",
        '\u{FEFF}' => "bom",
        '\u{3000}' => "ideographic",
        '\u{00AD}' => "soft-hyphen",
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => "bidi",
        c if c.is_control() => "control",
        c if c.is_whitespace() => "space",
        _ => return None,
    })
}

/// The bracket (`[` of a list, `{` of a table on one line) that is open at byte `upto` of `text`
/// and was opened first: the one whose missing `]` or `}` makes the parser read the lines after
/// it as part of it. Table headers (`[station]` at the start of a line) are not lists.
pub(super) fn open_bracket_at(text: &str, upto: usize) -> Option<usize> {
    #[derive(PartialEq)]
    enum State {
        Code,
        Basic,
        Literal,
        MlBasic,
        MlLiteral,
        Comment,
    }
    let upto = upto.min(text.len());
    let bytes = text.as_bytes();
    let mut stack: Vec<usize> = Vec::new();
    let mut state = State::Code;
    let mut line_start = true;
    let mut i = 0;
    while i < upto {
        let b = bytes[i];
        let rest = &bytes[i..];
        match state {
            State::Code => match b {
                b'\n' => line_start = true,
                b' ' | b'\t' | b'\r' => {}
                b'#' => state = State::Comment,
                b'[' if line_start && stack.is_empty() => {
                    // A header: nothing on the rest of its line opens a list.
                    let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                    i = end;
                    continue;
                }
                _ => {
                    line_start = false;
                    match b {
                        b'[' | b'{' => stack.push(i),
                        b']' | b'}' => {
                            stack.pop();
                        }
                        _ if rest.starts_with(b"\"\"\"") => {
                            state = State::MlBasic;
                            i += 3;
                            continue;
                        }
                        _ if rest.starts_with(b"'''") => {
                            state = State::MlLiteral;
                            i += 3;
                            continue;
                        }
                        b'"' => state = State::Basic,
                        b'\'' => state = State::Literal,
                        _ => {}
                    }
                }
            },
            State::Basic => match b {
                b'\\' => i += 1,
                b'"' => state = State::Code,
                b'\n' => {
                    state = State::Code;
                    line_start = true;
                }
                _ => {}
            },
            State::Literal => match b {
                b'\'' => state = State::Code,
                b'\n' => {
                    state = State::Code;
                    line_start = true;
                }
                _ => {}
            },
            State::MlBasic => {
                if b == b'\\' {
                    i += 1;
                } else if rest.starts_with(b"\"\"\"") {
                    state = State::Code;
                    i += 3;
                    continue;
                }
            }
            State::MlLiteral => {
                if rest.starts_with(b"'''") {
                    state = State::Code;
                    i += 3;
                    continue;
                }
            }
            State::Comment => {
                if b == b'\n' {
                    state = State::Code;
                    line_start = true;
                }
            }
        }
        i += 1;
    }
    stack.first().copied()
}

/// The word of `line` around offset `at`: the run of characters that are not spaces, quotes,
/// brackets, commas, `=` or `#` (a number or a date the parser could not read, whole).
pub(super) fn word_at(line: &str, at: usize) -> &str {
    let stop = |c: char| c.is_whitespace() || "\"'[]{},=#".contains(c);
    let mut at = at.min(line.len());
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    let start = line[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| stop(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = line[at..].find(stop).map_or(line.len(), |i| at + i);
    line.get(start..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_cut_into_code_text_and_comment() {
        let l = Line::new(r#"title = "a # b \" c" # note"#, 0);
        assert_eq!(l.find_in_code("#"), None);
        assert_eq!(l.key(), Some("title"));
        assert_eq!(l.value(), Some(r#""a # b \" c""#));
        assert_eq!(l.unclosed_text(), None);
        let l = Line::new(r#"title = "Bản tin"#, 0);
        assert_eq!(l.unclosed_text(), Some((8, "\"")));
        let l = Line::new(r#"files = ["D:\Thu am\"]"#, 0);
        assert_eq!(l.unclosed_text(), Some((9, "\"")));
        let l = Line::new("a = 'x\\' # c", 0);
        assert_eq!(l.find_in_code("#"), None);
        assert!(matches!(l.parts.last(), Some((_, Part::Comment))));
    }

    #[test]
    fn invisible_characters_are_found_outside_quotes_only() {
        let l = Line::new("title\u{a0}= \"Bản\u{a0}tin\"", 0);
        assert_eq!(l.first_invisible(), Some((5, '\u{a0}', "nbsp")));
        let l = Line::new("title = \"Bản\u{200b}tin\"", 0);
        assert_eq!(l.first_invisible(), None);
        assert_eq!(invisible('\u{3000}'), Some("ideographic"));
        assert_eq!(invisible('\u{feff}'), Some("bom"));
        assert_eq!(invisible('\u{1}'), Some("control"));
        assert_eq!(invisible('\t'), None);
        assert_eq!(invisible('ả'), None);
    }

    #[test]
    fn the_first_open_bracket_is_found_across_lines() {
        let text = "[[announcement]]\nfiles = [\"a.mp3\"\nat = \"05:30\"\n";
        assert_eq!(open_bracket_at(text, text.len()), Some(25));
        let text = "files = [\n  \"a.mp3\", # ]\n  \"[b].mp3\",\n]\nat = 1\n";
        assert_eq!(open_bracket_at(text, text.len()), None);
        let text = "[station]\nx = [{a = 1}, [2]\n";
        assert_eq!(open_bracket_at(text, text.len()), Some(14));
    }

    #[test]
    fn the_word_around_an_offset() {
        assert_eq!(word_at("at = 0530 # x", 5), "0530");
        assert_eq!(word_at("v = 0.8.1", 7), "0.8.1");
        assert_eq!(word_at("v = [1, 08]", 8), "08");
        assert_eq!(word_at("ả", 1), "ả");
    }
}
