//! `loa fleet status`: every node's retained status.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use rumqttc::v5::mqttbytes::QoS;
use rumqttc::v5::mqttbytes::v5::Packet;
use rumqttc::v5::{AsyncClient, Event};
use serde_json::json;

use super::{SEND_WAIT, connection, failed, once_id, runtime};
use crate::cli::BrokerArgs;
use crate::feed::client::{mqtt_options, words};
use crate::t;

/// How long `loa fleet status` listens after the last retained status came.
const STATUS_QUIET: Duration = Duration::from_millis(1500);

/// `loa fleet status [--prefix P] [--json]`: every node's retained status.
pub fn status(prefix: Option<&str>, json: bool, broker: &BrokerArgs, config: &Path) -> i32 {
    match status_inner(prefix, broker, config) {
        Ok(list) => {
            if json {
                super::super::print_json(&list);
            } else {
                let _ = write_status(&mut std::io::stdout().lock(), &list);
            }
            0
        }
        Err(why) => {
            eprintln!("loa: {why}");
            1
        }
    }
}

fn status_inner(
    prefix: Option<&str>,
    broker: &BrokerArgs,
    config: &Path,
) -> Result<Vec<serde_json::Value>, String> {
    if let Some(p) = prefix
        && !crate::schedule::node_ok(p)
    {
        return Err(t!("fleet-bad-prefix", prefix = p));
    }
    let conn = connection(broker, config)?;
    let failed = |why: String| failed(&conn.broker, why);
    let client_id = once_id("loa-status").map_err(failed)?;
    let opts = mqtt_options(&conn, client_id).map_err(failed)?;
    let filter = match prefix {
        Some(p) => format!("loa/v1/status/{p}/#"),
        None => "loa/v1/status/#".to_string(),
    };
    let rt = runtime().map_err(failed)?;
    rt.block_on(async {
        let (client, mut events) = AsyncClient::new(opts, 8);
        let mut nodes: std::collections::BTreeMap<String, serde_json::Value> = Default::default();
        let mut quiet = Box::pin(tokio::time::sleep(SEND_WAIT));
        loop {
            tokio::select! {
                e = events.poll() => match e {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        client
                            .subscribe(filter.as_str(), QoS::AtLeastOnce)
                            .await
                            .map_err(|e| failed(e.to_string()))?;
                    }
                    Ok(Event::Incoming(Packet::SubAck(_))) => {
                        quiet = Box::pin(tokio::time::sleep(STATUS_QUIET));
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        let topic = String::from_utf8_lossy(&p.topic);
                        let node = topic.trim_start_matches("loa/v1/status/").to_string();
                        let mut v: serde_json::Value =
                            serde_json::from_slice(&p.payload).unwrap_or(serde_json::Value::Null);
                        if let Some(o) = v.as_object_mut() {
                            o.insert("node".into(), json!(node));
                            nodes.insert(node, v);
                        }
                        quiet = Box::pin(tokio::time::sleep(STATUS_QUIET));
                    }
                    Ok(_) => {}
                    Err(e) => return Err(failed(words(&e))),
                },
                () = &mut quiet => break,
            }
        }
        let _ = client.disconnect().await;
        let _ = tokio::time::timeout(Duration::from_secs(1), events.poll()).await;
        Ok(nodes.into_values().collect())
    })
}

fn write_status(out: &mut impl Write, list: &[serde_json::Value]) -> std::io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "{}", t!("fleet-status-none"));
    }
    let text = |v: &serde_json::Value, k: &str| {
        v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string()
    };
    let width = list
        .iter()
        .map(|v| super::super::width(&text(v, "node")))
        .max()
        .unwrap_or(0);
    for v in list {
        let online = v.get("online").and_then(serde_json::Value::as_bool) == Some(true);
        let state = if online {
            t!("fleet-status-online")
        } else {
            t!("fleet-status-offline")
        };
        let playing = v
            .get("playing")
            .and_then(|p| p.get("id"))
            .and_then(|x| x.as_str())
            .map(|id| t!("fleet-status-playing", id = id))
            .unwrap_or_default();
        let next = v
            .get("next")
            .and_then(|n| {
                n.get("id")
                    .and_then(|x| x.as_str())
                    .zip(n.get("at").and_then(|x| x.as_str()))
            })
            .map(|(id, at)| t!("fleet-status-next", id = id, at = station_time(at)))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {}  {}  {}  {}",
            super::super::fit(&text(v, "node"), width),
            super::super::fit(&state, 12),
            station_time(&text(v, "updated")),
            playing,
            next
        )?;
        if let Some(e) = v.get("last_error").and_then(|x| x.as_str()) {
            writeln!(out, "    {}", t!("fleet-status-error", why = e))?;
        }
    }
    Ok(())
}

/// "2026-12-05T14:00:00+07:00" → "2026-12-05 14:00:00": the node's own time, as it stamped it
/// (never converted to the zone of the machine that reads it).
fn station_time(t: &str) -> String {
    match t.get(..19) {
        Some(x) if chrono::DateTime::parse_from_rfc3339(t).is_ok() => x.replace('T', " "),
        _ => t.to_string(),
    }
}

/// The most statuses [`behind`] reads, and for how long at most.
const SKEW_SAMPLE: usize = 500;
const SKEW_WAIT: Duration = Duration::from_secs(3);

/// How far this machine's clock is behind the stations under `prefix` whose clocks are
/// synchronised: their newest retained status was stamped that far after `now` (beyond the
/// tolerance a station gives a bulletin's `issued`). `None`: not behind, or nothing to compare
/// with. A province machine an hour slow sends bulletins every station refuses as expired.
pub(super) fn behind(
    conn: &crate::feed::client::Conn,
    prefix: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<chrono::TimeDelta> {
    let client_id = once_id("loa-clock").ok()?;
    let opts = mqtt_options(conn, client_id).ok()?;
    let rt = runtime().ok()?;
    let newest = rt.block_on(async {
        let (client, mut events) = AsyncClient::new(opts, 8);
        let mut newest: Option<chrono::DateTime<chrono::Utc>> = None;
        let mut seen = 0usize;
        let end = tokio::time::Instant::now() + SKEW_WAIT;
        let mut quiet = Box::pin(tokio::time::sleep_until(end));
        loop {
            tokio::select! {
                e = events.poll() => match e {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        let _ = client
                            .subscribe(format!("loa/v1/status/{prefix}/#"), QoS::AtMostOnce)
                            .await;
                    }
                    Ok(Event::Incoming(Packet::SubAck(_))) => {
                        quiet = Box::pin(tokio::time::sleep(Duration::from_millis(500)));
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        seen += 1;
                        let v: serde_json::Value =
                            serde_json::from_slice(&p.payload).unwrap_or_default();
                        let synced = v["online"] == true && v["clock_synced"] == true;
                        if let Some(t) = v["updated"]
                            .as_str()
                            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                            .filter(|_| synced)
                        {
                            let t = t.with_timezone(&chrono::Utc);
                            newest = Some(newest.map_or(t, |n| n.max(t)));
                        }
                        if seen >= SKEW_SAMPLE {
                            break;
                        }
                        quiet = Box::pin(tokio::time::sleep(Duration::from_millis(300)));
                    }
                    Ok(_) => {}
                    Err(_) => break,
                },
                () = &mut quiet => break,
                () = tokio::time::sleep_until(end) => break,
            }
        }
        let _ = client.disconnect().await;
        newest
    })?;
    let ahead = newest - now;
    (ahead > crate::feed::bulletin::CLOCK_TOLERANCE).then_some(ahead)
}
