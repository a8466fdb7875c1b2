//! Changing the schedule file from the console (spec §11): a save is checked exactly as
//! `loa check` checks the file, written atomically (a temporary file beside it, synced, renamed
//! over it, keeping its mode), and kept as a numbered version with who and when, so any can be
//! shown as a diff and restored. With `approve = true` an operator's save is kept as a proposal
//! instead, until an admin approves it (checked again then) or rejects it.
//!
//! Versions live in the state directory's `versions/`: `N.toml` (the text) and `N.json` (who,
//! when, state). The newest [`KEPT`] are kept. The first save also keeps the file as it was
//! (by "file"), so the schedule before the console's first change can be restored too.
//!
//! Nothing here knows HTTP: the console's handler turns [`Saved`] into a status code.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::t;

pub const KEPT: usize = 200;

/// One kept version (or proposal).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub version: u32,
    pub by: String,
    pub at: String,
    /// `kept` (it was the schedule), `proposed` (waits for an admin), `rejected`.
    pub state: String,
    pub approved_by: Option<String>,
    /// The file's tag when it was proposed: approving it over a file changed since is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
}

/// What became of a save.
#[derive(Debug)]
pub enum Saved {
    /// Written and kept as this version.
    Written(u32),
    /// Kept as a proposal for an admin.
    Proposed(u32),
    /// `loa check` finds errors in it: nothing changed.
    Invalid {
        errors: Vec<Diagnostic>,
        warnings: Vec<Diagnostic>,
    },
    /// The file changed since the editor read it (its tag differs): nothing changed.
    Changed,
}

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    NotFound(String),
    /// It cannot be done in this state (a proposal decided already; the file changed since it).
    #[error("{0}")]
    Conflict(String),
    /// It changes what only an admin may change ([`admin_only_change`]).
    #[error("{0}")]
    AdminOnly(String),
}

/// What in `new` differs from `old` that only an admin may change, as written in the file
/// (`[tts]`, `[station] audio_dir`, `[station.amplifier]`), or `None`. An operator edits what
/// plays and when: the entries, and the station's calendar and sound. The commands the daemon
/// runs (`[station.amplifier]`, `[tts]`), the folders it may play and the console serves
/// (`audio_dir`, `allow_dirs`), the output, the console (`[web]`) and the feed (`[fleet]`,
/// `[live]`) are an admin's, and so is any table a later version adds.
pub fn admin_only_change(old: &str, new: &str) -> Option<String> {
    const OPERATOR_TABLES: &[&str] = &["station", "announcement", "emergency", "relay"];
    const ADMIN_STATION_KEYS: &[&str] = &["audio_dir", "allow_dirs", "output", "amplifier"];
    let read = |text: &str| text.parse::<toml::Table>().unwrap_or_default();
    let (old, new) = (read(old), read(new));
    let mut roots: Vec<&String> = old.keys().chain(new.keys()).collect();
    roots.sort();
    roots.dedup();
    if let Some(k) = roots
        .into_iter()
        .find(|k| !OPERATOR_TABLES.contains(&k.as_str()) && old.get(*k) != new.get(*k))
    {
        return Some(format!("[{k}]"));
    }
    let station = |t: &toml::Table, key: &str| {
        t.get("station")
            .and_then(toml::Value::as_table)
            .and_then(|s| s.get(key))
            .cloned()
    };
    ADMIN_STATION_KEYS
        .iter()
        .find(|k| station(&old, k) != station(&new, k))
        .map(|k| match *k {
            "amplifier" => "[station.amplifier]".to_string(),
            k => format!("[station] {k}"),
        })
}

/// The tag of a schedule's text (an HTTP entity tag, quotes included).
pub fn tag(text: &str) -> String {
    format!("\"{}\"", &blake3::hash(text.as_bytes()).to_hex()[..32])
}

fn dir(state_dir: &Path) -> PathBuf {
    state_dir.join("versions")
}

fn io(what: &Path) -> impl Fn(std::io::Error) -> EditError + '_ {
    move |e| {
        EditError::Io(t!(
            "edit-cannot-write",
            path = what.display().to_string(),
            why = e.to_string()
        ))
    }
}

/// Every version kept, oldest first.
pub fn versions(state_dir: &Path) -> Vec<Version> {
    let mut all: Vec<Version> = std::fs::read_dir(dir(state_dir))
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "json").then_some(())?;
            serde_json::from_slice(&std::fs::read(p).ok()?).ok()
        })
        .collect();
    all.sort_by_key(|v| v.version);
    all
}

/// One version's text.
pub fn text(state_dir: &Path, n: u32) -> Result<String, EditError> {
    std::fs::read_to_string(dir(state_dir).join(format!("{n}.toml")))
        .map_err(|_| EditError::NotFound(t!("edit-no-version", n = n)))
}

fn keep(state_dir: &Path, text: &str, v: &Version) -> Result<(), EditError> {
    let d = dir(state_dir);
    std::fs::create_dir_all(&d).map_err(io(&d))?;
    let toml = d.join(format!("{}.toml", v.version));
    write_atomically(&toml, text.as_bytes(), None).map_err(io(&toml))?;
    record(state_dir, v)?;
    // The oldest go past KEPT.
    let all = versions(state_dir);
    for old in all.iter().take(all.len().saturating_sub(KEPT)) {
        let _ = std::fs::remove_file(d.join(format!("{}.toml", old.version)));
        let _ = std::fs::remove_file(d.join(format!("{}.json", old.version)));
    }
    Ok(())
}

fn record(state_dir: &Path, v: &Version) -> Result<(), EditError> {
    let json = dir(state_dir).join(format!("{}.json", v.version));
    let bytes = serde_json::to_vec_pretty(v).unwrap_or_default();
    write_atomically(&json, &bytes, None).map_err(io(&json))
}

fn next_number(state_dir: &Path) -> u32 {
    versions(state_dir).last().map_or(1, |v| v.version + 1)
}

/// Writes `bytes` to a temporary file beside `path` (with `mode`, or `path`'s own), syncs it and
/// renames it over `path`: `path` is the old content or the new, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8], mode: Option<u32>) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let mode = mode.or_else(|| std::fs::metadata(path).ok().map(|m| m.permissions().mode()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        if let Some(m) = mode {
            f.set_permissions(std::fs::Permissions::from_mode(m & 0o7777))?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes `bytes` over `path` only if `path` still holds `expected` at the instant it is
/// replaced; `Ok(false)`, the file left as it is, when it does not. The new text is swapped in
/// (`renameat2(RENAME_EXCHANGE)`) and the text it displaced compared: a hand edit that landed
/// while the console checked its save is put back, not lost (`scripts/faults.sh web`'s `edit`
/// lost 10 of 30 that way). Where the filesystem cannot exchange, the file is read again just
/// before an ordinary rename.
pub fn replace_if_unchanged(path: &Path, bytes: &[u8], expected: &str) -> std::io::Result<bool> {
    use std::io::Write;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.swap", std::process::id()));
    let mode = std::fs::metadata(path)?.permissions().mode();
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.set_permissions(std::fs::Permissions::from_mode(mode & 0o7777))?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let c =
        |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (from, to) = (c(&tmp)?, c(path)?);
    let exchange = || {
        // SAFETY: two NUL-terminated paths that live across the call; AT_FDCWD.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    };
    let result = match exchange() {
        Ok(()) => match std::fs::read(&tmp) {
            Ok(displaced) if displaced == expected.as_bytes() => Ok(true),
            // Changed meanwhile: the other writer's text goes back.
            Ok(_) => exchange().map(|()| false),
            Err(e) => exchange().and(Err(e)),
        },
        Err(e)
            if matches!(
                e.raw_os_error(),
                Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)
            ) =>
        {
            match std::fs::read(path) {
                Ok(now) if now == expected.as_bytes() => std::fs::rename(&tmp, path).map(|()| true),
                Ok(_) => Ok(false),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    };
    let _ = std::fs::remove_file(&tmp);
    result
}

/// Where a save goes and who makes it.
pub struct Edit<'a> {
    pub config: &'a Path,
    pub state_dir: &'a Path,
    pub by: &'a str,
    /// An admin saves anything; anyone else only what [`admin_only_change`] leaves them.
    pub admin: bool,
    pub tz: chrono_tz::Tz,
    pub now: DateTime<Utc>,
}

impl Edit<'_> {
    fn stamp(&self) -> String {
        self.now
            .with_timezone(&self.tz)
            .to_rfc3339_opts(SecondsFormat::Secs, false)
    }

    /// The file's text now and its tag.
    pub fn current(&self) -> Result<(String, String), EditError> {
        let text = std::fs::read_to_string(self.config).map_err(|e| {
            EditError::Io(t!(
                "edit-cannot-read",
                path = self.config.display().to_string(),
                why = e.to_string()
            ))
        })?;
        let tag = tag(&text);
        Ok((text, tag))
    }

    /// The findings of `loa check` on `text` as if it were the file, split in errors and
    /// warnings; a schedule without `[web]` is refused too (saving it would shut the console
    /// that saves it: that is done on the station itself).
    fn check(&self, text: &str) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let base = self
            .config
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = self.config.display().to_string();
        let all =
            crate::commands::check::findings(&name, text.to_string(), base, self.tz, self.now);
        let (mut errors, warnings): (Vec<_>, Vec<_>) =
            all.into_iter().partition(Diagnostic::is_error);
        if errors.is_empty()
            && crate::schedule::parse(&name, text.to_string(), base, self.tz)
                .is_ok_and(|l| l.schedule.web.is_none())
        {
            errors.push(Diagnostic::file_error(name, t!("edit-no-web")));
        }
        (errors, warnings)
    }

    /// Saves `text` if the file still has the tag `if_match`: checked, then written and kept
    /// (or, `propose`, kept as a proposal only).
    pub fn save(&self, text: &str, if_match: &str, propose: bool) -> Result<Saved, EditError> {
        let (old, tag) = self.current()?;
        if tag != if_match {
            return Ok(Saved::Changed);
        }
        let (errors, warnings) = self.check(text);
        if !errors.is_empty() {
            return Ok(Saved::Invalid { errors, warnings });
        }
        // A proposal waits for an admin, who sees what it changes.
        if !self.admin
            && !propose
            && let Some(setting) = admin_only_change(&old, text)
        {
            return Err(EditError::AdminOnly(t!(
                "edit-admin-only",
                setting = setting
            )));
        }
        if propose {
            let v = Version {
                version: next_number(self.state_dir),
                by: self.by.to_string(),
                at: self.stamp(),
                state: "proposed".into(),
                approved_by: None,
                base: Some(tag),
            };
            keep(self.state_dir, text, &v)?;
            return Ok(Saved::Proposed(v.version));
        }
        self.install(&old, text, None)
    }

    /// Writes `text` over the file and keeps it as a version (the file as it was first, when
    /// no version was ever kept).
    fn install(
        &self,
        old: &str,
        text: &str,
        approved_by: Option<&str>,
    ) -> Result<Saved, EditError> {
        if versions(self.state_dir).is_empty() {
            let first = Version {
                version: 1,
                by: "file".into(),
                at: self.stamp(),
                state: "kept".into(),
                approved_by: None,
                base: None,
            };
            keep(self.state_dir, old, &first)?;
        }
        if !replace_if_unchanged(self.config, text.as_bytes(), old).map_err(io(self.config))? {
            return Ok(Saved::Changed);
        }
        let v = Version {
            version: next_number(self.state_dir),
            by: self.by.to_string(),
            at: self.stamp(),
            state: "kept".into(),
            approved_by: approved_by.map(str::to_string),
            base: None,
        };
        keep(self.state_dir, text, &v)?;
        Ok(Saved::Written(v.version))
    }

    fn proposal(&self, n: u32) -> Result<Version, EditError> {
        let v = versions(self.state_dir)
            .into_iter()
            .find(|v| v.version == n)
            .ok_or_else(|| EditError::NotFound(t!("edit-no-version", n = n)))?;
        if v.state != "proposed" {
            return Err(EditError::Conflict(t!(
                "edit-not-proposed",
                n = n,
                state = v.state.as_str()
            )));
        }
        Ok(v)
    }

    /// An admin approves proposal `n`: checked again, written over the file if the file is still
    /// the one it was proposed against.
    pub fn approve(&self, n: u32) -> Result<Saved, EditError> {
        let mut p = self.proposal(n)?;
        let proposed = text(self.state_dir, n)?;
        let (old, tag) = self.current()?;
        if p.base.as_deref() != Some(tag.as_str()) {
            return Err(EditError::Conflict(t!("edit-changed-since", n = n)));
        }
        let (errors, warnings) = self.check(&proposed);
        if !errors.is_empty() {
            return Ok(Saved::Invalid { errors, warnings });
        }
        let saved = self.install(&old, &proposed, Some(self.by))?;
        if matches!(saved, Saved::Changed) {
            return Err(EditError::Conflict(t!("edit-changed-since", n = n)));
        }
        p.state = "approved".into();
        p.approved_by = Some(self.by.to_string());
        record(self.state_dir, &p)?;
        Ok(saved)
    }

    pub fn reject(&self, n: u32) -> Result<(), EditError> {
        let mut p = self.proposal(n)?;
        p.state = "rejected".into();
        p.approved_by = None;
        record(self.state_dir, &p)
    }
}

#[cfg(test)]
mod tests;
