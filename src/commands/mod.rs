//! Carrying out each subcommand: the shell around the pure core. Reads files and the clock, calls
//! the core, prints. Each function returns the process exit code (0 done, 1 a problem the user
//! can fix); usage errors never get here (clap exits 2).

pub mod check;
pub mod control;
pub mod dates;
pub mod devices;
pub mod fleet;
pub mod history;
pub mod next;
pub mod play;
pub mod tts;
pub mod web;

use crate::t;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use unicode_normalization::char::is_combining_mark;

use crate::audio::{self, Depth, Probed};
use crate::diagnostic::Diagnostic;
use crate::schedule::{self, AudioRef, Loaded, User};

/// Exit codes (spec §1).
pub const OK: i32 = 0;
pub const USER_ERROR: i32 = 1;

/// Loads the schedule with the system's zone as default, printing errors to stderr.
pub fn load_schedule(path: &Path) -> Result<Loaded, i32> {
    let (tz, note) = crate::clock::system_timezone();
    match schedule::load(path, tz) {
        Ok(loaded) => {
            if let Some(note) = note
                && !loaded.schedule.station.timezone_from_file
            {
                eprintln!("loa: {note}");
            }
            Ok(loaded)
        }
        Err(errors) => {
            print_diagnostics(&errors);
            eprintln!("{}: {}", path.display(), tally(&errors));
            Err(USER_ERROR)
        }
    }
}

pub fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

/// "2 errors, 1 warning".
pub fn tally(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    t!("tally", errors = errors, warnings = warnings)
}

/// Probes every audio file the schedule uses, once per file. Problems become diagnostics that
/// point at the first place the file is named and say who uses it.
pub fn probe_schedule(
    s: &schedule::Schedule,
    depth: Depth,
) -> (HashMap<PathBuf, Probed>, Vec<Diagnostic>) {
    let src = s.source();
    // Each file once, in the order first named, with everyone who uses it (a file shared by
    // thousands of announcements is looked up, not searched for).
    let mut uses: Vec<(&AudioRef, Vec<User<'_>>)> = Vec::new();
    let mut index: HashMap<&Path, usize> = HashMap::new();
    let mut known: std::collections::HashSet<(usize, User<'_>)> = Default::default();
    for (r, user) in s.audio_refs() {
        let i = *index.entry(r.path.as_path()).or_insert_with(|| {
            uses.push((r, Vec::new()));
            uses.len() - 1
        });
        if known.insert((i, user)) {
            uses[i].1.push(user);
        }
    }
    let mut found = HashMap::new();
    let mut diags = Vec::new();
    let audio_dir_missing = !s.station.audio_dir.is_dir();
    if audio_dir_missing {
        diags.push(Diagnostic::file_error(
            &s.file_name,
            t!(
                "audio-dir-missing",
                dir = s.station.audio_dir.display().to_string()
            ),
        ));
    }
    for (r, users) in uses {
        if audio_dir_missing && r.path.starts_with(&s.station.audio_dir) {
            continue;
        }
        // A text's sound not rendered here (the console's editor): the load renders it.
        if r.is_unrendered_text() {
            continue;
        }
        let who = match users.as_slice() {
            [one] => one.to_string(),
            [one, rest @ ..] => t!("users-and-more", first = one.to_string(), n = rest.len()),
            [] => String::new(),
        };
        match audio::probe(&r.path, depth) {
            Ok(p) => {
                diags.extend(audio_warnings(src, r, &who, &p));
                found.insert(r.path.clone(), p);
            }
            Err(e) => {
                let d = src.error(
                    r.span.clone(),
                    t!(
                        "audio-file-problem",
                        file = r.written.as_str(),
                        who = who,
                        why = e.reason(),
                        path = tidy(&r.path).display().to_string()
                    ),
                );
                let near = match e {
                    audio::AudioError::Missing { .. } => audio::names::nearest(&r.path),
                    _ => Vec::new(),
                };
                diags.push(if near.is_empty() {
                    d
                } else {
                    d.with_help(t!("audio-nearest", names = near.join("\", \"")))
                });
            }
        }
    }
    (found, diags)
}

/// A recording longer than this is probably a whole programme saved by mistake.
const LONG_FILE: Duration = Duration::from_secs(30 * 60);

/// What would disappoint on air: a silent, very quiet, clipped or very long file.
fn audio_warnings(
    src: crate::diagnostic::Source<'_>,
    r: &AudioRef,
    who: &str,
    p: &audio::Probed,
) -> Vec<Diagnostic> {
    use audio::loudness::{CLIPS_AUDIBLE, QUIET_BELOW};
    let mut out = Vec::new();
    let warn = |message: String, help: String| src.warning(r.span.clone(), message).with_help(help);
    let file = r.written.as_str();
    if let Some(l) = &p.loudness {
        if l.is_silent() {
            out.push(warn(
                t!("audio-silent", file = file, who = who),
                t!("audio-silent-help"),
            ));
        } else if let Some(lufs) = l.integrated.filter(|v| *v < QUIET_BELOW) {
            out.push(warn(
                t!(
                    "audio-quiet",
                    file = file,
                    who = who,
                    lufs = crate::i18n::words::decimal(lufs, 1)
                ),
                t!("audio-quiet-help"),
            ));
        }
        if l.clips >= CLIPS_AUDIBLE {
            out.push(warn(
                t!("audio-clipped", file = file, who = who, n = l.clips),
                t!("audio-clipped-help"),
            ));
        }
    }
    if p.duration > LONG_FILE {
        out.push(warn(
            t!(
                "audio-long",
                file = file,
                who = who,
                length = length_text(Some(p.duration))
            ),
            t!("audio-long-help"),
        ));
    }
    out
}

/// A path without `.` and `dir/..` steps, for messages (does not touch the file system).
pub fn tidy(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// A date's weekday in the reader's language, short: "Wed" or "T4".
pub fn weekday_name(d: chrono::NaiveDate) -> String {
    let day = chrono::Datelike::weekday(&d);
    if crate::i18n::lang() == crate::i18n::Lang::Vi {
        crate::schedule::days::vietnamese(day).to_string()
    } else {
        d.format("%a").to_string()
    }
}

/// "2:05", or "?" when unknown.
pub fn length_text(d: Option<Duration>) -> String {
    d.map_or_else(|| "?".to_string(), |d| audio::probe::mmss(d.as_secs_f64()))
}

/// How wide text looks in a terminal: combining marks take no column.
pub fn width(s: &str) -> usize {
    s.chars().filter(|c| !is_combining_mark(*c)).count()
}

/// A command's `--json` answer on standard output, pretty-printed.
pub fn print_json(v: &impl serde::Serialize) {
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

/// Pads or cuts (with "…") to a display width.
pub fn fit(s: &str, w: usize) -> String {
    if width(s) <= w {
        return format!("{s}{}", " ".repeat(w - width(s)));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = usize::from(!is_combining_mark(c));
        if used + cw > w.saturating_sub(1) {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push('…');
    out.push_str(&" ".repeat(w.saturating_sub(used + 1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_paths() {
        assert_eq!(
            tidy(Path::new("./../../audio/x.mp3")),
            PathBuf::from("../../audio/x.mp3")
        );
        assert_eq!(
            tidy(Path::new("config/../audio/x.mp3")),
            PathBuf::from("audio/x.mp3")
        );
        assert_eq!(
            tidy(Path::new("/etc/loa/../audio")),
            PathBuf::from("/etc/audio")
        );
        assert_eq!(tidy(Path::new(".")), PathBuf::from("."));
    }

    #[test]
    fn fitting_vietnamese_text() {
        assert_eq!(width("Bản tin"), 7);
        assert_eq!(width("Ba\u{309}n tin"), 7); // decomposed
        assert_eq!(fit("Bản tin", 9), "Bản tin  ");
        assert_eq!(fit("Bản tin buổi sáng", 8), "Bản tin…");
    }
}
