//! History: every broadcast attempt, one row in an SQLite file in the state directory (spec §6).
//!
//! A row is inserted when a broadcast starts (or is decided skipped or missed) and completed
//! when it ends; a crash leaves it unfinished, and the next writer to open the file closes it as
//! interrupted ("daemon stopped"). An occurrence (announcement id + scheduled local time) has at
//! most one row: a unique index is the last line of defence against playing it twice.
//!
//! This module is the file and its queries, synchronous. The daemon's writes go through
//! [`Recorder`], a thread of its own, so they never hold up the scheduler or the audio.
//!
//! Times are stored as RFC 3339 UTC text with milliseconds (which sorts as time does); the
//! occurrence's scheduled local time as `YYYY-MM-DDTHH:MM:SS` in the station's zone.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::Serialize;

/// The database's name in the state directory.
pub const FILE_NAME: &str = "history.sqlite";
/// The schema this code writes; older files are migrated on open (see `MIGRATIONS`).
pub const SCHEMA_VERSION: i64 = 2;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot create the state directory {path}: {source}")]
    Dir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("history database {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "history database {path} has no history yet (the daemon creates it when it first runs)"
    )]
    Missing { path: String },
    #[error(
        "history database {path} was written by a newer loa (schema {found}, this one knows {SCHEMA_VERSION})"
    )]
    TooNew { path: String, found: i64 },
    #[error("the history writer has stopped")]
    WriterGone,
}

type Result<T> = std::result::Result<T, HistoryError>;

/// What started a broadcast.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Schedule,
    CatchUp,
    Manual,
    Emergency,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Schedule => "schedule",
            Source::CatchUp => "catch-up",
            Source::Manual => "manual",
            Source::Emergency => "emergency",
        }
    }

    fn parse(s: &str) -> Source {
        match s {
            "catch-up" => Source::CatchUp,
            "manual" => Source::Manual,
            "emergency" => Source::Emergency,
            _ => Source::Schedule,
        }
    }
}

/// How a broadcast attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Played,
    Skipped,
    Interrupted,
    Stopped,
    Missed,
    Failed,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Played,
        Outcome::Skipped,
        Outcome::Interrupted,
        Outcome::Stopped,
        Outcome::Missed,
        Outcome::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Played => "played",
            Outcome::Skipped => "skipped",
            Outcome::Interrupted => "interrupted",
            Outcome::Stopped => "stopped",
            Outcome::Missed => "missed",
            Outcome::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
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
    /// When it was due (scheduled and catch-up broadcasts).
    pub scheduled: Option<DateTime<Utc>>,
    /// The occurrence's scheduled local time: with `id`, its identity.
    pub occurrence: Option<NaiveDateTime>,
    /// The files it plays, as written in the schedule.
    pub files: Vec<String>,
}

/// A row as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub rowid: i64,
    pub id: String,
    pub title: String,
    pub source: Source,
    pub requested_by: String,
    pub scheduled: Option<DateTime<Utc>>,
    pub occurrence: Option<NaiveDateTime>,
    pub started: Option<DateTime<Utc>>,
    pub ended: Option<DateTime<Utc>>,
    /// `None` while it plays.
    pub outcome: Option<Outcome>,
    pub reason: Option<String>,
    pub files: Vec<String>,
}

/// Which rows to read.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// From this instant (on the row's start, or its scheduled time if it never started).
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

/// Each step takes the schema from version `i` to `i + 1`. Version 1 was the first cut: one row
/// per attempt with its times and outcome. Version 2 adds what the daemon needs to dedupe and
/// the report needs to read: the title, who asked, the occurrence key (unique), the files.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE broadcasts (
        rowid INTEGER PRIMARY KEY,
        announcement TEXT NOT NULL,
        source TEXT NOT NULL,
        scheduled TEXT,
        started TEXT,
        ended TEXT,
        outcome TEXT,
        reason TEXT
    );",
    "ALTER TABLE broadcasts ADD COLUMN title TEXT NOT NULL DEFAULT '';
     ALTER TABLE broadcasts ADD COLUMN requested_by TEXT NOT NULL DEFAULT 'schedule';
     ALTER TABLE broadcasts ADD COLUMN occurrence TEXT;
     ALTER TABLE broadcasts ADD COLUMN files TEXT NOT NULL DEFAULT '[]';
     CREATE UNIQUE INDEX broadcasts_occurrence ON broadcasts (announcement, occurrence)
         WHERE occurrence IS NOT NULL;
     CREATE INDEX broadcasts_time ON broadcasts (coalesce(started, scheduled));",
];

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

impl History {
    /// Opens (creating if needed) the database in `dir` for writing: migrates it to the current
    /// schema and closes the rows a crash left unfinished.
    pub fn open(dir: &Path) -> Result<History> {
        std::fs::create_dir_all(dir).map_err(|source| HistoryError::Dir {
            path: dir.to_path_buf(),
            source,
        })?;
        History::open_file(&dir.join(FILE_NAME))
    }

    pub fn open_file(path: &Path) -> Result<History> {
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| HistoryError::Sqlite {
            path: name.clone(),
            source,
        })?;
        let mut h = History { conn, path: name };
        h.prepare_writer()?;
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
        let path = dir.join(FILE_NAME);
        let name = path.display().to_string();
        if !path.exists() {
            return Err(HistoryError::Missing { path: name });
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

    fn version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn prepare_writer(&mut self) -> Result<()> {
        // WAL lets `loa history` read while the daemon writes. In WAL mode, synchronous=NORMAL
        // syncs only at checkpoints, so a power cut can roll back the last committed rows
        // (without corrupting the file); FULL syncs the log at every commit, so a row the daemon
        // committed survives the power cut. Its cost, one fsync per broadcast start and end, is
        // nothing at a few broadcasts an hour.
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(|e| self.err(e))?;
        self.conn
            .busy_timeout(Duration::from_secs(5))
            .map_err(|e| self.err(e))?;
        self.migrate()?;
        // Rows a crash (or a power cut) left open: the broadcast did not end by itself.
        self.conn
            .execute(
                "UPDATE broadcasts SET outcome = 'interrupted', reason = 'daemon stopped'
                 WHERE outcome IS NULL",
                [],
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

    /// Records a broadcast that has started; returns its row. The row stays open (no outcome)
    /// until [`History::finish`].
    pub fn start(&mut self, b: &NewBroadcast, started: DateTime<Utc>) -> Result<i64> {
        self.insert(b, Some(started), None, None)
    }

    /// Records an attempt decided at once (skipped, missed, failed before a sound).
    pub fn record(&mut self, b: &NewBroadcast, outcome: Outcome, reason: &str) -> Result<i64> {
        self.insert(b, None, Some(outcome), Some(reason))
    }

    fn insert(
        &mut self,
        b: &NewBroadcast,
        started: Option<DateTime<Utc>>,
        outcome: Option<Outcome>,
        reason: Option<&str>,
    ) -> Result<i64> {
        let files = serde_json::to_string(&b.files).unwrap_or_else(|_| "[]".into());
        self.conn
            .execute(
                "INSERT INTO broadcasts
                   (announcement, title, source, requested_by, scheduled, occurrence, started, ended, outcome, reason, files)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9, ?10)",
                params![
                    b.id,
                    b.title,
                    b.source.as_str(),
                    b.requested_by,
                    b.scheduled.map(ts),
                    b.occurrence.map(|o| o.format(OCCURRENCE_FORMAT).to_string()),
                    started.map(ts),
                    outcome.map(Outcome::as_str),
                    reason,
                    files,
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Completes a started row.
    pub fn finish(
        &mut self,
        rowid: i64,
        ended: DateTime<Utc>,
        outcome: Outcome,
        reason: Option<&str>,
    ) -> Result<()> {
        self.conn
            .execute(
                "UPDATE broadcasts SET ended = ?2, outcome = ?3, reason = ?4 WHERE rowid = ?1",
                params![rowid, ts(ended), outcome.as_str(), reason],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The row of an occurrence, if it has one (it started, or was decided).
    pub fn occurrence(&self, id: &str, local: NaiveDateTime) -> Result<Option<Row>> {
        let key = local.format(OCCURRENCE_FORMAT).to_string();
        self.conn
            .query_row(
                &format!("{SELECT} WHERE announcement = ?1 AND occurrence = ?2"),
                params![id, key],
                read_row,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The occurrence keys recorded from `since` on (for the daemon's dedupe at start).
    pub fn occurrences_since(&self, since: DateTime<Utc>) -> Result<Vec<(String, NaiveDateTime)>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT announcement, occurrence FROM broadcasts
                 WHERE occurrence IS NOT NULL AND coalesce(scheduled, started) >= ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![ts(since)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, occ) = row.map_err(|e| self.err(e))?;
            if let Ok(t) = NaiveDateTime::parse_from_str(&occ, OCCURRENCE_FORMAT) {
                out.push((id, t));
            }
        }
        Ok(out)
    }

    /// The last `n` rows, oldest first.
    pub fn last(&self, n: usize) -> Result<Vec<Row>> {
        let mut rows = self.select(
            &format!("{SELECT} ORDER BY coalesce(started, scheduled) DESC, rowid DESC LIMIT ?1"),
            params![n as i64],
        )?;
        rows.reverse();
        Ok(rows)
    }

    /// Rows matching a filter, oldest first.
    pub fn query(&self, f: &Filter) -> Result<Vec<Row>> {
        self.select(
            &format!(
                "{SELECT} WHERE (?1 IS NULL OR coalesce(started, scheduled) >= ?1)
                   AND (?2 IS NULL OR coalesce(started, scheduled) < ?2)
                   AND (?3 IS NULL OR announcement = ?3)
                 ORDER BY coalesce(started, scheduled), rowid"
            ),
            params![f.since.map(ts), f.until.map(ts), f.id],
        )
    }

    fn select(&self, sql: &str, p: impl rusqlite::Params) -> Result<Vec<Row>> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(p, read_row).map_err(|e| self.err(e))?;
        rows.map(|r| r.map_err(|e| self.err(e))).collect()
    }

    /// Counts per announcement and outcome, and airtime, for rows in a filter.
    pub fn summary(&self, f: &Filter) -> Result<Vec<SummaryRow>> {
        let mut out: Vec<SummaryRow> = Vec::new();
        for row in self.query(f)? {
            let i = match out.iter().position(|s| s.id == row.id) {
                Some(i) => i,
                None => {
                    out.push(SummaryRow {
                        id: row.id.clone(),
                        title: row.title.clone(),
                        ..SummaryRow::default()
                    });
                    out.len() - 1
                }
            };
            let s = &mut out[i];
            let outcome = row.outcome.map_or("playing", Outcome::as_str);
            *s.counts.entry(outcome).or_default() += 1;
            if let (Some(a), Some(b)) = (row.started, row.ended) {
                s.airtime_seconds += (b - a).num_milliseconds().max(0) as f64 / 1000.0;
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// `PRAGMA integrity_check`: "ok", or what is wrong.
    pub fn integrity(&self) -> Result<String> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

const SELECT: &str =
    "SELECT rowid, announcement, title, source, requested_by, scheduled, occurrence,
                             started, ended, outcome, reason, files FROM broadcasts";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let files: String = r.get(11)?;
    Ok(Row {
        rowid: r.get(0)?,
        id: r.get(1)?,
        title: r.get(2)?,
        source: Source::parse(&r.get::<_, String>(3)?),
        requested_by: r.get(4)?,
        scheduled: parse_ts(r.get(5)?),
        occurrence: r
            .get::<_, Option<String>>(6)?
            .and_then(|o| NaiveDateTime::parse_from_str(&o, OCCURRENCE_FORMAT).ok()),
        started: parse_ts(r.get(7)?),
        ended: parse_ts(r.get(8)?),
        outcome: r
            .get::<_, Option<String>>(9)?
            .and_then(|o| Outcome::parse(&o)),
        reason: r.get(10)?,
        files: serde_json::from_str(&files).unwrap_or_default(),
    })
}

/// Writes to the history on a thread of its own, so that a slow disk never holds up the
/// scheduler. Writes are identified by a token the caller chooses, so `start` needs no reply.
pub struct Recorder {
    tx: mpsc::Sender<Op>,
    thread: Option<JoinHandle<()>>,
}

enum Op {
    Start {
        token: u64,
        b: NewBroadcast,
        started: DateTime<Utc>,
    },
    Finish {
        token: u64,
        ended: DateTime<Utc>,
        outcome: Outcome,
        reason: Option<String>,
    },
    Record {
        b: NewBroadcast,
        outcome: Outcome,
        reason: String,
    },
    Sync(mpsc::Sender<()>),
}

impl Recorder {
    /// Starts the writer on an open history. Errors are logged (a history that cannot be
    /// written must not stop the broadcasts).
    pub fn spawn(mut h: History) -> std::io::Result<Recorder> {
        let (tx, rx) = mpsc::channel::<Op>();
        let thread = std::thread::Builder::new()
            .name("loa-history".into())
            .spawn(move || {
                let mut rows = std::collections::HashMap::new();
                for op in rx {
                    let result = match op {
                        Op::Start { token, b, started } => h.start(&b, started).map(|row| {
                            rows.insert(token, row);
                        }),
                        Op::Finish {
                            token,
                            ended,
                            outcome,
                            reason,
                        } => match rows.remove(&token) {
                            Some(row) => h.finish(row, ended, outcome, reason.as_deref()),
                            None => Ok(()),
                        },
                        Op::Record { b, outcome, reason } => {
                            h.record(&b, outcome, &reason).map(|_| ())
                        }
                        Op::Sync(done) => {
                            let _ = done.send(());
                            Ok(())
                        }
                    };
                    if let Err(e) = result {
                        tracing::error!("cannot write the history: {e}");
                    }
                }
            })?;
        Ok(Recorder {
            tx,
            thread: Some(thread),
        })
    }

    pub fn start(&self, token: u64, b: NewBroadcast, started: DateTime<Utc>) {
        let _ = self.tx.send(Op::Start { token, b, started });
    }

    pub fn finish(
        &self,
        token: u64,
        ended: DateTime<Utc>,
        outcome: Outcome,
        reason: Option<String>,
    ) {
        let _ = self.tx.send(Op::Finish {
            token,
            ended,
            outcome,
            reason,
        });
    }

    pub fn record(&self, b: NewBroadcast, outcome: Outcome, reason: impl Into<String>) {
        let _ = self.tx.send(Op::Record {
            b,
            outcome,
            reason: reason.into(),
        });
    }

    /// Waits until everything sent so far is written (blocking: not for async code).
    pub fn sync(&self) -> Result<()> {
        let (tx, rx) = mpsc::channel();
        self.tx
            .send(Op::Sync(tx))
            .map_err(|_| HistoryError::WriterGone)?;
        rx.recv().map_err(|_| HistoryError::WriterGone)
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        let (tx, _) = mpsc::channel();
        drop(std::mem::replace(&mut self.tx, tx));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn b(id: &str, occ: Option<&str>) -> NewBroadcast {
        NewBroadcast {
            id: id.into(),
            title: format!("Bản tin {id}"),
            source: Source::Schedule,
            requested_by: "schedule".into(),
            scheduled: Some(Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap()),
            occurrence: occ.map(|o| NaiveDateTime::parse_from_str(o, OCCURRENCE_FORMAT).unwrap()),
            files: vec!["ban-tin-sang.mp3".into()],
        }
    }

    #[test]
    fn a_row_lives_from_start_to_finish() {
        let mut h = History::open_in_memory().unwrap();
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap();
        let row = h.start(&b("sang", Some("2026-12-02T05:30:00")), t).unwrap();
        let r = &h.last(1).unwrap()[0];
        assert_eq!((r.outcome, r.ended, r.started), (None, None, Some(t)));
        h.finish(
            row,
            t + chrono::TimeDelta::seconds(20),
            Outcome::Played,
            None,
        )
        .unwrap();
        let r = &h.last(1).unwrap()[0];
        assert_eq!(r.outcome, Some(Outcome::Played));
        assert_eq!(r.title, "Bản tin sang");
        assert_eq!(r.files, ["ban-tin-sang.mp3"]);
        let occ = NaiveDateTime::parse_from_str("2026-12-02T05:30:00", OCCURRENCE_FORMAT).unwrap();
        assert!(h.occurrence("sang", occ).unwrap().is_some());
        assert!(h.occurrence("chieu", occ).unwrap().is_none());
    }

    #[test]
    fn an_occurrence_has_at_most_one_row() {
        let mut h = History::open_in_memory().unwrap();
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap();
        h.start(&b("sang", Some("2026-12-02T05:30:00")), t).unwrap();
        assert!(h.start(&b("sang", Some("2026-12-02T05:30:00")), t).is_err());
        // Ad-hoc plays have no occurrence and may repeat.
        h.start(&b("x.mp3", None), t).unwrap();
        h.start(&b("x.mp3", None), t).unwrap();
    }

    #[test]
    fn summaries_count_outcomes_and_airtime() {
        let mut h = History::open_in_memory().unwrap();
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap();
        let r = h.start(&b("sang", Some("2026-12-02T05:30:00")), t).unwrap();
        h.finish(r, t + chrono::TimeDelta::seconds(90), Outcome::Played, None)
            .unwrap();
        h.record(
            &b("sang", Some("2026-12-03T05:30:00")),
            Outcome::Missed,
            "daemon was down",
        )
        .unwrap();
        let s = h.summary(&Filter::default()).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].counts.get("played"), Some(&1));
        assert_eq!(s[0].counts.get("missed"), Some(&1));
        assert_eq!(s[0].airtime_seconds, 90.0);
    }
}
