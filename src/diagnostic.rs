//! Messages a person reads about a file they wrote: `FILE:LINE:COLUMN: error: MESSAGE`, then the
//! offending line with a marker under the place, then an optional hint.
//!
//! This module owns locating a byte span in a text (line and column, counted in characters so a
//! Vietnamese title does not shift the column) and rendering. It does not decide what is wrong:
//! the parser and the validator do, and hand their findings here.

use std::fmt;
use std::ops::Range;

/// A byte range in the schedule text, as the TOML parser reports it.
pub type Span = Range<usize>;

/// Whether a finding stops the schedule from loading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding, already located, so it can travel (to a log, a socket reply) without its source.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it.
    pub file: String,
    /// 1-based; `None` when the finding is about the file as a whole (cannot be read at all).
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub column: Option<usize>,
    pub message: String,
    /// The offending line and the marker under it, ready to print.
    #[serde(skip)]
    pub snippet: Option<String>,
    /// What would be right, when we can tell.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding about a whole file, with no position (it could not be read).
    pub fn file_error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            snippet: None,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line alone: `FILE:LINE:COLUMN: error: MESSAGE`.
    pub fn headline(&self) -> String {
        let sev = self.severity.as_str();
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}: {sev}: {}", self.file, self.message),
            _ => format!("{}: {sev}: {}", self.file, self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.headline())?;
        if let Some(snippet) = &self.snippet {
            write!(f, "\n{snippet}")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = {}: {help}", crate::t!("help-label"))?;
        }
        Ok(())
    }
}

/// A text and the name to print for it; makes located diagnostics.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// Where each line starts ([`line_starts`]), when the text is big enough to need it: a
    /// file with 100,000 findings is then located in a blink, not by rescanning it each time.
    lines: Option<&'a [usize]>,
}

/// The byte offset at which each line of `text` starts.
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

impl<'a> Source<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Source {
            name,
            text,
            lines: None,
        }
    }

    /// With the index of its line starts (`line_starts(text)`).
    pub fn indexed(name: &'a str, text: &'a str, lines: &'a [usize]) -> Self {
        Source {
            name,
            text,
            lines: Some(lines),
        }
    }

    /// The start of the line holding `offset`, and the line's 1-based number.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        match self.lines {
            Some(starts) => {
                let i = starts.partition_point(|&s| s <= offset).max(1) - 1;
                (starts[i], i + 1)
            }
            None => {
                let before = &self.text[..offset];
                (
                    before.rfind('\n').map_or(0, |i| i + 1),
                    before.matches('\n').count() + 1,
                )
            }
        }
    }

    pub fn error(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.at(Severity::Error, span, message.into())
    }

    pub fn warning(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.at(Severity::Warning, span, message.into())
    }

    /// 1-based line and character column of a byte offset (clamped into the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let (line_start, line) = self.line_of(offset);
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    fn at(&self, severity: Severity, span: Span, message: String) -> Diagnostic {
        let start = self.clamp(span.start);
        let end = self.clamp(span.end.max(span.start));
        let (line, column) = self.line_col(start);
        Diagnostic {
            severity,
            file: self.name.to_string(),
            line: Some(line),
            column: Some(column),
            message,
            snippet: Some(self.snippet(start, end, line)),
            help: None,
        }
    }

    /// The line holding `start`, and `^` under `start..end` (cut at the end of that line).
    fn snippet(&self, start: usize, end: usize, line: usize) -> String {
        let (line_start, _) = self.line_of(start);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let text = self.text[line_start..line_end].trim_end_matches('\r');
        let end = end.min(line_start + text.len()).max(start);
        // Keep tabs in the padding so the marker lines up under the tab-indented text.
        let pad: String = self.text[line_start..start]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let width = self.text[start..end].chars().count().max(1);
        let number = line.to_string();
        let gutter = " ".repeat(number.len());
        format!(
            "{gutter} |\n{number} | {text}\n{gutter} | {pad}{}",
            "^".repeat(width)
        )
    }
}

/// Everything found in one file, errors first in file order, then warnings in file order.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| (d.severity, d.line, d.column));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "title = \"Bản tin\"\nrepet = 2\n";
        let src = Source::new("s.toml", text);
        let start = text.find("tin").unwrap();
        assert_eq!(src.line_col(start), (1, 14));
        let d = src.error(
            text.find("repet").unwrap()..text.find(" = 2").unwrap(),
            "unknown key",
        );
        assert_eq!(d.headline(), "s.toml:2:1: error: unknown key");
        assert_eq!(d.snippet.as_deref(), Some("  |\n2 | repet = 2\n  | ^^^^^"));
    }

    #[test]
    fn an_index_of_lines_locates_as_a_scan_does() {
        let text = "a = 1\n\nbản = \"x\"\r\nlast";
        let lines = line_starts(text);
        let (plain, fast) = (Source::new("f", text), Source::indexed("f", text, &lines));
        for offset in 0..=text.len() + 2 {
            assert_eq!(plain.line_col(offset), fast.line_col(offset), "{offset}");
        }
        let span = text.find("x").unwrap()..text.find("x").unwrap() + 1;
        assert_eq!(plain.error(span.clone(), "m"), fast.error(span, "m"));
    }

    #[test]
    fn spans_past_the_end_or_inside_a_character_are_clamped() {
        let text = "ả";
        let src = Source::new("x", text);
        assert_eq!(src.line_col(1), (1, 1));
        assert_eq!(src.line_col(99), (1, 2));
        let d = src.error(5..9, "m");
        assert_eq!(d.line, Some(1));
    }

    #[test]
    fn a_whole_file_error_has_no_position() {
        let d = Diagnostic::file_error("a.toml", "cannot read");
        assert_eq!(d.to_string(), "a.toml: error: cannot read");
    }
}
