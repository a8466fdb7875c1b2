//! History: every broadcast attempt, one row in an SQLite file in the state directory (spec §6).
//!
//! A broadcast's row is written — and synced to disk — *before* its first sample goes out
//! ([`History::start`]: a row "starting", no start time yet), given its start time when the first
//! sample has sounded, touched every few seconds while it plays (`last_seen`), and completed when
//! it ends. So a crash or a power cut at any instant leaves a row that says what happened, and an
//! occurrence that has a row is never played again. The next writer to open the file closes rows
//! a crash left open: `interrupted`, ended at the last instant known. An occurrence (announcement
//! id + scheduled local time) has at most one row: a unique index is the last line of defence
//! against playing it twice.
//!
//! Every row has `requested`: the instant it was due or asked for, so that a row that never
//! started (skipped, missed, failed) still has its place in every report. Filters and summaries
//! go by it.
//!
//! This module is the file and its schema (`read` and `write` hold the queries), synchronous.
//! The daemon's writes go through [`Recorder`], a thread of its own that keeps rows in memory
//! while the disk refuses them.
//!
//! Times are stored as RFC 3339 UTC text with milliseconds (which sorts as time does); the
//! occurrence's scheduled local time as `YYYY-MM-DDTHH:MM:SS` in the station's zone.
//!
//! Least information: the state directory is created 0750 and the database 0640 (the daemon's
//! group `loa` may read them; other local users may not learn who asked for what).

mod kinds;
mod read;
mod recorder;
mod schema;
mod write;

use crate::t;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, params};
use serde::Serialize;

pub use kinds::{Outcome, Source};
pub use read::said as reason_from;
pub use recorder::{Health, Recorder, Then};
use schema::MIGRATIONS;

use crate::i18n::Said;

/// The database's name in the state directory.
pub const FILE_NAME: &str = "history.sqlite";
/// The schema this code writes; older files are migrated on open (see `MIGRATIONS`).
pub const SCHEMA_VERSION: i64 = 9;

/// Why a row left open was closed when the history was next opened.
pub fn crashed() -> Said {
    Said::new(|| t!("reason-crashed"))
}

/// The same, for a row whose first sample was not confirmed: it may have sounded for a moment.
pub fn crashed_starting() -> Said {
    Said::new(|| t!("reason-crashed-starting"))
}

/// Why the history cannot be read or written; worded when shown, in the reader's language.
#[derive(Debug)]
pub enum HistoryError {
    Dir {
        path: PathBuf,
        source: std::io::Error,
    },
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
    Missing {
        path: String,
    },
    Denied {
        path: String,
    },
    TooNew {
        path: String,
        found: i64,
    },
    WriterGone,
}

impl std::fmt::Display for HistoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            HistoryError::Dir { path, source } => t!(
                "history-err-dir",
                path = path.display().to_string(),
                why = io_words(source)
            ),
            HistoryError::Sqlite { path, source } => t!(
                "history-err-sqlite",
                path = path.as_str(),
                why = sqlite_words(source, path)
            ),
            HistoryError::Missing { path } => t!("history-err-missing", path = path.as_str()),
            HistoryError::Denied { path } => t!("history-err-denied", path = path.as_str()),
            HistoryError::TooNew { path, found } => t!(
                "history-err-too-new",
                path = path.as_str(),
                found = *found,
                known = SCHEMA_VERSION
            ),
            HistoryError::WriterGone => t!("history-err-writer-gone"),
        })
    }
}

impl std::error::Error for HistoryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HistoryError::Dir { source, .. } => Some(source),
            HistoryError::Sqlite { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl HistoryError {
    /// Whether trying again later may succeed (a full disk, a locked or unopenable file), as
    /// opposed to a row the database refuses for what it is.
    pub fn is_transient(&self) -> bool {
        match self {
            HistoryError::Sqlite { source, .. } => !matches!(
                source.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ConstraintViolation)
                    | Some(rusqlite::ErrorCode::TypeMismatch)
            ),
            HistoryError::TooNew { .. } => false,
            _ => true,
        }
    }

    /// Whether the disk (or the database's size limit) is full.
    pub fn is_disk_full(&self) -> bool {
        match self {
            HistoryError::Sqlite { source, .. } => {
                source.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
            }
            HistoryError::Dir { source, .. } => source.raw_os_error() == Some(libc::ENOSPC),
            _ => false,
        }
    }
}

/// An I/O error in plain words where it has plain words (a full disk, permission denied).
pub fn io_words(e: &std::io::Error) -> String {
    crate::i18n::io_why(e)
}

fn sqlite_words(e: &rusqlite::Error, path: &str) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => t!("io-disk-full"),
        // SQLite says "disk I/O error" when a write fails; say what it is when we can tell.
        Some(rusqlite::ErrorCode::SystemIoFailure) | Some(rusqlite::ErrorCode::CannotOpen)
            if disk_full(Path::new(path)) =>
        {
            t!("io-disk-full")
        }
        Some(rusqlite::ErrorCode::ReadOnly) => t!("io-read-only"),
        Some(rusqlite::ErrorCode::PermissionDenied) => t!("io-permission"),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) | Some(rusqlite::ErrorCode::NotADatabase) => {
            t!("history-err-corrupt")
        }
        _ => t!("history-err-other", why = e.to_string()),
    }
}

/// Whether the filesystem holding `path` (or its nearest existing ancestor) has no room left.
pub fn disk_full(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let existing = path
        .ancestors()
        .find(|p| p.exists())
        .unwrap_or(Path::new("/"));
    let Ok(c) = std::ffi::CString::new(existing.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a valid buffer for the call.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return false;
    }
    // Less than 64 KiB: an SQLite page or two and a WAL frame do not fit.
    (st.f_bavail as u128) * (st.f_frsize as u128) < 64 * 1024
}

pub type Result<T> = std::result::Result<T, HistoryError>;

/// What became of a row collected from a node ([`History::put_collected`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collected {
    /// Stored.
    New,
    /// The same row was stored already (sent twice).
    Again,
    /// A different row with the same (node, row) was stored already: the first is kept.
    Conflict,
}

/// A broadcast about to be recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewBroadcast {
    /// Announcement or preset id, or the file for an ad-hoc play.
    pub id: String,
    pub title: String,
    pub source: Source,
    /// "schedule", or the user name of whoever asked over the socket.
    pub requested_by: String,
    /// The instant it was due (scheduled, catch-up, a repeat of an emergency) or asked for.
    pub requested: DateTime<Utc>,
    /// When it was due (scheduled and catch-up broadcasts).
    pub scheduled: Option<DateTime<Utc>>,
    /// The occurrence's scheduled local time: with `id`, its identity.
    pub occurrence: Option<NaiveDateTime>,
    /// The files it plays, as written in the schedule.
    pub files: Vec<String>,
    /// The bulletin it plays (source `bulletin`).
    pub bulletin: Option<String>,
    /// What it reads aloud (spec §13); `files` names the sound rendered from it.
    pub text: Option<String>,
}

/// A row as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub rowid: i64,
    pub id: String,
    pub title: String,
    pub source: Source,
    pub requested_by: String,
    pub requested: DateTime<Utc>,
    pub scheduled: Option<DateTime<Utc>>,
    pub occurrence: Option<NaiveDateTime>,
    pub started: Option<DateTime<Utc>>,
    pub ended: Option<DateTime<Utc>>,
    /// `None` while it plays.
    pub outcome: Option<Outcome>,
    /// Why, in each language (`reason` in JSON and CSV is the English one).
    pub reason: Option<Said>,
    pub files: Vec<String>,
    /// Seconds of audio that went to the output (known for rows closed by the daemon).
    pub played_seconds: Option<f64>,
    /// A relay: seconds of live sound.
    pub on_air_seconds: Option<f64>,
    /// A bulletin's id (source `bulletin`).
    pub bulletin: Option<String>,
    /// In the province's collected file: the node the row came from, and its row there.
    pub node: Option<(String, i64)>,
    /// And that node's zone: its times are shown in the station's time.
    pub node_timezone: Option<chrono_tz::Tz>,
    /// What it read aloud.
    pub text: Option<String>,
}

impl Row {
    /// The sound that went out (spec §6): a relay's live sound (`on_air_seconds`: a relay that
    /// never connected aired nothing, whatever its fallback did), else the audio that reached
    /// the output, else (rows of older versions) the time from start to end.
    pub fn airtime_seconds(&self) -> f64 {
        if let Some(on_air) = self.on_air_seconds {
            return on_air.max(0.0);
        }
        if let Some(played) = self.played_seconds {
            return played.max(0.0);
        }
        match (self.started, self.ended) {
            (Some(a), Some(b)) => (b - a).num_milliseconds().max(0) as f64 / 1000.0,
            _ => 0.0,
        }
    }
}

/// A bulletin from the provincial feed as the station keeps it: what it is, and its fate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulletinRecord {
    pub id: String,
    pub level: String,
    pub title: String,
    pub received: DateTime<Utc>,
    pub expires: DateTime<Utc>,
    pub play_at: Option<DateTime<Utc>>,
    /// The bulletin as received (signed JSON), to play it when the commune accepts it.
    pub body: String,
    /// held, queued, played, rejected, expired, failed, refused.
    pub state: String,
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// `loa bulletins accept --at`: when the commune wants it played.
    pub accept_at: Option<DateTime<Utc>>,
}

/// Which rows to read, by `requested`.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// From this instant.
    pub since: Option<DateTime<Utc>>,
    /// Before this instant.
    pub until: Option<DateTime<Utc>>,
    pub id: Option<String>,
}

/// Counts and airtime of one announcement over a period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SummaryRow {
    pub id: String,
    pub title: String,
    pub counts: std::collections::BTreeMap<&'static str, u64>,
    pub airtime_seconds: f64,
}

pub struct History {
    conn: Connection,
    path: String,
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_ts(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc))
}

const OCCURRENCE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// Creates the state directory 0750, or takes the world's access away from one that exists
/// (a folder made by an older loa, or by hand).
fn prepare_dir(dir: &Path) -> Result<()> {
    let err = |source| HistoryError::Dir {
        path: dir.to_path_buf(),
        source,
    };
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o750)
        .create(dir)
        .map_err(err)?;
    restrict(dir, 0o750);
    Ok(())
}

/// Removes the world's bits from a file or folder that we own (quietly: not ours, not our
/// business).
fn restrict(path: &Path, keep: u32) {
    if let Ok(m) = std::fs::metadata(path) {
        let mode = m.permissions().mode() & 0o7777;
        // SAFETY: geteuid has no preconditions.
        let mine = std::os::unix::fs::MetadataExt::uid(&m) == unsafe { libc::geteuid() };
        if mine && mode & !keep != 0 {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & keep));
        }
    }
}

/// Root writing in a folder that belongs to someone else (`sudo loa play` with no daemon running
/// records in /var/lib/loa, the service's): the files go to the folder's owner, or the service,
/// running as `loa`, could no longer write its own history.
fn give_to_folder_owner(path: &Path) {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return;
    }
    let Some(dir) = path.parent().and_then(|d| std::fs::metadata(d).ok()) else {
        return;
    };
    if dir.uid() == 0 {
        return;
    }
    let name = path.display().to_string();
    for suffix in ["", "-wal", "-shm"] {
        let f = format!("{name}{suffix}");
        if std::fs::metadata(&f).is_ok_and(|m| m.uid() == 0) {
            let _ = std::os::unix::fs::chown(&f, Some(dir.uid()), Some(dir.gid()));
        }
    }
}

impl History {
    /// Opens (creating if needed) the database in `dir` for writing: migrates it to the current
    /// schema and closes the rows a crash left unfinished.
    pub fn open(dir: &Path) -> Result<History> {
        prepare_dir(dir)?;
        History::open_file(&dir.join(FILE_NAME))
    }

    pub fn open_file(path: &Path) -> Result<History> {
        let name = path.display().to_string();
        // Created 0640 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o640)
            .open(path);
        if created.is_ok() {
            for suffix in ["", "-wal", "-shm"] {
                restrict(Path::new(&format!("{name}{suffix}")), 0o660);
            }
        }
        let conn = Connection::open(path).map_err(|source| HistoryError::Sqlite {
            path: name.clone(),
            source,
        })?;
        let mut h = History { conn, path: name };
        h.prepare_writer()?;
        give_to_folder_owner(path);
        Ok(h)
    }

    /// For tests and the simulation.
    pub fn open_in_memory() -> Result<History> {
        let conn = Connection::open_in_memory().map_err(|source| HistoryError::Sqlite {
            path: ":memory:".into(),
            source,
        })?;
        let mut h = History {
            conn,
            path: ":memory:".into(),
        };
        h.prepare_writer()?;
        Ok(h)
    }

    /// Opens the database in `dir` for reading only, while a daemon may be writing to it.
    pub fn open_read_only(dir: &Path) -> Result<History> {
        History::open_read_only_file(&dir.join(FILE_NAME))
    }

    /// A history file by its path (the province's collected file, `loa history --db`).
    pub fn open_read_only_file(path: &Path) -> Result<History> {
        let path = path.to_path_buf();
        let name = path.display().to_string();
        match std::fs::File::open(&path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(HistoryError::Denied { path: name });
            }
            Err(_) => return Err(HistoryError::Missing { path: name }),
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|source| HistoryError::Sqlite {
                path: name.clone(),
                source,
            })?;
        let h = History { conn, path: name };
        h.conn
            .busy_timeout(Duration::from_secs(5))
            .map_err(|e| h.err(e))?;
        let version = h.version()?;
        if version > SCHEMA_VERSION {
            return Err(HistoryError::TooNew {
                path: h.path.clone(),
                found: version,
            });
        }
        if version < SCHEMA_VERSION {
            // An older file (the daemon has not run since an upgrade): read a private copy,
            // migrated in memory, and leave the file to the daemon.
            return History::migrated_copy(&h);
        }
        Ok(h)
    }

    fn migrated_copy(old: &History) -> Result<History> {
        let mut conn = Connection::open_in_memory().map_err(|e| old.err(e))?;
        {
            let backup =
                rusqlite::backup::Backup::new(&old.conn, &mut conn).map_err(|e| old.err(e))?;
            backup
                .run_to_completion(256, Duration::ZERO, None)
                .map_err(|e| old.err(e))?;
        }
        let mut h = History {
            conn,
            path: old.path.clone(),
        };
        h.migrate()?;
        Ok(h)
    }

    fn err(&self, source: rusqlite::Error) -> HistoryError {
        HistoryError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// Limits the database to `pages` pages (SQLite's `max_page_count`): a disk that fills up,
    /// for tests of what happens then.
    pub fn set_max_pages(&self, pages: i64) -> Result<()> {
        self.conn
            .pragma_update(None, "max_page_count", pages)
            .map_err(|e| self.err(e))
    }

    /// Pages the database uses.
    pub fn page_count(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn prepare_writer(&mut self) -> Result<()> {
        // WAL lets `loa history` read while the daemon writes. In WAL mode, synchronous=NORMAL
        // syncs only at checkpoints, so a power cut can roll back the last committed rows
        // (without corrupting the file); FULL syncs the log at every commit, so a row the daemon
        // committed survives the power cut. Its cost, a few fsyncs per broadcast, is nothing at
        // a few broadcasts an hour.
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(|e| self.err(e))?;
        self.conn
            .busy_timeout(Duration::from_secs(5))
            .map_err(|e| self.err(e))?;
        self.migrate()?;
        // Rows a crash (or a power cut) left open: the broadcast did not end by itself. It ended
        // at the last instant it was known to play; one whose first sample was never confirmed
        // has no start, and is not played again.
        let (starting, crashed) = (crashed_starting(), crashed());
        self.conn
            .execute(
                "UPDATE broadcasts SET outcome = 'interrupted',
                    reason = CASE WHEN started IS NULL THEN ?1 ELSE ?2 END,
                    reason_vi = CASE WHEN started IS NULL THEN ?3 ELSE ?4 END,
                    ended = CASE WHEN started IS NULL THEN NULL
                                 ELSE max(started, coalesce(last_seen, started)) END
                 WHERE outcome IS NULL",
                params![starting.en(), crashed.en(), starting.vi(), crashed.vi()],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let version = self.version()?;
        if version > SCHEMA_VERSION {
            return Err(HistoryError::TooNew {
                path: self.path.clone(),
                found: version,
            });
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            let tx = self.conn.transaction().map_err(|e| HistoryError::Sqlite {
                path: self.path.clone(),
                source: e,
            })?;
            tx.execute_batch(step)
                .and_then(|()| tx.pragma_update(None, "user_version", (i + 1) as i64))
                .and_then(|()| tx.commit())
                .map_err(|source| HistoryError::Sqlite {
                    path: self.path.clone(),
                    source,
                })?;
        }
        Ok(())
    }
}

/// How a started row ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Finish {
    /// `None` when it never sounded.
    pub ended: Option<DateTime<Utc>>,
    pub outcome: Outcome,
    pub reason: Option<Said>,
    pub played_seconds: Option<f64>,
    /// A relay: seconds of live sound.
    pub on_air_seconds: Option<f64>,
}

#[cfg(test)]
mod tests;
