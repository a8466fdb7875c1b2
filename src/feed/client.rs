//! The node's MQTT connection (spec §9), a task on the daemon's runtime that only carries
//! messages: bulletins in (opened and judged by the shell, which has the clock, the schedule and
//! history), status and acks out. It never waits on the shell and the shell never waits on it:
//! a dead broker, wrong credentials or a half-open link change nothing else.
//!
//! The session is persistent (clean session off, one client id per node), so bulletins sent
//! while the box was offline arrive when it reconnects; it subscribes at QoS 1 to each prefix of
//! its node; the broker publishes the last will, a retained `online: false`, when the link dies.
//! Reconnection waits a random time ("full jitter") under a ceiling that doubles from 1 s to
//! 5 min, and the very first attempt after a failure is spread over up to 30 s, so a province's
//! thousands of boxes do not all return in the same second after a broker restart.

use std::sync::Arc;
use std::time::Duration;

use rumqttc::v5::mqttbytes::QoS;
use rumqttc::v5::mqttbytes::v5::{ConnectReturnCode, LastWill, Packet};
use rumqttc::v5::{AsyncClient, ConnectionError, Event, MqttOptions};
use rumqttc::{TlsConfiguration, Transport};
use tokio::sync::mpsc;

use std::path::PathBuf;

use crate::schedule::{Broker, Fleet};
use crate::t;

/// The largest packet the client takes, announced to the broker when connecting (MQTT 5's
/// Maximum Packet Size). Bulletins and schedules are far smaller (the shell refuses a bulletin
/// over 64 KiB and a schedule over 1 MiB, with an ack that says so); up to this a message too large is read and refused; a
/// larger one the broker drops for this client and goes on with the next (MQTT 5 §3.1.2.11.4):
/// under MQTT 3.1.1 it would have sent it anyway, the client would have dropped the connection,
/// and the persistent session would have delivered it again on every reconnection — one
/// message could keep a district off the feed.
pub const MAX_PACKET: u32 = 4 << 20;
/// How long a persistent session outlives its connection at the broker (MQTT 5's Session Expiry
/// Interval; a province's broker may cap it lower): bulletins sent while a box is off wait this
/// long for it.
const SESSION_EXPIRY: u32 = 30 * 24 * 3600;
/// A connection that stayed up this long was a good one: the next failure starts the backoff
/// again from its first step. One that dies sooner (a broker that accepts and then drops it)
/// keeps doubling the wait.
const STABLE: Duration = Duration::from_secs(60);
const KEEP_ALIVE: Duration = Duration::from_secs(60);
const BACKOFF_FIRST: Duration = Duration::from_secs(1);
const BACKOFF_MAX: Duration = Duration::from_secs(300);
/// Connect, TLS and CONNACK together: a half-open 4G link is given up on after this.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// What the feed tells the shell.
#[derive(Debug)]
pub enum In {
    Connected,
    /// Why the link is down, in words; sent once per change of reason.
    Down(String),
    /// A message on a bulletin topic, unopened.
    Bulletin(Vec<u8>),
    /// The broker took this history row (its PUBACK came).
    Sent(i64),
    /// These history rows' publishes were dropped (the broker had lost the session): send them
    /// again.
    Dropped(Vec<i64>),
    /// A message on this node's schedule topic, unopened.
    Schedule(Vec<u8>),
    /// A pushed schedule, checked off the loop: its errors (none: it may be installed).
    ScheduleChecked {
        id: String,
        text: String,
        errors: Vec<String>,
    },
    /// A bulletin's recordings were fetched (their paths, to play) or could not be (why).
    Fetched {
        id: String,
        result: Result<Vec<std::path::PathBuf>, String>,
    },
}

/// What the shell asks the feed to publish.
#[derive(Debug)]
pub enum Out {
    /// The retained status JSON.
    Status(String),
    /// An ack JSON.
    Ack(String),
    /// A history row's JSON, with its row number (to say when the broker has it).
    History { row: i64, body: String },
}

pub fn topic(kind: &str, node: &str) -> String {
    format!("loa/v1/{kind}/{node}")
}

/// Every prefix of `node`, most general first: the bulletin topics a node listens on.
pub fn prefixes(node: &str) -> Vec<&str> {
    node.match_indices('/')
        .map(|(i, _)| &node[..i])
        .chain(std::iter::once(node))
        .collect()
}

/// The running feed: drop it to stop.
pub struct Feed {
    out: mpsc::UnboundedSender<Out>,
    task: tokio::task::JoinHandle<()>,
}

impl Feed {
    /// Starts the feed for `fleet`; what arrives goes to `to_shell`.
    pub fn spawn(fleet: &Fleet, to_shell: mpsc::UnboundedSender<In>) -> Feed {
        let (out, from_shell) = mpsc::unbounded_channel();
        let fleet = fleet.clone();
        let task = tokio::spawn(run(fleet, to_shell, from_shell));
        Feed { out, task }
    }

    pub fn send(&self, o: Out) {
        let _ = self.out.send(o);
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The retained status a dead link leaves behind.
fn will(node: &str) -> LastWill {
    let body = serde_json::json!({ "online": false, "node": node }).to_string();
    LastWill::new(topic("status", node), body, QoS::AtLeastOnce, true, None)
}

/// How to reach the broker: a node's `[fleet]`, or the province's command-line flags.
#[derive(Clone, Debug)]
pub struct Conn {
    pub broker: Broker,
    pub username: Option<String>,
    pub password_file: Option<PathBuf>,
    pub ca_file: Option<PathBuf>,
    pub client: Option<(PathBuf, PathBuf)>,
}

impl Conn {
    pub fn of(fleet: &Fleet) -> Conn {
        Conn {
            broker: fleet.broker.clone(),
            username: fleet.username.clone(),
            password_file: fleet.password_file.clone(),
            ca_file: fleet.ca_file.clone(),
            client: fleet.client.clone(),
        }
    }
}

/// The connection's options: credentials (the password read now, never kept elsewhere), TLS.
pub fn mqtt_options(conn: &Conn, client_id: String) -> Result<MqttOptions, String> {
    let mut o = MqttOptions::new(client_id, &conn.broker.host, conn.broker.port);
    o.set_keep_alive(KEEP_ALIVE)
        .set_max_packet_size(Some(MAX_PACKET))
        .set_connection_timeout(CONNECT_TIMEOUT.as_secs());
    if let Some(user) = &conn.username {
        let password = match &conn.password_file {
            Some(p) => std::fs::read_to_string(p)
                .map_err(|e| format!("{}: {}", p.display(), crate::i18n::io_why(&e)))?
                .trim_end_matches(['\r', '\n'])
                .to_string(),
            None => String::new(),
        };
        o.set_credentials(user, password);
    }
    if conn.broker.tls {
        o.set_transport(Transport::tls_with_config(TlsConfiguration::Rustls(
            Arc::new(tls_config(conn)?),
        )));
    }
    Ok(o)
}

/// A node's options: its persistent session and its last will.
fn options(fleet: &Fleet) -> Result<MqttOptions, String> {
    let mut o = mqtt_options(&Conn::of(fleet), format!("loa/{}", fleet.node))?;
    // Fault injection for the tests: a short keepalive finds a cut link in seconds (5 s at
    // least: rumqttc's MQTT 5 client refuses less, by panicking).
    if let Some(secs) = std::env::var("LOA_FAULT_KEEPALIVE_SECS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|s| (5..=3600).contains(s))
    {
        o.set_keep_alive(Duration::from_secs(secs));
    }
    o.set_clean_start(false)
        .set_session_expiry_interval(Some(SESSION_EXPIRY))
        .set_last_will(will(&fleet.node))
        .set_outgoing_inflight_upper_limit(16);
    Ok(o)
}

/// TLS with the system's roots, or only `ca_file`'s; a client certificate when given.
fn tls_config(conn: &Conn) -> Result<rustls::ClientConfig, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let builder = match &conn.ca_file {
        Some(path) => {
            let mut roots = rustls::RootCertStore::empty();
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            for c in certs {
                let c = c.map_err(|e| format!("{}: {e}", path.display()))?;
                roots
                    .add(c)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
            builder.with_root_certificates(roots)
        }
        None => {
            use rustls_platform_verifier::BuilderVerifierExt;
            builder
                .with_platform_verifier()
                .map_err(|e| e.to_string())?
        }
    };
    match &conn.client {
        None => Ok(builder.with_no_client_auth()),
        Some((cert, key)) => {
            let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
                .and_then(|it| it.collect())
                .map_err(|e| format!("{}: {e}", cert.display()))?;
            let key =
                PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{}: {e}", key.display()))?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| e.to_string())
        }
    }
}

/// The wait before the next attempt after a failure, under a ceiling that doubles from
/// [`BACKOFF_FIRST`] to [`BACKOFF_MAX`]; `ceiling` is left for the attempt after. It starts
/// again from its first step only when the connection that failed had stayed up [`STABLE`]
/// (`up_for`: how long it was up, `None` when it never came up): a broker that accepts a
/// connection and drops it at once is retried ever more slowly, not every second.
pub fn backoff(ceiling: &mut Duration, up_for: Option<Duration>) -> Duration {
    if up_for.is_some_and(|d| d >= STABLE) {
        *ceiling = BACKOFF_FIRST;
    }
    let wait = jitter(*ceiling);
    *ceiling = (*ceiling * 2).min(BACKOFF_MAX);
    wait
}

/// A random wait in [0, ceiling): full jitter.
pub fn jitter(ceiling: Duration) -> Duration {
    let mut b = [0u8; 8];
    let r = getrandom::fill(&mut b).map_or(0.5, |()| {
        (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
    });
    ceiling.mul_f64(r)
}

/// Why the broker could not be used, in the reader's words.
pub fn words(e: &ConnectionError) -> String {
    match e {
        ConnectionError::ConnectionRefused(
            ConnectReturnCode::BadUserNamePassword | ConnectReturnCode::NotAuthorized,
        ) => t!("feed-refused-login"),
        ConnectionError::ConnectionRefused(c) => t!("feed-refused", code = format!("{c:?}")),
        ConnectionError::Timeout(_) => t!("feed-no-answer"),
        other => match io_cause(other) {
            Some(io) if unresolved(io) => t!("feed-no-such-host"),
            Some(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                t!("feed-port-closed")
            }
            Some(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => t!("feed-closed"),
            _ => other.to_string(),
        },
    }
}

/// The I/O error under `e`, if it came from one.
fn io_cause<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cur {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        cur = c.source();
    }
    None
}

/// The broker's name did not resolve (getaddrinfo's failure, which std reports only in words).
fn unresolved(io: &std::io::Error) -> bool {
    io.to_string()
        .contains("failed to lookup address information")
}

async fn run(
    fleet: Fleet,
    to_shell: mpsc::UnboundedSender<In>,
    mut from_shell: mpsc::UnboundedReceiver<Out>,
) {
    let node = fleet.node.clone();
    let schedule_topic = topic("schedule", &node);
    let mut last_down: Option<String> = None;
    // Said once per change of reason in the journal; the shell hears of every loss of the link.
    let down = |why: String, last: &mut Option<String>| {
        if last.as_deref() != Some(why.as_str()) {
            tracing::warn!(broker = %fleet.broker, "feed: {why}");
            *last = Some(why.clone());
        }
        let _ = to_shell.send(In::Down(why));
    };
    let mut ceiling = BACKOFF_FIRST;
    // When the current connection came up.
    let mut up_since: Option<std::time::Instant> = None;
    // One entry per QoS 1 publish handed over and not yet acknowledged, in order: MQTT requires
    // a broker to send PUBACKs in the order it received the publishes (5.0 §4.6), so the front
    // is the one each PUBACK answers. `Some(row)` for a history row.
    let mut unacked: std::collections::VecDeque<Option<i64>> = Default::default();
    // How many of those rumqttc holds to publish again on a resumed session (the rest are still
    // in its request channel).
    let mut pending = 0;
    loop {
        let opts = match options(&fleet) {
            Ok(o) => o,
            Err(why) => {
                down(why, &mut last_down);
                tokio::time::sleep(BACKOFF_MAX).await;
                continue;
            }
        };
        let (client, mut events) = AsyncClient::new(opts, 64);
        loop {
            tokio::select! {
                e = events.poll() => match e {
                    Ok(Event::Incoming(Packet::ConnAck(ack))) => {
                        tracing::info!(broker = %fleet.broker, node = %node, session = ack.session_present, "feed: connected");
                        if !ack.session_present {
                            // The broker lost the session: what waited to be published again is
                            // dropped (rumqttc clears it); the rows among it are sent again.
                            let n = pending.min(unacked.len());
                            let dropped: Vec<i64> = unacked.drain(..n).flatten().collect();
                            if !dropped.is_empty() {
                                let _ = to_shell.send(In::Dropped(dropped));
                            }
                        }
                        pending = 0;
                        up_since = Some(std::time::Instant::now());
                        let mut topics: Vec<String> =
                            prefixes(&node).iter().map(|p| topic("bulletin", p)).collect();
                        topics.push(schedule_topic.clone());
                        for t in topics {
                            let _ = client.try_subscribe(t, QoS::AtLeastOnce);
                        }
                        let _ = to_shell.send(In::Connected);
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        let t = String::from_utf8_lossy(&p.topic);
                        if t.starts_with("loa/v1/bulletin/") {
                            let _ = to_shell.send(In::Bulletin(p.payload.to_vec()));
                        } else if t == schedule_topic && !p.payload.is_empty() {
                            let _ = to_shell.send(In::Schedule(p.payload.to_vec()));
                        }
                    }
                    Ok(Event::Incoming(Packet::PubAck(_))) => {
                        if let Some(Some(row)) = unacked.pop_front() {
                            let _ = to_shell.send(In::Sent(row));
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        pending = events
                            .pending
                            .iter()
                            .filter(|r| matches!(r, rumqttc::v5::Request::Publish(p) if p.qos != QoS::AtMostOnce))
                            .count();
                        down(words(&e), &mut last_down);
                        let up_for = up_since.take().map(|t| t.elapsed());
                        tokio::time::sleep(backoff(&mut ceiling, up_for)).await;
                    }
                },
                Some(o) = from_shell.recv() => {
                    let (t, body, retain, row) = match o {
                        Out::Status(s) => (topic("status", &node), s, true, None),
                        Out::Ack(a) => (topic("ack", &node), a, false, None),
                        Out::History { row, body } => (topic("history", &node), body, false, Some(row)),
                    };
                    // Queued while the link is down. When the queue is full a status or an ack
                    // is lost (a newer status follows); a history row stays in the outbox and
                    // is sent again.
                    match client.try_publish(t, QoS::AtLeastOnce, retain, body) {
                        Ok(()) => unacked.push_back(row),
                        Err(_) => {
                            if let Some(r) = row {
                                let _ = to_shell.send(In::Dropped(vec![r]));
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_listens_on_every_prefix_of_its_place() {
        assert_eq!(
            prefixes("quang-nam/duy-xuyen/duy-phuoc/cum-01"),
            [
                "quang-nam",
                "quang-nam/duy-xuyen",
                "quang-nam/duy-xuyen/duy-phuoc",
                "quang-nam/duy-xuyen/duy-phuoc/cum-01"
            ]
        );
        assert_eq!(prefixes("x"), ["x"]);
    }

    #[test]
    fn a_connection_that_dies_at_once_keeps_the_backoff_growing() {
        let mut ceiling = BACKOFF_FIRST;
        for _ in 0..12 {
            assert!(backoff(&mut ceiling, Some(Duration::from_millis(300))) < BACKOFF_MAX);
        }
        assert_eq!(ceiling, BACKOFF_MAX);
        // One that stayed up a while starts again from the first step.
        assert!(backoff(&mut ceiling, Some(STABLE)) < BACKOFF_FIRST);
        assert_eq!(ceiling, BACKOFF_FIRST * 2);
        // Never up at all: doubling on.
        backoff(&mut ceiling, None);
        assert_eq!(ceiling, BACKOFF_FIRST * 4);
    }

    #[test]
    fn jitter_stays_under_its_ceiling() {
        for _ in 0..100 {
            assert!(jitter(Duration::from_secs(30)) < Duration::from_secs(30));
        }
    }
}
