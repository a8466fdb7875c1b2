//! What became of a bulletin at each node it addressed (spec §14: `GET
//! /api/v1/fleet/bulletins/ID`). Pure: the acks in, in the order they arrive, the table out.
//!
//! Addressed are the nodes known under the bulletin's prefix when it was sent, and any node
//! that acks it later (one that came online since). A node's row is its last ack by the node's
//! own clock (`at`); at the same instant, the later step of the life cycle wins — so an ack
//! delivered twice after a reconnection (MQTT's at-least-once) never moves a row backwards.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::tree::under;

/// One node's last word on a bulletin.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ack {
    /// `received`, `fetching`, `held`, `waiting`, `queued`, `playing`, `refused`, `rejected`,
    /// `expired`, or how its broadcast ended (`played`, `interrupted`, `stopped`, …).
    pub state: String,
    /// Why, for a refusal: the code (`expired`, `signature`, …) and the node's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The node's clock (RFC 3339).
    pub at: String,
}

impl Ack {
    /// An ack as a node publishes it on `loa/v1/ack/NODE`; `None` when it is not about a
    /// bulletin (a pushed schedule's, a stop's) or has no state.
    pub fn of(v: &Value) -> Option<(String, Ack)> {
        if v.get("kind").and_then(Value::as_str).unwrap_or("bulletin") != "bulletin" {
            return None;
        }
        let id = v.get("id")?.as_str()?.to_string();
        let state = v.get("state")?.as_str()?.to_string();
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let ack = Ack {
            state,
            code: text("code"),
            reason: text("reason"),
            at: text("at").unwrap_or_default(),
        };
        Some((id, ack))
    }

    /// Where the state stands in the life cycle: the steps in order, then every ending.
    fn step(&self) -> u8 {
        match self.state.as_str() {
            "received" => 0,
            "fetching" => 1,
            "held" => 2,
            "waiting" => 3,
            "queued" => 4,
            "playing" => 5,
            _ => 6,
        }
    }

    /// Whether it is over at that node (it will not play, or has played).
    pub fn is_final(&self) -> bool {
        self.step() == 6
    }
}

/// A bulletin sent, and what each addressed node said of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sent {
    pub id: String,
    pub prefix: String,
    /// Every addressed node, with its last ack (none yet: `null`).
    pub nodes: BTreeMap<String, Option<Ack>>,
}

impl Sent {
    /// Sent to `prefix` while `known` were the nodes the province knew.
    pub fn new<'a>(id: &str, prefix: &str, known: impl IntoIterator<Item = &'a str>) -> Sent {
        Sent {
            id: id.to_string(),
            prefix: prefix.to_string(),
            nodes: known
                .into_iter()
                .filter(|n| under(n, prefix))
                .map(|n| (n.to_string(), None))
                .collect(),
        }
    }

    /// Takes `node`'s ack; says whether its row changed. A node outside the prefix is no part
    /// of this bulletin (and is not added).
    pub fn ack(&mut self, node: &str, ack: Ack) -> bool {
        if !under(node, &self.prefix) {
            return false;
        }
        let row = self.nodes.entry(node.to_string()).or_insert(None);
        let newer = match row {
            None => true,
            Some(old) => (ack.at.as_str(), ack.step()) > (old.at.as_str(), old.step()),
        };
        if newer {
            *row = Some(ack);
        }
        newer
    }

    /// How many nodes stand at each state (`none` for those that have said nothing yet).
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut c = BTreeMap::new();
        for a in self.nodes.values() {
            let k = a.as_ref().map_or("none", |a| a.state.as_str());
            *c.entry(k.to_string()).or_insert(0) += 1;
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ack(state: &str, at: &str) -> Ack {
        Ack {
            state: state.into(),
            code: None,
            reason: None,
            at: at.into(),
        }
    }

    #[test]
    fn every_node_under_the_prefix_is_addressed_and_silent_ones_show() {
        let s = Sent::new("b1", "qn/dx", ["qn/dx/a", "qn/dx/b", "qn/dxa/c", "qn/tb/d"]);
        assert_eq!(
            s.nodes.keys().collect::<Vec<_>>(),
            [&"qn/dx/a".to_string(), &"qn/dx/b".to_string()]
        );
        assert_eq!(s.counts()["none"], 2);
    }

    #[test]
    fn a_node_s_row_moves_forward_only() {
        let mut s = Sent::new("b1", "qn", ["qn/a"]);
        assert!(s.ack("qn/a", ack("received", "2026-12-07T08:00:00.100Z")));
        assert!(s.ack("qn/a", ack("queued", "2026-12-07T08:00:00.200Z")));
        assert!(s.ack("qn/a", ack("played", "2026-12-07T08:01:00.000Z")));
        // Delivered again after a reconnection: an older word changes nothing.
        assert!(!s.ack("qn/a", ack("received", "2026-12-07T08:00:00.100Z")));
        // The same instant: the later step wins.
        assert!(s.ack("qn/a", ack("playing", "2026-12-07T08:02:00.000Z")));
        assert!(s.ack("qn/a", ack("played", "2026-12-07T08:02:00.000Z")));
        assert!(!s.ack("qn/a", ack("playing", "2026-12-07T08:02:00.000Z")));
        assert_eq!(s.nodes["qn/a"].as_ref().unwrap().state, "played");
    }

    #[test]
    fn a_node_that_came_later_is_added_one_elsewhere_is_not() {
        let mut s = Sent::new("b1", "qn/dx", ["qn/dx/a"]);
        assert!(s.ack("qn/dx/new", ack("received", "2026-12-07T08:00:00Z")));
        assert!(!s.ack("qn/tb/x", ack("received", "2026-12-07T08:00:00Z")));
        assert_eq!(s.nodes.len(), 2);
        assert_eq!(s.counts()["received"], 1);
    }

    #[test]
    fn acks_are_read_as_nodes_publish_them() {
        let (id, a) = Ack::of(&json!({"id": "b1", "state": "refused", "code": "expired",
            "reason": "expired before it arrived", "at": "2026-12-07T08:00:00Z"}))
        .unwrap();
        assert_eq!((id.as_str(), a.state.as_str()), ("b1", "refused"));
        assert_eq!(a.reason.as_deref(), Some("expired before it arrived"));
        assert_eq!(a.code.as_deref(), Some("expired"));
        assert!(a.is_final());
        assert!(Ack::of(&json!({"kind": "schedule", "state": "refused"})).is_none());
        assert!(Ack::of(&json!({"id": "b1"})).is_none());
        assert!(Ack::of(&json!("garbage")).is_none());
    }
}
