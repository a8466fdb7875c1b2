//! Before a schedule is used (by the daemon, on its loader's thread; by `loa check`), every text
//! it reads gets its sound: found in the cache or rendered now. A text that cannot be rendered is
//! an error at its `text` line, and the daemon keeps the schedule it had. Also the sound of a text
//! played at once (`loa play --text`, the console's text box, a bulletin's `text`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::cache::Cache;
use super::engine::RenderError;
use crate::diagnostic::{Diagnostic, Source};
use crate::schedule::{AudioRef, Schedule, Speech, Tts};
use crate::t;

/// What preparing a schedule's texts did.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Texts rendered now (the others were in the cache).
    pub rendered: usize,
    /// Texts whose sound was already there.
    pub cached: usize,
    /// In the daemon's language (its log, `loa check`).
    pub errors: Vec<Diagnostic>,
    /// Their first lines in each language.
    pub lines: Vec<crate::i18n::Said>,
}

/// Gives every text of `s` its sound in `state_dir`'s cache, and points the entry's file at it.
pub fn prepare(s: &mut Schedule, state_dir: &Path) -> Prepared {
    let cache = Cache::new(state_dir);
    let mut out = Prepared::default();
    let mut failed: Vec<(std::ops::Range<usize>, RenderError)> = Vec::new();
    let tts = s.tts.clone();
    for (speech, file) in texts(s) {
        match sound(&cache, &tts, speech, file) {
            Ok(true) => out.rendered += 1,
            Ok(false) => out.cached += 1,
            Err(e) => failed.push((speech.span.clone(), e)),
        }
    }
    let src = Source::indexed(&s.file_name, &s.text, &s.lines);
    let error = |span: &std::ops::Range<usize>, why: &RenderError| {
        src.error(span.clone(), t!("tts-render-failed", why = why.to_string()))
            .with_help(t!("tts-render-failed-help"))
    };
    out.errors = failed.iter().map(|(span, why)| error(span, why)).collect();
    // The same, in each language, for `loa status` and the console.
    out.lines = failed
        .iter()
        .map(|(span, why)| crate::i18n::Said::new(|| error(span, why).headline()))
        .collect();
    out
}

fn sound(
    cache: &Cache,
    tts: &Tts,
    speech: &Speech,
    file: &mut AudioRef,
) -> Result<bool, RenderError> {
    // One that cannot be rendered stays unrendered: its error is said once, not again as a
    // missing file.
    let sound = cache.sound(&tts.voice, &speech.reading)?;
    file.path = sound.path;
    Ok(sound.rendered)
}

/// Points each text of `s` at its sound in `state_dir`'s cache where it is already rendered,
/// rendering nothing (`loa next`: the lengths of what the daemon rendered).
pub fn locate(s: &mut Schedule, state_dir: &Path) {
    let cache = Cache::new(state_dir);
    let voice = s.tts.voice.clone();
    for (speech, file) in texts(s) {
        let path = cache.path(&voice, &speech.reading);
        if path.is_file() {
            file.path = path;
        }
    }
}

/// Each entry of `s` that reads a text, with the file its sound is.
fn texts(s: &mut Schedule) -> impl Iterator<Item = (&Speech, &mut AudioRef)> {
    let announcements = s
        .announcements
        .iter_mut()
        .map(|a| (&a.speech, &mut a.files));
    let emergencies = s.emergencies.iter_mut().map(|e| (&e.speech, &mut e.files));
    announcements
        .chain(emergencies)
        .filter_map(|(speech, files)| Some((speech.as_deref()?, files.first_mut()?)))
}

/// The sounds `s` uses from the cache (kept by [`Cache::prune`]).
pub fn in_use(s: &Schedule) -> HashSet<PathBuf> {
    s.announcements
        .iter()
        .filter(|a| a.speech.is_some())
        .flat_map(|a| a.files.iter())
        .chain(
            s.emergencies
                .iter()
                .filter(|e| e.speech.is_some())
                .flat_map(|e| e.files.iter()),
        )
        .map(|f| f.path.clone())
        .collect()
}

/// A text to play at once: its reading and its sound, rendered with the station's `[tts]`.
pub fn text_sound(
    tts: &Tts,
    text: &str,
    state_dir: &Path,
) -> Result<(String, PathBuf), RenderError> {
    if text.len() > crate::schedule::MAX_TEXT {
        return Err(RenderError(crate::i18n::Said::new(|| {
            t!(
                "tts-text-too-long",
                bytes = text.len(),
                max = crate::schedule::MAX_TEXT
            )
        })));
    }
    let reading = tts.reading(text);
    if reading.chars().all(|c| !c.is_alphanumeric()) {
        return Err(RenderError(crate::i18n::Said::new(|| t!("tts-text-empty"))));
    }
    let sound = Cache::new(state_dir).sound(&tts.voice, &reading)?;
    Ok((reading, sound.path))
}
