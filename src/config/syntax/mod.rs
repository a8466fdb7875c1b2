//! Text → the TOML tree, and the parser's complaints worded for the person who edits the
//! schedule: what is wrong on the line, in plain words, and what to write instead.
//!
//! The parser (`toml_parser` 1.1, through `toml::de::DeTable`) says what it expected in English
//! ("key with no value, expected `=`"). Each of its complaints is sorted into a [`Kind`] — the
//! mistake a person makes — and worded from the catalogue; the habits behind most of them (an
//! invisible character pasted from Zalo, curly quotes, `at: "17h"`, `// note`, a day-first date)
//! are looked for on the line first, because the parser's complaint is only their symptom.
//!
//! It must not let the parser's own words reach a Vietnamese reader (the English catalogue keeps
//! them, in brackets, for what it does not know), and it says at most one thing per line: one
//! missing quote or bracket must not bury the page under the lines the parser misread after it.
//!
//! `mod.rs` sorts and chooses (which complaint of a line to explain, which lines a missing
//! bracket or quote made the parser misread); `habits.rs` looks on the line for the habit behind
//! it; `words.rs` words each kind; `scan.rs` reads a line without the parser (its quoted parts,
//! invisible characters, open brackets).

use std::collections::{BTreeMap, HashMap};

use toml::Spanned;
use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, Source, Span, line_starts};
use scan::{Line, open_bracket_at};

mod habits;
mod scan;
mod words;

/// Parses TOML text into its tree. Syntax errors are reported (at most one per line); if there
/// are any, `None` is returned because the tree is only a guess.
pub fn parse_document<'i>(
    src: &Source<'i>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Spanned<DeTable<'i>>> {
    let (doc, errors) = DeTable::parse_recoverable(src.text);
    if errors.is_empty() {
        return Some(doc);
    }
    let found = errors
        .iter()
        .map(|e| Found::new(e.span().unwrap_or(0..0), e.message()))
        .collect();
    diags.extend(explain(src, found));
    None
}

/// The mistake behind one of the parser's complaints. Every message `toml_parser` 1.1.6,
/// `toml` 1.2.2 and `toml_datetime` 1.1.3 can give is sorted here (see [`Kind::of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// "duplicate key": a key, or a `[table]`, written twice.
    DuplicateKey,
    /// "cannot extend value of type … with a dotted key": `a = 1` then `a.b = 2`.
    Dotted,
    /// "string values must be quoted": `title = Bản tin`.
    Unquoted,
    /// "invalid boolean" / "invalid float, expected `inf`": the parser guessed a word starting
    /// with t, f, i or n was meant as true, false, inf or nan (`days = t2-t6`).
    Word,
    /// "missing opening quote": `title = Bản tin"`.
    MissingOpenQuote,
    /// "invalid basic string, expected `"`" and the like: a quote opened and not closed.
    Unclosed,
    /// An invalid character inside quoted text (a control character).
    BadChar,
    /// A backslash inside "…": "missing escaped value", "too few unicode value digits".
    Escape,
    /// "key with no value" / "missing value for key": no `=` after a key.
    NoEquals,
    /// "invalid unquoted key": a key with accents, spaces or other characters.
    KeyChars,
    /// "unquoted keys cannot be empty": `= 1`, `[]`.
    KeyEmpty,
    /// "invalid key", "invalid key-value pair", "keys cannot be multi-line …".
    KeyBad,
    /// "unclosed table", "unclosed array table", "invalid table", "missing table open".
    Header,
    /// "unexpected key or value": more on the line after its value.
    AfterValue,
    /// "extra `=`".
    EqualsTwice,
    /// "missing value".
    MissingValue,
    /// "missing comma between array elements".
    ListComma,
    /// "extra comma in array".
    ListExtraComma,
    /// "unexpected `=` in array".
    ListEquals,
    /// "unclosed array", or a list whose missing `]` made the parser read on (found by `scan`).
    ListUnclosed,
    /// "missing array opening" / "missing inline table opening": a `]` or `}` alone.
    NoOpening,
    /// The mistakes of a `{ … }` table on one line.
    InlineTable,
    /// "unclosed inline table".
    InlineUnclosed,
    /// A number the parser cannot read: a leading zero, `_`, signs, radix prefixes, fractions.
    Number,
    /// "invalid date", "invalid time", "invalid offset", "invalid datetime".
    DateTime,
    /// "carriage return must be followed by newline".
    LoneCr,
    /// "invalid comment character": a control character in a note.
    CommentChar,
    /// "recursion limit", "cannot recurse further; max recursion depth met".
    TooDeep,
    /// Anything else ("unexpected content", "could not allocate for string", a message a newer
    /// parser adds): worded plainly without the parser's own words in Vietnamese.
    Other,
}

impl Kind {
    /// Sorts the parser's message (its description, then ", expected …").
    fn of(message: &str) -> Kind {
        use Kind::*;
        let (what, expected) = message.split_once(", expected ").unwrap_or((message, ""));
        match what {
            "duplicate key" => DuplicateKey,
            w if w.starts_with("cannot extend value of type") => Dotted,
            "string values must be quoted" => Unquoted,
            "invalid boolean" => Word,
            "invalid float" if expected == "`inf`" || expected == "`nan`" => Word,
            "missing opening quote" => MissingOpenQuote,
            "invalid basic string"
            | "invalid literal string"
            | "invalid multi-line basic string"
            | "invalid multi-line literal string" => match expected {
                "`\"`" | "`'`" => Unclosed,
                // A multi-line text's line-ending backslash followed by more on the line.
                "newline" => Escape,
                _ => BadChar,
            },
            "missing escaped value" | "too few unicode value digits" | "invalid value" => Escape,
            "key with no value" | "missing value for key" => NoEquals,
            "invalid unquoted key" => KeyChars,
            "unquoted keys cannot be empty" => KeyEmpty,
            "invalid key"
            | "invalid key-value pair"
            | "keys cannot be multi-line basic strings"
            | "keys cannot be multi-line literal strings" => KeyBad,
            "invalid table" | "unclosed table" | "unclosed array table" | "missing table open" => {
                Header
            }
            "unexpected key or value" => AfterValue,
            "extra `=`" => EqualsTwice,
            "missing value" => MissingValue,
            "missing comma between array elements" => ListComma,
            "extra comma in array" => ListExtraComma,
            "unexpected `=` in array" => ListEquals,
            "unclosed array" => ListUnclosed,
            "missing array opening" | "missing inline table opening" => NoOpening,
            "unclosed inline table" => InlineUnclosed,
            "extra comma in inline table"
            | "extra assignment between key-value pairs"
            | "missing key for inline table element"
            | "missing assignment between key-value pairs"
            | "missing comma between key-value pairs"
            | "invalid inline table element" => InlineTable,
            "invalid integer number"
            | "invalid hexadecimal number"
            | "invalid octal number"
            | "invalid binary number"
            | "invalid float"
            | "invalid mantissa"
            | "invalid fraction"
            | "invalid exponent"
            | "unexpected leading zero"
            | "`_` may only go between digits"
            | "redundant numeric sign"
            | "unexpected sign"
            | "integers with a radix cannot be signed"
            | "radix must be lowercase"
            | "redundant integer number prefix" => Number,
            "invalid date" | "invalid time" | "invalid offset" | "invalid datetime"
            | "invalid date-time" => DateTime,
            "carriage return must be followed by newline" => LoneCr,
            "invalid comment character" => CommentChar,
            "recursion limit" | "cannot recurse further; max recursion depth met" => TooDeep,
            _ => Other,
        }
    }

    /// Which of a line's complaints to explain: a backslash or a bad character is the cause of
    /// the others on its line; what `scan` added (an open list) only if nothing else is there.
    fn rank(self, synthetic: bool) -> u8 {
        match self {
            _ if synthetic => 2,
            // A `{ }` table's own mistakes make the parser misread its values too.
            Kind::Escape | Kind::BadChar | Kind::CommentChar | Kind::InlineTable => 0,
            _ => 1,
        }
    }
}

/// One complaint of the parser.
#[derive(Debug)]
struct Found {
    span: Span,
    kind: Kind,
    message: String,
    /// Added by `scan`, not said by the parser.
    synthetic: bool,
}

impl Found {
    fn new(span: Span, message: &str) -> Self {
        Found {
            span,
            kind: Kind::of(message),
            message: message.to_string(),
            synthetic: false,
        }
    }
}

/// What explaining a line tells about the lines after it.
enum After {
    Nothing,
    /// The next line is the rest of a text broken over two lines: its complaints are told.
    SkipNextLine,
    /// A `[table]` written again: the keys under it repeat those of the first, and are not
    /// mistakes of their own.
    QuietTable,
}
/// The arrays of tables a schedule has; written `[name]` twice, each is a mistake of brackets.
const LISTS_OF_TABLES: [&str; 3] = ["announcement", "emergency", "relay"];

/// The text, its lines, and what was found about it as a whole.
struct Doc<'a, 's> {
    src: &'s Source<'a>,
    starts: Vec<usize>,
    /// The first line written `[announcement]` (single brackets), for each list of tables.
    single_headers: Option<HashMap<&'a str, usize>>,
}

impl<'a> Doc<'a, '_> {
    /// 0-based line index of byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).max(1) - 1
    }

    /// Line `n` (0-based), without its line end.
    fn line(&self, n: usize) -> Line<'a> {
        let text = self.src.text;
        let start = self.starts.get(n).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(n + 1)
            .map_or(text.len(), |s| s.saturating_sub(1));
        let line = text.get(start..end.max(start)).unwrap_or("");
        Line::new(line.trim_end_matches('\r'), start)
    }

    /// The first line (0-based) whose header is `[name]`, single brackets.
    fn first_single_header(&mut self, name: &str) -> Option<usize> {
        if self.single_headers.is_none() {
            let mut found = HashMap::new();
            for (n, &start) in self.starts.iter().enumerate() {
                let rest = self.src.text.get(start..).unwrap_or("");
                let rest = rest.trim_start_matches([' ', '\t']);
                let Some(inner) = rest.strip_prefix('[') else {
                    continue;
                };
                if inner.starts_with('[') {
                    continue;
                }
                let Some((name, _)) = inner.split_once(']') else {
                    continue;
                };
                let name = name.trim();
                if LISTS_OF_TABLES.contains(&name) {
                    found.entry(name).or_insert(n);
                }
            }
            self.single_headers = Some(found);
        }
        self.single_headers.as_ref()?.get(name).copied()
    }
}

/// Every complaint of the parser, at most one per line, worded.
fn explain(src: &Source<'_>, mut found: Vec<Found>) -> Vec<Diagnostic> {
    let mut doc = Doc {
        src,
        starts: line_starts(src.text),
        single_headers: None,
    };
    found.sort_by_key(|f| f.span.start);
    let mut by_line: BTreeMap<usize, Vec<Found>> = BTreeMap::new();
    for f in found {
        by_line
            .entry(doc.line_of(f.span.start))
            .or_default()
            .push(f);
    }
    swallowed_lines(&doc, &mut by_line);

    let mut out = Vec::new();
    let mut skip = None;
    let mut quiet_until = 0;
    let mut told = std::collections::HashSet::new();
    for (&n, errs) in &by_line {
        if skip == Some(n) {
            continue;
        }
        let errs: Vec<&Found> = errs
            .iter()
            .filter(|f| !(n < quiet_until && f.kind == Kind::DuplicateKey))
            .collect();
        let Some(chosen) = errs
            .iter()
            .min_by_key(|f| (f.kind.rank(f.synthetic), f.span.start))
        else {
            continue;
        };
        let line = doc.line(n);
        let (d, after) = words::word(&mut doc, n, &line, chosen);
        if let Some(at) = d.line
            && told.insert(at)
        {
            out.push(d);
        }
        match after {
            After::Nothing => {}
            After::SkipNextLine => skip = Some(n + 1),
            After::QuietTable => {
                quiet_until = (n + 1..doc.starts.len())
                    .find(|&m| doc.line(m).is_header())
                    .unwrap_or(doc.starts.len());
            }
        }
    }
    out
}

/// A list (`[`) or a `{ }` table left open: the parser reads the lines after it as its items and
/// complains about each. Those complaints go; one is put on the line where the bracket opened.
fn swallowed_lines(doc: &Doc<'_, '_>, by_line: &mut BTreeMap<usize, Vec<Found>>) {
    let text = doc.src.text;
    let all = || by_line.values().flatten();
    // Left open to the end of the file, the list swallowed every line after it; else only the
    // lines down to the first `key = value` read as one of its items.
    let to_end = all().find(|f| matches!(f.kind, Kind::ListUnclosed | Kind::InlineUnclosed));
    let swallowed = match to_end {
        Some(f) => open_bracket_at(text, f.span.start).map(|open| (open, usize::MAX)),
        // Only the first: each look reads the text from its start.
        None => all().find(|f| f.kind == Kind::ListEquals).and_then(|f| {
            let open = open_bracket_at(text, f.span.start)?;
            let until = doc.line_of(f.span.start);
            (doc.line_of(open) < until).then_some((open, until))
        }),
    };
    let Some((open, until)) = swallowed else {
        return;
    };
    let open_line = doc.line_of(open);
    by_line.retain(|&n, _| n <= open_line || n > until);
    let kind = if text.as_bytes().get(open) == Some(&b'{') {
        Kind::InlineUnclosed
    } else {
        Kind::ListUnclosed
    };
    by_line.entry(open_line).or_default().push(Found {
        span: open..open + 1,
        kind,
        message: String::new(),
        synthetic: true,
    });
}
#[cfg(test)]
mod tests;
