//! `loa fleet collect`: every node's history into one SQLite file.

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use rumqttc::v5::mqttbytes::QoS;
use rumqttc::v5::mqttbytes::v5::Packet;
use rumqttc::v5::{AsyncClient, Event};

use super::{connection, failed, report, runtime};
use crate::cli::BrokerArgs;
use crate::feed::client::{mqtt_options, words};
use crate::t;

/// `loa fleet collect --db FILE [--idle D]`: every node's history rows, from
/// `loa/v1/history/#` with a persistent session (rows sent while the collector is away wait at
/// the broker), into one SQLite file keyed by (`node`, `row`): a row sent twice is stored once.
/// Each message is acknowledged only once it is on disk.
pub fn collect(db: &Path, idle: Option<Duration>, broker: &BrokerArgs, config: &Path) -> i32 {
    report(collect_inner(db, idle, broker, config))
}

fn collect_inner(
    db: &Path,
    idle: Option<Duration>,
    broker: &BrokerArgs,
    config: &Path,
) -> Result<String, String> {
    let conn = connection(broker, config)?;
    let mut h = crate::history::History::open_file(db).map_err(|e| e.to_string())?;
    let opts = session(&conn, db)?;
    let failed = |why: String| failed(&conn.broker, why);
    let rt = runtime()?;
    let (rows, nodes) = rt.block_on(async {
        let (client, mut events) = AsyncClient::new(opts, 64);
        let mut nodes = std::collections::BTreeSet::new();
        let mut rows = 0u64;
        let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .map_err(|e| e.to_string())?;
        let quiet = |d: Option<Duration>| async move {
            match d {
                Some(d) => tokio::time::sleep(d).await,
                None => std::future::pending().await,
            }
        };
        let mut deadline = Box::pin(quiet(idle));
        let mut acks = crate::feed::acks::Acks::default();
        loop {
            acks.flush(&client);
            tokio::select! {
                e = events.poll() => match e {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        client
                            .subscribe("loa/v1/history/#", QoS::AtLeastOnce)
                            .await
                            .map_err(|e| failed(e.to_string()))?;
                    }
                    // (A session the console took over also follows statuses and acks.)
                    Ok(Event::Incoming(Packet::Publish(p))) if !p.topic.starts_with(b"loa/v1/history/") => {
                        acks.ack(&client, p);
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        let topic = String::from_utf8_lossy(&p.topic);
                        match take(&mut h, &topic, &p.payload).map_err(|e| e.to_string())? {
                            Taken::New(node) => {
                                nodes.insert(node);
                                rows += 1;
                            }
                            Taken::Again => {}
                            // Said on stderr: the journal's, when it runs as a service.
                            Taken::Refused(why) => eprintln!("loa: {why}"),
                        }
                        acks.ack(&client, p);
                        deadline = Box::pin(quiet(idle));
                    }
                    Ok(_) => {}
                    Err(e) => return Err(failed(words(&e))),
                },
                () = &mut deadline => break,
                _ = tokio::signal::ctrl_c() => break,
                _ = sigterm.recv() => break,
            }
        }
        let _ = client.disconnect().await;
        let _ = tokio::time::timeout(Duration::from_secs(1), events.poll()).await;
        Ok::<_, String>((rows, nodes.len()))
    })?;
    Ok(t!(
        "fleet-collected",
        rows = rows,
        nodes = nodes,
        db = db.display().to_string()
    ))
}

/// How long the broker keeps the collector's session while it is not running (rows published
/// meanwhile wait in it).
const SESSION_EXPIRY: u32 = 90 * 24 * 3600;

/// The broker's session that collects into `db`: one per file, the same whether `loa fleet
/// collect` or `loa fleet serve` collects (the console takes over the collector's session on
/// the same file: nothing collected before it is lost, and no forgotten session keeps queueing
/// rows at the broker). Persistent, acknowledged by hand once a row is stored.
pub(crate) fn session(
    conn: &crate::feed::client::Conn,
    db: &Path,
) -> Result<rumqttc::v5::MqttOptions, String> {
    let mut opts = mqtt_options(conn, session_id(db))?;
    opts.set_clean_start(false)
        .set_session_expiry_interval(Some(SESSION_EXPIRY))
        .set_manual_acks(true);
    Ok(opts)
}

/// The session's client id: the file's canonical path, hashed.
fn session_id(db: &Path) -> String {
    let place = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let id = blake3::hash(place.as_os_str().as_encoded_bytes()).to_hex();
    format!("loa-collect-{}", &id[..12])
}

/// What became of a message on a history topic.
pub(crate) enum Taken {
    /// A row stored, from this node.
    New(String),
    /// A row already stored, sent again (a lost acknowledgement).
    Again,
    /// Not stored: why, in words.
    Refused(String),
}

/// One message on `loa/v1/history/NODE`: the row stored as NODE's, whatever its body says. A
/// node's account may publish only on its own topic (the broker's ACL); the body is the node's
/// word, and a body that names another node is a node speaking for someone else. A row already
/// stored is never replaced: a different one with the same (node, row) is refused.
pub(crate) fn take(
    h: &mut crate::history::History,
    topic: &str,
    payload: &[u8],
) -> crate::history::Result<Taken> {
    let node = topic.strip_prefix("loa/v1/history/").unwrap_or("");
    if !crate::schedule::node_ok(node) {
        return Ok(Taken::Refused(t!("fleet-collect-bad-topic", topic = topic)));
    }
    let v: serde_json::Value = match serde_json::from_slice(payload) {
        Ok(v) => v,
        Err(_) => return Ok(Taken::Refused(t!("fleet-collect-not-row", topic = topic))),
    };
    if let Some(claimed) = v.get("node").and_then(serde_json::Value::as_str)
        && claimed != node
    {
        return Ok(Taken::Refused(t!(
            "fleet-collect-other-node",
            node = node,
            claimed = claimed
        )));
    }
    let Some(row) = collected_row(node, &v) else {
        return Ok(Taken::Refused(t!("fleet-collect-not-row", topic = topic)));
    };
    Ok(match h.put_collected(&row)? {
        crate::history::Collected::New => Taken::New(node.to_string()),
        crate::history::Collected::Again => Taken::Again,
        crate::history::Collected::Conflict => Taken::Refused(t!(
            "fleet-collect-conflict",
            node = node,
            row = row.node.as_ref().map_or(0, |n| n.1)
        )),
    })
}

/// A history row as a node publishes it (`loa history --format json`'s fields, with `row`), as
/// `node`'s.
fn collected_row(node: &str, v: &serde_json::Value) -> Option<crate::history::Row> {
    use crate::history::{Outcome, Row, Source};
    let text = |k: &str| v.get(k).and_then(serde_json::Value::as_str);
    let instant = |k: &str| {
        text(k)
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    let row = v.get("row").and_then(serde_json::Value::as_i64)?;
    Some(Row {
        rowid: 0,
        id: text("id")?.to_string(),
        title: text("title").unwrap_or("").to_string(),
        source: Source::parse(text("source")?),
        requested_by: text("requested_by").unwrap_or("").to_string(),
        requested: instant("requested")?,
        scheduled: instant("scheduled"),
        occurrence: text("occurrence")
            .and_then(|o| chrono::NaiveDateTime::parse_from_str(o, "%Y-%m-%dT%H:%M:%S").ok()),
        started: instant("started"),
        ended: instant("ended"),
        outcome: text("outcome").and_then(Outcome::parse),
        reason: crate::history::reason_from(
            text("reason").map(str::to_string),
            text("reason_vi").map(str::to_string),
        ),
        files: v
            .get("files")
            .and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        played_seconds: v.get("played_seconds").and_then(serde_json::Value::as_f64),
        on_air_seconds: v.get("on_air_seconds").and_then(serde_json::Value::as_f64),
        bulletin: text("bulletin").map(str::to_string),
        node: Some((node.to_string(), row)),
        node_timezone: text("timezone").and_then(|z| z.parse().ok()),
        text: text("text").map(str::to_string),
    })
}
