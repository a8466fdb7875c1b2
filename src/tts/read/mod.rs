//! Written Vietnamese as it is read aloud (spec §13): a notice as an officer types it ("UBND xã
//! thông báo: từ 7-9 giờ ngày 31/8/2026 ...") rewritten as an announcer says it ("Ủy ban nhân dân
//! xã thông báo: từ bảy đến chín giờ ngày ba mươi mốt tháng tám năm hai nghìn không trăm hai mươi
//! sáu ..."), so that an engine (espeak-ng `vi`, a Piper voice) never meets a digit, an
//! abbreviation or a symbol it would misread. Pure: no I/O, no clock; never panics.
//!
//! This file owns the public API, the station's [`Lexicon`] and the driver that walks the tokens;
//! `lex` prepares and cuts the text, `expr` reads whatever starts at a digit (with `dates`,
//! `numbers`, `units`), `words` holds the built-in abbreviations and spelling, `out` writes
//! the result. The decisions (docs/tts.md carries the same list):
//!
//! - Input: full-width digits, `℃`, curly quotes, long dashes mapped, zero-width marks removed,
//!   then NFC. Output: words one space apart, trimmed, one line; `. , ; : ! ?` kept; a line
//!   break is `.` unless a mark ends the line; of two marks in a row the stronger stays; brackets
//!   are `,`; a `,` at the very end goes; `"`, `*`, `#`, `_`, `•`, emoji, other symbols dropped.
//! - `1.250` is 1250 (dots between groups of exactly three); `2,5` hai phẩy năm: the fraction's
//!   leading zeros "không", the rest a number up to three digits, else digit by digit, so
//!   `1,250` is một phẩy hai trăm năm mươi. Other dots are "chấm" (`12.34.56`, `mục 1.5`) but a
//!   single one before a unit or triệu/tỷ is "phẩy" (`1.5m`, `1.5 triệu`). `1,2,3` is a list.
//! - 1.000.001 is một triệu không trăm linh một; above a billion, groups of three before "tỷ".
//! - Dates: `31/8/2026`, `31-8-2026`, `31.8.2026`, `31/8`, `8/2026`; `31-8`, `31.8` only after
//!   "ngày" or "và"/"hoặc" after a date (alone `7-9` is a range). A `d/m` that can be a date is
//!   one (`1/2`: ngày một tháng hai); an impossible one (`45/13`) is two numbers with "trên". No
//!   "ngày"/"tháng" after the same word. After "số" nothing is a date (`số 12/2026/NĐ-CP`).
//! - Ranges (`-`, `–`, spaces allowed) are "đến"; a unit written once at the end stays at the end
//!   (`15-20%`, `7-9h`); `1-5/9` is ngày một đến ngày năm tháng chín; `T2-T6` thứ hai đến thứ sáu.
//! - Times: `h`/`H` after any number is "giờ"; `g` needs minutes (`7g30`) or "lúc" before
//!   (`lúc 13g`), else it is grams; `hh:mm` must be a time of day; `:00` and `h00` say no minutes.
//! - Phones digit by digit: from 0, 9–11 digits, whole or in groups split by a space, `.` or `-`;
//!   1800/1900 numbers of 8–10 digits; `+84 912 …` "cộng tám bốn chín một …"; any run of three
//!   digits or more after hotline, đường dây nóng, tổng đài, điện thoại, SĐT, ĐT, fax, Zalo.
//!   111–116 digit by digit only after "gọi", "gọi ngay" or "số" (`115 hộ` is a number). Any
//!   other run from 0 of four digits or more, or of more than fifteen, digit by digit.
//! - `/` between numbers (no date) and `:` (no time) are "trên"; `/` after a quantity
//!   ("2 lần/ngày", "50.000đ/người") "một"; before an all-capital code (`12/QĐ-UBND`) silent;
//!   between other words "hoặc" ("ông/bà"). `x`/`×` between numbers "nhân". `+` "cộng" after a
//!   word or number (`2 + 3`, `K+`), dropped as a bullet; `&` "và", `=` "bằng", `@` "a còng", `~` "khoảng",
//!   `>`/`<`/`≥`/`≤` before a number "trên"/"dưới"/"từ"/"không quá". `-` glued before a
//!   temperature and `−` before a number "âm". A `.` between two words, lower case after, "chấm".
//! - Abbreviations: the station's lexicon first, then the built-in table; whole words, exactly as
//!   written (case-sensitive; a key's dot is part of it; a key may span words). A lexicon reading
//!   is itself read, with the built-in table only. An unknown all-capital word of 2–6 letters
//!   (A–Z, Đ) is spelled the Vietnamese way (`HIV` hát i vê), unless it is a Vietnamese syllable
//!   (`TIN`) or has 4–6 letters that can be said as written (`YAGI`, `NATO`); words with other
//!   accents (`THÔNG`) and single letters stay. Letters glued to digits are spelled (`H5N1` hát
//!   năm en một, `3G` ba gờ, `số 12A`), road prefixes named (`QL1A` quốc lộ một a).
//! - Roman numerals (I, V, X; 1–39) only after quý, khóa, (đại) hội, (thế) kỷ, cấp, kỳ, thứ,
//!   chương, phần, đợt, (giai) đoạn, (báo) động, lần, mục, tập, hạng, loại, vùng.
//! - `read_aloud(read_aloud(x)) == read_aloud(x)` with the built-in table alone; with a station's
//!   lexicon only if no reading contains one of its keys.

use std::collections::HashMap;

mod dates;
mod expr;
mod lex;
mod numbers;
mod out;
mod units;
mod words;

#[cfg(test)]
mod tests;

use lex::{Kind, Tok, kind, kind_before, num, sym};
use out::Out;

/// Which forms numbers are read in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// nghìn, linh (the broadcast standard).
    #[default]
    North,
    /// ngàn, lẻ.
    South,
}

/// The station's own readings (`[tts] lexicon`), over the built-in table: whole words, as written.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Entries by the text of their key's first token, longest key first.
    index: HashMap<String, Vec<Entry>>,
}

#[derive(Clone, Debug)]
struct Entry {
    key: Vec<(Kind, String)>,
    reading: String,
}

impl Lexicon {
    /// Later entries replace earlier ones with the same key; a key may span words ("Ea H'leo").
    pub fn new(entries: impl IntoIterator<Item = (String, String)>) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for (key, reading) in entries {
            lexicon.insert(&key, reading);
        }
        lexicon
    }

    fn from_static(entries: &[(&str, &str)]) -> Lexicon {
        Lexicon::new(
            entries
                .iter()
                .map(|(k, r)| ((*k).to_owned(), (*r).to_owned())),
        )
    }

    fn insert(&mut self, key: &str, reading: String) {
        let prepared = lex::prepare(key);
        let mut toks: Vec<(Kind, String)> = Vec::new();
        for t in lex::lex(&prepared) {
            let kind = if t.kind == Kind::Newline {
                Kind::Space
            } else {
                t.kind
            };
            if kind == Kind::Space && toks.last().is_none_or(|(k, _)| *k == Kind::Space) {
                continue;
            }
            toks.push((kind, t.text.to_owned()));
        }
        if toks.last().is_some_and(|(k, _)| *k == Kind::Space) {
            toks.pop();
        }
        let Some((_, first)) = toks.first() else {
            return;
        };
        let bucket = self.index.entry(first.clone()).or_default();
        bucket.retain(|e| e.key != toks);
        bucket.push(Entry { key: toks, reading });
        bucket.sort_by_key(|e| std::cmp::Reverse(e.key.len()));
    }

    /// Whether the station has no readings of its own.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The longest entry whose key starts at token `i` and ends at a word boundary: the token
    /// after it and its reading. A space in a key matches any run of blanks and dropped symbols.
    fn find(&self, toks: &[Tok<'_>], i: usize) -> Option<(usize, &str)> {
        let bucket = self.index.get(toks.get(i)?.text)?;
        bucket.iter().find_map(|e| {
            let mut j = i;
            for (k, text) in &e.key {
                if *k == Kind::Space {
                    let start = j;
                    while toks.get(j).is_some_and(gap) {
                        j += 1;
                    }
                    if j == start {
                        return None;
                    }
                } else if toks.get(j).is_some_and(|t| t.kind == *k && t.text == text) {
                    j += 1;
                } else {
                    return None;
                }
            }
            let glued = e
                .key
                .last()
                .is_some_and(|(k, _)| matches!(k, Kind::Word | Kind::Num))
                && toks.get(j).is_some_and(Tok::alnum);
            (!glued).then_some((j, e.reading.as_str()))
        })
    }

    /// The reading of a one-token key `w`.
    fn word(&self, w: &str) -> Option<&str> {
        let bucket = self.index.get(w)?;
        bucket
            .iter()
            .find(|e| e.key.len() == 1)
            .map(|e| e.reading.as_str())
    }
}

/// `text` as it is to be read aloud: no digit, abbreviation or symbol an engine would misread.
pub fn read_aloud(text: &str, dialect: Dialect, lexicon: &Lexicon) -> String {
    let prepared = lex::prepare(text);
    let toks = lex::lex(&prepared);
    let mut cx = Cx {
        toks: &toks,
        out: Out::with_capacity(prepared.len() * 2),
        dialect,
        lexicon,
    };
    let mut i = 0;
    while i < toks.len() {
        i = cx.step(i).max(i + 1);
    }
    cx.out.finish()
}

/// What a space in a key matches: blanks, dropped symbols and hyphens (they all read as a space).
fn gap(t: &Tok<'_>) -> bool {
    t.kind == Kind::Space || matches!(t.sym(), Some('-' | '–')) || silent(t)
}

/// A symbol that is dropped: it says nothing and does not pause.
fn silent(t: &Tok<'_>) -> bool {
    t.sym().is_some_and(|c| {
        !matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '-'
                | '–'
                | '−'
                | '+'
                | '&'
                | '='
                | '@'
                | '%'
                | '°'
                | '×'
                | '$'
                | '€'
                | '/'
                | '>'
                | '<'
                | '≥'
                | '≤'
                | '~'
                | '≈'
        )
    })
}

/// One reading in progress.
struct Cx<'t, 'l> {
    toks: &'t [Tok<'t>],
    out: Out,
    dialect: Dialect,
    lexicon: &'l Lexicon,
}

impl Cx<'_, '_> {
    /// Reads from token `i`; returns the token after what it read.
    fn step(&mut self, i: usize) -> usize {
        let Some(tok) = self.toks.get(i).copied() else {
            return i + 1;
        };
        match tok.kind {
            Kind::Space => return i + 1,
            Kind::Newline => {
                // A sentence wrapped onto the next line (it goes on in lower case) reads on; a
                // blank line, or a line that starts anew, ends the sentence.
                let one_break = tok.text.matches('\n').count() == 1;
                let goes_on = self
                    .toks
                    .get(i + 1)
                    .filter(|t| t.kind == Kind::Word)
                    .and_then(|t| t.text.chars().next())
                    .is_some_and(char::is_lowercase);
                if !(one_break && goes_on) {
                    self.out.brk();
                }
                return i + 1;
            }
            _ => {}
        }
        let glued_before = tok.alnum()
            && i.checked_sub(1)
                .and_then(|j| self.toks.get(j))
                .is_some_and(Tok::alnum);
        if !glued_before {
            let lexicon = self.lexicon;
            if let Some((end, reading)) = lexicon.find(self.toks, i) {
                self.station(reading);
                return end;
            }
            if let Some((end, reading)) = words::builtin().find(self.toks, i) {
                self.out.extend_read(reading);
                return end;
            }
        }
        match tok.kind {
            Kind::Word => self.word(i, tok.text),
            Kind::Num => expr::number(self, i),
            _ => self.sym(i, tok.sym().unwrap_or(' ')),
        }
    }

    /// A reading from the station's lexicon, itself read with the built-in table.
    fn station(&mut self, reading: &str) {
        let said = read_aloud(reading, self.dialect, &Lexicon::default());
        self.out.extend_read(&said);
    }

    fn word(&mut self, i: usize, w: &str) -> usize {
        let toks = self.toks;
        let in_code =
            kind_before(toks, i) == Some(Kind::Num) || kind(toks, i + 1) == Some(Kind::Num);
        if in_code {
            if let Some(r) = words::road(w) {
                self.out.words(r);
            } else if let Some(r) = self.lexicon.word(w) {
                let r = r.to_owned();
                self.station(&r);
            } else if let Some(r) = words::builtin().word(w) {
                self.out.extend_read(r);
            } else if words::is_caps(w) {
                self.out.words(&words::spell(w));
            } else {
                self.out.words(w);
            }
        } else if let Some(v) = numbers::roman(w)
            && let Some(tail) = self.out.tail()
            && words::takes_roman(&tail)
        {
            let said = if tail == "thứ" {
                numbers::ordinal(v, self.dialect)
            } else {
                numbers::cardinal(&v.to_string(), self.dialect)
            };
            self.out.words(&said);
        } else if w == "C" && self.out.tail().as_deref() == Some("độ") {
            self.out.words("xê");
        } else if words::is_acronym(w) {
            self.out.words(&words::spell(w));
        } else {
            self.out.words(w);
        }
        i + 1
    }

    fn sym(&mut self, i: usize, c: char) -> usize {
        let toks = self.toks;
        let before = i.checked_sub(1).and_then(|j| toks.get(j));
        let after = toks.get(i + 1);
        let alnum_before = before.is_some_and(Tok::alnum);
        let alnum_after = after.is_some_and(Tok::alnum);
        let num_after = num(toks, i + 1).is_some();
        let num_near =
            num_after || (kind(toks, i + 1) == Some(Kind::Space) && num(toks, i + 2).is_some());
        match c {
            '.' if kind_before(toks, i) == Some(Kind::Word)
                && after.is_some_and(|t| {
                    t.kind == Kind::Word && t.text.chars().next().is_some_and(char::is_lowercase)
                }) =>
            {
                self.out.words("chấm");
            }
            ':' if kind_before(toks, i) == Some(Kind::Num) && num_after => self.out.words("trên"),
            '.' | ',' | ';' | ':' | '!' | '?' => self.out.punct(c),
            '(' | ')' | '[' | ']' | '{' | '}' => self.out.punct(','),
            '-' | '–' if weekday_before(toks, i) && weekday_after(toks, i) => {
                self.out.words("đến");
            }
            '-' | '–' if num_after && !alnum_before && temperature_at(toks, i + 1) => {
                self.out.words("âm");
            }
            '-' | '–' if !alnum_before && !alnum_after => self.out.punct(','),
            '−' if num_after => self.out.words("âm"),
            '+' if num_after && !alnum_before => return self.plus(i),
            '+' if alnum_before || (num_before_near(toks, i) && num_near) => {
                self.out.words("cộng");
            }
            '&' => self.out.words("và"),
            '=' => self.out.words("bằng"),
            '@' => self.out.words("a còng"),
            '%' => self.out.words("phần trăm"),
            '°' => self.out.words("độ"),
            '×' => self.out.words("nhân"),
            '$' | '€' if num_after => {
                let end = expr::number(self, i + 1);
                self.out.words(if c == '$' { "đô la" } else { "ơ rô" });
                return end;
            }
            '$' => self.out.words("đô la"),
            '€' => self.out.words("ơ rô"),
            '/' if (alnum_before || self.out.after_quantity()) && alnum_after => {
                let code = after.is_some_and(|t| words::is_caps(t.text));
                match (num_after, code, self.out.after_quantity()) {
                    (true, _, _) => self.out.words("trên"),
                    (false, true, _) => {}
                    (false, false, true) => self.out.words("một"),
                    (false, false, false) => self.out.words("hoặc"),
                }
            }
            '>' if num_near => self.out.words("trên"),
            '<' if num_near => self.out.words("dưới"),
            '≥' if num_near => self.out.words("từ"),
            '≤' if num_near => self.out.words("không quá"),
            '~' | '≈' if num_near => self.out.words("khoảng"),
            _ => {}
        }
        i + 1
    }

    /// `+` before digits: an international phone number ("cộng tám bốn …"), else "cộng".
    fn plus(&mut self, i: usize) -> usize {
        let groups = expr::groups(self.toks, i + 1, 1, 15);
        match groups
            .into_iter()
            .rev()
            .find(|(d, _, _)| (8..=15).contains(&d.len()))
        {
            Some((digits, _, end)) => {
                self.out.words("cộng");
                self.out.words(&numbers::digits(&digits));
                end
            }
            None => {
                self.out.words("cộng");
                i + 1
            }
        }
    }
}

/// Whether a digit run ends just before `i`, a space between allowed (`2 + 3`).
fn num_before_near(toks: &[Tok<'_>], i: usize) -> bool {
    let j = if kind_before(toks, i) == Some(Kind::Space) {
        i.saturating_sub(1)
    } else {
        i
    };
    kind_before(toks, j) == Some(Kind::Num)
}

/// Whether `T2`…`T7` or `CN` ends just before `i`, a space between allowed (`T2-T6`: đến).
fn weekday_before(toks: &[Tok<'_>], i: usize) -> bool {
    let j = if kind_before(toks, i) == Some(Kind::Space) {
        i.saturating_sub(1)
    } else {
        i
    };
    match (j.checked_sub(2), j.checked_sub(1)) {
        (_, Some(k)) if toks.get(k).is_some_and(|t| t.text == "CN") => true,
        (Some(w), Some(n)) => weekday(toks, w) == Some(n + 1),
        _ => false,
    }
}

/// Whether `T2`…`T7` or `CN` starts just after `i`, a space between allowed.
fn weekday_after(toks: &[Tok<'_>], i: usize) -> bool {
    let j = if kind(toks, i + 1) == Some(Kind::Space) {
        i + 2
    } else {
        i + 1
    };
    weekday(toks, j).is_some()
}

/// The token after a weekday written `T2`…`T7` or `CN` at `i`.
fn weekday(toks: &[Tok<'_>], i: usize) -> Option<usize> {
    let t = toks.get(i)?;
    let end = match (t.text, num(toks, i + 1)) {
        ("CN", _) => i + 1,
        ("T", Some("2" | "3" | "4" | "5" | "6" | "7")) => i + 2,
        _ => return None,
    };
    (!toks.get(end).is_some_and(Tok::alnum)).then_some(end)
}

/// Whether the number at `i` is a temperature (`-5°C`, `-5 độ`).
fn temperature_at(toks: &[Tok<'_>], i: usize) -> bool {
    let mut j = i + 1;
    while matches!(sym(toks, j), Some(',' | '.')) && num(toks, j + 1).is_some() {
        j += 2;
    }
    if kind(toks, j) == Some(Kind::Space) {
        j += 1;
    }
    sym(toks, j) == Some('°') || matches!(toks.get(j).map(|t| t.text), Some("oC" | "độ"))
}
