//! Bulletins with recordings (spec §9): fetched from a real web server (nginx) into the state
//! directory, the hash checked and the audio probed before the bulletin may play; a recording
//! that is not the announced one plays nothing, leaves no partial file, and the province hears
//! why.

mod common;

use std::time::Duration;

use chrono::{SecondsFormat, TimeDelta};
use common::daemon::now;
use common::fleet::{
    NODE, ack_states, keygen, messages, node_daemon, publish_raw, sealed, send, wait_online,
};
use common::repo;
use common::servers::{Mosquitto, Nginx};
use serde_json::json;

#[test]
fn a_priority_bulletin_with_a_recording_is_fetched_checked_and_played() {
    let m = Mosquitto::start(&[NODE]);
    let web = Nginx::start();
    std::fs::copy(
        repo().join("audio/siren.ogg"),
        web.root.path().join("canh-bao.ogg"),
    )
    .unwrap();
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 3, 60);
    let url = web.url("canh-bao.ogg");
    let out = send(
        &m,
        &secret,
        &[
            "--to",
            NODE,
            "--level",
            "priority",
            "--url",
            &url,
            "--title",
            "Cảnh báo lũ",
        ],
    );
    common::assert_success(&out);
    let got = messages(acks);
    assert_eq!(
        ack_states(&got),
        ["received", "queued", "played"],
        "{got:?}"
    );
    let id = got[0].1["id"].as_str().unwrap().to_string();
    let row = d.row(&id).expect("the bulletin's row");
    assert_eq!(row["source"], "bulletin");
    assert_eq!(row["title"], "Cảnh báo lũ");
    assert_eq!(row["outcome"], "played");
    assert!(
        (row["played_seconds"].as_f64().unwrap() - 4.0).abs() < 0.1,
        "{row}"
    );
    // It played from the state directory; once played, its folder is removed (history keeps
    // the file's name, not its sound).
    let dir = d.path("state").join("bulletins").join(&id);
    assert!(
        row["files"][0]
            .as_str()
            .unwrap()
            .starts_with(dir.to_str().unwrap()),
        "{row}"
    );
    assert!(!dir.exists(), "{}", dir.display());
    assert!(d.terminate().0.success());
}

#[test]
fn a_recording_that_is_not_the_announced_one_plays_nothing() {
    let m = Mosquitto::start(&[NODE]);
    let web = Nginx::start();
    std::fs::copy(
        repo().join("audio/siren.ogg"),
        web.root.path().join("a.ogg"),
    )
    .unwrap();
    let bytes = std::fs::metadata(web.root.path().join("a.ogg"))
        .unwrap()
        .len();
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 2, 90);
    let t = now();
    let stamp = |dt: chrono::DateTime<chrono::Utc>| dt.to_rfc3339_opts(SecondsFormat::Secs, true);
    // Its hash is not the file's (replaced on the server, or tampered with on the way).
    publish_raw(
        &m,
        &sealed(
            &secret,
            json!({
                "v": 1, "id": "sai-ma-bam", "level": "emergency", "issued": stamp(t),
                "expires": stamp(t + TimeDelta::hours(1)),
                "audio": [{"url": web.url("a.ogg"), "sha256": "00".repeat(32), "bytes": bytes}],
            }),
        ),
    );
    let got = messages(acks);
    let (states, codes): (Vec<String>, Vec<String>) = got
        .iter()
        .map(|(_, a)| {
            (
                a["state"].as_str().unwrap_or("").into(),
                a["code"].as_str().unwrap_or("").into(),
            )
        })
        .unzip();
    assert_eq!(
        states[..2],
        ["received".to_string(), "refused".to_string()],
        "{got:?}"
    );
    assert_eq!(codes[1], "download");
    assert!(
        got[1].1["reason"].as_str().unwrap().contains("SHA-256"),
        "{got:?}"
    );
    assert!(d.history().is_empty());
    // Nothing partial is kept: the refused bulletin's folder is gone.
    let dir = d.path("state").join("bulletins").join("sai-ma-bam");
    assert!(!dir.exists(), "{}", dir.display());
    assert!(d.terminate().0.success());
}

/// The daemon's threads and open files, from /proc.
fn threads_and_files(pid: i32) -> (usize, usize) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let threads = status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    let files = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    (threads, files)
}

#[test]
fn trickling_downloads_end_at_their_deadline_and_leave_nothing_behind() {
    let m = Mosquitto::start(&[NODE]);
    let slow = common::servers::Faulty::start(common::servers::Fault::Trickle);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    let (threads, files) = threads_and_files(d.pid());
    // Ten bulletins whose recording comes a byte every half second, each due in 8 s.
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 20, 90);
    let stamp = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    for i in 0..10 {
        let t = now();
        publish_raw(
            &m,
            &sealed(
                &secret,
                json!({"v": 1, "id": format!("cham-{i}"), "level": "priority",
                    "issued": stamp(t), "expires": stamp(t + TimeDelta::minutes(10)),
                    "play_at": stamp(t + TimeDelta::seconds(8)),
                    "audio": [{"url": slow.url(&format!("{i}.mp3")), "bytes": 2_000_000,
                        "sha256": "00".repeat(32)}]}),
            ),
        );
    }
    let got = messages(acks);
    for i in 0..10 {
        let last = got
            .iter()
            .filter(|(_, a)| a["id"] == format!("cham-{i}"))
            .map(|(_, a)| a.clone())
            .next_back()
            .unwrap_or_default();
        assert_eq!(
            (last["state"].as_str(), last["code"].as_str()),
            (Some("refused"), Some("download")),
            "{got:?}"
        );
    }
    // Their threads and sockets ended with them, and their folders are gone.
    d.wait(
        "the downloads' threads and sockets to end",
        Duration::from_secs(30),
        |d| {
            let (t, f) = threads_and_files(d.pid());
            t <= threads && f <= files
        },
    );
    let left: Vec<_> = std::fs::read_dir(d.path("state/bulletins"))
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
    assert!(d.terminate().0.success());
}
