//! The task that owns the province's state (`loa fleet serve`): what the broker delivers — the
//! nodes' retained statuses, their acks, their history rows — and what the console asks, one at
//! a time, so that nothing locks. The console's handlers send an [`Ask`] and wait for its
//! answer, as the station's console hands a request to the daemon's shell; what changed is told
//! to the console's followers (SSE) as a [`Change`].

use chrono::{DateTime, Utc};
use rumqttc::v5::mqttbytes::QoS;
use rumqttc::v5::mqttbytes::v5::{Packet, Publish};
use rumqttc::v5::{AsyncClient, Event, EventLoop};
use serde_json::{Value, json};
use tokio::sync::{broadcast, mpsc, oneshot};

use super::report::{By, Line};
use super::state::Fleet;
use super::tree;
use crate::clock::{Clock, SystemClock};

/// What the console asks of the province's state.
pub enum Ask {
    /// The tree under `prefix`, `depth` levels of groups deep.
    Nodes {
        prefix: String,
        depth: usize,
        reply: oneshot::Sender<Value>,
    },
    /// One node's row.
    Node {
        node: String,
        reply: oneshot::Sender<Option<Value>>,
    },
    /// A bulletin is about to be published: its addressed nodes are the ones known now.
    Sending {
        id: String,
        prefix: String,
        by: String,
        bulletin: String,
        reply: oneshot::Sender<Result<Value, String>>,
    },
    /// A bulletin sent from the console, with every addressed node's last ack.
    Bulletin {
        id: String,
        reply: oneshot::Sender<Option<Value>>,
    },
    /// The report of `[from, to)`.
    Report {
        by: By,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        reply: oneshot::Sender<Result<Vec<Line>, String>>,
    },
}

/// What changed, for the console's followers.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Node(String),
    Bulletin(String),
    /// The broker: connected or not (`words` why not).
    Broker {
        connected: bool,
        words: String,
    },
}

/// The topics `loa fleet serve` follows.
pub const TOPICS: [&str; 3] = ["loa/v1/status/#", "loa/v1/ack/#", "loa/v1/history/#"];

/// Runs until the console is gone (`asks` closed). MQTT errors are told as [`Change::Broker`]
/// and the client reconnects (rumqttc polls again after an error).
pub async fn run(
    mut fleet: Fleet,
    mut history: crate::history::History,
    client: AsyncClient,
    mut events: EventLoop,
    mut asks: mpsc::Receiver<Ask>,
    changes: broadcast::Sender<Change>,
) {
    let mut down_since: Option<std::time::Instant> = None;
    let mut acks = crate::feed::acks::Acks::default();
    loop {
        acks.flush(&client);
        tokio::select! {
            e = events.poll() => match e {
                Ok(Event::Incoming(Packet::ConnAck(_))) => {
                    down_since = None;
                    for t in TOPICS {
                        if let Err(e) = client.subscribe(t, QoS::AtLeastOnce).await {
                            tracing::warn!("cannot follow {t}: {e}");
                        }
                    }
                    let _ = changes.send(Change::Broker { connected: true, words: String::new() });
                }
                Ok(Event::Incoming(Packet::Publish(p))) => {
                    for c in take(&mut fleet, &mut history, &p) {
                        let _ = changes.send(c);
                    }
                    acks.ack(&client, p);
                }
                Ok(_) => {}
                Err(e) => {
                    let words = crate::feed::client::words(&e);
                    if down_since.is_none() {
                        tracing::warn!("the broker: {words}");
                        down_since = Some(std::time::Instant::now());
                    }
                    let _ = changes.send(Change::Broker { connected: false, words });
                    // rumqttc reconnects on the next poll; not faster than once a second.
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            },
            a = asks.recv() => match a {
                Some(a) => answer(&mut fleet, a, &changes),
                None => break,
            },
        }
    }
    let _ = client.disconnect().await;
}

/// One message from the broker into the state; what changed.
fn take(fleet: &mut Fleet, history: &mut crate::history::History, p: &Publish) -> Vec<Change> {
    let topic = String::from_utf8_lossy(&p.topic);
    let now = SystemClock.now();
    let node_of = |kind: &str| {
        topic
            .strip_prefix(kind)
            .filter(|n| crate::schedule::node_ok(n))
            .map(str::to_string)
    };
    if let Some(node) = node_of("loa/v1/status/") {
        return match fleet.status(&node, &p.payload, now) {
            Ok(true) => vec![Change::Node(node)],
            Ok(false) => Vec::new(),
            Err(e) => {
                tracing::warn!("cannot keep a node's presence: {e}");
                Vec::new()
            }
        };
    }
    if let Some(node) = node_of("loa/v1/ack/") {
        return match fleet.ack(&node, &p.payload) {
            Ok(Some(id)) => vec![Change::Bulletin(id)],
            Ok(None) => Vec::new(),
            Err(e) => {
                tracing::warn!("cannot keep an ack: {e}");
                Vec::new()
            }
        };
    }
    if topic.starts_with("loa/v1/history/") {
        match crate::commands::fleet::collect::take(history, &topic, &p.payload) {
            Ok(crate::commands::fleet::collect::Taken::Refused(why)) => tracing::warn!("{why}"),
            Ok(_) => {}
            Err(e) => tracing::warn!("cannot keep a history row: {e}"),
        }
    }
    Vec::new()
}

fn answer(fleet: &mut Fleet, a: Ask, changes: &broadcast::Sender<Change>) {
    match a {
        Ask::Nodes {
            prefix,
            depth,
            reply,
        } => {
            let t = tree::tree(fleet.nodes(), &prefix, depth);
            let _ = reply.send(serde_json::to_value(&t).unwrap_or(Value::Null));
        }
        Ask::Node { node, reply } => {
            let row = fleet
                .nodes()
                .get(&node)
                .and_then(|n| serde_json::to_value(n).ok());
            let _ = reply.send(row);
        }
        Ask::Sending {
            id,
            prefix,
            by,
            bulletin,
            reply,
        } => {
            let sent = fleet
                .sent(&id, &prefix, &by, &bulletin, SystemClock.now())
                .map(bulletin_json);
            if sent.is_ok() {
                let _ = changes.send(Change::Bulletin(id));
            }
            let _ = reply.send(sent);
        }
        Ask::Bulletin { id, reply } => {
            let _ = reply.send(fleet.bulletin(&id).map(bulletin_json));
        }
        Ask::Report {
            by,
            from,
            to,
            reply,
        } => {
            let _ = reply.send(fleet.report(by, (from, to), SystemClock.now()));
        }
    }
}

/// `GET /api/v1/fleet/bulletins/ID`'s body.
pub fn bulletin_json(s: &super::acks::Sent) -> Value {
    json!({
        "id": s.id,
        "to": s.prefix,
        "counts": s.counts(),
        "nodes": s.nodes.iter().map(|(node, ack)| {
            let mut row = json!({ "node": node });
            if let Some(a) = ack {
                row["ack"] = serde_json::to_value(a).unwrap_or(Value::Null);
            }
            row
        }).collect::<Vec<_>>(),
    })
}
