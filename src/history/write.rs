//! Writing rows: a broadcast's row opened before its first sample, its start, its signs of
//! life, its end; rows decided without playing; the daemon's start.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::i18n::Said;

use super::read::SELECT;
use super::{
    BulletinRecord, Collected, Finish, History, NewBroadcast, OCCURRENCE_FORMAT, Outcome, Result,
    Row, ts,
};

impl History {
    /// Opens the row of a broadcast about to start (no start time, no outcome), synced to disk
    /// when this returns; returns its row. A scheduled occurrence that was handed over before
    /// and put back (an emergency cut in before its first sample) keeps its row.
    pub fn start(&mut self, b: &NewBroadcast) -> Result<i64> {
        match self.unsounded(b)? {
            Some(row) => Ok(row),
            None => self.insert(b, None, None),
        }
    }

    /// The row of an occurrence that was opened and never sounded (put back in the queue).
    fn unsounded(&self, b: &NewBroadcast) -> Result<Option<i64>> {
        let Some(occ) = b.occurrence else {
            return Ok(None);
        };
        self.conn
            .query_row(
                "SELECT rowid FROM broadcasts WHERE announcement = ?1 AND occurrence = ?2
                   AND outcome IS NULL AND started IS NULL",
                params![b.id, occ.format(OCCURRENCE_FORMAT).to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The first sample of a started row sounded at `at`.
    pub fn started(&mut self, rowid: i64, at: DateTime<Utc>) -> Result<()> {
        self.exec(
            "UPDATE broadcasts SET started = ?2 WHERE rowid = ?1",
            params![rowid, ts(at)],
        )
    }

    /// A started row was still playing at `at`.
    pub fn seen(&mut self, rowid: i64, at: DateTime<Utc>) -> Result<()> {
        self.exec(
            "UPDATE broadcasts SET last_seen = ?2 WHERE rowid = ?1",
            params![rowid, ts(at)],
        )
    }

    /// Records an attempt decided at once (skipped, missed, failed before a sound). An
    /// occurrence whose row was opened and that never sounded (put back by an emergency, then
    /// skipped) has its row completed rather than a second one.
    pub fn record(&mut self, b: &NewBroadcast, outcome: Outcome, reason: &Said) -> Result<i64> {
        match self.unsounded(b)? {
            Some(row) => {
                self.exec(
                    "UPDATE broadcasts SET outcome = ?2, reason = ?3, reason_vi = ?4 WHERE rowid = ?1",
                    params![row, outcome.as_str(), reason.en(), reason.vi()],
                )?;
                Ok(row)
            }
            None => self.insert(b, Some(outcome), Some(reason)),
        }
    }

    fn exec(&mut self, sql: &str, p: impl rusqlite::Params) -> Result<()> {
        self.conn.execute(sql, p).map_err(|e| self.err(e))?;
        Ok(())
    }

    fn insert(
        &mut self,
        b: &NewBroadcast,
        outcome: Option<Outcome>,
        reason: Option<&Said>,
    ) -> Result<i64> {
        let files = serde_json::to_string(&b.files).unwrap_or_else(|_| "[]".into());
        self.conn
            .execute(
                "INSERT INTO broadcasts
                   (announcement, title, source, requested_by, requested, scheduled, occurrence,
                    started, ended, outcome, reason, files, bulletin, reason_vi, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, NULL, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    b.id,
                    b.title,
                    b.source.as_str(),
                    b.requested_by,
                    ts(b.requested),
                    b.scheduled.map(ts),
                    b.occurrence
                        .map(|o| o.format(OCCURRENCE_FORMAT).to_string()),
                    outcome.map(Outcome::as_str),
                    reason.map(|r| r.en()),
                    files,
                    b.bulletin,
                    reason.map(|r| r.vi()),
                    b.text,
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Keeps a bulletin, or its new state (by id).
    pub fn put_bulletin(&mut self, r: &BulletinRecord) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO bulletins
                   (id, level, title, received, expires, play_at, body, state, reason,
                    decided_by, decided_at, accept_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT(id) DO UPDATE SET state = ?8, reason = ?9, decided_by = ?10,
                    decided_at = ?11, accept_at = ?12",
                params![
                    r.id,
                    r.level,
                    r.title,
                    ts(r.received),
                    ts(r.expires),
                    r.play_at.map(ts),
                    r.body,
                    r.state,
                    r.reason,
                    r.decided_by,
                    r.decided_at.map(ts),
                    r.accept_at.map(ts),
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Completes a row: when it ended (`None`: it never sounded), how, why, and how many
    /// seconds of audio went out.
    pub fn finish(&mut self, rowid: i64, end: &Finish) -> Result<()> {
        self.exec(
            "UPDATE broadcasts SET ended = ?2, outcome = ?3, reason = ?4, played_seconds = ?5,
                 on_air_seconds = ?6, reason_vi = ?7
             WHERE rowid = ?1",
            params![
                rowid,
                end.ended.map(ts),
                end.outcome.as_str(),
                end.reason.as_ref().map(|r| r.en()),
                end.played_seconds,
                end.on_air_seconds,
                end.reason.as_ref().map(|r| r.vi()),
            ],
        )
    }

    /// The broker took these rows.
    pub fn sent(&mut self, rows: &[i64]) -> Result<()> {
        for r in rows {
            self.exec("DELETE FROM outbox WHERE row = ?1", params![r])?;
        }
        Ok(())
    }

    /// Without a feed nobody takes the rows: the outbox is emptied rather than let grow.
    pub fn clear_outbox(&mut self) -> Result<()> {
        self.exec("DELETE FROM outbox", params![])
    }

    /// A row from a node's history, into the province's collected file. The first version of
    /// each (`node`, `row`) is kept: the same row sent again after a reconnect changes nothing,
    /// and a different one is refused ([`Collected::Conflict`]), never written over it.
    pub fn put_collected(&mut self, r: &Row) -> Result<Collected> {
        let Some((node, node_row)) = &r.node else {
            return Ok(Collected::Again);
        };
        let files = serde_json::to_string(&r.files).unwrap_or_else(|_| "[]".into());
        self.exec(
            "INSERT INTO broadcasts
               (announcement, title, source, requested_by, requested, scheduled, occurrence,
                started, ended, outcome, reason, files, played_seconds, on_air_seconds, bulletin,
                node, node_row, reason_vi, node_timezone, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                     ?19, ?20)
             ON CONFLICT (node, node_row) WHERE node IS NOT NULL DO NOTHING",
            params![
                r.id,
                r.title,
                r.source.as_str(),
                r.requested_by,
                ts(r.requested),
                r.scheduled.map(ts),
                r.occurrence
                    .map(|o| o.format(OCCURRENCE_FORMAT).to_string()),
                r.started.map(ts),
                r.ended.map(ts),
                r.outcome.map(Outcome::as_str),
                r.reason.as_ref().map(|r| r.en()),
                files,
                r.played_seconds,
                r.on_air_seconds,
                r.bulletin,
                node,
                node_row,
                r.reason.as_ref().map(|r| r.vi()),
                r.node_timezone.map(|z| z.name()),
                r.text,
            ],
        )?;
        if self.conn.changes() == 1 {
            return Ok(Collected::New);
        }
        let stored = self.select(
            &format!("{SELECT} WHERE node = ?1 AND node_row = ?2"),
            params![node, node_row],
        )?;
        let same = stored.into_iter().next().is_none_or(|s| {
            Row {
                rowid: r.rowid,
                ..s
            } == *r
        });
        Ok(if same {
            Collected::Again
        } else {
            Collected::Conflict
        })
    }

    /// Notes that a daemon started at `at`.
    pub fn mark_started(&mut self, at: DateTime<Utc>) -> Result<()> {
        self.exec(
            "INSERT INTO meta (key, value) VALUES ('daemon_started', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![ts(at)],
        )
    }
}
