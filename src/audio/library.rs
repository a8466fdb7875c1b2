//! The station's recordings as the console manages them (spec §11): the files in `audio_dir`,
//! each with its length, loudness and the announcements that use it; an upload kept only once
//! it decodes in full, under a name reduced to one path component in NFC; a recording deleted
//! only when nothing uses it. Never follows a symbolic link: an upload is written to a new
//! temporary file in the folder (`O_EXCL | O_NOFOLLOW`) and renamed over the name (a rename
//! replaces a link, it does not write through it); a link is never deleted or listed.
//!
//! No HTTP here: the console's handler streams the upload into [`Upload`] and words the result.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::schedule::{Schedule, User};
use crate::t;

/// The kinds of file an officer brings: a recorder's MP3 or WAV, a phone's M4A, a Zalo voice
/// message (AAC in M4A, or Opus), FLAC and Ogg from a studio.
pub const EXTENSIONS: &[&str] = &[
    "mp3", "m4a", "mp4", "aac", "wav", "flac", "ogg", "oga", "opus", "webm",
];

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Recording {
    pub name: String,
    pub duration_seconds: Option<f64>,
    pub loudness_lufs: Option<f64>,
    pub used_by: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LibraryError {
    /// The name cannot be a recording's.
    #[error("{0}")]
    Name(String),
    /// It does not decode in full.
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Exists(String),
    #[error("{0}")]
    InUse(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Io(String),
}

/// The name an uploaded file is kept under: its last path component (a browser may send
/// `C:\Users\…\x.mp3`), NFC, without control characters; refused when empty, hidden, or not an
/// audio file's extension.
pub fn clean_name(given: &str) -> Result<String, LibraryError> {
    let last = given.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let name: String = last.nfc().filter(|c| !c.is_control()).collect();
    let ext = Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bad = || {
        LibraryError::Name(t!(
            "library-bad-name",
            name = given,
            kinds = EXTENSIONS.join(", ")
        ))
    };
    if name.is_empty() || name.starts_with('.') || name.len() > 200 {
        return Err(bad());
    }
    match ext {
        Some(e) if EXTENSIONS.contains(&e.as_str()) => Ok(name),
        _ => Err(bad()),
    }
}

/// Which ids use the file `path` in `s`.
pub fn used_by(s: &Schedule, path: &Path) -> Vec<String> {
    let mut ids: Vec<String> = s
        .audio_refs()
        .into_iter()
        .filter(|(r, _)| r.path == path)
        .map(|(_, u)| match u {
            User::Station => "[station]".to_string(),
            User::Announcement(id) | User::Emergency(id) | User::Relay(id) => id.to_string(),
        })
        .collect();
    ids.dedup();
    ids
}

/// What is known of a file, kept while its modification time and size stay the same.
#[derive(Clone)]
struct Measured {
    stamp: (SystemTime, u64),
    duration: Option<f64>,
    loudness: Option<f64>,
}

/// The recordings of `audio_dir`, measured once each (a change of the file measures it again).
#[derive(Default)]
pub struct Library {
    measured: HashMap<PathBuf, Measured>,
}

fn measure(path: &Path) -> (Option<f64>, Option<f64>) {
    match crate::audio::probe::probe(path, crate::audio::probe::Depth::FullWithLoudness) {
        Ok(p) => (
            Some((p.duration.as_secs_f64() * 1000.0).round() / 1000.0),
            p.loudness
                .and_then(|l| l.integrated)
                .map(|x| (x * 10.0).round() / 10.0),
        ),
        Err(_) => (None, None),
    }
}

impl Library {
    /// Every recording in the schedule's `audio_dir`, by name.
    pub fn list(&mut self, s: &Schedule) -> Vec<Recording> {
        let dir = &s.station.audio_dir;
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = e.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let Some(name) = e.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if !meta.is_file() || clean_name(&name).is_err() {
                continue;
            }
            let stamp = (
                meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                meta.len(),
            );
            let m = match self.measured.get(&path) {
                Some(m) if m.stamp == stamp => m.clone(),
                _ => {
                    let (duration, loudness) = measure(&path);
                    let m = Measured {
                        stamp,
                        duration,
                        loudness,
                    };
                    self.measured.insert(path.clone(), m.clone());
                    m
                }
            };
            out.push(Recording {
                used_by: used_by(s, &path),
                name,
                duration_seconds: m.duration,
                loudness_lufs: m.loudness,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}

/// An upload on its way into `audio_dir`: a new temporary file there, removed unless kept.
pub struct Upload {
    tmp: PathBuf,
    file: Option<std::fs::File>,
    pub written: u64,
}

impl Upload {
    pub fn begin(audio_dir: &Path) -> Result<Upload, LibraryError> {
        use std::os::unix::fs::OpenOptionsExt;
        let mut r = [0u8; 8];
        let _ = getrandom::fill(&mut r);
        let tmp = audio_dir.join(format!(".upload-{}.part", u64::from_le_bytes(r)));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o640)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)
            .map_err(|e| io(audio_dir, e))?;
        Ok(Upload {
            tmp,
            file: Some(file),
            written: 0,
        })
    }

    pub fn write(&mut self, chunk: &[u8]) -> Result<(), LibraryError> {
        let Some(f) = self.file.as_mut() else {
            return Ok(());
        };
        f.write_all(chunk).map_err(|e| io(&self.tmp, e))?;
        self.written += chunk.len() as u64;
        Ok(())
    }

    /// Decodes it in full; then renames it to `name` in `audio_dir` (over a file of that name
    /// only with `replace`). Blocking: call it off the loop.
    pub fn keep(
        mut self,
        audio_dir: &Path,
        name: &str,
        replace: bool,
    ) -> Result<Recording, LibraryError> {
        if let Some(f) = self.file.take() {
            f.sync_all().map_err(|e| io(&self.tmp, e))?;
        }
        let target = audio_dir.join(name);
        let existing = crate::audio::names::resolve(&target);
        if std::fs::symlink_metadata(&existing).is_ok() && !replace {
            return Err(LibraryError::Exists(t!("library-exists", name = name)));
        }
        let probed =
            crate::audio::probe::probe(&self.tmp, crate::audio::probe::Depth::FullWithLoudness)
                .map_err(|e| {
                    // Its reason only, naming the file as uploaded: the temporary file's path
                    // means nothing to the officer.
                    let tmp = self
                        .tmp
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned());
                    let why = match tmp {
                        Some(t) if !t.is_empty() => e.reason().replace(&t, name),
                        _ => e.reason(),
                    };
                    LibraryError::Invalid(t!("library-not-audio", name = name, why = why))
                })?;
        // The same name in another normalisation is the same recording: replace that one.
        std::fs::rename(&self.tmp, &existing).map_err(|e| io(&existing, e))?;
        Ok(Recording {
            name: existing
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| name.to_string()),
            duration_seconds: Some((probed.duration.as_secs_f64() * 1000.0).round() / 1000.0),
            loudness_lufs: probed.loudness.and_then(|l| l.integrated),
            used_by: Vec::new(),
        })
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

fn io(p: &Path, e: std::io::Error) -> LibraryError {
    LibraryError::Io(t!(
        "library-io",
        path = p.display().to_string(),
        why = crate::i18n::io_why(&e)
    ))
}

/// The largest recording the console hands to a browser to listen to.
pub const MAX_LISTEN: u64 = 200_000_000;

/// The bytes of the recording `name` in `s`'s `audio_dir` and their media type (a regular
/// file only: never through a link).
pub fn read(s: &Schedule, name: &str) -> Result<(&'static str, Vec<u8>), LibraryError> {
    let name = clean_name(name)?;
    let path = crate::audio::names::resolve(&s.station.audio_dir.join(&name));
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() && m.len() <= MAX_LISTEN => {}
        _ => {
            return Err(LibraryError::NotFound(t!(
                "library-no-such",
                name = name.as_str()
            )));
        }
    }
    let kind = match Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("mp3") => "audio/mpeg",
        Some("m4a" | "mp4" | "aac") => "audio/mp4",
        Some("wav") => "audio/wav",
        Some("flac") => "audio/flac",
        Some("opus" | "ogg" | "oga") => "audio/ogg",
        Some("webm") => "audio/webm",
        _ => "application/octet-stream",
    };
    std::fs::read(&path)
        .map(|b| (kind, b))
        .map_err(|e| io(&path, e))
}

/// Deletes the recording `name` from `s`'s `audio_dir`, unless something uses it.
pub fn delete(s: &Schedule, name: &str) -> Result<(), LibraryError> {
    let name = clean_name(name)?;
    let path = crate::audio::names::resolve(&s.station.audio_dir.join(&name));
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => {}
        _ => {
            return Err(LibraryError::NotFound(t!(
                "library-no-such",
                name = name.as_str()
            )));
        }
    }
    let users = used_by(s, &path);
    if !users.is_empty() {
        return Err(LibraryError::InUse(t!(
            "library-in-use",
            name = name.as_str(),
            ids = users.join(", ")
        )));
    }
    std::fs::remove_file(&path).map_err(|e| io(&path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uploaded_name_is_one_component_in_nfc() {
        assert_eq!(clean_name("bao.mp3").unwrap(), "bao.mp3");
        assert_eq!(
            clean_name("C:\\Users\\Lan\\Desktop\\tin sáng.M4A").unwrap(),
            "tin sáng.M4A"
        );
        assert_eq!(clean_name("../../etc/cron.d/x.ogg").unwrap(), "x.ogg");
        // "á" written as a + combining acute becomes one character.
        assert_eq!(clean_name("tin sa\u{301}ng.mp3").unwrap(), "tin sáng.mp3");
        for bad in ["", "..", ".hidden.mp3", "/", "notes.txt", "x", "../passwd"] {
            assert!(clean_name(bad).is_err(), "{bad}");
        }
    }
}
