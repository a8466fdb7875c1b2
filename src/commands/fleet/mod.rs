//! `loa fleet …`: the province's side of the feed (spec §9).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rumqttc::v5::mqttbytes::QoS;
use rumqttc::v5::mqttbytes::v5::{Packet, PubAckReason};
use rumqttc::v5::{AsyncClient, Event};

use crate::feed::client::{Conn, mqtt_options, words};
use crate::feed::keys::SecretKey;
use crate::t;

pub(crate) mod collect;
mod province;
pub(crate) mod send;
mod serve;
mod status;

use province::connection;
pub use province::key;

pub use collect::collect;
pub use send::{Send, push, send, stop};
pub use serve::{Serve, serve};
pub use status::status;

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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

/// Publishes one message at QoS 1 and waits until the broker has it.
fn publish(conn: &Conn, topic: &str, body: Vec<u8>, retain: bool) -> Result<(), String> {
    let failed = |why: String| failed(&conn.broker, why);
    let rt = runtime().map_err(failed)?;
    let client_id = once_id("loa-send").map_err(failed)?;
    let opts = mqtt_options(conn, client_id).map_err(failed)?;
    let size = body.len();
    rt.block_on(async {
        let (client, mut events) = AsyncClient::new(opts, 8);
        client
            .publish(topic, QoS::AtLeastOnce, retain, body)
            .await
            .map_err(|e| failed(e.to_string()))?;
        let acked = tokio::time::timeout(SEND_WAIT, async {
            loop {
                match events.poll().await {
                    Ok(Event::Incoming(Packet::PubAck(a))) => {
                        return match a.reason {
                            PubAckReason::Success | PubAckReason::NoMatchingSubscribers => Ok(()),
                            // The ACL: this account may not publish here.
                            PubAckReason::NotAuthorized => {
                                Err(failed(t!("fleet-not-authorized", topic = topic)))
                            }
                            PubAckReason::QuotaExceeded => {
                                Err(failed(t!("fleet-too-large", bytes = size)))
                            }
                            other => Err(failed(t!(
                                "fleet-publish-refused",
                                code = format!("{other:?}")
                            ))),
                        };
                    }
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
