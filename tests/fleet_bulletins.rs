//! Bulletins at TT39's three levels (spec §9) on a real node against a real mosquitto: a
//! priority bulletin plays next, ahead of what the schedule queued; a normal one waits for the
//! commune (`loa bulletins accept --at`, `reject`); a bulletin sent while the node was offline
//! arrives when it reconnects unless it expired meanwhile; a replay is refused after a restart
//! too (the ids are kept in the history database).

mod common;

use std::time::Duration;

use chrono::{SecondsFormat, TimeDelta};
use common::daemon::{Daemon, ahead, now, time};
use common::fleet::{
    NODE, ack_states, keygen, messages, node_daemon, publish_raw, sealed, send, wait_online,
};
use common::servers::Mosquitto;
use serde_json::json;

fn ended(d: &Daemon, id: &str) -> bool {
    d.row(id).is_some_and(|r| !r["outcome"].is_null())
}

#[test]
fn a_priority_bulletin_plays_as_soon_as_the_current_broadcast_ends_ahead_of_the_schedule() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let (_, a) = ahead(5);
    let (_, b) = ahead(7);
    let mut d = node_daemon(
        &m,
        &public,
        &format!(
            "[[announcement]]\nid = \"cchc\"\nfiles = [\"cchc-01.ogg\"]\nat = \"{a}\"\n\n\
             [[announcement]]\nid = \"vsmt\"\nfiles = [\"ve-sinh-moi-truong.ogg\"]\nat = \"{b}\"\n"
        ),
    );
    wait_online(&m);
    d.wait(
        "the first announcement to play",
        Duration::from_secs(15),
        |d| d.status()["playing"]["id"] == "cchc",
    );
    let out = send(
        &m,
        &secret,
        &["--to", NODE, "--level", "priority", "--preset", "bao"],
    );
    common::assert_success(&out);
    d.wait("all three to end", Duration::from_secs(60), |d| {
        ["cchc", "bao", "vsmt"].iter().all(|id| ended(d, id))
    });
    let started = |id: &str| time(&d.row(id).unwrap()["started"]);
    // Nothing cut: the bulletin waited for the end of what played, and went before the
    // announcement the schedule had queued behind it.
    assert_eq!(d.row("cchc").unwrap()["outcome"], "played");
    assert!(started("cchc") < started("bao") && started("bao") < started("vsmt"));
    let bao = d.row("bao").unwrap();
    assert_eq!(bao["source"], "bulletin", "{bao}");
    assert!(
        bao["bulletin"].as_str().unwrap().starts_with("priority-"),
        "{bao}"
    );
    assert!(d.terminate().0.success());
}

#[test]
fn a_normal_bulletin_waits_for_the_commune_and_plays_at_the_time_it_accepts() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 3, 60);
    let out = send(
        &m,
        &secret,
        &[
            "--to",
            "quang-nam/duy-xuyen",
            "--level",
            "normal",
            "--preset",
            "bao",
            "--title",
            "Lịch tiêm phòng",
        ],
    );
    common::assert_success(&out);
    d.wait("the bulletin to be held", Duration::from_secs(15), |d| {
        let list = d.loa(&["bulletins", "--json"]);
        String::from_utf8_lossy(&list.stdout).contains("\"held\"")
    });
    let list: serde_json::Value =
        serde_json::from_slice(&d.loa(&["bulletins", "--json"]).stdout).unwrap();
    let id = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(list[0]["title"], "Lịch tiêm phòng");
    assert_eq!(list[0]["level"], "normal");
    // Held: nothing plays by itself, and the words say what to do.
    let table = String::from_utf8_lossy(&d.loa(&["bulletins"]).stdout).into_owned();
    assert!(
        table.contains(&format!("loa bulletins accept {id}")),
        "{table}"
    );
    assert!(d.status()["playing"].is_null());
    assert_eq!(d.status()["feed"]["held"], 1);

    let at = now() + TimeDelta::seconds(8);
    let at = at - TimeDelta::nanoseconds(i64::from(at.timestamp_subsec_nanos()));
    let out = d.loa(&[
        "bulletins",
        "accept",
        &id,
        "--at",
        &at.to_rfc3339_opts(SecondsFormat::Secs, true),
    ]);
    common::assert_success(&out);
    d.wait(
        "the accepted bulletin to play",
        Duration::from_secs(30),
        |d| ended(d, "bao"),
    );
    let row = d.row("bao").unwrap();
    assert_eq!(row["source"], "bulletin");
    assert_eq!(row["bulletin"], id.as_str());
    let late = (time(&row["started"]) - at).num_milliseconds();
    assert!(
        (0..1000).contains(&late),
        "started {late} ms after the accepted time"
    );
    assert_eq!(
        ack_states(&messages(acks)),
        ["received", "queued", "played"]
    );
    // Decided once: a second decision is refused with why.
    let again = d.loa(&["bulletins", "reject", &id]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("played"));
    assert!(d.terminate().0.success());
}

#[test]
fn a_rejected_bulletin_never_plays_and_the_province_hears_why() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 2, 60);
    common::assert_success(&send(
        &m,
        &secret,
        &["--to", NODE, "--level", "normal", "--preset", "bao"],
    ));
    d.wait("the bulletin to be held", Duration::from_secs(15), |d| {
        String::from_utf8_lossy(&d.loa(&["bulletins", "--json"]).stdout).contains("\"held\"")
    });
    let list: serde_json::Value =
        serde_json::from_slice(&d.loa(&["bulletins", "--json"]).stdout).unwrap();
    let id = list[0]["id"].as_str().unwrap();
    common::assert_success(&d.loa(&["bulletins", "reject", id]));
    let got = messages(acks);
    assert_eq!(ack_states(&got), ["received", "refused"]);
    assert_eq!(got[1].1["code"], "rejected");
    let list: serde_json::Value =
        serde_json::from_slice(&d.loa(&["bulletins", "--json"]).stdout).unwrap();
    assert_eq!(list[0]["state"], "rejected");
    assert!(d.rows("bao").is_empty());
    assert!(d.terminate().0.success());
}

#[test]
fn bulletins_sent_while_a_node_is_offline_arrive_when_it_returns_unless_expired_and_replays_stay_refused()
 {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    assert!(d.terminate().0.success());
    // Offline: one that will still be good, one that expires before the node returns.
    let t = now();
    let stamp = |dt: chrono::DateTime<chrono::Utc>| dt.to_rfc3339_opts(SecondsFormat::Secs, true);
    let good = sealed(
        &secret,
        json!({
            "v": 1, "id": "con-han", "level": "priority", "preset": "bao",
            "issued": stamp(t), "expires": stamp(t + TimeDelta::hours(1)),
        }),
    );
    let short = sealed(
        &secret,
        json!({
            "v": 1, "id": "het-han", "level": "priority", "preset": "bao",
            "issued": stamp(t), "expires": stamp(t + TimeDelta::seconds(2)),
        }),
    );
    publish_raw(&m, &short);
    publish_raw(&m, &good);
    // The short one's life passes on the wall clock before the node returns.
    while now() < t + TimeDelta::seconds(2) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 4, 60);
    d.run();
    d.wait(
        "the bulletin kept for it to play",
        Duration::from_secs(30),
        |d| ended(d, "bao"),
    );
    assert_eq!(d.rows("bao").len(), 1);
    assert_eq!(d.row("bao").unwrap()["bulletin"], "con-han");
    let got = messages(acks);
    let states: Vec<(String, String)> = got
        .iter()
        .map(|(_, a)| {
            (
                a["id"].as_str().unwrap_or("").into(),
                a["state"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        states,
        [
            pair("het-han", "expired"),
            pair("con-han", "received"),
            pair("con-han", "queued"),
            pair("con-han", "played")
        ]
    );
    // Restarted, the node still knows the id: the same bytes again are a replay.
    assert!(d.terminate().0.success());
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 1, 30);
    d.run();
    wait_online(&m);
    publish_raw(&m, &good);
    let got = messages(acks);
    assert_eq!(got[0].1["code"], "replayed", "{got:?}");
    assert_eq!(d.rows("bao").len(), 1);
    assert!(d.terminate().0.success());
}

#[test]
fn a_bulletin_with_a_text_is_read_aloud_by_the_node_and_kept_with_its_text() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 3, 90);
    let text =
        "Lũ trên sông Thu Bồn lúc 17h đạt 8,5 m, trên báo động 3. Bà con khẩn trương sơ tán.";
    common::assert_success(&send(
        &m,
        &secret,
        &[
            "--to",
            NODE,
            "--level",
            "emergency",
            "--text",
            text,
            "--title",
            "Cảnh báo lũ",
        ],
    ));
    let got = messages(acks);
    assert_eq!(
        ack_states(&got),
        ["received", "queued", "played"],
        "{got:?}"
    );
    let row = d
        .history()
        .into_iter()
        .find(|r| r["source"] == "bulletin")
        .unwrap();
    assert_eq!(row["outcome"], "played", "{row}");
    assert_eq!(row["title"], "Cảnh báo lũ");
    assert_eq!(row["text"], text);
    let sound = std::path::PathBuf::from(row["files"][0].as_str().unwrap());
    assert!(
        sound.starts_with(d.path("state").join("tts")) && sound.is_file(),
        "{row}"
    );
    assert!(d.terminate().0.success());
}
