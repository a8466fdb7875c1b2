//! The province's history (spec §9, §6): each node's rows go out from a durable outbox and
//! `loa fleet collect` gathers them into one file that `loa history --db` reads with a `node`
//! column — row for row the nodes' own history, after a broker restart too (nothing lost,
//! nothing twice).

mod common;

use std::time::Duration;

use common::daemon::Daemon;
use common::fleet::{NODE, collect, keygen};
use common::servers::Mosquitto;
use serde_json::Value;

const OTHER: &str = "quang-nam/duy-xuyen/duy-thu/cum-02";

fn node(m: &Mosquitto, place: &str, public: &str) -> Daemon {
    Daemon::start(&m.fleet_toml(place, public, ""))
}

fn play(d: &mut Daemon, n: usize) {
    common::assert_success(&d.loa(&["play", "siren.ogg"]));
    d.wait("the play to end", Duration::from_secs(20), |d| {
        d.history().len() == n && d.history().iter().all(|r| !r["outcome"].is_null())
    });
}

/// What a report compares: every field of §6 but the node's own row numbers.
fn essence(r: &Value) -> Value {
    let mut r = r.clone();
    if let Some(o) = r.as_object_mut() {
        o.remove("node");
    }
    r
}

#[test]
fn collect_gathers_every_nodes_history_row_for_row_across_a_broker_restart() {
    let mut m = Mosquitto::start(&[NODE, OTHER]);
    let db = m.dir.path().join("tinh.sqlite");
    // The collector's session exists before the nodes send (rows wait for it at the broker).
    common::assert_success(&collect(&m, &db));
    let keys = tempfile::tempdir().unwrap();
    let (_, public) = keygen(keys.path(), "tinh");
    let mut a = node(&m, NODE, &public);
    let mut b = node(&m, OTHER, &public);
    play(&mut a, 1);
    play(&mut b, 1);
    play(&mut a, 2);
    // The broker goes down for a while: the rows made meanwhile wait in the outbox.
    m.stop();
    play(&mut a, 3);
    play(&mut b, 2);
    m.start_again();
    // The nodes come back at their own pace (each waits a random time before it reconnects):
    // collect until both histories are in, or a minute has passed.
    let end = std::time::Instant::now() + Duration::from_secs(60);
    let report = |db: &std::path::Path| -> Vec<Value> {
        let out = common::loa()
            .args(["history", "--format", "json", "--db"])
            .arg(db)
            .output()
            .unwrap();
        common::assert_success(&out);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let matches = |collected: &[Value]| {
        [(&a, NODE), (&b, OTHER)].iter().all(|(d, place)| {
            let own: Vec<Value> = d.history().iter().map(essence).collect();
            let theirs: Vec<Value> = collected
                .iter()
                .filter(|r| r["node"] == *place)
                .map(essence)
                .collect();
            own == theirs
        })
    };
    loop {
        common::assert_success(&collect(&m, &db));
        let collected = report(&db);
        if matches(&collected) {
            break;
        }
        assert!(
            std::time::Instant::now() < end,
            "the collected history differs from the nodes':\n{collected:#?}\nnode a: {:#?}\nnode b: {:#?}",
            a.history(),
            b.history()
        );
    }
    // Once more: rows sent again after a reconnect change nothing; each is there once.
    common::assert_success(&collect(&m, &db));
    let collected = report(&db);
    assert!(matches(&collected));
    assert_eq!(collected.len(), 5);
    // The table says which node each row came from.
    let table = common::loa()
        .args(["history", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains(OTHER), "{table}");
    assert!(a.terminate().0.success());
    assert!(b.terminate().0.success());
}

/// Publishes `body` on `topic` as `user` (with the test broker's password for it).
fn publish_as(m: &Mosquitto, user: &str, topic: &str, body: &str) {
    let out = std::process::Command::new("mosquitto_pub")
        .args(["-h", "127.0.0.1", "-p", &m.port.to_string(), "--cafile"])
        .arg(m.ca())
        .args(["-u", user, "-P", &format!("pw-{user}"), "-q", "1"])
        .args(["-t", topic, "-m", body])
        .output()
        .unwrap();
    common::assert_success(&out);
}

#[test]
fn a_node_speaks_only_for_itself_and_a_row_once_collected_is_never_replaced() {
    let m = Mosquitto::start(&[NODE, OTHER]);
    let db = m.dir.path().join("tinh.sqlite");
    common::assert_success(&collect(&m, &db));
    let keys = tempfile::tempdir().unwrap();
    let (_, public) = keygen(keys.path(), "tinh");
    let mut b = node(&m, OTHER, &public);
    play(&mut b, 1);
    let row = |node: &str, n: i64, outcome: &str| {
        serde_json::json!({
            "id": "hop-dan", "title": "Họp dân", "source": "manual", "requested_by": "x",
            "requested": "2026-12-01T08:00:00+07:00", "started": "2026-12-01T08:00:00+07:00",
            "ended": "2026-12-01T08:01:00+07:00", "outcome": outcome, "files": [],
            "played_seconds": 60.0, "node": node, "row": n,
        })
        .to_string()
    };
    let own = format!("loa/v1/history/{NODE}");
    // NODE's account (the ACL lets it publish only on its own topic) speaks for OTHER: refused.
    publish_as(&m, NODE, &own, &row(OTHER, 1, "played"));
    // Its own row 7, then row 7 again saying something else: the first stays.
    publish_as(&m, NODE, &own, &row(NODE, 7, "played"));
    publish_as(&m, NODE, &own, &row(NODE, 7, "stopped"));
    // The same row sent twice (a lost acknowledgement) is no conflict.
    publish_as(&m, NODE, &own, &row(NODE, 7, "played"));
    let out = collect(&m, &db);
    common::assert_success(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("names another node").count(), 1, "{err}");
    assert_eq!(
        err.matches("the first one received is kept").count(),
        1,
        "{err}"
    );
    let out = common::loa()
        .args(["history", "--format", "json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    common::assert_success(&out);
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let of = |n: &str| {
        rows.iter()
            .filter(|r| r["node"] == n)
            .cloned()
            .collect::<Vec<_>>()
    };
    // OTHER's history is its own, untouched by what NODE said.
    assert_eq!(
        of(OTHER).iter().map(essence).collect::<Vec<_>>(),
        b.history().iter().map(essence).collect::<Vec<_>>()
    );
    let mine = of(NODE);
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["outcome"], "played");
    assert!(b.terminate().0.success());
}

#[test]
fn the_province_reads_each_node_s_times_in_the_station_s_zone_not_its_own() {
    let m = Mosquitto::start(&[NODE]);
    let db = m.dir.path().join("tinh.sqlite");
    common::assert_success(&collect(&m, &db));
    let keys = tempfile::tempdir().unwrap();
    let (_, public) = keygen(keys.path(), "tinh");
    let mut d = Daemon::start(&format!(
        "[station]\ntimezone = \"Asia/Ho_Chi_Minh\"\naudio_dir = \"{}\"\noutput = \"null\"\n\n{}",
        common::repo().join("audio").display(),
        m.fleet_toml(NODE, &public, "")
    ));
    play(&mut d, 1);
    // The province's machine runs in UTC.
    let rows = || -> Vec<Value> {
        common::assert_success(&collect(&m, &db));
        let out = common::loa()
            .env("TZ", "UTC")
            .args(["history", "--format", "json", "--db"])
            .arg(&db)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap_or_default()
    };
    let end = std::time::Instant::now() + Duration::from_secs(60);
    let got = loop {
        let got = rows();
        if !got.is_empty() || std::time::Instant::now() > end {
            break got;
        }
    };
    let started = got[0]["started"].as_str().unwrap_or("");
    assert!(started.ends_with("+07:00"), "{got:?}");
    let status = common::fleet::fleet_status(&m);
    let updated = status[0]["updated"].as_str().unwrap_or("");
    assert!(updated.ends_with("+07:00"), "{status:?}");
    assert_eq!(status[0]["timezone"], "Asia/Ho_Chi_Minh");
    assert!(d.terminate().0.success());
}
