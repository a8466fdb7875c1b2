//! `loa fleet …`: the province's side of the feed (spec §9).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use rumqttc::{AsyncClient, Event, Packet, QoS};
use serde_json::{Map, json};

use crate::cli::{BrokerArgs, BulletinLevel};
use crate::clock::Clock;
use crate::feed::bulletin::seal;
use crate::feed::client::{Conn, mqtt_options, topic, words};
use crate::feed::keys::SecretKey;
use crate::t;

/// A command's outcome: its line on stdout (0), or why not on stderr (1).
fn report(r: Result<String, String>) -> i32 {
    match r {
        Ok(line) => {
            println!("{line}");
            0
        }
        Err(why) => {
            eprintln!("loa: {why}");
            1
        }
    }
}

/// Why the broker could not be used, in words.
fn failed(broker: &crate::schedule::Broker, why: String) -> String {
    t!("fleet-send-failed", broker = broker.to_string(), why = why)
}

/// The runtime a province's command talks to the broker on.
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// A client id for a command that connects once (a clean session of its own).
fn once_id(prefix: &str) -> Result<String, String> {
    let mut rnd = [0u8; 6];
    getrandom::fill(&mut rnd).map_err(|e| e.to_string())?;
    Ok(format!("{prefix}-{}", hex(&rnd)))
}

/// How long `send` waits for the broker to take the bulletin.
const SEND_WAIT: Duration = Duration::from_secs(20);

/// `loa fleet keygen --out NAME`.
pub fn keygen(out: &Path) -> i32 {
    let with = |ext: &str| {
        let mut p = out.as_os_str().to_owned();
        p.push(ext);
        PathBuf::from(p)
    };
    let (secret, public) = (with(".key"), with(".pub"));
    for p in [&secret, &public] {
        if p.exists() {
            eprintln!(
                "loa: {}",
                t!("fleet-keygen-exists", path = p.display().to_string())
            );
            return 1;
        }
    }
    let key = match SecretKey::generate() {
        Ok(k) => k,
        Err(e) => {
            eprintln!("loa: {e}");
            return 1;
        }
    };
    let written = write_secret(&secret, &key.to_line())
        .and_then(|()| std::fs::write(&public, format!("{}\n", key.public())));
    if let Err(e) = written {
        eprintln!("loa: {}: {}", secret.display(), crate::i18n::io_why(&e));
        return 1;
    }
    println!(
        "{}",
        t!(
            "fleet-keygen-done",
            secret = secret.display().to_string(),
            public = public.display().to_string()
        )
    );
    println!("  trusted_keys = [\"{}\"]", key.public());
    0
}

/// The secret, created mode 0600 (never readable by others, not even for an instant).
fn write_secret(path: &Path, line: &str) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(format!("{line}\n").as_bytes())?;
    f.sync_all()
}

/// What `loa fleet send` sends.
pub struct Send<'a> {
    pub to: &'a str,
    pub level: BulletinLevel,
    pub key: &'a Path,
    pub preset: Option<&'a str>,
    /// A recording the nodes fetch from this address.
    pub url: Option<&'a str>,
    /// A recording here, PUT to the address first.
    pub file: Option<(&'a Path, &'a str)>,
    pub stream: Option<(&'a str, Duration)>,
    pub title: Option<&'a str>,
    pub at: Option<&'a str>,
    pub expires: Duration,
}

pub fn send(s: &Send<'_>, broker: &BrokerArgs, config: &Path, clock: &dyn Clock) -> i32 {
    report(send_inner(s, broker, config, clock))
}

fn send_inner(
    s: &Send<'_>,
    broker: &BrokerArgs,
    config: &Path,
    clock: &dyn Clock,
) -> Result<String, String> {
    if !crate::schedule::node_ok(s.to) {
        return Err(t!("fleet-bad-prefix", prefix = s.to));
    }
    let key = read_secret(s.key)?;
    let conn = connection(broker, config)?;
    let now = clock.now();
    let (tz, _) = crate::clock::system_timezone();
    let play_at =
        s.at.map(|w| crate::dispatch::parse_when(w, now, tz))
            .transpose()
            .map_err(|why| t!("fleet-bad-when", why = why))?;
    let level = match s.level {
        BulletinLevel::Normal => "normal",
        BulletinLevel::Priority => "priority",
        BulletinLevel::Emergency => "emergency",
    };
    let mut rnd = [0u8; 3];
    getrandom::fill(&mut rnd).map_err(|e| e.to_string())?;
    let id = format!(
        "{level}-{}-{:02x}{:02x}{:02x}",
        now.format("%Y%m%dT%H%M%SZ"),
        rnd[0],
        rnd[1],
        rnd[2]
    );
    let expires = now + chrono::TimeDelta::from_std(s.expires).map_err(|e| e.to_string())?;
    let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut b = Map::new();
    b.insert("v".into(), json!(1));
    b.insert("id".into(), json!(id));
    b.insert("level".into(), json!(level));
    b.insert("issued".into(), json!(stamp(now)));
    b.insert("expires".into(), json!(stamp(expires)));
    if let Some(t) = play_at {
        b.insert("play_at".into(), json!(stamp(t)));
    }
    let title = match (s.title, s.preset, s.stream) {
        (Some(t), _, _) => t.to_string(),
        (None, Some(p), _) => p.to_string(),
        (None, None, Some((url, _))) => url.to_string(),
        (None, None, None) => s
            .file
            .map(|(f, _)| f.display().to_string())
            .or(s.url.map(str::to_string))
            .unwrap_or_else(|| id.clone()),
    };
    if let Some((file, upload)) = s.file {
        let (sha256, bytes) = upload_file(file, upload)?;
        b.insert(
            "audio".into(),
            json!([{ "url": upload, "sha256": sha256, "bytes": bytes }]),
        );
    }
    if let Some(url) = s.url {
        let (sha256, bytes) = measure_url(url)?;
        b.insert(
            "audio".into(),
            json!([{ "url": url, "sha256": sha256, "bytes": bytes }]),
        );
    }
    b.insert("title".into(), json!(title));
    if let Some(p) = s.preset {
        b.insert("preset".into(), json!(p));
    }
    if let Some((url, d)) = s.stream {
        let ok = url::Url::parse(url)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
        if !ok {
            return Err(t!("fleet-stream-url", url = url));
        }
        b.insert(
            "stream".into(),
            json!({ "url": url, "duration": d.as_secs() }),
        );
    }
    let body = seal(b, &key).map_err(str::to_string)?;
    let t = topic("bulletin", s.to);
    publish(&conn, &t, body.into_bytes(), false)?;
    Ok(t!(
        "fleet-sent",
        id = id,
        level = level,
        topic = t.as_str(),
        expires = expires
            .with_timezone(&tz)
            .to_rfc3339_opts(SecondsFormat::Secs, false)
    ))
}

/// `loa fleet push --to NODE --file F --key K`: a schedule for one node, signed and kept at the
/// broker (retained) on `loa/v1/schedule/NODE`; the node checks it as `loa check` does and
/// installs it, or refuses it with its errors (on `loa/v1/ack/NODE` and in its status).
pub fn push(
    to: &str,
    file: &Path,
    key: &Path,
    broker: &BrokerArgs,
    config: &Path,
    clock: &dyn Clock,
) -> i32 {
    let run = || -> Result<String, String> {
        if !crate::schedule::node_ok(to) {
            return Err(t!("fleet-bad-prefix", prefix = to));
        }
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("{}: {}", file.display(), crate::i18n::io_why(&e)))?;
        let key = read_secret(key)?;
        let conn = connection(broker, config)?;
        let now = clock.now();
        let mut rnd = [0u8; 3];
        getrandom::fill(&mut rnd).map_err(|e| e.to_string())?;
        let id = format!("schedule-{}-{}", now.format("%Y%m%dT%H%M%SZ"), hex(&rnd));
        let mut m = Map::new();
        m.insert("v".into(), json!(1));
        m.insert("id".into(), json!(id));
        m.insert(
            "issued".into(),
            json!(now.to_rfc3339_opts(SecondsFormat::Secs, true)),
        );
        m.insert("schedule".into(), json!(text));
        let body = seal(m, &key).map_err(str::to_string)?;
        let t = topic("schedule", to);
        publish(&conn, &t, body.into_bytes(), true)?;
        Ok(t!("fleet-pushed", id = id, topic = t.as_str()))
    };
    report(run())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads `r` through SHA-256: (hash as hex, length).
fn digest(mut r: impl std::io::Read) -> std::io::Result<(String, u64)> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        let got = r.read(&mut buf)?;
        if got == 0 {
            break;
        }
        h.update(&buf[..got]);
        n += got as u64;
    }
    Ok((hex(&h.finalize()), n))
}

/// A recording the nodes will fetch: fetched once here for its hash and size.
fn measure_url(url: &str) -> Result<(String, u64), String> {
    let words = |why: String| t!("fleet-url-failed", url = url, why = why);
    let resp = crate::stream::agent()
        .get(url)
        .call()
        .map_err(|e| words(e.to_string()))?;
    digest(resp.into_body().into_reader()).map_err(|e| words(e.to_string()))
}

/// Stores a recording with an HTTP PUT (WebDAV, an S3 presigned URL): (hash, size).
fn upload_file(file: &Path, url: &str) -> Result<(String, u64), String> {
    let words = |why: String| t!("fleet-upload-failed", url = url, why = why);
    crate::audio::probe::probe(file, crate::audio::probe::Depth::Full)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let open = || std::fs::File::open(file).map_err(|e| format!("{}: {e}", file.display()));
    let (sha256, bytes) = digest(open()?).map_err(|e| format!("{}: {e}", file.display()))?;
    crate::stream::agent()
        .put(url)
        .send(ureq::SendBody::from_reader(&mut open()?))
        .map_err(|e| words(e.to_string()))?;
    Ok((sha256, bytes))
}

fn read_secret(path: &Path) -> Result<SecretKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        t!(
            "fleet-key-unreadable",
            path = path.display().to_string(),
            why = crate::i18n::io_why(&e)
        )
    })?;
    SecretKey::parse(&text)
        .map_err(|_| t!("fleet-key-not-secret", path = path.display().to_string()))
}

/// The broker from the flags, else from `[fleet]` of the schedule.
fn connection(b: &BrokerArgs, config: &Path) -> Result<Conn, String> {
    if let Some(url) = &b.broker {
        return Ok(Conn {
            broker: crate::schedule::parse_broker(url)?,
            username: b.username.clone(),
            password_file: b.password_file.clone(),
            ca_file: b.ca_file.clone(),
            client: None,
        });
    }
    let fleet = crate::schedule::load(config, crate::clock::system_timezone().0)
        .ok()
        .and_then(|l| l.schedule.fleet)
        .ok_or_else(|| t!("fleet-no-broker"))?;
    let mut conn = Conn::of(&fleet);
    if b.username.is_some() {
        conn.username = b.username.clone();
        conn.password_file = b.password_file.clone();
    }
    if b.ca_file.is_some() {
        conn.ca_file = b.ca_file.clone();
    }
    Ok(conn)
}

/// Publishes one message at QoS 1 and waits until the broker has it.
fn publish(conn: &Conn, topic: &str, body: Vec<u8>, retain: bool) -> Result<(), String> {
    let failed = |why: String| failed(&conn.broker, why);
    let rt = runtime().map_err(failed)?;
    let client_id = once_id("loa-send").map_err(failed)?;
    let opts = mqtt_options(conn, client_id).map_err(failed)?;
    rt.block_on(async {
        let (client, mut events) = AsyncClient::new(opts, 8);
        client
            .publish(topic, QoS::AtLeastOnce, retain, body)
            .await
            .map_err(|e| failed(e.to_string()))?;
        let acked = tokio::time::timeout(SEND_WAIT, async {
            loop {
                match events.poll().await {
                    Ok(Event::Incoming(Packet::PubAck(_))) => return Ok(()),
                    Ok(_) => {}
                    Err(e) => return Err(failed(words(&e))),
                }
            }
        })
        .await
        .map_err(|_| failed("no answer".into()))?;
        let _ = client.disconnect().await;
        let _ = tokio::time::timeout(Duration::from_secs(1), events.poll()).await;
        acked
    })
}

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
    // One persistent session per collected file.
    let place = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let id = blake3::hash(place.as_os_str().as_encoded_bytes()).to_hex();
    let mut opts = mqtt_options(&conn, format!("loa-collect-{}", &id[..12]))?;
    opts.set_clean_session(false).set_manual_acks(true);
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
        loop {
            tokio::select! {
                e = events.poll() => match e {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        client
                            .subscribe("loa/v1/history/#", QoS::AtLeastOnce)
                            .await
                            .map_err(|e| failed(e.to_string()))?;
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        match serde_json::from_slice(&p.payload).ok().and_then(|v| collected_row(&v)) {
                            Some(row) => {
                                h.put_collected(&row).map_err(|e| e.to_string())?;
                                if let Some((n, _)) = &row.node {
                                    nodes.insert(n.clone());
                                }
                                rows += 1;
                            }
                            None => tracing::warn!(topic = %p.topic, "not a history row: left out"),
                        }
                        client.ack(&p).await.map_err(|e| failed(e.to_string()))?;
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

/// A history row as a node publishes it (`loa history --format json`'s fields, with `node` and
/// `row`).
fn collected_row(v: &serde_json::Value) -> Option<crate::history::Row> {
    use crate::history::{Outcome, Row, Source};
    let text = |k: &str| v.get(k).and_then(serde_json::Value::as_str);
    let instant = |k: &str| {
        text(k)
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    let node = text("node").filter(|n| crate::schedule::node_ok(n))?;
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
    })
}

/// How long `loa fleet status` listens after the last retained status came.
const STATUS_QUIET: Duration = Duration::from_millis(1500);

/// `loa fleet status [--prefix P] [--json]`: every node's retained status.
pub fn status(prefix: Option<&str>, json: bool, broker: &BrokerArgs, config: &Path) -> i32 {
    match status_inner(prefix, broker, config) {
        Ok(list) => {
            if json {
                super::print_json(&list);
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
                        let node = p.topic.trim_start_matches("loa/v1/status/").to_string();
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
        .map(|v| super::width(&text(v, "node")))
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
            .map(|(id, at)| t!("fleet-status-next", id = id, at = at))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {}  {}  {}  {}",
            super::fit(&text(v, "node"), width),
            super::fit(&state, 12),
            text(v, "updated"),
            playing,
            next
        )?;
        if let Some(e) = v.get("last_error").and_then(|x| x.as_str()) {
            writeln!(out, "    {}", t!("fleet-status-error", why = e))?;
        }
    }
    Ok(())
}
