//! What the docs quote as loa's output is loa's own words (spec §10): every line of a ```loa-vi
//! block (```loa-en) in `docs/*.md` and README.md must be said by a message of the Vietnamese
//! (English) catalogue, so a quote written by hand in the wrong language, or left behind when a
//! message's wording changes, fails here. Nothing is run: the catalogue and the docs are read.
//!
//! How a line is judged (the whole rule; `Judge::line`):
//!
//! - Each message of `loa::i18n::VI_FTL` / `EN_FTL` becomes one pattern per variant of its select
//!   expressions (every combination), a placeable `{ $x }` matching any text that is itself
//!   accounted for (see below), a literal matching itself. A pattern without any literal text
//!   (`{ $value }`) says nothing and is not used.
//! - A line passes if, trimmed, it is a message in full; or it is a diagnostic
//!   `FILE:LINE:COLUMN: error: MESSAGE` (`warning:`) or a help line `= gợi ý: MESSAGE`
//!   (`= help: …`) whose MESSAGE is; or a snippet of the schedule (`NN | LINE`, where LINE is a
//!   line of `config/schedule.toml` or of a ```toml block of the same doc, and marker lines
//!   `   |   ^^^^`); or a table or listing line whose cells (split on two or more spaces, or
//!   `LABEL: VALUE` with LABEL a message, or the `;` fields of a spreadsheet row) are each
//!   accounted for. `loa: ` at the start (how one-shot commands sign their errors) is set aside.
//! - A text is accounted for when it is data — no letter at all (numbers, times, `0:18`, `0,4`,
//!   `×2`, `-`), a date or date-time, a path or URL, a weekday as the tables abbreviate it, an
//!   id, title, key, value or line of `config/schedule.toml` or of the doc's ```toml blocks, a
//!   word of the doc's ```sh commands (a user name, a file the doc writes), or such a value cut
//!   short with `…` — or a message, or a run of words each of those, in brackets, quotes or
//!   followed by punctuation as the output puts them.
//! - Values the code hands over as they are count as data too: the names of kinds of recording
//!   (`AMR`), and, in English only, the values the English catalogue prints bare
//!   (`history-outcome = { $value }`: "played", "manual") — the Vietnamese catalogue translates
//!   them, so in a `loa-vi` block they are English and fail.
//!
//! A failure names the doc, the line, and the nearest message of the catalogue.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use fluent_syntax::parser;

/// One piece of a message's text.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Lit(String),
    Any,
}

/// One way a message can read (one variant of each of its select expressions), on one line.
#[derive(Debug)]
struct Pattern {
    id: String,
    pieces: Vec<Piece>,
}

impl Pattern {
    /// As a person reads it, placeables shown as `{…}`: for the nearest-message hint.
    fn display(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => s.as_str(),
                Piece::Any => "{…}",
            })
            .collect()
    }

    fn literals(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Lit(s) => Some(s.as_str()),
            Piece::Any => None,
        })
    }
}

/// Every message of a catalogue as patterns, each variant of each select expression taken.
fn patterns(name: &str, ftl: &str) -> Vec<Pattern> {
    let resource = match parser::parse(ftl) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{name} does not parse: {errors:?}"),
    };
    let mut out = Vec::new();
    for entry in &resource.body {
        let ast::Entry::Message(m) = entry else {
            continue;
        };
        let Some(value) = &m.value else { continue };
        for alternative in expand_pattern(value) {
            // A message of several lines is quoted line by line.
            let mut line = Vec::new();
            let mut lines = Vec::new();
            for piece in alternative {
                match piece {
                    Piece::Any => line.push(Piece::Any),
                    Piece::Lit(s) => {
                        let mut parts = s.split('\n');
                        if let Some(first) = parts.next() {
                            line.push(Piece::Lit(first.to_string()));
                        }
                        for part in parts {
                            lines.push(std::mem::take(&mut line));
                            line.push(Piece::Lit(part.to_string()));
                        }
                    }
                }
            }
            lines.push(line);
            for pieces in lines {
                let pieces = normalise(pieces);
                let has_text = pieces
                    .iter()
                    .any(|p| matches!(p, Piece::Lit(s) if !s.trim().is_empty()));
                if has_text {
                    out.push(Pattern {
                        id: m.id.name.to_string(),
                        pieces,
                    });
                }
            }
        }
    }
    assert!(out.len() > 100, "{name}: only {} patterns", out.len());
    out
}

/// Adjacent literals joined, adjacent placeables one, empty literals gone, ends trimmed (a
/// quoted line is trimmed too).
fn normalise(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for p in pieces {
        match (out.last_mut(), p) {
            (_, Piece::Lit(s)) if s.is_empty() => {}
            (Some(Piece::Lit(prev)), Piece::Lit(s)) => prev.push_str(&s),
            (Some(Piece::Any), Piece::Any) => {}
            (_, p) => out.push(p),
        }
    }
    if let Some(Piece::Lit(s)) = out.first_mut() {
        *s = s.trim_start().to_string();
    }
    if let Some(Piece::Lit(s)) = out.last_mut() {
        *s = s.trim_end().to_string();
    }
    out.retain(|p| !matches!(p, Piece::Lit(s) if s.is_empty()));
    out
}

/// The texts a pattern can produce, as pieces: the product of its select expressions' variants.
fn expand_pattern(p: &ast::Pattern<&str>) -> Vec<Vec<Piece>> {
    let mut alternatives: Vec<Vec<Piece>> = vec![Vec::new()];
    for element in &p.elements {
        let options = match element {
            ast::PatternElement::TextElement { value } => vec![vec![Piece::Lit(value.to_string())]],
            ast::PatternElement::Placeable { expression } => expand_expression(expression),
        };
        let mut next = Vec::with_capacity(alternatives.len() * options.len());
        for a in &alternatives {
            for o in &options {
                let mut joined = a.clone();
                joined.extend(o.iter().cloned());
                next.push(joined);
            }
        }
        alternatives = next;
    }
    alternatives
}

fn expand_expression(e: &ast::Expression<&str>) -> Vec<Vec<Piece>> {
    match e {
        ast::Expression::Select { variants, .. } => variants
            .iter()
            .flat_map(|v| expand_pattern(&v.value))
            .collect(),
        ast::Expression::Inline(i) => match i {
            ast::InlineExpression::StringLiteral { value } => {
                vec![vec![Piece::Lit(unescape(value))]]
            }
            ast::InlineExpression::NumberLiteral { value } => {
                vec![vec![Piece::Lit(value.to_string())]]
            }
            ast::InlineExpression::Placeable { expression } => expand_expression(expression),
            // Variables, functions and references: whatever the code puts there.
            _ => vec![vec![Piece::Any]],
        },
    }
}

/// A Fluent string literal's text: `\"`, `\\` and `\uXXXX` escapes.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some('U') => {
                let hex: String = chars.by_ref().take(6).collect();
                if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A fenced block of a doc.
struct Block {
    info: String,
    /// 1-based line number of each line of the block's body.
    lines: Vec<(usize, String)>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            match open.take() {
                Some(b) => out.push(b),
                None => {
                    open = Some(Block {
                        info: info.trim().to_string(),
                        lines: Vec::new(),
                    })
                }
            }
            continue;
        }
        if let Some(b) = open.as_mut() {
            b.lines.push((n + 1, line.to_string()));
        }
    }
    out
}

/// What a doc may quote as data besides dates, numbers and paths: what the schedule says.
#[derive(Default)]
struct Data {
    /// Keys, values, quoted strings and whole lines of TOML; words of sh commands.
    words: HashSet<String>,
    /// Whole TOML lines, trimmed: what a snippet `NN | …` may show.
    toml_lines: HashSet<String>,
}

impl Data {
    fn add_toml(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            self.toml_lines.insert(line.to_string());
            self.words.insert(line.to_string());
            let code = strip_toml_comment(line);
            // A table header is kept whole: `[[emergency]]` does not make "emergency" a word.
            if code.trim_start().starts_with('[') {
                self.words.insert(code.trim().to_string());
                continue;
            }
            if let Some((key, value)) = code.split_once('=') {
                self.words.insert(key.trim().to_string());
                self.words.insert(value.trim().to_string());
            } else {
                self.words.insert(code.trim().to_string());
            }
            // Every quoted string on the line, and every bare value of a list.
            let mut rest = code;
            while let Some(start) = rest.find('"') {
                let after = &rest[start + 1..];
                let Some(end) = after.find('"') else { break };
                self.words.insert(after[..end].to_string());
                rest = &after[end + 1..];
            }
            for token in code.split(|c: char| c.is_whitespace() || "[],=".contains(c)) {
                if !token.is_empty() && !token.contains('"') {
                    self.words.insert(token.to_string());
                }
            }
        }
    }

    fn add_sh(&mut self, text: &str) {
        for line in text.lines() {
            let code = line.split(" #").next().unwrap_or("");
            if code.trim_start().starts_with('#') {
                continue;
            }
            for token in code.split_whitespace() {
                self.words
                    .insert(token.trim_matches(|c| "\"'".contains(c)).to_string());
            }
        }
    }
}

/// A TOML line without its comment (a `#` outside quotes).
fn strip_toml_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The judge of one language over one doc's data.
struct Judge<'a> {
    lang: &'a str,
    patterns: &'a [Pattern],
    /// The message ids a label (`đài:`) or a cell may be, exactly: messages without placeables.
    plain: &'a HashSet<String>,
    help_label: &'a str,
    /// Values the code hands to a message that prints them as they are (see `Catalogues`).
    values: &'a HashSet<String>,
    data: &'a Data,
    memo: RefCell<HashMap<String, bool>>,
}

/// Every step down is a shorter text, so this only bounds the work on a pathological line.
const MAX_DEPTH: usize = 12;

impl Judge<'_> {
    /// Whether a quoted line is loa's.
    fn line(&self, raw: &str) -> bool {
        let line = raw
            .trim_start_matches('\u{feff}')
            .replace(['\u{2068}', '\u{2069}'], "");
        let line = line.trim_end();
        if line.trim().is_empty() || self.snippet(line) {
            return true;
        }
        let mut t = line.trim();
        if let Some(rest) = t.strip_prefix("loa: ") {
            t = rest;
        }
        if let Some(message) = diagnostic(t) {
            return self.message(message, 0);
        }
        if let Some(message) = t
            .strip_prefix("= ")
            .and_then(|r| r.strip_prefix(self.help_label))
            .and_then(|r| r.strip_prefix(": "))
        {
            return self.message(message, 0);
        }
        if self.message(t, 0) || self.is_data(t) {
            return true;
        }
        // A table or listing: cells apart by two or more spaces.
        let cells = cells(t);
        if cells.len() >= 2 {
            return cells.iter().all(|c| self.phrase(c, 0));
        }
        // `LABEL: VALUE`, as `loa status` lines up its labels.
        if let Some((label, value)) = t.split_once(": ")
            && self.plain.contains(label)
        {
            return self.phrase(value, 0);
        }
        // A line that starts with a sign (`↳ sẽ bị bỏ: …`).
        let unsigned = t.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '"' && c != '`');
        if unsigned.len() < t.len() && (self.message(unsigned.trim(), 0)) {
            return true;
        }
        // A spreadsheet row (`--format excel`).
        let fields = csv_fields(t, ';');
        fields.len() >= 5 && fields.iter().all(|f| self.phrase(f, 0))
    }

    /// `NN | line of the schedule` or `   |   ^^^^`.
    fn snippet(&self, line: &str) -> bool {
        let t = line.trim_start();
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let rest = t[digits..].trim_start();
        let Some(body) = rest.strip_prefix('|') else {
            return false;
        };
        let body = body.strip_prefix(' ').unwrap_or(body);
        if digits == 0 {
            return body.chars().all(|c| " ^-~".contains(c));
        }
        self.data.toml_lines.contains(body.trim())
    }

    /// A text that is a whole message of the catalogue, its placeables accounted for.
    fn message(&self, text: &str, depth: usize) -> bool {
        if depth > MAX_DEPTH || text.is_empty() {
            return false;
        }
        self.patterns.iter().any(|p| {
            let mut from = 0;
            // Quick refusal: every literal must occur, in order.
            for lit in p.literals() {
                match text[from..].find(lit) {
                    Some(at) => from += at + lit.len(),
                    None => return false,
                }
            }
            self.fits(&p.pieces, text, depth)
        })
    }

    fn fits(&self, pieces: &[Piece], text: &str, depth: usize) -> bool {
        match pieces.split_first() {
            None => text.is_empty(),
            Some((Piece::Lit(l), rest)) => text
                .strip_prefix(l.as_str())
                .is_some_and(|t| self.fits(rest, t, depth)),
            Some((Piece::Any, rest)) => {
                let next = match rest.first() {
                    Some(Piece::Lit(l)) => Some(l.as_str()),
                    _ => None,
                };
                let ends: Vec<usize> = match next {
                    // The placeable ends where the next literal begins: try each place.
                    Some(l) => text.match_indices(l).map(|(i, _)| i).collect(),
                    None => vec![text.len()],
                };
                ends.into_iter().any(|end| {
                    let captured = &text[..end];
                    !captured.trim().is_empty()
                        && self.phrase(captured, depth + 1)
                        && self.fits(rest, &text[end..], depth)
                })
            }
        }
    }

    /// A text accounted for: data, a message, or a run of such words.
    fn phrase(&self, text: &str, depth: usize) -> bool {
        let text = text.trim();
        if text.is_empty() {
            return true;
        }
        if depth > MAX_DEPTH {
            return false;
        }
        if let Some(&known) = self.memo.borrow().get(text) {
            return known;
        }
        let verdict = self.is_data(text)
            || self.plain.contains(text)
            || self.message(text, depth)
            || self.unwrapped(text, depth)
            || self.words(text, depth);
        self.memo.borrow_mut().insert(text.to_string(), verdict);
        verdict
    }

    /// `(…)`, `"…"`, `` `…` ``, and a trailing `:`, `,`, `;`, `.` set aside.
    fn unwrapped(&self, text: &str, depth: usize) -> bool {
        for (open, close) in [('(', ')'), ('"', '"'), ('`', '`'), ('[', ']')] {
            if text.len() >= 2 && text.starts_with(open) && text.ends_with(close) {
                let inner = &text[open.len_utf8()..text.len() - close.len_utf8()];
                return self.phrase(inner, depth + 1);
            }
        }
        let bare = text.trim_end_matches([':', ',', ';', '.']);
        bare.len() < text.len() && self.phrase(bare, depth + 1)
    }

    /// Two or more words in a row, each run of them accounted for.
    fn words(&self, text: &str, depth: usize) -> bool {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices(' ').map(|(i, _)| i + 1))
            .collect();
        if starts.len() < 2 || starts.len() > 40 {
            return false;
        }
        // ok[k]: the text before word k is accounted for.
        let mut ok = vec![false; starts.len() + 1];
        ok[0] = true;
        let end_of = |k: usize| {
            if k == starts.len() {
                text.len()
            } else {
                starts[k] - 1
            }
        };
        for k in 1..=starts.len() {
            for j in 0..k {
                if ok[j] && !(j == 0 && k == starts.len()) {
                    let part = &text[starts[j]..end_of(k)];
                    if self.phrase(part, depth + 1) {
                        ok[k] = true;
                        break;
                    }
                }
            }
        }
        ok[starts.len()]
    }

    /// Data: what the schedule and the commands hold, and what has no words.
    fn is_data(&self, t: &str) -> bool {
        if !t.chars().any(char::is_alphabetic) {
            return true;
        }
        if self.data.words.contains(t) || self.values.contains(t) {
            return true;
        }
        if !t.contains(char::is_whitespace) && (t.contains('/') || t.contains("://")) {
            return true;
        }
        if is_date_time(t) {
            return true;
        }
        let weekdays: &[&str] = if self.lang == "vi" {
            &["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
        } else {
            &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        };
        if weekdays.contains(&t) {
            return true;
        }
        // A value cut short to fit its column.
        if let Some(cut) = t.strip_suffix('…') {
            let cut = cut.trim_end();
            return cut.chars().count() >= 3 && self.data.words.iter().any(|w| w.starts_with(cut));
        }
        false
    }
}

/// `2026-12-04`, `2026-12`, `2026-12-04T21:50:00+07:00`, `2026-12-04 21:50:00.123`.
fn is_date_time(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && t.chars()
            .all(|c| c.is_ascii_digit() || "-:T+.Z".contains(c))
}

/// `FILE:LINE:COLUMN: error: MESSAGE` → MESSAGE.
fn diagnostic(t: &str) -> Option<&str> {
    for kind in [": error: ", ": warning: "] {
        if let Some((place, message)) = t.split_once(kind) {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next()?;
            let line = parts.next()?;
            let file = parts.next()?;
            if !file.is_empty()
                && !line.is_empty()
                && !column.is_empty()
                && line.chars().all(|c| c.is_ascii_digit())
                && column.chars().all(|c| c.is_ascii_digit())
            {
                return Some(message);
            }
        }
    }
    None
}

/// Cells apart by two or more spaces.
fn cells(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' ') {
            out.push(&t[start..i]);
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(&t[start..]);
    out.into_iter().filter(|c| !c.trim().is_empty()).collect()
}

/// The fields of a CSV row, quotes undone.
fn csv_fields(t: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    out.push(field);
    out
}

/// The message nearest to a line that is not loa's, for the failure report.
fn nearest<'p>(patterns: &'p [Pattern], line: &str) -> (&'p Pattern, f64) {
    let line = line.trim();
    patterns
        .iter()
        .map(|p| (p, strsim::normalized_levenshtein(&p.display(), line)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("the catalogue has messages")
}

struct Catalogues {
    vi: Vec<Pattern>,
    en: Vec<Pattern>,
    vi_plain: HashSet<String>,
    en_plain: HashSet<String>,
    vi_help: String,
    en_help: String,
    vi_values: HashSet<String>,
    en_values: HashSet<String>,
}

/// The names of kinds of recording the code puts in a message (`bản ghi { $kind } không phát
/// được`): the same in every language.
const AUDIO_KINDS: &[&str] = &[
    "AMR", "WMA", "MP3", "AAC", "M4A", "FLAC", "WAV", "Opus", "Ogg",
];

/// The values a catalogue prints as they are: where the English message is the bare value
/// (`history-outcome = { $value }`: "played", "manual"), the Vietnamese one of the same id
/// selects on it, and its variant keys are those values.
fn verbatim_values(en_ftl: &str, vi_ftl: &str) -> HashSet<String> {
    let parse = |ftl| parser::parse(ftl).unwrap_or_else(|(r, _)| r);
    let en = parse(en_ftl);
    let vi = parse(vi_ftl);
    let bare: HashSet<&str> = en
        .body
        .iter()
        .filter_map(|e| match e {
            ast::Entry::Message(m) => match m.value.as_ref().map(|v| v.elements.as_slice()) {
                Some(
                    [
                        ast::PatternElement::Placeable {
                            expression:
                                ast::Expression::Inline(ast::InlineExpression::VariableReference {
                                    ..
                                }),
                        },
                    ],
                ) => Some(m.id.name),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let mut out = HashSet::new();
    for e in &vi.body {
        let ast::Entry::Message(m) = e else { continue };
        if !bare.contains(m.id.name) {
            continue;
        }
        for el in m.value.iter().flat_map(|v| &v.elements) {
            if let ast::PatternElement::Placeable {
                expression: ast::Expression::Select { variants, .. },
            } = el
            {
                for v in variants {
                    out.insert(match &v.key {
                        ast::VariantKey::Identifier { name } => name.to_string(),
                        ast::VariantKey::NumberLiteral { value } => value.to_string(),
                    });
                }
            }
        }
    }
    out.remove("other");
    out
}

impl Catalogues {
    fn judge<'a>(&'a self, lang: &'a str, data: &'a Data) -> Judge<'a> {
        let (patterns, plain, help_label, values) = if lang == "vi" {
            (&self.vi, &self.vi_plain, &self.vi_help, &self.vi_values)
        } else {
            (&self.en, &self.en_plain, &self.en_help, &self.en_values)
        };
        Judge {
            lang,
            patterns,
            plain,
            help_label,
            values,
            data,
            memo: RefCell::new(HashMap::new()),
        }
    }
}

fn plain(patterns: &[Pattern]) -> HashSet<String> {
    patterns
        .iter()
        .filter_map(|p| match p.pieces.as_slice() {
            [Piece::Lit(s)] => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn help_label(patterns: &[Pattern]) -> String {
    patterns
        .iter()
        .find(|p| p.id == "help-label")
        .map(Pattern::display)
        .expect("the catalogue has help-label")
}

fn catalogues() -> Catalogues {
    let vi = patterns("i18n/vi/", loa::i18n::VI_FTL);
    let en = patterns("i18n/en/", loa::i18n::EN_FTL);
    let kinds = AUDIO_KINDS.iter().map(|k| k.to_string());
    let mut en_values = verbatim_values(loa::i18n::EN_FTL, loa::i18n::VI_FTL);
    en_values.extend(kinds.clone());
    Catalogues {
        vi_values: kinds.collect(),
        en_values,
        vi_plain: plain(&vi),
        en_plain: plain(&en),
        vi_help: help_label(&vi),
        en_help: help_label(&en),
        vi,
        en,
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every docs/*.md.
fn docs() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut in_docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    in_docs.sort();
    files.extend(in_docs);
    files
}

/// The quotes of one doc that are not loa's words, as report lines; and how many lines were read.
fn check_doc(c: &Catalogues, path: &Path, text: &str) -> (Vec<String>, usize) {
    let mut data = Data::default();
    data.add_toml(
        &std::fs::read_to_string(root().join("config/schedule.toml"))
            .expect("config/schedule.toml is readable"),
    );
    let blocks = blocks(text);
    for b in &blocks {
        let body: Vec<&str> = b.lines.iter().map(|(_, l)| l.as_str()).collect();
        match b.info.as_str() {
            "toml" => data.add_toml(&body.join("\n")),
            "sh" => data.add_sh(&body.join("\n")),
            _ => {}
        }
    }
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    let mut failures = Vec::new();
    let mut read = 0;
    let (vi, en) = (c.judge("vi", &data), c.judge("en", &data));
    for b in &blocks {
        let (judge, other) = match b.info.as_str() {
            "loa-vi" => (&vi, &en),
            "loa-en" => (&en, &vi),
            _ => continue,
        };
        for (n, line) in &b.lines {
            read += 1;
            if judge.line(line) {
                continue;
            }
            let (p, score) = nearest(judge.patterns, line);
            let language = if other.line(line) {
                format!(
                    "\n    it is {} output: quote it in a ```loa-{} block, or run the command with LOA_LANG={}",
                    other.lang, other.lang, judge.lang
                )
            } else {
                String::new()
            };
            failures.push(format!(
                "{name}:{n}: not in the {} catalogue: {line}\n    nearest message: {} ({:.0}% alike) = {}{language}",
                judge.lang,
                p.id,
                score * 100.0,
                p.display()
            ));
        }
    }
    (failures, read)
}

#[test]
fn every_quoted_output_is_a_message_of_its_language() {
    let c = catalogues();
    let mut failures = Vec::new();
    let mut read = HashMap::new();
    for path in docs() {
        let text = std::fs::read_to_string(&path).expect("a doc is readable");
        let (f, n) = check_doc(&c, &path, &text);
        failures.extend(f);
        read.insert(
            path.file_name()
                .expect("a file name")
                .to_string_lossy()
                .to_string(),
            n,
        );
    }
    // The guides quote loa at length: a renamed fence must not make this test pass on nothing.
    for guide in ["huong-dan.md", "guide.md", "lich-phat.md"] {
        let n = read.get(guide).copied().unwrap_or(0);
        assert!(
            n >= 20,
            "docs/{guide} has {n} quoted lines: its quotes are fenced ```loa-vi / ```loa-en"
        );
    }
    assert!(
        failures.is_empty(),
        "{} quoted line(s) are not loa's words (a quote is pasted from what loa prints with \
         LOA_LANG=vi or en; after a change of wording, run the command again and paste anew):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The judge itself: it must refuse English in a Vietnamese quote, Vietnamese in an English one,
/// and a message worded as it no longer is — else the test above would pass on anything.
#[test]
fn the_judge_refuses_what_loa_does_not_say() {
    let c = catalogues();
    let doc = "```toml\n[[announcement]]\nid = \"tiem-chung\"\nrepet = 2\n```\n\
               ```sh\nsudo usermod -aG loa canbo\n```\n";
    let judge_of = |lang: &'static str| {
        let mut data = Data::default();
        data.add_toml(
            &std::fs::read_to_string(root().join("config/schedule.toml"))
                .expect("config/schedule.toml"),
        );
        for b in blocks(doc) {
            let body: Vec<&str> = b.lines.iter().map(|(_, l)| l.as_str()).collect();
            match b.info.as_str() {
                "toml" => data.add_toml(&body.join("\n")),
                _ => data.add_sh(&body.join("\n")),
            }
        }
        (lang, data)
    };
    let cases: &[(&str, &str, bool)] = &[
        // What loa prints.
        (
            "vi",
            "đang phát khẩn cấp \"bao\", phát lại mỗi 15 phút cho đến khi dừng (nút Dừng trên trang điều hành, hoặc `loa stop`)",
            true,
        ),
        (
            "vi",
            "/etc/loa/schedule.toml:80:1: error: không có mục `repet` trong [[announcement]] \"tiem-chung\"",
            true,
        ),
        ("vi", "  = gợi ý: có phải là `repeat`?", true),
        ("vi", "80 | repet = 2", true),
        ("vi", "   | ^^^^^", true),
        ("vi", "loa: không có gì đang phát", true),
        (
            "vi",
            "NGÀY        THỨ  GIỜ       MÃ                 TÊN BẢN TIN               TỆP                   DÀI",
            true,
        ),
        (
            "vi",
            "2026-12-05  T7   06:30:00  ve-sinh-moi-truo…  Ngày chủ nhật xanh — vệ…  ♪ ve-sinh-moi-tr… ×2  0:21",
            true,
        ),
        (
            "vi",
            "đang phát: bao \"Cảnh báo bão\" (khẩn cấp) 0:01",
            true,
        ),
        (
            "vi",
            "2026-12-05 01:54:06  bao  khẩn cấp  bị dừng  0:00  -  canbo  canbo đã dừng",
            true,
        ),
        (
            "vi",
            "bao;Cảnh báo bão;khẩn cấp;canbo;2026-12-05 01:54:06;;2026-12-05 01:54:06;;0,5;0,5;bị dừng;canbo đã dừng;canh-bao-bao.mp3;;;",
            true,
        ),
        ("en", "playing \"ban-tin-chieu\"", true),
        (
            "en",
            "2026-12-05 02:02:47  ban-tin-chieu  manual  played  0:14  -  canbo",
            true,
        ),
        (
            "vi",
            "2026-12-05 02:02:47  ban-tin-chieu  manual  played  0:14  -  canbo",
            false,
        ),
        // English in a Vietnamese quote, Vietnamese in an English one.
        ("vi", "playing \"ban-tin-chieu\"", false),
        ("vi", "the storm warning is playing", false),
        (
            "vi",
            "/etc/loa/schedule.toml:80:1: error: unknown key `repet` in [[announcement]]",
            false,
        ),
        (
            "vi",
            "DATE        DAY  TIME      ID                 TITLE",
            false,
        ),
        (
            "vi",
            "2026-12-05 01:54:06  bao  emergency  stopped  0:00  -  canbo  canbo đã dừng",
            false,
        ),
        (
            "vi",
            "đang phát: bao \"Cảnh báo bão\" (emergency) 0:01",
            false,
        ),
        ("en", "đang phát \"ban-tin-chieu\"", false),
        // A message worded otherwise than the catalogue says (an old or a made-up wording).
        (
            "vi",
            "đang phát khẩn cấp \"bao\", lặp lại mỗi 15 phút cho đến khi chạy `loa stop`",
            false,
        ),
        (
            "vi",
            "/etc/loa/schedule.toml: lịch đúng (không có cảnh báo)",
            false,
        ),
        (
            "vi",
            "lịch: /etc/loa/schedule.toml (đọc lúc 2026-12-05 01:54:05)",
            false,
        ),
        ("vi", "\"bao\" đang phát rồi; không làm gì thêm", false),
        // A snippet of a line the schedule does not have.
        ("vi", "80 | repeat = 7", false),
    ];
    let mut wrong = Vec::new();
    for (lang, line, expected) in cases {
        let (lang, data) = judge_of(lang);
        let judge = c.judge(lang, &data);
        if judge.line(line) != *expected {
            wrong.push(format!(
                "{lang}: {line:?} should be {}",
                if *expected { "accepted" } else { "refused" }
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "the judge is wrong about:\n{}",
        wrong.join("\n")
    );
}
