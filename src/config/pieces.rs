//! A big document read a piece at a time: the entries of one array of tables (`[[announcement]]`)
//! apart from the rest, each parsed when it is read and dropped after.
//!
//! The TOML parser keeps every token of the text it parses (24 bytes each, about one for every
//! two bytes of a schedule), and its tree takes some 3 KB an entry: 100,000 announcements peaked
//! near 500 MiB while being read, twenty times the file. Cut at its `[[announcement]]` headers,
//! the same file is parsed a header's worth at a time.
//!
//! Every span is put back where it is in the whole text, so what is read from a piece is what
//! the whole would have given, down to the line and column of each diagnostic. The cut is only
//! a shortcut: where it cannot be sure (a header it cannot find without the parser, a piece the
//! parser complains about, the key written in some other form), [`cut`] and [`Pieces::entry`]
//! say so and the caller reads the text whole, as the parser's complaints need.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A text cut at the headers `[[KEY]]`: the entries, and the rest of the text run together.
pub struct Pieces<'i> {
    text: &'i str,
    key: &'i str,
    /// Each entry: from its header line to the next header, or the end.
    pub entries: Vec<Range<usize>>,
    /// The text without the entries.
    rest: String,
    /// Where each run of `rest` starts: (offset in `rest`, offset in `text`).
    runs: Vec<(usize, usize)>,
}

/// Cuts `text` at its `[[key]]` header lines, or `None` when the headers cannot be told from
/// the text without the parser (a quote or bracket left open at the end).
pub fn cut<'i>(text: &'i str, key: &'i str) -> Option<Pieces<'i>> {
    let header = format!("[[{key}]]");
    // (offset, is an entry's header) of every header line.
    let mut headers = Vec::new();
    let mut within = Within::Code;
    let mut depth = 0i32;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if within == Within::Code && depth == 0 {
            let code = line.trim_start_matches([' ', '\t']);
            if code.starts_with('[') {
                let written = code.split('#').next().unwrap_or_default().trim_end();
                headers.push((start, written == header));
                continue;
            }
        }
        within = scan(line.as_bytes(), within, &mut depth)?;
    }
    if within != Within::Code || depth != 0 {
        return None;
    }
    let mut pieces = Pieces {
        text,
        key,
        entries: Vec::new(),
        rest: String::new(),
        runs: Vec::new(),
    };
    let mut bounds: Vec<(usize, bool)> = vec![(0, false)];
    bounds.extend(headers);
    for (i, &(start, entry)) in bounds.iter().enumerate() {
        let end = bounds.get(i + 1).map_or(text.len(), |b| b.0);
        if start == end {
            continue;
        }
        if entry {
            pieces.entries.push(start..end);
        } else {
            pieces.runs.push((pieces.rest.len(), start));
            pieces.rest.push_str(&text[start..end]);
        }
    }
    Some(pieces)
}

/// What the line's end is inside of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Within {
    Code,
    /// `"""…`
    Basic,
    /// `'''…`
    Literal,
}

/// Reads one line from `within`, counting open brackets and braces in `depth`; `None` when it
/// closes more than it opened.
fn scan(b: &[u8], mut within: Within, depth: &mut i32) -> Option<Within> {
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        match within {
            Within::Basic if rest.starts_with(b"\"\"\"") => {
                within = Within::Code;
                i += 3;
                continue;
            }
            Within::Basic if b[i] == b'\\' => i += 1,
            Within::Literal if rest.starts_with(b"'''") => {
                within = Within::Code;
                i += 3;
                continue;
            }
            Within::Basic | Within::Literal => {}
            Within::Code => match b[i] {
                b'#' => break,
                b'"' if rest.starts_with(b"\"\"\"") => {
                    within = Within::Basic;
                    i += 3;
                    continue;
                }
                b'\'' if rest.starts_with(b"'''") => {
                    within = Within::Literal;
                    i += 3;
                    continue;
                }
                b'"' => {
                    i += 1;
                    while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                }
                b'\'' => {
                    i += 1;
                    while i < b.len() && b[i] != b'\'' && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'[' | b'{' => *depth += 1,
                b']' | b'}' => {
                    *depth -= 1;
                    if *depth < 0 {
                        return None;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    Some(within)
}

impl<'i> Pieces<'i> {
    /// The text without the entries, parsed, its spans where they are in the whole text; `None`
    /// when the parser complains, or when the key is there in another form (`[key]`,
    /// `[key.sub]`, `key = …`).
    pub fn rest(&self) -> Option<Spanned<DeTable<'_>>> {
        let (doc, errors) = DeTable::parse_recoverable(&self.rest);
        if !errors.is_empty() || doc.get_ref().get(self.key).is_some() {
            return None;
        }
        let runs = &self.runs;
        let at = |pos: usize| {
            let i = runs.partition_point(|r| r.0 <= pos).max(1) - 1;
            runs.get(i).map_or(pos, |r| r.1 + (pos - r.0))
        };
        // An end is mapped from the byte before it: a span that ends where a run ends stays in
        // that run, and does not jump to where the next one starts.
        let span = |s: Range<usize>| {
            let start = at(s.start);
            let end = if s.end > s.start {
                at(s.end - 1) + 1
            } else {
                start
            };
            start..end
        };
        Some(moved(doc, &span))
    }

    /// One entry, parsed (the table under its header), its spans where they are in the whole
    /// text; `None` when the parser complains about it.
    pub fn entry(&self, range: &Range<usize>) -> Option<Spanned<DeValue<'i>>> {
        let (doc, errors) = DeTable::parse_recoverable(&self.text[range.clone()]);
        if !errors.is_empty() {
            return None;
        }
        let mut root = doc.into_inner().into_iter();
        let (key, value) = root.next()?;
        if root.next().is_some() || key.get_ref() != self.key {
            return None;
        }
        let DeValue::Array(mut items) = value.into_inner() else {
            return None;
        };
        if items.len() != 1 {
            return None;
        }
        let item = std::mem::replace(
            items.first_mut()?,
            Spanned::new(0..0, DeValue::Boolean(false)),
        );
        let offset = range.start;
        Some(moved(item, &|s: Range<usize>| {
            s.start + offset..s.end + offset
        }))
    }
}

/// `v` with every span in it moved by `span`.
fn moved<'v, T: Moved<'v>>(
    v: Spanned<T>,
    span: &dyn Fn(Range<usize>) -> Range<usize>,
) -> Spanned<T> {
    let at = span(v.span());
    Spanned::new(at, v.into_inner().moved(span))
}

trait Moved<'v> {
    fn moved(self, span: &dyn Fn(Range<usize>) -> Range<usize>) -> Self;
}

impl<'v> Moved<'v> for DeTable<'v> {
    fn moved(self, span: &dyn Fn(Range<usize>) -> Range<usize>) -> Self {
        let mut out = DeTable::with_capacity(self.len());
        for (k, v) in self {
            out.insert(Spanned::new(span(k.span()), k.into_inner()), moved(v, span));
        }
        out
    }
}

impl<'v> Moved<'v> for DeValue<'v> {
    fn moved(self, span: &dyn Fn(Range<usize>) -> Range<usize>) -> Self {
        match self {
            DeValue::Table(t) => DeValue::Table(t.moved(span)),
            DeValue::Array(mut items) => {
                for item in items.iter_mut() {
                    let v = std::mem::replace(item, Spanned::new(0..0, DeValue::Boolean(false)));
                    *item = moved(v, span);
                }
                DeValue::Array(items)
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key and value of a tree with its span, in order: what two trees must share.
    fn flat(v: &Spanned<DeValue<'_>>, out: &mut Vec<String>) {
        match v.get_ref() {
            DeValue::Table(t) => {
                out.push(format!("{:?} table", v.span()));
                for (k, v) in t.iter() {
                    out.push(format!("{:?} key {}", k.span(), k.get_ref()));
                    flat(v, out);
                }
            }
            DeValue::Array(items) => {
                out.push(format!("{:?} array", v.span()));
                for item in items.iter() {
                    flat(item, out);
                }
            }
            other => out.push(format!("{:?} {other:?}", v.span())),
        }
    }

    fn whole(text: &str) -> (Vec<String>, Vec<String>) {
        let (doc, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty(), "{errors:?}");
        let mut rest = doc.into_inner();
        let mut entries = Vec::new();
        if let Some(v) = rest.remove("announcement") {
            let DeValue::Array(items) = v.get_ref() else {
                panic!("not an array")
            };
            for item in items.iter() {
                flat(item, &mut entries);
            }
        }
        let mut others = Vec::new();
        for (k, v) in rest.iter() {
            others.push(format!("{:?} key {}", k.span(), k.get_ref()));
            flat(v, &mut others);
        }
        (entries, others)
    }

    fn by_pieces(text: &str) -> Option<(Vec<String>, Vec<String>)> {
        let p = cut(text, "announcement")?;
        let mut entries = Vec::new();
        for r in &p.entries {
            flat(&p.entry(r)?, &mut entries);
        }
        let rest = p.rest()?;
        let mut others = Vec::new();
        for (k, v) in rest.get_ref().iter() {
            others.push(format!("{:?} key {}", k.span(), k.get_ref()));
            flat(v, &mut others);
        }
        Some((entries, others))
    }

    const TRICKY: &str = r#"# Lịch phát
[station]
name = "Xã [[announcement]]"  # a header's words in a text
audio_dir = "/srv/loa"

[[announcement]]
id = "a"
title = """
[[announcement]]
id = "not-a-header"
"""
files = [
  "a.mp3",  # [ not a bracket
  'b]c.mp3',
]
at = ["05:30"]

[[emergency]]
id = "bao"
files = ["bao.mp3"]

  [[announcement]]   # indented, with a note
id = "b"
title = 'Bản tin "chiều"'
notes = '''
[station]
'''
cron = "0 0 17 * * Mon-Fri"
quiet = { from = "22:00", to = "05:00" }

[web]
listen = "0.0.0.0:8443"
"#;

    #[test]
    fn the_pieces_give_what_the_whole_gives_with_the_same_spans() {
        let p = cut(TRICKY, "announcement").expect("cut");
        assert_eq!(p.entries.len(), 2, "the header in the text is not one");
        assert_eq!(by_pieces(TRICKY), Some(whole(TRICKY)));
    }

    #[test]
    fn what_the_cut_cannot_be_sure_of_is_read_whole() {
        // The key in another form: a sub-table, a single table, a plain key.
        for text in [
            "[[announcement]]\nid = \"a\"\n[announcement.extra]\nx = 1\n",
            "[announcement]\nid = \"a\"\n",
            "announcement = 1\n",
        ] {
            let read = cut(text, "announcement").and_then(|p| {
                p.entries.iter().try_for_each(|r| p.entry(r).map(drop))?;
                p.rest().map(drop)
            });
            assert_eq!(read, None, "{text}");
        }
        // A quote or bracket left open: no cut at all.
        assert!(cut("[[announcement]]\nfiles = [\n", "announcement").is_none());
        assert!(cut("title = \"\"\"\n[[announcement]]\n", "announcement").is_none());
        // A piece the parser complains about.
        let p = cut("[[announcement]]\nid = \n", "announcement").expect("cut");
        assert!(p.entry(&p.entries[0]).is_none());
    }
}
