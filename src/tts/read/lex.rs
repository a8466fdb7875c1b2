//! The text made plain and cut into tokens. Owns the characters a phone keyboard or a word
//! processor puts in (decomposed accents, full-width digits, `℃`, curly quotes, long dashes,
//! zero-width marks) mapped to the plain ones, then NFC; and the split into words, digit runs,
//! spaces, line breaks and single symbols. Decides no reading.

use unicode_normalization::UnicodeNormalization;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Letters (any script, accents included), an apostrophe between two letters too (`H'Mông`).
    Word,
    /// ASCII digits.
    Num,
    /// Blanks without a line break.
    Space,
    /// Blanks with at least one line break.
    Newline,
    /// Any other single character.
    Sym,
}

/// A piece of the prepared text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tok<'a> {
    pub(super) kind: Kind,
    pub(super) text: &'a str,
}

impl Tok<'_> {
    /// A word or a digit run: two of these side by side are glued (`H5N1`, `5km`).
    pub(super) fn alnum(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Num)
    }

    /// The character of a symbol token.
    pub(super) fn sym(&self) -> Option<char> {
        if self.kind == Kind::Sym {
            self.text.chars().next()
        } else {
            None
        }
    }
}

/// `text` with compatibility characters mapped to plain ones, then NFC.
pub(super) fn prepare(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{FF01}'..='\u{FF5E}' => {
                if let Some(plain) = char::from_u32(u32::from(c) - 0xFEE0) {
                    s.push(plain);
                }
            }
            '\u{3000}' | '\t' => s.push(' '),
            '℃' => s.push_str("°C"),
            'º' | '˚' => s.push('°'),
            '…' => s.push_str("..."),
            '‘' | '’' | 'ʼ' | '′' | '`' | '´' => s.push('\''),
            '“' | '”' | '„' | '«' | '»' | '″' => s.push('"'),
            '–' | '—' | '‒' | '―' => s.push('–'),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            '\r' | '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' | '\u{0085}' => s.push('\n'),
            c if c.is_control() && c != '\n' => s.push(' '),
            c => s.push(c),
        }
    }
    s.nfc().collect()
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

fn class(c: char) -> Kind {
    if c.is_ascii_digit() {
        Kind::Num
    } else if c == '\n' {
        Kind::Newline
    } else if c.is_whitespace() {
        Kind::Space
    } else if c.is_alphabetic() || is_mark(c) {
        Kind::Word
    } else {
        Kind::Sym
    }
}

/// The tokens of a prepared text, in order; together they are the whole text.
pub(super) fn lex(s: &str) -> Vec<Tok<'_>> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut toks = Vec::with_capacity(chars.len() / 3 + 1);
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let mut k = 0;
    while let Some(&(start, c)) = chars.get(k) {
        let mut kind = class(c);
        k += 1;
        match kind {
            Kind::Sym => {}
            Kind::Num => {
                while at(k).is_some_and(|c| c.is_ascii_digit()) {
                    k += 1;
                }
            }
            Kind::Space | Kind::Newline => {
                while let Some(c) = at(k).filter(|c| c.is_whitespace()) {
                    if c == '\n' {
                        kind = Kind::Newline;
                    }
                    k += 1;
                }
            }
            Kind::Word => loop {
                match at(k) {
                    Some(c) if class(c) == Kind::Word => k += 1,
                    Some('\'') if at(k + 1).is_some_and(|c| c.is_alphabetic()) => k += 2,
                    _ => break,
                }
            },
        }
        let end = chars.get(k).map_or(s.len(), |&(j, _)| j);
        if let Some(text) = s.get(start..end) {
            toks.push(Tok { kind, text });
        }
    }
    toks
}

/// The digits of token `i`, if it is a digit run.
pub(super) fn num<'a>(toks: &[Tok<'a>], i: usize) -> Option<&'a str> {
    toks.get(i).filter(|t| t.kind == Kind::Num).map(|t| t.text)
}

/// The text of token `i`, if it is a word.
pub(super) fn word<'a>(toks: &[Tok<'a>], i: usize) -> Option<&'a str> {
    toks.get(i).filter(|t| t.kind == Kind::Word).map(|t| t.text)
}

/// The character of token `i`, if it is a symbol.
pub(super) fn sym(toks: &[Tok<'_>], i: usize) -> Option<char> {
    toks.get(i).and_then(Tok::sym)
}

/// The kind of token `i`.
pub(super) fn kind(toks: &[Tok<'_>], i: usize) -> Option<Kind> {
    toks.get(i).map(|t| t.kind)
}

/// The kind of the token before `i`.
pub(super) fn kind_before(toks: &[Tok<'_>], i: usize) -> Option<Kind> {
    i.checked_sub(1).and_then(|j| kind(toks, j))
}
