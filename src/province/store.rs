//! What the province's console keeps beside the collected history, in the same SQLite file
//! (`--db`; `loa history --db FILE` still reads its broadcasts): every change of a node's
//! `online`, the bulletins sent from the console and each node's last ack. Tables `fleet_*`,
//! created on first use; the history's own tables are `crate::history`'s.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::acks::{Ack, Sent};
use super::report::Seen;

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS fleet_presence (
        node TEXT NOT NULL,
        at TEXT NOT NULL,
        online INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS fleet_presence_node ON fleet_presence (node, at);
    CREATE TABLE IF NOT EXISTS fleet_sent (
        id TEXT PRIMARY KEY,
        prefix TEXT NOT NULL,
        sent TEXT NOT NULL,
        by TEXT NOT NULL,
        bulletin TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS fleet_acks (
        id TEXT NOT NULL,
        node TEXT NOT NULL,
        state TEXT,
        code TEXT,
        reason TEXT,
        at TEXT,
        PRIMARY KEY (id, node)
    );
";

/// The province's own tables.
pub struct Store {
    conn: Connection,
}

pub type Result<T> = std::result::Result<T, String>;

fn err(path: &str) -> impl Fn(rusqlite::Error) -> String + '_ {
    move |e| format!("{path}: {e}")
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Store {
    /// Opens (and makes, the first time) the tables in `path`, which the history (opened
    /// first, by the collector) has already made a database in WAL mode.
    pub fn open(path: &Path) -> Result<Store> {
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(err(&name))?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(err(&name))?;
        conn.execute_batch(SCHEMA).map_err(err(&name))?;
        Ok(Store { conn })
    }

    /// For tests.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().map_err(err("memory"))?;
        conn.execute_batch(SCHEMA).map_err(err("memory"))?;
        Ok(Store { conn })
    }

    /// Each node's `online` as last kept (to keep only changes).
    pub fn last_presence(&self) -> Result<BTreeMap<String, bool>> {
        let mut q = self
            .conn
            .prepare(
                "SELECT node, online FROM fleet_presence p WHERE at =
                   (SELECT max(at) FROM fleet_presence WHERE node = p.node)",
            )
            .map_err(err("fleet_presence"))?;
        let rows = q
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))
            .map_err(err("fleet_presence"))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(err("fleet_presence"))
    }

    pub fn presence(&self, node: &str, at: DateTime<Utc>, online: bool) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO fleet_presence (node, at, online) VALUES (?1, ?2, ?3)",
                params![node, stamp(at), online],
            )
            .map(|_| ())
            .map_err(err("fleet_presence"))
    }

    /// Every node's changes before `to`, in time order.
    pub fn presence_until(&self, to: DateTime<Utc>) -> Result<BTreeMap<String, Vec<Seen>>> {
        let mut q = self
            .conn
            .prepare("SELECT node, at, online FROM fleet_presence WHERE at < ?1 ORDER BY node, at")
            .map_err(err("fleet_presence"))?;
        let rows = q
            .query_map([stamp(to)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })
            .map_err(err("fleet_presence"))?;
        let mut out: BTreeMap<String, Vec<Seen>> = BTreeMap::new();
        for row in rows {
            let (node, at, online) = row.map_err(err("fleet_presence"))?;
            if let Some(at) = time(&at) {
                out.entry(node).or_default().push(Seen { at, online });
            }
        }
        Ok(out)
    }

    /// A bulletin sent from the console, and the nodes it addressed.
    pub fn sent(&self, s: &Sent, at: DateTime<Utc>, by: &str, bulletin: &str) -> Result<()> {
        let e = err("fleet_sent");
        self.conn
            .execute(
                "INSERT OR REPLACE INTO fleet_sent (id, prefix, sent, by, bulletin)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![s.id, s.prefix, stamp(at), by, bulletin],
            )
            .map_err(&e)?;
        for node in s.nodes.keys() {
            self.conn
                .execute(
                    "INSERT OR IGNORE INTO fleet_acks (id, node) VALUES (?1, ?2)",
                    params![s.id, node],
                )
                .map_err(&e)?;
        }
        Ok(())
    }

    /// A node's ack kept as its row (the caller has judged it newer).
    pub fn ack(&self, id: &str, node: &str, a: &Ack) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO fleet_acks (id, node, state, code, reason, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, node, a.state, a.code, a.reason, a.at],
            )
            .map(|_| ())
            .map_err(err("fleet_acks"))
    }

    /// The bulletins sent, newest first (at most `limit`), each with its acks.
    pub fn sent_list(&self, limit: usize) -> Result<Vec<(Sent, String)>> {
        let e = err("fleet_sent");
        let mut q = self
            .conn
            .prepare("SELECT id, prefix, bulletin FROM fleet_sent ORDER BY sent DESC LIMIT ?1")
            .map_err(&e)?;
        let heads = q
            .query_map([limit as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(&e)?
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(&e)?;
        let mut acks = self
            .conn
            .prepare("SELECT node, state, code, reason, at FROM fleet_acks WHERE id = ?1")
            .map_err(&e)?;
        let mut out = Vec::new();
        for (id, prefix, bulletin) in heads {
            let mut s = Sent::new(&id, &prefix, std::iter::empty());
            let rows = acks
                .query_map([&id], |r| {
                    let node: String = r.get(0)?;
                    let state: Option<String> = r.get(1)?;
                    let ack = state.map(|state| -> rusqlite::Result<Ack> {
                        Ok(Ack {
                            state,
                            code: r.get(2)?,
                            reason: r.get(3)?,
                            at: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                        })
                    });
                    Ok((node, ack.transpose()?))
                })
                .map_err(&e)?;
            for row in rows {
                let (node, ack) = row.map_err(&e)?;
                s.nodes.insert(node, ack);
            }
            out.push((s, bulletin));
        }
        Ok(out)
    }

    /// How each bulletin ended at each node, for those that ended in `[from, to)` (the node's
    /// clock): (node, state).
    pub fn ended(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<(String, String)>> {
        let e = err("fleet_acks");
        let mut q = self
            .conn
            .prepare(
                "SELECT node, state FROM fleet_acks WHERE at >= ?1 AND at < ?2
                   AND state NOT IN ('received', 'fetching', 'held', 'waiting', 'queued', 'playing')",
            )
            .map_err(&e)?;
        let rows = q
            .query_map([stamp(from), stamp(to)], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&e)?;
        rows.collect::<std::result::Result<_, _>>().map_err(&e)
    }

    /// The month's broadcasts from the collected history: (node, source, outcome,
    /// played seconds), by when they were asked for.
    pub fn broadcasts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(String, String, String, f64)>> {
        let e = err("broadcasts");
        let has = self
            .conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'broadcasts'",
                [],
                |_| Ok(()),
            )
            .optional()
            .map_err(&e)?;
        if has.is_none() {
            return Ok(Vec::new());
        }
        let mut q = self
            .conn
            .prepare(
                "SELECT node, source, coalesce(outcome, ''), coalesce(played_seconds, 0)
                   FROM broadcasts WHERE node IS NOT NULL AND requested >= ?1 AND requested < ?2",
            )
            .map_err(&e)?;
        let rows = q
            .query_map([stamp(from), stamp(to)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .map_err(&e)?;
        rows.collect::<std::result::Result<_, _>>().map_err(&e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        time(s).unwrap()
    }

    #[test]
    fn presence_is_kept_and_read_back_in_time_order() {
        let s = Store::open_in_memory().unwrap();
        s.presence("qn/a", t("2026-11-02T00:00:00Z"), false)
            .unwrap();
        s.presence("qn/a", t("2026-11-01T00:00:00Z"), true).unwrap();
        s.presence("qn/b", t("2026-12-02T00:00:00Z"), true).unwrap();
        let p = s.presence_until(t("2026-12-01T00:00:00Z")).unwrap();
        assert_eq!(p.len(), 1);
        let a: Vec<bool> = p["qn/a"].iter().map(|x| x.online).collect();
        assert_eq!(a, [true, false]);
        let last = s.last_presence().unwrap();
        assert!(!last["qn/a"]);
        assert!(last["qn/b"]);
    }

    #[test]
    fn a_sent_bulletin_comes_back_with_its_acks() {
        let s = Store::open_in_memory().unwrap();
        let sent = Sent::new("b1", "qn", ["qn/a", "qn/b"]);
        s.sent(&sent, t("2026-12-07T08:00:00Z"), "web:lan", "{}")
            .unwrap();
        let played = Ack {
            state: "played".into(),
            code: None,
            reason: None,
            at: "2026-12-07T08:01:00.000Z".into(),
        };
        s.ack("b1", "qn/a", &played).unwrap();
        let list = s.sent_list(10).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].0.nodes["qn/a"], Some(played));
        assert_eq!(list[0].0.nodes["qn/b"], None);
        let ended = s
            .ended(t("2026-12-01T00:00:00Z"), t("2027-01-01T00:00:00Z"))
            .unwrap();
        assert_eq!(ended, [("qn/a".to_string(), "played".to_string())]);
        // No collected history yet: no broadcasts, not an error.
        assert!(
            s.broadcasts(t("2026-12-01T00:00:00Z"), t("2027-01-01T00:00:00Z"))
                .unwrap()
                .is_empty()
        );
    }
}
