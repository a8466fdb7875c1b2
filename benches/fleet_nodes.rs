//! The feed's fan-out, measured against a real broker (benches/fleet.sh starts it and runs
//! this; BENCHMARKS.md "The feed"). Not a criterion bench: whole-system latencies.
//!
//! - `names PREFIX N`: the places of N simulated nodes (PREFIX/dDD/cCC/nNN: 50 clusters to a
//!   commune, 20 communes to a district), for the broker's password file and ACL.
//! - `fanout BROKER CA NODE-PW PROVINCE-PW KEY PREFIX N ROUNDS [bare]`: N simulated nodes, each the
//!   node library without audio — loa's own feed client (`feed::client::Feed`, TLS, persistent
//!   session, a subscription to every prefix of its place, the last will) and `bulletin::open`
//!   (signature, fields, expiry) — in this one process; once every node has said it is online,
//!   the province publishes an emergency preset bulletin to PREFIX, ROUNDS times, and each
//!   round reports publish → decided (opened, judged and its ack handed to the client) over
//!   every node. With "bare" after ROUNDS the nodes only note the bulletin's arrival: the
//!   client and the broker alone, the floor under that figure.
//! - `publish BROKER CA PROVINCE-PW KEY PREFIX WAIT-N PRESET`: waits until WAIT-N nodes under
//!   PREFIX say they are online, publishes an emergency bulletin for PRESET and prints the
//!   wall-clock instant just before the publish (milliseconds since the epoch) and its id: for
//!   the real `loa run` nodes, whose history says when their first sample went out.
//! - `statuses BROKER CA PW PREFIX N ROUND`: the retained statuses of N simulated nodes, as a
//!   `loa run` node publishes its own (same fields, `schedule.hash` marking the ROUND), from one
//!   connection as the user `sim` (benches only): the load `loa fleet serve` takes from the
//!   broker, without the 10,000 TLS sessions the `fanout` measures. Prints how long until the
//!   broker had them all.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use loa::clock::{Clock, SystemClock};
use loa::feed::bulletin::{open, seal};
use loa::feed::client::{Conn, Feed, In, Out, mqtt_options, topic};
use loa::feed::keys::SecretKey;
use loa::schedule::{Fleet, NormalBulletins, parse_broker};
use rumqttc::v5::mqttbytes::QoS;
use rumqttc::v5::mqttbytes::v5::Packet;
use rumqttc::v5::{AsyncClient, Event, EventLoop};
use serde_json::{Map, json};
use tokio::sync::mpsc;

fn main() -> ExitCode {
    // `cargo bench` adds "--bench".
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        // `cargo test --all-targets` runs every bench once without arguments: nothing to measure.
        [] => {
            println!("fleet_nodes: run by benches/fleet.sh");
            Ok(())
        }
        ["names", prefix, n] => names(prefix, n),
        ["fanout", broker, ca, node_pw, province_pw, key, prefix, n, rounds, judge @ ..]
            if judge.len() <= 1 =>
        {
            runtime()
            .and_then(|rt| {
                rt.block_on(fanout(Setup {
                    broker,
                    ca,
                    node_pw,
                    province_pw,
                    key,
                    prefix,
                    n,
                    rounds,
                    judge: judge != ["bare"],
                }))
            })
        }
        ["statuses", broker, ca, pw, prefix, n, round] => runtime()
            .and_then(|rt| rt.block_on(statuses(broker, ca, pw, prefix, n, round))),
        ["publish", broker, ca, province_pw, key, prefix, wait, preset] => runtime()
            .and_then(|rt| rt.block_on(publish(broker, ca, province_pw, key, prefix, wait, preset))),
        _ => Err("usage: fleet_nodes names PREFIX N | fanout BROKER CA NODE-PW PROVINCE-PW KEY PREFIX N ROUNDS [bare] | publish BROKER CA PROVINCE-PW KEY PREFIX WAIT-N PRESET | statuses BROKER CA PW PREFIX N ROUND".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fleet_nodes: {e}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

fn count(n: &str) -> Result<usize, String> {
    n.parse().map_err(|_| format!("not a number: {n}"))
}

fn place(prefix: &str, i: usize) -> String {
    format!(
        "{prefix}/d{:02}/c{:02}/n{:02}",
        i / 1000,
        (i / 50) % 20,
        i % 50
    )
}

fn names(prefix: &str, n: &str) -> Result<(), String> {
    for i in 0..count(n)? {
        println!("{}", place(prefix, i));
    }
    Ok(())
}

struct Setup<'a> {
    broker: &'a str,
    ca: &'a str,
    node_pw: &'a str,
    province_pw: &'a str,
    key: &'a str,
    prefix: &'a str,
    n: &'a str,
    rounds: &'a str,
    /// Off ("bare"): the nodes only note that the bulletin arrived — the client and the broker
    /// without loa's checks, as a floor for the figure.
    judge: bool,
}

/// The province's connection: a clean session that reads statuses and publishes bulletins.
async fn province(
    broker: &str,
    ca: &str,
    password: &str,
    prefix: &str,
) -> Result<(AsyncClient, EventLoop), String> {
    let conn = Conn {
        broker: parse_broker(broker)?,
        username: Some("tinh".into()),
        password_file: Some(PathBuf::from(password)),
        ca_file: Some(PathBuf::from(ca)),
        client: None,
    };
    let id = format!("bench-province-{}", std::process::id());
    let opts = mqtt_options(&conn, id)?;
    let (client, mut events) = AsyncClient::new(opts, 1 << 16);
    client
        .subscribe(format!("loa/v1/status/{prefix}/#"), QoS::AtMostOnce)
        .await
        .map_err(|e| e.to_string())?;
    // Connected and subscribed before anything is timed or any node starts.
    until(&mut events, "a SUBACK", |p| matches!(p, Packet::SubAck(_))).await?;
    Ok((client, events))
}

/// Reads the province's events until a packet `is` it (30 s at most; `what` names it).
async fn until(
    events: &mut EventLoop,
    what: &str,
    is: impl Fn(&Packet) -> bool,
) -> Result<(), String> {
    let wait = async {
        loop {
            match events.poll().await {
                Ok(Event::Incoming(p)) if is(&p) => return Ok(()),
                Ok(_) => {}
                Err(e) => return Err(format!("province: {e}")),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), wait)
        .await
        .map_err(|_| format!("province: no {what} from the broker"))?
}

/// Reads the province's events until `want` distinct nodes have said `online: true` (their
/// subscriptions were made before that status on the same connection, so the broker has them),
/// in statuses of this `run` when given.
async fn wait_online(
    events: &mut EventLoop,
    want: usize,
    run: Option<u32>,
    limit: Duration,
) -> Result<(), String> {
    let mut online = HashSet::new();
    let end = Instant::now() + limit;
    while online.len() < want {
        let left = end.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, events.poll()).await {
            Err(_) => return Err(format!("{} of {want} nodes online", online.len())),
            Ok(Err(e)) => return Err(format!("province: {e}")),
            Ok(Ok(Event::Incoming(Packet::Publish(p)))) => {
                let v: serde_json::Value = serde_json::from_slice(&p.payload).unwrap_or_default();
                if v["online"] == true && run.is_none_or(|r| v["run"] == r) {
                    online.insert(p.topic.clone());
                }
            }
            Ok(Ok(_)) => {}
        }
    }
    Ok(())
}

fn bulletin(key: &SecretKey, id: &str, preset: &str) -> Result<String, String> {
    let now = SystemClock.now();
    let stamp =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut b = Map::new();
    b.insert("v".into(), json!(1));
    b.insert("id".into(), json!(id));
    b.insert("level".into(), json!("emergency"));
    b.insert("issued".into(), json!(stamp(now)));
    b.insert(
        "expires".into(),
        json!(stamp(now + chrono::TimeDelta::hours(1))),
    );
    b.insert("title".into(), json!("Cảnh báo bão"));
    b.insert("preset".into(), json!(preset));
    seal(b, key).map_err(str::to_string)
}

fn secret(path: &str) -> Result<SecretKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    SecretKey::parse(&text).map_err(|e| format!("{path}: not a secret key ({e:?})"))
}

/// What a simulated node reports: which bulletin it decided, when, and whether it would play.
struct Decided {
    id: String,
    at: Instant,
    plays: bool,
}

/// One simulated node: loa's feed client and the bulletin judge, no audio.
async fn node(fleet: Fleet, judge: bool, decided: mpsc::UnboundedSender<Decided>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let feed = Feed::spawn(&fleet, tx);
    while let Some(msg) = rx.recv().await {
        match msg {
            // Marked with this run: a status retained from an earlier run on the same broker
            // (whose last will is not yet out) does not count.
            In::Connected => feed.send(Out::Status(
                json!({ "online": true, "node": fleet.node, "run": std::process::id() })
                    .to_string(),
            )),
            In::Bulletin(_) if !judge => {
                let _ = decided.send(Decided {
                    id: String::new(),
                    at: Instant::now(),
                    plays: true,
                });
            }
            In::Bulletin(bytes) => {
                let got = open(
                    &bytes,
                    &fleet.trusted_keys,
                    SystemClock.now(),
                    fleet.max_download,
                );
                let (id, state) = match &got {
                    Ok(b) => (b.id.clone(), "queued"),
                    Err(_) => (String::new(), "refused"),
                };
                feed.send(Out::Ack(json!({ "id": id, "state": state }).to_string()));
                let _ = decided.send(Decided {
                    id,
                    at: Instant::now(),
                    plays: got.is_ok(),
                });
            }
            _ => {}
        }
    }
}

async fn fanout(s: Setup<'_>) -> Result<(), String> {
    let n = count(s.n)?;
    let rounds = count(s.rounds)?;
    let key = secret(s.key)?;
    let broker = parse_broker(s.broker)?;
    let (client, mut events) = province(s.broker, s.ca, s.province_pw, s.prefix).await?;
    let (decided_tx, mut decided) = mpsc::unbounded_channel();
    let connecting = Instant::now();
    for i in 0..n {
        let fleet = Fleet {
            broker: broker.clone(),
            node: place(s.prefix, i),
            username: Some(place(s.prefix, i)),
            password_file: Some(PathBuf::from(s.node_pw)),
            ca_file: Some(PathBuf::from(s.ca)),
            client: None,
            trusted_keys: vec![key.public()],
            normal: NormalBulletins::Hold,
            status_every: Duration::from_secs(300),
            max_download: 50 << 20,
        };
        tokio::spawn(node(fleet, s.judge, decided_tx.clone()));
    }
    wait_online(
        &mut events,
        n,
        Some(std::process::id()),
        Duration::from_secs(600),
    )
    .await?;
    println!(
        "{n} nodes connected and subscribed in {:.1} s",
        connecting.elapsed().as_secs_f64()
    );
    // The province's loop runs on (its PUBACKs, the statuses) while the rounds are timed.
    let province_loop = tokio::spawn(async move { while events.poll().await.is_ok() {} });
    let mut p99s = Vec::new();
    let word = if s.judge { "decided" } else { "arrived" };
    for r in 0..rounds {
        let id = format!("emergency-bench-{}-{r}", std::process::id());
        let body = bulletin(&key, &id, "bao")?;
        let sent = Instant::now();
        client
            .publish(topic("bulletin", s.prefix), QoS::AtLeastOnce, false, body)
            .await
            .map_err(|e| e.to_string())?;
        let mut ms = Vec::with_capacity(n);
        let end = Instant::now() + Duration::from_secs(120);
        while ms.len() < n {
            let left = end.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, decided.recv()).await {
                Ok(Some(d)) if (d.id == id || !s.judge) && d.plays => {
                    ms.push(d.at.duration_since(sent).as_secs_f64() * 1000.0)
                }
                Ok(Some(_)) => return Err("a node refused the bulletin".into()),
                Ok(None) | Err(_) => break,
            }
        }
        ms.sort_by(f64::total_cmp);
        let pick = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
        if ms.len() < n {
            return Err(format!(
                "round {r}: only {} of {n} nodes decided in 120 s",
                ms.len()
            ));
        }
        println!(
            "round {r}: {n} of {n} {word}; publish → {word} p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
            pick(0.5),
            pick(0.99),
            pick(1.0)
        );
        p99s.push(pick(0.99));
    }
    province_loop.abort();
    p99s.sort_by(f64::total_cmp);
    if let (Some(lo), Some(hi)) = (p99s.first(), p99s.last()) {
        println!(
            "p99 over {rounds} rounds: median {:.0} ms (min {lo:.0}, max {hi:.0})",
            p99s[p99s.len() / 2]
        );
    }
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .unwrap_or(0.0);
    println!(
        "this process (the {n} simulated nodes and the province): peak RSS {:.0} MiB, {:.0} KiB a node",
        rss / 1024.0,
        rss / n as f64
    );
    Ok(())
}

async fn publish(
    broker: &str,
    ca: &str,
    province_pw: &str,
    key: &str,
    prefix: &str,
    wait: &str,
    preset: &str,
) -> Result<(), String> {
    let key = secret(key)?;
    let (client, mut events) = province(broker, ca, province_pw, prefix).await?;
    wait_online(&mut events, count(wait)?, None, Duration::from_secs(120)).await?;
    let id = format!("emergency-bench-{}", std::process::id());
    let body = bulletin(&key, &id, preset)?;
    let at = SystemClock.now().timestamp_millis();
    client
        .publish(topic("bulletin", prefix), QoS::AtLeastOnce, false, body)
        .await
        .map_err(|e| e.to_string())?;
    until(&mut events, "a PUBACK", |p| matches!(p, Packet::PubAck(_))).await?;
    println!("{at} {id}");
    Ok(())
}

/// A node's retained status as `loa run` publishes it (src/daemon/shell/feed.rs), round `round`.
fn status(node: &str, round: usize) -> String {
    let now = SystemClock
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    json!({
        "online": true,
        "node": node,
        "version": env!("CARGO_PKG_VERSION"),
        "playing": null,
        "next": { "id": "thong-bao-sang", "at": now, "title": "Thông báo buổi sáng" },
        "output": { "name": "default", "state": "idle", "error": null },
        "clock_synced": true,
        "schedule": { "hash": format!("{round:016x}"), "loaded": now, "errors": [], "pushed": null },
        "last_error": null,
        "updated": now,
        "timezone": "Asia/Ho_Chi_Minh",
    })
    .to_string()
}

async fn statuses(
    broker: &str,
    ca: &str,
    pw: &str,
    prefix: &str,
    n: &str,
    round: &str,
) -> Result<(), String> {
    let (n, round) = (count(n)?, count(round)?);
    let conn = Conn {
        broker: parse_broker(broker)?,
        username: Some("sim".into()),
        password_file: Some(PathBuf::from(pw)),
        ca_file: Some(PathBuf::from(ca)),
        client: None,
    };
    let opts = mqtt_options(&conn, format!("bench-sim-{}", std::process::id()))?;
    let (client, mut events) = AsyncClient::new(opts, 1024);
    let start = Instant::now();
    let prefix = prefix.to_string();
    let publisher = tokio::spawn(async move {
        for i in 0..n {
            let node = place(&prefix, i);
            let body = status(&node, round);
            client
                .publish(topic("status", &node), QoS::AtLeastOnce, true, body)
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok::<_, String>(client)
    });
    let mut acked = 0;
    while acked < n {
        match tokio::time::timeout(Duration::from_secs(60), events.poll()).await {
            Err(_) => return Err(format!("{acked} of {n} statuses acknowledged")),
            Ok(Err(e)) => return Err(format!("sim: {e}")),
            Ok(Ok(Event::Incoming(Packet::PubAck(_)))) => acked += 1,
            Ok(Ok(_)) => {}
        }
    }
    let client = publisher.await.map_err(|e| e.to_string())??;
    println!(
        "{n} statuses (round {round}) at the broker in {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let _ = client.disconnect().await;
    let _ = tokio::time::timeout(Duration::from_secs(1), events.poll()).await;
    Ok(())
}
