//! Reading the schedule for the daemon, off its loop: a thread of its own reads and validates the
//! file and hands the result back, and the daemon waits for it no longer than [`DEADLINE`]. A
//! schedule file on a network disk that hangs, or replaced by something that never ends, cannot
//! hold up the broadcasts, `loa status` or a SIGTERM. (What the file may be at all — a regular
//! file of bounded size — `schedule::read_file` decides.)
//!
//! A schedule that reads texts (spec §13) has them rendered on the same thread once the file is
//! read: [`DEADLINE`] bounds the reading, and each rendering is bounded by `[tts] timeout`, so a
//! long notice read by a slow engine is waited for, one that hangs is not. A text that cannot be
//! rendered refuses the schedule like an error in the file.
//!
//! Also the last good copy kept in the state directory, that a daemon started on a broken
//! schedule runs rather than nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::oneshot;

use crate::diagnostic::Diagnostic;
use crate::i18n::{Lang, Said, with_lang};
use crate::schedule::{self, Loaded, Schedule};

/// The longest the daemon waits for the schedule file to be read.
pub const DEADLINE: Duration = Duration::from_secs(10);
/// The copy of the last schedule that loaded, in the state directory.
pub const LAST_GOOD: &str = "last-good-schedule.toml";

/// What a read gave.
pub type Result = std::result::Result<Loaded, Refused>;

/// A schedule refused: its errors as found (in the daemon's language, for its stderr), and
/// their first lines in every language, for `loa status` and `loa reload` to answer each reader
/// in hers.
#[derive(Debug)]
pub struct Refused {
    pub errors: Vec<Diagnostic>,
    pub lines: Vec<Said>,
}

impl Refused {
    /// A refusal said in words (no file to point into).
    fn said(config: &Path, why: impl Fn() -> String) -> Refused {
        let file = config.display().to_string();
        Refused {
            errors: vec![Diagnostic::file_error(file.clone(), why())],
            lines: vec![Said::new(|| {
                Diagnostic::file_error(file.clone(), why()).headline()
            })],
        }
    }
}

/// Reads `path` and, if it is refused, words its errors in each language: a refusal is rare,
/// and reading the file again costs a moment.
fn load_said(path: &Path, tz: chrono_tz::Tz) -> Result {
    let errors = match schedule::load(path, tz) {
        Ok(l) => return Ok(l),
        Err(errors) => errors,
    };
    let headlines = |lang| {
        with_lang(lang, || match schedule::load(path, tz) {
            Err(e) => e.iter().map(Diagnostic::headline).collect(),
            Ok(_) => Vec::new(),
        })
    };
    let (vi, en): (Vec<String>, Vec<String>) = (headlines(Lang::Vi), headlines(Lang::En));
    let lines = if vi.len() == en.len() && !vi.is_empty() {
        vi.into_iter()
            .zip(en)
            .map(|(vi, en)| Said::both(vi, en))
            .collect()
    } else {
        // The file changed between the reads: its errors as first found.
        errors.iter().map(|e| Said::plain(e.headline())).collect()
    };
    Err(Refused { errors, lines })
}

/// A read in progress: the file read (with the longest its texts' rendering may then take),
/// then the schedule with its texts rendered.
pub struct Reading {
    read: oneshot::Receiver<Duration>,
    done: oneshot::Receiver<Result>,
}

/// Gives `l`'s texts their sounds in `state_dir`'s cache; one that cannot be rendered refuses it.
/// The sounds no schedule used for a month go.
fn render(mut l: Loaded, state_dir: &Path) -> Result {
    let prepared = crate::tts::prepare::prepare(&mut l.schedule, state_dir);
    if !prepared.errors.is_empty() {
        return Err(Refused {
            errors: prepared.errors,
            lines: prepared.lines,
        });
    }
    if prepared.rendered + prepared.cached > 0 {
        tracing::info!(
            rendered = prepared.rendered,
            cached = prepared.cached,
            "the schedule's texts have their sound"
        );
    }
    let keep = crate::tts::prepare::in_use(&l.schedule);
    let now = crate::clock::Clock::now(&crate::clock::SystemClock);
    crate::tts::cache::Cache::new(state_dir).prune(&keep, now.into());
    Ok(l)
}

/// The longest rendering `l`'s texts may take: each is killed at the timeout.
fn render_budget(l: &Loaded) -> Duration {
    let s = &l.schedule;
    let texts = s
        .announcements
        .iter()
        .filter(|a| a.speech.is_some())
        .count()
        + s.emergencies.iter().filter(|e| e.speech.is_some()).count();
    (s.tts.voice.timeout + Duration::from_secs(5)) * u32::try_from(texts).unwrap_or(u32::MAX)
        + DEADLINE
}

/// Reads schedules on a thread, one read at a time.
#[derive(Default)]
pub struct Loader {
    /// Set while a read's thread has not returned (it may hang in the kernel for ever).
    busy: Arc<AtomicBool>,
}

impl Loader {
    /// Starts reading `config` and rendering its texts into `state_dir`; [`wait`] gives the
    /// answer. `Err` when the previous read has not returned yet (its thread is stuck: another
    /// would be stuck too).
    pub fn read(
        &self,
        config: &Path,
        tz: chrono_tz::Tz,
        state_dir: &Path,
    ) -> std::result::Result<Reading, Said> {
        if self.busy.swap(true, Ordering::AcqRel) {
            let file = config.display().to_string();
            return Err(Said::new(|| {
                crate::t!("load-still-reading", file = file.as_str())
            }));
        }
        let (tx, done) = oneshot::channel();
        let (read_tx, read) = oneshot::channel();
        let (path, busy) = (config.to_path_buf(), self.busy.clone());
        let state_dir = state_dir.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("loa-load".into())
            .spawn(move || {
                let r = load_said(&path, tz);
                let budget = r.as_ref().map_or(Duration::ZERO, render_budget);
                let _ = read_tx.send(budget);
                let r = r.and_then(|l| render(l, &state_dir));
                busy.store(false, Ordering::Release);
                let _ = tx.send(r);
            });
        match spawned {
            Ok(_) => Ok(Reading { read, done }),
            Err(e) => {
                self.busy.store(false, Ordering::Release);
                tracing::debug!("cannot start the schedule's reader: {e}");
                Err(Said::new(|| crate::t!("load-no-thread")))
            }
        }
    }
}

/// Waits for a read: at most [`DEADLINE`] for the file, then as long as its texts' rendering
/// may take.
pub async fn wait(config: PathBuf, reading: Reading) -> Result {
    let too_slow = || {
        Refused::said(&config, || {
            crate::t!(
                "load-too-slow",
                deadline = crate::i18n::words::duration(DEADLINE)
            )
        })
    };
    let budget = match tokio::time::timeout(DEADLINE, reading.read).await {
        Ok(Ok(b)) => b,
        // The thread ended without a word: its answer says why.
        Ok(Err(_)) => DEADLINE,
        Err(_) => return Err(too_slow()),
    };
    match tokio::time::timeout(budget.max(DEADLINE), reading.done).await {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => Err(Refused::said(&config, || crate::t!("load-reader-stopped"))),
        Err(_) => Err(too_slow()),
    }
}

/// The last good schedule kept in `state_dir`, if it loads, with its texts' sounds (one that
/// cannot be rendered now fails when it is due, the rest plays).
pub fn last_good(state_dir: &Path, config: &Path, tz: chrono_tz::Tz) -> Option<Loaded> {
    let saved = state_dir.join(LAST_GOOD);
    let bytes = schedule::read_file(&saved).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let base = config.parent().unwrap_or(Path::new("."));
    let mut l = schedule::parse(&config.display().to_string(), text, base, tz).ok()?;
    for e in crate::tts::prepare::prepare(&mut l.schedule, state_dir).errors {
        tracing::error!("{e}");
    }
    Some(l)
}

/// Keeps a copy of a schedule that loaded (written aside, then renamed: never half a file).
pub fn save_last_good(state_dir: &Path, s: &Schedule) {
    let path = state_dir.join(LAST_GOOD);
    let tmp: PathBuf = state_dir.join(format!("{LAST_GOOD}.tmp"));
    let written = std::fs::create_dir_all(state_dir)
        .and_then(|()| std::fs::write(&tmp, &s.text))
        .and_then(|()| std::fs::rename(&tmp, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        tracing::warn!(
            "cannot keep a copy of the schedule in {}: {}",
            path.display(),
            crate::history::io_words(&e)
        );
    }
}

/// How many of a schedule's errors or warnings the daemon logs and shows in `status`; `loa
/// check` lists them all. A file of 100,000 mistakes must not flood the journal or every
/// status reply.
pub const SHOWN: usize = 20;

/// The first [`SHOWN`] lines, then one saying how many more there are.
pub fn capped(lines: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut lines = lines.into_iter();
    let mut out: Vec<String> = lines.by_ref().take(SHOWN).collect();
    let more = lines.count();
    if more > 0 {
        out.push(crate::t!("schedule-more-lines", n = more));
    }
    out
}

/// The same, for lines kept in every language.
pub fn capped_said(lines: &[Said]) -> Vec<Said> {
    let mut out: Vec<Said> = lines.iter().take(SHOWN).cloned().collect();
    let more = lines.len().saturating_sub(SHOWN);
    if more > 0 {
        out.push(Said::new(|| crate::t!("schedule-more-lines", n = more)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_of_errors_is_shown_as_its_first_few_and_a_count() {
        let lines = capped((0..100_000).map(|i| format!("error {i}")));
        assert_eq!(lines.len(), SHOWN + 1);
        assert_eq!(lines[0], "error 0");
        assert!(lines[SHOWN].contains("99980"), "{}", lines[SHOWN]);
        assert_eq!(capped((0..SHOWN).map(|i| i.to_string())).len(), SHOWN);
    }
}
