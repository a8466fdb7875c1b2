//! Reading rows: by occurrence, by filter, the last sign of life, the monthly summary.

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::i18n::Said;

use super::{
    BulletinRecord, Filter, History, OCCURRENCE_FORMAT, Outcome, Result, Row, Source, SummaryRow,
    parse_ts, ts,
};

impl History {
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
                 WHERE occurrence IS NOT NULL AND requested >= ?1",
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

    /// The latest instant the history shows the daemon at work, or starting (to tell, at start,
    /// what was missed while it was down).
    pub fn last_active(&self) -> Result<Option<DateTime<Utc>>> {
        let t: Option<String> = self
            .conn
            .query_row(
                "SELECT max(coalesce((SELECT max(max(requested, coalesce(ended, ''),
                                     coalesce(last_seen, ''), coalesce(started, '')))
                                     FROM broadcasts), ''),
                            coalesce((SELECT value FROM meta WHERE key = 'daemon_started'), ''))",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(parse_ts(t.filter(|t| !t.is_empty())))
    }

    /// The last `n` rows, oldest first.
    pub fn last(&self, n: usize) -> Result<Vec<Row>> {
        let mut rows = self.select(
            &format!("{SELECT} ORDER BY requested DESC, rowid DESC LIMIT ?1"),
            params![n as i64],
        )?;
        rows.reverse();
        Ok(rows)
    }

    /// Rows matching a filter, oldest first (by when they were due or asked for).
    pub fn query(&self, f: &Filter) -> Result<Vec<Row>> {
        self.select(
            &format!(
                "{SELECT} WHERE (?1 IS NULL OR requested >= ?1)
                   AND (?2 IS NULL OR requested < ?2)
                   AND (?3 IS NULL OR announcement = ?3)
                 ORDER BY requested, rowid"
            ),
            params![f.since.map(ts), f.until.map(ts), f.id],
        )
    }

    pub(super) fn select(&self, sql: &str, p: impl rusqlite::Params) -> Result<Vec<Row>> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(p, read_row).map_err(|e| self.err(e))?;
        rows.map(|r| r.map_err(|e| self.err(e))).collect()
    }

    /// Counts per announcement and outcome, and airtime (the sound that went out: a relay's
    /// live sound only), for rows in a filter.
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
            s.airtime_seconds += row.airtime_seconds();
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        // Milliseconds, as the rows have them (a sum of floats is not 15.097000000000001).
        for s in &mut out {
            s.airtime_seconds = (s.airtime_seconds * 1000.0).round() / 1000.0;
        }
        Ok(out)
    }

    /// `PRAGMA integrity_check`: "ok", or what is wrong.
    pub fn integrity(&self) -> Result<String> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

impl History {
    /// Completed rows the broker has not taken yet, oldest first.
    pub fn outbox(&self, limit: usize) -> Result<Vec<Row>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "{SELECT} WHERE rowid IN (SELECT row FROM outbox) ORDER BY rowid LIMIT ?1"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![limit as i64], read_row)
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))
    }

    /// Every bulletin kept, oldest first.
    pub fn bulletins(&self) -> Result<Vec<BulletinRecord>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT id, level, title, received, expires, play_at, body, state, reason,
                        decided_by, decided_at, accept_at
                 FROM bulletins ORDER BY received, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(BulletinRecord {
                    id: r.get(0)?,
                    level: r.get(1)?,
                    title: r.get(2)?,
                    received: parse_ts(r.get(3)?).unwrap_or(DateTime::UNIX_EPOCH),
                    expires: parse_ts(r.get(4)?).unwrap_or(DateTime::UNIX_EPOCH),
                    play_at: parse_ts(r.get(5)?),
                    body: r.get(6)?,
                    state: r.get(7)?,
                    reason: r.get(8)?,
                    decided_by: r.get(9)?,
                    decided_at: parse_ts(r.get(10)?),
                    accept_at: parse_ts(r.get(11)?),
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}

pub(super) const SELECT: &str =
    "SELECT rowid, announcement, title, source, requested_by, scheduled, occurrence,
                             started, ended, outcome, reason, files, requested, played_seconds,
                             on_air_seconds, bulletin, node, node_row, reason_vi, node_timezone,
                             text
                      FROM broadcasts";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let files: String = r.get(11)?;
    let scheduled = parse_ts(r.get(5)?);
    let started = parse_ts(r.get(7)?);
    Ok(Row {
        rowid: r.get(0)?,
        id: r.get(1)?,
        title: r.get(2)?,
        source: Source::parse(&r.get::<_, String>(3)?),
        requested_by: r.get(4)?,
        requested: parse_ts(r.get(12)?)
            .or(scheduled)
            .or(started)
            .unwrap_or(DateTime::UNIX_EPOCH),
        scheduled,
        occurrence: r
            .get::<_, Option<String>>(6)?
            .and_then(|o| NaiveDateTime::parse_from_str(&o, OCCURRENCE_FORMAT).ok()),
        started,
        ended: parse_ts(r.get(8)?),
        outcome: r
            .get::<_, Option<String>>(9)?
            .and_then(|o| Outcome::parse(&o)),
        reason: said(r.get(10)?, r.get(18)?),
        files: serde_json::from_str(&files).unwrap_or_default(),
        played_seconds: r.get(13)?,
        on_air_seconds: r.get(14)?,
        bulletin: r.get(15)?,
        node: match (
            r.get::<_, Option<String>>(16)?,
            r.get::<_, Option<i64>>(17)?,
        ) {
            (Some(n), Some(row)) => Some((n, row)),
            _ => None,
        },
        node_timezone: r.get::<_, Option<String>>(19)?.and_then(|z| z.parse().ok()),
        text: r.get(20)?,
    })
}

/// A row's reason in both languages: as written since schema 7; an older row's English, with
/// the Vietnamese of the fixed sentences earlier versions wrote (else the English, as it was).
pub fn said(en: Option<String>, vi: Option<String>) -> Option<Said> {
    let en = en?;
    let vi = vi.unwrap_or_else(|| legacy_vi(&en).unwrap_or_else(|| en.clone()));
    Some(Said::both(vi, en))
}

fn legacy_vi(en: &str) -> Option<String> {
    use crate::i18n::{Lang, message_in};
    const FIXED: [&str; 12] = [
        "reason-crashed",
        "reason-crashed-starting",
        "reason-daemon-down",
        "reason-never-started",
        "reason-shutdown",
        "reason-shutdown-waiting",
        "reason-why-busy",
        "reason-why-emergency",
        "reason-why-paused",
        "reason-why-clock",
        "reason-why-on-lead",
        "reason-nothing-to-play",
    ];
    if let Some(id) = FIXED.iter().find(|id| message_in(Lang::En, id, &[]) == en) {
        return Some(message_in(Lang::Vi, id, &[]));
    }
    let by = en.strip_prefix("stopped by ")?;
    Some(message_in(
        Lang::Vi,
        "reason-stopped-by",
        &[("by", by.into())],
    ))
}
