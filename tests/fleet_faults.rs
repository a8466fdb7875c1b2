//! The feed through real network faults (spec §9): a node in a network namespace of its own, its
//! link to the broker cut and restored, or losing 30 % of its packets (nftables). The local
//! programme plays on; what was sent meanwhile arrives; the province's history ends up the
//! node's, row for row.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::daemon::Daemon;
use common::fleet::{NODE, collect, fleet_status, keygen, send, wait_online};
use common::netns::NetNs;
use common::proxy::DelayProxy;
use common::servers::Mosquitto;
use serde_json::Value;

/// A node daemon run inside `ns`, reaching the broker over the namespace's link; a short MQTT
/// keepalive (fault injection) finds a cut link in seconds rather than minutes.
fn node_in(ns: &NetNs, m: &Mosquitto, public: &str) -> Daemon {
    let url = m.url_at(&ns.host_ip);
    let mut d = Daemon::prepare(
        &format!(
            "[[emergency]]\nid = \"bao\"\nfiles = [\"siren.ogg\"]\n\n{}",
            m.fleet_toml_via(&url, NODE, public, "")
        ),
        None,
        &[("LOA_FAULT_KEEPALIVE_SECS".into(), "5".into())],
    );
    let c = d.cmd();
    let mut cmd = ns.command(c.get_program());
    cmd.args(c.get_args());
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    let log = std::fs::File::create(d.path("daemon.log")).unwrap();
    cmd.arg("run")
        .env("LOA_LOG", "info")
        .stdout(Stdio::null())
        .stderr(log);
    d.adopt(cmd.spawn().unwrap());
    d
}

fn until(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let end = Instant::now() + limit;
    while !ok() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Collects until the province's copy is the node's history, row for row.
fn collected_equals_history(m: &Mosquitto, db: &std::path::Path, d: &Daemon) {
    let strip = |r: &Value| {
        let mut r = r.clone();
        r.as_object_mut().map(|o| o.remove("node"));
        r
    };
    until(
        "the province's history to equal the node's",
        Duration::from_secs(120),
        || {
            common::assert_success(&collect(m, db));
            let out = common::loa()
                .args(["history", "--format", "json", "--db"])
                .arg(db)
                .output()
                .unwrap();
            let theirs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_default();
            let own: Vec<Value> = d.history().iter().map(strip).collect();
            own == theirs.iter().map(strip).collect::<Vec<_>>()
        },
    );
}

#[test]
fn a_cut_link_changes_nothing_local_and_what_was_sent_meanwhile_arrives_when_it_returns() {
    let m = Mosquitto::start(&[NODE]);
    let db = m.dir.path().join("tinh.sqlite");
    common::assert_success(&collect(&m, &db));
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let ns = NetNs::new(0);
    let mut d = node_in(&ns, &m, &public);
    wait_online(&m);

    ns.cut();
    // The station plays on, and records it.
    common::assert_success(&d.loa(&["play", "siren.ogg"]));
    d.wait("the play during the cut", Duration::from_secs(20), |d| {
        d.history()
            .first()
            .is_some_and(|r| r["outcome"] == "played")
    });
    // The broker sees the box gone (its last will), and keeps the province's bulletin for it.
    until(
        "the node to be seen offline",
        Duration::from_secs(60),
        || fleet_status(&m)[0]["online"] == false,
    );
    common::assert_success(&send(
        &m,
        &secret,
        &["--to", NODE, "--level", "priority", "--preset", "bao"],
    ));
    assert!(d.history().iter().all(|r| r["source"] != "bulletin"));

    ns.restore();
    d.wait(
        "the bulletin sent during the cut",
        Duration::from_secs(120),
        |d| {
            d.history()
                .iter()
                .any(|r| r["source"] == "bulletin" && !r["outcome"].is_null())
        },
    );
    wait_online(&m);
    collected_equals_history(&m, &db, &d);
    assert!(d.terminate().0.success());
}

#[test]
fn through_thirty_percent_packet_loss_bulletins_play_and_history_arrives_whole() {
    let m = Mosquitto::start(&[NODE]);
    let db = m.dir.path().join("tinh.sqlite");
    common::assert_success(&collect(&m, &db));
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut ns = NetNs::new(1);
    let mut d = node_in(&ns, &m, &public);
    wait_online(&m);
    ns.lose(30);
    for _ in 0..2 {
        common::assert_success(&send(
            &m,
            &secret,
            &["--to", NODE, "--level", "priority", "--preset", "bao"],
        ));
    }
    d.wait("both bulletins to play", Duration::from_secs(180), |d| {
        d.history()
            .iter()
            .filter(|r| r["source"] == "bulletin" && r["outcome"] == "played")
            .count()
            == 2
    });
    collected_equals_history(&m, &db, &d);
    assert!(d.terminate().0.success());
}

#[test]
fn over_a_link_with_two_seconds_of_latency_each_way_an_emergency_still_plays_and_is_acked() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let slow = DelayProxy::start(m.port, Duration::from_secs(2));
    let url = format!("mqtts://127.0.0.1:{}", slow.port);
    let mut d = Daemon::start(&format!(
        "[[emergency]]\nid = \"bao\"\nfiles = [\"siren.ogg\"]\n\n{}",
        m.fleet_toml_via(&url, NODE, &public, "")
    ));
    // TLS and MQTT's handshakes take a few round trips of four seconds each.
    until(
        "the node online through the slow link",
        Duration::from_secs(90),
        || d.status()["feed"]["state"] == "connected",
    );
    // The retained status comes after the node's subscriptions on the same link: once the
    // broker has it, it has them.
    wait_online(&m);
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 3, 120);
    common::assert_success(&send(
        &m,
        &secret,
        &["--to", NODE, "--level", "emergency", "--preset", "bao"],
    ));
    let got = common::fleet::messages(acks);
    let states: Vec<&str> = got
        .iter()
        .map(|(_, a)| a["state"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(states, ["received", "queued", "played"], "{got:?}");
    assert_eq!(d.history()[0]["outcome"], "played");
    assert!(d.terminate().0.success());
}
