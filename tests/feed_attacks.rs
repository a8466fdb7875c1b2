//! The feed attacked with the province's own broker account (spec §9): what anyone holding it
//! could publish must never keep a storm warning off the air. Real mosquitto, real node daemon.

mod common;

use std::time::Duration;

use common::fleet::{NODE, keygen, messages, node_daemon, send, wait_online};
use common::servers::{Mosquitto, PROVINCE};

/// Publishes `bytes` of a bulletin-shaped JSON (an id, a huge title) on `topic` as the province's
/// account, as `mosquitto_pub` does (MQTT 3.1.1, QoS 1).
fn publish_big(m: &Mosquitto, topic: &str, id: &str, bytes: usize, retain: bool) {
    let head = format!("{{\"v\":1,\"id\":\"{id}\",\"level\":\"emergency\",\"title\":\"");
    let body = format!("{head}{}\"}}", "x".repeat(bytes - head.len() - 2));
    let file = m.dir.path().join(format!("{id}.json"));
    std::fs::write(&file, body).unwrap();
    let mut c = std::process::Command::new("mosquitto_pub");
    c.args(["-h", "127.0.0.1", "-p", &m.port.to_string(), "--cafile"])
        .arg(m.ca())
        .args([
            "-u", PROVINCE.0, "-P", PROVINCE.1, "-q", "1", "-t", topic, "-f",
        ])
        .arg(&file);
    if retain {
        c.arg("-r");
    }
    common::assert_success(&c.output().unwrap());
}

/// How many times the node connected to the broker, from its log.
fn connections(log: &str) -> usize {
    log.lines()
        .filter(|l| l.contains("feed: connected"))
        .count()
}

#[test]
fn oversized_messages_are_refused_without_dropping_the_link_and_an_emergency_behind_them_plays() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 5, 120);
    // A retained 1.5 MB "schedule" (it comes again on every connection), 1.2 MB on the
    // district's bulletin prefix, and 5 MB: more than the node takes at all.
    publish_big(
        &m,
        &format!("loa/v1/schedule/{NODE}"),
        "big-schedule",
        1_500_000,
        true,
    );
    publish_big(
        &m,
        "loa/v1/bulletin/quang-nam/duy-xuyen",
        "big-bulletin",
        1_200_000,
        false,
    );
    publish_big(
        &m,
        &format!("loa/v1/bulletin/{NODE}"),
        "huge-bulletin",
        5_000_000,
        false,
    );
    common::assert_success(&send(
        &m,
        &secret,
        &["--to", NODE, "--level", "emergency", "--preset", "bao"],
    ));
    d.wait("the emergency to play", Duration::from_secs(60), |d| {
        d.history()
            .iter()
            .any(|r| r["source"] == "bulletin" && r["outcome"] == "played")
    });
    let got = messages(acks);
    let find = |id: &str| {
        got.iter()
            .find(|(_, a)| a["id"] == id)
            .map(|(_, a)| a.clone())
            .unwrap_or_else(|| panic!("no ack for {id}: {got:?}"))
    };
    // Each too large to be a bulletin or a schedule is refused and said so to the province.
    let b = find("big-bulletin");
    assert_eq!(
        (b["state"].as_str(), b["code"].as_str()),
        (Some("refused"), Some("too-large")),
        "{b}"
    );
    let s = find("big-schedule");
    assert_eq!(s["kind"], "schedule", "{s}");
    assert_eq!(s["state"], "refused", "{s}");
    // The link never dropped: one connection all along, and the station's own schedule runs.
    let log = d.log();
    assert_eq!(connections(&log), 1, "{log}");
    assert_eq!(d.status()["feed"]["state"], "connected");
    assert!(d.terminate().0.success());
}

/// `loa bulletins --json` on the node.
fn bulletins(d: &common::daemon::Daemon) -> Vec<serde_json::Value> {
    serde_json::from_slice(&d.loa(&["bulletins", "--json"]).stdout).unwrap_or_default()
}

fn state_of(d: &common::daemon::Daemon, title: &str) -> String {
    bulletins(d)
        .iter()
        .find(|b| b["title"] == title)
        .map(|b| b["state"].as_str().unwrap_or("").to_string())
        .unwrap_or_default()
}

#[test]
fn a_key_removed_from_trusted_keys_ends_every_bulletin_it_signed_that_is_not_over() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (stolen, stolen_pub) = keygen(keys.path(), "tinh-cu");
    let (kept, kept_pub) = keygen(keys.path(), "tinh");
    let body = |trusted: &str| {
        format!(
            "[[emergency]]\nid = \"bao\"\ntitle = \"Cảnh báo bão\"\nfiles = [\"siren.ogg\"]\n\n{}",
            m.fleet_toml(NODE, trusted, "")
        )
    };
    let both = format!("{stolen_pub}\", \"{kept_pub}");
    let mut d = common::daemon::Daemon::start(&body(&both));
    wait_online(&m);
    // Something plays: the priority bulletin waits its turn behind it.
    common::assert_success(&d.loa(&["play", "ban-tin-sang.mp3"]));
    let sent = |key: &std::path::Path, level: &str, title: &str| {
        common::assert_success(&send(
            &m,
            key,
            &[
                "--to", NODE, "--level", level, "--preset", "bao", "--title", title,
            ],
        ));
    };
    sent(&stolen, "priority", "gia-1");
    sent(&stolen, "normal", "gia-2");
    sent(&kept, "normal", "that");
    d.wait(
        "the three bulletins to arrive",
        Duration::from_secs(20),
        |d| {
            state_of(d, "gia-1") == "queued"
                && state_of(d, "gia-2") == "held"
                && state_of(d, "that") == "held"
        },
    );
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 2, 60);
    // The stolen key is removed: the schedule is reloaded.
    d.write_schedule(&body(&kept_pub));
    let got = messages(acks);
    for (_, a) in &got {
        assert_eq!(
            (a["state"].as_str(), a["code"].as_str()),
            (Some("refused"), Some("revoked")),
            "{got:?}"
        );
    }
    assert_eq!(state_of(&d, "gia-1"), "refused");
    assert_eq!(state_of(&d, "gia-2"), "refused");
    assert_eq!(state_of(&d, "that"), "held");
    let list = bulletins(&d);
    let gia = list.iter().find(|b| b["title"] == "gia-1").unwrap();
    assert!(
        gia["reason"]
            .as_str()
            .unwrap_or("")
            .contains("trusted_keys"),
        "{gia}"
    );
    // What played ends, and nothing the stolen key signed follows it.
    d.wait("the play to end", Duration::from_secs(40), |d| {
        d.history()
            .iter()
            .any(|r| r["title"] == "ban-tin-sang.mp3" && !r["outcome"].is_null())
    });
    let rows = d.history();
    assert!(
        rows.iter()
            .all(|r| !(r["source"] == "bulletin" && r["outcome"] == "played")),
        "{rows:#?}"
    );
    assert!(d.terminate().0.success());
}

#[test]
fn a_bulletin_valid_too_far_ahead_or_issued_in_the_future_is_refused() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 2, 60);
    let now = common::daemon::now();
    let stamp = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339();
    let bulletin = |id: &str, issued, expires| {
        common::fleet::sealed(
            &secret,
            serde_json::json!({"v": 1, "id": id, "level": "emergency", "preset": "bao",
                "issued": stamp(issued), "expires": stamp(expires)}),
        )
    };
    common::fleet::publish_raw(
        &m,
        &bulletin("xa-qua", now, now + chrono::TimeDelta::days(30)),
    );
    common::fleet::publish_raw(
        &m,
        &bulletin(
            "tuong-lai",
            now + chrono::TimeDelta::hours(2),
            now + chrono::TimeDelta::hours(3),
        ),
    );
    let got = messages(acks);
    let code = |id: &str| {
        got.iter().find(|(_, a)| a["id"] == id).map(|(_, a)| {
            (
                a["state"].as_str().unwrap_or("").to_string(),
                a["code"].as_str().unwrap_or("").to_string(),
            )
        })
    };
    assert_eq!(
        code("xa-qua"),
        Some(("refused".into(), "too-far-ahead".into())),
        "{got:?}"
    );
    assert_eq!(
        code("tuong-lai"),
        Some(("refused".into(), "future".into())),
        "{got:?}"
    );
    assert!(d.history().is_empty());
    assert!(d.terminate().0.success());
}

#[test]
fn the_province_stops_what_it_started_and_a_bulletin_repeats_only_as_it_says() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    // The station's preset repeats every minute when the commune presses it.
    let mut d = common::daemon::Daemon::start(&format!(
        "[[emergency]]\nid = \"bao\"\ntitle = \"Cảnh báo bão\"\nfiles = [\"siren.ogg\"]\nevery = \"1m\"\n\n\
         [[emergency]]\nid = \"dai\"\ntitle = \"Bản tin dài\"\nfiles = [\"ban-tin-sang.mp3\"]\n\n{}",
        m.fleet_toml(NODE, &public, "")
    ));
    wait_online(&m);
    let emergency = |preset: &str, title: &str, extra: &[&str]| {
        let mut args = vec![
            "--to",
            "quang-nam",
            "--level",
            "emergency",
            "--preset",
            preset,
            "--title",
            title,
        ];
        args.extend_from_slice(extra);
        common::assert_success(&send(&m, &secret, &args));
    };
    // Sent without --every, the preset's `every` is not inherited: it plays once.
    emergency("bao", "mot-lan", &[]);
    d.wait("the bulletin to play", Duration::from_secs(30), |d| {
        state_of(d, "mot-lan") == "played"
    });
    assert!(d.status()["emergency"].is_null(), "{}", d.status());

    // With --every it repeats; on air it is `playing`.
    emergency("dai", "lap-lai", &["--every", "1m"]);
    d.wait(
        "the repeating bulletin on air",
        Duration::from_secs(30),
        |d| state_of(d, "lap-lai") == "playing",
    );
    assert!(!d.status()["emergency"].is_null(), "{}", d.status());

    // The province stops it: the broadcast ends, its repetition too, and the node says so.
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 2, 60);
    let out = common::fleet::province(&m, &["stop", "--to", "quang-nam/duy-xuyen"])
        .arg("--key")
        .arg(&secret)
        .output()
        .unwrap();
    common::assert_success(&out);
    let got = messages(acks);
    let stop = got
        .iter()
        .find(|(_, a)| a["kind"] == "stop")
        .map(|(_, a)| a.clone())
        .unwrap_or_default();
    assert_eq!(stop["state"], "done", "{got:?}");
    let id = bulletins(&d)
        .iter()
        .find(|b| b["title"] == "lap-lai")
        .unwrap()["id"]
        .clone();
    assert!(stop["stopped"].as_array().unwrap().contains(&id), "{stop}");
    d.wait(
        "the stopped bulletin to end",
        Duration::from_secs(20),
        |d| state_of(d, "lap-lai") == "stopped",
    );
    assert!(d.status()["emergency"].is_null(), "{}", d.status());
    let row = d
        .history()
        .into_iter()
        .find(|r| r["bulletin"] == id)
        .unwrap();
    assert_eq!(row["outcome"], "stopped", "{row}");
    assert!(
        row["reason"].as_str().unwrap_or("").contains("province"),
        "{row}"
    );

    // A warning sent after the stop plays: a stop ends only what was sent before it.
    emergency("bao", "sau-khi-dung", &[]);
    d.wait("the later bulletin to play", Duration::from_secs(30), |d| {
        state_of(d, "sau-khi-dung") == "played"
    });
    assert!(d.terminate().0.success());
}

#[test]
fn a_province_machine_an_hour_slow_is_told_its_bulletins_will_be_refused() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    // The station's clock is synchronised.
    let dir = tempfile::tempdir().unwrap();
    let synced = dir.path().join("synced");
    std::fs::write(&synced, "yes\n").unwrap();
    let mut d = common::daemon::Daemon::prepare(
        &format!(
            "[[emergency]]\nid = \"bao\"\nfiles = [\"siren.ogg\"]\n\n{}",
            m.fleet_toml(NODE, &public, "")
        ),
        None,
        &[("LOA_FAKE_CLOCK_SYNC".into(), synced.display().to_string())],
    );
    d.run();
    d.wait(
        "the station online and synchronised",
        Duration::from_secs(30),
        |d| d.status()["feed"]["state"] == "connected" && d.status()["clock_synced"] == true,
    );
    let status = wait_online(&m);
    assert_eq!(status["clock_synced"], true, "{status}");
    // The province's machine is 65 minutes slow.
    let slow = common::daemon::now() - chrono::TimeDelta::minutes(65);
    let args = ["--to", NODE, "--level", "emergency", "--preset", "bao"];
    let mut c = common::fleet::province(&m, &["send"]);
    c.arg("--key")
        .arg(&secret)
        .args(args)
        .env("LOA_FAKE_NOW", slow.to_rfc3339());
    let out = c.output().unwrap();
    common::assert_success(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("clock looks") && err.contains("behind"),
        "{err}"
    );
    // On time, nothing is said.
    let out = send(&m, &secret, &args);
    common::assert_success(&out);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("clock"),
        "{out:?}"
    );
    assert!(d.terminate().0.success());
}
