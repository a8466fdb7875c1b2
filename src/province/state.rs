//! What `loa fleet serve` knows, as messages arrive: every node's last status, the bulletins
//! sent from the console with each node's last ack, and the nodes' presence kept for the report.
//! Synchronous and owned by one task (the MQTT messages and the console's requests reach it
//! through that task), so nothing here locks; tested with the store in memory.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::acks::{Ack, Sent};
use super::report::{self, By, Line, Row};
use super::store::{Result, Store};
use super::tree::Node;

/// How many sent bulletins are kept in memory with their acks (older ones stay in the file).
const RECENT: usize = 200;

pub struct Fleet {
    nodes: BTreeMap<String, Node>,
    /// Each node's `online` as the presence log last has it.
    presence: BTreeMap<String, bool>,
    sent: BTreeMap<String, Sent>,
    store: Store,
}

impl Fleet {
    /// Picks up the presence log and the recent bulletins from `store`; the nodes' statuses come
    /// again from the broker (they are retained).
    pub fn open(store: Store) -> Result<Fleet> {
        let presence = store.last_presence()?;
        let sent = store
            .sent_list(RECENT)?
            .into_iter()
            .map(|(s, _)| (s.id.clone(), s))
            .collect();
        Ok(Fleet {
            nodes: BTreeMap::new(),
            presence,
            sent,
            store,
        })
    }

    pub fn nodes(&self) -> &BTreeMap<String, Node> {
        &self.nodes
    }

    /// A node's retained status (`loa/v1/status/NODE`) arrived at `now`; says whether its row
    /// changed. An empty message (the retained status cleared) forgets the node; one that is
    /// not a JSON object is ignored, and said in the log.
    pub fn status(&mut self, node: &str, payload: &[u8], now: DateTime<Utc>) -> Result<bool> {
        if payload.is_empty() {
            return Ok(self.nodes.remove(node).is_some());
        }
        let status: Value = match serde_json::from_slice(payload) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                tracing::warn!(node, "a status that is not a JSON object: ignored");
                return Ok(false);
            }
        };
        let online = status
            .get("online")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let stamp = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // Last seen: when the province last heard the node itself. The broker's last will says
        // the node is gone; it was last seen when its previous status came (or as the will's
        // `updated` says, after a restart of the console).
        let last_seen = match (online, self.nodes.get(node)) {
            (true, _) => stamp,
            (false, Some(old)) => old.last_seen.clone(),
            (false, None) => status
                .get("updated")
                .and_then(Value::as_str)
                .map_or_else(String::new, str::to_string),
        };
        if self.presence.get(node) != Some(&online) {
            self.store.presence(node, now, online)?;
            self.presence.insert(node.to_string(), online);
        }
        let row = Node {
            node: node.to_string(),
            online,
            last_seen,
            status,
        };
        if self.nodes.get(node) == Some(&row) {
            return Ok(false);
        }
        self.nodes.insert(node.to_string(), row);
        Ok(true)
    }

    /// A node's ack (`loa/v1/ack/NODE`); the bulletin's id when its table changed.
    pub fn ack(&mut self, node: &str, payload: &[u8]) -> Result<Option<String>> {
        let Some((id, ack)) = serde_json::from_slice(payload)
            .ok()
            .and_then(|v: Value| Ack::of(&v))
        else {
            return Ok(None);
        };
        let Some(sent) = self.sent.get_mut(&id) else {
            // Not sent from this console (`loa fleet send`): not tracked here.
            return Ok(None);
        };
        if !sent.ack(node, ack.clone()) {
            return Ok(None);
        }
        self.store.ack(&id, node, &ack)?;
        Ok(Some(id))
    }

    /// A bulletin has been published to `prefix`: every node known under it is addressed.
    pub fn sent(
        &mut self,
        id: &str,
        prefix: &str,
        by: &str,
        bulletin: &str,
        now: DateTime<Utc>,
    ) -> Result<&Sent> {
        let s = Sent::new(id, prefix, self.nodes.keys().map(String::as_str));
        self.store.sent(&s, now, by, bulletin)?;
        if self.sent.len() >= RECENT
            && let Some(oldest) = self.sent.keys().next().cloned()
        {
            self.sent.remove(&oldest);
        }
        Ok(self.sent.entry(id.to_string()).or_insert(s))
    }

    pub fn bulletin(&self, id: &str) -> Option<&Sent> {
        self.sent.get(id)
    }

    /// The report of `[from, to)`, cut `by`, as it stands at `now` (a month not over yet counts
    /// the time offline until now, not until its end).
    pub fn report(
        &self,
        by: By,
        (from, to): (DateTime<Utc>, DateTime<Utc>),
        now: DateTime<Utc>,
    ) -> Result<Vec<Line>> {
        let broadcasts = self.store.broadcasts(from, to)?;
        let rows: Vec<Row> = broadcasts
            .iter()
            .map(|(node, source, outcome, played)| Row {
                node,
                source,
                outcome,
                played_seconds: *played,
            })
            .collect();
        let ended = self.store.ended(from, to)?;
        let ended: Vec<(&str, &str)> = ended
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str()))
            .collect();
        let presence = self.store.presence_until(to)?;
        let until = to.min(now).max(from);
        Ok(report::tally(by, (from, until), &rows, &ended, &presence))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_node_s_last_will_keeps_when_it_was_last_seen() {
        let mut f = Fleet::open(Store::open_in_memory().unwrap()).unwrap();
        let on = br#"{"online": true, "playing": null, "updated": "2026-12-07T08:00:00Z"}"#;
        assert!(f.status("qn/a", on, t("2026-12-07T08:00:01Z")).unwrap());
        // The same again (a heartbeat with nothing new but the time it came): a new last seen.
        assert!(f.status("qn/a", on, t("2026-12-07T08:05:01Z")).unwrap());
        let will = br#"{"online": false}"#;
        assert!(f.status("qn/a", will, t("2026-12-07T08:07:00Z")).unwrap());
        let a = &f.nodes()["qn/a"];
        assert!(!a.online);
        assert_eq!(a.last_seen, "2026-12-07T08:05:01Z");
        // Garbage changes nothing; an empty retained message forgets the node.
        assert!(
            !f.status("qn/a", b"[1,2]", t("2026-12-07T08:08:00Z"))
                .unwrap()
        );
        assert!(f.status("qn/a", b"", t("2026-12-07T08:09:00Z")).unwrap());
        assert!(f.nodes().is_empty());
        // The presence log has the two changes, in the report's terms.
        let day = (t("2026-12-07T00:00:00Z"), t("2026-12-08T00:00:00Z"));
        let lines = f.report(By::Node, day, t("2026-12-09T00:00:00Z")).unwrap();
        assert_eq!(lines.len(), 1);
        assert!(
            (lines[0].offline[0].hours - 15.88).abs() < 0.01,
            "{lines:?}"
        );
        // Asked before the day is over: offline until now, not until midnight.
        let lines = f.report(By::Node, day, t("2026-12-07T09:07:00Z")).unwrap();
        assert!((lines[0].offline[0].hours - 1.0).abs() < 0.01, "{lines:?}");
    }

    #[test]
    fn acks_of_a_bulletin_sent_here_fill_its_table() {
        let mut f = Fleet::open(Store::open_in_memory().unwrap()).unwrap();
        let on = br#"{"online": true}"#;
        let now = t("2026-12-07T08:00:00Z");
        f.status("qn/dx/a", on, now).unwrap();
        f.status("qn/dx/b", on, now).unwrap();
        f.status("qn/tb/c", on, now).unwrap();
        f.sent("b1", "qn/dx", "web:lan", "{}", now).unwrap();
        let ack = br#"{"id": "b1", "state": "played", "at": "2026-12-07T08:00:05.000Z"}"#;
        assert_eq!(f.ack("qn/dx/a", ack).unwrap().as_deref(), Some("b1"));
        assert_eq!(f.ack("qn/dx/a", ack).unwrap(), None);
        // Another bulletin's, or another kind's: not this table's.
        assert_eq!(
            f.ack("qn/dx/a", br#"{"id": "zz", "state": "played"}"#)
                .unwrap(),
            None
        );
        let b = f.bulletin("b1").unwrap();
        assert_eq!(b.nodes.len(), 2);
        assert_eq!(b.counts()["played"], 1);
        assert_eq!(b.counts()["none"], 1);
        let month = (t("2026-12-01T00:00:00Z"), t("2027-01-01T00:00:00Z"));
        let lines = f.report(By::District, month, now).unwrap();
        assert_eq!(lines[0].key, "qn/dx");
        assert_eq!(lines[0].bulletins["played"], 1);
    }
}
