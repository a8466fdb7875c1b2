//! The provincial feed as the tests drive it: keys made by `loa fleet keygen`, bulletins sent by
//! `loa fleet send` or published raw, the broker's messages read with `mosquitto_sub`, and a
//! node daemon with `[fleet]` pointed at a test [`Mosquitto`].

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use super::daemon::Daemon;
use super::servers::{Mosquitto, PROVINCE, Subscription};

pub const NODE: &str = "quang-nam/duy-xuyen/duy-phuoc/cum-01";

/// A key pair made by `loa fleet keygen` in `dir`; returns (secret path, public line).
pub fn keygen(dir: &Path, name: &str) -> (std::path::PathBuf, String) {
    let out = super::loa()
        .args(["fleet", "keygen", "--out"])
        .arg(dir.join(name))
        .output()
        .unwrap();
    super::assert_success(&out);
    let public = std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap();
    (dir.join(format!("{name}.key")), public.trim().to_string())
}

/// `loa fleet ARGS…` as the province, on this broker (its flags after the subcommand's).
pub fn province(m: &Mosquitto, args: &[&str]) -> std::process::Command {
    let pw = m.dir.path().join("province.pw");
    std::fs::write(&pw, PROVINCE.1).unwrap();
    let mut c = super::loa();
    c.arg("fleet")
        .args(args)
        .args(["--broker", &m.url(), "--username", PROVINCE.0])
        .arg("--password-file")
        .arg(&pw)
        .arg("--ca-file")
        .arg(m.ca())
        .env_remove("LOA_BROKER");
    c
}

/// `loa fleet send` as the province.
pub fn send(m: &Mosquitto, key: &Path, args: &[&str]) -> Output {
    let mut c = province(m, &["send"]);
    c.arg("--key").arg(key).args(args);
    c.output().unwrap()
}

/// The messages a subscription printed, as (topic, JSON).
pub fn messages(sub: Subscription) -> Vec<(String, Value)> {
    sub.lines()
        .into_iter()
        .map(|(t, body)| (t, serde_json::from_str(&body).unwrap_or(Value::Null)))
        .collect()
}

/// Publishes `payload` on the node's bulletin topic as the province's account (raw bytes, no
/// signing: what an attacker who got hold of the account could do).
pub fn publish_raw(m: &Mosquitto, payload: &str) {
    let out = std::process::Command::new("mosquitto_pub")
        .args(["-h", "127.0.0.1", "-p", &m.port.to_string(), "--cafile"])
        .arg(m.ca())
        .args(["-u", PROVINCE.0, "-P", PROVINCE.1, "-q", "1"])
        .args(["-t", &format!("loa/v1/bulletin/{NODE}"), "-m", payload])
        .output()
        .unwrap();
    super::assert_success(&out);
}

pub fn node_daemon(m: &Mosquitto, trusted: &str, body: &str) -> Daemon {
    Daemon::start(&format!(
        "{body}\n[[emergency]]\nid = \"bao\"\ntitle = \"Cảnh báo bão\"\nfiles = [\"siren.ogg\"]\n\n{}",
        m.fleet_toml(NODE, trusted, "")
    ))
}

/// Waits until the node's retained status says it is online (it has subscribed by then); a
/// status retained from an earlier run may say otherwise for a moment.
pub fn wait_online(m: &Mosquitto) -> Value {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let got = messages(m.subscribe(&format!("loa/v1/status/{NODE}"), 1, 3));
        if let Some((_, status)) = got.into_iter().next()
            && status["online"] == true
        {
            return status;
        }
        assert!(
            std::time::Instant::now() < end,
            "the node did not come online in 30 s"
        );
    }
}

/// A bulletin sealed with the key in `secret` (as `loa fleet send` would, but with any fields:
/// an expiry in the past, a time of the test's choosing).
pub fn sealed(secret: &Path, fields: Value) -> String {
    let text = std::fs::read_to_string(secret).unwrap();
    let key = loa::feed::keys::SecretKey::parse(&text).unwrap();
    loa::feed::bulletin::seal(fields.as_object().unwrap().clone(), &key).unwrap()
}

/// The states of the acks `mosquitto_sub` printed.
pub fn ack_states(got: &[(String, Value)]) -> Vec<String> {
    got.iter()
        .map(|(_, a)| a["state"].as_str().unwrap_or("?").to_string())
        .collect()
}

/// `loa fleet collect --db FILE --idle 2s` as the province.
pub fn collect(m: &Mosquitto, db: &Path) -> Output {
    let mut c = province(m, &["collect", "--idle", "2s"]);
    c.arg("--db").arg(db);
    c.output().unwrap()
}

/// `loa fleet status --json` as the province: every node's retained status.
pub fn fleet_status(m: &Mosquitto) -> Vec<Value> {
    let out = province(m, &["status", "--json"]).output().unwrap();
    super::assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `loa fleet push` as the province.
pub fn push(m: &Mosquitto, key: &Path, node: &str, file: &Path) -> Output {
    let mut c = province(m, &["push", "--to", node]);
    c.arg("--key").arg(key).arg("--file").arg(file);
    c.output().unwrap()
}

/// `n` clusters' retained statuses (`PREFIX/cNNNN`, online, schedule hash `hash`) published at
/// once from one connection as [`SIM`](super::servers::SIM): a province's worth of statuses in
/// a burst, as a console meets them when it starts.
pub fn statuses(m: &Mosquitto, prefix: &str, n: usize, hash: &str) {
    use rumqttc::v5::mqttbytes::QoS;
    use rumqttc::v5::mqttbytes::v5::Packet;
    use rumqttc::v5::{AsyncClient, Event};
    let conn = loa::feed::client::Conn {
        broker: loa::schedule::parse_broker(&m.url()).unwrap(),
        username: Some(super::servers::SIM.0.into()),
        password_file: Some(m.dir.path().join("sim.pw")),
        ca_file: Some(m.ca()),
        client: None,
    };
    let opts = loa::feed::client::mqtt_options(&conn, "test-sim".into()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, mut events) = AsyncClient::new(opts, 64);
        let bodies: Vec<(String, String)> = (0..n)
            .map(|i| {
                let node = format!("{prefix}/c{i:04}");
                let body = serde_json::json!({"online": true, "node": node,
                    "schedule": {"hash": hash}, "output": {"state": "idle"}})
                .to_string();
                (format!("loa/v1/status/{node}"), body)
            })
            .collect();
        let publisher = tokio::spawn(async move {
            for (topic, body) in bodies {
                client
                    .publish(topic, QoS::AtLeastOnce, true, body)
                    .await
                    .unwrap();
            }
            client
        });
        let mut acked = 0;
        while acked < n {
            match tokio::time::timeout(std::time::Duration::from_secs(60), events.poll()).await {
                Ok(Ok(Event::Incoming(Packet::PubAck(_)))) => acked += 1,
                Ok(Ok(_)) => {}
                Ok(Err(e)) => panic!("sim: {e}"),
                Err(_) => panic!("{acked} of {n} statuses acknowledged"),
            }
        }
        let client = publisher.await.unwrap();
        let _ = client.disconnect().await;
    });
}
