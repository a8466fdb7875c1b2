//! `loa tts TEXT [--print] [--out FILE.wav]` (spec §13): how loa reads a text, and its sound,
//! with the schedule's `[tts]` (its defaults when there is no schedule). Also where the one-shot
//! commands keep the sounds they render: the state directory when they may write there, else a
//! folder of the user's own.

use std::path::{Path, PathBuf};

use crate::schedule::{self, Tts};
use crate::t;

use super::{OK, USER_ERROR, print_diagnostics, tally};

pub fn run(config: &Path, explicit: bool, text: &str, print: bool, out: Option<&Path>) -> i32 {
    let Some(tts) = tts_of(config, explicit) else {
        return USER_ERROR;
    };
    if text.len() > schedule::MAX_TEXT {
        eprintln!(
            "loa: {}",
            t!(
                "tts-text-too-long",
                bytes = text.len(),
                max = schedule::MAX_TEXT
            )
        );
        return USER_ERROR;
    }
    let reading = tts.reading(text);
    if reading.chars().all(|c| !c.is_alphanumeric()) {
        eprintln!("loa: {}", t!("tts-text-empty"));
        eprintln!("{}", t!("tts-text-empty-help"));
        return USER_ERROR;
    }
    if print || out.is_none() {
        println!("{reading}");
    }
    if let Some(out) = out {
        if let Err(e) = tts.voice.render(&reading, out) {
            eprintln!("loa: {e}");
            return USER_ERROR;
        }
        eprintln!(
            "loa: {}",
            t!("tts-written", file = out.display().to_string())
        );
    }
    OK
}

/// The `[tts]` of the schedule at `config`: its defaults when the default schedule is not there;
/// `None` (its errors printed) when it does not load.
pub fn tts_of(config: &Path, explicit: bool) -> Option<Tts> {
    if !explicit && !config.exists() {
        return Some(Tts::default());
    }
    let (tz, _) = crate::clock::system_timezone();
    match schedule::load(config, tz) {
        Ok(l) => Some(l.schedule.tts),
        Err(errors) => {
            print_diagnostics(&errors);
            eprintln!("{}: {}", config.display(), tally(&errors));
            None
        }
    }
}

/// Where a one-shot command keeps the sounds it renders: `state_dir` if it may write there (the
/// daemon's cache, shared), else `/tmp/loa-tts-UID`.
pub fn cache_home(state_dir: &Path) -> PathBuf {
    let dir = state_dir.join(crate::tts::cache::DIR);
    let usable = std::fs::create_dir_all(&dir).is_ok() && crate::paths::writable(&dir);
    if usable {
        crate::paths::give_to_owner_of(state_dir, &dir);
        return state_dir.to_path_buf();
    }
    // SAFETY: getuid has no preconditions and cannot fail.
    std::env::temp_dir().join(format!("loa-tts-{}", unsafe { libc::getuid() }))
}
