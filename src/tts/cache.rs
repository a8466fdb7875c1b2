//! The rendered sounds, kept in the state directory's `tts/` under their [`Voice::key`]: a text
//! is rendered once for a given engine, voice, rate and reading, and a reload of an unchanged
//! schedule renders nothing. A sound not used for [`KEEP`] is removed at the next prune, unless
//! the running schedule names it.
//!
//! Rendering takes seconds: callers run this off the daemon's loop.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::engine::{RenderError, Voice};
use crate::t;

/// The folder in the state directory.
pub const DIR: &str = "tts";
/// How long a sound nobody uses is kept (a text played once from the console, history's link
/// to it).
pub const KEEP: Duration = Duration::from_secs(30 * 24 * 3600);

/// Where rendered sounds are kept.
#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
}

/// A reading's sound, and whether it had to be rendered now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sound {
    pub path: PathBuf,
    pub rendered: bool,
}

impl Cache {
    pub fn new(state_dir: &Path) -> Cache {
        Cache {
            dir: state_dir.join(DIR),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The kept sound called `name` (`KEY.wav`, as [`Cache::path`] names them), to be heard in
    /// the console; nothing else of the state directory, whatever `name` says.
    pub fn named(&self, name: &str) -> Option<PathBuf> {
        let key = name.strip_suffix(".wav")?;
        let ok = key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| self.dir.join(name))
    }

    /// Where `voice`'s sound of `reading` is (or would be) kept.
    pub fn path(&self, voice: &Voice, reading: &str) -> PathBuf {
        self.dir.join(format!("{}.wav", voice.key(reading)))
    }

    /// `voice`'s sound of `reading`: the kept one, or rendered now and kept.
    pub fn sound(&self, voice: &Voice, reading: &str) -> Result<Sound, RenderError> {
        let path = self.path(voice, reading);
        if path.is_file() {
            // Used again: its age starts over.
            let _ = std::fs::File::options()
                .append(true)
                .open(&path)
                .and_then(|f| {
                    let now = crate::clock::Clock::now(&crate::clock::SystemClock);
                    f.set_modified(now.into())
                });
            return Ok(Sound {
                path,
                rendered: false,
            });
        }
        let dir = self.dir.display().to_string();
        let cannot_keep = |why: String| {
            RenderError(crate::i18n::Said::new(|| {
                t!("tts-cannot-keep", file = dir.as_str(), why = why.as_str())
            }))
        };
        let state_dir = self.dir.parent().unwrap_or(&self.dir);
        if !self.dir.is_dir() {
            std::fs::create_dir_all(&self.dir).map_err(|e| cannot_keep(crate::i18n::io_why(&e)))?;
            crate::paths::give_to_owner_of(state_dir, &self.dir);
        }
        if !crate::paths::writable(&self.dir) {
            return Err(cannot_keep(t!("io-permission")));
        }
        voice.render(reading, &path)?;
        // Rendered by `sudo loa check`: the daemon's all the same.
        crate::paths::give_to_owner_of(state_dir, &path);
        Ok(Sound {
            path,
            rendered: true,
        })
    }

    /// Removes the sounds not in `keep` that nobody used for [`KEEP`], and what a killed render
    /// left behind (an hour old). Returns how many went.
    pub fn prune(&self, keep: &HashSet<PathBuf>, now: SystemTime) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut removed = 0;
        for e in entries.flatten() {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let age = e
                .metadata()
                .and_then(|m| m.modified())
                .map_or(Duration::ZERO, |t| {
                    now.duration_since(t).unwrap_or_default()
                });
            let stale = age > KEEP;
            // A render in progress writes one too: only an old one is left over.
            let leftover = name.ends_with(".part.wav") && age > Duration::from_secs(3600);
            if (leftover || stale) && !keep.contains(&path) && std::fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_kept_sound_is_named_never_another_file_of_the_state_directory() {
        let c = Cache::new(Path::new("/var/lib/loa"));
        let key = "0123456789abcdef0123456789ABCDEF";
        assert_eq!(
            c.named(&format!("{key}.wav")),
            Some(PathBuf::from(format!("/var/lib/loa/tts/{key}.wav")))
        );
        for name in [
            "../history.sqlite",
            "../web.key",
            "0123.wav",
            "0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdeg.wav",
            "/etc/passwd",
        ] {
            assert_eq!(c.named(name), None, "{name}");
        }
    }
}
